"""End-to-end ingest: the aggregator sample, idempotency, resume after kill -9, bad input in a batch;
and the batched store lookups (one query per chunk) on both backends."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_store_postgres import migrated_schema, postgres_server, release  # noqa: F401  (fixture)

from marsad.ingest import IngestOptions, ingest
from marsad.model import Article, short_hash
from marsad.store import Store, open_store
from marsad.text.urls import canonical_url

BASIC = ("clean", "language", "dedup")
FIVE_TAGS = {
    "أمريكا وكوريا الشمالية",
    "أوكرانيا",
    "روسيا وأمريكا",
    "روسيا وكوريا الشمالية",
    "كوريا الشمالية وروسيا",
}


def test_aggregator_sample_stores_two_linked_articles(tmp_path: Path, sample_page: Path) -> None:
    store = open_store(str(tmp_path / "x.db"))
    store.migrate()
    summary = ingest([str(sample_page)], store, IngestOptions(stages=BASIC))
    assert summary.counts["stored"] == 2, summary.as_dict()
    assert summary.total == 2
    docs = list(store.iter_docs())
    main = next(d for d in docs if d.article.page_tags)
    related = next(d for d in docs if d is not main)
    assert main.article.title.startswith("كوريا الشمالية تدعم روسيا عسكرياً")
    assert main.article.outlet == "عين ليبيا"
    assert main.article.published is not None
    assert main.article.published.isoformat() == "2025-04-28T00:00:00+00:00"
    assert set(main.article.page_tags) == FIVE_TAGS and len(main.article.page_tags) == 5
    assert related.article.id in main.article.related_keys
    assert related.article.title.startswith("شاركت في معارك كورسك")
    # the related article has no date or outlet of its own: never invented
    assert related.article.published is None and related.article.outlet is None
    assert main.article.language == "ar"
    # display text is never altered: the mismatched mark survives as printed
    assert "بـ”التورط المباشر”" in main.article.body
    store.close()


def test_reingest_is_idempotent(tmp_path: Path, sample_page: Path) -> None:
    db = tmp_path / "x.db"
    store = open_store(str(db))
    store.migrate()
    ingest([str(sample_page)], store, IngestOptions(stages=BASIC))
    before = _dump(db)
    again = ingest([str(sample_page)], store, IngestOptions(stages=BASIC))
    store.close()
    assert again.counts["unchanged"] == 2 and again.total == 2
    assert _dump(db) == before


def _dump(db: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT id, title, body, published, outlet, doc FROM articles ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def _write_corpus(path: Path, n: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(n):
            rec = {
                "url": f"https://example.test/news/{i}",
                "title": f"عنوان الخبر رقم {i} عن الاقتصاد في المنطقة",
                "text": f"نص الخبر رقم {i}. " + " ".join(f"كلمة{i}_{j}" for j in range(60)),
                "date": "2024-05-01T10:00:00Z",
                "source": "مصدر تجريبي",
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def test_killed_ingest_resumes_without_loss_or_doubles(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl.gz"
    _write_corpus(corpus, 3000)
    db = tmp_path / "k.db"
    cmd = [
        sys.executable,
        "-m",
        "marsad.cli",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--stages",
        ",".join(BASIC),
        "--batch-size",
        "50",
        "-q",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill -9 once some batches are committed
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.Error:
                continue
            if n >= 200:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert 0 < partial < 3000
    assert partial % 50 == 0  # whole batches only

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(db)
    total, distinct = con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    con.close()
    assert total == distinct == 3000


def test_bad_input_in_a_batch_is_counted_not_fatal(tmp_path: Path, sample_page: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps(
            {"title": "خبر سليم", "text": "نص خبر سليم عن الطقس في عمان.", "date": "2024-01-02"},
            ensure_ascii=False,
        )
        + "\n{not json\n"
        + json.dumps({"title": "", "text": ""})
        + "\n",
        encoding="utf-8",
    )
    truncated = tmp_path / "trunc.jsonl.gz"
    _write_corpus(truncated, 50)
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    store = open_store(str(tmp_path / "b.db"))
    store.migrate()
    summary = ingest(
        [str(good), str(truncated), str(empty), str(sample_page)], store, IngestOptions(stages=BASIC)
    )
    store.close()
    counts = summary.as_dict()
    assert counts.get("stored", 0) >= 3  # the good line, the sample's two, and what the truncated gzip held
    assert any(k.startswith("failed:") and "json" in k for k in counts), counts
    assert any(k.startswith("failed:") and "gzip" in k for k in counts), counts
    assert any(k.startswith("discarded:") for k in counts), counts
    assert any(k.startswith("failed:") and "empty" in k for k in counts), counts


def test_a_record_read_twice_in_one_run_is_counted_once_stored(tmp_path: Path) -> None:
    rec = {
        "url": "https://news.test/a?utm_source=x",
        "title": "خبر",
        "text": "نص خبر عن الأمطار في تونس اليوم.",
    }
    again = dict(rec, url="https://www.news.test/a")  # the same page under another address
    path = tmp_path / "r.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (rec, again)) + "\n", encoding="utf-8"
    )
    store = open_store(str(tmp_path / "r.db"))
    store.migrate()
    summary = ingest([str(path)], store, IngestOptions(stages=BASIC))
    assert summary.as_dict() == {"stored": 1, "repeated": 1}
    assert store.count() == 1
    store.close()


# --- batched store lookups (one query per chunk), on both backends ---------------------------

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Opens (and migrates) a new, empty store on the backend at each call."""
    targets: list[str] = []
    opened: list[Store] = []

    def open_() -> Store:
        if request.param == "sqlite":
            targets.append(str(tmp_path / f"{len(targets)}.db"))
        else:
            targets.append(migrated_schema(request.getfixturevalue("postgres_server")))
        s = open_store(targets[-1])
        s.migrate()
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()
    for t in targets:
        if request.param == "postgres":
            release(t)


