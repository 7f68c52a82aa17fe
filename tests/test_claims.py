"""Attributed claims (reported speech without marks): hand-labelled made-up sentences and
the aggregator sample. No gold set exists for claims; these are the labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.model import Article, Claim, Doc
from marsad.nlp.claims import ClaimExtractor
from marsad.pipeline import build
from marsad.sources import iter_source

KCNA = "وكالة الأنباء المركزية الكورية"


def aggregator_docs(page: Path) -> list[Doc]:
    """The sample page's two articles as the real adapter reads them (main article first)."""
    arts = [a for a in iter_source(str(page)) if isinstance(a, Article)]
    return [Doc(article=a) for a in sorted(arts, key=lambda a: not a.page_tags)]


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor()


@pytest.fixture(scope="module")
def sample_claims(sample_page: Path, extractor: ClaimExtractor) -> list[list[Claim]]:
    return [extractor(doc).ann.claims for doc in aggregator_docs(sample_page)]


def claim(claims: list[Claim], opening: str) -> Claim:
    found = [c for c in claims if c.text.startswith(opening)]
    assert found, f"no claim opening {opening!r} in {[c.text[:30] for c in claims]}"
    return found[0]


def source(c: Claim) -> str:
    assert c.source is not None and c.source.name
    return c.source.name


# ----------------------------------------------------------------------------- sample page


def test_kcna_reports_the_deployment(sample_claims: list[list[Claim]]) -> None:
    c = claim(sample_claims[0], "وحدات فرعية من القوات المسلحة الكورية الشمالية شاركت")
    assert source(c).startswith(KCNA) and c.cue == "وذكرت"
    # the clause ends before the participle that opens the next claim
    assert not c.text.endswith("مشيرة") and "مشيرة" not in c.text


def test_the_agency_resolves_to_the_agency_named_before(sample_claims: list[list[Claim]]) -> None:
    c = claim(sample_claims[0], "نشر القوات تم")
    assert source(c).startswith(KCNA) and c.cue == "وأوضحت"
    assert "“بموجب معاهدة الدفاع المشترك مع روسيا”" in c.text  # quoted words stay in the claim


def test_participle_claim_takes_the_clause_subject(sample_claims: list[list[Claim]]) -> None:
    assert source(claim(sample_claims[0], "هذه القوات قدمت")).startswith(KCNA)
    assert source(claim(sample_claims[0], "ذلك يهدد بتوسيع رقعة الصراع")) == "وزارة الخارجية الأميركية"


def test_gerasimov_claim_is_the_anna_clause_only(sample_claims: list[list[Claim]]) -> None:
    c = claim(sample_claims[1], "مساهماتهم كانت عاملاً رئيسياً")
    assert "جيراسيموف" in source(c) and c.cue == "مشدداً"
    assert not any(x.text.startswith("الدور المحوري") for x in sample_claims[1])


def test_sample_claims_in_the_related_article(sample_claims: list[list[Claim]]) -> None:
    assert source(claim(sample_claims[1], "جميع القوات الأوكرانية")).endswith("بيسكوف")
    assert "بوتين" in source(claim(sample_claims[1], "طرد القوات الأوكرانية"))


def test_stage_is_registered_and_versioned(sample_page: Path) -> None:
    doc = build(["claims"])(aggregator_docs(sample_page)[0])
    assert doc.ann.claims and doc.ann.versions["claims"] == ClaimExtractor.version


# ----------------------------------------------------------------------------- made-up sentences


@pytest.mark.parametrize(
    ("text", "content", "who", "cue"),
    [
        ("أعلنت الشرطة أن المشتبه به اعتقل في العاصمة.", "المشتبه به اعتقل في العاصمة", "الشرطة", "أعلنت"),
        (
            "وأفادت وزارة الصحة بأن عدد الإصابات ارتفع إلى مئة.",
            "عدد الإصابات ارتفع إلى مئة",
            "وزارة الصحة",
            "وأفادت",
        ),
        (
            "وقال المتحدث باسم الجيش العقيد أحمد علي إن القوات استعادت السيطرة على المعبر",
            "القوات استعادت السيطرة على المعبر",
            "المتحدث باسم الجيش العقيد أحمد علي",
            "وقال",
        ),
        ("وأكد رئيس الأركان أنه لا تراجع عن الخطة.", "لا تراجع عن الخطة", "رئيس الأركان", "وأكد"),
    ],
)
def test_made_up_claims(extractor: ClaimExtractor, text: str, content: str, who: str, cue: str) -> None:
    (c,) = extractor.extract(text)
    assert c.text == content and text[c.start : c.end] == content
    assert source(c) == who and c.cue == cue


def test_two_claims_split_at_the_participle(extractor: ClaimExtractor) -> None:
    text = "وأكد الوزير سالم العلي أن المفاوضات تقدمت، مشيرا إلى أن الاتفاق قريب."
    first, second = extractor.extract(text)
    assert first.text == "المفاوضات تقدمت" and second.text == "الاتفاق قريب"
    assert source(first) == source(second) == "الوزير سالم العلي"


def test_continuation_claim_keeps_the_previous_source(extractor: ClaimExtractor) -> None:
    text = "وقالت المفوضية العليا للاجئين إن المخيمات مكتظة.\nوأضافت أن المساعدات لا تكفي."
    first, second = extractor.extract(text)
    assert source(first) == source(second) == "المفوضية العليا للاجئين"


@pytest.mark.parametrize(
    "text",
    [
        'وقال الوزير إن "الحكومة ملتزمة بكل تعهداتها تجاه المواطنين في كل مكان".',  # a direct quote
        "ويذكر أن الحادث وقع أمس في وسط المدينة.",  # a filler, not reported speech
        "وأكد الرئيس الدور المحوري للجيش في حماية البلاد.",  # no content clause
    ],
)
def test_not_claims(extractor: ClaimExtractor, text: str) -> None:
    assert extractor.extract(text) == []


_ALPHABET = st.sampled_from(list("قال وأكد إن أن بأن الوزير سالم مشيرا إلى") + list('"“”«».،:\n '))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=50).map("".join))
def test_random_text_never_crashes_and_offsets_hold(text: str) -> None:
    for c in ClaimExtractor().extract(text):
        assert text[c.start : c.end] == c.text and c.text.strip() == c.text and c.text
        if c.source is not None and c.source.start is not None and c.source.end is not None:
            assert text[c.source.start : c.source.end] == c.source.name
