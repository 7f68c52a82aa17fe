"""Speakers, names in marks and reported claims: one made-up sentence per rule added with
quotes-rules-3, -4 and -5 (each rule came from an error on unseen ANT / SaudiNewsNet articles; the
sentences here are written for the test, not taken from the corpus), the real sample page
with entity mentions, and the claims stage on the same rules."""

from __future__ import annotations

import re
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
        # a work's or an operation's noun with its describers before the marks names it
        'وقال الرئيس إن دول الساحل والعملية العسكرية الفرنسية "برخان" تعمل معا.',
        'وقال الرسام إنه استوحى العمل من رواية الكاتب البريطاني جورج أورويل "مزرعة الحيوان".',
        # a short span whose cue has no speaker is a term the sentence speaks of (news_test6)
        'وتظهر الكروم على أعمدة يابسة تؤخذ عادة من شجر "الأثل" أو من أشجار أخرى.',
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


_WHO_SPEAKS_1 = [
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
]


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


# ----------------------------------------------------------------------------- second round
# (rules from errors on two more batches of unseen articles, labelled before the code ran;
# the sentences are again written for the test)


_WHO_SPEAKS_2 = [
    # فإنه resumes the subject of the concessive clause before it
    (
        'قال الطبيب كلاما.\nورغم أن الجيش لم يعلق على الحادث، فإنه كان قد قال إن الوضع "تحت السيطرة".',
        "تحت السيطرة",
        "الجيش",
    ),
    # after بيد أن a second subject speaks, and the next sentence continues it
    (
        "وأعلنت وكالة الأنباء الرسمية مقتل شخصين، بيد أن المرصد المحلي أعلن إصابة مخزن.\n"
        'وكشف أن القصف طال "مخزنا للذخيرة".',
        "مخزنا للذخيرة",
        "المرصد المحلي",
    ),
    # كان + a subject with an apposition between commas + قد + verb
    (
        'قال الوزير كلاما.\nوكان مدير الوقاية بوزارة الصحة، سامي رضا، قد صرح أن الوباء "يقترب من النهاية".',
        "يقترب من النهاية",
        "مدير الوقاية بوزارة الصحة، سامي رضا",
    ),
    # نقلت المجلة قوله (no عن X): "his" words are the earlier speaker's
    (
        'قال الأمير خالد بن فهد إن الأمر "محسوم".\n'
        'جاء ذلك في مقابلة مع مجلة محلية، حيث نقلت المجلة قوله: "لن نتراجع عن القرار أبدا".',
        "لن نتراجع عن القرار أبدا",
        "الأمير خالد بن فهد",
    ),
    # the ل-genitive of an occasion of speech
    (
        'جاء ذلك في مؤتمر صحفي لسامي رضا، الخميس، حيث قال: "العمل مستمر في المشروع".',
        "العمل مستمر في المشروع",
        "سامي رضا",
    ),
    # a role with other nisbas is not the earlier holder of the same role head
    (
        'وقال وزير العدل التركي، أحمد كمال، إن "التحقيق سري".\nوكان وزير الداخلية المصري أكد أن الأخبار "أكاذيب".',
        "أكاذيب",
        "وزير الداخلية المصري",
    ),
]


def test_a_bare_name_right_after_an_unnamed_role_names_it(extractor: QuoteExtractor) -> None:
    text = (
        'اعتذر نائب رئيس الشركة عن وصفه المنتج بأنه "فاشل".\n'
        'وكان جون سميث قد قال في مقابلة إن المنتج "لا يعمل جيدا".\n'
        'وقال نائب الرئيس إن الشركة "ستعمل على تحسينه".'
    )
    found = speakers(text, extractor)
    assert found["فاشل"] == found["لا يعمل جيدا"] == found["ستعمل على تحسينه"] == "جون سميث"
    # a named speaker (with a role of his own) after the role is someone else
    other = 'وقال نائب رئيس الشركة إن المنتج "فاشل".\nوقال المدير جون سميث إن "العمل مستمر".'
    assert speakers(other, extractor)["فاشل"] == "نائب رئيس الشركة"


def test_a_definite_role_takes_no_indefinite_genitive(extractor: QuoteExtractor) -> None:
    text = 'ووصف المحامي عملية القبض عليها بأنها "طبخة سياسية".'
    assert speakers(text, extractor)["طبخة سياسية"] == "المحامي"


def _doc_with(text: str, names: list[tuple[str, str]]) -> Doc:
    doc = Doc(article=Article(id="t", body=text, source="test"))
    doc.ann.entities = [
        Entity(
            id=f"E{i}",
            name=name,
            type=etype,
            mentions=[Mention(start=text.index(name), end=text.index(name) + len(name), text=name)],
        )
        for i, (name, etype) in enumerate(names)
    ]
    return doc


def test_a_span_of_entity_names_is_a_name(extractor: QuoteExtractor) -> None:
    text = 'وقال وزير التعليم "د. سامي رضا" إن الدراسة ستبدأ في المناطق "نجران، جازان، عسير" في موعدها.'
    doc = _doc_with(text, [("سامي رضا", "PERS"), ("نجران", "LOC"), ("جازان", "LOC"), ("عسير", "LOC")])
    assert extractor(doc).ann.quotes == []
    # after a cue, a person tag on short quoted words is not trusted
    text = 'وأشار المحاميان إلى أن موكليهما "شابان طائشان" وطلبا الرأفة.'
    doc = _doc_with(text, [("شابان طائشان", "PERS")])
    assert [q.text for q in extractor(doc).ann.quotes] == ["شابان طائشان"]


def test_a_statement_speaks_for_the_issuer_named_at_its_first_mention(extractor: QuoteExtractor) -> None:
    text = (
        "دعت المملكة إلى اجتماع عاجل، بحسب بيان للديوان الملكي.\n"
        'ونقلت وكالة الأنباء الرسمية البيان الذي جاء فيه "تابع الملك الأزمة عن كثب".\n'
        'وأضاف البيان أن الاجتماع سيناقش "سبل الدعم".'
    )
    found = speakers(text, extractor)
    assert found["تابع الملك الأزمة عن كثب"] == found["سبل الدعم"] == "لديوان الملكي"


_WHO_SPEAKS_3 = [
    # a masculine أحد after a feminine verb is its object, not its subject
    (
        'وقالت النائبة سارة علي إن "الوضع صعب".\n'
        'واتهمت أحد رجال الأعمال بتلويث المدينة، منتقدة تأثير "المال الكبير".',
        "المال الكبير",
        "النائبة سارة علي",
    ),
    # a verb, its pronoun object, then its subject
    (
        'قدم له الدكتور سامي رضا قائلا: "هذا عمل ممتع ومفيد للقراء".',
        "هذا عمل ممتع ومفيد للقراء",
        "الدكتور سامي رضا",
    ),
    # a parenthetical between a long subject and its verb
    (
        'قال الوزير كلاما.\nوكانت وزارة الدفاع الأميركية (البنتاغون) أعلنت أن قواتها "لم تشن ضربات".',
        "لم تشن ضربات",
        "وزارة الدفاع الأميركية",
    ),
    # a participle after a reported clause with its own subject hangs on that clause
    (
        "ويقول موقع الأخبار إن قائد الجماعة في المدينة سامي رضا، طالب في رسالة بالتصعيد، "
        'مشددا على "المواجهة أولا".',
        "المواجهة أولا",
        "قائد الجماعة في المدينة سامي رضا",
    ),
    # تعهد reports a pledge
    (
        'وتأتي الضربة بعد أن تعهد الرئيس الفرنسي، الأحد، "بردّ قوي مشترك" على الهجوم.',
        "بردّ قوي مشترك",
        "الرئيس الفرنسي",
    ),
]


def test_a_bare_name_must_be_a_known_person_to_name_a_role(extractor: QuoteExtractor) -> None:
    text = (
        'وكانت الوزارة أعلنت أن قواتها لم تتحرك، وقال متحدث باسمها: "لا ضربات حاليا".\n'
        'وهددت باريس مرارا بضرب أهداف، وقالت إنها "سترد بقوة".'
    )
    doc = _doc_with(text, [("باريس", "LOC")])
    by_text = {q.text: q.speaker.name if q.speaker else None for q in extractor(doc).ann.quotes}
    assert by_text["لا ضربات حاليا"] == "متحدث باسمها"


def test_an_organisation_name_goes_on_over_its_lam_genitive(extractor: QuoteExtractor) -> None:
    text = (
        "قرر الاتحاد المغربي لكرة القدم وقف التعاقدات.\n"
        'وقال الاتحاد المغربي في بيانه: "لا تعاقدات جديدة هذا الموسم".'
    )
    assert speakers(text, extractor)["لا تعاقدات جديدة هذا الموسم"] == "الاتحاد المغربي لكرة القدم"


def test_the_same_role_with_a_name_in_the_next_sentence_names_it(extractor: QuoteExtractor) -> None:
    text = (
        'وقال سفير فرنسا لدى كندا إن العالم يدخل "مرحلة صعبة".\n'
        'وأضاف السفير جان دوبوا للصحافيين: "يجب أن يفهم الجميع ذلك".'
    )
    found = speakers(text, extractor)
    assert found["مرحلة صعبة"] == found["يجب أن يفهم الجميع ذلك"] == "السفير جان دوبوا"


_WHO_SPEAKS_4 = [
    # a statement as the subject of قال speaks for the body after its ل (لل fuses the article)
    (
        "وحذرت الخارجية الكندية رعاياها من السفر.\n"
        'وقال تصريح للخارجية الكندية "لا نعرف سبب الحادث حتى الآن".',
        "لا نعرف سبب الحادث حتى الآن",
        "الخارجية الكندية",
    ),
    # a warning on a body's website is that body's
    (
        'وقال تحذير على موقع السفارة الهولندية "ابتعدوا عن مناطق التظاهر".',
        "ابتعدوا عن مناطق التظاهر",
        "السفارة الهولندية",
    ),
    # the people spoken to are not part of the speaker
    (
        'وقال المتحدث باسم الشركة لوسائل الإعلام المحلية "سنعوض المتضررين".',
        "سنعوض المتضررين",
        "المتحدث باسم الشركة",
    ),
    # a feminine verb with an object pronoun takes the body after it as its subject
    (
        'وقتل ثلاثة عمال في انهيار مبنى، في ما وصفته وزارة الإسكان ب"الكارثة".',
        "الكارثة",
        "وزارة الإسكان",
    ),
    # where the speaker comes from (من داخل + a body) is part of the description
    (
        'كشفت مصادر من داخل المجلس البلدي أمس أن الخطة "متوقفة تماما".',
        "متوقفة تماما",
        "مصادر من داخل المجلس البلدي",
    ),
    # an occasion's relative clause (تصريحات نقلها X) names who carried the words
    (
        'وقال الوزير سامي رضا، في تصريحات نقلها "راديو المدينة"، إن "الأسعار ستنخفض".',
        "الأسعار ستنخفض",
        "الوزير سامي رضا",
    ),
    # "this league" is the body named before
    (
        'أصدرت رابطة المحترفين لكرة السلة قرارا جديدا.\nوأكدت هذه الرابطة أن "العقوبات نهائية".',
        "العقوبات نهائية",
        "رابطة المحترفين لكرة السلة",
    ),
]


