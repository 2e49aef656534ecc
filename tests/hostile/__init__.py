"""The hostile-input suite: one parametrized file per public entry point (issue 12, item 5)."""
