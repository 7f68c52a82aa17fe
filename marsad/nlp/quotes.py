"""Direct quotes and who said them (stage ``quotes``).

No open tool attributes Arabic quotes to speakers, so this is a rule system built on
the guideline of ``../shared/quotes/README.md``. Three steps, each a small function:

1. :func:`find_spans` pairs quote marks inside each paragraph. Arabic news mixes
   “…”, «…», "…" and reversed pairs (بـ”…”, :»…»), so a mark's *direction* is read
   from its context (space before and a letter after: opener), not from its glyph.
   An opener that never closes ends at the paragraph end or at the sentence end
   before the next reporting clause (guideline rule 4).
2. Marked spans that are names (media, programmes, groups: "لـ«رويترز»") or
   unattributed scare quotes are dropped (rule 2): a span is kept when a reporting
   cue governs it, when it opens a paragraph, or when it is long.
3. The governing cue (nearest cue before the quote in its sentence, lexicon
   ``marsad/data/quotes/cues.tsv``) gives the speaker: the noun phrase after a verb
   (VSO) or before it (SVO), the sentence subject for a participle (قائلا، مضيفا), the
   source after بحسب. A clause with no named subject (وأضاف: "…") continues the
   previous speaker (rule 11, ``continuation=True``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError
from ..model import Doc, Entity, Quote, Speaker
from ..pipeline import stage
from ..text.normalize import normalize
from ..text.tokens import Token, tokenize

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "quotes"
MARKS = '"“”«»„‟″'
_SENT_END = ".!؟?\n"
_CLITIC_BEFORE = "بلوـف"  # بـ"…", لـ«…», و"…": a mark glued to a clitic still opens
# Quoted spans of at least this many words are kept even with no cue in sight: on the
# dev set no excluded (name / scare-quote) span was longer than 5 words.
LONG_SPAN_WORDS = 6
MAX_NP_TOKENS = 12
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "ه")
_DOC_NOUNS = {normalize(w) for w in ("التقرير", "البيان", "بيان", "تقرير", "الصحيفة", "الرسالة", "الوثيقة")}
_INTRO_SKIP = {normalize(w) for w in ("كان", "وكان", "قد", "وقد", "ثم", "فيما", "بينما", "لكن", "ولكن")}


# ----------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, str]  # normalised form -> kind (verb, participle, noun, doc)
    media_nouns: frozenset[str]
    np_stops: frozenset[str]


def _read_lines(name: str) -> list[str]:
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"quote lexicon {name} missing: {exc}") from exc
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    cues: dict[str, str] = {}
    for line in _read_lines("cues.tsv"):
        form, _, kind = line.partition("\t")
        cues[normalize(form)] = kind.strip() or "verb"
    media = frozenset(_bare(normalize(w)) for w in _read_lines("media_nouns.txt"))
    stops = frozenset(normalize(w) for w in _read_lines("np_stops.txt"))
    return Lexicon(cues, media, stops)


def _bare(word: str) -> str:
    """Drop the article so صحيفة and الصحيفة match alike."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def cue_kind(word: str, lex: Lexicon) -> str | None:
    """The cue kind of a token, looking through a leading و/ف and an object pronoun."""
    w = normalize(word)
    forms = [w]
    if len(w) > 3 and w[0] in "وف":
        forms.append(w[1:])
    for f in list(forms):
        for suf in _PRONOUN_SUFFIXES:
            if f.endswith(suf) and len(f) - len(suf) >= 3:
                forms.append(f[: -len(suf)])
    for f in forms:
        if f in lex.cues:
            return lex.cues[f]
    return None


# ----------------------------------------------------------------------------- marks


