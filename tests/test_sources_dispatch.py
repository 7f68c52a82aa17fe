"""iter_source: choosing the adapter, and inputs that are not there or not ours."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.errors import ConfigError
from marsad.model import Article
from marsad.outcomes import Rejected
from marsad.sources import iter_source, sniff

ARTICLE = {"title": "عنوان", "text": "نص الخبر."}


def test_missing_file() -> None:
    (item,) = iter_source("/no/such/dir/file.jsonl")
    assert item == Rejected("/no/such/dir/file.jsonl", "failed:not-found", "no such file or folder")


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.html", "empty.txt", "empty.warc", "empty.bin"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    (item,) = iter_source(str(path))
    assert isinstance(item, Rejected) and item.outcome == "failed:empty-file"


def test_unknown_file_kind(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not text at all")
    (item,) = iter_source(str(path))
    assert isinstance(item, Rejected) and item.outcome == "failed:unsupported"


def test_unknown_adapter_name_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        list(iter_source(str(tmp_path), adapter="pdf"))


def test_adapter_overrides_the_name(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    (item,) = iter_source(str(path), adapter="jsonl")
    assert isinstance(item, Article) and item.title == "عنوان"


def test_gzip_suffixes_and_sniffing(tmp_path: Path) -> None:
    line = (json.dumps(ARTICLE, ensure_ascii=False) + "\n").encode("utf-8")
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(line))
    (tmp_path / "b.unknown").write_bytes(gzip.compress(line))  # sniffed through the gzip layer
    (tmp_path / "c.ndjson").write_bytes(line)
    items = list(iter_source(str(tmp_path)))
    assert [type(i).__name__ for i in items] == ["Article"] * 3
    assert len({i.id for i in items if isinstance(i, Article)}) == 1  # same content, same id
    assert [i.source.split(":")[0] for i in items if isinstance(i, Article)] == ["jsonl"] * 3


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.1\r\n", "warc"),
        (b'\xef\xbb\xbf{"title": 1}', "jsonl"),
        (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!DOCTYPE html><html lang=ar>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b"plain words", None),
    ],
)
def test_sniff(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


def test_mixed_folder_accounts_for_every_file(tmp_path: Path, sample_page: Path) -> None:
    (tmp_path / "page.txt").write_text(sample_page.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text(
        json.dumps(ARTICLE, ensure_ascii=False) + "\n{bad\n", encoding="utf-8"
    )
    (tmp_path / "empty.html").write_bytes(b"")
    items = list(iter_source(str(tmp_path)))
    outcomes = [i.outcome if isinstance(i, Rejected) else i.source.split(":")[0] for i in items]
    assert outcomes == ["jsonl", "failed:bad-json", "failed:empty-file", "aggregator", "aggregator"]


def test_a_truncated_gzip_feed_file_is_a_named_outcome(tmp_path: Path) -> None:
    from marsad.sources import iter_source

    body = b"<?xml version='1.0'?><rss><channel>" + b"<item><title>x</title></item>" * 2000 + b"</channel></rss>"
    data = gzip.compress(body)
    path = tmp_path / "feed.rss.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_source(str(path)))
    assert [i.outcome for i in items] == ["failed:read-error"]  # type: ignore[union-attr]
