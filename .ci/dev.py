#!/usr/bin/env python
"""Developer commands, not offered to users: regenerate README.md, commit the library notebooks' outputs, render the
docs site. `make readme`, `make outputs` and `make docs` call them; the tests import `run_notebook` and
`recorded_sources` from here, so that the test suite and `make outputs` execute notebooks the same way."""
from __future__ import annotations
import argparse, html, json, os, re, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"


def library_notebooks() -> list[Path]:
    "The numbered library notebooks, in data-flow order."
    return sorted(NBS.glob("[0-9][0-9]_*.ipynb"))


def book_notebooks() -> list[Path]:
    "Every notebook of the book: index, library notebooks, other pages under nbs/, tuning and experiment notebooks."
    top = sorted(p for p in NBS.glob("*.ipynb") if not p.name.startswith(("_", ".")))
    index = [p for p in top if p.name == "index.ipynb"]
    others = sorted((NBS / "tuning").glob("[!_.]*.ipynb")) + sorted((NBS / "paper").glob("[!_.]*.ipynb"))
    return index + [p for p in top if p.name != "index.ipynb"] + others


class NotebookFailed(RuntimeError):
    "A notebook raised while it was executed."


def skipped(flags) -> callable:
    "The predicate of the cells nbdev's test runner skips: markdown, `#| eval: false`, and cells with one of `flags`."
    def skip(cell) -> bool:
        if cell.cell_type != "code": return True
        directives = getattr(cell, "directives_", None) or {}
        if str((directives.get("eval:") or ["true"])[0]).lower() in ("false", "0", "no"): return True
        return bool(set(flags) & directives.keys())
    return skip


def run_notebook(path: Path, skip_flags=None, cell_timeout: int | None = None):
    "Run `path` like nbdev's test runner (skipping `tst_flags` cells), on one thread; the notebook with its outputs."
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.config import get_config
    from nbdev.process import NBProcessor
    import torch
    config = get_config()
    skip_flags = config.tst_flags.split() if skip_flags is None else skip_flags  # pyproject.toml's [tool.nbdev]
    cell_timeout = config.cell_timeout if cell_timeout is None else cell_timeout
    torch.set_num_threads(1)  # float32 results depend on the thread count: committed outputs are single-threaded
    os.environ["OMP_NUM_THREADS"] = "1"
    nb = NBProcessor(path, rm_directives=False, process=True).nb
    shell = CaptureShell(path)
    os.environ["IN_TEST"] = "1"
    try:
        with working_directory(path.parent):
            shell.run_all(nb, exc_stop=True, preproc=skipped(skip_flags), cell_timeout=cell_timeout)
    except BaseException as e:
        raise NotebookFailed(f"{path.name} failed:\n{shell.prettytb(fname=path) or e}") from None
    return nb


def _as_dict(o):
    "An output as a plain dict (execnb returns attribute dicts)."
    return json.loads(json.dumps(o, default=lambda x: dict(x)))


def kept(output: dict) -> bool:
    "Whether an output belongs in the committed notebook: not stderr (progress bars, warnings), not widgets."
    if output.get("output_type") == "stream": return output.get("name") == "stdout"
    data = output.get("data", {})
    return "application/vnd.jupyter.widget-view+json" not in data


def recorded_sources(nb: dict) -> dict | None:
    "The digest of what produced a committed notebook's outputs, as `make outputs` recorded it in the metadata."
    return nb.get("metadata", {}).get("unlearnbook", {}).get("sources")


def write_outputs(paths: list[Path]):
    "Execute each notebook (in order, in one temp work directory, slow cells too), commit its kept outputs and digest."
    from unlearnbook.store import source_digest
    os.environ["UNLEARNBOOK_WORKDIR"] = tempfile.mkdtemp(prefix="unlearnbook-outputs-")
    from nbdev.config import get_config
    flags = [f for f in get_config().tst_flags.split() if f != "slow"]  # slow cells run here, not in the tests
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        fresh = run_notebook(path, skip_flags=flags)
        outputs = {c.get("id"): [_as_dict(o) for o in c.get("outputs", [])] for c in fresh.cells}
        nb = json.loads(path.read_text())
        nb["metadata"]["unlearnbook"] = {"sources": source_digest(path)}
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"] = [o for o in outputs.get(cell.get("id"), []) if kept(o)]
                cell["execution_count"] = None
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    subprocess.run([str(Path(sys.executable).parent / "nbdev-clean")], cwd=ROOT, check=True)


def _visible(cell) -> bool: return not re.search(r"^#\|\s*hide\s*$", cell.source, re.M)


