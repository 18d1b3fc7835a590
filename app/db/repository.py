"""Queries. Routes and services go through here; nothing else builds SQL."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import (
    Date,
    Float,
    Row,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    delete,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.sql.elements import ColumnElement

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

# The article a syndicated copy copies: its source is the one a copy's claims count under
# (refresh_claim_sources writes it onto them).
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
    if session.get_bind().dialect.name == "postgresql":
        # two array parameters, not an OR of one condition per band: a statement SQLAlchemy
        # builds in a fraction of the time, and PostgreSQL plans as one probe per band
        params = {"bands": [b for b, _ in bands], "buckets": [k for _, k in bands]}
        return [(i, c, bytes(m)) for i, c, m in session.execute(_CANDIDATES_PG, params)]
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
    """The signature and its bands, as two statements (core inserts: the ORM's unit of work
    cost about 2 ms an article for rows nothing reads back)."""
    session.execute(insert(ArticleSignature).values(article_id=article_id, minhash=minhash))
    if not bands:
        return
    if session.get_bind().dialect.name == "postgresql":
        # one statement of three parameters: the bands as two arrays (a VALUES of 26 rows
        # costs SQLAlchemy about 1.8 ms an article to build, this 0.2 ms)
        session.execute(
            _BANDS_FROM_ARRAYS,
            {"bands": [b for b, _ in bands], "buckets": [k for _, k in bands], "id": article_id},
        )
    else:
        session.execute(
            insert(ArticleBand),
            [{"band": b, "bucket": k, "article_id": article_id} for b, k in bands],
        )


_BANDS = "unnest(CAST(:bands AS smallint[]), CAST(:buckets AS bigint[])) AS u(b, k)"
_BANDS_FROM_ARRAYS = text(
    f"INSERT INTO article_bands (band, bucket, article_id) SELECT b, k, :id FROM {_BANDS}"
)
# the articles under any of the bands: an index probe per band, from a join to the two arrays
_CANDIDATES_PG = text(
    "SELECT a.id, a.copy_of, s.minhash FROM articles a "
    "JOIN article_signatures s ON s.article_id = a.id "
    "WHERE a.id IN (SELECT ab.article_id FROM article_bands ab "
    f"JOIN {_BANDS} ON ab.band = u.b AND ab.bucket = u.k) "
    "ORDER BY a.id"
)


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
    refresh_claim_sources(session, Claim.article_id.in_(copies))


def adopt_copies(session: Session, originals: set[int], article_id: int) -> int:
    """Make `originals` and their copies copies of the earlier `article_id`; how many."""
    stmt = (
        update(Article)
        .where(or_(Article.id.in_(originals), Article.copy_of.in_(originals)))
        .values(copy_of=article_id)
    )
    adopted = int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]
    copies = select(Article.id).where(Article.copy_of == article_id).scalar_subquery()
    refresh_claim_sources(session, Claim.article_id.in_(copies))
    return adopted


def claim_source_key(session: Session, article: Article) -> str | None:
    """The source the claims of `article` count under (models.Claim.source_key): a copy's
    original's source or URL (else the original itself), an original's own source or URL,
    or None for an original with neither ("article:<id>" once it has an id)."""
    if article.copy_of is None:
        return article.source or article.url
    row = session.execute(
        select(Article.source, Article.url).where(Article.id == article.copy_of)
    ).first()
    return (row.source or row.url if row else None) or f"article:{article.copy_of}"


def refresh_claim_sources(session: Session, which: ColumnElement[bool]) -> None:
    """Copy each article's copy_of and source key onto its claims (`which` chooses the
    claims), after the article's copy_of has changed."""
    key = (
        select(
            case(
                (
                    Article.copy_of.is_not(None),
                    func.coalesce(
                        Original.source,
                        Original.url,
                        literal("article:") + cast(Article.copy_of, Text),
                    ),
                ),
                else_=func.coalesce(Article.source, Article.url),
            )
        )
        .select_from(Article)
        .outerjoin(Original, Original.id == Article.copy_of)
        .where(Article.id == Claim.article_id)
        .scalar_subquery()
    )
    copy_of = select(Article.copy_of).where(Article.id == Claim.article_id).scalar_subquery()
    session.execute(
        update(Claim).where(which).values(copy_of=copy_of, source_key=key),
        execution_options={"synchronize_session": False},
    )


