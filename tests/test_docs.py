"""`make docs` renders every notebook of the book, with its committed outputs, to a page of the site."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
import dev  # noqa: E402


def test_docs_site(tmp_path):
    pages = dev.build_docs(tmp_path)
    notebooks = dev.book_notebooks()
    assert len(pages) == len(notebooks)
    index = (tmp_path / "index.html").read_text()
    for nb in notebooks:
        page = tmp_path / dev.page_name(nb)
        assert page.is_file() and page.stat().st_size > 1000, page
        assert f'href="{page.name}"' in index, page.name
    store = (tmp_path / dev.page_name(ROOT / "nbs" / "03_train.ipynb")).read_text()
    assert "<img" in store or "dataframe" in store, "the rendered pages carry the committed outputs"
