"""What one naming is: the :class:`Naming` record, its folded words, and the rules that cut a
phrase down to the naming and read which of its words name a person.

A naming is a span of the text that names a speaker (الوزير، نائب محافظ بنك إنجلترا بن
برودبنت، صحيفة "نيويورك تايمز"). Building one trims what the phrase search took in past the
name (a complementiser: هيئة الاستثمار أن; the verb's object: ووصف ترامب التحقيقات; words run on
from the sentence: حسن روحاني انتقادات حادة; words after a mention of the entities stage) and
classifies it: does it hold a proper name, is it a body. Reading one tells which runs of its
words are a person's name (يوسف الجيدة in "الرئيس التنفيذي لسلطة مركز قطر للمال يوسف
الجيدة") and which are the genitive of a role (قطر), its nisbas, its relation word.

Kept apart from :mod:`.naming` (the document-wide search for the fullest naming) because these
rules look at one naming and the text around it, never at the other speakers; that search and
:mod:`.naming_epithets` are built on them. :class:`NamingParts` is the base class of
:class:`marsad.nlp.naming.Namer`, which holds the state it reads (text, lexicon, phrase
delimiter, entity mentions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..text.tokens import Token, tokenize
from .reporting import Lexicon, Phrases, definite, is_word, nisba, normalize

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


class NamingParts:
    """Builds a naming from a span of the document and reads its words."""

    text: str
    lex: Lexicon
    ph: Phrases
    # mentions of each entity the entities stage found (empty when it did not run)
    coref: Sequence[Sequence[tuple[int, int]]]

    def make_naming(self, start: int, end: int) -> Naming:
        """The naming of ``text[start:end]``, classified: does it hold a proper name, is it
        headed by an organisation or medium."""
        first = self.text[start:end].split(maxsplit=1)[0] if self.text[start:end].strip() else ""
        if normalize(first).startswith(("وال", "فال")) and self.ph.known_head(Token(first[1:], 0, 0)):
            start += 1  # والنجم العراقي …: the conjunction is not part of the naming (فالبيردي is)
        end = self._without_complementiser(start, end)
        text = self.text[start:end]
        return Naming(start, end, text, name_words(text), *self._kind(text))

    def _kind(self, text: str) -> tuple[bool, bool]:
        """Whether a naming's words hold a proper name, and whether it names a body."""
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
        return has_name, is_org

    def _without_complementiser(self, start: int, end: int) -> int:
        """A naming never ends in أن/إن (وأضافت هيئة الاستثمار أن "…"): a mention that took
        the complementiser in ends before it."""
        words = [t for t in tokenize(self.text[start:end]) if is_word(t)]
        while len(words) > 1 and normalize(words[-1].text) in _COMPLEMENTISERS:
            words.pop()
            end = start + words[-1].end
        return end

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
        # a role word inside a name the entities stage found is a given name (أمين الناصر)
        named = [(a - nm.start, b - nm.start) for g in self.coref for a, b in g if nm.start <= a and b <= nm.end]
        runs: list[list[int]] = [[]]
        for k, t in enumerate(toks):
            in_name = any(a <= t.start and t.end <= b and b - a > t.end - t.start for a, b in named)
            name = (
                is_word(t)
                and (in_name or self.name_part(self.make_naming_text(t.text)))
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

    def _unfused_part(self, nm: Naming, written: str) -> Naming:
        """تقرير للشرطة البريطانية … وقالت الشرطة: the longest leading words of the naming,
        with their article, said elsewhere (the words as written, "لشرطة …", name nobody)."""
        words = written.split()
        for n in range(len(words) - 1, 0, -1):
            part = " ".join(words[:n])
            found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", self.text)]
            if found:
                at = min(found, key=lambda s: abs(s - nm.start))
                return self.make_naming(at, at + len(part))
        # في تغريدة للسفير السعودي (said nowhere else with its article): the words as written
        # stay the naming, read with their article so that they match the role said before
        return Naming(nm.start, nm.end, nm.text, name_words(written), *self._kind(written))

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
                return self._unfused_part(nm, written)
            start = nm.start + after[0].start
            return Naming(start, nm.end, self.text[start : nm.end], name_words(written), True, False)
        at = min(found, key=lambda s: abs(s - nm.start))
        return self.make_naming(at, at + len(written))

    def make_naming_text(self, text: str) -> Naming:
        """A naming of a bare word, outside the document (to ask what kind of word it is)."""
        return Naming(0, len(text), text, name_words(text), True, False)

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


# الرئيس الأمريكي is not named more fully by الرئيس الأمريكي السابق، باراك أوباما: a former holder
# of a role is another person than the one who holds it now
FORMER = frozenset(w for f in ["السابق", "السابقة", "الأسبق"] for w in name_words(f))
