"""Runs last: no test wrote into the checkout's data/ or figures/ (they use temporary work directories)."""
from conftest import BEFORE, _listing


def test_checkout_untouched():
    added = sorted(set(_listing()) - set(BEFORE))
    assert not added, f"tests wrote into the checkout: {added[:10]}"
