"""Which trigger an event takes and whether it reports an act or only mentions one (issue 4).

Short constructed sentences for each grammar cue of ``mention_cues.tsv`` — each paired with a
sentence where the act does take place, so a cue that fires everywhere fails too — the word
senses the lexicon excludes, and a pass over real ANT news from ../shared checking that the
mentioned events are kept, not dropped."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from marsad.errors import ResourceError
from marsad.model import Article, Doc, Entity, Event, Mention
from marsad.nlp.event_lexicon import MentionCues, default_lexicon
from marsad.nlp.events import EventStage, back_references, candidate_events, happened
from marsad.pipeline import get_factory


@pytest.fixture(scope="module")
def stage() -> EventStage:
    return EventStage.from_disk()


def _events(stage: EventStage, text: str, event_type: str) -> list[Event]:
    doc = stage(Doc(article=Article(id="t", body=text, language="ar")))
    return [e for e in doc.ann.events if e.type == event_type]


def _happened(stage: EventStage, text: str, event_type: str) -> bool:
    return any(happened(e) for e in _events(stage, text, event_type))


def _mentioned(stage: EventStage, text: str, event_type: str) -> bool:
    """The event is found but kept as a mention (not dropped, not reported as happened)."""
    found = _events(stage, text, event_type)
    return bool(found) and all(e.modality == "mentioned" for e in found)


@pytest.mark.parametrize(
    ("mention", "act", "event_type"),
    [
        # a definite standing noun refers back to one in place; an enact verb or no article: a new one
        ("انسحبت واشنطن من الاتفاقية مع طهران.", "وقعت الدولتان الاتفاقية أمس في القاهرة.", "AGREE"),
        ("وتشكو الحكومة من أثر العقوبات على الاقتصاد.", "فرضت واشنطن عقوبات على ثلاث شركات.", "SANCTION"),
        # an act threatened, asked for or aimed at
        ("هددت القوات الأمريكية بالانسحاب من القاعدة.", "انسحبت القوات الأمريكية من القاعدة.", "RETREAT"),
        ("دعا الوزير إلى وقف إطلاق النار في المدينة.", "أعلن الجيش وقف إطلاق النار في المدينة.", "RETREAT"),
        ("دعا النائب الحكومة إلى أن ترسل قوات إلى الحدود.", "أرسلت الحكومة قوات إلى الحدود.", "AID"),
        ("تسعى الحكومة إلى الإفراج عن المعتقلين.", "أفرجت الحكومة عن المعتقلين.", "RETREAT"),
        # ل + verbal noun is a purpose, unless a result verb governs it
        ("وصل الوفد إلى القاهرة لبحث الأزمة.", "أجرى الوفد محادثات في القاهرة.", "CONSULT"),
    ],
)
def test_mentions_are_kept_and_acts_happen(
    stage: EventStage, mention: str, act: str, event_type: str
) -> None:
    assert _mentioned(stage, mention, event_type), mention
    assert _happened(stage, act, event_type), act


def test_leaving_a_treaty_is_no_military_retreat(stage: EventStage) -> None:
    """CAMEO 087x is de-escalating force: a treaty or a deal left is not RETREAT."""
    assert not _events(stage, "أعلن الرئيس انسحاب بلاده من الاتفاق النووي.", "RETREAT")
    assert _happened(stage, "أعلن الجيش انسحاب قواته من المدينة.", "RETREAT")


def test_senses_and_states_read_on_news(stage: EventStage) -> None:
    """اعترض of a missile is an interception; الدعم الحكومي a subsidy; سوء تقدير a misjudgement."""
    assert not _happened(stage, "واعترضت الدفاعات الجوية سبعة صواريخ.", "ACCUSE")
    assert _happened(stage, "اعترضت روسيا على القرار في مجلس الأمن.", "ACCUSE")
    assert not _happened(stage, "يشمل البرنامج تقليص الدعم الحكومي للوقود.", "SUPPORT")
    assert not _happened(stage, "كانت خسارة قائمة على سوء تقدير.", "SUPPORT")


def test_the_governing_act_itself_happens(stage: EventStage) -> None:
    text = "هددت الولايات المتحدة بالانسحاب من المعاهدة."
    assert _happened(stage, text, "THREATEN")


def test_a_past_act_after_before_that_is_not_a_wish(stage: EventStage) -> None:
    """قبل أن / بعد أن + present verb narrate a past act."""
    assert _happened(stage, "اعتقلته الشرطة ثم أطلقت سراحه قبل أن تفرج عنه المحكمة نهائيا.", "RETREAT")
    assert _happened(stage, "احتجزته السلطات شهرا قبل أن تفرج عنه.", "RETREAT")


def test_a_cause_clause_stops_the_threat(stage: EventStage) -> None:
    """The threat governs the sanctions, not the refusal that caused it."""
    text = "هددت واشنطن بفرض عقوبات على أنقرة بسبب رفض إطلاق سراح القس."
    assert _mentioned(stage, text, "SANCTION")
    assert _happened(stage, text, "REJECT")


def test_a_result_verb_keeps_the_event(stage: EventStage) -> None:
    """ل + verbal noun is a purpose, unless a result verb governs it."""
    assert _happened(stage, "أدت الحملة لاعتقال عشرة أشخاص في المدينة.", "COERCE")
    assert _mentioned(stage, "وصلت القوات إلى المدينة لاعتقال المهربين.", "COERCE")


def test_filtered_types_keep_their_first_trigger() -> None:
    """With the OEDA filter (stage events-oeda) ASSAULT and PROTEST are judged by it, trained on the
    first trigger of each type: the cues and the preference for a trigger that happened leave
    them alone (they cost OEDA F1). Without it (the default stage) the cues judge them too."""
    lex = default_lexicon()
    oeda = get_factory("events-oeda")()
    assert isinstance(oeda, EventStage) and {"ASSAULT", "PROTEST"} <= set(oeda.event_filter.bias)
    events = _events(oeda, "قال مسؤولون إن سيارة مفخخة انفجرت في السوق المركزي.", "ASSAULT")
    assert [e.trigger for e in events] == ["مفخخة"]
    doc = Doc(article=Article(id="t", body="هدد المسلحون بشن هجوم على القاعدة العسكرية."))
    exempt = frozenset({"ASSAULT", "PROTEST"})
    assert {e.modality for e, _ in candidate_events(doc, lex, exempt) if e.type == "ASSAULT"} == {"asserted"}
    assert {e.modality for e, _ in candidate_events(doc, lex) if e.type == "ASSAULT"} == {"mentioned"}


def test_an_act_that_happened_wins_over_one_only_mentioned(stage: EventStage) -> None:
    text = "ودعت المعارضة إلى الإفراج عن السجناء، وأفرجت السلطات عن عشرة منهم."
    events = _events(stage, text, "RETREAT")
    assert len(events) == 1 and happened(events[0])
    assert events[0].trigger == "وأفرجت"


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("خرج الصيادون بحثا عن السمك في البحيرة.", "CONSULT"),
        ("وقال محققون إن طالبا يبلغ من العمر 18 عاما نفذ الهجوم.", "REQUEST"),
        ("استدعى المدرب اللاعب إلى قائمة المنتخب.", "SANCTION"),
        ("وأرسلت الشركة رسالة إلى زبائنها.", "AID"),
        ("واعترف اللاعب بأنه أخطأ في المباراة.", "SUPPORT"),
    ],
)
def test_other_word_senses_are_not_triggers(stage: EventStage, text: str, event_type: str) -> None:
    assert not _events(stage, text, event_type), text


def test_envoys_summoned_are_sanctions(stage: EventStage) -> None:
    assert _happened(stage, "وقالت الخارجية إن روسيا استدعت السفير البريطاني.", "SANCTION")


def test_cues_that_fail_to_load_raise(tmp_path: Path) -> None:
    with pytest.raises(ResourceError):
        MentionCues.from_disk(tmp_path / "missing.tsv")
    empty = tmp_path / "empty.tsv"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ResourceError):
        MentionCues.from_disk(empty)


def test_real_news_mentions_are_kept_not_dropped(shared: Path, stage: EventStage) -> None:
    """Over 300 ANT articles: every candidate event is still there, some are marked mentioned
    by the cues, and no AGREE/SANCTION event reported as happened rests on a definite standing
    noun with no enact verb before it (what the cues exist to catch)."""
    lex = default_lexicon()
    assert lex.mentions is not None
    standing = lex.mentions.words["standing"]
    path = shared / "corpus" / "ant_multisource_v2.1.jsonl.gz"
    mentioned = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, 300):
            row = json.loads(line)
            doc = Doc(article=Article(id=str(row["docno"]), body=row.get("text") or ""))
            candidates = candidate_events(doc, lex)
            events = stage(doc).ann.events
            refs = back_references(doc, [e for e, _ in candidates], lex)
            assert len(events) == len(candidates) + len(refs)  # nothing dropped, references added
            for event in events:
                mentioned += event.modality == "mentioned"
                if event.type in ("AGREE", "SANCTION") and happened(event) and event.trigger:
                    word = event.trigger.split()[0]
                    assert not (
                        word.startswith(("ال", "وال", "بال", "لل")) and _stem(word) in standing
                    ) or _enacted(doc, event), (event.trigger, doc.article.body[event.start : event.end])
    assert mentioned > 0


def _stem(word: str) -> str:
    from marsad.text.normalize import normalize

    w = normalize(word)
    for prefix in ("وال", "بال", "لل", "ال"):
        if w.startswith(prefix):
            return w[len(prefix) :]
    return w


def _enacted(doc: Doc, event: Event) -> bool:
    """An enact word (وقع، فرض، أبرم …) among the three words before the trigger."""
    lex = default_lexicon()
    assert lex.mentions is not None and event.trigger
    sentence = doc.article.body[event.start : event.end]
    before = sentence[: sentence.find(event.trigger)].split()[-3:]
    from marsad.nlp.event_lexicon import variants
    from marsad.text.normalize import normalize

    return any(v in lex.mentions.words["enact"] for w in before for v in variants(normalize(w)))


# ---------------------------------------------------------------- word senses and mentions, round 2
# Each case pairs a sentence the rule must catch with one where the act does take place, so a
# rule that fires everywhere fails too. Sentences are invented; the error classes come from the
# one-judge samples of issue 4 (sports senses, backing, standing control, habitual relatives).


@pytest.mark.parametrize(
    ("other_sense", "act", "event_type"),
    [
        # on the pitch لقاء/التقى is a match and طرد a red card; a World Cup named in politics is not a pitch
        (
            "ويلتقي المغرب مع إسبانيا في مباراة الجولة الأخيرة من البطولة.",
            "التقى وزير الخارجية المغربي نظيره الإسباني في الرباط.",
            "CONSULT",
        ),
        (
            "طرد الحكم اللاعب في الدقيقة الأخيرة من المباراة.",
            "قررت أستراليا طرد دبلوماسيين روسيين وهددت بمقاطعة كأس العالم لكرة القدم.",
            "SANCTION",
        ),
        # طرد of armed forces is driving them out by force, not expelling individuals
        ("طردت القوات الحكومية عناصر التنظيم من المدينة.", "قررت الحكومة طرد ثلاثة دبلوماسيين.", "SANCTION"),
        # ساعد needs material help or a rescue; "helped to" is a contribution
        ("ساعدت الأمطار على خفض درجات الحرارة.", "ساعدت المنظمة اللاجئين بالغذاء والأدوية.", "AID"),
        (
            "لعبت تركيا دورا مهما في مساعدتها على التصدي للمهاجرين.",
            "قدمت الحكومة مساعدة عاجلة للمتضررين.",
            "AID",
        ),
        # بدعم من names the backing of another act; support for terrorism is material, not SUPPORT
        ("تقدم الجيش بدعم من التحالف نحو المدينة.", "أكدت مصر دعمها الكامل للشعب الفلسطيني.", "SUPPORT"),
        ("تتهم الدول قطر بسبب دعم الإرهاب في المنطقة.", "وحظي القرار بدعم حلف شمال الأطلسي.", "SUPPORT"),
        # أدان by a court is a conviction; حشد of people is not a military mobilisation
        (
            "أدانت محكمة أسترالية كبير الأساقفة بالتستر على الجرائم.",
            "أدانت الخارجية الهجوم على السفارة.",
            "ACCUSE",
        ),
        ("حشد المعارضون الكثير من المراقبين.", "حشدت روسيا قوات على الحدود مع أوكرانيا.", "MOBILIZE"),
        # standing names (not_triggers.tsv): caution, the video referee, aid workers
        ("دعت المنظمة شركات الطيران إلى توخي الحذر.", "حذرت واشنطن طهران من عواقب وخيمة.", "THREATEN"),
        ("استخدمت تقنية المساعدة بالفيديو للمرة الأولى.", "أرسلت الحكومة مساعدات إلى اللاجئين.", "AID"),
        ("قتل ثلاثة من عمال الإغاثة في الهجوم.", "وصلت قافلة إغاثة إلى المدينة المحاصرة.", "AID"),
        (
            "وأسفرت عمليات البحث عن الطائرة عن العثور على حطامها.",
            "وبحث الجانبان أوجه التعاون بينهما.",
            "CONSULT",
        ),
        ("وحذر الرئيس من أن الحكومة ستدفع ثمنا باهظا.", "أشاد الوزير بجهود الوساطة.", "SUPPORT"),
        (
            "أجبرته الإصابة على مغادرة الملعب في الشوط الأول.",
            "أجبرت الشرطة المتظاهرين على مغادرة الساحة.",
            "COERCE",
        ),
    ],
)
def test_other_senses_drop_and_acts_stay(
    stage: EventStage, other_sense: str, act: str, event_type: str
) -> None:
    assert not any(happened(e) for e in _events(stage, other_sense, event_type)), other_sense
    assert _happened(stage, act, event_type), act


@pytest.mark.parametrize(
    ("mention", "act", "event_type"),
    [
        # an instrument acted upon is one in place, even indefinite or after an enact word
        ("نقضت الجماعة اتفاق السلام مع الحكومة.", "وقعت الحكومة والجماعة اتفاق سلام أمس.", "AGREE"),
        ("أعلنت واشنطن انسحابها من الاتفاق مع طهران.", "أبرمت واشنطن الاتفاق مع طهران أمس.", "AGREE"),
        # the present tense of سيطر is a state; its past the seizure
        (
            "وصلت القوات إلى المدينة التي تسيطر عليها المعارضة.",
            "سيطرت القوات الحكومية على المدينة أمس.",
            "COERCE",
        ),
        # a row's own cue before it: leading a coalition is a standing state, announcing one an act
        ("تقود السعودية تحالفا عسكريا في اليمن منذ 2015.", "أعلن الحزبان تحالفا انتخابيا أمس.", "COOPERATE"),
        # support withdrawn is not support given; the negotiating-table idiom is not talks held
        ("تخلت الحكومة عن دعمها للمرشح.", "أعلنت الحكومة دعمها للمرشح.", "SUPPORT"),
        ("يجب أن يعود الطرفان إلى طاولة المفاوضات.", "أجرى الطرفان مفاوضات في جنيف أمس.", "CONSULT"),
        # a relative + present verb is habitual; a past ت-initial verb (تعاونت) is not present
        (
            "سيعاقب الرئيس السياسيين الذين يتعاونون مع المتمردين.",
            "أشادت الوزارة بالطريقة التي تعاونت بها الكوريتان خلال الألعاب.",
            "COOPERATE",
        ),
        # a future adjective after the noun: the meeting is ahead
        (
            "قبيل اللقاء المرتقب بين الرئيسين في البيت الأبيض، تصاعد التوتر.",
            "عقد اللقاء بين الرئيسين في البيت الأبيض أمس.",
            "CONSULT",
        ),
        # talks govern what they negotiate — but not the agreement they reach
        ("تعثرت مفاوضات وقف إطلاق النار في المدينة.", "أعلن الجيش وقف إطلاق النار في المدينة.", "RETREAT"),
        # aim words of the first person and of threatening
        # (the singular مساعدة alone is everyday help, no event: the aim is shown on aid, مساعدات)
        ("نحاول إرسال مساعدات إلى اللاجئين.", "قدمت الحكومة مساعدة عاجلة للمتضررين.", "AID"),
        (
            "فرض الاتحاد غرامة على النادي مهددا بفرض حظر عليه.",
            "فرضت الحكومة حظرا على استيراد السلاح.",
            "SANCTION",
        ),
        # a definite state of alert is standing unless raised
        ("وكانت الشرطة في حالة التأهب منذ أيام.", "رفع الجيش حالة التأهب في المناطق الجنوبية.", "MOBILIZE"),
    ],
)
def test_more_mentions_are_kept_and_acts_happen(
    stage: EventStage, mention: str, act: str, event_type: str
) -> None:
    assert _mentioned(stage, mention, event_type), mention
    assert _happened(stage, act, event_type), act


def test_talks_reach_an_agreement(stage: EventStage) -> None:
    assert _happened(stage, "توصلت المحادثات إلى اتفاق بين الطرفين.", "AGREE")


def test_help_aimed_at_passes_the_aim_on(stage: EventStage) -> None:
    """المساعدة في is "help to do", not aid; asked for, it still governs the release after it."""
    text = "طلب من الرئيس المساعدة في إطلاق سراح المخطوفين."
    assert not _events(stage, text, "AID")
    assert _mentioned(stage, text, "RETREAT")


# ---------------------------------------------------------------- plans, kinds and senses, round 3
# The error classes of the one-judge samples C, D and E of the 13 ungold types (/tmp/evsem; PLAN,
# SENSE, GENERIC, ALLEGED, STANDING): offers, consent and readiness; "any" and "all"; habits;
# purposes of light verbal nouns; charges; warnings with no consequence; dangers; everyday help.
# Invented sentences, each paired with one where the act does take place.


@pytest.mark.parametrize(
    ("mention", "act", "event_type"),
    [
        # consent, openness and offers are not the act (PLOVER: an agreement or an offer, AGREE)
        ("ووافق المقاتلون على الانسحاب من البلدة.", "انسحب المقاتلون من البلدة أمس.", "RETREAT"),
        (
            "أكد الرئيس أنه منفتح على مفاوضات مع القادة الإيرانيين.",
            "أجرى الرئيس مفاوضات مع القادة الإيرانيين.",
            "CONSULT",
        ),
        # a future verb of taking place right after the noun
        (
            "أعلن الرئيس عن مناورات عسكرية ستجرى الشهر المقبل.",
            "أجرى الجيش مناورات عسكرية في الصحراء.",
            "MOBILIZE",
        ),
        # a present verb said of "any" noun, and of "all"
        (
            "هدد الوزير بعقوبات ضد أي دولة تتعاون مع المحكمة.",
            "تعاونت الشرطة مع المحكمة في التحقيق.",
            "COOPERATE",
        ),
        (
            "قال الوزير إننا نتعاون مع كل الدول في مكافحة الإرهاب.",
            "تعاونت فرنسا مع المغرب في مكافحة الإرهاب.",
            "COOPERATE",
        ),
        # a habit: frequency words with a present verb
        ("وتجري مناورات عسكرية في الربيع من كل عام.", "أجرى الجيش مناورات عسكرية في الربيع.", "MOBILIZE"),
        # the purpose ل on a light verbal noun: لتقديم مساعدات
        ("وقع البلدان مذكرة تفاهم لتقديم مساعدات إلى الأردن.", "قدمت الإمارات مساعدات إلى الأردن.", "AID"),
        # an act inside a charge is alleged
        ("أدين الواعظ بتهمة دعم تنظيم داعش.", "أعلنت السعودية دعمها للحكومة اليمنية.", "SUPPORT"),
        # aid halted is not aid given (PLOVER codes the halt as SANCTION)
        (
            "علقت واشنطن مساعدات بقيمة مئتي مليون دولار.",
            "أرسلت واشنطن مساعدات بقيمة مئتي مليون دولار.",
            "AID",
        ),
        # what someone receives is an amount, not an act
        ("انتقد الوزير قلة الدعم الذي تتلقاه السفارات.", "أعلن الوزير دعمه للسفارات.", "SUPPORT"),
        # aid obstructed is not aid given
        ("وضعت الجماعة العراقيل التي تعوق إيصال المساعدات.", "تواصل إيصال المساعدات إلى المدينة.", "AID"),
        # an instrument made definite by a named genitive is one in place; signed, it is an act
        (
            "قالت الوزيرة إن بريكست واتفاق الجمعة العظيمة لا ينسجمان.",
            "وقعت الحكومة اتفاق السلام أمس.",
            "AGREE",
        ),
        # a cooperation ahead
        ("نأمل أن نوضح كيفية تعاوننا مستقبلا.", "تعاونت الشرطتان في التحقيق.", "COOPERATE"),
    ],
)
def test_plans_kinds_and_charges_are_kept_as_mentions(
    stage: EventStage, mention: str, act: str, event_type: str
) -> None:
    assert _mentioned(stage, mention, event_type), mention
    assert _happened(stage, act, event_type), act


@pytest.mark.parametrize(
    ("other_sense", "act", "event_type"),
    [
        # a warning is a threat only with what will follow; otherwise an advisory about a risk
        (
            "حذر مسؤولو الإطفاء من أن الحدائق معرضة للحرائق.",
            "حذر الوزير من أن بلاده سترد على أي هجوم.",
            "THREATEN",
        ),
        (
            "حذرت سلطات الطيران الشركات من مخاطر الضربات الجوية.",
            "حذرت روسيا من أنها لن تقبل النتائج ما لم يشارك خبراؤها.",
            "THREATEN",
        ),
        # هدد/تهديد without ب + the act threatened is a danger, not a threat
        ("تواجه الكنيسة اليوم تهديدا خطيرا.", "هدد الرئيس، الأحد، بفرض رسوم جديدة.", "THREATEN"),
        ("وتهدد الزوارق الملاحة في البحر الأحمر.", "تلقى اللاعب تهديدا من المشجعين.", "THREATEN"),
        # the singular مساعدة as everyday help
        ("ساهمت الأدوية في مساعدة المرضى على الشفاء.", "قدمت الحكومة مساعدة إنسانية للنازحين.", "AID"),
        (
            "أقلع آلاف عن التدخين بمساعدة السجائر الإلكترونية.",
            "بنت الحكومة المفاعل بمساعدة من كوريا الشمالية.",
            "AID",
        ),
        # an aid noun naming workers or agencies is part of an actor
        ("وقال موظفو الإغاثة إن الوضع صعب.", "وصلت قافلة إغاثة إلى المدينة المحاصرة.", "AID"),
        # to defend takes عن, however long the subject; without it تدافع is a surge
        (
            "قذف البركان الحمم بجانب تدافع سحب من الدخان.",
            "دافعت الهيئة العامة للاستعلامات المصرية الحكومية، الأحد، عن قرار السلطات.",
            "SUPPORT",
        ),
        # a standing name, the anthem, a student
        ("أكد المتحدث أن تحالف دعم الشرعية يواصل عملياته.", "أعلنت الحكومة دعمها للتحالف.", "SUPPORT"),
        ("انتشرت قوات الدعم السريع في الخرطوم.", "أعلن الحزب دعمه للحكومة.", "SUPPORT"),
        ("وقف اللاعبون أثناء عزف النشيد الوطني.", "أشاد الرئيس بجهود الوسطاء.", "SUPPORT"),
    ],
)
def test_advisories_dangers_and_everyday_help_are_no_events(
    stage: EventStage, other_sense: str, act: str, event_type: str
) -> None:
    assert not any(happened(e) for e in _events(stage, other_sense, event_type)), other_sense
    assert _happened(stage, act, event_type), act


def test_any_quantifies_only_its_own_noun(stage: EventStage) -> None:
    """ولم تعلن أي جهة مسؤوليتها عن الهجوم: "any" is the claimant, the attack happened; after a
    comma أي is "i.e."."""
    assert _happened(stage, "ولم تعلن أي جهة مسؤوليتها عن الهجوم على السوق.", "ASSAULT")
    assert not _happened(stage, "سيرد الجيش على أي هجوم على أراضيه.", "ASSAULT")


def test_a_charge_presupposes_the_harm(stage: EventStage) -> None:
    """For ASSAULT the charge is about the doer; the killing took place."""
    assert _happened(stage, "حكم على الرجل بالسجن بتهمة قتل زوجته.", "ASSAULT")


def test_an_inquiry_shields_what_it_investigates(stage: EventStage) -> None:
    """An aim reaches the inquiry, not the killing it looks into."""
    text = "دعا الأمين العام إلى تحقيق مستقل في مقتل المتظاهرين."
    assert _happened(stage, text, "ASSAULT")


def test_material_support_is_aid_and_joint_drills_cooperation(stage: EventStage) -> None:
    """PLOVER: military or material support is AID, joint exercises COOPERATE."""
    text = "قدمت القوات الدنماركية الدعم الجوي للقوات العراقية."
    assert _happened(stage, text, "AID") and not _events(stage, text, "SUPPORT")
    drills = "أجرت الصين وروسيا مناورات عسكرية مشتركة في بحر اليابان."
    assert _happened(stage, drills, "COOPERATE") and not _events(stage, drills, "MOBILIZE")


def test_a_report_called_untrue_is_denied_but_a_denial_is_not(stage: EventStage) -> None:
    """غير صحيح judges the reported act; a denial or accusation itself still happened."""
    assert not _happened(stage, "قال مصدر إن ما ذكره الرئيس بأن السعودية احتجزت الحريري غير صحيح.", "COERCE")
    assert _happened(stage, "ونفى الوزير الحادثة واصفا التقارير بأنها عارية عن الصحة.", "REJECT")


def test_a_nisba_plural_is_no_future_verb(stage: EventStage) -> None:
    """سياسيون starts like سـ + a present verb; it must not make the support ahead."""
    assert _happened(stage, "ودعم مسؤولون سياسيون من اليسار التظاهرة.", "SUPPORT")


# ---------------------------------------------------------------- word senses, round 4 (events-6)
# Held-out sample F showed senses the earlier rounds missed: subsidies, estimates, "at least", "the
# term", a red card by the minute, "dominated", an interview, declining to comment, a surname. Each
# pair: an invented sentence with the other sense, and one where the act does take place.


@pytest.mark.parametrize(
    ("other_sense", "act", "event_type"),
    [
        # الدعم of prices and wages is subsidies; مصادر دعم a source of income
        (
            "زادت الحكومة الإنفاق على الدعم خلال العام الماضي.",
            "أعلنت فرنسا دعمها لخطة السلام.",
            "SUPPORT",
        ),
        ("وتضاعف الدعم والأجور خلال عشر سنوات.", "أكد الوزير دعم بلاده للحكومة الشرعية.", "SUPPORT"),
        ("فقدت البلاد مصادر دعم اقتصادي مهمة.", "أعرب الرئيس عن دعمه للمبادرة العربية.", "SUPPORT"),
        # تقدير: "at least", "assessing", a certificate — not appreciation
        ("ارتفع عدد الضحايا إلى مئة على أقل تقدير.", "أعرب الملك عن تقديره لجهود الكويت.", "SUPPORT"),
        ("وتولت لجنة حكومية تقدير الأضرار في القرى.", "أعرب الوزير عن تقديره للدور المصري.", "SUPPORT"),
        ("تسلم الطلاب شهادات التقدير في الحفل.", "أعرب السفير عن تقديره للموقف السعودي.", "SUPPORT"),
        # الأمد is "the term"; the verb أمد "supplied" never takes ال
        ("توقعت الوكالة نموا ضعيفا في الأمد القريب.", "أمدت روسيا الجيش السوري بالأسلحة.", "AID"),
        # طرد on the pitch is given in a minute or for a second caution
        (
            "تلقى الفريق ضربة بطرد مدافعه في الدقيقة 45.",
            "قررت الحكومة طرد السفير الإسرائيلي.",
            "SANCTION",
        ),
        # سيطر على a market is "dominated"
        (
            "سيطرت الشركات الصينية على السوق العالمية للهواتف.",
            "سيطرت القوات الحكومية على المدينة بعد معارك عنيفة.",
            "COERCE",
        ),
        # تأهبا ل is "in readiness for"; لقاء with a channel is an interview
        ("أقام المنتخب معسكرا تأهبا للموسم الجديد.", "أعلن الجيش حالة التأهب على الحدود.", "MOBILIZE"),
        ("قال الوزير في لقاء مع قناة العربية إن النمو سيستمر.", "عقد الوزيران لقاء في الرياض.", "CONSULT"),
        # declining to comment is no rejection
        ("ورفضت الوزارة التعليق على التقرير.", "رفضت الحكومة المقترح الأمريكي.", "REJECT"),
        # withdrawing from a TV show; the Leave camp
        ("أعلن الممثل انسحابه من البرنامج.", "أعلنت القوات انسحابها من المدينة.", "RETREAT"),
    ],
)
def test_round4_senses_drop_and_acts_stay(
    stage: EventStage, other_sense: str, act: str, event_type: str
) -> None:
    assert not any(happened(e) for e in _events(stage, other_sense, event_type)), other_sense
    assert _happened(stage, act, event_type), act


def test_a_surname_is_no_trigger() -> None:
    """شكر inside a person's name (an entity of doc.ann.entities) is not "thanked"; the first
    word of a name still is, so a verb the tagger joined to the name after it fires."""
    stage = EventStage.from_disk()
    name = "فرضت واشنطن عقوبات على القيادي فؤاد شكر."
    at = name.index("فؤاد")
    doc = Doc(article=Article(id="t", body=name, language="ar"))
    doc.ann.entities.append(
        Entity(
            id="x", name="فؤاد شكر", type="PERS", mentions=[Mention(start=at, end=at + 8, text="فؤاد شكر")]
        )
    )
    assert not [e for e in stage(doc).ann.events if e.type == "SUPPORT"]
    thanked = "وشكر محمد الحكومة على جهودها."
    doc = Doc(article=Article(id="t", body=thanked, language="ar"))
    doc.ann.entities.append(
        Entity(id="y", name="محمد", type="PERS", mentions=[Mention(start=0, end=8, text="وشكر محمد")])
    )
    assert any(happened(e) for e in stage(doc).ann.events if e.type == "SUPPORT")


def test_drills_of_two_countries_are_cooperation(stage: EventStage) -> None:
    """Manoeuvres named with two countries, or between two parties, are joint drills (COOPERATE);
    one country's drills stay MOBILIZE."""
    for joint in (
        "ألغت بيونغ يانغ المحادثات بسبب المناورات العسكرية الأميركية الكورية الجنوبية.",
        "وقالت الوكالة إن المناورات بين الحليفين استفزاز.",
    ):
        assert _events(stage, joint, "COOPERATE") and not _events(stage, joint, "MOBILIZE"), joint
    alone = "أجرت القوات الروسية مناورات عسكرية واسعة قرب الحدود."
    assert _happened(stage, alone, "MOBILIZE") and not _events(stage, alone, "COOPERATE")


