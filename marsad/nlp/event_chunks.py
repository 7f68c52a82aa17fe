"""Actor chunks for the events stage: which words of a sentence name one actor, with its
country, role and KB entity (step 2 of :mod:`.events`).

Kept apart from :mod:`.events` because it answers a question of its own, before and without the
trigger: where one actor's words begin and end. Lexicon phrases, inflected actor words and entity
mentions are merged when they continue one noun phrase (a construct رئيس أركان الجيش الروسي, an
adjective الحكومة الروسية, a name in apposition, a unit and its institution القوة التنفيذية
التابعة لوزارة الداخلية) and kept apart when a new phrase opens (اتهمت الحكومة الروسية الرئيسَ
الأوكراني); chunks that say where rather than who (في بغداد، حي الوحدة) are marked as places.
:mod:`.events` then decides, from these chunks alone, which one is a trigger's source and which
its target. The word lists both modules read are data (``actor_grammar.tsv``, :mod:`.event_actors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Doc, Entity
from ..text.normalize import normalize
from ..text.tokens import Token, tokenize
from .event_actors import ActorGrammar, default_grammar
from .event_lexicon import EventLexicon, Sentence
from .spans import overlaps

_PROCLITICS = frozenset("وفبلك")  # written onto the next word: a conjunction or a preposition
INFLECTIONS = ("ان", "ين", "ون", "ا")  # dual nominative / oblique, sound plural, indefinite accusative
FEMININE_DUALS = ("يتان", "يتين")  # of a nisba: طائرتين جورجيتين → جورجي
# Phoenix's role code for people with no CAMEO role (شخص، رجل: MAN, PERSONS): kept as an actor so
# the clause rules see a participant, reported with no role (roles_supplement.tsv says why).
PEOPLE = "PPL"
# Words of a KB entity's (English) role description → CAMEO role, for entities the actor
# dictionaries do not know ("president of Russia" → GOV).
_ENTITY_ROLE_WORDS = {
    "GOV": (
        "president",
        "minister",
        "king",
        "prime",
        "spokes",
        "government",
        "ministry",
        "emir",
        "prince",
        "ambassador",
        "leader",
    ),
    "MIL": ("army", "military", "general", "commander", "chief of staff", "forces", "defence", "defense"),
}


@dataclass
class ActorChunk:
    """An actor found in a sentence: tokens ``i..j`` (exclusive) with what we know of it."""

    i: int
    j: int
    country: str | None = None
    role: str | None = None
    entity: str | None = None
    is_place: bool = False  # introduced by في: a location, not a participant
    attribute_of: int | None = None  # a lone nisba adjective qualifying the token before it
    head: str = ""  # the lexicon form of the first word, to tell a clitic ل/ب from a stem letter
    prefixed: bool = False  # a conjunction or preposition is written onto its first word (وإسبانيا، بباكستان)
    parts: list[str] = field(default_factory=list)


@dataclass
class SentenceView:
    """One sentence as the event rules read it: its span in the body, its tokens (body offsets)
    and their normalised forms with clitic variants."""

    start: int
    end: int
    tokens: list[Token]  # offsets into the body
    sent: Sentence


def find_actors(doc: Doc, view: SentenceView, lex: EventLexicon) -> list[ActorChunk]:
    """Actor chunks in token order: lexicon phrases and entity mentions, adjacent ones merged."""
    pieces: list[ActorChunk] = []
    published = doc.article.published
    day = published.strftime("%Y%m%d") if published else None
    grammar = default_grammar()
    for m, found in lex.match_actors(view.sent):
        info = found.on(day)  # the code in force when the article was published
        role = info.role or _word_role(view, lex, m.i, m.j)
        word = view.sent.words[m.i]
        prefixed = word[:1] in _PROCLITICS and word[1:] in (m.key[0], "ال" + m.key[0])
        # برصاص الاحتلال: the phrase needs the weapon to tell "the occupation" from the verbal noun, but
        # the weapon is the agent marker before the doer (برصاص رجال الأمن), so the actor starts after it
        i = m.i + 1 if m.j - m.i > 1 and grammar.is_("agent_marker", view.sent.variants[m.i]) else m.i
        pieces.append(ActorChunk(i, m.j, info.country or None, role, head=m.key[0], prefixed=prefixed and i == m.i))
    pieces += _inflected_pieces(view, lex, {k for p in pieces for k in range(p.i, p.j)})
    for ent, i, j, at in _entity_spans(doc, view):
        place = ent.type == "LOC" and not _is_country(ent)  # a city is where, not who
        prefixed = view.tokens[i].start < at  # بباكستان: the mention starts after a clitic
        pieces.append(ActorChunk(i, j, ent.country, _entity_role(ent, lex), ent.id, is_place=place, prefixed=prefixed))
    pieces = [
        p
        for p in pieces
        if not _verb_homograph(view, grammar, p)
        and not _indefinite_common(view, grammar, p)
        and not _manner_phrase(view, grammar, p)
        and not _model_name(view, grammar, p)
    ]
    pieces.sort(key=lambda c: (c.i, -c.j))
    chunks: list[ActorChunk] = []
    for piece in pieces:
        last = chunks[-1] if chunks else None
        if last is None:
            chunks.append(piece)
            continue
        role_before = last.role
        generic = _generic_head(view, grammar, last, piece)
        belongs = _belongs(view, grammar, last.j, piece.i)  # القوة التنفيذية التابعة لوزارة الداخلية
        lam = _lam_genitive(view, grammar, last, piece)  # الأمين العام للأمم المتحدة
        if (
            belongs
            or piece.i < last.j
            or (
                piece.i == last.j
                and not _new_phrase(view, last, piece)
                and not _opens_place(view, lex, piece)
            )
            or _linked(view, lex, last.j, piece.i)
            or (piece.i == last.j + 1 and grammar.is_name(view.tokens[last.j].text))  # آية الله علي السيستاني
            or _former_of(view, grammar, last, piece)
            or _nisba_after_adjectives(view, last, piece)
            or (generic and bool(piece.role) and _linked_in(view, lex, last.j, piece.i))
            or _institution_in(view, lex, last, piece)
            or lam
        ) and not (
            (_lone_nisba(view, last) and piece.role and piece.i == last.j and not piece.country)
            or _between_sides(view, last, piece)
        ):
            # (غارة جوية روسية مستشفى: an adjective never precedes its noun, so a role noun after
            # a lone nisba opens the next actor; الجيش الروسي was merged before the nisba)
            conjunct = _second_conjunct(view, last, piece)
            _merge(last, piece, generic or belongs or lam or _role_adjective(view, grammar, last, piece))
            if conjunct and role_before is None and last.country:
                # تركيا وفصائل سورية: a state and the role noun joined to it by و are two actors in
                # one chunk; CAMEO codes the first, so the second's role is not the state's
                last.role = None
        else:
            chunks.append(piece)
    actor_tokens = {k for c in chunks for k in range(c.i, c.j)}
    triggers = lex.match_triggers(view.sent)
    # a bare past verb of the victim lists (قتل انتحاري عشرين شخصا) is no noun to describe
    nouns = {
        k for m, e in triggers if e.pos == "N" for k in range(m.i, m.j) if not _bare_verb(view, grammar, k)
    }
    verbs = {m.j - 1 for m, e in triggers if e.pos == "V"}
    for c in chunks:
        placed = c.role is None and (c.is_place or _placed(view, lex, c))
        c.is_place = placed or _place_name(view, grammar, c)
        # after a verb a definite nisba is its subject or object (اختطفوا الصحافي), not an adjective
        if _lone_nisba(view, c) and c.i - 1 not in actor_tokens and c.i - 1 not in verbs:
            c.attribute_of = c.i - 1
        elif c.j == c.i + 1 and c.i - 1 in nouns and grammar.is_("attack_adjective", view.sent.variants[c.i]):
            c.attribute_of = c.i - 1  # هجومان انتحاريان: describes the attack, names no one
    _resolve_possessives(view, lex, chunks)
    return chunks


def _indefinite_common(view: SentenceView, g: ActorGrammar, piece: ActorChunk) -> bool:
    """A one-word actor that is the group only with the article (القاعدة: al-Qaeda); indefinite it
    is the common noun (قصف قاعدة التيفور الجوية: a base)."""
    word = view.sent.words[piece.i]
    return (
        piece.j == piece.i + 1
        and g.is_("definite_actor", view.sent.variants[piece.i])
        and not (word.startswith("لل") or "ال" in word[:3])  # القاعدة، والقاعدة، للقاعدة
    )


def _manner_phrase(view: SentenceView, g: ActorGrammar, piece: ActorChunk) -> bool:
    """A one-word actor whose written form with its preposition is an adverbial (بالقوة: by force)."""
    word = normalize(view.sent.words[piece.i])
    word = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return piece.j == piece.i + 1 and word in g.words["manner_phrase"]


def _model_name(view: SentenceView, g: ActorGrammar, piece: ActorChunk) -> bool:
    """A name with neither country nor role right after a weapon noun, past a quote mark, is the
    weapon's model (صواريخ توماهوك كروز، قذائف «آر بي جي»), not a participant."""
    if piece.country or piece.role:
        return False
    k = piece.i - 1
    if k > 0 and not any(ch.isalnum() for ch in view.sent.words[k]):
        k -= 1  # صواريخ «كاتيوشا»
    return k >= 0 and g.is_("weapon_head", view.sent.variants[k])


