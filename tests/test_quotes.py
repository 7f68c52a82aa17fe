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

# Measured on ../shared/quotes/dev.jsonl with quotes-rules-4 and -5: span F1 0.997, speaker
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


# ----------------------------------------------------------------------------- rounds 21-22
# (causes found across rounds of unseen articles labelled before the code ran; the sentences
# are written for the test, not taken from the corpus)


def _speaker_of(quotes: list[Quote], words: str) -> str | None:
    q = quote(quotes, words)
    return q.speaker.name if q.speaker is not None else None


def test_a_mark_glued_to_its_cue_opens_the_quote(extractor: QuoteExtractor) -> None:
    # the space sits after the opening mark, so it looks like a closer
    text = 'وقال الباحث سامر حداد إن" التجربة تساعد في فهم السلوك". وأضاف" على الحكومات أن تهتم بالأسر".'
    quotes = quotes_of(text, extractor)
    assert _speaker_of(quotes, "التجربة تساعد في فهم السلوك") == "الباحث سامر حداد"
    assert _speaker_of(quotes, "على الحكومات أن تهتم بالأسر") == "الباحث سامر حداد"


@pytest.mark.parametrize(
    "text",
    [
        'وقالت المدربة إن الأنشطة شملت تجربة "الحبل المشدود" عبر طرق جديدة.',
        'وقدمت فرقة "نجوم الغد" عروضها أمس، وقال المنظمون إن الحضور كبير.',
        # a place named with its head noun, and the names joined to it by و
        'وقالت المصادر إن القوات تقدمت في "جبال الريان" و"الوادي الأخضر" جنوبي المدينة.',
        # a passive verb of naming before the marks (ما سمي بـ"…")
        'وقال التقرير إن النظام جند الأطفال عبر ما سمي بـ"أشبال الوطن" منذ عامين.',
    ],
)
def test_a_name_after_a_kind_or_with_a_place_head_is_no_quote(extractor: QuoteExtractor, text: str) -> None:
    assert quotes_of(text, extractor) == []


def test_a_kind_word_may_still_open_quoted_words(extractor: QuoteExtractor) -> None:
    text = 'وقال الوزير إن ما جرى كان "تجربة مريرة للجميع".'
    assert _speaker_of(quotes_of(text, extractor), "تجربة مريرة للجميع") == "الوزير"


def test_a_bare_role_takes_no_verbal_noun_after_it(extractor: QuoteExtractor) -> None:
    text = (
        "قال رئيس النادي سالم العتيبي إن الموسم صعب.\n"
        'وتطرق الرئيس للحديث عن المدرب قائلا: "نثق به كثيرا".\n'
        'وعلق الرئيس على العقوبة فقال: "إنها غير عادلة".'
    )
    quotes = quotes_of(text, extractor)
    assert _speaker_of(quotes, "نثق به كثيرا") == "رئيس النادي سالم العتيبي"
    assert _speaker_of(quotes, "إنها غير عادلة") == "رئيس النادي سالم العتيبي"


def test_a_bare_relation_is_the_person_apposed_with_it(extractor: QuoteExtractor) -> None:
    text = 'وقالت سارة كولينز، والدة الطفل، إن ابنها بخير.\nوقالت الأم: "كانت معجزة حقيقية".'
    assert _speaker_of(quotes_of(text, extractor), "كانت معجزة حقيقية") == "سارة كولينز"


def test_a_role_with_definite_words_is_the_only_person_quoted(extractor: QuoteExtractor) -> None:
    text = (
        "قال يوسف كمال إنه سعيد بالانتقال إلى ناديه الجديد.\n"
        "وانتقل لاعب الوسط المصري إلى النادي في 2014. "
        'وقال اللاعب للصحفيين: "كانت سنوات رائعة".'
    )
    assert _speaker_of(quotes_of(text, extractor), "كانت سنوات رائعة") == "يوسف كمال"


def test_a_nisba_inside_a_party_name_is_no_nationality(extractor: QuoteExtractor) -> None:
    # الوطنية belongs to the party's name; the epithet's الفرنسي may still be this person
    text = (
        "قال جان دوران الزعيم السابق لحزب الجبهة الوطنية إنه بريء.\n"
        'واعتبر السياسي الفرنسي أن "التهم ملفقة بالكامل".'
    )
    assert _speaker_of(quotes_of(text, extractor), "التهم ملفقة بالكامل") == (
        "جان دوران الزعيم السابق لحزب الجبهة الوطنية"
    )


