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
index) and the search over it; :class:`marsad.nlp.speakers.Attributor` asks it to build and
complete namings. What one naming is and which of its words name a person (building, trimming,
reading a naming) is :mod:`.naming_parts`; a short naming that refers back to someone named
before with no words in common (a role alone, an epithet, "the same source", a body's short
name) is :mod:`.naming_epithets`. :class:`Naming`, :func:`name_words`, :func:`without_object`
and ``MARKED_NAME`` are importable from here as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from ..text.tokens import NAME_HYPHENS, Token, tokenize
from .naming_epithets import EpithetRules
from .naming_parts import _NOT_NAMING, FORMER, MARKED_NAME, Naming, _skeleton, name_words, without_object
from .reporting import Lexicon, Phrases, definite, is_word, nisba, normalize

__all__ = ["MARKED_NAME", "Namer", "Naming", "name_words", "without_object"]

# word classes that are never a family name said alone (الرئيس، الحكومة، الأهالي)
_NOT_SURNAME = ("role", "org", "group", "media", "stop", "adj", "same", "anaphor", "source", "doc")
# a person named bare after an unnamed role (وكان بن برودبنت قد …) has a short name
MAX_BARE_NAME_WORDS = 3


def _glued_hyphen(toks: list[Token], j: int) -> bool:
    """Whether token ``j`` is a hyphen written between two words with no space (جان-لوك)."""
    return (
        0 < j < len(toks) - 1
        and toks[j].text in NAME_HYPHENS
        and toks[j - 1].end == toks[j].start
        and toks[j].end == toks[j + 1].start
        and is_word(toks[j - 1])
        and is_word(toks[j + 1])
    )


def _unfeminine(words: frozenset[str]) -> frozenset[str]:
    """الأميركية → أميركي (folded: اميركيه → اميركي): nisbas without their agreement."""
    return frozenset(w[:-1] if len(w) > 4 and w.endswith("يه") else w for w in words)


def office_words(text: str) -> frozenset[str]:
    """An office's words, folded so that spellings (الأمريكي / الأميركي) and agreement
    (الأمريكية) meet: the key on which an office named alone finds its holder."""
    return _skeleton(_unfeminine(name_words(text)))