class Counting:
    """A store that counts the calls made to it (by ingest and by the stages it binds)."""

    def __init__(self, store: Store, fail_write: int = 0):
        self.store, self.calls, self.fail_write = store, Counter[str](), fail_write

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.store, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            if name == "write" and self.calls[name] == self.fail_write:
                raise KilledError("the process died mid-run")
            return attr(*args, **kwargs)

        return counted


class KilledError(Exception):
    pass


def _copy(art: Article, key: str, **update: Any) -> Article:
    return art.model_copy(
        update={"id": short_hash("copy", key, art.id), "url": f"https://copies.test/{key}/{art.id}", **update}
    )


def _with_copies(shared: Path, n: int) -> tuple[list[Article], dict[str, str]]:
    """``n`` real ANT articles with exact and near copies of some of them (copy id -> the
    original's id): some right after their original (the same chunk), some at the end (a
    later chunk)."""
    from test_store import ant_docs

    arts = [d.article for d in ant_docs(shared, n)]
    long = [a for a in arts if len(a.body.split()) > 80]
    items: list[Article] = []
    originals: dict[str, str] = {}
    for i, a in enumerate(arts):
        items.append(a)
        if a in long[:6] and i % 2:
            exact = _copy(a, "exact")
            near = _copy(a, "near", body=f"عمان (وكالات) - {a.body} انتهى")
            items += [exact, near]
            originals |= {exact.id: a.id, near.id: a.id}
    for a in long[6:10]:
        exact = _copy(a, "late")
        items.append(exact)
        originals[exact.id] = a.id
    return items, originals


