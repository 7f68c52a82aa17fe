"""Stages registered by name, and the pipeline built from configuration.

A stateless stage is a function ``Doc -> Doc``. A stage with a model or state is a
class with ``__call__(doc) -> Doc``, a ``version`` string (written onto each
annotated document under ``doc.ann.versions[name]``) and, when it needs data,
``from_disk()``. Stages that need the store (duplicate detection, story
clustering) also implement ``bind(store)``, called once before the first doc.

Stages register themselves with :func:`stage`; :func:`build` imports the
modules listed in ``STAGE_MODULES`` lazily so that a pipeline without NER never
loads the NER weights. A stage whose resources fail to load raises
:class:`marsad.errors.ResourceError` at build time — there is no silent fallback.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from .errors import ConfigError, MarsadError
from .model import Doc


class StageFailed(MarsadError):
    """A stage raised on one document. Ingest turns it into ``failed:stage-<name>``
    for that document and carries on with the batch."""

    def __init__(self, stage: str, cause: BaseException):
        super().__init__(f"stage {stage!r} failed: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


@runtime_checkable
class Stage(Protocol):
    def __call__(self, doc: Doc) -> Doc: ...


StageFactory = Callable[[], Stage]

_REGISTRY: dict[str, StageFactory] = {}

# name -> module that registers it. One place lists every stage.
STAGE_MODULES: dict[str, str] = {
    "clean": "marsad.text.stages",
    "language": "marsad.text.stages",
    "dedup": "marsad.text.dedup",
    "entities": "marsad.nlp.entities",
    "tags": "marsad.nlp.tags",
    "quotes": "marsad.nlp.quotes",
    "claims": "marsad.nlp.claims",
    "events": "marsad.nlp.events",
    "events-oeda": "marsad.nlp.events",  # the events stage with the OEDA-trained filter
    "events-rules": "marsad.nlp.events",  # the events stage without the learned actor ranker
    "stories": "marsad.stories.stage",
}

# The default ingest pipeline, in order. Configuration may shorten it.
DEFAULT_STAGES: tuple[str, ...] = (
    "clean",
    "language",
    "dedup",
    "entities",
    "tags",
    "quotes",
    "claims",
    "events",
    "stories",
)


def stage(name: str) -> Callable[[Any], Any]:
    """Register a stage under ``name``.

    Decorate a class or a zero-argument factory function (called when the pipeline
    is built), or a plain function ``Doc -> Doc`` (a stateless stage, used as it
    is). The decorated object is returned unchanged.
    """

    def deco(obj: Any) -> Any:
        if isinstance(obj, type) or not _takes_an_argument(obj):
            _REGISTRY[name] = obj
        else:
            _REGISTRY[name] = lambda: obj
        return obj

    return deco


def _takes_an_argument(fn: Any) -> bool:
    params = inspect.signature(fn).parameters.values()
    return any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def get_factory(name: str) -> StageFactory:
    if name not in _REGISTRY:
        module = STAGE_MODULES.get(name)
        if module is None:
            raise ConfigError(f"unknown stage {name!r}; known: {', '.join(STAGE_MODULES)}")
        importlib.import_module(module)
    if name not in _REGISTRY:
        raise ConfigError(f"module {STAGE_MODULES[name]} did not register stage {name!r}")
    return _REGISTRY[name]


class Pipeline:
    def __init__(self, stages: list[tuple[str, Stage]]):
        self.stages = stages

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.stages]

    def bind(self, store: Any) -> None:
        for _, s in self.stages:
            bind = getattr(s, "bind", None)
            if bind is not None:
                bind(store)

    def __call__(self, doc: Doc) -> Doc:
        for name, s in self.stages:
            try:
                doc = s(doc)
            except MarsadError:
                raise
            except Exception as exc:  # one bad document must not stop a batch
                raise StageFailed(name, exc) from exc
            version = getattr(s, "version", None)
            if version:
                doc.ann.versions[name] = str(version)
        return doc


def build(names: Iterable[str] = DEFAULT_STAGES) -> Pipeline:
    return Pipeline([(n, get_factory(n)()) for n in names])
