"""Arabic named-entity recognition: a CRF, then a BiLSTM-CRF that sees the CRF's document context.

Stage one is a CRF over rich token features (``marsad/data/ner/stage1.crf``, built by
``scripts/train_ner.py``; the feature tables next to it by ``scripts/build_ner_resources.py``).
Stage two is a BiLSTM-CRF (``neural.npz``/``neural.json``, :mod:`marsad.nlp.ner_neural`,
built by ``scripts/train_ner_neural.py``) over pretrained word vectors, characters, the
CRF's token features, and how stage one tagged the other occurrences of each word's stem
in the document. It replaced a second CRF in that place: on the same held-out ANERcorp
folds it scored higher (the table in ``scripts/train_ner_neural.py``). All
from the data in ``../shared/ner`` and ``../shared/corpus``. Tags are BIO over PERS,
LOC, ORG and MISC (the ANERcorp scheme).

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
from .ner_features import (
    DOC_WINDOW,
    Resources,
    analyse_sent,
    doc_features,
    load_resources,
    sent_features,
)
from .ner_neural import VOCAB_FILE, WEIGHTS_FILE, NeuralTagger

LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
STAGE1_FILE = "stage1.crf"
STAGE2_FILE = "stage2.crf"  # the CRF stage two: trained and cross-validated by train_ner.py, not shipped
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


# Complementisers as written (with their hamza): they open a clause and stand inside no name,
# yet the taggers now and then run an ORG over one (وذكرت المنظمة بأن النيابة العسكرية → one
# ORG). Written forms only: unvowelled بان is also the name Ban (بان كي مون).
CLAUSE_WORDS = frozenset({"أن", "إن", "بأن", "لأن", "وأن", "وإن", "فإن", "بأنه", "بأنها", "أنه", "إنه", "أنها", "إنها"})


def outside_clause_words(tokens: Sequence[str], tags: list[str]) -> list[str]:
    """``tags`` with every complementiser outside any entity (:func:`repair_bio` then starts the
    words after it as an entity of their own)."""
    return ["O" if tok in CLAUSE_WORDS else tag for tok, tag in zip(tokens, tags, strict=True)]


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
    """A loaded two-stage tagger. Use :func:`load_default` for the shipped one.

    Stage one (CRF) tags each sentence from its own features. Stage two (BiLSTM-CRF)
    adds how stage one tagged the other occurrences of each word's stem in the same
    document, so a name recognised once in full helps its bare repetitions (see
    ``ner_features.doc_features``).
    What counts as the document: the whole text for :meth:`spans`, a sliding window of
    ``DOC_WINDOW`` sentences for :meth:`tag_sents` (as in training), the sentence alone
    for :meth:`tag`.
    """

    def __init__(self, model_dir: Path, res: Resources | None = None):
        self.dir = model_dir
        self._stage1 = _open_tagger(model_dir / STAGE1_FILE)
        self._res = res or load_resources()
        self._stage2 = NeuralTagger(model_dir, self._res)
        if self._stage2.net.labels != list(LABELS) or not self._stage2.uses_context:
            raise ResourceError(f"neural NER weights in {model_dir} are not a stage two over {list(LABELS)}; "
                                "rebuild them with: python scripts/train_ner_neural.py")
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
        analysed = [analyse_sent(s, self._res) for s in sents]  # read by both stages
        s1 = [repair_bio(self._stage1.tag(sent_features(s, self._res, a))) if s else []
              for s, a in zip(sents, analysed, strict=True)]
        ctx = doc_features([[t.stem for t in toks] for toks, _ in analysed], s1, window)  # = stems()
        emit = self._stage2.emissions(sents[lo:hi], ctx[lo:hi], analysed[lo:hi])
        return [
            repair_bio(outside_clause_words(sent, self._stage2.net.decode(e))) if len(e) else []
            for sent, e in zip(sents[lo:hi], emit, strict=True)
        ]


def model_version(model_dir: Path) -> str:
    """``crf+nn-<stage-two training date>-<first 8 hex of the weights' sha256>``: changes
    whenever the weights do, so annotated articles say which model tagged them."""
    h = hashlib.sha256()
    for name in (STAGE1_FILE, WEIGHTS_FILE, VOCAB_FILE):
        h.update((model_dir / name).read_bytes())
    meta = json.loads((model_dir / VOCAB_FILE).read_text(encoding="utf-8"))
    date = str(meta.get("trained", "unknown"))[:10].replace("-", "")
    return f"crf+nn-{date}-{h.hexdigest()[:8]}"


@cache
def load_default() -> NerModel:
    """The shipped model, loaded once per process. Raises ResourceError if it is missing."""
    return NerModel(data_dir())
