"""Packaging facts a user relies on: one version, a license file matching the declared license, the command's --version."""
import subprocess, sys, tomllib
from importlib.metadata import version
from pathlib import Path

import unlearnbook

ROOT = Path(__file__).resolve().parents[1]


def test_one_version():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert unlearnbook.__version__ == version("unlearnbook") == declared


def test_license_matches():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert declared == "Apache-2.0" and "Apache License" in (ROOT / "LICENSE").read_text()


def test_command_version():
    out = subprocess.run([sys.executable, "-c", "from unlearnbook.reproduce import main; main(['--version'])"],
                         capture_output=True, text=True)
    assert out.stdout.strip() == f"unlearnbook {unlearnbook.__version__}", out


def test_self_contained():
    "No file of the repository refers to design notes that are not in it."
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in tracked:
        path = ROOT / name
        if path.suffix in (".py", ".ipynb", ".md", ".ini", ".toml", ".sh", ".cff", "") and path.is_file():
            text = path.read_text(errors="ignore")
            for doc in ("PAPER.md", "NBDEV.md", "DESIGN.md", "PEERS.md"):
                assert doc not in text or path.name == "test_package.py", f"{name} cites {doc}, which is not in the repository"
