"""Online story clustering: each article, in time order, joins a story or opens one.

For an article published on day *d* the clusterer looks only at articles of days
*d − w … d + w* (``window_days`` in ``marsad/data/stories/params.json``): one usearch
index per UTC day yields the nearest neighbours by embedding, each neighbour is
scored with the full same-story similarity (:mod:`marsad.stories.similarity`), and
each candidate story gets the mean of its ``top_members`` best member scores
(compared against its ``recent_members`` latest members). The article joins the best
story scoring at least ``join``, or opens ``"s-" + its id``.

When the article also scores at least ``merge`` with a second story, it bridges the
two and they merge: the older story (earliest first article) keeps its id, and the
merge is recorded (:meth:`StoryClusterer.resolve`) so ids already handed out stay
valid.

Stories also **split** as evidence arrives. Joining needs only the best two member
scores, so a story can grow as a chain: A, then B close to A, then C close to B but
not to A. Each time a story gains an article, its members in the window (at most
``recent_members``) are re-grouped by average linkage over their pair scores — the
mean score between two groups, not the best one, so one bridging article cannot hold
two sets of articles together. If the grouping stops with two or more groups of at
least ``split_min`` articles whose mean cross score is below ``split``, the story
splits: the group holding its oldest member (and the members already out of the
window) keeps the id; every other group becomes the story ``"s-" + its oldest
member``, which is deterministic, so reprocessing the same input gives the same ids.
The moves are reported in :attr:`Assignment.moved` so a store can rewrite them.

Days that fall out of the window are evicted with their index, so memory and
the cost per article stay flat however large the archive grows (``bench/stories.py``).

Same input, same order → same ids: candidates are visited in sorted order, ties break
on story id, and the small per-day indices are searched exhaustively (``exact``) so the
neighbour sets do not depend on HNSW's random levels.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
from usearch.index import Index

from .embed import DIM, Encoder
from .similarity import DAY, Features, Params, default_params, featurize, score, shared_entities

STORY_PREFIX = "s-"


class DayIndex:
    """The embeddings of one day's articles."""

    def __init__(self) -> None:
        self.index = Index(ndim=DIM, metric="cos", dtype="f32")
        self.keys: list[str] = []

    def add(self, article_id: str, vector: np.ndarray) -> None:
        self.index.add(len(self.keys), vector, threads=1)
        self.keys.append(article_id)

    def nearest(self, vector: np.ndarray, k: int) -> list[str]:
        if not self.keys:
            return []
        # A day holds a few hundred articles: exhaustive search costs microseconds and
        # makes the neighbour set deterministic.
        m = self.index.search(vector, min(k, len(self.keys)), threads=1, exact=True)
        return [self.keys[int(key)] for key in m.keys]


@dataclass
class Assignment:
    """Where one article went, and what it was compared with."""

    article: str
    story: str
    score: float  # the story's score for the article (0 for a new story)
    merged: list[str] = field(default_factory=list)  # story ids absorbed into ``story``
    moved: dict[str, str] = field(default_factory=dict)  # article -> new story, from a split
    same_story: list[tuple[str, float]] = field(default_factory=list)  # (article, score), best first
    related: list[tuple[str, float, float]] = field(default_factory=list)  # (article, score, shared)


