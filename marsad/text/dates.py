"""Publication dates to timezone-aware UTC, or ``None`` — never "today".

dateparser does the parsing, with a *fixed* language chain (Arabic, English) so
that a string is never read through a language guessed from its own letters, and
``REQUIRE_PARTS`` so that a bare weekday or month cannot become a date relative
to the clock. Before dateparser sees it, the string is prepared from data:
Eastern digits become ASCII, and month names dateparser's Arabic locale lacks —
Levantine (أيار، تموز), Maghrebi (جوان، غشت) — become English month names
(``marsad/data/text/months.tsv``). ISO 8601 strings, which are most of what
feeds and corpora carry, take a fast path that skips dateparser.

Relative expressions in article text (أمس، السبت) are the event stage's business
(:mod:`marsad.nlp.event_time`); this module parses dates as sources print them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from .normalize import normalize

MONTHS_FILE = Path(__file__).resolve().parents[1] / "data" / "text" / "months.tsv"
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_LANGUAGES = ["ar", "en"]
_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    # No "relative-time" parser: "اليوم", "tomorrow", "منذ ساعتين" would become a
    # date computed from the clock, which for a publication date is an invention.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}
_ORDINAL_RE = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)
# "2018-05-02", "2018-05-02T10:00:00+03:00", "2015-07-21 02:51:32", "...Z"
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")
_ARABIC_WORD_RE = re.compile(r"[\u0600-\u06FF]+")
# Years outside this range are almost always parse accidents (a phone number, an id).
MIN_YEAR, MAX_YEAR = 1900, 2100


@cache
def _month_table() -> list[tuple[re.Pattern[str], str]]:
    rows: list[tuple[str, int]] = []
    for line in MONTHS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, num = line.split("\t")
        rows.append((normalize(name), int(num)))
    # longest first, so "تشرين الثاني" wins over a shorter name inside it
    rows.sort(key=lambda r: -len(r[0]))
    return [
        (re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])"), _EN_MONTHS[num - 1]) for name, num in rows
    ]


def _prepare(s: str) -> str:
    s = normalize(s)  # Eastern digits -> ASCII, hamza forms folded, diacritics dropped
    s = _ORDINAL_RE.sub("", s)
    for pattern, english in _month_table():
        s = pattern.sub(f" {english} ", s)
    return re.sub(r"\s+", " ", s).strip()


def _utc(d: datetime) -> datetime:
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)


def parse_date(s: str | None, *, base: datetime | None = None) -> datetime | None:
    """Parse a date as a source prints it. ``base`` (an aware datetime) anchors
    strings that lack a year; without it such strings give ``None``."""
    if not s or not s.strip():
        return None
    raw = s.strip()
    if _ISO_RE.match(raw):
        try:
            return _utc(datetime.fromisoformat(raw.replace("Z", "+00:00")))
        except ValueError:
            pass
    import dateparser  # lazy: importing it costs ~0.3 s

    text = _prepare(raw)
    settings = dict(_SETTINGS)
    if base is not None:
        settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
        settings["REQUIRE_PARTS"] = ["day", "month"]
    # Second try without the Arabic words left over (weekday names, "الموافق", …):
    # once months are English, what remains in Arabic script only confuses the parser.
    for candidate in (text, _ARABIC_WORD_RE.sub(" ", text).strip()):
        try:
            d = dateparser.parse(candidate, languages=_LANGUAGES, settings=settings)
        except (ValueError, OverflowError, TypeError, AttributeError):
            d = None
        if d is not None and MIN_YEAR <= d.year <= MAX_YEAR:
            return _utc(d)
    return None
