"""``marsad eval events DIR``: event detection and actor coding against the OEDA Arabic gold.

Layout (../shared/events/oeda_dev): ``<type>_detection.csv`` with columns ``accept, event_type,
id, label, reject, text, total`` — ``label`` is ``yes`` (every annotator accepted the type),
``easy no`` (all rejected), ``difficult no`` (mostly rejected) or ``ambiguous`` (too few labels);
and ``<type>_spans.json``: a list of ``{source, text, event_type, spans: [...]}`` where each span
is one annotator's ``source_actor``/``verb``/``target_actor`` words with ``source_role`` and
``target_role`` = ``{"main": ISO3 or "None", "role": CAMEO role or "None"}`` (``{}`` when the
annotator marked no actor, the string ``"UNKNOWN"`` in a few spans).

Detection: a sentence counts as detected for type T when the pipeline emits an event of type
T for it that happened (:func:`.events.happened`: not negated, modality asserted or reported —
negated, future, hypothetical and filter-rejected "mentioned" events did not happen). ``yes``
rows are positives, both kinds of ``no`` negatives, ``ambiguous`` rows are left out. The default
events stage runs no learned filter (why: :class:`.events.EventStage`); the OEDA filter (stage
``events-oeda``) was trained on oeda_dev, so on that folder its figures are in-sample, and the
report adds a cross-validated table — the filter retrained five times, each time without one
fifth of the documents and with its L2 and threshold chosen on the other four alone, and scored
on the fifth — which is its estimate for unseen OEDA sentences. Actors: over the span sentences we
code with their type (the coverage is reported), the annotators' majority country (and role) for
the source and the target against those of our event of that type — the measure GDELT's audit
used ("79% of source actors correct" among coded events). How empty slots, annotators who marked
no actor and tied votes count is in :func:`_score_spans` and :func:`_majority`.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ConfigError, MarsadError
from ..metrics import Counts
from ..model import Actor, Article, Doc, Event, short_hash
from ..pipeline import Pipeline, build
from .event_lexicon import EventFilter, default_filter
from .event_training import SEED, document_of, nested_out_of_fold
from .events import EventStage, candidate_events, happened

POSITIVE = "yes"
# Fold assignments of the nested cross-validation: one moved PROTEST F1 by up to 0.07 (0.36–0.43 over
# five assignments of the same rows, 2026-12-02), so the report gives the mean of a few. Each costs
# about 30 s on oeda_dev.
CV_REPEATS = 3
_GIGAWORD_DATE = re.compile(r"_(\d{8})\.\d+")  # AAW_ARB_20071208.0036
NEGATIVES = ("easy no", "difficult no")
# CAMEO actor codes for transnational actors, which take the country slot: marsad keeps
# ISO3 in Actor.country and these in Actor.role.
TRANSNATIONAL = {"IGO", "IMG", "NGO", "MNC", "UIS"}


@dataclass
class TypeScore(Counts):
    tn: int = 0

    def add(self, hit: bool, gold: bool) -> None:
        if hit and gold:
            self.tp += 1
        elif hit:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1


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
    cross_validated: dict[str, TypeScore] = field(default_factory=dict)  # filter retrained out of fold
    # F1 of the cross-validated filter under each fold assignment (the first is the table's): the
    # spread says how far one assignment's figure can be trusted
    cv_f1s: dict[str, list[float]] = field(default_factory=dict)
    shipped_filter: dict[str, TypeScore] = field(default_factory=dict)  # the shipped filter as it is
    actors: dict[str, Tally] = field(default_factory=dict)  # "source country", "target role", …
    skipped: Counter[str] = field(default_factory=Counter)
    coverage: Tally = field(default_factory=Tally)  # span sentences where we coded the event
    # The gold's own reproducibility: one annotator against it (see annotator_detection and
    # annotator_actors) — the level a system can be expected to reach on this gold.
    annotator_detection: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    annotator_actors: dict[str, Tally] = field(default_factory=dict)


def evaluate_events(
    directory: Path | str,
    *,
    pipeline: Pipeline | None = None,
    limit: int | None = None,
    cross_validate: bool = True,
    cv_repeats: int = CV_REPEATS,
) -> EventReport:
    """Score the pipeline (default: entities when available, then events) on an OEDA folder.

    ``limit`` caps the rows read per file (the test suite scores a fixed prefix). With
    ``cross_validate`` the detection is also scored out of fold: the event filter is retrained
    five times on the other documents' sentences (:mod:`.event_training`), which is the
    estimate for unseen text when ``directory`` is the folder the shipped filter learnt from."""
    directory = Path(directory)
    detections = sorted(directory.glob("*_detection.csv"))
    spans = sorted(directory.glob("*_spans.json"))
    if not detections and not spans:
        raise ConfigError(f"{directory}: no *_detection.csv or *_spans.json (OEDA layout)")
    pipe = pipeline or default_pipeline()
    report = EventReport(stages=pipe.names, notes=_filter_notes(pipe))
    for path in detections:
        rows, skipped = detection_rows(path, pipe, limit)
        report.skipped.update(skipped)
        report.annotator_detection.update(annotator_detection(path, limit))
        for row in rows:
            report.detection.setdefault(row.event_type, TypeScore()).add(row.detected, row.gold)
        event_filter = _event_filter(pipe) or default_filter()
        # The shipped OEDA filter (stage "events-oeda") as it is, whether or not this pipeline
        # runs it: on oeda_dev, where it was trained, in-sample; on any other folder, held out.
        report.shipped_filter.update(shipped_filter_detection(rows, event_filter))
        if cross_validate:
            for n in range(max(1, cv_repeats)):
                scores = cross_validated_detection(rows, event_filter, SEED + 100 * n)
                if n == 0:
                    report.cross_validated.update(scores)
                for event_type, score in scores.items():
                    report.cv_f1s.setdefault(event_type, []).append(score.f1)
    for path in spans:
        _score_spans(path, pipe, report, limit)
    return report


def annotator_detection(path: Path, limit: int | None = None) -> dict[str, tuple[float, float, float]]:
    """Expected precision, recall and F1 of one annotator drawn at random, scored against the
    published labels, from the ``accept``/``total`` columns. A ``yes`` needs every vote, so the
    annotator accepted it (recall 1 by construction); on a ``no`` row they accepted with chance
    accept/total — the dissent that made it a "difficult no". This flatters the annotator (their
    own vote is in the gold) and still shows how far a single careful reader gets on this gold:
    ASSAULT F1 0.77, PROTEST 0.54 on oeda_dev."""
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh))[:limit]
    tp: Counter[str] = Counter()
    fp: dict[str, float] = {}
    for row in raw:
        label, event_type = row["label"].strip(), row["event_type"].strip()
        total = int(row["total"] or 0)
        if label == POSITIVE:
            tp[event_type] += 1
        elif label in NEGATIVES and total:
            fp[event_type] = fp.get(event_type, 0.0) + int(row["accept"] or 0) / total
    out = {}
    for event_type in set(tp) | set(fp):
        t, f = tp[event_type], fp.get(event_type, 0.0)
        precision = t / (t + f) if t + f else 0.0
        recall = 1.0 if t else 0.0
        out[event_type] = (precision, recall, 2 * t / (2 * t + f) if t else 0.0)
    return out


def default_pipeline() -> Pipeline:
    """Events after entities when the entities stage can be built; the report names the stages
    that ran, so a run without entities is visible, not silent."""
    try:
        return build(["entities", "events"])
    except (MarsadError, ImportError):
        return build(["events"])


def _events_stage(pipe: Pipeline) -> EventStage | None:
    return next((s for _, s in pipe.stages if isinstance(s, EventStage)), None)


def _event_filter(pipe: Pipeline) -> EventFilter | None:
    stage = _events_stage(pipe)
    return stage.event_filter if stage else None


def _filter_notes(pipe: Pipeline) -> list[str]:
    """The shipped event filter is trained on oeda_dev: figures on that folder are in-sample."""
    event_filter = _event_filter(pipe)
    if event_filter is None or not event_filter.bias:
        return []
    return [
        "in-sample: the shipped event filter was trained on the OEDA dev half "
        f"({', '.join(sorted(event_filter.bias))}); on that folder the first table overstates "
        "quality — the cross-validated table is the estimate for unseen text"
    ]


def oeda_doc(text: str, key: str) -> Doc:
    """One OEDA sentence as an article, dated by its Gigaword document id (AAW_ARB_20071208.0036-23
    is a 2007-12-08 story) as a real article is by its publication time: actor codes depend on
    the date (Bush is USA GOV until 2009-01-20)."""
    m = _GIGAWORD_DATE.search(key)
    published = None
    if m:
        try:
            published = datetime.strptime(m.group(1), "%Y%m%d").replace(tzinfo=UTC)
        except ValueError:
            published = None  # not a date after all: the sentence stays undated
    return Doc(article=Article(id=short_hash("oeda", key), body=text, language="ar", published=published))


def annotate_sentence(pipe: Pipeline, text: str, key: str) -> list[Event]:
    return pipe(oeda_doc(text, key)).ann.events


def detected(events: list[Event], event_type: str) -> bool:
    return any(happened(e) and e.type == event_type for e in events)


@dataclass
class DetectionRow:
    """One labelled sentence: what the pipeline said, and the unfiltered candidate of the
    row's type (its filter features), from which a retrained filter can decide again."""

    sentence_id: str
    event_type: str
    gold: bool
    detected: bool  # by the pipeline as built, shipped filter included
    features: list[str] | None  # None: no trigger of the type in the sentence
    candidate_happened: bool  # the candidate is neither negated nor future/hypothetical


