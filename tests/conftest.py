"""What the checkout's data/ and figures/ hold when the session starts: the tests must leave them as they are."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _listing():
    return sorted(str(p.relative_to(ROOT)) for folder in ("data", "figures") for p in (ROOT / folder).rglob("*"))


BEFORE = _listing()
