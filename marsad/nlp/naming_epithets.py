"""Short namings that point back at a speaker named before (guideline rule 5).

A reporter names someone fully once, then by a role alone (الرئيس التركي → الرئيس رجب طيب
أردوغان), by an epithet (مدافع إيطاليا السابق after فابيو كانافارو; اللاعب after the only
person quoted so far), by "the same" (المصدر نفسه، نفس المصدر), and a body by its head noun
(المنظمة الدولية after منظمة التجارة العالمية) or its head and last word (هيئة الاستثمار after
الهيئة السعودية العامة للاستثمار). These rules say whom such a naming refers back to;
:meth:`marsad.nlp.naming.Namer.fullest` turns to them where no fuller naming holds the
naming's words (and first for "the same").

Kept apart from :mod:`.naming` because each is a small rule over the speakers so far and the
document's candidate phrases, not part of the word-overlap search there. :class:`EpithetRules`
is a base class of :class:`marsad.nlp.naming.Namer`, whose ``spoken`` list and
``candidates()`` it reads, built on :class:`marsad.nlp.naming_parts.NamingParts`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..text.tokens import Token, tokenize
from .naming_parts import FORMER, Naming, NamingParts, name_words
from .reporting import definite, is_word, nisba, normalize


def _genitive_key(word: str) -> str:
    """للاستثمار and الاستثمار are one word: the genitive ل of a body's name folds into ال."""
    w = normalize(word)
    return "ال" + w[2:] if w.startswith("لل") else w


# في، لدى after a role's genitive say where the role is held (مندوب موسكو في مجلس الأمن)
_WHERE = frozenset(normalize(w) for w in ["في", "لدى"])


class EpithetRules(NamingParts):
    """Whom a role, an epithet, "the same" or a body's short name refers back to."""

    spoken: list[Naming]
    starts: Sequence[int]

    if TYPE_CHECKING:  # provided by Namer

        def candidates(self) -> list[Naming]: ...

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
            if (prev.words & FORMER) - own:
                continue  # الرئيس الأمريكي is not الرئيس الأمريكي السابق، باراك أوباما
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
        last = next((c for c in reversed(self.spoken) if c.start < nm.start), None)
        if earlier:
            best = max(earlier, key=lambda c: c.start)
            # أفاد المدير الجهوي … أن …، وبين المصدر ذاته أن: "the same source" is the one just
            # cited when a speaker spoke after the last source of that head
            if self.lex.has("source", head.text) and last is not None and last.start > best.start:
                return last
            return best
        if not self.lex.has("source", head.text):
            return None
        return last

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
