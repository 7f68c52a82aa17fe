"""The PostgreSQL adapter of :class:`marsad.store.base.Store` (psycopg 3), for a shared server.

Same layout and semantics as :mod:`marsad.store.sqlite`: ``articles`` holds the whole
``Doc`` as JSON text in ``doc`` (text, not jsonb: a re-written doc is ``unchanged`` only
when its JSON is byte-identical, and jsonb would reorder it) plus the columns reads filter
on; entity, tag, quote and event rows derive from the doc (:mod:`marsad.store.rows`) and
are replaced with it. Every text column is ``COLLATE "C"``, so ids and labels sort by
code point as SQLite sorts them, whatever the database's locale.

Search keeps SQLite's query language and ranking: a ``tsvector`` of FTS5's own tokens in the
narrow ``article_terms`` table, ranked by FTS5's bm25; how, and its limits, are in
:mod:`marsad.store.postgres_search`.

Writes: one transaction per batch that first takes a per-schema advisory lock, as
SQLite's ``BEGIN IMMEDIATE`` orders writers (and so no two batches can deadlock on the
entity and term-count rows they share). Connections: one per thread, autocommit, with
explicit transactions, so a read never holds a snapshot open between calls.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from ..errors import StoreError
from ..model import Doc, Event, Quote
from ..text.stem import resource_version
from .base import STORED, UNCHANGED, EntityRow, SearchHit, SearchQuery
from .migrations import Registry
from .postgres_search import (
    SearchDelta,
    doc_freqs,
    index_article,
    merge_pending,
    search_ranked,
    token_phrase,
    tsquery,
)
from .query import Highlighter, parse_query
from .rows import canonical as canonical_url
from .rows import common_share, day_range, derived, iso_utc, lookup_keys, serialise, tag_key

Con = psycopg.Connection[tuple[Any, ...]]

READ_BATCH = 500
LOCK = "SELECT pg_advisory_xact_lock(hashtext('marsad.write:' || current_schema()))"

MIGRATIONS: Registry[Con] = Registry()


# --- schema -------------------------------------------------------------------------------------

T = 'text COLLATE "C"'

_INITIAL: tuple[str, ...] = (
    f"""CREATE TABLE articles (
        num bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id {T} NOT NULL UNIQUE,
        published timestamptz,     -- to the second, as SQLite's ISO text
        outlet {T}, language {T}, duplicate_of {T}, story {T}, content_hash {T},
        url {T}, canonical_url {T},
        source {T} NOT NULL DEFAULT '', title {T} NOT NULL DEFAULT '', body {T} NOT NULL DEFAULT '',
        doc {T} NOT NULL
    )""",
    "CREATE INDEX articles_published ON articles (published DESC NULLS LAST, num DESC)",
    "CREATE INDEX articles_outlet ON articles (outlet, published)",
    "CREATE INDEX articles_hash ON articles (content_hash) WHERE content_hash IS NOT NULL",
    "CREATE INDEX articles_canonical ON articles (canonical_url) WHERE canonical_url IS NOT NULL",
    "CREATE INDEX articles_story ON articles (story, published) WHERE story IS NOT NULL",
    # The search index, narrow on purpose: ranking reads every match's row, and here a row is
    # its index and the filter columns (copied), not an article whose body and doc spill into
    # TOAST (ranking 1.9k matches: 26 ms here against 97 ms on the articles rows, 5k ANT).
    f"""CREATE TABLE article_terms (
        num bigint PRIMARY KEY REFERENCES articles (num) ON DELETE CASCADE,
        terms tsvector NOT NULL,   -- folded, stemmed headline (weight A) and body (see the module doc)
        tokens integer NOT NULL,   -- bm25's |D|
        published timestamptz, outlet {T}, duplicate_of {T}
    )""",
    # compressed but in the row, not in TOAST: ranking detoasts every match's index
    # (ranking 3.9k matches on 30k ANT: 25 ms against 47 ms out of line)
    "ALTER TABLE article_terms ALTER COLUMN terms SET STORAGE MAIN",
    "CREATE INDEX article_terms_terms ON article_terms USING gin (terms)",
    "CREATE INDEX article_terms_published ON article_terms (published DESC NULLS LAST, num DESC)",
    f"CREATE TABLE minhashes (article_id {T} PRIMARY KEY, signature bytea NOT NULL)",
    f"CREATE TABLE vectors (kind {T} NOT NULL, id {T} NOT NULL, blob bytea NOT NULL, PRIMARY KEY (kind, id))",
    f"""CREATE TABLE entities (
        id {T} PRIMARY KEY, name {T} NOT NULL, name_en {T}, type {T} NOT NULL, country {T},
        articles integer NOT NULL DEFAULT 0, mentions integer NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX entities_rank ON entities (articles DESC)",
    f"""CREATE TABLE article_entities (
        article_id {T} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        entity_id {T} NOT NULL REFERENCES entities (id),
        count integer NOT NULL,
        published timestamptz,
        PRIMARY KEY (article_id, entity_id)
    )""",
    "CREATE INDEX article_entities_entity ON article_entities (entity_id, published, article_id)",
    f"""CREATE TABLE article_tags (
        article_id {T} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx integer NOT NULL, label {T} NOT NULL, label_key {T} NOT NULL, kind {T} NOT NULL,
        entities {T} NOT NULL, score double precision, published timestamptz,
        PRIMARY KEY (article_id, idx)
    )""",
    "CREATE INDEX article_tags_label ON article_tags (label_key)",
    f"""CREATE TABLE quotes (
        article_id {T} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx integer NOT NULL, speaker_entity {T}, speaker_name {T},
        start integer NOT NULL, "end" integer NOT NULL, published timestamptz,
        PRIMARY KEY (article_id, idx)
    )""",
    "CREATE INDEX quotes_speaker ON quotes (speaker_entity, published) WHERE speaker_entity IS NOT NULL",
    f"""CREATE TABLE events (
        article_id {T} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx integer NOT NULL, type {T} NOT NULL, cameo {T}, source_entity {T}, target_entity {T},
        date {T}, start integer NOT NULL, "end" integer NOT NULL, json jsonb NOT NULL,
        PRIMARY KEY (article_id, idx)
    )""",
    "CREATE INDEX events_source ON events (source_entity) WHERE source_entity IS NOT NULL",
    "CREATE INDEX events_target ON events (target_entity) WHERE target_entity IS NOT NULL",
    "CREATE INDEX events_type ON events (type, date)",
    f"CREATE TABLE meta (key {T} PRIMARY KEY, value {T} NOT NULL)",
    # FTS5 keeps these itself: document frequency per stem (fts5vocab 'row'), rows and tokens
    f"CREATE TABLE search_terms (term {T} PRIMARY KEY, docs integer NOT NULL)",
    """CREATE TABLE search_totals (
        one boolean PRIMARY KEY DEFAULT true CHECK (one), docs bigint NOT NULL, terms bigint NOT NULL
    )""",
    "INSERT INTO search_totals (docs, terms) VALUES (0, 0)",
)


