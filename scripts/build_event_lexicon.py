"""Compile the event-coding lexicons under ``marsad/data/events/`` from ../shared/events.

Run from the repo root: ``python scripts/build_event_lexicon.py`` (re-run after editing
``marsad/data/events/supplement.tsv`` or ``roles_supplement.tsv``). It takes minutes: the event
filter is trained with 5-fold cross-validation; ``--keep-filter`` skips that while iterating,
``--filter-only`` retrains only the filter on the lexicon files as they are.

Sources (all MIT, UniversalPetrarch / OEDA / PLOVER):

* ``supplement.tsv`` (hand-written, in this repo) — the trigger verbs and verbal nouns. The
  Arabic CAMEO verb dictionary ``universalpetrarch_arabic/CAMEO.ar.0.5.txt`` is NOT used for
  bare triggers: it is a machine translation of WordNet synsets whose stem codes are mostly
  wrong for news (audit of its coded stems, 2026-11: أعرب/عبر → 140 PROTEST, أكد/دعم → 16
  SANCTION, هجم → 12 REJECT, ظهر/بدا → 190 ASSAULT), and its verb patterns need complements
  PETRARCH's parser supplies. Including its 10k forms cost ~30 points of ASSAULT/PROTEST
  precision on oeda_dev. Every supplement code is checked against ``CAMEO.eventcodes.txt``.
* ``mention_cues.tsv`` (hand-written, in this repo, read as is by the lexicon, not compiled): the
  grammar cues that a trigger mentions an act rather than reports it, and the objects or
  following words that tell a trigger's word sense; its ``object:``/``sense:`` rows name a
  supplement row, which is why ``triggers.tsv``'s origin column keeps that row.
* ``universalpetrarch_arabic/agents.all.ar.txt`` — agent nouns → CAMEO role codes.
* ``universalpetrarch_arabic/actor_dict_ar_v4.txt`` — lemmatised actor names → country codes;
  nisba adjectives (أميركي، روسي) are harvested from the multi-word lemmas, and named actors
  (people, organisations) with their latest country+role code go to ``actors.tsv``.
* ``plover/CAMEO2PLOVER-2021.txt`` — CAMEO code → PLOVER event type, with the corrections of
  ``cameo2plover_supplement.tsv`` (each row says which manual passage it follows).
* ``ngec/countries.csv``, CLDR's alpha-3 codes (``babel``) and CAMEO's own country list
  ``petrarch2_dicts/Phoenix.Countries.actors.txt`` (KSV mapped to XKX with ``countrynames``) —
  the codes that are countries, so that none of them is taken for a role.
* ``actors_supplement.tsv`` (hand-written) — phrases that need both a country and a role
  (كتائب الأقصى → PSE REB), which a ``countries_supplement.tsv`` row cannot give.

Outputs (TSV, UTF-8, keys already folded with :func:`marsad.text.normalize.normalize`):
``triggers.tsv`` (form, cameo, pos, origin = supplement:<its supplement row>), ``cameo2plover.tsv`` (cameo, plover, mode),
``roles.tsv`` (phrase, role, origin), ``countries.tsv`` (phrase, iso3, origin),
``actors.tsv`` (phrase, iso3, role).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.text.normalize import normalize  # noqa: E402

SHARED = ROOT.parent / "shared" / "events"
OUT = ROOT / "marsad" / "data" / "events"

_CODE_RE = re.compile(r"\[(\d{2,4})\]")
_ARABIC_RE = re.compile(r"^[\u0621-\u064A]+$")
_DIACRITICS_RE = re.compile(r"[\u064B-\u065F\u0670]")


def fold(text: str) -> str:
    return " ".join(normalize(_DIACRITICS_RE.sub("", text)).split())


def strip_al(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


# ---------------------------------------------------------------- verb inflection

# Subject suffixes only: object pronouns (ه، ها، هم) are peeled at match time, and a verb + ه
# written out here would collide with the ة-noun of the same letters (سيطره = سيطرة).
_PAST_SUFFIXES = ("", "ت", "وا", "تا", "ا", "ن", "نا", "تم")
_PRESENT_PREFIXES = ("ي", "ت", "ن")
_PRESENT_SUFFIXES = ("", "ون", "ان", "ين", "وا")


def verb_forms(past: str, present: str | None = None) -> set[str]:
    """Surface forms of a verb without proclitics (و، ف، س are stripped at match time).

    ``present`` is the imperfect stem without its prefix (قتل → يقتل: قتل; اعتقل → يعتقل:
    عتقل). When absent it is guessed: a leading ا of derived forms VII–X drops.
    """
    past = fold(past)
    if " " in past:  # a verb with its object: أطلق النار
        head, rest = past.split(" ", 1)
        return {f + " " + rest for f in verb_forms(head, present)}
    if present is None:
        present = past[1:] if past.startswith("ا") and len(past) > 3 else past
    present = fold(present)
    forms = {past + s for s in _PAST_SUFFIXES}
    if past[-1] in "اي":  # defective verbs: دعا → دعت، دعوا; نفى → نفت، نفوا
        forms |= {past[:-1] + "ت", past[:-1] + "وا", past[:-1] + "تا"}
    forms |= {p + present + s for p in _PRESENT_PREFIXES for s in _PRESENT_SUFFIXES}
    return forms


def noun_forms(noun: str) -> set[str]:
    """The noun, its feminine plural, and the adverbial accusative (احتجاجاً → احتجاجا)."""
    noun = fold(noun)
    if noun.endswith("ه"):
        return {noun, noun[:-1] + "ات"}
    return {noun} if " " in noun else {noun, noun + "ا"}


# ---------------------------------------------------------------- CAMEO → PLOVER


def read_cameo2plover() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for line in (SHARED / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if m:
            table[m.group(1)] = (m.group(2), (m.group(3) or "").strip())
    return table


# ---------------------------------------------------------------- CAMEO codes


def read_cameo_codes() -> set[str]:
    """Every code of the CAMEO event codebook; a supplement code outside it is a typo."""
    path = SHARED / "CAMEO.eventcodes.txt"
    return {
        row[0]
        for row in (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:])
        if row[0]
    }


def read_supplement(codes: set[str]) -> tuple[dict[str, tuple[str, str, str]], set[str]]:
    """Hand-curated triggers. Columns: kind, form, present-stem, cameo.

    ``stop`` rows are the exclusion list: a written form that in news is usually another word
    (الاثنين "Monday" is also أثنى + ن) is dropped while the entry's other forms stay; with
    ``verb`` in the third column every form of that verb is dropped.

    ``vform`` rows are single written forms of a verb (past forms whose present is another word:
    أغارت, but يغير "changes"); ``form`` rows single forms of a noun.

    Values are (cameo, pos, row): pos V for verbs, N for nouns and participles; row is the
    supplement form the entry comes from (its lemma), which ``mention_cues.tsv`` names when a
    verb needs an object to be that event (أرسل قوات, not أرسل رسالة)."""
    triggers: dict[str, tuple[str, str, str]] = {}
    stop: set[str] = set()
    for row in _tsv(OUT / "supplement.tsv"):
        kind, form, present, code = [*row, "", "", "", ""][:4]
        if kind != "stop" and code not in codes:
            raise SystemExit(f"supplement.tsv: {form!r} has CAMEO code {code!r}, not in CAMEO.eventcodes.txt")
        if kind == "stop":
            stop |= verb_forms(form) if present == "verb" else {fold(form)}
        elif kind == "verb":
            for f in verb_forms(form, present or None):
                triggers[f] = (code, "V", fold(form))
        elif kind == "noun":
            for f in noun_forms(form):
                triggers[f] = (code, "N", fold(form))
        elif kind == "form":
            triggers[fold(form)] = (code, "N", fold(form))
        elif kind == "vform":  # one written form of a verb (أغارت): its subject follows it
            triggers[fold(form)] = (code, "V", fold(form))
    return triggers, stop


def _tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


# ---------------------------------------------------------------- roles and countries


def read_agents() -> dict[str, str]:
    out: dict[str, str] = {}
    path = SHARED / "universalpetrarch_arabic" / "agents.all.ar.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^[^#\[]*\[~([A-Z]{3})[A-Z]*\]\s*(.*)$", line)
        if not m:
            continue
        role, arabic = m.group(1), m.group(2).split("#")[0]
        for phrase in re.split(r"[-—/،,]", arabic):
            words = [strip_al(w) for w in fold(phrase).split()]
            if 1 <= len(words) <= 4 and all(_ARABIC_RE.match(w) for w in words):
                out.setdefault(" ".join(words), role)
    return out


def read_countries() -> dict[str, str]:
    iso3 = {r["CCA3"] for r in csv.DictReader((SHARED / "ngec" / "countries.csv").open(encoding="utf-8"))}
    names: dict[str, str] = {}
    nisba_votes: dict[str, Counter[str]] = defaultdict(Counter)
    path = SHARED / "universalpetrarch_arabic" / "actor_dict_ar_v4.txt"
    name: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^\s*\[([A-Z]{3})", line) if line[0].isspace() else None
        if m and name is not None:
            _add_country(name, m.group(1), iso3, names, nisba_votes)
            name = None
            continue
        if line[0].isspace() and not line.strip().startswith("["):
            continue
        head = line.split("[")[0].strip()
        name = head.replace("_", " ").strip()
        m = re.search(r"\[([A-Z]{3})", line)
        if m:
            _add_country(name, m.group(1), iso3, names, nisba_votes)
            name = None
    for word, votes in nisba_votes.items():
        code, n = votes.most_common(1)[0]
        # a nisba must be seen at least twice and point at one country (>=80% of its uses)
        if n >= 2 and n >= 0.8 * sum(votes.values()):
            names.setdefault(word, code)
    return names


def _add_country(
    name: str, code: str, iso3: set[str], names: dict[str, str], nisba: dict[str, Counter[str]]
) -> None:
    if code not in iso3:
        return
    words = [strip_al(w) for w in fold(name).split()]
    if not words or not all(_ARABIC_RE.match(w) for w in words):
        return
    if len(words) == 1 and len(words[0]) >= 3:
        names.setdefault(words[0], code)
    elif len(words) <= 3:
        for w in words:
            if w.endswith("ي") and len(w) >= 4:
                nisba[w][code] += 1


def country_codes() -> dict[str, str]:
    """Every code the actor dictionary may open with a country → its ISO alpha-3 code.

    ``ngec/countries.csv`` lacks South Sudan, Western Sahara and the dependencies (SSD, ESH,
    GUF, REU, GUM, SHN), whose codes were read as roles (جنوب السودان → role SSD). The ISO
    list is CLDR's, through babel (its territory aliases map every alpha-3 code to alpha-2);
    CAMEO's own country codes come from its country dictionary ``Phoenix.Countries.actors.txt``,
    whose few non-ISO ones (KSV "using World Bank code-No ISO") are mapped to ISO by their
    English name with countrynames (KOSOVO → XKX, the KB's code)."""
    from babel.core import get_global
    from countrynames import to_code_3

    codes = {c: c for c in get_global("territory_aliases") if len(c) == 3 and c.isalpha()}
    # ngec's CAMEO pseudo-countries (EUR, UNO…) stay countries, as they always were here
    for row in csv.DictReader((SHARED / "ngec" / "countries.csv").open(encoding="utf-8")):
        codes.setdefault(row["CCA3"], row["CCA3"])
    path = SHARED / "petrarch2_dicts" / "Phoenix.Countries.actors.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Z][A-Z_]*)\s*\[([A-Z]{3})\]", line)
        if m and m.group(2) not in codes:
            iso = to_code_3(m.group(1).replace("_", " ").strip())
            if iso:
                codes[m.group(2)] = iso
    return codes