def _strip_directives(nb):
    "Drop hidden cells and the `#|` directive lines of the others."
    nb.cells = [c for c in nb.cells if _visible(c)]
    for c in nb.cells:
        if c.cell_type == "code": c.source = re.sub(r"^#\|.*\n?", "", c.source, flags=re.M)
    return nb


def verdict_counts(results: Path) -> str:
    "One sentence of a committed reproduction's verdict counts, computed from its `*_verdicts.csv` tables."
    import pandas as pd
    tables = sorted(results.glob("*_verdicts.csv"))
    if not tables: return f"(No results are committed in {results.relative_to(ROOT)} yet: `make reproduce` makes them.)"
    v = pd.concat([pd.read_csv(p) for p in tables])
    made = json.loads((results / "provenance.json").read_text()) if (results / "provenance.json").exists() else {}
    n = lambda column, verdict: int((v[column] == verdict).sum())
    replicates = len(made.get("replicates") or []) or "its"
    exact_decisive = int((v["p_sign_flip"] < 0.05).sum()) if "p_sign_flip" in v else None
    exact = "" if exact_decisive is None else (
        f" The exact sign-flip test, which does not assume normally distributed differences, finds {exact_decisive} "
        f"of them decisive at 5 % (at {replicates} replicates its p cannot go below 2^(1−{replicates}))"
        + (": every verdict above rests on the t-test's assumption of normality." if not exact_decisive else "."))
    decided = lambda column: "{} supported, {} not supported and {} equivalent".format(
        *(n(column, w) for w in ("supported", "not supported", "equivalent")))
    per_example = int(v["units"].eq("examples").sum()) if "units" in v else 0  # claims over examples (xklom's)
    over = (f"{len(v) - per_example} tested over {replicates} independent replicates and {per_example} over the "
            f"examples of one forget set" if per_example else f"tested over {replicates} independent replicates")
    return (f"Of its {len(v)} claims, {over}, {decided('verdict')} by "
            f"their own 95 % intervals; after Holm's adjustment over each notebook's family, "
            f"{decided('verdict_holm')}. The rest are inconclusive at this replicate count "
            f"(made on {made.get('time', '?')[:10]}; counted from "
            f"the committed tables)." + exact)


def readme_markdown(index: Path) -> str:
    "The README from the index notebook (hidden cells dropped, markdown export, nothing run), verdict counts filled in."
    import nbformat
    from nbconvert import MarkdownExporter
    nb = nbformat.read(index, as_version=4)
    body, _ = MarkdownExporter().from_notebook_node(_strip_directives(nb))
    body = re.sub(r"<!-- verdict counts: (\w+) -->", lambda m: verdict_counts(ROOT / "figures" / m.group(1)), body)
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def write_readme() -> Path:
    "Regenerate README.md from nbs/index.ipynb (atomically)."
    from unlearnbook.store import write_atomic
    text = readme_markdown(NBS / "index.ipynb")
    return write_atomic(ROOT / "README.md", lambda tmp: tmp.write_text(text))


def page_name(path: Path) -> str:
    "The docs page of a notebook: its path under nbs/ with / as __ and .html."
    return str(path.relative_to(NBS).with_suffix(".html")).replace("/", "__")


class DocsFailed(RuntimeError):
    "A notebook's API reference could not be built (its exported code or a show_doc raised)."


def _title(nb) -> str:
    "A notebook's title: its first level-1 heading."
    return next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells
                 if c.cell_type == "markdown" and c.source.startswith("# ")), "")


