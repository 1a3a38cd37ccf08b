# Two commands do everything on a fresh Debian/Ubuntu machine with python3:
#   make run    — the whole service with embedded defaults, and the WeChat simulator
#   make test   — the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(PY) -m flask --app wsgi
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench venv db seed clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it (needs root)"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv python3-pip && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

db: venv
	FAZHI_ENV=$${FAZHI_ENV:-development} $(FLASK) db-init

seed: db
	FAZHI_ENV=$${FAZHI_ENV:-development} $(FLASK) seed

run: seed
	$(PY) -m bot.devserver

test: venv
	$(PY) -m pytest -q -W ignore::DeprecationWarning $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m mypy bot handlers knowledge worker.py wsgi.py

bench: venv
	$(PY) -m benchmarks.webhook
	$(PY) -m benchmarks.faq
	$(PY) -m benchmarks.intake

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
