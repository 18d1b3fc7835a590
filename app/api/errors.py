"""Every error leaves the service as RFC 9457 problem+json, shaped in this one place."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api import contract
from app.api.limits import BodyTooLarge
from app.services.extraction import ExtractionUnavailable

PROBLEM_JSON = "application/problem+json"
# Every write is one transaction per article: what failed is not stored; in a batch, the
# items before it were, and the retry finds them as duplicates.
_NOT_STORED = "The article being written when this happened was not stored; retry the request."
log = logging.getLogger("tradeclaims.api")

# The shape of every error body, for the OpenAPI document: clients and schema-driven tests
# (schemathesis) check each documented status against it.
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

_STATUS_DOC = {
    400: "The body is not valid JSON or not UTF-8",
    401: "No valid API key (`Authorization: Bearer <key>`)",
    403: "The key's scope does not allow this",
    404: "No such resource",
    409: "A concurrent request with the same Idempotency-Key is in flight; retry it",
    410: "The article this Idempotency-Key stored has been deleted since; `article_id` names it",
    413: "The body is over the size limit",
    422: "A parameter or the body is invalid; `errors` says which and why",
    429: "Write rate limit reached; wait `Retry-After` seconds",
    503: "The database is unreachable; nothing was written; retry after `Retry-After` seconds",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for error statuses, each a problem+json body."""
    return {
        status: {
            "description": _STATUS_DOC[status],
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }


class Problem(Exception):
    """An error meant for the client: status, a short title, and what exactly was wrong."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    title: str,
    detail: str | None = None,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def validation_errors(errors: list[Any]) -> list[dict[str, str]]:
    out = []
    for err in errors:
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "string_pattern_mismatch":
            # the contract's patterns are long; say in words what they ask for
            pattern = (err.get("ctx") or {}).get("pattern", "")
            msg = contract.DESCRIPTIONS.get(
                pattern, "does not have the form the OpenAPI document gives"
            )
        out.append({"field": _location(err.get("loc", ())), "message": msg})
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.title,
            exc.detail,
            instance=request.url.path,
            headers=exc.headers,
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(list(exc.errors()))
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem_response(
            422, "Invalid request", detail, instance=request.url.path, errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # The router names only the first route that matched the path; the resource's
            # methods are those of every route on it. OPTIONS is answered, not refused.
            headers["Allow"] = ", ".join(allowed_methods(request))
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": headers["Allow"]})
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        return problem_response(
            exc.status_code,
            title,
            str(exc.detail) if exc.detail else None,
            instance=request.url.path,
            headers=headers,
        )

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc.__class__.__name__)
        return problem_response(
            503,
            "Database unavailable",
            "The database could not be reached; nothing was written. Retry later.",
            instance=request.url.path,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(ExtractionUnavailable)
    async def _extraction_down(request: Request, exc: ExtractionUnavailable) -> JSONResponse:
        return problem_response(
            503,
            "Extraction unavailable",
            "An extraction worker stopped; nothing was written. Retry later.",
            instance=request.url.path,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(DBAPIError)
    async def _db_error(request: Request, exc: DBAPIError) -> JSONResponse:
        if exc.connection_invalidated:
            return await _db_down(request, exc)  # type: ignore[arg-type]
        log.exception("database error")
        return problem_response(500, "Internal error", _NOT_STORED, instance=request.url.path)

    app.add_middleware(CatchAll)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this request's path (asked of the router itself, one
    method at a time), and OPTIONS."""
    allowed = {"OPTIONS"}
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.add(method)
    return sorted(allowed)


class CatchAll:
    """Answers an exception no handler took with a 500 problem, and does not raise it further.

    A handler for `Exception` would run in Starlette's outermost middleware, which answers and
    then re-raises; uvicorn then closes the keep-alive connection under the client, so the
    bot's retry on that connection failed with a reset as well."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except BodyTooLarge:
            raise  # BodySizeLimit, further out, answers it with 413
        except Exception:
            log.exception("unhandled error")
            if started:
                raise  # too late for a problem body: the response is half sent
            response = problem_response(
                500, "Internal error", _NOT_STORED, instance=scope.get("path")
            )
            await response(scope, receive, send)
