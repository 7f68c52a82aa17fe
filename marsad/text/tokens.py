"""Tokens with character offsets. Arabic words, numbers, Latin words, and single
punctuation marks. Clitics stay attached here; the NER features and the stemmer
look inside tokens, so display offsets stay exact."""

from __future__ import annotations

import re
from typing import NamedTuple

# A word is a run of letters/marks/digits (Arabic tatweel and diacritics included);
# anything else that is not space is a one-character token.
_TOKEN_RE = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+|[^\w\s]", re.UNICODE)


# hyphens written between the parts of one name (جان-لوك، زيرنيكا-جوتس); the tokenizer splits at
# them, so the name-finding stages join the parts back. (An en dash glued between names is a
# range or a route, باريس–لندن, not one name.)
NAME_HYPHENS = frozenset("-\u2010\u2011")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
