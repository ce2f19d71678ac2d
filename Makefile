# The Atlas. `make serve` and `make test` work on a fresh machine: every install step is here.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
NODE_STAMP := node_modules/.installed
MUTATE_STAMP := .venv/.mutate-installed

.PHONY: setup serve build test lint bench browser clean status mutate

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

# The site: `atlas site build` = generate .build/ from the tree, the engine's build, finish (search index).
# ENGINE=zensical builds the same folder with Zensical (the successor Material names); MkDocs is the default.
ENGINE ?= mkdocs
build: setup browser
	.venv/bin/atlas site build --engine $(ENGINE)

lint: setup
	.venv/bin/atlas lint docs

test: setup browser
	.venv/bin/pytest -q -n 2 --dist loadscope

status: setup
	.venv/bin/atlas status --dashboard

bench: setup browser
	$(PY) -m atlas.bench
	$(PY) -m atlas.bench.viewer
	$(PY) -m atlas.bench.legibility
	$(PY) -m atlas.bench.search
	$(PY) -m atlas.bench.drawing

# Mutation testing (mutation/run.py): every core module, or MODULE="find offline" for some; resumable.
# It edits the source files while it runs: not in a checkout where tests are running.
$(MUTATE_STAMP): requirements-mutate.txt $(VENV_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-mutate.txt
	touch $@

mutate: setup browser $(MUTATE_STAMP)
	$(PY) mutation/run.py $(MODULE)

clean:
	rm -rf site .cache .build
