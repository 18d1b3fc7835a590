"""ORM rows -> response models, ETags, and CSV rows: the one place responses are shaped."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time
from typing import Any

import orjson
from fastapi import Request, Response
from pydantic import BaseModel

from app.api import schemas
from app.db import repository
from app.db.models import Article
from app.services.fx import Rates
from app.services.series import SeriesPoint

_ROW_INDEX = {col.key: i for i, col in enumerate(repository.CLAIM_ROW_COLUMNS)}


def source_key(row: Any) -> str:
    """What a claim counts as one source by: the source key stored with it (its article's
    source, else its URL, and for a syndicated copy that of the original it copies:
    repository.refresh_claim_sources), else the article itself."""
    return row.source_key or f"article:{row.article_id}"


def claim_row_json(row: Any, rates: Rates) -> dict[str, Any]:
    """claim_json for a repository.ClaimRow, reading the row by position: for reads of
    thousands of claims, attribute lookups by name cost more than the rest together."""
    t = tuple(row)
    i = _ROW_INDEX
    start, end = t[i["period_start"]], t[i["period_end"]]
    usd = rates.convert(t[i["value"]], t[i["unit"]], start, end, t[i["published_at"]].date())
    return {
        "id": t[i["id"]],
        "article_id": t[i["article_id"]],
        "pair": [t[i["pair_a"]], t[i["pair_b"]]],
        "origin": t[i["origin"]],
        "destination": t[i["destination"]],
        "metric": t[i["metric"]],
        "measure": t[i["measure"]],
        "value": t[i["value"]],
        "unit": t[i["unit"]],
        "approximation": t[i["approximation"]],
        "period": None
        if start is None or end is None
        else {
            "start": start,
            "end": end,
            "granularity": t[i["period_granularity"]],
            "label": t[i["period_label"]],
        },
        "modality": t[i["modality"]],
        "speaker": t[i["speaker"]],
        "speaker_original": t[i["speaker_original"]],
        "evidence": {
            "text": t[i["evidence_text"]],
            "start": t[i["evidence_start"]],
            "end": t[i["evidence_end"]],
        },
        "confidence": t[i["confidence"]],
        "surface": t[i["surface"]],
        "rules": list(t[i["rules"]] or []),
        "extractor_version": t[i["extractor_version"]],
        "published_at": t[i["published_at"]],
        "recorded_at": t[i["recorded_at"]],
        "article_url": t[i["article_url"]],
        "article_source": t[i["article_source"]],
        "copy_of": t[i["copy_of"]],
        "value_usd": usd.value_usd,
        "fx": usd.fx,
    }


def series_point(p: SeriesPoint, rates: Rates) -> dict[str, Any]:
    """A point of a series in the shape of schemas.SeriesPoint, its claims (if it kept them)
    with their US dollar values at the rates in force."""
    when = datetime.combine(p.start, time(), tzinfo=UTC)
    period = None
    if p.end is not None:
        period = {"start": p.start, "end": p.end, "granularity": p.granularity, "label": p.label}
    return {
        "time": when,
        "period": period,
        "label": (p.label or p.start.isoformat()) if p.end is not None else p.start.isoformat(),
        "value": p.value,
        "min": p.min,
        "max": p.max,
        "claims": p.claims,
        "sources": p.sources,
        "converted": p.converted,
        # claims PostgreSQL wrote as JSON go into the body as they are
        "items": orjson.Fragment("[" + p.items_json + "]")
        if p.items_json is not None
        else [claim_row_json(c, rates) for c in p.items],
    }


def claim_json(c: Any, a: Article, rates: Rates) -> dict[str, Any]:
    """claim_row_json for an ORM Claim of the article `a`."""
    extra = {
        "article_url": a.url,
        "article_source": a.source,
        "copy_of": a.copy_of,
    }
    row = tuple(extra[k] if k in extra else getattr(c, k) for k in _ROW_INDEX)
    return claim_row_json(row, rates)


def article_summary(a: Article, claim_count: int) -> schemas.ArticleSummary:
    return schemas.ArticleSummary(
        id=a.id,
        url=a.url,
        title=a.title,
        source=a.source,
        published_at=a.published_at,
        published_at_source=a.published_at_source,  # type: ignore[arg-type]
        published_at_evidence=a.published_at_evidence,
        received_at=a.received_at,
        extractor_version=a.extractor_version,
        extraction=a.extraction,  # type: ignore[arg-type]
        extracted_to=a.extracted_to,
        language=a.language,
        copy_of=a.copy_of,
        claim_count=claim_count,
    )


def article_out(a: Article, rates: Rates, *, duplicate: bool = False) -> schemas.ArticleOut:
    summary = article_summary(a, len(a.claims))
    return schemas.ArticleOut(
        **summary.model_dump(),
        text=a.text,
        duplicate=duplicate,
        claims=[schemas.ClaimOut.model_validate(claim_json(c, a, rates)) for c in a.claims],
    )


_JOB_STATES = {
    "todo": "queued",
    "doing": "running",
    "succeeded": "succeeded",
    "failed": "failed",
    "cancelled": "cancelled",
    "aborting": "running",
    "aborted": "cancelled",
}


def job_accepted(job_id: int, article_id: int) -> dict[str, Any]:
    """A job just enqueued, as schemas.JobOut."""
    return {
        "id": job_id,
        "state": "queued",
        "attempts": 0,
        "error": None,
        "article_id": article_id,
        "article": None,
    }


def job_out(job: repository.JobRow, article: Article | None, rates: Rates) -> schemas.JobOut:
    return schemas.JobOut(
        id=job.id,
        state=_JOB_STATES.get(job.status, "queued"),  # type: ignore[arg-type]
        attempts=job.attempts,
        error=job.error,
        article_id=job.article_id,
        article=article_out(article, rates) if article is not None else None,
    )


def to_json(data: Any) -> bytes:
    """Plain data as JSON: datetimes in RFC 3339 with Z for UTC, as pydantic writes them."""
    return orjson.dumps(data, option=orjson.OPT_UTC_Z)


def json_with_etag(
    request: Request, model: BaseModel | list[Any] | dict[str, Any], status: int = 200
) -> Response:
    """A JSON response with a strong ETag; a matching If-None-Match gets 304 and no body."""
    if isinstance(model, BaseModel):
        body = model.model_dump_json().encode()
    elif isinstance(model, dict) or not any(isinstance(m, BaseModel) for m in model):
        body = to_json(model)
    else:
        body = (
            b"["
            + b",".join(
                m.model_dump_json().encode() if isinstance(m, BaseModel) else to_json(m)
                for m in model
            )
            + b"]"
        )
    return cached_json(request, body, etag_of(body), status)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cached_json(request: Request, body: bytes, etag: str, status: int = 200) -> Response:
    """A JSON body with its ETag; a matching If-None-Match gets 304 and no body."""
    inm = request.headers.get("if-none-match")
    if (inm and etag in [t.strip().removeprefix("W/") for t in inm.split(",")]) or inm == "*":
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, status_code=status, media_type="application/json", headers={"ETag": etag})


CLAIM_CSV_COLUMNS = [
    "claim_id",
    "article_id",
    "pair_a",
    "pair_b",
    "origin",
    "destination",
    "metric",
    "measure",
    "value",
    "unit",
    "approximation",
    "period_start",
    "period_end",
    "period_label",
    "modality",
    "speaker",
    "speaker_original",
    "confidence",
    "published_at",
    "recorded_at",
    "extractor_version",
    "article_url",
    "article_source",
    "copy_of",
    "surface",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "value_usd",
    "fx_rate",
    "fx_rate_date",
    "fx_basis",
    "fx_source",
    "fx_reason",
]
_EXPORT_INDEX = {col.key: i for i, col in enumerate(repository.EXPORT_COLUMNS)}


def claim_csv_row(values: tuple[Any, ...], rates: Rates) -> list[Any]:
    """A row of repository.EXPORT_COLUMNS, and its US dollar value, as CSV cells: empty for
    null, ISO for times. `copy_of` names the original of a claim of a syndicated copy."""
    i = _EXPORT_INDEX
    usd = rates.convert(
        values[i["value"]],
        values[i["unit"]],
        values[i["period_start"]],
        values[i["period_end"]],
        values[i["published_at"]].date(),
    )
    fx = usd.fx or {}
    out: list[Any] = []
    for v in (
        *values,
        usd.value_usd,
        fx.get("rate"),
        fx.get("rate_date"),
        fx.get("basis"),
        fx.get("source"),
        fx.get("reason"),
    ):
        if v is None:
            out.append("")
        elif isinstance(v, float):
            out.append(repr(v))
        elif hasattr(v, "isoformat"):
            out.append(v.isoformat())
        else:
            out.append(v)
    return out


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """RFC 4180 CSV, a chunk at a time, so any size of result streams in flat memory."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()