def detection_rows(
    path: Path, pipe: Pipeline, limit: int | None = None
) -> tuple[list[DetectionRow], Counter[str]]:
    """The labelled rows of one ``*_detection.csv`` run through the pipeline (``yes`` positive,
    ``easy no``/``difficult no`` negative, other labels counted as skipped)."""
    stage = _events_stage(pipe)
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh))[:limit]
    rows: list[DetectionRow] = []
    skipped: Counter[str] = Counter()
    for row in raw:
        label, event_type = row["label"].strip(), row["event_type"].strip()
        if label != POSITIVE and label not in NEGATIVES:
            skipped[label] += 1
            continue
        doc = pipe(oeda_doc(row["text"], row["id"]))
        candidate = None
        if stage is not None:
            # the candidate as the OEDA filter sees it: its type is left to the filter, not the cues
            exempt = frozenset({event_type})
            candidate = next(
                ((e, f) for e, f in candidate_events(doc, stage.lexicon, exempt) if e.type == event_type), None
            )
        rows.append(
            DetectionRow(
                sentence_id=row["id"],
                event_type=event_type,
                gold=label == POSITIVE,
                detected=detected(doc.ann.events, event_type),
                features=candidate[1] if candidate else None,
                candidate_happened=bool(candidate and happened(candidate[0])),
            )
        )
    return rows, skipped