def test_an_indefinite_source_is_not_the_fuller_one_said_later(extractor: QuoteExtractor) -> None:
    text = 'وقالت مصادر إن الاجتماع "تأجل مرة أخرى".\nوقالت مصادر حكومية مطلعة إن "الموعد الجديد لم يحدد".'
    found = speakers(text, extractor)
    assert found["تأجل مرة أخرى"] == "مصادر"
    assert found["الموعد الجديد لم يحدد"] == "مصادر حكومية مطلعة"


def test_a_possessed_noun_after_a_comma_is_no_apposition(extractor: QuoteExtractor) -> None:
    text = 'أعلن الكاتب المصري سامي رضا، استقالته من رئاسة النادي، وقال: "قراري نهائي".'
    assert speakers(text, extractor)["قراري نهائي"] == "الكاتب المصري سامي رضا"


def test_words_run_on_after_a_known_name_are_cut(extractor: QuoteExtractor) -> None:
    text = 'وقالت الممرضة لينا فاروق: "كان اليوم طويلا".\nومضت فاروق تشرح ما حدث قائلة "لم نتوقف لحظة واحدة".'
    found = speakers(text, extractor)
    assert found["لم نتوقف لحظة واحدة"] == found["كان اليوم طويلا"] == "الممرضة لينا فاروق"


_WHO_SPEAKS_5 = [
    # a hashtag name is the subject of the verb before it
    (
        'أعلن #سامي_رضا رئيس النادي السابق، الاثنين، أنه سيترشح "دون تردد".',
        "دون تردد",
        "#سامي_رضا رئيس النادي السابق",
    ),
    # a first name ending in ة after a definite role is a name, not the role's object
    (
        'وأوضح المتحدث حمزة كامل أن "الطريق مغلق".',
        "الطريق مغلق",
        "المتحدث حمزة كامل",
    ),
    # the body a spokesman speaks for may be in marks after باسم
    (
        'وقال المتحدث باسم "حركة النور" إن الحركة "لن تشارك".',
        "لن تشارك",
        'المتحدث باسم "حركة النور"',
    ),
]


def test_a_role_of_what_the_last_speaker_led_is_that_speaker(extractor: QuoteExtractor) -> None:
    text = (
        'وقال سامي رضا الرئيس السابق لحزب النهضة إن "الانتخابات مزورة".\n'
        'وأوضح مؤسس حزب النهضة أن "الطعن قادم لا محالة".'
    )
    found = speakers(text, extractor)
    assert found["الانتخابات مزورة"] == found["الطعن قادم لا محالة"] == "سامي رضا الرئيس السابق لحزب النهضة"


def test_a_cue_written_with_a_shadda_is_not_its_unmarked_homograph(extractor: QuoteExtractor) -> None:
    found = speakers('عبّر الوزير سامي رضا عن "قلق بالغ" من الوضع.', extractor)
    assert found["قلق بالغ"] == "الوزير سامي رضا"
    found = speakers('وقال المدير عبر تويتر إن "الوضع مستقر".', extractor)
    assert found["الوضع مستقر"] == "المدير"


# ----------------------------------------------------------------------------- fourth round
# (epithets, from a fresh batch of unseen articles labelled before the code ran; the
# sentences are written for the test)


def _doc_mentions(text: str, name: str, short: str) -> Doc:
    """A doc whose entities stage found ``name`` once and then ``short`` at every later place."""
    doc = Doc(article=Article(id="t", body=text, source="test"))
    first = text.index(name)
    spans = [(first, first + len(name))]
    at = text.find(short, first + len(name))
    while at >= 0:
        spans.append((at, at + len(short)))
        at = text.find(short, at + len(short))
    mentions = [Mention(start=a, end=b, text=text[a:b]) for a, b in spans]
    doc.ann.entities = [Entity(id="E1", name=name, type="PERS", mentions=mentions)]
    return doc


def test_a_club_epithet_is_the_named_holder_of_the_same_role(extractor: QuoteExtractor) -> None:
    text = 'أكد المدرب الإسباني خوان لوبيز أنه سعيد بالفوز.\nوقال مدرب ريال بيتيس: "قدمنا مباراة كبيرة".'
    assert speakers(text, extractor)["قدمنا مباراة كبيرة"] == "المدرب الإسباني خوان لوبيز"


def test_a_place_epithet_is_the_person_the_lead_is_about(extractor: QuoteExtractor) -> None:
    text = (
        "نفى ماركو بيانكي أنه يشعر بالضغط في ناديه الجديد. وكان بيانكي قد خسر مباراتين.\n"
        'وقال مهاجم إيطاليا السابق: "لا أشعر بأي ضغط".'
    )
    (q,) = extractor(_doc_mentions(text, "ماركو بيانكي", "بيانكي")).ann.quotes
    assert q.speaker is not None and q.speaker.name == "ماركو بيانكي"
    # without the entities stage nothing says who the lead is about
    assert speakers(text, extractor)["لا أشعر بأي ضغط"] == "مهاجم إيطاليا السابق"


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        # an unnamed source is someone new, not the person of the lead
        ('وقال مسؤول سعودي للصحيفة: "لا نرغب في ذلك".', "مسؤول سعودي"),
        ('وقال مصدر ثان معارض: "لا نرغب في ذلك".', "مصدر ثان معارض"),
        # a relation to someone (والد الضحية) is no epithet
        ('وقال والد الضحية: "لا نرغب في ذلك".', "والد الضحية"),
    ],
)
def test_unnamed_sources_and_relations_are_not_epithets(
    extractor: QuoteExtractor, line: str, speaker: str
) -> None:
    text = "نفى ماركو بيانكي أنه يشعر بالضغط في ناديه الجديد. وكان بيانكي قد خسر مباراتين.\n" + line
    (q,) = extractor(_doc_mentions(text, "ماركو بيانكي", "بيانكي")).ann.quotes
    assert q.speaker is not None and q.speaker.name == speaker


def test_an_envoy_keeps_where_he_serves_and_his_role_names_him_again(extractor: QuoteExtractor) -> None:
    # rule 5: "لدى" + the state an envoy serves at is part of the naming, so a later
    # "السفير الكندي" finds the person through the role
    text = (
        "أكد السفير الكندي لدى الأمم المتحدة الدكتور مارك ديفيس أن بلاده ستدعم الخطة.\n"
        'وقال السفير الكندي إن "الخطة تحتاج إلى وقت".'
    )
    assert (
        speakers(text, extractor)["الخطة تحتاج إلى وقت"]
        == "السفير الكندي لدى الأمم المتحدة الدكتور مارك ديفيس"
    )


def test_a_verb_of_showing_before_fi_reports_no_one(extractor: QuoteExtractor) -> None:
    # ويظهر فيه عنصر …: "appears in", so the quote stays with the speaker of the sentence
    text = (
        'وأشار الوزير إلى مقطع فيديو ويظهر فيه جندي وهو يطلق النار "مثلما حدث في القرية".\n'
        'ويظهر التقرير أن "الوضع سيئ للغاية في كل المناطق".'
    )
    first, second = extractor.extract(text)
    assert first.speaker is not None and first.speaker.name == "الوزير" and first.cue == "وأشار"
    assert second.cue == "ويظهر"  # without في it is the cue


def test_a_place_after_a_named_speaker_is_the_verbs_object(extractor: QuoteExtractor) -> None:
    text = 'وخاطب وزير الخارجية يوهان كارلسون باريس قائلا "عليكم احترام الاتفاق".'
    doc = Doc(article=Article(id="t", body=text, source="test"))
    name, place = "يوهان كارلسون", "باريس"
    doc.ann.entities = [
        Entity(id="P", name=name, type="PERS", mentions=[_mention(text, name)]),
        Entity(id="L", name=place, type="LOC", mentions=[_mention(text, place)]),
    ]
    (q,) = extractor(doc).ann.quotes
    assert (
        q.speaker is not None and q.speaker.name == "وزير الخارجية يوهان كارلسون" and q.speaker.entity == "P"
    )
    # without the entities stage nothing says where the name ends
    assert speakers(text, extractor)["عليكم احترام الاتفاق"] == "وزير الخارجية يوهان كارلسون باريس"


def _mention(text: str, words: str) -> Mention:
    at = text.index(words)
    return Mention(start=at, end=at + len(words), text=words)


def test_a_run_on_into_another_person_ends_at_the_speakers_name(extractor: QuoteExtractor) -> None:
    text = 'وحاول الرئيس جان بونو توضيح زيارة ليونيل تاكر قائلا "لقد وعدني بذلك".'
    doc = Doc(article=Article(id="t", body=text, source="test"))
    doc.ann.entities = [
        Entity(id="P1", name="جان بونو", type="PERS", mentions=[_mention(text, "جان بونو")]),
        Entity(id="P2", name="ليونيل تاكر", type="PERS", mentions=[_mention(text, "ليونيل تاكر")]),
    ]
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None and q.speaker.name == "الرئيس جان بونو" and q.speaker.entity == "P1"


def test_a_role_apposition_after_the_name_is_kept(extractor: QuoteExtractor) -> None:
    text = 'وقال كارل منسن الأستاذ في جامعة أوسلو إن "النتائج مشجعة جدا حتى الآن".'
    doc = Doc(article=Article(id="t", body=text, source="test"))
    doc.ann.entities = [
        Entity(id="P", name="كارل منسن", type="PERS", mentions=[_mention(text, "كارل منسن")]),
        Entity(id="O", name="جامعة أوسلو", type="ORG", mentions=[_mention(text, "جامعة أوسلو")]),
    ]
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None and q.speaker.name == "كارل منسن الأستاذ في جامعة أوسلو"


# ----------------------------------------------------------------------------- round 6 rules


def test_an_elative_after_one_of_is_no_reporting_verb(extractor: QuoteExtractor) -> None:
    # أحد أبرز الأسباب: أبرز is 'most prominent' here, so the study speaks for itself
    text = (
        'بعد أن بقي مفهوم "الطعام المحلي" أحد أبرز الأسباب لدى المستهلكين، كشفت دراسة جديدة نتائج مختلفة.\n'
        'وأوضحت الدراسة أن "معظم المشترين لا يعرفون مصدر الخضار".'
    )
    got = speakers(text, extractor)
    assert "الطعام المحلي" not in got  # a concept in marks, not quoted words
    assert got["معظم المشترين لا يعرفون مصدر الخضار"] is not None
    assert "مفهوم" not in got["معظم المشترين لا يعرفون مصدر الخضار"]


