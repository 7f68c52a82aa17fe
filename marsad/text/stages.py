"""The first stages: ``clean`` (content hash) and ``language``.

Adapters already cleaned the display text (:func:`marsad.text.normalize.clean_display`)
when they built the :class:`~marsad.model.Article`; these stages only add what the
rest of the pipeline keys on.
"""

from __future__ import annotations

import hashlib

from ..model import Doc
from ..pipeline import stage
from .language import detect
from .normalize import collapse_spaces, normalize


def content_hash(title: str, body: str) -> str:
    """Hash of the *normalised* headline and body: two copies that differ only in
    hamza forms, diacritics, tatweel or spacing hash alike (exact duplicates)."""
    key = collapse_spaces(normalize(title)) + "\n" + collapse_spaces(normalize(body))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


@stage("clean")
def clean(doc: Doc) -> Doc:
    doc.ann.content_hash = content_hash(doc.article.title, doc.article.body)
    return doc


class LanguageStage:
    """Fills ``Article.language`` when the source did not state it."""

    version = "cld3-1"

    def __call__(self, doc: Doc) -> Doc:
        if doc.article.language:
            return doc
        lang = detect(f"{doc.article.title}\n{doc.article.body}")
        if lang:
            doc.article = doc.article.model_copy(update={"language": lang})
        return doc


stage("language")(LanguageStage)
