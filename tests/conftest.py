"""The tests must leave the checkout's data/ and figures/ as they found them (they use temporary work directories):
a session fixture lists both folders before the first test and fails the session if anything was added after the
last one, whatever order the tests ran in (and on every pytest-xdist worker)."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _listing():
    return sorted(str(p.relative_to(ROOT)) for folder in ("data", "figures") for p in (ROOT / folder).rglob("*"))


@pytest.fixture(scope="session", autouse=True)
def checkout_untouched():
    before = set(_listing())
    yield
    added = sorted(set(_listing()) - before)
    assert not added, f"tests wrote into the checkout: {added[:10]}"
