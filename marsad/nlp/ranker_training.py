"""Training rows and honest measurement of the actor ranker (:mod:`.event_ranker`).

A training example is one event of a labelled sentence, with the actor chunks of its sentence,
each labelled per side by whether it covers the words the annotators gave for that side:

* **OEDA spans** (``../shared/events/oeda_dev/*_spans.json``): each annotator's source and target
  words; a chunk is the side's when it overlaps the words of at least half of the annotators
  who named an actor there, and the side is empty when fewer than half named one.
* **Our news spans** (``eval/events/actors_train.tsv``): one annotator's words per side, stored
  as body offsets (no text), from sentences of ``eval/events/news_train.tsv``.

Scored per event: the choice of a side is right when it is a chunk labelled for that side, or
empty when none is. Folds are grouped by document (OEDA sentence ids carry theirs; a news
article is one), so the cross-validated figure is for unseen articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..model import Doc, Event
from ..pipeline import Pipeline
from .event_eval import oeda_doc
from .event_judged import ACTOR_COLUMNS, judged_docs, tsv_rows, write_actor_labels
from .event_lexicon import default_lexicon
from .event_ranker import SIDES, ActorContext, candidate_features
from .event_training import FilterModel, document_of, fit_logistic, grouped_folds
from .events import actor_contexts

SPAN_COLUMNS = (*ACTOR_COLUMNS, "source_start", "source_end", "target_start", "target_end")
L2_GRID = (0.003, 0.01, 0.03, 0.1)
THRESHOLDS = tuple(t / 100 for t in range(5, 91, 5))


@dataclass
class Example:
    """One event: the features of each chunk, and per side which chunks are right (empty: none)."""

    group: str
    event_type: str
    feats: list[list[str]]
    gold: dict[str, set[int]] = field(default_factory=dict)  # side -> indices of right chunks
    rule: dict[str, int | None] = field(default_factory=dict)  # side -> the rules' chunk index
    unreachable: set[str] = field(default_factory=set)  # sides named by the labels but by no chunk


def _example(group: str, event: Event, ctx: ActorContext, gold_spans: dict[str, list[tuple[int, int]]], need: dict[str, int]) -> Example:
    """``gold_spans``: per side, the body spans of the annotators' words; a chunk is right when
    it overlaps at least ``need[side]`` of them (0: the side is empty)."""
    lex_feats = candidate_features(ctx, default_lexicon())
    ex = Example(group, event.type, lex_feats)
    tokens = ctx.view.tokens
    for side in SIDES:
        spans = gold_spans.get(side, [])
        right = set()
        if need[side] > 0:
            for k, c in enumerate(ctx.chunks):
                a, b = tokens[c.i].start, tokens[c.j - 1].end
                if sum(1 for s, e in spans if s < b and a < e) >= need[side]:
                    right.add(k)
        ex.gold[side] = right
        if need[side] > 0 and not right:
            ex.unreachable.add(side)
        chosen = ctx.rule_source if side == "source" else ctx.rule_target
        ex.rule[side] = next((k for k, c in enumerate(ctx.chunks) if c is chosen), None)
    return ex


def _context_of(doc: Doc, event_type: str, start: int, end: int) -> tuple[Event, ActorContext] | None:
    """The event of the type that the evaluation scores: the first in the sentence."""
    return next(
        ((e, c) for e, c in actor_contexts(doc, default_lexicon()) if e.type == event_type and start <= e.start and e.end <= end),
        None,
    )


def _find_words(text: str, words: Sequence[str]) -> tuple[int, int] | None:
    """Character span of an annotator's words in the sentence: the phrase, else the first word."""
    if not words:
        return None
    phrase = " ".join(words)
    at = text.find(phrase)
    if at >= 0:
        return at, at + len(phrase)
    at = text.find(words[0])
    return (at, at + len(words[0])) if at >= 0 else None


