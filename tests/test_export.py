"""Exports: every format, the pinned record fields, read back with the usual readers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_store import ant_docs, make_doc, rich_doc

from marsad.errors import ConfigError
from marsad.export import GDELT_COLUMNS, RECORD_FIELDS, export, goldstein_by_root, quad_class, record
from marsad.model import Doc
from marsad.store import open_store
from marsad.store.sqlite import SQLiteStore

PINNED = ("id", "url", "title", "published", "outlet", "language", "body", "page_tags", "related",
          "duplicate_of", "source")  # fmt: skip


@pytest.fixture
def docs(shared: Path) -> list[Doc]:
    rich = rich_doc()
    rich = rich.model_copy(
        update={"article": rich.article.model_copy(update={"related_keys": ("page-1", rich.id)})}
    )
    undated = make_doc(2, title='عنوان فيه "علامات" و, فواصل', body="سطر أول\nسطر ثان")
    undated = undated.model_copy(update={"article": undated.article.model_copy(update={"published": None})})
    copy = make_doc(3)
    copy.ann.duplicate_of = rich.id
    copy.ann.events = list(rich.ann.events)
    return [rich, undated, copy, *ant_docs(shared, 60)]


@pytest.fixture
def store(tmp_path: Path, docs: list[Doc]):  # type: ignore[no-untyped-def]
    s = open_store(str(tmp_path / "e.db"))
    s.migrate()
    s.write(docs)
    yield s
    s.close()


def test_record_pins_fields() -> None:
    doc = rich_doc()
    doc = doc.model_copy(
        update={"article": doc.article.model_copy(update={"related_keys": ("page-1", doc.id)})}
    )
    rec = record(doc)
    assert tuple(rec) == RECORD_FIELDS and RECORD_FIELDS[: len(PINNED)] == PINNED
    assert rec["published"] == "2018-05-01T01:00:00+00:00"
    assert rec["related"] == ["page-1", "other"]  # page links first, then inferred, never itself
    assert rec["page_tags"] == ["روسيا وكوريا الشمالية", "أوكرانيا"]
    assert rec["tags"] == ["روسيا وكوريا الشمالية"] and rec["story"] == "s-1"
    assert rec["entities"][0]["id"] == "kb:putin" and rec["events"][0]["cameo"] == "051"
    assert rec["quotes"][0]["text"] == "لن نتراجع" and rec["claims"][0]["start"] == 0


def test_jsonl_to_path_and_binary_file(store: SQLiteStore, docs: list[Doc], tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    assert export(store, "jsonl", out) == len(docs)
    lines = out.read_text(encoding="utf-8").splitlines()
    recs = [json.loads(line) for line in lines]
    assert [r["id"] for r in recs] == [d.id for d in docs]
    assert all(tuple(r) == RECORD_FIELDS for r in recs)
    assert recs[1]["published"] is None and recs[2]["duplicate_of"] == docs[0].id
    assert recs[0] == json.loads(json.dumps(record(docs[0])))
    assert "\\u0627" not in lines[0]  # Arabic written as is
    buf = io.BytesIO()
    assert export(store, "jsonl", buf) == len(docs)
    assert buf.getvalue().decode("utf-8").splitlines() == lines


def test_csv_round_trip(store: SQLiteStore, docs: list[Doc], tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    assert export(store, "csv", out) == len(docs)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == RECORD_FIELDS and len(rows) == len(docs)
    assert rows[1]["title"] == docs[1].article.title and rows[1]["body"] == "سطر أول\nسطر ثان"
    assert rows[1]["published"] == ""  # null
    assert json.loads(rows[0]["page_tags"]) == list(docs[0].article.page_tags)
    assert json.loads(rows[0]["related"]) == ["page-1", "other"]
    assert json.loads(rows[0]["entities"])[2]["id"] == "kb:kim"
    text = io.StringIO()
    export(store, "csv", text)
    assert text.getvalue() == out.read_text(encoding="utf-8")


def test_parquet_read_back(store: SQLiteStore, docs: list[Doc], tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    assert export(store, "parquet", out) == len(docs)
    table = pq.read_table(out)
    assert tuple(table.column_names) == RECORD_FIELDS and table.num_rows == len(docs)
    rows = table.to_pylist()
    assert rows[0]["page_tags"] == list(docs[0].article.page_tags)
    assert rows[0]["related"] == ["page-1", "other"]
    assert json.loads(rows[0]["events"])[1]["type"] == "ACCUSE"
    assert rows[1]["published"] is None
    assert [r["id"] for r in rows] == [d.id for d in docs]
    assert rows[5]["body"] == docs[5].article.body


def test_parquet_of_empty_store_has_schema(tmp_path: Path) -> None:
    s = open_store(str(tmp_path / "empty.db"))
    s.migrate()
    assert export(s, "parquet", tmp_path / "e.parquet") == 0
    s.close()
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 0 and tuple(table.column_names) == RECORD_FIELDS


def test_gdelt_rows(store: SQLiteStore, docs: list[Doc], tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    n = export(store, "gdelt", out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    # the syndicated copy repeats the original's two events: not counted again
    assert n == len(rows) == 2
    assert tuple(rows[0]) == GDELT_COLUMNS
    support, accuse = rows
    assert support["EventCode"] == "051" and support["EventRootCode"] == "05" and support["QuadClass"] == "1"
    assert support["Actor1Code"] == "RUSGOV" and support["Actor2CountryCode"] == "PRK"
    assert support["SQLDATE"] == "20180501" and support["SOURCEURL"] == docs[0].article.url
    assert support["PloverType"] == "SUPPORT" and support["ArticleID"] == docs[0].id
    assert int(support["EvidenceEnd"]) == docs[0].ann.events[0].end
    assert float(support["GoldsteinScale"]) == goldstein_by_root()["05"]
    assert accuse["QuadClass"] == "3" and accuse["IsRootEvent"] == "0"
    assert support["GLOBALEVENTID"] != accuse["GLOBALEVENTID"]
    again = io.StringIO()
    export(store, "gdelt", again)
    assert again.getvalue() == out.read_text(encoding="utf-8")  # stable ids


def test_quad_class_and_goldstein_table() -> None:
    assert [quad_class(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20", "xx", "")] == [
        "1", "1", "2", "2", "3", "3", "4", "4", "", ""
    ]  # fmt: skip
    table = goldstein_by_root()
    assert set(table) == {f"{i:02d}" for i in range(1, 21)}
    assert all(-10 <= v <= 10 for v in table.values())
    assert table["19"] < table["10"] < table["01"] < table["07"]


def test_unknown_format(store: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        export(store, "xml", tmp_path / "x")  # type: ignore[arg-type]
