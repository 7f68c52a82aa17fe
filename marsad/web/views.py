"""Presentation helpers for the web pages: dates in Arabic, evidence marks, small SVG charts.

Everything here returns plain data or :class:`markupsafe.Markup` built from escaped
pieces, so templates can stay logic-free and autoescape stays on everywhere. The
only HTML that crosses in from outside is the store's search snippet, and
:func:`safe_snippet` checks it before trusting it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from markupsafe import Markup, escape

from ..model import Doc, Event

_MARK_TAG = re.compile(r"</?mark>")


def arabic_date(value: datetime | date | None, with_time: bool = False) -> str:
    """'الاثنين 28 أبريل 2025' — Gulf/Levant month names from CLDR via babel; '' when unknown."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        if with_time and (value.hour or value.minute):
            return format_datetime(value, "EEEE d MMMM y، HH:mm", locale="ar", tzinfo=UTC)
        value = value.date()
    return format_date(value, "EEEE d MMMM y", locale="ar")


def iso_day(value: str | None) -> str:
    """An ISO date string as an Arabic date ('2025-04-30' -> 'الأربعاء 30 أبريل 2025'); other text as is."""
    if not value:
        return ""
    try:
        return arabic_date(date.fromisoformat(value[:10]))
    except ValueError:
        return value


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
    """A highlighted stretch of the body: [start, end) with a CSS class and an anchor id.

    A span with ``href`` is an entity mention and becomes a link; the others become
    ``<mark>`` (event evidence, quotes, claims).
    """

    start: int
    end: int
    css: str
    anchor: str = ""
    title: str = ""
    href: str = ""


def entity_spans(doc: Doc, field: str = "body") -> list[Span]:
    """Every entity mention in ``field`` whose offsets fit the text, as a link span."""
    text = doc.article.body if field == "body" else doc.article.title
    n = len(text)
    spans = []
    for ent in doc.ann.entities:
        href = "/entity/" + quote(ent.id, safe="")
        for m in ent.mentions:
            if m.field == field and 0 <= m.start < m.end <= n:
                spans.append(Span(m.start, m.end, f"ent {ent.type.lower()}", title=ent.name, href=href))
    return spans


def evidence_spans(doc: Doc) -> list[Span]:
    """Spans to mark in the body: event evidence sentences, quotes and claims, with anchors."""
    n = len(doc.article.body)
    spans: list[Span] = []
    for i, ev in enumerate(doc.ann.events, 1):
        if 0 <= ev.start < ev.end <= n:
            spans.append(Span(ev.start, ev.end, "ev", f"ev-{i}", ev.type))
    for i, q in enumerate(doc.ann.quotes, 1):
        if 0 <= q.start < q.end <= n:
            who = (q.speaker.name or "") if q.speaker else ""
            spans.append(Span(q.start, q.end, "q", f"q-{i}", who))
    for i, c in enumerate(doc.ann.claims, 1):
        if 0 <= c.start < c.end <= n:
            who = (c.source.name or "") if c.source else ""
            spans.append(Span(c.start, c.end, "cl", f"cl-{i}", who))
    return spans


def paragraphs(body: str, spans: Sequence[Span] = ()) -> list[Markup]:
    """The body split on newlines into paragraphs, with spans drawn as links and marks.

    Spans may overlap: the text is cut at every span boundary, and each piece is
    wrapped in the link of the narrowest entity covering it and in one ``<mark>``
    carrying the classes of all evidence spans covering it, so offsets stay exact
    and the HTML stays properly nested (link outside, mark inside).
    """
    out: list[Markup] = []
    pos = 0
    for line in body.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip():
            out.append(mark_range(body, start, end, spans))
    return out