def test_a_relative_clause_names_the_body_that_issued_a_document(extractor: QuoteExtractor) -> None:
    text = (
        "ووفق الدراسة، التي نشرتها جامعة ملبورن الأسترالية، تراجع عدد الطيور.\n"
        'وأضافت الدراسة أن "الطيور المهاجرة هي الأكثر تضررا".'
    )
    assert speakers(text, extractor)["الطيور المهاجرة هي الأكثر تضررا"] == "جامعة ملبورن الأسترالية"


def test_a_transliteration_variant_names_the_same_person(extractor: QuoteExtractor) -> None:
    text = (
        'وقالت الطبيبة، سارة ريفيز، رئيسة القسم في المستشفى، "نجح العلاج تماما".\n'
        'وقالت الدكتورة ريفز إن المرحلة المقبلة ستكون "طويلة".'
    )
    assert speakers(text, extractor)["طويلة"] == "الطبيبة، سارة ريفيز، رئيسة القسم في المستشفى"


def test_what_is_described_is_not_who_describes_it(extractor: QuoteExtractor) -> None:
    text = 'وقال الوزير خالد سامي إن الوضع "صعب"، ووصف هذه الأرقام بأنها "إنذار".'
    got = speakers(text, extractor)
    assert got["إنذار"] == got["صعب"] == "الوزير خالد سامي"


def test_between_inside_a_role_title_stays_in_the_speaker(extractor: QuoteExtractor) -> None:
    text = 'وقال وزير الحوار بين الأديان كريم نادر إن "الحوار مستمر".'
    assert speakers(text, extractor)["الحوار مستمر"] == "وزير الحوار بين الأديان كريم نادر"


# (rounds 11-12 of unseen articles, labelled before the code ran: a role or description
# resolves to the fullest naming of the same referent; the sentences are written for the test)
_SAME_REFERENT = [
    # المصدر نفسه: "the same source" is the one named before with the same head
    (
        'أعلن مصدر أمني الأحد مقتل 18 شخصا.\nوقال المصدر نفسه إن "المسلحين هاجموا القرية".',
        "المسلحين هاجموا القرية",
        "مصدر أمني",
    ),
    # a body's head with an adjective is the body named before
    (
        'أعلنت منظمة الصحة العالمية خطة جديدة.\nوقالت المنظمة الدولية إن "الخطة ستنجح".',
        "الخطة ستنجح",
        "منظمة الصحة العالمية",
    ),
    # a role whose only name is its genitive (the club) is the named holder of that role
    (
        'انتقد رئيس نادي الهلال فهد سالم، الأحد، الحكم.\nوقال رئيس الهلال: "سنقدم شكوى".',
        "سنقدم شكوى",
        "رئيس نادي الهلال فهد سالم",
    ),
    # a relative clause after an apposition's comma hangs on the whole naming
    (
        'ردت الوزيرة على الرئيس الأمريكي، دونالد ترامب، الذي اتهم برلين "بإثراء" روسيا.',
        "بإثراء",
        "الرئيس الأمريكي، دونالد ترامب",
    ),
    # وقال with no subject after a و-clause with its own subject (not the earlier cue's)
    (
        'وأكد وكيله سامي علي أن العقد واضح، وأيد العميد خالد سعيد أمين عام النادي الخميس موقف الوكيل، وقال "إن العقد ملزم".',
        "إن العقد ملزم",
        "العميد خالد سعيد أمين عام النادي",
    ),
    # ما وصفه بـ: the pronoun is the object, the subject is the clause's
    ('عبر رئيس النادي سامي فهد، الأحد، عن أسفه بسبب ما وصفه بـ"الظلم".', "الظلم", "رئيس النادي سامي فهد"),
    # the ل-genitive of statements names who made them (the name after the fused للـ)
    (
        'برزت تصريحات جديدة للسفير الروسي السابق، فلاديمير بوتكين، زعم فيها أن الوزير "كشف له" الخطة.',
        "كشف له",
        "فلاديمير بوتكين",
    ),
    # ... but the ل-genitive of a speech to a crowd is its audience
    (
        'قال رئيس النادي سامي فهد، الأحد، إن الفريق جاهز، ووجه كلمة لجمهور النادي قال فيها: "نحن جاهزون للموسم".',
        "نحن جاهزون للموسم",
        "رئيس النادي سامي فهد",
    ),
    # an unnamed source with a nationality is someone new, not the person quoted before
    (
        'قال مدير الشركة سامي فهد إن الأرباح ارتفعت.\nوقال المسؤول الأمريكي: "السوق مستقر".',
        "السوق مستقر",
        "المسؤول الأمريكي",
    ),
]


def test_a_name_with_words_run_on_is_cut_where_its_mention_ends(extractor: QuoteExtractor) -> None:
    """أظهر سامي إشارات: the entities stage knows سامي, not سامي إشارات; the speaker is
    then named most fully where the entity is (سامي الحربي)."""
    text = 'وأصيب سامي الحربي في الحادث.\nوقبل يوم، أظهر سامي إشارات إلى أنه يتعافى.\nوقال سامي: "لا أتذكر شيئا".'
    (q,) = extractor(_doc_mentions(text, "سامي الحربي", "سامي")).ann.quotes
    assert q.speaker is not None and q.speaker.name == "سامي الحربي"


# ----------------------------------------------------------------------------- rounds 13-18
# One made-up sentence per rule added after held-out rounds 13-18 (the sentences are written
# for the test, not taken from the corpus).

_WHO_SPEAKS_6 = [
    # a role's feminine form is a role: the epithet refers back to the named player
    (
        'وقالت الكينية جين موانغي، لاعبة التنس: "تدربت كثيرا".\nوقالت اللاعبة الكينية: "سأعود قريبا".',
        "سأعود قريبا",
        "الكينية جين موانغي",
    ),
    # ل + a document after a noun cue speaks for its issuer
    (
        'أصدرت جمعية حماية البيئة بيانا أمس.\nووفقا لبيان الجمعية فإن التلوث "تراجع بشكل ملحوظ".',
        "تراجع بشكل ملحوظ",
        "جمعية حماية البيئة",
    ),
    # وفق ما جاء في بيان لـX
    (
        'وعرض الرئيس "مساعدة عاجلة" للمتضررين، وفق ما جاء في بيان لقصر الرئاسة.',
        "مساعدة عاجلة",
        "قصر الرئاسة",
    ),
    # an age in apposition is no part of the subject of كان … قد أعلن
    (
        'وكان خالد منصور، 30 عاما، قد أعلن اعتزاله بسبب ما وصفه بـ"الظلم التحكيمي".',
        "الظلم التحكيمي",
        "خالد منصور",
    ),
    # a news outlet right after the subject's name is whom the words were given to
    (
        'وأفاد الوزير كارل يوهانسون وكالة "أنباء الشمال" أن "الحوار مستمر".',
        "الحوار مستمر",
        "الوزير كارل يوهانسون",
    ),
    # كما + a cue with a speaker (not an outlet) is a second speaker, not an aside
    (
        'وأكدت الشرطة ضرورة الهدوء، كما أكد المتظاهرون على "سلمية" احتجاجهم.',
        "سلمية",
        "المتظاهرون",
    ),
    # a body's name in marks right after the verb is its subject
    (
        "وأعلنت «هيئة الرقابة العليا» التابعة للوزارة في بيان إقالة المدير «لمخالفته الأنظمة».",
        "لمخالفته الأنظمة",
        "هيئة الرقابة العليا",
    ),
    # a name with its role before a relative clause (العنزي reads as a nisba)
    (
        'ومن بين المدربين المدرب ماهر العنزي الذي قال إن الفريق "سيفاجئ الجميع".',
        "سيفاجئ الجميع",
        "المدرب ماهر العنزي",
    ),
    # a description between commas before the verb ends the subject at its first comma
    (
        'لكن وزير المالية بيتر هانسن، المنتمي لحزب الوسط، قال إن الخطة "ستنجح".',
        "ستنجح",
        "وزير المالية بيتر هانسن",
    ),
    # an accusative source after لكن, with a place phrase before the verb
    (
        'لكن مصدرًا مطلعًا في الوزارة في العاصمة، أكد أن الوزير "سيستقيل قريبا".',
        "سيستقيل قريبا",
        "مصدرًا مطلعًا في الوزارة",
    ),
    # a body said short (التنظيم) is the body named with its name in marks
    (
        'وتبنى تنظيم "الفجر الأحمر" الهجوم.\nوقال التنظيم في بيان إن "الهجوم نجح تماما".',
        "الهجوم نجح تماما",
        'تنظيم "الفجر الأحمر"',
    ),
    # a study speaks for the body named with أعدها where it was first mentioned
    (
        'نشرت دراسة أعدها معهد الأبحاث البحرية نتائج جديدة.\nوقالت الدراسة إن "الشعاب تتراجع".',
        "الشعاب تتراجع",
        "معهد الأبحاث البحرية",
    ),
    # آنا is a name, not the pronoun أنا
    ('وقالت آنا بيرغ لوكالة الأنباء إن "الوضع هادئ".', "الوضع هادئ", "آنا بيرغ"),
    # a surname after a role's genitive (رئيس وزراء النرويج يوهان برغن) is the person's
    (
        'وقال رئيس وزراء النرويج يوهان برغن إن الاتفاق قريب.\nوأضاف برغن: "نحن متفائلون".',
        "نحن متفائلون",
        "رئيس وزراء النرويج يوهان برغن",
    ),
    # ذو opens a description after the name: the fullest naming stops before it
    (
        'وشارك اللاعب المصري سامي علي ذو العشر سنوات في السباق.\nوقال سامي علي: "أحب الجري".',
        "أحب الجري",
        "اللاعب المصري سامي علي",
    ),
    # an epithet (role + capital) with where the role is held after it
    (
        'وقال المندوب الفرنسي، جان دوبوا، إن القرار "متسرع".\n'
        'واتهم مندوب باريس في مجلس الأمن الطرف الآخر بـ"المماطلة".',
        "المماطلة",
        "المندوب الفرنسي، جان دوبوا",
    ),
]


