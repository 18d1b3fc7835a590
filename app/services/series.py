"""A pair's series: its claims aggregated per reference period (axis `period`) or per
publication day (axis `stated`). The route validates and shapes; this decides what a point is.

A point's value is the median of its claims, its sources the distinct sources with a
syndicated copy counted under its original's (present.source_key), its label and granularity
the most common of its claims' (ties: the first in sort order, as PostgreSQL's mode() takes
it). In US dollars (`unit=USD` for a money measure), every money claim counts at its dollar
value at the rates in force when read, and those with no rate are left out and counted
(`unconverted`).

PostgreSQL aggregates a series of SMALL_SERIES claims or more in the database
(repository.series_points_pg): the rates a series needs,
one per currency, period and publication day of its claims, are worked out here and sent
with the query, so the dollar values are those an operator's latest rates give. SQLite, the
small embedded default, aggregates here, in Python (`aggregate`), to the same numbers."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import orjson
from sqlalchemy.orm import Session

from app.db import repository
from app.services import analysis
from app.services.fx import Rates

Axis = Literal["period", "stated"]
# Below this many claims a series is aggregated in Python on PostgreSQL too: the database's
# way costs two more round trips and its planning (about 5 ms), and saves about 35 us a claim
SMALL_SERIES = 200


@dataclass
class SeriesPoint:
    """One point: the claims of one period (`end` set) or one publication day (`end` None)."""

    start: date
    end: date | None
    granularity: str | None
    label: str | None
    value: float  # the median
    min: float
    max: float
    claims: int
    sources: int
    converted: int  # claims stated in another currency than the series' unit
    items: list[repository.ClaimRow] = field(default_factory=list)
    # PostgreSQL: the point's claims as JSON, comma-separated, built by the database
    items_json: str | None = None


@dataclass
class Series:
    unit: str | None
    points: list[SeriesPoint]
    unconverted: int  # money claims left out of a US dollar series for want of a rate


def series(
    session: Session,
    filters: repository.ClaimFilters,
    unit: str | None,
    axis: Axis,
    rates: Rates,
    source_key: Callable[[Any], str],
    *,
    with_items: bool,
) -> Series:
    """The series of the claims matching `filters` in `unit` (None: their most common)."""
    claims = None
    if unit is None:
        counts = [(u, n) for u, n in repository.unit_counts(session, filters) if u]
        unit = counts[0][0] if counts else None
        claims = sum(n for _, n in counts)
    if unit is None:
        return Series(None, [], 0)
    small = claims is not None and claims < SMALL_SERIES
    if session.get_bind().dialect.name == "postgresql" and not small:
        return series_in_database(session, filters, unit, axis, rates, with_items=with_items)
    return series_in_python(session, filters, unit, axis, rates, source_key, with_items=with_items)


def series_in_python(
    session: Session,
    filters: repository.ClaimFilters,
    unit: str,
    axis: Axis,
    rates: Rates,
    source_key: Callable[[Any], str],
    *,
    with_items: bool,
) -> Series:
    """The series in `unit` aggregated here from its claim rows: SQLite's way (and on
    PostgreSQL, what the database's aggregation is tested against)."""
    in_usd = _in_usd(filters, unit)
    if in_usd:
        rows = [
            r
            for r in repository.series_rows(session, filters, full=with_items)
            if r.unit and r.unit != "percent"
        ]
    else:
        rows = repository.series_rows(session, replace(filters, unit=unit), full=with_items)
    points, unconverted = aggregate(rows, unit, axis, rates, source_key, in_usd, with_items)
    return Series(unit, points, unconverted)


def aggregate(
    rows: Sequence[Any],
    unit: str,
    axis: Axis,
    rates: Rates,
    source_key: Callable[[Any], str],
    in_usd: bool,
    with_items: bool,
) -> tuple[list[SeriesPoint], int]:
    """Rows in publication order -> the points in time order, and the unconverted count."""
    groups: dict[tuple[date, date | None], list[Any]] = defaultdict(list)
    value_of: dict[int, float] = {}
    unconverted = 0
    for c in rows:
        if c.value is None:
            continue
        if in_usd:
            usd = analysis.usd_of(c, rates).value_usd
            if usd is None:
                unconverted += 1
                continue
            value_of[c.id] = usd
        else:
            value_of[c.id] = float(c.value)
        if axis == "period":
            if c.period_start is None or c.period_end is None:
                continue
            groups[(c.period_start, c.period_end)].append(c)
        else:
            groups[(c.published_at.date(), None)].append(c)

    points = []
    for (start, end), members in sorted(groups.items(), key=_in_time_order):
        values = [value_of[c.id] for c in members]
        points.append(
            SeriesPoint(
                start=start,
                end=end,
                granularity=_mode(c.period_granularity for c in members) if end else None,
                label=_mode(c.period_label for c in members) if end else None,
                value=statistics.median(values),
                min=min(values),
                max=max(values),
                claims=len(members),
                sources=len({source_key(c) for c in members}),
                converted=sum(1 for c in members if c.unit != unit),
                items=list(members) if with_items else [],
            )
        )
    return points, unconverted


def _in_time_order(group: tuple[tuple[date, date | None], Any]) -> tuple[date, date]:
    """A point's place: by its start, then its end (January before January-March)."""
    (start, end), _ = group
    return start, end or start


def _mode(values: Any) -> Any:
    """The most common non-null value; of equally common ones the first in sort order."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)


def series_in_database(
    session: Session,
    filters: repository.ClaimFilters,
    unit: str,
    axis: Axis,
    rates: Rates,
    *,
    with_items: bool,
) -> Series:
    """The series in `unit` aggregated by PostgreSQL (repository.series_points_pg)."""
    in_usd = _in_usd(filters, unit)
    keys = repository.conversion_keys(session, filters) if in_usd or with_items else []
    by_key: dict[str, tuple[float | None, int]] = {}
    fx_index: dict[str, int] = {}
    unconverted = 0
    for k in keys:
        conversion = rates.convert(1.0, k.unit, k.period_start, k.period_end, k.day)
        # the units per dollar of the rate (value_usd is value / per_usd), or None
        rate = (conversion.fx or {}).get("per_usd") if conversion.value_usd is not None else None
        text = _json(conversion.fx)
        key = repository.conversion_key(k.unit, k.period_start, k.period_end, k.day)
        by_key[key] = (rate, fx_index.setdefault(text, len(fx_index)))
        if rate is None:
            unconverted += k.claims
    usd = rates.convert(1.0, "USD", None, None, date.today()).fx
    conversions = repository.Conversions(by_key=by_key, fx=list(fx_index), usd_fx=_json(usd))
    rows = repository.series_points_pg(
        session, filters, unit, axis, conversions, in_usd=in_usd, with_items=with_items
    )
    points = [
        SeriesPoint(
            start=start,
            end=end,
            granularity=granularity if end is not None else None,
            label=label if end is not None else None,
            value=float(value),
            min=float(lo),
            max=float(hi),
            claims=int(n),
            sources=int(sources),
            converted=int(converted),
            items_json=items_json,
        )
        for start, end, granularity, label, value, lo, hi, n, sources, converted, items_json in rows
    ]
    return Series(unit, points, unconverted if in_usd else 0)


def _in_usd(filters: repository.ClaimFilters, unit: str) -> bool:
    """Whether a series puts every currency on one axis: US dollars, for a money measure."""
    return unit == "USD" and filters.measure in analysis.MONEY_MEASURES


def _json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_UTC_Z).decode()
