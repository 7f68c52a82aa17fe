"""WARC / WARC.gz, built in tmp_path with warcio's own writer from hand-written HTML."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.model import Article
from marsad.outcomes import Rejected
from marsad.sources import iter_source

PAGE = """<html lang="ar"><head><title>{title}</title>
<meta property="article:published_time" content="2024-06-0{n}T08:00:00+02:00"></head><body>
<article><h1>{title}</h1>
<p>أفاد مراسلنا بأن الاجتماع الوزاري انعقد صباح اليوم في العاصمة بحضور ممثلين عن الدول الأعضاء كافة.</p>
<p>وناقش المشاركون ملفات التجارة والطاقة والأمن الغذائي، واتفقوا على بيان ختامي يصدر مساء اليوم.</p>
<p>وقال مصدر دبلوماسي إن البيان سيتضمن التزامات واضحة بجدول زمني للتنفيذ خلال العام المقبل.</p>
</article></body></html>"""


def _response(
    writer: WARCWriter, url: str, body: bytes, status: str = "200 OK", ctype: str = "text/html; charset=utf-8"
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))


def _build(path: Path, *, gzip: bool, pages: int = 3) -> Path:
    _build_with_offsets(path, gzip=gzip, pages=pages)
    return path


def _build_with_offsets(path: Path, *, gzip: bool, pages: int = 3) -> list[int]:
    """Write the WARC; return the offset where each record ends."""
    ends: list[int] = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        ends.append(fh.tell())
        for n in range(1, pages + 1):
            url = f"http://news.example/{n}.html"
            request = StatusAndHeaders(
                f"GET /{n}.html HTTP/1.1", [("Host", "news.example")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(url, "request", payload=BytesIO(b""), http_headers=request)
            )
            ends.append(fh.tell())
            _response(writer, url, PAGE.format(title=f"اجتماع وزاري رقم {n}", n=n).encode("utf-8"))
            ends.append(fh.tell())
        _response(writer, "http://news.example/missing", b"gone", status="404 Not Found")
        ends.append(fh.tell())
        _response(writer, "http://news.example/logo.png", b"\x89PNG....", ctype="image/png")
        ends.append(fh.tell())
        legacy = PAGE.format(title="صفحة قديمة", n=9).encode("cp1256")
        _response(writer, "http://news.example/legacy.html", legacy, ctype="text/html")
        ends.append(fh.tell())
    return ends


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_records(tmp_path: Path, name: str) -> None:
    path = _build(tmp_path / name, gzip=name.endswith(".gz"))
    items = list(iter_source(str(path)))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.title for a in articles] == [
        "اجتماع وزاري رقم 1",
        "اجتماع وزاري رقم 2",
        "اجتماع وزاري رقم 3",
        "صفحة قديمة",
    ]
    first = articles[0]
    assert first.url == "http://news.example/1.html"
    assert first.published is not None and first.published.date().isoformat() == "2024-06-01"
    assert first.body.startswith("أفاد مراسلنا")  # the headline is not repeated as body
    assert first.source.startswith(f"warc:{path}#")
    assert first.extra["warc_record_id"].startswith("<urn:uuid:")
    assert "warc_date" in first.extra
    rejected = sorted(i.outcome for i in items if isinstance(i, Rejected))
    assert rejected == ["discarded:http-404", "discarded:not-html"]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
@pytest.mark.parametrize(
    ("record", "where"),
    [(4, 0.5), (8, 0.5), (8, 0.02), (10, 0.9)],  # record index (0 = warcinfo), position inside it
)
def test_truncated_warc_keeps_what_was_read(tmp_path: Path, name: str, record: int, where: float) -> None:
    whole = tmp_path / f"whole-{name}"
    ends = _build_with_offsets(whole, gzip=name.endswith(".gz"), pages=6)
    complete = [i for i in iter_source(str(whole)) if isinstance(i, Article)]
    start, end = ends[record - 1], ends[record]
    cut = tmp_path / name
    cut.write_bytes(whole.read_bytes()[: start + max(1, int((end - start) * where))])
    items = list(iter_source(str(cut)))
    assert isinstance(items[-1], Rejected) and items[-1].outcome == "failed:truncated-warc"
    assert sum(1 for i in items if isinstance(i, Rejected) and i.outcome == "failed:truncated-warc") == 1
    kept = [i for i in items if isinstance(i, Article)]
    # records before the cut are kept, whole and unaltered (only the file name in `source` differs)
    assert len(kept) == (record - 1) // 2
    same = [a.model_dump(exclude={"source"}) for a in complete[: len(kept)]]
    assert [a.model_dump(exclude={"source"}) for a in kept] == same


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    (item,) = iter_source(str(path))
    assert isinstance(item, Rejected) and item.outcome == "failed:bad-warc"


def test_warc_sniffed_without_suffix(tmp_path: Path) -> None:
    path = _build(tmp_path / "crawl.data", gzip=True, pages=1)
    titles = [i.title for i in iter_source(str(path)) if isinstance(i, Article)]
    assert titles == ["اجتماع وزاري رقم 1", "صفحة قديمة"]
