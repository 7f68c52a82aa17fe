"""The store protocol on both backends: round-trips, idempotent batches, derived reads;
and the SQLite file itself (migrations, WAL, byte-identical re-runs).

Docs are built by hand (Article + Annotations with entities, tags, quotes and events
written here) and from the first ANT records in ../shared, constructed directly so
these tests do not depend on the source adapters. Tests taking the ``store`` or
``reopen`` fixture run once on SQLite and once on a real PostgreSQL server
(tests/test_store_postgres.py starts it).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store_postgres import PgServer, migrated_schema, postgres_server, release  # noqa: F401  (fixture)

from marsad.errors import StoreError
from marsad.model import (
    Actor,
    Annotations,
    Article,
    Claim,
    Doc,
    Entity,
    Event,
    Mention,
    Quote,
    Related,
    Speaker,
    Tag,
    short_hash,
)
from marsad.store import SearchQuery, Store, open_store
from marsad.store.migrations import MIGRATIONS
from marsad.store.sqlite import SQLiteStore
from marsad.text.dedup import canonical_url

ANT = Path("corpus") / "ant_multisource_v2.1.jsonl.gz"

PUTIN = Entity(id="kb:putin", name="فلاديمير بوتين", name_en="Vladimir Putin", type="PERS", country="RUS")
KIM = Entity(id="kb:kim", name="كيم جونغ أون", name_en="Kim Jong Un", type="PERS", country="PRK")
RUSSIA = Entity(id="kb:rus", name="روسيا", name_en="Russia", type="LOC", country="RUS")


def with_mentions(e: Entity, body: str, word: str) -> Entity:
    i = body.index(word)
    return e.model_copy(update={"mentions": [Mention(start=i, end=i + len(word), text=word)]})


def make_doc(
    n: int,
    *,
    title: str = "",
    body: str = "",
    outlet: str | None = "وكالة أ",
    published: datetime | None = None,
    entities: tuple[Entity, ...] = (),
    story: str | None = None,
    page_tags: tuple[str, ...] = (),
) -> Doc:
    title = title or f"عنوان الخبر {n}"
    body = body or f"نص الخبر رقم {n} عن الاقتصاد."
    art = Article(
        id=short_hash("test", str(n)),
        url=f"https://example.test/{n}",
        title=title,
        body=body,
        published=published or datetime(2018, 5, 1, tzinfo=UTC) + timedelta(hours=n),
        outlet=outlet,
        language="ar",
        page_tags=page_tags,
        source=f"test:hand#{n}",
    )
    return Doc(
        article=art,
        ann=Annotations(content_hash=short_hash("c", title, body), entities=list(entities), story=story),
    )


def rich_doc() -> Doc:
    """A doc with every kind of annotation, offsets into its own body."""
    body = 'قال فلاديمير بوتين إن روسيا ستدعم كيم جونغ أون. وأضاف: "لن نتراجع". واتهم بوتين كيم بالتهديد.'
    quote_start = body.index('"') + 1
    quote_end = body.index('"', quote_start)
    sent_end = body.index(".") + 1
    doc = make_doc(
        1,
        title="بوتين يدعم كيم",
        body=body,
        entities=(
            with_mentions(PUTIN, body, "فلاديمير بوتين"),
            with_mentions(RUSSIA, body, "روسيا"),
            with_mentions(KIM, body, "كيم جونغ أون"),
        ),
        story="s-1",
        page_tags=("روسيا وكوريا الشمالية", "أوكرانيا"),
    )
    doc.ann.tags = [Tag(label="روسيا وكوريا الشمالية", kind="pair", entities=["kb:rus", "kb:prk"], score=0.9)]
    doc.ann.quotes = [
        Quote(text=body[quote_start:quote_end], start=quote_start, end=quote_end,
              speaker=Speaker(entity="kb:putin", name="بوتين"), cue="أضاف")
    ]  # fmt: skip
    doc.ann.claims = [Claim(text=body[:sent_end], start=0, end=sent_end, source=Speaker(entity="kb:putin"))]
    doc.ann.events = [
        Event(type="SUPPORT", cameo="051", start=0, end=sent_end, trigger="تدعم", date="2018-05-01",
              source=Actor(entity="kb:putin", text="بوتين", country="RUS", role="GOV"),
              target=Actor(entity="kb:kim", text="كيم", country="PRK", role="GOV")),
        Event(type="ACCUSE", cameo="112", start=sent_end, end=len(body),
              source=Actor(entity="kb:putin", text="بوتين"), target=Actor(entity="kb:kim", text="كيم")),
    ]  # fmt: skip
    doc.ann.related = [Related(id="other", reason="same story", score=0.7)]
    doc.ann.versions = {"entities": "t1"}
    return doc


def ant_docs(shared: Path, n: int = 500) -> list[Doc]:
    docs = []
    with gzip.open(shared / ANT, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(itertools.islice(fh, n)):
            r = json.loads(line)
            art = Article(
                id=short_hash("ant", r["docno"]),
                url=r.get("url"),
                title=r.get("title") or "",
                body=r.get("text") or "",
                published=datetime.fromisoformat(r["time"]).astimezone(UTC) if r.get("time") else None,
                outlet=r.get("src"),
                language="ar",
                source=f"test:ant#{i}",
            )
            docs.append(Doc(article=art))
    return docs


BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def reopen(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Opens (and migrates) a store on one target per test: a SQLite file or an empty
    PostgreSQL schema; a second call reopens the same one."""
    if request.param == "sqlite":
        target = str(tmp_path / "s.db")
    else:
        server: PgServer = request.getfixturevalue("postgres_server")
        target = migrated_schema(server)
    opened: list[Store] = []

    def open_() -> Store:
        s = open_store(target)
        s.migrate()
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()
    if request.param == "postgres":
        release(target)


