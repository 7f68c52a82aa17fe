"""Who speaks for a document: the issuer of a statement, report or post (guideline rule 7).

Kept apart from :mod:`.speakers` because finding an issuer is its own search with its own
vocabulary: it reads the words right after a document noun (بيان لـX، تقرير صادر عن X،
تغريدة عبر حساب X), a resumptive فيه (أصدر X بيانا أكد فيه), and earlier sentences that
brought the same document up (نشرت صحيفة X تقريرا … وأضاف التقرير), none of which the
verb-subject rules of :class:`marsad.nlp.speakers.Attributor` need. It is a mixin of that
class: it uses the attributor's phrase delimiter, lexicon, document-wide naming and
sentence cache, and hands every phrase it finds back to ``Attributor._naming``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ResourceError
from ..text.tokens import Token
from .naming import Namer, Naming, name_words
from .reporting import Lexicon, Phrases, cue_kind, definite, nisba, normalize, relative_issuer, untanween

if TYPE_CHECKING:
    from .speakers import _Sentence

# the words that join a document to its issuer (بيان صادر عن، تقرير نشرته)
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
        # تحقيق أجرته مؤسسة …، استطلاع أعده مركز …
        "أجراه",
        "أجرته",
        "أعده",
        "أعدته",
        # دراسة أعدها مركز …: the document is feminine
        "أعدها",
        "أعدتها",
        "أجرتها",
        "أصدرتها",
        "نشرتها",
    ]
)
# تحذير على موقع السفارة: the site's owner issued the post (the site nouns: relay.tsv)
_ON = frozenset(normalize(w) for w in ["على", "عبر", "في"])
_RELAY_TABLE = Path(__file__).resolve().parent.parent / "data" / "quotes" / "relay.tsv"
_RELAY_CLASSES = ("relay", "site", "manner", "saying", "produce")


@lru_cache(maxsize=1)
def relay_words() -> dict[str, frozenset[str]]:
    """relay.tsv: verbs that carry someone's words (نقل), sites documents are posted on
    (حساب) and nouns that make عن an adverb (عن طريق), normalised; raises ResourceError when the table is missing or malformed."""
    try:
        text = _RELAY_TABLE.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"quote lexicon relay.tsv missing: {exc}") from exc
    words: dict[str, set[str]] = {c: set() for c in _RELAY_CLASSES}
    for ln in text.splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        form, sep, cls = ln.partition("\t")
        if not sep or cls.strip() not in words:
            raise ResourceError(f"relay.tsv: bad line {ln!r}")
        words[cls.strip()].add(normalize(form.strip()))
    return {c: frozenset(v) for c, v in words.items()}


def relay_word(cls: str, word: str) -> bool:
    """Whether ``word`` is in class ``cls`` of relay.tsv, also after و/ف or (a site) ال."""
    forms = relay_words()[cls]
    n = normalize(word)
    variants = [n, n[1:] if len(n) > 3 and n[0] in "وف" else n]
    if cls == "site":
        variants += [v[2:] for v in variants if v.startswith("ال") and len(v) > 4]
    return any(v in forms for v in variants)


# وجاء بيان من …، وصدر تقرير عن …: verbs that bring a document in as their subject
_DOC_COMES = frozenset(normalize(w) for w in ["جاء", "وجاء", "صدر", "وصدر", "ورد", "وورد"])
# أكد فيه، جاء فيها، قال خلاله: a pronoun pointing back at a document or speech
RESUMPTIVE_DOC = frozenset(normalize(w) for w in ["فيه", "فيها", "خلاله", "خلالها"])


class IssuerRules:
    """Issuer search over the tokens of one sentence, mixed into the Attributor."""

    lex: Lexicon
    ph: Phrases
    names: Namer
    previous: Naming | None
    _starts: list[int]
    _announcing = False  # set while _announcer reads subjects, which may be documents again

    if TYPE_CHECKING:  # provided by Attributor

        def sentence(self, pos: int) -> _Sentence: ...

        def _naming(self, toks: list[Token], span: tuple[int, int]) -> Naming | None: ...

        def _naming_head(self, tok: Token) -> bool: ...

        def _verb_subject(self, toks: list[Token], k: int) -> Naming | None: ...

    def _opening_document(self, toks: list[Token], k: int) -> Naming | None:
        """وجاء بيان من الحزب، أدان اللاعب ووصف ما فعله بـ"…": a sentence that opens by
        bringing in an indefinite document with its issuer makes the document the subject of
        the subjectless verbs after it, so they speak for the issuer (guideline rule 7)."""
        if k < 4 or normalize(toks[0].text) not in _DOC_COMES or not self._doc_word(toks[1].text):
            return None
        if definite(toks[1].text):
            return None  # وجاء البيان بعد …: a document said before, no issuer here
        issuer = self._named_issuer(toks, 1)
        return issuer if issuer is not None and issuer.end <= toks[k].start else None

    def _resumptive_document(self, toks: list[Token], k: int) -> Naming | None:
        """أصدر النائب العام بيانا أكد فيه …: a cue whose فيه points back at a document
        speaks for the document's issuer (guideline rule 7)."""
        if k + 1 >= len(toks) or normalize(toks[k + 1].text) not in RESUMPTIVE_DOC:
            return None
        docs = [d for d in range(k) if self._doc_word(toks[d].text)]
        # برزت تصريحات جديدة للسفير …، زعم فيها: an occasion of speech (no document) names
        # its speaker only by its ل-genitive, not by the subject of its verb
        said = [d for d in range(k) if self.lex.has("event", untanween(toks[d].text))]
        if not docs:
            # only a genitive names it: in مؤتمر صحافي عقده the adjective heads no naming
            by = self._genitive_issuer(toks, said[-1], k) if said and self._genitive_after(toks, said[-1], k) else None
            # كلمة لجمهور الزمالك: the ل-genitive of a speech may be its audience
            audience = by is not None and self.lex.has("group", by.text.split()[0])
            return None if audience else by
        return self._put_out_by(toks, docs[-1], k)

    def _put_out_by(self, toks: list[Token], d: int, k: int) -> Naming | None:
        """The issuer of the document at ``d``, the object of the verb opening the sentence."""
        # the article is written ال, never أل: ألقى الرئيس خطابا opens with a verb
        opens_verb = not definite(toks[0].text) or toks[0].text.startswith("أل")
        if d > 1 and opens_verb and not self.ph.stop(toks[0]):
            span = self.ph.after(toks, 1)  # أصدر X بيانا: the subject of the issuing verb
            if span is not None and span[0] < d and self._naming_head(toks[span[0]]):
                return self._naming(toks, (span[0], min(span[1], d)))
        return self._genitive_issuer(toks, d, k)  # else (أصدرت تقريرا أشارت فيه) the clause's own

    def _document_clause(self, toks: list[Token], k: int) -> Naming | None:
        """وتبنى المجلس قراراً يدعو إلى "…": a verb right after an indefinite document
        describes what the document says, so it speaks for the document's issuer."""
        if k < 2 or definite(toks[k - 1].text) or not self._doc_word(toks[k - 1].text):
            return None
        return self._put_out_by(toks, k - 1, k)

    def _doc_word(self, word: str) -> bool:
        """بيانا، خطابا: a document, also in the accusative written without tanween."""
        w = untanween(word)
        return self.lex.has("doc", w) or (w.endswith("ا") and len(w) > 3 and self.lex.has("doc", w[:-1]))

    def _genitive_after(self, toks: list[Token], d: int, k: int) -> bool:
        """A genitive after the occasion at ``d`` before the cue at ``k``: a definite word in
        construct (تصريحات الرئيس التركي), or ل right after it or after one adjective (تصريحات
        جديدة للسفير، مقابلة لولي العهد) — not an indefinite adjective alone (مؤتمر صحافي عقده)."""
        if d + 1 < k and definite(toks[d + 1].text):
            return True
        return any(
            m < k and normalize(toks[m].text).startswith("ل") and not normalize(toks[m].text).startswith("لا")
            for m in (d + 1, d + 2)
        )

    def _genitive_issuer(self, toks: list[Token], d: int, k: int) -> Naming | None:
        """The issuer named right after the document or occasion at ``d`` (بيان لـX), one
        adjective allowed between (تصريحات جديدة للسفير)."""
        if d + 2 < k and not definite(toks[d + 1].text) and normalize(toks[d + 2].text).startswith("ل"):
            d += 1
        return self._named_issuer(toks, d)

    def _issuer(self, toks: list[Token], k: int) -> Naming | None:
        """The body a document at token ``k`` speaks for (guideline rule 7)."""
        named = self._named_issuer(toks, k)
        if named is not None:
            return named
        publisher = self._publisher(toks[k]) or self._announcer(toks, k)
        if publisher is not None:
            return publisher
        for prev in reversed(self.names.spoken):
            if prev.is_org:
                return prev
        if self.previous is None:  # أوضحت دراسة طبية أسترالية أن: no issuer named anywhere
            span = self.ph.after(toks, k)
            return self.names.make_naming(toks[k].start, toks[span[1] - 1].end) if span else None
        return self.previous

    def _named_issuer(self, toks: list[Token], k: int) -> Naming | None:
        """The issuer named right after the document at ``k``: بيان لـX، تقرير صادر عن X."""
        j = k + 1
        if (
            j + 1 < len(toks)
            and normalize(toks[j].text).startswith("لل")
            and normalize(toks[j + 1].text) in _ISSUED_BY
        ):
            j += 1  # استطلاع للرأي أجراه معهد …: the document's complement
        while j < len(toks) and normalize(toks[j].text) in _ISSUED_BY:
            j += 1
        if j + 2 < len(toks) and normalize(toks[j].text) in _ON and relay_word("site", toks[j + 1].text):
            j += 2  # تحذير على موقع السفارة، تغريدة عبر حساب الرئيس: the site's owner issued it
            if definite(toks[j - 1].text):
                # إعلان على الحساب الرسمي للمستشفى: a definite site names its owner by a
                # ل-genitive after its adjectives
                while j < len(toks) and j - k < 6 and self._site_adjective(toks[j]):
                    j += 1
                return self._site_owner(toks, j)
        if j < len(toks):
            t = toks[j]
            n = normalize(t.text)
            if n in ("لـ", "ل") and j + 1 < len(toks):
                j += 1
            elif n.startswith("ل") and len(n) > 3 and not n.startswith("ال"):
                # بيان لأولي سولفانغ: the name starts inside the token, after the ل
                stripped = Token(t.text[1:], t.start + 1, t.end)
                toks = [*toks[:j], stripped, *toks[j + 1 :]]
            # بيان نشر وقت الافتتاح: a bare indefinite word right after the document is a verb
            # (but بيان لأولي سولفانغ names its issuer after the ل)
            bare = (
                j == k + 1
                and not definite(toks[k].text)
                and not definite(toks[j].text)
                and n[0] != "ل"
                and not self.ph.known_head(toks[j])  # بيان وزارة الدفاع: a construct
            )
            if not bare and (j > k + 1 or definite(toks[j].text) or self.ph.name_like(toks[j])):
                span = self.ph.after(toks, j)
                if span is not None and (
                    self.ph.known_head(toks[span[0]]) or self.ph.name_like(toks[span[0]])
                ):
                    nm = self._naming(toks, span)
                    return self.names.unfused(nm) if n.startswith("لل") and nm is not None else nm
        return None

    def _site_adjective(self, tok: Token) -> bool:
        """الرسمي after الحساب (not للمستشفى, whose لل reads as a definite article)."""
        n = normalize(tok.text)
        return n.startswith("ال") and (nisba(tok.text) or self.lex.has("adj", tok.text))

    def _site_owner(self, toks: list[Token], j: int) -> Naming | None:
        """للمستشفى، لوزارة الصحة at ``j``: the owner of a definite site, after its ل (للـ is
        ل + the article, so the naming starts after both letters)."""
        if j >= len(toks) or not normalize(toks[j].text).startswith("ل") or len(toks[j].text) < 4:
            return None
        t = toks[j]
        cut = 2 if normalize(t.text).startswith("لل") else 1
        head = Token(t.text[cut:], t.start + cut, t.end)
        toks = [*toks[:j], head, *toks[j + 1 :]]
        span = self.ph.after(toks, j)
        return self._naming(toks, span) if span is not None and self.ph.known_head(head) else None

    def _announcer(self, toks: list[Token], k: int) -> Naming | None:
        """يذكر أن وزارة الدفاع كانت قد أعلنت مقتل … . وجاء في البيان: a definite document no
        earlier sentence named is the statement of the body that announced something just
        before it (in the sentence before, or earlier in its own), the nearest such body."""
        if not definite(toks[k].text) or self._announcing:
            return None  # (a document subject in that sentence asks again: not twice)
        self._announcing = True
        try:
            return self._nearest_announcer(toks, k)
        finally:
            self._announcing = False

    def _nearest_announcer(self, toks: list[Token], k: int) -> Naming | None:
        own = self.sentence(toks[k].start)
        before = [s for s in self._starts if s < own.start]
        pieces: list[tuple[list[Token], int | None]] = (
            [(self.sentence(before[-1]).tokens, None)] if before else []
        )
        pieces.append((toks, k))
        found = None
        for sent, limit in pieces:
            for j, t in enumerate(sent[:limit]):
                if cue_kind(t.text, self.lex) not in ("say", "verb"):
                    continue
                subj = self._verb_subject(sent, j)
                if subj is not None and subj.is_org:
                    found = subj
        return found

    def _publisher(self, doc_tok: Token) -> Naming | None:
        """نشرت صحيفة ديلي تلغراف تقريرا … وأضاف التقرير: the subject of the sentence that
        brought the same document up earlier."""
        key = name_words(untanween(doc_tok.text))
        for s in reversed([s for s in self._starts if s < doc_tok.start]):
            toks = self.sentence(s).tokens
            docs = [
                d
                for d, t in enumerate(toks)
                if t.end <= doc_tok.start and name_words(untanween(t.text)) == key
            ]
            d = docs[0] if docs else -1
            glued = d >= 0 and d + 1 < len(toks) and normalize(toks[d + 1].text)[:1] == "ل"
            issued = d >= 0 and d + 1 < len(toks) and normalize(toks[d + 1].text) in _ISSUED_BY
            if (glued or issued) and not definite(toks[d].text):
                named = self._named_issuer(toks, d)
                if named is not None and len(named.words) > 1:
                    # بحسب بيان للديوان الملكي / دراسة أعدها مركز … وقالت الدراسة: the same one
                    return named
            if (rel := relative_issuer(toks, d)) is not None and (span := self.ph.after(toks, rel)):
                return self._naming(toks, span)  # الدراسة، التي أعلنت عنها X: X issued it
            if not docs or docs[0] < 2 or definite(toks[0].text) or self.ph.stop(toks[0]):
                continue
            span = self.ph.after(toks, 1)  # <verb> <publisher> <document>
            if span is not None and span[0] < docs[0] <= span[1] and self._naming_head(toks[span[0]]):
                return self._naming(toks, (span[0], docs[0]))
            return None
        return None
