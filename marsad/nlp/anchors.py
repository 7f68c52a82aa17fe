"""Where attribution is asked beyond quote marks: reporting verbs and reported clauses.

The ``quotes`` stage attributes every quote's opening mark, but a speaker is often named in a
sentence with no quote (وأشار المدرب X إلى …) and a claim has no marks at all (أكد X أن …).
These anchors are positions in the text, found by walking each sentence's tokens; they are
kept apart from :mod:`.speakers` because they decide *where* to ask, not *who* speaks, and
only read the :class:`marsad.nlp.speakers.Attributor`'s sentence cache and lexicon.
"""

from __future__ import annotations

from ..text.tokens import Token
from .reporting import MAX_PHRASE_TOKENS, cue_kind, normalize
from .speakers import _COMPLEMENTISERS, _CONCESSIVE, _NOTED, _RELATIVE, Attributor


def _in_acronym(attr: Attributor, tok: Token) -> bool:
    """لشبكة إن.بي.سي أن: the first letters of a dotted acronym are no complementiser."""
    return attr.masked[tok.end : tok.end + 1] == "." and attr.masked[tok.end + 1 : tok.end + 2].isalpha()


def cue_anchors(attr: Attributor) -> list[int]:
    """The end of every reporting verb: attributing there records who spoke, so a later
    وأضاف: "…" continues the right speaker even when the first sentence quoted nothing
    (وأشار المدرب X إلى …)."""
    out = []
    for s in attr._starts:
        toks = attr.sentence(s).tokens
        open_clause = True  # a verb here may name a new speaker
        for k, t in enumerate(toks):
            concessive = k > 0 and normalize(toks[k - 1].text) in _CONCESSIVE
            if normalize(t.text) in _COMPLEMENTISERS and not concessive and not _in_acronym(attr, t):
                break  # a verb inside a reported clause is not the sentence's speaker
            if concessive or attr._contrast_at(toks, k):
                open_clause = True  # …، بيد أن المرصد أعلن: a second subject speaks
            if not open_clause or cue_kind(t.text, attr.lex) not in ("say", "verb", "tverb"):
                continue
            if k > 0 and normalize(toks[k - 1].text) in _RELATIVE:
                continue  # غوارديولا، الذي انتقده …: a relative clause's verb
            if any(attr._own_words(toks, j) for j in range(k + 1, min(len(toks), k + 4))):
                break  # نقلت الصحيفة قوله: the paper carries another speaker's words
            out.append(t.end)
            open_clause = False
    return out


def reporting_anchors(attr: Attributor) -> list[tuple[int, int]]:
    """Reported speech without quote marks: ``(complementiser start, content start)`` for
    each أن/إن/بأن that a reporting cue governs (أكد X أن …، مشيرة إلى أن …)."""
    out = []
    for s in attr._starts:
        toks = attr.sentence(s).tokens
        last_cue = -1
        for k, t in enumerate(toks):
            kind = cue_kind(t.text, attr.lex)
            if kind in ("say", "verb", "tverb", "participle"):
                last_cue = k
                continue
            if normalize(t.text) not in _COMPLEMENTISERS or last_cue < 0 or _in_acronym(attr, t):
                continue
            if k > 0 and normalize(toks[k - 1].text) in _NOTED:
                continue  # "…"، علما بأنه عاد: the writer's aside, not the cue's complement
            if k - last_cue <= MAX_PHRASE_TOKENS + 2:
                out.append((t.start, t.end))
            last_cue = -1  # one complementiser per cue: a later أن is inside the claim
    return out
