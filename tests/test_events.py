"""Stage "events" on real text: the aggregator sample's done-when events, negation and
modality on made-up sentences, relative dates, and the clitic-aware lexicon."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from marsad.errors import ResourceError
from marsad.model import Article, Doc, Event
from marsad.nlp.event_lexicon import EventLexicon, default_lexicon, variants
from marsad.nlp.event_time import resolve_date
from marsad.nlp.events import EventStage, candidate_events, happened
from marsad.text.dates import parse_date
from marsad.text.normalize import normalize

PUBLISHED = datetime(2025, 4, 28, 12, tzinfo=UTC)  # a Monday


def sample_articles(path: Path) -> list[Article]:
    """The page's two articles: split at "إقرأ أيضاً:", headline first, metadata lines out."""
    text = path.read_text(encoding="utf-8")
    published = None
    m = re.search(r"تاريخ النشر:\s*(.+)", text)
    if m:
        published = parse_date(m.group(1).replace("GMT", "").strip())
    out = []
    for k, part in enumerate(text.split("إقرأ أيضاً:")):
        lines = [ln for ln in part.strip().splitlines() if ln.strip()]
        body = "\n".join(
            ln for ln in lines[1:] if not ln.startswith(("تاريخ النشر", "المصدر:", "كلمات دلالية"))
        )
        out.append(Article(id=f"sample-{k}", title=lines[0], body=body, published=published))
    return out


@pytest.fixture(scope="module")
def sample_events(sample_page: Path) -> list[Event]:
    stage = EventStage()
    events: list[Event] = []
    for article in sample_articles(sample_page):
        events += stage(Doc(article=article)).ann.events
    return events


def _country(actor: object) -> str | None:
    return getattr(actor, "country", None)


def test_sample_date_parsed(sample_page: Path) -> None:
    assert sample_articles(sample_page)[0].published is not None


def test_north_korea_sends_military_aid_to_russia(sample_events: list[Event]) -> None:
    hits = [e for e in sample_events if e.type == "AID" and (e.cameo or "").startswith("07")]
    assert any(_country(e.source) == "PRK" and _country(e.target) == "RUS" for e in hits), hits


def test_putin_praises_north_korean_forces(sample_events: list[Event]) -> None:
    hits = [e for e in sample_events if e.type == "SUPPORT" and e.cameo == "051"]
    assert any(
        _country(e.source) == "RUS"
        and "بوتين" in (e.source.text if e.source else "")
        and _country(e.target) == "PRK"
        for e in hits
    ), hits


def test_state_department_criticises_north_korea(sample_events: list[Event]) -> None:
    hits = [e for e in sample_events if e.type == "ACCUSE" and (e.cameo or "").startswith("11")]
    assert any(
        _country(e.source) == "USA"
        and e.source is not None
        and e.source.role == "GOV"
        and _country(e.target) == "PRK"
        for e in hits
    ), hits


def test_fighting_in_kursk(sample_events: list[Event]) -> None:
    hits = [e for e in sample_events if e.type in ("ASSAULT", "COERCE") and "كورسك" in (e.location or "")]
    assert any("UKR" in (_country(e.source), _country(e.target)) for e in hits), hits


def test_evidence_span_is_the_sentence(sample_page: Path) -> None:
    article = sample_articles(sample_page)[0]
    for event in EventStage()(Doc(article=article)).ann.events:
        assert event.trigger and event.trigger in article.body[event.start : event.end]


def test_relative_dates_against_publication() -> None:
    assert resolve_date("قصفت الطائرات القرية أمس", PUBLISHED) == "2025-04-27"
    assert resolve_date("نشره الكرملين السبت", PUBLISHED) == "2025-04-26"
    assert resolve_date("وقع الهجوم الشهر الماضي", PUBLISHED) == "2025-03"
    assert resolve_date("الهجوم الذي شنته في أغسطس 2024", PUBLISHED) == "2024-08"
    assert resolve_date("في 12 أغسطس 2024 قتل", PUBLISHED) == "2024-08-12"
    assert resolve_date("قصفت الطائرات القرية أمس", None) is None  # never "today"
    assert resolve_date("اجتمع الوزراء لبحث الأزمة", PUBLISHED) is None


