"""Read also ("إقرأ أيضاً"): what to read after an article, each with its reason.

Order, as the aggregator page does it:

1. **same story** — the story's other articles: other outlets' reports first, then the
   later developments from the same outlet, then earlier ones; within each group by
   same-story score (when both articles have stored story features) and then time;
2. links the source page itself gave (reason "page", kept from ``doc.ann.related``);
3. **shared entities** — the closest articles of *other* stories among those naming
   the article's main entities (most-mentioned first) within a week either side, one per
   story, ranked by same-story score plus shared-entity weight.

Used by the API, the export and the article page. Reads only the store: it works for
any stored article, whether or not the "stories" stage ran at its ingest (without
stored features the scores are 0 and time order decides).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..model import Doc, Related
from .similarity import DAY, Features, score, shared_entities, unpack
from .stage import VECTOR_KIND

ENTITY_WINDOW_DAYS = 7
MAIN_ENTITIES = 5
PER_ENTITY = 30


def _features(store: Any, ids: Iterable[str]) -> dict[str, Features]:
    get = getattr(store, "get_vectors", None)
    if get is None:
        return {}
    out = {}
    for aid, blob in get(VECTOR_KIND, list(ids)).items():
        try:
            out[aid] = unpack(aid, blob)
        except (ValueError, KeyError):
            continue
    return out


def _pair_score(feats: dict[str, Features], a: str, b: str) -> float:
    fa, fb = feats.get(a), feats.get(b)
    return score(fa, fb) if fa is not None and fb is not None else 0.0


def _ts(d: Doc) -> float:
    p: datetime | None = d.article.published
    return p.timestamp() if p else 0.0


def same_story(store: Any, doc: Doc, feats: dict[str, Features]) -> list[Related]:
    if not doc.ann.story:
        return []
    members = [d for d in store.story_articles(doc.ann.story) if d.id != doc.id]
    mine = _ts(doc)

    def rank(d: Doc) -> tuple[int, float, float]:
        other_outlet = d.article.outlet != doc.article.outlet
        group = 0 if other_outlet else (1 if _ts(d) >= mine else 2)
        return (group, -_pair_score(feats, doc.id, d.id), -_ts(d) if group == 2 else _ts(d))

    feats.update(_features(store, [d.id for d in members if d.id not in feats]))
    return [
        Related(id=d.id, reason="same story", score=round(_pair_score(feats, doc.id, d.id), 4))
        for d in sorted(members, key=rank)
    ]


def main_entities(doc: Doc) -> list[str]:
    ents = sorted(doc.ann.entities, key=lambda e: (-len(e.mentions), e.id))
    return [e.id for e in ents[:MAIN_ENTITIES]]


def shared_entity_articles(
    store: Any, doc: Doc, feats: dict[str, Features], exclude: set[str]
) -> list[Related]:
    mine = _ts(doc)
    pool: dict[str, Doc] = {}
    for eid in main_entities(doc):
        for d in store.entity_articles(eid, limit=PER_ENTITY):
            if d.id in exclude or d.id in pool or (doc.ann.story and d.ann.story == doc.ann.story):
                continue
            if mine and _ts(d) and abs(_ts(d) - mine) > ENTITY_WINDOW_DAYS * DAY:
                continue
            pool[d.id] = d
    if not pool:
        return []
    feats.update(_features(store, [i for i in pool if i not in feats]))
    mine_ents = {e.id for e in doc.ann.entities}
    best_per_story: dict[str, tuple[float, float, str]] = {}
    for aid, d in pool.items():
        fa, fb = feats.get(doc.id), feats.get(aid)
        if fa is not None and fb is not None:
            sim, shared = score(fa, fb), shared_entities(fa, fb)
        else:
            theirs = {e.id for e in d.ann.entities}
            sim, shared = 0.0, len(mine_ents & theirs) / max(1, len(mine_ents | theirs))
        key = d.ann.story or aid
        cand = (sim + shared, sim, aid)
        if key not in best_per_story or cand > best_per_story[key]:
            best_per_story[key] = cand
    ranked = sorted(best_per_story.values(), key=lambda c: (-c[0], c[2]))
    return [Related(id=aid, reason="shared entities", score=round(sim, 4)) for _, sim, aid in ranked]


def read_also(store: Any, doc: Doc, limit: int = 10) -> list[Related]:
    """Ranked related articles for ``doc``: same story, page links, shared entities."""
    feats = _features(store, [doc.id])
    out = same_story(store, doc, feats)
    seen = {doc.id, *(r.id for r in out)}
    for r in doc.ann.related:
        if r.reason == "page" and r.id not in seen:
            out.append(r)
            seen.add(r.id)
    if len(out) < limit:
        out.extend(shared_entity_articles(store, doc, feats, seen))
    return out[:limit]
