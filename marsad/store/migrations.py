"""SQLite schema migrations: registered functions, each applied once, in its own transaction.

The pattern of sqlite-utils' ``migrations.py``: a migration is a plain function
registered under a name, and the ``schema_version`` table records which ones ran.
Each pending migration and its ``schema_version`` row commit together, so a crash
mid-migration leaves the file at the previous version and ``migrate()`` simply
runs again. Migrations are append-only: never edit one that has shipped; add the
next (``0002_…``) instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

C = TypeVar("C")  # a backend's connection type
MigrationFn = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration(Generic[C]):
    version: int
    name: str
    fn: Callable[[C], None]


class Registry(Generic[C]):
    """Migrations registered by version; how they are applied is the backend's (its own
    transactions and locks). The PostgreSQL adapter keeps a second registry of its own."""

    def __init__(self) -> None:
        self._migrations: list[Migration[C]] = []

    def register(self, version: int, name: str) -> Callable[[Callable[[C], None]], Callable[[C], None]]:
        def deco(fn: Callable[[C], None]) -> Callable[[C], None]:
            if any(m.version == version for m in self._migrations):
                raise ValueError(f"migration {version} registered twice")
            self._migrations.append(Migration(version, name, fn))
            self._migrations.sort(key=lambda m: m.version)
            return fn

        return deco

    @property
    def latest(self) -> int:
        return self._migrations[-1].version if self._migrations else 0

    def not_in(self, done: set[int]) -> list[Migration[C]]:
        return [m for m in self._migrations if m.version not in done]


class Migrations(Registry[sqlite3.Connection]):
    def applied(self, con: sqlite3.Connection) -> list[int]:
        _ensure_version_table(con)
        return [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version")]

    def pending(self, con: sqlite3.Connection) -> list[Migration[sqlite3.Connection]]:
        return self.not_in(set(self.applied(con)))

    def apply(self, con: sqlite3.Connection) -> list[str]:
        """Run every pending migration; return the names applied. ``con`` must be in
        autocommit mode (``isolation_level=None``) so the transactions here are the only ones."""
        ran: list[str] = []
        for m in self.pending(con):
            con.execute("BEGIN IMMEDIATE")
            try:
                # another process may have migrated between pending() and BEGIN
                if con.execute("SELECT 1 FROM schema_version WHERE version = ?", (m.version,)).fetchone():
                    con.execute("COMMIT")
                    continue
                m.fn(con)
                con.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (m.version, m.name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            ran.append(m.name)
        return ran


def _ensure_version_table(con: sqlite3.Connection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )


MIGRATIONS = Migrations()


@MIGRATIONS.register(1, "initial")
def _initial(con: sqlite3.Connection) -> None:
    # articles.num is the explicit integer key: the FTS index points at it, and an
    # implicit rowid could be renumbered by VACUUM.
    for sql in _INITIAL:
        con.execute(sql)


_INITIAL: tuple[str, ...] = (
    # Small columns first: filters and joins read them without walking a long body's overflow pages.
    """CREATE TABLE articles (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        published TEXT,            -- ISO 8601 UTC, to the second: text order is time order
        outlet TEXT,
        language TEXT,
        duplicate_of TEXT,
        story TEXT,
        content_hash TEXT,
        url TEXT,
        canonical_url TEXT,        -- marsad.text.dedup.canonical_url(url)
        source TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        doc TEXT NOT NULL          -- Doc.model_dump_json(): the record; every other table derives from it
    )""",
    "CREATE INDEX articles_published ON articles (published)",
    "CREATE INDEX articles_outlet ON articles (outlet, published)",
    "CREATE INDEX articles_hash ON articles (content_hash) WHERE content_hash IS NOT NULL",
    "CREATE INDEX articles_canonical ON articles (canonical_url) WHERE canonical_url IS NOT NULL",
    "CREATE INDEX articles_story ON articles (story, published) WHERE story IS NOT NULL",
    # signatures and vectors may be computed before their article's batch commits: no foreign key
    "CREATE TABLE minhashes (article_id TEXT PRIMARY KEY, signature BLOB NOT NULL) WITHOUT ROWID",
    """CREATE TABLE vectors (kind TEXT NOT NULL, id TEXT NOT NULL, blob BLOB NOT NULL,
        PRIMARY KEY (kind, id)) WITHOUT ROWID""",
    """CREATE TABLE entities (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, type TEXT NOT NULL, country TEXT,
        articles INTEGER NOT NULL DEFAULT 0, mentions INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX entities_rank ON entities (articles DESC)",
    # published is copied here so "newest articles of an entity" and per-day counts are index scans
    """CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL REFERENCES entities (id),
        count INTEGER NOT NULL,
        published TEXT,
        PRIMARY KEY (article_id, entity_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX article_entities_entity ON article_entities (entity_id, published, article_id, count)",
    """CREATE TABLE article_tags (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        label TEXT NOT NULL,
        label_key TEXT NOT NULL,   -- normalize(label): أمريكا and امريكا are one tag
        kind TEXT NOT NULL,        -- page | entity | pair
        entities TEXT NOT NULL,    -- JSON list of entity ids
        score REAL,
        published TEXT,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX article_tags_label ON article_tags (label_key)",
    """CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        speaker_entity TEXT,
        speaker_name TEXT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        published TEXT,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX quotes_speaker ON quotes (speaker_entity, published) WHERE speaker_entity IS NOT NULL",
    """CREATE TABLE events (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        cameo TEXT,
        source_entity TEXT,
        target_entity TEXT,
        date TEXT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX events_source ON events (source_entity) WHERE source_entity IS NOT NULL",
    "CREATE INDEX events_target ON events (target_entity) WHERE target_entity IS NOT NULL",
    "CREATE INDEX events_type ON events (type, date)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Contentless: the index holds folded, stemmed terms (marsad.text.stem), not display text;
    # snippets are cut from articles.title/body. rowid = articles.num.
    """CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body, content='', tokenize='unicode61 remove_diacritics 2'
    )""",
)


@MIGRATIONS.register(2, "search_speed")
def _search_speed(con: sqlite3.Connection) -> None:
    # Search ranks on the FTS index and then filters on these four columns; as a covering
    # index they are read without touching the article rows, whose bodies spill over
    # several pages (a 30k-article ANT search joined rows at ~2x the cost of ranking).
    con.execute("CREATE INDEX articles_filter ON articles (num, duplicate_of, outlet, published)")
    # document frequency per term: very common query words are not required (see query.py)
    con.execute("CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab (articles_fts, 'row')")
