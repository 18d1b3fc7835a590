"""Request and response models: the API's contract. ORM classes never leave through here."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from app.api import contract, examples


class ArticleIn(BaseModel):
    """One article as an ingestion bot posts it: exactly one of `text` and `html` (not blank),
    and what it knows about it. Every rule here is in the OpenAPI document as well: the field
    constraints and patterns of app/api/contract.py are both what is checked and what is
    published (the friendly messages below say the same thing first, in words)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [examples.ARTICLE_IN]},
    )

    text: str | None = Field(default=None, max_length=2_000_000, pattern=contract.TEXT)
    html: str | None = Field(default=None, max_length=2_000_000, pattern=contract.HTML)
    url: (
        Annotated[
            HttpUrl,
            WithJsonSchema(
                {
                    "type": "string",
                    "format": "uri",
                    "minLength": 1,
                    "maxLength": 2083,
                    "pattern": contract.URL,
                }
            ),
        ]
        | None
    ) = None
    title: str | None = Field(default=None, max_length=1000, pattern=contract.NO_NUL)
    source: str | None = Field(default=None, max_length=200, pattern=contract.NO_NUL)
    published_at: (
        Annotated[datetime, WithJsonSchema({"type": "string", "pattern": contract.PUBLISHED_AT})]
        | None
    ) = Field(
        default=None,
        description="a date (YYYY-MM-DD) or an RFC 3339 date-time, from 1900-01-01 up to "
        "tomorrow (UTC) as written, offset -14:00 to +14:00; without an offset it is UTC",
    )

    @field_validator("text", "html", "title", "source", mode="before")
    @classmethod
    def _readable(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value  # None, or a wrong type that the field's own check names
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        if info.field_name in ("text", "html") and not value.strip():
            raise ValueError("the article text is empty")
        if info.field_name == "html" and not _HTML.fullmatch(value):
            raise ValueError("the HTML has no readable text outside its tags")
        return value

    @field_validator("url", mode="before")
    @classmethod
    def _http_url(cls, value: object) -> object:
        if isinstance(value, str) and not _URL.fullmatch(value):
            raise ValueError("must be an http or https URL")
        return value

    @field_validator("published_at", mode="before")
    @classmethod
    def _written_date(cls, value: object) -> object:
        # strictly a string: a number is not a date (1.9 was read as 1970-01-01T00:00:01.9Z)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("must be a string: a date or an RFC 3339 date-time")
        if not _PUBLISHED_AT.fullmatch(value):
            if value[:4].isdigit() and value[:4] < "1900":
                raise ValueError("is before 1900")
            raise ValueError(contract.DESCRIPTIONS[contract.QUERY_DATETIME])
        latest = contract.latest_publication_date(datetime.now(UTC).date())
        if date.fromisoformat(value[:10]) > latest:
            raise ValueError("is more than a day in the future")
        return value

    @field_validator("published_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    @model_validator(mode="after")
    def _exactly_one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` and `html`")
        return self


_HTML = re.compile(contract.HTML[1:-1])
_URL = re.compile(contract.URL[1:-1])
_PUBLISHED_AT = re.compile(contract.PUBLISHED_AT[1:-1])


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
    extraction: Literal["complete", "truncated", "pending"] = Field(
        description="`complete`: claims were sought in the whole text; `truncated`: the text is "
        "longer than the per-article budget (EXTRACT_MAX_CHARS) and extraction stopped at "
        "`extracted_to`, the end of the last sentence inside the budget; `pending`: posted "
        "with `Prefer: respond-async` and not extracted yet (no claims; `extracted_to` 0)"
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
    status: Literal["created", "accepted", "duplicate", "error"]
    http_status: int
    article_id: int | None = None
    claim_count: int | None = None
    job_id: int | None = Field(
        default=None, description="`accepted`: the queue job extracting it (`/v1/jobs/{id}`)"
    )
    error: dict[str, object] | None = None


class BatchOut(BaseModel):
    created: int
    accepted: int = 0
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


class JobOut(BaseModel):
    """A queue job extracting one article (`Prefer: respond-async`, or a re-extraction)."""

    id: int
    state: Literal["queued", "running", "succeeded", "failed", "cancelled"] = Field(
        description="`queued` (waiting, or waiting to be retried), `running`, `succeeded`, "
        "`failed` (every attempt failed; `error` says why), `cancelled`"
    )
    attempts: int = Field(ge=0, description="attempts that ended before this one")
    error: str | None = Field(description="why the latest failed attempt failed")
    article_id: int | None
    article: ArticleOut | None = Field(
        description="once `succeeded`: the article with its claims (null if deleted since)"
    )
