"""One error shape for the whole HTTP surface, built by one function.

The API answers every error — 404, 422 validation, 500, a domain
:class:`~marsad.errors.MarsadError` — with
``{"ok": false, "error": {"status", "title", "detail"}}`` (datasette's
``error_body``). HTML pages get the same facts rendered as a page, so a browser
user never sees raw JSON and an API client never sees HTML.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import MarsadError

API_PREFIX = "/api"


class ErrorDetail(BaseModel):
    status: int
    title: str
    detail: Any = None


class ErrorBody(BaseModel):
    """The schema of :func:`error_body`, so that OpenAPI documents the errors clients really get."""

    ok: Literal[False] = False
    error: ErrorDetail


def error_body(status: int, detail: Any = None, title: str | None = None) -> dict[str, Any]:
    """``{"ok": false, "error": {"status": 404, "title": "Not Found", "detail": "…"}}``."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return {"ok": False, "error": {"status": status, "title": title or phrase, "detail": detail}}


# For ``APIRouter(responses=...)``: replaces FastAPI's default 422 schema, which is not what we send.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
    500: {"model": ErrorBody, "description": "Server error"},
}


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI, render_html: Any) -> None:
    """Register the handlers. ``render_html(request, status, detail) -> Response`` draws the page."""

    def respond(request: Request, status: int, detail: Any) -> Response:
        if request.url.path.startswith(API_PREFIX) or request.url.path == "/openapi.json":
            return JSONResponse(error_body(status, detail), status_code=status)
        return render_html(request, status, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return respond(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, _validation_detail(exc))

    @app.exception_handler(MarsadError)
    async def domain_error(request: Request, exc: MarsadError) -> Response:
        return respond(request, 500, f"{type(exc).__name__}: {exc}")

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        return respond(request, 500, f"internal error: {type(exc).__name__}")