class Namer(EpithetRules):
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

    def fullest(self, nm: Naming, anchor: int) -> Naming:
        """The fullest naming in the document of the speaker named ``nm`` (rule 5)."""
        nm = self._to_mention(nm)
        out = self._same_as(nm) or self._fullest(nm, anchor)
        if not out.is_org and (not out.has_name or not self._proper_word(out)):
            # لاعب الوسط الألماني: definite words around a role name no one
            out = self._sole_person(out, anchor) or out
        if out is not nm or not nm.has_name or self._ends_in_mention(nm):
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
        # المسؤول الأميركي after مسؤول في وزارة الخارجية الأميركية: a role's nisba agrees with
        # the noun it follows, so it is compared without its feminine ending
        loose = not nm.has_name and not nm.is_org
        pool = [
            c
            for c in [*self.spoken, *self.candidates(), *extra]
            if (words < c.words or (loose and _unfeminine(words) < _unfeminine(c.words)))
            and c.is_org >= nm.is_org
            and not (c.words & FORMER) - words
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
            # (and each candidate cut where its last known mention ends, as ``nm`` was:
            # إعلان الرئيس الأمريكي، دونالد ترامب انسحاب بلاده; not when that cuts off the
            # name itself, a word the tagger missed: كريستيان | عيد)
            pool = [self._trim_run_on(self._mention_cut(c, words), nm) for c in pool]
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

    def _ends_in_mention(self, nm: Naming) -> bool:
        """Whether a full name the entities stage found ends the naming: a role and its
        holder, not words run on (عضو لجنة المقاولين … عبدالله بكر رضوان is no run-on of عضو
        لجنة المقاولين; but in واتهم ظريف نتنياهو a bare name after a name is the object)."""
        return any(
            nm.start <= a and b == nm.end and len(self.text[a:b].split()) > 1
            for group in self.coref
            for a, b in group
        )

    def _mention_cut(self, c: Naming, words: frozenset[str]) -> Naming:
        cut = self._to_mention(c)
        return cut if words <= cut.words else c

    def _role_genitive(self, c: Naming) -> bool:
        """رئيس مجلس إدارة النادي: the naming is the genitive of a role word right before it."""
        m = re.search(r"(\w+)\s*$", self.text[max(0, c.start - 30) : c.start])
        return m is not None and self.lex.has("role", m.group(1)) and not self.lex.has("org", m.group(1))

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
        # وقال دان لويد المتحدث باسم شركة أفالون: a role apposed right after the name, of
        # another body, makes it someone new (the phrase rules may have cut it off the name)
        apposed = [t for t in tokenize(self.text[person.end : person.end + 80]) if is_word(t)][:6]
        if apposed and self.lex.has("role", apposed[0].text):
            heads = [t for t in apposed if any(self.lex.has(c, t.text) for c in ("role", "org", "group"))]
            if any(not name_words(t.text) <= role.words for t in heads):
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
        if (
            span[0] == i
            and i > 0
            and self._clitic_name(toks[i - 1])
            and self._clitic_before_name(toks[i - 1])
        ):
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

    def _clitic_before_name(self, tok: Token) -> bool:
        """لأولي: ل before a name is common; ب is mostly a word's own letter (برنامج إيران),
        a clitic only when the entities stage found a name right after it."""
        return normalize(tok.text)[0] == "ل" or any(a == tok.start + 1 for g in self.coref for a, _ in g)

    def _clitic_name(self, tok: Token) -> bool:
        n = normalize(tok.text)
        return len(n) > 3 and n[0] in "لب" and not n.startswith(("ال", "لل")) and self.ph.name_like(tok)

    def _left_part(self, toks: list[Token], i: int, k_last: int) -> bool:
        """Whether token ``i`` belongs to a name that continues at ``i + 1``."""
        t = toks[i]
        if _glued_hyphen(toks, i):
            return True  # زيرنيكا-جوتس: a double-barrelled name is one name word
        if i + 1 < k_last and _glued_hyphen(toks, i + 1):
            return self.ph.name_like(t)
        if not is_word(t) or self.ph.stop(t):
            return False
        if self.lex.has("role", t.text):
            return True
        if normalize(t.text) == normalize("الدين") and i > 0 and self.ph.name_like(toks[i - 1]):
            return True  # زين الدين زيدان، نور الدين: a compound given name, one name word
        if i < k_last and normalize(toks[i + 1].text) == normalize("الدين") and self.ph.name_like(t):
            return i > 0 and normalize(t.text)[0] not in "وف" and toks[i - 1].text not in "،,"
        if nisba(t.text) or self.lex.has("adj", t.text):
            return i > 0 and is_word(toks[i - 1])  # an adjective follows a noun (not التقى …)
        # an opening word or a و-word before a name is its verb (شبه برودبنت، ويترأس برودبنت),
        # and a name has at most two words before its last (مدربه إرنستو فالبيردي)
        return (
            self.ph.name_like(t)
            and not self._clitic_name(t)
            and not t.text.endswith(("ها", "هم", "هما"))  # دورها شارون روني: a possessed noun
            # one first name: further left, unknown words are verbs or nouns
            and k_last - i - 2 * sum(_glued_hyphen(toks, j) for j in range(i + 1, k_last)) <= 1
            and i > 0
            and normalize(t.text)[0] not in "وف"
            and toks[i - 1].text not in "،,"
        )

    def _role_of_name(self, nm: Naming) -> bool:
        """رئيس الزمالك، مدرب ليفربول: a role whose only name is its genitive (whom the role
        is of), not a person's name."""
        toks = [t for t in tokenize(nm.text) if is_word(t)]
        return bool(toks) and self.lex.has("role", toks[0].text) and not any(self._person_runs(nm))
