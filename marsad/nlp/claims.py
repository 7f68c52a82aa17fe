"""Attributed claims: reported speech without quote marks (stage ``claims``).

A claim is the content of a reporting clause introduced by a complementiser — ذكرت وكالة
الأنباء المركزية الكورية أن …، أكد رئيس الأركان … أن …، أفادت/أعلنت/قالت/أوضحت … أن/إن/بأن …
— or by a participle hanging on one (… مشدداً على أن …، مشيرة إلى أن …). The source is found
exactly as a quote's speaker is (:mod:`marsad.nlp.speakers`, same document walk, so
"وأوضحت الوكالة أن …" resolves الوكالة to the agency named before), and linked to an entity
from the ``entities`` stage when one overlaps it.

Decisions (rules from two rounds of hand-labelled unseen articles; each has a made-up
sentence in tests/test_claims.py):

- ``text`` runs from after the complementiser (أن، إن، بأن and their pronoun forms أنه،
  إنها …) to the end of the sentence, and stops before a comma that opens another reporting
  clause (، مشيرة إلى أن … starts the next claim). Sentences are split at . ! ؟ and line
  ends, never inside quote marks.
- Quoted words inside a claim stay in it (the claim is the whole reported content; the
  ``quotes`` stage reports the marked words separately). A clause that is *mostly* a direct
  quote (قال إن "…", more than ``MAX_QUOTED_SHARE`` of its characters inside marks) is left
  to the ``quotes`` stage and is not a claim.
- A verb that reports no content clause (وأكد جيراسيموف الدور المحوري …) gives no claim.
- An أن that the word before it governs (دون أن، قبل أن، يمكن أن، من المقرر أن، من بينها
  أن; class ``head`` of ``claim_words.tsv``) is no cue's complement: no claim starts there.
- The writer's remark that the source said no more ends the claim: a comma, then
  (و)لكن+pronoun and/or a negator, then a verb of telling (، لكنها لم تكشف …، دون أن يحدد …);
  so does a comma, لكن+pronoun and a reporting verb (، ولكنها قالت إنها …), which opens the
  source's next clause. A bare لكن (، لكن الطرف الجزائري خلص …) stays in the claim.
  لكنه + negator + verb of telling ends it without a comma too (… لكنه لم يقدم تفاصيل).
- A masculine adverbial participle (موضحا، داعيا، مضيفا) opens the next clause even without
  a comma; feminine forms (مطالبة، لافتة) are mostly nouns and need the comma.
- First-person words without marks (وقال: أعتقد بأن …، آمل أن …) are the speaker's own
  direct speech, not reported speech: no claim.
- Source: the speaker finder's answer; when it names none, the words between a say-verb and
  its أن (a verb with a content clause has no noun object, so they are its subject), then
  the speaker of the sentence's earlier clause (…، إذ أكدت أنه …).

Measured by ``marsad eval claims GOLD.jsonl`` (:mod:`marsad.nlp.claim_eval`, whose docstring
holds the labelling guideline).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..errors import ResourceError
from ..model import Claim, Doc, Speaker
from ..pipeline import stage
from ..text.tokens import Token, tokenize
from .anchors import reporting_anchors
from .quotes import Span, attribute_document, coref_groups, place_spans, referent
from .reporting import DATA_DIR, Lexicon, cue_kind, load_lexicon, normalize
from .spans import entity_at
from .speakers import Attribution, Naming

# A clause with more than this share of its characters inside quote marks is a direct
# quote introduced by إن/أن, which the quotes stage reports.
MAX_QUOTED_SHARE = 0.6
_TRIM = " \t\n.،,:؛;!؟?"
_CLAUSE_VERBS = ("say", "verb", "tverb")
_CLAIM_CLASSES = ("head", "neg", "untold", "pronoun", "first_person", "inference", "opener")
_ASIDES = frozenset(normalize(w) for w in ["كما", "حسبما"])  # ، كما أعلن أيضا X أن: the next claim
# لكنه، ولكنها …: a contrast whose subject is a pronoun, usually the source again
_BUT_PRONOUN = frozenset(normalize(b + p) for b in ("لكن", "ولكن") for p in ("ه", "ها", "هم", "هما"))
_REMARK_WINDOW = 4  # tokens after the comma in which the remark's verb must come
_MAX_SUBJECT_TOKENS = 8  # a longer stretch between a cue and أن is no plain subject


@lru_cache(maxsize=1)
def load_claim_words() -> dict[str, frozenset[str]]:
    """Word classes of ``claim_words.tsv`` (ResourceError when missing or malformed)."""
    path = DATA_DIR / "claim_words.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"claims lexicon {path.name} missing: {exc}") from exc
    words: dict[str, set[str]] = {c: set() for c in _CLAIM_CLASSES}
    for ln in lines:
        if not ln.strip() or ln.startswith("#"):
            continue
        form, sep, cls = ln.partition("\t")
        if not sep or cls.strip() not in words:
            raise ResourceError(f"{path.name}: bad line {ln!r}")
        c = cls.strip()
        words[c].add(_bare(form.strip()) if c == "first_person" else normalize(form.strip()))
    return {c: frozenset(v) for c, v in words.items()}


def _bare(word: str) -> str:
    """``word`` without short vowels and tatweel but with its hamza: أعتبر (I consider) is
    not اعتبر (he considered), which normalising would make one word."""
    return re.sub("[\u0640\u064b-\u0652]", "", word)


def _source(doc: Doc | None, nm: Naming | None) -> Speaker | None:
    if nm is None:
        return None
    ref = referent(doc, nm, load_lexicon()) if doc is not None else None
    if ref is not None:
        return ref  # وقالت الوزارة after الخارجية الروسية: the ministry named before; an office's holder
    ent = entity_at(doc, nm.start, nm.end) if doc is not None else None
    return Speaker(entity=ent.id if ent else None, name=nm.text, start=nm.start, end=nm.end)


def _writer_remark(toks: Sequence[Token], k: int, lex: Lexicon) -> bool:
    """Whether the tokens from ``k`` on are the writer's remark about the source
    (لكنها لم تكشف …، دون أن يحدد …) or the source's next clause (ولكنها قالت إنها …)."""
    words = load_claim_words()
    nxt = [normalize(t.text) for t in toks[k : k + _REMARK_WINDOW]]
    j = 1 if nxt[:1] and nxt[0] in _BUT_PRONOUN else 0
    if j and j < len(nxt) and cue_kind(toks[k + j].text, lex) in _CLAUSE_VERBS:
        return True  # ولكنها قالت إنها …
    if nxt[j : j + 1] == ["من"]:
        j += 1  # من دون أن
    if not (j < len(nxt) and nxt[j] in words["neg"]):
        return False
    rest = nxt[j + 1 :]
    if rest[:1] and rest[0] in ("ان", "أن"):
        rest = rest[1:]
    return bool(rest) and rest[0] in words["untold"]


