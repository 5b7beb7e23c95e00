"""Every notebook under nbs/ but the experiment notebooks (tests/reproduction and tests/paper_path run those through
the real runner) is a test case: its cells run in order as nbdev's runner runs them, so that every assertion in it runs
on this machine. A library notebook's committed outputs must come from its current sources: the digest of its code, the
library modules it imports, the settings and the code versions that `make outputs` recorded must match today's.
Printed numbers are not compared: float32 training differs in the last digits between CPUs and thread counts."""
import json, sys
from pathlib import Path

import pytest

from unlearnbook.store import source_digest, stale_sources

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
import dev  # noqa: E402  (the developer commands: one way to execute notebooks for tests and `make outputs`)

NOTEBOOKS = [p for p in dev.book_notebooks() if p.parent.name != "paper"]
LIBRARY = set(dev.library_notebooks())


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    """One temporary work directory per worker: tests never write into the checkout's data/ or figures/, and the
    notebooks of one half share the models an earlier notebook trained (the artifact store is deterministic)."""
    return tmp_path_factory.mktemp("workdir")


def test_notebooks_found():
    assert LIBRARY and all(p in NOTEBOOKS for p in LIBRARY), "no library notebooks under nbs/"


# the book in two halves of about equal time (measured on one thread: about 320 s and 210 s, the other test files
# filling the second worker), each run in order on one worker with its own work directory
FIRST_HALF = {"index", "00_project", "00_store", "01_data", "02_models", "03_train", "04_localization", "05_unlearning",
              "06_metrics", "08_memorization"}


def _half(nb: Path) -> str:
    "The xdist group of a notebook: the first or the second half of the book."
    return "book, first half" if nb.stem in FIRST_HALF else "book, second half"


@pytest.mark.parametrize("nb", [pytest.param(nb, marks=pytest.mark.xdist_group(_half(nb))) for nb in NOTEBOOKS],
                         ids=lambda p: str(p.relative_to(ROOT / "nbs")))
def test_notebook(nb, workdir, monkeypatch):
    monkeypatch.setenv("UNLEARNBOOK_WORKDIR", str(workdir))
    try: dev.run_notebook(nb)
    except dev.NotebookFailed as e: pytest.fail(str(e), pytrace=False)
    if nb in LIBRARY:
        changed = stale_sources(dev.recorded_sources(json.loads(nb.read_text())), source_digest(nb))
        assert not changed, (f"{nb.name}: its committed outputs were made from other sources ({'; '.join(changed)}); "
                             f"run `make outputs` and commit the notebook")


def test_skipped_cells_follow_nbdev_flags():
    "The runner skips what nbdev's test runner skips: markdown, `#| eval: false` and cells of a `tst_flags` flag."
    from fastcore.basics import AttrDict
    from nbdev.config import get_config
    skip = dev.skipped(get_config().tst_flags.split())
    assert skip(AttrDict(cell_type="markdown")) and skip(AttrDict(cell_type="code", directives_={"slow": []}))
    assert skip(AttrDict(cell_type="code", directives_={"eval:": ["false"]}))
    assert not skip(AttrDict(cell_type="code", directives_={"export": []}))


def test_library_notebooks_write_outside_the_checkout():
    "Run by hand, a library notebook writes into a temporary work directory: `scratch_workdir()` before any example."
    for nb in sorted(LIBRARY - {ROOT / "nbs" / "00_project.ipynb"}):
        cells = [c for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code"]
        sources = ["".join(c["source"]) for c in cells]
        first = next(s for s in sources if "#| export" not in s and "default_exp" not in s)
        assert "scratch_workdir()" in first, f"{nb.name}: its first example cell sets no scratch_workdir()"