@pytest.fixture
def store(reopen):  # type: ignore[no-untyped-def]
    return reopen()


def sql(store: Store, query: str, *params: object) -> list[tuple[object, ...]]:
    """Rows of a query on either backend (``?`` placeholders)."""
    if isinstance(store, SQLiteStore):
        return store._con().execute(query, params).fetchall()
    return store._con().execute(query.replace("?", "%s"), params).fetchall()  # type: ignore[attr-defined,no-any-return]


def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


# --- migrations -------------------------------------------------------------------------------


def test_migrate_from_empty_file_and_rerun(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    s = SQLiteStore(db)
    s.migrate()
    s.migrate()  # a second run applies nothing and changes nothing
    s.close()
    con = sqlite3.connect(db)
    versions = [r[0] for r in con.execute("SELECT version FROM schema_version")]
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    con.close()
    assert versions == [m.version for m in MIGRATIONS._migrations] and len(versions) == len(set(versions))
    assert {"articles", "entities", "article_entities", "article_tags", "quotes", "events",
            "minhashes", "vectors", "articles_fts"} <= tables  # fmt: skip
    assert mode == "wal"
    before = dump(db)
    s = SQLiteStore(db)
    s.migrate()
    s.close()
    assert dump(db) == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    s = SQLiteStore(db)
    s.migrate()
    s.close()
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version VALUES (999, 'future', 'x')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(db).migrate()


def test_foreign_keys_are_on(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "f.db")
    assert s._con().execute("PRAGMA foreign_keys").fetchone()[0] == 1
    s.close()


# --- writes -----------------------------------------------------------------------------------


def test_rich_doc_round_trip_and_derived_rows(store: Store) -> None:
    doc = rich_doc()
    assert store.write([doc]) == ["stored"]
    got = store.get(doc.id)
    assert got == doc
    assert store.exists(doc.id) and not store.exists("nope")
    assert sql(store, "SELECT count(*) FROM article_entities WHERE article_id = ?", doc.id) == [(3,)]
    # two page tags + one inferred tag
    assert sql(store, "SELECT count(*) FROM article_tags") == [(3,)]
    assert sql(store, "SELECT speaker_entity FROM quotes") == [("kb:putin",)]
    assert sql(store, "SELECT type, source_entity, target_entity FROM events ORDER BY idx") == [
        ("SUPPORT", "kb:putin", "kb:kim"),
        ("ACCUSE", "kb:putin", "kb:kim"),
    ]
    assert store.find_by_hash(doc.ann.content_hash or "") == doc.id
    assert store.find_by_url(canonical_url("https://www.example.test/1/?utm_source=x") or "") == doc.id


def test_rewrite_is_unchanged_and_file_identical(tmp_path: Path, shared: Path) -> None:
    db = tmp_path / "i.db"
    docs = [rich_doc(), *ant_docs(shared, 200)]
    s = SQLiteStore(db)
    s.migrate()
    assert set(s.write(docs)) == {"stored"}
    s.close()
    before_rows, before_bytes = dump(db), hashlib.sha256(db.read_bytes()).hexdigest()
    s = SQLiteStore(db)
    s.migrate()
    assert s.write(docs) == ["unchanged"] * len(docs)
    assert s.count() == len(docs)
    s.close()
    assert dump(db) == before_rows
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before_bytes


def test_update_replaces_derived_rows_and_counts(store: Store) -> None:
    doc = rich_doc()
    store.write([doc])
    assert (store.entity("kb:kim") or pytest.fail()).articles == 1
    changed = doc.model_copy(deep=True)
    changed.ann.entities = [e for e in changed.ann.entities if e.id != "kb:kim"]
    changed.ann.events = changed.ann.events[:1]
    changed.ann.quotes = []
    assert store.write([changed]) == ["stored"]
    assert store.get(doc.id) == changed
    assert sql(store, "SELECT count(*) FROM events") == [(1,)]
    assert sql(store, "SELECT count(*) FROM quotes") == [(0,)]
    assert (store.entity("kb:kim") or pytest.fail()).articles == 0
    assert [e.id for e in store.top_entities()] == ["kb:putin", "kb:rus"]
    assert store.count() == 1


def test_same_id_twice_in_one_batch(store: Store) -> None:
    a = make_doc(5)
    b = a.model_copy(update={"article": a.article.model_copy(update={"title": "عنوان آخر"})})
    assert store.write([a, a, b]) == ["stored", "unchanged", "stored"]
    assert (store.get(a.id) or pytest.fail()).article.title == "عنوان آخر"
    assert store.count() == 1


def test_dates_at_the_calendar_edges_are_stored(store: Store) -> None:
    # 0001-01-01 east of UTC and 9999-12-31 west of it have no UTC datetime (found by the
    # round-trip property on PostgreSQL): a broken date must not fail the write
    early = make_doc(1, published=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=3))))
    late = make_doc(2, published=datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))))
    assert store.write([early, late]) == ["stored", "stored"]
    for doc in (early, late):
        assert (store.get(doc.id) or pytest.fail()).article.published == doc.article.published
    assert {d.id for d in store.recent(limit=5)} == {early.id, late.id}