@pytest.mark.parametrize(
    ("not_happened", "act", "event_type"),
    [
        # a suspension, cancellation or postponement calls the act off (events-7)
        ("أعلن الجيش تعليق مناورات عسكرية قرب الحدود.", "أجرى الجيش مناورات عسكرية قرب الحدود.", "MOBILIZE"),
        ("قررت الحكومة تأجيل الزيارة إلى موسكو.", "بدأ الرئيس زيارة رسمية إلى موسكو.", "CONSULT"),
        (
            "أعلنت البحرية إلغاء المناورات المشتركة مع فرنسا.",
            "أجرت البحرية مناورات مشتركة مع فرنسا.",
            "COOPERATE",
        ),
        # a comment on an act is no suspension of it
        ("علق الوزير على الهجوم بعد ساعات.", "أعلنت بغداد إلغاء الاجتماع مع الوفد.", None),
        # the absence of an act
        ("أعلن الاتحاد غياب الدعم الأوروبي للخطة.", "أعلن الاتحاد الأوروبي دعمه للخطة.", "SUPPORT"),
        # depending on aid is a standing condition, not aid given
        (
            "ويعتمد أكثر من ثلاثة ملايين لاجئ في المخيمات على المساعدات الغذائية.",
            "قدمت السعودية المساعدات الإنسانية للسكان.",
            "AID",
        ),
        # a warning that predicts an effect, not a threat of an act
        (
            "حذر الرئيس من أن رفض الاتفاق سيؤدي إلى حرب في المنطقة.",
            "حذر الرئيس من أن بلاده سترد بقوة على أي هجوم.",
            "THREATEN",
        ),
        # what was supposed to happen (not the alleged involvement in an act), what someone insists on
        (
            "كان من المفترض التوصل إلى اتفاق على وقف القتال.",
            "توصل الطرفان إلى اتفاق على وقف القتال.",
            "AGREE",
        ),
        (
            "قال الرئيس إنه متمسك بانسحاب القوات الأجنبية.",
            "أعلنت القوات الأجنبية انسحابها من المدينة.",
            "RETREAT",
        ),
        # طالب "student", منذ أمد "long ago"; enjoying support is a standing state
        ("تم قبول 4000 طالب وطالبة في البرامج.", "طالب الوزير بالإفراج عن المعتقلين.", "REQUEST"),
        ("افتتح المستشفى الذي انتهى بناؤه منذ أمد.", "أمدت روسيا الجيش السوري بالأسلحة.", "AID"),
        ("وتحظى الحكومة بدعم أمريكي واسع.", "أعلنت واشنطن دعمها للحكومة.", "SUPPORT"),
    ],
)
def test_round7_called_off_standing_and_senses(
    stage: EventStage, not_happened: str, act: str, event_type: str | None
) -> None:
    if event_type is None:  # علق على: the attack the minister commented on still happened
        assert _happened(stage, not_happened, "ASSAULT"), not_happened
        assert not any(happened(e) for e in _events(stage, act, "CONSULT")), act
        return
    assert not any(happened(e) for e in _events(stage, not_happened, event_type)), not_happened
    assert _happened(stage, act, event_type), act


