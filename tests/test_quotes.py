"""Direct quotes and speakers: the aggregator sample, the dev-set floor, made-up sentences
for each mark style and rule of ../shared/quotes/README.md, and offset properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import ConfigError, ResourceError
from marsad.model import Article, Doc, Entity, Mention, Quote
from marsad.nlp import reporting
from marsad.nlp.quote_eval import evaluate_quotes, format_quote_report
from marsad.nlp.quotes import QuoteExtractor
from marsad.pipeline import build
from marsad.sources import iter_source

KCNA = "وكالة الأنباء المركزية الكورية"

# Measured on ../shared/quotes/dev.jsonl with quotes-rules-4: span F1 0.997, speaker
# accuracy 0.938 (0.919 with -2 and -3). The floors sit ~3 points below so a regression
# cannot pass silently. (On unseen articles labelled by the same guideline the figures are
# lower: see the reports of the -3 and -4 changes; dev overstates because the rules were
# written on it.)
SPAN_F1_FLOOR = 0.96
SPEAKER_ACCURACY_FLOOR = 0.91


def aggregator_docs(page: Path) -> list[Doc]:
    """The sample page's two articles as the real adapter reads them (main article first)."""
    arts = [a for a in iter_source(str(page)) if isinstance(a, Article)]
    return [Doc(article=a) for a in sorted(arts, key=lambda a: not a.page_tags)]


@pytest.fixture(scope="module")
def extractor() -> QuoteExtractor:
    return QuoteExtractor()


@pytest.fixture(scope="module")
def sample_quotes(sample_page: Path, extractor: QuoteExtractor) -> list[list[Quote]]:
    return [extractor(doc).ann.quotes for doc in aggregator_docs(sample_page)]


def quote(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if q.text == words]
    assert found, f"no quote {words!r} in {[q.text for q in quotes]}"
    return found[0]


def quotes_of(text: str, extractor: QuoteExtractor) -> list[Quote]:
    return extractor.extract(text)


# ----------------------------------------------------------------------------- sample page


def test_putin_two_quotes_second_is_continuation(sample_quotes: list[list[Quote]]) -> None:
    putin = [q for q in sample_quotes[0] if q.speaker and "بوتين" in (q.speaker.name or "")]
    assert [q.text[:12] for q in putin] == ["نشيد بالبطول", "لن ينسى الشع"]
    assert putin[0].continuation is False and putin[0].cue == "قائلاً"
    assert putin[1].continuation is True and putin[1].cue == "وأضاف"


@pytest.mark.parametrize(
    "words",
    ["عمليات تحرير مناطق كورسك", "مساهمة مهمة", "بموجب معاهدة الدفاع المشترك مع روسيا", "تكللت بالنجاح"],
)
def test_kcna_fragments_resolve_to_the_agency(sample_quotes: list[list[Quote]], words: str) -> None:
    q = quote(sample_quotes[0], words)
    assert q.speaker is not None and (q.speaker.name or "").startswith(KCNA)


def test_state_department_fragment(sample_quotes: list[list[Quote]], sample_page: Path) -> None:
    q = quote(sample_quotes[0], "التورط المباشر")
    assert q.speaker is not None and q.speaker.name == "وزارة الخارجية الأميركية"
    body = aggregator_docs(sample_page)[0].article.body
    assert body[q.speaker.start : q.speaker.end] == q.speaker.name
    assert body[q.start - 3 : q.start] == "بـ”"  # the mismatched opening mark


def test_related_article_quotes_are_kcna(sample_quotes: list[list[Quote]]) -> None:
    q = quote(sample_quotes[1], "تكللت بالنجاح")
    assert q.speaker is not None and (q.speaker.name or "").startswith(KCNA)
    assert q.continuation is True  # وأشارت إلى أن …: the sentence names nobody


