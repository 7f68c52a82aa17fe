"""Storage: one protocol (:mod:`marsad.store.base`), one adapter per backend.

``open_store("x.db")`` gives the SQLite adapter; ``open_store("postgresql://…")``
the PostgreSQL one (imported lazily, so its driver is optional).
"""

from __future__ import annotations

from .base import SearchHit, SearchQuery, Store

__all__ = ["SearchHit", "SearchQuery", "Store", "open_store"]


def open_store(target: str) -> Store:
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # lazy: psycopg is an optional dependency

        return PostgresStore(target)
    from .sqlite import SQLiteStore

    return SQLiteStore(target)
