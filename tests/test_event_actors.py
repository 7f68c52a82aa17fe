"""Who is the source and who the target of an event: clause rules, the actor scorer, and
actor-accuracy floors on the OEDA span sentences.

The clause sentences below are written for these tests (general Arabic news syntax), not taken
from the evaluation data. The floors are regression floors on the development half — the rules
were written while reading its errors, so they are in-sample — set a few points under the
figures measured on 2026-11-30 with the events stage alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.errors import ResourceError
from marsad.model import Article, Doc, Entity, Event, Mention
from marsad.nlp.event_actors import KINDS, ActorGrammar, default_grammar
from marsad.nlp.event_eval import ABSENT, EventReport, _majority, _score_spans
from marsad.nlp.event_lexicon import DATA_DIR, default_lexicon
from marsad.nlp.events import candidate_events
from marsad.pipeline import Pipeline, build
from marsad.text.normalize import normalize

Side = tuple[str | None, str | None] | None  # (country, role) or no actor


def _event(text: str, event_type: str) -> Event:
    doc = Doc(article=Article(id="t", body=text, language="ar"))
    events = [e for e, _ in candidate_events(doc, default_lexicon()) if e.type == event_type]
    assert events, f"no {event_type} event in {text}"
    return events[0]


def _key(phrase: str) -> tuple[str, ...]:
    """A lexicon key: folded words, the article removed as the build script does."""
    return tuple(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in normalize(phrase).split())


def _side(actor: object) -> Side:
    return None if actor is None else (getattr(actor, "country", None), getattr(actor, "role", None))


CLAUSES = [
    # the subject of a reporting verb announcing a death is not its source
    ("أعلن الجيش الأميركي مقتل جنديين في هجوم جنوب بغداد.", "ASSAULT", None, (None, "MIL")),
    # a clause break (إن) separates the reporter from the doer; a police patrol is police
    ("قال مسؤول عراقي إن مسلحين هاجموا دورية للشرطة في الموصل.", "ASSAULT", (None, "UAF"), (None, "COP")),
    # a generic post takes the institution after في
    ("اغتال مسلحون ضابطا في الشرطة العراقية.", "ASSAULT", (None, "UAF"), ("IRQ", "COP")),
    # subject first, no object: the unvowelled قتلوا reads as passive
    ("قالت الشرطة إن ثمانية أشخاص قتلوا في انفجار سيارة مفخخة.", "ASSAULT", None, (None, "CVL")),
    # subject first with an object: active
    ("قالت الشرطة إن مسلحين قتلوا خمسة جنود عراقيين.", "ASSAULT", (None, "UAF"), ("IRQ", "MIL")),
    # قتل with a subject and an object after it is active; with nothing after the noun, passive
    ("قتل الجيش خمسة مسلحين.", "ASSAULT", (None, "MIL"), (None, "UAF")),
    # an indefinite noun after a definite phrase opens another actor
    ("قتلت القوات الأمريكية مسلحين في بغداد.", "ASSAULT", ("USA", "MIL"), (None, "UAF")),
    # a count right after قتل: passive, the counted noun is the victim; شخص (Phoenix PPL) has no role
    ("قتل 18 شخصا في انفجار في بغداد.", "ASSAULT", None, (None, None)),
    # … where the plural أشخاص is coded CVL, as the OEDA coders do
    ("قتل أربعة أشخاص في انفجار في بغداد.", "ASSAULT", None, (None, "CVL")),
    # على يد names the doer of a passive
    ("خطف صحفي فرنسي من منزله على يد مسلحين.", "ASSAULT", (None, "UAF"), ("FRA", "MED")),
    # نجا من محاولة اغتيال: the survivor is the target
    ("نجا وزير الداخلية العراقي من محاولة اغتيال في بغداد.", "ASSAULT", None, ("IRQ", "GOV")),
    # هجوم انتحاري: the adjective names no actor
    ("وقع هجوم انتحاري في سوق شعبي.", "ASSAULT", None, None),
    # an accusative noun opens the object; nisba adjectives give the countries
    ("اغتالت وحدة إسرائيلية ناشطاً فلسطينياً في جنين.", "ASSAULT", ("ISR", "MIL"), ("PSE", "CVL")),
    # a dictionary phrase with a country but no role takes its head's role
    ("قصف الجيش العراقي مواقع المسلحين.", "ASSAULT", ("IRQ", "MIL"), (None, "UAF")),
    # an accusative plural after the verb is its object, the subject came first
    ("الجيش التركي يضرب مسلحين في شمال العراق.", "ASSAULT", ("TUR", "MIL"), (None, "UAF")),
    # جنوده belongs to the army named before it
    ("وقال الجيش الاميركي ان جنوده قتلوا خمسة مسلحين.", "ASSAULT", ("USA", "MIL"), (None, "UAF")),
    # a suicide bomber named later in the sentence is the source of a deed with no doer
    ("قتل شرطيان في انفجار عبوة ناسفة يقودها انتحاري.", "ASSAULT", (None, "UAF"), (None, "COP")),
    # a death in an attack carried out by someone: the attack's doer is the source
    (
        "وأعلنت الشرطة مقتل ثلاثة أطباء أميركيين في هجوم مسلح نفذه متطرف في صنعاء.",
        "ASSAULT",
        (None, "RAD"),
        ("USA", "HLH"),
    ),
    # a reporter announcing an action noun did it
    ("أكدت كوريا الشمالية إرسال قوات إلى روسيا.", "AID", ("PRK", None), ("RUS", None)),
    # the protesters are the source of a PROTEST wherever the clause names them
    ("واندلعت مظاهرات في العاصمة ورفع المتظاهرون صور المعتقلين.", "PROTEST", (None, "CVL"), None),
    # military hardware is the army's doing; its nisba gives the country
    ("قالت الحكومة إن دبابات روسية فتحت النار على السكان.", "ASSAULT", ("RUS", "MIL"), (None, "CVL")),
    # a unit takes the role and country of the institution it belongs to
    (
        "قصفت طائرة بدون طيار تابعة للقوات الأميركية مواقع المتمردين.",
        "ASSAULT",
        ("USA", "MIL"),
        (None, "REB"),
    ),
    # the genitive of حي names a neighbourhood, not a military unit; a place noun after an
    # attack adjective says where, and names no attacker
    ("قتل ستة مدنيين في هجوم انتحاري غرب بغداد.", "ASSAULT", None, (None, "CVL")),
    ("انفجرت سيارة مفخخة في حي الوحدة وسط البلدة.", "ASSAULT", None, None),
    # flags (أعلام) are no media and no actor: the protesters keep no country
    ("وأحرق متظاهرون أعلام إسرائيل خلال احتجاجات في بغداد.", "PROTEST", (None, "CVL"), None),
    # what a protest demands names its target, not the place it passes
    ("احتشد المحتجون قرب البرلمان السويدي مطالبين برحيل الحكومة.", "PROTEST", (None, "CVL"), (None, "GOV")),
    # طالب is the verb "demanded", not a student; آلاف (folded الاف) is no definite noun, so
    # آلاف المتظاهرين stays one actor and the prime minister is the object
    ("وطالب آلاف المتظاهرين رئيس الوزراء بالاستقالة.", "REQUEST", (None, "CVL"), (None, "GOV")),
    # a building attacked stands for its sector (roles_supplement.tsv); after an indefinite ـون
    # plural a definite noun is neither its adjective nor its genitive: a new actor
    ("هاجم مسلحون كنائس في شمال البلاد.", "ASSAULT", (None, "UAF"), (None, "REL")),
    ("استهدف مسلحون سيارة إسعاف قرب المستشفى.", "ASSAULT", (None, "UAF"), (None, "HLH")),
    ("هاجم مسلحون السفارتين الأميركية والفرنسية في الكويت.", "ASSAULT", (None, "UAF"), ("USA", "GOV")),
    ("قصفت مقاتلات التحالف مواقع للمتمردين في صعدة.", "ASSAULT", (None, "MIL"), (None, "REB")),
    # بين قتيل وجريح counts the victims before it; the doer comes from the rest of the clause
    ("سقط عشرات المدنيين بين قتيل وجريح في قصف للجيش.", "ASSAULT", (None, "MIL"), (None, "CVL")),
    ("سقط عشرات المدنيين ما بين قتيل وجريح.", "ASSAULT", None, (None, "CVL")),
    # a state and a role noun joined by و: the state's code, not the conjunct's role
    ("شنت تركيا وفصائل موالية لها هجوما على مدينة عفرين.", "ASSAULT", ("TUR", None), None),
    # quantifiers between a verb and its subject
    ("تظاهر نحو خمسة آلاف شخص أمام السفارة الأميركية.", "PROTEST", (None, "CVL"), ("USA", "GOV")),
    # settlers have a country AND a role (actors_supplement.tsv); a nominative plural (ـون) is not
    # described by an accusative one (ـين), which opens the object
    ("هاجم مستوطنون مزارعين فلسطينيين قرب نابلس.", "ASSAULT", ("ISR", "CVL"), ("PSE", "AGR")),
    # an armed wing from actors_supplement.tsv gives the member its country and role
    ("اغتالت قوة إسرائيلية قائدا في كتائب شهداء الأقصى.", "ASSAULT", ("ISR", "MIL"), ("PSE", "REB")),
    # a settlement is a target with its country and no role; a feminine singular cannot describe
    # the nominative plural before it
    ("قصف مسلحون مستوطنة إسرائيلية قرب غزة.", "ASSAULT", (None, "UAF"), ("ISR", None)),
    # the Copts are a religious community (REL)
    ("تظاهر مئات الأقباط أمام الكاتدرائية في القاهرة.", "PROTEST", (None, "REL"), None),
    # after a nominative plural (ـون) a noun is neither its adjective nor its genitive: a new
    # actor; a title followed by السابق is a former official (PLOVER ELI)
    ("اغتال مسلحون وزير الدفاع السابق في منزله.", "ASSAULT", (None, "UAF"), (None, "ELI")),
    # … while an agreeing adjective (ـون) stays with its noun
    ("هاجم مسلحون ملثمون دورية للشرطة.", "ASSAULT", (None, "UAF"), (None, "COP")),
    # CAMEO's religion codes (بوذي BUD) are PLOVER's one sector REL
    ("قتل مسلحون راهبا بوذيا في بانكوك.", "ASSAULT", (None, "UAF"), (None, "REL")),
    # the victims of an attack named in its result (مما أدى إلى مقتل …) are its target when the
    # clause names none, or only the place it struck (في مقر الشرطة)
    ("انفجرت سيارة مفخخة في سوق شعبي مما أدى إلى مقتل عشرة أشخاص.", "ASSAULT", None, (None, "CVL")),
    ("وقع هجوم انتحاري في مقر الشرطة أدى إلى إصابة جنديين.", "ASSAULT", None, (None, "MIL")),
    # … but not when the verb has its own object
    ("استهدف مسلحون دورية للشرطة مما أدى إلى مقتل ثلاثة مدنيين.", "ASSAULT", (None, "UAF"), (None, "COP")),
    # علي as written is the name Ali, not the preposition على: the cleric stays the subject of
    # تعرض, one actor with his title (آية الله → REL) and his surname's country
    ("تعرض آية الله علي السيستاني لمحاولة اغتيال في النجف.", "ASSAULT", None, ("IRQ", "REL")),
    # السابق inside a title does not cut it from its institution: a former official (ELI)
    ("قتل الأمين العام السابق للحزب الشيوعي في بيروت.", "ASSAULT", None, (None, "ELI")),
    # a definite nisba-shaped noun right after a verb is its object, not an adjective; a journalist
    # has no country of his own (actor_dict_ar_v4.txt gave صحافي USA)
    ("وكان المسلحون قد اختطفوا الصحافي ثم قتلوه.", "ASSAULT", (None, "UAF"), (None, "MED")),
    # a verb with an object pronoun: the nominative after it is its subject, the topic its object
    ("جنود عراقيون خطفهم مسلحون في الشمال.", "ASSAULT", (None, "UAF"), ("IRQ", "MIL")),
    ("وقال إن جنودا خطفهم مقاتلو الحركة في الشمال.", "ASSAULT", (None, "REB"), (None, "MIL")),
    # وزير الخارجية is nobody's in particular (actor_dict_ar_v4.txt gave it EGY)
    ("هاجم مسلحون وزير الخارجية في كابول.", "ASSAULT", (None, "UAF"), (None, "GOV")),
    # a broken plural of a nationality after a count names the crowd's country
    ("تظاهر آلاف الأتراك في إسطنبول ضد الحكومة.", "PROTEST", ("TUR", "CVL"), (None, "GOV")),
    # a definite plural nisba after a count is the people counted, not an adjective
    ("تظاهر مئات الفلسطينيين ضد الجدار الإسرائيلي.", "PROTEST", ("PSE", "CVL"), ("ISR", None)),
    # أضرب (went on strike) folds to the noun form: the noun after it is the strikers
    ("أضرب عمال الموانئ عن العمل للمطالبة برفع الأجور.", "PROTEST", (None, "LAB"), None),
    # a partitive من after a count is no preposition between a verb and its subject
    ("هاجمت مجموعة من المسلحين مركزا للشرطة.", "ASSAULT", (None, "UAF"), (None, "COP")),
    ("احتج المئات من أنصار المعارضة على نتائج الانتخابات.", "PROTEST", (None, "CVL"), None),
    # an employee (generic head) takes the institution's role after في
    ("اختطف مسلحون موظفا في الأمم المتحدة.", "ASSAULT", (None, "UAF"), (None, "IGO")),
    # a bare قتل before its subject is the verb: انتحاري is its doer, not an adjective of a noun
    ("قتل انتحاري عشرين شخصا في هجوم على مسجد شيعي.", "ASSAULT", (None, "UAF"), (None, None)),
    # the air force is military; its nisba stays with it
    ("قصف الطيران الحربي السوري مواقع للمعارضة.", "ASSAULT", ("SYR", "MIL"), (None, "OPP")),
    # the genitive of مقتل after عن is not the attack's doer
    ("أسفر الهجوم عن مقتل جنديين باكستانيين.", "ASSAULT", None, ("PAK", "MIL")),
    # هجوم لـX: the ل of the doer, wherever the attack noun stands
    ("أصيب خمسة جنود إسرائيليين بجروح في هجوم لحزب الله.", "ASSAULT", ("LBN", "REB"), ("ISR", "MIL")),
    ("لقي جندي تركي مصرعه في هجوم لحزب العمال الكردستاني.", "ASSAULT", ("TUR", "REB"), ("TUR", "MIL")),
    # a country's nisba on the verb's subject, when that noun is no actor, names the doer
    ("شنت الطائرات الإسرائيلية غارة على مخيم جباليا.", "ASSAULT", ("ISR", None), None),
    ("استهدفت غارة إسرائيلية منزلا في غزة.", "ASSAULT", ("ISR", None), None),
    # a nisba after other definite adjectives still belongs to the actor; an accusative after a
    # victim verb is its object even with the subject first
    ("قالت وزارة الدفاع إن الشرطة الوطنية العراقية قتلت مسلحين.", "ASSAULT", ("IRQ", "COP"), (None, "UAF")),
    ("هاجمت قوات الأمن الداخلي اللبنانية المتظاهرين.", "ASSAULT", ("LBN", "COP"), (None, "CVL")),
    # a unit in a national institution (… في الحكومة الفلسطينية) is one actor with its country
    (
        "أصيب ثلاثة من عناصر القوة التنفيذية التابعة لوزارة الداخلية في الحكومة الفلسطينية في انفجار.",
        "ASSAULT",
        None,
        ("PSE", "GOV"),
    ),
    # a nisba's feminine dual (جورجيتين → جورجي); after a definite subject right before the verb,
    # the noun after it is the object
    ("قالت الوزارة إن القوات الروسية أسقطت طائرتي تجسس جورجيتين.", "ASSAULT", ("RUS", "MIL"), ("GEO", None)),
    # من X على Y after an attack: fired from X at Y
    ("أطلقت صواريخ من غزة على إسرائيل.", "ASSAULT", ("PSE", None), ("ISR", None)),
    # … but the من of a count is no origin
    ("قتل ثلاثة من الجنود في هجوم على دورية.", "ASSAULT", None, (None, "MIL")),
    # فتح النار is "opened fire", not Fatah
    ("وكان رجل قد فتح النار على المارة.", "ASSAULT", (None, None), None),
    ("هاجم مسلحو فتح مقر حماس.", "ASSAULT", ("PSE", "PTY"), ("PSE", "REB")),
    # an adjective of rebellion or opposition decides the role: rebel soldiers, opposition students
    ("هاجم جنود متمردون مقر الحكومة.", "ASSAULT", (None, "REB"), (None, "GOV")),
    ("تظاهر طلاب معارضون للحكومة في العاصمة.", "PROTEST", (None, "OPP"), None),
    # … but a definite noun after an indefinite one is its genitive: the rebels' supporters are civilians
    ("قتل مسلحون أنصار المتمردين في القرية.", "ASSAULT", (None, "UAF"), (None, "CVL")),
    # تظاهر (a demonstration, or the past verb) with a count after it: the counted group is its
    # doer, past the adverb and the count's من — not what the protest was against
    ("تظاهر أمس عشرات من أعضاء حزب الوفد المصري أمام البرلمان.", "PROTEST", ("EGY", "PTY"), (None, "LEG")),
    # a country's nisba after an attack noun and its adjectives names the doer, also for the
    # deaths it caused; a role noun after a lone nisba opens the next actor (the target)
    ("قتل خمسة أشخاص في غارة جوية إسرائيلية على غزة.", "ASSAULT", ("ISR", None), (None, "CVL")),
    ("قتل ثمانية اشخاص جراء ضربة جوية اميركية.", "ASSAULT", ("USA", None), (None, "CVL")),
    ("استهدفت غارة جوية روسية مستشفى في إدلب.", "ASSAULT", ("RUS", None), (None, "HLH")),
    # two states (or capitals) side by side after a verb are its subject and its object; states
    # joined by و stay one actor
    ("اتهمت إيران الولايات المتحدة بدعم الإرهاب.", "ACCUSE", ("IRN", None), ("USA", None)),
    ("اتهمت موسكو واشنطن بتقويض الاستقرار.", "ACCUSE", ("RUS", None), ("USA", None)),
    ("وقعت السعودية والإمارات اتفاقية للتعاون العسكري.", "AGREE", ("SAU", None), None),
    # a title with the ل of its body's genitive is the body's (the Secretary-General of the UN is IGO)
    ("دعا الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى وقف إطلاق النار.", "REQUEST", (None, "IGO"), None),
    # who claims an attack did it, though أعلن reports; الذي + a verb: the noun after is its object,
    # and a definite attack noun takes no genitive (الهجوم الذي استهدف كنيسة)
    ("أعلن تنظيم الدولة الإسلامية مسؤوليته عن الهجوم الذي استهدف كنيسة.", "ASSAULT", (None, "IMG"), (None, "REL")),
    ("تبنت حركة طالبان الهجوم الذي استهدف قاعدة عسكرية.", "ASSAULT", ("AFG", "REB"), (None, "MIL")),
    # a clash between two sides names both; people named by their nationality are civilians (CVL)
    ("اندلعت المواجهات بين القوات الحكومية والمتمردين في المدينة.", "ASSAULT", (None, "MIL"), (None, "REB")),
    ("شهدت المدينة مواجهات عنيفة بالأسلحة الثقيلة بين القوات الحكومية والمتمردين.", "ASSAULT", (None, "MIL"), (None, "REB")),
    # بجراح is "with wounds", not a surgeon (HLH)
    ("أصيب جنديان أمريكيان بجراح في هجوم صاروخي.", "ASSAULT", None, ("USA", "MIL")),
    ("قتل الجيش الإسرائيلي ثلاثة فلسطينيين.", "ASSAULT", ("ISR", "MIL"), ("PSE", "CVL")),
    # who claims an attack, with its verb between (X قد أعلن مسؤوليته); Hamas is PSE REB (Phoenix)
    ("وكان تنظيم داعش الإرهابي قد أعلن مسؤوليته عن هجوم المقهى.", "ASSAULT", (None, "IMG"), None),
    ("قصف الجيش الإسرائيلي مواقع لحركة حماس.", "ASSAULT", ("ISR", "MIL"), ("PSE", "REB")),
    # the dead fell in a clash with the other side: that side is the doer
    ("وقتل أربعة جنود في قتال مع متمردين.", "ASSAULT", (None, "REB"), (None, "MIL")),
    # فلسطينيين begins with ف, no conjunction: the subject, not a ل-phrase; the doer after برصاص is
    # neither the verb's subject nor its object
    ("قالت مصادر طبية إن فلسطينيين قتلوا برصاص القوات الإسرائيلية.", "ASSAULT", ("ISR", "MIL"), ("PSE", "CVL")),
    # بين X وY: two sides, not one actor with its conjunct
    ("اندلعت اشتباكات بين مسلحين وقوات الأمن في المدينة.", "ASSAULT", (None, "UAF"), (None, "COP")),
    # a sound masculine plural of a role noun (متشددون) is that role
    ("وهاجم متشددون مركزا للشرطة.", "ASSAULT", (None, "REB"), (None, "COP")),
    # an accusative role adjective after an accusative noun describes it: targets are no army
    ("قصفت الطائرات الحربية 30 هدفا عسكريا في المدينة.", "ASSAULT", (None, "MIL"), None),
    # a weapon's model is not a participant; بالقوة is "by force", not a military force
    ("أطلق المسلحون صواريخ غراد على البلدة.", "ASSAULT", (None, "UAF"), None),
    ("فرقت الشرطة المتظاهرين بالقوة.", "PROTEST", (None, "CVL"), None),
    # a protest's target stands in its own clause (not the police of a later بعد أن clause)
    ("تظاهر آلاف الطلاب في العاصمة بعد أن أعلنت الشرطة منع التجمعات.", "PROTEST", (None, "CVL"), None),
    # a protester word after a people's nisba describes them; the construct plural is a protester too
    ("تظاهر عشرات العراقيين المحتجين أمام البرلمان.", "PROTEST", ("IRQ", "CVL"), (None, "LEG")),
    ("نفذ معتصمو المصنع اعتصاما أمام مقر الولاية.", "PROTEST", (None, "CVL"), None),
    # an attack noun's nisba adjective names the doer's country and no people (قتل فلسطيني does)
    ("قتل خمسة أشخاص في قصف إسرائيلي على المدينة.", "ASSAULT", ("ISR", None), (None, "CVL")),
    ("قتل فلسطيني برصاص الجيش.", "ASSAULT", (None, "MIL"), ("PSE", "CVL")),
    ("قتل فلسطينيان برصاص الجيش.", "ASSAULT", (None, "MIL"), ("PSE", "CVL")),
    # after إثر/بعد a noun trigger is outside the clause's action: its subject did not kill …
    ("قررت الحكومة إغلاق سفارتها إثر مقتل السفير في هجوم مسلح.", "ASSAULT", None, (None, "GOV")),
    # … but those named before خلال الاحتجاجات are the protesters
    ("قتل 20 فلسطينيا خلال احتجاجات قرب الحدود.", "PROTEST", ("PSE", "CVL"), None),
]


@pytest.mark.parametrize(("text", "event_type", "source", "target"), CLAUSES)
def test_clause_roles(text: str, event_type: str, source: Side, target: Side) -> None:
    event = _event(text, event_type)
    assert (_side(event.source), _side(event.target)) == (source, target), event


@pytest.mark.parametrize(
    ("text", "event_type", "side", "words"),
    [
        # feminine titles are actors (the source dictionaries list the masculine only), so the
        # word after the title no longer stands for the woman
        ("أصيبت ناشطة بجروح في هجوم على المتظاهرين.", "ASSAULT", "target", "ناشطة"),
        ("اغتال مسلحون وزيرة الدولة في منزلها.", "ASSAULT", "target", "وزيرة الدولة"),
        # a border crossing heads a place's name: not the apposition of the doer before it
        ("قصفت كتائب القسام معبر كرم أبو سالم بقذائف الهاون.", "ASSAULT", "source", "كتائب القسام"),
    ],
)
def test_actor_words(text: str, event_type: str, side: str, words: str) -> None:
    actor = getattr(_event(text, event_type), side)
    assert actor is not None and actor.text == words


def test_agent_of_another_clause_is_not_the_source() -> None:
    """برصاص الشرطة names who shot the third man, in the clause after بينما, not the bombers."""
    event = _event("فجر انتحاريان نفسيهما في السوق بينما قتل ثالث برصاص الشرطة.", "ASSAULT")
    assert _side(event.source) == (None, "UAF"), event


def test_protest_takes_no_unknown_name_as_target() -> None:
    """With no cue (ضد، مطالبين ب…) the first actor after a protest is its target only if it is
    a known actor; an unknown name there is mostly where the crowd stood (أمام منزل فلان)."""
    text = "تجمع المحتجون أمام منزل يوسف العلي."
    doc = Doc(article=Article(id="t", body=text, language="ar"))
    start = text.index("يوسف العلي")
    mention = Mention(start=start, end=start + len("يوسف العلي"), text="يوسف العلي")
    doc.ann.entities.append(Entity(id="t:1", name="يوسف العلي", type="PERS", mentions=[mention]))
    event = next(e for e, _ in candidate_events(doc, default_lexicon()) if e.type == "PROTEST")
    assert (_side(event.source), event.target) == ((None, "CVL"), None), event


@pytest.mark.parametrize(
    ("phrase", "country", "role"),
    [("جنوب السودان", "SSD", ""), ("كوسوفو", "XKX", ""), ("سلفاكير", "SSD", "GOV")],
)
def test_codes_missing_from_ngec_are_countries(phrase: str, country: str, role: str) -> None:
    """SSD, KSV… are not in ngec/countries.csv and were read as roles (جنوب السودان → role SSD);
    CAMEO's KSV is written as the ISO code the KB uses (XKX)."""
    info = default_lexicon().actors.entries[_key(phrase)]
    assert (info.country, info.role) == (country, role)