_PERIOD_RE = re.compile(r"^\[~?([A-Z]{3,})\s*(?:(\d{8})?\s*-\s*(\d{8})|>\s*(\d{8})|<\s*(\d{8}))?\s*\]")
UNTIL_NOW = "18000101"  # the dictionary's end date for "still holds"


def _code(iso3: dict[str, str], code: str) -> tuple[str, str]:
    """CAMEO actor code → (iso3 or "", first role or "")."""
    chunks = [code[i : i + 3] for i in range(0, len(code) - 2, 3)]
    country = iso3.get(chunks[0], "")
    roles = chunks[1:] if country else chunks
    return country, roles[0] if roles else ""


def _periods(iso3: dict[str, str], codes: list[str]) -> str:
    """The dated codes of a name as ``start-end:ISO:ROLE`` joined by ``|`` (YYYYMMDD, open ends
    00000000 / 99999999): PETRARCH codes an actor by the story's date (Bush is USAGOV from
    2001-01-20 to 2009-01-20, USAELI after), and so does marsad when the article has one."""
    out = []
    for c in codes:
        m = _PERIOD_RE.match(c)
        if not m or not any(m.groups()[1:]):
            continue
        start = m.group(2) or m.group(4) or "00000000"
        end = m.group(3) or m.group(5) or "99999999"
        end = "99999999" if end == UNTIL_NOW or m.group(4) else end
        country, role = _code(iso3, m.group(1))
        if country or role:
            out.append(f"{start}-{end}:{country}:{role}")
    return "|".join(out)