def test_alleged_is_not_supposed(stage: EventStage) -> None:
    """المفترض alone is "alleged": the act it qualifies took place; من المفترض is "supposed to"."""
    assert _happened(stage, "قال الوزير إن الضلوع المفترض لروسيا في تسميم الجاسوس خطير.", "ASSAULT")
    assert not _happened(stage, "كان من المفترض تسميم الجاسوس في لندن.", "ASSAULT")


@pytest.mark.parametrize(
    ("not_happened", "act", "event_type"),
    [
        # the dead of an accident are no attack; a deliberate fire or another attack trigger still is
        (
            "قتل سبعة أشخاص في حريق شب داخل مصنع للنسيج.",
            "قتل سبعة أشخاص في هجوم على مصنع للنسيج.",
            "ASSAULT",
        ),
        (
            "لقي ثلاثة أشخاص مصرعهم في حادث سير على الطريق السريع.",
            "لقي ثلاثة أشخاص مصرعهم في حريق متعمد أشعله مجهولون.",
            "ASSAULT",
        ),
        # a danger of an act is not an act
        (
            "تحدث التقرير عن خطر الاختطاف على الطرق الجبلية.",
            "أعلنت الشرطة اختطاف سائق على الطرق الجبلية.",
            "ASSAULT",
        ),
        # a programme "targets" its beneficiaries; gunmen target a convoy
        (
            "وتعد المبادرة التي استهدفت المدارس الريفية الأولى من نوعها.",
            "استهدف مسلحون المدارس الريفية بقذائف الهاون.",
            "ASSAULT",
        ),
        # a verbal attack; a raid campaign (COERCE) is no assault
        ("شن النائب هجوما لاذعا على الحكومة.", "شن المسلحون هجوما على مركز للشرطة.", "ASSAULT"),
        (
            "شنت الشرطة حملة مداهمات في الحي القديم.",
            "شنت الميليشيا هجوما في الحي القديم.",
            "ASSAULT",
        ),
        # a fatwa to kill is a call, not a killing
        ("أثار الداعية غضبا بعد فتواه بقتل المخالفين.", "أثار الحادث غضبا بعد قتل المخالفين.", "ASSAULT"),
        # a foiled attempt is a plot stopped; an attempt made is an attack that failed
        (
            "أحبطت الشرطة محاولة تفجير موكب الوزير.",
            "نجا الوزير من محاولة تفجير موكبه في المدينة.",
            "ASSAULT",
        ),
        # an attempt that is itself only aimed at
        (
            "يروي الفيلم قصة عصابة تحاول إخافة الشهود بمحاولة اغتيال القاضي.",
            "نجا المرشح من محاولة اغتيال في العاصمة.",
            "ASSAULT",
        ),
        # a diplomatic protest or an election rally is no street protest
        ("قدمت السفارة احتجاجا رسميا على القرار.", "أدى القرار إلى احتجاجات واسعة في الشوارع.", "PROTEST"),
        ("خطب المرشح في تجمع انتخابي بالعاصمة.", "نظم العمال تجمعا أمام البرلمان.", "PROTEST"),
        # a drone is no march
        ("أسقطت الدفاعات الجوية طائرة مسيرة قرب المطار.", "خرجت مسيرة حاشدة قرب المطار.", "PROTEST"),
        # the right to protest or a law on it is no protest; a law torn up in protest is one
        ("أكد الدستور الحق في التظاهر السلمي.", "وقام العمال بإغلاق الطريق احتجاجا.", "PROTEST"),
        ("رفضت السلطات السماح بالتظاهر أمام البرلمان.", "تظاهر المئات أمام البرلمان.", "PROTEST"),
        # the bereaved are named, no killing reported; a fire set by someone is an attack
        ("واجتمع الوزير بعائلات الجنود القتلى في القصر.", "سقط عشرة قتلى في قصف على المدينة.", "ASSAULT"),
        ("قتل عشرة أشخاص في حريق بمنطقة صناعية.", "قتل رجل في حريق أضرمه مجهولون في متجره.", "ASSAULT"),
        # the bomber named is no act; his act is (the feminine adjective still marks one)
        (
            "وصف الكاتب عقل الانتحاري بأنه مغسول.",
            "نفذت الجماعة عمليات انتحارية في المدينة.",
            "ASSAULT",
        ),
        # a natural force "strikes"; a kidnapper's victim, not the limelight, is taken
        ("ضرب زلزال بقوة ست درجات الساحل الشمالي.", "ضرب مسلحون حارس الأمن.", "ASSAULT"),
        (
            "ارتفع عدد المفقودين في الإعصار الذي ضرب الجزيرة.",
            "ارتفع عدد القتلى في القصف الذي ضرب الجزيرة.",
            "ASSAULT",
        ),
        ("خطفت المغنية الأضواء في الحفل.", "خطف مسلحون الناشط السياسي.", "ASSAULT"),
        # a cultural "تظاهرة" and a career "مسيرة" are no protests; a scheduled strike is not held yet
        (
            "افتتح الوزير تظاهرة ثقافية في المدينة العتيقة.",
            "خرجت تظاهرة حاشدة في العاصمة.",
            "PROTEST",
        ),
        ("اعتزل اللاعب بعد مسيرة كروية حافلة.", "نظم الطلاب مسيرة حاشدة في الجامعة.", "PROTEST"),
        ("من المقرر أن يدخل القضاة في إضراب عام غدا.", "دخل القضاة في إضراب عام أمس.", "PROTEST"),
        # a team's forward line
        ("ضم الفريق مهاجما جديدا إلى خط الهجوم.", "شن المسلحون هجوما على الثكنة.", "ASSAULT"),
    ],
)
def test_news_senses_accidents_and_sentences(
    stage: EventStage, not_happened: str, act: str, event_type: str
) -> None:
    """Word senses and kinds of mention read from ordinary news (2026-12): each rule with the
    sentence it must leave alone."""
    assert not _happened(stage, not_happened, event_type), not_happened
    assert _happened(stage, act, event_type), act


