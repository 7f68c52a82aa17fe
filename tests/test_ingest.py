"""End-to-end ingest: the aggregator sample, idempotency, resume after kill -9, bad input in a batch."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from marsad.ingest import IngestOptions, ingest
from marsad.store import open_store

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
        return con.execute("SELECT id, title, body, published, outlet, doc FROM articles ORDER BY id").fetchall()
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
    cmd = [sys.executable, "-m", "marsad.cli", "ingest", str(corpus), "--db", str(db),
           "--stages", ",".join(BASIC), "--batch-size", "50", "-q"]
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
        json.dumps({"title": "خبر سليم", "text": "نص خبر سليم عن الطقس في عمان.", "date": "2024-01-02"}, ensure_ascii=False)
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
    summary = ingest([str(good), str(truncated), str(empty), str(sample_page)], store, IngestOptions(stages=BASIC))
    store.close()
    counts = summary.as_dict()
    assert counts.get("stored", 0) >= 3  # the good line, the sample's two, and what the truncated gzip held
    assert any(k.startswith("failed:") and "json" in k for k in counts), counts
    assert any(k.startswith("failed:") and "gzip" in k for k in counts), counts
    assert any(k.startswith("discarded:") for k in counts), counts
    assert any(k.startswith("failed:") and "empty" in k for k in counts), counts


def test_a_record_read_twice_in_one_run_is_counted_once_stored(tmp_path: Path) -> None:
    rec = {"url": "https://news.test/a?utm_source=x", "title": "خبر", "text": "نص خبر عن الأمطار في تونس اليوم."}
    again = dict(rec, url="https://www.news.test/a")  # the same page under another address
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (rec, again)) + "\n", encoding="utf-8")
    store = open_store(str(tmp_path / "r.db"))
    store.migrate()
    summary = ingest([str(path)], store, IngestOptions(stages=BASIC))
    assert summary.as_dict() == {"stored": 1, "repeated": 1}
    assert store.count() == 1
    store.close()