def test_speaker_links_to_entity_when_entities_ran(sample_page: Path, extractor: QuoteExtractor) -> None:
    doc = aggregator_docs(sample_page)[0]
    body = doc.article.body
    at = body.index("فلاديمير بوتين")
    doc.ann.entities = [
        Entity(
            id="Q7747",
            name="فلاديمير بوتين",
            type="PERS",
            mentions=[Mention(start=at, end=at + len("فلاديمير بوتين"), text="فلاديمير بوتين")],
        )
    ]
    putin = [q for q in extractor(doc).ann.quotes if q.speaker and "بوتين" in (q.speaker.name or "")]
    assert putin and all(q.speaker is not None and q.speaker.entity == "Q7747" for q in putin)


def test_stage_is_registered_and_versioned(sample_page: Path) -> None:
    pipe = build(["quotes"])
    doc = pipe(aggregator_docs(sample_page)[0])
    assert doc.ann.quotes and doc.ann.versions["quotes"] == QuoteExtractor.version


# ----------------------------------------------------------------------------- dev set


def test_dev_set_quality_floor(shared: Path) -> None:
    report = evaluate_quotes(shared / "quotes" / "dev.jsonl")
    assert report["docs"] == 20 and report["counts"]["gold"] == 161
    assert report["span_exact"]["f1"] >= SPAN_F1_FLOOR, format_quote_report(report)
    assert report["speaker_accuracy"] >= SPEAKER_ACCURACY_FLOOR, format_quote_report(report)
    assert "span (exact)" in format_quote_report(report)


def test_eval_rejects_a_malformed_gold_file(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "x", "text": "نص"}\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        evaluate_quotes(bad)


def test_eval_scores_a_made_up_gold_line(tmp_path: Path) -> None:
    text = 'وقال الوزير خالد سالم: "سنبني المدارس في كل القرى".'
    rec = {
        "id": "made-up",
        "text": text,
        "quotes": [
            {
                "quote": "سنبني المدارس في كل القرى",
                "start": text.index("سنبني"),
                "speaker": "الوزير خالد سالم",
                "speaker_canonical": "خالد سالم",
                "cue": "وقال",
                "is_continuation": False,
            }
        ],
    }
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    report = evaluate_quotes(gold)
    assert report["span_exact"]["f1"] == 1.0
    assert report["speaker_accuracy"] == 1.0 and report["continuation_accuracy"] == 1.0


# ----------------------------------------------------------------------------- made-up sentences


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            "وقال وزير الخارجية سامح شكري: “نرفض أي تدخل في شؤوننا”.",
            "نرفض أي تدخل في شؤوننا",
            "وزير الخارجية سامح شكري",
        ),
        (
            "وقال المتحدث باسم الحكومة «لن نتراجع عن هذا القرار».",
            "لن نتراجع عن هذا القرار",
            "المتحدث باسم الحكومة",
        ),
        ('وقال رئيس الوزراء "الوضع مستقر ولا داعي للقلق".', "الوضع مستقر ولا داعي للقلق", "رئيس الوزراء"),
        (
            "وقال الرئيس قيس سعيد:»سنواصل الإصلاحات حتى النهاية».",
            "سنواصل الإصلاحات حتى النهاية",
            "الرئيس قيس سعيد",
        ),
        ("ونددت الوزارة بما وصفته بـ”الاعتداء السافر” على السفارة.", "الاعتداء السافر", "الوزارة"),
        (
            '"لن نسمح بذلك أبدا"، قال رئيس الوزراء بنيامين نتنياهو.',
            "لن نسمح بذلك أبدا",
            "رئيس الوزراء بنيامين نتنياهو",
        ),
        (
            'ودعا الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى "وقف فوري لإطلاق النار".',
            "وقف فوري لإطلاق النار",
            "الأمين العام للأمم المتحدة أنطونيو غوتيريش",
        ),
    ],
)
def test_mark_styles_and_fragments(extractor: QuoteExtractor, text: str, words: str, speaker: str) -> None:
    q = quote(quotes_of(text, extractor), words)
    assert q.speaker is not None and q.speaker.name == speaker
    assert text[q.start : q.end] == words
    assert q.continuation is False


def test_unclosed_quote_ends_before_the_next_reporting_clause(extractor: QuoteExtractor) -> None:
    text = 'وقال المدرب: "سنقاتل حتى النهاية. الفريق جاهز تماما. وأضاف: "لا نخشى أحدا".'
    qs = quotes_of(text, extractor)
    assert [q.text for q in qs] == ["سنقاتل حتى النهاية. الفريق جاهز تماما", "لا نخشى أحدا"]
    assert qs[1].continuation is True and qs[1].speaker is not None and qs[1].speaker.name == "المدرب"


