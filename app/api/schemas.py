"""Request and response models: the API's contract. ORM classes never leave through here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

SEED_EXAMPLE = (
    "Nursultan Nazarbayev met Vladimir Putin in Sochi. \u201cOur trade turnover is about "
    "16 billion dollars,\u201d the Head of State said."
)


class ArticleIn(BaseModel):
    """One article as an ingestion bot posts it: `text` or `html`, and what it knows about it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": SEED_EXAMPLE,
                    "url": "https://example.org/news/kz-ru-talks",
                    "title": "Nazarbayev and Putin meet in Sochi",
                    "source": "example.org",
                    "published_at": "2018-05-15T09:00:00Z",
                }
            ]
        },
    )

    text: str | None = Field(default=None, max_length=2_000_000)
    html: str | None = Field(default=None, max_length=2_000_000)
    url: HttpUrl | None = None
    title: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=200)
    published_at: datetime | None = None

    @field_validator("text", "html", "title", "source")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    @field_validator("published_at")
    @classmethod
    def _not_in_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value > datetime.now(UTC) + timedelta(days=1):
            raise ValueError("is more than a day in the future")
        if value.year < 1900:
            raise ValueError("is before 1900")
        return value

    @model_validator(mode="after")
    def _exactly_one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` and `html`")
        body = self.text if self.text is not None else self.html
        if body is not None and not body.strip():
            raise ValueError("the article text is empty")
        return self


class PeriodOut(BaseModel):
    start: date
    end: date
    granularity: str | None = None
    label: str | None = None


class EvidenceOut(BaseModel):
    text: str
    start: int
    end: int


class ClaimOut(BaseModel):
    """A claim in the contract's shape, with where it came from and when it was recorded."""

    id: int
    article_id: int
    pair: list[str] = Field(min_length=2, max_length=2)
    origin: str | None
    destination: str | None
    metric: Literal["turnover", "exports", "imports", "investment"]
    measure: Literal["level", "growth_pct", "growth_abs"]
    value: float | None
    unit: str | None
    approximation: Literal["exact", "about", "at_least", "at_most"]
    period: PeriodOut | None
    modality: Literal["actual", "target", "forecast"]
    speaker: str | None
    evidence: EvidenceOut
    confidence: float = Field(ge=0, le=1)
    surface: str
    rules: list[str]
    extractor_version: str
    published_at: datetime
    recorded_at: datetime
    article_url: str | None = None
    article_source: str | None = None


class ArticleSummary(BaseModel):
    id: int
    url: str | None
    title: str | None
    source: str | None
    published_at: datetime
    published_at_source: Literal["given", "text", "received"]
    published_at_evidence: str | None
    received_at: datetime
    extractor_version: str
    extraction: Literal["complete", "truncated"] = Field(
        description="`complete`: claims were sought in the whole text; `truncated`: the text is "
        "longer than the per-article budget (EXTRACT_MAX_CHARS) and extraction stopped at "
        "`extracted_to`, the end of the last sentence inside the budget"
    )
    extracted_to: int = Field(
        ge=0,
        description="the character offset into `text` where extraction stopped (the text's "
        "length when complete); claims and their evidence lie before it",
    )
    claim_count: int


class ArticleOut(ArticleSummary):
    text: str
    duplicate: bool = False
    claims: list[ClaimOut]


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next_cursor: str | None


class BatchItemResult(BaseModel):
    index: int
    status: Literal["created", "duplicate", "error"]
    http_status: int
    article_id: int | None = None
    claim_count: int | None = None
    error: dict[str, object] | None = None


class BatchOut(BaseModel):
    created: int
    duplicates: int
    errors: int
    items: list[BatchItemResult]


class MetricCount(BaseModel):
    metric: str
    claims: int


class PairOut(BaseModel):
    pair: list[str]
    claims: int
    by_metric: list[MetricCount]
    first_published: datetime
    last_published: datetime


class SeriesPoint(BaseModel):
    time: datetime
    period: PeriodOut | None
    label: str
    value: float
    min: float
    max: float
    claims: int
    sources: int
    items: list[ClaimOut]


class SeriesOut(BaseModel):
    pair: list[str]
    metric: str
    measure: str
    unit: str | None
    axis: Literal["period", "stated"]
    as_of: date | None
    points: list[SeriesPoint]


class SeriesRow(BaseModel):
    time: datetime
    period: str
    value: float
    min: float
    max: float
    unit: str | None
    claims: int
    sources: int