def read_actors() -> dict[str, tuple[str, str, str]]:
    """Named actors (multi-word lemmas and people) → (iso3 or "", role or "", dated codes).

    A name listed with several dated codes keeps the open-ended one (``>date`` or an end of
    ``18000101``, the dictionary's "until now"), else the last listed, as its undated default;
    all of them go to the third field (:func:`_periods`)."""
    iso3 = country_codes()
    ngec = csv.DictReader((SHARED / "ngec" / "countries.csv").open(encoding="utf-8"))
    in_countries_tsv = {r["CCA3"] for r in ngec}  # the codes read_countries keeps
    path = SHARED / "universalpetrarch_arabic" / "actor_dict_ar_v4.txt"
    entries: dict[str, list[str]] = defaultdict(list)
    name: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        stripped = body.strip()
        if stripped.startswith("["):
            if name is not None:
                entries[name].append(stripped)
            continue
        name = fold(stripped.split("[")[0].replace("_", " "))
        if "[" in stripped:
            entries[name].append(stripped[stripped.index("[") :])
    out: dict[str, tuple[str, str]] = {}
    for raw_name, codes in entries.items():
        words = [strip_al(w) for w in raw_name.split()]
        if not (1 <= len(words) <= 4) or not all(_ARABIC_RE.match(w) for w in words):
            continue
        current = next((c for c in codes if ">" in c or "-18000101" in c), codes[-1])
        m = re.match(r"\[~?([A-Z]{3,})", current)
        if not m:
            continue
        country, role = _code(iso3, m.group(1))
        if len(words) == 1 and not role and m.group(1)[:3] in in_countries_tsv:
            continue  # bare country names are countries.tsv's business (read_countries: ngec codes)
        out.setdefault(" ".join(words), (country, role, _periods(iso3, codes)))
    out.update({k: (c, r, "") for k, (c, r) in read_actors_supplement(set(iso3.values())).items()})
    return out


