# racesite: every target installs what it needs into .venv first.
#   make build   build the demo site into _site/
#   make test    run the tests (installs Chromium from Debian when missing)
#   make serve   live preview at http://127.0.0.1:8000/
#   make golden  refresh the golden pages (one of every kind) the tests compare against
#   make lint    ruff and mypy --strict
#   make bench   build the full NASCAR history and print the figures
#                (make bench BENCH="--series truck", BENCH="--compare REV --runs 3": see bench/README.md)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: build check test lint golden serve new bench docs chromium clean

# What building needs (requirements.txt); the tests' tools come on top (requirements-dev.txt).
$(RUNTIME): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(RUNTIME)

$(STAMP): $(RUNTIME) requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

build: $(RUNTIME)
	$(BIN)/python build.py build --cache .cache/racesite $(if $(BASE_URL),--base-url $(BASE_URL))

check: $(RUNTIME)
	$(BIN)/python build.py check

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: $(STAMP) chromium
	$(BIN)/ruff check racesite tests bench build.py
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check racesite tests bench build.py
	$(BIN)/mypy

docs: $(RUNTIME)
	$(BIN)/python -m racesite.docs > docs/content-format.md
	$(BIN)/python -m racesite.champ_docs > docs/championships.md

golden: $(STAMP)
	$(BIN)/python -m tests.golden refresh

serve: $(RUNTIME)
	$(BIN)/python build.py serve

new: $(RUNTIME)
	$(BIN)/python build.py new

bench: $(STAMP)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python -m bench.run $(BENCH)

clean:
	rm -rf _site .pytest_cache .ruff_cache
