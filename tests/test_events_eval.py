"""`marsad eval events`: the OEDA layout, and quality floors on the dev half.

The floors hold for a fixed prefix of each file (speed). The event filter is trained on this
same folder, so the pipeline's figures are in-sample regression floors — they catch breakage,
they do not estimate held-out quality. The cross-validated figures (filter retrained out of
fold, folds = whole documents) do, and get floors of their own."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marsad.errors import ConfigError
from marsad.nlp.event_eval import (
    Tally,
    annotator_actors,
    annotator_detection,
    evaluate_events,
    format_event_report,
)
from marsad.nlp.event_lexicon import default_filter
from marsad.nlp.event_training import document_of, grouped_folds
from marsad.pipeline import build

# Measured 2026-11-30 on the first 700 rows of each detection file and all span items
# (stages: events): in-sample ASSAULT F1 0.89, PROTEST 0.90 (character n-gram filter, which
# memorises its training sentences: meaningless as an estimate; ASSAULT was 0.98 before the
# inner CV picked a stronger L2 on the last retraining); source country 0.76, target 0.64.
# Floors a few points below.
LIMIT = 700
FLOORS = {"ASSAULT": 0.85, "PROTEST": 0.85}
SOURCE_COUNTRY_FLOOR = 0.72
TARGET_COUNTRY_FLOOR = 0.60
# The held-out estimate written by the build (nested document-grouped 5-fold CV on all rows:
# L2 and threshold chosen inside each training fold; see scripts/build_event_lexicon.py):
# ASSAULT 0.675, PROTEST 0.396 (2026-12-01, retrained after new triggers — protester nouns,
# عملية عسكرية، ضربات جوية — and the actor rules; 0.709 / 0.438 on 2026-11-30). Other fold seeds
# give ASSAULT 0.67–0.71 and PROTEST 0.37–0.44 for one model.
# PROTEST has 44 positives: one retraining moves its estimate by ±0.05, hence the wider margin.
CV_FLOORS = {"ASSAULT": 0.64, "PROTEST": 0.33}
# Nested out-of-fold detection on the 700-row prefix, recomputed by the eval at test time
# (ASSAULT 0.62, PROTEST 0.39 on 2026-11-30).
PREFIX_CV_FLOORS = {"ASSAULT": 0.57, "PROTEST": 0.30}


@pytest.fixture(scope="module")
def dev_report(shared: Path):  # type: ignore[no-untyped-def]
    # The stage with the OEDA filter: these floors guard the filter the build ships. The default
    # "events" stage (rules only) is measured on judged news (tests/test_events_judged.py).
    return evaluate_events(
        shared / "events" / "oeda_dev",
        pipeline=build(["events-oeda"]),
        limit=LIMIT,
        cross_validate=True,
        cv_repeats=2,
    )


@pytest.mark.parametrize("event_type", sorted(FLOORS))
def test_detection_floor(dev_report, event_type: str) -> None:  # type: ignore[no-untyped-def]
    score = dev_report.detection[event_type]
    assert score.f1 >= FLOORS[event_type], format_event_report(dev_report)


def test_actor_floor(dev_report) -> None:  # type: ignore[no-untyped-def]
    report = format_event_report(dev_report)
    assert dev_report.actors["source country"].accuracy >= SOURCE_COUNTRY_FLOOR, report
    assert dev_report.actors["target country"].accuracy >= TARGET_COUNTRY_FLOOR, report


@pytest.mark.parametrize("event_type", sorted(PREFIX_CV_FLOORS))
def test_cross_validated_detection(dev_report, event_type: str) -> None:  # type: ignore[no-untyped-def]
    """Out of fold the filter does worse than in sample — if not, the folds leak."""
    cv, fitted = dev_report.cross_validated[event_type], dev_report.detection[event_type]
    assert PREFIX_CV_FLOORS[event_type] <= cv.f1 < fitted.f1, format_event_report(dev_report)
    assert cv.tp + cv.fn == fitted.tp + fitted.fn  # same rows, same positives


@pytest.mark.parametrize("event_type", sorted(FLOORS))
def test_the_shipped_filter_table_is_the_filtered_pipeline(dev_report, event_type: str) -> None:  # type: ignore[no-untyped-def]
    """The report's shipped-filter table (printed whatever the stages, so `marsad eval events` on a
    held-out folder shows the shipped filter's held-out figures) decides as the events-oeda stage
    does, up to the rare sentence whose other events the stage's cues also weigh."""
    table, pipeline = dev_report.shipped_filter[event_type], dev_report.detection[event_type]
    assert table.tp + table.fn == pipeline.tp + pipeline.fn
    assert abs(table.tp - pipeline.tp) + abs(table.fp - pipeline.fp) <= 3, (table, pipeline)
    assert "HELD OUT on any other folder" in format_event_report(dev_report)


def test_folds_keep_documents_whole() -> None:
    ids = [f"AAW_ARB_2007{d:04d}.00{d % 7}-{n}" for d in range(40) for n in range(1, 4)]
    groups = [document_of(i) for i in ids]
    folds = grouped_folds(groups)
    assert len(set(folds)) == 5
    for g in set(groups):
        assert len({f for f, h in zip(folds, groups, strict=True) if h == g}) == 1


@pytest.mark.parametrize("event_type", sorted(CV_FLOORS))
def test_cross_validated_filter_floor(event_type: str) -> None:
    cv = default_filter().cross_validation[event_type]
    assert cv["f1"] >= CV_FLOORS[event_type], cv


