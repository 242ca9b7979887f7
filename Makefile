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
	$(BIN)/pip install --quiet -e ".[warehouse,notebooks,dev,distributed]"
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f $(DB)
	$(BIN)/juesuan ingest data/samples --db $(DB)
	$(BIN)/juesuan build --db $(DB)
	@# exit 1 = the check ran and found errors in the documents: reported, not a failed demo
	$(BIN)/juesuan check --db $(DB) --reports reports || [ $$? -eq 1 ]
	$(BIN)/python notebooks/execute.py --db $(DB) --out reports/notebooks
	@echo
	@echo "warehouse:           $(JUESUAN_DB)"
	@echo "data-quality report: reports/dq_summary.md, reports/data_docs/index.html"
	@echo "notebooks (HTML):    reports/notebooks/*.html"
	@echo "charts (PNG):        reports/notebooks/figures/"
	@echo "open in Jupyter:     .venv/bin/pip install jupyterlab && .venv/bin/jupyter lab notebooks/"

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_limits.py

clean:
	rm -rf $(VENV) target logs reports $(DB)
