"""Who did it to whom: the source and target of an event in its clause (stage "events").

A verb's subject follows it (VSO) or precedes it (SVO); the object follows. A verbal noun's
genitive is its object (اغتيال X) unless the noun is agentive (هجوم القوات), listed in
``context_words.tsv``. The subject of a verb of undergoing (تعرضت القوات لهجوم، نجا من محاولة
اغتيال) is the target; when an attack names no target, the dead and wounded are (مما أدى إلى مقتل
عشرة أشخاص). Only the trigger's clause takes part: reporters (أعلن الجيش مقتل …) and actors
before a clause break (قال مسؤول إن …) are left out; a victim verb with no doer reads as passive
(ثمانية أشخاص قتلوا); على يد / من قبل name the doer; protesters are a PROTEST's source. The word
lists are data (``actor_grammar.tsv``, :mod:`.event_actors`); the actor chunks come from
:mod:`.event_chunks`.
"""

from __future__ import annotations

from ..model import Actor, Doc
from ..text.normalize import normalize
from .event_actors import ActorGrammar, default_grammar
from .event_chunks import PEOPLE, ActorChunk, SentenceView, definite
from .event_lexicon import EventLexicon, TriggerEntry
from .kb import load_kb

# Window sizes in tokens, set from Arabic clause structure (not tuned on data): a VSO subject
# follows the verb after at most an adverb (أكدت اليوم الحكومة); an SVO subject is in the same clause.
VSO_GAP = 2
SVO_WINDOW = 10
GENITIVE_GAP = 2
UNDERGO_WINDOW = 8  # نجا + a five-word subject (وزير التعليم العالي العراقي سامي المظفر) + من + the noun
AGENT_WINDOW = 8  # اختطفا + من منزليهما + على يد + مسلحين
PERFORM_GAP = 4  # الهجوم + الأكثر دموية الذي + نفذته
# CAMEO roles of groups that are domestic by nature and could take the country of the place
# (the CAMEO convention: a Baghdad police unit is IRQCOP). Off: the OEDA coders do not follow
# it — they leave الشرطة، مدنيين، متظاهرون in بغداد countryless unless the text names a
# nationality — and inheriting cost 6 points of source and 4 of target country accuracy on
# oeda_dev/*_spans.json (0.63 → 0.69 and 0.535 → 0.575 without it, 2026-11-30). Re-measured with
# the corrected actor scorer and the clause rules: inheriting drops PROTEST source country 0.89 →
# 0.49 and ASSAULT target country 0.54 → 0.43.
INHERIT_PLACE_COUNTRY = False
DOMESTIC_ROLES = {
    "CVL",
    "COP",
    "GOV",
    "MIL",
    "OPP",
    "MED",
    "JUD",
    "LEG",
    "BUS",
    "EDU",
    "REL",
    "LAB",
    "HLH",
    "PTY",
    "REF",
}


# before a noun trigger, a preposition of time or cause puts it outside its clause's action: the
# subject before it is no doer (اعتقلت الشرطة ثلاثة بعد الهجوم، قدم تعازيه إثر مقتل ستة)
_TIME_PREPOSITIONS = frozenset(
    normalize(w) for w in ["إثر", "بعد", "عقب", "قبل", "منذ", "خلال", "جراء", "بسبب", "وإثر", "وبعد", "وعقب"]
)
_RELATIVES = frozenset(normalize(w) for w in ["الذي", "التي", "اللذين", "اللتين"])
# مسؤوليته عن الهجوم: who claims an attack carried it out (أعلن تنظيم X مسؤوليته، تبنت حركة Y …)
_RESPONSIBILITY = ("مسووليه", "مسووليته", "مسووليتها", "مسووليتهم")
CLAIM_GAP = 4  # تنظيم داعش | الإرهابي قد أعلن | مسؤوليته
CLASH_GAP = 4  # مواجهات | عنيفة بالأسلحة الثقيلة | بين
# a clash between two sides names both (المواجهات بين القوات الشرعية والمتمردين، اشتباكات مع ألوية العمالقة)
CLASH_NOUNS = frozenset(normalize(w) for w in ["مواجهات", "المواجهات", "اشتباكات", "الاشتباكات", "معارك", "المعارك", "قتال", "القتال", "مواجهة", "اشتباك", "معركة", "المعركة", "اقتتال", "الاقتتال"])


# CAMEO's religion codes (agents.all.ar.txt: مسلم MUS، يهودي JEW، راهب بوذي BUD) are one PLOVER sector,
# REL (PLOVER_MANUAL.tex, Sector Codes: "religious organizations and institutions"), as OEDA codes them.
RELIGIONS = frozenset({"MUS", "CHR", "JEW", "BUD", "HIN"})
# Offices whose former holders PLOVER codes ELI (الرئيس السابق، وزير الدفاع الأسبق).
OFFICIALS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY", "PTY"})
PROTEST_OBJECT_GAP = 3  # words from a protest cue to its object: مطالبين + باستقالة + الحكومة


def place_country(chunks: list[ActorChunk]) -> str | None:
    """The country of the place the sentence names (في بغداد → IRQ), if one."""
    places = [c.country for c in chunks if c.is_place and c.country]
    return places[0] if places else None