def oeda_examples(path: Path, pipe: Pipeline) -> list[Example]:
    items = json.loads(path.read_text(encoding="utf-8"))
    out: list[Example] = []
    for item in items:
        doc = pipe(oeda_doc(item["text"], item.get("source", item["text"])))
        found = _context_of(doc, item["event_type"], 0, len(item["text"]))
        if found is None:
            continue
        spans: dict[str, list[tuple[int, int]]] = {}
        need: dict[str, int] = {}
        for side in SIDES:
            named = [_find_words(item["text"], s.get(f"{side}_actor") or []) for s in item["spans"]]
            located = [s for s in named if s is not None]
            half = (len(item["spans"]) + 1) // 2
            spans[side] = located
            need[side] = max(1, (len(located) + 1) // 2) if len(located) >= half else 0
        out.append(_example(document_of(item.get("source", item["_id"])), *found, spans, need))
    return out


def news_examples(path: Path, corpus_dir: Path, pipe: Pipeline) -> list[Example]:
    rows = [r for _, r in tsv_rows(path, SPAN_COLUMNS, "actor-span labels")]
    docs = judged_docs(rows, corpus_dir, pipe)
    out: list[Example] = []
    for r in rows:
        key = (r["corpus"], int(r["line"]))
        found = _context_of(docs[key], r["type"], int(r["start"]), int(r["end"]))
        if found is None:
            continue
        spans = {
            side: [(int(r[f"{side}_start"]), int(r[f"{side}_end"]))] if int(r[f"{side}_start"]) >= 0 else []
            for side in SIDES
        }
        need = {side: 1 if spans[side] else 0 for side in SIDES}
        out.append(_example(f"{r['corpus']}:{r['line']}", *found, spans, need))
    return out


def write_span_labels(labels: Iterable[dict[str, object]], path: Path, comment: str = "") -> int:
    """Write actor-span labels (:data:`SPAN_COLUMNS`), offsets only."""
    return write_actor_labels(labels, path, comment, SPAN_COLUMNS)


# ---------------------------------------------------------------- fitting and scoring


def side_rows(examples: Sequence[Example], side: str) -> tuple[list[list[str]], list[bool], list[str]]:
    feats, labels, groups = [], [], []
    for ex in examples:
        for k, f in enumerate(ex.feats):
            feats.append(f)
            labels.append(k in ex.gold[side])
            groups.append(ex.group)
    return feats, labels, groups


def pick(model: FilterModel, ex: Example, threshold: float) -> int | None:
    scored = [(model.probability(f), k) for k, f in enumerate(ex.feats)]
    best = max(scored, default=None)
    return best[1] if best is not None and best[0] >= threshold else None


def right(ex: Example, side: str, choice: int | None) -> bool:
    return choice in ex.gold[side] if ex.gold[side] else choice is None


def accuracy(examples: Sequence[Example], side: str, choices: Sequence[int | None]) -> float:
    return sum(right(ex, side, c) for ex, c in zip(examples, choices, strict=True)) / max(len(examples), 1)


def rule_accuracy(examples: Sequence[Example], side: str) -> float:
    return accuracy(examples, side, [ex.rule[side] for ex in examples])


def _oof_probs(examples: Sequence[Example], side: str, l2: float, k: int, seed: int) -> list[list[float]]:
    folds = grouped_folds([ex.group for ex in examples], k, seed)
    probs: list[list[float]] = [[] for _ in examples]
    for fold in range(k):
        train = [ex for ex, f in zip(examples, folds, strict=True) if f != fold]
        if not train:
            continue
        feats, labels, _ = side_rows(train, side)
        model = fit_logistic(feats, labels, l2)
        for n, (ex, f) in enumerate(zip(examples, folds, strict=True)):
            if f == fold:
                probs[n] = [model.probability(x) for x in ex.feats]
    return probs


def _choice(probs: list[float], threshold: float) -> int | None:
    if not probs:
        return None
    k = max(range(len(probs)), key=lambda i: probs[i])
    return k if probs[k] >= threshold else None


def choose(examples: Sequence[Example], side: str, k: int = 5, seed: int = 13) -> tuple[float, float, float]:
    """(l2, threshold, out-of-fold accuracy) with the best grouped cross-validated accuracy."""
    best = (0.0, 0.0, -1.0)
    for l2 in L2_GRID:
        probs = _oof_probs(examples, side, l2, k, seed)
        for th in THRESHOLDS:
            acc = accuracy(examples, side, [_choice(p, th) for p in probs])
            if acc > best[2]:
                best = (l2, th, acc)
    return best


def nested_accuracy(examples: Sequence[Example], side: str, k: int = 5, seed: int = 13) -> tuple[float, list[int | None]]:
    """Accuracy for unseen articles: each fold's L2 and threshold chosen on the other folds alone."""
    folds = grouped_folds([ex.group for ex in examples], k, seed)
    choices: list[int | None] = [None] * len(examples)
    for fold in range(k):
        train = [ex for ex, f in zip(examples, folds, strict=True) if f != fold]
        if not train:
            continue
        l2, th, _ = choose(train, side, 4, seed + 1)
        feats, labels, _ = side_rows(train, side)
        model = fit_logistic(feats, labels, l2)
        for n, (ex, f) in enumerate(zip(examples, folds, strict=True)):
            if f == fold:
                choices[n] = pick(model, ex, th)
    return accuracy(examples, side, choices), choices


def load_examples(oeda_dir: Path, spans: Path | None, corpus_dir: Path, pipe: Pipeline) -> list[Example]:
    out: list[Example] = []
    for name in ("assault_spans.json", "protest_spans.json"):
        path = oeda_dir / name
        if not path.is_file():
            raise ConfigError(f"{path}: OEDA span file not found")
        out += oeda_examples(path, pipe)
    if spans is not None:
        out += news_examples(spans, corpus_dir, pipe)
    return out
