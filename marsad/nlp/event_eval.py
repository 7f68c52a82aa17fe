"""``marsad eval events DIR``: event detection and actor coding against the OEDA Arabic gold.

Layout (../shared/events/oeda_dev): ``<type>_detection.csv`` with columns ``accept, event_type,
id, label, reject, text, total`` — ``label`` is ``yes`` (every annotator accepted the type),
``easy no`` (all rejected), ``difficult no`` (mostly rejected) or ``ambiguous`` (too few labels);
and ``<type>_spans.json``: a list of ``{source, text, event_type, spans: [...]}`` where each span
is one annotator's ``source_actor``/``verb``/``target_actor`` words with ``source_role`` and
``target_role`` = ``{"main": ISO3 or "None", "role": CAMEO role or "None"}`` (``{}`` when the
annotator marked no actor, the string ``"UNKNOWN"`` in a few spans).

Detection: a sentence counts as detected for type T when the pipeline emits a non-negated
event of type T for it whose modality is asserted or reported (negated, future and
hypothetical events did not happen). ``yes`` rows are positives, both kinds of ``no`` negatives,
``ambiguous`` rows are left out. Actors: over the span sentences we code with their type (the
coverage is reported), the annotators' majority country (and role) for the source and the
target against those of our first event of that type — the measure GDELT's audit used
("79% of source actors correct" among coded events). "None" in the gold means "no country",
right only when we give none too.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, MarsadError
from ..model import Actor, Article, Doc, Event, short_hash
from ..pipeline import Pipeline, build
from .event_lexicon import EventFilter

POSITIVE = "yes"
NEGATIVES = ("easy no", "difficult no")
HAPPENED = ("asserted", "reported")
# CAMEO actor codes for transnational actors, which take the country slot: marsad keeps
# ISO3 in Actor.country and these in Actor.role.
TRANSNATIONAL = {"IGO", "IMG", "NGO", "MNC", "UIS"}


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Tally:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class EventReport:
    stages: list[str]
    notes: list[str] = field(default_factory=list)
    detection: dict[str, TypeScore] = field(default_factory=dict)
    actors: dict[str, Tally] = field(default_factory=dict)  # "source country", "target role", …
    skipped: Counter[str] = field(default_factory=Counter)
    coverage: Tally = field(default_factory=Tally)  # span sentences where we coded the event


def evaluate_events(
    directory: Path | str, *, pipeline: Pipeline | None = None, limit: int | None = None
) -> EventReport:
    """Score the pipeline (default: entities when available, then events) on an OEDA folder.

    ``limit`` caps the rows read per file (the test suite scores a fixed prefix)."""
    directory = Path(directory)
    detections = sorted(directory.glob("*_detection.csv"))
    spans = sorted(directory.glob("*_spans.json"))
    if not detections and not spans:
        raise ConfigError(f"{directory}: no *_detection.csv or *_spans.json (OEDA layout)")
    pipe = pipeline or default_pipeline()
    report = EventReport(stages=pipe.names, notes=_filter_notes(pipe))
    for path in detections:
        _score_detection(path, pipe, report, limit)
    for path in spans:
        _score_spans(path, pipe, report, limit)
    return report


def default_pipeline() -> Pipeline:
    """Events after entities when the entities stage can be built; the report names the stages
    that ran, so a run without entities is visible, not silent."""
    try:
        return build(["entities", "events"])
    except (MarsadError, ImportError):
        return build(["events"])


def _filter_notes(pipe: Pipeline) -> list[str]:
    """The event filter is trained on oeda_dev: say so, with its cross-validated figures."""
    notes = []
    for _, stage in pipe.stages:
        event_filter: EventFilter | None = getattr(stage, "event_filter", None)
        for event_type, cv in sorted((event_filter.cross_validation if event_filter else {}).items()):
            notes.append(
                f"event filter {event_type}: trained on the OEDA dev half (figures on that folder are "
                f"in-sample); 5-fold cross-validation P {cv.get('precision', 0):.3f} "
                f"R {cv.get('recall', 0):.3f} F1 {cv.get('f1', 0):.3f}"
            )
    return notes


def annotate_sentence(pipe: Pipeline, text: str, key: str) -> list[Event]:
    doc = Doc(article=Article(id=short_hash("oeda", key), body=text, language="ar"))
    return pipe(doc).ann.events


def detected(events: list[Event], event_type: str) -> bool:
    return any(e.type == event_type and not e.negated and e.modality in HAPPENED for e in events)


def _score_detection(path: Path, pipe: Pipeline, report: EventReport, limit: int | None) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:limit]
    for row in rows:
        label, event_type = row["label"].strip(), row["event_type"].strip()
        if label != POSITIVE and label not in NEGATIVES:
            report.skipped[label] += 1
            continue
        score = report.detection.setdefault(event_type, TypeScore())
        hit = detected(annotate_sentence(pipe, row["text"], row["id"]), event_type)
        gold = label == POSITIVE
        if hit and gold:
            score.tp += 1
        elif hit:
            score.fp += 1
        elif gold:
            score.fn += 1
        else:
            score.tn += 1


def _majority(roles: list[object], key: str) -> str | None:
    # an annotator who gave no actor has {} ; a few coded "UNKNOWN" (a string): neither votes
    values = [r.get(key) or "None" for r in roles if isinstance(r, dict) and r]
    return Counter(values).most_common(1)[0][0] if values else None


def _score_spans(path: Path, pipe: Pipeline, report: EventReport, limit: int | None) -> None:
    items = json.loads(path.read_text(encoding="utf-8"))[:limit]
    for item in items:
        events = annotate_sentence(pipe, item["text"], item.get("source", item["text"]))
        ours = next((e for e in events if e.type == item["event_type"]), None)
        report.coverage.add(ours is not None)
        if ours is None:
            continue  # a detection miss, counted above; actor accuracy is over coded events
        for side in ("source", "target"):
            roles = [s.get(f"{side}_role") for s in item["spans"]]
            actor: Actor | None = getattr(ours, side)
            for key, ours_value in (
                ("main", actor.country if actor else None),
                ("role", actor.role if actor else None),
            ):
                gold = _majority(roles, key)
                if gold is None:
                    continue
                if key == "main" and gold in TRANSNATIONAL and actor is not None and not actor.country:
                    ours_value = actor.role  # CAMEO writes IGO/IMG/NGO in the country slot
                name = f"{side} {'country' if key == 'main' else 'role'}"
                report.actors.setdefault(name, Tally()).add((ours_value or "None") == gold)


def format_event_report(report: EventReport) -> str:
    lines = [
        f"stages: {', '.join(report.stages)}",
        *report.notes,
        "",
        f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5} {'tn':>6}",
    ]
    for name, s in sorted(report.detection.items()):
        lines.append(
            f"{name:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d} {s.tn:6d}"
        )
    if report.skipped:
        lines.append("left out: " + ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())))
    if report.actors:
        lines += [
            "",
            f"span sentences coded with their type: {report.coverage.correct}/{report.coverage.total}",
        ]
        lines += [f"{'actors':<16} {'accuracy':>8} {'n':>5}"]
        for name, t in sorted(report.actors.items()):
            lines.append(f"{name:<16} {t.accuracy:8.3f} {t.total:5d}")
    return "\n".join(lines)
