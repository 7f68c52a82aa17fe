"""Speakers, names in marks and reported claims: one made-up sentence per rule added with
quotes-rules-3 (each rule came from an error on unseen ANT / SaudiNewsNet articles; the
sentences here are written for the test, not taken from the corpus), the real sample page
with entity mentions, and the claims stage on the same rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.model import Article, Doc, Entity, Mention, Quote
from marsad.nlp.claims import ClaimExtractor
from marsad.nlp.quotes import QuoteExtractor, coref_groups
from marsad.sources import iter_source


@pytest.fixture(scope="module")
def extractor() -> QuoteExtractor:
    return QuoteExtractor()


def speakers(text: str, extractor: QuoteExtractor) -> dict[str, str | None]:
    """quote text -> speaker name, checking every offset on the way."""
    out: dict[str, str | None] = {}
    for q in extractor.extract(text):
        assert text[q.start : q.end] == q.text
        if q.speaker is not None and q.speaker.start is not None and q.speaker.end is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.name
        out[q.text] = q.speaker.name if q.speaker else None
    return out


# ----------------------------------------------------------------------------- names in marks


@pytest.mark.parametrize(
    "text",
    [
        # the medium spoken to, and a medium as the subject of the cue
        "وقال لـ«الوطن» مدير المستشفى إن الحالات مستقرة.",
        'وذكرت "الشرق" أن المباراة تأجلت إلى الأسبوع المقبل.',
        # the body a role belongs to
        'وقال المدير التنفيذي لـ"نور للاستشارات" إن الطلب تراجع.',
        # Latin names and numbers, titles of works and events
        'وأكد الرئيس أن شركة تابعة لـ"ABC" ستتولى المشروع.',
        'وقال المدرب إن الفريق سيشارك في "كأس النخبة" هذا الصيف.',
        'وأوضح المخرج أن مسرحية "بيت الجيران" تعرض الخميس.',
        'وكتبت الصحيفة مقالا بعنوان "هل تنجح الخطة الجديدة في إنهاء الأزمة الطويلة؟".',
        'وأعلن الجيش أن تنظيم "الفجر الجديد" تبنى الهجوم.',
        # a cue several clauses after a short span does not govern it
        'وأقيمت حفلات "ليالي الربيع" أمس أمام جمهور كبير، وقال المنظمون إن الإقبال فاق التوقعات.',
    ],
)
def test_names_in_marks_are_not_quotes(extractor: QuoteExtractor, text: str) -> None:
    assert speakers(text, extractor) == {}


def test_a_name_dropped_once_is_a_name_again(extractor: QuoteExtractor) -> None:
    text = (
        'وافتتحت البلدية "الحديقة المائية الكبرى" صباح أمس.\n'
        'وقال رئيس البلدية سالم عمر إن "الحديقة المائية الكبرى" ستفتح أبوابها مجانا.'
    )
    assert speakers(text, extractor) == {}


def test_a_subheading_may_repeat_a_quote(extractor: QuoteExtractor) -> None:
    text = 'المدينة قد "تغرق" قريبا\nوقالت الخبيرة ليلى حسن إن المدينة يمكن أن "تغرق" خلال عقود.'
    assert speakers(text, extractor) == {"تغرق": "الخبيرة ليلى حسن"}


def test_a_closing_mark_written_with_the_space_inside(extractor: QuoteExtractor) -> None:
    text = 'وحذر الوزير من "عواقب كبيرة "في حال استمر التصعيد. وتابع "لن نقف مكتوفي الأيدي".'
    assert speakers(text, extractor) == {"عواقب كبيرة": "الوزير", "لن نقف مكتوفي الأيدي": "الوزير"}


# ----------------------------------------------------------------------------- who speaks


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # the medium between the verb and its subject is skipped
        (
            'وقال لـ«الوطن» الناطق باسم الوزارة خالد عمر: "العمل مستمر".',
            "العمل مستمر",
            "الناطق باسم الوزارة خالد عمر",
        ),
        # كما تقول X and بحسب X after a verb are asides: the verb's subject speaks
        (
            'وأكدت الحكومة كما تقول صحيفة "النهار" أن الاتفاق "لن يتأخر".',
            "لن يتأخر",
            "الحكومة",
        ),
        (
            'وقال وزير النقل، بحسب وكالة الأنباء الرسمية، إن الطريق "سيفتح قريبا".',
            "سيفتح قريبا",
            "وزير النقل",
        ),
        # أما X فقال، حيث قال after a named subject
        ('أما الكاتب سمير نور، فقال: "القراءة حياة".', "القراءة حياة", "الكاتب سمير نور"),
        (
            'وعلق الممثل المصري هاني صبري على الخبر حيث قال: "هذا غير صحيح".',
            "هذا غير صحيح",
            "الممثل المصري هاني صبري",
        ),
        # a cue after a noun that names the words: "…".. كلمات قالها X
        (
            '"الحرية لا تُمنح بل تُنتزع".. كلمات قالها الناشط علي فهمي.',
            "الحرية لا تُمنح بل تُنتزع",
            "الناشط علي فهمي",
        ),
        # a document issued by the subject: أصدر X بيانا أكد فيه
        (
            'وأصدر المدعي العام بيانا، أمس، أكد فيه غياب أي "شبهة جنائية".',
            "شبهة جنائية",
            "المدعي العام",
        ),
        # a participle after an opening VSO clause
        ('وهددت الحركة بالرد، معلنة أن الهجوم "لن يمر بسلام".', "لن يمر بسلام", "الحركة"),
        # نقلت X عن Y قوله: Y's words
        (
            'ونقلت الصحيفة عن مسؤول أمني قوله إن "الوضع تحت السيطرة".',
            "الوضع تحت السيطرة",
            "مسؤول أمني",
        ),
        # a feminine verb whose masculine form ends in a weak letter (أوصى → أوصت)
        (
            'وأوصت وزارة الصحة "بارتداء الكمامات في الأماكن المغلقة".',
            "بارتداء الكمامات في الأماكن المغلقة",
            "وزارة الصحة",
        ),
    ],
)
def test_who_speaks(extractor: QuoteExtractor, text: str, words: str, speaker: str) -> None:
    assert speakers(text, extractor)[words] == speaker


def test_a_relative_clause_names_its_antecedent_only_when_they_agree(extractor: QuoteExtractor) -> None:
    agree = 'وصعد إلى المسرح المطرب اللبناني وائل سعد الذي تحدث عن ألبومه قائلا: "إنه الأجمل".'
    assert speakers(agree, extractor)["إنه الأجمل"] == "المطرب اللبناني وائل سعد"
    # the movement is what he spoke about: قال (masculine) does not agree with التي
    disagree = (
        'وهاجم الزعيم حسن علي، أمس، الجماعة التي قال إنها "خطر على البلاد".\nوأضاف: "لن نسكت بعد اليوم".'
    )
    found = speakers(disagree, extractor)
    assert found["خطر على البلاد"] == found["لن نسكت بعد اليوم"] == "الزعيم حسن علي"


def test_a_relative_clause_verb_is_no_speaker_for_what_follows(extractor: QuoteExtractor) -> None:
    text = (
        'وقال الطبيب سامي رضا إن "الحالة مستقرة".\n'
        "وكان المريض قد غادر المستشفى بعد خلاف مع المدير الذي انتقده أكثر من مرة.\n"
        'وقال في مقابلة: "سأعود إلى العمل قريبا".'
    )
    assert speakers(text, extractor)["سأعود إلى العمل قريبا"] == "الطبيب سامي رضا"


def test_a_role_and_a_first_name_refer_back_to_the_full_naming(extractor: QuoteExtractor) -> None:
    text = (
        'وقال مدرب نادي الشروق الأول كمال ياسين جابر إن الفريق "جاهز".\n'
        'وأضاف مدرب الشروق والمنتخب: "نحترم المنافس".\n'
        'وتحدث المهندس لي تشانغ عن المشروع قائلا: "العمل يسير وفق الخطة".\n'
        'وقال الدكتور لي: "سننتهي قبل الموعد".'
    )
    found = speakers(text, extractor)
    assert found["نحترم المنافس"] == "مدرب نادي الشروق الأول كمال ياسين جابر"
    assert found["سننتهي قبل الموعد"] == "المهندس لي تشانغ"


def test_entity_mentions_give_the_fullest_naming(extractor: QuoteExtractor) -> None:
    text = 'التقى رئيس الاتحاد المحلي للعمال جوزيف كارتر بالوزير أمس.\nوقال كارتر: "المفاوضات صعبة".'
    first = text.index("جوزيف كارتر")
    second = text.index("كارتر:")
    doc = Doc(article=Article(id="t", body=text, source="test"))
    doc.ann.entities = [
        Entity(
            id="E1",
            name="جوزيف كارتر",
            type="PERS",
            mentions=[
                Mention(start=first, end=first + len("جوزيف كارتر"), text="جوزيف كارتر"),
                Mention(start=second, end=second + len("كارتر"), text="كارتر"),
            ],
        )
    ]
    assert coref_groups(doc) == (((first, first + 11), (second, second + 5)),)
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None and q.speaker.entity == "E1"
    assert q.speaker.name == "رئيس الاتحاد المحلي للعمال جوزيف كارتر"


def test_sample_page_speakers_hold(sample_page: Path, extractor: QuoteExtractor) -> None:
    arts = sorted(
        (a for a in iter_source(str(sample_page)) if isinstance(a, Article)), key=lambda a: not a.page_tags
    )
    quotes: list[Quote] = extractor(Doc(article=arts[0])).ann.quotes
    named = [q for q in quotes if q.speaker is not None]
    assert len(named) == len(quotes) >= 5  # every quote of the main article has a speaker


# ----------------------------------------------------------------------------- claims


def claims(text: str) -> dict[str, str | None]:
    out = {}
    for c in ClaimExtractor().extract(text):
        assert text[c.start : c.end] == c.text
        out[c.text] = c.source.name if c.source else None
    return out


def test_claim_rules() -> None:
    text = (
        "ويرى بعض المحللين أن الأسعار ستنخفض.\n"
        "وحذرت مجدداً الحكومة من أن المخزون محدود.\n"
        "وكان مسؤول رفيع في وزارة المالية أعلن أن الميزانية جاهزة.\n"
        "وأكد الوزير عادل فهد أنه أبلغ البرلمان بأن العجز تراجع.\n"
        'وقال المدرب: "سنفوز"، علما بأنه لم يحدد موعد المباراة.'
    )
    found = claims(text)
    assert found["الأسعار ستنخفض"] == "بعض المحللين"
    assert found["المخزون محدود"] == "الحكومة"
    assert found["الميزانية جاهزة"] == "مسؤول رفيع في وزارة المالية"
    assert found["العجز تراجع"] == "الوزير عادل فهد"  # he told parliament: not البرلمان
    assert not any(t.startswith("لم يحدد") for t in found)  # the writer's aside is no claim


def test_a_name_the_entities_stage_knows_can_be_a_subject() -> None:
    text = 'وقال الوزير إن الحفل تأجل.\nوأعلنت الأونروا أن "المدارس ستفتح غدا".'
    doc = Doc(article=Article(id="t", body=text, source="test"))
    at = text.index("الأونروا")
    (bare,) = QuoteExtractor().extract(text)  # without entities: a definite word, maybe an object
    assert bare.speaker is not None and bare.speaker.name == "الوزير"
    doc.ann.entities = [
        Entity(
            id="E2", name="الأونروا", type="ORG", mentions=[Mention(start=at, end=at + 8, text="الأونروا")]
        )
    ]
    (q,) = QuoteExtractor()(doc).ann.quotes
    assert q.speaker is not None and q.speaker.name == "الأونروا" and q.speaker.entity == "E2"
