# The two commands a user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_DATA := target/test_data

export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: install demo test lint build-fixtures pytest browsers postgres calibration bench bench-spark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres,spark]'
	touch $(STAMP)

install: $(STAMP)

## demo: synthetic England data -> build every metric -> exports, docs site
demo: $(STAMP)
	$(BIN)/ascof demo

## test: lint (sqlfluff, ruff), then pytest, whose session builds the project on generated
## fixtures (every dbt unit and data test) and drives the CLI end to end
test: lint pytest

lint: $(STAMP)
	$(BIN)/ruff check runner generator tests scripts
	$(BIN)/ruff format --check runner generator tests scripts
	ASCOF_DUCKDB_PATH=target/lint.duckdb $(BIN)/sqlfluff lint models

build-fixtures: $(STAMP)
	$(BIN)/ascof --quiet generate --out $(TEST_DATA) --scale 0.02 --seed 7
	ASCOF_DUCKDB_PATH=$(CURDIR)/target/fixtures.duckdb $(BIN)/ascof build --data-dir $(TEST_DATA)

# headless Chromium for the browser tests and PostgreSQL server binaries for the warehouse
# tests (Debian packages, installed when missing; the tests say why when they cannot run)
browsers:
	bash scripts/ensure_chromium.sh

postgres:
	bash scripts/ensure_postgres.sh

pytest: $(STAMP) browsers postgres
	$(BIN)/python -m pytest

## calibration: England-sized synthetic surveys against the published 2023-24 and 2024-25 values
calibration: $(STAMP)
	$(BIN)/python scripts/check_calibration.py --year 2023-24
	$(BIN)/python scripts/check_calibration.py --year 2024-25

## bench: England-scale benchmark (scales 0.01 to 0.3 once, 1.0 three times); results in docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py --scales 0.01,0.1,0.3
	$(BIN)/python scripts/benchmark.py --scales 1.0 --repeat 3

## bench-spark: scale 1.0 on Spark (about half an hour on 2 cores); results in docs/benchmarks.md
bench-spark: $(STAMP)
	$(BIN)/python scripts/benchmark.py --scales '' --spark-scale 1.0

clean:
	rm -rf target $(VENV)