# rules added after rounds 23-26 of fresh articles (sentences written for the test)
_WHO_SPEAKS_7 = [
    # a subject fronted after أن and set off by a comma: the phrase after the verb is its object
    (
        'ويذكر أن شركة النور للطيران، اتهمت هيئة الموانئ بـ"المماطلة المتعمدة" في الملف.',
        "المماطلة المتعمدة",
        "شركة النور للطيران",
    ),
    # the one asked (عندما سئل X) answers with a verb that has no subject of its own
    (
        'وعندما سئل المتحدث باسم الشركة، سامي ناصر، عن الخطة، قال: "سنعلن التفاصيل قريبا".',
        "سنعلن التفاصيل قريبا",
        "المتحدث باسم الشركة، سامي ناصر",
    ),
    # جاء فيه points back at an indefinite statement: its issuer speaks
    (
        'ونشرت وزارة الصحة بيانا على موقعها جاء فيه "تم افتتاح المستشفى الجديد في المدينة".',
        "تم افتتاح المستشفى الجديد في المدينة",
        "وزارة الصحة",
    ),
    # the subject before كانت … أعلنت, and a bare البيان after it is that body's statement
    (
        "وقال مصدر أمني إن الوضع هادئ.\n"
        'يذكر أن وزارة الدفاع كانت قد أعلنت مقتل جنديين في "هجوم غادر" الأسبوع الماضي.',
        "هجوم غادر",
        "وزارة الدفاع",
    ),
    (
        "وقال مصدر أمني إن الوضع هادئ.\nيذكر أن وزارة الدفاع كانت قد أعلنت مقتل جنديين الأسبوع "
        'الماضي. وجاء في البيان أن "الجنود تعرضوا لهجوم غادر من مجموعة مسلحة".',
        "الجنود تعرضوا لهجوم غادر من مجموعة مسلحة",
        "وزارة الدفاع",
    ),
    # a participle hangs on the nearest clause, opened by إذ and its verb; the demonstrative
    # after the naming is that verb's object
    (
        "واشتهر النادي بهذه العادة، إذ فسر المتحدث باسم النادي، سامي ناصر، هذا الأمر قائلا "
        '"اللاعبون يحبونها".',
        "اللاعبون يحبونها",
        "المتحدث باسم النادي، سامي ناصر",
    ),
    # a verb right after an indefinite document is the document's: its publisher speaks
    (
        'وأصدرت وزارة الصحة بيانا يؤكد أن "الوضع تحت السيطرة تماما الآن".',
        "الوضع تحت السيطرة تماما الآن",
        "وزارة الصحة",
    ),
    (
        'في ختام الموسم، نشرت الهيئة العامة للرياضة (الهيئة) تقريرا يشيد بـ"الأداء الرائع والروح '
        'العالية" للفريق.',
        "الأداء الرائع والروح العالية",
        "الهيئة العامة للرياضة",
    ),
    # …بيانا أعرب فيه عن شكره: فيه, then no subject of its own; the publisher speaks
    (
        "وقال رئيس الوزراء إن العمليات مستمرة.\n"
        'كما أصدرت الشرطة بيانا أعربت فيه عن شكرها بعد أن قدم "عدد كبير" من السكان بلاغات مفيدة.',
        "عدد كبير",
        "الشرطة",
    ),
    # a role's genitive (الصحة) is no part of the name: the fuller naming with the same role
    (
        "وحضر الحفل وزير الصحة الدكتور خالد بن سعد الراشدي.\n"
        'وقال وزير الصحة الدكتور خالد الراشدي إن الافتتاح تأخر، واصفا المبنى بـ"الصرح الجديد".',
        "الصرح الجديد",
        "وزير الصحة الدكتور خالد بن سعد الراشدي",
    ),
    # a known name run on into the verb's object (سالم الإفصاح) ends where the name ends
    (
        'وقال كريم سالم مدرب الفريق: "الفريق جاهز".\n'
        'ورفض سالم الإفصاح عن التشكيلة، مشيرا إلى أن "الجميع في حالة جيدة".',
        "الجميع في حالة جيدة",
        "كريم سالم مدرب الفريق",
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        # بحسب ما أفاد "…": after ما and a verb of saying the span is the source's name
        'ارتفعت الحصيلة إلى عشرة قتلى، بحسب ما أفاد "المرصد الوطني للبيئة".',
        # a kind's member, a radio station and a printed guide named in marks
        'وقالت الشرطة إن الضحية تعرض لغاز من نوع "سارين".',
        'ونقل راديو "صوت المدينة" عن الوزير قوله إن الوضع مستقر.',
        'وأكد المدير طباعة دليل "رحلتك الآمنة" لرفع الوعي.',
    ],
)
def test_more_names_in_marks_are_not_quotes(extractor: QuoteExtractor, text: str) -> None:
    assert speakers(text, extractor) == {}


def test_a_verb_with_its_own_object_pronoun_after_ma_keeps_the_quote(extractor: QuoteExtractor) -> None:
    # ما وصفته "…": the pronoun is the object and the quoted words are what she called it
    text = 'وتشارك الناشطة سارة علي في مظاهرة ضد ما وصفته "بالقرار المجحف".'
    assert speakers(text, extractor) == {"بالقرار المجحف": "الناشطة سارة علي"}


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        *_WHO_SPEAKS_1,
        *_WHO_SPEAKS_2,
        *_WHO_SPEAKS_3,
        *_WHO_SPEAKS_4,
        *_WHO_SPEAKS_5,
        *_SAME_REFERENT,
        *_WHO_SPEAKS_6,
        *_WHO_SPEAKS_7,
    ],
)
def test_who_speaks(extractor: QuoteExtractor, text: str, words: str, speaker: str) -> None:
    """The speaker of each quote in sentences written for the test (one case per rule)."""
    assert speakers(text, extractor)[words] == speaker


def _doc_entities(text: str, groups: list[list[str]]) -> Doc:
    """A doc whose entities each have the mentions given (every occurrence of each form)."""
    import re

    doc = Doc(article=Article(id="t", body=text, source="test"))
    entities = []
    for i, forms in enumerate(groups):
        spans = sorted({(m.start(), m.end()) for f in forms for m in re.finditer(re.escape(f), text)})
        # a shorter form inside a longer one is the same mention
        spans = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
        mentions = [Mention(start=a, end=b, text=text[a:b]) for a, b in spans]
        entities.append(Entity(id=f"E{i}", name=forms[0], type="PERS", mentions=mentions))
    doc.ann.entities = entities
    return doc


def test_a_mention_after_a_comma_is_the_fullest_naming(extractor: QuoteExtractor) -> None:
    text = 'وصور المقطع، رامي كومار، وهو باحث في الجامعة.\nوقال كومار إن "المشهد نادر".'
    (q,) = extractor(_doc_entities(text, [["رامي كومار", "كومار"]])).ann.quotes
    assert q.speaker is not None and q.speaker.name == "رامي كومار"


def test_a_coordinated_name_and_a_clause_joined_by_a_comma(extractor: QuoteExtractor) -> None:
    # a mention of the entities stage starting after و is a first name (ومحمد صلاح)
    text = 'جرت مباراة بين أحمد حجازي ومحمد صلاح أمس.\nوقال صلاح: "كانت صعبة".'
    doc = _doc_entities(text, [["أحمد حجازي", "حجازي"], ["محمد صلاح"]])
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None and q.speaker.name == "محمد صلاح"
    # …، قال: the clause before the comma names the speaker; its object is cut at the mention
    text = 'وفي جلسة صاخبة، وجّه النائب سالم حمد انتقادات لزميله خالد عمر، قال له "اجلس مكانك".'
    doc = _doc_entities(text, [["سالم حمد"], ["خالد عمر"]])
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None and q.speaker.name == "النائب سالم حمد"


def test_a_body_named_by_its_head_noun_is_the_entity_holding_that_noun(extractor: QuoteExtractor) -> None:
    # الخارجية الروسية is the mention, وزارة الخارجية الروسية the entity's name: الوزارة is it
    text = 'ونشرت الخارجية الروسية بيانا أمس.\nوقالت الوزارة إن "الزيارة ستتم في موعدها المحدد".'
    start = text.index("الخارجية الروسية")
    mention = Mention(start=start, end=start + len("الخارجية الروسية"), text="الخارجية الروسية")
    doc = Doc(article=Article(id="t", body=text, source="test"))
    doc.ann.entities = [Entity(id="E1", name="وزارة الخارجية الروسية", type="ORG", mentions=[mention])]
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.entity, q.speaker.start) == ("الخارجية الروسية", "E1", start)
    # no entity holding the noun: the head noun stays the speaker
    doc.ann.entities = [Entity(id="E2", name="الخارجية الروسية", type="ORG", mentions=[mention])]
    (q,) = extractor(doc).ann.quotes
    assert q.speaker is not None and q.speaker.name == "الوزارة"


def test_a_person_named_outside_the_marks_is_a_name_in_them(extractor: QuoteExtractor) -> None:
    # the surname of a person found outside the marks, in marks right after a cue, is a name
    text = 'وكشف المتحدث الرسمي للصندوق سالم العتيبي عن النتائج.\nوذكر "العتيبي"؛ تفصيلا أن المشاريع زادت.'
    assert extractor(_doc_entities(text, [["سالم العتيبي"]])).ann.quotes == []
    # a person tagged only inside the marks is not trusted after a cue (a quoted predicate)
    text = 'وقال المدرب إن اللاعب "سامي ناصر" سيغيب.'
    (q,) = extractor(_doc_entities(text, [["سامي ناصر"]])).ann.quotes
    assert q.text == "سامي ناصر"


def _doc_places(text: str, places: list[str]) -> Doc:
    """A doc whose entities are the places given (LOC, every occurrence)."""
    import re

    doc = Doc(article=Article(id="t", body=text, source="test"))
    doc.ann.entities = [
        Entity(
            id=f"L{i}",
            name=p,
            type="LOC",
            mentions=[Mention(start=m.start(), end=m.end(), text=p) for m in re.finditer(p, text)],
        )
        for i, p in enumerate(places)
    ]
    return doc


@pytest.mark.parametrize(
    ("text", "places", "words", "speaker"),
    [
        # a state right after a feminine verb speaks for its government (rule 7)
        (
            'ووصفت الكويت الخطة الجديدة بأنها "خطوة إيجابية ومهمة".',
            ["الكويت"],
            "خطوة إيجابية ومهمة",
            "الكويت",
        ),
        # after من جانبها، and its verb; the participle hangs on that clause
        (
            'من جانبها، رحبت الولايات المتحدة بالاتفاق، معتبرة أن اليابان ساهمت فيه بسبب "جهودها '
            'الكبيرة" في المفاوضات.',
            ["الولايات المتحدة", "اليابان"],
            "جهودها الكبيرة",
            "الولايات المتحدة",
        ),
        # after a masculine verb the state is the object: the envoy speaks
        (
            'وقال المندوب الفرنسي إن الجلسة تأجلت، واتهم بريطانيا بالتقصير "المتعمد" في الملف.',
            ["بريطانيا"],
            "المتعمد",
            "المندوب الفرنسي",
        ),
        # the state stands for its ministry that has just spoken
        (
            'وعبرت وزارة الخارجية الكويتية عن ارتياحها، ووصفت القرار بأنه "خطوة مهمة". '
            'واعتبرت الكويت أنه يأتي ضمن "الجهود الإقليمية المشتركة".',
            ["الكويت"],
            "الجهود الإقليمية المشتركة",
            "وزارة الخارجية الكويتية",
        ),
    ],
)
def test_a_state_speaks_for_its_government(
    extractor: QuoteExtractor, text: str, places: list[str], words: str, speaker: str
) -> None:
    quotes = {
        q.text: q.speaker.name if q.speaker else None for q in extractor(_doc_places(text, places)).ann.quotes
    }
    assert quotes[words] == speaker


