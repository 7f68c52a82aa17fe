"""The web application: Arabic HTML pages, the JSON API and the static assets.

``create_app(store)`` is all the CLI needs (``marsad serve --db X`` runs
``uvicorn`` on ``create_app(open_store(X))``). The app holds the store on
``app.state.store`` and never opens one itself, so tests hand it a temp store.

Nothing loads from another host. The pages use one local stylesheet and no
scripts. FastAPI's default ``/docs`` pulls Swagger UI from a CDN, which fails
offline, so the app serves the Swagger UI files shipped by the
``swagger-ui-bundle-v2`` package (Swagger UI 5, which reads OpenAPI 3.1 as FastAPI
writes it) under ``/docs-assets`` and renders ``/docs`` against them.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from .. import __version__
from ..store.base import Store
from . import api, errors, pages

STATIC_DIR = Path(__file__).parent / "static"
DOCS_ASSETS = "/docs-assets"


def create_app(store: Store) -> FastAPI:
    """A FastAPI app serving ``store``: pages at ``/``, JSON at ``/api``, OpenAPI at ``/docs``."""
    app = FastAPI(
        title="marsad — مرصد",
        version=__version__,
        description="Arabic-first news intelligence: articles, search, entities, pairs, stories.",
        docs_url=None,  # replaced below by a page that loads Swagger UI from this server
        redoc_url=None,  # ReDoc has no offline bundle on PyPI; /docs covers the same need
    )
    app.state.store = store
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    _add_docs(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    errors.install(app, pages.render_error)
    return app


def _add_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        )
