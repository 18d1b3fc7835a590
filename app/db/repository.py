"""Queries. Routes and services go through here; nothing else builds SQL."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from statistics import median
from typing import Any, Literal

import orjson
from sqlalchemy import (
    ColumnElement,
    Date,
    Row,
    Select,
    Text,
    case,
    cast,
    delete,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from app.db.models import (
    ApiKey,
    Article,
    Claim,
    IdempotencyRecord,
    JobError,
    PairStat,
    utcnow,
)


# -- articles ---------------------------------------------------------------------------------
def find_duplicate(session: Session, canonical_url: str | None, text_hash: str) -> Article | None:
    conds = [Article.text_hash == text_hash]
    if canonical_url:
        conds.append(Article.canonical_url == canonical_url)
    stmt = select(Article).where(or_(*conds)).options(selectinload(Article.claims)).limit(1)
    return session.scalars(stmt).first()


def add_article(session: Session, article: Article) -> None:
    session.add(article)


def get_article(session: Session, article_id: int) -> Article | None:
    stmt = select(Article).where(Article.id == article_id).options(selectinload(Article.claims))
    return session.scalars(stmt).first()


def lock_article(session: Session, article_id: int) -> Article | None:
    """The article, its row locked until the transaction ends (PostgreSQL; SQLite has one
    writer at a time anyway)."""
    stmt = select(Article).where(Article.id == article_id).with_for_update()
    return session.scalars(stmt).first()


def article_exists(session: Session, article_id: int) -> bool:
    return session.scalar(select(Article.id).where(Article.id == article_id)) is not None


def claim_counts(session: Session, article_ids: Sequence[int]) -> dict[int, int]:
    if not article_ids:
        return {}
    stmt = (
        select(Claim.article_id, func.count())
        .where(Claim.article_id.in_(article_ids))
        .group_by(Claim.article_id)
    )
    return {aid: n for aid, n in session.execute(stmt)}


def list_articles(
    session: Session,
    *,
    source: str | None,
    published_from: datetime | None,
    published_to: datetime | None,
    after_id: int | None,
    limit: int,
) -> list[Article]:
    stmt = select(Article).order_by(Article.id).limit(limit)
    if source is not None:
        stmt = stmt.where(Article.source == source)
    if published_from is not None:
        stmt = stmt.where(Article.published_at >= published_from)
    if published_to is not None:
        stmt = stmt.where(Article.published_at <= published_to)
    if after_id is not None:
        stmt = stmt.where(Article.id > after_id)
    return list(session.scalars(stmt))


def remove_claims(session: Session, article_id: int) -> None:
    """Delete an article's claims and recount the pairs they were in."""
    keys = session.execute(
        select(Claim.pair_a, Claim.pair_b, Claim.metric)
        .where(Claim.article_id == article_id)
        .distinct()
    ).all()
    session.execute(delete(Claim).where(Claim.article_id == article_id))
    for a, b, metric in keys:
        _recount_pair(session, a, b, metric)


