"""Value types shared by the extraction steps.

Every item found in a text keeps its span (character offsets into the text it was
found in) and its raw surface, so a claim can always be traced back to its words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Approximation = Literal["exact", "about", "at_least", "at_most"]
Metric = Literal["turnover", "exports", "imports", "investment"]
Measure = Literal["level", "growth_pct", "growth_abs"]
Modality = Literal["actual", "target", "forecast"]
Granularity = Literal["day", "month", "quarter", "half", "year", "fiscal_year", "range"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount or a percentage as written in the text.

    `kind` keeps percentage points apart from percents; `low`/`high` keep both ends of
    a range ("$24-24.5 billion"), whose `value` is the midpoint.
    """

    value: float
    unit: str  # ISO 4217 code, "percent" or "percentage_points"
    kind: Literal["money", "percent", "percentage_points"]
    approximation: Approximation
    span: Span
    surface: str
    low: float | None = None
    high: float | None = None
    rule: str = ""  # which grammar rule produced it
    shared: bool = False  # a currency surface several countries share ("Rs", "Sh", "pounds")


@dataclass(frozen=True, slots=True)
class CountryMention:
    iso3: str
    span: Span
    surface: str
    kind: Literal["name", "official", "short", "adjective", "demonym", "capital", "code"]


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    granularity: Granularity
    span: Span | None = None
    surface: str = ""
    rule: str = ""  # the grammar rule that read it ("month_range", "fiscal_label" ...)


@dataclass(frozen=True, slots=True)
class PublicationDate:
    value: date
    source: Literal["given", "text", "received"]
    span: Span | None = None
    surface: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    pair: tuple[str, str]
    origin: str | None
    destination: str | None
    metric: Metric
    measure: Measure
    value: float | None
    unit: str | None
    approximation: Approximation
    period: Period | None
    modality: Modality
    speaker: str | None
    evidence: Evidence
    confidence: float
    surface: str = ""  # the raw figure text, beside the parsed value
    rules: tuple[str, ...] = field(default_factory=tuple)
    # the speaker's name as the article writes it, where `speaker` is its Latin form (the
    # Russian "Алексей Оверчук" of "Alexei Overchuk"); None in English articles
    speaker_original: str | None = None
