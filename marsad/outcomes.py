"""Every input record ends in exactly one named outcome, and the summary counts them.

Outcome strings: ``stored``, ``unchanged`` (already in the store: a re-run or a
resumed ingest), ``repeated`` (the same article id read again in one run — same
canonical URL or same text — and not stored twice), ``duplicate`` (stored, with ``duplicate_of`` set),
``discarded:<reason>`` (valid input we chose not to keep, e.g. ``discarded:empty``),
``failed:<reason>`` (input we could not read, e.g. ``failed:truncated-gzip``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Article


@dataclass(frozen=True, slots=True)
class Rejected:
    """A source record that produced no article, and why."""

    key: str  # where it came from: "<file>#<record>" or a URL
    outcome: str  # "discarded:<reason>" or "failed:<reason>"
    detail: str = ""


SourceItem = Article | Rejected


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # outcome -> one example key/detail

    def add(self, outcome: str, example: str = "") -> None:
        self.counts[outcome] += 1
        if outcome not in self.examples and example:
            self.examples[outcome] = example

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def failed(self) -> int:
        return sum(n for k, n in self.counts.items() if k.startswith("failed"))

    def merge(self, other: Summary) -> None:
        self.counts.update(other.counts)
        for k, v in other.examples.items():
            self.examples.setdefault(k, v)

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))