def read_actors_supplement(countries: set[str]) -> dict[str, tuple[str, str]]:
    """``actors_supplement.tsv``: hand-written actors with both a country and a role, which
    override the dictionary. A phrase that countries_supplement.tsv also lists would lose its
    role at load time (a supplement country row is the bare state), so that is an error."""
    in_countries = {
        " ".join(strip_al(w) for w in fold(phrase).split())
        for row in _tsv(OUT / "countries_supplement.tsv")
        for phrase in row[0].split("|")
    }
    out: dict[str, tuple[str, str]] = {}
    for row in _tsv(OUT / "actors_supplement.tsv"):
        phrase, country, role = row[0], row[1], row[2]
        if country not in countries or not re.fullmatch(r"[A-Z]{3}", role):
            raise ValueError(f"actors_supplement.tsv: bad country or role in {row}")
        for alt in phrase.split("|"):
            key = " ".join(strip_al(w) for w in fold(alt).split())
            if key in in_countries:
                raise ValueError(f"actors_supplement.tsv: {alt} is in countries_supplement.tsv too")
            out[key] = (country, role)
    return out


def function_words() -> set[str]:
    """Prepositions and function words (context_words.tsv): an actor phrase that begins or ends
    with one is a lemmatisation accident of the source dictionaries (كيسنجر الذي، في → MIL)."""
    words: set[str] = set()
    for row in _tsv(OUT / "context_words.tsv"):
        if row[1] in ("preposition", "function", "negation", "at"):
            words.add(fold(row[0]))
    return words


