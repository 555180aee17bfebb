# racesite: every target installs what it needs into .venv first.
#   make build   build the demo site into _site/
#   make test    run the tests (installs Chromium from Debian when missing)
#   make serve   live preview at http://127.0.0.1:8000/
#   make golden  refresh the golden pages (one of every kind) the tests compare against
#   make lint    ruff and mypy --strict
#   make bench   build the full NASCAR history and print the figures
#                (make bench BENCH="--series truck", BENCH="--compare REV --runs 3": see bench/README.md)
#   make validate     the Nu HTML checker and axe over one page of every kind in _site/
#   make lighthouse   Lighthouse SEO and accessibility scores of the key pages in _site/

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
# The page checkers from npm (tools/package.json, locked): the Nu HTML checker's jar and Lighthouse.
TOOLS := tools/node_modules/.installed

.PHONY: build check test lint golden serve new bench docs chromium java node checkers validate lighthouse clean

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

# Java for the Nu HTML checker (vnu.jar), from Debian when missing.
java:
	@if ! command -v java >/dev/null 2>&1; then \
		echo "Installing Debian's default-jre-headless for the Nu HTML checker"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

# Node.js and npm for the npm tools, from Debian when missing.
node:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "Installing Debian's nodejs and npm for the page checkers"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; \
		command -v npm >/dev/null 2>&1 || $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	fi

# --ignore-scripts: vnu-jar's install script would download a Java runtime; the system's is used instead.
$(TOOLS): tools/package.json tools/package-lock.json | node
	cd tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(TOOLS)

checkers: $(STAMP) chromium java $(TOOLS)

test: $(STAMP) chromium checkers
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

validate: checkers build
	$(BIN)/python -m tests.validators _site

lighthouse: checkers build
	$(BIN)/python -m tests.lighthouse _site

clean:
	rm -rf _site .pytest_cache .ruff_cache
