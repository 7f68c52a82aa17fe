"""Stage "tags": an article's semantic keyword tags — its main entities and main entity pairs.

Aggregator pages print tags such as "روسيا وكوريا الشمالية" and "أمريكا وكوريا الشمالية": the
entities an article is about, and the pairs whose relation it reports. Salience of an entity:

- each body mention counts 1, a title mention ``TITLE_WEIGHT`` (the headline states the topic);
- an early first mention adds up to ``EARLY_BONUS`` (news puts the topic in the lede);
- a country also collects ``ACTOR_SHARE`` of the salience of the people and organisations of
  that country (the State Department's statement makes the United States a party to the
  story even where the country is never named);
- the entity type scales the whole (``TYPE_WEIGHT``): the aggregator tags countries and
  leaders, rarely cities.

A pair's score is the geometric mean of its members' salience, boosted by the number of
sentences that name both. Pair labels put the two names in a fixed (sorted) order so one pair
has one label across articles.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from itertools import combinations
from typing import Any

from ..model import Doc, Entity, Tag
from ..pipeline import stage

VERSION = "tags-1"

TITLE_WEIGHT = 3.0
EARLY_BONUS = 1.0
ACTOR_SHARE = 0.5
TYPE_WEIGHT = {"country": 1.0, "PERS": 1.0, "ORG": 0.8, "LOC": 0.7, "MISC": 0.5}
# Pairs with a person rank below country pairs: the aggregator sample's pair tags are all
# country pairs (روسيا وكوريا الشمالية، أمريكا وكوريا الشمالية، روسيا وأمريكا).
PERSON_PAIR_WEIGHT = 0.5
MAX_ENTITY_TAGS = 6
MAX_PAIR_TAGS = 5
# An entity named once, late, in the body only (salience ~1) is not what the article is about.
MIN_ENTITY_SCORE = 1.5
MIN_PAIR_SCORE = 1.2


def _is_country(e: Entity) -> bool:
    return e.type == "LOC" and e.country is not None and e.id == f"kb:{e.country}"


def salience(doc: Doc) -> dict[str, float]:
    """Entity id → salience score (see the module docstring)."""
    body_len = max(len(doc.article.body), 1)
    raw: dict[str, float] = {}
    for e in doc.ann.entities:
        score = sum(TITLE_WEIGHT if m.field == "title" else 1.0 for m in e.mentions)
        body_starts = [m.start for m in e.mentions if m.field == "body"]
        if body_starts:
            score += EARLY_BONUS * (1.0 - min(body_starts) / body_len)
        raw[e.id] = score
    shares: dict[str, float] = defaultdict(float)
    for e in doc.ann.entities:
        if e.country and not _is_country(e) and e.type in ("PERS", "ORG"):
            shares[f"kb:{e.country}"] += ACTOR_SHARE * raw[e.id]
    out = {}
    for e in doc.ann.entities:
        weight = TYPE_WEIGHT["country"] if _is_country(e) else TYPE_WEIGHT.get(e.type, 0.5)
        out[e.id] = weight * (raw[e.id] + shares.get(e.id, 0.0))
    return out


def _unit(e: Entity) -> str:
    """What an entity counts as in a pair: a person as themself; a place or organisation as its
    country (the aggregator pairs countries: Moscow and the Kremlin stand for Russia)."""
    if e.type == "PERS" or not e.country:
        return e.id
    return f"kb:{e.country}"


_SENTENCE_RE = re.compile(r"[^.!?؟\n]+")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Plain sentence spans. Co-occurrence needs no quote-aware splitting (a quoted sentence
    splitting off changes a pair count by one), and marsad.text.sentences costs more than the
    whole entity stage on a 400-word article."""
    return [m.span() for m in _SENTENCE_RE.finditer(text)]


def _cooccurrences(doc: Doc, units: dict[str, str]) -> dict[frozenset[str], int]:
    """Pair of units → number of sentences (and the title) naming both."""
    spans = _sentences(doc.article.body)
    starts = [s for s, _ in spans]
    per_sentence: list[set[str]] = [set() for _ in spans]
    title_units: set[str] = set()
    for e in doc.ann.entities:
        for m in e.mentions:
            if m.field == "title":
                title_units.add(units[e.id])
                continue
            k = bisect_right(starts, m.start) - 1
            if 0 <= k < len(spans) and m.start < spans[k][1]:
                per_sentence[k].add(units[e.id])
    counts: dict[frozenset[str], int] = defaultdict(int)
    for ids in [*per_sentence, title_units]:
        for a, b in combinations(sorted(ids), 2):
            counts[frozenset((a, b))] += 1
    return counts


def make_tags(doc: Doc) -> list[Tag]:
    """Ranked entity tags then ranked pair tags for one annotated document."""
    sal = salience(doc)
    by_id = {e.id: e for e in doc.ann.entities}
    ranked = sorted(sal, key=lambda i: (-sal[i], i))
    tags = [
        Tag(label=by_id[i].name, kind="entity", entities=[i], score=round(sal[i], 3))
        for i in ranked[:MAX_ENTITY_TAGS]
        if sal[i] >= MIN_ENTITY_SCORE
    ]
    units = {e.id: _unit(e) for e in doc.ann.entities}
    unit_sal: dict[str, float] = defaultdict(float)
    for eid, u in units.items():
        # A country's own salience already holds its actors' share; its cities add theirs.
        unit_sal[u] = max(unit_sal[u], sal[eid]) if u == eid else unit_sal[u] + ACTOR_SHARE * sal[eid]
    names = {u: by_id[u].name for u in unit_sal if u in by_id}
    pairs = []
    for pair, n in _cooccurrences(doc, units).items():
        if any(u not in names for u in pair):
            continue  # a country known only through its actors: no name to print
        a, b = sorted(pair, key=lambda u: names[u])
        if f"kb:{by_id[a].country}" == b or f"kb:{by_id[b].country}" == a:
            continue  # a person with their own country says nothing about a relation
        kind = 1.0 if all(_is_country(by_id[u]) for u in (a, b)) else PERSON_PAIR_WEIGHT
        score = kind * math.sqrt(unit_sal[a] * unit_sal[b]) * (1.0 + math.log1p(n))
        if score >= MIN_PAIR_SCORE:
            pairs.append((score, a, b))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    for score, a, b in pairs[:MAX_PAIR_TAGS]:
        tags.append(Tag(label=f"{names[a]} و{names[b]}", kind="pair", entities=[a, b], score=round(score, 3)))
    return tags


class Tagger:
    """The "tags" stage: reads ``doc.ann.entities``, writes ``doc.ann.tags``."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        doc.ann.tags = make_tags(doc)
        return doc


@stage("tags")
def _factory() -> Any:
    return Tagger()