def actor_of(
    doc: Doc, view: SentenceView, chunk: ActorChunk | None, fallback: str | None, *, adjective: bool = False
) -> Actor | None:
    if chunk is None:
        return None
    country = chunk.country
    if country is None and INHERIT_PLACE_COUNTRY and chunk.role in DOMESTIC_ROLES:
        country = fallback
    text = doc.article.body[view.tokens[chunk.i].start : view.tokens[chunk.j - 1].end]
    role = None if chunk.role == PEOPLE else chunk.role
    role = "REL" if role in RELIGIONS else role
    if role is None and chunk.role != PEOPLE and country and not adjective and _people_nisba(view, chunk):
        role = "CVL"  # الفلسطينيين، 39 فلسطينيا، نحو ألف سوري: people named by their nationality
    if role in OFFICIALS and _former(view, chunk):
        role = "ELI"  # الأمين العام السابق للحزب: a former official
    return Actor(entity=chunk.entity, text=text, country=country, role=role)


def _people_nisba(view: SentenceView, chunk: ActorChunk) -> bool:
    """Does the chunk end in a nationality used as a noun for people — a masculine nisba,
    singular, dual or plural (فلسطيني، فلسطينيان، الأردنيين، إسرائيليون), or an accusative one after a count (39
    فلسطينيا) — rather than a state's name or a feminine nisba adjective (الغارات الأمريكية)?
    Our annotators code such people CVL, as they code أشخاص and متظاهرون; OEDA's majority leaves
    them without a role about as often as not (events-18, without this rule: OEDA source / target role
    0.654 / 0.560 against 0.649 / 0.556 with it; actors_dev target role 0.301 against 0.358, actors_test
    0.395 against 0.419), so the rule stays."""
    word = view.sent.words[chunk.j - 1]
    kb = load_kb()
    counted = chunk.j - 1 > 0 and default_grammar().is_count(
        view.sent.words[chunk.j - 2], view.sent.variants[chunk.j - 2]
    )
    # the word as written, or without a و/ف conjunction (but فلسطينيين keeps its ف)
    for bare in (word, word[1:]) if word[:1] in "وف" and len(word) > 4 else (word,):
        if bare.endswith(("يين", "يون")) and kb.nisba_country(bare):
            return True
        if bare.endswith("يان") and kb.nisba_country(bare[:-2]):
            return True  # قُتل فلسطينيان: a dual
        if bare.endswith("ي") and not definite(bare) and kb.nisba_country(bare):
            return True  # (الاستيطان الإسرائيلي: a definite singular after a noun is its adjective)
        if counted and bare.endswith("يا") and kb.nisba_country(bare[:-1]) is not None:
            return True
    return False


def _counted_casualties(
    view: SentenceView, g: ActorGrammar, actors: list[ActorChunk], ti: int, tj: int
) -> ActorChunk | None:
    """The actor counted by بين قتيل وجريح when the trigger is the pair's first word: the chunk
    ending right before بين (or ما بين)."""
    words, vs = view.sent.words, view.sent.variants
    if tj >= len(words) or ti == 0 or normalize(words[ti - 1]) != "بين":
        return None
    if not (g.is_("casualty_pair", vs[ti]) and words[tj].startswith("و") and g.is_("casualty_pair", vs[tj])):
        return None
    end = ti - 2 if ti >= 2 and normalize(words[ti - 2]) == "ما" else ti - 1
    return next((c for c in actors if c.j == end), None)


def _former(view: SentenceView, chunk: ActorChunk) -> bool:
    """Is the title followed by سابق/أسبق (الرئيس السابق، وزير الدفاع الأسبق), right after the chunk
    or inside it (الأمين العام السابق للحزب الشيوعي, merged by the chunker)?"""
    g = default_grammar()
    end = min(chunk.j + 1, len(view.tokens))
    return any(g.is_("former", view.sent.variants[k]) for k in range(chunk.i + 1, end))