@pytest.mark.parametrize(
    "text",
    [
        # a denial of responsibility or of the accusations: the attack happened
        "نفت الجماعة مسؤوليتها عن الهجوم على السفارة.",
        "ونفت الحكومة الاتهامات بتورطها في تسميم المعارض.",
        # ل after a verb of undergoing, its subject between, is what was suffered
        "تعرض مهندسان أجنبيان للخطف في الصحراء.",
        # an attempted attack happened as an attempt, also when responsibility for it is disclaimed
        "اتهمت الشرطة خلية مسلحة بمحاولة تفجير موكب الوزير.",
        "جاء البيان في محاولة لإعفاء الحزب من المسؤولية عن تفجير الجسر.",
        # the passive participle: found killed
        "عثر السكان على حارسين مقتولين قرب المخزن.",
    ],
)
def test_attacks_reported_through_denials_and_attempts(stage: EventStage, text: str) -> None:
    assert _happened(stage, text, "ASSAULT"), text


def test_a_denial_of_the_act_still_negates(stage: EventStage) -> None:
    """Only a denial of the doer leaves the act standing."""
    assert not _happened(stage, "نفى الجيش وقوع أي هجوم على القاعدة.", "ASSAULT")
    assert not _happened(stage, "نفت الشرطة أن يكون المتظاهرون قد أحرقوا المبنى.", "ASSAULT")


