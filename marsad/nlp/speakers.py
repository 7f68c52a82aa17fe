"""Who is speaking: reporting cues, speaker phrases and their fullest naming.

Shared by the ``quotes`` and ``claims`` stages so that a direct quote and a reported claim
of the same sentence get the same speaker. No open tool attributes Arabic speech to its
speakers and no parser is available offline, so this is a rule system over tokens, built on
the guideline of ``../shared/quotes/README.md``:

- A *cue* (``marsad/data/quotes/cues.tsv``) governs a quote or claim: the nearest one before
  it in its sentence (rule 6), else the first one after it ("…"، قال فلان).
- A reporting verb's subject is the noun phrase after it (VSO, the news default), or before
  it after كان / إن / أن (SVO: إن التقرير يظهر أنه "…"). A participle (قائلا، مضيفا) and an
  object-pronoun cue (ما وصفته بـ"…") take the subject of their clause.
- A phrase is delimited by word classes (``marsad/data/quotes/words.tsv``): stop words,
  prepositions (except inside names: المتحدث باسم، أستاذة الاقتصاد في جامعة …), a second
  definite noun after a definite head (الوكالة الرسمية | العمليات: subject | object).
- A document (التقرير، البيان) speaks for the body that issued it (rule 7); an anaphor
  (الأخير) or a cue with no subject continues the previous speaker (rule 11).
- A speaker is reported where it is *most fully named* (rule 5): a short naming (بيسكوف،
  الوكالة، الوزير الأمريكي) is replaced by a document phrase whose words include its words
  (المتحدث باسم الكرملين، دميتري بيسكوف).

:class:`Attributor` walks one document in order and keeps the previous speaker, so
continuations (وأضاف: "…") and claims (وأضاف أن …) chain across sentences. The word-level
layer (lexicon, cue kinds, phrase delimiting) is :mod:`marsad.nlp.reporting`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.tokens import Token, tokenize
from .reporting import (
    MAX_PHRASE_TOKENS,
    PRONOUNS,
    Lexicon,
    Phrases,
    cue_kind,
    definite,
    feminine_verb,
    has_object_pronoun,
    is_word,
    load_lexicon,
    looks_feminine,
    nisba,
    normalize,
)

# An SVO subject (إن التقرير يظهر) is short; longer stretches before a verb are clauses.
MAX_SVO_TOKENS = 6
_COMPLEMENTISERS = frozenset(
    normalize(w)
    for w in ["إن", "أن", "بأن", "إنه", "أنه", "بأنه", "إنها", "أنها", "بأنها", "إنهم", "أنهم", "بأنهم"]
)
_KANA = frozenset(normalize(w) for w in ["كان", "وكان", "فكان"])
_SVO_SKIP = frozenset(normalize(w) for w in ["قد", "لقد", "وقد", "أيضا", "أيضاً"])
_ISSUED_BY = frozenset(
    normalize(w)
    for w in [
        "صادر",
        "صادرة",
        "الصادر",
        "الصادرة",
        "عن",
        "من",
        "أصدره",
        "أصدرته",
        "أصدرها",
        "نشره",
        "نشرته",
        "نشرها",
    ]
)
_NOUN_CUE_SKIP = frozenset(normalize(w) for w in ["لما", "ل", "لـ", "عن", "ما", "به", "بها"])
_SENT_END = re.compile(r"[.!؟?\n]")
_MARKED_NAME = re.compile(r'\s*["“«][^"“”«»\n]{1,40}["”»]')
_SEP = re.compile(r"[\s،,#_\-:]+")


# ----------------------------------------------------------------------------- naming


@lru_cache(maxsize=65536)
def name_words(text: str) -> frozenset[str]:
    """Content words of a naming, folded for comparison (article and و dropped)."""
    out = set()
    for w in _SEP.split(normalize(text)):
        w = w.strip("\"'().")
        if not w:
            continue
        if w.startswith("وال") and len(w) > 4:
            w = w[1:]
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        out.add(w)
    return frozenset(out)


@dataclass
class Naming:
    start: int
    end: int
    text: str
    words: frozenset[str]
    has_name: bool  # holds a word that is neither a role, org head, adjective nor nisba
    is_org: bool


@dataclass
class Attribution:
    """Who speaks at one anchor (a quote's opening mark or a claim's complementiser)."""

    speaker: Naming | None
    cue: tuple[int, int] | None  # character span of the cue in the text
    continuation: bool


@dataclass
class _Sentence:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


class Attributor:
    """Attributes anchors of one document, in text order, remembering earlier speakers.

    ``masked`` is the text with quoted material blanked (same length), so cue search and
    sentence splitting never look inside quotes.
    """

    def __init__(self, text: str, masked: str, lex: Lexicon | None = None):
        self.text = text
        self.masked = masked
        self.lex = lex or load_lexicon()
        self.ph = Phrases(self.lex, text)
        self.previous: Naming | None = None
        self.spoken: list[Naming] = []  # speakers so far, in order
        self._candidates: list[Naming] | None = None
        self._sentences: dict[int, _Sentence] = {}
        self._name_cache: dict[frozenset[str], list[Naming]] = {}
        self._previous_sentence = -1
        self._word_index: dict[str, list[tuple[int, int]]] | None = None
        self._starts = _sentence_starts(masked)

    # -- sentences

    def sentence(self, pos: int) -> _Sentence:
        """The sentence of ``pos`` in the masked text (split at . ! ؟ ? and newlines)."""
        i = bisect_right(self._starts, pos) - 1
        start = self._starts[i] if i >= 0 else 0
        cached = self._sentences.get(start)
        if cached is not None:
            return cached
        m = _SENT_END.search(self.masked, start)
        end = m.start() if m else len(self.masked)
        toks = [Token(t.text, t.start + start, t.end + start) for t in tokenize(self.masked[start:end])]
        sent = _Sentence(start, end, toks)
        self._sentences[start] = sent
        return sent

    # -- attribution

    def attribute(self, anchor: int) -> Attribution:
        """Speaker, cue and continuation flag for the quote or claim anchored at ``anchor``."""
        sent = self.sentence(anchor)
        toks = sent.tokens
        before = [k for k, t in enumerate(toks) if t.end <= anchor and self._cue_kind_at(toks, k)]
        after = [k for k, t in enumerate(toks) if t.start >= anchor and self._cue_kind_at(toks, k)]
        for k in reversed(before):
            found = self._from_cue(toks, k)
            if found is not None:
                return self._settle(found, anchor)
        if after:
            found = self._from_cue(toks, after[0])
            if found is not None:
                return self._settle(found, anchor)
        if not before and not after and not any(t.end <= anchor for t in toks):
            found = self._next_sentence_cue(sent)
            if found is not None:
                return self._settle(found, anchor)
        cue = self._cue_span(toks, before[-1]) if before else None
        return self._settle(Attribution(None, cue, True), anchor)

    def _cue_kind_at(self, toks: list[Token], k: int) -> str | None:
        """The cue kind of token ``k`` in context: جاء is a document cue only as جاء في."""
        kind = cue_kind(toks[k].text, self.lex)
        if kind == "doc" and not (k + 1 < len(toks) and normalize(toks[k + 1].text) in ("في", "فيه", "فيها")):
            return None
        return kind

    def _next_sentence_cue(self, sent: _Sentence) -> Attribution | None:
        """«…». يقول الشيف مارون شديد: a quote that opens its sentence, attributed by the
        next sentence when that one opens with a reporting verb."""
        if sent.end >= len(self.masked):
            return None
        nxt = self.sentence(sent.end + 1)
        if nxt.start == sent.start or not nxt.tokens:
            return None
        if cue_kind(nxt.tokens[0].text, self.lex) != "say":
            return None
        return self._from_cue(nxt.tokens, 0)

    def _settle(self, found: Attribution, anchor: int) -> Attribution:
        sentence = self.sentence(anchor).start
        if found.speaker is None:
            # rule 11: a continuation only when this sentence names the speaker nowhere
            # (وأوضح بيسكوف …، كما نوه إلى "…" is not one)
            named_here = sentence == self._previous_sentence
            return Attribution(self.previous, found.cue, self.previous is not None and not named_here)
        sp = self.fullest(found.speaker, anchor)
        self.previous = sp
        self._previous_sentence = sentence
        self.spoken.append(sp)
        return Attribution(sp, found.cue, found.continuation)

    def _cue_span(self, toks: list[Token], k: int) -> tuple[int, int]:
        """The cue's characters; a verb joined to its participle is one cue (وأردف قائلا),
        and وجاء في بيان keeps its document noun."""
        t = toks[k]
        start, end = t.start, t.end
        kind = cue_kind(t.text, self.lex)
        joined = k > 0 and self.text[toks[k - 1].end : t.start].isspace()
        if (
            kind == "participle"
            and joined
            and cue_kind(toks[k - 1].text, self.lex) in ("say", "verb", "tverb")
        ):
            start = toks[k - 1].start
        if kind == "doc" and k + 2 < len(toks) and normalize(toks[k + 1].text) == "في":
            end = toks[k + 2].end
        return start, end

    def _from_cue(self, toks: list[Token], k: int) -> Attribution | None:
        """The attribution a cue gives, or None when this cue names nobody and an earlier
        cue of the sentence should be tried (a masdar-like noun cue with no source)."""
        kind = cue_kind(toks[k].text, self.lex)
        cue = self._cue_span(toks, k)
        if kind == "noun":
            np = self._noun_source(toks, k + 1)
            if np is not None:
                return Attribution(np, cue, False)
            if k + 1 < len(toks) and normalize(toks[k + 1].text).endswith(PRONOUNS):
                # حسب تصريحاته، بحسب قوله: the cue points back at the clause's subject
                subj = self._clause_subject(toks, k, initial_verb=True)
                return Attribution(subj, (cue[0], toks[k + 1].end), subj is None)
            return None
        if kind == "doc":
            return Attribution(self._document(toks, k + 1), cue, False)
        if kind == "participle":
            subj = self._clause_subject(toks, k)
            return Attribution(subj, cue, subj is None)
        subj = self._verb_subject(toks, k)
        opens_clause = k > 1 and normalize(toks[k].text)[0] in "وف"
        if subj is None and (opens_clause or has_object_pronoun(toks[k].text, self.lex)):
            # ما وصفته بـ"…"، وفتحت يوروتانيل تحقيقا … وقالت إنها: the clause's subject
            subj = self._clause_subject(toks, k, initial_verb=True)
        return Attribution(subj, cue, subj is None)

    def _verb_subject(self, toks: list[Token], k: int) -> Naming | None:
        kind = cue_kind(toks[k].text, self.lex)
        before = self._before(toks, k)
        if before is not None and before[0] > 0:
            # إن التقرير ينتقد جهاز الاستخبارات: with a subject before the verb, the
            # phrase after it is its object
            return self._naming(toks, before)
        span = self.ph.after(toks, k + 1)
        if span is not None and kind != "say":
            span = self._without_object(toks, span)
        if span is not None and self._valid_subject(toks, span, k, kind):
            return self._naming(toks, span)
        return self._naming(toks, before) if before is not None else None

    def _without_object(self, toks: list[Token], span: tuple[int, int]) -> tuple[int, int]:
        """ووصف ترامب التحقيقات بأنها: after a verb that takes an object, a definite plural
        right after a name is that object, not part of the subject."""
        i, j = span
        for m in range(i + 1, j):
            t, prev = toks[m], toks[m - 1]
            n = normalize(t.text)
            if (
                definite(t.text)
                and n.endswith(("ات", "ون", "ين"))
                and not n.endswith(("يين", "يون"))
                and self.ph.name_like(prev)
                and not self.ph.known_head(prev)
                and normalize(prev.text) != "باسم"
            ):
                return i, m
        return span

    def _valid_subject(self, toks: list[Token], span: tuple[int, int], k: int, kind: str | None) -> bool:
        head = toks[span[0]]
        if self.lex.has("anaphor", head.text) and span[1] - span[0] > 1:
            return False  # "أكد هذا التأكيد"
        masculine_verb = kind == "tverb" and not feminine_verb(toks[k].text, self.lex)
        if masculine_verb and looks_feminine(head.text) and not self.lex.has("role", head.text):
            return False  # واتهم القوات …: the object of a masculine verb
        if kind == "say":
            return True
        if self.ph.known_head(head) or (nisba(head.text) and span[1] - span[0] <= 2):
            return True  # وذكر المالكي: a definite surname is a nisba
        # an indefinite accusative (دورا، تقريرا) or a ta-marbuta noun (استقالة) after a verb
        # that takes objects is its object, not a name
        return (
            self.ph.name_like(head) and not normalize(head.text).endswith("ا") and not head.text.endswith("ة")
        )

    def _before(self, toks: list[Token], k: int) -> tuple[int, int] | None:
        """SVO subject: the words between كان/إن/أن (or the sentence start) and the verb."""
        j = k
        while j > 0 and normalize(toks[j - 1].text) in _SVO_SKIP:
            j -= 1
        i = j
        while i > 0 and is_word(toks[i - 1]) and j - i < MAX_SVO_TOKENS:
            n = normalize(toks[i - 1].text)
            if n in _COMPLEMENTISERS or n in _KANA:
                break
            if self.ph.stop(toks[i - 1]):
                return None
            i -= 1
        if i == j:
            return None
        opener = normalize(toks[i - 1].text) if i > 0 else ""
        if i > 0 and opener not in _COMPLEMENTISERS and opener not in _KANA:
            return None
        if i == 0 and not self.ph.known_head(toks[0]):
            return None  # a sentence opening with a verb we do not know
        if not (self.ph.known_head(toks[i]) or self.ph.name_like(toks[i])):
            return None
        return i, j

    def _clause_subject(self, toks: list[Token], k: int, initial_verb: bool = False) -> Naming | None:
        """The subject of the clause a participle or object-pronoun cue hangs on: the
        nearest earlier verb cue's subject, else a role/organisation phrase earlier in the
        sentence that follows a word that is not a preposition."""
        # the first verb cue, not the nearest: in "وشدد على أنه لا يرى …، مضيفا" the
        # participle hangs on the main verb, not on the one inside the complement
        for j in range(k):
            if cue_kind(toks[j].text, self.lex) in ("say", "verb", "tverb"):
                # وأضاف …، مضيفا: no subject here means the previous speaker
                return self._verb_subject(toks, j)
        for j in range(k):
            t = toks[j]
            if not (
                self.lex.has("role", t.text) or self.lex.has("org", t.text) or self.lex.has("group", t.text)
            ):
                continue
            prev = normalize(toks[j - 1].text) if j else ""
            # a role after a preposition is not the subject ("عن الرئيس"), except after the
            # sentence's first word, which is then its verb (عبر نجم كرة القدم …)
            if j > 1 and (self.lex.has("stop", toks[j - 1].text) or prev.startswith(("ب", "ل"))):
                continue
            span = self.ph.after(toks, j)
            if span is not None:
                return self._naming(toks, span)
        if len(toks) > 2 and normalize(toks[0].text) in _KANA and toks[1].start < toks[k].start:
            span = self.ph.after(toks, 1)  # وكان بن برودبنت قد استخدم …
            if span is not None and (self.ph.known_head(toks[1]) or self.ph.name_like(toks[1])):
                return self._naming(toks, span)
        if initial_verb and k > 2 and self._verb_like(toks[0]) and self.ph.name_like(toks[1]):
            span = self.ph.after(toks, 1)  # وفتحت يوروتانيل تحقيقا …: an opening VSO clause
            if span is not None and span[1] <= k:
                return self._naming(toks, span)
        return None

    def _verb_like(self, tok: Token) -> bool:
        """A sentence-opening و/ف + word that is no function word: news opens with a verb."""
        n = normalize(tok.text)
        return len(n) >= 4 and n[0] in "وف" and not definite(tok.text) and not self.ph.stop(tok)

    def _noun_source(self, toks: list[Token], k: int) -> Naming | None:
        """بحسب X، وفقا لما ذكرته X، نقلا عن X، مزاعم X."""
        while k < len(toks) and (
            normalize(toks[k].text) in _NOUN_CUE_SKIP or cue_kind(toks[k].text, self.lex) in ("say", "verb")
        ):
            k += 1
        if k < len(toks) and self.ph.stop(toks[k]):
            return None
        span = self.ph.after(toks, k)
        if span is None or not (self.ph.known_head(toks[span[0]]) or self.ph.name_like(toks[span[0]])):
            return None
        return self._naming(toks, span)

    def _document(self, toks: list[Token], k: int) -> Naming | None:
        """وجاء في بيان لـX / تقرير صادر عن X → X; a bare التقرير → its issuer."""
        while k < len(toks) and normalize(toks[k].text) == "في":
            k += 1
        if k < len(toks) and self.lex.has("doc", toks[k].text):
            return self._issuer(toks, k)
        return None

    def _issuer(self, toks: list[Token], k: int) -> Naming | None:
        """The body a document at token ``k`` speaks for (guideline rule 7)."""
        j = k + 1
        while j < len(toks) and normalize(toks[j].text) in _ISSUED_BY:
            j += 1
        if j < len(toks):
            t = toks[j]
            n = normalize(t.text)
            if n in ("لـ", "ل") and j + 1 < len(toks):
                j += 1
            elif n.startswith("ل") and len(n) > 3 and not n.startswith("ال"):
                # بيان لأولي سولفانغ: the name starts inside the token, after the ل
                stripped = Token(t.text[1:], t.start + 1, t.end)
                toks = [*toks[:j], stripped, *toks[j + 1 :]]
            if j > k + 1 or definite(toks[j].text) or self.ph.name_like(toks[j]):
                span = self.ph.after(toks, j)
                if span is not None and (
                    self.ph.known_head(toks[span[0]]) or self.ph.name_like(toks[span[0]])
                ):
                    return self._naming(toks, span)
        for prev in reversed(self.spoken):
            if prev.is_org:
                return prev
        return self.previous

    def _naming(self, toks: list[Token], span: tuple[int, int]) -> Naming | None:
        i, j = span
        head = toks[i]
        if self.lex.has("doc", head.text):
            return self._issuer(toks, i)
        if self.lex.has("anaphor", head.text):
            return None  # لكن الأخير اتهم: the previous speaker (a continuation)
        pronoun_noun = j - i == 1 and normalize(head.text).endswith(PRONOUNS) and not definite(head.text)
        if pronoun_noun and not (self.lex.has("role", head.text) or self.lex.has("org", head.text)):
            return None  # تصريحاته، محاميه: refers back
        start, end = toks[i].start, toks[j - 1].end
        last = toks[j - 1]
        if j - i <= 2 and (
            self.lex.has("media", last.text) or (self.lex.has("org", last.text) and not definite(last.text))
        ):
            m = _MARKED_NAME.match(self.text, end)
            if m:
                end = m.end()  # صحيفة "نيويورك تايمز"، قناة «العربية»: the name is in marks
        return self.make_naming(start, end)

    def make_naming(self, start: int, end: int) -> Naming:
        text = self.text[start:end]
        toks = [t for t in tokenize(text) if is_word(t)]
        lex = self.lex
        has_name = any(
            not (
                lex.has("role", t.text)
                or lex.has("org", t.text)
                or lex.has("group", t.text)
                or lex.has("adj", t.text)
                or lex.has("stop", t.text)
                or nisba(t.text)
            )
            for t in toks
        )
        is_org = bool(toks) and (lex.has("org", toks[0].text) or lex.has("media", toks[0].text))
        # the words of an organisation's or group's name are not a person's name
        has_name = has_name and not is_org and not (toks and lex.has("group", toks[0].text))
        return Naming(start, end, text, name_words(text), has_name, is_org)

    # -- fullest naming

    def candidates(self) -> list[Naming]:
        """Role- and organisation-headed phrases anywhere in the document."""
        if self._candidates is None:
            out: list[Naming] = []
            for s in self._starts:
                toks = self.sentence(s).tokens
                for k, t in enumerate(toks):
                    if not (self.lex.has("role", t.text) or self.lex.has("org", t.text)):
                        continue
                    span = self.ph.after(toks, k)
                    if span is None:
                        continue
                    span = self._without_object(toks, span)
                    nm = self.make_naming(toks[span[0]].start, toks[span[1] - 1].end)
                    out.append(nm)
            self._candidates = out
        return self._candidates

    def fullest(self, nm: Naming, anchor: int) -> Naming:
        """The fullest naming in the document of the speaker named ``nm`` (rule 5)."""
        words = nm.words
        if not words:
            return nm
        extra = self._name_phrases(nm) if nm.has_name else []
        # an organisation is named fully only by an organisation phrase (الجيش الروسي is not
        # in "رئيس أركان الجيش الروسي")
        pool = [
            c for c in [*self.spoken, *self.candidates(), *extra] if words < c.words and c.is_org >= nm.is_org
        ]
        if not pool:
            if not nm.has_name:
                return self._same_role(nm) or nm
            return nm
        if nm.has_name:
            # a name's fullest naming is its longest: noise phrases around a surname
            # (شعار سانو) are shorter than the naming with role and first name
            return max(pool, key=lambda c: (len(c.words), -c.start))
        for prev in reversed(self.spoken):
            if words < prev.words:
                return prev
        before = [c for c in pool if c.start < anchor]
        if before:
            return max(before, key=lambda c: (c.start, len(c.words)))
        return min(pool, key=lambda c: c.start)

    def _name_phrases(self, nm: Naming) -> list[Naming]:
        """Phrases around every occurrence of the naming's last word, widened leftwards over
        first names, nisbas and roles (وكان بن برودبنت، الرئيس الإيراني حسن روحاني)."""
        toks_nm = [t for t in tokenize(nm.text) if is_word(t)]
        if not toks_nm:
            return []
        key = name_words(toks_nm[-1].text)
        if key in self._name_cache:
            return self._name_cache[key]
        out: list[Naming] = []
        for s, k in self._occurrences(key):
            toks = self.sentence(s).tokens
            i = k
            while i > 0 and self._left_part(toks, i - 1, k):
                i -= 1
            span = self.ph.after(toks, i)
            if span is None or span[1] <= k:
                continue
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is None or not (self.lex.has("role", nxt.text) or nisba(nxt.text) or nxt.text in "،,"):
                span = (i, k + 1)  # only a role or an apposition extends a name rightwards
            if i > 0 and self.lex.has("prep", toks[i - 1].text) and not self.lex.has("role", toks[i].text):
                continue  # شمال شرق دمشق، في منزل ماكرون: a place or possessor, not a naming
            start = toks[span[0]].start
            if span[0] == i and i > 0 and self._clitic_name(toks[i - 1]):
                start = toks[i - 1].start + 1  # بيان لأولي سولفانغ: the name after the ل
            out.append(self.make_naming(start, toks[span[1] - 1].end))
        self._name_cache[key] = out
        return out

    def _occurrences(self, key: frozenset[str]) -> list[tuple[int, int]]:
        """(sentence start, token index) of the tokens whose words include ``key``."""
        if self._word_index is None:
            index: dict[str, list[tuple[int, int]]] = {}
            for s in self._starts:
                for k, t in enumerate(self.sentence(s).tokens):
                    if is_word(t):
                        for w in name_words(t.text):
                            index.setdefault(w, []).append((s, k))
            self._word_index = index
        hits = [set(self._word_index.get(w, ())) for w in key]
        return sorted(set.intersection(*hits)) if hits else []

    def _clitic_name(self, tok: Token) -> bool:
        n = normalize(tok.text)
        return len(n) > 3 and n[0] in "لب" and not n.startswith(("ال", "لل")) and self.ph.name_like(tok)

    def _left_part(self, toks: list[Token], i: int, k_last: int) -> bool:
        """Whether token ``i`` belongs to a name that continues at ``i + 1``."""
        t = toks[i]
        if not is_word(t) or self.ph.stop(t):
            return False
        if self.lex.has("role", t.text):
            return True
        if nisba(t.text) or self.lex.has("adj", t.text):
            return i > 0 and is_word(toks[i - 1])  # an adjective follows a noun (not التقى …)
        # an opening word or a و-word before a name is its verb (شبه برودبنت، ويترأس برودبنت),
        # and a name has at most two words before its last (مدربه إرنستو فالبيردي)
        return (
            self.ph.name_like(t)
            and not self._clitic_name(t)
            and not t.text.endswith(("ها", "هم", "هما"))  # دورها شارون روني: a possessed noun
            and k_last - i <= 1  # one first name: further left, unknown words are verbs or nouns
            and i > 0
            and normalize(t.text)[0] not in "وف"
            and toks[i - 1].text not in "،,"
        )

    def _same_role(self, nm: Naming) -> Naming | None:
        """الرئيس التركي → the last named speaker or phrase with the same role head
        (الرئيس رجب طيب أردوغان): a role alone refers back to the person holding it."""
        words = [t.text for t in tokenize(nm.text) if is_word(t)]
        if not words or nm.is_org or not self.lex.has("role", words[0]):
            return None
        if not all(nisba(w) for w in words[1:]):
            return None  # رئيس الحكومة is not الرئيس ترامب: only a role with nisbas refers back
        head_words = name_words(words[0])
        for prev in [*reversed(self.spoken), *sorted(self.candidates(), key=lambda c: -c.start)]:
            if prev.has_name and prev.start < nm.start and head_words <= prev.words:
                first = name_words(prev.text.split()[0]) if prev.text.split() else frozenset()
                if head_words == first:
                    return prev
        return None


def _sentence_starts(masked: str) -> list[int]:
    starts = [0] + [m.end() for m in _SENT_END.finditer(masked)]
    return [s for s in starts if s < len(masked)]


def cue_anchors(attr: Attributor) -> list[int]:
    """The end of every reporting verb: attributing there records who spoke, so a later
    وأضاف: "…" continues the right speaker even when the first sentence quoted nothing
    (وأشار المدرب X إلى …)."""
    out = []
    for s in attr._starts:
        for t in attr.sentence(s).tokens:
            if normalize(t.text) in _COMPLEMENTISERS:
                break  # a verb inside a reported clause is not the sentence's speaker
            if cue_kind(t.text, attr.lex) in ("say", "verb", "tverb"):
                out.append(t.end)
                break
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
            if normalize(t.text) not in _COMPLEMENTISERS or last_cue < 0:
                continue
            if k - last_cue <= MAX_PHRASE_TOKENS + 2:
                out.append((t.start, t.end))
            last_cue = -1  # one complementiser per cue: a later أن is inside the claim
    return out