def assign_roles(
    view: SentenceView, lex: EventLexicon, chunks: list[ActorChunk], ti: int, tj: int, entry: TriggerEntry
) -> tuple[ActorChunk | None, ActorChunk | None]:
    """Source and target of a trigger over tokens ``ti..tj`` by Arabic clause order.

    Only actors of the trigger's own clause take part: not the reporter of a reporting verb
    (أعلن الجيش مقتل جنديين: the army reports), nor an actor before a clause break (قال
    مسؤول إن مسلحين هاجموا), nor an adjective of the trigger noun (هجوم انتحاري)."""
    g = default_grammar()
    pos = "V" if entry.pos == "V" or _verb_reading(view, g, ti) else "N"
    reporters = _reporters(view, lex, g, chunks, ti)
    qualifying = next((c for c in chunks if c.country and _qualifies(view, c, ti, tj)), None)  # الهجوم الأوكراني، غارة جوية إسرائيلية: a nisba of a country names the doer; الهجوم الانتحاري no one
    actors = [c for c in chunks if not c.is_place and c.attribute_of is None and id(c) not in reporters]
    adjective = next((c for c in actors if pos == "N" and _describes(view, g, c, tj)), None)
    if adjective is not None:
        actors.remove(adjective)
        qualifying = qualifying or (adjective if adjective.country else None)  # هجوم إسرائيلي
    inside = next((c for c in actors if c.i <= ti < c.j), None)
    after = [c for c in actors if c.i >= tj]
    before = [
        c
        for c in actors
        if c.j <= ti
        and ti - c.j <= SVO_WINDOW
        and not _clause_break(view, lex, g, c.j, ti)
        and not _after_preposition(view, lex, c)  # a subject is not governed by a preposition
    ]
    if pos == "N" and entry.plover != "PROTEST" and ti > 0 and normalize(view.sent.words[ti - 1]) in _TIME_PREPOSITIONS:
        # قررت السلطات إغلاق سفارتها إثر مقتل السفير: the clause's subject did not kill; but those
        # named before خلال الاحتجاجات are often the protesters (قتل 120 فلسطينيا خلال احتجاجات)
        before = []
    agent = _agent(view, lex, g, actors, tj) or (_performer(view, lex, g, actors, tj) if pos == "N" else None)
    # قتلوا برصاص الجيش: the doer after an agent marker is neither the verb's subject nor its object
    clause_after = [c for c in after if c is not agent]
    source, target = _clause_roles(view, lex, g, actors, before, clause_after, ti, tj, pos)
    if agent is not None and agent is not source:  # خُطف من منزله على يد مسلحين: the subject suffered
        victim = source or target
        source, target = agent, (victim if victim is not agent else None)
    if inside is not None:  # a participle that is its own actor: متظاهرون، مسلحون
        source, target = inside, (target if target is not inside else None)
    elif qualifying is not None and (source is None or pos == "N"):
        # الهجوم الأوكراني: the nisba names the doer — over a noun's "subject" before it, which is
        # its victim or the clause's (ثمانية أشخاص جراء ضربة جوية أميركية)
        if source is not None and target is None:
            target = source
        source = qualifying
    if source is None and pos == "V":  # شنت الطائرات الإسرائيلية غارة، استهدفت غارة إسرائيلية منزلا
        source = _subject_nisba(view, lex, chunks, ti, tj)
    if entry.plover == "PROTEST":  # the crowd protests, whatever else the clause names
        crowd = _protesters(view, g, actors, ti)
        if crowd is not None and crowd is not source:
            source, target = crowd, (target if target is not crowd else None)
    if entry.plover == "PROTEST":  # تظاهروا قرب البرلمان مطالبين برحيل الحكومة: what they demand
        # … a country's nisba there counts too: تظاهروا ضد الجدار الإسرائيلي
        objects = [c for c in chunks if c.i >= tj and c is not source and not c.is_place]
        objects = [c for c in objects if c.attribute_of is None or (c.country and not c.role)]
        target = _protested(view, g, objects) or target
    if target is None:
        target = next(
            (
                c
                for c in after
                if c is not source
                and (source is None or c.i >= source.j)
                # تظاهر آلاف … بعد أن أوصت الشرطة: a protest's target is in its own clause
                and not (entry.plover == "PROTEST" and _clause_break(view, lex, g, tj, c.i))
            ),
            None,
        )
        target = target if target is None or _may_be_target(entry, target) else None
    if entry.plover == "ASSAULT" and pos == "N" and normalize(view.sent.words[ti]) in CLASH_NOUNS:
        sides = _clash_sides(view, chunks, tj)
        if sides is not None:
            source, target = sides
    counted = _counted_casualties(view, g, actors, ti, tj) if entry.plover == "ASSAULT" else None
    if counted is not None:  # سقط العشرات بين قتيل وجريح: the victims, whoever the clause says did it
        source, target = (None if source is counted else source), counted
    if entry.plover == "ASSAULT" and source is None:  # … في تفجير سيارة مفخخة يقودها انتحاري
        others = [c for c in actors if c is not target]
        # مقتل ثلاثة أطباء في هجوم نفذه متطرف: the doer of the attack the death came from
        source = (
            _performer(view, lex, g, others, tj, len(view.sent.words))
            or _clash_foe(view, chunks, target, tj)
            or _claimant(view, chunks)
            or _attack_owner(view, lex, g, others)
            or _attack_nisba(view, lex, chunks)
            or _attacker(view, g, others)
        )
    if entry.plover == "ASSAULT":  # أطلقت صواريخ من غزة على سديروت: from where, at whom
        origin, aimed = _fired_from(view, chunks, tj)
        if aimed is not None:
            source, target = source or origin, aimed
    # هجوم وقع في قاعة محكمة أدى إلى مقتل 15 شخصا: the victims, not where the attack struck, are
    # the target — when the clause names no target or only a place (في قاعة محكمة)
    if (
        entry.plover == "ASSAULT"
        and not g.is_("casualty", view.sent.variants[ti])
        and (target is None or _locative(view, lex, target))
    ):
        target = _casualties(view, lex, g, [c for c in actors if c is not source], tj) or target
    if target is source:
        target = None
    if entry.pos == "V" and is_passive(view.tokens[ti].text) and inside is None:
        return None, source  # أُرغمت القوات: the grammatical subject is the one acted upon
    return source, target


def _fired_from(
    view: SentenceView, chunks: list[ActorChunk], tj: int
) -> tuple[ActorChunk | None, ActorChunk | None]:
    """``من X على Y`` after an attack trigger (إطلاق صواريخ من جنوب لبنان على مستوطنة كريات شمونة):
    X, where the fire came from, and Y, what it was aimed at — both with a country or a role
    (places count: the OEDA coders code a town shelled by its country)."""
    words, g = view.sent.words, default_grammar()
    known = [c for c in chunks if c.i >= tj and c.attribute_of is None and (c.country or c.role)]
    origin = next(
        (
            c
            for c in known
            if c.i - tj <= PROTEST_OBJECT_GAP + 1
            and _after_word(words, c, "من")
            and not any(_partitive(view, g, k) for k in range(max(0, c.i - 2), c.i))
        ),
        None,
    )
    if origin is None:
        return None, None
    aimed = next((c for c in known if c.i > origin.i and _after_word(words, c, "على", "علي")), None)
    return (origin, aimed) if aimed is not None and aimed.i - origin.j <= 3 else (None, None)


def _after_word(words: list[str], c: ActorChunk, *marks: str) -> bool:
    """Is the chunk introduced by one of ``marks``, as a word or a place noun after it (على بلدة …)?"""
    return any(words[k] in marks for k in range(max(0, c.i - 2), c.i))


