"""Country pairs and their claimed series over time."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.api import present, schemas
from app.api.deps import (
    CountryPath,
    CountryQuery,
    QueryDate,
    RatesDep,
    Reader,
    SessionDep,
    country_param,
    date_param,
    reject_nul,
)
from app.api.errors import Problem, problem_responses
from app.api.routes.claims import Measure, Metric, Modality
from app.db import repository
from app.services import analysis
from app.services.series import series as series_of

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
    rates: RatesDep,
    _: Reader,
    a: CountryPath,
    b: CountryPath,
    metric: Metric = "turnover",
    measure: Measure = "level",
    unit: Annotated[
        str | None,
        Query(
            pattern=r"^([A-Za-z]{3}|percent)$",
            description="the claims stated in this unit; `USD` puts every currency on one "
            "axis: each money claim at its US dollar value (`value_usd`), with the points "
            "saying how many of their claims were `converted`; without it, the most common "
            "unit",
        ),
    ] = None,
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
    x, y = pair_param(a, b)
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
    if unit is not None:
        unit = unit.upper() if unit != "percent" else unit
    found = series_of(
        session,
        filters,
        unit,
        axis,
        rates,
        present.source_key,
        with_items=include_claims and format == "json",
    )
    unit = found.unit
    points = [present.series_point(p, rates) for p in found.points]

    if format == "json":
        out = {
            "pair": sorted([x, y]),
            "metric": metric,
            "measure": measure,
            "unit": unit,
            "axis": axis,
            "as_of": as_of_day,
            "unconverted": found.unconverted,
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
            "converted": p["converted"],
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
                r["converted"],
            ]
            for r in flat
        ),
    )
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8")


def pair_param(a: str, b: str) -> tuple[str, str]:
    """The two countries of a pair path, as ISO3; unknown or the same twice is a 404."""
    x, y = country_param("a", a), country_param("b", b)
    assert x is not None and y is not None
    if x == y:
        raise Problem(404, "No such pair", "A pair is two different countries.")
    return x, y


Tolerance = Annotated[
    float,
    Query(
        ge=0,
        le=100,
        description="how far apart two claims may be and still agree, as a fraction of the "
        "smaller (0.05: 5%)",
    ),
]


@router.get(
    "/{a}/{b}/contradictions",
    response_model=schemas.ContradictionsOut,
    responses=problem_responses(401, 404, 422, 503),
)
def contradictions(
    request: Request,
    session: SessionDep,
    rates: RatesDep,
    _: Reader,
    a: CountryPath,
    b: CountryPath,
    metric: Metric | None = None,
    measure: Measure | None = None,
    modality: Modality | None = "actual",
    period_from: Annotated[
        QueryDate, Query(description="groups whose period ends on or after this date")
    ] = None,
    period_to: Annotated[
        QueryDate,
        Query(
            description="groups whose period starts on or before this date; before "
            "`period_from`, the range is empty and so is the answer"
        ),
    ] = None,
    tolerance: Tolerance = analysis.DEFAULT_TOLERANCE,
) -> Response:
    """Claims of the same metric, measure and period from different sources that disagree."""
    x, y = pair_param(a, b)
    filters = repository.ClaimFilters(
        country=x,
        partner=y,
        metric=metric,
        measure=measure,
        modality=modality,
        period_from=date_param(period_from),
        period_to=date_param(period_to),
    )
    rows = repository.series_claims(session, filters)
    groups, unconverted = analysis.contradictions(rows, rates, tolerance)
    out = {
        "pair": sorted([x, y]),
        "tolerance": tolerance,
        "unconverted": unconverted,
        "groups": [_group_json(g, rates) for g in groups],
    }
    return present.json_with_etag(request, out)


def _group_json(g: analysis.Group, rates: Any) -> dict[str, Any]:
    metric, measure, modality, origin, destination, start, end = g.key
    labels = Counter(r.period_label for r in g.rows)
    return {
        "metric": metric,
        "measure": measure,
        "modality": modality,
        "origin": origin,
        "destination": destination,
        "period": {
            "start": start,
            "end": end,
            "granularity": g.rows[0].period_granularity,
            "label": labels.most_common(1)[0][0],
        },
        "unit": "USD" if measure in analysis.MONEY_MEASURES else "percent",
        "min": min(g.values),
        "max": max(g.values),
        "spread": analysis.spread(g.values),
        "claims": len(g.rows),
        "sources": len({present.source_key(r) for r in g.rows}),
        "statements": len({analysis.statement_of(r) for r in g.rows}),
        "items": [present.claim_row_json(r, rates) for r in g.rows],
    }


@router.get(
    "/{a}/{b}/compare",
    response_model=schemas.CompareOut,
    responses=problem_responses(401, 404, 422, 503),
)
def compare(
    request: Request,
    session: SessionDep,
    rates: RatesDep,
    _: Reader,
    a: CountryPath,
    b: CountryPath,
    metric: Literal["turnover", "exports", "imports"] = "turnover",
) -> Response:
    """Claimed levels per period beside the official statistics, both countries' records."""
    x, y = pair_param(a, b)
    filters = repository.ClaimFilters(
        country=x, partner=y, metric=metric, measure="level", modality="actual"
    )
    rows = repository.series_claims(session, filters)
    figures = [
        analysis.OfficialFigure(
            f.reporter,
            f.partner,
            f.flow,
            f.period_start,
            f.period_end,
            f.value,
            f.currency,
            f.source,
        )
        for f in repository.official_for_pair(session, x, y)
    ]
    out = {
        "pair": sorted([x, y]),
        "metric": metric,
        "unit": "USD",
        "periods": analysis.compare(rows, figures, rates, metric, present.source_key),
    }
    return present.json_with_etag(request, out)
