# The two commands: `make reproduce` and `make test`. Each creates or reuses .venv and installs what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATASET ?= digits

.PHONY: reproduce test check-sync readme lab clean-venv

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

# Notebooks, exported modules and README in sync, then every notebook's tests through pytest.
test: $(STAMP) check-sync
	$(BIN)/python -m pytest tests

# Fails when nbdev-export, nbdev-clean or the README generator would change a file.
check-sync: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH bash .ci/check_sync.sh

readme: $(STAMP)
	$(BIN)/unlearnbook readme

# Open the notebooks in JupyterLab.
lab: $(STAMP)
	$(BIN)/jupyter lab nbs

clean-venv:
	rm -rf $(VENV)