def _clean(table: dict[str, tuple[str, ...]], stop: set[str]) -> dict[str, tuple[str, ...]]:
    return {p: v for p, v in table.items() if p.split()[0] not in stop and p.split()[-1] not in stop}


# ---------------------------------------------------------------- event filter


def build_event_filter() -> list[tuple[str, str, str]]:
    """Train the filter per type on oeda_dev with the pipeline it runs in (entities when they
    can be built, then events). L2 and threshold are chosen by document-grouped 5-fold CV on
    all rows; the figures written with the model (``__cv_*``) come from a nested run instead —
    both chosen inside each training fold, see ``marsad.nlp.event_training`` — because the
    figures at a choice made on the scored folds flatter it."""
    from marsad.nlp.event_eval import (
        cross_validated_detection,
        default_pipeline,
        detection_rows,
        training_rows,
    )
    from marsad.nlp.event_lexicon import EventFilter, EventLexicon
    from marsad.nlp.event_training import choose, document_of, fit_logistic
    from marsad.nlp.events import EventStage

    pipe = default_pipeline()
    # candidates must come from the freshly built lexicon and no filter: swap the stage
    pipe.stages = [
        (n, EventStage(EventLexicon.from_disk(OUT), EventFilter({}, {}, {}))) if n == "events" else (n, s)
        for n, s in pipe.stages
    ]
    rows: list[tuple[str, str, str]] = []
    for path in sorted((SHARED / "oeda_dev").glob("*_detection.csv")):
        event_type = path.name.split("_")[0].upper()
        labelled, _ = detection_rows(path, pipe)
        typed = [r for r in labelled if r.event_type == event_type]
        cands = training_rows(typed)
        feats = [r.features or [] for r in cands]
        labels = [r.gold for r in cands]
        positives = sum(r.gold for r in typed)
        choice = choose(feats, labels, [document_of(r.sentence_id) for r in cands], positives)
        model = fit_logistic(feats, labels, choice.l2)
        cv = cross_validated_detection(typed, EventFilter({}, {event_type: 0.0}, {event_type: 0.5}))[event_type]
        print(
            f"filter {event_type}: {len(labels)} candidates, stages {pipe.names}, l2 {choice.l2}, "
            f"threshold {choice.threshold}; nested document-grouped 5-fold P {cv.precision:.3f} "
            f"R {cv.recall:.3f} F1 {cv.f1:.3f}"
        )
        rows += [
            (event_type, "__bias__", f"{model.bias}"),
            (event_type, "__threshold__", f"{choice.threshold}"),
            (event_type, "__l2__", f"{choice.l2}"),
        ]
        rows += [(event_type, f"__cv_{k}__", f"{getattr(cv, k):.3f}") for k in ("precision", "recall", "f1")]
        rows += [(event_type, f, f"{w}") for f, w in model.weights.items()]
    return rows


# ---------------------------------------------------------------- main