def _inference(toks: Sequence[Token], k: int) -> bool:
    """Do the tokens from ``k`` open the writer's inference (ما يؤكد أن، الأمر الذي يعني أن،
    وهو ما يشير إلى): openers, then an inference verb, within three words?"""
    words = load_claim_words()
    j = k
    while j < min(k + 3, len(toks)) and normalize(toks[j].text) in words["opener"]:
        j += 1
    return k < j < len(toks) and normalize(toks[j].text) in words["inference"]


def _adverbial_participle(word: str, lex: Lexicon) -> bool:
    """مضيفا، موضحا، داعيا: a masculine participle in -ا opens a new reporting clause even
    without a comma. Feminine forms (لافتة، داعية، مطالبة) are mostly nouns, so they end a
    claim only after a comma."""
    return cue_kind(word, lex) == "participle" and normalize(word).rstrip("\u064b").endswith("ا")


def _first_person(text: str, att: Attribution) -> bool:
    """أعتقد أن …، آمل أن …: a cue in the first person is the speaker's own words in unmarked
    direct speech (وقال: أعتقد بأن …), not speech reported by the article."""
    if att.cue is None:
        return False
    w = _bare(text[att.cue[0] : att.cue[1]])
    forms = {w, w[1:]} if w[:1] in "وف" else {w}
    return bool(forms & load_claim_words()["first_person"])


def _governed(text: str, comp_start: int) -> bool:
    """Whether the word just before the complementiser governs it (دون أن، يمكن أن), or is a
    first-person verb of the speaker's own unmarked words (وقال: آمل أن …)."""
    words = load_claim_words()
    before = tokenize(text[max(0, comp_start - 30) : comp_start])
    if not before:
        return False
    return normalize(before[-1].text) in words["head"] or _bare(before[-1].text) in words["first_person"]


def _clause_end(masked: str, start: int, sentence_end: int, lex: Lexicon) -> int:
    """Where the reported clause starting at ``start`` ends: the sentence end, a comma
    followed by another reporting cue (، مشيرة إلى أن …، وأضاف أن …) or by the writer's
    remark (:func:`_writer_remark`), or a reporting verb joined by و that opens the next
    clause (… وقالت الشرطة أيضا إنه …، … وحذر الرئيس بأن …)."""
    toks = tokenize(masked[start:sentence_end])
    for k, t in enumerate(toks[:-1]):
        if t.text in "،," and (
            cue_kind(toks[k + 1].text, lex) is not None
            or _writer_remark(toks, k + 1, lex)
            or _inference(toks, k + 1)
            or (normalize(toks[k + 1].text) in _ASIDES and k + 2 < len(toks) and cue_kind(toks[k + 2].text, lex))
        ):
            return start + t.start
        if k and normalize(t.text) in _BUT_PRONOUN and _writer_remark(toks, k, lex):
            return start + t.start  # … غير المسبوقة لكنه لم يقدم تفاصيل (no comma)
        if k and _adverbial_participle(t.text, lex):
            return start + t.start  # … سيصل قريبا موضحا أن …: the next claim, comma or not
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


