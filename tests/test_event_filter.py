"""The event filter: what it sees, how it is trained and measured, and what happens to the
events it rejects — kept with modality "mentioned", never reported as having happened (issue 4:
"mark them, don't drop the information") by the exports and the pair page."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from test_store import KIM, PUTIN, make_doc, with_mentions

from marsad.export import GDELT_COLUMNS, gdelt_rows
from marsad.model import Actor, Article, Doc, Event
from marsad.nlp.event_lexicon import EventFilter
from marsad.nlp.event_training import THRESHOLDS, fit_logistic, grouped_folds, nested_out_of_fold
from marsad.nlp.events import EventStage, candidate_events, char_ngrams, happened
from marsad.store import open_store

ATTACK = "قتل مسلحون ثلاثة جنود في هجوم على نقطة تفتيش أمس."
NEGATED = "لم يهاجم المسلحون القاعدة العسكرية."


def _stage(bias: float) -> EventStage:
    """The shipped lexicon with a filter that accepts (bias > 0) or rejects every ASSAULT."""
    return EventStage(event_filter=EventFilter({}, {"ASSAULT": bias}, {"ASSAULT": 0.5}))


def _events(stage: EventStage, text: str) -> list[Event]:
    return stage(Doc(article=Article(id="t", body=text, language="ar"))).ann.events


def test_rejected_events_are_kept_as_mentioned() -> None:
    accepted = [e for e in _events(_stage(30.0), ATTACK) if e.type == "ASSAULT"]
    rejected = [e for e in _events(_stage(-30.0), ATTACK) if e.type == "ASSAULT"]
    assert accepted and all(happened(e) for e in accepted)
    assert len(rejected) == len(accepted)
    assert all(e.modality == "mentioned" and not happened(e) for e in rejected)
    # same evidence, trigger and actors: only the judgement differs
    assert [(e.start, e.end, e.trigger, e.source) for e in rejected] == [
        (e.start, e.end, e.trigger, e.source) for e in accepted
    ]


def test_negated_event_keeps_its_own_marks() -> None:
    """The filter judges only events the rules say happened; a negated one stays negated."""
    events = [e for e in _events(_stage(-30.0), NEGATED) if e.type == "ASSAULT"]
    assert events and all(e.negated and e.modality != "mentioned" and not happened(e) for e in events)


def test_every_candidate_reaches_the_document() -> None:
    stage = _stage(-30.0)
    doc = Doc(article=Article(id="t", body=f"{ATTACK} {NEGATED}", language="ar"))
    assert len(stage(doc).ann.events) == len(candidate_events(doc, stage.lexicon))


def test_sample_kursk_fighting_is_kept(sample_articles: list[Article]) -> None:
    """The related article's battle for Kursk (المعارك … كورسك) is an ASSAULT candidate; whatever
    the filter decides, the event stays in the document."""
    stage = EventStage()
    hits = [
        e
        for article in sample_articles
        for e in stage(Doc(article=article)).ann.events
        if e.type == "ASSAULT" and "كورسك" in article.body[e.start : e.end] and e.trigger == "المعارك"
    ]
    assert hits, "the Kursk fighting sentence lost its ASSAULT event"


def test_char_ngrams_mark_word_edges() -> None:
    assert char_ngrams("قتل") == ["<قت", "قتل", "تل>", "<قتل", "قتل>"]
    assert char_ngrams("و") == ["<و>"]


def _event(modality: str = "asserted", negated: bool = False) -> Event:
    return Event(
        type="ASSAULT",
        cameo="190",
        start=0,
        end=10,
        source=Actor(entity=PUTIN.id, text="بوتين"),
        target=Actor(entity=KIM.id, text="كيم"),
        modality=modality,  # type: ignore[arg-type]
        negated=negated,
    )


def test_gdelt_rows_only_for_events_that_happened() -> None:
    doc = make_doc(1)
    doc.ann.events = [_event("mentioned"), _event(negated=True), _event("reported"), _event("future")]
    rows = list(gdelt_rows(doc))
    assert len(rows) == 1
    row = dict(zip(GDELT_COLUMNS, rows[0], strict=True))
    assert row["IsRootEvent"] == "1"  # the first event that happened is the root
    assert row["PloverType"] == "ASSAULT"


def test_pair_events_leave_out_mentioned(tmp_path: Path) -> None:
    body = "هاجم بوتين كيم جونغ أون في خطاب."
    doc = make_doc(2, body=body, entities=(with_mentions(PUTIN, body, "بوتين"), with_mentions(KIM, body, "كيم جونغ أون")))
    doc.ann.events = [_event("mentioned"), _event("asserted"), _event("future")]
    store = open_store(str(tmp_path / "s.db"))
    store.migrate()
    store.write([doc])
    kept = [e.modality for _, e in store.pair_events(PUTIN.id, KIM.id)]
    store.close()
    assert sorted(kept) == ["asserted", "future"]


# ---------------------------------------------------------------- training and nested CV


def _toy(n_docs: int = 60, seed: int = 5) -> tuple[list[list[str]], list[bool], list[str]]:
    """Two sentences per document; the label follows one feature 90% of the time."""
    rng = random.Random(seed)
    feats, labels, groups = [], [], []
    for d in range(n_docs):
        for _ in range(2):
            y = rng.random() < 0.3
            cue = y if rng.random() < 0.9 else not y
            feats.append([f"c=noise{rng.randrange(30)}", "c=cue" if cue else "c=other", f"c=doc{d}"])
            labels.append(y)
            groups.append(f"D{d}")
    return feats, labels, groups


def test_fit_logistic_learns_the_cue_and_drops_singletons() -> None:
    feats, labels, _ = _toy()
    feats[0] = [*feats[0], "c=once"]
    model = fit_logistic(feats, labels, 0.01)
    assert model.weights["c=cue"] > 1.0 > -1.0 > model.weights["c=other"]
    assert "c=once" not in model.weights


def test_nested_thresholds_come_from_training_folds() -> None:
    feats, labels, groups = _toy()
    probs, thresholds = nested_out_of_fold(feats, labels, groups, Counter())
    assert set(thresholds) <= set(THRESHOLDS)
    folds = grouped_folds(groups)
    # one choice per fold: every row of a fold is compared with the same threshold
    assert all(len({t for t, f in zip(thresholds, folds, strict=True) if f == k}) == 1 for k in set(folds))
    tp = sum(p >= t and y for p, t, y in zip(probs, thresholds, labels, strict=True))
    assert tp / sum(labels) > 0.7  # out of fold, the cue still finds most positives


@pytest.mark.parametrize("event_type", ["ASSAULT", "PROTEST"])
def test_shipped_filter_reads_char_ngrams(event_type: str) -> None:
    """The shipped weights were trained on the features filter_features makes now: a filter
    retrained on stale features (w=/b=) would silently ignore every sentence's words."""
    from marsad.nlp.event_lexicon import default_filter

    weights = default_filter().weights[event_type]
    assert sum(f.startswith("c=") for f in weights) > 1000
    assert not any(f.startswith(("w=", "b=")) for f in weights)