def test_report_names_in_sample_training(dev_report) -> None:  # type: ignore[no-untyped-def]
    text = format_event_report(dev_report)
    assert "IN-SAMPLE" in text and "CROSS-VALIDATED" in text and "ASSAULT" in text


def test_layout_labels_and_spans(tmp_path: Path) -> None:
    """yes → positive, easy/difficult no → negative, ambiguous left out; UNKNOWN roles don't vote."""
    rows = [
        ("yes", "هاجم مسلحون مركزا للشرطة في بغداد أمس وقتلوا ثلاثة من عناصرها."),
        ("easy no", "افتتح الوزير معرضا للكتاب في العاصمة."),
        ("difficult no", "ناقش البرلمان قانونا جديدا للانتخابات."),
        ("ambiguous", "تحدث الرئيس عن الوضع الأمني."),
    ]
    with (tmp_path / "assault_detection.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["accept", "event_type", "id", "label", "reject", "text", "total"])
        for k, (label, text) in enumerate(rows):
            w.writerow([0, "ASSAULT", f"s{k}", label, 0, text, 3])
    spans = [
        {
            "source": "s0",
            "text": rows[0][1],
            "event_type": "ASSAULT",
            "spans": [
                {
                    "source_role": {"main": "None", "role": "UAF"},
                    "target_role": {"main": "IRQ", "role": "COP"},
                },
                {"source_role": "UNKNOWN", "target_role": {"main": "IRQ", "role": "COP"}},
            ],
        }
    ]
    (tmp_path / "assault_spans.json").write_text(json.dumps(spans, ensure_ascii=False), encoding="utf-8")
    report = evaluate_events(tmp_path, pipeline=build(["events"]))
    score = report.detection["ASSAULT"]
    assert score.tp + score.fn == 1 and score.fp + score.tn == 2
    assert report.skipped["ambiguous"] == 1
    assert report.coverage.total == 1
    assert "ASSAULT" in format_event_report(report)


def test_annotator_agreement_from_votes(tmp_path: Path) -> None:
    """A yes row is a hit of every annotator; a no row costs accept/total of a false positive."""
    path = tmp_path / "assault_detection.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["accept", "event_type", "id", "label", "reject", "text", "total"])
        w.writerow([3, "ASSAULT", "a-1", "yes", 0, "x", 3])
        w.writerow([1, "ASSAULT", "b-1", "difficult no", 3, "x", 4])
        w.writerow([0, "ASSAULT", "c-1", "easy no", 3, "x", 3])
        w.writerow([2, "ASSAULT", "d-1", "ambiguous", 1, "x", 3])
    p, r, f = annotator_detection(path)["ASSAULT"]
    assert (round(p, 3), r, round(f, 3)) == (0.8, 1.0, round(2 / 2.25, 3))
    # Three annotators say IRQ/COP, the fourth SYR: each of the three agrees with the others'
    # majority, the fourth does not. (With three annotators, 1–1 among the others is a tie: skipped.)
    votes = [{"main": "IRQ", "role": "COP"}] * 3 + [{"main": "SYR", "role": "COP"}]
    item = {"spans": [{"source_role": {}, "target_role": v} for v in votes]}
    tallies: dict[str, Tally] = {}
    annotator_actors([item], tallies)
    assert (tallies["target country"].correct, tallies["target country"].total) == (3, 4)
    assert tallies["target role"].accuracy == 1.0
    assert "source country" not in tallies  # nobody marked a source: nothing to agree on


def test_gold_agreement_on_dev(shared: Path) -> None:
    """The OEDA gold's own ceiling (2026-12-01): one annotator reaches ASSAULT F1 0.77 and
    PROTEST 0.54 against it, actors 0.73–0.86. If these move, the data or the rules changed."""
    folder = shared / "events" / "oeda_dev"
    assert 0.74 <= annotator_detection(folder / "assault_detection.csv")["ASSAULT"][2] <= 0.80
    assert 0.50 <= annotator_detection(folder / "protest_detection.csv")["PROTEST"][2] <= 0.58
    tallies: dict[str, Tally] = {}
    for name in ("assault_spans.json", "protest_spans.json"):
        annotator_actors(json.loads((folder / name).read_text(encoding="utf-8")), tallies)
    assert 0.83 <= tallies["source country"].accuracy <= 0.90
    assert 0.68 <= tallies["target role"].accuracy <= 0.75


def test_not_an_oeda_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        evaluate_events(tmp_path)


def test_oeda_sentences_are_dated_by_their_document_id() -> None:
    from datetime import UTC, datetime

    from marsad.nlp.event_eval import oeda_doc

    doc = oeda_doc("نص", "AAW_ARB_20071208.0036-23")
    assert doc.article.published == datetime(2007, 12, 8, tzinfo=UTC)
    assert oeda_doc("نص", "AAW_ARB_20071399.0036-2").article.published is None  # no such day
    assert oeda_doc("نص", "a sentence without an id").article.published is None


@pytest.mark.parametrize("event_type", sorted(FLOORS))
def test_cross_validation_repeats(dev_report, event_type: str) -> None:  # type: ignore[no-untyped-def]
    """Each fold assignment gives its own F1, the first being the table's; the report prints them."""
    f1s = dev_report.cv_f1s[event_type]
    assert len(f1s) == 2
    assert f1s[0] == pytest.approx(dev_report.cross_validated[event_type].f1)
    assert "F1 under other fold assignments" in format_event_report(dev_report)
