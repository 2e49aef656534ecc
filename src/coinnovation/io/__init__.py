"""Files in and out: model files (TOML, read with a safe expression parser) and Gambit ``.nfg`` files."""
