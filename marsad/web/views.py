"""Presentation helpers for the web pages: dates in Arabic, evidence marks, small SVG charts.

Everything here returns plain data or :class:`markupsafe.Markup` built from escaped
pieces, so templates can stay logic-free and autoescape stays on everywhere. The
only HTML that crosses in from outside is the store's search snippet, and
:func:`safe_snippet` checks it before trusting it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from babel.dates import format_date, format_datetime
from markupsafe import Markup, escape

from ..model import Doc, Event

_MARK_TAG = re.compile(r"</?mark>")


def arabic_date(value: datetime | date | None, with_time: bool = False) -> str:
    """'الاثنين 28 أبريل 2025' — Gulf/Levant month names from CLDR via babel; '' when unknown."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
        if with_time and (value.hour or value.minute):
            return format_datetime(value, "EEEE d MMMM y، HH:mm", locale="ar", tzinfo=timezone.utc)
        value = value.date()
    return format_date(value, "EEEE d MMMM y", locale="ar")


def safe_snippet(snippet: str) -> Markup:
    """Trust a store snippet only if ``<mark>``/``</mark>`` are its only tags.

    The store promises escaped text with matches in ``<mark>``. If anything else
    that looks like a tag is left once the marks are removed, the store did not
    escape, so escape everything and restore just the marks.
    """
    if "<" not in _MARK_TAG.sub("", snippet) and ">" not in _MARK_TAG.sub("", snippet):
        return Markup(snippet)
    escaped = str(escape(snippet))
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


@dataclass
class Span:
    """A highlighted stretch of the body: [start, end) with a CSS class and an anchor id."""

    start: int
    end: int
    css: str
    anchor: str = ""
    title: str = ""


def evidence_spans(doc: Doc) -> list[Span]:
    """Spans to mark in the body: event evidence sentences and quotes, with anchors."""
    n = len(doc.article.body)
    spans: list[Span] = []
    for i, ev in enumerate(doc.ann.events, 1):
        if 0 <= ev.start < ev.end <= n:
            spans.append(Span(ev.start, ev.end, "ev", f"ev-{i}", ev.type))
    for i, q in enumerate(doc.ann.quotes, 1):
        if 0 <= q.start < q.end <= n:
            who = (q.speaker.name or "") if q.speaker else ""
            spans.append(Span(q.start, q.end, "q", f"q-{i}", who))
    return spans


def paragraphs(body: str, spans: Sequence[Span] = ()) -> list[Markup]:
    """The body split on newlines into paragraphs, with spans wrapped in ``<mark>``.

    Spans may overlap: the text is cut at every span boundary and each piece is
    marked with the classes of all spans covering it, so offsets stay exact.
    """
    out: list[Markup] = []
    pos = 0
    for line in body.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip():
            out.append(_mark_range(body, start, end, spans))
    return out


def _mark_range(body: str, start: int, end: int, spans: Sequence[Span]) -> Markup:
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted({start, end, *(max(start, min(end, x)) for s in inside for x in (s.start, s.end))})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for s in inside:
            if s.start == a and s.anchor:
                parts.append(f'<span class="anchor" id="{escape(s.anchor)}"></span>')
        text = escape(body[a:b])
        active = [s for s in inside if s.start <= a and s.end >= b]
        if active:
            classes = " ".join(sorted({s.css for s in active}))
            tip = " · ".join(s.title for s in active if s.title)
            parts.append(
                f'<mark class="{escape(classes)}" data-start="{a}" data-end="{b}" title="{escape(tip)}">'
                f"{text}</mark>"
            )
        else:
            parts.append(str(text))
    return Markup("".join(parts))


def day_counts(docs: Iterable[Doc]) -> list[tuple[date, int]]:
    """Articles per publication day, oldest first, with empty days filled in (for the bar chart)."""
    c: Counter[date] = Counter(d.article.published.date() for d in docs if d.article.published)
    if not c:
        return []
    first, last = min(c), max(c)
    span = (last - first).days
    if span > 366:  # a year of daily bars is unreadable at this size; keep the days we have
        return sorted(c.items())
    return [(d, c.get(d, 0)) for d in (date.fromordinal(first.toordinal() + i) for i in range(span + 1))]


