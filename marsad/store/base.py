"""The storage protocol every backend implements.

Writes are batched and transactional: :meth:`Store.write` stores a batch of
docs in one transaction, so a killed ingest loses at most the batch in flight,
and re-running it finds every stored doc unchanged (idempotent upsert keyed on
the content-hash article id).

The whole :class:`~marsad.model.Doc` is the record; everything else a backend
keeps (entity, tag, quote and event rows, the search index) is derived from it
on write and replaced with it, so reads that return docs always return exactly
what was written. Nothing here is specific to one database: dates cross the
protocol as aware datetimes or ``YYYY-MM-DD`` day strings, ids as strings,
vectors and MinHash signatures as opaque bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..model import Doc, Event, Quote

# Verdicts of Store.write, one per doc; a doc the store cannot keep gets "failed:<reason>".
STORED = "stored"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class SearchQuery:
    text: str
    outlet: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 20
    offset: int = 0
    include_duplicates: bool = False  # syndicated copies (duplicate_of set) are hidden by default


@dataclass
class SearchHit:
    id: str
    title: str
    outlet: str | None
    published: datetime | None
    score: float  # higher is better; comparable only within one result list
    snippet: str  # HTML-safe: text escaped, matches wrapped in <mark>
    title_html: str = ""  # the title, HTML-safe, matches in <mark>


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
        """Upsert a batch in one transaction; return per doc 'stored', 'unchanged' (the
        identical doc is already stored: nothing is written) or 'failed:<reason>'."""
        ...

    def set_stories(self, mapping: dict[str, str]) -> int:
        """Set ``ann.story`` of stored articles (article id -> story id); return how many changed."""
        ...

    # article reads
    def get(self, article_id: str) -> Doc | None: ...
    def exists(self, article_id: str) -> bool: ...
    def existing(self, ids: Iterable[str]) -> set[str]:
        """The stored ones among ``ids``: one query for a whole ingest chunk (ids that the
        backend could never store, e.g. with U+0000 on PostgreSQL, are simply not stored)."""
        ...

    def recent(self, limit: int = 20, offset: int = 0, outlet: str | None = None) -> list[Doc]: ...
    def iter_docs(self, batch: int = 500) -> Iterator[Doc]: ...
    def count(self) -> int: ...
    def stats(self) -> dict[str, Any]: ...

    # duplicates
    def find_by_hash(self, content_hash: str) -> str | None: ...
    def find_by_url(self, canonical_url: str) -> str | None: ...
    def find_by_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        """:meth:`find_by_hash` of many keys in one query: key -> the id it returns, for the
        keys found (the first stored non-copy, else the first copy). Text no article can
        carry (a lone surrogate) is never found; it does not fail the other keys."""
        ...

    def find_by_urls(self, canonical_urls: Iterable[str]) -> dict[str, str]:
        """:meth:`find_by_url` of many keys in one query (as :meth:`find_by_hashes`)."""
        ...

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]: ...
    def put_minhash(self, article_id: str, signature: bytes) -> None:
        """Keep a signature; it is committed with the next :meth:`write` (or on close), so a
        killed batch leaves no signature of an article that was never stored."""
        ...

    # vectors (e.g. sentence embeddings for stories), opaque bytes per (kind, article id)
    def put_vectors(self, kind: str, rows: Sequence[tuple[str, bytes]]) -> None: ...
    def iter_vectors(self, kind: str) -> Iterator[tuple[str, bytes]]: ...
    def get_vectors(self, kind: str, ids: Iterable[str]) -> dict[str, bytes]: ...

    # search
    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    # entities, tags, stories, events (filled by later stages)
    def entity(self, entity_id: str) -> EntityRow | None: ...
    def entity_articles(self, entity_id: str, limit: int = 50) -> list[Doc]:
        """Newest first."""
        ...

    def entity_counts_by_day(self, entity_id: str) -> list[tuple[str, int]]:
        """(YYYY-MM-DD, articles) for days with at least one dated article, oldest first."""
        ...

    def entity_quotes(self, entity_id: str, limit: int = 50) -> list[tuple[Doc, Quote]]:
        """Quotes whose speaker is the entity, newest article first."""
        ...

    def top_entities(self, limit: int = 50, type: str | None = None) -> list[EntityRow]: ...

    def pair_articles(self, a: str, b: str, limit: int = 50) -> list[Doc]:
        """Articles that mention both entities, newest first."""
        ...

    def pair_counts_by_day(self, a: str, b: str) -> list[tuple[str, int]]: ...

    def pair_events(self, a: str, b: str, limit: int = 100) -> list[tuple[Doc, Event]]:
        """Events with ``a`` or ``b`` as an actor, in articles that mention both; the newest
        ``limit``, returned oldest first (by event date, else publication date)."""
        ...

    def tag_articles(self, label: str, limit: int = 50) -> list[Doc]:
        """Articles carrying ``label`` as a page tag or an inferred tag, newest first."""
        ...

    def story_articles(self, story_id: str) -> list[Doc]:
        """Oldest first."""
        ...

    def top_stories(self, day: str | None = None, limit: int = 20) -> list[tuple[str, int]]:
        """(story id, articles), biggest first; ``day`` (YYYY-MM-DD) counts that day's articles."""
        ...

    def docs_by_ids(self, ids: Iterable[str]) -> list[Doc]:
        """The stored docs among ``ids``, in the order asked."""
        ...
