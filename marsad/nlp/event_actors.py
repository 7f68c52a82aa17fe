"""Clause cues for an event's source and target, read from ``actor_grammar.tsv``.

:mod:`.event_chunks` finds actor chunks; these cues decide which chunk plays which
part: where a clause ends (قال الجيش إن مسلحين هاجموا: the army reports, it does not
attack), who only reports (قال المتحدث باسم الشرطة «…»), counts before a subject (نحو مائة
متظاهر), verbs whose subject suffers the event (نجا من محاولة اغتيال) or reads as passive in
unvowelled news (ثمانية أشخاص قتلوا), the protesters of a PROTEST and what it demands (مطالبين
باستقالة الحكومة), the nouns that head a place's name (حي الوحدة), the words that tie a unit to
its institution (التابعة لوزارة الداخلية) and the time adverbs between a verb and its object.
Word lists are data; the rules that use them live in :mod:`.event_chunks` (which words make one
actor) and :mod:`.events` (which actor plays which part).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError
from ..text.normalize import normalize
from .event_lexicon import DATA_DIR

KINDS = (
    "clause_break",
    "report_end",
    "quantifier",
    "suffer",
    "victim_verb",
    "protester",
    "attack_adjective",
    "agent_marker",
    "perform_verb",
    "happening",
    "attacker",
    "agentive_noun",
    "generic_head",
    "settlement",
    "protest_object",
    "belongs",
    "adverb",
    "former",
    "casualty",
    "casualty_pair",
    "name_form",
    "verb_homograph",
    "homograph_object",
    "role_adjective",
    "definite_actor",
    "manner_phrase",
    "weapon_head",
)


class ActorGrammar:
    """Word lists by kind; a token matches when any of its clitic variants is listed."""

    def __init__(self, words: dict[str, frozenset[str]], written: frozenset[str] = frozenset()):
        self.words = words
        self.written = written  # name_form rows as written: normalising folds علي (Ali) into على

    @classmethod
    def from_disk(cls, path: Path = DATA_DIR / "actor_grammar.tsv") -> ActorGrammar:
        words: dict[str, set[str]] = {k: set() for k in KINDS}
        written: set[str] = set()
        try:
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                word, kind = line.split("\t")
                if kind not in words:
                    raise ValueError(f"unknown kind {kind!r}")
                words[kind].add(normalize(word))
                if kind == "name_form":
                    written.add(word)
        except (OSError, ValueError) as exc:
            raise ResourceError(f"actor grammar {path} failed to load: {exc}") from exc
        return cls({k: frozenset(v) for k, v in words.items()}, frozenset(written))

    def is_(self, kind: str, token_variants: list[str]) -> bool:
        bag = self.words[kind]
        return any(v in bag for v in token_variants)

    def is_name(self, token: str) -> bool:
        """Is the token, as written, a name that normalises to a function word (علي, not على)?"""
        bare = token[1:] if token[:1] == "و" and len(token) > 3 else token
        return bare in self.written

    def is_count(self, word: str, token_variants: list[str]) -> bool:
        """A number or a quantifier word (50، نحو، عشرات، آلاف)."""
        return word[:1].isdigit() or self.is_("quantifier", token_variants)


@lru_cache(maxsize=1)
def default_grammar() -> ActorGrammar:
    return ActorGrammar.from_disk()