def test_a_doc_that_cannot_round_trip_fails_alone(store: Store) -> None:
    bad = make_doc(7)
    bad.ann.tags = [Tag(label="x", kind="entity", entities=["e"], score=math.nan)]  # NaN -> JSON null
    surrogate = make_doc(9)
    surrogate = surrogate.model_copy(
        update={"article": surrogate.article.model_copy(update={"body": "نص \ud800 مكسور"})}
    )
    good = make_doc(8)
    verdicts = store.write([bad, good, surrogate])
    assert verdicts[0].startswith("failed:") and verdicts[1] == "stored" and verdicts[2].startswith("failed:")
    assert not store.exists(bad.id) and store.exists(good.id) and not store.exists(surrogate.id)


def test_batched_lookups_answer_as_the_single_ones(store: Store) -> None:
    """existing / find_by_hashes / find_by_urls: one query for many keys, each key answered
    as exists / find_by_hash / find_by_url answer it (the original before its copies)."""
    copy = make_doc(2, title="عنوان الخبر 1")  # the text of doc 1: the same content hash
    copy.ann.content_hash = make_doc(1).ann.content_hash
    copy.ann.duplicate_of = make_doc(1).id
    copy.article = copy.article.model_copy(update={"url": "https://example.test/1?utm_source=feed"})
    docs = [copy, make_doc(1), make_doc(3)]  # the copy is stored first
    assert store.write(docs) == ["stored"] * 3
    hashes = [d.ann.content_hash or "" for d in docs] + ["missing", "\ud800"]
    urls = [canonical_url(d.article.url) or "" for d in docs] + ["https://nowhere.test/x"]
    many = [f"id-{i}" for i in range(1200)]  # more keys than one SQL statement binds on SQLite
    ids = [*many, docs[2].id, "\ud800", docs[0].id, docs[0].id]
    assert store.existing(ids) == {docs[0].id, docs[2].id} == {i for i in ids if store.exists(i)}
    by_hash = store.find_by_hashes(hashes)
    assert by_hash == {h: found for h in hashes if (found := store.find_by_hash(h))}
    assert by_hash[hashes[0]] == docs[1].id  # the original, though its copy is older
    by_url = store.find_by_urls(urls)
    assert by_url == {u: found for u in urls if (found := store.find_by_url(u))}
    assert set(by_url.values()) == {docs[1].id, docs[2].id}
    assert store.existing([]) == set() and store.find_by_hashes([]) == {} == store.find_by_urls(iter(()))


