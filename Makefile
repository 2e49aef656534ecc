# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_DEV  := $(VENV)/.installed-dev

.PHONY: demo test explore lint bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_BASE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[plot]"
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(STAMP_BASE)

demo: $(STAMP_BASE)
	$(BIN)/python -m coinnovation demo

# Deterministic: the derandomized `ci` hypothesis profile, no example database.
test: $(STAMP_DEV)
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -n 2 -q

# Random exploration with many examples per property (not part of `make test`).
explore: $(STAMP_DEV)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -n 2 -q -p no:cacheprovider

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP_DEV)
	$(BIN)/python benchmarks/run_all.py

docs: $(STAMP_DEV)
	$(BIN)/python -m mkdocs build --strict

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