def test_continuation_follows_a_named_speaker_across_sentences(extractor: QuoteExtractor) -> None:
    text = (
        'وقالت سارة أحمد، الباحثة في المركز، إن القرار "خطوة إيجابية".\n'
        'وأضافت: "لكنه يحتاج إلى متابعة دقيقة من الجميع".\n'
        'وتابعت أن الحكومة "تأخرت كثيرا".'
    )
    first, second, third = quotes_of(text, extractor)
    assert first.speaker is not None and first.speaker.name == "سارة أحمد، الباحثة في المركز"
    assert not first.continuation and second.continuation and third.continuation
    assert second.speaker == first.speaker == third.speaker


def test_reported_speech_without_marks_sets_the_speaker_of_a_later_continuation(
    extractor: QuoteExtractor,
) -> None:
    text = 'وقال وزير المالية يوسف خليل إن العجز تراجع.\nوأضاف: "سنخفض الضرائب العام المقبل".'
    (q,) = quotes_of(text, extractor)
    assert q.continuation and q.speaker is not None and q.speaker.name == "وزير المالية يوسف خليل"


def test_short_naming_is_reported_where_most_fully_named(extractor: QuoteExtractor) -> None:
    text = 'التقى الرئيس الفرنسي إيمانويل ماكرون نظيره أمس.\nوقال ماكرون: "العلاقات بين البلدين ممتازة".'
    (q,) = quotes_of(text, extractor)
    assert q.speaker is not None and q.speaker.name == "الرئيس الفرنسي إيمانويل ماكرون"
    assert q.speaker.start == text.index("الرئيس الفرنسي")


def test_a_document_speaks_for_its_issuer(extractor: QuoteExtractor) -> None:
    text = (
        'وقالت منظمة العفو الدولية إن الوضع "كارثي".\n'
        'وجاء في التقرير: "يجب محاسبة المسؤولين عن هذه الانتهاكات فورا".'
    )
    qs = quotes_of(text, extractor)
    assert [q.speaker.name if q.speaker else None for q in qs] == ["منظمة العفو الدولية"] * 2
    assert qs[1].continuation is False


@pytest.mark.parametrize(
    "text",
    [
        'ونقلت صحيفة "نيويورك تايمز" عن مسؤولين أن الاجتماع تأجل.',
        "وقال المسؤول لـ«رويترز» إن المفاوضات مستمرة.",
        'وشهدت المدينة أنشطة "إرهابية" خلال العام الماضي.',
        'وأشار التقرير إلى جماعة "أنصار الله" في اليمن.',
        'وقال المحلل في "ويستبيك كابيتال" إن الأسعار سترتفع.',
        'وتحدث خلال برنامج "60 دقيقة" عن الانتخابات.',
    ],
)
def test_names_and_scare_quotes_are_not_quotes(extractor: QuoteExtractor, text: str) -> None:
    assert quotes_of(text, extractor) == []


# ----------------------------------------------------------------------------- robustness


def test_missing_lexicon_is_a_resource_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reporting, "DATA_DIR", tmp_path)
    reporting.load_lexicon.cache_clear()
    try:
        with pytest.raises(ResourceError):
            reporting.load_lexicon()
    finally:
        reporting.load_lexicon.cache_clear()