def _subject_nisba(
    view: SentenceView, lex: EventLexicon, chunks: list[ActorChunk], ti: int, tj: int
) -> ActorChunk | None:
    """A country's nisba qualifying the verb's subject when that noun is no actor of its own
    (شنت الطائرات الإسرائيلية غارة، استهدفت غارة إسرائيلية منزلا، الطائرات الروسية قصفت): the
    country did it. The noun stands right after the verb (VSO) or the nisba right before it (SVO)."""
    for c in chunks:
        if c.attribute_of is None or not c.country:
            continue
        noun = c.attribute_of
        vso = noun in (tj, tj + 1) and not _governed(view, lex, noun)
        svo = c.j == ti and not _governed(view, lex, noun)
        if vso or svo:
            return c
    return None


def _governed(view: SentenceView, lex: EventLexicon, k: int) -> bool:
    """Is the noun at ``k`` governed by a preposition (a separate word or a ب/ل clitic)?"""
    word = view.sent.words[k]
    return word.startswith(("لل", "بال")) or (k > 0 and lex.is_word("preposition", view.sent.variants[k - 1]))


def _casualties(
    view: SentenceView, lex: EventLexicon, g: ActorGrammar, actors: list[ActorChunk], tj: int
) -> ActorChunk | None:
    """The victims named after an attack trigger: the genitive of the first death or injury noun
    after it (مما أدى إلى مقتل عشرة أشخاص، أسفر عن إصابة جنديين), past counts (ثلاثة من عناصر)."""
    words, vs = view.sent.words, view.sent.variants
    for k in range(tj, len(words)):
        if not g.is_("casualty", vs[k]):
            continue
        victim = next((c for c in actors if c.i > k), None)
        if victim is None or _after_preposition(view, lex, victim):
            return None
        gap = [m for m in range(k + 1, victim.i) if not (g.is_count(words[m], vs[m]) or words[m] == "من")]
        return victim if len(gap) <= 1 else None
    return None


def _locative(view: SentenceView, lex: EventLexicon, c: ActorChunk) -> bool:
    """Is the chunk inside a phrase of place: في or a place noun among the two words before it
    (في قاعة محكمة، في ضاحية مدينة الصدر، في محلة غاليري سمعان)?"""
    return any(
        lex.is_word("at", view.sent.variants[k]) or lex.is_word("place", view.sent.variants[k])
        for k in range(max(0, c.i - 2), c.i)
    )


def _may_be_target(entry: TriggerEntry, c: ActorChunk) -> bool:
    """Can the first actor after the trigger be taken as its target without a cue? A protest
    is seldom done to someone its clause does not mark (ضد، مطالبين ب…): what follows it is
    mostly where it was or what was carried (أمام برج إيفل، هتفوا «ليستقيل كيباكي»). Only a
    known actor — a country or a role — is taken there; after an unknown name the protest has
    no target (the next actor is further still from the trigger)."""
    return entry.plover != "PROTEST" or bool(c.country or (c.role and c.role != PEOPLE))


def _clause_roles(
    view: SentenceView,
    lex: EventLexicon,
    g: ActorGrammar,
    actors: list[ActorChunk],
    before: list[ActorChunk],
    after: list[ActorChunk],
    ti: int,
    tj: int,
    pos: str,
) -> tuple[ActorChunk | None, ActorChunk | None]:
    """Source and target from word order and voice alone: a verb's subject after it (VSO) or
    before it (SVO), read as the victim when the verb is passive in effect; a verbal noun's
    genitive, its doer for agentive nouns (هجوم القوات) and its object otherwise."""
    vs = view.sent.variants
    subject = before[-1] if before else None  # SVO
    if pos == "V":
        first = _vso_subject(view, lex, g, after, tj)
        if g.is_("suffer", vs[ti]):  # أصيب الجنود، الجنود أصيبوا: the subject is the victim
            return None, first or subject
        if first is not None and _object_pronoun(view, ti):
            return first, subject  # عسكريين ماليين خطفهم مقاتلو الطوارق: the object is the pronoun's
        relative = ti > 0 and normalize(view.sent.words[ti - 1]) in _RELATIVES
        if relative and not _plural_verb(view.sent.words[ti]) and not g.is_("victim_verb", vs[ti]):
            # (not قتل, read as passive after الذي as anywhere: النائب الذي قتل مع تسعة مواطنين)
            # الهجوم الذي استهدف كنيسة: the relative's verb has its antecedent for subject, so
            # the noun after it is its object (the subject is the antecedent when an actor)
            antecedent = subject if subject is not None and subject.j == ti - 1 else None
            return antecedent, first
        nxt = next((c for c in after if first is not None and c.i >= first.j), None)
        counted = first is not None and _counted(view, g, first, tj)
        if g.is_("victim_verb", vs[ti]):  # قتل = قَتَل or قُتِل: a clause with no doer is passive
            if first is None and not _object_follows(view, g, tj):
                return None, subject  # ثمانية أشخاص قتلوا في انفجار
            if counted:
                return subject, first  # (الجيش) قتل 18 شخصا: without a subject, 18 were killed
            if subject is not None and first is not None and _accusative(view, first):
                return subject, first  # الشرطة قتلت مسلحين: an accusative after the verb is its object
            if first is not None and not _object_after(view, lex, g, first, nxt):
                return None, first  # قتل شرطيان في انفجار: nothing is done to anyone after them
        if first is not None and (
            _plural_verb(view.sent.words[ti])
            or (not counted and _accusative(view, first))
            or (subject is not None and subject.j == ti and definite(view.tokens[subject.j - 1].text))
        ):
            # جنوده قتلوا خمسة مسلحين، الجيش يضرب مسلحين: an object after the verb; so after a
            # definite subject right before it (القوات الروسية أسقطت طائرتين جورجيتين)
            return subject, first
        if first is not None:
            return first, nxt
        return subject, next((c for c in after), None)
    undergo = _undergo_verb(view, lex, g, ti)
    if undergo is not None:  # تعرضت القوات الأميركية لهجوم، نجا الوزير من محاولة اغتيال
        return None, _subject_of(view, lex, g, actors, undergo, undergo + 1)
    first = after[0] if after else None
    genitive = (
        first is not None
        and first.i - tj <= GENITIVE_GAP
        and not _after_preposition(view, lex, first)
        # أسفر الهجوم عن مقتل جنديين: the soldiers are مقتل's genitive, not the attack's
        and not any(_governs(view, lex, g, k) or g.is_("casualty", vs[k]) for k in range(tj, first.i))
        # الهجوم الذي استهدف كنيسة: a relative pronoun between, the noun after it is no genitive
        and not any(normalize(view.sent.words[k]) in _RELATIVES for k in range(tj, first.i))
    )
    agentive = lex.is_word("agentive_noun", vs[ti]) or g.is_("agentive_noun", vs[ti])
    if genitive and agentive:
        return first, None  # هجوم القوات
    if agentive and first is not None and _counted(view, g, first, tj) and _vso_subject(view, lex, g, after, tj):
        # تظاهر أمس عشرات من أعضاء حزب الغد: a count after the noun (or the past verb it is
        # written as) opens its doer, past an adverb and the count's partitive من, as after a verb
        return first, None
    if agentive and first is not None and first.i == tj and view.sent.words[first.i][:1] == "ل":
        return first, None  # في هجوم لحزب الله: the ل of the doer, where the victim takes على
    return subject, first if genitive else None


