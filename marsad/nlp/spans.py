"""Span helpers shared by the stages that point at entities (quotes, claims, events).

Every later stage reads entities through here, so "which entity is named at these
characters" has one answer across the project.
"""

from __future__ import annotations

from ..model import Doc, Entity


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def entity_at(doc: Doc, start: int, end: int, field: str = "body") -> Entity | None:
    """The entity with a mention overlapping ``[start, end)``; the widest overlap wins,
    then the longest mention (so "الرئيس الروسي فلاديمير بوتين" beats "الروسي")."""
    best: tuple[int, int, Entity] | None = None
    for ent in doc.ann.entities:
        for m in ent.mentions:
            if m.field != field or not overlaps(start, end, m.start, m.end):
                continue
            cover = min(end, m.end) - max(start, m.start)
            key = (cover, m.end - m.start, ent)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def entities_in(doc: Doc, start: int, end: int, field: str = "body") -> list[Entity]:
    """Entities with at least one mention inside ``[start, end)``, in order of first mention there."""
    found: list[tuple[int, Entity]] = []
    for ent in doc.ann.entities:
        firsts = [m.start for m in ent.mentions if m.field == field and start <= m.start and m.end <= end]
        if firsts:
            found.append((min(firsts), ent))
    return [e for _, e in sorted(found, key=lambda p: p[0])]
