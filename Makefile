# Set-up lives here: `make demo` and `make test` work from a fresh clone with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-all bench lint notebooks site browser postgresql clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch is pinned in pyproject (2.13.0, CPU build); nothing is downloaded at run time
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## serve the sample site on 127.0.0.1, crawl, process, write out/bulletin-*
	$(VENV)/bin/scanner demo

test: $(STAMP) browser postgresql  ## the default test suite (slow tests excluded)
	$(PY) -m pytest

test-all: $(STAMP) browser postgresql  ## every test, slow ones included
	$(PY) -m pytest -m ''

browser:  ## Debian's chromium for the browser tests (skipped with a reason when missing)
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: /usr/bin/chromium missing and not root: browser tests will be skipped"; fi; }

postgresql:  ## Debian's PostgreSQL server binaries: the tests start a throw-away cluster with them
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; \
	  else echo "note: PostgreSQL missing and not root: its tests will be skipped"; fi; }

bench: $(STAMP)  ## quality and speed figures (see bench/README.md)
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(STAMP)  ## ruff (lint and format) and mypy (types; settings in pyproject.toml)
	$(VENV)/bin/ruff check scanner tests bench corpora
	$(VENV)/bin/ruff format --check scanner tests bench corpora
	$(VENV)/bin/mypy

notebooks: $(STAMP)  ## JupyterLab from the project's environment, on the store of config.toml
	$(PY) -m pip install -q -e '.[dev,notebooks]'
	test -f data/scanner.db || echo "note: no data/scanner.db yet: run 'make demo' first"
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/

site:  ## rebuild corpora/site from corpora/sample (committed; only needed after editing items)
	$(PYTHON) corpora/build_site.py

clean:
	rm -rf data out $(VENV)
