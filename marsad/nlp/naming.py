"""Where a speaker is most fully named (guideline rule 5 of ``../shared/quotes/README.md``).

A news article names a speaker fully once (نائب محافظ بنك إنجلترا بن برودبنت) and then
shortly (برودبنت، الوزير الأمريكي، المسؤول الإيراني); a quote or claim is reported with the
fullest naming. Finding it is a search over the whole document, apart from the sentence-level
question of *who is the subject of this cue* (:mod:`marsad.nlp.speakers`), so it lives here:

- an earlier speaker with more of the same name (الدكتور هونغ → هونغ يو) or the same role and
  what it belongs to (طبيب بايرن والمنتخب الألماني → طبيب بايرن ميونيخ … هانس مولر);
- a role alone refers back to its holder (الرئيس التركي → الرئيس رجب طيب أردوغان), a role with
  a nisba to the last named speaker of that nisba (المسؤول الإيراني);
- phrases around every other occurrence of the name, widened leftwards over first names,
  roles and nisbas, and the mentions the ``entities`` stage grouped as one entity;
- a fuller naming is cut where the name ends and the sentence runs on (حسن روحاني انتقادات
  حادة), and must name the same person, not the one its role belongs to (محامي رودريغ).

:class:`Namer` holds this document-wide state (speakers so far, candidate phrases, a word
index); :class:`marsad.nlp.speakers.Attributor` asks it to build and complete namings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..text.tokens import Token, tokenize
from .reporting import Lexicon, Phrases, definite, is_word, nisba, normalize


def _genitive_key(word: str) -> str:
    """للاستثمار and الاستثمار are one word: the genitive ل of a body's name folds into ال."""
    w = normalize(word)
    return "ال" + w[2:] if w.startswith("لل") else w


# a naming never ends in a complementiser (وأضافت هيئة الاستثمار أن)
_COMPLEMENTISERS = frozenset(normalize(w) for w in ["أن", "إن", "أنّ", "إنّ", "بأن"])
# A role naming (طبيب بايرن والمنتخب الألماني) refers back to a named speaker when it shares
# the role word and one more word with that speaker's naming; باسم names nothing (المتحدث
# باسم الكرملين is not المتحدث باسم الخارجية).
_NOT_NAMING = frozenset({"باسم"})
_SEP = re.compile(r"[\s،,#_\-:]+")
# a short name in marks right after a body or medium noun (صحيفة "نيويورك تايمز")
MARKED_NAME = re.compile(r'\s*["“«][^"“”«»\n]{1,40}["”»]')


@lru_cache(maxsize=65536)
def _skeleton(words: frozenset[str]) -> frozenset[str]:
    """Name words without their inner long vowels (هيوز، هيز → هز): transliterations of one
    foreign name differ mostly in them. Short words keep their form, so they still must match."""
    out = set()
    for w in words:
        bare = w[0] + "".join(c for c in w[1:] if c not in "اويى")
        out.add(bare if len(w) >= 3 and len(bare) >= 2 else w)
    return frozenset(out)


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
    """A phrase naming a speaker: its span in the text and its words (:func:`name_words`)."""

    start: int
    end: int
    text: str
    words: frozenset[str]
    has_name: bool  # holds a word that is neither a role, org head, adjective nor nisba
    is_org: bool


