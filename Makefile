# The two commands: `make reproduce` and `make test`. Each creates or reuses .venv and installs what it needs.
# The other targets are for developers (outputs, docs, readme, check-sync) and readers (lab).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATASET ?= digits

.PHONY: reproduce test check-sync lint readme outputs docs lab clean-venv

# (Re)install when the package definition changes; torch comes from pip's normal resolution (torch>=2.4).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# Regenerate every figure and table of the paper on DATASET (default: the embedded `digits`).
reproduce: $(STAMP)
	$(BIN)/unlearnbook reproduce --dataset $(DATASET)

# Notebooks, exported modules and README in sync, then the book's tests (and the README's code, the docs) through pytest,
# one worker per core; each half of the book runs in order on one worker (tests/test_notebooks.py's xdist groups).
test: $(STAMP) check-sync lint
	$(BIN)/python -m pytest tests -n auto --dist loadgroup

# ruff's checks (pyproject.toml's [tool.ruff]) over the notebooks, the modules, the tests and the scripts.
lint: $(STAMP)
	$(BIN)/ruff check .

# Fails when nbdev-export, nbdev-clean or the README generator would change a file.
check-sync: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH bash .ci/check_sync.sh

# Regenerate README.md from nbs/index.ipynb.
readme: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/python .ci/dev.py readme

# Execute the library notebooks at test scale and commit their outputs (what a reader sees on GitHub).
outputs: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/python .ci/dev.py outputs

# Render every notebook with its committed outputs to an HTML site in _docs/ (nothing is executed).
docs: $(STAMP)
	$(BIN)/python .ci/dev.py docs --out _docs

# Open the notebooks in JupyterLab at the project root (figures/ holds the executed experiment notebooks).
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=. $$([ "$$(id -u)" = 0 ] && echo --allow-root)

clean-venv:
	rm -rf $(VENV)