def _verb_homograph(view: SentenceView, g: ActorGrammar, piece: ActorChunk) -> bool:
    """A one-word actor that is also a verb, read as the verb before its usual object: فتح النار
    (opened fire), not Fatah; فتح تحقيقا (opened an inquiry)."""
    k = piece.i
    return (
        piece.j == k + 1
        and k + 1 < len(view.sent.words)
        and g.is_("verb_homograph", view.sent.variants[k])
        and g.is_("homograph_object", view.sent.variants[k + 1])
    )


def _bare_verb(view: SentenceView, g: ActorGrammar, k: int) -> bool:
    """A token written as a past verb of the victim lists, with no article (قتل، وقتل): the
    lexicon's verbal noun قَتْل or the verb قَتَل — read as the verb when an actor word follows."""
    word = view.sent.words[k]
    bare = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    return g.is_("victim_verb", [bare])


def _placed(view: SentenceView, lex: EventLexicon, c: ActorChunk) -> bool:
    """Headed by a place noun, after في, or after a place noun (العاصمة الصومالية، في وسط الصومال،
    شمال العراق، بمدينة البصرة): where, not who — for chunks without a role (a country name),
    decided by the caller."""
    if lex.is_word("place", view.sent.variants[c.i]):
        return True  # العاصمة الصومالية مقديشو، شمال العراق
    if c.i == 0:
        return False
    prev = view.sent.words[c.i - 1]
    # the clitic variants keep no stem under three letters, so وفي would not offer في
    before = view.sent.variants[c.i - 1] + ([prev[1:]] if prev[:1] in "وف" and len(prev) == 3 else [])
    return lex.is_word("at", before) or lex.is_word("place", before)


