"""A pair's series: its claims aggregated per reference period (axis `period`) or per
publication day (axis `stated`). Plain functions over claim rows (repository.series_rows) and
the exchange rates in force; the route validates and shapes.

A point's value is the median of its claims, its sources the distinct sources with a
syndicated copy counted under its original's (present.source_key), its label the most common
of its claims' (ties: the first published). In US dollars (`unit=USD` for a money measure),
every money claim counts at its dollar value at today's rates, and those with no rate are left
out and counted (`unconverted`). The aggregation is done here rather than in the database: the
dollar values are computed when read, from rates an operator may reload at any time, and the
numbers (a median of two is their mean, as `statistics.median` takes it) must be those of a
series in any currency."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from app.db import repository
from app.services import analysis
from app.services.fx import Rates

Axis = Literal["period", "stated"]


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
    if unit is None:
        counts = [(u, n) for u, n in repository.unit_counts(session, filters) if u]
        unit = counts[0][0] if counts else None
    if unit is None:
        return Series(None, [], 0)
    in_usd = unit == "USD" and filters.measure in analysis.MONEY_MEASURES
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
                granularity=members[0].period_granularity if end is not None else None,
                label=Counter(c.period_label for c in members).most_common(1)[0][0]
                if end is not None
                else None,
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