class StoryClusterer:
    def __init__(self, params: Params | None = None):
        self.p = params or default_params()
        self.features: dict[str, Features] = {}  # articles in the window
        self.story_of: dict[str, str] = {}  # article in the window -> story (as assigned)
        self.members: dict[str, list[str]] = {}  # story -> its members in the window, oldest first
        self.first_ts: dict[str, float] = {}  # story -> publication time of its first article
        self.merged_into: dict[str, str] = {}  # absorbed story -> the story that absorbed it
        self.days: dict[int, DayIndex] = {}
        self.clock: float | None = None  # latest publication time seen
        self.pair_scores = 0  # pairs scored so far (cost accounting for the benchmark)
        self.scored: dict[str, dict[str, float]] = {}  # article -> {earlier article: score}

    # ------------------------------------------------------------------ stories

    def resolve(self, story: str) -> str:
        """The current id of a story that may have been merged since."""
        seen = []
        while story in self.merged_into:
            seen.append(story)
            story = self.merged_into[story]
        for s in seen[:-1]:  # path compression
            self.merged_into[s] = story
        return story

    def _story_score(self, f: Features, story: str, known: dict[str, float]) -> float:
        scores = []
        for aid in self.members.get(story, [])[-self.p.recent_members :]:
            s = known.get(aid)
            if s is None:
                s = known[aid] = self._pair(f, aid)
            scores.append(s)
        if not scores:
            return 0.0
        scores.sort(reverse=True)
        top = scores[: self.p.top_members]
        return sum(top) / len(top)

    def _pair(self, f: Features, other: str) -> float:
        self.pair_scores += 1
        return score(f, self.features[other], self.p)

    def pair_score(self, a: str, b: str) -> float:
        """Score of two articles in the window (cached: each pair is scored once)."""
        hit = self.scored.get(a, {}).get(b)
        if hit is None:
            hit = self.scored.get(b, {}).get(a)
        if hit is None:
            hit = self._pair(self.features[a], b)
            self.scored.setdefault(a, {})[b] = hit
        return hit

    def _merge(self, stories: list[str]) -> tuple[str, list[str]]:
        """Merge ``stories`` into the oldest; returns (survivor, absorbed)."""
        survivor = min(stories, key=lambda s: (self.first_ts.get(s, math.inf), s))
        absorbed = [s for s in stories if s != survivor]
        for s in absorbed:
            self.merged_into[s] = survivor
            for aid in self.members.pop(s, []):
                self.story_of[aid] = survivor
                self.members.setdefault(survivor, []).append(aid)
            self.first_ts[survivor] = min(
                self.first_ts.get(survivor, math.inf), self.first_ts.pop(s, math.inf)
            )
        self.members[survivor].sort(key=lambda a: (self.features[a].ts or 0.0, a))
        return survivor, absorbed

    # ------------------------------------------------------------------ splits

    def _split(self, story: str) -> dict[str, str]:
        """Split ``story`` when its recent members fall into groups that average linkage
        keeps apart; returns article -> new story for the articles that moved."""
        members = self.members.get(story, [])
        recent = members[-self.p.recent_members :]
        if self.p.split <= 0.0 or len(recent) < 2 * self.p.split_min:
            return {}
        groups = self._average_link(recent)
        if len(groups) < 2:
            return {}
        order = {a: k for k, a in enumerate(members)}
        groups.sort(key=lambda g: min(order[a] for a in g))
        moved: dict[str, str] = {}
        for group in groups[1:]:  # the group with the oldest member keeps the id
            ordered = sorted(group, key=order.__getitem__)
            new = STORY_PREFIX + ordered[0]
            if new == story or new in self.members:  # cannot happen with ids made here; be safe
                continue
            self.merged_into.pop(new, None)  # a story merged in earlier can come back out
            for aid in ordered:
                self.story_of[aid] = new
                moved[aid] = new
            self.members[new] = ordered
            self.first_ts[new] = self.features[ordered[0]].ts or 0.0
        self.members[story] = [a for a in members if a not in moved]
        return moved

    def _average_link(self, ids: list[str]) -> list[list[str]]:
        """Average-linkage (UPGMA) grouping of ``ids``, stopped when no two groups average
        ``split`` or more; groups smaller than ``split_min`` are folded back into the
        group they are closest to, so only substantial parts split off."""
        n = len(ids)
        sim = np.zeros((n, n))
        for i in range(n):
            for j in range(i):
                sim[i, j] = sim[j, i] = self.pair_score(ids[i], ids[j])
        # UPGMA with the group-to-group score sums kept up to date: O(n²) per merge.
        sums, sizes = sim.copy(), np.ones(n)
        members: dict[int, list[int]] = {i: [i] for i in range(n)}
        while len(members) > 1:
            live = sorted(members)
            link = sums[np.ix_(live, live)] / np.outer(sizes[live], sizes[live])
            np.fill_diagonal(link, -np.inf)
            x, y = divmod(int(np.argmax(link)), len(live))
            if link[x, y] < self.p.split:
                break
            keep, gone = min(live[x], live[y]), max(live[x], live[y])
            sums[keep, :] += sums[gone, :]
            sums[:, keep] += sums[:, gone]
            sizes[keep] += sizes[gone]
            members[keep].extend(members.pop(gone))
        groups = list(members.values())
        small = [g for g in groups if len(g) < self.p.split_min]
        big = [g for g in groups if len(g) >= self.p.split_min]
        if len(big) < 2:
            return [[ids[i] for i in range(n)]]
        for g in small:
            home = max(big, key=lambda b: float(sim[np.ix_(g, b)].mean()))
            home.extend(g)
        return [[ids[i] for i in g] for g in big]

    # ------------------------------------------------------------------ articles

    def _day(self, ts: float) -> int:
        return math.floor(ts / DAY)

    def candidates(self, f: Features, ts: float) -> list[str]:
        day, w = self._day(ts), math.ceil(self.p.window_days)
        found: set[str] = set()
        for d in range(day - w, day + w + 1):
            idx = self.days.get(d)
            if idx is not None:
                found.update(idx.nearest(f.vector, self.p.neighbours))
        return sorted(a for a in found if a != f.id)

    def add(self, f: Features, story: str | None = None, explain: bool = True) -> Assignment:
        """Cluster one article. ``story`` given: restore a known assignment (an article
        stored earlier) without deciding anything; ``explain=False`` skips the scoring
        that fills ``same_story``/``related`` (reloading a window from a store)."""
        ts = f.ts if f.ts is not None else (self.clock if self.clock is not None else 0.0)
        known: dict[str, float] = {}
        result: Assignment
        if story is None and f.id in self.story_of:  # seen again: it keeps its story
            story = self.story_of[f.id]
        if story is not None:
            result = Assignment(f.id, self.resolve(story), 0.0)
            if explain:
                self._score_candidates(f, ts, known)
        else:
            result = self._decide(f, ts, known)
        fresh = f.id not in self.features
        self._insert(f, ts, result.story)
        if fresh:
            self.scored.setdefault(f.id, {}).update(known)
            if story is None and result.score > 0.0:  # it joined a story: re-check that story
                result.moved = self._split(result.story)
                result.story = self.story_of[f.id]
        self._evict()
        if explain:
            self._explain(result, known)
        return result

    def _score_candidates(self, f: Features, ts: float, known: dict[str, float]) -> None:
        for aid in self.candidates(f, ts):
            known[aid] = self._pair(f, aid)

    def _decide(self, f: Features, ts: float, known: dict[str, float]) -> Assignment:
        self._score_candidates(f, ts, known)
        stories = sorted({self.resolve(self.story_of[a]) for a in known})
        ranked = sorted(((self._story_score(f, s, known), s) for s in stories), key=lambda x: (-x[0], x[1]))
        if not ranked or ranked[0][0] < self.p.join:
            return Assignment(f.id, STORY_PREFIX + f.id, 0.0)
        best_score, best = ranked[0]
        bridged = [s for sc, s in ranked[1:] if sc >= self.p.merge]
        if best_score >= self.p.merge and bridged:
            best, absorbed = self._merge([best, *bridged])
            return Assignment(f.id, best, best_score, merged=absorbed)
        return Assignment(f.id, best, best_score)

    def _insert(self, f: Features, ts: float, story: str) -> None:
        if f.id in self.features:  # the same article again: keep its first placement
            return
        self.features[f.id] = f
        self.story_of[f.id] = story
        self.members.setdefault(story, []).append(f.id)
        self.first_ts.setdefault(story, ts)
        self.days.setdefault(self._day(ts), DayIndex()).add(f.id, f.vector)
        self.clock = ts if self.clock is None else max(self.clock, ts)

    def _evict(self) -> None:
        """Drop the days that left the window (relative to the latest article seen)."""
        if self.clock is None:
            return
        oldest = self._day(self.clock) - math.ceil(self.p.window_days)
        for d in [d for d in self.days if d < oldest]:
            for aid in self.days.pop(d).keys:
                self.features.pop(aid, None)
                self.scored.pop(aid, None)
                story = self.story_of.pop(aid, None)
                if story is None:
                    continue
                story = self.resolve(story)
                mem = self.members.get(story)
                if mem is not None and aid in mem:
                    mem.remove(aid)
                    if not mem:
                        del self.members[story]
                        self.first_ts.pop(story, None)

    def _explain(self, result: Assignment, known: dict[str, float]) -> None:
        """Fill the same-story and related lists from the pairs already scored."""
        for aid, s in sorted(known.items(), key=lambda kv: (-kv[1], kv[0])):
            if aid not in self.features:
                continue
            if self.resolve(self.story_of[aid]) == result.story:
                result.same_story.append((aid, s))
            elif s >= self.p.related_min:
                shared = shared_entities(self.features[result.article], self.features[aid])
                if shared > 0:
                    result.related.append((aid, s, shared))


