# Two commands for a newcomer: `make reports` and `make test` (the CI command:
# lint, format check, every test and every notebook). `make test-fast` runs the
# unit tests only, in well under a minute. All create .venv when it is missing
# and (re)install the project when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: reports test test-fast lint format docs install clean

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

reports: $(STAMP)
	$(BIN)/newinfra report

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest tests notebooks --nbval-lax --nbval-current-env

test-fast: $(STAMP)
	$(BIN)/pytest tests/unit

docs: $(STAMP)
	$(BIN)/newinfra docs

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
