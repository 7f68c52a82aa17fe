"""Arabic named-entity recognition: a two-stage CRF over rich token features, shipped in the package.

The weights (``marsad/data/ner/stage1.crf``, ``stage2.crf``) and the feature tables next to them are
built by ``scripts/build_ner_resources.py`` and ``scripts/train_ner.py`` from the
data in ``../shared/ner`` and ``../shared/corpus``; ``model.json`` records how they
were trained and the cross-validated scores. Tags are BIO over PERS, LOC, ORG and
MISC (the ANERcorp scheme).

Clitics stay attached to tokens (``marsad.text.tokens``): :meth:`NerModel.spans`
returns spans covering whole tokens such as وبوتين; the entities stage trims them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..text.sentences import sentence_spans
from ..text.tokens import tokenize
from .conll import spans_of
from .ner_features import DOC_WINDOW, Resources, doc_features, load_resources, sent_features, stems

LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
STAGE1_FILE = "stage1.crf"
STAGE2_FILE = "stage2.crf"
META_FILE = "model.json"
CHUNK = 256  # sentences tagged together by tag_sents (plus context either side)


def data_dir() -> Path:
    return Path(str(resources.files("marsad").joinpath("data/ner")))


def repair_bio(tags: list[str]) -> list[str]:
    """An ``I-X`` that does not continue an ``X`` becomes ``B-X`` (what conlleval reads it as)."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _open_tagger(path: Path) -> Any:
    import pycrfsuite

    if not path.is_file():
        raise ResourceError(f"NER weights not found at {path}; rebuild them with: python scripts/train_ner.py")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as e:
        raise ResourceError(f"NER weights at {path} could not be loaded: {e}") from e
    return tagger


class NerModel:
    """A loaded two-stage CRF tagger. Use :func:`load_default` for the shipped one.

    Stage one tags each sentence from its own features. Stage two adds how stage one
    tagged the other occurrences of each word's stem in the same document, so a name
    recognised once in full helps its bare repetitions (see ``ner_features.doc_features``).
    What counts as the document: the whole text for :meth:`spans`, a sliding window of
    ``DOC_WINDOW`` sentences for :meth:`tag_sents` (as in training), the sentence alone
    for :meth:`tag`.
    """

    def __init__(self, model_dir: Path, res: Resources | None = None):
        self.dir = model_dir
        self._stage1 = _open_tagger(model_dir / STAGE1_FILE)
        self._stage2 = _open_tagger(model_dir / STAGE2_FILE)
        self._res = res or load_resources()
        self.version = model_version(model_dir)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags, one per token, for one sentence."""
        return self._tag_doc([list(tokens)], window=0)[0]

    def tag_sents(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for consecutive sentences; neighbours within ``DOC_WINDOW`` are context.

        Long inputs go in chunks of ``CHUNK`` sentences, each with ``DOC_WINDOW``
        sentences of context either side, so memory stays flat (features for 100k
        tokens at once took ~400 MB) and the result is the same as in one piece.
        """
        all_sents = [list(s) for s in sents]
        out: list[list[str]] = []
        for a in range(0, len(all_sents), CHUNK):
            b = min(a + CHUNK, len(all_sents))
            lo, hi = max(0, a - DOC_WINDOW), min(len(all_sents), b + DOC_WINDOW)
            out.extend(self._tag_doc(all_sents[lo:hi], DOC_WINDOW, keep=(a - lo, b - lo)))
        return out

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Entity spans ``(start, end, type)`` as character offsets into ``text``.

        Tagged sentence by sentence (the CRF was trained on sentences) with the whole
        text as document context; a span covers whole tokens, clitics included.
        """
        bounds = sentence_spans(text)
        toks = [tokenize(text[s:e]) for s, e in bounds]
        tags = self._tag_doc([[t.text for t in ts] for ts in toks], window=0)
        out: list[tuple[int, int, str]] = []
        for (s_start, _), ts, tg in zip(bounds, toks, tags, strict=True):
            for i, j, etype in spans_of(tg):
                out.append((s_start + ts[i].start, s_start + ts[j - 1].end, etype))
        return out

    def _tag_doc(self, sents: list[list[str]], window: int,
                 keep: tuple[int, int] | None = None) -> list[list[str]]:
        """Both stages over ``sents`` as one document; return the tags of the sentences
        in ``keep`` (all by default) — the others only give context."""
        lo, hi = keep or (0, len(sents))
        base = [sent_features(s, self._res) if s else [] for s in sents]
        s1 = [repair_bio(self._stage1.tag(x)) if x else [] for x in base]
        ctx = doc_features([stems(s, self._res) for s in sents], s1, window)
        return [repair_bio(self._stage2.tag([a + b for a, b in zip(x, c, strict=True)])) if x else []
                for x, c in zip(base[lo:hi], ctx[lo:hi], strict=True)]


def model_version(model_dir: Path) -> str:
    """``crf-<training date>-<first 8 hex of the weights' sha256>``: changes whenever
    the weights do, so annotated articles say which model tagged them."""
    h = hashlib.sha256()
    for name in (STAGE1_FILE, STAGE2_FILE):
        h.update((model_dir / name).read_bytes())
    meta = model_dir / META_FILE
    date = "unknown"
    if meta.is_file():
        date = json.loads(meta.read_text(encoding="utf-8")).get("trained", date)[:10].replace("-", "")
    return f"crf-{date}-{h.hexdigest()[:8]}"


@cache
def load_default() -> NerModel:
    """The shipped model, loaded once per process. Raises ResourceError if it is missing."""
    return NerModel(data_dir())
