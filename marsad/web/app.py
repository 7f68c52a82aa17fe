"""The web application: Arabic HTML pages, the JSON API and the static stylesheet.

``create_app(store)`` is all the CLI needs (``marsad serve --db X`` runs
``uvicorn`` on ``create_app(open_store(X))``). The app holds the store on
``app.state.store`` and never opens one itself, so tests hand it a temp store.
Nothing on the pages loads from another host: one local CSS file, no scripts.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..store.base import Store
from . import api, errors, pages

STATIC_DIR = Path(__file__).parent / "static"


def create_app(store: Store) -> FastAPI:
    """A FastAPI app serving ``store``: pages at ``/``, JSON at ``/api``, OpenAPI at ``/docs``."""
    app = FastAPI(
        title="marsad — مرصد",
        version=__version__,
        description="Arabic-first news intelligence: articles, search, entities, stories.",
    )
    app.state.store = store
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    errors.install(app, pages.render_error)
    return app
