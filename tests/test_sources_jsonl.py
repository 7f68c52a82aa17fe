"""JSON Lines: the three corpora with no options, --field mapping, bad input."""

from __future__ import annotations

import gzip
import itertools
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import ConfigError
from marsad.model import Article
from marsad.outcomes import Rejected
from marsad.sources import iter_source
from marsad.sources.jsonl import ALIASES, FieldMap

SAMPLE = 300


def _raw_records(path: Path, n: int = SAMPLE) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, n)]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _first(path: Path, n: int = SAMPLE) -> list[Article | Rejected]:
    return list(itertools.islice(iter_source(str(path)), n))


@pytest.mark.parametrize(
    ("name", "date_key", "outlet_key", "body_key"),
    [
        ("ant_multisource_v2.1.jsonl.gz", "time", "src", "text"),
        ("ant_jawharafm_v1.1.jsonl.gz", "time", "src", "text"),
        ("saudinewsnet.jsonl.gz", "date_extracted", "source", "content"),
    ],
)
def test_corpora_ingest_with_no_options(
    shared: Path, name: str, date_key: str, outlet_key: str, body_key: str
) -> None:
    path = shared / "corpus" / name
    raws = _raw_records(path)
    items = _first(path)
    assert len(items) == len(raws)
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) >= 0.95 * len(raws)
    # every record with a title or a body becomes an article; the rest are named
    for raw, item in zip(raws, items, strict=True):
        if not (raw.get("title", "").strip() or raw.get(body_key, "").strip()):
            assert isinstance(item, Rejected) and item.outcome == "discarded:empty"
            continue
        assert isinstance(item, Article)
        assert item.url == raw["url"]
        # display text is the record's, only NFC-composed and space-tidied
        assert item.title == " ".join(_nfc(raw["title"]).split())
        assert item.outlet == (raw[outlet_key].strip() or None)
        assert item.body.split() == _nfc(raw[body_key]).split()
        assert item.language is None
        # the date the record states, as aware UTC
        assert item.published is not None and item.published.tzinfo is not None
        assert item.published.date().year == int(raw[date_key][:4])
    dated = sum(1 for a in articles if a.published is not None)
    assert dated >= 0.95 * len(articles)


def test_ant_extra_fields_kept_as_strings(shared: Path) -> None:
    path = shared / "corpus" / "ant_multisource_v2.1.jsonl.gz"
    raw = _raw_records(path, 1)[0]
    (article,) = _first(path, 1)
    assert isinstance(article, Article)
    assert article.extra["docno"] == raw["docno"]
    assert article.extra["cat"] == raw["cat"]
    assert all(isinstance(v, str) for v in article.extra.values())
    for used in ("title", "text", "time", "url", "src", "author"):
        assert used not in article.extra
    assert article.source == f"jsonl:{path}#1"


def test_ant_time_is_converted_to_utc(shared: Path) -> None:
    path = shared / "corpus" / "ant_multisource_v2.1.jsonl.gz"
    raw = _raw_records(path, 1)[0]
    (article,) = _first(path, 1)
    assert isinstance(article, Article) and article.published is not None
    from datetime import datetime

    assert article.published == datetime.fromisoformat(raw["time"])


def _write_jsonl(path: Path, lines: list[str], compress: bool = False) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def test_field_mapping(tmp_path: Path) -> None:
    rec = {"headline_ar": "عنوان", "body_ar": "نص الخبر.", "when": "2024-05-01T10:00:00Z", "site": "موقع"}
    path = _write_jsonl(tmp_path / "dump.jsonl", [json.dumps(rec, ensure_ascii=False)])
    (item,) = iter_source(str(path), fields={"title": "headline_ar", "text": "body_ar", "date": "when"})
    assert isinstance(item, Article)
    assert (item.title, item.body, item.outlet) == ("عنوان", "نص الخبر.", "موقع")
    assert item.published is not None and item.published.isoformat() == "2024-05-01T10:00:00+00:00"
    # without the mapping the record has no title or body we recognise
    (plain,) = iter_source(str(path))
    assert isinstance(plain, Rejected) and plain.outcome == "discarded:empty"


def test_dotted_field_and_epoch_dates(tmp_path: Path) -> None:
    rec = {"meta": {"title": "عنوان"}, "text": "نص", "published": 1714557600000}
    path = _write_jsonl(tmp_path / "nested.jsonl", [json.dumps(rec, ensure_ascii=False)])
    (item,) = iter_source(str(path), fields={"title": "meta.title"})
    assert isinstance(item, Article) and item.title == "عنوان"
    assert item.published is not None and item.published.isoformat() == "2024-05-01T10:00:00+00:00"