def shipped_filter_detection(rows: list[DetectionRow], event_filter: EventFilter | None) -> dict[str, TypeScore]:
    """Detection as the shipped filter decides it, for the types it has a model for: a row is
    detected when its candidate happened by the rules and the filter accepts its features."""
    out: dict[str, TypeScore] = {}
    if event_filter is None:
        return out
    for r in rows:
        if r.event_type in event_filter.bias:
            hit = r.features is not None and r.candidate_happened and event_filter.accepts(r.event_type, r.features)
            out.setdefault(r.event_type, TypeScore()).add(hit, r.gold)
    return out


def cross_validated_detection(
    rows: list[DetectionRow], event_filter: EventFilter | None, seed: int = SEED
) -> dict[str, TypeScore]:
    """Detection with the filter retrained out of fold (folds = whole documents, dealt by
    ``seed``), with its regularisation and threshold chosen inside each training fold (nested,
    see :func:`.event_training.nested_out_of_fold`): nothing is tuned on the sentences scored.
    Types the filter has no model for are left out: their figures do not depend on training."""
    out: dict[str, TypeScore] = {}
    if event_filter is None:
        return out
    for event_type in sorted({r.event_type for r in rows} & set(event_filter.bias)):
        typed = [r for r in rows if r.event_type == event_type]
        cands = training_rows(typed)
        decided = {id(r) for r in cands}
        missed = Counter(document_of(r.sentence_id) for r in typed if r.gold and id(r) not in decided)
        probs, thresholds = nested_out_of_fold(
            [r.features or [] for r in cands],
            [r.gold for r in cands],
            [document_of(r.sentence_id) for r in cands],
            missed,
            seed,
        )
        hits = {id(r) for r, p, t in zip(cands, probs, thresholds, strict=True) if p >= t}
        score = out.setdefault(event_type, TypeScore())
        for r in typed:
            score.add(id(r) in hits, r.gold)
    return out


