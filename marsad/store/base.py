"""The storage protocol every backend implements.

Writes are batched and transactional: :meth:`Store.write` stores a batch of
docs in one transaction, so a killed ingest loses at most the batch in flight,
and re-running it finds every stored doc unchanged (idempotent upsert keyed on
the content-hash article id).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..model import Doc


@dataclass(frozen=True)
class SearchQuery:
    text: str
    outlet: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 20
    offset: int = 0


@dataclass
class SearchHit:
    id: str
    title: str
    outlet: str | None
    published: datetime | None
    score: float
    snippet: str  # HTML-safe: text escaped, matches wrapped in <mark>
    title_html: str = ""


@dataclass
class EntityRow:
    id: str
    name: str
    name_en: str | None
    type: str
    country: str | None
    articles: int = 0
    mentions: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Store(Protocol):
    # lifecycle
    def migrate(self) -> None: ...
    def close(self) -> None: ...

    # writes
    def write(self, docs: Sequence[Doc]) -> list[str]:
        """Upsert a batch in one transaction; return per doc 'stored' or 'unchanged'."""
        ...

    # article reads
    def get(self, article_id: str) -> Doc | None: ...
    def exists(self, article_id: str) -> bool: ...
    def recent(self, limit: int = 20, offset: int = 0, outlet: str | None = None) -> list[Doc]: ...
    def iter_docs(self, batch: int = 500) -> Iterator[Doc]: ...
    def count(self) -> int: ...
    def stats(self) -> dict[str, Any]: ...

    # duplicates
    def find_by_hash(self, content_hash: str) -> str | None: ...
    def find_by_url(self, canonical_url: str) -> str | None: ...
    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]: ...
    def put_minhash(self, article_id: str, signature: bytes) -> None: ...

    # search
    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    # entities, tags, stories, events (filled by later stages)
    def entity(self, entity_id: str) -> EntityRow | None: ...
    def entity_articles(self, entity_id: str, limit: int = 50) -> list[Doc]: ...
    def top_entities(self, limit: int = 50, type: str | None = None) -> list[EntityRow]: ...
    def tag_articles(self, label: str, limit: int = 50) -> list[Doc]: ...
    def story_articles(self, story_id: str) -> list[Doc]: ...
    def top_stories(self, day: str | None = None, limit: int = 20) -> list[tuple[str, int]]: ...
    def docs_by_ids(self, ids: Iterable[str]) -> list[Doc]: ...