@pytest.mark.parametrize("phrase", ["صحافي", "وزير الخارجية", "وزارة الخارجية", "تشغيل", "نهار", "سيادة"])
def test_common_words_have_no_country(phrase: str) -> None:
    """actor_dict_ar_v4.txt gives some common words a country (صحافي → USA, وزير الخارجية → EGY);
    roles_supplement.tsv removes it, so every journalist or minister does not take it."""
    info = default_lexicon().actors.entries.get(_key(phrase))
    assert info is None or info.country == "", info


def test_written_name_is_not_normalised_away() -> None:
    """علي (Ali) folds into على: the grammar keeps the written form to tell them apart."""
    g = default_grammar()
    assert g.is_name("علي") and g.is_name("وعلي") and not g.is_name("على")


def test_no_role_is_a_country_code(shared: Path) -> None:
    """No actors.tsv role is an ISO alpha-3 code that is not also a CAMEO agent code (MUS is
    both Mauritius and "Muslim")."""
    from babel.core import get_global

    agents = (shared / "events" / "petrarch2_dicts" / "Phoenix.agents.txt").read_text(encoding="utf-8")
    cameo = set(re.findall(r"\[~([A-Z]{3})", agents))
    iso3 = {c for c in get_global("territory_aliases") if len(c) == 3 and c.isalpha()} - cameo
    rows = (DATA_DIR / "actors.tsv").read_text(encoding="utf-8").splitlines()
    roles = {r.split("\t")[2] for r in rows if r and not r.startswith("#")}
    assert len(roles) > 10 and not roles & iso3, roles & iso3