@dataclass
class Span:
    """A quoted span: ``start``/``end`` of the text inside the marks (trimmed)."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark, None when unclosed


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _direction(text: str, i: int) -> str:
    """'open', 'close' or '?' for the mark at ``i``, from the characters around it."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev_open = prev.isspace() or prev in ":(،,؛" or prev in MARKS or prev in _CLITIC_BEFORE
    # a glued clitic only counts when it is a one-letter word (بـ"…", و"…"), not a word end
    if prev in _CLITIC_BEFORE and prev != "ـ":
        before = text[i - 2] if i > 1 else " "
        prev_open = before.isspace() or before in MARKS
    next_close = nxt.isspace() or nxt in ".،,:؛!؟?)" or nxt in MARKS
    if prev_open and not next_close:
        return "open"
    if next_close and not prev_open:
        return "close"
    return "?"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in MARKS):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _unclosed_end(text: str, start: int, para_end: int, next_open: int | None, lex: Lexicon) -> int:
    """Where an unclosed quote ends: before the sentence that starts a new reporting
    clause or holds the next opener, else at the paragraph end."""
    limit = next_open if next_open is not None else para_end
    for m in re.finditer(r"[.!؟?]+", text[start:limit]):
        cut = start + m.end()
        rest = text[cut:para_end].split()
        if next_open is not None or (rest and cue_kind(rest[0], lex) in ("verb", "doc")):
            return start + m.start()
    return limit


def find_spans(text: str, lex: Lexicon | None = None) -> list[Span]:
    """Outermost quoted spans of ``text``, marks paired within each paragraph."""
    lex = lex or load_lexicon()
    spans: list[Span] = []
    for p_start, p_end in _paragraphs(text):
        marks = [i for i in range(p_start, p_end) if text[i] in MARKS]
        # a doubled mark ("" at a quote start) acts as one
        marks = [i for k, i in enumerate(marks) if not (k and marks[k - 1] == i - 1)]
        spans.extend(_pair_marks(text, marks, p_end, lex))
    return [s for s in spans if s.end > s.start]


def _pair_marks(text: str, marks: list[int], p_end: int, lex: Lexicon) -> list[Span]:
    out: list[Span] = []
    stack: list[int] = []
    for i in marks:
        d = _direction(text, i)
        if not stack:
            if d != "close":
                stack.append(i)
            continue  # a dangling closer is excluded (rule 4: start not recoverable)
        if d == "open":
            between = text[stack[0] + 1 : i]
            if re.search(r"[.!؟?]", between):  # the open quote never closed: end it
                s, e = _trimmed(text, stack[0] + 1, _unclosed_end(text, stack[0] + 1, p_end, i, lex))
                out.append(Span(s, e, stack[0], None))
                stack = [i]
            else:  # a nested quote ("…حرفي "تي" و…")
                stack.append(i)
            continue
        opened = stack.pop()
        if not stack:
            s, e = _trimmed(text, opened + 1, i)
            out.append(Span(s, e, opened, i))
    if stack:
        s, e = _trimmed(text, stack[0] + 1, _unclosed_end(text, stack[0] + 1, p_end, None, lex))
        out.append(Span(s, e, stack[0], None))
    return out


# ----------------------------------------------------------------------------- sentences


