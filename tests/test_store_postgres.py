"""The PostgreSQL store on a real server: a throwaway cluster (initdb + pg_ctl) per session.

The backend-neutral behaviour is tested twice by tests/test_store.py (its ``store``
fixture is parametrised over both backends, with the fixtures below) and here by
test_search.py's search checks run on PostgreSQL. This file adds what only PostgreSQL
needs: migrations, real articles from ../shared ingested through the importable ingest
function and through the CLI, Arabic folding, idempotent re-ingest, and agreement with
SQLite on the same documents (entities, pairs, search ranking).

Every test gets a fresh schema (``search_path`` in the DSN), so tests never see each
other's rows and the cluster starts once. The tests skip only when the PostgreSQL
server binaries are not installed (``apt-get install postgresql``; .ci/run does so).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)  # Debian's layout
ANT = Path("corpus") / "ant_multisource_v2.1.jsonl.gz"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    return next((str(d / name) for d in PG_BIN_DIRS if (d / name).exists()), None)


@dataclass
class PgServer:
    root: Path
    pg_ctl: str
    as_postgres: list[str]

    @property
    def dsn(self) -> str:
        # a Unix socket in our own directory: no TCP port to collide with another cluster
        return f"postgresql://postgres@/postgres?host={self.root}&port=5432"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_postgres, self.pg_ctl, "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


_SERVER: PgServer | None = None


def start_server(config: pytest.Config) -> PgServer:
    """Start one cluster per session (however many modules ask), stopped at session end."""
    global _SERVER
    if _SERVER is not None:
        return _SERVER
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    root = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    server = PgServer(root, pg_ctl, as_postgres)
    data = root / "data"
    try:
        subprocess.run(
            [*as_postgres, initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale",
             "--no-sync"],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
        # durability off: a test cluster is thrown away (it makes writes ~5x faster)
        opts = f"-k {root} -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            [*as_postgres, pg_ctl, "-D", str(data), "-l", str(root / "log"), "-o", opts, "-w", "-t", "30", "start"],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        server.stop()
        pytest.fail(f"PostgreSQL test cluster did not start: {exc.stderr!r} {log}")
    _SERVER = server

    def stop() -> None:
        global _SERVER
        server.stop()
        _SERVER = None

    config.add_cleanup(stop)
    return server


@pytest.fixture(scope="session")
def postgres_server(pytestconfig: pytest.Config) -> PgServer:
    return start_server(pytestconfig)


def new_schema(server: PgServer) -> str:
    """A fresh, empty schema; the DSN that makes it the store's."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.dsn, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {name}")
    return f"{server.dsn}&options=-csearch_path%3D{name}"