def _one(text: str, event_type: str) -> Event:
    doc = Doc(article=Article(id="t", body=text, published=PUBLISHED))
    found = [e for e, _ in candidate_events(doc, default_lexicon()) if e.type == event_type]
    assert found, f"no {event_type} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "event_type", "negated", "modality"),
    [
        ("فرضت الولايات المتحدة عقوبات على إيران.", "SANCTION", False, "asserted"),
        ("لم تفرض الولايات المتحدة عقوبات على إيران.", "SANCTION", True, "asserted"),
        ("ستفرض الولايات المتحدة عقوبات على إيران الشهر المقبل.", "SANCTION", False, "future"),
        ("سوف تفرض الحكومة عقوبات جديدة.", "SANCTION", False, "future"),
        ("لن تنسحب القوات الروسية من المنطقة.", "RETREAT", True, "future"),
        ("إذا هددت إيران جيرانها فإن واشنطن سترد.", "THREATEN", False, "hypothetical"),
        ("قد تطرد الحكومة السفير الإيراني.", "SANCTION", False, "hypothetical"),
        ("نفت وزارة الدفاع أنها اعتقلت الصحفيين.", "COERCE", True, "asserted"),
        ("قال مسؤول إن الشرطة اعتقلت عشرة متظاهرين.", "COERCE", False, "reported"),
        ("وكانت القوات قد انسحبت من المدينة.", "RETREAT", False, "asserted"),
        # و + a two-letter particle: the clitic variants never offered لم، لن، إذا behind و
        ("ولم تفرض الولايات المتحدة عقوبات على إيران.", "SANCTION", True, "asserted"),
        ("ولن تنسحب القوات الروسية من المنطقة.", "RETREAT", True, "future"),
        ("ولو هددت إيران جيرانها لردت واشنطن.", "THREATEN", False, "hypothetical"),
        # لم takes a present verb: a coordinated past verb after another verb is outside its scope
        ("لكن القوات لم تكن كافية واستهدفها القصف التركي.", "ASSAULT", False, "asserted"),
        ("ولم تقصف الطائرات القرية.", "ASSAULT", True, "asserted"),
        # a verbal noun in a cause adjunct is outside the negated verb's reach
        ("ولم يصب أي إسرائيلي جراء الاحتجاجات.", "PROTEST", False, "asserted"),
        ("لم تشهد المدينة احتجاجات.", "PROTEST", True, "asserted"),
        # a two-letter stem right before its noun is a future verb (ستشن هجمات)
        ("وقال إن الولايات المتحدة ستشن هجمات جديدة.", "ASSAULT", False, "future"),
    ],
)
def test_negation_and_modality(text: str, event_type: str, negated: bool, modality: str) -> None:
    event = _one(text, event_type)
    assert (event.negated, event.modality) == (negated, modality)


def test_actors_from_dictionaries_without_entities() -> None:
    event = _one("هاجمت القوات الروسية مواقع الجيش الأوكراني قرب خاركيف.", "ASSAULT")
    assert (_country(event.source), event.source and event.source.role) == ("RUS", "MIL")
    assert (_country(event.target), event.target and event.target.role) == ("UKR", "MIL")


def test_subject_of_undergo_verb_is_target() -> None:
    """تعرضت القوات لهجوم: the forces were attacked, they did not attack."""
    event = _one("تعرضت القوات الأميركية لهجوم في الرمادي مساء الخميس.", "ASSAULT")
    assert event.source is None
    assert (_country(event.target), event.target and event.target.role) == ("USA", "MIL")


def test_domestic_actor_keeps_no_country_from_place() -> None:
    """OEDA coders leave a police unit in Baghdad countryless unless a nationality is named."""
    event = _one("هاجم مسلحون مركزا للشرطة في بغداد أمس.", "ASSAULT")
    assert event.target is not None and event.target.role == "COP"
    assert event.target.country is None


