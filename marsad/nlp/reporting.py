"""Reporting cues, word classes and speaker phrases: the word-level layer of attribution.

:func:`load_lexicon` reads ``marsad/data/quotes/cues.tsv`` (reporting cues and their kinds)
and ``words.tsv`` (word classes: roles, organisation heads, stop words, …), written by hand
from Arabic news usage. :func:`cue_kind` classifies a token as a cue; :class:`Phrases`
delimits the noun phrase that names a speaker (VSO subject, بحسب X, …) from a list of
tokens. :mod:`marsad.nlp.speakers` builds attribution on top of these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError
from ..text.normalize import normalize as _normalize
from ..text.tokens import Token

# normalising the same words again and again is most of the cost: memoise it (bounded)
normalize = lru_cache(maxsize=65536)(_normalize)

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "quotes"
CUE_KINDS = frozenset({"say", "verb", "tverb", "participle", "noun", "doc", "none"})
WORD_CLASSES = frozenset(
    {
        "role",
        "alias",  # ويعرف بـ، المسمى: the quoted words after it are a name (guideline rule 2)
        "source",  # unnamed-source nouns (مصدر، مسؤول): indefinite, a new source, never an epithet
        "group",
        "org",
        "adj",
        "media",
        "media_name",
        "appear",  # يظهر، تظهر: with في after it, "appears in", not a cue
        "envoy",  # سفير، مندوب: "لدى الأمم المتحدة" after it belongs to the phrase
        "place",  # بمنطقة "الحمدين": a quoted name of a place or a made thing follows
        "kind",  # تجربة "المشي الظريف": a member's name follows, but the word may open a quote
        "doc",
        "anaphor",
        "kin",  # والد، زوجة: a relation to someone, never an epithet for the person quoted
        "same",  # نفسه، ذاته after a noun: "the same" source or speaker as named before
        "time",
        "time_head",  # يوم، صباح، طوال: a time phrase only with a time word after it (يوم الأحد)
        "wording",  # على حد تعبير/وصف/قول X: X's words
        "stop",
        "name",
        "prep",
        "event",
        "audience",  # وسائل: لوسائل الإعلام after a name is whom it spoke to
    }
)
# A speaker phrase is rarely longer: the longest in the dev set is
# "المتحدث الرسمي باسم الأجهزة الأمنية الفلسطينية اللواء عدنان الضميري" (9 words).
MAX_PHRASE_TOKENS = 14
PRONOUNS = ("هما", "هم", "ها", "ه")
# the short vowels, tanween, shadda and sukun a word may be written with at its end
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
_RESUMPTIVE = frozenset(normalize(w) for w in ["فيه", "فيها", "خلاله", "خلالها"])
_QUOTE_MARK = re.compile('["“”«»„‟″]')


# ----------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, str]  # normalised form -> kind
    words: dict[str, frozenset[str]]  # class -> normalised forms
    # lookups are memoised: a document asks about the same few hundred words many times
    _memo: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, repr=False)
    _cue_memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    # cues written with a shadda, matched on the display form (عبّر 'expressed'), because
    # their normalised form is another word (عبر 'via')
    marked: dict[str, str] = field(default_factory=dict, compare=False)
    # role nouns naming the same relation in other words (الأم / والدة): folded form -> key
    synonyms: dict[str, str] = field(default_factory=dict, compare=False)

    def role_key(self, word: str) -> str:
        """A role word folded for comparing roles: synonyms merged (الأم / والدة), else its
        content word as :func:`marsad.nlp.naming.name_words` folds it (article and و dropped)."""
        for form in _variants(normalize(word)):
            if form in self.synonyms:
                return self.synonyms[form]
        w = normalize(word)
        if w.startswith("وال") and len(w) > 4 and not any(w in self.words[c] for c in ("role", "kin")):
            w = w[1:]  # والمتحدث → المتحدث, but والدة is a word of its own
        return w[2:] if w.startswith("ال") and len(w) > 3 else w

    def has(self, cls: str, word: str) -> bool:
        """Whether ``word`` (display form) is in word class ``cls``, with or without ال and a
        leading و. Function words match exactly (through و only): على is not the name علي."""
        key = (cls, word)
        found = self._memo.get(key)
        if found is None:
            found = self._has(cls, word)
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[key] = found
        return found

    def _has(self, cls: str, word: str) -> bool:
        forms = self.words[cls]
        if cls in _EXACT_CLASSES:
            w = _fold_keep_ya(word)
            return w in forms or (len(w) > 2 and w[0] in "وف" and w[1:] in forms)
        if any(f in forms for f in _variants(normalize(word))):
            return True
        # لكن مصدرًا بارزًا أكد: a noun in the accusative (after إن/لكن) is looked up bare
        accusative = word.endswith(("\u064bا", "ا\u064b"))
        return accusative and any(
            f in forms for f in _variants(normalize(untanween(word.replace("\u064bا", "ا"))))
        )


_EXACT_CLASSES = frozenset({"stop", "time", "prep"})
_MEMO_LIMIT = 200_000  # bounded memo: a long batch must not grow it without end


def _fold_keep_ya(word: str) -> str:
    """Normalise but keep alef maqsura apart from ya (على / علي, إلى / إلي), and alef madda
    apart from alef (the name آنا is not the pronoun أنا)."""
    kept = word.replace("ى", "\x00").replace("آ", "\x01")
    return normalize(kept).replace("\x00", "ى").replace("\x01", "آ")


def _variants(w: str) -> list[str]:
    out = [w]
    if len(w) > 3 and w[0] in "وف":
        out.append(w[1:])
    for f in list(out):
        if f.startswith("ال") and len(f) > 3:
            out.append(f[2:])
        elif len(f) > 2:
            out.append("ال" + f)
    return out


def _read_table(name: str) -> list[tuple[str, str]]:
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"quote lexicon {name} missing: {exc}") from exc
    rows = []
    for ln in text.splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        form, sep, kind = ln.partition("\t")
        if not sep:
            raise ResourceError(f"quote lexicon {name}: no tab in line {ln!r}")
        rows.append((form.strip(), kind.strip()))
    return rows


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the cue and word-class tables (raises ResourceError when missing or malformed)."""
    cues: dict[str, str] = {}
    marked: dict[str, str] = {}
    for form, kind in _read_table("cues.tsv"):
        if kind not in CUE_KINDS:
            raise ResourceError(f"cues.tsv: unknown kind {kind!r} for {form!r}")
        if "\u0651" in form:
            marked[_keep_shadda(form)] = kind
        else:
            cues[normalize(form)] = kind
    words: dict[str, set[str]] = {c: set() for c in WORD_CLASSES}
    for form, cls in _read_table("words.tsv"):
        if cls not in WORD_CLASSES:
            raise ResourceError(f"words.tsv: unknown class {cls!r} for {form!r}")
        words[cls].add(_fold_keep_ya(form) if cls in _EXACT_CLASSES else normalize(form))
    # both sides of a synonym fold to one key (the second form's), so أم, الأم and والدة meet
    synonyms = {}
    for form, same in _read_table("role_synonyms.tsv"):
        for f in (form, same):
            synonyms.update({v: normalize(same) for v in _variants(normalize(f))})
    return Lexicon(cues, {c: frozenset(v) for c, v in words.items()}, marked=marked, synonyms=synonyms)


