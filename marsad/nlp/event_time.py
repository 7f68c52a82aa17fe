"""When did it happen: dates stated in an event's sentence, resolved against publication.

News states most event dates relative to the day it is published — أمس، السبت، الشهر الماضي —
and some absolutely — في 12 أغسطس 2024، في أغسطس 2024. Absolute dates with a day go to
:func:`marsad.text.dates.parse_date`; a month and year alone give ``YYYY-MM`` and a year alone
``YYYY`` (ISO 8601 reduced precision: we never invent a day). Relative words need
``published``; without it they resolve to ``None``.

The words are data: ``marsad/data/events/time_words.tsv`` (relative expressions) and the
month names of ``marsad/data/text/months.tsv`` that the date parser uses.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError
from ..text.dates import MONTHS_FILE, parse_date
from ..text.normalize import normalize

TIME_WORDS = Path(__file__).resolve().parents[1] / "data" / "events" / "time_words.tsv"


@lru_cache(maxsize=1)
def _tables() -> tuple[list[tuple[re.Pattern[str], str, int]], dict[str, int]]:
    """(relative patterns: regex, kind, amount) and month name → number, longest names first."""
    try:
        rel: list[tuple[str, str, int]] = []
        for line in TIME_WORDS.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                phrase, kind, amount = line.split("\t")
                rel.append((normalize(phrase), kind, int(amount)))
        months: dict[str, int] = {}
        for line in MONTHS_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, num = line.split("\t")
                months[normalize(name)] = int(num)
    except (OSError, ValueError) as exc:
        raise ResourceError(f"time words failed to load: {exc}") from exc
    rel.sort(key=lambda r: -len(r[0]))
    # a relative word may carry و/ف and ب/ل before it (وأمس، بالأمس), never other letters
    patterns = [(re.compile(r"(?<!\w)[وف]?[بل]?" + re.escape(p) + r"(?!\w)"), k, a) for p, k, a in rel]
    return patterns, months


def _month_names() -> str:
    return "|".join(re.escape(m) for m in sorted(_tables()[1], key=len, reverse=True))


@lru_cache(maxsize=1)
def _absolute_re() -> re.Pattern[str]:
    names = _month_names()
    # (day)? month (year)?  — the day and year are optional, at least one must be there
    return re.compile(
        rf"(?<!\w)(?:(?P<day>\d{{1,2}})\s+)?(?:من\s+)?(?:شهر\s+)?(?P<month>{names})(?!\w)(?:\s+(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d))?"
    )


_YEAR_RE = re.compile(r"(?<!\w)(?:عام|العام|سنه)\s+((?:19|20)\d\d)(?!\w)")


def resolve_date(text: str, published: datetime | None) -> str | None:
    """The date the sentence ``text`` states, as an ISO date (or ``YYYY-MM`` / ``YYYY``)."""
    folded = normalize(text)
    absolute = _absolute(folded, published)
    if absolute:
        return absolute
    if published is not None:
        relative = _relative(folded, published)
        if relative:
            return relative
    m = _YEAR_RE.search(folded)
    return m.group(1) if m else None


def _absolute(folded: str, published: datetime | None) -> str | None:
    for m in _absolute_re().finditer(folded):
        day, year = m.group("day"), m.group("year")
        month = _tables()[1][m.group("month")]
        if day and (year or published):
            parsed = parse_date(m.group(0), base=published)
            if parsed is not None:
                return parsed.date().isoformat()
        if year:
            return f"{year}-{month:02d}"
    return None


def _relative(folded: str, published: datetime) -> str | None:
    patterns, _ = _tables()
    best: tuple[int, str, int] | None = None
    for pattern, kind, amount in patterns:
        m = pattern.search(folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind, amount)
    if best is None:
        return None
    _, kind, amount = best
    day = published.date()
    if kind == "days":
        return (day + timedelta(days=amount)).isoformat()
    if kind == "weekday":  # the most recent such day, today included (Monday = 0)
        return (day - timedelta(days=(day.weekday() - amount) % 7)).isoformat()
    if kind == "months":
        index = day.year * 12 + day.month - 1 + amount
        return f"{index // 12}-{index % 12 + 1:02d}"
    if kind == "years":
        return str(day.year + amount)
    raise ResourceError(f"time_words.tsv: unknown kind {kind!r}")
