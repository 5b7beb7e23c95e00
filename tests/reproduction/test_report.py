"""The experiment notebooks run once per test session, through the real runner at their smoke-scale defaults, into
a temporary directory; the report that run writes is checked in headless Chromium."""
import json, os, re, shutil, subprocess, sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def smoke_run(tmp_path_factory):
    "`unlearnbook reproduce --smoke` into a temporary work directory and store: (exit code, output, figures folder)."
    work = tmp_path_factory.mktemp("reproduce")
    # beside the notebook tests on the other worker: one thread each, no oversubscription
    env = {**os.environ, "UNLEARNBOOK_WORKDIR": str(work), "UNLEARNBOOK_STORE": str(work / "store"),
           "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c",
                          "from unlearnbook.reproduce import main; main(['reproduce', '--smoke'])"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    return out.returncode, out.stdout + out.stderr, work / "figures" / "digits-smoke"


def test_every_experiment_notebook_runs(smoke_run):
    code, output, figures = smoke_run
    assert code == 0, output[-4000:]
    notebooks = sorted(p.stem for p in (ROOT / "nbs" / "paper").glob("[!_.]*.ipynb"))
    assert sorted(p.stem for p in (figures / "notebooks").glob("*.ipynb")) == notebooks
    assert re.search(r"^notebook +status +seconds", output, re.M), "the run ends with its summary table"
    assert "Kernel is running over TCP" not in output
    assert "KeyboardInterrupt caught in kernel" not in output, "a kernel's shutdown reads as an error"


def test_smoke_run_says_so(smoke_run):
    "A smoke run writes to figures/digits-smoke/, never to a real run's folder, and its reports open by saying so."
    code, _, figures = smoke_run
    assert code == 0
    assert not (figures.parent / "digits").exists(), "the smoke run wrote into a real run's folder"
    assert "**A smoke run**" in (figures / "README.md").read_text()
    assert "(smoke run)" in (figures / "index.html").read_text()
    assert json.loads((figures / "provenance.json").read_text())["smoke"] is True


def test_report_renders(smoke_run, tmp_path):
    if CHROMIUM is None: pytest.skip("headless Chromium is not installed: "
                                     "`apt-get install chromium` (Debian) to run this test")
    code, _, figures = smoke_run
    assert code == 0
    report = figures / "index.html"
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                          "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120).stdout
    images = re.findall(r"<img[^>]*>", dom)
    assert images, "the report shows figures"
    assert all('data-loaded="true"' in tag for tag in images), [t for t in images if 'data-loaded="true"' not in t]
    verdicts = pd.concat([pd.read_csv(p) for p in figures.glob("*_verdicts.csv")])
    assert len(verdicts) and all(claim in dom for claim in verdicts.claim), "every verdict is in the report"
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1200,2000", report.as_uri()], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