_ALPHABET = st.sampled_from(
    list("قال وأضاف إن أن الرئيس محمد بـ لـ ـ#_-\u064e")
    + list('"“”«»„')
    + list(".،:؟!\n ")
    + ["قائلا", "وكالة", "بحسب", "وجاء في", "التقرير", "لدى", "باسم"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_random_text_never_crashes_and_offsets_hold(text: str) -> None:
    for q in QuoteExtractor().extract(text):
        assert text[q.start : q.end] == q.text and q.text == q.text.strip()
        if q.speaker is not None and q.speaker.start is not None and q.speaker.end is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.name


def test_an_unclosed_quote_ends_before_a_reporting_participle(extractor: QuoteExtractor) -> None:
    # rule 4: the opener after "، مشيرا إلى أن" starts a new quote, so the first one ends at the comma
    text = 'وأضاف الوزير أن "الدول حاولت تقييد ذلك، ولكن الأمر لم يكن سهلا، مشيرا إلى أن "دولا أخرى حاولت تنظيمه".'
    qs = quotes_of(text, extractor)
    assert [q.text for q in qs] == ["الدول حاولت تقييد ذلك، ولكن الأمر لم يكن سهلا", "دولا أخرى حاولت تنظيمه"]
    assert all(q.speaker is not None and q.speaker.name == "الوزير" for q in qs)


@pytest.mark.parametrize(
    "text",
    [
        'أعلن فصيل الصخرة ويعرف أيضا بـ "رجال الصخرة" و"شيخ الصخرة" النفير العام.',
        'وأعلنت الممثلة أنها أم لطفلة تدعى "نورا" منذ العام الماضي.',
        "وتحدثت مصادر أمنية عن مقتل ما يسمى «والي المنطقة» في غارة.",
    ],
)
def test_names_given_by_a_naming_verb_are_not_quotes(extractor: QuoteExtractor, text: str) -> None:
    # rule 2: يعرف بـ، تدعى، يسمى introduce another name, not anyone's words
    assert quotes_of(text, extractor) == []
    assert [q.text for q in quotes_of(text + '\nوقال المتحدث: "سنواصل القتال".', extractor)] == [
        "سنواصل القتال"
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a place or a made thing named after its noun (guideline rule 2)
        'وأكد المتحدث أن القوات استهدفت مواقع بمناطق "المهدية" و"الزهراء" شمالي المدينة.',
        'وأضاف المتحدث أنه تم تدمير عربة "فيستا" تابعة للمسلحين.',
        # a name joined by و to a name after it (هما "…" و"مجموعة …")
        'ودارت اشتباكات مع مجموعتين هما "الحركة من أجل الحرية فى الشمال" و"جماعة النصر" هناك.',
        # the medium a speech verb's speaker spoke to
        'وصرح مصدر مقرب من العائلة لـ"صوت المدينة" عن آخر أعماله.',
    ],
)
def test_quoted_names_of_places_things_and_media_are_not_quotes(extractor: QuoteExtractor, text: str) -> None:
    assert quotes_of(text, extractor) == []


def test_fragments_after_insisted_are_quotes(extractor: QuoteExtractor) -> None:
    # أصر is a reporting verb: short attributed fragments after it count (rule 1)
    text = 'وقال الوزير "سنفي بالتزاماتنا. وأصر على أن بلاده "بريئة" و"مستعدة للتعاون".'
    qs = quotes_of(text, extractor)
    assert [q.text for q in qs] == ["سنفي بالتزاماتنا", "بريئة", "مستعدة للتعاون"]
    assert [q.cue for q in qs] == ["وقال", "وأصر", "وأصر"]


@pytest.mark.parametrize(
    "text",
    [
        # a slogan, however long (rule 2)
        'وخرج الآلاف في مظاهرات تحت شعار "جمعة الغضب من أجل المدينة القديمة والأسواق".',
        # a unit after a number, and a scare-quoted adjective after the plural it describes
        'وقالت سارة وهي طالبة تبلغ 17 "عاما" من مدينة حمص إنها لم تفهم الرسالة.',
        'وتقول القوات الحكومية إنها تستهدف جماعات "إرهابية" تقصف المدينة.',
    ],
)
def test_slogans_units_and_scare_quoted_adjectives_are_not_quotes(
    extractor: QuoteExtractor, text: str
) -> None:
    assert quotes_of(text, extractor) == []


def test_a_quoted_predicate_adjective_is_a_quote(extractor: QuoteExtractor) -> None:
    # after a verb or a name the adjective is the speaker's word, not a scare quote
    text = 'وقال الوزير إن المحادثات كانت "إيجابية"، وأصر على أن بلاده "بريئة".'
    assert [q.text for q in quotes_of(text, extractor)] == ["إيجابية", "بريئة"]
