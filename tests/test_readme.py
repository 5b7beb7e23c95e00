"""The README's code runs as written, in a fresh directory outside the checkout, and its recipe is the [digits] one."""
import json, os, re, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_readme_has_examples():
    assert len(BLOCKS) >= 2, "the README should show the library path and an own-model example"


def run_block(code: str, tmp_path: Path) -> str:
    "Run `code` with the venv's Python in `tmp_path`, with a work directory there; returns stdout."
    env = {**os.environ, "UNLEARNBOOK_WORKDIR": str(tmp_path / "work"), "MPLBACKEND": "Agg",
           "OMP_NUM_THREADS": "1"}  # beside the notebook tests on the other worker: one thread each
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, f"README block failed:\n{code}\n--- stderr ---\n{out.stderr[-3000:]}"
    return out.stdout


@pytest.mark.parametrize("i", range(len(BLOCKS)))
def test_readme_block_runs(i, tmp_path):
    code = BLOCKS[i]
    if "recipe = " in code: code += "\nimport json; print('RECIPE=' + json.dumps(recipe))\n"
    stdout = run_block(code, tmp_path)
    assert stdout.strip(), "each README example prints its result"
    if "RECIPE=" in stdout:
        from unlearnbook.project import load_section
        recipe = json.loads(stdout.split("RECIPE=")[1].splitlines()[0])
        digits = load_section("digits", ROOT / "settings.ini")
        assert recipe == {k: digits[k] for k in recipe}, f"README recipe {recipe} differs from [digits] of settings.ini"