def cue_kind(word: str, lex: Lexicon) -> str | None:
    """The cue kind of a token, looking through a leading و/ف and an object pronoun."""
    if word in lex._cue_memo:
        return lex._cue_memo[word]
    kind = _cue_kind(word, lex)
    if len(lex._cue_memo) < _MEMO_LIMIT:
        lex._cue_memo[word] = kind
    return kind


def _keep_shadda(word: str) -> str:
    return re.sub("[\u0640\u064b-\u0650\u0652]", "", word)


def _cue_kind(word: str, lex: Lexicon) -> str | None:
    marked = _keep_shadda(word)
    for f in (marked, marked[1:] if marked[:1] in "وف" else ""):
        if f in lex.marked:
            return lex.marked[f]
    w = normalize(word).rstrip("ـ")
    if lex.cues.get(w) == "none":
        return None
    forms = [w]
    if len(w) > 3 and w[0] in "وف":
        forms.append(w[1:])
    # ة folds to ه, so the pronoun is looked for in the display form: تابعة is no تابع+ه
    if not word.rstrip("ـ" + HARAKAT).endswith("ة"):
        for f in list(forms):
            for suf in PRONOUNS:
                if f.endswith(suf) and len(f) - len(suf) >= 3:
                    forms.append(f[: -len(suf)])
    for f in forms:
        kind = lex.cues.get(f)
        if kind is not None:
            return None if kind == "none" else kind
    return None


def has_object_pronoun(word: str, lex: Lexicon) -> bool:
    """وصفته، اعتبرها: the verb's subject is not after it but in its clause."""
    w = normalize(word)
    return w not in lex.cues and w[1:] not in lex.cues and w.endswith(PRONOUNS)


_IN = frozenset(normalize(w) for w in ["في", "فيه", "فيها", "فيهما", "فيهم"])


def kin_with_pronoun(word: str, lex: Lexicon) -> bool:
    """أمه، أسرتها، والدتها: a relation with a possessive pronoun (ت before it was ة)."""
    w = normalize(word)
    for suffix in PRONOUNS:
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[: -len(suffix)]
            stems = [stem, stem[:-1] + "ه"] if stem.endswith("ت") else [stem]
            return any(lex.has("kin", s) for s in stems)
    return False