@MIGRATIONS.register(1, "initial")
def _initial(con: Con) -> None:
    for sql in _INITIAL:
        con.execute(sql)


def _apply_migrations(con: Con) -> list[str]:
    """Each pending migration and its ``schema_version`` row in one transaction, under the
    write lock (DDL is transactional here: a failed migration leaves the previous version)."""
    with con.transaction():
        con.execute(LOCK)
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
    applied = {r[0] for r in con.execute("SELECT version FROM schema_version")}
    if applied and max(applied) > MIGRATIONS.latest:
        raise StoreError(f"the database has schema version {max(applied)}, newer than this marsad ({MIGRATIONS.latest})")
    ran: list[str] = []
    for m in MIGRATIONS.not_in(applied):
        with con.transaction():
            con.execute(LOCK)
            # another process may have migrated meanwhile
            if con.execute("SELECT 1 FROM schema_version WHERE version = %s", (m.version,)).fetchone():
                continue
            m.fn(con)
            con.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", (m.version, m.name))
        ran.append(m.name)
    return ran


@dataclass
class _Stored:
    doc: str
    lexemes: frozenset[str]
    tokens: int


def _ts(value: datetime | None) -> datetime | None:
    """``published`` to the second, in UTC, as the SQLite adapter's ISO text keeps it."""
    text = iso_utc(value)
    return datetime.fromisoformat(text) if text else None