def test_protesters_after_lam_are_no_purpose(stage: EventStage) -> None:
    """لمتظاهرين is "to the protesters", not a purpose ل on a verbal noun."""
    text = "تصدت الشرطة لمتظاهرين قرب مبنى المحافظة."
    assert _happened(stage, text, "PROTEST")


def test_the_act_itself_outranks_its_attempt(stage: EventStage) -> None:
    """An attack reported as attempted and then as done: the act done is the event's trigger."""
    text = "نجا العمدة من محاولة اغتيال عندما فجر مسلحون عبوة ناسفة قرب موكبه."
    (event,) = _events(stage, text, "ASSAULT")
    assert happened(event) and event.trigger == "فجر", event.trigger
    alone = "نجا العمدة من محاولة اغتيال قرب موكبه."
    assert [e.trigger for e in _events(stage, alone, "ASSAULT") if happened(e)] == ["اغتيال"]


@pytest.mark.parametrize(
    ("text", "attack"),
    [
        # fire set or opened with the subject between verb and object
        ("وتفرقوا بعد أن فتح معارضون النار.", True),
        ("الذي أضرم مستوطنون يهود النار فيه.", True),
        ("وأشعل محتجون غاضبون النار في مقر القنصلية.", True),
        # the same verbs without fire are other acts
        ("وفتح المدعي العام تحقيقا في الحادث.", False),
        ("وأشعل القرار الأزمة بين البلدين.", False),
        # stoning and raiding as verbs; a plural verb with its object pronoun (قتلوهم ← قتلوا + هم)
        ("ورشقوهم بالحجارة.", True),
        ("وأغارت طائرات إسرائيلية على مواقع في سوريا.", True),
        ("وقتلوهم جميعا.", True),
    ],
)
def test_attack_verbs_with_their_object_apart(stage: EventStage, text: str, attack: bool) -> None:
    assert _happened(stage, text, "ASSAULT") is attack