def with_api_reference(path: Path):
    "`path`'s notebook with a markdown `show_doc` from its module after each exported cell (nbdev's `add_show_docs`)."
    import functools, importlib, nbformat
    from nbdev.process import NBProcessor
    from nbdev.processors import add_show_docs, populate_language
    from nbdev.showdoc import show_doc
    processed = NBProcessor(path, [populate_language, add_show_docs], process=True).nb
    exp = next((c.directives_["default_exp"] for c in processed.cells if "default_exp" in (c.directives_ or {})), None)
    exp = exp if isinstance(exp, str) or exp is None else exp[0]
    try: module = importlib.import_module(f"unlearnbook.{exp}")
    except ImportError as e: raise DocsFailed(f"{path}: its module unlearnbook.{exp} (`#| default_exp {exp}`) "
                                              f"does not import: {e}") from None
    cells = []
    for i, cell in enumerate(processed.cells):
        if getattr(cell, "has_sd", False):
            name = re.match(r"show_doc\((.+)\)", cell.source).group(1)
            try: obj = functools.reduce(getattr, name.split("."), module)
            except AttributeError:
                raise DocsFailed(f"{path}: cell {i - 1} exports {name}, which unlearnbook.{exp} lacks "
                                 "(run nbdev-export):\n"
                                 f"{processed.cells[i - 1].source[:200]}") from None
            cells.append(nbformat.v4.new_markdown_cell(_rendered_doc(obj, show_doc)))
        else:
            kept = {k: v for k, v in cell.items() if not k.endswith("_") and k != "has_sd"}
            kept["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k == "tags"}
            cells.append(nbformat.from_dict(kept))
    return nbformat.v4.new_notebook(cells=cells, metadata=nbformat.from_dict(dict(processed.metadata)))


def _rendered_doc(obj, show_doc) -> str:
    "`show_doc(obj)` as markdown, with the parameter table (fastcore's `DocmentTbl`) of a function or class."
    from fastcore.docments import DocmentTbl
    table = DocmentTbl(obj)._repr_markdown_() if callable(obj) else ""
    # quarto's link syntax, no repository URL
    shown = re.sub(r"\[source\]\([^)]*\)\{[^}]*\}\s*", "", show_doc(obj)._repr_markdown_())
    return shown + ("\n\n" + table if "|" in table else "")


def _nav(pages: list[tuple[str, str]], i: int) -> str:
    "The bar above and below page `i`: the contents, the previous and the next page of the book."
    link = lambda j, arrow: (f'<a href="{pages[j][0]}">{arrow} {html.escape(pages[j][1])}</a>'
                             if 0 <= j < len(pages) else "")
    return (f'<nav class="book"><a href="index.html">Contents</a> <span>{link(i - 1, "←")}</span> '
            f'<span>{link(i + 1, "→")}</span></nav>')


_NAV_STYLE = ("<style>nav.book{display:flex;gap:2em;padding:0.6em 1em;border-bottom:1px solid #ddd;"
              "font-family:sans-serif}"
              "nav.book span:last-child{margin-left:auto}</style>")


def build_docs(out: Path) -> list[Path]:
    "Render every book notebook with its committed outputs, and the library's API reference, into `out` (none is run)."
    import nbformat
    from nbconvert import HTMLExporter
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab", exclude_input_prompt=True, exclude_output_prompt=True)
    library, paths = set(library_notebooks()), book_notebooks()
    books = [(p, _strip_directives(with_api_reference(p) if p in library else nbformat.read(p, as_version=4)))
             for p in paths]
    pages = [(page_name(p), _title(nb) or p.stem) for p, nb in books]
    written = []
    for i, (path, nb) in enumerate(books):
        nb.cells = [c for c in nb.cells if c.source.strip()]  # no empty cells (a stripped `default_exp` cell)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        body = re.sub(r'href="(?:\.\./)?([\w.-]+)\.ipynb"', lambda m: f'href="{m.group(1)}.html"', body)
        nav = _nav(pages, i)
        body = body.replace("</head>", _NAV_STYLE + "</head>", 1)
        body = (re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)
                .replace("</body>", nav + "</body>", 1))
        page = out / pages[i][0]
        page.write_text(body)
        written.append(page)
    links = "".join(f'<li><a href="{name}">{html.escape(title)}</a> '
                    f'<code>{html.escape(str(p.relative_to(ROOT)))}</code></li>'
                    for (name, title), p in zip(pages, paths))
    (out / "index.html").write_text("<!doctype html><meta charset='utf-8'><title>unlearnbook</title>"
                                    "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;"
                                    "line-height:1.5} code{color:#666}</style>"
                                    "<h1>unlearnbook</h1><p>The book in its order: the library notebooks in data-flow "
                                    "order, each with its API reference, then the tuning and the experiment notebooks, "
                                    f"rendered with their committed outputs.</p><ol>{links}</ol>\n")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(prog=".ci/dev.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("readme", help="regenerate README.md from nbs/index.ipynb")
    out = sub.add_parser("outputs", help="execute the library notebooks and commit their outputs")
    out.add_argument("notebooks", nargs="*", help="notebook paths (default: every library notebook)")
    docs = sub.add_parser("docs", help="render every notebook with its committed outputs to HTML")
    docs.add_argument("--out", default=str(ROOT / "_docs"), help="output folder (default: _docs/)")
    args = parser.parse_args(argv)
    if args.command == "readme": print(f"wrote {write_readme()}")
    elif args.command == "outputs": write_outputs([Path(p).resolve() for p in args.notebooks] or library_notebooks())
    else:
        pages = build_docs(Path(args.out))
        print(f"wrote {len(pages)} pages; open {Path(args.out) / 'index.html'}")


if __name__ == "__main__":
    main()