def test_killed_batch_leaves_nothing(store: Store) -> None:
    s: Any = store

    class Boom(Exception):
        pass

    docs = [make_doc(i) for i in range(3)]
    original = s._upsert
    calls = 0

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Boom
        return original(*args, **kwargs)

    s._upsert = failing
    with pytest.raises(Boom):
        s.write(docs)
    assert s.count() == 0
    s._upsert = original
    assert s.write(docs) == ["stored"] * 3
    assert s.search(SearchQuery("الخبر")) != []  # the rolled-back batch left no stale index rows


# hypothesis: any Doc survives write -> get unchanged

_text = st.text(
    alphabet=st.sampled_from(list('ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئءَُِّ 0123456789."<>&\n')), max_size=60
)
_dt = st.one_of(st.none(), st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=3))])))
_mention = st.builds(Mention, start=st.integers(0, 50), end=st.integers(0, 50), text=_text,
                     field=st.sampled_from(["body", "title"]))  # fmt: skip
_entity = st.builds(Entity, id=_text, name=_text, name_en=st.none() | _text, type=st.sampled_from(["PERS", "ORG", "LOC", "MISC"]),
                    country=st.none() | st.sampled_from(["RUS", "PRK"]), mentions=st.lists(_mention, max_size=3))  # fmt: skip
_actor = st.none() | st.builds(
    Actor, entity=st.none() | _text, text=_text, country=st.none() | st.just("RUS")
)
_event = st.builds(Event, type=_text, cameo=st.none() | st.just("190"), source=_actor, target=_actor,
                   date=st.none() | st.just("2018-05-01"), start=st.integers(0, 99), end=st.integers(0, 99))  # fmt: skip
_score = st.floats(allow_nan=False, allow_infinity=False)
_doc = st.builds(
    Doc,
    article=st.builds(Article, id=st.text(min_size=1, max_size=20), url=st.none() | _text, title=_text, body=_text,
                      published=_dt, outlet=st.none() | _text, page_tags=st.lists(_text, max_size=3).map(tuple),
                      related_keys=st.lists(_text, max_size=2).map(tuple), extra=st.dictionaries(_text, _text, max_size=2)),
    ann=st.builds(Annotations, content_hash=st.none() | _text, duplicate_of=st.none() | _text,
                  entities=st.lists(_entity, max_size=3), events=st.lists(_event, max_size=2),
                  tags=st.lists(st.builds(Tag, label=_text, kind=st.sampled_from(["entity", "pair"]),
                                          entities=st.lists(_text, max_size=2), score=_score), max_size=2),
                  quotes=st.lists(st.builds(Quote, text=_text, start=st.integers(0, 9), end=st.integers(0, 9),
                                            speaker=st.none() | st.builds(Speaker, entity=st.none() | _text)), max_size=2),
                  story=st.none() | _text),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(_doc, min_size=1, max_size=4, unique_by=lambda d: d.id))
