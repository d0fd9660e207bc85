# The two commands a user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_DATA := target/test_data

export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: install demo test lint build-fixtures pytest browsers postgres sqlserver-driver check-sqlserver calibration bench bench-spark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres,spark,spark-cluster,sqlserver]'
	touch $(STAMP)

install: $(STAMP)

## demo: synthetic England data -> build every metric -> exports, docs site
demo: $(STAMP)
	$(BIN)/ascof demo

## test: lint (sqlfluff, ruff), the offline SQL Server check, then pytest, whose session builds
## the project on generated fixtures (every data test), runs `ascof test` (every dbt unit test:
## tests/python/test_cli.py) and drives the CLI end to end
## (a Spark standalone cluster included: tests/python/test_spark_cluster.py)
test: lint check-sqlserver pytest

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

# libltdl7 for the mssql-python driver (Debian package, installed when missing)
sqlserver-driver:
	bash scripts/ensure_sqlserver_driver.sh

## check-sqlserver: every model compiled for the sqlserver target with no server, each parsed as
## T-SQL (sqlglot) and refused if it uses a construct T-SQL lacks; nothing runs on a SQL Server
check-sqlserver: $(STAMP) sqlserver-driver
	$(BIN)/python scripts/check_sqlserver.py

pytest: $(STAMP) browsers postgres
	$(BIN)/python -m pytest

## calibration: England-sized synthetic surveys against the published 2023-24 and 2024-25 values
calibration: $(STAMP)
	$(BIN)/python scripts/check_calibration.py --year 2023-24
	$(BIN)/python scripts/check_calibration.py --year 2024-25

## bench: the council-sized scenario and scales 0.01 to 0.3 once, 1.0 three times, each against
## BASELINE (default: the previous commit) measured side by side; results in docs/benchmarks.md
BASELINE ?= HEAD~1
bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py --council --scales 0.01,0.1,0.3 --baseline $(BASELINE)
	$(BIN)/python scripts/benchmark.py --scales 1.0 --repeat 3 --baseline $(BASELINE)

## bench-spark: scale 1.0 on Spark (about half an hour on 2 cores); results in docs/benchmarks.md
bench-spark: $(STAMP)
	$(BIN)/python scripts/benchmark.py --scales '' --spark-scale 1.0

clean:
	rm -rf target $(VENV)
