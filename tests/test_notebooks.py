"""Every notebook under nbs/ but the experiment notebooks (tests/test_report.py runs those through the real runner)
is a test case: its cells run in order as nbdev's runner runs them, and a library notebook's committed outputs must
match a fresh run (`make outputs` regenerates them)."""
import json, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
import dev  # noqa: E402  (the developer commands: one way to execute notebooks for tests and `make outputs`)

NOTEBOOKS = [p for p in dev.book_notebooks() if p.parent.name != "paper"]
LIBRARY = set(dev.library_notebooks())


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    """One temporary work directory for the session: tests never write into the checkout's data/ or figures/,
    and notebooks share the models an earlier notebook trained (the artifact store is deterministic)."""
    return tmp_path_factory.mktemp("workdir")


def test_notebooks_found():
    assert LIBRARY and all(p in NOTEBOOKS for p in LIBRARY), "no library notebooks under nbs/"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "nbs")))
def test_notebook(nb, workdir, monkeypatch):
    monkeypatch.setenv("UNLEARNBOOK_WORKDIR", str(workdir))
    try: fresh = dev.run_notebook(nb)
    except dev.NotebookFailed as e: pytest.fail(str(e), pytrace=False)
    if nb in LIBRARY:
        stale = dev.stale_cells(json.loads(nb.read_text()), fresh)
        assert not stale, (f"{nb.name}: the committed outputs of cells {stale} differ from a fresh run; "
                           f"run `make outputs` and commit the notebook")
