from __future__ import annotations

from pathlib import Path

import pytest

from marsad.model import Article, Doc

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


@pytest.fixture(scope="session")
def sample_articles(sample_page: Path) -> list[Article]:
    """The aggregator page's two articles, read by the real adapter (main article first)."""
    from marsad.sources import iter_source

    items = list(iter_source(str(sample_page)))
    arts = [a for a in items if isinstance(a, Article)]
    assert len(arts) == 2, items
    return sorted(arts, key=lambda a: not a.page_tags)


@pytest.fixture()
def sample_docs(sample_articles: list[Article]) -> list[Doc]:
    """Fresh docs (stages write into them) for the two sample articles."""
    return [Doc(article=a) for a in sample_articles]
