"""`make docs` renders every notebook of the book, with its committed outputs, to a page of the site."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
import dev  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    "The site built once for this file's tests: (its folder, the pages `build_docs` returned)."
    out = tmp_path_factory.mktemp("site")
    return out, dev.build_docs(out)


@pytest.mark.xdist_group("docs")  # one worker builds the site once for both tests
def test_docs_site(site):
    folder, pages = site
    notebooks = dev.book_notebooks()
    assert len(pages) == len(notebooks)
    index = (folder / "index.html").read_text()
    for nb in notebooks:
        page = folder / dev.page_name(nb)
        assert page.is_file() and page.stat().st_size > 1000, page
        assert f'href="{page.name}"' in index, page.name
    store = (folder / dev.page_name(ROOT / "nbs" / "03_train.ipynb")).read_text()
    assert "<img" in store or "dataframe" in store, "the rendered pages carry the committed outputs"


@pytest.mark.xdist_group("docs")
def test_api_reference(site):
    "A library page shows each exported function's signature and parameter table (show_doc), without input prompts."
    page = (site[0] / dev.page_name(ROOT / "nbs" / "04_localization.ipynb")).read_text()
    table = page[page.index("select_top"):]
    assert all(p in table for p in ("units", "shapes", "budget", "whole_channels", "Details")), (
        "select_top's parameter table")
    assert "In&nbsp;[" not in page and "In [" not in page, "no input prompts"
    assert ('href="03_train.html"' in page and 'href="05_unlearning.html"' in page
            and 'href="index.html"' in page), "previous, next, contents"


def test_broken_export_names_notebook_and_cell(tmp_path):
    "A notebook whose exported cell its module lacks (not exported since) stops the build, naming notebook and cell."
    import nbformat
    broken = tmp_path / "broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("#| default_exp localize"),
        nbformat.v4.new_code_cell("#| export\ndef never_exported(x): return x")]), broken)
    with pytest.raises(dev.DocsFailed,
                       match=r"broken\.ipynb: cell 1 exports never_exported, which unlearnbook.localize lacks"):
        dev.with_api_reference(broken)
