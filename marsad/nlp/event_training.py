"""Training and honest measurement of the event filter (:class:`.event_lexicon.EventFilter`).

The filter is a logistic model per PLOVER type over :func:`marsad.nlp.events.filter_features`,
fitted on the OEDA development half. Figures of a model on the sentences it was trained on are
optimistic (in-sample ASSAULT F1 0.98 against 0.71 out of fold, 2026-11-30), so this module also
gives the *out-of-fold* probability of every sentence: folds are grouped by source document
(OEDA ids are ``<document>-<sentence>``), since sentences of one article share names and
wording and would otherwise leak between training and test folds.

Choosing the regularisation and the threshold on the very folds that are scored flatters the
score too, so :func:`nested_out_of_fold` picks both inside each training fold (an inner
grouped cross-validation on the training documents only) before scoring the held-out fold:
the figure it gives is an estimate for unseen text with nothing tuned on the scored rows.

numpy and scipy.sparse only: the build script (``scripts/build_event_lexicon.py``) and
``marsad eval events`` both train with it. Features are sparse (a sentence has a few hundred
character n-grams of tens of thousands), so the design matrix is CSR: a nested evaluation fits
some 130 models, and CSR products made each fit about four times faster than ``np.bincount``
over index pairs.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

FOLDS = 5
INNER_FOLDS = 4  # inside a training fold of a nested run: fewer documents, fewer folds
L2_GRID = (0.003, 0.01, 0.03)
THRESHOLDS = tuple(t / 100 for t in range(20, 81, 5))
STEPS = 300
LEARNING_RATE = 0.05
SEED = 13  # fold assignment of documents: fixed, so every run reports the same figures
# Features that name one word, word pair or character n-gram: kept only when two training
# sentences share them, since a feature seen once can only memorise its sentence.
LEXICAL_PREFIXES = ("w=", "b=", "c=")


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
    """Class-balanced L2 logistic regression by full-batch Adam (deterministic)."""
    df = Counter(f for fs in feats for f in set(fs))
    kept = sorted(f for f, n in df.items() if n >= 2 or not f.startswith(LEXICAL_PREFIXES))
    vocab = {f: i for i, f in enumerate(kept)}
    x = _design(feats, vocab)
    xt = x.T.tocsr()
    n, d = x.shape
    y = np.array(labels, dtype=float)
    pos = max(float(y.mean()) if n else 0.0, 1e-6)
    sw = np.where(y > 0, 0.5 / pos, 0.5 / max(1 - pos, 1e-6))
    theta = np.zeros(d + 1)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, STEPS + 1):
        z = x @ theta[:-1] + theta[-1]
        g = sw * (1 / (1 + np.exp(-z)) - y) / max(n, 1)
        grad = np.append(xt @ g + l2 * theta[:-1], g.sum())
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        theta -= LEARNING_RATE * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    weights = {f: round(float(theta[i]), 4) for f, i in vocab.items() if abs(theta[i]) >= 1e-4}
    return FilterModel(weights, round(float(theta[-1]), 4))


def _design(feats: Sequence[Sequence[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Binary rows × features matrix; a sentence has a few hundred of tens of thousands."""
    rows: list[int] = []
    cols: list[int] = []
    for i, fs in enumerate(feats):
        idx = {vocab[f] for f in fs if f in vocab}
        rows += [i] * len(idx)
        cols += idx
    return sparse.csr_matrix(
        (np.ones(len(rows)), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=(len(feats), len(vocab)),
    )


def document_of(sentence_id: str) -> str:
    """OEDA sentence ids are ``<document>-<n>``; the document is the unit of a fold."""
    return sentence_id.rsplit("-", 1)[0]


def grouped_folds(groups: Sequence[str], k: int = FOLDS, seed: int = SEED) -> list[int]:
    """Fold number of every row, whole documents to one fold, documents shuffled with a fixed seed."""
    docs = sorted(set(groups))
    random.Random(seed).shuffle(docs)
    fold_of = {d: n % k for n, d in enumerate(docs)}
    return [fold_of[g] for g in groups]


def out_of_fold(
    feats: Sequence[Sequence[str]],
    labels: Sequence[bool],
    groups: Sequence[str],
    l2: float,
    k: int = FOLDS,
    seed: int = SEED,
) -> list[float]:
    """Each row's probability from a model trained on the other folds."""
    folds = grouped_folds(groups, k, seed)
    probs = [0.0] * len(labels)
    for fold in range(k):
        train = [i for i, f in enumerate(folds) if f != fold]
        if not train:
            continue
        model = fit_logistic([feats[i] for i in train], [labels[i] for i in train], l2)
        for i, f in enumerate(folds):
            if f == fold:
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
    feats: Sequence[Sequence[str]],
    labels: Sequence[bool],
    groups: Sequence[str],
    positives: int,
    k: int = FOLDS,
    seed: int = SEED,
) -> Choice:
    """L2 and threshold with the best out-of-fold F1 over ``k`` document-grouped folds. The
    figures at the chosen point are optimistic (picked on the folds they are measured on): use
    :func:`nested_out_of_fold` for an estimate."""
    best: Choice | None = None
    for l2 in L2_GRID:
        probs = out_of_fold(feats, labels, groups, l2, k, seed)
        for th in THRESHOLDS:
            p, r, f = prf(probs, labels, positives, th)
            if best is None or f > best.f1:
                best = Choice(l2, th, p, r, f)
    assert best is not None
    return best


def nested_out_of_fold(
    feats: Sequence[Sequence[str]],
    labels: Sequence[bool],
    groups: Sequence[str],
    missed: Counter[str] | None = None,
    seed: int = SEED,
) -> tuple[list[float], list[float]]:
    """Each row's out-of-fold probability and the threshold to compare it with, both from its
    training folds alone: L2 and threshold are chosen by :func:`choose` on the training
    documents (inner folds), then a model fitted on all of them scores the held-out fold.
    ``missed`` counts, per document, the gold positives that have no candidate row (no trigger):
    they count against recall in the inner choice as they do in the outer score. ``seed`` deals
    the documents to folds: with some 40 PROTEST positives one assignment's figure moves by several
    points from the next, so :mod:`.event_eval` reports a few assignments."""
    missed = missed or Counter()
    folds = grouped_folds(groups, FOLDS, seed)
    probs = [0.0] * len(labels)
    thresholds = [1.0] * len(labels)
    for fold in range(FOLDS):
        train = [i for i, f in enumerate(folds) if f != fold]
        test = [i for i, f in enumerate(folds) if f == fold]
        if not train or not test:
            continue
        t_feats, t_labels = [feats[i] for i in train], [labels[i] for i in train]
        t_groups = [groups[i] for i in train]
        positives = sum(t_labels) + sum(missed[g] for g in set(t_groups))
        choice = choose(t_feats, t_labels, t_groups, positives, INNER_FOLDS, seed + 1)
        model = fit_logistic(t_feats, t_labels, choice.l2)
        for i in test:
            probs[i] = model.probability(feats[i])
            thresholds[i] = choice.threshold
    return probs, thresholds