def _opens_place(view: SentenceView, lex: EventLexicon, piece: ActorChunk) -> bool:
    """A piece headed by a place noun (غرب بغداد، بمحافظة ديالى، شمال العراق) says where the actor
    before it was, and is not part of its name: هجوم انتحاري غرب بغداد، الجيش الأميركي بالعراق."""
    return not piece.role and lex.is_word("place", view.sent.variants[piece.i])


def _place_name(view: SentenceView, g: ActorGrammar, c: ActorChunk) -> bool:
    """The genitive of a noun that heads a place's name (حي الوحدة، مخيم جباليا للاجئين) is that
    place, whatever role its words have elsewhere."""
    return c.i > 0 and g.is_("settlement", view.sent.variants[c.i - 1])


def _resolve_possessives(view: SentenceView, lex: EventLexicon, chunks: list[ActorChunk]) -> None:
    """جنوده، قواتها: a role noun with a possessive pronoun belongs to the nearest actor before it
    (قال الجيش الأميركي إن جنوده قتلوا …) and takes its country when it has none."""
    for k, c in enumerate(chunks):
        if c.country or c.entity or not c.head or view.tokens[c.i].text.endswith("ة"):
            continue  # انتحارية: a feminine ending, folded to ه, is no pronoun
        if not _possessed(lex, view.sent.words[c.i], c.head):
            continue
        owner = next((p for p in reversed(chunks[:k]) if p.country and not p.is_place), None)
        if owner is not None:
            c.country = owner.country