def _linked(body: str, surface: str, **entity: str) -> Doc:
    """A document whose one entity, as the entities stage would link it, is ``surface``."""
    from marsad.model import Entity, Mention

    start = body.index(surface)
    doc = Doc(article=Article(id=entity["id"], body=body))
    doc.ann.entities = [
        Entity(**entity, mentions=[Mention(start=start, end=start + len(surface), text=surface)])
    ]
    return doc


def test_entities_take_precedence() -> None:
    """An entity the entities stage linked gives the actor its id and KB country."""
    body = "اتهمت الحكومة الروسية الرئيس زيلينسكي بالتقصير."
    doc = _linked(body, "زيلينسكي", id="kb:zelensky", name="فولوديمير زيلينسكي", type="PERS", country="UKR")
    events = [e for e, _ in candidate_events(doc, default_lexicon()) if e.type == "ACCUSE"]
    assert events and events[0].target is not None
    assert (events[0].target.entity, events[0].target.country) == ("kb:zelensky", "UKR")
    assert events[0].source is not None and events[0].source.country == "RUS"


def test_place_entity_is_location_not_actor() -> None:
    """A province the entities stage linked (country RUS) is where the event happened."""
    body = "وكانت القوات الأوكرانية قد سيطرت على أجزاء من كورسك منذ الهجوم الواسع."
    doc = _linked(body, "كورسك", id="kb:kursk", name="كورسك", type="LOC", country="RUS", role="مقاطعة روسية")
    events = [e for e, _ in candidate_events(doc, default_lexicon()) if e.type == "COERCE"]
    assert events and events[0].location == "كورسك"
    assert events[0].source is not None and events[0].source.country == "UKR"
    assert events[0].target is None or events[0].target.text != "كورسك"


def test_location_after_place_noun() -> None:
    event = _one("اشتبكت قوات الأمن مع مسلحين في مدينة الموصل أمس.", "ASSAULT")
    assert event.location and "الموصل" in event.location
    assert event.date == "2025-04-27"


def test_place_after_wa_fi_is_the_location() -> None:
    """وفي الموصل: the clitic variants keep no two-letter stem, so في behind و was not seen."""
    event = _one("وفي الموصل هاجم مسلحون مركزا للشرطة.", "ASSAULT")
    assert event.location == "الموصل"
    assert event.source is not None and event.source.text == "مسلحون"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("وبالهجوم", "هجوم"),
        ("للاحتجاج", "احتجاج"),
        ("مساعدتها", "مساعده"),
        ("وسيرسل", "يرسل"),
        ("فالمتظاهرون", "متظاهرون"),
    ],
)
def test_clitic_variants(word: str, stem: str) -> None:
    assert stem in variants(normalize(word))


def test_ministry_is_not_visited() -> None:
    """وزارة is a noun, not و + زار "visited": no CONSULT event from the word alone."""
    doc = Doc(article=Article(id="w", body="أصدرت وزارة الخارجية بيانا."))
    assert not [e for e, _ in candidate_events(doc, default_lexicon()) if e.type == "CONSULT"]


def _types(text: str) -> set[str]:
    doc = Doc(article=Article(id="x", body=text, published=PUBLISHED))
    return {e.type for e, _ in candidate_events(doc, default_lexicon())}