def mark_range(text: str, start: int, end: int, spans: Sequence[Span]) -> Markup:
    """``text[start:end]`` escaped, with the spans that fall inside it drawn (see :func:`paragraphs`)."""
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted({start, end, *(max(start, min(end, x)) for s in inside for x in (s.start, s.end))})
    parts: list[str] = []
    open_link: Span | None = None
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in inside if s.start <= a and s.end >= b]
        links = [s for s in covering if s.href]
        link = min(links, key=lambda s: s.end - s.start) if links else None
        if open_link is not None and link is not open_link:
            parts.append("</a>")
            open_link = None
        parts.extend(
            f'<span class="anchor" id="{escape(s.anchor)}"></span>'
            for s in inside
            if s.start == a and s.anchor
        )
        if link is not None and open_link is None:
            parts.append(
                f'<a class="{escape(link.css)}" href="{escape(link.href)}" title="{escape(link.title)}">'
            )
            open_link = link
        piece = str(escape(text[a:b]))
        marks = [s for s in covering if not s.href]
        if marks:
            classes = " ".join(sorted({s.css for s in marks}))
            tip = " · ".join(s.title for s in marks if s.title)
            piece = f'<mark class="{escape(classes)}" data-start="{a}" data-end="{b}" title="{escape(tip)}">{piece}</mark>'
        parts.append(piece)
    if open_link is not None:
        parts.append("</a>")
    return Markup("".join(parts))


def day_counts(docs: Iterable[Doc]) -> list[tuple[date, int]]:
    """Articles per publication day, oldest first, with empty days filled in (for the bar chart)."""
    c: Counter[date] = Counter(
        d.article.published.astimezone(UTC).date() for d in docs if d.article.published
    )
    return fill_days(sorted(c.items()))


def fill_days(series: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    """``series`` (oldest first) with the days between given a count of 0, so bars are evenly spaced in time."""
    if not series:
        return []
    counts = dict(series)
    first, last = series[0][0], series[-1][0]
    span = (last - first).days
    if span > 366:  # a year of daily bars is unreadable at this size; keep the days we have
        return list(series)
    return [(d, counts.get(d, 0)) for d in (date.fromordinal(first.toordinal() + i) for i in range(span + 1))]


MAX_BAR = 36.0  # px: a few days must not become a wall of ink
DAY_LABELS_UP_TO = 14  # label every bar below this many days; else only the two ends


def bar_chart(series: Sequence[tuple[date, int]], width: int = 640, height: int = 130) -> Markup:
    """A tiny server-side SVG bar chart of counts per day, oldest at the right (RTL reading order).

    The SVG is drawn in physical coordinates with ``direction="ltr"``: inside an RTL
    page an SVG inherits ``direction: rtl``, which silently flips ``text-anchor``.
    """
    if not series:
        return Markup("")
    top = max(n for _, n in series) or 1
    gap = 3.0
    bar_w = min(MAX_BAR, max(1.0, (width - gap * len(series)) / len(series)))
    base = height - 22
    parts = []
    for i, (d, n) in enumerate(series):
        h = (base - 14) * n / top
        x = width - (i + 1) * (bar_w + gap)
        label = f"{d.isoformat()}: {n}"
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}</title></rect>"
        )
        if n and len(series) <= DAY_LABELS_UP_TO:
            parts.append(
                f'<text class="n" x="{x + bar_w / 2:.1f}" y="{base - h - 3:.1f}" text-anchor="middle">{n}</text>'
            )
        if len(series) <= DAY_LABELS_UP_TO or i in (0, len(series) - 1):
            anchor = "middle" if len(series) <= DAY_LABELS_UP_TO else ("end" if i == 0 else "start")
            lx = x + bar_w / 2 if anchor == "middle" else (x + bar_w if i == 0 else x)
            parts.append(
                f'<text x="{lx:.1f}" y="{height - 6}" text-anchor="{anchor}">{escape(d.strftime("%m-%d"))}</text>'
            )
    parts.append(f'<line class="axis" x1="0" x2="{width}" y1="{base + 0.5}" y2="{base + 0.5}"/>')
    return Markup(
        f'<svg class="chart" direction="ltr" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="عدد المقالات في اليوم">{"".join(parts)}</svg>'
    )