def _possessed(lex: EventLexicon, word: str, head: str) -> bool:
    """Does the token carry a pronoun suffix after its lexicon form (جنوده = جنود + ه,
    قواتها = قوات + ها), or is the lexicon form itself one (جنوده listed whole)? A final ه that
    is the folded ة of the form (شرطه) does not count: what it leaves is no actor word."""
    suffixes = ("هما", "هم", "ها", "ه", "نا")
    stems = (head, head[:-1] + "ت") if head.endswith("ه") else (head,)
    if any(word.endswith(s + suffix) for s in stems for suffix in suffixes):
        return True
    return any(head.endswith(x) and (head[: -len(x)],) in lex.actors.entries for x in suffixes)


def _word_role(view: SentenceView, lex: EventLexicon, i: int, j: int) -> str | None:
    """The role of a multi-word dictionary phrase that has a country but no role, from its own
    words (جيش عراقي → IRQ with no role in actor_dict_ar_v4.txt; جيش → MIL): the first that is
    not a generic head (قوات الصحوة → صحوة, UAF)."""
    if j - i < 2:
        return None
    roles = []
    for k in range(i, j):
        for v in view.sent.actor_variants[k]:
            info = lex.actors.entries.get((v,))
            if info is not None and info.role:
                roles.append((default_grammar().is_("generic_head", [v]), info.role))
                break
    # a generic head names a unit of the institution after it (قوات الصحوة → UAF, not MIL)
    return next((r for generic, r in roles if not generic), roles[0][1] if roles else None)


def _inflected_pieces(view: SentenceView, lex: EventLexicon, taken: set[int]) -> list[ActorChunk]:
    """Actor words whose ending the lexicons do not fold: the indefinite accusative alif
    (ناشطاً → ناشط، مصورا فرنسيا → مصور فرنسي), the dual (شرطيان، جنديين → شرطي، جندي) and a
    nisba's feminine dual (طائرتي تجسس جورجيتين → جورجي)."""
    out = []
    for k, word in enumerate(view.sent.words):
        if k in taken or len(word) < 4:
            continue
        stem = next((word[:-3] for e in FEMININE_DUALS if word.endswith(e) and len(word) >= 7), None)
        stem = stem or next(
            (word[: -len(e)] for e in INFLECTIONS if word.endswith(e) and len(word) - len(e) >= 3), None
        )
        info = lex.actors.entries.get((stem,)) if stem else None
        # a place has no dual: only a role noun or a nisba inflects (نيسان is April, not two Nices)
        if stem and info is not None and (info.role or (info.country and stem.endswith("ي"))):
            out.append(ActorChunk(k, k + 1, info.country or None, info.role or None, head=stem))
    return out


def _lone_nisba(view: SentenceView, c: ActorChunk) -> bool:
    """A one-word definite nisba (الروسية، العسكري) or an indefinite feminine one (مصادر طبية
    عراقية) after a noun qualifies that noun: an actor only if the noun is one (الجيش الروسي,
    merged earlier) or the trigger (الهجوم الأوكراني). A masculine indefinite nisba may be a
    person (قتل فلسطيني) and is left alone."""
    word = view.sent.words[c.i]
    word = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    if c.j != c.i + 1 or c.i == 0 or not c.head.endswith("ي"):
        return False
    before = view.sent.words[c.i - 1]
    if default_grammar().is_count(before, view.sent.variants[c.i - 1]):
        return False  # مئات الفلسطينيين: after a count the nisba is the people counted
    # an indefinite feminine one is a country's (عراقية, which the entities stage may link to
    # its country), not a role word's (انتحارية)
    if word.startswith("ال"):
        return not c.entity
    if c.role and not c.country and _tanween(word) and _tanween(before):
        return True  # 35 هدفا عسكريا: an accusative role adjective after an accusative noun (not شابا فلسطينيا)
    return view.tokens[c.i].text.endswith("ة") and not c.role


