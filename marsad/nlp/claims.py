"""Attributed claims: reported speech without quote marks (stage ``claims``).

A claim is the content of a reporting clause introduced by a complementiser — ذكرت وكالة
الأنباء المركزية الكورية أن …، أكد رئيس الأركان … أن …، أفادت/أعلنت/قالت/أوضحت … أن/إن/بأن …
— or by a participle hanging on one (… مشدداً على أن …، مشيرة إلى أن …). The source is found
exactly as a quote's speaker is (:mod:`marsad.nlp.speakers`, same document walk, so
"وأوضحت الوكالة أن …" resolves الوكالة to the agency named before), and linked to an entity
from the ``entities`` stage when one overlaps it.

Decisions (no gold exists; tests/test_claims.py holds hand-labelled sentences):

- ``text`` runs from after the complementiser (أن، إن، بأن and their pronoun forms أنه،
  إنها …) to the end of the sentence, and stops before a comma that opens another reporting
  clause (، مشيرة إلى أن … starts the next claim). Sentences are split at . ! ؟ and line
  ends, never inside quote marks.
- Quoted words inside a claim stay in it (the claim is the whole reported content; the
  ``quotes`` stage reports the marked words separately). A clause that is *mostly* a direct
  quote (قال إن "…", more than ``MAX_QUOTED_SHARE`` of its characters inside marks) is left
  to the ``quotes`` stage and is not a claim.
- A verb that reports no content clause (وأكد جيراسيموف الدور المحوري …) gives no claim.
"""

from __future__ import annotations

from ..model import Claim, Doc, Speaker
from ..pipeline import stage
from ..text.tokens import tokenize
from .anchors import reporting_anchors
from .quotes import Span, attribute_document, coref_groups
from .reporting import Lexicon, cue_kind, load_lexicon
from .spans import entity_at
from .speakers import Naming

# A clause with more than this share of its characters inside quote marks is a direct
# quote introduced by إن/أن, which the quotes stage reports.
MAX_QUOTED_SHARE = 0.6
_TRIM = " \t\n.،,:؛;!؟?"
_CLAUSE_VERBS = ("say", "verb", "tverb")


def _source(doc: Doc | None, nm: Naming | None) -> Speaker | None:
    if nm is None:
        return None
    ent = entity_at(doc, nm.start, nm.end) if doc is not None else None
    return Speaker(entity=ent.id if ent else None, name=nm.text, start=nm.start, end=nm.end)


def _clause_end(masked: str, start: int, sentence_end: int, lex: Lexicon) -> int:
    """Where the reported clause starting at ``start`` ends: the sentence end, a comma
    followed by another reporting cue (، مشيرة إلى أن …، وأضاف أن …), or a reporting verb
    joined by و that opens the next clause (… وقالت الشرطة أيضا إنه …، … وحذر الرئيس بأن …)."""
    toks = tokenize(masked[start:sentence_end])
    for k, t in enumerate(toks[:-1]):
        if t.text in "،," and cue_kind(toks[k + 1].text, lex) is not None:
            return start + t.start
        if t.text[:1] in "وف" and cue_kind(t.text[1:], lex) in _CLAUSE_VERBS:
            return start + t.start  # و/ف + a verb (not وصفته, whose و is its own)
    return sentence_end


def _quoted_share(spans: list[Span], start: int, end: int) -> float:
    covered = 0
    for s in spans:
        lo = s.open_at
        hi = (s.close_at + 1) if s.close_at is not None else s.end
        covered += max(0, min(hi, end) - max(lo, start))
    return covered / max(end - start, 1)


@stage("claims")
class ClaimExtractor:
    """Finds reported claims in ``doc.article.body`` with their source and cue."""

    version = "claims-rules-2"

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()

    @classmethod
    def from_disk(cls) -> ClaimExtractor:
        return cls(load_lexicon())

    def extract(self, text: str, doc: Doc | None = None) -> list[Claim]:
        """Claims of ``text``; ``doc`` (whose body is ``text``) supplies entities for linking."""
        spans, found, attr = attribute_document(text, self.lex, coref_groups(doc))
        claims: list[Claim] = []
        for comp_start, content_start in reporting_anchors(attr):
            sentence = attr.sentence(comp_start)
            end = _clause_end(attr.masked, content_start, sentence.end, self.lex)
            start = content_start
            while start < end and text[start] in _TRIM:
                start += 1
            while end > start and text[end - 1] in _TRIM:
                end -= 1
            if end <= start or _quoted_share(spans, start, end) > MAX_QUOTED_SHARE:
                continue
            att = found[comp_start]
            claims.append(
                Claim(
                    text=text[start:end],
                    start=start,
                    end=end,
                    source=_source(doc, att.speaker),
                    cue=text[att.cue[0] : att.cue[1]] if att.cue else None,
                )
            )
        return claims

    def __call__(self, doc: Doc) -> Doc:
        doc.ann.claims = self.extract(doc.article.body, doc)
        return doc
