"""Training and honest measurement of the event filter (:class:`.event_lexicon.EventFilter`).

The filter is a logistic model per PLOVER type over :func:`marsad.nlp.events.filter_features`,
fitted on the OEDA development half. Figures of a model on the sentences it was trained on are
optimistic (in-sample F1 0.96 against about 0.67 out of fold, 2026-11-30), so this module also
gives the *out-of-fold* probability of every sentence: folds are grouped by source document
(OEDA ids are ``<document>-<sentence>``), since sentences of one article share names and
wording and would otherwise leak between training and test folds.

numpy only: the build script (``scripts/build_event_lexicon.py``) and ``marsad eval events``
both train with it, and numpy is a run-time dependency.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FOLDS = 5
L2_GRID = (0.003, 0.03)
THRESHOLDS = tuple(t / 100 for t in range(20, 81, 5))
STEPS = 300
SEED = 13  # fold assignment of documents: fixed, so every run reports the same figures


@dataclass
class FilterModel:
    weights: dict[str, float]
    bias: float

    def probability(self, features: Sequence[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Choice:
    """Hyperparameters picked by out-of-fold F1, with the figures at that choice."""

    l2: float
    threshold: float
    precision: float
    recall: float
    f1: float


def fit_logistic(feats: Sequence[Sequence[str]], labels: Sequence[bool], l2: float) -> FilterModel:
    """Class-balanced L2 logistic regression by full-batch Adam (deterministic, numpy only).

    Word and bigram features seen once are dropped: they can only memorise a sentence."""
    df = Counter(f for fs in feats for f in set(fs))
    kept = sorted(f for f, n in df.items() if n >= 2 or not f.startswith(("w=", "b=")))
    vocab = {f: i for i, f in enumerate(kept)}
    x = np.zeros((len(feats), len(vocab)))
    for i, fs in enumerate(feats):
        for f in fs:
            if f in vocab:
                x[i, vocab[f]] = 1.0
    y = np.array(labels, dtype=float)
    pos = max(float(y.mean()) if len(y) else 0.0, 1e-6)
    sw = np.where(y > 0, 0.5 / pos, 0.5 / max(1 - pos, 1e-6))
    theta = np.zeros(len(vocab) + 1)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, STEPS + 1):
        z = x @ theta[:-1] + theta[-1]
        g = sw * (1 / (1 + np.exp(-z)) - y) / max(len(y), 1)
        grad = np.append(x.T @ g + l2 * theta[:-1], g.sum())
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        theta -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    weights = {f: round(float(theta[i]), 4) for f, i in vocab.items() if abs(theta[i]) >= 1e-4}
    return FilterModel(weights, round(float(theta[-1]), 4))


def document_of(sentence_id: str) -> str:
    """OEDA sentence ids are ``<document>-<n>``; the document is the unit of a fold."""
    return sentence_id.rsplit("-", 1)[0]


def grouped_folds(groups: Sequence[str], k: int = FOLDS) -> list[int]:
    """Fold number of every row, whole documents to one fold, documents shuffled with a fixed seed."""
    docs = sorted(set(groups))
    random.Random(SEED).shuffle(docs)
    fold_of = {d: n % k for n, d in enumerate(docs)}
    return [fold_of[g] for g in groups]


def out_of_fold(
    feats: Sequence[Sequence[str]], labels: Sequence[bool], groups: Sequence[str], l2: float
) -> list[float]:
    """Each row's probability from a model trained on the other folds."""
    folds = grouped_folds(groups)
    probs = [0.0] * len(labels)
    for k in range(FOLDS):
        train = [i for i, f in enumerate(folds) if f != k]
        if not train:
            continue
        model = fit_logistic([feats[i] for i in train], [labels[i] for i in train], l2)
        for i, f in enumerate(folds):
            if f == k:
                probs[i] = model.probability(feats[i])
    return probs


def prf(
    probs: Sequence[float], labels: Sequence[bool], positives: int, threshold: float
) -> tuple[float, float, float]:
    """Precision, recall over ``positives`` (gold positives no trigger reached count as misses), F1."""
    tp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= threshold and y)
    fp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= threshold and not y)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / positives if positives else 0.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def choose(
    feats: Sequence[Sequence[str]], labels: Sequence[bool], groups: Sequence[str], positives: int
) -> Choice:
    """L2 and threshold with the best out-of-fold F1. The figures at the chosen point are a
    little optimistic: two hyperparameters were picked on the same folds they are measured on."""
    best: Choice | None = None
    for l2 in L2_GRID:
        probs = out_of_fold(feats, labels, groups, l2)
        for th in THRESHOLDS:
            p, r, f = prf(probs, labels, positives, th)
            if best is None or f > best.f1:
                best = Choice(l2, th, p, r, f)
    assert best is not None
    return best