def _sentence_speaker(found: dict[int, Attribution], sentence_start: int, pos: int) -> Naming | None:
    """The speaker of the nearest earlier anchor of the sentence: a clause with no subject of
    its own (…، إذ أكدت أنه …، حيث أوضح أن …) shares the subject of the clause it hangs on."""
    for a in sorted((a for a in found if sentence_start <= a < pos), reverse=True):
        if found[a].speaker is not None:
            return found[a].speaker
    return None


def _subject_between(text: str, att: Attribution, comp_start: int, lex: Lexicon) -> tuple[int, int] | None:
    """The subject of ``كشف البرازيلي فيليبي كوتينيو أن …`` when the speaker finder named none:
    a verb whose complement is the أن-clause has no noun object, so the words between the
    verb and أن are its subject, up to the first preposition, time word or function word
    (… الحارس الأساسي لمنتخب البرازيل أن). Only for verbs that take no person object
    (say/verb, not اتهم X بأن، أبلغ X بأن)."""
    if att.cue is None or cue_kind(text[att.cue[0] : att.cue[1]], lex) not in ("say", "verb"):
        return None
    toks = tokenize(text[att.cue[1] : comp_start])
    pronouns = load_claim_words()["pronoun"]
    kept: list[Token] = []
    for t in toks:
        if not t.text[:1].isalpha() or any(lex.has(c, t.text) for c in ("stop", "time", "prep")):
            break
        if normalize(t.text) in pronouns:
            return None  # كتب فيه أن: the verb's subject is not in these words
        kept.append(t)
    rest = toks[len(kept) :]
    if not kept or len(kept) > _MAX_SUBJECT_TOKENS or len(rest) > _MAX_SUBJECT_TOKENS:
        return None
    if any(cue_kind(t.text, lex) is not None for t in rest):
        return None  # … حيث توقع البنك أن: another cue governs the أن
    return att.cue[1] + kept[0].start, att.cue[1] + kept[-1].end


@stage("claims")
class ClaimExtractor:
    """Finds reported claims in ``doc.article.body`` with their source and cue."""

    version = "claims-rules-12"

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()
        load_claim_words()  # a missing table fails here, not on the first article

    @classmethod
    def from_disk(cls) -> ClaimExtractor:
        return cls(load_lexicon())

    def extract(self, text: str, doc: Doc | None = None) -> list[Claim]:
        """Claims of ``text``; ``doc`` (whose body is ``text``) supplies entities for linking."""
        spans, found, attr = attribute_document(text, self.lex, coref_groups(doc), place_spans(doc))
        claims: list[Claim] = []
        for comp_start, content_start in reporting_anchors(attr):
            if _governed(text, comp_start) or _first_person(text, found[comp_start]):
                continue
            cue = found[comp_start].cue
            if cue is not None and self._inferred(text, cue):
                continue  # …، ما يؤكد أن: the writer's inference, no source's claim
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
                    source=self._source(text, doc, found, sentence.start, comp_start),
                    cue=text[att.cue[0] : att.cue[1]] if att.cue else None,
                )
            )
        return claims

    @staticmethod
    def _inferred(text: str, cue: tuple[int, int]) -> bool:
        """Is the cue an inference verb right after its opener (ما يؤكد، الأمر الذي يعني)?"""
        toks = tokenize(text[max(0, cue[0] - 40) : cue[1]])
        words = load_claim_words()
        return (
            len(toks) >= 2
            and normalize(toks[-1].text) in words["inference"]
            and normalize(toks[-2].text) in words["opener"]
        )

    def _source(
        self, text: str, doc: Doc | None, found: dict[int, Attribution], sentence_start: int, comp_start: int
    ) -> Speaker | None:
        """The speaker finder's answer; failing that, the words between a cue and its
        complementiser (:func:`_subject_between`), then the sentence's earlier speaker."""
        att = found[comp_start]
        if att.speaker is not None:
            return _source(doc, att.speaker)
        between = _subject_between(text, att, comp_start, self.lex)
        if between is not None:
            ent = entity_at(doc, between[0], between[1]) if doc is not None else None
            return Speaker(
                entity=ent.id if ent else None,
                name=text[between[0] : between[1]],
                start=between[0],
                end=between[1],
            )
        return _source(doc, _sentence_speaker(found, sentence_start, comp_start))

    def __call__(self, doc: Doc) -> Doc:
        doc.ann.claims = self.extract(doc.article.body, doc)
        return doc