def _object_pronoun(view: SentenceView, ti: int) -> bool:
    """Does the trigger verb carry its object as a pronoun suffix (خطفهم، هاجمتهم، اغتالوه)? Then
    the actor right after it is its subject, not its object, and the object is the topic before."""
    word = view.sent.words[ti]
    for suffix in ("هما", "هم", "هن", "ها", "ه"):
        stem = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(stem) >= 3
            and any(v in (stem, stem[1:]) for v in view.sent.variants[ti][1:])
        ):
            return True
    return False


def _verb_reading(view: SentenceView, g: ActorGrammar, ti: int) -> bool:
    """A trigger the lexicon lists as a verbal noun that is written as a past verb of the victim
    lists (قتل = قَتْل or قُتِل، وأصيب): bare, with no article or preposition, it is the verb
    (إن شخصا قتل وأصيب أربعة)."""
    word = view.sent.words[ti]
    bare = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    if g.is_("victim_verb", [bare]) or g.is_("suffer", [bare]):
        return True
    # خطفهم مسلحون: with an object pronoun, a past verb followed by its nominative subject (ـون,
    # or ـو in construct: خطفهم مقاتلو الطوارق)
    nxt = view.sent.words[ti + 1] if ti + 1 < len(view.sent.words) else ""
    return (
        _object_pronoun(view, ti)
        and any(g.is_("victim_verb", [bare[: -len(s)]]) for s in ("هم", "ها", "ه") if bare.endswith(s))
        and len(nxt) >= 5
        and nxt.endswith(("ون", "و"))
    )


_COMMAS = {"،", ","}


def _reporters(
    view: SentenceView, lex: EventLexicon, g: ActorGrammar, chunks: list[ActorChunk], ti: int
) -> set[int]:
    """Ids of the chunks that only report: from a reporting word (قال، أعلن، بحسب، مصادر) to the
    end of its phrase — a complementiser, a quote mark, a colon or comma — or the trigger.
    When the trigger noun is the reporting verb's object, the reporter is its doer (أكدت كوريا
    إرسال قوات) unless the noun is a happening (أعلن الجيش مقتل جنديين: the army reports)."""
    vs = view.sent.variants
    out: set[int] = set()
    for k, v in enumerate(vs):
        if k == ti or not lex.is_word("reporting", v):
            continue
        stop = len(vs) if k > ti else ti
        ends = [m for m in range(k + 1, stop) if g.is_("report_end", vs[m])]
        if k < ti and all(view.sent.words[m] in _COMMAS for m in ends):
            ends = []  # أكدت كوريا الشمالية، للمرة الأولى، إرسال قوات: commas around an aside
        end = ends[0] if ends else None
        phrase = [c for c in chunks if c.i > k and c.j <= (end if end is not None else stop)]
        if end is None:
            if k < ti and not g.is_("happening", vs[ti]):
                continue  # أكدت كوريا الشمالية إرسال قوات: the reporter did what it reports
            phrase = [c for c in phrase[:1] if c.i - k - 1 <= VSO_GAP]
        out |= {id(c) for c in phrase}
    return out


def _clause_break(view: SentenceView, lex: EventLexicon, g: ActorGrammar, i: int, j: int) -> bool:
    """Does a new clause open between tokens ``i`` and ``j`` (أن، بينما، a reporting verb)?"""
    vs = view.sent.variants
    return any(g.is_("clause_break", vs[k]) or lex.is_word("reporting", vs[k]) for k in range(i, j))


def _describes(view: SentenceView, g: ActorGrammar, c: ActorChunk, tj: int) -> bool:
    """A one-word chunk right after a trigger noun that qualifies it: هجوم انتحاري، هجوم مسلح,
    or an indefinite nisba of a country (غارة إسرائيلية), not a genitive (هجوم القوات)."""
    if c.i != tj or c.j != c.i + 1 or c.entity:
        return False
    word = view.sent.words[c.i]
    nisba = bool(c.country) and not c.role and c.head.endswith("ي") and not definite(word)
    return nisba or g.is_("attack_adjective", view.sent.variants[c.i])


