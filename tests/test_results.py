"""The embedded default's reproduced results are committed under figures/digits/, for a reader on GitHub. They must
come from today's sources (the digest `make reproduce` recorded in provenance.json: library, experiment notebooks,
the [digits] section, CODE_VERSIONS), and their Markdown report must show only committed files."""
import json, re, subprocess
from pathlib import Path

from unlearnbook.store import reproduction_digest, stale_reproduction

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "figures" / "digits"


def committed() -> set[str]:
    "The files git tracks under figures/digits/, relative to it."
    out = subprocess.run(["git", "ls-files", "figures/digits"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return {str(Path(line).relative_to("figures/digits")) for line in out.splitlines()}


def test_results_are_current():
    made = json.loads((RESULTS / "provenance.json").read_text())
    assert made["dataset"] == "digits" and not made["smoke"] and not made["failed"], made
    changed = stale_reproduction(made.get("digest"), reproduction_digest("digits"))
    assert not changed, (f"the committed results in figures/digits/ were made from other sources: {', '.join(changed)} "
                         f"changed since; run `make reproduce` and commit figures/digits/")


def test_report_links_resolve_to_committed_files():
    report = (RESULTS / "README.md").read_text()
    targets = set(re.findall(r"\]\(([^)#\s]+)\)", report))
    assert {t for t in targets if t.endswith(".png")} and {t for t in targets if t.endswith(".ipynb")}, (
        "the report shows figures and notebooks")
    missing = sorted(t for t in targets if t not in committed())
    assert not missing, f"figures/digits/README.md links to files that are not committed: {missing}"
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', report))
    assert set(re.findall(r"\]\(#([\w-]+)\)", report)) <= anchors, "every summary line links to its notebook's section"