def test_supplement_actors_keep_country_and_role() -> None:
    """Every actors_supplement.tsv phrase loads with both its country and its role: neither a
    roles nor a countries supplement row may override it at load time."""
    entries = default_lexicon().actors.entries
    rows = [
        r.split("\t") for r in (DATA_DIR / "actors_supplement.tsv").read_text(encoding="utf-8").splitlines()
    ]
    rows = [r for r in rows if r[0] and not r[0].startswith("#")]
    assert rows
    for phrase, country, role, _reason in rows:
        for alt in phrase.split("|"):
            info = entries[_key(alt)]
            assert (info.country, info.role) == (country, role), alt


def test_country_of_the_place_is_not_inherited() -> None:
    """OEDA coders leave police and gunmen in an Iraqi town countryless; so do we."""
    event = _event("هاجم مسلحون مركزا للشرطة في مدينة الموصل.", "ASSAULT")
    assert _side(event.source) == (None, "UAF")


# ---------------------------------------------------------------- the scorer


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ([{"main": "IRQ"}, {"main": "IRQ"}, {"main": "None"}], "IRQ"),
        ([{"main": "IRQ"}, {}, {}], ABSENT),  # two annotators saw no actor
        ([{"main": "IRQ"}, {}], None),  # a tie has no majority
        ([{"main": "IRQ"}, "UNKNOWN", {"main": "IRQ"}], "IRQ"),  # UNKNOWN abstains
        ([{"main": None}, {"main": "None"}, {"main": "USA"}], "None"),
        (["UNKNOWN"], None),
    ],
)
def test_majority(votes: list[object], expected: str | None) -> None:
    assert _majority(votes, "main") == expected


