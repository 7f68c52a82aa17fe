"""Stage "stories": put each ingested article into its story and list what to read next.

Sets ``doc.ann.story`` and ``doc.ann.related`` (``Related`` with reason "same story" or
"shared entities" and the similarity score). It runs last (after "entities", whose ids
it uses for entity overlap when present).

State lives in the store, so an ingest that resumes tomorrow sees today's stories:
each article's features (embedding, TF-IDF terms, entity keys, time) are kept as a
``"story"`` vector row (:func:`marsad.stories.similarity.pack`). :meth:`StoriesStage.bind`
reloads the rows of the last window of days (one pass over the vector table, decoding
only the timestamps) with the stories of their articles, so per-article cost stays
flat. When an article bridges two stories they merge: stored articles get the
surviving (older) id through ``store.set_stories``, and docs of the batch not yet
written are updated in place. A split (:mod:`marsad.stories.cluster`) moves articles
to a new story the same way.

Without ``bind`` (``marsad annotate``), stories are clustered within the run only.
The embedding model loads once, on the first document; a broken install raises
:class:`marsad.errors.ResourceError`.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from ..model import Doc, Related
from ..pipeline import stage
from .cluster import Assignment, StoryClusterer
from .embed import Embedder, load_embedder
from .similarity import DAY, Params, default_params, doc_item, featurize, pack, peek_ts, unpack

VECTOR_KIND = "story"
RELATED_LIMIT = 10
_UNWRITTEN = 4096  # docs of the current ingest batch(es) kept for in-place story updates


@stage("stories")
class StoriesStage:
    def __init__(self, params: Params | None = None):
        self.params = params or default_params()
        self.version = self.params.version
        self.clusterer = StoryClusterer(self.params)
        self.store: Any = None
        self._embedder: Embedder | None = None
        self._recent_docs: OrderedDict[str, Doc] = OrderedDict()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder()  # raises ResourceError when it cannot load
        return self._embedder

    # ------------------------------------------------------------------ store

    def bind(self, store: Any) -> None:
        """Reload the window of the newest stored articles into the clusterer."""
        self.store = store
        stamps: dict[str, float] = {}
        for aid, blob in store.iter_vectors(VECTOR_KIND):
            try:
                ts = peek_ts(blob)
            except (ValueError, KeyError, IndexError):
                continue  # a row of another format: ignored, it is rewritten when re-ingested
            if ts is not None:
                stamps[aid] = ts
        if not stamps:
            return
        horizon = max(stamps.values()) - 2 * self.params.window_days * DAY
        keep = sorted((ts, aid) for aid, ts in stamps.items() if ts >= horizon)
        rows = store.get_vectors(VECTOR_KIND, [aid for _, aid in keep])
        stories = {d.id: d.ann.story for d in store.docs_by_ids([aid for _, aid in keep])}
        for _, aid in keep:
            story = stories.get(aid)
            if story and aid in rows:
                self.clusterer.add(unpack(aid, rows[aid]), story=story, explain=False)

    def _stored_story(self, doc: Doc) -> str | None:
        """The story a re-ingested article already has (ids stay stable on reprocess)."""
        if self.store is None:
            return None
        old = self.store.get(doc.id)
        return old.ann.story if old is not None else None

    # ------------------------------------------------------------------ per doc

    def __call__(self, doc: Doc) -> Doc:
        (feat,) = featurize([doc_item(doc)], self.embedder, self.params)
        result = self.clusterer.add(feat, story=self._stored_story(doc))
        if self.store is not None:
            self.store.put_vectors(VECTOR_KIND, [(doc.id, pack(feat))])
        if result.merged:
            self._apply_merge(result)
        if result.moved:
            self._apply_split(result.moved)
        doc.ann.story = result.story
        doc.ann.related = related_from(result, doc.ann.related)
        self._recent_docs[doc.id] = doc
        while len(self._recent_docs) > _UNWRITTEN:
            self._recent_docs.popitem(last=False)
        return doc

    def _apply_merge(self, result: Assignment) -> None:
        absorbed = set(result.merged)
        for d in self._recent_docs.values():
            if d.ann.story in absorbed:
                d.ann.story = result.story
        if self.store is None:
            return
        mapping = {}
        for story in sorted(absorbed):
            for d in self.store.story_articles(story):
                mapping[d.id] = result.story
        if mapping:
            self.store.set_stories(mapping)

    def _apply_split(self, moved: dict[str, str]) -> None:
        """Articles a split moved to a new story: docs of the batch in place, stored ones
        through ``set_stories`` (the current doc is set by the caller)."""
        for aid, story in moved.items():
            d = self._recent_docs.get(aid)
            if d is not None:
                d.ann.story = story
        if self.store is not None:
            self.store.set_stories(dict(moved))


def related_from(result: Assignment, existing: list[Related]) -> list[Related]:
    """Same story first (best score first), then other stories sharing entities; links
    the source page itself gave (reason "page") are kept after the same-story ones."""
    out = [Related(id=a, reason="same story", score=round(s, 4)) for a, s in result.same_story]
    seen = {r.id for r in out}
    for r in existing:
        if r.id not in seen:
            out.append(r)
            seen.add(r.id)
    for a, s, _shared in sorted(result.related, key=lambda x: (-(x[1] + x[2]), x[0])):
        if a not in seen:
            out.append(Related(id=a, reason="shared entities", score=round(s, 4)))
            seen.add(a)
    return out[:RELATED_LIMIT]