def training_rows(rows: list[DetectionRow]) -> list[DetectionRow]:
    """The rows the filter learns from and decides on: a candidate of the row's type that
    happened by the rules (not negated, future or hypothetical). The others are not reported
    as events whatever the filter says, so they would only teach it what the rules know."""
    return [r for r in rows if r.features is not None and r.candidate_happened]


ABSENT = "-"  # the actor-slot value of "no actor": an annotator's {} or our empty slot


def _majority(roles: list[object], key: str) -> str | None:
    """The annotators' majority for one actor slot: ISO3 / CAMEO role, "None" (an actor with no
    country or role) or ABSENT (no actor). An annotator who marked no actor ({}) votes ABSENT —
    that is a judgement, and ignoring it let one annotator's actor outvote two who saw none. The
    few "UNKNOWN" strings abstain. A tie (1–1 with two annotators, 1–1–1 with three) has no
    majority: None, the slot is left out (as ``ambiguous`` detection rows are), instead of the
    first-listed annotator deciding."""
    values = [(r.get(key) or "None") if r else ABSENT for r in roles if isinstance(r, dict)]
    ranked = Counter(values).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _slot_value(actor: Actor | None, key: str, gold: str) -> str:
    if actor is None:
        return ABSENT
    if key == "main" and gold in TRANSNATIONAL and not actor.country:
        return actor.role or "None"  # CAMEO writes IGO/IMG/NGO in the country slot
    return (actor.country if key == "main" else actor.role) or "None"


def _score_spans(path: Path, pipe: Pipeline, report: EventReport, limit: int | None) -> None:
    """Actor accuracy over the span sentences we code with their type. A slot where the
    majority and we both have no actor is not scored (nothing to be right about); a missing
    actor is wrong even when the gold actor has no country — before, an empty slot matched a
    gold "None", and a coder that found no actor at all scored 0.66/0.80 source country on
    ASSAULT/PROTEST, about what the pipeline scored."""
    items = json.loads(path.read_text(encoding="utf-8"))[:limit]
    annotator_actors(items, report.annotator_actors)
    for item in items:
        events = annotate_sentence(pipe, item["text"], item.get("source", item["text"]))
        # one event per type per sentence (events.py), so the first is the only one
        ours = next((e for e in events if e.type == item["event_type"]), None)
        report.coverage.add(ours is not None)
        if ours is None:
            continue  # a detection miss, counted above; actor accuracy is over coded events
        for side in ("source", "target"):
            roles = [s.get(f"{side}_role") for s in item["spans"]]
            actor: Actor | None = getattr(ours, side)
            for key in ("main", "role"):
                gold = _majority(roles, key)
                if gold is None:
                    report.skipped["actor slot with tied votes"] += 1
                    continue
                value = _slot_value(actor, key, gold)
                if gold == value == ABSENT:
                    continue
                name = f"{side} {'country' if key == 'main' else 'role'}"
                report.actors.setdefault(name, Tally()).add(value == gold)


