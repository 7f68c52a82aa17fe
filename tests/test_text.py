"""The text layer: normalisation, sentences, dates, language, duplicates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.model import Article, Doc
from marsad.pipeline import build
from marsad.text.dates import parse_date
from marsad.text.dedup import Dedup, canonical_url
from marsad.text.language import detect
from marsad.text.normalize import normalize, normalize_keep_offsets
from marsad.text.sentences import sentence_spans, sentences


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("أمريكا", "امريكا"),
        ("إسرائيل", "اسرائيل"),
        ("مدرسة", "مدرسه"),
        ("مستشفى", "مستشفي"),
        ("الـعـربـيـة", "العربية"),
        ("عَرَبِيٌّ", "عربي"),
        ("٢٠١٨", "2018"),
        ("«قال»", '"قال"'),
        ("ﺗﻌﻠﻦ ﺃﻣﺮﻳﻜﺎ", "تعلن امريكا"),  # presentation forms, as text out of PDFs
    ],
)
def test_normalisation_folds_variants(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@given(st.text(alphabet=st.sampled_from("أإآابتةثجحخدذرزسشصضطظعغفقكلمنهوىيئؤءـًٌٍَُِّْ٠١٢ «»“” .،ﺍﻹﻣﻻﺕﻰ"), max_size=80))
def test_offsets_map_back_to_the_display_text(text: str) -> None:
    norm, offsets = normalize_keep_offsets(text)
    assert len(offsets) == len(norm) + 1
    assert norm == normalize(text).replace("ـ", "") or len(norm) <= len(text)
    for i, ch in enumerate(norm):
        assert normalize(text[offsets[i]]) == ch


def test_sentences_respect_quotes_and_decimals() -> None:
    text = 'قال الوزير: "لن نتراجع. ولن نستسلم". وارتفع المؤشر 3.5 في المئة.\nسطر جديد بلا نقطة'
    got = sentences(text)
    assert got == ['قال الوزير: "لن نتراجع. ولن نستسلم".', "وارتفع المؤشر 3.5 في المئة.", "سطر جديد بلا نقطة"]
    for s, e in sentence_spans(text):
        assert text[s:e].strip() == text[s:e]


def test_sentences_on_the_sample(sample_page) -> None:  # type: ignore[no-untyped-def]
    text = sample_page.read_text(encoding="utf-8")
    sents = sentences(text)
    # Putin's quote is one sentence with its reporting clause, full stops inside included
    putin = [s for s in sents if "نشيد بالبطولة" in s]
    assert len(putin) == 1 and putin[0].startswith("وفي السياق ذاته")
    assert 20 <= len(sents) <= 35


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("28th, April 2025 GMT", "2025-04-28T00:00:00+00:00"),
        ("2018-05-02T10:00:00+03:00", "2018-05-02T07:00:00+00:00"),
        ("2015-07-21 02:51:32", "2015-07-21T02:51:32+00:00"),
        ("Wed, 02 May 2018 12:03:00 +0300", "2018-05-02T09:03:00+00:00"),
        ("الأحد 3 مايو 2018", "2018-05-03T00:00:00+00:00"),
        ("٣ أيار ٢٠١٨", "2018-05-03T00:00:00+00:00"),  # Levantine month, Eastern digits
        ("12 تموز 2017", "2017-07-12T00:00:00+00:00"),
        ("15 جوان 2016", "2016-06-15T00:00:00+00:00"),  # Maghrebi
        ("5 غشت 2016", "2016-08-05T00:00:00+00:00"),  # Moroccan
        ("1 كانون الثاني 2020", "2020-01-01T00:00:00+00:00"),
        ("3 فبراير 2017 - 14:30", "2017-02-03T14:30:00+00:00"),
    ],
)
def test_dates_parse_to_utc(raw: str, iso: str) -> None:
    d = parse_date(raw)
    assert d is not None and d.isoformat() == iso


@pytest.mark.parametrize("raw", ["", "garbage", "السبت", "May 2018", "12345", "tomorrow", "اليوم"])
def test_unparseable_dates_are_null_never_today(raw: str) -> None:
    assert parse_date(raw) is None


def test_language() -> None:
    assert detect("أكدت كوريا الشمالية، للمرة الأولى، إرسال قوات عسكرية لدعم روسيا في حربها") == "ar"
    assert detect("North Korea confirmed for the first time that it sent troops to Russia") == "en"
    assert detect("٢٠١٨") is None


def test_canonical_url() -> None:
    a = canonical_url("https://www.example.com/news/1/?utm_source=tw&id=3#top")
    assert a == canonical_url("http://example.com/news/1?id=3")
    assert a != canonical_url("http://example.com/news/2?id=3")
    assert canonical_url("not a url") is None


def _doc(i: str, body: str, url: str | None = None, title: str = "عنوان") -> Doc:
    return Doc(article=Article(id=i, title=title, body=body, url=url))


def test_dedup_exact_url_and_near() -> None:
    pipe = build(["clean", "dedup"])
    words = "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية وتوفير المياه والبذور والأسمدة بأسعار مخفضة"
    body = " ".join([words] * 3) + " وقال الوزير إن الخطة تبدأ الشهر المقبل في ثلاث محافظات."
    a = pipe(_doc("a", body, "https://news.test/a"))
    assert a.ann.duplicate_of is None
    exact = pipe(_doc("b", body.replace("أعلنت", "اعلنت")))  # differs only in hamza: same normalised hash
    assert exact.ann.duplicate_of == "a"
    moved = pipe(_doc("c", "نص آخر تماما عن موضوع مختلف", "http://www.news.test/a/?utm_medium=x"))
    assert moved.ann.duplicate_of == "a"
    near = pipe(_doc("d", body + " (رويترز)", title="عنوان آخر"))
    assert near.ann.duplicate_of == "a"
    other = pipe(_doc("e", "ارتفعت أسعار الذهب في الأسواق العالمية مع تراجع الدولار " * 4))
    assert other.ann.duplicate_of is None


def test_dedup_copy_of_a_copy_points_at_the_original() -> None:
    dd = Dedup()
    base = " ".join(f"كلمة{i}" for i in range(200))
    dd(_doc("a", base))
    b = dd(_doc("b", base + " ذيل"))
    c = dd(_doc("c", base + " ذيل آخر"))
    assert b.ann.duplicate_of == "a" and c.ann.duplicate_of == "a"


def test_dates_are_aware_utc() -> None:
    d = parse_date("2018-05-02 10:00")
    assert (
        d is not None
        and d.tzinfo is not None
        and d.utcoffset() == datetime(2018, 1, 1, tzinfo=UTC).utcoffset()
    )


def test_language_of_long_arabic_text_is_not_cut_mid_character(sample_articles) -> None:  # type: ignore[no-untyped-def]
    # CLD3 cuts its input in bytes; a cut inside a two-byte Arabic letter once gave "sv"
    for art in sample_articles:
        assert detect(f"{art.title}\n{art.body}") == "ar"


def test_clean_display_repairs_leftover_html_entities() -> None:
    from marsad.text.normalize import clean_display

    assert clean_display("&quot;داعش&quot; يتبنى\r\nالهجوم\x00 AT&T") == '"داعش" يتبنى\nالهجوم AT&T'


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("کشورهای اروپایی از گفتگو با ایران درباره برنامه هسته‌ای استقبال کردند و گفتند که", "fa"),
        ("پاکستان کے وزیر اعظم نے کہا ہے کہ حکومت ملک میں معاشی استحکام کے لیے اقدامات کر رہی ہے", "ur"),
        ("أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة بطاقة مئتي سرير", "ar"),
        ("Le gouvernement tunisien a annoncé de nouvelles mesures pour soutenir les agriculteurs", "fr"),
    ],
)
def test_other_arabic_script_languages_are_not_taken_for_arabic(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_dots_inside_a_token_are_no_sentence_ends() -> None:
    from marsad.text.sentences import sentences

    text = "وقالت لشبكة إن.بي.سي إن الوضع هادئ. ونشر موقع AswagalMal.com تقريرا. انتهى العام.وبدأ آخر."
    assert sentences(text) == [
        "وقالت لشبكة إن.بي.سي إن الوضع هادئ.",
        "ونشر موقع AswagalMal.com تقريرا.",
        # one dot between Arabic words is a full stop whose space was left out
        "انتهى العام.",
        "وبدأ آخر.",
    ]
