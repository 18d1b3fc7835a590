"""Claims: filtered, paged, or streamed as CSV."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.api import present, schemas
from app.api.deps import (
    CountryQuery,
    CursorParam,
    LimitParam,
    QueryDate,
    QueryDateTime,
    RatesDep,
    Reader,
    SessionDep,
    SettingsDep,
    ShortText,
    country_param,
    date_param,
    datetime_param,
    decode_cursor,
    encode_cursor,
    page_size,
    reject_nul,
)
from app.api.errors import problem_responses
from app.db import repository
from app.db.session import get_sessionmaker
from app.services.fx import Rates

router = APIRouter(prefix="/v1", tags=["claims"], dependencies=[Depends(reject_nul)])

Metric = Literal["turnover", "exports", "imports", "investment"]
Measure = Literal["level", "growth_pct", "growth_abs"]
Modality = Literal["actual", "target", "forecast"]


def wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


@router.get(
    "/claims",
    response_model=schemas.ClaimPage,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        # 404: a country this service does not know, or a cursor it did not issue
        **problem_responses(401, 404, 422, 503),
    },
)
def list_claims(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    rates: RatesDep,
    _: Reader,
    country: CountryQuery = None,
    partner: CountryQuery = None,
    direction: Literal["any", "strict"] = "any",
    metric: Metric | None = None,
    measure: Measure | None = None,
    modality: Modality | None = None,
    unit: Annotated[str | None, Query(pattern=r"^([A-Za-z]{3}|percent)$")] = None,
    period_from: Annotated[
        QueryDate, Query(description="claims whose period ends on or after this date")
    ] = None,
    period_to: Annotated[
        QueryDate,
        Query(
            description="claims whose period starts on or before this date; before "
            "`period_from`, the range is empty and so is the answer"
        ),
    ] = None,
    published_from: QueryDateTime = None,
    published_to: QueryDateTime = None,
    speaker: ShortText = None,
    source: ShortText = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    cursor: CursorParam = None,
    limit: LimitParam = None,
    format: Literal["json", "csv"] | None = None,
) -> Response:
    """Claims matching every filter, in a stable order; `format=csv` streams them all as CSV."""
    filters = repository.ClaimFilters(
        country=country_param("country", country),
        partner=country_param("partner", partner),
        strict_direction=direction == "strict",
        metric=metric,
        measure=measure,
        modality=modality,
        unit=unit.upper() if unit and unit != "percent" else unit,
        period_from=date_param(period_from),
        period_to=date_param(period_to),
        published_from=datetime_param(published_from),
        published_to=datetime_param(published_to),
        speaker=speaker,
        source=source,
        min_confidence=min_confidence,
    )
    if wants_csv(request, format):
        return _stream_csv(settings.database_url, filters, rates)
    after = decode_cursor(settings, "claims", cursor)
    limit = page_size(settings, limit)
    rows = repository.list_claims(session, filters, after_id=after, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    page = {
        "items": [present.claim_row_json(r, rates) for r in rows],
        "next_cursor": encode_cursor(settings, "claims", rows[-1].id) if more else None,
    }
    return present.json_with_etag(request, page)


def _stream_csv(
    database_url: str, filters: repository.ClaimFilters, rates: Rates
) -> StreamingResponse:
    def generate():  # type: ignore[no-untyped-def]
        # Its own session: the response streams after the request's dependencies are closed.
        with get_sessionmaker(database_url)() as session:
            rows = (
                present.claim_csv_row(values, rates)
                for values in repository.iter_claim_values(session, filters)
            )
            yield from present.csv_lines(present.CLAIM_CSV_COLUMNS, rows)

    return StreamingResponse(
        generate(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="claims.csv"'},
    )