def _generic_head(view: SentenceView, g: ActorGrammar, last: ActorChunk, piece: ActorChunk) -> bool:
    """Is ``last`` a lone generic role word (قائد، دورية، ضابط) that ``piece`` completes with the
    institution it belongs to? Not a coordinated noun (قوات الأمن ومجالس الصحوة) nor people
    (قائد المتظاهرين is still a leader)."""
    return (
        last.j - last.i == 1
        and g.is_("generic_head", [last.head])
        and piece.role not in (None, "CVL", PEOPLE)
        and not view.sent.words[piece.i].startswith("و")
    )


def _role_adjective(view: SentenceView, g: ActorGrammar, last: ActorChunk, piece: ActorChunk) -> bool:
    """Is ``piece`` an adjective of rebellion or opposition right after the role noun ``last``
    (جنودا متمردين، متظاهرون معارضون للحكومة)? Such an adjective, not the noun, names the actor's
    role, as the source dictionaries code جندي متمرد (REB) and حزب معارضة (OPP)."""
    return (
        piece.i == last.j
        and bool(piece.role)
        and bool(last.role)
        and g.is_("role_adjective", view.sent.variants[piece.i])
        # an adjective agrees in definiteness; a definite noun after an indefinite one is a genitive
        and definite(view.tokens[last.j - 1].text) == definite(view.tokens[piece.i].text)
    )


def _second_conjunct(view: SentenceView, last: ActorChunk, piece: ActorChunk) -> bool:
    """Is ``piece`` joined to ``last`` by a و written onto its first word (وفصائل) — a clitic,
    not the first letter of its stem (وزير، وحدات)?"""
    word = view.sent.words[piece.i]
    return piece.i == last.j and word.startswith("و") and not piece.head.startswith("و")


def _between_sides(view: SentenceView, last: ActorChunk, piece: ActorChunk) -> bool:
    """بين X وY names two sides (اشتباكات بين ميليشيات مسلحة وقوات الحرس), not one actor with its
    conjunct, which CAMEO would code by the first alone."""
    before = normalize(view.sent.words[last.i - 1]) if last.i > 0 else ""
    return before == "بين" and _second_conjunct(view, last, piece)


def _merge(into: ActorChunk, piece: ActorChunk, generic: bool = False) -> None:
    """Join ``piece`` onto ``into``. The first role word is the head, unless it is a generic one
    (قائد، قوات، دورية، مسؤول، المتحدث باسم) and the piece names the institution: قائد الشرطة
    and دورية للشرطة are police (COP), المتحدث باسم الجيش is military (MIL)."""
    into.j = max(into.j, piece.j)
    into.is_place = into.is_place and piece.is_place  # شرطة بغداد is an actor
    # KB entities know their country better than a nisba guess
    if piece.entity and piece.country:
        into.country = into.country if into.entity and into.country else piece.country
    into.country = into.country or piece.country
    into.role = (piece.role or into.role) if generic else (into.role or piece.role)
    into.entity = into.entity or piece.entity