def test_unknown_field_name_is_a_config_error(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "a.jsonl", ['{"title": "x"}'])
    with pytest.raises(ConfigError):
        list(iter_source(str(path), fields={"colour": "x"}))


def test_bad_lines_are_named_and_reading_continues(tmp_path: Path) -> None:
    lines = [
        '{"title": "أول", "text": "نص"}',
        '{"title": "مقطوع", "text": ',
        "[1, 2]",
        "",
        '{"title": "", "text": "  "}',
        '{"title": "أخير", "text": "نص", "date": "ليس تاريخا"}',
    ]
    path = _write_jsonl(tmp_path / "mixed.jsonl", lines)
    items = list(iter_source(str(path)))
    outcomes = [i.outcome if isinstance(i, Rejected) else "article" for i in items]
    assert outcomes == ["article", "failed:bad-json", "failed:bad-json", "discarded:empty", "article"]
    assert isinstance(items[1], Rejected) and items[1].key.endswith("#2")
    last = items[-1]
    assert isinstance(last, Article) and last.published is None
    assert last.extra["unparsed_date"] == "ليس تاريخا"


def test_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    path.write_bytes(b'{"title": "\xff\xfe"}\n{"title": "ok", "text": "x"}\n')
    outcomes = [i.outcome if isinstance(i, Rejected) else "article" for i in iter_source(str(path))]
    assert outcomes == ["failed:bad-encoding", "article"]


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"عنوان {i}", "text": "نص " * 50}, ensure_ascii=False) for i in range(200)]
    whole = _write_jsonl(tmp_path / "whole.jsonl.gz", lines, compress=True)
    cut = tmp_path / "cut.jsonl.gz"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    items = list(iter_source(str(cut)))
    assert isinstance(items[-1], Rejected) and items[-1].outcome == "failed:truncated-gzip"
    articles = items[:-1]
    assert 0 < len(articles) < 200 and all(isinstance(a, Article) for a in articles)
    assert [a.title for a in articles if isinstance(a, Article)] == [
        f"عنوان {i}" for i in range(len(articles))
    ]


def test_json_documents(tmp_path: Path) -> None:
    array = [{"title": "أول", "text": "نص"}, {"title": "ثان", "content": "نص آخر"}, 7]
    (tmp_path / "list.json").write_text(json.dumps(array, ensure_ascii=False, indent=2), encoding="utf-8")
    items = list(iter_source(str(tmp_path / "list.json")))
    assert [i.title for i in items if isinstance(i, Article)] == ["أول", "ثان"]
    assert isinstance(items[2], Rejected) and items[2].outcome == "failed:bad-json"
    one = {"headline": "مفرد", "body": "نص"}
    (tmp_path / "one.json").write_text(json.dumps(one, ensure_ascii=False, indent=2), encoding="utf-8")
    (item,) = iter_source(str(tmp_path / "one.json"))
    assert isinstance(item, Article) and item.title == "مفرد"
    # JSON Lines under a .json name still reads line by line
    lines = [json.dumps({"title": t, "text": "x"}, ensure_ascii=False) for t in ("أ", "ب")]
    _write_jsonl(tmp_path / "lines.json", lines)
    assert [i.title for i in iter_source(str(tmp_path / "lines.json")) if isinstance(i, Article)] == [
        "أ",
        "ب",
    ]


def test_jsonl_is_streamed(shared: Path) -> None:
    # taking one record from the biggest corpus must not read the whole file
    path = shared / "corpus" / "saudinewsnet.jsonl.gz"
    it: Iterator[Article | Rejected] = iter_source(str(path))
    assert isinstance(next(it), Article)
    it.close()  # type: ignore[attr-defined]


# Property: whichever alias a record uses, and whatever other keys surround it,
# the resolver finds the value; a user mapping beats every alias.
_alias_case = st.tuples(
    st.sampled_from(sorted(ALIASES)),
    st.data(),
    st.dictionaries(st.text("xyz_", min_size=1, max_size=6), st.text(min_size=1), max_size=4),
)


@settings(max_examples=80, deadline=None)
@given(_alias_case)
def test_resolver_finds_any_alias(case: tuple[str, st.DataObject, dict[str, str]]) -> None:
    field, data, noise = case
    alias = data.draw(st.sampled_from(ALIASES[field]))
    value = data.draw(st.text(min_size=1).filter(str.strip))
    record: dict[str, Any] = {
        k: v for k, v in noise.items() if k not in {a for names in ALIASES.values() for a in names}
    }
    record[alias] = value
    found, used = FieldMap().resolve(record)
    assert found[field] == value and alias in used
    record["custom_key"] = "من المستخدم"
    user_name = "text" if field == "body" else field
    found, _ = FieldMap({user_name: "custom_key"}).resolve(record)
    assert found[field] == "من المستخدم"