def without_object(ph: Phrases, toks: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    """ووصف ترامب التحقيقات بأنها: after a verb that takes an object, a definite plural
    right after a name is that object, not part of the subject; so is an indefinite noun
    with a genitive after a definite role (ووصف المحامي عملية إلقاء القبض)."""
    i, j = span
    for m in range(i + 1, j):
        t, prev = toks[m], toks[m - 1]
        n = normalize(t.text)
        if (
            definite(t.text)
            and n.endswith(("ات", "ون", "ين"))
            and not n.endswith(("يين", "يون"))
            and ph.name_like(prev)
            and not ph.known_head(prev)
            and normalize(prev.text) != "باسم"
        ):
            return i, m
        if (
            m + 1 < j
            and definite(prev.text)
            and ph.lex.has("role", prev.text)
            and t.text.endswith("ة")
            and not definite(t.text)
            and not (m + 2 == j and ph.name_like(toks[m + 1]))  # المتحدث حمزة بيرقدار: a name
        ):
            return i, m  # ووصف المحامي عملية إلقاء القبض: a definite role takes no genitive
    return i, _indefinite_end(ph, toks, i, j)


def _indefinite_end(ph: Phrases, toks: list[Token], i: int, j: int) -> int:
    """مصدر رسمي | اتهام الحكومة، جندي بريطاني سابق | قاتل في، منظمات غير حكومية | سارعت: an
    indefinite head and its indefinite adjectives (a nisba, غير + nisba, a participle in م-)
    end where another indefinite word follows: a verb or the verb's object, not the phrase."""
    if j - i < 3 or definite(toks[i].text) or not ph.known_head(toks[i]):
        return j
    m, related = i + 1, False
    while m < j and is_word(toks[m]) and not definite(toks[m].text):
        n = normalize(toks[m].text)
        if n.endswith(_INDEFINITE_NISBA) and len(n) > 3:
            related = True
        elif not (n == "غير" or n.startswith("م") or n in _INDEFINITE_ADJ):
            break
        m += 1
    if not related or m >= j or m == i + 1 or not is_word(toks[m]) or definite(toks[m].text):
        return j
    return j if ph.known_head(toks[m]) or ph.stop(toks[m]) else m


# the endings of an indefinite relational adjective (رسمي، حكومية، سعوديون)
_INDEFINITE_NISBA = ("ي", "يه", "يون", "يين")
# indefinite adjectives that are not nisbas and stay in a described source
_INDEFINITE_ADJ = frozenset(
    normalize(w)
    for w in [
        "سابق",
        "سابقة",
        "كبير",
        "كبيرة",
        "رفيع",
        "رفيعة",
        "بارز",
        "بارزة",
        "آخر",
        "أخرى",
        "ثان",
        "ثالث",
    ]
)


# في، لدى after a role's genitive say where the role is held (مندوب موسكو في مجلس الأمن)
_WHERE = frozenset(normalize(w) for w in ["في", "لدى"])

# word classes that are never a family name said alone (الرئيس، الحكومة، الأهالي)
_NOT_SURNAME = ("role", "org", "group", "media", "stop", "adj", "same", "anaphor", "source", "doc")

# a person named bare after an unnamed role (وكان بن برودبنت قد …) has a short name
MAX_BARE_NAME_WORDS = 3


class Namer:
    """Builds the namings of one document and finds each speaker's fullest one.

    ``sentence_tokens(pos)`` gives the tokens of the (masked) sentence holding ``pos`` and
    ``starts`` the sentence starts, both from the attributor, so that quoted words are never
    read as names. ``coref`` holds the mention spans of each entity the entities stage found.
    """

    def __init__(
        self,
        text: str,
        lex: Lexicon,
        ph: Phrases,
        sentence_tokens: Callable[[int], list[Token]],
        starts: Sequence[int],
        coref: Sequence[Sequence[tuple[int, int]]] = (),
    ):
        self.text = text
        self.lex = lex
        self.ph = ph
        self.sentence_tokens = sentence_tokens
        self.starts = starts
        self.coref = coref
        self.spoken: list[Naming] = []  # speakers so far, in order (the attributor appends)
        self.linked: list[tuple[Naming, Naming]] = []  # (unnamed role, the person it names)
        self._candidates: list[Naming] | None = None
        self._name_cache: dict[frozenset[str], list[Naming]] = {}
        self._word_index: dict[str, list[tuple[int, int]]] | None = None

    # -- building namings

    def make_naming(self, start: int, end: int) -> Naming:
        """The naming of ``text[start:end]``, classified: does it hold a proper name, is it
        headed by an organisation or medium."""
        first = self.text[start:end].split(maxsplit=1)[0] if self.text[start:end].strip() else ""
        if normalize(first).startswith(("وال", "فال")) and self.ph.known_head(Token(first[1:], 0, 0)):
            start += 1  # والنجم العراقي …: the conjunction is not part of the naming (فالبيردي is)
        end = self._without_complementiser(start, end)
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
                or lex.has("same", t.text)
                or nisba(t.text)
                or name_words(t.text) <= _NOT_NAMING
            )
            for t in toks
        )
        is_org = bool(toks) and (lex.has("org", toks[0].text) or lex.has("media", toks[0].text))
        # the words of an organisation's or group's name are not a person's name
        has_name = has_name and not is_org and not (toks and lex.has("group", toks[0].text))
        return Naming(start, end, text, name_words(text), has_name, is_org)

    def _without_complementiser(self, start: int, end: int) -> int:
        """A naming never ends in أن/إن (وأضافت هيئة الاستثمار أن "…"): a mention that took
        the complementiser in ends before it."""
        words = [t for t in tokenize(self.text[start:end]) if is_word(t)]
        while len(words) > 1 and normalize(words[-1].text) in _COMPLEMENTISERS:
            words.pop()
            end = start + words[-1].end
        return end

    # -- fullest naming

    def candidates(self) -> list[Naming]:
        """Role-, organisation- and group-headed phrases anywhere in the document (a group
        too is named fully once: شكا عدد من أهالي حي السميري … وقال أهالي الحي)."""
        if self._candidates is None:
            out: list[Naming] = []
            heads = ("role", "org", "group")
            for s in self.starts:
                toks = self.sentence_tokens(s)
                for k, t in enumerate(toks):
                    if not any(self.lex.has(c, t.text) for c in heads):
                        continue
                    span = self.ph.after(toks, k)
                    if span is None:
                        continue
                    span = without_object(self.ph, toks, span)
                    out.append(self.make_naming(toks[span[0]].start, self._marked_end(toks, span)))
            self._candidates = out
        return self._candidates

    def _marked_end(self, toks: list[Token], span: tuple[int, int]) -> int:
        """The end of a phrase, with the name in marks after a body or medium noun (تنظيم
        "الدولة الإسلامية"، صحيفة «نيويورك بوست»): the masked sentence blanks it, but the
        body is named by it, and later said short (التنظيم، الصحيفة)."""
        end = toks[span[1] - 1].end
        last = toks[span[1] - 1]
        body = self.lex.has("media", last.text) or (
            self.lex.has("org", last.text) and not definite(last.text)
        )
        if span[1] - span[0] <= 2 and body and (m := MARKED_NAME.match(self.text, end)):
            return m.end()
        return end

    def fullest(self, nm: Naming, anchor: int) -> Naming:
        """The fullest naming in the document of the speaker named ``nm`` (rule 5)."""
        nm = self._to_mention(nm)
        out = self._same_as(nm) or self._fullest(nm, anchor)
        if not out.is_org and (not out.has_name or not self._proper_word(out)):
            # لاعب الوسط الألماني: definite words around a role name no one
            out = self._sole_person(out, anchor) or out
        if out is not nm or not nm.has_name:
            return out
        # ومضت لوريدانا تشرح هول الصدمة: words run on after a name known from before; the
        # longest leading part that names someone said earlier is the naming
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        for k in range(len(toks) - 1, 0, -1):
            if nm.text[toks[k - 1].end : toks[k].start].strip():
                break  # an apposition after a comma is part of the naming
            if self.ph.known_head(toks[k]) or nisba(toks[k].text):
                continue  # nor does a naming end right before a role or a nisba
            part = self.make_naming(nm.start, nm.start + toks[k - 1].end)
            name = self.name_part(part)
            last = name_words(toks[k - 1].text)
            said = [
                p
                for p in self.spoken
                if p.has_name
                and not p.is_org
                and name
                and name <= p.words
                and self._ends_name(p, last)  # the part ends where the speaker's name ends
            ]
            if part.has_name and said:
                return max(said, key=lambda p: len(p.words))
        return nm

    def _ends_name(self, p: Naming, last: frozenset[str]) -> bool:
        """Whether the word ``last`` ends the name in naming ``p``: it is the naming's last word
        (كريم سالم), or its next word is a role, a nisba or a comma that opens an
        apposition (كريم سالم مدرب الفريق, so "سالم الإفصاح" ends at سالم)."""
        toks = [t for t in tokenize(p.text) if is_word(t) or t.text in "،,"]
        for k, t in enumerate(toks):
            if not is_word(t) or name_words(t.text) != last:
                continue
            if k + 1 == len(toks):
                return True
            nxt = toks[k + 1]
            if nxt.text in "،," or self.lex.has("role", nxt.text) or nisba(nxt.text):
                return True
        return False

    def _fullest(self, nm: Naming, anchor: int) -> Naming:
        words = nm.words
        if not words:
            return nm
        earlier = self.earlier_naming(nm)
        if earlier is not None:
            return earlier
        # a proper name has an indefinite word; a definite noun alone (العلماء) is no name to
        # look for elsewhere
        proper = any(not definite(t.text) for t in tokenize(nm.text) if is_word(t))
        surname = self._known_surname(nm)
        extra = self._name_phrases(nm) if (nm.has_name and proper) or surname else []
        # an organisation is named fully only by an organisation phrase (الجيش الروسي is not
        # in "رئيس أركان الجيش الروسي")
        pool = [
            c for c in [*self.spoken, *self.candidates(), *extra] if words < c.words and c.is_org >= nm.is_org
        ]
        # the entities stage may know that برودبنت and بن برودبنت are one person
        # (a person is never named more fully by a body whose mention is inside the naming:
        # ماتياس مولر، الرئيس التنفيذي لفولكسفاغن is not "شركة فولكسفاغن، عملاق …")
        # (شقيقة توماس is not داني راي توماس: a relation names someone else than its genitive)
        if not self._kin_of(nm):
            pool += [
                c for c in self._coref_namings(nm) if c.is_org == nm.is_org and len(c.words) > len(words)
            ]
        if not pool:
            if nm.is_org:
                return self._same_body(nm) or self._short_body(nm) or nm
            if not nm.has_name or (self._kin_of(nm) and len(words) == 1):
                return self._same_role(nm) or nm  # الأم (no role word: it is also آلام)
            return self._epithet(nm) or nm
        if nm.has_name:
            # a name's fullest naming is its longest: noise phrases around a surname
            # (شعار سانو) are shorter than the naming with role and first name. It grows
            # leftwards (first names, roles) or by an apposition after a comma, not by
            # words run on after the name (دونالد ترمب سيستضيف رئيس الوزراء …)
            part = self.name_part(nm)
            if self._role_of_name(nm):
                # رئيس الزمالك: the name is what the role belongs to; the speaker is the
                # person named with the same role and genitive before (رئيس نادي الزمالك
                # مرتضى منصور), the one this epithet points back at
                held = [c for c in pool if any(r and not r & part for r in self._person_runs(c))]
                before = [c for c in held if c.start < anchor]
                return max(before or held, key=lambda c: (len(c.words), -c.start)) if held else nm
            pool = [self._trim_run_on(c, nm) for c in pool]
            # the name must be the naming's person, not the one its role is of (رودريغ is not
            # "بيار دوناك محامي رودريغ")
            named = [c for c in pool if not c.has_name or any(part <= r for r in self._person_runs(c))]
            pool = named or self._same_head_person(nm, pool)
            if not pool:
                return nm
            return max(pool, key=lambda c: (len(c.words), -c.start))
        for prev in reversed(self.spoken):
            if words < prev.words:
                return prev
        before = [c for c in pool if c.start < anchor]
        if nm.is_org:
            # وقال المجلس after المجلس الأعلى للإعلام … رئيس مجلس إدارة نادي الزمالك: a body
            # said only as the genitive of a person's role is not one the text named as such
            before = [c for c in before if not self._role_genitive(c)] or before
        if before:
            best = max(before, key=lambda c: (c.start, len(c.words)))
            # قوانين رابطة الدوري after رابطة الدوري الفرنسي لكرة القدم: a body's name is the
            # same wherever it is said, so its fullest saying wins
            fuller = [c for c in pool if nm.is_org and best.words < c.words and c.is_org]
            return max(fuller, key=lambda c: (len(c.words), -c.start)) if fuller else best
        head = next((t for t in tokenize(nm.text) if is_word(t)), None)
        if head is not None and not definite(head.text):
            return nm  # كشفت مصادر … وقالت مصادر سياسية: an indefinite noun is a new source
        return self._bare_epithet(nm) or min(pool, key=lambda c: c.start)

    def _role_genitive(self, c: Naming) -> bool:
        """رئيس مجلس إدارة النادي: the naming is the genitive of a role word right before it."""
        m = re.search(r"(\w+)\s*$", self.text[max(0, c.start - 30) : c.start])
        return m is not None and self.lex.has("role", m.group(1)) and not self.lex.has("org", m.group(1))

    def _bare_epithet(self, nm: Naming) -> Naming | None:
        """أكد النجم الأرجنتيني أنخيل دي ماريا … وقال اللاعب المنتقل إلى …: a bare definite
        role with no fuller naming before the quote is a reporter's epithet for the person
        last named before it (one the entities stage knows), not the same word said later in
        the article (على أن يقدم اللاعب رسميا)."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if (
            len(toks) != 1
            or nm.is_org
            or not definite(toks[0].text)
            or not self.lex.has("role", toks[0].text)
        ):
            return None
        if any(self.lex.has(c, toks[0].text) for c in ("source", "group", "kin", "org")):
            return None  # المصدر، الأهالي، الأم: someone new, a group or a relation
        people = [
            c
            for c in [*self.spoken, *self.candidates()]
            if c.has_name and not c.is_org and c.end <= nm.start and self._person(c) and self._known(c)
        ]
        return max(people, key=lambda c: (c.start, len(c.words))) if people else None

    def _known_surname(self, nm: Naming) -> bool:
        """القحطاني after سعود القحطاني: a bare definite word is a family name, to be looked
        for elsewhere, when the entities stage found a person's mention of two or more words
        that ends with it (a definite noun alone, العلماء, is otherwise no name)."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if len(toks) != 1 or nm.is_org or any(self.lex.has(c, toks[0].text) for c in _NOT_SURNAME):
            return False  # (a family name often looks like a nisba, so has_name is not asked)
        key = name_words(toks[0].text)
        for group in self.coref:
            for a, b in group:
                words = [t for t in tokenize(self.text[a:b]) if is_word(t)]
                if len(words) > 1 and name_words(words[-1].text) == key and self._person_word(words[0]):
                    return True
        return False

    def _same_head_person(self, nm: Naming, pool: list[Naming]) -> list[Naming]:
        """وزير الصحة الدكتور خالد الراشدي after وزير الصحة الدكتور خالد بن سعد الراشدي: the
        role's genitive (الصحة) is no part of the person's name, so the naming's last run of
        name words (خالد) must be in a run of the fuller naming, which opens with the same role."""
        own = self._person_runs(nm)
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if not own or not toks or not self.lex.has("role", toks[0].text):
            return []
        key = self.lex.role_key(toks[0].text)
        out = []
        for c in pool:
            first = [t for t in tokenize(c.text) if is_word(t)][:1]
            same_head = bool(first) and self.lex.role_key(first[0].text) == key
            if (
                same_head
                and any(own[-1] <= r for r in self._person_runs(c))
                and not self._after_name(c, own[-1])
            ):
                out.append(c)
        return out

    def _after_name(self, nm: Naming, name: frozenset[str]) -> bool:
        """Whether an apposition comma follows the words ``name`` in ``nm`` (…، سامي ناصر، هذا
        الأمر: the phrase ran on past the person into the sentence)."""
        toks = [t for t in tokenize(nm.text) if is_word(t) or t.text in "،,"]
        at = [k for k, t in enumerate(toks) if is_word(t) and name_words(t.text) & name]
        return bool(at) and any(t.text in "،," for t in toks[at[-1] + 1 :])

    def _proper_word(self, nm: Naming) -> bool:
        """Whether a naming has a word that can be a proper name: indefinite, and no role,
        nisba or known noun (a name has one; لاعب الوسط الألماني has none)."""
        return any(
            not definite(t.text) and not nisba(t.text) and self._person_word(t)
            for t in tokenize(nm.text)
            if is_word(t)
        )

    def _role_nisbas(self, nm: Naming) -> frozenset[str]:
        """The nisbas that describe a naming's person (الرئيس الفرنسي، وزير العدل التركي), not
        those inside the name of a body (الزعيم السابق لحزب الجبهة الوطنية)."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        out: set[str] = set()
        for i, t in enumerate(toks):
            if i and nisba(t.text) and not self.lex.has("org", toks[i - 1].text):
                out |= name_words(t.text)
        return frozenset(out)

    def _person(self, nm: Naming) -> bool:
        """Not a document, medium or body that spoke (دراسة جديدة is no person)."""
        first = next((t for t in tokenize(nm.text) if is_word(t)), None)
        return first is not None and not any(self.lex.has(c, first.text) for c in ("doc", "media", "org"))

    def _kin_of(self, nm: Naming) -> bool:
        """شقيقة توماس، والد الضحية: a naming that opens with a relation word."""
        first = next((t for t in tokenize(nm.text) if is_word(t)), None)
        return first is not None and self.lex.has("kin", first.text)

    def _known(self, nm: Naming) -> bool:
        return any(nm.start <= a and b <= nm.end for group in self.coref for a, b in group)

    def _person_word(self, tok: Token) -> bool:
        """A word that may be part of a person's name: not a known noun, nor a clitic before
        one (لمنظمة أوكسفام)."""
        if not self.ph.name_like(tok) or self.ph.known_head(tok):
            return False
        rest = Token(tok.text[1:], tok.start + 1, tok.end)
        return not (normalize(tok.text)[:1] in "لب" and self.ph.known_head(rest))

    def _trim_run_on(self, fuller: Naming, nm: Naming) -> Naming:
        """``fuller`` cut after ``nm``'s last word when what follows is neither an apposition
        (after a comma or a role: جاك بارسونز رئيس تحرير …) nor one more name (فينسنت
        كومباني), but words run on from the sentence (حسن روحاني انتقادات حادة)."""
        last = [t for t in tokenize(nm.text) if is_word(t)]
        toks = [t for t in tokenize(fuller.text) if is_word(t) or t.text in "،,"]
        if not last:
            return fuller
        key = name_words(last[-1].text)
        at = [k for k, t in enumerate(toks) if is_word(t) and key <= name_words(t.text)]
        if not at:
            return fuller
        rest = toks[at[-1] + 1 :]
        if not rest or rest[0].text in "،,":
            return fuller  # the name ends the naming, or an apposition follows a comma
        # دعا المدرب كرويف كابتن الفريق: a name that has its role before it takes no second
        # role after it without a comma; that role starts the object
        titled = any(self.lex.has("role", t.text) for t in toks[: at[-1]] if is_word(t))
        second_role = self.lex.has("role", rest[0].text) and not definite(rest[0].text)
        if (self.lex.has("role", rest[0].text) or nisba(rest[0].text)) and not (titled and second_role):
            # a role after the name, unless it brings a second person's full name
            # (روحاني الرئيس الأمريكي دونالد ترامب)
            pairs = pairwise(rest)
            if not any(self._person_word(a) and self._person_word(b) for a, b in pairs):
                return fuller
        elif len(rest) == 1 and self._person_word(rest[0]):
            return fuller  # one more name: فينسنت كومباني
        return self.make_naming(fuller.start, fuller.start + toks[at[-1]].end)

    def name_part(self, nm: Naming) -> frozenset[str]:
        """The words of a naming that are a proper name (no role, title, nisba or org head)."""
        lex = self.lex
        return frozenset(
            w
            for t in tokenize(nm.text)
            if is_word(t)
            and not any(lex.has(c, t.text) for c in ("role", "org", "group", "adj", "stop"))
            and not nisba(t.text)
            for w in name_words(t.text)
        )

    def _person_runs(self, nm: Naming) -> list[frozenset[str]]:
        """The runs of name words in a naming that name a person: يوسف الجيدة in "الرئيس
        التنفيذي لسلطة مركز قطر للمال يوسف الجيدة", not قطر (the genitive of مركز), and not
        رودريغ in "بيار دوناك محامي رودريغ" (the genitive of an indefinite role)."""
        toks = [t for t in tokenize(nm.text) if is_word(t) or t.text in "،,"]  # a comma ends a run
        runs: list[list[int]] = [[]]
        for k, t in enumerate(toks):
            name = (
                is_word(t)
                and self.name_part(self.make_naming_text(t.text))
                and not normalize(t.text).startswith("لل")
                and not name_words(t.text) <= _NOT_NAMING
            )
            # a definite word continues a name (يوسف الجيدة) but does not start one (الدفاع)
            if name and (runs[-1] or not definite(t.text)):
                runs[-1].append(k)
            elif runs[-1]:
                runs.append([])
        out = []
        for run in runs:
            if run and run[0] > 0 and self._construct_role(toks[run[0] - 1]):
                # رئيس وزراء السويد ستيفان لوفن: the genitive ends at its definite word and
                # the name after it is the person's
                tails = [m for m in range(1, len(run)) if self._starts_name(toks[run[m - 1]], toks[run[m]])]
                run = run[tails[0] :] if tails else []
            if run:
                out.append(frozenset(w for k in run for w in name_words(toks[k].text)))
        return out

    def _starts_name(self, prev: Token, tok: Token) -> bool:
        """An indefinite name word after a definite genitive (السويد | ستيفان)."""
        return definite(prev.text) and not definite(tok.text) and self._person_word(tok)

    def _construct_role(self, tok: Token) -> bool:
        """An indefinite role or body noun, which takes the next name as its genitive (محامي
        رودريغ، مركز قطر) where a definite one stands in apposition (الرئيس ترامب، مدربه …)."""
        w = tok.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
        # والدة، والي: a role that starts with وال as written is not و + the article
        written = normalize(tok.text).startswith("وال") and normalize(tok.text) in self.lex.words["role"]
        return (
            (self.lex.has("role", tok.text) or self.lex.has("org", tok.text))
            and (written or not definite(tok.text))
            and not w.endswith(("ه", "ها", "هم"))
            and not self.ph.stop(tok)
        )

    def unfused(self, nm: Naming) -> Naming:
        """تصريح للخارجية الأمريكية: لل fuses ل with the article, so the words as written
        ("لخارجية …") name nobody; the same words with their article elsewhere do."""
        written = "ا" + nm.text
        found = [m.start() for m in re.finditer(re.escape(written), self.text)]
        if not found:
            # للسفير الروسي …، فلاديمير تيتورينكو: the name after the comma is an exact
            # substring; the naming keeps the role's words for matching later namings
            toks = tokenize(nm.text)
            after = [t for i, t in enumerate(toks) if i and toks[i - 1].text in "،," and self._person_word(t)]
            if not after:
                return nm
            start = nm.start + after[0].start
            return Naming(start, nm.end, self.text[start : nm.end], name_words(written), True, False)
        at = min(found, key=lambda s: abs(s - nm.start))
        return self.make_naming(at, at + len(written))

    def make_naming_text(self, text: str) -> Naming:
        """A naming of a bare word, outside the document (to ask what kind of word it is)."""
        return Naming(0, len(text), text, name_words(text), True, False)

    def earlier_naming(self, nm: Naming) -> Naming | None:
        """A speaker named before, of whom ``nm`` is a shorter naming: الدكتور هونغ after
        هونغ يو (more of the name), طبيب بايرن والمنتخب الألماني after طبيب بايرن ميونيخ …
        هانس مولر (the same role and what it belongs to)."""
        if nm.is_org:
            return None
        part = self.name_part(nm)
        if nm.has_name and not self._kin_of(nm):  # شقيقة توماس: the name is the relative's
            fuller = [
                p
                for p in reversed(self.spoken)
                if p.has_name and not p.is_org and any(part < r for r in self._person_runs(p))
            ] or [  # الدكتورة هيوز after غويندا هيز، لوبان after لوبن: a transliteration variant
                p
                for p in reversed(self.spoken)
                if p.has_name
                and not p.is_org
                and any(_skeleton(part) < _skeleton(r) for r in self._person_runs(p))
            ]
            # a surname ends the fuller naming (دونالد ترامب), unlike noise after it (ترامب
            # باتخاذ إجراء); a first name (الدكتور هونغ → هونغ يو) matches any
            fuller = [self._trim_run_on(p, nm) for p in fuller]
            last = name_words(nm.text.split()[-1]) if nm.text.split() else frozenset()
            ending = [p for p in fuller if last and last <= name_words(p.text.split()[-1])]
            if ending or fuller:
                return max(ending or fuller, key=lambda p: len(p.words))
        head = [t.text for t in tokenize(nm.text) if is_word(t)][:1]
        if not head or not self.lex.has("role", head[0]):
            return None
        for prev in reversed(self.spoken):
            if not prev.has_name or prev.is_org or not name_words(head[0]) <= prev.words:
                continue
            # مدرب الشروق والمنتخب after مدرب نادي الشروق … كمال جابر: the same role, and
            # whatever else names it (الشروق) is in the earlier naming too
            shared = (nm.words & prev.words) - name_words(head[0]) - _NOT_NAMING
            if shared and part <= prev.words:
                return prev
        latest = next((p for p in reversed(self.spoken) if not p.is_org), None)
        own = nm.words - name_words(head[0]) - _NOT_NAMING
        if latest is not None and latest.has_name and own and own <= latest.words and not nm.has_name:
            return latest  # وأوضح مؤسس الجبهة الوطنية after لوبان الزعيم السابق لحزب الجبهة الوطنية
        return None

    def linked_person(self, sp: Naming) -> Naming:
        """وقال نائب المحافظ: a role already linked to a person's name is that person."""
        for role, person in self.linked:
            if sp.words and not sp.is_org and sp.words <= role.words:
                return person
        return sp

    def introduces(self, role: Naming, person: Naming, sentence_start: int) -> bool:
        """Whether ``person`` (a bare name, said first in the sentence at ``sentence_start``)
        names the unnamed ``role`` that spoke just before. A lead names the role and the
        next sentence the person: "اعتذر نائب محافظ بنك انجلترا …" then "وكان بن برودبنت قد
        استخدم …"; or quotes of "عضو قائمة …" continue up to "وكشف القاسم …"."""
        if role.is_org or not person.has_name or person.is_org:
            return False
        # a role with a person's name in it is named (its genitives بنك انجلترا are not, nor
        # prepositional phrases لمنصب، بالنادي)
        if any(not all(w.startswith(("ل", "ب")) for w in run) for run in self._person_runs(role)):
            return False
        head = [t.text for t in tokenize(role.text) if is_word(t)][:1]
        if not head or not self.lex.has("role", head[0]):
            return False  # a group (الأهالي) or a document names no one person
        part = self.name_part(person)
        toks = [t for t in tokenize(person.text) if is_word(t)]
        titles = [t for t in toks if any(self.lex.has(c, t.text) for c in ("role", "org", "group"))]
        if not part or any(not name_words(t.text) <= role.words for t in titles):
            # a naming with a role of its own (وقال الوزير فلان) is someone new, but the same
            # role again names the same one (سفير روسيا لدى أستراليا … السفير جريجوري لوجفينوف)
            return False
        if len(toks) - len(titles) > MAX_BARE_NAME_WORDS or any(
            self.ph.stop(t) and normalize(t.text) != "بن" for t in toks
        ):
            return False  # وهددت باريس مرارا بضرب …: words run on from the clause, not a name
        if self.coref and not any(
            a < person.end and person.start < b for group in self.coref for a, b in group
        ):
            return False  # the entities stage ran and knows no one by this name
        said_before = name_words(self.text[:sentence_start])
        return not (part & said_before)

    def _name_phrases(self, nm: Naming) -> list[Naming]:
        """Phrases around every occurrence of the naming's last word, widened leftwards over
        first names, nisbas and roles (وكان بن برودبنت، الرئيس الإيراني حسن روحاني)."""
        toks_nm = [t for t in tokenize(nm.text) if is_word(t)]
        if not toks_nm:
            return []
        key = name_words(toks_nm[-1].text)
        if key in self._name_cache:
            return self._name_cache[key]
        out = [p for s, k in self._occurrences(key) if (p := self._phrase_at(s, k)) is not None]
        self._name_cache[key] = out
        return out

    def _phrase_at(self, s: int, k: int) -> Naming | None:
        """The naming around the name that ends at token ``k`` of the sentence at ``s``."""
        toks = self.sentence_tokens(s)
        i = k
        while i > 0 and self._left_part(toks, i - 1, k):
            i -= 1
        span = self.ph.after(toks, i)
        if span is None or span[1] <= k:
            return None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        after = toks[k + 2] if k + 2 < len(toks) else None
        surname = (
            nxt is not None
            and i < k  # in a naming (الفرنسيان منير | ديوارة), not a name and its verb
            and self._person_word(nxt)
            and span[1] > k + 1
            and (after is None or not self._person_word(after))
        )
        if surname:
            span = (i, k + 2)  # منير | ديوارة: one more name after a first name
        elif nxt is None or not (self.lex.has("role", nxt.text) or nisba(nxt.text) or nxt.text in "،,"):
            span = (i, k + 1)  # only a role or an apposition extends a name rightwards
        if i > 0 and self.lex.has("prep", toks[i - 1].text) and not self.lex.has("role", toks[i].text):
            return None  # شمال شرق دمشق، في منزل ماكرون: a place or possessor, not a naming
        start = toks[span[0]].start
        if span[0] == i and i > 0 and self._clitic_name(toks[i - 1]):
            start = toks[i - 1].start + 1  # بيان لأولي سولفانغ: the name after the ل
        if span[0] == i:
            start = self._known_first_names(toks, start, toks[k])
        return self.make_naming(start, toks[span[1] - 1].end)

    def _known_first_names(self, toks: list[Token], start: int, last: Token) -> int:
        """ثانية، فيناي كومار / بين أحمد حجازي ومحمد صلاح: the phrase search takes no first
        name after a comma nor a و-word (mostly a verb), but a person's mention from the
        entities stage that covers the name and starts further left says they are names."""
        for a in sorted(a for g in self.coref for a, b in g if a < start and last.start < b <= last.end + 1):
            left = [t for t in toks if t.end > a and t.start < start]
            words = [Token(self.text[max(a, t.start) : t.end], max(a, t.start), t.end) for t in left]
            if words and all(self._person_word(w) for w in words):
                return a
        return start

    def _coref_namings(self, nm: Naming) -> list[Naming]:
        """The namings around every mention of the entity that ``nm`` names, when the
        entities stage grouped its mentions."""
        out: list[Naming] = []
        for group in self.coref:
            if not any(a < nm.end and nm.start < b for a, b in group):
                continue
            for a, b in group:
                s = self.starts[max(0, bisect_right(self.starts, a) - 1)]
                toks = self.sentence_tokens(s)
                inside = [k for k, t in enumerate(toks) if t.start < b and a < t.end and is_word(t)]
                if inside:
                    p = self._phrase_at(s, inside[-1])
                    mention = self.make_naming(a, b)
                    # ثانية، فيناي كومار، وهو: the phrase search stops at a first name after a
                    # comma, but a mention with more of the same name is a naming, never less
                    # (another name of the body, البنتاغون / وزارة الدفاع, is not "more")
                    short = p is not None and (p.start > a or b > p.end) and nm.words <= mention.words
                    out.append(mention if p is None or short else p)
        return out

    def _occurrences(self, key: frozenset[str]) -> list[tuple[int, int]]:
        """(sentence start, token index) of the tokens whose words include ``key``."""
        if self._word_index is None:
            index: dict[str, list[tuple[int, int]]] = {}
            for s in self.starts:
                for k, t in enumerate(self.sentence_tokens(s)):
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
        if not words or nm.is_org or not (self.lex.has("role", words[0]) or self.lex.has("kin", words[0])):
            return None  # a bare relation (وقالت الأم) refers back as a role does
        if not all(nisba(w) or self.lex.has("adj", w) for w in words[1:]):
            return None  # رئيس الحكومة is not الرئيس ترامب: only a role with nisbas refers back
        own = frozenset(w for x in words[1:] for w in name_words(x))
        # a candidate naming someone the entities stage knows comes first: لاعب ليفربول
        # السابق، جيمي كاراغر before لاعب ليفربول السابق نافذته (a verb's subject and object)
        known = sorted(self.candidates(), key=lambda c: (not self._known(c), -c.start))
        for prev in [*reversed(self.spoken), *known]:
            theirs = self._role_nisbas(prev)
            if own and theirs and not own <= prev.words:
                continue  # وزير الداخلية السعودي is not وزير العدل التركي، عبد الحميد غل
            held = self._holds_role(prev, words[0]) or self._apposed_role(prev, words[0])
            if prev.has_name and prev.start < nm.start and held:
                return prev
        # وحذر المسؤول الإيراني: a generic role with the nisba of the last named speaker
        nisbas = frozenset(w for x in words[1:] for w in name_words(x))
        for prev in reversed(self.spoken):
            if prev.has_name and not prev.is_org and prev.start < nm.start:
                return prev if nisbas and nisbas <= prev.words else None
        return None

    def _holds_role(self, prev: Naming, role: str) -> bool:
        """Whether ``prev`` names a person holding ``role`` (or a synonym: الأم / والدة): the
        role opens the naming (الرئيس رجب طيب أردوغان) or stands right after the name, after
        titles and a comma (جنيفر رايندل، والدة ترينتون), not as someone else's genitive."""
        key = self.lex.role_key(role)
        toks = [t for t in tokenize(prev.text) if is_word(t)]
        for i, t in enumerate(toks):
            if self.lex.has("role", t.text) and self.lex.role_key(t.text) == key:
                before = toks[:i]
                return i == 0 or (
                    any(self._person_word(b) for b in before)
                    and all(self._person_word(b) or self.lex.has("role", b.text) for b in before)
                )
            if not (self._person_word(t) or self.lex.has("role", t.text)):
                return False
        return False

    def _apposed_role(self, prev: Naming, role: str) -> bool:
        """جنيفر رايندل، والدة ترينتون: the role in the apposition right after a naming that
        stops at the name (a relation is cut off the speaker, rule 5) still tells who holds it."""
        m = re.match(r"\s*[،,]\s*(\w+)", self.text[prev.end : prev.end + 40])
        if m is None or not self.lex.has("role", m.group(1)):
            return False
        return self.lex.role_key(m.group(1)) == self.lex.role_key(role)

    def _role_of_name(self, nm: Naming) -> bool:
        """رئيس الزمالك، مدرب ليفربول: a role whose only name is its genitive (whom the role
        is of), not a person's name."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        return bool(toks) and self.lex.has("role", toks[0].text) and not any(self._person_runs(nm))

    def _same_as(self, nm: Naming) -> Naming | None:
        """المصدر نفسه، المتحدث ذاته، نفس المصدر: "the same" source is the latest naming before
        it with the same head (مصدر أمني); "the same source" with no such naming is the
        source that spoke last (ضابط بوروندي … وأضاف نفس المصدر)."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if len(toks) < 2:
            return None
        if self.lex.has("same", toks[-1].text):
            head = toks[0]
        elif self.lex.has("same", toks[0].text):
            head = toks[1]  # نفس المصدر: 'the same' before its noun
        else:
            return None
        key = self.lex.role_key(head.text)

        def same_head(c: Naming) -> bool:
            first = [t for t in tokenize(c.text) if is_word(t)][:1]
            return bool(first) and c.start < nm.start and self.lex.role_key(first[0].text) == key

        earlier = [c for c in [*self.spoken, *self.candidates()] if same_head(c)]
        if earlier:
            return max(earlier, key=lambda c: c.start)
        if not self.lex.has("source", head.text):
            return None
        return next((c for c in reversed(self.spoken) if c.start < nm.start), None)

    def _same_body(self, nm: Naming) -> Naming | None:
        """المنظمة الدولية after منظمة التجارة العالمية: a body's head noun with only
        adjectives is the body named before with the same head."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if not toks or not definite(toks[0].text):
            return None
        if not all(nisba(t.text) or self.lex.has("adj", t.text) for t in toks[1:]):
            return None
        key = self.lex.role_key(toks[0].text)
        same = []
        for c in [*self.spoken, *self.candidates()]:
            first = [t for t in tokenize(c.text) if is_word(t)][:1]
            # the body's own name is a construct (منظمة التجارة), not another definite phrase
            earlier = (
                bool(first)
                and not definite(first[0].text)
                and c.is_org
                and c.start < nm.start
                and len(c.words) > 1
                and c.words != nm.words
            )
            if earlier and first and self.lex.role_key(first[0].text) == key:
                same.append(c)
        return max(same, key=lambda c: c.start) if same else None

    def _short_body(self, nm: Naming) -> Naming | None:
        """هيئة الاستثمار after الهيئة السعودية العامة للاستثمار: a body named by its head
        and its last word alone is the one body of the document so named in full."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if len(toks) != 2 or definite(toks[0].text):
            return None
        key, last = self.lex.role_key(toks[0].text), _genitive_key(toks[1].text)
        same = {
            (c.start, c.end): c
            for c in [*self.spoken, *self.candidates()]
            if c.is_org
            and len(c.words) > 2
            and (words := [t for t in tokenize(c.text) if is_word(t)])
            and self.lex.role_key(words[0].text) == key
            and _genitive_key(words[-1].text) == last
        }
        if not same:
            return None
        # الهيئة السعودية للاستثمار and الهيئة العامة للاستثمار are shorter sayings of the
        # fullest one; two bodies not so nested leave the naming as it is
        full = max(same.values(), key=lambda c: (len(c.words), -c.start))
        return full if all(c.words <= full.words for c in same.values()) else None

    def _sole_person(self, nm: Naming, anchor: int) -> Naming | None:
        """وقال اللاعب after لاعب الوسط الألماني …, with إيمري تشان the only person quoted so
        far: a reporter's epithet (a role with a nationality, no name) for that person. An
        unnamed source (مسؤول أمريكي) or a group is never one."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if not toks or not self.lex.has("role", toks[0].text) or self.lex.has("source", toks[0].text):
            return None
        if self.lex.has("group", toks[0].text) or self.lex.has("kin", toks[0].text):
            return None  # والد الضحية: a relation names someone else
        if not any(nisba(t.text) for t in toks[1:]):
            return None
        people = [
            p for p in self.spoken if p.has_name and not p.is_org and p.start < anchor and self._person(p)
        ]
        names = {self.name_part(p) for p in people}
        if len(names) != 1 or not next(iter(names)):
            return None
        # a nationality is a definite nisba (الألماني); علي in كريم بن علي is a name
        nisbas = frozenset(
            w for t in toks[1:] if nisba(t.text) and definite(t.text) for w in name_words(t.text)
        )
        person = max(people, key=lambda p: len(p.words))
        theirs = self._role_nisbas(person)
        return person if not theirs or nisbas <= theirs else None

    def _to_mention(self, nm: Naming) -> Naming:
        """أظهر ترينتون إشارات: a name the entities stage knows, with words run on after it
        that no mention covers (not an apposition after a comma, a role or a nisba), is cut
        where the mention ends."""
        if not self.coref or not nm.has_name:
            return nm
        ends = [b for g in self.coref for a, b in g if nm.start <= a < nm.end and b < nm.end]
        if not ends:
            return nm
        end = max(ends)
        if any(a < nm.end and b > end for g in self.coref for a, b in g):
            # another known name follows: an apposition or a second speaker (أردوغان
            # وماكرون), unless a plain word right after the first name starts the object
            # (وجّه النائب يحيى السعود انتقادات لزميلته هند الفايز)
            end = min(ends)
            rest = [t for t in tokenize(self.text[end : nm.end]) if t.text.strip()]
            return self.make_naming(nm.start, end) if rest and self._object_word(rest[0], end) else nm
        rest = [t for t in tokenize(self.text[end : nm.end]) if t.text.strip()]
        if not rest or not is_word(rest[0]) or self.lex.has("role", rest[0].text) or nisba(rest[0].text):
            return nm
        return self.make_naming(nm.start, end)

    def _object_word(self, tok: Token, offset: int) -> bool:
        """A word after a known name that cannot go on naming anyone: no role, nisba, body or
        group, no conjunction or clitic preposition, and no part of a mention."""
        at = offset + tok.start
        if not is_word(tok) or normalize(tok.text)[:1] in "ولب" or nisba(tok.text):
            return False
        if any(a <= at < b for g in self.coref for a, b in g):
            return False
        return not any(self.lex.has(c, tok.text) for c in ("role", "org", "group", "media"))

    def _epithet(self, nm: Naming) -> Naming | None:
        """وقال مدافع إيطاليا السابق after نفى فابيو كانافارو: a role in construct with a place or
        club (no article, no person's name) is a reporter's epithet for someone named before —
        the latest named holder of the same role (المدرب البرتغالي جوزيه مورينيو → مدرب مانشستر
        يونايتد), else the person the lead is about, if said again before the quote."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        if len(toks) < 2 or nm.is_org or definite(toks[0].text) or not self.lex.has("role", toks[0].text):
            return None
        if self.lex.has("source", toks[0].text):
            return None  # مصدر ثان معارض: an unnamed source is someone new
        # مندوب موسكو في مجلس الأمن: where the role is held follows; the epithet is before it
        where = next((m for m, t in enumerate(toks) if m > 1 and normalize(t.text) in _WHERE), len(toks))
        toks = toks[:where]
        rest = [t for t in toks[1:] if not (nisba(t.text) or self.lex.has("adj", t.text))]
        if not rest or rest[0] is not toks[1] or len(rest) > 2 or not all(self._proper(t) for t in rest):
            return None  # والد الضحية, متحدث باسمها, مسؤول سعودي للصحيفة: not a proper genitive
        a, b = nm.start + rest[0].start, nm.start + rest[-1].end
        inside = [m for g in self.coref for m in g if m[0] < b and a < m[1]]
        if len(inside) > 1 or any(m[0] < a or m[1] < b for m in inside):
            return None  # مدرب برشلونة إرنستو فالفيردي: a name after the genitive
        head = name_words(toks[0].text)
        same = [
            c
            for c in self.candidates()
            if c.has_name and c.end <= nm.start and c.text.split() and name_words(c.text.split()[0]) == head
        ]
        if same:
            return max(same, key=lambda c: c.start)
        return None if inside else self._lead_person(nm)

    def _lead_person(self, nm: Naming) -> Naming | None:
        """The entity named first in the lead sentence, when it is a bare name (no role of its
        own, which would make the epithet someone else's) said at least twice before ``nm``."""
        if not self.coref or not self.starts:
            return None
        lead_end = self.starts[1] if len(self.starts) > 1 else len(self.text)
        first = min(self.coref, key=lambda g: g[0][0])
        before = [(a, b) for a, b in first if b <= nm.start]
        if first[0][0] >= lead_end or len(before) < 2:
            return None
        namings = [self.make_naming(a, b) for a, b in before]
        if any(n.is_org or not n.has_name for n in namings):
            return None
        kinds = ("role", "org", "group", "media")
        if any(self.lex.has(kind, t.text) for n in namings for t in tokenize(n.text) for kind in kinds):
            return None
        return max(namings, key=lambda n: (len(n.words), -n.start))

    def _proper(self, tok: Token) -> bool:
        """A word that can be a place's or club's name in an epithet (إيطاليا، مانشستر): no
        article, no preposition or possessive (بالكنيسة، باسمها), no nisba (سعودي), no title."""
        word = normalize(tok.text)
        if definite(tok.text) or word.startswith(("بال", "لل", "وال", "باسم")) or word.endswith(("ي", "يه")):
            return False
        return not any(
            self.lex.has(kind, tok.text) for kind in ("role", "org", "group", "media", "stop", "adj")
        )