def test_words_taken_from_a_known_surname_on_someones_tongue(extractor: QuoteExtractor) -> None:
    text = (
        "وصل الرئيس عمر البرهاني إلى القاهرة أمس.\n"
        'ونقل موقع التلفزيون الرسمي على لسان البرهاني قوله: "نحن مستعدون للحوار".'
    )
    doc = Doc(article=Article(id="t", body=text, source="test"))
    spans = [(m, m + len("البرهاني")) for m in (text.index("البرهاني"), text.rindex("البرهاني"))]
    spans[0] = (text.index("عمر البرهاني"), spans[0][1])
    mentions = [Mention(start=a, end=b, text=text[a:b]) for a, b in spans]
    doc.ann.entities = [Entity(id="E1", name="عمر البرهاني", type="PERS", mentions=mentions)]
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None and "البرهاني" in q.speaker.name


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # a relation with a possessive pronoun speaks (rule 8), it does not refer back
        ('وقالت أسرته إن "الوضع صعب للغاية".', "الوضع صعب للغاية", "أسرته"),
        # أما + a relative clause: the topic is the antecedent, فقد before the verb
        (
            'وقال عمر أحمد "أتمنى أن أفوز".\nأما أمه التي تصاحبه في التدريب فقد قالت "هو عنيد وقوي".',
            "هو عنيد وقوي",
            "أمه",
        ),
        # a victim is a described person: a subject before its verb, and no ل-genitive
        ('وكان اللاعب سالم قد وصل أمس. والضحية قالت إنها "خائفة جدا".', "خائفة جدا", "الضحية"),
        ('وقالت الضحية للشرطة إنها "خائفة".', "خائفة", "الضحية"),
        # a feminine verb with no subject goes back to the latest speaker of its gender
        (
            'وقالت الوزيرة سارة علي إن "الخطة جاهزة". وقال المتحدث باسم الحزب إن "الحزب يدعمها". '
            'وأضافت "سنبدأ غدا".',
            "سنبدأ غدا",
            "الوزيرة سارة علي",
        ),
    ],
)
def test_relations_victims_topics_and_gender(
    extractor: QuoteExtractor, text: str, words: str, speaker: str
) -> None:
    assert _speaker_of(quotes_of(text, extractor), words) == speaker


def test_a_masculine_verb_after_a_possessed_role_keeps_its_speaker(extractor: QuoteExtractor) -> None:
    # مدربه folds to a final ه like a feminine noun: the display form decides
    text = 'لكن مدربه سامي كمال لا يضمن شيئا. وقال كمال: "المباراة صعبة". وأضاف: "سنقاتل".'
    assert _speaker_of(quotes_of(text, extractor), "سنقاتل") == "مدربه سامي كمال"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # a cue right before its quote has no subject after that quote: the words after the
        # blanked quote (أخرى) are no speaker; the verb continues the earlier one
        (
            'قال الرئيس الأمريكي دونالد ترامب إن التحالف انتصر. وأضاف "معارك" أخرى ما زال يتعين خوضها '
            '"لترسيخ" هذا التقدم.',
            "لترسيخ",
            "الرئيس الأمريكي دونالد ترامب",
        ),
        # after a feminine verb a sound masculine plural is the object, not the subject
        (
            'وتحدثت صحيفة ذي ديلي نيشن عن الزيارة ودعت الكينيين الى اغتنام "الفرص المتاحة لنا".',
            "الفرص المتاحة لنا",
            "صحيفة ذي ديلي نيشن",
        ),
        # after a bare name a comma and a verb open a clause: سمية, not سمية، جعل الرحلات …
        (
            "تقول سمية الميمني إن المبادرة بدأت صغيرة. لكن نجاح الرحلة، كما تقول سمية، جعل الرحلات "
            'التالية أسهل. وتضيف: "كانت تجربة لا تنسى".',
            "كانت تجربة لا تنسى",
            "سمية الميمني",
        ),
        # a date after the verb is no subject (الماضي, a month name): the subject is before it
        ('قال وزير الخارجية إن الأزمة انتهت. وصرح الأسبوع الماضي أن "الحل قريب".', "الحل قريب", "وزير الخارجية"),
        # a doubled comma (web text) is one: the apposition still belongs to the name
        (
            'قال النائب مراد سالم إن الطعن قدم. وكان أمين محفوظ،، أستاذ القانون الدستوري، قد صرح أن "الحل قريب".',
            "الحل قريب",
            "أمين محفوظ،، أستاذ القانون الدستوري",
        ),
        ('قال وزير الخارجية إن الأزمة انتهت. وصرح منتصف كانون الثاني/يناير أن "الحل قريب".', "الحل قريب", "وزير الخارجية"),
    ],
)
def test_words_after_the_quote_dates_and_objects_are_no_speaker(
    extractor: QuoteExtractor, text: str, words: str, speaker: str
) -> None:
    assert _speaker_of(quotes_of(text, extractor), words) == speaker


