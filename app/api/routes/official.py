"""Official trade statistics: post them as CSV or JSON rows, to stand beside the claims."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError

from app.api import contract, schemas
from app.api.deps import IngestKey, SessionDep, SettingsDep, in_write_thread, reject_nul
from app.api.errors import Problem, problem_responses, validation_errors
from app.services import official
from app.services.official import OfficialRow

router = APIRouter(prefix="/v1/official", tags=["official"], dependencies=[Depends(reject_nul)])


@cache
def _csv_pattern() -> re.Pattern[str]:
    return re.compile(contract.official_csv()[1:-1])


def _invalid(detail: str, errors: list[dict[str, str]]) -> Problem:
    return Problem(422, "Invalid rows", detail, errors=errors)


def _rows_of(raw: bytes, content_type: str, max_rows: int) -> list[dict[str, Any]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Invalid encoding", "The body is not valid UTF-8.") from exc
    if content_type.split(";")[0].strip().lower() == "text/csv":
        if not _csv_pattern().fullmatch(text):
            raise _invalid(
                "The CSV does not have the form the OpenAPI document gives: the header "
                f"`{','.join(contract.OFFICIAL_COLUMNS)}`, then rows of known ISO3 "
                "countries, a flow, two dates, a number, a currency code and a source.",
                [{"field": "body", "message": "not a CSV of official rows"}],
            )
        rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(text, newline="")))
        for row in rows:
            row["value"] = float(row["value"])
    else:
        rows = _json_rows(text)
    if len(rows) > max_rows:
        raise _invalid(
            f"{len(rows)} rows; at most {max_rows} per post.",
            [{"field": "body", "message": f"at most {max_rows} rows"}],
        )
    return rows


def _json_rows(text: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Problem(
            400,
            "Invalid JSON",
            f"The body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}.",
        ) from exc
    except RecursionError as exc:
        raise Problem(400, "Invalid JSON", "The body is nested too deeply.") from exc
    if not isinstance(data, list):
        raise _invalid(
            "The body must be a JSON array of rows (or a CSV).",
            [{"field": "body", "message": "not an array"}],
        )
    return data


def _validate(items: list[Any]) -> list[OfficialRow]:
    """Every row valid, or a 422 naming each bad one (and nothing is written). A row whose
    partner is its reporter names a pair that does not exist: 404, as for a pair in a path."""
    rows: list[OfficialRow] = []
    errors: list[dict[str, str]] = []
    no_pair: list[dict[str, str]] = []
    for i, item in enumerate(items):
        try:
            r = schemas.OfficialRowIn.model_validate(item)
        except ValidationError as exc:
            for e in validation_errors(list(exc.errors())):
                errors.append({"field": f"{i}.{e['field']}", "message": e["message"]})
            continue
        start, end = date.fromisoformat(r.period_start), date.fromisoformat(r.period_end)
        if r.reporter == r.partner:
            no_pair.append({"field": f"{i}.partner", "message": "is the reporter itself"})
        if end < start:
            errors.append({"field": f"{i}.period_end", "message": "is before period_start"})
        rows.append(
            OfficialRow(
                r.reporter, r.partner, r.flow, start, end, r.value, r.currency, r.source.strip()
            )
        )
    if errors:
        detail = "; ".join(f"row {e['field']}: {e['message']}" for e in errors[:20])
        raise _invalid(detail, errors)
    if no_pair:
        detail = "; ".join(f"row {e['field']}: {e['message']}" for e in no_pair[:20])
        raise Problem(
            404, "No such pair", f"A pair is two different countries: {detail}", errors=no_pair
        )
    return rows


def _post(session: Any, raw: bytes, content_type: str, max_rows: int) -> schemas.OfficialOut:
    rows = _validate(_rows_of(raw, content_type, max_rows))
    n, inserted, replaced = official.store(session, rows)
    return schemas.OfficialOut(rows=n, inserted=inserted, replaced=replaced)


@router.post(
    "",
    response_model=schemas.OfficialOut,
    # 404: a row whose partner is its reporter (a pair is two different countries)
    responses={**problem_responses(400, 401, 404, 413, 422, 429, 503)},
)
async def post_official(
    request: Request, session: SessionDep, settings: SettingsDep, key: IngestKey
) -> schemas.OfficialOut:
    """Store official figures (CSV or JSON rows); the same rows posted again replace them."""
    raw = await request.body()
    return await in_write_thread(
        request,
        _post,
        session,
        raw,
        request.headers.get("content-type", ""),
        settings.max_official_rows,
    )