def annotator_actors(items: list[dict], tallies: dict[str, Tally]) -> None:
    """Each annotator's actor slots against the majority of the *other* annotators, with the
    rules the pipeline is scored by (:func:`_majority`; ties and slots both sides leave empty
    are not scored): how far the annotators agree with each other, i.e. the ceiling of the
    actor figures on this gold."""
    for item in items:
        for side in ("source", "target"):
            roles = [s.get(f"{side}_role") for s in item["spans"]]
            for i, own in enumerate(roles):
                if not isinstance(own, dict):
                    continue  # an "UNKNOWN" abstains, as in _majority
                others = roles[:i] + roles[i + 1 :]
                for key in ("main", "role"):
                    gold = _majority(others, key)
                    value = (own.get(key) or "None") if own else ABSENT
                    if gold is None or gold == value == ABSENT:
                        continue
                    name = f"{side} {'country' if key == 'main' else 'role'}"
                    tallies.setdefault(name, Tally()).add(value == gold)


def format_event_report(report: EventReport) -> str:
    lines = [f"stages: {', '.join(report.stages)}", *report.notes]
    in_sample = "detection, pipeline as built" + (
        " (IN-SAMPLE for the filtered types)" if report.notes else ""
    )
    if report.detection:
        lines += _score_table(in_sample, report.detection)
    if report.shipped_filter:
        lines += _score_table(
            "detection with the shipped OEDA filter (stage events-oeda) as it is: trained on the OEDA dev "
            "half, so IN-SAMPLE on oeda_dev and HELD OUT on any other folder",
            report.shipped_filter,
        )
    if report.cross_validated:
        lines += _score_table(
            "detection with the OEDA filter (stage events-oeda), CROSS-VALIDATED (nested): the filter "
            "retrained on 4/5 of the documents, its L2 and threshold chosen on those alone, scored on the rest",
            report.cross_validated,
        )
        if any(len(f1s) > 1 for f1s in report.cv_f1s.values()):
            lines.append("F1 under other fold assignments (the first is the table's): the estimate's spread")
            for name, f1s in sorted(report.cv_f1s.items()):
                each = " ".join(f"{f:.3f}" for f in f1s)
                lines.append(f"{name:<10} {each}   mean {sum(f1s) / len(f1s):.3f}")
    if report.annotator_detection:
        lines += ["", "the gold's own agreement: one annotator against it (expected, from accept/total)"]
        for name, (p, r, f) in sorted(report.annotator_detection.items()):
            lines.append(f"{name:<10} {p:6.3f} {r:6.3f} {f:6.3f}")
    if report.skipped:
        lines.append("left out: " + ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())))
    if report.actors:
        lines += [
            "",
            f"span sentences coded with their type: {report.coverage.correct}/{report.coverage.total}",
        ]
        lines += [f"{'actors':<16} {'accuracy':>8} {'n':>5}   one annotator vs the others' majority"]
        for name, t in sorted(report.actors.items()):
            own = report.annotator_actors.get(name)
            agree = f"{own.accuracy:8.3f} {own.total:5d}" if own else ""
            lines.append(f"{name:<16} {t.accuracy:8.3f} {t.total:5d}   {agree}")
    return "\n".join(lines)


def _score_table(title: str, scores: dict[str, TypeScore]) -> list[str]:
    lines = ["", title, f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5} {'tn':>6}"]
    for name, s in sorted(scores.items()):
        lines.append(
            f"{name:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d} {s.tn:6d}"
        )
    return lines