def test_a_state_after_a_relative_clause_verb_is_its_subject(extractor: QuoteExtractor) -> None:
    # the entities stage's places make a capital a speaker (rule 7); after الذي/التي + a verb of
    # saying, the name right after the verb is its subject and the antecedent is spoken of
    text = 'وسيطرح لودريان مواضيع مثل الدور الإيراني الذي تعتبر باريس أنه "توسعي".'
    doc = Doc(article=Article(id="t", body=text, language="ar"))
    at = text.index("باريس")
    doc.ann.entities = [
        Entity(id="kb:paris", name="باريس", type="LOC", mentions=[Mention(start=at, end=at + 5, text="باريس")])
    ]
    assert _speaker_of(extractor(doc).ann.quotes, "توسعي") == "باريس"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # an attribution right after the quote (، حسبما أضاف X) is this quote's, not the sentence's
        # opening cue's …
        ("شدد السيسي خلال اللقاء على ضرورة الحل، «وقد اتفق الجانبان على ذلك»، حسبما أضاف ياسين.", "وقد اتفق الجانبان على ذلك", "ياسين"),
        # … but a و-verb after the comma opens the next clause
        (
            'قال الوزير جون سميث إن بلاده "لا تعتزم الخروج"، وقالت المستشارة أنغيلا ميركل إن بلادها "ستبقى".',
            "لا تعتزم الخروج",
            "الوزير جون سميث",
        ),
        # a captain is a role (النقيب، الملازم، الرقيب beside العقيد، العميد)
        ('وأكد النقيب رامي غميض أن القارب كان "فوق مدينة الزاوية".', "فوق مدينة الزاوية", "النقيب رامي غميض"),
        # وهذا يؤكد X: the demonstrative is the subject, so "ضعف تيلرسون" never becomes a naming
        (
            "وقال الوزير تيلرسون إن الحوار مستمر. وهذا يؤكد ضعف تيلرسون في إدارة الملف الكوري. "
            'وعلق تيلرسون بالقول: "أثق بقدرتي".',
            "أثق بقدرتي",
            "الوزير تيلرسون",
        ),
    ],
)
def test_postposed_attributions_demonstratives_and_ranks(
    extractor: QuoteExtractor, text: str, words: str, speaker: str
) -> None:
    assert _speaker_of(quotes_of(text, extractor), words) == speaker


def _with_entities(text: str, spans: list[tuple[str, str]]) -> Doc:
    doc = Doc(article=Article(id="t", body=text, language="ar"))
    doc.ann.entities = [
        Entity(id=f"kb:{n}", name=w, type=t, mentions=[Mention(start=text.index(w), end=text.index(w) + len(w), text=w)])
        for n, (w, t) in enumerate(spans)
    ]
    return doc


def test_a_known_body_in_marks_after_the_verb_is_its_subject(extractor: QuoteExtractor) -> None:
    text = "وقالت الشائعات إنه مات. وفي هذه «الفتوى»، يتهم «داعش» الملا عمر بأنه قائد «قومي» يريد السيطرة."
    doc = _with_entities(text, [("داعش", "ORG")])
    assert _speaker_of(extractor(doc).ann.quotes, "قومي") == "داعش"


def test_a_known_person_after_the_opening_verb_is_a_participle_clause_subject(extractor: QuoteExtractor) -> None:
    text = 'وشارك تيلرسون في المحادثات داخل الإدارة الأميركية حول الاجتماع، حيث علّق قائلاً: "أمامنا طريق طويل".'
    doc = _with_entities(text, [("تيلرسون", "PERS")])
    assert _speaker_of(extractor(doc).ann.quotes, "أمامنا طريق طويل") == "تيلرسون"