def taken_from(toks: Sequence[Token], j: int) -> bool:
    """عن X، على لسان X: the words are taken from X."""
    n = normalize(toks[j].text)
    return n == "عن" or (n == normalize("لسان") and j > 0 and normalize(toks[j - 1].text) == normalize("على"))


def role_gender(text: str, is_org: bool, lex: Lexicon) -> bool | None:
    """True for a naming opening with a feminine role (الوزيرة), False for a masculine one
    (المتحدث), None with no person's role first (a name, a body). The display form decides:
    مدربه folds to a final ه like a feminine noun."""
    first = next((t for t in re.findall(r"\w+", text)), None)
    if first is None or is_org or not lex.has("role", first) or lex.has("org", first):
        return None
    return first.endswith(("ة", "ات"))


def appears_in(toks: Sequence[Token], k: int, lex: Lexicon) -> bool:
    """ويظهر فيه عنصر …، يظهر في الفيديو: a verb of showing followed by في means "appears in"
    and reports no one's words (يظهر التقرير أن is the cue)."""
    word = normalize(toks[k].text)
    if len(word) > 3 and word[0] in "وف" and not lex.has("appear", word):
        word = word[1:]
    return lex.has("appear", word) and k + 1 < len(toks) and normalize(toks[k + 1].text) in _IN


# prepositions after which a verb form with a pronoun is a masdar (من نفيه = "from his denying")
_MASDAR_PREPOSITIONS = frozenset(
    normalize(w) for w in ["من", "عن", "على", "رغم", "برغم", "بعد", "قبل", "إثر", "عقب"]
)


def circumstantial(word: str) -> bool:
    """متوعدا، مستنكرا: an indefinite accusative participle (a حال, "threatening", "decrying") says
    how someone spoke; it is never part of a name nor a subject. Only the patterns متفعّلا and
    مستفعلا: مُفعِلا and فاعلا are as often nouns and adjectives (مصدرا بارزا)."""
    n = normalize(word).rstrip("\u064b")
    if len(n) < 5 or not n.endswith("ا") or n.startswith("ال"):
        return False
    return n.startswith(("مت", "مست"))


# verbs of saying whose bare form is as often a noun (رد "reply")
_VERB_OR_NOUN = frozenset(normalize(w) for w in ["رد"])
# a clitic preposition before ت/همزة opens a masdar (بتفاعل، بإطلاق، لأداء), never a name
_CLITIC_MASDAR = ("بت", "بإ", "بأ", "لت", "لإ", "لأ")
_ON_PRONOUN = frozenset(normalize(w) for w in ["عليه", "عليها", "عليهم", "عليهما"])
_REPLY_GOVERNORS = frozenset(normalize(w) for w in ["في", "وفي", "على", "من", "إلى", "عن", "بعد", "قبل", "وبعد"])


def cue_kind_at(toks: Sequence[Token], k: int, lex: Lexicon) -> str | None:
    """The cue kind of token ``k`` in context: جاء is a document cue only as جاء في, and a
    verb of showing before في reports no one (ويظهر فيه عنصر)."""
    kind = cue_kind(toks[k].text, lex)
    after_in = k + 1 < len(toks) and normalize(toks[k + 1].text) in ("في", "فيه", "فيها")
    if (kind == "doc" and not after_in) or appears_in(toks, k, lex):
        return None
    if kind is not None and k > 0 and normalize(toks[k - 1].text) in _PARTITIVE:
        return None  # أحد أبرز الأسباب، من أبرز: an elative after 'one of', not a verb
    if (
        kind in ("say", "verb", "tverb")
        and k > 0
        and normalize(toks[k - 1].text) in _MASDAR_PREPOSITIONS
        and has_object_pronoun(toks[k].text, lex)
    ):
        return None  # بالرغم من نفيه، عن تأكيده: a masdar with its owner's pronoun, not a verb
    if kind is not None and normalize(toks[k].text) in _VERB_OR_NOUN:
        # رد: "replied" before its subject (فيما رد رئيس الوزراء), else the noun "reply,
        # return" (في رد القانون)
        # رد عليه يورغن كلوب: "replied to him" (a noun would be governed: في رد عليه)
        prev = normalize(toks[k - 1].text) if k else ""
        if k + 2 < len(toks) and normalize(toks[k + 1].text) in _ON_PRONOUN and prev not in _REPLY_GOVERNORS:
            return kind
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        if not any(lex.has(c, nxt) for c in ("role", "org", "group")):
            return None
    return kind