def _vso_subject(
    view: SentenceView, lex: EventLexicon, g: ActorGrammar, after: list[ActorChunk], tj: int
) -> ActorChunk | None:
    """The first actor after a verb, if close enough to be its subject or object: at most
    VSO_GAP words between, not counting numbers and quantifiers (تظاهر نحو خمسة آلاف شخص)."""
    first = after[0] if after else None
    if first is None or _after_preposition(view, lex, first):
        return None
    words = view.sent.words
    gap = [
        k
        for k in range(tj, first.i)
        if not g.is_count(words[k], view.sent.variants[k]) and not _partitive(view, g, k)
    ]
    if any(_gap_breaks(lex, g, view.sent.variants[k]) for k in gap):
        return None  # قتلت في هجوم انتحاري، قتل وأصيب ستة أشخاص: not this verb's subject
    return first if len(gap) <= VSO_GAP else None


def _governs(view: SentenceView, lex: EventLexicon, g: ActorGrammar, k: int) -> bool:
    """A preposition at ``k`` that is neither a count (نحو خمسة آلاف) nor a count's partitive من."""
    counted = _partitive(view, g, k) or g.is_count(view.sent.words[k], view.sent.variants[k])
    return _preposition(view, lex, g, k) and not counted


def _partitive(view: SentenceView, g: ActorGrammar, k: int) -> bool:
    """Is token ``k`` the من of a count (المئات من أنصار المعارضة، مجموعة من المسلحين)?"""
    words = view.sent.words
    return words[k] == "من" and k > 0 and g.is_count(words[k - 1], view.sent.variants[k - 1])


def _gap_breaks(lex: EventLexicon, g: ActorGrammar, token_variants: list[str]) -> bool:
    """A preposition or another verb of the event lists between a verb and a noun."""
    return (
        lex.is_word("preposition", token_variants)
        or g.is_("suffer", token_variants)
        or g.is_("victim_verb", token_variants)
    )


def _accusative(view: SentenceView, c: ActorChunk) -> bool:
    """A role noun or a people's nisba in the accusative — sound plural ـين or indefinite ـا
    (مسلحين، مصورا، فلسطينيا) — cannot be the subject after a verb (that would be مسلحون). Names and
    countries (فلسطين، روسيا) end that way by themselves and are not judged."""
    word = view.sent.words[c.i]
    if word.endswith("ين") and default_grammar().is_("generic_head", view.sent.variants[c.i]):
        return False  # الأمين، أمين: a singular title that ends in ين by itself
    nisba = bool(c.country) and c.head.endswith("ي")  # a lexicon nisba, never an entity's name
    return (bool(c.role) or nisba) and not c.entity and len(word) >= 4 and word.endswith(("ين", "ا"))


def _agent(
    view: SentenceView, lex: EventLexicon, g: ActorGrammar, actors: list[ActorChunk], tj: int
) -> ActorChunk | None:
    """The doer named after a passive or undergone event: على يد مسلحين، من قبل قوات الدرك،
    برصاص رجال الأمن. At most AGENT_WINDOW words after the trigger, in its clause: in فجر
    انتحاريون أنفسهم بينما قتل الرابع برصاص الأمن the police shot the fourth, not the bombers."""
    words, vs = view.sent.words, view.sent.variants
    for c in actors:
        if c.i < tj or c.i - tj > AGENT_WINDOW:
            continue
        k = c.i - 1
        if k < 0 or not g.is_("agent_marker", vs[k]) or _clause_break(view, lex, g, tj, k):
            continue
        lead = words[k - 1] if k > 0 else ""
        if vs[k][-1] in ("يد", "ايدي") and lead not in ("على", "علي"):
            continue
        if vs[k][-1] == "قبل" and lead != "من":
            continue
        return c
    return None


def _performer(
    view: SentenceView,
    lex: EventLexicon,
    g: ActorGrammar,
    actors: list[ActorChunk],
    tj: int,
    gap: int = PERFORM_GAP,
) -> ActorChunk | None:
    """The subject of a verb that carries out the trigger noun just after it (هجوم مسلح نفذه
    مجهولون، الهجوم الذي نفذته طالبان), or, with a wider ``gap``, an attack later in the sentence."""
    for k in range(tj, min(tj + gap + 1, len(view.sent.words))):
        if g.is_("perform_verb", view.sent.variants[k]):
            return _vso_subject(view, lex, g, [c for c in actors if c.i > k], k + 1)
    return None


def _counted(view: SentenceView, g: ActorGrammar, c: ActorChunk, tj: int) -> bool:
    """Is the chunk introduced by a number or quantifier (18 شخصا، عشرات من المتظاهرين)?"""
    return any(g.is_count(view.sent.words[k], view.sent.variants[k]) for k in range(tj, c.i))


def _object_follows(view: SentenceView, g: ActorGrammar, tj: int) -> bool:
    """Does a noun phrase the actor lexicons do not know follow the verb as its object: a count
    (خطفوا أربعة أوروبيين) or an accusative indefinite (خطفوا مصورا، قتلوا قائدا)?"""
    words, vs = view.sent.words, view.sent.variants
    while tj < len(words) and (
        g.is_("adverb", vs[tj]) or (words[tj] == "من" and g.is_("adverb", vs[tj - 1]))
    ):
        tj += 1  # قتلت أول من أمس أربعة: a time adverb may stand between the verb and its object
    if tj >= len(words):
        return False
    word = words[tj]
    return g.is_count(word, vs[tj]) or (len(word) >= 4 and word.endswith("ا"))


