# fangxin — run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 2
THREADS ?= 4

.DEFAULT_GOAL := help
.PHONY: help install install-dev ocr migrate seed static run serve test test-fast lint format bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "fangxin needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Create .venv and install the runtime dependencies

install-dev: $(VENV)/.installed-dev ## Install runtime and test dependencies

ocr: ## Install Debian's Tesseract with simplified-Chinese data (photos of notices and contracts)
	@if tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "== installing tesseract-ocr and tesseract-ocr-chi-sim"; \
	  (dpkg -s tesseract-ocr-chi-sim >/dev/null 2>&1 || apt-get update -qq) && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim >/dev/null; \
	else echo "提示：未安装 Tesseract（apt-get install tesseract-ocr tesseract-ocr-chi-sim），图片识别不可用。"; fi

migrate: install ## Apply database migrations (SQLite under var/ unless DATABASE_URL is set)
	$(BIN)/python manage.py migrate --noinput

seed: migrate ## Load the demo data (idempotent) and print the demo accounts
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py textintel_sentiment --no-eval

static: install ## Collect static files for the server
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 --ignore "redoc*"

run: ocr seed static serve ## Set up everything and serve http://$(HOST):$(PORT) (PORT overrides)

serve: ## Serve with gunicorn (no setup)
	@echo "放心消费维权平台： http://$(HOST):$(PORT)/  （Ctrl+C 退出）"
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS) --access-logfile - --forwarded-allow-ips=127.0.0.1

test: install-dev ocr ## Run the whole test suite (browser tests need /usr/bin/chromium)
	FANGXIN_ENV=test $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install-dev ## Run the suite without the browser tests
	FANGXIN_ENV=test $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install-dev ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Apply ruff format and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev ## Run every benchmark in bench/ and print the figures
	FANGXIN_ENV=test $(BIN)/python -m bench

clean: ## Remove the virtualenv and local data under var/
	rm -rf $(VENV) var
