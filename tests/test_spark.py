"""The Spark job (marsad.scale) against the single-process pipeline, on real ../shared data.

One real local Spark session runs the job once over a small mixed input built in a temp folder:
ANT articles as JSON Lines (with a malformed line and the same text under another URL),
a WARC.gz of two real Arabic news pages from ../shared/html plus one ANT article
(the same URL as in the JSON Lines), and a WARC.gz of two more ANT articles cut short.
The Parquet tables must hold what the pipeline gives for the same documents, one
row per article kept, and every input record must be counted under a named outcome.
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.errors import ConfigError
from marsad.export import RECORD_FIELDS, record
from marsad.model import Article, Doc
from marsad.outcomes import Rejected
from marsad.scale.records import Copies, Unit, first_copy, pipeline_for, read_unit, units
from marsad.scale.tables import TABLES, doc_rows
from marsad.sources import iter_source
from marsad.text.stages import content_hash

STAGES = ("clean", "language", "entities", "tags", "quotes", "claims", "events")
N_JSONL = 8  # ANT articles in the JSON Lines file: enough for entities, events and quotes


def _ant_records(shared: Path, n: int, skip: int = 0) -> list[dict[str, Any]]:
    with gzip.open(shared / "corpus" / "ant_multisource_v2.1.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, skip, skip + n)]


def _page(rec: dict[str, Any]) -> bytes:
    """An ANT article as the minimal news page a crawler would have fetched."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    title = html.escape(rec["title"])
    return (
        f'<html lang="ar"><head><title>{title}</title></head><body><article><h1>{title}</h1>'
        f"{paras}</article></body></html>"
    ).encode()


def _write_warc(path: Path, pages: list[tuple[str, bytes]]) -> list[int]:
    """A WARC.gz of HTTP 200 responses; the offset where each record ends."""
    ends = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))
            ends.append(fh.tell())
    return ends