# ----------------------------------------------------------------------------- quotes-rules-6
# (errors that recurred on unseen rounds 23-31; the sentences are written for the test)


@pytest.mark.parametrize(
    "text",
    [
        # the article written apart before the marks makes the span a noun (الـ«…»)
        "وأكد العميد أن العراق تسلم طائرات الـ«إف 16» الجديدة.",
        # a station, a base and weapons named by their kind noun
        'وقالت سيدة لمحطة "بي.إف.إم" التلفزيونية إنها سعيدة.',
        'واتهمت روسيا إسرائيل بشن هجوم على قاعدة "تيفور" الجوية.',
        "وقال العميد إن طائرات «إف 16» الجديدة وصلت.",
    ],
)
def test_names_of_made_things_in_marks_are_not_quotes(extractor: QuoteExtractor, text: str) -> None:
    assert speakers(text, extractor) == {}


def test_the_preposition_alone_before_marks_still_quotes(extractor: QuoteExtractor) -> None:
    # only the article (الـ، للـ) written apart names; لـ alone governs quoted words
    assert speakers('واعتذر الوزير لـ "سوء الفهم" الذي حدث.', extractor) == {"سوء الفهم": "الوزير"}


@pytest.mark.parametrize(
    ("text", "full", "surname"),
    [
        (
            "أكد المستشار في #الديوان_الملكي سعود الحربي، الجمعة، أن الأزمة انتهت.\n"
            'وقال الحربي في تغريدات إن "الأزمة كشفت كل شيء".',
            "سعود الحربي",
            "الحربي",
        ),
        (
            "وقدم الجوائز نيابة عن البنك سعيد الغامدي مساعد المدير.\n"
            'وأضاف الغامدي: "يحظى المهرجان باهتمام كبير".',
            "سعيد الغامدي",
            "الغامدي",
        ),
    ],
)
def test_a_bare_family_name_is_named_by_the_persons_mention(
    extractor: QuoteExtractor, text: str, full: str, surname: str
) -> None:
    # a family name looks like a nisba (…ي); the entities stage's mention says it is a name
    (q,) = extractor(_doc_entities(text, [[full]])).ann.quotes
    assert q.speaker is not None and q.speaker.name.startswith(full)
    # without the mention nothing says the definite word is a name
    (bare,) = extractor.extract(text)
    assert bare.speaker is not None and bare.speaker.name == surname


def test_the_same_source_before_its_noun_is_the_source_that_spoke(extractor: QuoteExtractor) -> None:
    text = 'وقال ضابط في الجيش لوكالة الأنباء إن "الهجوم فشل".\nوأضاف نفس المصدر أن "الخسائر محدودة".'
    assert speakers(text, extractor)["الخسائر محدودة"] == "ضابط في الجيش"


def test_verbs_after_an_incoming_document_speak_for_its_issuer(extractor: QuoteExtractor) -> None:
    # وجاء بيان من الحزب، أدان … ووصف: the statement is the subject, not the verb's object
    text = 'انتقد سياسيون في البلاد اللاعب.\nوجاء بيان من الحزب، أدان اللاعب ووصف ما فعله بـ "الوقاحة".'
    assert speakers(text, extractor) == {"الوقاحة": "الحزب"}


def test_a_justifying_verb_is_a_cue(extractor: QuoteExtractor) -> None:
    text = 'وبررت الوزيرة سارة علي تعامل الشرطة باعتباره دفاعا ضد "مجموعات صغيرة".'
    assert speakers(text, extractor) == {"مجموعات صغيرة": "الوزيرة"}


def test_a_bare_role_is_an_epithet_for_the_person_named_before(extractor: QuoteExtractor) -> None:
    # not the same word said later in the article (يقدم اللاعب رسميا)
    text = (
        "أكد النجم البرازيلي رافائيل سانتوس أنه سعيد بالانتقال.\n"
        'وقال اللاعب المنتقل إلى النادي: "سأقدم أفضل ما عندي".\n'
        "وينتظر أن يقدم اللاعب رسميا غدا."
    )
    (q,) = extractor(_doc_entities(text, [["رافائيل سانتوس"]])).ann.quotes
    assert q.speaker is not None and q.speaker.name == "النجم البرازيلي رافائيل سانتوس"


def test_an_outlet_named_before_in_marks_is_the_subject(extractor: QuoteExtractor) -> None:
    text = (
        'قالت صحيفة "المدينة الجديدة" إن الخطة تأخرت.\n'
        'وقال المتحدث باسم الوزارة إن "العمل مستمر".\n'
        'وذكرت "المدينة الجديدة" أن المشروع متوقف.\n'
        'وأضافت "لم يتغير شيء منذ شهور".'
    )
    got = speakers(text, extractor)
    assert got["العمل مستمر"] == "المتحدث باسم الوزارة"
    assert got["لم يتغير شيء منذ شهور"] == 'صحيفة "المدينة الجديدة"'
    # the outlet that carries someone's words (نقلت X عن Y) is not the speaker
    text = 'ونقلت "المدينة الجديدة" عن الوزير سالم خليل قوله: "العمل سيستمر".'
    assert speakers(text, extractor)["العمل سيستمر"] == "الوزير سالم خليل"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # an indefinite source and its nisba end before the verb's object
        (
            'وسارعت دمشق إلى النفي، ووصف مصدر رسمي اتهام الحكومة السورية بـ"مسرحيات الكيماوي".',
            "مسرحيات الكيماوي",
            "مصدر رسمي",
        ),
        # … and before a verb (منظمات غير حكومية | سارعت), named again later as المنظمات
        (
            "قال البنك إن القواعد خطوة كبرى، غير ان منظمات غير حكومية سارعت الى التنديد بها. "
            'وقالت المنظمات في بيانها إن القواعد "ستضعف الحماية".',
            "ستضعف الحماية",
            "منظمات غير حكومية",
        ),
        # an adjective that is no nisba, and where the role is held, stay in the phrase
        (
            'وقال مسؤول أمريكي كبير في الإدارة إن "الاتفاق قريب".',
            "الاتفاق قريب",
            "مسؤول أمريكي كبير في الإدارة",
        ),
    ],
)
def test_an_indefinite_source_ends_before_its_verb_or_object(
    extractor: QuoteExtractor, text: str, words: str, speaker: str
) -> None:
    assert speakers(text, extractor)[words] == speaker


# ----------------------------------------------------------------------------- quotes-rules-7: relayed words (rounds 32-33)


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # نقل/أورد X عن Y: Y speaks, the outlet only carried the words
        (
            'ونقلت صحيفة الأيام عن سالم المطيري، مدير الشركة، أن الإنتاج "سيتضاعف قريبا" خلال العام.',
            "سيتضاعف قريبا",
            "سالم المطيري",
        ),
        (
            'وأوردت وكالة الأنباء المحلية عن الوزيرة هالة سعيد أن الخطة "تسير وفق الجدول" حتى الآن.',
            "تسير وفق الجدول",
            "الوزيرة هالة سعيد",
        ),
        # the outlet's name in marks (blanked in the masked text), then عن
        (
            'ونقلت "الشرق" عن مدير المطار أن الرحلات "عادت إلى طبيعتها" صباح اليوم.',
            "عادت إلى طبيعتها",
            "مدير المطار",
        ),
        # عن طريق is a way, not a source: the later verb's subject speaks
        (
            'ونقل الجيش الجرحى عن طريق البحر، وقال قائد العملية إن الوضع "تحت السيطرة".',
            "تحت السيطرة",
            "قائد العملية",
        ),
    ],
)
def test_relayed_words_belong_to_the_one_after_an(
    extractor: QuoteExtractor, text: str, quote: str, speaker: str
) -> None:
    got = speakers(text, extractor)[quote]
    assert got is not None and got.startswith(speaker)


def test_a_document_carried_by_an_agency_is_the_speakers(extractor: QuoteExtractor) -> None:
    # في بيان رسمي نقلته الوكالة: a clause on the document names who carried it
    text = 'وقال رئيس الوزراء، في بيان رسمي نقلته وكالة الأنباء الرسمية، إن بلاده "لن تتراجع عن قرارها".'
    assert speakers(text, extractor) == {"لن تتراجع عن قرارها": "رئيس الوزراء"}
    assert claims(text.replace('"', "")) == {"بلاده لن تتراجع عن قرارها": "رئيس الوزراء"}


def test_a_verb_form_right_after_the_complementiser_is_a_noun(extractor: QuoteExtractor) -> None:
    # أن نقل سامي ناصر: the reported clause's subject (a masdar), not a verb with a subject
    text = 'وأكد المتحدث باسم الشرطة أن نقل سامي ناصر إلى السجن "تم بهدوء" مساء أمس.'
    assert speakers(text, extractor) == {"تم بهدوء": "المتحدث باسم الشرطة"}


def test_relayed_claims_have_the_relayed_source() -> None:
    text = "ونقلت صحيفة الأيام عن سالم المطيري، مدير الشركة، أن الإنتاج سيتضاعف خلال العام المقبل."
    assert claims(text) == {"الإنتاج سيتضاعف خلال العام المقبل": "سالم المطيري، مدير الشركة"}


def test_a_document_on_a_site_speaks_for_the_sites_owner(extractor: QuoteExtractor) -> None:
    # إعلان على الحساب الرسمي للمستشفى: the ل-genitive after the site and its adjective
    text = 'ويشترط المستشفى أن يكون المتبرع "سليما من الأمراض"، وذلك وفقا لإعلان على الحساب الرسمي للمستشفى.'
    assert speakers(text, extractor) == {"سليما من الأمراض": "مستشفى"}


# ----------------------------------------------------------------------------- rounds 34-35


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a time phrase after the verb is never its subject
        ("لكن خالد العمري قال أول من أمس إن «الخطة لن تنجح».", "خالد العمري"),
        ("وقال أول من أمس خالد العمري إن «الخطة لن تنجح».", "خالد العمري"),
        ("وقال أمس الوزير خالد العمري إن «الخطة لن تنجح».", "الوزير خالد العمري"),
        # in the words of X: X said the quoted words, not the clause's subject
        (
            'وأعلن البنك المركزي تسلم الدفعة "لتجنب أزمة"، على حد تعبير وزير الاقتصاد كريم ناصر.',
            "وزير الاقتصاد كريم ناصر",
        ),
        ('ووصف المعارضون الخطة بأنها "مغامرة"، على حد وصف النائب سعيد الراشد.', "النائب سعيد الراشد"),
    ],
)
def test_time_phrases_and_in_the_words_of(extractor: QuoteExtractor, text: str, speaker: str) -> None:
    assert set(speakers(text, extractor).values()) == {speaker}


