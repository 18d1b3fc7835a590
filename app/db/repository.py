"""Queries. Routes and services go through here; nothing else builds SQL."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Select, and_, delete, false, func, literal, or_, select, update
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased, selectinload

from app.db.models import (
    ApiKey,
    Article,
    ArticleBand,
    ArticleSignature,
    Claim,
    FxRate,
    IdempotencyRecord,
    JobError,
    OfficialStat,
    PairStat,
    utcnow,
)

# The article a syndicated copy copies: its source is the one a copy's claims count under.
Original = aliased(Article, name="original")


def _insert(session: Session):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, for ON CONFLICT upserts (both databases have them)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


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
    _promote_copies(session, article_id)
    session.execute(delete(ArticleBand).where(ArticleBand.article_id == article_id))
    session.execute(delete(ArticleSignature).where(ArticleSignature.article_id == article_id))
    result = session.execute(delete(Article).where(Article.id == article_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# -- syndicated copies ------------------------------------------------------------------------
def copy_candidates(
    session: Session, bands: Sequence[tuple[int, int]]
) -> list[tuple[int, int | None, bytes]]:
    """(id, copy_of, signature) of every stored article sharing an LSH band with `bands`."""
    if not bands:
        return []
    hits = (
        select(ArticleBand.article_id)
        .where(or_(*(and_(ArticleBand.band == b, ArticleBand.bucket == k) for b, k in bands)))
        .distinct()
        .subquery()
    )
    stmt = (
        select(Article.id, Article.copy_of, ArticleSignature.minhash)
        .join(hits, hits.c.article_id == Article.id)
        .join(ArticleSignature, ArticleSignature.article_id == Article.id)
        .order_by(Article.id)
    )
    return [(i, c, bytes(m)) for i, c, m in session.execute(stmt)]


def add_signature(
    session: Session, article_id: int, minhash: bytes, bands: Sequence[tuple[int, int]]
) -> None:
    session.add(ArticleSignature(article_id=article_id, minhash=minhash))
    session.add_all(ArticleBand(band=b, bucket=k, article_id=article_id) for b, k in bands)


def has_signature(session: Session, article_id: int) -> bool:
    return session.get(ArticleSignature, article_id) is not None


def _promote_copies(session: Session, article_id: int) -> None:
    """Before an original goes, its first copy becomes the original of the others."""
    copies = list(
        session.scalars(
            select(Article.id).where(Article.copy_of == article_id).order_by(Article.id)
        )
    )
    if not copies:
        return
    first, rest = copies[0], copies[1:]
    session.execute(update(Article).where(Article.id == first).values(copy_of=None))
    if rest:
        session.execute(update(Article).where(Article.id.in_(rest)).values(copy_of=first))


def adopt_copies(session: Session, originals: set[int], article_id: int) -> int:
    """Make `originals` and their copies copies of the earlier `article_id`; how many."""
    stmt = (
        update(Article)
        .where(or_(Article.id.in_(originals), Article.copy_of.in_(originals)))
        .values(copy_of=article_id)
    )
    return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def articles_after(session: Session, after_id: int, limit: int) -> list[Article]:
    stmt = select(Article).where(Article.id > after_id).order_by(Article.id).limit(limit)
    return list(session.scalars(stmt))


# -- pair stats -------------------------------------------------------------------------------
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
    stmt = _insert(session)(PairStat).values(rows)
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
    *Claim.__table__.columns,
    Article.url.label("article_url"),
    Article.source.label("article_source"),
    Article.copy_of.label("copy_of"),
    Original.url.label("original_url"),
    Original.source.label("original_source"),
)


def _claims_select(
    f: ClaimFilters, *, articles: bool = True
) -> Select[Claim, str | None, str | None]:
    """The claims matching `f`, joined to their articles (and a copy's original) unless
    `articles` is False and no filter needs them (a count of claims has no use for one article
    look-up per claim)."""
    if articles or f.source is not None:
        stmt = (
            select(Claim, Article.url, Article.source)
            .join(Article, Claim.article_id == Article.id)
            .outerjoin(Original, Article.copy_of == Original.id)
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
    Claim.speaker_original,
    Claim.confidence,
    Claim.published_at,
    Claim.recorded_at,
    Claim.extractor_version,
    Article.url,
    Article.source,
    Article.copy_of,
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


def series_claims(session: Session, f: ClaimFilters) -> list[ClaimRow]:
    stmt = (
        _claims_select(f)
        .with_only_columns(*CLAIM_ROW_COLUMNS)
        .order_by(Claim.published_at, Claim.id)
    )
    return list(session.execute(stmt).all())


# What a series point is aggregated from when it does not list its claims: none of the
# evidence text, surface and rules that make most of a claim row's bytes.
SERIES_COLUMNS = (
    Claim.id,
    Claim.article_id,
    Claim.value,
    Claim.unit,
    Claim.period_start,
    Claim.period_end,
    Claim.period_granularity,
    Claim.period_label,
    Claim.published_at,
    Article.url.label("article_url"),
    Article.source.label("article_source"),
    Article.copy_of.label("copy_of"),
    Original.url.label("original_url"),
    Original.source.label("original_source"),
)


def series_rows(session: Session, f: ClaimFilters, *, full: bool) -> list[ClaimRow]:
    """The claims of a series with a value, in publication order: whole claim rows
    (`full`, for a series that lists its claims), or only SERIES_COLUMNS."""
    stmt = (
        _claims_select(f)
        .with_only_columns(*(CLAIM_ROW_COLUMNS if full else SERIES_COLUMNS))
        .where(Claim.value.is_not(None))
        .order_by(Claim.published_at, Claim.id)
    )
    return list(session.execute(stmt).all())


def article_texts(session: Session, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Article.id, Article.text).where(Article.id.in_(ids))).all())


# -- exchange rates ---------------------------------------------------------------------------
def fx_fingerprint(session: Session) -> str:
    """Changes whenever the operator's rates do: a load stamps every row it writes."""
    n, latest = session.execute(select(func.count(), func.max(FxRate.loaded_at))).one()
    return f"{n}:{latest.isoformat() if latest else '-'}"


def fx_rows(session: Session) -> list[tuple[str, date, float, str]]:
    stmt = select(FxRate.currency, FxRate.day, FxRate.per_usd, FxRate.source)
    return [tuple(r) for r in session.execute(stmt)]  # type: ignore[misc]


def upsert_fx_rates(session: Session, rows: Sequence[tuple[str, date, float, str]]) -> None:
    """Write the rates, replacing those of the same currency and day, in the caller's
    transaction."""
    now = utcnow()
    insert_ = _insert(session)
    for i in range(0, len(rows), 1000):
        values = [
            {"currency": c, "day": d, "per_usd": r, "source": s, "loaded_at": now}
            for c, d, r, s in rows[i : i + 1000]
        ]
        stmt = insert_(FxRate).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[FxRate.currency, FxRate.day],
            set_={
                "per_usd": stmt.excluded.per_usd,
                "source": stmt.excluded.source,
                "loaded_at": stmt.excluded.loaded_at,
            },
        )
        session.execute(stmt)


