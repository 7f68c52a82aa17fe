"""The CLI as a user runs it: real subprocesses on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "marsad.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def test_ingest_search_export_stats(tmp_path: Path, sample_page: Path) -> None:
    db = str(tmp_path / "x.db")
    r = run("ingest", str(sample_page), "--db", db, "--stages", "clean,language,dedup", "-q")
    assert r.returncode == 0, r.stderr
    assert "stored" in r.stderr and "total" in r.stderr

    r = run("search", "كوريا الشمالية", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    hits = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(hits) == 2
    assert all("<mark>" in h["snippet"] for h in hits)

    r = run("export", "--db", db, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(recs) == 2
    for key in ("id", "url", "title", "published", "outlet", "language", "body", "page_tags", "related", "duplicate_of", "source"):
        assert all(key in rec for rec in recs), key
    main = next(r for r in recs if r["page_tags"])
    other = next(r for r in recs if r is not main)
    assert other["id"] in main["related"]
    assert main["published"].startswith("2025-04-28T00:00:00")

    r = run("stats", "--db", db)
    assert r.returncode == 0, r.stderr


def test_domain_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    r = run("search", "x", "--db", str(tmp_path / "missing.db"))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "no database" in r.stderr
    r = run("ingest", "x.jsonl", "--db", str(tmp_path / "y.db"), "--field", "nonsense")
    assert r.returncode == 1 and "NAME=FIELD" in r.stderr


def test_demo_without_serving(tmp_path: Path) -> None:
    r = run("demo", "--db", str(tmp_path / "demo.db"), "--no-serve")
    assert r.returncode == 0, r.stderr
    assert "stored" in r.stderr


def test_eval_events_scores_the_stages_asked_for(shared: Path) -> None:
    """`--stages` chooses the pipeline scored: the rules-only baseline of the actor ranker here.
    An unknown stage is a message, not a traceback."""
    labels = str(Path(__file__).resolve().parents[1] / "eval" / "events" / "actors_test.tsv")
    r = run("eval", "events", labels, "--stages", "entities,events-rules", "--corpus", str(shared / "corpus"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("stages: entities, events-rules") and "source country" in r.stdout
    r = run("eval", "events", labels, "--stages", "no-such-stage")
    assert r.returncode == 1 and "Traceback" not in r.stderr