def test_a_head_of_time_before_a_count_is_no_time_phrase_to_skip(extractor: QuoteExtractor) -> None:
    # طوال ثلاث دقائق is no subject either way; the speaker is named before
    text = 'وتحدث النائب سالم الهادي في الجلسة. وأجاب طوال ثلاث دقائق: "لن نتراجع عن القرار".'
    assert "ثلاث دقائق" not in set(speakers(text, extractor).values())


def test_a_naming_never_ends_in_the_complementiser() -> None:
    from marsad.nlp.naming import Namer
    from marsad.nlp.reporting import Phrases, load_lexicon

    text = 'وأضافت هيئة الاستثمار أن "الطلب ارتفع".'
    lex = load_lexicon()
    namer = Namer(text, lex, Phrases(lex, text), lambda pos: [], [0], [])
    assert namer.make_naming(text.index("هيئة"), text.index('"') - 1).text == "هيئة الاستثمار"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a name after أن, a comma and a role in apposition before the verb: all is its subject
        (
            "وقالت نيوزيلندا إن التصويت مقرر. إلا أن سامي الحربي، سفير البلاد في الأمم المتحدة"
            " قال إن «الوفد أدخل بعض الصياغة».",
            "سامي الحربي، سفير البلاد في الأمم المتحدة",
        ),
        # one bare word between أن and a verb taking no object is its subject, not the
        # previous speaker carried on
        (
            'وقال الشيخ حمد آل ثاني: "نأخذ ما يأتينا على محمل الجد." ويذكر أن الناصر قال في'
            ' تصريحات سابقة: "يجب على الدولة أن تدفع الثمن".',
            "الناصر",
        ),
    ],
)
def test_a_subject_before_the_verb_after_the_complementiser(
    extractor: QuoteExtractor, text: str, speaker: str
) -> None:
    assert list(speakers(text, extractor).values())[-1] == speaker


def test_a_body_named_by_head_and_last_word_is_its_fullest_naming(extractor: QuoteExtractor) -> None:
    text = (
        'أعلنت الهيئة الوطنية العامة للطيران منح تراخيص. وقالت الهيئة الوطنية للطيران، في بيان، إن "النشاط'
        ' ارتفع". وأضافت هيئة الطيران أن "عشرين شركة جديدة دخلت السوق".'
    )
    assert speakers(text, extractor)["عشرين شركة جديدة دخلت السوق"] == "الهيئة الوطنية العامة للطيران"


def test_a_short_body_name_of_two_bodies_stays_as_said(extractor: QuoteExtractor) -> None:
    text = (
        'وقالت الهيئة الوطنية العامة للطيران إن "النشاط ارتفع". وقالت الهيئة الإقليمية العامة للطيران إن'
        ' "النشاط تراجع". وأضافت هيئة الطيران أن "عشرين شركة جديدة دخلت السوق".'
    )
    assert speakers(text, extractor)["عشرين شركة جديدة دخلت السوق"] == "هيئة الطيران"


def test_in_the_words_of_names_only_the_quote_right_before_it(extractor: QuoteExtractor) -> None:
    text = (
        '"الخطة لن تنجح"، قال الوزير سعيد الهادي، مضيفا أن الحل "بعيد المنال"، على حد تعبير المدير خالد ناصر.'
    )
    assert speakers(text, extractor) == {
        "الخطة لن تنجح": "الوزير سعيد الهادي",
        "بعيد المنال": "المدير خالد ناصر",
    }


# ----------------------------------------------------------------------------- rounds 36-37
# (general rules from the errors on two more batches of unseen articles; invented sentences)


def test_lam_and_a_medium_after_a_name_is_the_audience(extractor: QuoteExtractor) -> None:
    found = speakers('وقالت الشرطة الهندية لوسائل الإعلام إن "الرجلين فرا من المدينة".', extractor)
    assert found["الرجلين فرا من المدينة"] == "الشرطة الهندية"
    named = speakers('وقال الطبيب سامي رضا لصحيفة محلية إن "الحالة مستقرة".', extractor)
    assert named["الحالة مستقرة"] == "الطبيب سامي رضا"


def test_noticed_is_a_cue(extractor: QuoteExtractor) -> None:
    text = 'ولاحظت لجنة الرصد أيضا "تراجع عدد الزوار في الصيف".'
    found = speakers(text, extractor)
    assert found["تراجع عدد الزوار في الصيف"] == "لجنة الرصد"


def test_a_plural_relative_before_a_singular_verb_is_its_object() -> None:
    text = 'ورفض مارتن كول تقديم الموعد كما يطالب المعارضون الذين وصفهم علنا بأنهم "مجموعة من المخربين".'
    at = text.index("مارتن كول")
    doc = Doc(article=Article(id="t", body=text, source="test"))
    doc.ann.entities = [
        Entity(
            id="E1", name="مارتن كول", type="PERS", mentions=[Mention(start=at, end=at + 9, text="مارتن كول")]
        )
    ]
    (q,) = QuoteExtractor()(doc).ann.quotes
    # the antecedent is not the speaker; the sentence's subject is
    assert q.speaker is not None and q.speaker.entity == "E1"
    assert q.speaker.name is not None and q.speaker.name.startswith("مارتن كول")


def test_a_campaign_named_in_marks_speaks(extractor: QuoteExtractor) -> None:
    text = 'وقالت حملة "Fair Wear" التي تهدف لتحسين أوضاع العمال: "الأجور لا تكفي للعيش".'
    assert speakers(text, extractor)["الأجور لا تكفي للعيش"] == 'حملة "Fair Wear"'


def test_a_name_said_before_in_marks_after_the_verb_speaks(extractor: QuoteExtractor) -> None:
    text = (
        'وقال الشيخ سالم العتيبي نائب رئيس الجمعية إن "الحفل ناجح".\n'
        'وحول الهدف؛ أكد "العتيبي" سعي الجمعية إلى "تشجيع الشباب على الزواج".'
    )
    found = speakers(text, extractor)
    assert found["تشجيع الشباب على الزواج"] == "الشيخ سالم العتيبي نائب رئيس الجمعية"


def test_a_body_after_a_written_on_lam_is_named_without_it(extractor: QuoteExtractor) -> None:
    text = 'ذكرت الصحف أن الموسم سيبدأ قريبا.\nووفقا لمركز البحوث الزراعية "ستتحسن المحاصيل هذا العام".'
    found = speakers(text, extractor)
    # the ل is the preposition of وفقا, not part of the body's name
    assert found["ستتحسن المحاصيل هذا العام"] == "مركز البحوث الزراعية"


def test_an_outlet_after_a_written_on_lam_is_not_a_speaker(extractor: QuoteExtractor) -> None:
    text = 'وقال الوزير سامي الحداد "نحن مستعدون". وفقا لوكالة "رويترز".\nونقلت "رويترز" عن الحداد أن بلاده تريد تجنب "أزمة جديدة".'
    found = speakers(text, extractor)
    assert found["أزمة جديدة"] is not None and "رويترز" not in found["أزمة جديدة"]


def test_a_bare_body_noun_is_not_a_body_said_inside_a_role(extractor: QuoteExtractor) -> None:
    text = (
        "قرر المجلس الأعلى للإعلام في مصر منع رئيس مجلس إدارة نادي الكرمة سامي فؤاد من الظهور في الإعلام. "
        'وقال المجلس في بيان إن القرارات جاءت "حفاظا على الأمن العام".'
    )
    found = speakers(text, extractor)
    # مجلس إدارة النادي is only the genitive of رئيس: the council that acts is the one named
    assert (found["حفاظا على الأمن العام"] or "").startswith("المجلس الأعلى للإعلام")