class _NoActors:
    """A coder that finds every event and no actor: it must not score."""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc.article.body)
        doc.ann.events = [Event(type=t, start=0, end=n) for t in ("ASSAULT", "PROTEST")]
        return doc


def test_missing_actors_score_nothing(shared: Path) -> None:
    """Before the fix, an empty slot matched a gold "None" country: this coder scored 0.66
    source country on ASSAULT. Every slot it is scored on is an actor it missed."""
    report = EventReport(stages=["none"])
    _score_spans(
        shared / "events" / "oeda_dev" / "assault_spans.json", Pipeline([("none", _NoActors())]), report, 80
    )
    assert report.actors["source country"].total > 20
    assert all(t.correct == 0 for t in report.actors.values()), report.actors


# ---------------------------------------------------------------- floors on the dev half

# Measured 2026-11-30 (stages: events; all span sentences, first event of the type including
# those the filter marks "mentioned"): ASSAULT source country 0.667, source role 0.477, target
# country 0.643, target role 0.536; PROTEST source country 0.835, source role 0.700, target
# country 0.492, target role 0.458. Before the second round of rules (PPL for شخص, place names,
# belonging, protest objects): 0.584 / 0.404 / 0.621 / 0.431 and 0.824 / 0.700 / 0.410 / 0.361;
# before any of this work, same scorer (entities + events): ASSAULT 0.32 / 0.20 / 0.54 / 0.33,
# PROTEST 0.45 / 0.33 / 0.27.
FLOORS = {
    "assault": {"source country": 0.62, "source role": 0.44, "target country": 0.60, "target role": 0.50},
    "protest": {"source country": 0.80, "source role": 0.66, "target country": 0.45, "target role": 0.42},
}


