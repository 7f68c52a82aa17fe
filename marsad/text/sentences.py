"""Sentence spans with character offsets into the display text.

Arabic news punctuates loosely: sentences end at ``.``, ``!``, ``?``/``؟`` or a line
break, and quoted material may contain any of these. A quote mark does not end a
sentence, and a full stop *inside* a pair of quote marks does not split it — a
quoted sentence belongs to the reporting sentence around it (the quotes guideline,
``../shared/quotes/README.md`` rule 11). Decimal points (``3.5``) and dotted
abbreviations of Latin letters (``U.S.``) are not sentence ends either.

Spans are ``(start, end)`` with ``text[start:end]`` trimmed of surrounding space.
"""

from __future__ import annotations

import re
from itertools import islice

_ENDS = ".!?؟\n"
_OPEN = "“«„‟"
_CLOSE = "”»"
_AMBIG = '"'
# A quoted stretch longer than this without closing is treated as unclosed: its
# marks stop protecting full stops, so one broken mark cannot swallow an article.
MAX_QUOTE_CHARS = 600


def _protected(text: str) -> list[bool]:
    """Which characters lie inside a quote pair (within one line)."""
    inside = [False] * len(text)
    for line in re.finditer(r"[^\n]+", text):
        s, e = line.span()
        i = s
        while i < e:
            ch = text[i]
            if ch in _OPEN or ch in _AMBIG or ch in _CLOSE:
                # find the nearest closing mark on this line within the limit
                j = i + 1
                limit = min(e, i + MAX_QUOTE_CHARS)
                while j < limit and not (
                    text[j] in _CLOSE or text[j] in _AMBIG or (ch in _CLOSE and text[j] in _CLOSE)
                ):
                    j += 1
                if j < limit:
                    for k in range(i, j + 1):
                        inside[k] = True
                    i = j + 1
                    continue
            i += 1
    return inside


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their trimmed ``(start, end)`` offsets."""
    spans: list[tuple[int, int]] = []
    inside = _protected(text)
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in _ENDS and (ch == "\n" or not inside[i]):
            if ch == "." and is_inner_dot(text, i):
                i += 1
                continue
            end = i + 1
            # keep trailing closing marks and repeated punctuation with the sentence
            while end < n and (text[end] in _ENDS.replace("\n", "") or text[end] in _CLOSE + _AMBIG):
                end += 1
            _push(text, start, end, spans)
            start = end
            i = end
            continue
        i += 1
    _push(text, start, n, spans)
    return spans


def is_inner_dot(text: str, i: int) -> bool:
    """Whether the dot at ``i`` is inside a number, an abbreviation or a dotted token."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isdigit() and after.isdigit():
        return True  # 3.5
    # U.S. / A.F.P.: a single Latin capital before the dot
    if before.isascii() and before.isalpha() and (i < 2 or not text[i - 2].isalpha()):
        return True
    return _in_dotted_token(text, i)


MAX_TOKEN_CHARS = 64  # longer than any acronym or domain worth keeping whole
_INNER_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W_])")  # a dot with a letter or digit on both sides


def _in_dotted_token(text: str, i: int) -> bool:
    """AswagalMal.com, إن.بي.سي, جي.اف.زد: a dot with a letter right on both sides is inside
    one token when the token is Latin (a domain) or is dotted more than once (an acronym).
    One dot between Arabic words is a full stop with its space left out (العام.وقال)."""
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    if not (before.isalnum() and after.isalnum()):
        return False
    if before.isascii() and after.isascii():
        return True
    # The token around the dot, looked for within a bounded window (C-level str methods):
    # a hostile page of dots with no spaces must cost linear time, not quadratic.
    left = text[max(0, i - MAX_TOKEN_CHARS) : i].rsplit(None, 1)
    right = text[i : i + MAX_TOKEN_CHARS].split(None, 1)
    token = (left[-1] if left else "") + (right[0] if right else "")
    return token.count(".") >= 2 and next(islice(_INNER_DOT.finditer(token), 1, None), None) is not None


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(c.isalnum() for c in text[start:end]):
        spans.append((start, end))


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


_END_MARK = re.compile(r"[.!?؟\n]")


def end_marks(text: str) -> list[int]:
    """Offsets of every sentence-ending character, quotes not protected (for a text whose
    quotes are already blanked); dots inside numbers, abbreviations and dotted tokens
    (إن.بي.سي، AswagalMal.com) end nothing."""
    return [
        m.start() for m in _END_MARK.finditer(text) if m.group() != "." or not is_inner_dot(text, m.start())
    ]
