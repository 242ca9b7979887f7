# juesuan: `make demo` builds the warehouse from the bundled samples; `make test` runs the test suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= warehouse/juesuan.duckdb
export DO_NOT_TRACK := 1
export DBT_PROFILES_DIR := $(CURDIR)
export JUESUAN_DB := $(abspath $(DB))

.PHONY: demo test install lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[warehouse,notebooks,dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f $(DB)
	$(BIN)/juesuan ingest data/samples --db $(DB)

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) target logs reports $(DB)
