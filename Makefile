# Two commands do all the set-up on a fresh Debian machine:
#   make book   builds every output of the book into dist/
#   make test   runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# WeasyPrint's libraries, Ghostscript (kambook check measures ink on its render) and Google's WOFF2 decoder
# (kambook.fontfiles: 25 ms a face where fontTools takes 0.6 s); the PDF tools the tests compare against.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libjpeg62-turbo libopenjp2-7 libffi8 shared-mime-info ghostscript woff2
TEST_PACKAGES   := poppler-utils qpdf chromium default-jre-headless

.PHONY: book test check bench setup clean

book: $(STAMP)
	@scripts/ensure-debian-packages $(SYSTEM_PACKAGES)
	$(BIN)/kambook build
	$(BIN)/kambook check

# Two pytest-xdist workers (this machine has two cores): every test that needs the book's own build goes to
# one of them (tests/conftest.py groups them), which builds it once while the other runs the rest.
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadgroup

test: $(STAMP)
	@scripts/ensure-debian-packages $(SYSTEM_PACKAGES) $(TEST_PACKAGES)
	$(PYTEST)

# The quick loop while working on kambook (well under a minute): every test that neither builds the whole
# book nor drives a browser. make test runs them all.
check: $(STAMP)
	$(PYTEST) -q -m "not book"

# Build speed against one plain WeasyPrint pass and Typst, on this book and a synthetic 400-page one
# (several minutes; not part of make test). Writes bench/results.md; exit 1 when a target is missed.
bench: $(STAMP)
	@scripts/ensure-debian-packages $(SYSTEM_PACKAGES)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.run

setup: $(STAMP)

$(STAMP): pyproject.toml
	@scripts/ensure-debian-packages $(SYSTEM_PACKAGES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf dist
