"""Language identification with CLD3 (the ``cld3-py`` package ships the model).

CLD3 is reliable on a few hundred characters, so it reads the headline and the
start of the body; below :data:`MIN_CHARS` letters it says nothing rather than guess.
Text written only in the letters of the Arabic alphabet is Arabic without asking
CLD3; every other Arabic-script language adds letters of its own.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..errors import ResourceError

MIN_CHARS = 20
# 300 characters (headline + lead) decide as well as 2,000 on ANT and cost a sixth
# of the time (bench/ingest.py: FindLanguage was 60% of the language stage).
MAX_CHARS = 300
# CLD3 counts *bytes* and cuts there, mid-character if need be (which turned an
# Arabic article into "sv"): give it room for every character of the sample.
MAX_BYTES = 4 * MAX_CHARS
_LETTER_RE = re.compile(r"[^\W\d_]")
# The 36 letters of the Arabic alphabet (hamza forms, ta marbuta, alef maqsura included).
_ARABIC_ALPHABET_RE = re.compile(r"[\u0621-\u063A\u0641-\u064A]")
# Letters other Arabic-script languages add (Persian پ چ ژ گ ک ی, Urdu ے ٹ ڈ, Kurdish ۆ ێ …).
_EXTENDED_SCRIPT_RE = re.compile(r"[\u0671-\u06FF\u0750-\u077F\u08A0-\u08FF]")
# Share of Arabic-alphabet letters above which the sample is Arabic without asking CLD3.
ARABIC_SHARE = 0.9


@cache
def _identifier() -> Any:
    try:
        import gcld3  # the import name of the cld3-py distribution
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ResourceError(f"language identification needs cld3-py: {exc}") from exc
    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=MAX_BYTES)


def detect(text: str) -> str | None:
    """ISO 639-1 code (``ar``, ``en`` …) or ``None`` when the text is too short or unclear."""
    sample = text[:MAX_CHARS]
    letters = len(_LETTER_RE.findall(sample))
    if letters < MIN_CHARS:
        return None
    # Fast path for the common case (saves CLD3's ~0.5 ms a document at ingest): letters
    # all from the Arabic alphabet, none that only Persian, Urdu, Kurdish … use. Anything
    # else, including Arabic typed with Persian keheh/yeh, goes to CLD3.
    if not _EXTENDED_SCRIPT_RE.search(sample) and len(_ARABIC_ALPHABET_RE.findall(sample)) >= ARABIC_SHARE * letters:
        return "ar"
    result = _identifier().FindLanguage(text=sample)
    if not result.is_reliable and result.probability < 0.5:
        return None
    return str(result.language)
