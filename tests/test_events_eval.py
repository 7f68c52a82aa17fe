"""`marsad eval events`: the OEDA layout, and quality floors on the dev half.

The floors hold for a fixed prefix of each file (speed). The event filter is trained on this
same folder, so these are in-sample regression floors — they catch breakage, they do not
estimate held-out quality (the build script's cross-validation does; see the report notes)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marsad.errors import ConfigError
from marsad.nlp.event_eval import evaluate_events, format_event_report
from marsad.nlp.event_lexicon import default_filter
from marsad.pipeline import build

# Measured 2026-11-30 on the first 700 rows of each detection file and all span items:
# ASSAULT F1 0.964, PROTEST F1 0.920 (in-sample); source country 0.650. Floors a few points below.
LIMIT = 700
FLOORS = {"ASSAULT": 0.92, "PROTEST": 0.85}
SOURCE_COUNTRY_FLOOR = 0.60
# The held-out estimate written by the build (5-fold CV: ASSAULT 0.691, PROTEST 0.500).
CV_FLOORS = {"ASSAULT": 0.65, "PROTEST": 0.45}


@pytest.fixture(scope="module")
def dev_report(shared: Path):  # type: ignore[no-untyped-def]
    return evaluate_events(shared / "events" / "oeda_dev", pipeline=build(["events"]), limit=LIMIT)


@pytest.mark.parametrize("event_type", sorted(FLOORS))
def test_detection_floor(dev_report, event_type: str) -> None:  # type: ignore[no-untyped-def]
    score = dev_report.detection[event_type]
    assert score.f1 >= FLOORS[event_type], format_event_report(dev_report)


def test_actor_floor(dev_report) -> None:  # type: ignore[no-untyped-def]
    assert dev_report.actors["source country"].accuracy >= SOURCE_COUNTRY_FLOOR, format_event_report(
        dev_report
    )


@pytest.mark.parametrize("event_type", sorted(CV_FLOORS))
def test_cross_validated_filter_floor(event_type: str) -> None:
    cv = default_filter().cross_validation[event_type]
    assert cv["f1"] >= CV_FLOORS[event_type], cv


def test_report_names_in_sample_training(dev_report) -> None:  # type: ignore[no-untyped-def]
    text = format_event_report(dev_report)
    assert "cross-validation" in text and "ASSAULT" in text


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


def test_not_an_oeda_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        evaluate_events(tmp_path)