def test_property_write_then_get_is_identity(
    tmp_path_factory: pytest.TempPathFactory, docs: list[Doc]
) -> None:
    s = SQLiteStore(":memory:")
    s.migrate()
    assert s.write(docs) == ["stored"] * len(docs)
    for d in docs:
        assert s.get(d.id) == d
    assert s.write(docs) == ["unchanged"] * len(docs)
    assert [d.id for d in s.iter_docs(batch=2)] == [d.id for d in docs]
    s.close()


# --- reads ------------------------------------------------------------------------------------


def test_ant_docs_round_trip_recent_iter_stats(store: Store, shared: Path) -> None:
    docs = ant_docs(shared, 500)
    assert set(store.write(docs)) == {"stored"}
    assert store.count() == len(docs)
    assert all(store.get(d.id) == d for d in docs[::25])
    assert [d.id for d in store.iter_docs(batch=77)] == [d.id for d in docs]
    recent = store.recent(limit=30)
    dates = [d.article.published for d in recent]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    newest = max(d.article.published for d in docs if d.article.published)
    assert recent[0].article.published == newest
    st_ = store.stats()
    assert st_["articles"] == len(docs)
    assert sum(st_["by_outlet"].values()) == len(docs)
    assert st_["by_language"] == {"ar": len(docs)}
    assert st_["db_bytes"] > 0 and st_["duplicates"] == 0
    wanted = [docs[3].id, "missing", docs[1].id]
    assert [d.id for d in store.docs_by_ids(wanted)] == [docs[3].id, docs[1].id]


def test_entity_tag_pair_story_reads(store: Store) -> None:
    rich = rich_doc()
    body = "التقى بوتين وكيم جونغ أون في موسكو."
    second = make_doc(
        2, body=body, story="s-1", page_tags=("أمريكا وكوريا الشمالية",),
        entities=(with_mentions(PUTIN, body, "بوتين"), with_mentions(KIM, body, "كيم جونغ أون")),
    )  # fmt: skip
    second.ann.events = [
        Event(type="CONSULT", cameo="040", start=0, end=len(body),
              source=Actor(entity="kb:putin"), target=Actor(entity="kb:kim"))
    ]  # fmt: skip
    only_putin = make_doc(3, entities=(PUTIN,), published=datetime(2018, 5, 3, tzinfo=UTC))
    undated = make_doc(4, entities=(PUTIN,))
    undated = undated.model_copy(update={"article": undated.article.model_copy(update={"published": None})})
    store.write([rich, second, only_putin, undated])

    putin = store.entity("kb:putin") or pytest.fail()
    assert (putin.articles, putin.name_en, putin.type) == (4, "Vladimir Putin", "PERS")
    assert putin.mentions == 1 + 1 + 1 + 1  # one mention each, entities without mentions count once
    assert store.top_entities(limit=1)[0].id == "kb:putin"
    assert [e.id for e in store.top_entities(type="LOC")] == ["kb:rus"]
    assert [d.id for d in store.entity_articles("kb:putin")] == [
        only_putin.id,
        second.id,
        rich.id,
        undated.id,
    ]
    assert store.entity_counts_by_day("kb:putin") == [("2018-05-01", 2), ("2018-05-03", 1)]

    quotes = store.entity_quotes("kb:putin")
    assert [(d.id, q.text) for d, q in quotes] == [(rich.id, "لن نتراجع")]
    assert store.entity_quotes("kb:kim") == []

    assert {d.id for d in store.pair_articles("kb:putin", "kb:kim")} == {rich.id, second.id}
    assert store.pair_articles("kb:kim", "kb:putin", limit=1)[0].id == second.id  # newest first
    assert store.pair_counts_by_day("kb:putin", "kb:kim") == [("2018-05-01", 2)]
    events = store.pair_events("kb:putin", "kb:kim")
    assert [e.type for _, e in events] == ["SUPPORT", "ACCUSE", "CONSULT"]  # oldest first
    assert all(e.source and e.source.entity == "kb:putin" for _, e in events)

    # page tags and inferred tags, matched on the folded label
    assert {d.id for d in store.tag_articles("روسيا وكوريا الشمالية")} == {rich.id}
    assert [d.id for d in store.tag_articles("امريكا وكوريا الشمالية")] == [second.id]
    assert store.tag_articles("لا يوجد") == []

    assert [d.id for d in store.story_articles("s-1")] == [rich.id, second.id]
    assert store.top_stories() == [("s-1", 2)]
    assert store.top_stories(day="2018-05-01") == [("s-1", 2)]
    assert store.top_stories(day="2018-05-02") == []
    with pytest.raises(StoreError):
        store.top_stories(day="yesterday")