@pytest.mark.parametrize(
    ("text", "not_type"),
    [
        ("وصل الوفد إلى العاصمة يوم الاثنين.", "SUPPORT"),  # Monday, not أثنى "praised"
        ("ارتفع ثمن الخبز في الأسواق.", "SUPPORT"),  # price, not ثمّن "valued"
        ("قال المتحدث باسم التحالف إن الطقس سيئ.", "COOPERATE"),  # a coalition's name
        ("عقد مجلس التعاون قمته في الرياض.", "COOPERATE"),
        ("وقال بيان صادر عن الوزارة إن الطريق مغلق.", "COERCE"),  # "issued", not confiscated
        ("تجمع حشد من المارة أمام المتجر.", "MOBILIZE"),  # a crowd
        ("وقطعت الأمطار الإمدادات عن القرية.", "AID"),  # supply lines
    ],
)
def test_word_in_another_sense_is_no_trigger(text: str, not_type: str) -> None:
    """Excluded forms (supplement.tsv ``stop`` rows) are usually another word in news."""
    assert not_type not in _types(text)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("أثنى الرئيس على جهود الحكومة.", "SUPPORT"),
        ("وثمنت الوزارة دور الشرطة.", "SUPPORT"),
        ("تحالفت الأحزاب الثلاثة قبل الانتخابات.", "COOPERATE"),
        ("حشدت الحكومة قواتها على الحدود.", "MOBILIZE"),
        ("صادرت السلطات أموال الشركة.", "COERCE"),
    ],
)
def test_other_forms_of_excluded_words_still_trigger(text: str, event_type: str) -> None:
    """A stop row drops one written form; the verb's other forms stay triggers."""
    assert event_type in _types(text)


def test_missing_lexicon_raises(tmp_path: Path) -> None:
    with pytest.raises(ResourceError):
        EventLexicon.from_disk(tmp_path)


@pytest.mark.parametrize(
    ("text", "not_type"),
    [
        ("وأكد الوزير تمسك بلاده بالاتفاق النووي مع القوى الكبرى.", "AGREE"),
        ("ودعا النائب إلى العودة للاتفاق النووي.", "AGREE"),  # لل folds the article in
        ("أدرجت الخزانة اسم الشركة على لائحة العقوبات منذ سنوات.", "SANCTION"),
        ("وقال مسؤول في قانون العقوبات إن المادة تحتاج تعديلا.", "SANCTION"),
        ("ويستند النظام السياسي في لبنان إلى اتفاق الطائف.", "AGREE"),
        ("وقال شهود إن عناصر من قوات الدعم السريع دخلوا السوق.", "SUPPORT"),
        ("وزار مفتشون من منظمة حظر الأسلحة الكيميائية الموقع.", "SANCTION"),
    ],
)
def test_standing_name_is_no_trigger(text: str, not_type: str) -> None:
    """not_triggers.tsv: a name that contains a trigger word refers to an institution or an
    old deal, not a new event."""
    assert not_type not in _types(text)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("وأعلن الطرفان التوصل إلى اتفاق نووي جديد.", "AGREE"),  # indefinite: a new deal
        ("وقع البلدان الاتفاق في العاصمة أمس.", "AGREE"),
        ("فرضت الحكومة العقوبات على الشركة أمس.", "SANCTION"),
        ("أعلنت الحكومة دعم المزارعين بقروض ميسرة.", "SUPPORT"),
        ("قررت الحكومة حظر استيراد الأسلحة من الشركة.", "SANCTION"),
    ],
)
def test_trigger_outside_a_standing_name_still_fires(text: str, event_type: str) -> None:
    assert event_type in _types(text)


