"""Arabic named-entity recognition: a CRF over rich token features, shipped in the package.

The weights (``marsad/data/ner/crf.model``) and the feature tables next to them are
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

from ..errors import ResourceError
from ..text.sentences import sentence_spans
from ..text.tokens import tokenize
from .conll import spans_of
from .ner_features import Resources, load_resources, sent_features

LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
MODEL_FILE = "crf.model"
META_FILE = "model.json"


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


class NerModel:
    """A loaded CRF tagger. Use :func:`load_default` for the shipped one."""

    def __init__(self, model_path: Path, res: Resources | None = None, version: str | None = None):
        import pycrfsuite

        if not model_path.is_file():
            raise ResourceError(
                f"NER weights not found at {model_path}; rebuild them with: python scripts/train_ner.py")
        self.path = model_path
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(model_path))
        except (OSError, ValueError) as e:
            raise ResourceError(f"NER weights at {model_path} could not be loaded: {e}") from e
        self._res = res or load_resources()
        self.version = version or model_version(model_path)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags, one per token."""
        if not tokens:
            return []
        return repair_bio(self._tagger.tag(sent_features(list(tokens), self._res)))

    def tag_sents(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        return [self.tag(s) for s in sents]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Entity spans ``(start, end, type)`` as character offsets into ``text``.

        Tagged sentence by sentence (the CRF was trained on sentences); a span covers
        whole tokens, clitics included.
        """
        out: list[tuple[int, int, str]] = []
        for s_start, s_end in sentence_spans(text):
            toks = tokenize(text[s_start:s_end])
            tags = self.tag([t.text for t in toks])
            for i, j, etype in spans_of(tags):
                out.append((s_start + toks[i].start, s_start + toks[j - 1].end, etype))
        return out


def model_version(model_path: Path) -> str:
    """``crf-<training date>-<first 8 hex of the weights' sha256>``: changes whenever
    the weights do, so annotated articles say which model tagged them."""
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()[:8]
    meta = model_path.with_name(META_FILE)
    date = "unknown"
    if meta.is_file():
        date = json.loads(meta.read_text(encoding="utf-8")).get("trained", date)[:10].replace("-", "")
    return f"crf-{date}-{digest}"


@cache
def load_default() -> NerModel:
    """The shipped model, loaded once per process. Raises ResourceError if it is missing."""
    return NerModel(data_dir() / MODEL_FILE)
