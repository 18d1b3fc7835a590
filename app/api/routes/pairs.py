"""Country pairs and their claimed series over time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, time
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.api import present, schemas
from app.api.deps import (
    CountryPath,
    CountryQuery,
    QueryDate,
    Reader,
    SessionDep,
    country_param,
    date_param,
    reject_nul,
)
from app.api.errors import Problem, problem_responses
from app.api.routes.claims import Measure, Metric
from app.db import repository

router = APIRouter(prefix="/v1/pairs", tags=["pairs"], dependencies=[Depends(reject_nul)])


@router.get("", response_model=list[schemas.PairOut], responses=problem_responses(401, 503))
def list_pairs(request: Request, session: SessionDep, _: Reader) -> Response:
    """Every pair with claims: counts by metric, first and last publication dates."""
    # The answer changes only when pair_stats does: keep the last body per process, keyed by
    # the table's fingerprint, and answer If-None-Match without building anything.
    fingerprint = repository.pair_stats_fingerprint(session)
    cached = request.app.state.pairs_cache
    if cached is not None and cached[0] == fingerprint:
        return present.cached_json(request, cached[1], cached[2])
    grouped: dict[tuple[str, str], list[tuple[str, int, datetime, datetime]]] = defaultdict(list)
    for a, b, metric, n, first, last in repository.pair_summaries(session):
        grouped[(a, b)].append((metric, n, first, last))
    # plain data in the shape of schemas.PairOut: thousands of pairs skip per-object validation
    out = [
        {
            "pair": [a, b],
            "claims": sum(n for _, n, _, _ in rows),
            "by_metric": [{"metric": m, "claims": n} for m, n, _, _ in rows],
            "first_published": min(f for _, _, f, _ in rows),
            "last_published": max(last for _, _, _, last in rows),
        }
        for (a, b), rows in grouped.items()
    ]
    body = present.to_json(out)
    etag = present.etag_of(body)
    request.app.state.pairs_cache = (fingerprint, body, etag)
    return present.cached_json(request, body, etag)


@router.get(
    "/{a}/{b}/series",
    # `format=rows` answers the flat rows instead of the points
    response_model=schemas.SeriesOut | list[schemas.SeriesRow],
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        # 404: a country this service does not know, or the same country twice
        **problem_responses(401, 404, 422, 503),
    },
)
def series(
    request: Request,
    session: SessionDep,
    _: Reader,
    a: CountryPath,
    b: CountryPath,
    metric: Metric = "turnover",
    measure: Measure = "level",
    unit: Annotated[str | None, Query(pattern=r"^([A-Za-z]{3}|percent)$")] = None,
    axis: Literal["period", "stated"] = "period",
    as_of: Annotated[
        QueryDate, Query(description="the series as it stood at the end of this day")
    ] = None,
    modality: Literal["actual", "target", "forecast"] | None = "actual",
    origin: CountryQuery = None,
    format: Literal["json", "rows", "csv"] = "json",
    include_claims: Annotated[
        bool, Query(description="list each point's claims in `items` (json format)")
    ] = True,
) -> Response:
    """The claims of a pair over time: one point per reference period, or per publication date."""
    x, y = country_param("a", a), country_param("b", b)
    assert x is not None and y is not None
    if x == y:
        raise Problem(404, "No such pair", "A pair is two different countries.")
    as_of_day = date_param(as_of)
    filters = repository.ClaimFilters(
        country=x,
        partner=y,
        metric=metric,
        measure=measure,
        modality=modality,
        origin=country_param("origin", origin),
        # the end of the as_of day, written so that 9999-12-31 does not overflow
        published_to=datetime.combine(as_of_day, time.max, tzinfo=UTC) if as_of_day else None,
    )
    if unit is None:
        counts = [(u, n) for u, n in repository.unit_counts(session, filters) if u]
        unit = counts[0][0] if counts else None
    else:
        unit = unit.upper() if unit != "percent" else unit
    found = (
        repository.series_points(
            session,
            replace(filters, unit=unit),
            axis,
            with_items=include_claims and format == "json",
        )
        if unit
        else []
    )
    points = [present.series_point(p) for p in found]

    if format == "json":
        out = {
            "pair": sorted([x, y]),
            "metric": metric,
            "measure": measure,
            "unit": unit,
            "axis": axis,
            "as_of": as_of_day,
            "points": points,
        }
        return present.json_with_etag(request, out)
    flat = [
        {
            "time": p["time"],
            "period": p["label"],
            "value": p["value"],
            "min": p["min"],
            "max": p["max"],
            "unit": unit,
            "claims": p["claims"],
            "sources": p["sources"],
        }
        for p in points
    ]
    if format == "rows":
        return present.json_with_etag(request, flat)
    header = list(schemas.SeriesRow.model_fields)
    lines = present.csv_lines(
        header,
        (
            [
                r["time"].isoformat(),
                r["period"],
                repr(r["value"]),
                repr(r["min"]),
                repr(r["max"]),
                r["unit"] or "",
                r["claims"],
                r["sources"],
            ]
            for r in flat
        ),
    )
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8")
