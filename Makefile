# Two commands for a newcomer: `make reports` and `make test` (the CI command:
# lint, format check, every test and every notebook). `make test-fast` runs the
# unit tests only, measured with coverage.py: it prints the line coverage of
# newinfra/analysis/ and newinfra/present/ and fails when either is under
# 80% (`.venv/bin/coverage report -m` then lists the lines missed).
# All create .venv when it is missing and (re)install the project when
# pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where the logic is: the fast loop must exercise at least this share of its lines.
COVERED := newinfra/analysis newinfra/present
MIN_COVERAGE := 80

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
	$(BIN)/coverage run --source=newinfra.analysis,newinfra.present -m pytest tests/unit
	@status=0; for package in $(COVERED); do \
	  total=$$($(BIN)/coverage report --include="$$package/*" --format=total \
	    --fail-under=$(MIN_COVERAGE)) || status=1; \
	  echo "line coverage of $$package/: $$total% (at least $(MIN_COVERAGE)%)"; \
	done; exit $$status

docs: $(STAMP)
	$(BIN)/newinfra docs

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .coverage