def test_a_verb_trigger_is_no_actor(stage: EventStage) -> None:
    """فتح معارضون النار: the verb is written as Fatah's name, but it is the act, not its doer."""
    (event,) = _events(stage, "وتفرقوا بعد أن فتح معارضون النار.", "ASSAULT")
    assert event.source is None or "فتح" not in event.source.text.split()


@pytest.mark.parametrize(
    "text",
    [
        "نقل الرئيس السابق إلى المستشفى إثر إصابته بوعكة صحية داخل السجن.",  # an illness
        "أصيب اللاعب بتمزق في العضلة.",  # a sports injury
        "وشهدت البلاد هجمات إلكترونية واسعة.",  # a cyber attack uses no force
        "وفرضت قيادة العمليات العسكرية في البصرة حظر التجول.",  # a command's name
        "وأصاب فيروس إيبولا أكثر من 27 ألفا في غرب إفريقيا.",  # a virus strikes no one
        "ثم أطلق على نفسه الرصاص بعد ذلك.",  # on oneself
        "بسقوط طائرة في مطار العاصمة مما أسفر عن مقتل 50 شخصا.",  # an accident's phrase after a clitic
    ],
)
def test_illness_cyber_attacks_and_commands_are_no_attacks(stage: EventStage, text: str) -> None:
    assert not _happened(stage, text, "ASSAULT")


