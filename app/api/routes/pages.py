"""HTML pages for people: `/` lists the pairs, `/pairs/{a}/{b}` shows a pair's claimed
series as a chart (drawn in the browser by Observable Plot, served from app/static/vendor)
above a table of every claim with its evidence in context. The table is the page: with
JavaScript off it is all there is, and the chart only draws what the table holds."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from app.api import present
from app.api.deps import CountryPath, RatesDep, Reader, SessionDep, reject_nul
from app.api.errors import Problem
from app.api.routes.claims import Metric
from app.api.routes.pairs import pair_param
from app.db import repository
from app.extract import country_name, sentences
from app.services import analysis
from app.services.fx import Rates

HERE = Path(__file__).resolve().parents[2]
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
# how much of the article on each side of the evidence may show as its context
CONTEXT_CHARS = 300

# pages are for browsers, not part of the API's contract: they stay out of the OpenAPI document
router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])


def _not_found(request: Request, exc: Problem) -> Response:
    return templates.TemplateResponse(
        request, "not_found.html", {"detail": exc.detail or exc.title}, status_code=404
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, _: Reader) -> Response:
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, metric, n, first, last in repository.pair_summaries(session):
        g = grouped.setdefault(
            (a, b),
            {
                "a": a,
                "b": b,
                "names": (country_name(a), country_name(b)),
                "claims": 0,
                "metrics": [],
                "first": first,
                "last": last,
            },
        )
        g["claims"] += n
        g["metrics"].append(f"{metric} {n}")
        g["first"], g["last"] = min(g["first"], first), max(g["last"], last)
    pairs = sorted(grouped.values(), key=lambda g: -g["claims"])
    return templates.TemplateResponse(request, "index.html", {"pairs": pairs})


@router.get("/pairs/{a}/{b}", response_class=HTMLResponse)
def pair_page(
    request: Request,
    session: SessionDep,
    rates: RatesDep,
    _: Reader,
    a: CountryPath,
    b: CountryPath,
    metric: Metric = "turnover",
) -> Response:
    try:
        x, y = pair_param(a, b)
    except Problem as exc:
        return _not_found(request, exc)
    pair = sorted([x, y])
    rows = repository.series_claims(session, repository.ClaimFilters(country=x, partner=y))
    texts = repository.article_texts(session, sorted({r.article_id for r in rows}))
    charted = [
        r for r in rows if r.metric == metric and r.measure == "level" and r.modality == "actual"
    ]
    groups, _unconverted = analysis.contradictions(charted, rates, analysis.DEFAULT_TOLERANCE)
    contradicted = {g.key[5:7] for g in groups}
    contradicted_ids = {r.id for g in groups for r in g.rows}
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
    chart = _chart_data(charted, figures, rates, metric, contradicted)
    claims = [_claim_view(r, rates, texts.get(r.article_id, ""), contradicted_ids) for r in rows]
    context = {
        "pair": pair,
        "names": [country_name(c) for c in pair],
        "metric": metric,
        "metrics": ["turnover", "exports", "imports", "investment"],
        "claims": claims,
        "chart": chart,
        "contradictions": [
            {
                "label": g.rows[0].period_label or f"{g.key[5]}..{g.key[6]}",
                "measure": g.key[1],
                "spread": analysis.spread(g.values),
                "claims": len(g.rows),
            }
            for g in groups
        ],
    }
    return templates.TemplateResponse(request, "pair.html", context)


def _midpoint(start: date, end: date) -> date:
    return start + timedelta(days=(end - start).days // 2)


def _chart_data(
    rows: list[Any],
    figures: list[analysis.OfficialFigure],
    rates: Rates,
    metric: str,
    contradicted: set[tuple[date, date]],
) -> dict[str, Any]:
    """Plain data for the chart: per claimed period its range and median, per source in it a
    point; official figures per reporter and flow; all in US dollars at mid-period."""
    by_period: dict[tuple[date, date], dict[str, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    labels: dict[tuple[date, date], str] = {}
    for r in rows:
        if r.period_start is None or r.period_end is None or r.value is None:
            continue
        usd = analysis.usd_of(r, rates).value_usd
        if usd is None:
            continue
        key = (r.period_start, r.period_end)
        by_period[key][present.source_key(r)].append(usd)
        labels.setdefault(key, r.period_label or r.period_start.isoformat())
    periods, points = [], []
    for key in sorted(by_period):
        values = [v for vs in by_period[key].values() for v in vs]
        x = _midpoint(*key).isoformat()
        periods.append(
            {
                "x": x,
                "label": labels[key],
                "min": min(values),
                "max": max(values),
                "median": statistics.median(values),
                "claims": len(values),
                "contradicted": key in contradicted,
            }
        )
        for source, vs in sorted(by_period[key].items()):
            points.append({"x": x, "value": statistics.median(vs), "source": source})
    official = []
    for row in analysis.compare([], figures, rates, metric, present.source_key):
        start, end = row["period"]["start"], row["period"]["end"]
        for f in row["official"]:
            if f["value_usd"] is None:
                continue
            official.append(
                {
                    "x": _midpoint(start, end).isoformat(),
                    "value": f["value_usd"],
                    "series": f"{f['reporter']} {f['flow']} ({f['source']})",
                }
            )
    return {"periods": periods, "points": points, "official": official}


def _claim_view(row: Any, rates: Rates, text: str, contradicted: set[int]) -> dict[str, Any]:
    usd = analysis.usd_of(row, rates)
    return {
        "id": row.id,
        "metric": row.metric,
        "measure": row.measure,
        "direction": f"{row.origin} → {row.destination}" if row.origin else "",
        "value": row.value,
        "unit": row.unit,
        "value_usd": usd.value_usd,
        "fx": usd.fx,
        "approximation": row.approximation,
        "modality": row.modality,
        "period": row.period_label or "",
        "speaker": row.speaker,
        "source": row.article_source or "",
        "url": row.article_url or f"/v1/articles/{row.article_id}",
        "article_id": row.article_id,
        "copy_of": row.copy_of,
        "published": row.published_at.date().isoformat(),
        "evidence": evidence_in_context(text, row),
        "contradicted": row.id in contradicted,
    }


def evidence_in_context(text: str, row: Any) -> Markup:
    """The evidence sentence with the sentence before and after it in the article (within
    CONTEXT_CHARS), the figure inside <mark>, everything else escaped."""
    start, end = row.evidence_start, row.evidence_end
    evidence = text[start:end] if text[start:end] == row.evidence_text else row.evidence_text
    before = after = ""
    if text[start:end] == row.evidence_text:
        head = text[max(0, start - CONTEXT_CHARS) : start]
        spans = sentences(head)
        if spans:
            before = head[spans[-1].start : spans[-1].end]
        tail = text[end : end + CONTEXT_CHARS]
        spans = sentences(tail)
        if spans:
            after = tail[spans[0].start : spans[0].end]
    at = evidence.find(row.surface) if row.surface else -1
    if at >= 0:
        sentence = (
            escape(evidence[:at])
            + Markup("<mark>")
            + escape(row.surface)
            + Markup("</mark>")
            + escape(evidence[at + len(row.surface) :])
        )
    else:
        sentence = escape(evidence)
    parts = []
    if before:
        parts.append(Markup('<span class="context">') + escape(before) + Markup("</span> "))
    parts.append(Markup('<span class="evidence">') + sentence + Markup("</span>"))
    if after:
        parts.append(Markup(' <span class="context">') + escape(after) + Markup("</span>"))
    return Markup("").join(parts)