def untanween(word: str) -> str:
    """بياناً → بيان: an indefinite accusative (a document as object) looked up bare."""
    w = word.rstrip("\u064b")
    return w[:-1] if len(w) > 3 and w.endswith("ا") else w


def described_as(toks: Sequence[Token], end: int) -> bool:
    """Whether the phrase ending at ``end`` is followed by بأن: after a verb of describing
    (ووصفت هذه الحالات بأنها "…") that phrase is what is described, not who describes it."""
    nxt = [t for t in toks if t.start >= end][:1]
    return bool(nxt) and normalize(nxt[0].text).startswith("بان")


def relative_issuer(toks: Sequence[Token], d: int) -> int | None:
    """الدراسة، التي أعلنت عنها المكتبة الأميركية: the token where the body that issued the
    document at ``d`` is named, inside a relative clause on it (guideline rule 7)."""
    if d < 0:
        return None
    words = [k for k in range(d + 1, min(len(toks), d + 6)) if is_word(toks[k])]
    if len(words) < 3 or normalize(toks[words[0]].text) not in _RELATIVE_WORDS:
        return None
    verb, nxt = normalize(toks[words[1]].text), words[2]
    if verb not in _ISSUE_VERBS and not (verb[:-2] in _ISSUE_VERBS and verb.endswith("ها")):
        return None  # أعلنتها، نشرتها: the object pronoun is glued to the verb
    if normalize(toks[nxt].text) in ("عنها", "عنه") and len(words) > 3:
        nxt = words[3]
    return nxt


_RELATIVE_WORDS = frozenset(normalize(w) for w in ("التي", "الذي"))
_ISSUE_VERBS = frozenset(
    normalize(w) for w in ("أعلنت", "أعلن", "نشرت", "نشر", "أجرت", "أجرى", "أصدرت", "أصدر", "أعدت", "أعد")
)
# 'one of' before an elative spelt like a reporting verb (أحد أبرز، إحدى أبرز)
_PARTITIVE = frozenset(normalize(w) for w in ("أحد", "إحدى", "وأحد", "وإحدى"))


def feminine_verb(word: str, lex: Lexicon) -> bool:
    w = normalize(word)
    for p in PRONOUNS:
        stem = w[: -len(p)]
        if w.endswith("ت" + p) and len(stem) >= 4 and (stem in lex.cues or stem[1:] in lex.cues):
            w = stem  # (و)وصفته، اتهمتها: the feminine ت before an object pronoun
            break
    if len(w) > 3 and w[0] in "وف" and w not in lex.cues:
        w = w[1:]
    if w.endswith("ت") and any(w[:-1] + e in lex.cues for e in ("", "ي", "ا")):
        return True  # قالت ← قال، نفت ← نفى، دعت ← دعا (a final weak letter drops before ت)
    if w.endswith("ت") and not w.endswith("ات") and len(w) >= 4 and w in lex.cues:
        return True  # دانت، عبرت: listed feminine only, as their masculine is a name or "via"
    return w.startswith("ت") and ("ي" + w[1:]) in lex.cues  # تقول ← يقول


def looks_feminine(word: str) -> bool:
    """القوات، الحكومة: ta marbuta or a sound feminine plural."""
    return normalize(word).endswith(("ه", "ات"))


# verbal nouns of the derived verb forms, by their first letter as written: افتعال (انتهاء، ارتفاع،
# اضطراب), انفعال (انسحاب) and استفعال (استخدام) open with a bare alif, إفعال (إطلاق، إعلان) with
# hamza below; a plural of the same letters opens with hamza above (أوساط، أنصار، أصدقاء)
_DERIVED_MASDAR = re.compile(r"^(?:ا(?:ست\w\w|\w\w\w)|إ\w\w)ا\w$")


def derived_masdar(word: str) -> bool:
    """انتهاء، استخدام، إطلاق: the verbal noun of a derived verb form (an act, which never
    speaks). Names of this shape (إيمان، ابتسام) and bodies (الاتحاد، الائتلاف) are for the
    caller to rule out by what it knows of the word."""
    w = re.sub("[\u0640\u064b-\u0652]", "", word)
    w = w[1:] if len(w) > 6 and w[0] in "وف" and w[1:3] == "ال" else w
    w = w[2:] if w.startswith("ال") else w
    return bool(_DERIVED_MASDAR.match(w))


def masculine_plural(word: str) -> bool:
    """الكينيين، المسؤولون، مواطنين: a sound masculine plural (after ال or a clitic, five
    letters at least so that دين، عون stay out)."""
    n = normalize(word)
    n = n[2:] if n.startswith("ال") else n
    return len(n) >= 5 and n.endswith(("ين", "ون"))


# ----------------------------------------------------------------------------- phrases


def is_word(tok: Token) -> bool:
    """A token that starts with a letter once folded (a lone tatweel or diacritic is not)."""
    return normalize(tok.text)[:1].isalpha()