def drop_schema(server: PgServer, dsn: str) -> None:
    name = dsn.rsplit("%3D", 1)[1]
    with psycopg.connect(server.dsn, autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


# Migrated schemas, emptied after each test and handed to the next: TRUNCATE costs a tenth
# of creating and migrating a schema, which most of these tests would otherwise repeat.
_POOL: list[str] = []
_KEEP = ("schema_version", "meta", "search_totals")


def migrated_schema(server: PgServer) -> str:
    """The DSN of an empty, migrated schema (return it with :func:`release`)."""
    if _POOL:
        return _POOL.pop()
    from marsad.store import open_store

    dsn = new_schema(server)
    s = open_store(dsn)
    s.migrate()
    s.close()
    return dsn


def release(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as con:
        tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        con.execute(f"TRUNCATE {', '.join(t for t in tables if t not in _KEEP)} RESTART IDENTITY")
        con.execute("UPDATE search_totals SET docs = 0, terms = 0")
    _POOL.append(dsn)


@pytest.fixture
def pg_dsn(postgres_server: PgServer) -> Iterator[str]:
    """A new, empty schema (not migrated)."""
    dsn = new_schema(postgres_server)
    yield dsn
    drop_schema(postgres_server, dsn)


@pytest.fixture
def pg_store(postgres_server: PgServer) -> Iterator[Any]:
    from marsad.store import open_store

    dsn = migrated_schema(postgres_server)
    s = open_store(dsn)
    s.migrate()
    yield s
    s.close()
    release(dsn)


def pg_sql(store: Any, query: str, *params: object) -> list[tuple[Any, ...]]:
    cur = store._con().execute(query, params)
    return cur.fetchall() if cur.description else []  # type: ignore[no-any-return]


def snapshot(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table with its xmin (the transaction that last wrote it): equal
    snapshots mean nothing was rewritten, not just that the values came out the same."""
    tables = [r[0] for r in pg_sql(store, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
    return {t: sorted(pg_sql(store, f"SELECT xmin::text, t::text FROM {t} t")) for t in sorted(tables)}


# --- migrations, connection --------------------------------------------------------------------


def test_migrate_twice_changes_nothing_and_newer_schema_is_refused(pg_dsn: str) -> None:
    from marsad.errors import StoreError
    from marsad.store.postgres import MIGRATIONS, PostgresStore

    s = PostgresStore(pg_dsn)
    s.migrate()
    before = snapshot(s)
    assert {"articles", "entities", "article_entities", "article_tags", "quotes", "events", "minhashes",
            "vectors", "search_terms", "search_totals", "schema_version"} <= set(before)  # fmt: skip
    assert [int(r[1].strip("()").split(",")[0]) for r in before["schema_version"]] == [MIGRATIONS.latest]
    s.migrate()
    assert snapshot(s) == before
    pg_sql(s, "INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    s.close()
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(pg_dsn).migrate()


def test_unreachable_server_is_a_store_error_without_the_password(tmp_path: Path) -> None:
    from marsad.errors import StoreError
    from marsad.store import open_store

    s = open_store(f"postgresql://marsad:s3cret@/marsad?host={tmp_path}&port=5432&connect_timeout=2")
    assert "s3cret" not in s.path  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="cannot connect") as err:
        s.migrate()
    assert "s3cret" not in str(err.value)


# --- store behaviour -------------------------------------------------------------------------


def test_rewrite_leaves_every_row_untouched(pg_dsn: str, shared: Path) -> None:
    from test_store import ant_docs, rich_doc

    from marsad.store import open_store

    docs = [rich_doc(), *ant_docs(shared, 150)]
    s = open_store(pg_dsn)
    s.migrate()
    assert set(s.write(docs)) == {"stored"}
    before = snapshot(s)
    s.close()
    s = open_store(pg_dsn)
    s.migrate()
    assert s.write(docs) == ["unchanged"] * len(docs)
    assert snapshot(s) == before
    s.close()


def test_term_counts_follow_updates_and_match_a_rebuild(pg_store: Any, shared: Path) -> None:
    """search_terms/search_totals are kept incrementally; they must equal a full rebuild."""
    from test_store import ant_docs

    docs = ant_docs(shared, 60)
    pg_store.write(docs)
    edited = [d.model_copy(update={"article": d.article.model_copy(update={"body": d.article.title})}) for d in docs[:20]]
    pg_store.write(edited)
    incremental = (pg_sql(pg_store, "SELECT term, docs FROM search_terms ORDER BY term"),
                   pg_sql(pg_store, "SELECT docs, terms FROM search_totals"))  # fmt: skip
    assert incremental[1][0][0] == 60
    assert pg_store.reindex() == 60
    rebuilt = (pg_sql(pg_store, "SELECT term, docs FROM search_terms ORDER BY term"),
               pg_sql(pg_store, "SELECT docs, terms FROM search_totals"))  # fmt: skip
    assert incremental == rebuilt
    # a term's count is the number of articles whose index holds it
    term, n = incremental[0][len(incremental[0]) // 2]
    assert pg_sql(pg_store, "SELECT count(*) FROM article_terms WHERE terms @@ %s::tsquery", f"'{term}'") == [(n,)]


_PROPERTY_TABLES = "articles, article_terms, minhashes, vectors, entities, article_entities, article_tags, quotes, events, search_terms"


def test_property_write_then_get_is_identity(pg_store: Any) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from test_store import _doc

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    # an id with U+0000 is refused on PostgreSQL (test_nul_characters below)
    @given(docs=st.lists(_doc.filter(lambda d: "\x00" not in d.id), min_size=1, max_size=4, unique_by=lambda d: d.id))
    def check(docs: list[Any]) -> None:
        pg_sql(pg_store, f"TRUNCATE {_PROPERTY_TABLES} RESTART IDENTITY")
        pg_sql(pg_store, "UPDATE search_totals SET docs = 0, terms = 0")
        assert pg_store.write(docs) == ["stored"] * len(docs)
        for d in docs:
            assert pg_store.get(d.id) == d
        assert pg_store.write(docs) == ["unchanged"] * len(docs)
        assert [d.id for d in pg_store.iter_docs(batch=2)] == [d.id for d in docs]

    check()


def test_nul_characters(pg_store: Any) -> None:
    """PostgreSQL text cannot hold U+0000: text columns drop it (the doc JSON keeps it, so
    the doc reads back exact); an article id with it is refused alone."""
    from test_store import KIM, make_doc

    from marsad.store import SearchQuery

    body = "تقرير عن روسيا\x00 وأوكرانيا"
    ok = make_doc(1, title="عنوان\x00", body=body, entities=(KIM, KIM.model_copy(update={"id": "kb:kim\x00"})))
    bad = make_doc(2)
    bad = bad.model_copy(update={"article": bad.article.model_copy(update={"id": "x\x00y"})})
    assert pg_store.write([bad, ok]) == ["failed:store-nul-in-id", "stored"]
    assert pg_store.get(ok.id) == ok and pg_store.get(bad.article.id) is None
    assert [h.id for h in pg_store.search(SearchQuery("روسيا"))] == [ok.id]
    assert (pg_store.entity("kb:kim") or pytest.fail()).articles == 1


def test_long_body_stays_within_tsvector_limits(pg_store: Any) -> None:
    from test_store import make_doc

    from marsad.store import SearchQuery

    # ~40k words, 20k distinct: beyond 16,383 positions and 256 positions per lexeme
    body = " ".join(f"كلمة{i % 20000} روسيا" for i in range(20000)) + " أوكرانيا"
    doc = make_doc(1, title="تقرير طويل", body=body)
    assert pg_store.write([doc]) == ["stored"]
    assert [h.id for h in pg_store.search(SearchQuery("روسيا"))] == [doc.id]
    assert [h.id for h in pg_store.search(SearchQuery("أوكرانيا"))] == [doc.id]  # the very last word
    assert pg_store.get(doc.id) == doc


# --- search: test_search.py's checks, on PostgreSQL --------------------------------------------

SEARCH_CHECKS = [
    "test_title_match_outranks_body_only_match",
    "test_normalised_forms_match",
    "test_stemming_finds_clitic_forms_and_keeps_names_apart",
    "test_phrase_and_prefix_queries",
    "test_filters_outlet_dates_limit_offset_duplicates",
    "test_snippets_are_escaped_and_cut_from_display_text",
    "test_very_common_words_are_not_required",
]


@pytest.mark.parametrize("name", SEARCH_CHECKS)
def test_search_behaviour(pg_store: Any, name: str) -> None:
    import test_search

    getattr(test_search, name)(pg_store)


def test_search_agrees_with_sqlite_on_real_articles(pg_store: Any, tmp_path: Path, shared: Path) -> None:
    """Same ANT articles in both stores: the same hits in the same order, the same bm25."""
    from test_store import ant_docs

    from marsad.store import SearchQuery, open_store

    docs = ant_docs(shared, 300)
    lite = open_store(str(tmp_path / "lite.db"))
    lite.migrate()
    lite.write(docs)
    pg_store.write(docs)
    queries = ["السعودية", "الرئيس الأمريكي", '"البيت الأبيض"', "سوري*", "على", "في على من", "ترامب إيران"]
    for d in docs[::15]:
        words = [w for w in d.article.title.split() if len(w) > 3]
        queries += [" ".join(words[:3]), words[-1]] if words else []
    assert len(queries) > 30
    compared = 0
    for q in queries:
        for kw in ({}, {"limit": 5, "offset": 3}, {"outlet": docs[0].article.outlet}):
            want = lite.search(SearchQuery(q, **kw))  # type: ignore[arg-type]
            got = pg_store.search(SearchQuery(q, **kw))  # type: ignore[arg-type]
            assert [h.id for h in got] == [h.id for h in want], (q, kw)
            assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-3), (q, kw)
            assert [(h.snippet, h.title_html, h.published) for h in got] == [
                (h.snippet, h.title_html, h.published) for h in want
            ]
            compared += len(want)
    assert compared > 300
    lite.close()


# --- real articles through the ingest path and the CLI -----------------------------------------

NLP_STAGES = ("clean", "language", "dedup", "entities", "tags", "quotes", "events")
CHEAP_STAGES = "clean,language,dedup"


@pytest.fixture(scope="module")
def ant_file(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """The first 30 ANT records as a JSON Lines file (a temporary copy, never in the repo)."""
    import gzip

    path = tmp_path_factory.mktemp("ant") / "ant30.jsonl"
    with gzip.open(shared / ANT, "rt", encoding="utf-8") as src:
        path.write_text("".join(itertools.islice(src, 30)), encoding="utf-8")
    return path


def _fold_variants(word: str) -> list[str]:
    """Spellings folding must join: أ/إ/آ -> ا, ة -> ه, ى -> ي (and back)."""
    swaps = [("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ة", "ه"), ("ى", "ي")]
    out = []
    for a, b in swaps:
        if a in word:
            out.append(word.replace(a, b))
    if word.endswith("ه"):
        out.append(word[:-1] + "ة")
    return out


def test_ingest_real_articles_function_and_cli(
    postgres_server: PgServer, pg_dsn: str, tmp_path: Path, sample_page: Path, ant_file: Path
) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app
    from marsad.ingest import IngestOptions, ingest
    from marsad.store import SearchQuery, open_store

    # the importable function, with the NLP stages, on the aggregator page (two articles)
    pg = open_store(pg_dsn)
    pg.migrate()
    first = ingest([str(sample_page)], pg, IngestOptions(stages=NLP_STAGES))
    assert first.as_dict() == {"stored": 2}, first.as_dict()
    # the same docs into SQLite: both backends must answer alike (the store is under test
    # here, not whether two pipeline runs agree)
    docs = list(pg.iter_docs())
    assert all(d.ann.entities for d in docs)
    lite = open_store(str(tmp_path / "lite.db"))
    lite.migrate()
    assert lite.write(docs) == ["stored"] * len(docs)
    assert list(lite.iter_docs()) == docs
    ents = lite.top_entities(limit=100)
    assert len(ents) >= 5 and pg.top_entities(limit=100) == ents
    for e in ents[:6]:
        assert pg.entity(e.id) == lite.entity(e.id)
        assert [d.id for d in pg.entity_articles(e.id)] == [d.id for d in lite.entity_articles(e.id)]
        assert pg.entity_counts_by_day(e.id) == lite.entity_counts_by_day(e.id)
        assert pg.entity_quotes(e.id) == lite.entity_quotes(e.id)
    pairs = [(a.id, b.id) for a, b in itertools.combinations(ents[:6], 2)]
    assert any(lite.pair_articles(a, b) for a, b in pairs)
    for a, b in pairs:
        assert [d.id for d in pg.pair_articles(a, b)] == [d.id for d in lite.pair_articles(a, b)]
        assert pg.pair_counts_by_day(a, b) == lite.pair_counts_by_day(a, b)
        assert pg.pair_events(a, b) == lite.pair_events(a, b)
    for tag in {t for d in docs for t in d.article.page_tags}:
        assert [d.id for d in pg.tag_articles(tag)] == [d.id for d in lite.tag_articles(tag)] != []
    own = ("db_bytes", "path", "schema_version")  # each backend's own
    assert {k: v for k, v in pg.stats().items() if k not in own} == {
        k: v for k, v in lite.stats().items() if k not in own
    }

    # the CLI, on real ANT records, into the same PostgreSQL store
    runner = CliRunner()
    args = ["ingest", str(ant_file), "--db", pg_dsn, "--stages", CHEAP_STAGES, "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    n = pg.count()
    assert n > 20
    # re-ingest is idempotent: every record unchanged, no row rewritten
    before = snapshot(pg)
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "unchanged" in again.output
    assert ingest([str(sample_page)], pg, IngestOptions(stages=NLP_STAGES)).as_dict() == {"unchanged": 2}
    redo = ingest([str(ant_file)], pg, IngestOptions(stages=tuple(CHEAP_STAGES.split(",")), reprocess=True))
    assert set(redo.as_dict()) <= {"unchanged", "repeated"}, redo.as_dict()
    assert pg.count() == n and snapshot(pg) == before

    # Arabic search with folding: every headline word, respelled, finds its article
    checked = 0
    for d in pg.iter_docs():
        for word in d.article.title.split():
            for variant in _fold_variants(word.strip("«»\"'.,:؛،")):
                hits = [h.id for h in pg.search(SearchQuery(variant, limit=50, include_duplicates=True))]
                assert d.id in hits, (word, variant)
                checked += 1
    assert checked >= 20
    assert pg.search(SearchQuery("بيونج يانج"))[0].id in {d.id for d in docs}  # spelling variant of بيونغ يانغ
    lite.close()
    pg.close()