@pytest.mark.parametrize(
    ("text", "attack"),
    [
        # litotes: "not less than" is "at least", "do not stop" is "keep on"; ما before لا is "what"
        ("وقال الجيش إن ما لا يقل عن ثلاث قذائف أطلقت على البلدة.", True),
        ("وقال الضابط إن المسلحين لا يتوقفون عن إطلاق النار.", True),
        # غير أن "however" opens a clause and negates nothing in it
        ("وبدأ الجيش عملية برية غير أنه قصف أيضا مواقع في الشمال.", True),
        # a real negation still negates
        ("غير أن الجيش لم يقصف المدينة.", False),
        # في حال "in case", preventing and dissuading, an attack called possible
        ("وحذرت المنظمة من كارثة في حال تنفيذ الجيش هجوما على المدينة.", False),
        ("واجتمع المجلس في مسعى لمنع الجيش من شن هجوم على الميناء.", False),
        ("وأشار الوزير إلى الهجوم المحتمل على المدينة.", False),
        # tear gas used, a death by a soldier's bullet
        ("واستخدمت الشرطة الغاز المسيل للدموع لتفريق الحشد.", True),
        ("استشهد شاب برصاصة أطلقها جنود الاحتلال.", True),
    ],
)
def test_events21_negation_modality_and_triggers(stage: EventStage, text: str, attack: bool) -> None:
    assert _happened(stage, text, "ASSAULT") is attack


@pytest.mark.parametrize(
    "text",
    [
        "وأكدت السلطات أن الزلزال دمر مئات المنازل.",  # a natural force destroys
        "ولم تكن المدينة مستعدة لمياه الأمطار التي دمرت منازل كثيرة.",
        "وعانى السكان من الأزمة الاقتصادية التي ضربت البلاد.",  # a crisis "strikes"
        "وهبطت الطائرة بسبب انفجار المحرك، مما أسفر عن مقتل راكب.",  # an engine blows up
        "واستشهد ثلاثة في حادث سير على الطريق الساحلي.",  # the dead of a road accident
        "وأعرب الوزير عن تعازيه متمنيا للجرحى الشفاء العاجل.",  # ل as a dative, no toll
    ],
)
def test_events21_forces_accidents_and_wishes_are_no_attacks(stage: EventStage, text: str) -> None:
    assert not _happened(stage, text, "ASSAULT")