def _object_after(
    view: SentenceView, lex: EventLexicon, g: ActorGrammar, subject: ActorChunk, nxt: ActorChunk | None
) -> bool:
    """Does an object follow a verb's subject (قتل الجيش خمسة مسلحين)? Without one the victim verb
    is passive and that "subject" is what was done to (قتل شرطيان في انفجار)."""
    if nxt is not None and nxt.i - subject.j <= 1 and not _after_preposition(view, lex, nxt):
        return True
    return _object_follows(view, g, subject.j)


def _plural_verb(word: str) -> bool:
    """A verb with a plural subject suffix (قتلوا، يهاجمون): in Arabic the verb is singular
    before its subject, so a plural verb's subject came before it."""
    w = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return w.endswith("وا") or (w[:1] in "يت" and w.endswith("ون"))


def _attack_owner(
    view: SentenceView, lex: EventLexicon, g: ActorGrammar, actors: list[ActorChunk]
) -> ActorChunk | None:
    """The doer named right after an agentive attack noun anywhere in the sentence, with ل (أصيب
    خمسة جنود في هجوم لحزب الله: an attack's victim would take على, not ل) or as its construct
    genitive (مقتل 20 جراء غارات التحالف). Not the ل of other agentive nouns (سقوط صاروخ على تجمع
    للشيعة: the gathering was hit)."""
    vs = view.sent.variants
    attacks = {m.j - 1 for m, e in lex.match_triggers(view.sent) if e.plover == "ASSAULT" and e.pos == "N"}
    return next(
        (
            c
            for c in actors
            if c.i - 1 in attacks
            and view.sent.words[c.i].startswith(("ل", "ال"))  # للتحالف, or a construct's التحالف
            and (lex.is_word("agentive_noun", vs[c.i - 1]) or g.is_("agentive_noun", vs[c.i - 1]))
        ),
        None,
    )


# adjectives that may stand between an attack noun and its country's nisba (غارة جوية إسرائيلية،
# ضربة صاروخية أمريكية): a nisba in ـي/ـية, at most two of them
MAX_ATTACK_ADJECTIVES = 2


def _qualifies(view: SentenceView, c: ActorChunk, ti: int, tj: int) -> bool:
    """Is the nisba chunk ``c`` an adjective of the noun over ``ti..tj``: right after it, or
    after other nisba adjectives of it (غارة جوية إسرائيلية)?"""
    if c.i < tj:
        return False
    if c.attribute_of is not None and ti <= c.attribute_of < tj:
        return True
    word = view.sent.words[c.i]
    if c.j != c.i + 1 or c.role or definite(word) or not normalize(word).endswith(("يه", "ي")):
        return False  # only a lone indefinite nisba (إسرائيلية، اميركية), not الجيش الأميركي
    between = view.sent.words[tj : c.i]
    return len(between) <= MAX_ATTACK_ADJECTIVES and all(
        len(w) >= 4 and normalize(w).endswith(("يه", "ي")) and not w.startswith("ال") for w in between
    )  # (جوية، صاروخية; not في: ضربة جوية في سورية is where it struck)


def _clash_sides(
    view: SentenceView, chunks: list[ActorChunk], tj: int
) -> tuple[ActorChunk | None, ActorChunk | None] | None:
    """بين X وY right after a clash noun (its adjectives between: مواجهات عنيفة بالأسلحة الثقيلة بين): X and Y; مع Y:
    only Y. None when the noun names no sides."""
    words = view.sent.words
    for k in range(tj, min(tj + CLASH_GAP + 1, len(words))):
        w = normalize(words[k])
        if w in ("بين", "مع"):
            after = [c for c in chunks if c.i == k + 1 and not c.is_place]
            if not after:
                return None
            first = after[0]
            if w == "مع":
                return None, first
            second = next((c for c in chunks if c.i >= first.j and words[c.i][:1] == "و" and c.i - first.j <= 1), None)
            return first, second
    return None


def _clash_foe(
    view: SentenceView, chunks: list[ActorChunk], victims: ActorChunk | None, tj: int
) -> ActorChunk | None:
    """قتل أربعة جنود في قتال مع متمردين، مقتل ثلاثة فلسطينيين في قتال بين الجيش الإسرائيلي وحماس:
    the dead fell in a clash named after the trigger; its other side (مع Y, or the side of بين X وY
    that is not the victims' country) is the doer."""
    words = view.sent.words
    for k in range(tj, len(words)):
        if normalize(words[k]) not in CLASH_NOUNS:
            continue
        sides = _clash_sides(view, chunks, k + 1)
        if sides is None:
            continue
        first, second = sides
        if first is None:  # مع Y
            return second
        if victims is not None and victims.country and first.country == victims.country and second is not None:
            return second
        return first
    return None


def _claimant(view: SentenceView, chunks: list[ActorChunk]) -> ActorChunk | None:
    """The actor right before مسؤولية/مسؤوليته in the sentence (أعلن تنظيم الدولة مسؤوليته عن
    الهجوم): claiming an attack names its doer, though the verb is one of reporting."""
    words = view.sent.words
    for k, w in enumerate(words):
        if normalize(w).startswith(_RESPONSIBILITY):
            # right before it (أعلن X مسؤوليته) or before its verb (X قد أعلن مسؤوليته)
            near = [c for c in chunks if k - CLAIM_GAP <= c.j <= k and not c.is_place]
            if near:
                return max(near, key=lambda c: c.j)
    return None


def _attack_nisba(view: SentenceView, lex: EventLexicon, chunks: list[ActorChunk]) -> ActorChunk | None:
    """The country whose nisba qualifies an attack noun elsewhere in the sentence (قتل خمسة أشخاص
    في غارة جوية إسرائيلية): the doer of the attack the deaths came from."""
    attacks = [(m.i, m.j) for m, e in lex.match_triggers(view.sent) if e.plover == "ASSAULT" and e.pos == "N"]
    return next(
        (c for c in chunks if c.country and not c.role for i, j in attacks if _qualifies(view, c, i, j)),
        None,
    )