def _masked(text: str, spans: list[Span]) -> str:
    """``text`` with quoted material (marks included) blanked, so sentence splits and
    cue search ignore what is inside quotes."""
    chars = list(text)
    for s in spans:
        end = (s.close_at + 1) if s.close_at is not None else s.end
        for k in range(s.open_at, min(end, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _sentence(masked: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and masked[start - 1] not in _SENT_END:
        start -= 1
    end = pos
    while end < len(masked) and masked[end] not in _SENT_END:
        end += 1
    return start, end


# ----------------------------------------------------------------------------- speakers


@dataclass
class Found:
    speaker: Speaker | None
    cue: Token | None
    continuation: bool


def _np_after(masked: str, tokens: list[Token], k: int, lex: Lexicon) -> tuple[int, int] | None:
    """The subject noun phrase that starts at token ``k`` (after a reporting verb)."""
    out: list[Token] = []
    j = k
    # skip a resumptive "فيه/خلاله" (أعرب فيه الرئيس …)
    while j < len(tokens) and normalize(tokens[j].text) in ("فيه", "خلاله", "فيها"):
        j += 1
    while j < len(tokens) and len(out) < MAX_NP_TOKENS:
        t = tokens[j]
        n = normalize(t.text)
        if t.text in "،,":
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if not out or nxt is None or _np_stop(nxt.text, lex) or not nxt.text[0].isalpha():
                break
            out.append(t)
            j += 1
            continue
        if _np_stop(t.text, lex) or not (t.text[0].isalpha() or t.text[0] == "#"):
            break
        if n.startswith("لل") or n.startswith("ل") and t.text.endswith("ـ"):
            break
        out.append(t)
        j += 1
    while out and out[-1].text in "،,":
        out.pop()
    if not out:
        return None
    return out[0].start, out[-1].end


def _name_words(name: str) -> list[str]:
    return [_bare(w) for w in re.split(r"[\s،,#_]+", normalize(name)) if w]


def _np_stop(word: str, lex: Lexicon) -> bool:
    n = normalize(word)
    return n in lex.np_stops or cue_kind(word, lex) is not None or n in ("ب", "ل", "لـ")


def _np_before(tokens: list[Token], k: int, lex: Lexicon) -> tuple[int, int] | None:
    """SVO: the subject between the sentence start and the verb at token ``k``."""
    before = [t for t in tokens[:k] if t.text not in "،,"]
    while before and normalize(before[0].text) in _INTRO_SKIP:
        before = before[1:]
    if not before or len(before) > MAX_NP_TOKENS:
        return None
    if any(_np_stop(t.text, lex) or not t.text[0].isalpha() for t in before):
        return None
    return before[0].start, before[-1].end


class SpeakerResolver:
    """Finds the cue and speaker of each quote of one document, in order, keeping the
    previous speaker for continuations and the fullest naming seen so far."""

    def __init__(self, text: str, spans: list[Span], entities: list[Entity], lex: Lexicon):
        self.text = text
        self.masked = _masked(text, spans)
        self.entities = entities
        self.lex = lex
        self.previous: Speaker | None = None
        self.named: list[Speaker] = []

    def resolve(self, span: Span) -> Found:
        s_start, s_end = _sentence(self.masked, span.open_at)
        tokens = tokenize(self.masked[s_start:s_end])
        tokens = [Token(t.text, t.start + s_start, t.end + s_start) for t in tokens]
        before = [k for k, t in enumerate(tokens) if t.end <= span.open_at and cue_kind(t.text, self.lex)]
        after = [k for k, t in enumerate(tokens) if t.start > span.open_at and cue_kind(t.text, self.lex)]
        if before:
            return self._from_cue(tokens, before[-1])
        if after:
            return self._from_cue(tokens, after[0])
        if self.previous is not None:
            return Found(self.previous, None, True)
        return Found(None, None, False)

    def _from_cue(self, tokens: list[Token], k: int) -> Found:
        kind = cue_kind(tokens[k].text, self.lex)
        cue = tokens[k]
        if kind == "participle":
            verbs = [j for j in range(k) if cue_kind(tokens[j].text, self.lex) in ("verb", "doc")]
            if verbs and verbs[-1] == k - 1:  # "وأردف قائلا": one cue
                cue = Token(self.text[tokens[k - 1].start : cue.end], tokens[k - 1].start, cue.end)
            j = verbs[-1] if verbs else 0
            found = self._subject(tokens, j, include_verb=not verbs)
            return Found(found[0], cue, found[1])
        if kind == "noun":
            k2 = k + 1
            while k2 < len(tokens) and normalize(tokens[k2].text) in ("لما", "ل", "لـ", "عن", "ما"):
                k2 += 1
            sp = self._span(_np_after(self.masked, tokens, k2, self.lex))
            return self._finish(sp, cue)
        if kind == "doc":  # "وجاء في بيان/التقرير": the issuing body, else the last speaker
            return self._finish(None, cue)
        found = self._subject(tokens, k, include_verb=False)
        return Found(found[0], cue, found[1])

    def _subject(self, tokens: list[Token], k: int, include_verb: bool) -> tuple[Speaker | None, bool]:
        """Subject of the verb at token ``k``: after it (VSO); before it when the sentence
        opens with كان (وكان X قال); else the subject of an earlier cue verb of the same
        sentence (أعربت الوزارة … ما وصفته بـ"…"); else the previous speaker."""
        np = _np_after(self.masked, tokens, k if include_verb else k + 1, self.lex)
        if np is None and not include_verb and tokens and normalize(tokens[0].text) in ("كان", "وكان"):
            np = _np_before(tokens, k, self.lex)
        if np is None and not include_verb:
            for j in range(k - 1, -1, -1):
                if cue_kind(tokens[j].text, self.lex) == "verb":
                    np = _np_after(self.masked, tokens, j + 1, self.lex)
                    if np is not None:
                        break
        found = self._finish(self._span(np), None)
        return found.speaker, found.continuation

    def _span(self, np: tuple[int, int] | None) -> Speaker | None:
        if np is None:
            return None
        start, end = np
        name = self.text[start:end].strip(" ،,")
        words = normalize(name).split()
        if words and (words[0] in _DOC_NOUNS or _bare(words[0]) in _DOC_NOUNS):
            return None  # a document speaks for the body that issued it (rule 7)
        if len(words) == 1 and words[0].endswith(("ه", "ها", "هم")) and not words[0].startswith("ال"):
            return None  # a pronoun-bearing noun (تصريحاته) refers back
        return Speaker(name=name, start=start, end=start + len(name))

    def _finish(self, sp: Speaker | None, cue: Token | None) -> Found:
        if sp is None:
            return Found(self.previous, cue, self.previous is not None)
        sp = self._fullest(sp)
        sp.entity = self._entity(sp)
        self.previous = sp
        self.named.append(sp)
        return Found(sp, cue, False)

    def _fullest(self, sp: Speaker) -> Speaker:
        """A short naming (داليتش، الوكالة) takes the fuller one seen before (زلاتكو داليتش،
        وكالة الأنباء المركزية الكورية); an over-long phrase that starts with a known speaker
        (الوكالة الرسمية العمليات: subject + object) is cut back to it."""
        words = _name_words(sp.name or "")
        for n in range(len(words), 0, -1):
            key = set(words[:n])
            for prev in reversed(self.named):
                full = set(_name_words(prev.name or ""))
                if key <= full and (n < len(words) or len(full) > len(key)):
                    return prev.model_copy()
            if n == len(words):
                continue
        return sp

    def _entity(self, sp: Speaker) -> str | None:
        for ent in self.entities:
            for m in ent.mentions:
                if m.field == "body" and sp.start is not None and sp.end is not None:
                    if m.start < sp.end and sp.start < m.end:
                        return ent.id
        return None


# ----------------------------------------------------------------------------- filter


def is_quote(text: str, span: Span, found: Found, entity_names: set[str], lex: Lexicon) -> bool:
    """Rule 2: keep quoted words, drop names of media/groups and unattributed scare quotes."""
    inner = text[span.start : span.end]
    words = inner.split()
    if normalize(inner) in entity_names:
        return False
    prev_words = text[max(0, span.open_at - 25) : span.open_at].split()
    prev = normalize(prev_words[-1]).rstrip("ـ") if prev_words else ""
    if _bare(prev) in lex.media_nouns and len(words) <= 4:
        return False
    glued = text[span.open_at - 2 : span.open_at] if span.open_at >= 2 else ""
    if len(words) <= 3 and re.fullmatch(r"\s?لـ?|\sل", glued or "") and _followed_by_speech(text, span):
        return False  # "قال لـ«رويترز» إن": the medium spoken to
    line_start = span.open_at == 0 or text[span.open_at - 1] == "\n" or not text[:span.open_at].split("\n")[-1].strip()
    if line_start:
        return True
    if found.cue is not None:
        return True
    return len(words) >= LONG_SPAN_WORDS


def _followed_by_speech(text: str, span: Span) -> bool:
    after = text[(span.close_at or span.end) + 1 : (span.close_at or span.end) + 12].strip()
    return after.startswith((":", "إن", "أن", "،", ",")) or not after


# ----------------------------------------------------------------------------- stage


@stage("quotes")
class QuoteExtractor:
    """Finds direct quotes in ``doc.article.body`` with cue and speaker."""

    version = "quotes-rules-1"

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()

    @classmethod
    def from_disk(cls) -> QuoteExtractor:
        return cls(load_lexicon())

    def extract(self, text: str, entities: list[Entity] | None = None) -> list[Quote]:
        entities = entities or []
        spans = find_spans(text, self.lex)
        names = {normalize(m.text) for e in entities if e.type != "PERS" for m in e.mentions}
        resolver = SpeakerResolver(text, spans, entities, self.lex)
        quotes: list[Quote] = []
        for span in spans:
            found = resolver.resolve(span)
            if not is_quote(text, span, found, names, self.lex):
                continue
            quotes.append(
                Quote(
                    text=text[span.start : span.end],
                    start=span.start,
                    end=span.end,
                    speaker=found.speaker.model_copy() if found.speaker else None,
                    cue=found.cue.text if found.cue else None,
                    continuation=found.continuation,
                )
            )
        return quotes

    def __call__(self, doc: Doc) -> Doc:
        doc.ann.quotes = self.extract(doc.article.body, doc.ann.entities)
        return doc
