"""Stage "events": who did what to whom, where and when, coded in CAMEO and PLOVER.

Per sentence (:func:`marsad.text.sentences.sentence_spans`):

1. **Triggers.** Verbs and verbal nouns from the event lexicon (:mod:`.event_lexicon`),
   matched clitic-aware on normalised tokens. Each carries its most specific CAMEO code;
   the PLOVER type comes from the CAMEO→PLOVER table. One event per PLOVER type per sentence:
   news repeats a type within a sentence (انفجار … مقتل … إصابة) and one event per
   sentence-type is what the OEDA gold counts.
2. **Actors.** Chunks of adjacent actor words — entities of ``doc.ann.entities`` (country from
   the KB), named actors, role nouns (قوات → MIL, وزارة → GOV, متظاهرون → CVL) and country
   names or nisba adjectives (الروسية → RUS) — merged into one actor each
   ("رئيس أركان الجيش الروسي" → RUS MIL). Without entities the dictionaries alone still work.
3. **Roles in the clause.** A verb's subject follows it (VSO) or precedes it (SVO); the object
   follows. A verbal noun's genitive is its object (اغتيال X) unless the noun is agentive
   (هجوم القوات), listed in ``context_words.tsv``. The subject of a verb of undergoing
   (تعرضت القوات لهجوم) is the target. Domestic actors with no country of their own stay
   countryless, as the OEDA coders leave them (see ``INHERIT_PLACE_COUNTRY``).
4. **Context.** Negation (لم، لن، لا، نفى …), modality (hypothetical إذا/لو/قد+present,
   future سـ/سوف/لن/يعتزم, reported قال/ذكر/بحسب …), location (LOC entity, or a place noun /
   known place after في), date (:mod:`.event_time`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

from ..model import Actor, Doc, Entity, Event
from ..pipeline import stage
from ..text.normalize import normalize
from ..text.sentences import sentence_spans
from ..text.tokens import Token, tokenize
from .event_lexicon import EventFilter, EventLexicon, Sentence, TriggerEntry, default_filter, default_lexicon
from .event_time import resolve_date
from .spans import overlaps

VERSION = "events-1"
Modality = Literal["asserted", "hypothetical", "future", "reported"]
# Window sizes in tokens, set from Arabic clause structure (not tuned on data): the negator
# sits right before its verb (لم يهاجم، لن تنسحب); a VSO subject follows the verb after at
# most an adverb (أكدت اليوم الحكومة); an SVO subject is in the same clause.
NEGATION_WINDOW = 3
NOUN_CLAUSE_WINDOW = 5  # لم + verb + a two-word subject + the noun
VSO_GAP = 2
SVO_WINDOW = 10
GENITIVE_GAP = 2
UNDERGO_WINDOW = 5  # تعرضت + a three-word subject + the noun
# CAMEO roles of groups that are domestic by nature and could take the country of the place
# (the CAMEO convention: a Baghdad police unit is IRQCOP). Off: the OEDA coders do not follow
# it — they leave الشرطة، مدنيين، متظاهرون in بغداد countryless unless the text names a
# nationality — and inheriting cost 6 points of source and 4 of target country accuracy on
# oeda_dev/*_spans.json (0.63 → 0.69 and 0.535 → 0.575 without it, 2026-11-30).
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
    parts: list[str] = field(default_factory=list)


@dataclass
class SentenceView:
    start: int
    end: int
    tokens: list[Token]  # offsets into the body
    sent: Sentence


@stage("events")
class EventStage:
    """Fills ``doc.ann.events``. Stateless apart from the lexicon, loaded once."""

    version = VERSION

    def __init__(self, lexicon: EventLexicon | None = None, event_filter: EventFilter | None = None):
        self.lexicon = lexicon or default_lexicon()
        self.event_filter = event_filter or default_filter()

    @classmethod
    def from_disk(cls) -> EventStage:
        return cls(default_lexicon(), default_filter())

    def __call__(self, doc: Doc) -> Doc:
        doc.ann.events = extract_events(doc, self.lexicon, self.event_filter)
        return doc


def extract_events(doc: Doc, lexicon: EventLexicon, event_filter: EventFilter | None = None) -> list[Event]:
    """Every event of the document; with a filter, only those it judges reported as happening."""
    out = []
    for event, features in candidate_events(doc, lexicon):
        if event_filter is None or event_filter.accepts(event.type, features):
            out.append(event)
    return out


def candidate_events(doc: Doc, lexicon: EventLexicon) -> list[tuple[Event, list[str]]]:
    """Events with the features the filter reads (shared with its training in the build script)."""
    body = doc.article.body
    events: list[tuple[Event, list[str]]] = []
    for start, end in sentence_spans(body):
        tokens = [Token(t.text, t.start + start, t.end + start) for t in tokenize(body[start:end])]
        if not tokens:
            continue
        view = SentenceView(start, end, tokens, Sentence([normalize(t.text) for t in tokens]))
        events.extend(sentence_events(doc, view, lexicon))
    return events


def sentence_events(doc: Doc, view: SentenceView, lex: EventLexicon) -> list[tuple[Event, list[str]]]:
    triggers = lex.match_triggers(view.sent)
    if not triggers:
        return []
    chunks = find_actors(doc, view, lex)
    location = find_location(doc, view, lex, chunks)
    fallback_country = _place_country(chunks)
    text = doc.article.body[view.start : view.end]
    date = resolve_date(text, doc.article.published)
    events: list[tuple[Event, list[str]]] = []
    seen: set[str] = set()
    for match, entry in triggers:
        if entry.plover in seen:
            continue
        seen.add(entry.plover)
        source, target = assign_roles(view, lex, chunks, match.i, match.j, entry)
        event = Event(
            type=entry.plover,
            cameo=entry.cameo,
            source=_actor(doc, view, source, fallback_country),
            target=_actor(doc, view, target, fallback_country),
            location=location,
            date=date,
            start=view.start,
            end=view.end,
            trigger=doc.article.body[view.tokens[match.i].start : view.tokens[match.j - 1].end],
            negated=is_negated(view, lex, match.i, entry.pos == "N"),
            modality=modality(view, lex, match.i, match.key[0], entry.pos == "N"),
        )
        events.append((event, filter_features(view, match.key, entry, event)))
    return events


def filter_features(view: SentenceView, key: tuple[str, ...], entry: TriggerEntry, event: Event) -> list[str]:
    """What the event filter sees: the sentence's stems and stem bigrams, and how the event
    was coded (trigger, verb or noun, actors found, stated date and place, modality)."""
    stems = [v[-1] for v in view.sent.variants if v[-1][:1].isalnum()]
    feats = {f"w={w}" for w in stems}
    feats |= {f"b={a}_{b}" for a, b in itertools.pairwise(stems)}
    feats |= {
        f"trigger={' '.join(key)}",
        f"pos={entry.pos}",
        f"cameo={entry.cameo[:3]}",
        f"modality={event.modality}",
        f"source={bool(event.source)}",
        f"target={bool(event.target)}",
        f"date={bool(event.date)}",
        f"location={bool(event.location)}",
        f"negated={event.negated}",
    }
    return sorted(feats)


# ---------------------------------------------------------------- actors


def find_actors(doc: Doc, view: SentenceView, lex: EventLexicon) -> list[ActorChunk]:
    """Actor chunks in token order: lexicon phrases and entity mentions, adjacent ones merged."""
    pieces: list[ActorChunk] = []
    for m, info in lex.match_actors(view.sent):
        pieces.append(ActorChunk(m.i, m.j, info.country or None, info.role or None, head=m.key[0]))
    for ent, i, j in _entity_spans(doc, view):
        place = ent.type == "LOC" and not _is_country(ent)  # a city is where, not who
        pieces.append(ActorChunk(i, j, ent.country, _entity_role(ent, lex), ent.id, is_place=place))
    pieces.sort(key=lambda c: (c.i, -c.j))
    chunks: list[ActorChunk] = []
    for piece in pieces:
        last = chunks[-1] if chunks else None
        if last is not None and (
            piece.i < last.j
            or (piece.i == last.j and not _new_phrase(view, last, piece))
            or _linked(view, lex, last.j, piece.i)
        ):
            _merge(last, piece)
        else:
            chunks.append(piece)
    actor_tokens = {k for c in chunks for k in range(c.i, c.j)}
    for c in chunks:
        after_at = c.i > 0 and lex.is_word("at", view.sent.variants[c.i - 1])
        c.is_place = c.role is None and (c.is_place or after_at)
        if _lone_nisba(view, c) and c.i - 1 not in actor_tokens:
            c.attribute_of = c.i - 1
    return chunks


def _lone_nisba(view: SentenceView, c: ActorChunk) -> bool:
    """A one-word definite nisba (الروسية، العسكري) after a noun qualifies that noun: an actor
    only if the noun is one (الجيش الروسي, merged earlier) or the trigger (الهجوم الأوكراني)."""
    word = view.sent.words[c.i]
    word = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return c.j == c.i + 1 and c.i > 0 and not c.entity and word.startswith("ال") and c.head.endswith("ي")


def _merge(into: ActorChunk, piece: ActorChunk) -> None:
    into.j = max(into.j, piece.j)
    into.is_place = into.is_place and piece.is_place  # شرطة بغداد is an actor
    # KB entities know their country better than a nisba guess; the first role word is the head
    if piece.entity and piece.country:
        into.country = into.country if into.entity and into.country else piece.country
    into.country = into.country or piece.country
    into.role = into.role or piece.role
    into.entity = into.entity or piece.entity


def _new_phrase(view: SentenceView, left: ActorChunk, right: ActorChunk) -> bool:
    """Two adjacent pieces are two actors when the left one is a complete definite phrase and
    the right one opens another with its own head (اتهمت الحكومة الروسية الرئيسَ الأوكراني):
    a construct (رئيس أركان الجيش), an adjective (الحكومة الروسية) or a name in apposition
    (الرئيس الروسي فلاديمير بوتين) continues the actor."""
    return bool(right.role) and _definite(view.sent.words[left.j - 1]) and _definite(view.sent.words[right.i])


def _definite(word: str) -> bool:
    w = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return w.startswith(("ال", "لل")) or (w[:1] in "بلك" and w[1:3] == "ال")


def _linked(view: SentenceView, lex: EventLexicon, j: int, i: int) -> bool:
    """One linking word between two actor pieces (المتحدث باسم الكرملين) joins them."""
    return i == j + 1 and lex.is_word("actor_link", view.sent.variants[j])


def _entity_spans(doc: Doc, view: SentenceView) -> list[tuple[Entity, int, int]]:
    out = []
    for ent in doc.ann.entities:
        for m in ent.mentions:
            if m.field != "body" or not overlaps(m.start, m.end, view.start, view.end):
                continue
            idx = [k for k, t in enumerate(view.tokens) if overlaps(t.start, t.end, m.start, m.end)]
            if idx:
                out.append((ent, idx[0], idx[-1] + 1))
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


def _place_country(chunks: list[ActorChunk]) -> str | None:
    """The country of the place the sentence names (في بغداد → IRQ), if one."""
    places = [c.country for c in chunks if c.is_place and c.country]
    return places[0] if places else None


def _actor(doc: Doc, view: SentenceView, chunk: ActorChunk | None, fallback: str | None) -> Actor | None:
    if chunk is None:
        return None
    country = chunk.country
    if country is None and INHERIT_PLACE_COUNTRY and chunk.role in DOMESTIC_ROLES:
        country = fallback
    text = doc.article.body[view.tokens[chunk.i].start : view.tokens[chunk.j - 1].end]
    return Actor(entity=chunk.entity, text=text, country=country, role=chunk.role)


def assign_roles(
    view: SentenceView, lex: EventLexicon, chunks: list[ActorChunk], ti: int, tj: int, entry: TriggerEntry
) -> tuple[ActorChunk | None, ActorChunk | None]:
    """Source and target of a trigger over tokens ``ti..tj`` by Arabic clause order."""
    qualifying = next(
        (c for c in chunks if c.attribute_of is not None and c.i >= tj and ti <= c.attribute_of < tj), None
    )
    actors = [c for c in chunks if not c.is_place and c.attribute_of is None]
    source: ActorChunk | None = None
    target: ActorChunk | None = None
    inside = next((c for c in actors if c.i <= ti < c.j), None)
    after = [c for c in actors if c.i >= tj]
    before = [c for c in actors if c.j <= ti and ti - c.j <= SVO_WINDOW]
    undergo = _undergo_verb(view, lex, ti) if entry.pos == "N" else None
    if inside is not None:  # a participle that is its own actor: متظاهرون، مسلحون
        source = inside
    elif undergo is not None:  # تعرضت القوات الأميركية لهجوم: the subject suffers the noun
        return None, _subject_of(view, lex, actors, undergo, undergo + 1)
    elif qualifying is not None:  # الهجوم الأوكراني: the nisba names the doer
        source = qualifying
    elif entry.pos == "V":
        first = after[0] if after else None
        if first and first.i - tj <= VSO_GAP and not _after_preposition(view, lex, first):
            source = first
        elif before:
            source = before[-1]
    else:
        first = after[0] if after else None
        genitive = (
            first is not None and first.i - tj <= GENITIVE_GAP and not _after_preposition(view, lex, first)
        )
        agentive = lex.is_word("agentive_noun", view.sent.variants[ti])
        if genitive and agentive:
            source = first
        else:
            if genitive:
                target = first
            if before:
                source = before[-1]
    if target is None:
        target = next((c for c in after if c is not source and (source is None or c.i >= source.j)), None)
    if target is source:
        target = None
    if entry.pos == "V" and is_passive(view.tokens[ti].text) and inside is None:
        return None, source  # أُرغمت القوات: the grammatical subject is the one acted upon
    return source, target


def _undergo_verb(view: SentenceView, lex: EventLexicon, ti: int) -> int | None:
    """Index of a verb of undergoing (تعرض، يتعرض) governing the noun trigger at ``ti``: right
    before it (تعرض لهجوم) or separated only by its subject (تعرضت القوات الأميركية لهجوم)."""
    for k in range(ti - 1, max(-1, ti - 1 - UNDERGO_WINDOW), -1):
        if lex.is_word("undergo", view.sent.variants[k]):
            return k
        if k < ti - 1 and not _inside_actor_or_filler(view, lex, k):
            break
    return None


def _inside_actor_or_filler(view: SentenceView, lex: EventLexicon, k: int) -> bool:
    # between تعرض and its noun only its subject may stand: a reporting word opens another
    # clause and a preposition another phrase, so the search stops there
    vs = view.sent.variants[k]
    return not (lex.is_word("reporting", vs) or lex.is_word("preposition", vs))


def _subject_of(
    view: SentenceView, lex: EventLexicon, actors: list[ActorChunk], vi: int, vj: int
) -> ActorChunk | None:
    """The subject of the verb over tokens ``vi..vj``: after it (VSO) or before it (SVO)."""
    first = next((c for c in actors if c.i >= vj), None)
    if first is not None and first.i - vj <= VSO_GAP and not _after_preposition(view, lex, first):
        return first
    return next((c for c in reversed(actors) if c.j <= vi and vi - c.j <= SVO_WINDOW), None)


def is_passive(token: str) -> bool:
    """A past verb voweled as passive: damma on its first letter (أُرغمت، قُتل). Unvoweled text
    (most of it) gives no sign, so this only ever helps."""
    w = token[1:] if token[:1] in "وف" and len(token) > 3 else token
    return len(w) > 2 and w[0] not in "يتن" and w[1] == "\u064f"


def _after_preposition(view: SentenceView, lex: EventLexicon, chunk: ActorChunk) -> bool:
    """Is the chunk governed by a preposition (ضد روسيا، لروسيا، على القوات)?"""
    word = view.sent.words[chunk.i]
    w = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    if w[:1] in "لب" and (w.startswith(("لل", "بال")) or (chunk.head and not chunk.head.startswith(w[:1]))):
        return True
    return chunk.i > 0 and lex.is_word("preposition", view.sent.variants[chunk.i - 1])


# ---------------------------------------------------------------- location


def find_location(doc: Doc, view: SentenceView, lex: EventLexicon, chunks: list[ActorChunk]) -> str | None:
    """Where: a named place (a LOC entity below country level, or a country after في), else a
    place noun with its name (مقاطعة كورسك)."""
    body = doc.article.body
    words = view.sent.variants
    places = [c for c in chunks if c.is_place]
    named = [c for c in places if c.entity] or places
    if named:
        c = named[0]
        return body[view.tokens[c.i].start : view.tokens[c.j - 1].end]
    for k in range(len(view.tokens) - 1):
        nxt = view.tokens[k + 1]
        if (
            lex.is_word("place", words[k])
            and nxt.text.isalpha()
            and not lex.is_word("preposition", words[k + 1])
        ):
            return body[view.tokens[k].start : nxt.end]
    return None


# ---------------------------------------------------------------- negation and modality


def is_negated(view: SentenceView, lex: EventLexicon, ti: int, noun: bool = False) -> bool:
    """A negator right before the trigger — for a verbal noun, before the verb that governs
    it (لم تفرض الولايات المتحدة عقوبات) — or a denial verb anywhere before it (نفت … أنها)."""
    vs = view.sent.variants
    window = NOUN_CLAUSE_WINDOW if noun else NEGATION_WINDOW
    if any(lex.is_word("negation", vs[k]) for k in range(max(0, ti - window), ti)):
        return True
    return any(lex.is_word("denial", vs[k]) for k in range(ti))


def modality(view: SentenceView, lex: EventLexicon, ti: int, form: str = "", noun: bool = False) -> Modality:
    vs = view.sent.variants
    words = view.sent.words
    near = range(max(0, ti - 4), ti)
    for k in range(ti):
        if lex.is_word("hypothetical", vs[k]) and (
            words[k] != "قد" or _present_verb(words[k + 1] if k + 1 < len(words) else "")
        ):
            return "hypothetical"
    if (
        _future_prefixed(words[ti], form)
        or any(lex.is_word("future", vs[k]) or lex.is_word("intent", vs[k]) for k in near)
        or (noun and any(_future_verb(lex, words[k], vs[k]) for k in near))
    ):
        return "future"
    if any(lex.is_word("reporting", vs[k]) for k in range(ti)):
        return "reported"
    return "asserted"


def _future_verb(lex: EventLexicon, word: str, token_variants: list[str]) -> bool:
    """ستفرض، سيرسلون: سـ + a present prefix, on a word that is not one of the nouns that
    start that way (سيارة، سياسة، ستة)."""
    w = word[1:] if word[:1] in "وف" and len(word) > 5 else word
    return len(w) >= 5 and w[0] == "س" and w[1] in "يتن" and not lex.is_word("not_future", token_variants)


def _present_verb(word: str) -> bool:
    return len(word) > 3 and word[0] in "يتن"


def _future_prefixed(word: str, form: str) -> bool:
    """سيرسل، وستقوم: the future prefix سـ before the present-tense form the lexicon matched
    (not the س of سيطر, which is part of the verb)."""
    w = word[1:] if word[:1] in "وف" else word
    return bool(form) and w[:1] == "س" and w[1:].startswith(form) and form[:1] in "يتنا"