def write_tsv(path: Path, header: str, rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header + "\n")
        for row in sorted(rows):
            fh.write("\t".join(row) + "\n")


def write_event_filter() -> None:
    prov = "# built by scripts/build_event_lexicon.py from ../shared/events ({}); do not edit"
    write_tsv(
        OUT / "event_filter.tsv",
        prov.format("oeda_dev/*_detection.csv, logistic model, see build_event_filter")
        + "\n# type\tfeature\tweight",
        build_event_filter(),
    )


def main() -> None:
    if "--filter-only" in sys.argv:  # retrain the filter on the lexicon files as they are
        write_event_filter()
        return
    c2p = read_cameo2plover()
    for row in _tsv(OUT / "cameo2plover_supplement.tsv"):
        c2p[row[0]] = (row[1], row[2])
    prov = "# built by scripts/build_event_lexicon.py from ../shared/events ({}); do not edit"
    write_tsv(
        OUT / "cameo2plover.tsv",
        prov.format("plover/CAMEO2PLOVER-2021.txt"),
        [(code, t, mode) for code, (t, mode) in c2p.items()],
    )
    supp, stop = read_supplement(read_cameo_codes())
    triggers = {f: (c, pos, f"supplement:{row}") for f, (c, pos, row) in supp.items() if f not in stop}
    write_tsv(
        OUT / "triggers.tsv",
        prov.format("supplement.tsv, codes checked against CAMEO.eventcodes.txt")
        + "\n# form\tcameo\tpos\torigin",
        [(f, c, pos, o) for f, (c, pos, o) in triggers.items()],
    )
    roles = {p: (r, "agents") for p, r in read_agents().items()}
    not_actors: set[str] = set()
    for row in _tsv(OUT / "roles_supplement.tsv"):
        for phrase in row[0].split("|"):
            key = " ".join(strip_al(w) for w in fold(phrase).split())
            if row[1] == "-":  # a mistranslated agent: مصدر "exporter" is a news source (BUS)
                roles.pop(key, None)
                not_actors.add(key)
            else:
                roles[key] = (row[1], "supplement")
    fwords = function_words()
    roles = _clean(roles, fwords)  # type: ignore[assignment]
    write_tsv(
        OUT / "roles.tsv",
        prov.format("agents.all.ar.txt + roles_supplement.tsv"),
        [(p, r, o) for p, (r, o) in roles.items()],
    )
    countries = {p: (c, "actors") for p, c in read_countries().items()}
    for row in _tsv(OUT / "countries_supplement.tsv"):
        for phrase in row[0].split("|"):
            key = " ".join(strip_al(w) for w in fold(phrase).split())
            if row[1] == "-":  # a common noun the actor dictionary gave a country (المدينة → SAU)
                countries.pop(key, None)
            else:
                countries[key] = (row[1], "supplement")
    countries = _clean(countries, fwords)  # type: ignore[assignment]
    write_tsv(
        OUT / "countries.tsv",
        prov.format("actor_dict_ar_v4.txt + countries_supplement.tsv"),
        [(p, c, o) for p, (c, o) in countries.items()],
    )
    actors = _clean(read_actors(), fwords)  # type: ignore[assignment]
    actors = {p: v for p, v in actors.items() if p not in not_actors}
    write_tsv(
        OUT / "actors.tsv",
        prov.format("actor_dict_ar_v4.txt") + "\n# phrase\tiso3\trole\tperiods (start-end:iso3:role|…, by date)",
        [(p, c, r, d) for p, (c, r, d) in actors.items()],
    )
    if "--keep-filter" in sys.argv:  # quick lexicon edits; the filter's features may drift
        print("event_filter.tsv kept as is (--keep-filter)")
    else:
        write_event_filter()
    print(
        f"triggers {len(triggers)}, roles {len(roles)}, countries {len(countries)}, "
        f"actors {len(actors)}, cameo codes {len(c2p)}"
    )


if __name__ == "__main__":
    main()