# ---------------------------------------------------------------------- batch: JSON Lines


def parse_time(value: Any) -> datetime | None:
    """ISO 8601 first (the usual case, fast), then the project's date parser."""
    if not value:
        return None
    s = str(value)
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        from ..text.dates import parse_date

        return parse_date(s)
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass
class Record:
    id: str
    title: str
    text: str
    published: datetime | None
    outlet: str | None


def read_records(path: Path | str) -> list[Record]:
    opener = gzip.open if str(path).endswith(".gz") else open
    out = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                out.append(
                    Record(
                        str(r["id"]),
                        str(r.get("title") or ""),
                        str(r.get("text") or r.get("body") or ""),
                        parse_time(r.get("published")),
                        r.get("outlet"),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: bad article line ({exc})") from exc
    return out


def time_order(records: Iterable[Record]) -> list[Record]:
    """Publication order; undated articles keep their input position after the dated
    ones before them (a stable sort on the last known time)."""
    keyed = []
    last = datetime.min.replace(tzinfo=UTC)
    for pos, r in enumerate(records):
        if r.published is not None:
            last = r.published
        keyed.append(((r.published or last), pos, r))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [k[2] for k in keyed]


def cluster_records(
    records: Iterable[Record], embedder: Encoder | None = None, params: Params | None = None, batch: int = 64
) -> dict[str, str]:
    """Article id → story id for ``records`` clustered in time order."""
    ordered = time_order(records)
    clusterer = StoryClusterer(params)
    assigned: dict[str, str] = {}
    for start in range(0, len(ordered), batch):
        chunk = ordered[start : start + batch]
        feats = featurize(
            [(r.id, r.title, r.text, r.published, r.outlet, None) for r in chunk], embedder, params
        )
        for f in feats:
            result = clusterer.add(f)
            assigned.update(result.moved)
            assigned[f.id] = result.story
    return {aid: clusterer.resolve(s) for aid, s in assigned.items()}


def iter_assignments(path: Path | str) -> Iterator[dict[str, str]]:
    records = read_records(path)
    stories = cluster_records(records)
    for r in records:  # input order, so the output lines up with the input
        yield {"id": r.id, "story": stories[r.id]}


def cluster_jsonl(path: Path | str, out: IO[str]) -> int:
    """``marsad cluster IN.jsonl``: ``{"id", "story"}`` per article, in input order."""
    n = 0
    for row in iter_assignments(path):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n