def definite(word: str) -> bool:
    """الوزير، والوزير، للوزير — not ألن، إلياس، ألم: an article's alif carries no hamza, so a
    word written with one opens with a root letter (normalising folds the two together)."""
    w = normalize(word)
    bare = word.lstrip("\u0640")
    if bare[:1] in "أإآ" or (bare[:1] in "وفبل" and bare[1:2] in "أإآ"):
        return False
    return w.startswith(("ال", "وال", "لل"))


def nisba(word: str) -> bool:
    """الروسي، الأميركية، الكوريين: relational adjectives, which extend a name."""
    w = normalize(word)
    if w.endswith("يان"):  # الأمريكيان (dual), but not البيان
        return definite(word) and len(w) - 2 >= 6
    return definite(word) and w.endswith(("ي", "يه", "يين", "يون"))


# the unit of an age in apposition (أوزيل، 29 عاما، قد أعلن)
_AGE_UNITS = frozenset(normalize(w) for w in ["عاما", "عاماً", "عام", "سنة", "سنوات"])


def without_age(toks: list[Token], start: int, j: int) -> int:
    """وكان أوزيل، 29 عاما، قد أعلن: an age in apposition (a number and its unit between
    commas) is no part of the subject phrase that ends at ``j``."""
    age = j - 3 > start and toks[j - 2].text.isdigit() and normalize(toks[j - 1].text) in _AGE_UNITS
    return j - 3 if age and toks[j - 3].text in "،," else j


def lam_document(tok: Token, lex: Lexicon) -> Token | None:
    """لبيان، لتقرير: a document noun behind a written-on ل, as a token of its own."""
    n = normalize(tok.text)
    if len(n) > 3 and n[0] == "ل" and not n.startswith(("ال", "لل")) and lex.has("doc", tok.text[1:]):
        return Token(tok.text[1:], tok.start + 1, tok.end)
    return None


def _possessed(word: str, next_word: str) -> bool:
    """تصريحاتها، اعتذاره للمحتفلين: a noun with a possessive pronoun (read from the display
    form, where ة is not ه). A bare final ه also ends names (إينجه، عبده), so it counts only
    before a preposition (اعتذاره للمحتفلين، قراره بـ…)."""
    w = word.rstrip(HARAKAT)
    if len(w) < 5 or w.endswith(("الله", "لله")):
        return False
    if w.endswith(("ها", "هم", "هما", "اته")):
        return True  # تصريحاتها، اعتذاراته: a plural noun with its pronoun
    if next_word in _PLAIN_PREPOSITIONS:
        return w.endswith("ه")  # استقالته من عضوية: a noun and its pronoun before من/عن/في
    return (
        w.endswith("ه") and next_word.startswith(("لل", "بال", "ب", "ل")) and not next_word.startswith("ال")
    )


_PLAIN_PREPOSITIONS = frozenset(normalize(w) for w in ["من", "عن", "في", "على", "إلى"])


_BELONGING = frozenset({"التابع", "التابعه", "التابعين", "التابعون"})  # folded (ة → ه)