def articles_after(session: Session, after_id: int, limit: int) -> list[Article]:
    stmt = select(Article).where(Article.id > after_id).order_by(Article.id).limit(limit)
    return list(session.scalars(stmt))


# -- pair stats -------------------------------------------------------------------------------
def add_pair_stats(session: Session, claims: Sequence[Claim]) -> None:
    """Count new claims into pair_stats, in the caller's transaction. An upsert, so
    concurrent writers of the same pair add up instead of overwriting each other; one
    statement for every article (its compiled form cached, executed once per row), and the rows
    in key order, so that two writers lock the pairs they share in the same order."""
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
        for (a, b, m), ts in sorted(grouped.items())
    ]
    session.execute(_pair_stats_upsert(session.get_bind().dialect.name), rows)


@cache
def _pair_stats_upsert(dialect: str) -> Any:
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(PairStat)
    excluded = stmt.excluded
    pg = dialect == "postgresql"
    least, greatest = (func.least, func.greatest) if pg else (func.min, func.max)
    return stmt.on_conflict_do_update(
        index_elements=[PairStat.pair_a, PairStat.pair_b, PairStat.metric],
        set_={
            "claims": PairStat.claims + excluded.claims,
            "updated_at": excluded.updated_at,
            "first_published": least(PairStat.first_published, excluded.first_published),
            "last_published": greatest(PairStat.last_published, excluded.last_published),
        },
    )


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
# (a claim's copy of its article's copy_of is read from the article here, as it always was;
# its source_key is the source it counts under, kept with it: present.source_key)
CLAIM_ROW_COLUMNS = (
    *(c for c in Claim.__table__.columns if c.key not in ("item_json", "copy_of")),
    Article.url.label("article_url"),
    Article.source.label("article_source"),
    Article.copy_of.label("copy_of"),
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
    Claim.source_key,
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


# -- series aggregated in PostgreSQL ----------------------------------------------------------
# PostgreSQL aggregates a series in the database: medians with percentile_cont over the series
# index, each point's claims as their stored JSON joined there (string_agg). The US dollar
# values stay those of the rates in force when read: the rate of each currency and period (or
# publication day) a series holds is worked out in Python (app/services/fx.py) and sent with
# the query as one JSON value, in which each claim looks its rate up.


@dataclass(frozen=True)
class ConversionKey:
    unit: str
    period_start: date | None
    period_end: date | None
    day: date  # the publication day, in UTC
    claims: int


@dataclass(frozen=True)
class Conversions:
    """How a series' claims convert to US dollars, by `conversion_key`: [units per US dollar,
    or None for no rate; the index of the conversion's `fx` JSON text in `fx`]. US dollar
    claims need none: `usd_fx` is theirs."""

    by_key: dict[str, tuple[float | None, int]]
    fx: list[str]
    usd_fx: str


def conversion_key(unit: str, start: date | None, end: date | None, day: date) -> str:
    """A claim's conversion's key, as _conversion_key_sql writes it in the database."""
    return f"{unit}|{start.isoformat() if start else ''}|{end.isoformat() if end else ''}|{day}"


def _conversion_key_sql() -> ColumnElement[Any]:
    def iso(d: Any) -> ColumnElement[str]:
        return func.coalesce(func.to_char(d, "YYYY-MM-DD"), literal(""))

    return (
        Claim.unit
        + literal("|")
        + iso(Claim.period_start)
        + literal("|")
        + iso(Claim.period_end)
        + literal("|")
        + iso(_utc_day(Claim.published_at))
    )


def _utc_day(column: Any) -> ColumnElement[date]:
    return cast(func.timezone("UTC", column), Date)


def _is_currency(column: Any) -> ColumnElement[bool]:
    return column.regexp_match("^[A-Z]{3}$")


def conversion_keys(session: Session, f: ClaimFilters) -> list[ConversionKey]:
    """The currencies, periods and publication days of a series' money claims not stated in
    US dollars: what their dollar values depend on (app/services/fx.Rates.convert)."""
    stmt = (
        _claims_select(f, articles=False)
        .with_only_columns(
            Claim.unit, Claim.period_start, Claim.period_end, _utc_day(Claim.published_at)
        )
        .where(Claim.value.is_not(None), _is_currency(Claim.unit), Claim.unit != "USD")
        .subquery()
    )
    grouped = select(*stmt.c, func.count()).group_by(*stmt.c)
    return [ConversionKey(r[0], r[1], r[2], r[3], int(r[4])) for r in session.execute(grouped)]


def claim_item_body(c: Any, url: str | None, source: str | None) -> str:
    """Claim.item_json for a claim about to be stored (of an article at `url`, from `source`):
    app/api/present.py's claim_row_json from `pair` to `article_source`, without the braces."""
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
        "speaker_original": c.speaker_original,
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
    return orjson.dumps(body, option=orjson.OPT_UTC_Z).decode()[1:-1]


def _item_head_pg() -> ColumnElement[str]:
    """A claim's JSON text up to its dollar value (`...,"copy_of":7`, no closing brace): its
    stored item_json with its ids and its article's copy_of around it, or (claims stored
    before item_json) built by the database."""
    stored = (
        literal('{"id":')
        + cast(Claim.id, Text)
        + literal(',"article_id":')
        + cast(Claim.article_id, Text)
        + literal(",")
        + Claim.item_json
        + literal(',"copy_of":')
        + func.coalesce(cast(Claim.copy_of, Text), literal("null"))
    )
    return case((Claim.item_json.is_not(None), stored), else_=func.left(_claim_json_pg(), -1))


def _article_field(column: Any) -> Any:
    """A field of the claim's article, looked up only where it is read (a claim stored before
    item_json: PostgreSQL runs the sub-select of a CASE branch only when it takes it)."""
    return select(column).where(Article.id == Claim.article_id).scalar_subquery()


def _claim_json_pg() -> ColumnElement[Any]:
    """A claim as JSON built by PostgreSQL, field for field what app/api/present.py's
    claim_row_json writes up to `copy_of` (tests/api/test_series_pg.py holds the two to each
    other)."""
    period = case(
        (
            Claim.period_start.is_not(None) & Claim.period_end.is_not(None),
            func.json_build_object(
                *("start", Claim.period_start, "end", Claim.period_end),
                *("granularity", Claim.period_granularity, "label", Claim.period_label),
            ),
        ),
        else_=None,
    )
    built = func.json_build_object(
        *("id", Claim.id, "article_id", Claim.article_id),
        *("pair", func.json_build_array(Claim.pair_a, Claim.pair_b)),
        *("origin", Claim.origin, "destination", Claim.destination),
        *("metric", Claim.metric, "measure", Claim.measure),
        *("value", Claim.value, "unit", Claim.unit, "approximation", Claim.approximation),
        *("period", period, "modality", Claim.modality, "speaker", Claim.speaker),
        *("speaker_original", Claim.speaker_original),
        "evidence",
        func.json_build_object(
            "text", Claim.evidence_text, "start", Claim.evidence_start, "end", Claim.evidence_end
        ),
        *("confidence", Claim.confidence, "surface", Claim.surface),
        *("rules", func.coalesce(Claim.rules, cast(literal("[]"), Claim.rules.type))),
        *("extractor_version", Claim.extractor_version),
        *("published_at", _rfc3339(Claim.published_at)),
        *("recorded_at", _rfc3339(Claim.recorded_at)),
        *("article_url", _article_field(Article.url)),
        *("article_source", _article_field(Article.source)),
        *("copy_of", Claim.copy_of),
    )
    return cast(built, Text)


def _rfc3339(column: Any) -> ColumnElement[str]:
    """A timestamptz as orjson writes an aware UTC datetime: `Z`, microseconds only if any."""
    utc = func.timezone("UTC", column)
    micro = case(
        (func.extract("microseconds", column) % 1_000_000 != 0, func.to_char(utc, ".US")),
        else_=literal(""),
    )
    return func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS') + micro + literal("Z")


def series_points_pg(
    session: Session,
    f: ClaimFilters,
    unit: str,
    axis: str,
    conversions: Conversions,
    *,
    in_usd: bool,
    with_items: bool,
) -> list[tuple[Any, ...]]:
    """A series' points in time order, aggregated by PostgreSQL (see above): per point its
    start, end (None by publication day), granularity, label, median, minimum, maximum, claims,
    sources, claims converted from another unit, and its claims' JSON (None without items).
    In US dollars (`in_usd`) every money claim counts at its dollar value, and those without
    one are left out; otherwise the claims stated in `unit`."""
    # The conversions travel as two JSON values: a claim looks its rate up in the first (a
    # search in one jsonb value; a join to the rows of arrays was a nested loop over both),
    # its `fx` text in the second. PostgreSQL parses such a value when it plans, once for each
    # place the query names it: each is named once, and the claims' rows, with the rate each
    # found, are fenced (OFFSET 0) so that the look-up is not copied into every use of it.
    keys = cast(bindparam("conversions", orjson.dumps(conversions.by_key).decode()), JSONB)
    texts = cast(bindparam("conversion_fx", orjson.dumps(conversions.fx).decode()), JSONB)
    # the source a claim counts under, as stored with it (models.Claim.source_key): no join
    src = func.coalesce(Claim.source_key, literal("article:") + cast(Claim.article_id, Text))
    columns: list[Any] = [
        Claim.id,
        Claim.published_at,
        Claim.period_start,
        Claim.period_end,
        Claim.period_granularity,
        Claim.period_label,
        Claim.unit,
        Claim.value,
        src.label("src"),
        func.jsonb_extract_path(keys, _conversion_key_sql()).label("hit"),
    ]
    if with_items:
        columns.append(_item_head_pg().label("head"))
    base = (
        _claims_select(f, articles=False)
        .with_only_columns(*columns)
        .where(Claim.value.is_not(None))
    )
    if in_usd:
        base = base.where(Claim.unit.is_not(None), Claim.unit != "percent")
    else:
        base = base.where(Claim.unit == unit)
    if axis == "period":
        base = base.where(Claim.period_start.is_not(None), Claim.period_end.is_not(None))
    rows = base.offset(0).subquery("rows")

    is_usd = rows.c.unit == "USD"
    per_usd = cast(func.jsonb_extract_path_text(rows.c.hit, literal("0")), Float)
    # the same division as fx.Rates.convert's, in float8 (orjson wrote the rate exactly)
    value_usd = case((is_usd, rows.c.value), else_=rows.c.value / per_usd)
    v = value_usd if in_usd else rows.c.value
    keyed: list[Any] = [
        rows.c.id,
        rows.c.published_at,
        rows.c.period_start,
        rows.c.period_end,
        rows.c.period_granularity,
        rows.c.period_label,
        rows.c.unit,
        rows.c.src,
        v.label("v"),
    ]
    if with_items:
        fx = case(
            (is_usd, literal(conversions.usd_fx)),
            else_=func.jsonb_extract_path_text(
                texts, func.jsonb_extract_path_text(rows.c.hit, literal("1"))
            ),
        )
        keyed.append(
            (
                rows.c.head
                + literal(',"value_usd":')
                + func.coalesce(cast(value_usd, Text), literal("null"))
                + literal(',"fx":')
                + func.coalesce(fx, literal("null"))
                + literal("}")
            ).label("j")
        )
    sub = select(*keyed).subquery("valued")
    group: list[Any]
    if axis == "period":
        group = [sub.c.period_start, sub.c.period_end]
        extra: list[Any] = [
            func.mode().within_group(sub.c.period_granularity),
            func.mode().within_group(sub.c.period_label),
        ]
    else:
        group = [cast(func.timezone("UTC", sub.c.published_at), Date)]
        extra = [literal(None), literal(None)]
    items = (
        func.string_agg(sub.c.j, aggregate_order_by(literal(","), sub.c.published_at, sub.c.id))
        if with_items
        else literal(None)
    )
    stmt = (
        select(
            *group,
            *extra,
            func.percentile_cont(0.5).within_group(sub.c.v),
            func.min(sub.c.v),
            func.max(sub.c.v),
            func.count(),
            func.count(sub.c.src.distinct()),
            func.count().filter(sub.c.unit != unit),
            items,
        )
        .where(sub.c.v.is_not(None))
        .group_by(*group)
        .order_by(*group)
    )
    out = []
    for row in session.execute(stmt):
        if axis == "period":
            out.append(tuple(row))
        else:
            out.append((row[0], None, *row[1:]))
    return out


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
