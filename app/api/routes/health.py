"""Liveness and readiness."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from app.api.deps import SettingsDep
from app.api.errors import PROBLEM_JSON, PROBLEM_SCHEMA, problem_response
from app.db.session import get_engine

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (touches nothing else)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    responses={
        503: {
            "description": "Database unreachable or not migrated",
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
    },
)
def readyz(request: Request, settings: SettingsDep) -> JSONResponse:
    """The database is reachable and migrated to the code's head revision."""
    head = request.app.state.schema_head
    try:
        with get_engine(settings.database_url).connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError:
        return problem_response(
            503, "Not ready", "The database is unreachable.", headers={"Retry-After": "5"}
        )
    if current != head:
        return problem_response(
            503,
            "Not ready",
            f"The database is at revision {current}, the code needs {head}.",
            headers={"Retry-After": "30"},
        )
    return JSONResponse({"status": "ready", "revision": current})