def _new_phrase(view: SentenceView, left: ActorChunk, right: ActorChunk) -> bool:
    """Two adjacent pieces are two actors when the left one is a complete definite phrase and
    the right one opens another with its own head (اتهمت الحكومة الروسية الرئيسَ الأوكراني):
    a construct (رئيس أركان الجيش), an adjective (الحكومة الروسية) or a name in apposition
    (الرئيس الروسي فلاديمير بوتين) continues the actor."""
    words = view.sent.words
    if left.country and right.country and left.country != right.country and not right.role and not right.prefixed:
        # اتهمت إيران الولايات المتحدة، زار وزير الخارجية الروسي القاهرة: the subject, then the
        # object — a name's own nisba or city is of its country
        return True
    if right.role and _tanween(words[right.i]) and not _tanween(words[left.j - 1]):
        return True  # اغتالت وحدة إسرائيلية ناشطاً: an accusative noun opens the object
    if right.role and not right.country and _case_clash(view.tokens[left.j - 1].text, words[right.i]):
        return True  # هاجم مستوطنون مزارعين: after ـون neither an adjective (ـون) nor a genitive follows
    if (
        right.role
        and not (right.country or right.entity)
        and definite(view.tokens[left.j - 1].text)  # as written: آلاف folds to الاف
        and not definite(view.tokens[right.i].text)
    ):
        return True  # قتلت القوات الأمريكية مسلحين: neither adjective nor genitive of a definite noun
    if left.country and not left.role and default_grammar().is_("protester", view.sent.variants[right.i]):
        return False  # عشرات العراقيين المحتجين: the protesters' word describes the people before it
    # as written, here too: آلاف folds to الاف, which would read as definite (آلاف المتظاهرين)
    return bool(right.role) and definite(view.tokens[left.j - 1].text) and definite(words[right.i])


def _case_clash(left: str, right: str) -> bool:
    """A sound masculine plural in the nominative (ـون) followed by a role word that is neither
    its adjective nor its genitive: an adjective of a human plural agrees with it (مسلحون
    ملثمون) and a noun in construct drops the ن (مسلحو حماس), so after ـون another noun opens a
    new phrase (هاجم مستوطنون مزارعين، قصف مسلحون مستوطنة، اغتال مسلحون وزير الدفاع). An indefinite
    noun takes no definite adjective either, so a definite role word after it opens one too (هاجم
    مسلحون السفارتين). Words as written; a definite left is judged by its article."""
    return (
        len(left) >= 5
        and len(right) >= 3
        and left.endswith("ون")
        and not right.endswith("ون")
        and not definite(left)
        # (a clitic preposition makes a complement, not a new actor: معارضون للحكومة)
        and (not definite(right) or right.startswith("ال"))
    )


def _tanween(word: str) -> bool:
    """Indefinite accusative ending (ناشطا، مسلحين is not): a final alif on a longer word."""
    return len(word) >= 4 and word.endswith("ا") and not word.startswith("ال")


def definite(word: str) -> bool:
    """Does the word carry the article, after a conjunction (والجيش) or a preposition (للشرطة،
    بالقوات)? Shared with the clause rules of :mod:`.events` (an adjective after a noun)."""
    w = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return w.startswith(("ال", "لل")) or (w[:1] in "بلك" and w[1:3] == "ال")


def _linked(view: SentenceView, lex: EventLexicon, j: int, i: int) -> bool:
    """One linking word between two actor pieces (المتحدث باسم الكرملين) joins them."""
    return i == j + 1 and lex.is_word("actor_link", view.sent.variants[j])


def _former_of(view: SentenceView, g: ActorGrammar, last: ActorChunk, piece: ActorChunk) -> bool:
    """سابق/أسبق between a title and what completes it — its institution with ل or a name
    (الأمين العام السابق للحزب الشيوعي جورج حاوي، الرئيس السابق بيل كلينتون) — keeps one actor."""
    if piece.i != last.j + 1 or not last.role or not g.is_("former", view.sent.variants[last.j]):
        return False
    word = view.sent.words[piece.i]
    return word.startswith("ل") or (bool(piece.entity) and not piece.role)


def _nisba_after_adjectives(view: SentenceView, last: ActorChunk, piece: ActorChunk) -> bool:
    """A country's nisba after one or two other definite adjectives of the actor still describes it
    (الشرطة الوطنية العراقية، قوات الأمن الداخلي اللبنانية، المقاومة الوطنية الإسلامية): without
    this, the nisba was cut off as an actor of its own or as an adjective of the word before it."""
    gap = range(last.j, piece.i)
    if not 1 <= len(gap) <= 2 or piece.j != piece.i + 1:
        return False
    words = view.sent.words
    if not (definite(words[piece.i]) and piece.head.endswith("ي")) or words[piece.i][:1] in "وف":
        return False
    # the words between are nisba-shaped adjectives too (الوطنية، الداخلي), not a time phrase
    # (اعتقلت الشرطة الليلة الماضية …)
    return all(
        words[k].startswith("ال") and words[k].isalpha() and words[k].endswith(("ي", "يه")) for k in gap
    )