def bar_chart(series: Sequence[tuple[date, int]], width: int = 560, height: int = 120) -> Markup:
    """A tiny server-side SVG bar chart of counts per day (oldest on the right: RTL reading)."""
    if not series:
        return Markup("")
    top = max(n for _, n in series) or 1
    gap = 2
    bar_w = max(1.0, (width - gap * len(series)) / len(series))
    bars = []
    for i, (d, n) in enumerate(series):
        h = (height - 20) * n / top
        x = width - (i + 1) * (bar_w + gap)  # right-to-left: the first day sits at the right edge
        label = f"{d.isoformat()}: {n}"
        bars.append(
            f'<rect x="{x:.1f}" y="{height - 16 - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}</title></rect>"
        )
    axis = (
        f'<text x="{width - 2}" y="{height - 2}" text-anchor="end">{escape(series[0][0].isoformat())}</text>'
        f'<text x="2" y="{height - 2}" text-anchor="start">{escape(series[-1][0].isoformat())}</text>'
        f'<text x="{width - 2}" y="10" text-anchor="end">{top}</text>'
    )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="عدد المقالات في اليوم">{"".join(bars)}{axis}</svg>'
    )


@dataclass
class Network:
    """Actors (nodes) and directed events between them (edges) for the pair page."""

    nodes: dict[str, str] = field(default_factory=dict)  # key -> label
    edges: Counter[tuple[str, str]] = field(default_factory=Counter)


def actor_network(events: Iterable[Event], names: dict[str, str]) -> Network:
    """Build the network from events: an actor is its entity id when linked, else its text."""
    net = Network()
    for ev in events:
        if ev.source is None or ev.target is None:
            continue
        keys = []
        for actor in (ev.source, ev.target):
            key = actor.entity or actor.text
            net.nodes.setdefault(key, names.get(key, actor.text or key))
            keys.append(key)
        net.edges[(keys[0], keys[1])] += 1
    return net


def network_svg(net: Network, size: int = 320) -> Markup:
    """Nodes on a circle, arrows for source → target, edge width by event count."""
    if not net.nodes:
        return Markup("")
    keys = list(net.nodes)
    r = size / 2 - 50
    pos = {}
    for i, k in enumerate(keys):
        angle = math.pi * (1 - 2 * i / len(keys))  # first node on the right (RTL)
        pos[k] = (size / 2 + r * math.cos(angle), size / 2 - r * math.sin(angle))
    parts = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
    ]
    for (a, b), n in net.edges.items():
        (x1, y1), (x2, y2) = pos[a], pos[b]
        if a == b:
            continue
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        ux, uy = dx / length, dy / length
        parts.append(
            f'<line x1="{x1 + ux * 22:.1f}" y1="{y1 + uy * 22:.1f}" x2="{x2 - ux * 24:.1f}" '
            f'y2="{y2 - uy * 24:.1f}" stroke-width="{min(6, 1 + n)}" marker-end="url(#arrow)">'
            f"<title>{n}</title></line>"
        )
    for k in keys:
        x, y = pos[k]
        parts.append(
            f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="20"/>'
            f'<text x="{x:.1f}" y="{y + 36:.1f}" text-anchor="middle">{escape(net.nodes[k])}</text></g>'
        )
    return Markup(
        f'<svg class="network" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="شبكة الفاعلين">{"".join(parts)}</svg>'
    )


def main_entities(docs: Iterable[Doc], limit: int = 12) -> list[tuple[str, str, int]]:
    """(entity id, name, number of docs mentioning it), most frequent first."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for d in docs:
        for e in d.ann.entities:
            names.setdefault(e.id, e.name)
        counts.update({e.id for e in d.ann.entities})
    return [(eid, names[eid], n) for eid, n in counts.most_common(limit)]
