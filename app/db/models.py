"""The stored records: articles, the claims extracted from them, API keys, idempotency replays.

A claim keeps three times apart: the period it refers to (`period_start`/`period_end`), when
it was stated (`published_at`, copied from its article so time-series queries need no join),
and when it was recorded here (`recorded_at`, with `extractor_version`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always hands back an aware datetime, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


# SQLite gives a new row max(rowid) + 1 unless the table is AUTOINCREMENT, so deleting the
# newest article would hand its id (and its claims' ids) to the next one: a client holding the
# old id would read another article, and a claims cursor would skip the row that took a freed
# id. PostgreSQL's sequences never go back. A migration that batch mode makes rebuild one of
# these tables on SQLite passes table_kwargs={"sqlite_autoincrement": True} to keep it so.
_NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = _NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048))
    # Unique: the database, not a check-then-insert, keeps one row per canonical URL and per text.
    canonical_url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    text: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(10))  # text | html: what was posted
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    published_at_source: Mapped[str] = mapped_column(String(10))  # given | text | received
    published_at_evidence: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    extractor_version: Mapped[str] = mapped_column(String(40))
    # complete | truncated: whether extraction read the whole text or stopped at the
    # per-article budget; `extracted_to` is the character offset where it stopped. pending:
    # stored by an asynchronous post and not extracted yet (no claims, extracted_to 0, an
    # empty extractor_version); a queue worker extracts it.
    extraction: Mapped[str] = mapped_column(String(10), default="complete")
    extracted_to: Mapped[int] = mapped_column(Integer)
    # the language the article was read in ("en", "ru"); null: one the extractor does not read
    language: Mapped[str | None] = mapped_column(String(12), index=True)
    # the first stored article this one is a syndicated copy of (app/services/copies.py):
    # its claims are kept, and counted with the original's as one source
    copy_of: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )

    claims: Mapped[list[Claim]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Claim.id",
    )


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_pair_metric", "pair_a", "pair_b", "metric", "id"),
        # serves a pair's series: one ordered range scan per (metric, measure, modality, unit);
        # on PostgreSQL it also carries what a series' rate look-up reads (an index-only scan)
        Index(
            "ix_claims_series",
            "pair_a",
            "pair_b",
            "metric",
            "measure",
            "modality",
            "unit",
            "published_at",
            postgresql_include=["period_start", "period_end", "value"],
        ),
        Index("ix_claims_pair_a", "pair_a", "id"),
        Index("ix_claims_pair_b", "pair_b", "id"),
        _NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    pair_a: Mapped[str] = mapped_column(String(3))
    pair_b: Mapped[str] = mapped_column(String(3))
    origin: Mapped[str | None] = mapped_column(String(3))
    destination: Mapped[str | None] = mapped_column(String(3))
    metric: Mapped[str] = mapped_column(String(12))
    measure: Mapped[str] = mapped_column(String(12))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    approximation: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    period_granularity: Mapped[str | None] = mapped_column(String(12))
    period_label: Mapped[str | None] = mapped_column(String(40))
    modality: Mapped[str] = mapped_column(String(10))
    speaker: Mapped[str | None] = mapped_column(String(200))
    # the speaker's name as a non-English article writes it ("Алексей Оверчук")
    speaker_original: Mapped[str | None] = mapped_column(String(200))
    evidence_text: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    surface: Mapped[str] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(Float)
    rules: Mapped[list[str]] = mapped_column(JSON)
    extractor_version: Mapped[str] = mapped_column(String(40))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The claim as the API serves it, written once as JSON when the claim is stored: its
    # fields from `pair` to `article_source`, without the braces (repository.claim_item_body).
    # A series of thousands of claims on PostgreSQL is these texts joined, with the ids, the
    # article's `copy_of` and the US dollar value of the day's rates put around them. Claims
    # are never updated, only replaced, so it cannot go stale. NULL for claims stored before
    # it existed: those are built when read.
    item_json: Mapped[str | None] = mapped_column(Text, deferred=True)
    # Copied from the article, so that a series counts sources without a join to articles:
    # the article's copy_of, and the source a claim counts under (present.source_key: a
    # copy's original's source or URL, else the article's own; NULL for an article with
    # neither, which counts as "article:<article_id>"). Written with the claim, and rewritten
    # whenever an article's copy_of changes (repository.refresh_claim_sources).
    copy_of: Mapped[int | None] = mapped_column(Integer)
    source_key: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="claims")


class ApiKey(Base):
    __tablename__ = "api_keys"
    __table_args__ = _NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(10))  # ingest | admin
    prefix: Mapped[str] = mapped_column(String(16))  # shown in listings; the key itself never is
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IdempotencyRecord(Base):
    """The first response to a request with an `Idempotency-Key`, replayed for its retries."""

    __tablename__ = "idempotency_records"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class PairStat(Base):
    """Claims per pair and metric, kept in step with `claims` by the same transactions that
    write them, so `GET /v1/pairs` reads a few thousand rows instead of grouping millions."""

    __tablename__ = "pair_stats"

    pair_a: Mapped[str] = mapped_column(String(3), primary_key=True)
    pair_b: Mapped[str] = mapped_column(String(3), primary_key=True)
    metric: Mapped[str] = mapped_column(String(12), primary_key=True)
    claims: Mapped[int] = mapped_column(Integer)
    first_published: Mapped[datetime] = mapped_column(UTCDateTime)
    last_published: Mapped[datetime] = mapped_column(UTCDateTime)
    # when the row last changed: with the row count, a fingerprint of the whole table that
    # lets GET /v1/pairs answer from a cached body until any pair changes
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class JobError(Base):
    """Why a queue job's latest attempt failed (the queue itself keeps only its state)."""

    __tablename__ = "job_errors"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleSignature(Base):
    """An article's MinHash signature (app/services/copies.py), to compare a candidate copy."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    minhash: Mapped[bytes] = mapped_column(LargeBinary)


class ArticleBand(Base):
    """The LSH index of the signatures: an article under each of its (band, bucket) keys, so
    the earlier articles that may be copies of a new one are an indexed lookup."""

    __tablename__ = "article_bands"

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class FxRate(Base):
    """The operator's exchange rates, for currencies and days the ECB does not publish:
    `per_usd` units of `currency` per US dollar on `day`, and where that figure comes from."""

    __tablename__ = "fx_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    per_usd: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OfficialStat(Base):
    """A figure of official trade statistics, in UN Comtrade's layout: what `reporter` says it
    traded with `partner` (exports to it, imports from it, or both: turnover) in a period.
    Posting the same reporter, partner, flow, period and source again replaces the figure."""

    __tablename__ = "official_stats"
    __table_args__ = (
        UniqueConstraint(
            "reporter",
            "partner",
            "flow",
            "period_start",
            "period_end",
            "source",
            name="uq_official_stats_row",
        ),
        _NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reporter: Mapped[str] = mapped_column(String(3))
    partner: Mapped[str] = mapped_column(String(3))
    flow: Mapped[str] = mapped_column(String(10))  # exports | imports | turnover
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