def _build_inputs(shared: Path, folder: Path) -> list[str]:
    ant = _ant_records(shared, N_JSONL + 2)
    lines = [json.dumps(r, ensure_ascii=False) for r in ant[:N_JSONL]]
    lines.insert(3, '{"title": "سطر مقطوع", "text": ')  # malformed: failed:bad-json, the rest read
    (folder / "ant.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the same text under another URL (a syndicated copy), in another file: discarded:duplicate
    mirror = {**ant[1], "url": "http://mirror.example/copy.html"}
    with gzip.open(folder / "mirror.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(mirror, ensure_ascii=False) + "\n")
    html_dir = shared / "html"
    pages = [
        (
            "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html",
            (html_dir / "newspaper4k_multilingual/tests/data/html/arabic_article.html").read_bytes(),
        ),
        ("http://www.assabah.com.tn/article/164913", (html_dir / "trafilatura_eval/assabah.com.tn.article.html").read_bytes()),
        (ant[0]["url"], _page(ant[0])),  # the JSON Lines' first article again: repeated
    ]
    _write_warc(folder / "crawl.warc.gz", pages)
    cut = folder / "cut.warc.gz"
    ends = _write_warc(cut, [(r["url"], _page(r)) for r in ant[N_JSONL : N_JSONL + 2]])
    data = cut.read_bytes()
    cut.write_bytes(data[: (ends[0] + ends[1]) // 2])  # inside the second record: failed:truncated-warc
    return [str(folder / n) for n in ("ant.jsonl", "crawl.warc.gz", "mirror.jsonl.gz", "cut.warc.gz")]


@dataclass
class Reference:
    """The single-process answer: every input read in order, copies dropped, the pipeline run."""

    docs: dict[str, Doc]
    outcomes: Counter[str]


def _reference(inputs: list[str]) -> Reference:
    # the driver's pipeline, built before the job started (a fresh build would only load the
    # same models again). A stage carrying state from one document to the next would still
    # show here: the job's workers each ran theirs over a different subset, in another order.
    pipeline = pipeline_for(STAGES)
    docs: dict[str, Doc] = {}
    ids: set[str] = set()
    hashes: set[str] = set()
    outcomes: Counter[str] = Counter()
    for target in inputs:
        for item in iter_source(target):
            if isinstance(item, Rejected):
                outcomes[item.outcome] += 1
            elif item.id in ids:
                outcomes["repeated"] += 1
            elif (h := content_hash(item.title, item.body)) in hashes:
                ids.add(item.id)
                outcomes["discarded:duplicate"] += 1
            else:
                ids.add(item.id)
                hashes.add(h)
                docs[item.id] = pipeline(Doc(article=item))
                outcomes["annotated"] += 1
    return Reference(docs, outcomes)


@pytest.fixture(scope="module")
def spark_run(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, list[str]]:
    """One real run of the job (its own session, started and stopped) over the inputs.

    local[1] with three partitions: the copies still meet across partitions and the one
    worker reuses its models between tasks, while a second worker would load the models
    again — on the shared 2-core machine, ~10 s more than the whole budget allows
    (bench/spark.py runs local[2])."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'marsad[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: Spark needs Java 17+")
    from marsad.scale.spark import annotate_with_spark

    folder = tmp_path_factory.mktemp("spark-in")
    inputs = _build_inputs(shared, folder)
    out = tmp_path_factory.mktemp("spark-out")
    summary = annotate_with_spark(inputs, out, stages=STAGES, master="local[1]", partitions=3, overwrite=True)
    return summary, out, inputs


@pytest.fixture(scope="module")
def reference(spark_run: tuple[Any, Path, list[str]]) -> Reference:
    return _reference(spark_run[2])


def _table(out: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(out / name).to_pylist()


def test_every_record_has_its_outcome(spark_run: tuple[Any, Path, list[str]], reference: Reference) -> None:
    summary, out, _ = spark_run
    # the damage in the inputs is there, each counted once, and the rest was still annotated
    for outcome in ("failed:bad-json", "failed:truncated-warc", "repeated", "discarded:duplicate"):
        assert summary.counts[outcome] == 1, (outcome, summary.as_dict())
    assert summary.as_dict() == dict(sorted(reference.outcomes.items()))
    on_disk = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert on_disk["outcomes"] == summary.as_dict()
    assert on_disk["tables"] == summary.tables


def test_articles_agree_with_the_pipeline(spark_run: tuple[Any, Path, list[str]], reference: Reference) -> None:
    summary, out, _ = spark_run
    rows = _table(out, "articles")
    assert sorted(r["id"] for r in rows) == sorted(reference.docs)  # copies dropped across files
    assert summary.tables["articles"] == len(rows)
    assert any(r["source"].startswith("warc:") for r in rows) and any(r["source"].startswith("jsonl:") for r in rows)
    for row in rows:
        expected = record(reference.docs[row["id"]])
        for name in ("entities", "quotes", "claims", "events"):
            assert json.loads(row[name]) == expected[name], (row["id"], name)
        assert {k: v for k, v in row.items() if k not in ("entities", "quotes", "claims", "events")} == {
            k: v for k, v in expected.items() if k not in ("entities", "quotes", "claims", "events")
        }


def test_articles_table_has_the_export_schema(spark_run: tuple[Any, Path, list[str]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(next((spark_run[1] / "articles").glob("*.parquet")))
    assert tuple(schema.names) == RECORD_FIELDS
    for name in RECORD_FIELDS:
        expected_list = name in ("page_tags", "related", "tags")  # marsad.export's list columns
        assert pa.types.is_list(schema.field(name).type) == expected_list, name
        if not expected_list:
            assert pa.types.is_string(schema.field(name).type), name


def test_flat_tables_agree_with_the_pipeline(spark_run: tuple[Any, Path, list[str]], reference: Reference) -> None:
    summary, out, _ = spark_run
    for table, key in (("entities", "entity_id"), ("events", "type"), ("quotes", "start")):
        rows = _table(out, table)
        columns = [c for c, _ in TABLES[table]]
        assert all(list(row) == columns for row in rows)
        assert summary.tables[table] == len(rows)
        got: dict[str, list[Any]] = {}
        for row in rows:
            got.setdefault(row["article_id"], []).append(row[key])
        expected = {
            doc_id: sorted(r[columns.index(key)] for r in doc_rows(doc)[table])
            for doc_id, doc in reference.docs.items()
        }
        assert {k: sorted(v) for k, v in got.items()} == {k: v for k, v in expected.items() if v}, table
    # the sample is big enough that every table is exercised
    assert all(summary.tables[t] > 0 for t in ("entities", "events", "quotes")), summary.tables


def test_entity_rows_point_at_their_evidence(spark_run: tuple[Any, Path, list[str]]) -> None:
    out = spark_run[1]
    bodies = {r["id"]: (r["title"], r["body"]) for r in _table(out, "articles")}
    for row in _table(out, "entities"):
        mentions = json.loads(row["mentions"])
        assert row["count"] == len(mentions) > 0
        for m in mentions:
            text = bodies[row["article_id"]][0 if m["field"] == "title" else 1]
            assert text[m["start"] : m["end"]] == m["text"]


def test_refuses_global_stages_and_urls_before_starting(tmp_path: Path) -> None:
    from marsad.scale.spark import annotate_with_spark

    with pytest.raises(ConfigError, match="dedup"):
        annotate_with_spark(["x.jsonl"], tmp_path, stages=("clean", "dedup"))
    with pytest.raises(ConfigError, match="URL"):
        annotate_with_spark(["https://example.com/feed.xml"], tmp_path, stages=("clean",))
    (tmp_path / "articles").mkdir()
    with pytest.raises(ConfigError, match="already holds"):
        annotate_with_spark(["x.jsonl"], tmp_path, stages=("clean",))


def test_cli_turns_a_bad_input_into_a_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    args = ["spark", "annotate", "https://example.com/feed.xml", "--out", str(tmp_path / "out")]
    r = subprocess.run([sys.executable, "-m", "marsad.cli", *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "not URLs" in r.stderr and "Traceback" not in r.stderr


# --- the per-record functions, without a cluster ---------------------------------------------


def _article(n: int) -> Article:
    return Article(id=f"a{n}", title=f"عنوان {n}", body="نص", source=f"test#{n}")


def test_first_copy_keeps_the_earliest_whatever_the_reduce_order() -> None:
    copies = [Copies((u, s), _article(u * 10 + s)) for u, s in ((1, 2), (0, 5), (2, 1), (0, 3))]
    results = [first_copy(first_copy(a, b), first_copy(c, d)) for a, b, c, d in itertools.permutations(copies)]
    assert {(r.order, r.count) for r in results} == {((0, 3), 4)}
    assert all(r.dropped for r in results)


def test_read_unit_orders_records_and_walks_folders(shared: Path, tmp_path: Path) -> None:
    records = _ant_records(shared, 3)
    sub = tmp_path / "in"
    sub.mkdir()
    (sub / "b.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    (sub / "a.bin").write_bytes(b"\x00\x01 not news")
    work = units([str(sub), str(tmp_path / "missing.jsonl")])
    assert [(u.index, Path(u.path).name, u.in_folder) for u in work] == [
        (0, "a.bin", True),
        (1, "b.jsonl", True),
        (2, "missing.jsonl", False),
    ]
    read = [item for unit in work for item in read_unit(unit)]
    assert [order for order, _ in read] == [(0, 1), (1, 1), (1, 2), (1, 3), (2, 1)]
    kinds = [i.outcome if isinstance(i, Rejected) else "article" for _, i in read]
    assert kinds == ["discarded:unsupported", "article", "article", "article", "failed:not-found"]
    assert read_unit(Unit(7, str(sub / "b.jsonl"))).__next__()[0] == (7, 1)


def test_part_files_appear_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    from marsad.scale.parquet import prepare, write_partition
    from marsad.scale.records import Result

    prepare(tmp_path)
    docs = [Doc(article=_article(n)) for n in range(3)]
    results = [Result("annotated", 1, d.article.source, doc_rows(d)) for d in docs] + [Result("failed:bad-json")]
    [(summary, rows)] = list(write_partition(4, iter(results), str(tmp_path)))
    assert summary.as_dict() == {"annotated": 3, "failed:bad-json": 1}
    assert rows == {"articles": 3, "entities": 0, "events": 0, "quotes": 0}
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["part-00004.parquet"]
    assert pq.read_table(tmp_path / "articles").column("id").to_pylist() == ["a0", "a1", "a2"]

    def broken() -> Iterator[Result]:
        yield results[0]
        raise RuntimeError("task killed")

    monkeypatch.setattr("marsad.scale.parquet.ROW_GROUP", 1)  # a row group is on disk when the task dies
    with pytest.raises(RuntimeError):
        list(write_partition(5, broken(), str(tmp_path)))
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["part-00004.parquet"]


def test_the_job_uses_only_public_names_of_other_modules() -> None:
    """scale/ builds on sources, export and the pipeline through their public API: a private
    name imported from another module would break silently when that module is refactored."""
    import ast

    import marsad.scale

    private = []
    for path in sorted(Path(marsad.scale.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level != 1:  # not a sibling in scale/
                names = [a.name for a in node.names]
                private += [f"{path.name}: {node.module}.{n}" for n in names if n.startswith("_")]
    assert private == []