def test_set_stories_updates_doc_and_is_idempotent(store: Store) -> None:
    docs = [make_doc(i) for i in range(4)]
    store.write(docs)
    mapping = {docs[0].id: "A", docs[1].id: "A", docs[2].id: "B", "missing": "C"}
    assert store.set_stories(mapping) == 3
    assert store.set_stories(mapping) == 0
    assert (store.get(docs[0].id) or pytest.fail()).ann.story == "A"
    assert store.top_stories() == [("A", 2), ("B", 1)]
    # the doc JSON is the pydantic one, so re-writing the same doc with its story is unchanged
    again = docs[2].model_copy(deep=True)
    again.ann.story = "B"
    assert store.write([again]) == ["unchanged"]


def test_minhashes_commit_with_their_article(reopen) -> None:  # type: ignore[no-untyped-def]
    s = reopen()
    a, b = make_doc(1), make_doc(2)
    s.put_minhash(a.id, b"\x01" * 16)
    s.put_minhash(b.id, b"\x02" * 16)
    assert dict(s.iter_minhashes()) == {a.id: b"\x01" * 16, b.id: b"\x02" * 16}  # pending ones are visible
    s.write([a])
    assert sql(s, "SELECT article_id FROM minhashes") == [(a.id,)]
    s.write([b])
    assert sql(s, "SELECT count(*) FROM minhashes") == [(2,)]
    s.put_minhash("never-stored", b"\x03")
    s.close()
    s = reopen()
    assert {k for k, _ in s.iter_minhashes()} == {a.id, b.id}


def test_vectors(store: Store) -> None:
    store.put_vectors("use", [("a", b"\x00\x01"), ("b", b"\x02")])
    store.put_vectors("use", [("a", b"\x09")])
    store.put_vectors("other", [("a", b"\x05")])
    assert dict(store.iter_vectors("use")) == {"a": b"\x09", "b": b"\x02"}
    assert store.get_vectors("use", ["b", "zzz"]) == {"b": b"\x02"}
    assert store.stats()["vectors"] == {"other": 1, "use": 2}


def test_threads_get_their_own_connection(store: Store) -> None:
    import threading

    store.write([make_doc(1)])
    seen: list[int] = []
    t = threading.Thread(target=lambda: seen.append(store.count()))
    t.start()
    t.join()
    assert seen == [1]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_store_implements_the_whole_protocol(backend: str) -> None:
    """Every Store method exists on each adapter with the same parameters."""
    import inspect

    from marsad.store.postgres import PostgresStore

    adapter = SQLiteStore if backend == "sqlite" else PostgresStore
    methods = [n for n, f in vars(Store).items() if callable(f) and not n.startswith("_")]
    assert len(methods) >= 30
    for name in methods:
        impl = getattr(adapter, name, None)
        assert impl is not None, name
        assert list(inspect.signature(getattr(Store, name)).parameters) == list(
            inspect.signature(impl).parameters
        ), name
