"""Packaging facts a user relies on: one version, a license file matching the declared one, the command's --version."""
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
            for doc in (f"{stem}.md" for stem in ("PAPER", "NBDEV", "DESIGN", "PEERS")):  # private notes, never shipped
                assert doc not in text, f"{name} cites {doc}, which is not in the repository"


def test_parameters_documented():
    "Every parameter of every public function and class documents itself (fastcore docments), so show_doc explains it."
    import dataclasses, importlib, inspect
    from fastcore.docments import docments
    missing = []
    for mod in ("store", "data", "models", "train", "localize", "unlearn", "metrics", "memorization", "experiment",
                "reproduce"):
        m = importlib.import_module(f"unlearnbook.{mod}")
        for name in m.__all__:
            obj = getattr(m, name)
            targets = [obj] if inspect.isfunction(obj) else []
            if inspect.isclass(obj) and dataclasses.is_dataclass(obj):
                docs = docments(obj)
                missing += [f"{mod}.{name}.{f.name}" for f in dataclasses.fields(obj) if not docs.get(f.name)]
            elif inspect.isclass(obj):
                targets = [obj.__init__] if "__init__" in vars(obj) else []
                # the library's own methods: a notebook run in this worker may have patched on examples of its own
                targets += [f for k, f in vars(obj).items() if inspect.isfunction(f) and not k.startswith("_")
                            and k != "forward" and f.__module__.startswith("unlearnbook")]
            for f in targets:
                params = [p for p in inspect.signature(f).parameters if p not in ("self", "cls")]
                if not params: continue
                docs = docments(f, args_kwargs=True)
                missing += [f"{mod}.{f.__qualname__}({p})" for p in params if not docs.get(p)]
    assert not missing, f"{len(missing)} parameters without a docments comment: {missing[:40]}"