def test_missing_blocking_list_raises(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "marsad" / "data" / "events"
    for f in data.glob("*.tsv"):
        if f.name != "not_triggers.tsv":
            (tmp_path / f.name).write_bytes(f.read_bytes())
    EventLexicon.from_disk(data)  # the shipped tables load
    with pytest.raises(ResourceError, match="not_triggers"):
        EventLexicon.from_disk(tmp_path)


def _happened_types(text: str) -> set[str]:
    doc = EventStage()(Doc(article=Article(id="h", body=text, published=PUBLISHED)))
    return {e.type for e in doc.ann.events if happened(e)}


def test_ma_before_a_verb_of_result_is_which_not_not() -> None:
    """ما + أسفر/أدى with no comma before it is "which" (… ما أسفر عن مقتل 13): the killing happened."""
    text = "أطلق مسلحون صاروخين على ثكنة في القرية ما أسفر عن مقتل 13 جنديا."
    assert "ASSAULT" in _happened_types(text)
    assert "ASSAULT" not in _happened_types("ما قتل أحد في القرية.")  # ما + a past verb still negates


def test_the_verb_control_is_not_a_future_tense() -> None:
    """سيطروا is the verb سيطر "took control", not سـ + a present verb: the clashes before it happened."""
    text = "وذكرت المصادر أن المقاتلين سيطروا، بعد اشتباكات مع المسلحين، على مواقع قرب السجن."
    assert "ASSAULT" in _happened_types(text)


@pytest.mark.parametrize(
    "text",
    [
        "دهس رجل بشاحنته حشدا من المارة في وسط المدينة.",
        "قام مجهولون بإحراق سيارة الصحفي أمام منزله.",
        "نصبت المقاومة كمائن لتعزيزات الميليشيات قرب تعز.",
        "اندلعت مناوشات بين الطلاب وقوات الأمن أمام الجامعة.",
        "واستمر إطلاق الرصاص على الحي طوال الليل.",
    ],
)
def test_acts_of_violence_named_by_everyday_words(text: str) -> None:
    assert "ASSAULT" in _happened_types(text)


def test_a_definite_incident_noun_refers_back_to_the_attack() -> None:
    """أدان الحادث after a reported bombing reports that bombing too (the judging rules count an
    anaphoric reference); the back-reference names no actors of its own."""
    body = "انفجرت سيارة مفخخة قرب سوق شعبي في بغداد. وأدان وزير الداخلية الحادث ووصفه بالجبان."
    doc = EventStage()(Doc(article=Article(id="b", body=body, published=PUBLISHED)))
    second = body.index("وأدان")
    refs = [e for e in doc.ann.events if e.type == "ASSAULT" and e.start == second]
    assert refs and happened(refs[0]) and refs[0].trigger == "الحادث"
    assert refs[0].source is None and refs[0].target is None


@pytest.mark.parametrize(
    "body",
    [
        "وقع الحادث على الطريق السريع صباح اليوم.",  # no attack before it: a traffic incident
        "انفجرت عبوة ناسفة قرب دورية للجيش. ونفى المتحدث وقوع الحادث أصلا.",  # denied
    ],
)
def test_an_incident_noun_without_an_attack_it_refers_to_reports_none(body: str) -> None:
    doc = EventStage()(Doc(article=Article(id="n", body=body, published=PUBLISHED)))
    last = body.rfind(". ") + 2 if ". " in body else 0
    assert not [e for e in doc.ann.events if e.start >= last and e.type == "ASSAULT" and happened(e)]


@pytest.mark.parametrize(
    "text",
    [
        "وكان الحكم أعلن اعتزاله بعد مسيرة طويلة استمرت 25 عاما.",  # a career
        "واستأنفت الأسعار مسيرة الارتفاع.",  # a course
        "فواشنطن تجمع بين المتناقضات.",  # combines
        "وقال أنصار حزب التجمع الوطني إن القرار سياسي.",  # a party's name
        "قامت مجموعة من العملاء بالتظاهر بأنهم شركة سويسرية.",  # pretending
        "لقد كانوا دعما لنا عندما احتجنا إلى الدعم.",  # needed
        "في تظاهرة احتفالية تشهدها أحياء المنطقة.",  # a festivity
    ],
)
def test_protest_words_in_other_senses(text: str) -> None:
    assert "PROTEST" not in _happened_types(text)


@pytest.mark.parametrize(
    "text",
    ["خرج آلاف في مسيرة حاشدة وسط العاصمة.", "تجمع المئات أمام مقر الحكومة.", "احتج العمال على تأخر الرواتب أمام المصنع."],
)
def test_protest_words_in_their_protest_sense(text: str) -> None:
    assert "PROTEST" in _happened_types(text)


@pytest.mark.parametrize(
    ("text", "event_type", "expected"),
    [
        ("تأجل الإضراب العام في قطاع الصحة لمدة خمسة عشر يوما.", "PROTEST", False),  # put off
        ("وقف الاحتجاجات بعد أسبوع من المظاهرات.", "PROTEST", True),  # halted: they took place
        ("في الأسبوع المقبل سيكون لي وقفة وافية مع تاريخ هذا الدوري.", "PROTEST", False),  # a pause
        ("نظم الأهالي وقفة أمام مقر الولاية.", "PROTEST", True),
        ("وتمثل الزيارة محطة في مسيرة العلاقات بين البلدين.", "PROTEST", False),
        ("وفقا لما نقلته قناة المسيرة التابعة للحوثيين.", "PROTEST", False),
        ("شن طيران التحالف 6 غارات على تجمع لميليشيات الحوثي.", "PROTEST", False),
        ("ينطلق غدا أكبر تظاهرة اقتصادية للتمور في العالم.", "PROTEST", False),
        ("ورفضت المحكمة طعنا تقدم به المتهم.", "ASSAULT", False),  # a legal appeal
        ("أكد الجيش أهمية الحفاظ على اتفاق فك الاشتباك.", "ASSAULT", False),
        ("انجلى غبار المعارك الانتخابية في البلاد.", "ASSAULT", False),
        ("أقام الفريق سبع مواجهات ودية في معسكره.", "ASSAULT", False),
        ("قال مختصون إن آلافا أصيبوا بفيروس إيبولا.", "ASSAULT", False),
        ("يعاني الناجون من الفيروس القاتل آلاما في المفاصل.", "ASSAULT", False),  # a verb takes no article
        ("عرضت الوزارة فيديو اختبار صاروخ باليستي عابر للقارات.", "ASSAULT", False),
        ("ينال اللاعب النصيب الأكبر من الثناء.", "ASSAULT", False),  # "a share"
        ("وقاتل الجنود المسلحين في شوارع المدينة.", "ASSAULT", True),
    ],
)
def test_word_senses_from_the_training_set(text: str, event_type: str, expected: bool) -> None:
    assert (event_type in _happened_types(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وأطلق جيش الاحتلال النار بكثافة صوب آلاف الفلسطينيين.", True),
        ("ويقول شهود إن الشرطة أطلقت الغاز المسيل للدموع على المشجعين.", True),
        ("ألقت مجموعة من الشباب الحجارة على مقر إقامة لاجئين.", True),
        ("ألقت الطائرات الحربية عددا من البراميل المتفجرة على أحياء المدنيين.", True),
        ("أطلقت الوزارة حملة للتوعية.", False),
        ("ألقى الرئيس كلمة في الجلسة.", False),
        ("ألقت الشرطة القبض على المشتبه به.", False),
    ],
)
def test_fire_and_throw_are_attacks_only_with_a_weapon(text: str, expected: bool) -> None:
    assert ("ASSAULT" in _happened_types(text)) is expected


@pytest.mark.parametrize(
    ("text", "event_type", "expected"),
    [
        ("وزودت هواوي هاتفها ببطارية طويلة العمر.", "AID", False),  # equipped
        ("زودت إيران الحوثيين بالأسلحة.", "AID", True),
        ("يجب أن يمد رئيس النادي جسور التواصل مع الجماهير.", "AID", False),
        ("وقال إنها مجرد مناورات سياسية.", "MOBILIZE", False),
        ("أجرت القوات البحرية مناورات عسكرية في الخليج.", "MOBILIZE", True),
        ("استقر الذهب مع تأهب السوق لاجتماع الفيدرالي.", "MOBILIZE", False),
        ("احتل رونالدو المراكز الأولى في الترتيب.", "COERCE", False),
        ("احتلت القوات المدينة.", "COERCE", True),
        ("وهذا ينسحب على بقية القطاعات.", "RETREAT", False),  # "applies to"
        ("انسحبت القوات من المدينة.", "RETREAT", True),
    ],
)
def test_senses_of_the_other_types_from_sample_j(text: str, event_type: str, expected: bool) -> None:
    assert (event_type in _happened_types(text)) is expected