# ----------------------------------------------------------------------------- rounds 42-45
# (rules from errors on four more batches of unseen articles, labelled before the code ran;
# the sentences are written for the test)


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # أما X، فـVERB: the fronted topic speaks, however long its phrase
        (
            'قال المدرب إن الفريق جاهز.\nأما حساب "كورة لايف" المتخصص في أخبار الملاعب، فكتب: "الفريق خسر الكثير".',
            "الفريق خسر الكثير",
            'حساب "كورة لايف"',
        ),
        # وفقا لما نقلته وكالة …: the channel's clause names the carrier, not the speaker
        (
            'قال الأمين العام للحزب سامي يوسف إن الحزب سيشارك.\nوأوضح الأمين العام وفقا لما نقلته وكالة الأنباء المحلية: "لن نتراجع".',
            "لن نتراجع",
            "الأمين العام للحزب سامي يوسف",
        ),
        # ونقلت الوكالة قول X: X said the words
        (
            'ونقلت وكالة الأنباء الرسمية قول وزير الدفاع سامي يوسف إن "الهجوم لن يمر".',
            "الهجوم لن يمر",
            "وزير الدفاع سامي يوسف",
        ),
        # تصريحات نسبتها إلى X، قال فيها: the one the words are ascribed to speaks
        (
            'ونشرت الصحيفة تصريحات نسبتها إلى القيادي في الحزب، سامي يوسف، قال فيها إن "الاعتصام مستمر".',
            "الاعتصام مستمر",
            "القيادي في الحزب، سامي يوسف",
        ),
        # نشرت X مقطعا، قالت فيه: the one who put the video out speaks …
        (
            'ونشرت الإعلامية سلمى يوسف مقطعا مصورا، قالت فيه إنها تلقت "رسائل تهديد".',
            "رسائل تهديد",
            "الإعلامية سلمى يوسف",
        ),
        # … but in ووجه رسالة لـX قال فيها the phrase after the verb is its object
        (
            'قال رئيس النادي سامي يوسف إن الموسم صعب.\nوهاجم رئيس النادي الحكام، ووجه رسالة للجماهير قال فيها: "لن نستسلم".',
            "لن نستسلم",
            "رئيس النادي سامي يوسف",
        ),
        # عن X وصفه: a cue with a pronoun right after عن X is X's masdar
        (
            'ونقلت وكالات أنباء عن نائب وزير الخارجية ألكسندر يوسف وصفه لتفجير الحافلة بأنه "استفزاز مدبر".',
            "استفزاز مدبر",
            "نائب وزير الخارجية",
        ),
        # دانت is listed in its feminine form; its subject is a body (بعثة)
        (
            'قال المتحدث باسم الحكومة إن الوضع هادئ.\nودانت بعثة الأمم المتحدة "كل أعمال العنف".',
            "كل أعمال العنف",
            "بعثة الأمم المتحدة",
        ),
        # an adverbial participle after the name ends the phrase
        (
            'قال الرئيس الأمريكي سامي يوسف إن الوضع جيد.\nوقال يوسف، متحدثا عن الحلفاء، إن "بعضهم لا يدفع شيئا".',
            "بعضهم لا يدفع شيئا",
            "الرئيس الأمريكي سامي يوسف",
        ),
        # القيادة heads a body's name
        (
            "أعلنت القيادة العامة للجيش أمس عن «وفاة أحد الضباط في حادث سير».",
            "وفاة أحد الضباط في حادث سير",
            "القيادة العامة",
        ),
        # a subjectless verb after a sentence on what a named person did continues that person
        (
            'وقال شهود إن المسلح فر.\nانتقل وزير الداخلية سامي يوسف إلى المدينة.\nوقال في مؤتمر صحافي "ينتابنا الغضب والحزن في آن واحد".',
            "ينتابنا الغضب والحزن في آن واحد",
            "وزير الداخلية سامي يوسف",
        ),
        # بالرغم من نفيه: a masdar with its owner's pronoun is no cue of its own
        (
            'قال الرئيس سامي يوسف إنه سيستقيل.\nوبالرغم من نفيه تلقي رشاوى، اعتبر أن استقالته "أفضل ما يمكن فعله".',
            "أفضل ما يمكن فعله",
            "الرئيس سامي يوسف",
        ),
        # رده على سؤال X: the one who asked does not answer
        (
            'كشف الباحث سامي يوسف أن النسبة ضئيلة.\nوقال في رده على سؤال الطلاب عن المستقبل: "ستخطئ الحكومات إذا منعت التقنية".',
            "ستخطئ الحكومات إذا منعت التقنية",
            "الباحث سامي يوسف",
        ),
        # تقرير للشرطة البريطانية: لل fuses the article; the words are said with it elsewhere
        (
            'كشف تقرير للشرطة البريطانية عن "تزايد كبير في حوادث العنف".\nوقالت الشرطة إن الحوادث تتكرر.',
            "تزايد كبير في حوادث العنف",
            "الشرطة",
        ),
        # كتبت X تغريدة: the document put out ends the naming of who put it out
        (
            'قالت الفرقة إن الحفل ناجح.\nوعبر موقع تويتر، كتبت المطربة سلمى يوسف تغريدة، قالت فيها "وظيفة شاغرة لمدقق لغوي".',
            "وظيفة شاغرة لمدقق لغوي",
            "المطربة سلمى يوسف",
        ),
        # مقاطع نشرها تنظيم …، ودعا فيها: the one who put it out (verb with its object pronoun)
        (
            'قال المسؤول إن الخطر كبير.\nوكشف الفيلم عن مقاطع مصورة نشرها تنظيم داعش، ودعا فيها أنصاره إلى "انتظار الرئيس في الشوارع".',
            "انتظار الرئيس في الشوارع",
            "تنظيم داعش",
        ),
        # المسؤول الأميركي points back at مسؤول في وزارة الخارجية الأميركية (nisba agreement)
        (
            'قال مسؤول في وزارة الخارجية الأميركية إن الوضع هادئ.\nوقال المسؤول الأميركي "لن نغير موقفنا من القضية".',
            "لن نغير موقفنا من القضية",
            "مسؤول في وزارة الخارجية الأميركية",
        ),
        # عن is "about" unless a verb of carrying words comes before it: the verb has its subject
        (
            'كشفت الشركة عن أول محطة عائمة وصفها الناقدون بأنها "كارثة تنتظر الحدوث".',
            "كارثة تنتظر الحدوث",
            "الناقدون",
        ),
        # a name first given in marks after a relation is a person when it speaks in marks
        (
            "قال المتحدث إن الزيارة ستتم.\nوتعيش في القرية زوجة جده «ماما سلمى».\nوأكدت «ماما سلمى» أنها لم تحزن، معتبرة أن الرئيس «ضيف البلاد كلها».",
            "ضيف البلاد كلها",
            "ماما سلمى",
        ),
        # فيما رد X، قائلا: رد is a verb of saying before its subject
        (
            'وافتتح رئيس البلاد سامي يوسف المعرض، قائلا إنه "يوم تاريخي للبلدين"، فيما رد رئيس الوزراء خالد حسن، قائلا إنه "يوم عظيم لنا جميعا".',
            "يوم عظيم لنا جميعا",
            "رئيس الوزراء خالد حسن",
        ),
        # … but the noun رد (في رد القانون) is no cue: the speaker stays the sentence's
        (
            'قال رئيس المجلس سامي يوسف إن الجلسة انتهت.\nوأكد أن "في رد القانون نزعا لفتيل الأزمة".',
            "في رد القانون نزعا لفتيل الأزمة",
            "رئيس المجلس سامي يوسف",
        ),
        # وقال السفير لمحطة التلفزيون: the medium spoken to ends the speaker's naming
        (
            "قال السفير سامي يوسف إن الزيارة ستتم.\nوقال السفير لمحطة التلفزيون المحلية: «بوسعي أن أؤكد أن الرئيس لن يزور القرية».",
            "بوسعي أن أؤكد أن الرئيس لن يزور القرية",
            "السفير سامي يوسف",
        ),
    ],
)
def test_who_speaks_round_42_45(extractor: QuoteExtractor, text: str, quote: str, speaker: str) -> None:
    found = speakers(text, extractor)
    assert (found[quote] or "").startswith(speaker), found


def _one_entity_quote(text: str, name: str, pattern: str | None = None, etype: str = "PERS") -> Quote:
    """The one quote of ``text``, with one entity whose mentions are the matches of ``pattern``
    (default: the name itself), as the entities stage would give them."""
    doc = Doc(article=Article(id="t", body=text, source="test"))
    spans = [(m.start(), m.end()) for m in re.finditer(pattern or re.escape(name), text)]
    mentions = [Mention(start=a, end=b, text=text[a:b]) for a, b in spans]
    doc.ann.entities = [Entity(id="E1", name=name, type=etype, mentions=mentions)]
    (q,) = QuoteExtractor()(doc).ann.quotes
    return q


@pytest.mark.parametrize("opening", ["وألغت", "ألغت"])  # a feminine past verb may open without و
def test_a_state_subject_of_a_first_verb_speaks_for_the_second(opening: str) -> None:
    text = (
        "قال الرئيس سامي يوسف إن القمة ستعقد.\n"
        + opening
        + ' كوريا الشمالية المحادثات مع الجنوب، ووصفت التدريبات بأنها "استفزاز".'
    )
    q = _one_entity_quote(text, "كوريا الشمالية", etype="LOC")
    assert q.speaker is not None and q.speaker.name == "كوريا الشمالية"


def test_a_name_with_a_role_of_another_body_does_not_name_an_earlier_role() -> None:
    text = (
        'وقال متحدث باسم الشرطة في المدينة "تم توقيفه واستجوابه من قبل الشرطة".\n'
        "وقال سامي لطفي المتحدث باسم شركة النور إن الموقوف عاد إلى بلاده."
    )
    q = _one_entity_quote(text, "سامي لطفي")
    # the role is not "introduced" by the name: the name comes with a role of another body
    assert q.speaker is not None and q.speaker.name.startswith("متحدث باسم الشرطة")


def test_a_name_ending_in_ta_marbuta_is_no_pronoun_noun() -> None:
    text = (
        "قال رئيس البنك سامي عكاشة إن المصرف سيسدد السندات.\n"
        'وبحسب وكالة "رويترز" أصدر البنك سندات في 2010.\n'
        'وأضاف عكاشة أن مصرفه "سيسدد سندات بقيمة 600 مليون دولار صباح اليوم".'
    )
    q = _one_entity_quote(text, "سامي عكاشة", "سامي عكاشة|عكاشة(?= أن)")
    # عكاشة folds to عكاشه like a noun with the pronoun ه, but a written ة is no pronoun
    assert q.speaker is not None and "عكاشة" in q.speaker.name


def test_a_compound_given_name_is_one_name() -> None:
    text = (
        "أعلن المدرب نور الدين سامي استقالته من تدريب النادي.\n"
        'وقال سامي إن الفريق بحاجة إلى "صوت مختلف في الإدارة".\n'
        "وجاء قرار استقالة سامي مفاجئا للجماهير."
    )
    q = _one_entity_quote(text, "نور الدين سامي", "نور الدين سامي|(?<= )سامي(?= إن)|(?<=استقالة )سامي")
    # X الدين is a compound given name, not a definite noun that ends the name (استقالة سامي is no naming)
    assert q.speaker is not None and q.speaker.name.endswith("نور الدين سامي")


def test_a_circumstantial_participle_is_no_part_of_a_name(extractor: QuoteExtractor) -> None:
    text = 'قال رئيس الهيئة سامي آل يوسف إن النتيجة سيئة.\nوقال آل يوسف متوعدا: "ما حدث لن يمر وستتم محاسبة المتسبب".'
    found = speakers(text, extractor)["ما حدث لن يمر وستتم محاسبة المتسبب"]
    # متوعدا ("threatening") says how he spoke
    assert found is not None and "آل يوسف" in found and "متوعدا" not in found


def test_a_reported_clause_subject_before_marks_keeps_the_quote(extractor: QuoteExtractor) -> None:
    text = 'واعتبر المدير أن الخبر كاذب، فإن وكالة الأنباء الفرنسية "تقوم بدور مركزي في التدقيق".'
    # after فإن the medium is the subject of the reported clause, not a work named in marks
    assert "تقوم بدور مركزي في التدقيق" in speakers(text, extractor)


# ------------------------------------------------------------- rounds 68-73 (quotes-rules-8)


