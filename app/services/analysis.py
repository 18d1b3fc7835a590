"""What the claims of a pair say together: where sources contradict each other, and how
the claimed figures compare with the official statistics. Plain functions over claim rows
(repository.ClaimRow) and the exchange rates in force; the routes shape their answers.

Levels and absolute changes are compared in US dollars (app/services/fx.py), percentage
changes as stated. A syndicated copy's claims count under its original (`copy_of`): a story
and its copies are one statement and one source."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.services.fx import Conversion, Rates

MONEY_MEASURES = ("level", "growth_abs")
DEFAULT_TOLERANCE = 0.05


def statement_of(row: Any) -> int:
    """The article a claim was first stated in: its own, or the original it copies."""
    return int(row.copy_of or row.article_id)


def usd_of(row: Any, rates: Rates) -> Conversion:
    return rates.convert(
        row.value, row.unit, row.period_start, row.period_end, row.published_at.date()
    )


def comparable_value(row: Any, rates: Rates) -> float | None:
    """The value claims are compared by: US dollars for money, the percentage as stated."""
    if row.value is None:
        return None
    if row.measure in MONEY_MEASURES:
        return usd_of(row, rates).value_usd
    return float(row.value) if row.unit == "percent" else None


# -- contradictions ---------------------------------------------------------------------------
def bounds(value: float, approximation: str) -> tuple[float, float]:
    """What a claim allows: "more than $5bn" is anything from 5bn up; "about" and exact
    figures are the figure itself (the tolerance is their give)."""
    if approximation == "at_least":
        return value, math.inf
    if approximation == "at_most":
        return -math.inf, value
    return value, value


def conflict(low: float, high: float, tolerance: float) -> bool:
    """Whether one claim's lowest allowed value exceeds another's highest by more than the
    tolerance, as a fraction of the smaller (for two exact figures: max/min > 1 + tol)."""
    if math.isinf(low) or math.isinf(high) or low <= high:
        return False
    return low - high > tolerance * min(abs(low), abs(high))


@dataclass(frozen=True)
class Group:
    key: tuple[Any, ...]
    rows: list[Any]
    values: list[float]


def _contradicts(rows: Sequence[Any], values: Sequence[float], tolerance: float) -> bool:
    """Some two statements (originals) allow no common value, within the tolerance. Each
    statement's claims together allow [its highest low, its lowest high]; a conflict between
    two different statements is found among the two highest lows and the two lowest highs."""
    lows: dict[int, float] = {}
    highs: dict[int, float] = {}
    for row, value in zip(rows, values, strict=True):
        lo, hi = bounds(value, row.approximation)
        s = statement_of(row)
        lows[s] = max(lows.get(s, -math.inf), lo)
        highs[s] = min(highs.get(s, math.inf), hi)
    top = sorted(lows.items(), key=lambda kv: kv[1], reverse=True)[:2]
    bottom = sorted(highs.items(), key=lambda kv: kv[1])[:2]
    return any(p != q and conflict(lo, hi, tolerance) for p, lo in top for q, hi in bottom)


def contradictions(rows: Iterable[Any], rates: Rates, tolerance: float) -> tuple[list[Group], int]:
    """Groups of claims of the same metric, measure, modality, direction and period (same
    start and end) that contradict each other; and how many money claims were left out for
    want of an exchange rate."""
    groups: dict[tuple[Any, ...], tuple[list[Any], list[float]]] = defaultdict(lambda: ([], []))
    unconverted = 0
    for row in rows:
        if row.value is None or row.period_start is None or row.period_end is None:
            continue
        value = comparable_value(row, rates)
        if value is None:
            unconverted += row.measure in MONEY_MEASURES
            continue
        key = (
            row.metric,
            row.measure,
            row.modality,
            row.origin,
            row.destination,
            row.period_start,
            row.period_end,
        )
        members, values = groups[key]
        members.append(row)
        values.append(value)
    found = [
        Group(key, members, values)
        for key, (members, values) in groups.items()
        if len({statement_of(r) for r in members}) > 1 and _contradicts(members, values, tolerance)
    ]
    found.sort(key=lambda g: (g.key[5], g.key[6], g.key[0], g.key[1], str(g.key[3:5])))
    return found, unconverted


def spread(values: Sequence[float]) -> float | None:
    """max/min of the values, where that means something (all of one sign, none zero)."""
    lo, hi = min(values), max(values)
    if lo > 0:
        return hi / lo
    if hi < 0:
        return lo / hi
    return None


# -- official statistics ----------------------------------------------------------------------
FLOWS = ("exports", "imports", "turnover")


@dataclass(frozen=True)
class OfficialFigure:
    reporter: str
    partner: str
    flow: str
    period_start: date
    period_end: date
    value: float
    currency: str
    source: str


def official_view(fig: OfficialFigure, metric: str) -> tuple[tuple[str, str] | None, bool] | None:
    """Where an official figure stands in a comparison of `metric`: the direction of the
    flow it measures (exporter, importer; None for turnover) and whether it is the mirror
    record (the partner's books: B's imports from A stand beside A's exports to B). None
    when it measures something else."""
    if metric == "turnover":
        return (None, False) if fig.flow == "turnover" else None
    if fig.flow == "exports":
        return (fig.reporter, fig.partner), metric == "imports"
    if fig.flow == "imports":
        return (fig.partner, fig.reporter), metric == "exports"
    return None


def derived_turnover(figures: Sequence[OfficialFigure]) -> list[OfficialFigure]:
    """A reporter's exports plus imports with a partner, for a period and source that has no
    turnover figure of its own (in the same currency)."""
    have = {
        (f.reporter, f.partner, f.period_start, f.period_end, f.source)
        for f in figures
        if f.flow == "turnover"
    }
    parts: dict[tuple[Any, ...], dict[str, OfficialFigure]] = defaultdict(dict)
    for f in figures:
        if f.flow in ("exports", "imports"):
            parts[(f.reporter, f.partner, f.period_start, f.period_end, f.source)][f.flow] = f
    out = []
    for key, flows in parts.items():
        if key in have or len(flows) < 2:
            continue
        ex, im = flows["exports"], flows["imports"]
        if ex.currency != im.currency:
            continue
        out.append(
            OfficialFigure(
                ex.reporter,
                ex.partner,
                "exports+imports",
                ex.period_start,
                ex.period_end,
                ex.value + im.value,
                ex.currency,
                ex.source,
            )
        )
    return out


def compare(
    rows: Iterable[Any],
    figures: Sequence[OfficialFigure],
    rates: Rates,
    metric: str,
    source_key: Any,
) -> list[dict[str, Any]]:
    """Per reference period (and direction, for exports and imports): the claimed levels in
    US dollars (median, min, max, claims, sources) beside every official figure for it, each
    with the ratio claimed median / official."""
    claimed: dict[tuple[Any, ...], list[tuple[Any, float]]] = defaultdict(list)
    for row in rows:
        if row.value is None or row.period_start is None or row.period_end is None:
            continue
        usd = usd_of(row, rates).value_usd
        if usd is None:
            continue
        direction = (row.origin, row.destination) if metric != "turnover" else None
        claimed[(row.period_start, row.period_end, direction)].append((row, usd))

    official: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    candidates = list(figures) + (derived_turnover(figures) if metric == "turnover" else [])
    for fig in candidates:
        view = official_view(fig, metric) if fig.flow != "exports+imports" else (None, False)
        if view is None:
            continue
        direction, mirror = view
        conv = rates.convert(
            fig.value, fig.currency, fig.period_start, fig.period_end, fig.period_end
        )
        official[(fig.period_start, fig.period_end, direction)].append(
            {
                "reporter": fig.reporter,
                "partner": fig.partner,
                "flow": fig.flow,
                "mirror": mirror,
                "value": fig.value,
                "currency": fig.currency,
                "value_usd": conv.value_usd,
                "fx": conv.fx,
                "source": fig.source,
            }
        )

    out = []
    for key in sorted(set(claimed) | set(official), key=lambda k: (k[0], k[1], str(k[2]))):
        start, end, direction = key
        members = claimed.get(key, [])
        summary = None
        if members:
            values = [v for _, v in members]
            summary = {
                "median": statistics.median(values),
                "min": min(values),
                "max": max(values),
                "claims": len(members),
                "sources": len({source_key(r) for r, _ in members}),
                "converted": sum(1 for r, _ in members if r.unit != "USD"),
                "claim_ids": [r.id for r, _ in members],
            }
        figs = official.get(key, [])
        for f in figs:
            f["ratio"] = (
                summary["median"] / f["value_usd"]
                if summary is not None and f["value_usd"]
                else None
            )
        out.append(
            {
                "period": {"start": start, "end": end},
                "origin": direction[0] if direction else None,
                "destination": direction[1] if direction else None,
                "claimed": summary,
                "official": figs,
            }
        )
    return out