class Phrases:
    """Noun-phrase delimiting over the tokens of one sentence of ``text``."""

    def __init__(self, lex: Lexicon, text: str):
        self.lex = lex
        self.text = text

    def stop(self, tok: Token) -> bool:
        if not (is_word(tok) or tok.text == "#"):
            return True
        lex = self.lex
        return (
            lex.has("stop", tok.text)
            or lex.has("prep", tok.text)
            or lex.has("time", tok.text)
            or cue_kind(tok.text, lex) is not None
            or tok.text.isdigit()
            or circumstantial(tok.text)
        )

    def known_head(self, tok: Token) -> bool:
        lex = self.lex
        return any(lex.has(c, tok.text) for c in ("role", "group", "org", "doc", "anaphor"))

    def name_like(self, tok: Token) -> bool:
        """A word that may be (part of) a proper name: not definite, not a function word, not
        an adverb in the accusative (مجدداً)."""
        return is_word(tok) and not definite(tok.text) and not self.stop(tok) and not tok.text.endswith("اً")

    def after(self, toks: list[Token], k: int) -> tuple[int, int] | None:
        """Token indices ``[k, j)`` of the noun phrase starting at ``k``, or None."""
        lex = self.lex
        j = k
        while j < len(toks) and normalize(toks[j].text) in _RESUMPTIVE:
            j += 1  # أعرب فيه الرئيس …
        first = j
        if first < len(toks) and self.ph_recipient(toks[first]):
            return None  # وأضاف لقناة سكاي نيوز: the medium spoken to, not the speaker
        if first < len(toks) and normalize(toks[first].text).startswith(("بال", "لل", "كال")):
            return None  # ويصفه بالبطل: a prepositional phrase, never a subject
        last_word: Token | None = None
        while j < len(toks) and j - first < MAX_PHRASE_TOKENS:
            t = toks[j]
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            if j > first and _QUOTE_MARK.search(self.text, toks[j - 1].end, t.start):
                break  # a phrase never runs across a (blanked) quote
            if t.text in "،,":
                while nxt is not None and nxt.text in "،," and j + 2 < len(toks):
                    j += 1  # أمين محفوظ،، أستاذ القانون: a doubled comma is one
                    nxt = toks[j + 1]
                # an appositive continues a name: "رئيس اللجنة، دومينيك غريف"
                if last_word is None or nxt is None:
                    break
                if not (self.name_like(nxt) or lex.has("role", nxt.text) or nxt.text == "#"):
                    break
                if nxt.text[:2] in _CLITIC_MASDAR and not self.known_head(nxt):
                    break  # أحمد مناصرة، بتفاعل كبير: a prepositional phrase, not an apposition
                if self._clause_after_comma(nxt):
                    break  # من النواب، وجّه النائب: a و-word after a comma opens a clause
                if not self._titled(toks, first, j) and not (lex.has("role", nxt.text) or definite(nxt.text)):
                    # كما تقول سمية، جعل الرحلات: after a bare name an apposition is a title or a
                    # definite description (سمية، الناشطة الكويتية); any other word opens a clause
                    break
                j += 1
                continue
            if (
                t.text in "-_"
                and last_word is not None
                and nxt is not None
                and t.start == last_word.end
                and nxt.start == t.end
            ):
                j += 1  # اوي-يونغ
                continue
            if t.text == "#":
                j += 1
                continue
            if last_word is not None and not definite(t.text) and lex.has("doc", untanween(t.text)):
                break  # كتبت الممثلة تغريدة: a document put out, the verb's object, ends the phrase
            if last_word is not None and self.ph_recipient(t):
                break  # وقال السفير لمحطة التلفزيون: the medium spoken to, after the speaker
            n = normalize(t.text)
            if n == "في" and last_word is not None and nxt is not None and lex.has("org", nxt.text):
                last_word = t  # أستاذة الاقتصاد في جامعة بريستول
                j += 1
                continue
            if n == "بين" and last_word is not None and self._between_in_title(toks, j, first):
                last_word = t  # وزيرة شؤون المساواة بين الجنسين مارلين شيابا: part of the title
                j += 1
                continue
            if n == "من" and last_word is not None and nxt is not None and self._from_inside(toks, j, first):
                last_word = t  # مصادر من داخل المجلس الأهلي، مسؤول من وزارة الخارجية
                j += 1
                continue
            if n == normalize("داخل") and last_word is not None and normalize(last_word.text) == "من":
                last_word = t
                j += 1
                continue
            if (
                n == normalize("لدى")
                and last_word is not None
                and nxt is not None
                and lex.has("envoy", toks[first].text)
                and definite(nxt.text)
                and not normalize(nxt.text).endswith(PRONOUNS)  # not "لدى ترؤسه"
            ):
                # السفير السعودي لدى الولايات المتحدة: where an envoy serves, so that the role
                # said again finds the named holder. Not after other roles (مسؤول … لدى هيومن
                # رايتس ووتش: the body speaks for itself), nor before an indefinite place
                # (سفير روسيا لدى أستراليا): both cost speakers on the checked sets
                last_word = t
                j += 1
                continue
            if n in _BELONGING and last_word is not None and nxt is not None and normalize(nxt.text)[:1] == "ل":
                # المكتب الإعلامي التابع لوزارة الخارجية الروسية: the body it belongs to is part of
                # the name — the ل-word and the definite words of its construct, then the phrase ends
                j += 2
                while j < len(toks) and j - first < MAX_PHRASE_TOKENS and is_word(toks[j]) and definite(toks[j].text):
                    j += 1
                last_word = toks[j - 1]
                break
            if n == "باسم" and last_word is not None:
                last_word = t  # المتحدث باسم الرئاسة: a genitive follows
                j += 1
                continue
            if self.stop(t) or not is_word(t) or n in ("ل", "ب", "و", "ف"):
                break  # "لـ" "بـ": a clitic written apart
            if last_word is not None and self._audience_after(t, last_word, toks[first]):
                break  # وقالت الشرطة لوسائل الإعلام: whom it spoke to, not more of the name
            if last_word is not None and not self._continues(toks, j, last_word, toks[first]):
                break
            last_word = t
            j += 1
        end = j
        while end > first and not is_word(toks[end - 1]):
            end -= 1
        return (first, end) if end > first else None

    def lam_known(self, tok: Token) -> bool:
        """لوسائل، لوزارة: ل written on an indefinite role, group or body noun (after a verb,
        whom the words went to: وتحدثت لوسائل الإعلام)."""
        n = normalize(tok.text)
        if len(n) < 5 or n[0] != "ل" or n.startswith(("ال", "لل")):
            return False
        return self.known_head(Token(tok.text[1:], tok.start + 1, tok.end))

    def _titled(self, toks: Sequence[Token], first: int, j: int) -> bool:
        """Does the phrase ``toks[first:j]`` hold more than a bare name: a known head (a role,
        a body, a document) or a role word anywhere in it?"""
        words = [t.text for t in toks[first:j]]
        # (للسفير الروسي: the role after a preposition's clitic, لل → ال)
        bare = ["ال" + w[2:] if w.startswith("لل") else w[1:] if w[:1] in "لب" else w for w in words]
        return self.known_head(toks[first]) or any(self.lex.has("role", w) for w in words + bare)

    def _clause_after_comma(self, tok: Token) -> bool:
        """وجّه، وقال after a comma: a و-word that is neither a given name (وليد) nor a role
        with its article (والمتحدث) is the verb of the next clause, not an apposition."""
        n = normalize(tok.text)
        return n[:1] == "و" and not definite(tok.text) and not self.lex.has("name", tok.text)

    def _between_in_title(self, toks: Sequence[Token], j: int, first: int) -> bool:
        """بين + one definite word inside a role title, when a name follows the title (so
        that التعاون بين البلدين never joins a speaker phrase)."""
        if j + 2 >= len(toks) or not self.lex.has("role", toks[first].text):
            return False
        return definite(toks[j + 1].text) and self.name_like(toks[j + 2])

    def _from_inside(self, toks: list[Token], j: int, first: int) -> bool:
        """مصادر من (داخل) المجلس: after a role or group head, من + a body says where the
        speaker comes from (not where the words went, as in نقلا عن)."""
        lex = self.lex
        if not (lex.has("role", toks[first].text) or lex.has("group", toks[first].text)):
            return False
        k = j + 1
        if k < len(toks) and normalize(toks[k].text) == normalize("داخل"):
            k += 1
        return k < len(toks) and lex.has("org", toks[k].text)

    def _org_lam_genitive(self, toks: list[Token], j: int) -> bool:
        """لكرة القدم، لحقوق الإنسان after an organisation's head: part of its name (not the
        medium spoken to, لوكالة …، nor a phrase with no definite noun after it)."""
        n = normalize(toks[j].text)
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if not n.startswith("ل") or n.startswith("لل") or len(n) < 4 or nxt is None or not definite(nxt.text):
            return False
        rest = n[1:]
        return not any(r in self.lex.words[c] for r in (rest, "ال" + rest) for c in ("media", "media_name"))

    def _ends_naming(self, toks: list[Token], j: int) -> bool:
        """علي ولايتي، الخميس / دانا وايت، المتحدثة: a و-word followed by a comma, a time word
        or the end is the last word of a name; a verb would go on to its object."""
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return nxt is None or nxt.text in "،," or self.lex.has("time", nxt.text)

    def _audience_after(self, tok: Token, last: Token, head: Token) -> bool:
        """ل + a medium after a name or a body (الشرطة لوسائل الإعلام، خليل لصحيفة محلية) is
        the audience. After a role, or a role and its adjective, it is the role's genitive
        (مراسل لقناة، المراسل الخاص لصحيفة)."""
        if self.lex.has("role", last.text):
            return False
        if self.lex.has("role", head.text) and (self.lex.has("adj", last.text) or nisba(last.text)):
            return False
        n = normalize(tok.text)
        if n.startswith(("ال", "لل")) or len(n) < 5 or n[0] != "ل":
            return self.ph_recipient(tok) and n.startswith("لل")
        return self.ph_recipient(tok) or n[1:] in self.lex.words["audience"]

    def ph_recipient(self, tok: Token) -> bool:
        n = normalize(tok.text)
        if not n.startswith("ل") or n.startswith("ال") or len(n) < 3:
            return False
        rest = n[2:] if n.startswith("لل") else n[1:]
        return any(
            rest in self.lex.words[c] or "ال" + rest in self.lex.words[c] for c in ("media", "media_name")
        )

    def _continues(self, toks: list[Token], j: int, last: Token, head: Token) -> bool:
        """Whether token ``j`` still belongs to the phrase whose first word is ``head``
        and last word is ``last``."""
        t, lex = toks[j], self.lex
        n = normalize(t.text)
        accusative = ("\u064b", "\u064bا", "ا\u064b")
        if t.text.endswith(accusative) and not (last.text.endswith(accusative) and self.known_head(head)):
            # أصدر النائب العام بياناً: an indefinite accusative is an object (but لكن مصدرًا
            # بارزًا: an adjective agreeing with an accusative head)
            return False
        if definite(last.text) and n.endswith("ا") and lex.has("doc", n[:-1]):
            return False  # أصدر المدعي العام بيانا: a document (accusative) is the object
        if (
            n[:1] in "بك"
            and len(n) > 3
            and self.name_like(last)
            and not self.known_head(last)
            and (self.known_head(Token(t.text[1:], t.start + 1, t.end)) or lex.has("media", t.text[1:]))
        ):
            return False  # جوزيف كارتر | بالوزير، سويفت | بموقع إنستغرام: a preposition
        if not definite(t.text) and definite(last.text) and lex.has("org", head.text):
            # مجلس حقوق الإنسان | كلف …: an organisation's name ends at its genitive, unless a
            # ل-genitive goes on with a definite noun (الاتحاد الجزائري لكرة القدم)
            return self._org_lam_genitive(toks, j)
        if (
            n[0] == "و"
            and len(n) >= 4
            and not definite(t.text)
            and not self.known_head(t)
            and not lex.has("name", t.text)
            and self.name_like(last)
            and not self.known_head(last)
            and not self._ends_naming(toks, j)
        ):
            return False  # دونالد ترامب | وافق: a و-word after a name is the next clause's verb
        after_comma = toks[j - 1].text in "،,"
        if (
            n.startswith("وال")
            and (self.known_head(t) or nisba(t.text))
            and self.name_like(last)
            and not self.known_head(last)
        ):
            return False  # النجمة أحلام | والنجم العراقي، عبدالله الحواس | والأجهزة: a second one
        if self.name_like(last) and not self.known_head(last) and not after_comma:
            nxt_n = normalize(toks[j + 1].text) if j + 1 < len(toks) else ""
            if _possessed(t.text, nxt_n):
                return False  # وقدم بيزاو | اعتذاره، المغنية تايلور سويفت | صمتها: no possessive
        name_then_lil = n.startswith("لل") and not lex.has("role", t.text)
        bare_role = last is head and definite(head.text) and lex.has("role", head.text)
        if name_then_lil and bare_role:
            # وتطرق الرئيس | للحديث، وقالت الضحية | للشرطة: a bare definite role takes no
            # ل-genitive (a body's is said مدير الشركة): what follows is the verb's
            return False
        if name_then_lil and self.name_like(last) and not self.known_head(head) and not after_comma:
            return False  # وبدأ خامنئي | للإجابة: a prepositional phrase after a name
        if n.startswith("ل") and not n.startswith("ال") and len(n) > 2:
            rest = n[2:] if n.startswith("لل") else n[1:]
            media = any(r in lex.words[c] for r in (rest, "ال" + rest) for c in ("media", "media_name"))
            if after_comma or media:
                return False  # "…، لبي بي سي"، "لوكالة فرانس برس": the medium spoken to
            if n.startswith("لل") and rest in {normalize(w) for w in ("صحفيين", "صحافيين")}:
                return False
            indefinite = not n.startswith("لل")  # للعمال may be an organisation's genitive
            if (
                indefinite
                and not lex.has("org", head.text)
                and any(lex.has("group", r) for r in (rest, "ال" + rest))
            ):
                return False  # المتحدث باسم السفارة | لوسائل الإعلام: the people spoken to
        if n in lex.words["media_name"] and toks[j - 1].text in ("لـ", "ل"):
            return False
        if after_comma:
            nxt_n = normalize(toks[j + 1].text) if j + 1 < len(toks) else ""
            if _possessed(t.text, nxt_n):
                return False  # خالد علي، استقالته من عضوية: the object, not an appositive
            return self.name_like(t) or lex.has("role", t.text)
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if (
            n[0] in "بل"
            and nxt is not None
            and definite(nxt.text)
            and not definite(t.text)
            and self.name_like(last)
            and not self.known_head(last)
            and not (lex.has("name", t.text) or self.known_head(t))
        ):
            return False  # وأشاد بوتين | بفشل الهجوم: a preposition + construct after a name
        if (
            t.text[:2] in _CLITIC_MASDAR
            and self.name_like(last)
            and not self.known_head(last)
            and not self.known_head(t)
        ):
            # طالب الرئيس دونالد ترامب | بإطلاق سراح، أشاد | بأداء: a hamza never follows
            # a clitic preposition inside a name, it opens a masdar or أن
            return False
        if definite(t.text) and definite(last.text) and not normalize(t.text).startswith(("وال", "لل")):
            # الوكالة الرسمية العمليات: a definite noun after a definite head starts the object
            return nisba(t.text) or lex.has("adj", t.text) or lex.has("role", t.text)
        return True