@pytest.fixture(scope="module")
def entity_quotes():
    """The real entities and quotes stages: these rules read what the entities stage knows."""
    from marsad.pipeline import build

    return build(["entities", "quotes"])


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # الذي رد عليه X: the pronoun resumes the relative, the subject follows; and the
        # participle goes with the subject said right before it, not the sentence's first
        (
            'أعلن الوزير سامي يوسف خطة جديدة للنقل، وهو الأمر الذي رد عليه الرئيس الإيراني، حسن روحاني قائلا إن الخطة "لن تحل الأزمة".',
            "لن تحل الأزمة",
            "الرئيس الإيراني، حسن روحاني",
        ),
        (
            'أعلن الوزير سامي يوسف خطة جديدة للنقل، وهو الأمر الذي قال عنه الرئيس الإيراني، حسن روحاني إن الخطة "لن تحل الأزمة".',
            "لن تحل الأزمة",
            "الرئيس الإيراني، حسن روحاني",
        ),
        # نظيره right after the verb heads its subject
        (
            'قال الرئيس الفرنسي إيمانويل ماكرون إن المحادثات مثمرة. وقال نظيره الألماني أولاف شولتس إن بلاده "لن تتراجع عن دعمها".',
            "لن تتراجع عن دعمها",
            "نظيره الألماني أولاف شولتس",
        ),
        # للسفير said nowhere with its article: the words as written, read with it, find the role
        (
            'وقال سفير المملكة الأردنية في لندن، أحمد فؤاد، إن العلاقات جيدة.\nجاء ذلك في تغريدة للسفير الأردني على حسابه، قال فيها: "نعمل على تعزيز التعاون".',
            "نعمل على تعزيز التعاون",
            "سفير المملكة الأردنية",
        ),
        # a palace speaks for its court; a resolution for the body that adopted it
        ('وقال بيان صادر عن القصر الملكي إن الملك "يتابع الوضع عن كثب".', "يتابع الوضع عن كثب", "القصر الملكي"),
        (
            'وتبنى مجلس الأمن الدولي، الخميس، قراراً يطالب بـ"وقف فوري لإطلاق النار" في المدينة.',
            "وقف فوري لإطلاق النار",
            "مجلس الأمن الدولي",
        ),
        # a noun cue with its owner's pronoun (تهديدها) names no one after it
        (
            'وقال المتحدث باسم الحكومة سامي يوسف إن الوضع مستقر، مضيفا أنه إذا نفذت المعارضة تهديدها بتنظيم إضراب فإن الحكومة "ستتخذ ما يلزم".',
            "ستتخذ ما يلزم",
            "المتحدث باسم الحكومة سامي يوسف",
        ),
        # a known name right after قال is its subject, whatever clause stands before the verb
        (
            "قال المدرب البرازيلي رونالدو فيريرا إنه سعيد. وردا على سؤال عما إذا كان سيجدد عقده قال فيريرا (45 عاما) «لم أقرر بعد».",
            "لم أقرر بعد",
            "المدرب البرازيلي رونالدو فيريرا",
        ),
        # رد عليه + a known name: the pronoun object, then the subject
        (
            'وقال مدير النادي سامي يوسف "سنلعب مباراة كبيرة".\nمن جانبه رد عليه يورغن كلوب المدير الفني لنادي ليفربول قائلا "لم يكن سعيدا بالقرعة".',
            "لم يكن سعيدا بالقرعة",
            "يورغن كلوب المدير الفني لنادي ليفربول",
        ),
    ],
)
def test_who_speaks_round_68_73(entity_quotes, text: str, quote: str, speaker: str) -> None:
    doc = entity_quotes(Doc(article=Article(id="t", body=text, source="test")))
    found = {q.text: (q.speaker.name if q.speaker else None) for q in doc.ann.quotes}
    assert found.get(quote) == speaker, found


def test_a_fuller_naming_is_cut_where_its_known_name_ends(entity_quotes) -> None:
    # إعلان X انسحاب بلاده: the masdar's object runs on after the name in the fuller naming
    text = (
        "وفي خطاب يأتي بعد أيام على إعلان الرئيس الأمريكي، دونالد ترامب انسحاب بلاده من الاتفاق، "
        'قال ترامب: "هذا اتفاق سيئ".'
    )
    (q,) = entity_quotes(Doc(article=Article(id="t", body=text, source="test"))).ann.quotes
    assert q.speaker is not None and q.speaker.name == "الرئيس الأمريكي، دونالد ترامب"


def test_a_hamza_after_a_clitic_ends_a_name() -> None:
    from marsad.nlp.reporting import Phrases, load_lexicon
    from marsad.text.tokens import tokenize

    for text, name in [
        ("طالب الرئيس دونالد ترامب بإطلاق سراح القس", "الرئيس دونالد ترامب"),
        # nor does a masdar after a comma continue a name as an apposition would
        ("تحدث الأسير أحمد سالم، بتفاعل كبير مع الحضور", "الأسير أحمد سالم"),
    ]:
        toks = tokenize(text)
        span = Phrases(load_lexicon(), text).after(toks, 1)
        assert span is not None and text[toks[span[0]].start : toks[span[1] - 1].end] == name


def test_a_given_name_that_is_also_a_role_word_names_the_person(entity_quotes) -> None:
    # أمين is a role word (أمين عام) and a given name: inside a name the entities stage found,
    # it is the name, so the bare surname later finds the whole naming
    text = (
        "قال الرئيس التنفيذي لشركة أرامكو أمين الناصر إن الشركة ستنهي الإدراج هذا العام.\n"
        'وفيما يتعلق بالاستراتيجية، قال الناصر "سنحافظ على قيادة الإنتاج".'
    )
    (q,) = entity_quotes(Doc(article=Article(id="t", body=text, source="test"))).ann.quotes
    assert q.speaker is not None and q.speaker.name == "الرئيس التنفيذي لشركة أرامكو أمين الناصر"


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # ب on an everyday word (بوقوع حادث) names no one: the verb's subject is the last speaker
        (
            "قال المتحدث باسم الهلال الأحمر سامي يوسف إن الفرق وصلت.\n"
            'وأفاد بوقوع حادث مروري بطريق المدينة: "تلقت العمليات بلاغا عند الساعة الثامنة".',
            "تلقت العمليات بلاغا عند الساعة الثامنة",
            "المتحدث باسم الهلال",
        ),
        # nor does a noun with its owner's pronoun (تحضيراته)
        (
            "وقال مدرب المنتخب سامي يوسف إن الفريق جاهز.\n"
            'وأكد تحضيراته بمعسكر خارجي قائلا: "نعلق آمالا عريضة على هذا المعسكر".',
            "نعلق آمالا عريضة على هذا المعسكر",
            "مدرب المنتخب سامي يوسف",
        ),
    ],
)
def test_a_phrase_that_names_no_one_is_no_speaker(entity_quotes, text: str, quote: str, speaker: str) -> None:
    doc = entity_quotes(Doc(article=Article(id="t", body=text, source="test")))
    found = {q.text: (q.speaker.name if q.speaker else "") for q in doc.ann.quotes}
    assert found[quote].startswith(speaker), found


def test_a_hyphenated_surname_is_named_in_full(extractor: QuoteExtractor) -> None:
    """A double-barrelled name is one name word: the later bare surname points back at the full
    naming, though the tokenizer splits the name at its hyphen (an error of news_test3)."""
    text = (
        "وسبق للفريق الذي تقوده مجدلينا زيرنيكا-جوتس الأستاذة بجامعة كمبردج، صنع تكوين أبسط. "
        'وقالت زيرنيكا-جوتس في بيان "نجحت التجربة في المختبر".'
    )
    assert speakers(text, extractor) == {"نجحت التجربة في المختبر": "مجدلينا زيرنيكا-جوتس"}


@pytest.mark.parametrize(
    ("text", "speaker", "entity"),
    [
        # the KB's office of the one person the article names: the reporter's variation
        (
            'لكن ترامب قال إن الاتفاق معيب. وقال الرئيس الأمريكي في خطاب إنها "بشعة وأحادية الجانب".',
            "ترامب",
            "kb:donald-trump",
        ),
        # a former holder named in the text holds it no more: the office stays as written (and
        # links to the country its nisba names, as before)
        (
            'وقع الرئيس الأمريكي السابق، باراك أوباما، الاتفاق. وقال الرئيس الأمريكي إنها "بشعة".',
            "الرئيس الأمريكي",
            "kb:USA",
        ),
        # an office no one named in the article holds stays as written
        ('وقال الرئيس الفرنسي إن الخطة "لن تنجح".', "الرئيس الفرنسي", "kb:FRA"),
    ],
)
def test_an_office_alone_is_the_one_named_person_who_holds_it(
    entity_quotes, text: str, speaker: str, entity: str | None
) -> None:
    doc = entity_quotes(Doc(article=Article(id="t", body=text, source="test")))
    (q,) = doc.ann.quotes
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.entity) == (speaker, entity)
    assert text[q.speaker.start : q.speaker.end] == speaker


def test_a_verbal_noun_after_a_cue_is_no_speaker(entity_quotes) -> None:
    """وتوقعت انتهاء التصويت: the verbal noun of a derived form is what was expected, not who
    expected it; the quote in the next sentence stays with the woman who spoke (news_test5)."""
    text = (
        "قالت آمنة العوادي المقررة الثانية للمؤتمر إن النتائج تعلن اليوم. "
        "وتوقعت انتهاء التصويت والفرز في حدود منتصف النهار. "
        'وعن مشاركة المرأة أكدت أن "المرأة دائما موجودة في الاتحاد".'
    )
    doc = entity_quotes(Doc(article=Article(id="t", body=text, source="test")))
    (q,) = doc.ann.quotes
    assert q.speaker is not None and q.speaker.name is not None
    assert q.speaker.name.startswith("آمنة العوادي")


@pytest.mark.parametrize(
    ("word", "masdar"),
    [
        ("انتهاء", True),
        ("والاستخدام", True),
        ("الإعلان", True),
        ("أوساط", False),  # أفعال: a plural of people (hamza above), which may speak
        ("أصدقاء", False),
        ("المتحدث", False),
    ],
)
def test_derived_verbal_nouns(word: str, masdar: bool) -> None:
    from marsad.nlp.reporting import derived_masdar

    assert derived_masdar(word) is masdar


def test_a_hamza_opens_no_article(extractor: QuoteExtractor) -> None:
    """ألن (Allen) folds to الن, which looked like ال + a word: a name written with hamza is no
    definite noun, so the apposition after a trade's comma is the speaker's name (news_test6)."""
    from marsad.nlp.reporting import definite

    assert not definite("ألن") and not definite("وإلياس") and definite("الوزير") and definite("والنائب")
    text = (
        'وقال معلم اللغة في النادي، ألن ريدموند، إن المدرب يضع أهمية "كبيرة" على تعلم اللغة. '
        'وقال ريدموند: "لا أستطيع ذكر أسماء".'
    )
    assert set(speakers(text, extractor).values()) == {"معلم اللغة في النادي، ألن ريدموند"}


@pytest.mark.parametrize(
    "text",
    [
        # a role phrase holding في, too long for the word walk, fronted after غير أن and a comma
        'وتقول تقديرات إن الآلاف شاركوا. غير أن وزير التجارة الدولية في حكومة بريطانيا ليام فوكس، قال إن المنظمين "أحرجوا أنفسهم".',
        # a bare name the entities stage knows, fronted the same way
        'وتقول تقديرات إن الآلاف شاركوا. غير أن ليام فوكس، قال إن المنظمين "أحرجوا أنفسهم".',
    ],
)
def test_a_subject_fronted_after_anna_and_a_comma(entity_quotes, text: str) -> None:
    doc = entity_quotes(Doc(article=Article(id="t", body=text, source="test")))
    (q,) = doc.ann.quotes
    assert q.speaker is not None and q.speaker.name is not None
    assert q.speaker.name.endswith("ليام فوكس") and not q.continuation


def test_a_short_quote_after_a_press_conference_is_speech(extractor: QuoteExtractor) -> None:
    """في مؤتمر صحفي "…": the conference is where the words were said, not a medium named by the
    marks (مؤتمر is a medium word for مؤتمر "دافوس"); the press adjective is a role word."""
    assert speakers('وقال الوزير في مؤتمر صحفي "إنه خطأ كبير".', extractor) == {"إنه خطأ كبير": "الوزير"}
    assert speakers('ونقلت وكالة أنباء "كيودو" عن مسؤول أن الوضع "خطير جدا".', extractor) == {"خطير جدا": "مسؤول"}
