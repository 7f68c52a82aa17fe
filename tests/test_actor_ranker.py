"""The learned actor ranker (:mod:`marsad.nlp.event_ranker`) and its training rows.

The ranker is trained on eval/events/actors_train.tsv and the OEDA span files by
scripts/train_actor_ranker.py; eval/events/actors_test.tsv (held out, disjoint by article)
measures it against the clause rules alone (stage ``events-rules``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from marsad.errors import ResourceError
from marsad.nlp.event_judged import ACTOR_COLUMNS, evaluate_judged_actors, tsv_rows
from marsad.nlp.event_lexicon import EventFilter
from marsad.nlp.event_ranker import (
    APPLIED_SIDES,
    RANKED_TYPES,
    RANKER_PATH,
    SIDES,
    ActorRanker,
    default_ranker,
)
from marsad.nlp.ranker_training import SPAN_COLUMNS, news_examples, write_span_labels
from marsad.pipeline import build

EVAL = Path(__file__).resolve().parents[1] / "eval" / "events"
TRAIN = EVAL / "actors_train.tsv"


def test_the_shipped_ranker_loads_with_both_sides() -> None:
    ranker = default_ranker()
    assert ranker is not None, f"{RANKER_PATH} missing: run scripts/train_actor_ranker.py"
    for side in SIDES:
        assert side in ranker.model.bias and 0.0 < ranker.model.threshold[side] < 1.0
        assert len(ranker.model.weights[side]) > 100
    assert set(APPLIED_SIDES) == RANKED_TYPES == {"ASSAULT", "PROTEST"}
    assert all("source" in sides and set(sides) <= set(SIDES) for sides in APPLIED_SIDES.values())


def test_a_ranker_without_a_side_is_refused() -> None:
    model = EventFilter({"source": {"x": 1.0}}, {"source": 0.0}, {"source": 0.5})
    with pytest.raises(ResourceError, match="source and for target"):
        ActorRanker(model)


def test_the_events_rules_stage_runs_without_the_ranker() -> None:
    [(name, rules)] = build(["events-rules"]).stages
    assert name == "events-rules" and rules.ranker is None  # type: ignore[attr-defined]
    [(_, shipped)] = build(["events"]).stages
    assert shipped.ranker is default_ranker()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def held_out(shared: Path):  # type: ignore[no-untyped-def]
    corpus = shared / "corpus"
    rules = evaluate_judged_actors(EVAL / "actors_test.tsv", corpus, pipeline=build(["entities", "events-rules"]))
    ranked = evaluate_judged_actors(EVAL / "actors_test.tsv", corpus, pipeline=build(["entities", "events"]))
    return rules, ranked


def test_the_ranker_beats_the_rules_on_held_out_sources(held_out) -> None:  # type: ignore[no-untyped-def]
    """Held out, 2026-12-02 (events-18): source country 0.513 -> 0.558 and role 0.372 -> 0.494
    (rules -> ranker). events-21's clause rules caught up on the country (rules 0.577 on 78
    sentences, ranker 0.571 on 77: one sentence) and the ranker still adds the role (0.423 ->
    0.506), so the country may trail by at most one sentence. A target the rules keep
    (APPLIED_SIDES) must not move."""
    rules, ranked = held_out
    one = 1 / rules.actors["source country"].total
    assert ranked.actors["source country"].accuracy >= rules.actors["source country"].accuracy - one - 1e-9
    assert ranked.actors["source role"].accuracy > rules.actors["source role"].accuracy + 0.05
    for event_type, sides in APPLIED_SIDES.items():
        for name in ("target country", "target role"):
            ours, theirs = ranked.by_type[(event_type, name)], rules.by_type[(event_type, name)]
            if "target" in sides:
                assert ours.total <= theirs.total and ours.accuracy >= theirs.accuracy - 0.05, name
            else:
                assert (ours.correct, ours.total) == (theirs.correct, theirs.total), (event_type, name)
    assert ranked.coverage.correct == rules.coverage.correct  # the ranker changes actors, not detection


def test_training_labels_are_disjoint_from_the_sets_that_measure_them() -> None:
    """No article of the held-out actors_test.tsv and no sentence of actors_dev.tsv is a
    training row (actors_dev shares articles with actors_train; its figures say so)."""
    train = [r for _, r in tsv_rows(TRAIN, SPAN_COLUMNS, "actor-span labels")]
    test = [r for _, r in tsv_rows(EVAL / "actors_test.tsv", ACTOR_COLUMNS, "actor labels")]
    dev = [r for _, r in tsv_rows(EVAL / "actors_dev.tsv", ACTOR_COLUMNS, "actor labels")]
    def articles(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
        return {(r["corpus"], r["line"]) for r in rows}

    def sentences(rows: list[dict[str, str]]) -> set[tuple[str, str, str]]:
        return {(r["corpus"], r["line"], r["start"]) for r in rows}

    assert len(train) == 400 and len(sentences(train)) == 400
    assert not articles(train) & articles(test)
    assert not sentences(train) & sentences(dev)
    for line in TRAIN.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            assert line.count("\t") == len(SPAN_COLUMNS) - 1 and len(line) < 200, line  # no text


def _label(body: str, source: str, target: str) -> dict[str, object]:
    s, t = body.index(source), body.index(target)
    return {
        "corpus": "mini.jsonl.gz", "line": 0, "id": "x0",
        "sha1": hashlib.sha1(body.encode("utf-8")).hexdigest()[:12],
        "start": 0, "end": len(body), "type": "ASSAULT",
        "source_country": "ISR", "source_role": "MIL", "target_country": "PSE", "target_role": "REB",
        "source_start": s, "source_end": s + len(source), "target_start": t, "target_end": t + len(target),
    }


def test_span_labels_round_trip_into_training_rows(tmp_path: Path) -> None:
    body = "قصفت الطائرات الإسرائيلية مواقع لحركة حماس في غزة."
    with gzip.open(tmp_path / "mini.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"docno": "x0", "text": body}, ensure_ascii=False) + "\n")
    path = tmp_path / "spans.tsv"
    assert write_span_labels([_label(body, "الطائرات الإسرائيلية", "حركة حماس")], path, "test") == 1
    assert "الطائرات" not in path.read_text(encoding="utf-8")  # offsets only
    [example] = news_examples(path, tmp_path, build(["entities"]))
    assert example.group == "mini.jsonl.gz:0" and example.event_type == "ASSAULT"
    assert len(example.gold["source"]) == 1 and len(example.gold["target"]) == 1
    assert example.gold["source"] != example.gold["target"] and not example.unreachable
    assert len(example.feats) >= 2 and all(example.feats)


def test_real_training_rows_mostly_reach_their_labels(shared: Path, tmp_path: Path) -> None:
    """The first 40 rows of actors_train.tsv, read back from ../shared by line and hash: most
    events are found again and most labelled sources are among the sentence's chunks."""
    lines = TRAIN.read_text(encoding="utf-8").splitlines()
    header = next(n for n, line in enumerate(lines) if not line.startswith("#"))
    small = tmp_path / "small.tsv"
    small.write_text("\n".join(lines[: header + 41]) + "\n", encoding="utf-8")
    examples = news_examples(small, shared / "corpus", build(["entities"]))
    assert len(examples) >= 32
    labelled = [ex for ex in examples if ex.gold["source"] or "source" in ex.unreachable]
    assert sum("source" not in ex.unreachable for ex in labelled) >= 0.8 * len(labelled)


def test_the_training_script_rebuilds_a_loadable_ranker(shared: Path, tmp_path: Path) -> None:
    """scripts/train_actor_ranker.py end to end (about a minute): it prints rules against ranker
    per side and origin, and writes weights the stage loads."""
    import subprocess
    import sys

    out = tmp_path / "ranker.tsv"
    script = Path(__file__).resolve().parents[1] / "scripts" / "train_actor_ranker.py"
    r = subprocess.run(
        [sys.executable, str(script), "--shared", str(shared), "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr
    assert "OEDA rows" in r.stdout and "news rows" in r.stdout
    ranker = ActorRanker.from_disk(out)
    assert set(SIDES) <= set(ranker.model.bias)
