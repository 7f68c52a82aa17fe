from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}: tests read the real data from there")
    return SHARED


@pytest.fixture(scope="session")
def sample_page(shared: Path) -> Path:
    return shared / "samples" / "aggregator_page.txt"