@dataclass
class Network:
    """Actors (nodes) and directed events between them (edges) for the pair page."""

    nodes: dict[str, str] = field(default_factory=dict)  # key -> label
    edges: Counter[tuple[str, str]] = field(default_factory=Counter)
    linked: set[str] = field(default_factory=set)  # keys that are entity ids (get a link)


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
            if actor.entity:
                net.linked.add(key)
            keys.append(key)
        net.edges[(keys[0], keys[1])] += 1
    return net


NODE_R = 20


def _node_positions(keys: list[str], size: int) -> dict[str, tuple[float, float]]:
    """Nodes on a circle, the first at the right (where an RTL reader starts)."""
    if len(keys) == 1:
        return {keys[0]: (size / 2, size / 2)}
    r = size / 2 - 60
    pos = {}
    for i, k in enumerate(keys):
        angle = math.pi * 2 * i / len(keys)
        pos[k] = (size / 2 + r * math.cos(angle), size / 2 - r * math.sin(angle))
    return pos


def _edge(x1: float, y1: float, x2: float, y2: float, n: int) -> str:
    """A gently curved arrow from node to node: curving to one side, so that a→b and
    b→a are two visible arcs instead of one line with two heads."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    sx, sy = x1 + ux * (NODE_R + 2), y1 + uy * (NODE_R + 2)
    ex, ey = x2 - ux * (NODE_R + 4), y2 - uy * (NODE_R + 4)
    bend = 0.18 * length
    cx, cy = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
    return (
        f'<path class="edge" d="M {sx:.1f} {sy:.1f} Q {cx:.1f} {cy:.1f} {ex:.1f} {ey:.1f}" stroke-width="{min(6, 1 + n)}" '
        f'marker-end="url(#arrow)"><title>{n}</title></path>'
    )


def network_svg(net: Network, size: int = 340, highlight: set[str] | frozenset[str] = frozenset()) -> Markup:
    """Actors as nodes, events as arrows source → target, arrow width by event count.

    ``highlight`` nodes (the pair the page is about) are drawn filled, so third
    parties stand apart at a glance; linked actors link to their entity page.
    Physical coordinates with ``direction="ltr"``, as in :func:`bar_chart`.
    """
    if not net.nodes:
        return Markup("")
    keys = sorted(net.nodes, key=lambda k: (k not in highlight, k))
    pos = _node_positions(keys, size)
    height = size
    if len(keys) <= 2:  # two actors side by side need no square canvas
        height = 150
        pos = {k: (x, height / 2 - 10) for k, (x, _) in pos.items()}
    parts = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
    ]
    parts.extend(_edge(*pos[a], *pos[b], n) for (a, b), n in net.edges.items() if a != b)
    for k in keys:
        x, y = pos[k]
        label = escape(net.nodes[k])
        node = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE_R}"><title>{label}</title></circle>'
            f'<text x="{x:.1f}" y="{y + NODE_R + 16:.1f}" text-anchor="middle">{label}</text>'
        )
        if k in net.linked:
            node = f'<a href="/entity/{escape(quote(k, safe=""))}">{node}</a>'
        parts.append(f'<g class="{"node main" if k in highlight else "node"}">{node}</g>')
    return Markup(
        f'<svg class="network" direction="ltr" viewBox="0 0 {size} {height}" width="{size}" height="{height}" '
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


def group_by_day(docs: Iterable[Doc]) -> list[tuple[date | None, list[Doc]]]:
    """Docs grouped by publication day in the order given (undated docs form one group)."""
    groups: list[tuple[date | None, list[Doc]]] = []
    for d in docs:
        p = d.article.published
        day = p.astimezone(UTC).date() if p is not None else None
        if groups and groups[-1][0] == day:
            groups[-1][1].append(d)
        else:
            groups.append((day, [d]))
    return groups