@pytest.fixture(scope="module")
def events_only() -> Pipeline:
    return build(["events"])


@pytest.mark.parametrize("event_type", sorted(FLOORS))
def test_actor_floors(shared: Path, events_only: Pipeline, event_type: str) -> None:
    report = EventReport(stages=events_only.names)
    _score_spans(shared / "events" / "oeda_dev" / f"{event_type}_spans.json", events_only, report, None)
    got = {name: round(t.accuracy, 3) for name, t in report.actors.items()}
    for name, floor in FLOORS[event_type].items():
        assert got[name] >= floor, (event_type, got)


def test_grammar_rejects_unknown_kind(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("قال\tnot_a_kind\n", encoding="utf-8")
    with pytest.raises(ResourceError):
        ActorGrammar.from_disk(path)


def test_every_grammar_kind_has_words() -> None:
    """A kind the code asks for but the table lost would silently switch a rule off."""
    assert all(default_grammar().words[k] for k in KINDS), [
        k for k in KINDS if not default_grammar().words[k]
    ]


# ---------------------------------------------------------------- dated actor codes


def test_actor_info_picks_the_code_in_force() -> None:
    from marsad.nlp.event_lexicon import ActorInfo

    info = ActorInfo(
        "USA",
        "ELI",
        (("19950117", "20090120", "USA", "ELI"), ("20010120", "20090120", "USA", "GOV"), ("20090120", "99999999", "USA", "ELI")),
    )
    assert info.on("20070601") == ActorInfo("USA", "GOV")  # the shortest period covering the day
    assert info.on("20120101") == ActorInfo("USA", "ELI")
    assert info.on("19800101") is info and info.on(None) is info  # no period covers it: the default


@pytest.mark.parametrize(("year", "role"), [(2007, "GOV"), (2012, "ELI")])
def test_event_actor_is_coded_by_the_article_date(year: int, role: str) -> None:
    from datetime import UTC, datetime

    text = "اتهم جورج بوش إيران بدعم الإرهاب."
    published = datetime(year, 6, 1, tzinfo=UTC)
    doc = Doc(article=Article(id="t", body=text, language="ar", published=published))
    events = [e for e, _ in candidate_events(doc, default_lexicon()) if e.type == "ACCUSE"]
    assert events and _side(events[0].source) == ("USA", role)