def articles_not_at_version(
    session: Session, version: str, *, after_id: int, limit: int
) -> list[Article]:
    stmt = (
        select(Article)
        .where(Article.extractor_version != version, Article.id > after_id)
        .order_by(Article.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def article_ids_not_at_version(
    session: Session, version: str, *, after_id: int, limit: int
) -> list[int]:
    stmt = (
        select(Article.id)
        .where(Article.extractor_version != version, Article.id > after_id)
        .order_by(Article.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def delete_article(session: Session, article_id: int) -> bool:
    # Claims are deleted explicitly as well as by the foreign key's cascade, so SQLite
    # connections without foreign_keys=ON cannot leave orphans.
    remove_claims(session, article_id)
    result = session.execute(delete(Article).where(Article.id == article_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def add_pair_stats(session: Session, claims: Sequence[Claim]) -> None:
    """Count new claims into pair_stats, in the caller's transaction. An upsert, so
    concurrent writers of the same pair add up instead of overwriting each other."""
    grouped: dict[tuple[str, str, str], list[datetime]] = {}
    for c in claims:
        grouped.setdefault((c.pair_a, c.pair_b, c.metric), []).append(c.published_at)
    if not grouped:
        return
    now = utcnow()
    rows = [
        {
            "pair_a": a,
            "pair_b": b,
            "metric": m,
            "claims": len(ts),
            "first_published": min(ts),
            "last_published": max(ts),
            "updated_at": now,
        }
        for (a, b, m), ts in grouped.items()
    ]
    dialect = session.get_bind().dialect.name
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert_(PairStat).values(rows)
    excluded = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=[PairStat.pair_a, PairStat.pair_b, PairStat.metric],
        set_={
            "claims": PairStat.claims + excluded.claims,
            "updated_at": excluded.updated_at,
            "first_published": func.least(PairStat.first_published, excluded.first_published)
            if dialect == "postgresql"
            else func.min(PairStat.first_published, excluded.first_published),
            "last_published": func.greatest(PairStat.last_published, excluded.last_published)
            if dialect == "postgresql"
            else func.max(PairStat.last_published, excluded.last_published),
        },
    )
    session.execute(stmt)


def _recount_pair(session: Session, a: str, b: str, metric: str) -> None:
    n, first, last = session.execute(
        select(func.count(), func.min(Claim.published_at), func.max(Claim.published_at)).where(
            Claim.pair_a == a, Claim.pair_b == b, Claim.metric == metric
        )
    ).one()
    key = (PairStat.pair_a == a, PairStat.pair_b == b, PairStat.metric == metric)
    if not n:
        session.execute(delete(PairStat).where(*key))
        return
    stat = session.get(PairStat, (a, b, metric))
    if stat is not None:
        stat.claims, stat.first_published, stat.last_published = n, first, last
        stat.updated_at = utcnow()


# -- claims -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClaimFilters:
    country: str | None = None
    partner: str | None = None
    strict_direction: bool = False
    metric: str | None = None
    measure: str | None = None
    modality: str | None = None
    unit: str | None = None
    period_from: date | None = None
    period_to: date | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    speaker: str | None = None
    source: str | None = None
    min_confidence: float | None = None
    origin: str | None = None


# A claim as a plain row (attribute access by column name) with its article's url and source:
# what reads serve. Loading ORM objects instead costs several times more per claim.
ClaimRow = Row[Any]
CLAIM_ROW_COLUMNS = (
    *(c for c in Claim.__table__.columns if c.key != "item_json"),
    Article.url.label("article_url"),
    Article.source.label("article_source"),
)


def _claims_select(
    f: ClaimFilters, *, articles: bool = True
) -> Select[Claim, str | None, str | None]:
    """The claims matching `f`, joined to their articles unless `articles` is False and no
    filter needs them (a count of claims has no use for one article look-up per claim)."""
    if articles or f.source is not None:
        stmt = select(Claim, Article.url, Article.source).join(
            Article, Claim.article_id == Article.id
        )
    else:
        stmt = select(Claim, literal(None), literal(None))
    if f.country and f.partner:
        if f.strict_direction:
            stmt = stmt.where(Claim.origin == f.country, Claim.destination == f.partner)
        else:
            a, b = sorted((f.country, f.partner))
            stmt = stmt.where(Claim.pair_a == a, Claim.pair_b == b)
    elif f.country:
        if f.strict_direction:
            stmt = stmt.where(Claim.origin == f.country)
        else:
            stmt = stmt.where(or_(Claim.pair_a == f.country, Claim.pair_b == f.country))
    elif f.partner:
        if f.strict_direction:
            stmt = stmt.where(Claim.destination == f.partner)
        else:
            stmt = stmt.where(or_(Claim.pair_a == f.partner, Claim.pair_b == f.partner))
    for column, value in (
        (Claim.metric, f.metric),
        (Claim.measure, f.measure),
        (Claim.modality, f.modality),
        (Claim.unit, f.unit),
        (Claim.origin, f.origin),
        (Article.source, f.source),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if f.period_from and f.period_to and f.period_from > f.period_to:
        stmt = stmt.where(false())  # an empty range holds no period
    if f.period_from is not None:
        stmt = stmt.where(Claim.period_end >= f.period_from)
    if f.period_to is not None:
        stmt = stmt.where(Claim.period_start <= f.period_to)
    if f.published_from is not None:
        stmt = stmt.where(Claim.published_at >= f.published_from)
    if f.published_to is not None:
        stmt = stmt.where(Claim.published_at <= f.published_to)
    if f.speaker:
        stmt = stmt.where(func.lower(Claim.speaker).contains(f.speaker.lower(), autoescape=True))
    if f.min_confidence is not None:
        stmt = stmt.where(Claim.confidence >= f.min_confidence)
    return stmt


def list_claims(
    session: Session, f: ClaimFilters, *, after_id: int | None, limit: int
) -> list[ClaimRow]:
    stmt = _claims_select(f).with_only_columns(*CLAIM_ROW_COLUMNS).order_by(Claim.id).limit(limit)
    if after_id is not None:
        stmt = stmt.where(Claim.id > after_id)
    return list(session.execute(stmt).all())


# The columns of a claim as exported, in order: plain values, no ORM objects per row.
EXPORT_COLUMNS = (
    Claim.id,
    Claim.article_id,
    Claim.pair_a,
    Claim.pair_b,
    Claim.origin,
    Claim.destination,
    Claim.metric,
    Claim.measure,
    Claim.value,
    Claim.unit,
    Claim.approximation,
    Claim.period_start,
    Claim.period_end,
    Claim.period_label,
    Claim.modality,
    Claim.speaker,
    Claim.confidence,
    Claim.published_at,
    Claim.recorded_at,
    Claim.extractor_version,
    Article.url,
    Article.source,
    Claim.surface,
    Claim.evidence_start,
    Claim.evidence_end,
    Claim.evidence_text,
)


def iter_claim_values(
    session: Session, f: ClaimFilters, *, batch: int = 5000
) -> Iterator[tuple[Any, ...]]:
    """Every matching claim as a tuple of EXPORT_COLUMNS, in id order, read in keyset batches
    of plain rows so memory stays flat for any size of result."""
    after: int | None = None
    while True:
        stmt = _claims_select(f).with_only_columns(*EXPORT_COLUMNS).order_by(Claim.id)
        if after is not None:
            stmt = stmt.where(Claim.id > after)
        rows = session.execute(stmt.limit(batch)).all()
        yield from (tuple(r) for r in rows)
        if len(rows) < batch:
            return
        after = rows[-1][0]


def pair_stats_fingerprint(session: Session) -> str:
    """Changes whenever any pair's stats change: rows added or removed (the count) or updated
    (the latest change)."""
    n, latest = session.execute(select(func.count(), func.max(PairStat.updated_at))).one()
    return f"{n}:{latest.isoformat() if latest else '-'}"


def pair_summaries(session: Session) -> list[tuple[str, str, str, int, datetime, datetime]]:
    stmt = select(
        PairStat.pair_a,
        PairStat.pair_b,
        PairStat.metric,
        PairStat.claims,
        PairStat.first_published,
        PairStat.last_published,
    ).order_by(PairStat.pair_a, PairStat.pair_b, PairStat.metric)
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]


def unit_counts(session: Session, f: ClaimFilters) -> list[tuple[str | None, int]]:
    sub = _claims_select(f, articles=False).with_only_columns(Claim.unit).subquery()
    stmt = select(sub.c.unit, func.count()).group_by(sub.c.unit).order_by(func.count().desc())
    return [(u, n) for u, n in session.execute(stmt)]


@dataclass
class SeriesPoint:
    """One point of a pair's series: the claims of one reference period (axis `period`) or one
    publication day (axis `stated`), aggregated. Its claims come either as rows (`items`) or,
    on PostgreSQL, already as a JSON array built by the database (`items_json`)."""

    start: date  # the period's start, or the day
    end: date | None  # the period's end; None on the `stated` axis
    granularity: str | None
    label: str | None
    value: float  # the median
    min: float
    max: float
    claims: int
    sources: int
    items: list[ClaimRow] = field(default_factory=list)
    items_json: str | None = None


Axis = Literal["period", "stated"]


def series_points(
    session: Session, f: ClaimFilters, axis: Axis, *, with_items: bool
) -> list[SeriesPoint]:
    """The series of the claims matching `f`, one point per period or publication day, in
    time order. A point's label and granularity are the most common among its claims (ties:
    the first in sort order, as PostgreSQL's mode() chooses), its sources the distinct
    articles' sources (or URLs, or ids), its value the median.

    PostgreSQL aggregates in the database (percentile_cont over the series index) and builds
    each point's claims as JSON there; SQLite, the small embedded default, in Python."""
    if session.get_bind().dialect.name == "postgresql":
        return _series_points_pg(session, f, axis, with_items)
    rows = session.execute(
        _claims_select(f)
        .with_only_columns(*CLAIM_ROW_COLUMNS)
        .where(Claim.value.is_not(None))
        .order_by(Claim.published_at, Claim.id)
    ).all()
    groups: dict[tuple[date, date | None], list[ClaimRow]] = defaultdict(list)
    for c in rows:
        if axis == "stated":
            groups[(c.published_at.date(), None)].append(c)
        elif c.period_start is not None and c.period_end is not None:
            groups[(c.period_start, c.period_end)].append(c)
    points = []
    for (start, end), members in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or kv[0][0])
    ):
        values = [float(c.value) for c in members]
        points.append(
            SeriesPoint(
                start=start,
                end=end,
                granularity=_mode(c.period_granularity for c in members) if end else None,
                label=_mode(c.period_label for c in members) if end else None,
                value=median(values),
                min=min(values),
                max=max(values),
                claims=len(members),
                sources=len(
                    {c.article_source or c.article_url or str(c.article_id) for c in members}
                ),
                items=list(members) if with_items else [],
            )
        )
    return points


def _mode(values: Any) -> Any:
    """The most common non-null value; of equally common ones the first in sort order."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)


def claim_item_tail(c: Claim, url: str | None, source: str | None) -> str:
    """Claim.item_json for a claim about to be stored: app/api/present.py's claim_row_json
    without its first two fields (the ids, not known before the insert)."""
    period = None
    if c.period_start is not None and c.period_end is not None:
        period = {
            "start": c.period_start,
            "end": c.period_end,
            "granularity": c.period_granularity,
            "label": c.period_label,
        }
    body = {
        "pair": [c.pair_a, c.pair_b],
        "origin": c.origin,
        "destination": c.destination,
        "metric": c.metric,
        "measure": c.measure,
        "value": c.value,
        "unit": c.unit,
        "approximation": c.approximation,
        "period": period,
        "modality": c.modality,
        "speaker": c.speaker,
        "evidence": {"text": c.evidence_text, "start": c.evidence_start, "end": c.evidence_end},
        "confidence": c.confidence,
        "surface": c.surface,
        "rules": list(c.rules or []),
        "extractor_version": c.extractor_version,
        # as read back from the database: in UTC, whatever offset the post gave
        "published_at": c.published_at.astimezone(UTC),
        "recorded_at": c.recorded_at.astimezone(UTC),
        "article_url": url,
        "article_source": source,
    }
    return orjson.dumps(body, option=orjson.OPT_UTC_Z).decode()[1:]


def _item_text_pg() -> ColumnElement[str]:
    """A claim's JSON text: its stored item_json behind its ids, or built when it has none."""
    stored = (
        literal('{"id":')
        + cast(Claim.id, Text)
        + literal(',"article_id":')
        + cast(Claim.article_id, Text)
        + literal(",")
        + Claim.item_json
    )
    return case((Claim.item_json.is_not(None), stored), else_=cast(_claim_json_pg(), Text))


def _rfc3339(column: Any) -> ColumnElement[str]:
    """A timestamptz as pydantic and orjson write it: UTC, `Z`, microseconds only if any."""
    utc = func.timezone("UTC", column)
    micro = case(
        (func.extract("microseconds", column) % 1_000_000 != 0, func.to_char(utc, ".US")),
        else_=literal(""),
    )
    return func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS') + micro + literal("Z")


def _claim_json_pg() -> ColumnElement[Any]:
    """A claim as JSON built by PostgreSQL, field for field what app/api/present.py's
    claim_row_json writes (tests/api/test_claims_and_pairs.py holds the two to each other)."""
    period = case(
        (
            Claim.period_start.is_not(None) & Claim.period_end.is_not(None),
            func.json_build_object(
                "start",
                Claim.period_start,
                "end",
                Claim.period_end,
                "granularity",
                Claim.period_granularity,
                "label",
                Claim.period_label,
            ),
        ),
        else_=None,
    )
    return func.json_build_object(
        *("id", Claim.id, "article_id", Claim.article_id),
        *("pair", func.json_build_array(Claim.pair_a, Claim.pair_b)),
        *("origin", Claim.origin, "destination", Claim.destination),
        *("metric", Claim.metric, "measure", Claim.measure),
        *("value", Claim.value, "unit", Claim.unit, "approximation", Claim.approximation),
        *("period", period, "modality", Claim.modality, "speaker", Claim.speaker),
        "evidence",
        func.json_build_object(
            "text", Claim.evidence_text, "start", Claim.evidence_start, "end", Claim.evidence_end
        ),
        *("confidence", Claim.confidence, "surface", Claim.surface),
        *("rules", func.coalesce(Claim.rules, cast(literal("[]"), Claim.rules.type))),
        *("extractor_version", Claim.extractor_version),
        *("published_at", _rfc3339(Claim.published_at)),
        *("recorded_at", _rfc3339(Claim.recorded_at)),
        *("article_url", Article.url, "article_source", Article.source),
    )


def _series_points_pg(
    session: Session, f: ClaimFilters, axis: Axis, with_items: bool
) -> list[SeriesPoint]:
    columns: list[Any] = [
        Claim.id,
        Claim.value,
        Claim.period_start,
        Claim.period_end,
        Claim.period_granularity,
        Claim.period_label,
        Claim.published_at,
        func.coalesce(Article.source, Article.url, cast(Claim.article_id, Text)).label("src"),
    ]
    if with_items:
        columns.append(_item_text_pg().label("j"))
    base = _claims_select(f).with_only_columns(*columns).where(Claim.value.is_not(None))
    if axis == "period":
        base = base.where(Claim.period_start.is_not(None), Claim.period_end.is_not(None))
    sub = base.subquery()
    if axis == "period":
        keys: list[Any] = [sub.c.period_start, sub.c.period_end]
        extra: list[Any] = [
            func.mode().within_group(sub.c.period_granularity),
            func.mode().within_group(sub.c.period_label),
        ]
    else:
        keys = [cast(func.timezone("UTC", sub.c.published_at), Date)]
        extra = [literal(None), literal(None)]
    # the texts joined in the database: a memory copy, where json_agg would take each apart
    items = (
        literal("[")
        + func.string_agg(sub.c.j, aggregate_order_by(literal(","), sub.c.published_at, sub.c.id))
        + literal("]")
        if with_items
        else literal(None)
    )
    stmt = (
        select(
            *keys,
            *extra,
            func.percentile_cont(0.5).within_group(sub.c.value),
            func.min(sub.c.value),
            func.max(sub.c.value),
            func.count(),
            func.count(sub.c.src.distinct()),
            items,
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    points = []
    for row in session.execute(stmt):
        start, end, rest = (
            (row[0], row[1], row[2:]) if axis == "period" else (row[0], None, row[1:])
        )
        granularity, label, value, lo, hi, n, sources, items_json = rest
        points.append(
            SeriesPoint(
                start=start,
                end=end,
                granularity=granularity,
                label=label,
                value=float(value),
                min=float(lo),
                max=float(hi),
                claims=int(n),
                sources=int(sources),
                items_json=items_json,
            )
        )
    return points


# -- API keys ---------------------------------------------------------------------------------
def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def add_api_key(session: Session, *, name: str, scope: str, raw_key: str) -> ApiKey:
    key = ApiKey(name=name, scope=scope, prefix=raw_key[:12], key_hash=hash_key(raw_key))
    session.add(key)
    return key


def list_api_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_api_key(session: Session, key_id: int) -> bool:
    key = session.get(ApiKey, key_id)
    if key is None or key.revoked_at is not None:
        return False
    key.revoked_at = utcnow()
    return True


def any_active_key(session: Session) -> bool:
    stmt = select(ApiKey.id).where(ApiKey.revoked_at.is_(None)).limit(1)
    return session.scalars(stmt).first() is not None


def find_active_key(session: Session, raw_key: str) -> ApiKey | None:
    digest = hash_key(raw_key)
    key = session.scalars(
        select(ApiKey).where(ApiKey.key_hash == digest, ApiKey.revoked_at.is_(None))
    ).first()
    # The lookup is by hash, so timing cannot reveal the key; compare_digest keeps the final
    # equality check constant-time as well.
    if key is not None and hmac.compare_digest(key.key_hash, digest):
        return key
    return None


# -- idempotency ------------------------------------------------------------------------------
def get_idempotency(session: Session, key: str) -> IdempotencyRecord | None:
    return session.get(IdempotencyRecord, key)


def add_idempotency(
    session: Session, *, key: str, request_hash: str, status_code: int, body: Any
) -> None:
    session.add(
        IdempotencyRecord(key=key, request_hash=request_hash, status_code=status_code, body=body)
    )


def delete_idempotency(session: Session, key: str) -> None:
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.key == key))


def purge_idempotency(session: Session, before: datetime) -> int:
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


# -- queue jobs -------------------------------------------------------------------------------
# procrastinate's own table, read as it stands in its schema (migrations/sql): the few columns
# a job's status needs. It exists on PostgreSQL only.
_JOBS = sql_table(
    "procrastinate_jobs",
    sql_column("id"),
    sql_column("status"),
    sql_column("attempts"),
    sql_column("args"),
)


@dataclass(frozen=True)
class JobRow:
    id: int
    status: str  # todo | doing | succeeded | failed | cancelled | aborting | aborted
    attempts: int
    article_id: int | None
    error: str | None


def _has_queue(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def get_job(session: Session, job_id: int) -> JobRow | None:
    if not _has_queue(session):
        return None
    row = session.execute(
        select(_JOBS.c.id, _JOBS.c.status, _JOBS.c.attempts, _JOBS.c.args, JobError.error)
        .outerjoin(JobError, JobError.job_id == _JOBS.c.id)
        .where(_JOBS.c.id == job_id)
    ).first()
    if row is None:
        return None
    article_id = (row.args or {}).get("article_id")
    return JobRow(row.id, str(row.status), row.attempts, article_id, row.error)


def job_counts(session: Session) -> dict[str, int]:
    if not _has_queue(session):
        return {}
    stmt = select(_JOBS.c.status, func.count()).group_by(_JOBS.c.status)
    return {str(status): n for status, n in session.execute(stmt)}


def record_job_error(session: Session, job_id: int, error: str) -> None:
    existing = session.get(JobError, job_id)
    if existing is None:
        session.add(JobError(job_id=job_id, error=error))
    else:
        existing.error, existing.failed_at = error, utcnow()
