# The two commands a newcomer needs: `make html` builds the site, `make test` runs the tests.
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SPHINXOPTS ?= -W -n --keep-going -j auto
BUILDDIR   := _build
# Sphinx's environment and doctrees: beside the output, never inside what gets deployed.
DOCTREES   := $(BUILDDIR)/doctrees

.PHONY: html site test test-sphinx82 serve clean lint venv linkcheck bench lighthouse screenshots \
	check-bib corpus

venv: $(VENV)/.installed

# The extension (editable), the site's own choices (theme, MyST, ...), tests and tools.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[site,test,serve]"
	touch $@

# Incremental: only what changed is written. A failed build leaves no output that looks
# complete: it moves to $(BUILDDIR)/html-failed (to look at), and the next build writes
# everything again into a fresh $(BUILDDIR)/html (the extension's build state knows the
# last build failed).
html: venv
	@$(BIN)/sphinx-build -b html -d $(DOCTREES) $(SPHINXOPTS) . $(BUILDDIR)/html || { \
	  status=$$?; rm -rf $(BUILDDIR)/html-failed; \
	  if [ -d $(BUILDDIR)/html ]; then mv $(BUILDDIR)/html $(BUILDDIR)/html-failed; \
	    echo "The build failed: its output is in $(BUILDDIR)/html-failed, not $(BUILDDIR)/html."; \
	  fi; exit $$status; }

# What to deploy: a clean build into a fresh folder, put in place as $(BUILDDIR)/site only
# when it succeeded (a failed build never replaces the last good site; its output stays in
# $(BUILDDIR)/site.new). The old site is moved aside before the new one takes its name,
# so the site is missing only between two renames.
site: venv
	rm -rf $(BUILDDIR)/site.new $(BUILDDIR)/site.doctrees $(BUILDDIR)/site.old
	$(BIN)/sphinx-build -b html -E -d $(BUILDDIR)/site.doctrees $(SPHINXOPTS) . $(BUILDDIR)/site.new
	if [ -d $(BUILDDIR)/site ]; then mv $(BUILDDIR)/site $(BUILDDIR)/site.old; fi
	mv $(BUILDDIR)/site.new $(BUILDDIR)/site
	rm -rf $(BUILDDIR)/site.old $(BUILDDIR)/site.doctrees

# Every error and note on refs.bib, without building (STRICT=1: notes fail too).
check-bib: venv
	$(BIN)/python -m sphinx_publications check $(if $(STRICT),--strict)

# The site built with every .bib file of a folder, as a newcomer would (tools/corpus.py).
corpus: venv
	@test -n "$(CORPUS)" || { echo "usage: make corpus CORPUS=folder-of-bib-files"; exit 2; }
	$(BIN)/python -m tools.corpus $(CORPUS)

# The site checks' npm tools (W3C Nu checker, axe-core), pinned in tests/package-lock.json.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; the system's is used.
NPM_TOOLS := tests/node_modules/.installed

$(NPM_TOOLS): tests/package.json tests/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests --ignore-scripts --no-audit --no-fund && touch $@; \
	else echo "npm not found: the HTML and accessibility checks will be skipped"; fi

# The tests run on every core (pytest-xdist): most of them are real Sphinx builds.
test: venv $(NPM_TOOLS)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n auto

# The extension's build tests with the oldest Sphinx it supports, in a venv of their own.
VENV82 := .venv-sphinx82
$(VENV82)/.installed: pyproject.toml
	test -x $(VENV82)/bin/python || $(PYTHON) -m venv $(VENV82)
	$(VENV82)/bin/python -m pip install --quiet --upgrade pip
	$(VENV82)/bin/python -m pip install --quiet -e ".[site,test]" "sphinx==8.2.*"
	touch $@

test-sphinx82: $(VENV82)/.installed $(NPM_TOOLS)
	$(VENV82)/bin/python -m pytest -n auto -m "not browser" tests/bib tests/test_builders.py \
	  tests/test_bad_input.py tests/test_papers.py tests/test_quickstart.py tests/test_content.py \
	  tests/test_collector.py tests/test_listing_order.py tests/test_read_ahead.py tests/test_batch.py \
	  tests/test_start_up.py tests/test_page_body.py

lint: venv
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Check the external links too (needs the network; the tests never fetch anything).
linkcheck: venv
	$(BIN)/sphinx-build -b linkcheck -d $(DOCTREES) $(SPHINXOPTS) . $(BUILDDIR)/linkcheck

serve: venv
	$(BIN)/sphinx-autobuild -b html -d $(DOCTREES) --port 8000 --watch src . $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)

# Build cost and page weight, from this site to 5,000 synthetic papers (benchmarks/README.md).
# BENCHOPTS="--runs 5", "--quick", "--sizes 50,500".
bench: venv
	$(BIN)/python -m benchmarks.bench $(BENCHOPTS)

# Lighthouse scores (home, publications, a paper page; mobile and desktop), offline, with
# Debian's Chromium; Lighthouse comes from npm (benchmarks/package-lock.json), no browser download.
CHROME_PATH ?= /usr/bin/chromium
benchmarks/node_modules/.package-lock.json: benchmarks/package-lock.json
	npm ci --prefix benchmarks --ignore-scripts --no-audit --no-fund

lighthouse: venv benchmarks/node_modules/.package-lock.json
	CHROME_PATH=$(CHROME_PATH) $(BIN)/python -m benchmarks.lighthouse $(if $(SITE),--site $(SITE))

# PNGs of the home, publications, a paper and the search results page, desktop and phone,
# light and dark, into _build/screenshots/ (Debian's Chromium). SHOTOPTS="--full-page".
screenshots: html
	$(BIN)/python -m tools.screenshots $(SHOTOPTS)
