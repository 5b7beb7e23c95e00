"""Every notebook under nbs/ is a test case: its cells run in order through nbdev's own runner."""
import os
from pathlib import Path

import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_nb  # the alias keeps pytest from collecting nbdev's function

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "nbs").rglob("*.ipynb")
                   if not any(part.startswith(("_", ".")) for part in p.relative_to(ROOT / "nbs").parts))


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    """One temporary work directory for the session: tests never write into the checkout's data/ or figures/,
    and notebooks share the models an earlier notebook trained (the artifact store is deterministic)."""
    return tmp_path_factory.mktemp("workdir")


def test_notebooks_found():
    assert NOTEBOOKS, "no notebooks under nbs/"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "nbs")))
def test_notebook(nb, workdir, monkeypatch):
    cfg = get_config()
    monkeypatch.setenv("IN_TEST", "1")
    monkeypatch.setenv("UNLEARNBOOK_WORKDIR", str(workdir))
    ok, _ = run_nb(nb, skip_flags=cfg.tst_flags.split(), basepath=cfg.config_path, cell_timeout=cfg.cell_timeout)
    assert ok, f"{nb.name} failed"