def _institution_in(view: SentenceView, lex: EventLexicon, last: ActorChunk, piece: ActorChunk) -> bool:
    """A countryless unit or office in a national institution (وزير الداخلية في الحكومة الفلسطينية،
    القوة التنفيذية التابعة لوزارة الداخلية في الحكومة المقالة): one actor, the institution's country."""
    return (
        bool(last.role)
        and not last.country
        and piece.role in ("GOV", "MIL", "COP", "LEG", "JUD")
        and bool(piece.country)
        and not piece.is_place
        and _linked_in(view, lex, last.j, piece.i)
    )


def _lam_genitive(view: SentenceView, g: ActorGrammar, last: ActorChunk, piece: ActorChunk) -> bool:
    """A title followed by the body it serves with the ل of a genitive (الأمين العام للأمم المتحدة،
    المتحدث لحزب الله، المبعوث الأممي لليمن … but only a body, not a place): one actor, whose role
    and country are the body's (the generic merge)."""
    word = view.sent.words[piece.i]
    lam = word.startswith("لل") or (word[:1] == "ل" and word[1:] == piece.head)
    return (
        piece.i == last.j
        and lam
        and bool(piece.role)
        and not piece.is_place
        and any(g.is_("generic_head", view.sent.variants[k]) for k in range(last.i, last.j))
    )


def _belongs(view: SentenceView, g: ActorGrammar, j: int, i: int) -> bool:
    """A belonging word, after at most one adjective, between a unit ending at ``j`` and an
    institution starting at ``i`` with ل (القوة التنفيذية التابعة لوزارة الداخلية)."""
    words, vs = view.sent.words, view.sent.variants
    if not words[i].startswith(("ل", "بال")) or i - j not in (1, 2):
        return False
    return g.is_("belongs", vs[i - 1]) and (i - j == 1 or words[j].isalpha())


def _linked_in(view: SentenceView, lex: EventLexicon, j: int, i: int) -> bool:
    """في between a generic head and an institution (ضابط في الشرطة، مسؤول في وزارة الدفاع)."""
    return i == j + 1 and lex.is_word("at", view.sent.variants[j])


def _entity_spans(doc: Doc, view: SentenceView) -> list[tuple[Entity, int, int, int]]:
    """(entity, first token, end token, mention start) of each entity mention in the sentence."""
    out = []
    for ent in doc.ann.entities:
        for m in ent.mentions:
            if m.field != "body" or not overlaps(m.start, m.end, view.start, view.end):
                continue
            idx = [k for k, t in enumerate(view.tokens) if overlaps(t.start, t.end, m.start, m.end)]
            if idx:
                out.append((ent, idx[0], idx[-1] + 1, m.start))
    return out


def _is_country(ent: Entity) -> bool:
    """A state-level LOC entity (the KB gives countries the role "country" and an id ending
    in their ISO3 code): a possible actor, where a city or province is only a place."""
    return (ent.role or "").lower() in ("country", "دولة", "دوله") or bool(
        ent.country and ent.id.endswith(ent.country)
    )


def _entity_role(ent: Entity, lex: EventLexicon) -> str | None:
    """CAMEO role from the entity's role description: Arabic through the actor lexicon
    (الرئيس الروسي → GOV), English through a few keywords (president of Russia → GOV)."""
    if ent.role and ent.type != "LOC":
        words = [normalize(t.text) for t in tokenize(ent.role)]
        for _, info in lex.match_actors(Sentence(words)):
            if info.role:
                return info.role
        low = ent.role.lower()
        for role, keywords in _ENTITY_ROLE_WORDS.items():
            if any(w in low for w in keywords):
                return role
    return None