def test_a_toll_of_the_dead_reports_the_attacks(stage: EventStage) -> None:
    """ل on the dead after a count is "of the dead", not a purpose: the toll and its raids are reported."""
    assert _happened(stage, "وأعلن المرصد ارتفاع العدد الإجمالي للقتلى إلى 300 جراء غارات التحالف.", "ASSAULT")


def test_a_student_demands_nothing(stage: EventStage) -> None:
    """على طالب: the noun "student"; as a REQUEST it would govern the killing after it as an aim."""
    text = "وألقت الشرطة القبض على طالب قتل والديه بالرصاص."
    assert _happened(stage, text, "ASSAULT")
    assert not _happened(stage, text, "REQUEST")


@pytest.mark.parametrize(
    ("text", "protest"),
    [
        # "in protest" qualifies the nearest act before it: a recall of an envoy is no protest held
        ("واستدعت الوزارة السفير للتشاور احتجاجا على التدخل في شؤونها.", False),
        ("وأضرب العمال احتجاجا على تأخر الأجور.", True),
        # in anticipation of protests, a strike expected: not held yet
        ("وتحسبا لتنظيم تظاهرات انتشرت الشرطة في المدينة القديمة.", False),
        ("وأكد النقابي أن هناك إضراب منتظر لأعوان الشركة.", False),
        # the protesters demand: people, not an act aimed at; those who took part did take part
        ("وطالب المتظاهرون الحكومة بالاستقالة.", True),
        ("وطالب العمال الذين شاركوا في المسيرات بتحسين الأجور.", True),
    ],
)
def test_events21_protest_manner_anticipation_and_demands(stage: EventStage, text: str, protest: bool) -> None:
    assert _happened(stage, text, "PROTEST") is protest


@pytest.mark.parametrize(
    ("text", "refers"),
    [
        ("انفجرت سيارة مفخخة في السوق. وأدان الوزير هذا العمل الإرهابي الجبان.", True),
        ("انفجرت سيارة مفخخة في السوق. وقال إن قلب الوطن ينزف جراء هذا الفعل الإجرامي.", True),
        # plural deeds are kinds; a name given to another act is no reference
        ("انفجرت سيارة مفخخة في السوق. وقال إن العمليات الإرهابية تهدد المنطقة كلها.", False),
        ("انفجرت سيارة مفخخة في السوق. ونددت الحكومة بالقرار واصفة إياه بـ«العمل الإجرامي».", False),
    ],
)
def test_a_deed_called_violent_refers_back_to_the_attack(stage: EventStage, text: str, refers: bool) -> None:
    second = text.index(".") + 1
    events = [e for e in _events(stage, text, "ASSAULT") if e.start >= second and happened(e)]
    assert bool(events) is refers


def test_a_march_before_a_persons_name_is_a_career() -> None:
    """مسيرة + a person's name is the person's career (مسيرة ترامب), a march otherwise."""
    from marsad.pipeline import build

    pipe = build(["entities", "events"])

    def protest(text: str) -> bool:
        doc = pipe(Doc(article=Article(id="t", body=text, language="ar")))
        return any(e.type == "PROTEST" and happened(e) for e in doc.ann.events)

    assert not protest("ونلقي الضوء على مسيرة دونالد ترامب منذ البداية حتى وصوله إلى البيت الأبيض.")
    assert protest("وشارك الآلاف في مسيرة حاشدة وسط العاصمة.")


@pytest.mark.parametrize(
    "text",
    [
        "وأكدت الوزارة مقتل شابين برصاص الاحتلال شرق المدينة.",
        "وأصيب ثلاثة مواطنين بنيران الاحتلال.",
        "واستشهد شاب برصاص جنود الاحتلال قرب الحدود.",
    ],
)
def test_the_occupation_after_an_agent_marker_is_the_israeli_army(stage: EventStage, text: str) -> None:
    """برصاص الاحتلال: the phrase needs its weapon, but the doer starts after the agent marker."""
    (event,) = _events(stage, text, "ASSAULT")
    assert event.source is not None and (event.source.country, event.source.role) == ("ISR", "MIL")
    assert not event.source.text.startswith(("برصاص", "بنيران"))


def test_a_verb_written_as_one_form_takes_its_subject_after_it(stage: EventStage) -> None:
    """أغارت (a vform row): a verb, so the aircraft after it are its doer, not a genitive."""
    (event,) = _events(stage, "أغارت طائرات التحالف على مواقع للمسلحين في المحافظة.", "ASSAULT")
    assert event.source is not None and "طائرات" in event.source.text


def test_the_doer_of_a_shot_fired(stage: EventStage) -> None:
    """برصاصة أطلقها جنود الاحتلال: the soldiers who fired the bullet are the doer."""
    (event,) = _events(stage, "واستشهد شاب برصاصة أطلقها جنود الاحتلال.", "ASSAULT")
    assert event.source is not None and (event.source.country, event.source.role) == ("ISR", "MIL")


def test_the_doer_in_an_attack_nouns_construct_genitive(stage: EventStage) -> None:
    """قتل … جراء غارات الطيران الحربي: the genitive of an agentive attack noun is the doer of the dead."""
    (event,) = _events(stage, "قتل ثلاثة أشخاص جراء غارات الطيران الحربي على البلدة.", "ASSAULT")
    assert event.source is not None and event.source.role == "MIL"
    assert event.target is not None and event.target.role == "CVL"


def test_a_base_is_not_al_qaeda_and_april_is_not_nice(stage: EventStage) -> None:
    """قاعدة without the article is a base; نيسان (April) is no dual of نيس (Nice)."""
    (event,) = _events(stage, 'واتهمت دمشق إسرائيل بقصف قاعدة "التيفور" الجوية في 9 أبريل/ نيسان الجاري.', "ASSAULT")
    actors = [a for a in (event.source, event.target) if a is not None]
    assert all(a.role != "IMG" and a.country != "FRA" for a in actors)
    (claimed,) = _events(stage, "وأعلن فرع للقاعدة مسؤوليته عن التفجير.", "ASSAULT")
    assert claimed.source is not None and claimed.source.role == "IMG"


@pytest.mark.parametrize(
    "text",
    [
        "لقي متظاهر واحد على الأقل مصرعه بالرصاص في العاصمة.",
        "واعتقلت الشرطة 22 متظاهرا في المدينة.",
        "ودعا المعتصمون إلى محاسبة المسؤولين.",
        "وقال المضربون عن الطعام إنهم سيواصلون.",
    ],
)
def test_protesters_in_other_forms_name_a_protest(stage: EventStage, text: str) -> None:
    """The singular, the accusative of a count, sit-in holders and strikers report a protest held;
    they stay its source (actor_trigger)."""
    (event,) = [e for e in _events(stage, text, "PROTEST") if happened(e)]
    assert event.source is not None and event.source.text in text
