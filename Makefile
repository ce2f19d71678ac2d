# The Atlas. `make serve` and `make test` work on a fresh machine: every install step is here.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
NODE_STAMP := node_modules/.installed

.PHONY: setup serve build test lint bench browser clean status

setup: $(VENV_STAMP) $(NODE_STAMP)

$(VENV_STAMP): requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium, for the browser tests (Playwright cannot download browsers here).
# ATLAS_CHROMIUM points the tests at another Chromium build (e.g. a CI runner's Chrome).
browser:
	@test -n "$$ATLAS_CHROMIUM" || command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

serve: setup
	.venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: setup
	.venv/bin/mkdocs build --clean --site-dir site

lint: setup
	.venv/bin/atlas lint docs

test: setup browser
	.venv/bin/pytest -q

status: setup
	.venv/bin/atlas status --dashboard

bench: setup browser
	$(PY) -m atlas.bench
	$(PY) -m atlas.bench.viewer
	$(PY) -m atlas.bench.legibility
	$(PY) -m atlas.bench.search

clean:
	rm -rf site .cache