def test_a_plural_demonstrative_subject_continues_the_speakers(extractor: QuoteExtractor) -> None:
    text = 'وقال مستشارو الرئيس: "الوضع يتغير بسرعة". وأوضح هؤلاء "قلنا للشركات إننا سننظم القمة".'
    first, second = quotes_of(text, extractor)
    assert second.continuation and second.speaker is not None and second.speaker == first.speaker


def test_the_same_source_is_the_one_just_cited(extractor: QuoteExtractor) -> None:
    text = (
        'وقال مصدر محلي مسؤول إن الأمطار "غزيرة جدا". وأفاد المدير الجهوي للحماية المدنية العقيد خميس علي '
        'بأن اللجنة في حالة انعقاد. وأوضح المصدر ذاته أن "الوضع تحت السيطرة".'
    )
    assert _speaker_of(quotes_of(text, extractor), "الوضع تحت السيطرة") == (
        "المدير الجهوي للحماية المدنية العقيد خميس علي"
    )


def test_a_role_is_not_its_former_holder(extractor: QuoteExtractor) -> None:
    text = 'وكان الرئيس الأمريكي السابق، باراك أوباما، قد وقع الاتفاق. وقال الرئيس الأمريكي في خطاب إن الاتفاق "بشع".'
    assert _speaker_of(quotes_of(text, extractor), "بشع") == "الرئيس الأمريكي"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # the reporting clause's complementiser inside the marks is cut off (guideline rule 3) …
        ('وأشار الرحبي "إلى أن المقاومة تقوم بتمشيط المناطق".', "المقاومة تقوم بتمشيط المناطق"),
        ('وعلق قاسمي على التصريحات واصفا إياها "بأنها محاولات يائسة".', "محاولات يائسة"),
        # … but not the speaker's own إن after a colon, nor an أن that is no report's
        ('وتابعت: "إنه تشبيه غير مفيد".', "إنه تشبيه غير مفيد"),
        ('وقال الوزير إن على الولايات المتحدة "أن تعلم أنها لن تحقق شيئا".', "أن تعلم أنها لن تحقق شيئا"),
    ],
)
def test_a_complementiser_inside_the_marks(extractor: QuoteExtractor, text: str, words: str) -> None:
    assert [q.text for q in quotes_of(text, extractor)] == [words]


# ----------------------------------------------------------------------------- news_test7 errors
# (sentences written for the test, not taken from the corpus)


def test_a_press_conference_adjective_names_no_speaker(extractor: QuoteExtractor) -> None:
    """وأوضح فيه: فيه points back at the conference, whose adjective (صحافي) is no genitive naming
    its host; the minister named before goes on speaking."""
    text = (
        "وقال وزير الخارجية خالد الحربي إن الحوار مستمر. وأضاف في مؤتمر صحافي عقده أمس في مقر الوزارة، "
        "وأوضح فيه أن القرار لم يتخذ بعد. وأشار إلى أن الأزمة تتفاقم، مضيفا: «نحن ندين كل أشكال العنف»."
    )
    quotes = quotes_of(text, extractor)
    assert _speaker_of(quotes, "نحن ندين كل أشكال العنف") == "وزير الخارجية خالد الحربي"


def test_the_body_an_office_belongs_to_is_part_of_its_name(extractor: QuoteExtractor) -> None:
    text = "وجاء في بيان للمكتب الإعلامي التابع لوزارة الخارجية الروسية صدر الخميس: «نعرب عن تعازينا للضحايا»."
    speaker = _speaker_of(quotes_of(text, extractor), "نعرب عن تعازينا للضحايا")
    assert speaker is not None and speaker.endswith("التابع لوزارة الخارجية الروسية")


@pytest.mark.parametrize(
    "text",
    [
        # a second marked name coordinated with a named model, a suburb, a house, an app's tool
        "وقالت الشركة إنها طرحت طراز «فالكون 3 برو» بسعر 999 دولارا و«فالكون 3 ماكس» بسعر 1200 دولار.",
        'وأكد المسؤول أن الجثث عثر عليها في ضاحية "سان ميغيل" شرق العاصمة.',
        'وقال الناقد إن دار "لا فينيتشي" من أشهر دور الأوبرا.',
        'وأشارت الشركة إلى أداة "الرسالة المؤقتة" الحالية.',
    ],
)
def test_names_after_their_head_noun_or_coordinated_are_not_quotes(extractor: QuoteExtractor, text: str) -> None:
    assert quotes_of(text, extractor) == []
