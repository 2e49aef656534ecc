"""Algorithms: pure functions over the game types."""