def test_batched_lookups_match_one_by_one_and_see_the_same_batch(
    new_store: Callable[[], Store], shared: Path
) -> None:
    from marsad.ingest import process
    from marsad.pipeline import build

    items, originals = _with_copies(shared, 80)
    assert len(originals) >= 8
    first, second = items[:60], items[40:]  # the second run repeats 20 and brings the rest
    ran_first = {a.id for a in first}
    # copies whose original only the store knows (the stage's memory starts empty each run)
    assert any(originals[c] in ran_first for c in originals if c not in ran_first)
    results = []
    for size in (1, 25):  # one article per chunk is the per-article lookup
        store = Counting(new_store())
        runs = [process(run, store, build(BASIC), batch_size=size).as_dict() for run in (first, second)]  # type: ignore[arg-type]
        results.append((runs, list(store.iter_docs())))
        chunks = -(-len(first) // size) + -(-len(second) // size)
        # one existence check per chunk; a key lookup per chunk with new docs, never per article
        assert store.calls["existing"] == chunks
        assert store.calls["find_by_hashes"] == store.calls["find_by_urls"] <= chunks
        assert store.calls["exists"] == store.calls["find_by_hash"] == store.calls["find_by_url"] == 0
        # a doc is read back only to follow a stored near-duplicate to its original
        assert store.calls["get"] <= len(originals)
    (runs, docs), (runs_batched, docs_batched) = results
    assert runs_batched == runs and docs_batched == docs
    assert runs[1]["unchanged"] == 20
    dup_of = {d.id: d.ann.duplicate_of for d in docs}
    # every copy points at its original: in the same chunk, a later chunk and a later run
    assert {c: dup_of[c] for c in originals} == originals
    assert sum(runs[0].get(k, 0) + runs[1].get(k, 0) for k in ("stored", "duplicate")) == len(docs)


def test_a_bad_key_in_a_chunk_fails_alone(new_store: Callable[[], Store], shared: Path) -> None:
    """Text no store can hold in a duplicate key must not fail the chunk's batched lookups."""
    from test_store import ant_docs

    from marsad.ingest import process
    from marsad.pipeline import build

    good = [d.article for d in ant_docs(shared, 4)]
    # keys a store cannot hold: a lone surrogate (not UTF-8), U+0000 (not PostgreSQL text)
    surrogate = _copy(good[0], "s", url="https://bad.test/\ud800", title="خبر أول", body="نص قصير عن الأمطار")
    nul = _copy(good[1], "n", url="https://bad.test/a\x00b", title="خبر ثان", body="نص قصير عن الرياح")
    nul_id = _copy(good[2], "i", title="خبر ثالث", body="نص قصير عن الثلوج").model_copy(
        update={"id": "x\x00y"}
    )
    store = new_store()
    items = [good[0], surrogate, good[1], nul, nul_id, *good[2:]]
    summary = process(items, store, build(BASIC), batch_size=10)
    counts = summary.as_dict()
    assert summary.total == len(items) and counts["failed:store-invalid-doc"] == 1, counts  # the surrogate
    # PostgreSQL refuses an id with U+0000 alone; SQLite keeps it
    assert set(counts) <= {"stored", "failed:store-invalid-doc", "failed:store-nul-in-id"}, counts
    assert store.existing(a.id for a in items) == {a.id for a in [*good, nul, nul_id] if store.exists(a.id)}
    assert store.existing(a.id for a in [*good, nul]) == {a.id for a in [*good, nul]}  # none lost
    keys = [canonical_url(a.url) or "" for a in (surrogate, nul)]
    assert store.find_by_urls(keys) == {keys[1]: nul.id}


def test_a_run_killed_mid_chunk_resumes_without_loss(new_store: Callable[[], Store], shared: Path) -> None:
    from marsad.ingest import process
    from marsad.pipeline import build

    items, _ = _with_copies(shared, 60)
    store = new_store()
    with pytest.raises(KilledError):
        process(items, Counting(store, fail_write=3), build(BASIC), batch_size=20)  # type: ignore[arg-type]
    assert store.count() == 40  # the two chunks written before the kill
    again = process(items, store, build(BASIC), batch_size=20)
    assert again.counts["unchanged"] == 40
    assert store.count() == len({a.id for a in items})
    assert again.total == len(items)