def _nul_free(row: Sequence[Any]) -> tuple[Any, ...]:
    """PostgreSQL text cannot hold U+0000 (SQLite can): drop it from column values. The doc
    JSON escapes it, so the stored record is still exact."""
    return tuple(v.replace("\x00", "") if isinstance(v, str) and "\x00" in v else v for v in row)


def _redacted(dsn: str) -> str:
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(unparsable DSN)"
    parts.pop("password", None)
    return make_conninfo("", **parts)


# --- the adapter -------------------------------------------------------------------------------


class PostgresStore:
    def __init__(self, dsn: str):
        self.dsn = dsn
        self.path = _redacted(dsn)  # what stats() and messages show: never the password
        self._local = threading.local()
        self._lock = threading.Lock()
        self._conns: list[Con] = []
        self._pending_minhashes: dict[str, bytes] = {}

    # --- lifecycle --------------------------------------------------------------------------

    def _connect(self) -> Con:
        try:
            con = psycopg.connect(self.dsn, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {self.path}: {exc}") from exc
        con.execute("SET TIME ZONE 'UTC'")
        with self._lock:
            self._conns.append(con)
        return con

    def _con(self) -> Con:
        con: Con | None = getattr(self._local, "con", None)
        if con is None or con.closed:
            con = self._connect()
            self._local.con = con
        return con

    @contextmanager
    def _tx(self) -> Iterator[Con]:
        con = self._con()
        with con.transaction():
            con.execute(LOCK)
            yield con

    def migrate(self) -> None:
        """Apply pending migrations, then rebuild the search index if it was built with other
        stems (a new stemmer or edited stemming data)."""
        con = self._con()
        _apply_migrations(con)
        row = con.execute("SELECT value FROM meta WHERE key = 'search_version'").fetchone()
        if row is None or row[0] != resource_version():
            self.reindex()

    def reindex(self) -> int:
        """Rebuild every article's index and the term counts from the stored titles and bodies."""
        n = 0
        delta = SearchDelta()
        with self._tx() as con:
            con.execute("DELETE FROM search_terms")
            con.execute("UPDATE search_totals SET docs = 0, terms = 0")
            last = 0
            while rows := con.execute(
                "SELECT num, title, body FROM articles WHERE num > %s ORDER BY num LIMIT %s", (last, READ_BATCH)
            ).fetchall():
                updates = []
                for num, title, body in rows:
                    ix = index_article(title, body)
                    delta.add(ix.lexemes, ix.tokens)
                    updates.append((ix.literal, ix.tokens, num))
                with con.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO article_terms (num, terms, tokens, published, outlet, duplicate_of)"
                        " SELECT num, %s::tsvector, %s, published, outlet, duplicate_of FROM articles WHERE num = %s"
                        " ON CONFLICT (num) DO UPDATE SET terms = excluded.terms, tokens = excluded.tokens",
                        updates,
                    )
                n += len(rows)
                last = rows[-1][0]
            delta.apply(con)
            merge_pending(con)
            con.execute(
                "INSERT INTO meta (key, value) VALUES ('search_version', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (resource_version(),),
            )
        return n

    def flush(self) -> None:
        """Commit kept MinHash signatures whose articles are stored."""
        if self._pending_minhashes:
            with self._tx() as con:
                self._flush_minhashes(con)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            with self._lock:
                conns, self._conns = self._conns, []
            for con in conns:
                con.close()
            self._local = threading.local()

    # --- writes -----------------------------------------------------------------------------

    def write(self, docs: Sequence[Doc]) -> list[str]:
        prepared: list[tuple[Doc, str] | str] = [
            "failed:store-nul-in-id" if "\x00" in d.id else serialise(d) for d in docs
        ]  # PostgreSQL text cannot hold U+0000; ids are content hashes, so this is bad input
        verdicts: list[str] = []
        touched: set[str] = set()
        delta = SearchDelta()
        with self._tx() as con:
            ids = [item[0].id for item in prepared if not isinstance(item, str)]
            known = {
                r[0]: _Stored(r[1], frozenset(r[2]), r[3])
                for r in con.execute(
                    "SELECT a.id, a.doc, tsvector_to_array(t.terms), t.tokens FROM articles a"
                    " JOIN article_terms t ON t.num = a.num WHERE a.id = ANY(%s)",
                    (ids,),
                )
            }
            # Pipeline mode: the batch's statements go out without waiting for each reply
            # (nothing below reads a result), one round trip instead of ~5 per doc.
            with con.pipeline():
                for item in prepared:
                    if isinstance(item, str):
                        verdicts.append(item)
                        continue
                    verdicts.append(self._upsert(con, item[0], item[1], known, delta, touched))
                delta.apply(con)
            self._flush_minhashes(con)
            if touched:
                con.execute(
                    """UPDATE entities SET
                         articles = (SELECT count(*) FROM article_entities WHERE entity_id = entities.id),
                         mentions = (SELECT coalesce(sum(count), 0) FROM article_entities WHERE entity_id = entities.id)
                       WHERE id = ANY(%s)""",
                    (sorted(touched),),
                )
            if delta.docs or delta.terms:
                merge_pending(con)
        return verdicts

    def _upsert(
        self, con: Con, doc: Doc, js: str, known: dict[str, _Stored], delta: SearchDelta, touched: set[str]
    ) -> str:
        old = known.get(doc.id)
        if old is not None and old.doc == js:
            return UNCHANGED
        a, ann = doc.article, doc.ann
        ix = index_article(a.title, a.body)
        cols = _nul_free((
            _ts(a.published), a.outlet, a.language, ann.duplicate_of, ann.story, ann.content_hash,
            a.url, canonical_url(a.url), a.source, a.title, a.body, js,
        ))  # fmt: skip
        search = (ix.literal, ix.tokens, *cols[:2], cols[3])  # terms, tokens, published, outlet, duplicate_of
        # one statement each (no result to wait for, see write): the article and its index row
        if old is None:
            con.execute(
                "WITH a AS (INSERT INTO articles (published, outlet, language, duplicate_of, story, content_hash,"
                " url, canonical_url, source, title, body, doc, id)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING num)"
                " INSERT INTO article_terms (num, terms, tokens, published, outlet, duplicate_of)"
                " SELECT num, %s::tsvector, %s, %s, %s, %s FROM a",
                (*cols, doc.id, *search),
            )
        else:
            con.execute(
                "WITH a AS (UPDATE articles SET published=%s, outlet=%s, language=%s, duplicate_of=%s, story=%s,"
                " content_hash=%s, url=%s, canonical_url=%s, source=%s, title=%s, body=%s, doc=%s WHERE id=%s"
                " RETURNING num)"
                " UPDATE article_terms t SET terms=%s::tsvector, tokens=%s, published=%s, outlet=%s, duplicate_of=%s"
                " FROM a WHERE t.num = a.num",
                (*cols, doc.id, *search),
            )
            delta.add(old.lexemes, old.tokens, sign=-1)
            # the article's entity rows are exactly the entities of the stored doc
            touched.update(_entity_counts(Doc.model_validate_json(old.doc)))
            for table in ("article_entities", "article_tags", "quotes", "events"):
                con.execute(f"DELETE FROM {table} WHERE article_id = %s", (doc.id,))
        delta.add(ix.lexemes, ix.tokens)
        known[doc.id] = _Stored(js, ix.lexemes, ix.tokens)
        _insert_derived(con, doc, touched)
        return STORED

    def set_stories(self, mapping: dict[str, str]) -> int:
        changed = 0
        items = list(mapping.items())
        with self._tx() as con:
            for i in range(0, len(items), READ_BATCH):
                chunk = dict(items[i : i + READ_BATCH])
                rows = con.execute("SELECT id, doc FROM articles WHERE id = ANY(%s)", (list(chunk),)).fetchall()
                for article_id, js in rows:
                    doc = Doc.model_validate_json(js)
                    if doc.ann.story == chunk[article_id]:
                        continue
                    doc.ann.story = chunk[article_id]
                    con.execute(
                        "UPDATE articles SET story = %s, doc = %s WHERE id = %s",
                        _nul_free((doc.ann.story, doc.model_dump_json(), article_id)),
                    )
                    changed += 1
        return changed

    # --- article reads ----------------------------------------------------------------------

    def _docs(self, sql: str, params: Sequence[Any] = ()) -> list[Doc]:
        return [Doc.model_validate_json(r[0]) for r in self._con().execute(sql, params)]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._con().execute(sql, params).fetchone()
        return row[0] if row else None

    def get(self, article_id: str) -> Doc | None:
        if "\x00" in article_id:  # never stored (see write)
            return None
        docs = self._docs("SELECT doc FROM articles WHERE id = %s", (article_id,))
        return docs[0] if docs else None

    def exists(self, article_id: str) -> bool:
        return article_id in self.existing([article_id])

    def existing(self, ids: Iterable[str]) -> set[str]:
        wanted = [i for i in lookup_keys(ids) if "\x00" not in i]  # never stored (see write)
        if not wanted:
            return set()
        return {r[0] for r in self._con().execute("SELECT id FROM articles WHERE id = ANY(%s)", (wanted,))}

    def recent(self, limit: int = 20, offset: int = 0, outlet: str | None = None) -> list[Doc]:
        where, params = ("WHERE outlet = %s", [outlet]) if outlet else ("", [])
        # undated articles last, as SQLite sorts NULL lowest
        return self._docs(
            f"SELECT doc FROM articles {where} ORDER BY published DESC NULLS LAST, num DESC LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )

    def iter_docs(self, batch: int = READ_BATCH) -> Iterator[Doc]:
        # keyset pages: no transaction stays open between pages
        last = 0
        while rows := self._con().execute(
            "SELECT num, doc FROM articles WHERE num > %s ORDER BY num LIMIT %s", (last, batch)
        ).fetchall():
            for _, js in rows:
                yield Doc.model_validate_json(js)
            last = rows[-1][0]

    def count(self) -> int:
        return int(self._one("SELECT count(*) FROM articles"))

    def docs_by_ids(self, ids: Iterable[str]) -> list[Doc]:
        wanted = [i for i in dict.fromkeys(ids) if "\x00" not in i]
        found = {d.id: d for d in self._docs("SELECT doc FROM articles WHERE id = ANY(%s)", (wanted,))}
        return [found[i] for i in wanted if i in found]

    def stats(self) -> dict[str, Any]:
        con = self._con()

        def pairs(sql: str) -> dict[str, int]:
            return {str(k): int(n) for k, n in con.execute(sql)}

        return {
            "articles": self.count(),
            "duplicates": self._one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "dated": self._one("SELECT count(*) FROM articles WHERE published IS NOT NULL"),
            "by_outlet": pairs(
                "SELECT coalesce(outlet, '(none)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "by_language": pairs(
                "SELECT coalesce(language, '(none)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "entities": self._one("SELECT count(*) FROM entities WHERE articles > 0"),
            "stories": self._one("SELECT count(DISTINCT story) FROM articles WHERE story IS NOT NULL"),
            "events": self._one("SELECT count(*) FROM events"),
            "quotes": self._one("SELECT count(*) FROM quotes"),
            "vectors": pairs("SELECT kind, count(*) FROM vectors GROUP BY kind ORDER BY kind"),
            "schema_version": self._one("SELECT coalesce(max(version), 0) FROM schema_version"),
            # tables with their indexes and TOAST, in this store's schema
            "db_bytes": int(
                self._one(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            ),
            "path": self.path,
        }

    # --- duplicates and vectors -------------------------------------------------------------

    def find_by_hash(self, content_hash: str) -> str | None:
        return self.find_by_hashes([content_hash]).get(content_hash)

    def find_by_url(self, canonical_url: str) -> str | None:
        return self.find_by_urls([canonical_url]).get(canonical_url)

    def find_by_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        return self._first_stored("content_hash", hashes)

    def find_by_urls(self, canonical_urls: Iterable[str]) -> dict[str, str]:
        return self._first_stored("canonical_url", canonical_urls)

    def _first_stored(self, column: str, keys: Iterable[str]) -> dict[str, str]:
        """Key -> id of the first stored article with ``column`` = key, non-copies first (the
        original a new copy points at), in one indexed query. A key is matched as its column
        holds it: without U+0000 (see :func:`_nul_free`)."""
        asked: dict[str, list[str]] = {}  # the key as stored -> the keys asked for
        for key in lookup_keys(keys):
            asked.setdefault(key.replace("\x00", ""), []).append(key)
        if not asked:
            return {}
        rows = self._con().execute(
            f"SELECT DISTINCT ON ({column}) {column}, id FROM articles WHERE {column} = ANY(%s)"
            f" ORDER BY {column}, duplicate_of IS NOT NULL, num",
            (list(asked),),
        )
        return {key: article_id for stored, article_id in rows for key in asked[stored]}

    def put_minhash(self, article_id: str, signature: bytes) -> None:
        with self._lock:
            self._pending_minhashes[article_id] = bytes(signature)

    def _flush_minhashes(self, con: Con) -> None:
        """Write kept signatures of stored articles; the rest wait for their article's batch."""
        with self._lock:
            pending = dict(self._pending_minhashes)
        if not pending:
            return
        stored = {r[0] for r in con.execute("SELECT id FROM articles WHERE id = ANY(%s)", (list(pending),))}
        with con.cursor() as cur:
            cur.executemany(
                "INSERT INTO minhashes (article_id, signature) VALUES (%s, %s) ON CONFLICT (article_id)"
                " DO UPDATE SET signature = excluded.signature"
                " WHERE minhashes.signature IS DISTINCT FROM excluded.signature",
                [(k, v) for k, v in pending.items() if k in stored],
            )
        with self._lock:
            for k in stored:
                if self._pending_minhashes.get(k) == pending[k]:
                    del self._pending_minhashes[k]

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        with self._lock:
            pending = dict(self._pending_minhashes)
        for article_id, sig in self._con().execute("SELECT article_id, signature FROM minhashes").fetchall():
            if article_id not in pending:
                yield article_id, bytes(sig)
        yield from pending.items()

    def put_vectors(self, kind: str, rows: Sequence[tuple[str, bytes]]) -> None:
        with self._tx() as con, con.cursor() as cur:
            cur.executemany(
                "INSERT INTO vectors (kind, id, blob) VALUES (%s, %s, %s) ON CONFLICT (kind, id)"
                " DO UPDATE SET blob = excluded.blob WHERE vectors.blob IS DISTINCT FROM excluded.blob",
                [(kind, i, bytes(b)) for i, b in rows],
            )

    def iter_vectors(self, kind: str) -> Iterator[tuple[str, bytes]]:
        last = ""
        while rows := self._con().execute(
            "SELECT id, blob FROM vectors WHERE kind = %s AND id > %s ORDER BY id LIMIT %s",
            (kind, last, READ_BATCH * 4),
        ).fetchall():
            for i, b in rows:
                yield i, bytes(b)
            last = rows[-1][0]

    def get_vectors(self, kind: str, ids: Iterable[str]) -> dict[str, bytes]:
        rows = self._con().execute(
            "SELECT id, blob FROM vectors WHERE kind = %s AND id = ANY(%s)", (kind, list(ids))
        )
        return {i: bytes(b) for i, b in rows}

    # --- search -----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> list[SearchHit]:
        """Ranked by bm25 as FTS5 computes it (headline weighted :data:`TITLE_WEIGHT`), newer
        first on near-ties; when every query word is in half the articles or more, the newest
        matches (as the SQLite adapter does)."""
        parsed = parse_query(query.text)
        if not parsed:
            return []
        con = self._con()
        total, tokens = con.execute("SELECT docs, terms FROM search_totals").fetchone() or (0, 0)
        df = doc_freqs(con, parsed)
        common = frozenset(t for t, n in df.items() if n >= total * common_share(total))
        where, params = self._filters(query)
        cond = "".join(f" AND {w}" for w in where)
        required = [p for g in parsed.plan(common)[0] if (p := token_phrase(g))]
        if not required:  # only underscores: unicode61 keeps no token of them either
            return []
        try:
            if not parsed.required(common):
                rows = con.execute(
                    f"SELECT t.num, 0.0::float8, t.published FROM article_terms t WHERE t.terms @@ %s::tsquery{cond}"
                    " ORDER BY t.published DESC NULLS LAST, t.num DESC LIMIT %s OFFSET %s",
                    (tsquery(required), *params, query.limit, query.offset),
                ).fetchall()
            else:
                phrases = [p for g in parsed.phrases(common) if (p := token_phrase(g))]
                rows = search_ranked(con, required, phrases, df, cond, params, query, total, tokens)
            texts = {
                r[0]: r[1:]
                for r in con.execute(
                    "SELECT num, id, title, body, outlet FROM articles WHERE num = ANY(%s)", ([r[0] for r in rows],)
                )
            }
        except psycopg.Error as exc:  # the query is built from quoted \w+ stems; should not happen
            raise StoreError(f"search failed for {query.text!r}: {exc}") from exc
        marker = Highlighter(parsed)
        hits = []
        for num, r, published in rows:
            article_id, title, body, outlet = texts[num]
            hits.append(
                SearchHit(
                    id=article_id,
                    title=title,
                    outlet=outlet,
                    published=published.astimezone(UTC) if published else None,
                    score=round(-r, 4),
                    snippet=marker.snippet(body),
                    title_html=marker.highlight(title),
                )
            )
        return hits

    @staticmethod
    def _filters(query: SearchQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if not query.include_duplicates:
            where.append("t.duplicate_of IS NULL")
        if query.outlet:
            where.append("t.outlet = %s")
            params.append(query.outlet)
        if query.since:
            where.append("t.published >= %s")
            params.append(_ts(query.since))
        if query.until:
            where.append("t.published <= %s")
            params.append(_ts(query.until))
        return where, params

    # --- entities, tags, stories, events ----------------------------------------------------

    _ENTITY = "SELECT id, name, name_en, type, country, articles, mentions FROM entities"

    def entity(self, entity_id: str) -> EntityRow | None:
        row = self._con().execute(f"{self._ENTITY} WHERE id = %s", (entity_id,)).fetchone()
        return EntityRow(*row) if row else None

    def top_entities(self, limit: int = 50, type: str | None = None) -> list[EntityRow]:
        where, params = ("AND type = %s", [type]) if type else ("", [])
        rows = self._con().execute(
            f"{self._ENTITY} WHERE articles > 0 {where} ORDER BY articles DESC, mentions DESC, id LIMIT %s",
            (*params, limit),
        )
        return [EntityRow(*r) for r in rows]

    def entity_articles(self, entity_id: str, limit: int = 50) -> list[Doc]:
        return self._docs(
            "SELECT a.doc FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
            " WHERE ae.entity_id = %s ORDER BY ae.published DESC NULLS LAST, a.num DESC LIMIT %s",
            (entity_id, limit),
        )

    def entity_counts_by_day(self, entity_id: str) -> list[tuple[str, int]]:
        rows = self._con().execute(
            f"SELECT {_DAY} AS day, count(*) FROM article_entities"
            " WHERE entity_id = %s AND published IS NOT NULL GROUP BY day ORDER BY day",
            (entity_id,),
        )
        return [(d, int(n)) for d, n in rows]

    def entity_quotes(self, entity_id: str, limit: int = 50) -> list[tuple[Doc, Quote]]:
        rows = self._con().execute(
            "SELECT q.article_id, q.idx FROM quotes q WHERE q.speaker_entity = %s"
            " ORDER BY q.published DESC NULLS LAST, q.article_id, q.idx LIMIT %s",
            (entity_id, limit),
        ).fetchall()
        docs = {d.id: d for d in self.docs_by_ids(r[0] for r in rows)}
        return [
            (docs[a], docs[a].ann.quotes[i]) for a, i in rows if a in docs and i < len(docs[a].ann.quotes)
        ]

    _PAIR = (
        "SELECT x.article_id, x.published FROM article_entities x JOIN article_entities y"
        " ON y.article_id = x.article_id AND y.entity_id = %s WHERE x.entity_id = %s"
    )

    def pair_articles(self, a: str, b: str, limit: int = 50) -> list[Doc]:
        rows = self._con().execute(
            f"SELECT article_id FROM ({self._PAIR}) p ORDER BY published DESC NULLS LAST, article_id LIMIT %s",
            (b, a, limit),
        )
        return self.docs_by_ids(r[0] for r in rows)

    def pair_counts_by_day(self, a: str, b: str) -> list[tuple[str, int]]:
        rows = self._con().execute(
            f"SELECT {_DAY} AS day, count(*) FROM ({self._PAIR}) p"
            " WHERE published IS NOT NULL GROUP BY day ORDER BY day",
            (b, a),
        )
        return [(d, int(n)) for d, n in rows]

    def pair_events(self, a: str, b: str, limit: int = 100) -> list[tuple[Doc, Event]]:
        rows = self._con().execute(
            f"""SELECT e.article_id, e.idx, coalesce(e.date, to_char(p.published AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS day
            FROM events e JOIN ({self._PAIR}) p ON p.article_id = e.article_id
            WHERE (e.source_entity IN (%s, %s) OR e.target_entity IN (%s, %s))
            AND (e.json ->> 'modality') IS DISTINCT FROM 'mentioned'  -- a reference, not an event
            ORDER BY day DESC NULLS LAST, p.published DESC NULLS LAST, e.article_id DESC, e.idx DESC LIMIT %s""",
            (b, a, a, b, a, b, limit),
        ).fetchall()
        rows.reverse()
        docs = {d.id: d for d in self.docs_by_ids(r[0] for r in rows)}
        return [
            (docs[x], docs[x].ann.events[i]) for x, i, _ in rows if x in docs and i < len(docs[x].ann.events)
        ]

    def tag_articles(self, label: str, limit: int = 50) -> list[Doc]:
        return self._docs(
            "SELECT a.doc FROM articles a WHERE a.id IN"
            " (SELECT article_id FROM article_tags WHERE label_key = %s)"
            " ORDER BY a.published DESC NULLS LAST, a.num DESC LIMIT %s",
            (tag_key(label), limit),
        )

    def story_articles(self, story_id: str) -> list[Doc]:
        return self._docs(
            "SELECT doc FROM articles WHERE story = %s ORDER BY published NULLS LAST, num", (story_id,)
        )

    def top_stories(self, day: str | None = None, limit: int = 20) -> list[tuple[str, int]]:
        where, params = "", []
        if day:
            where, params = "AND published >= %s AND published < %s", list(day_range(day))
        rows = self._con().execute(
            f"SELECT story, count(*) AS n FROM articles WHERE story IS NOT NULL {where}"
            " GROUP BY story ORDER BY n DESC, story LIMIT %s",
            (*params, limit),
        )
        return [(s, int(n)) for s, n in rows]


# --- helpers ------------------------------------------------------------------------------------

_DAY = "to_char(published AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def _entity_counts(doc: Doc) -> Counter[str]:
    """Entity id -> mentions, as ``article_entities`` keeps them (ids that differ only by
    U+0000 are one row here)."""
    counts: Counter[str] = Counter()
    for eid, n in derived(doc).counts.items():
        counts[eid.replace("\x00", "")] += n
    return counts


def _insert_derived(con: Con, doc: Doc, touched: set[str]) -> None:
    rows, pid, published = derived(doc), doc.id, _ts(doc.article.published)
    counts = _entity_counts(doc)
    inserts: list[tuple[str, list[tuple[Any, ...]]]] = [
        # one statement per entity: a doc may list an entity twice, which one multi-row
        # INSERT … ON CONFLICT DO UPDATE would refuse
        ("INSERT INTO entities (id, name, name_en, type, country) VALUES (%s, %s, %s, %s, %s)"
         " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,"
         " name_en = coalesce(excluded.name_en, entities.name_en),"
         " country = coalesce(excluded.country, entities.country)",
         [_nul_free(e) for e in rows.entities]),
        ("INSERT INTO article_entities (article_id, entity_id, count, published) VALUES (%s, %s, %s, %s)",
         [(pid, eid, n, published) for eid, n in counts.items()]),
        ("INSERT INTO article_tags (article_id, idx, label, label_key, kind, entities, score, published)"
         " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
         [_nul_free((pid, *t, published)) for t in rows.tags]),
        ('INSERT INTO quotes (article_id, idx, speaker_entity, speaker_name, start, "end", published)'
         " VALUES (%s, %s, %s, %s, %s, %s, %s)",
         [_nul_free((pid, *q, published)) for q in rows.quotes]),
        ("INSERT INTO events (article_id, idx, type, cameo, source_entity, target_entity, date, start,"
         ' "end", json) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb)',
         [_nul_free((pid, *ev)) for ev in rows.events]),
    ]  # fmt: skip
    with con.cursor() as cur:
        for sql, params in inserts:
            if params:
                cur.executemany(sql, params)
    touched.update(counts)