def _attacker(view: SentenceView, g: ActorGrammar, actors: list[ActorChunk]) -> ActorChunk | None:
    """An actor named by its attacking (انتحاري، مسلحون، مهاجمون) anywhere in the sentence: the
    source of an ASSAULT whose clause names no doer."""
    return next(
        (c for c in actors if any(g.is_("attacker", view.sent.variants[k]) for k in range(c.i, c.j))), None
    )


def _protesters(view: SentenceView, g: ActorGrammar, actors: list[ActorChunk], ti: int) -> ActorChunk | None:
    """The actor named by its protest (المتظاهرون) nearest to the trigger, if any."""
    crowds = [c for c in actors if any(g.is_("protester", view.sent.variants[k]) for k in range(c.i, c.j))]
    return min(crowds, key=lambda c: abs(c.i - ti), default=None)


def _protested(view: SentenceView, g: ActorGrammar, after: list[ActorChunk]) -> ActorChunk | None:
    """What a PROTEST is against or whom it asks: the first actor at most PROTEST_OBJECT_GAP words
    after a cue (ضد، مطالبين باستقالة الحكومة، هتافات مناهضة لميقاتي). Without one the first actor
    after the trigger is taken, which is often only where it happened (تجمعوا في مخيم جباليا)."""
    vs = view.sent.variants
    for c in after:
        if any(g.is_("protest_object", vs[k]) for k in range(max(0, c.i - PROTEST_OBJECT_GAP), c.i)):
            return c
    return None


def _undergo_verb(view: SentenceView, lex: EventLexicon, g: ActorGrammar, ti: int) -> int | None:
    """Index of a verb of undergoing (تعرض، يتعرض) governing the noun trigger at ``ti``: right
    before it (تعرض لهجوم) or separated only by its subject (تعرضت القوات الأميركية لهجوم).
    A verb of suffering may also take the noun through a preposition (نجا من محاولة اغتيال،
    لقي سبعة أشخاص مصرعهم، أصيب جنديان في هجوم)."""
    through_preposition = False
    seen = 0  # words, not punctuation: نجا الوزير سامي المظفر، من انفجار
    for k in range(ti - 1, -1, -1):
        if seen == UNDERGO_WINDOW:
            break
        seen += any(ch.isalnum() for ch in view.sent.words[k])
        vs = view.sent.variants[k]
        if lex.is_word("undergo", vs) and not through_preposition:
            return k
        if g.is_("suffer", vs):
            return k
        if g.is_("clause_break", vs):
            break
        if _preposition(view, lex, g, k) and not lex.is_word("reporting", vs):
            through_preposition = True
        elif k < ti - 1 and not _inside_actor_or_filler(view, lex, k):
            break
    return None


def _inside_actor_or_filler(view: SentenceView, lex: EventLexicon, k: int) -> bool:
    # between تعرض and its noun only its subject may stand: a reporting word opens another
    # clause and a preposition another phrase, so the search stops there
    vs = view.sent.variants[k]
    return not (lex.is_word("reporting", vs) or _preposition(view, lex, default_grammar(), k))


def _preposition(view: SentenceView, lex: EventLexicon, g: ActorGrammar, k: int) -> bool:
    """Is token ``k`` a preposition word (في، على، من) and not a name written like one (علي)?"""
    return lex.is_word("preposition", view.sent.variants[k]) and not g.is_name(view.tokens[k].text)


def _subject_of(
    view: SentenceView, lex: EventLexicon, g: ActorGrammar, actors: list[ActorChunk], vi: int, vj: int
) -> ActorChunk | None:
    """The subject of the verb over tokens ``vi..vj``: after it (VSO) or before it (SVO)."""
    first = _vso_subject(view, lex, g, [c for c in actors if c.i >= vj], vj)
    if first is not None:
        return first
    return next(
        (
            c
            for c in reversed(actors)
            if c.j <= vi and vi - c.j <= SVO_WINDOW and not _clause_break(view, lex, g, c.j, vi)
        ),
        None,
    )


def is_passive(token: str) -> bool:
    """A past verb voweled as passive: damma on its first letter (أُرغمت، قُتل). Unvoweled text
    (most of it) gives no sign, so this only ever helps."""
    w = token[1:] if token[:1] in "وف" and len(token) > 3 else token
    return len(w) > 2 and w[0] not in "يتن" and w[1] == "\u064f"


def _after_preposition(view: SentenceView, lex: EventLexicon, chunk: ActorChunk) -> bool:
    """Is the chunk governed by a preposition (ضد روسيا، لروسيا، على القوات)?"""
    word = view.sent.words[chunk.i]
    # و/ف is a conjunction only when the actor's own word does not begin with it (فلسطينيين is no ف+ل)
    clitic = chunk.prefixed or bool(chunk.head and not chunk.head.startswith(word[:1]))
    w = word[1:] if word[:1] in "وف" and len(word) > 3 and clitic else word
    if w[:1] in "لب" and (w.startswith(("لل", "بال")) or (chunk.head and not chunk.head.startswith(w[:1]))):
        return True
    if chunk.i > 1 and view.sent.words[chunk.i - 1] == "من":  # عشرات من المتظاهرين: partitive
        k = chunk.i - 2
        if default_grammar().is_count(view.sent.words[k], view.sent.variants[k]):
            return False
    return chunk.i > 0 and _preposition(view, lex, default_grammar(), chunk.i - 1)