# -- official statistics ----------------------------------------------------------------------
OFFICIAL_KEY = ("reporter", "partner", "flow", "period_start", "period_end", "source")


def upsert_official(session: Session, rows: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """Write official figures, replacing those with the same key (OFFICIAL_KEY), in the
    caller's transaction. Returns (inserted, replaced)."""
    if not rows:
        return 0, 0
    table = OfficialStat.__table__
    existing = 0
    for i in range(0, len(rows), 500):
        chunk = rows[i : i + 500]
        keys = [tuple(r[k] for k in OFFICIAL_KEY) for r in chunk]
        cols = [table.c[k] for k in OFFICIAL_KEY]
        existing += (
            session.scalar(
                select(func.count())
                .select_from(OfficialStat)
                .where(
                    or_(*(and_(*(c == v for c, v in zip(cols, key, strict=True))) for key in keys))
                )
            )
            or 0
        )
        stmt = _insert(session)(OfficialStat).values([{**r, "loaded_at": utcnow()} for r in chunk])
        stmt = stmt.on_conflict_do_update(
            index_elements=cols,
            set_={
                "value": stmt.excluded.value,
                "currency": stmt.excluded.currency,
                "loaded_at": stmt.excluded.loaded_at,
            },
        )
        session.execute(stmt)
    return len(rows) - existing, existing


def official_for_pair(session: Session, a: str, b: str) -> list[OfficialStat]:
    """Every official figure either country reports of its trade with the other."""
    stmt = (
        select(OfficialStat)
        .where(
            or_(
                and_(OfficialStat.reporter == a, OfficialStat.partner == b),
                and_(OfficialStat.reporter == b, OfficialStat.partner == a),
            )
        )
        .order_by(OfficialStat.period_start, OfficialStat.period_end, OfficialStat.id)
    )
    return list(session.scalars(stmt))


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
