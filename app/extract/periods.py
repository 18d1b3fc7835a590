"""Reference periods: find the time expressions in a sentence and resolve them to dates.

A period is resolved against the article's publication date ("last year", "in January"),
keeps its granularity, and its span and surface in the text. Each grammar rule has an id;
all rules propose candidates, then one overlap policy keeps the longest. Phrases that only
make sense against another period ("a year earlier", "the same period last year") are
resolved after the others, by shifting the nearest period of the sentence.

Choices the claim schema leaves open, made here:
- A month, quarter or half with no year is in the publication year, unless it would end
  after the publication date; then it is the previous year.
- "over the past five years" is a range ending with the year before publication.
- A fiscal year follows the country's table (`data/fiscal_years.tsv`). A known country
  missing from the table keeps a calendar fiscal year; with no country at all, a fiscal year
  runs April-March and a single-year label ("FY23") names the year it ends in.
- A comparison base ("compared with a year earlier", "from 2017") is returned too, its
  surface starting with the comparison word, so `is_comparison` can tell it apart.
- A target prefix ("by 2025", "by the end of 2018") stays in the surface.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, NamedTuple

from app.extract import calendars
from app.extract.calendars import CALENDARS, Calendar
from app.extract.rules import Rule
from app.extract.tables import read_table
from app.extract.text import Tokens
from app.extract.types import Granularity, Period, Span

__all__ = [
    "MONTHS",
    "MONTH_PATTERN",
    "WEEKDAY_PATTERN",
    "find_periods",
    "is_comparison",
    "match_periods",
    "month_count",
    "named_length",
    "period_label",
    "resolve_periods",
]


def _alternation(forms: list[str]) -> str:
    # Longest first, so "sept" is tried before "sep" and "march" before "mar".
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


def _calendar_names() -> tuple[dict[str, int], frozenset[str], str, str]:
    months: dict[str, int] = {}
    full_names: set[str] = set()
    month_forms: list[str] = []
    weekday_forms: list[str] = []
    for row in read_table("months.tsv", ("form", "kind", "number")):
        form, kind = row["form"].lower(), row["kind"]
        number = int(row["number"])
        # Month names match capitalised or in capitals only: "may" and "march" are words.
        variants = [form.capitalize(), form.upper()]
        if kind.startswith("month"):
            months[form] = number
            if kind == "month":
                full_names.add(form)
            month_forms += variants
        elif kind.startswith("weekday"):
            weekday_forms += variants
        else:
            raise ValueError(f"months.tsv: unknown kind {kind!r}")
    month = rf"\b(?:{_alternation(month_forms)})\b\.?"
    weekday = rf"\b(?:{_alternation(weekday_forms)})\b\.?"
    return months, frozenset(full_names), month, weekday


MONTHS, _FULL_MONTHS, MONTH_PATTERN, WEEKDAY_PATTERN = _calendar_names()


def _numbers() -> tuple[dict[str, int], dict[str, int]]:
    cardinals: dict[str, int] = {}
    ordinals: dict[str, int] = {}
    for row in read_table("periods_numbers.tsv", ("word", "kind", "value")):
        target = ordinals if row["kind"] == "ordinal" else cardinals
        target[row["word"].lower()] = int(row["value"])
    return cardinals, ordinals


_CARDINALS, _ORDINALS = _numbers()


class _Relative(NamedTuple):
    unit: Literal["year", "quarter", "month", "fiscal_year"]
    offset: int
    anchor: Literal["publication", "sentence"]
    role: Literal["reference", "comparison"]


def _relatives() -> dict[str, _Relative]:
    table: dict[str, _Relative] = {}
    for row in read_table("periods_relative.tsv", ("phrase", "unit", "offset", "anchor", "role")):
        unit, anchor, role = row["unit"], row["anchor"], row["role"]
        if unit not in ("year", "quarter", "month", "fiscal_year"):
            raise ValueError(f"periods_relative.tsv: unknown unit {unit!r}")
        if anchor not in ("publication", "sentence") or role not in ("reference", "comparison"):
            raise ValueError(f"periods_relative.tsv: bad row {row!r}")
        table[_norm(row["phrase"])] = _Relative(unit, int(row["offset"]), anchor, role)  # type: ignore[arg-type]
    return table


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.strip().lower())


_RELATIVES = _relatives()


def _cues() -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = {}
    for row in read_table("periods_cues.tsv", ("phrase", "role", "weight")):
        by_role.setdefault(row["role"], []).append(row["phrase"].lower())
    return by_role


_CUES = _cues()


def _phrase_pattern(phrases: list[str]) -> str:
    parts = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


class _Fiscal(NamedTuple):
    start_month: int  # the Gregorian month it starts in
    single_year_names: Literal["start", "end"]
    calendar: Calendar = "gregorian"
    calendar_start_month: int = 0  # its first month in `calendar` (start_month if Gregorian)


def _fiscal_table() -> dict[str, _Fiscal]:
    table: dict[str, _Fiscal] = {}
    columns = ("iso3", "start_month", "single_year_names", "calendar", "calendar_start_month")
    for row in read_table("fiscal_years.tsv", columns):
        month, own = int(row["start_month"]), int(row["calendar_start_month"])
        names, cal = row["single_year_names"], row["calendar"]
        if (
            not 1 <= month <= 12
            or not 1 <= own <= 12
            or names not in ("start", "end")
            or cal not in CALENDARS
            or (cal == "gregorian" and own != month)
        ):
            raise ValueError(f"fiscal_years.tsv: bad row {row!r}")
        table[row["iso3"].upper()] = _Fiscal(month, names, cal, own)  # type: ignore[arg-type]
    return table


_FISCAL = _fiscal_table()
_FISCAL_UNKNOWN = _Fiscal(4, "end", "gregorian", 4)  # no country known: the commonest
_FISCAL_CALENDAR = _Fiscal(1, "end", "gregorian", 1)  # a known country absent from the table
# a label year this far past the publication year is the national calendar's own ("2080/81")
_OWN_YEARS_AHEAD = 20


def _fiscal_months(fiscal: _Fiscal, start_year: int, count: int = 12) -> tuple[date, date]:
    """The first day and the last of the first `count` months of the fiscal year that starts
    in Gregorian year `start_year`, counted in the calendar the year is kept in."""
    if fiscal.calendar == "gregorian":
        end_year, end_month = _add_months(start_year, fiscal.start_month, count - 1)
        return date(start_year, fiscal.start_month, 1), _last_day(end_year, end_month)
    own = start_year + calendars.OFFSETS[fiscal.calendar]
    return calendars.months_span(fiscal.calendar, own, fiscal.calendar_start_month, count)


def _fiscal_start_year(fiscal: _Fiscal, day: date) -> int:
    """The Gregorian year the fiscal year holding `day` starts in."""
    if fiscal.calendar == "gregorian":
        return day.year if day.month >= fiscal.start_month else day.year - 1
    own = calendars.year_containing(fiscal.calendar, fiscal.calendar_start_month, day)
    return own - calendars.OFFSETS[fiscal.calendar]


def _gregorian_label(fiscal: _Fiscal, year: int, published: date | None) -> int:
    """A fiscal label's year as the Gregorian year it stands for: "2080/81" in a Nepali
    article is Bikram Sambat 2080, whose fiscal year starts in 2023."""
    if fiscal.calendar == "gregorian":
        return year
    now = published.year if published is not None else date.today().year
    return year - calendars.OFFSETS[fiscal.calendar] if year > now + _OWN_YEARS_AHEAD else year


# --- grammar pieces ---------------------------------------------------------------------

_YEAR = r"(?:19[5-9]\d|20\d\d|2100)(?!\d)"
_DASH = r"(?:-|–|—)"
_MON = MONTH_PATTERN
_NUM = rf"(?:\d{{1,2}}|{_phrase_pattern(list(_CARDINALS))})"
_ORD_QUARTER = r"(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
_YREL = (
    r"(?:this|the\s+current|current|last|the\s+last|the\s+previous|previous|the\s+past|past|next"
    r"|the\s+coming|coming|the)\s+year"
)


def _anchor(tag: str, required: bool = False) -> str:
    """An optional year after a period: "2023", ", 2023", "of 2023", "of this year",
    "period this year" ("the January-June period this year"), also after the period's code
    in brackets ("the first half (H1) of 2017")."""
    body = (
        r"(?:\s*\(\s*(?-i:[A-Z][A-Z0-9]{0,3})\s*\))?"
        rf"(?:\s*,?\s+|\s*,\s*)(?:period\s+)?(?:of\s+|in\s+)?"
        rf"(?:(?P<{tag}y>{_YEAR})|(?P<{tag}r>{_YREL}))"
    )
    return body if required else rf"(?:{body})?"


_REL_OFFSETS = {"this": 0, "current": 0, "the": 0, "last": -1, "previous": -1, "past": -1}
_REL_OFFSETS |= {"next": 1, "coming": 1}


@dataclass(frozen=True, slots=True)
class _Ctx:
    text: str
    published: date | None
    fiscal: _Fiscal


Resolved = tuple[date, date, Granularity]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _default_year(ctx: _Ctx, end_month: int, end_day: int | None = None) -> int | None:
    """The year of a period written without one (see the module notes)."""
    if ctx.published is None:
        return None
    year = ctx.published.year
    end = date(year, end_month, end_day) if end_day else _last_day(year, end_month)
    return year - 1 if end > ctx.published else year


def _year_from(
    m: re.Match[str], tag: str, ctx: _Ctx, end_month: int, end_day: int | None = None
) -> int | None:
    explicit = m.groupdict().get(f"{tag}y")
    if explicit:
        return int(explicit)
    relative = m.groupdict().get(f"{tag}r")
    if relative:
        first = relative.lower().split()
        word = first[1] if first[0] == "the" and len(first) > 2 else first[0]
        if word == "the" or ctx.published is None:
            # "of the year" says no more than no year at all.
            return _default_year(ctx, end_month, end_day)
        return ctx.published.year + _REL_OFFSETS.get(word, 0)
    return _default_year(ctx, end_month, end_day)


def _two_digit(yy: str, near: int | None = None) -> int:
    value = int(yy)
    if near is not None:
        return near - near % 100 + value
    return (1900 if value >= 50 else 2000) + value


def _month(word: str) -> int | None:
    return MONTHS.get(word.rstrip(".").lower())


def _months_span(year: int, first: int, last: int) -> Resolved:
    if first == 1 and last == 12:
        granularity: Granularity = "year"
    elif last - first == 2 and first in (1, 4, 7, 10):
        granularity = "quarter"
    elif last - first == 5 and first in (1, 7):
        granularity = "half"
    elif first == last:
        granularity = "month"
    else:
        granularity = "range"
    return date(year, first, 1), _last_day(year, last), granularity


def _ordinal_value(word: str) -> int | None:
    word = word.lower()
    digits = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word)
    if digits:
        return int(digits.group(1))
    return _ORDINALS.get(word)


def _number_value(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _CARDINALS.get(word)


# --- resolvers ---------------------------------------------------------------------------


def _r_iso_date(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    day = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return day, day, "day"


def _r_numeric_date(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    # Day first unless that cannot be a date: most of our sources write 15.05.2018.
    day, month = (b, a) if b > 12 else (a, b)
    value = date(year, month, day)
    return value, value, "day"


def _r_month_day(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    month = _month(m["mon"])
    day = _ordinal_value(m["d"])
    if month is None or day is None:
        return None
    year = _year_from(m, "a", ctx, month, min(day, 28))
    if year is None:
        return None
    value = date(year, month, day)
    return value, value, "day"


def _r_day_range(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "March 21, 2023 – March 19, 2024", "from 20 March to 19 April": day to day. A range
    without its year is the latest one that has ended by the publication date."""
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    d1, d2 = int(m["d1"]), int(m["d2"])
    if m1 is None or m2 is None or (m["sep"].lower() == "and" and m["pre"] is None):
        return None  # "on March 3, 2024 and April 5": two dates, not a range
    if m["y2"]:
        y2 = int(m["y2"])
    elif ctx.published is not None:
        y2 = ctx.published.year
        if date(y2, m2, min(d2, 28)) > ctx.published:
            y2 -= 1
    else:
        return None
    y1 = int(m["y1"]) if m["y1"] else (y2 if (m1, d1) <= (m2, d2) else y2 - 1)
    start, end = date(y1, m1, d1), date(y2, m2, d2)
    if end <= start:
        return None
    return start, end, "range"


def _r_month_range(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    first, last = _month(m["m1"]), _month(m["m2"])
    if first is None or last is None or last == first:
        return None
    if m["sep"].lower() == "and" and not m["pre"] and last != first + 1:
        return None  # "January and February" is a span; "January and March" two months
    year = _year_from(m, "a", ctx, last)
    if year is None:
        return None
    if last < first:
        # "July-June", "July-May of FY2023-24": a fiscal span that crosses the new year and
        # ends in the year found for its last month
        start = date(year - 1, first, 1)
        return start, _last_day(year, last), "range"
    return _months_span(year, first, last)


def _r_month_range_fiscal(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "April-February 2023-24": months of a split fiscal year, from its first year into its
    second when the span crosses the new year; else in the year its months fall in."""
    first, last = _month(m["m1"]), _month(m["m2"])
    y1 = int(m["y1"])
    y2 = _two_digit(m["y2"], near=y1) if len(m["y2"]) == 2 else int(m["y2"])
    if first is None or last is None or first == last or y2 != y1 + 1:
        return None
    if last < first:
        return date(y1, first, 1), _last_day(y2, last), "range"
    year = y2 if first < ctx.fiscal.start_month else y1
    return _months_span(year, first, last)


def _r_month_range_years(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    first, last = _month(m["m1"]), _month(m["m2"])
    y1, y2 = int(m["y1"]), int(m["y2"])
    if first is None or last is None or (y2, last) <= (y1, first):
        return None
    if first == last and y2 == y1 + 1:
        # "from March 2021 to March 2022": the year to March 2022, as a year-on-year figure
        # is reported, not thirteen months
        start_year, start_month = _add_months(y1, first, 1)
        return date(start_year, start_month, 1), _last_day(y2, last), "range"
    return date(y1, first, 1), _last_day(y2, last), "range"


def _r_month(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    month = _month(m["mon"])
    if month is None:
        return None
    has_year = bool(m["ay"] or m["ar"])
    bare = m["mon"].rstrip(".")
    if (
        not has_year
        and not m["cue"]
        and (bare in ("May", "MAY") or bare.lower() not in _FULL_MONTHS)
    ):
        # "May" is a verb and "Mar"/"Dec" are too short to trust without a year or a cue.
        return None
    year = _year_from(m, "a", ctx, month)
    return None if year is None else _months_span(year, month, month)


def _r_quarter_by_last_month(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    last = _month(m["mon"])
    if last is None or last % 3 != 0:
        return None
    year = int(m["ay"]) if m["ay"] else _year_from(m, "a", ctx, last)
    return None if year is None else _months_span(year, last - 2, last)


def _r_year_by_last_month(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "the October 2018 year": the twelve months that end with that month (a year ending
    in December is the calendar year)."""
    last = _month(m["mon"])
    if last is None or not (m["ay"] or m["the"]):
        return None
    year = int(m["ay"]) if m["ay"] else _year_from(m, "a", ctx, last)
    if year is None:
        return None
    if last == 12:
        return date(year, 1, 1), date(year, 12, 31), "year"
    start_year, start_month = _add_months(year, last, -11)
    return date(start_year, start_month, 1), _last_day(year, last), "range"


def _r_quarter_words(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    word = m["ord"].lower()
    has_year = bool(m["ay"] or m["ar"])
    if word in ("last", "final"):
        if not has_year:
            return None  # "last quarter" alone is the quarter before publication
        quarter = 4
    else:
        quarter = _ordinal_value(word) or 0
    if not 1 <= quarter <= 4:
        return None
    year = _year_from(m, "a", ctx, quarter * 3)
    return None if year is None else _months_span(year, quarter * 3 - 2, quarter * 3)


def _year_of_code(m: re.Match[str], ctx: _Ctx, end_month: int) -> int | None:
    if m.groupdict().get("y"):
        return int(m["y"])
    if m.groupdict().get("yy"):
        return _two_digit(m["yy"])
    return _year_from(m, "a", ctx, end_month)


def _r_quarter_code(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    quarter = int(m["q"])
    year = _year_of_code(m, ctx, quarter * 3)
    return None if year is None else _months_span(year, quarter * 3 - 2, quarter * 3)


def _r_half_words(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    half = _ordinal_value(m["ord"]) or 0
    if half not in (1, 2):
        return None
    year = _year_from(m, "a", ctx, half * 6)
    return None if year is None else _months_span(year, half * 6 - 5, half * 6)


def _r_half_code(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    half = int(m["h"])
    year = _year_of_code(m, ctx, half * 6)
    return None if year is None else _months_span(year, half * 6 - 5, half * 6)


def _r_first_months(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    count = _number_value(m["n"])
    if count is None or not 1 <= count <= 12:
        return None
    year = _year_of_code(m, ctx, count)
    return None if year is None else _months_span(year, 1, count)


def _r_first_quarters(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    count = _number_value(m["n"])
    if count is None or not 2 <= count <= 3:
        return None
    year = _year_of_code(m, ctx, count * 3)
    return None if year is None else _months_span(year, 1, count * 3)


def _r_first_months_fiscal(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """The first N months of a fiscal year named by its label, or against the publication
    date ("of the current fiscal year")."""
    count = _number_value(m["n"])
    if count is None or not 1 <= count <= 12:
        return None
    fiscal = ctx.fiscal
    raw1, raw2 = m["y1"] or m["by1"] or m["ay1"], m["y2"] or m["by2"] or m["ay2"]
    if raw1:
        y1 = int(raw1)
        y2 = _two_digit(raw2, near=y1) if len(raw2) == 2 else int(raw2)
        if y2 != y1 + 1:
            return None
        y1 = _gregorian_label(fiscal, y1, ctx.published)
        start_year = y1 if fiscal.start_month != 1 else y1 + 1
    elif ctx.published is not None:
        start_year = _fiscal_start_year(fiscal, ctx.published)
        if m["rel"] and m["rel"].lower() in ("last", "previous", "past"):
            start_year -= 1
    else:
        return None
    start, end = _fiscal_months(fiscal, start_year, count)
    granularity: Granularity = "fiscal_year" if count == 12 else "range"
    return start, end, granularity


def _r_year_range(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    y1 = int(m["y1"])
    y2 = _two_digit(m["y2"], near=y1) if len(m["y2"]) == 2 else int(m["y2"])
    sep = m["sep"].lower()
    if y2 <= y1 or (sep == "and" and not m["pre"]):
        return None
    fiscal_word = bool(m.groupdict().get("fis"))
    written_as_fiscal = y2 == y1 + 1 and sep in ("-", "–", "—", "/")
    if fiscal_word or (
        written_as_fiscal
        and (ctx.fiscal.start_month != 1 or ctx.fiscal.calendar != "gregorian")
        and ctx.fiscal is not _FISCAL_UNKNOWN
    ):
        return _fiscal_span(ctx.fiscal, y1, y2, ctx.published)
    return date(y1, 1, 1), date(y2, 12, 31), "range"


def _fiscal_span(
    fiscal: _Fiscal, y1: int, y2: int | None, published: date | None = None
) -> Resolved | None:
    """A fiscal year from its label: two years ("2022-23") or one ("FY23")."""
    calendar_year = fiscal.start_month == 1 and fiscal.calendar == "gregorian"
    if y2 is not None:
        if y2 != y1 + 1:
            return None
        if calendar_year:
            return date(y1, 1, 1), date(y2, 12, 31), "range"
        start_year = _gregorian_label(fiscal, y1, published)
    elif calendar_year:
        return date(y1, 1, 1), date(y1, 12, 31), "fiscal_year"
    else:
        y1 = _gregorian_label(fiscal, y1, published)
        start_year = y1 - 1 if fiscal.single_year_names == "end" else y1
    start, end = _fiscal_months(fiscal, start_year)
    return start, end, "fiscal_year"


def _r_months_of_fiscal_label(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """Months of a fiscal year named by its one-year label: "July-December FY24", "6MFY24"
    (its first six months), "the first half of FY24"."""
    raw = m["fy"]
    year = _two_digit(raw) if len(raw) == 2 else int(raw)
    span = _fiscal_span(ctx.fiscal, year, None, ctx.published)
    if span is None:
        return None
    fiscal_start = span[0]
    groups = m.groupdict()
    if groups.get("n"):
        offset, count = 0, int(groups["n"])
    elif groups.get("half"):
        offset, count = (0 if groups["half"].lower() == "first" else 6), 6
    else:
        first, last = _month(m["m1"]), _month(m["m2"])
        if first is None or last is None:
            return None
        offset, count = (first - fiscal_start.month) % 12, (last - first) % 12 + 1
    if count < 1 or offset + count > 12:
        return None
    start_year, start_month = _add_months(fiscal_start.year, fiscal_start.month, offset)
    end_year, end_month = _add_months(start_year, start_month, count - 1)
    return date(start_year, start_month, 1), _last_day(end_year, end_month), "range"


def _r_fiscal(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    raw1, raw2 = m["y1"], m["y2"]
    y1 = _two_digit(raw1) if len(raw1) == 2 else int(raw1)
    y2 = None
    if raw2:
        y2 = _two_digit(raw2, near=y1) if len(raw2) == 2 else int(raw2)
    return _fiscal_span(ctx.fiscal, y1, y2, ctx.published)


def _r_twelve_months_to(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """A year counted back from its last month: "the four quarters to the end of June 2023"."""
    if m["q"] or m["qw"]:
        quarter = (
            int(m["q"])
            if m["q"]
            else ("first", "second", "third", "fourth").index(m["qw"].lower()) + 1
        )
        last: int | None = quarter * 3
    else:
        last = _month(m["mon"])
    if last is None:
        return None
    day = m["d"] or m["d0"]
    year = _year_from(m, "a", ctx, last, int(day) if day and int(day) <= 28 else None)
    if year is None:
        return None
    if day and int(day) < calendar.monthrange(year, last)[1]:
        # "the calendar year to March 20": the year ends that day and starts the day after it
        end = date(year, last, int(day))
        return end.replace(year=year - 1) + timedelta(days=1), end, "range"
    fiscal = ctx.fiscal
    if not day and fiscal.calendar != "gregorian":
        # "the year to March" of an Iranian report: the Iranian year, which ends on 20 March
        start, end = _fiscal_months(fiscal, year - 1 if fiscal.start_month > 1 else year)
        if end.month == last and end.year == year:
            return start, end, "fiscal_year"
    start_year, start_month = _add_months(year, last, -11)
    granularity: Granularity = "fiscal_year" if m["fis"] else "range"
    if last == 12:
        granularity = "year"
    return date(start_year, start_month, 1), _last_day(year, last), granularity


def _r_period_to(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "the period to May": January to that month."""
    last = _month(m["mon"])
    year = _year_from(m, "a", ctx, last) if last is not None else None
    if last is None or year is None:
        return None
    return _months_span(year, 1, last)


def _r_half_year_to(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "the half year to June": the six months that end with that month."""
    last = _month(m["mon"])
    year = _year_from(m, "a", ctx, last) if last is not None else None
    if last is None or year is None:
        return None
    start_year, start_month = _add_months(year, last, -5)
    granularity: Granularity = "half" if last in (6, 12) else "range"
    return date(start_year, start_month, 1), _last_day(year, last), granularity


def _r_full_year(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is not None:
        year = ctx.published.year
    else:
        return None
    return date(year, 1, 1), date(year, 12, 31), "year"


def _r_past_years(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    if ctx.published is None:
        return None
    count = 10 if m["n"] is None else _number_value(m["n"])
    if count is None or not 1 <= count <= 50:
        return None
    last = ctx.published.year - 1
    return date(last - count + 1, 1, 1), date(last, 12, 31), "range"


def _r_since(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    year = int(m["y"])
    if ctx.published is None or ctx.published.year <= year:
        return None
    return date(year, 1, 1), ctx.published, "range"


def _r_year(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    year = int(m["y"])
    return date(year, 1, 1), date(year, 12, 31), "year"


def _relative_unit(unit: str, offset: int, published: date, fiscal: _Fiscal) -> Resolved | None:
    if unit == "year":
        year = published.year + offset
        return date(year, 1, 1), date(year, 12, 31), "year"
    if unit == "month":
        year, month = _add_months(published.year, published.month, offset)
        return date(year, month, 1), _last_day(year, month), "month"
    if unit == "quarter":
        first = (published.month - 1) // 3 * 3 + 1
        year, month = _add_months(published.year, first, offset * 3)
        return date(year, month, 1), _last_day(year, month + 2), "quarter"
    start, end = _fiscal_months(fiscal, _fiscal_start_year(fiscal, published) + offset)
    return start, end, "fiscal_year"


def _r_relative(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    row = _RELATIVES.get(_norm(m["rel"]))
    if row is None or ctx.published is None:
        return None
    return _relative_unit(row.unit, row.offset, ctx.published, ctx.fiscal)


# --- rules -------------------------------------------------------------------------------

Resolver = Callable[[re.Match[str], _Ctx], Resolved | None]

_NOT_MONEY_AFTER = (
    r"(?!\d|[.,]\d|\s*(?:%|percent\b|per\s*cent\b|million\b|billion\b|trillion\b|thousand\b"
    r"|bn\b|mln\b|tons?\b|tonnes?\b|dollars?\b|euros?\b|rubles?\b|roubles?\b|yuan\b|tenge\b"
    r"|USD\b|EUR\b|RUB\b))"
)
_NOT_NUMBER_BEFORE = r"(?<![\d.,$€£¥₽#/])(?<!\d-)(?<!\d–)"
_FISCAL_WORD = r"(?:fiscal|financial)"
# The year after a code such as "Q1" or "H1": "Q1 2023", "Q1-2023", "Q1'23", "Q1 of this year".
_CODE_YEAR = (
    rf"(?:\s*[-/]?\s*(?P<y>{_YEAR})|\s*['’](?P<yy>\d{{2}})\b|{_anchor('a', required=True)})"
)
_MONTH_CUE = r"(?:in|during|for|of|since|until|till|by|from|through|early|late|mid|end\s+of)"

_RULES: tuple[tuple[str, str, Resolver], ...] = (
    ("iso_date", rf"\b(?P<y>{_YEAR})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})\b", _r_iso_date),
    (
        "numeric_date",
        rf"\b(?P<a>\d{{1,2}})(?P<sep>[./])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})",
        _r_numeric_date,
    ),
    (
        "month_day",
        rf"(?:{WEEKDAY_PATTERN},?\s+)?(?P<mon>{_MON})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b{_anchor('a')}",
        _r_month_day,
    ),
    (
        "day_month",
        rf"(?:{WEEKDAY_PATTERN},?\s+)?(?:the\s+)?(?P<d>\b(?:\d{{1,2}}(?:st|nd|rd|th)?|{_phrase_pattern(list(_ORDINALS))})\b)"
        rf"\s+(?:of\s+)?(?P<mon>{_MON}){_anchor('a')}",
        _r_month_day,
    ),
    (
        "day_range",
        rf"(?:(?P<pre>from|between)\s+)?(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b,?\s*"
        rf"(?:(?P<y1>{_YEAR}),?\s*)?(?P<sep>{_DASH}|to|through|until|till|and)\s*"
        rf"(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<y2>{_YEAR}))?",
        _r_day_range,
    ),
    (
        "day_range_day_first",
        rf"(?:(?P<pre>from|between)\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MON})\s*"
        rf"(?:(?P<y1>{_YEAR})\s*)?(?P<sep>{_DASH}|to|through|until|till|and)\s*"
        rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MON})(?:\s+(?P<y2>{_YEAR}))?",
        _r_day_range,
    ),
    (
        "month_range_fiscal_label",
        rf"(?:(?:from|between)\s+)?(?P<m1>{_MON})\s*(?:{_DASH}|to|through|until|till)\s*"
        rf"(?P<m2>{_MON})\s*,?\s+(?:of\s+)?(?:the\s+)?(?-i:FY)\s*['’]?"
        rf"(?P<fy>{_YEAR}|\d{{2}})(?!\d|\s*(?:{_DASH}|/)\s*\d)",
        _r_months_of_fiscal_label,
    ),
    (
        "month_range_fiscal",
        rf"(?:(?:from|between)\s+)?(?P<m1>{_MON})\s*(?:{_DASH}|to|through|until|till)\s*"
        rf"(?P<m2>{_MON})\s*,?\s+(?:of\s+)?(?:(?:the\s+)?{_FISCAL_WORD}\s+(?:year\s+)?|FY\s*)?"
        rf"(?P<open>\(\s*)?(?P<y1>{_YEAR})\s*(?:{_DASH}|/)\s*(?P<y2>{_YEAR}|\d{{2}}(?!\d))"
        r"(?(open)\s*\))",
        _r_month_range_fiscal,
    ),
    (
        "month_range_years",
        rf"(?:(?:from|between)\s+)?(?P<m1>{_MON})\s*,?\s*(?P<y1>{_YEAR})\s*"
        rf"(?:{_DASH}|to|through|until|till|and)\s*(?P<m2>{_MON})\s*,?\s*(?P<y2>{_YEAR})",
        _r_month_range_years,
    ),
    (
        "month_range",
        rf"(?:(?P<pre>from|between)\s+)?(?P<m1>{_MON})\s*(?P<sep>{_DASH}|to|through|until|till|and)\s*"
        rf"(?P<m2>{_MON}){_anchor('a')}",
        _r_month_range,
    ),
    (
        "month",
        rf"(?:(?P<cue>\b{_MONTH_CUE})[\s-]+)?(?P<body>(?P<mon>{_MON}){_anchor('a')})",
        _r_month,
    ),
    (
        "quarter_words",
        rf"(?:the\s+)?(?P<ord>\b{_ORD_QUARTER})\s+quarter{_anchor('a')}",
        _r_quarter_words,
    ),
    # "the June 2024 quarter", "the March quarter": the three months ending in that month
    (
        "quarter_by_last_month",
        rf"(?:the\s+)?(?P<mon>{_MON})(?:\s+(?P<ay>{_YEAR}))?\s+quarter\b",
        _r_quarter_by_last_month,
    ),
    # "the October 2018 year", "the June year": the twelve months ending in that month
    (
        "year_by_last_month",
        rf"(?P<the>the\s+)?(?P<mon>{_MON})(?:\s+(?P<ay>{_YEAR}))?\s+year\b"
        rf"(?![\s-]*(?:on[\s-]+year|to[\s-]+date|earlier|ago|before|after|over|end|old)\b)",
        _r_year_by_last_month,
    ),
    (
        "quarter_code",
        rf"\b(?-i:Q)(?P<q>[1-4])(?:{_CODE_YEAR}|\b)",
        _r_quarter_code,
    ),
    (
        "quarter_code_digit_first",
        rf"\b(?P<q>[1-4])(?-i:Q)(?:\s*(?P<y>{_YEAR})|['’]?(?P<yy>\d{{2}})\b)",
        _r_quarter_code,
    ),
    (
        "quarter_code_year_first",
        rf"\b(?P<y>{_YEAR})\s*[-/]?\s*(?-i:Q)(?P<q>[1-4])\b",
        _r_quarter_code,
    ),
    (
        "months_code_fiscal",
        rf"\b(?P<n>\d{{1,2}})(?-i:M)\s*(?-i:FY)\s*['’]?(?P<fy>{_YEAR}|\d{{2}})(?!\d)",
        _r_months_of_fiscal_label,
    ),
    (
        "half_of_fiscal_label",
        rf"(?:the\s+)?\b(?P<half>first|second)\s+half\s+of\s+(?:the\s+)?(?-i:FY)\s*['’]?"
        rf"(?P<fy>{_YEAR}|\d{{2}})(?!\d|\s*(?:{_DASH}|/)\s*\d)",
        _r_months_of_fiscal_label,
    ),
    (
        "half_words",
        rf"(?:the\s+)?(?P<ord>\bfirst|\bsecond|\b1st|\b2nd)\s+half(?:[-\s]year)?{_anchor('a')}",
        _r_half_words,
    ),
    (
        "half_code",
        rf"\b(?-i:H)(?P<h>[12])(?:{_CODE_YEAR}|\b(?!-))",
        _r_half_code,
    ),
    (
        "half_code_digit_first",
        rf"\b(?P<h>[12])(?-i:H)(?:\s*(?P<y>{_YEAR})|['’]?(?P<yy>\d{{2}})\b)",
        _r_half_code,
    ),
    ("half_code_year_first", rf"\b(?P<y>{_YEAR})\s*[-/]?\s*(?-i:H)(?P<h>[12])\b", _r_half_code),
    # "the first nine months of the current fiscal year (2023-24)", "the first 11 months of
    # the 2022-23 financial year": months counted from the fiscal year's first
    (
        "first_months_fiscal",
        rf"(?:the\s+)?\bfirst\s+(?P<n>{_NUM})\s+months\s+of\s+(?:the\s+)?"
        rf"(?:(?P<rel>current|this|last|previous|past)\s+)?"
        rf"(?:(?P<y1>{_YEAR})\s*(?:{_DASH}|/)\s*(?P<y2>{_YEAR}|\d{{2}}(?!\d))\s+)?"
        rf"{_FISCAL_WORD}\s+year"
        rf"(?:\s*\(\s*(?P<by1>{_YEAR})\s*(?:{_DASH}|/)\s*(?P<by2>{_YEAR}|\d{{2}}(?!\d))\s*\)"
        rf"|\s+(?P<ay1>{_YEAR})\s*(?:{_DASH}|/)\s*(?P<ay2>{_YEAR}|\d{{2}}(?!\d)))?",
        _r_first_months_fiscal,
    ),
    (
        "first_months",
        rf"(?:the\s+)?\bfirst\s+(?P<n>{_NUM})\s+months{_anchor('a')}",
        _r_first_months,
    ),
    # "the first three quarters of 2019": January to the end of the third quarter
    (
        "first_quarters",
        rf"(?:the\s+)?\bfirst\s+(?P<n>two|three|2|3)\s+quarters{_anchor('a')}",
        _r_first_quarters,
    ),
    # "in 11 months of 2022", a common calque in Russian and Kazakh agency English.
    ("months_of_year", rf"\b(?P<n>{_NUM})\s+months{_anchor('a', required=True)}", _r_first_months),
    # "over eight months", "in the nine months": the year so far, in a report of that year
    (
        "months_so_far",
        rf"\b(?:over|in|for|during)\s+(?:the\s+)?(?P<n>{_NUM})\s+months(?![\w-])"
        rf"(?!{_anchor('a', required=True)})",
        _r_first_months,
    ),
    (
        "months_code",
        rf"\b(?P<n>\d{{1,2}})(?-i:M)(?:\s*(?P<y>{_YEAR})|(?P<yy>\d{{2}})\b)",
        _r_first_months,
    ),
    # "the eight-month figure", "nine-month exports": the year so far, of N months
    ("months_adjective", rf"\b(?P<n>{_NUM})-months?\b(?!-)", _r_first_months),
    (
        "fiscal_label",
        rf"(?:(?:the\s+)?\b{_FISCAL_WORD}\s+(?:year\s+)?(?:\(?FY\)?\s*)?|\b(?-i:FY)\s*['’]?)"
        rf"(?P<y1>{_YEAR}|\d{{2}}(?!\d))(?:\s*(?:{_DASH}|/)\s*(?:FY\s*)?(?P<y2>{_YEAR}|\d{{2}}(?!\d)))?",
        _r_fiscal,
    ),
    (
        "year_range",
        rf"(?:(?P<pre>from|between)\s+)?(?:the\s+)?{_NOT_NUMBER_BEFORE}(?P<y1>{_YEAR})\s*"
        rf"(?P<sep>{_DASH}|/|to|through|until|till|and)\s*(?P<y2>{_YEAR}|\d{{2}}(?!\d))"
        rf"(?P<fis>\s+{_FISCAL_WORD}(?:\s+years?)?)?{_NOT_MONEY_AFTER}",
        _r_year_range,
    ),
    (
        "fiscal_year_words_after",
        rf"(?:the\s+)?{_NOT_NUMBER_BEFORE}(?P<y1>{_YEAR})(?P<y2>)\s+{_FISCAL_WORD}(?:\s+year)?",
        _r_fiscal,
    ),
    (
        "twelve_months_to",
        rf"(?:the\s+)?(?:(?:four|4)\s+quarters|(?:twelve|12)\s+months|(?P<fis>{_FISCAL_WORD})\s+year"
        rf"|(?<!half\s)(?<!half-)year)(?:\s+(?:that|which))?\s+(?:to|ending|ended|ends|through|thru|until|till)\s+"
        rf"(?:on\s+|in\s+)?"
        rf"(?:the\s+end\s+of\s+)?(?:(?P<d0>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?:(?P<mon>{_MON})"
        rf"(?:\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b)?|Q(?P<q>[1-4])|the\s+(?P<qw>first|second|third|fourth)"
        rf"\s+quarter(?:\s+of)?){_anchor('a')}",
        _r_twelve_months_to,
    ),
    # "the same period of 2022", "the corresponding months of 2020": the months the article
    # speaks of, in that year (the claim stages map them; the grammar gives the year)
    (
        "same_period_of_year",
        rf"(?:the\s+|a\s+)?(?:same|corresponding|equivalent|comparable|like|similar)\s+"
        rf"(?:period(?:\s+of\s+time)?|months?|time(?:\s+span|\s*frame)?|span|quarters?|half)"
        rf"\s+(?:of|in)\s+(?:the\s+year\s+)?(?P<y>{_YEAR})",
        _r_full_year,
    ),
    # "in the period to May": the year so far, up to that month
    (
        "period_to",
        rf"(?:the\s+)?(?:period|months)\s+(?:up\s+)?(?:to|through|until|till)\s+"
        rf"(?:the\s+end\s+of\s+)?(?P<mon>{_MON}){_anchor('a')}",
        _r_period_to,
    ),
    # "in the half year to June": six months ending with that month
    (
        "half_year_to",
        rf"(?:the\s+)?half[\s-]year\s+(?:to|ending|ended|through|until|till)\s+"
        rf"(?:the\s+end\s+of\s+)?(?P<mon>{_MON}){_anchor('a')}",
        _r_half_year_to,
    ),
    (
        "full_year",
        rf"(?:the\s+)?\b(?:full|whole|entire)[\s-]year(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?",
        _r_full_year,
    ),
    (
        "past_years",
        rf"\b(?:over|in|during|for|within)\s+the\s+(?:past|last|previous)\s+(?:(?P<n>{_NUM})\s+years|decade)\b",
        _r_past_years,
    ),
    ("since_year", rf"\bsince\s+(?P<y>{_YEAR}){_NOT_MONEY_AFTER}", _r_since),
    ("relative", rf"\b(?P<rel>{_phrase_pattern(list(_RELATIVES))})\b", _r_relative),
    ("year", rf"{_NOT_NUMBER_BEFORE}\b(?P<y>{_YEAR}){_NOT_MONEY_AFTER}", _r_year),
)

# Month names are case-sensitive (see _calendar_names), the rest of the grammar is not.
_COMPILED: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        rule_id,
        re.compile(
            pattern.replace(_MON, f"(?-i:{_MON})").replace(
                WEEKDAY_PATTERN, f"(?-i:{WEEKDAY_PATTERN})"
            ),
            re.IGNORECASE,
        ),
    )
    for rule_id, pattern, _ in _RULES
)
_RESOLVERS: dict[str, Resolver] = {rule_id: resolver for rule_id, _, resolver in _RULES}

# A determiner may stand between the cue and the period: "down from their 2022 peak".
_COMPARISON_BEFORE = re.compile(
    rf"\b(?:{_phrase_pattern(_CUES.get('comparison', []))})\s+"
    r"(?:(?:the|its|their|this|that)\s+)?$",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(rf"\b(?:{_phrase_pattern(_CUES.get('target', []))})\s+$", re.IGNORECASE)
# "from" opens a comparison ("up 5% from 2017") unless it opens a range ("from 2015 to 2020").
_COMPARISON_START = re.compile(
    rf"^(?:{_phrase_pattern([c for c in _CUES.get('comparison', []) if c != 'from'])})(?!\w)"
    r"|^from\b(?!.*\b(?:to|through|until|till)\b)"
    rf"|^(?:{_phrase_pattern([p for p, r in _RELATIVES.items() if r.role == 'comparison'])})$",
    re.IGNORECASE,
)

# --- matching ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    rule: str
    start: int
    end: int
    resolved: Resolved | None
    relative: _Relative | None = None  # set when the period is resolved against the sentence

    @property
    def size(self) -> int:
        return self.end - self.start


Matches = tuple[tuple[str, re.Match[str]], ...]


def _anchor_words() -> tuple[dict[str, str], dict[str, str]]:
    """word -> anchor class, case-blind and exact (data/periods_anchors.tsv)."""
    blind: dict[str, str] = {}
    exact: dict[str, str] = {}
    for row in read_table("periods_anchors.tsv", ("word", "class", "case")):
        if row["case"] == "exact":
            exact[row["word"]] = row["class"]
        else:
            blind[row["word"].lower()] = row["class"]
    return blind, exact


_ANCHOR_BLIND, _ANCHOR_EXACT = _anchor_words()
# Which anchors a rule's every match holds: a rule runs only in the words around them.
_ANCHORED_BY: dict[str, frozenset[str]] = {
    "iso_date": frozenset({"digit"}),
    "numeric_date": frozenset({"digit"}),
    "quarter_words": frozenset({"unit"}),
    "quarter_code": frozenset({"code_q"}),
    "quarter_code_digit_first": frozenset({"code_q"}),
    "quarter_code_year_first": frozenset({"code_q"}),
    "half_of_fiscal_label": frozenset({"half"}),
    "months_code_fiscal": frozenset({"digit"}),
    "half_words": frozenset({"half"}),
    "half_code": frozenset({"code_h"}),
    "half_code_digit_first": frozenset({"code_h"}),
    "half_code_year_first": frozenset({"code_h"}),
    "first_months_fiscal": frozenset({"unit"}),
    "first_months": frozenset({"unit"}),
    "first_quarters": frozenset({"unit"}),
    "months_of_year": frozenset({"unit"}),
    "months_so_far": frozenset({"unit"}),
    "months_code": frozenset({"code_m"}),
    "months_adjective": frozenset({"unit"}),
    "fiscal_label": frozenset({"fiscal"}),
    "year_range": frozenset({"year"}),
    "fiscal_year_words_after": frozenset({"fiscal"}),
    "twelve_months_to": frozenset({"unit"}),
    "full_year": frozenset({"full"}),
    "same_period_of_year": frozenset({"year"}),
    "past_years": frozenset({"past"}),
    "since_year": frozenset({"year"}),
    "relative": frozenset({"unit"}),
    "year": frozenset({"year"}),
}
_MONTH_RULES = frozenset(
    {
        "period_to",
        "half_year_to",
        "month_day",
        "day_month",
        "day_range",
        "day_range_day_first",
        "month_range_fiscal_label",
        "month_range_fiscal",
        "month_range_years",
        "month_range",
        "month",
        "quarter_by_last_month",
        "year_by_last_month",
    }
)
_BEFORE, _AFTER = 8, 12  # tokens around an anchor that a period may span


def _anchor_class(tok: str) -> str | None:
    first = tok[0]
    if first.isdigit():
        if len(tok) == 4 and tok.isdigit() and 1950 <= int(tok) <= 2100:
            return "year"
        return "digit"
    if "-" in tok:  # "January-February", "year-on-year"
        parts = [c for c in map(_anchor_class, filter(None, tok.split("-"))) if c]
        return "mon" if "mon" in parts else parts[0] if parts else None
    exact = _ANCHOR_EXACT.get(tok)
    if exact is not None:
        return exact
    low = tok.lower()
    if first.isupper() and low in MONTHS and (tok.istitle() or tok.isupper()):
        return "mon"
    return _ANCHOR_BLIND.get(low)


_GROUPS: tuple[tuple[frozenset[str], tuple[tuple[str, re.Pattern[str]], ...]], ...] = ()


def _rule_groups() -> tuple[tuple[frozenset[str], tuple[tuple[str, re.Pattern[str]], ...]], ...]:
    """The rules by the anchors they need, in the grammar's order within each group."""
    groups: dict[frozenset[str], list[tuple[str, re.Pattern[str]]]] = {}
    for rule_id, pattern in _COMPILED:
        classes = frozenset({"mon"}) if rule_id in _MONTH_RULES else _ANCHORED_BY[rule_id]
        groups.setdefault(classes, []).append((rule_id, pattern))
    return tuple((classes, tuple(rules)) for classes, rules in groups.items())


_UNREAD = "?"


def _token_anchors(tokens: Tokens, index: range) -> list[str | None]:
    """The anchor class of each token, read once per token (on first use) and kept with the
    tokens."""
    cached: list[str | None] | None = tokens.period_anchors
    if cached is None:
        cached = [_UNREAD] * len(tokens)
        tokens.period_anchors = cached
    text = tokens.text
    for i in index:
        if cached[i] == _UNREAD:
            cached[i] = _anchor_class(text[i])
    return cached


def match_periods(
    text: str, start: int = 0, end: int | None = None, tokens: Tokens | None = None
) -> Matches:
    """Every match of every rule inside text[start:end]: the costly half of the grammar, which
    does not depend on the publication date or the fiscal calendar, so it runs once. A rule
    runs only in the words around the anchors its matches need (a year, a month name, a
    quarter word ...), so a sentence without them costs one pass over its tokens."""
    stop = len(text) if end is None else end
    toks = tokens if tokens is not None else Tokens(text)
    index = toks.between(start, stop)
    classes = _token_anchors(toks, index)
    where: dict[str, list[int]] = {}
    for i in index:
        cls = classes[i]
        if cls is not None:
            where.setdefault(cls, []).append(i)
            if cls == "year":
                where.setdefault("digit", []).append(i)
    if not where:
        return ()
    first, last = index[0], index[-1]
    found: list[tuple[str, re.Match[str]]] = []
    try:
        for needs, rules in _GROUPS:
            anchors = sorted(i for c in needs for i in where.get(c, ()))
            if not anchors:
                continue
            spans = [
                (max(start, toks.starts[a]), min(stop, toks.ends[b]))
                for a, b in _windows(anchors, first, last)
            ]
            for rule_id, pattern in rules:
                for lo, hi in spans:
                    found += ((rule_id, m) for m in pattern.finditer(text, lo, hi))
    except RecursionError:
        return ()
    return tuple(found)


def _windows(anchors: list[int], first: int, last: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in anchors:
        a, b = max(first, i - _BEFORE), min(last, i + _AFTER)
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _candidates(ctx: _Ctx, matches: Matches) -> Iterator[_Candidate]:
    for rule_id, m in matches:
        start, end = m.span("body") if "body" in m.re.groupindex else m.span()
        # Leading/trailing spaces or commas picked up by optional groups are not the period.
        while end > start and ctx.text[end - 1] in " ,\t\n":
            end -= 1
        if end <= start:
            continue
        if rule_id == "relative":
            row = _RELATIVES.get(_norm(m["rel"]))
            if row is not None and row.anchor == "sentence":
                yield _Candidate(rule_id, start, end, None, row)
                continue
        try:
            resolved = _RESOLVERS[rule_id](m, ctx)
        except (ValueError, OverflowError):
            resolved = None  # "31 February" and the like: not a period
        if resolved is not None:
            yield _Candidate(rule_id, start, end, resolved)


def _longest_wins(candidates: list[_Candidate]) -> list[_Candidate]:
    """Overlap policy: longer spans first, then the earlier one; losers are dropped whole."""
    chosen: list[_Candidate] = []  # kept sorted by start; never overlapping
    starts: list[int] = []
    for cand in sorted(candidates, key=lambda c: (-c.size, c.start)):
        at = bisect.bisect_left(starts, cand.start)
        if at > 0 and chosen[at - 1].end > cand.start:
            continue
        if at < len(chosen) and chosen[at].start < cand.end:
            continue
        chosen.insert(at, cand)
        starts.insert(at, cand.start)
    return chosen


def _with_prefix(
    chosen: list[_Candidate], text: str, floor: int = 0
) -> list[tuple[_Candidate, int]]:
    """Pull a comparison or target word in front of a period into its span."""
    out: list[tuple[_Candidate, int]] = []
    for cand in chosen:
        window_start = max(floor, cand.start - 40)
        before = text[window_start : cand.start]
        start = cand.start
        for pattern in (_COMPARISON_BEFORE, _TARGET_BEFORE):
            hit = pattern.search(before)
            if hit:
                start = window_start + hit.start()
                break
        out.append((cand, start))
        floor = cand.end
    return out


def shift(resolved: Resolved, months: int) -> Resolved:
    """(start, end, granularity) moved by `months`, month ends kept as month ends."""
    start, end, granularity = resolved
    if granularity == "day":
        try:
            moved = start.replace(year=start.year + months // 12)
        except ValueError:
            moved = start.replace(year=start.year + months // 12, day=28)
        return moved, moved, "day"
    y1, m1 = _add_months(start.year, start.month, months)
    y2, m2 = _add_months(end.year, end.month, months)
    end_day = (
        _last_day(y2, m2)
        if end == _last_day(end.year, end.month)
        else date(y2, m2, min(end.day, 28))
    )
    # a period that starts on a day ("the year to March 20" starts on March 21) keeps it
    start_day = date(y1, m1, min(start.day, calendar.monthrange(y1, m1)[1]))
    return start_day, end_day, granularity


_UNIT_MONTHS = {"year": 12, "quarter": 3, "month": 1, "fiscal_year": 12}


def find_periods(
    text: str, published: date | None, fiscal_country: str | None = None
) -> list[Period]:
    """Every reference period in `text`, in text order, none overlapping (longest wins)."""
    if not text:
        return []
    return resolve_periods(text, match_periods(text), published, fiscal_country)


def resolve_periods(
    text: str,
    matches: Matches,
    published: date | None,
    fiscal_country: str | None = None,
    floor: int = 0,
) -> list[Period]:
    """The periods of `matches` (from `match_periods` over `text`), resolved against the
    publication date and the fiscal calendar of `fiscal_country`."""
    if fiscal_country is None:
        fiscal = _FISCAL_UNKNOWN
    else:
        fiscal = _FISCAL.get(fiscal_country.upper(), _FISCAL_CALENDAR)
    ctx = _Ctx(text, published, fiscal)
    chosen = _longest_wins(list(_candidates(ctx, matches)))
    placed = _with_prefix(chosen, text, floor)

    anchors = [
        (cand, start)
        for cand, start in placed
        if cand.resolved is not None and not _COMPARISON_START.search(text[start : cand.end])
    ]
    periods: list[Period] = []
    for cand, start in placed:
        resolved = cand.resolved
        if resolved is None and cand.relative is not None:
            resolved = _against_sentence(cand, anchors, ctx)
        if resolved is None:
            continue
        span = Span(start, cand.end)
        periods.append(
            Period(resolved[0], resolved[1], resolved[2], span, text[start : cand.end], cand.rule)
        )
    return _appositions(text, periods)


_BRACKET_OPEN = re.compile(r"\s*\(\s*")
_BRACKET_CLOSE = re.compile(r"\s*\)")
# what may stand between months and the bracket that gives their days: "the first eight
# months of the current Iranian calendar year (March 20 - November 20)"
_YEAR_TAIL_OPEN = re.compile(
    r"(?:\s+of\s+(?:the\s+)?(?:current\s+|last\s+|previous\s+|this\s+)?(?:[A-Z][a-z]+\s+)?"
    r"(?:calendar\s+|fiscal\s+|financial\s+)?year)?\s*\(\s*"
)


def _appositions(text: str, periods: list[Period]) -> list[Period]:
    """A period restated in brackets right after it is one period: "the first 11 months of
    last year (2016)" is January-November 2016, "last year (2016)" is 2016. The bracketed
    period gives the year; the first keeps its months when it is the shorter. A bracketed
    day-to-day range of about the same length gives the days ("the first eight months of the
    current Iranian calendar year (March 20 - November 20)")."""
    out: list[Period] = []
    i = 0
    while i < len(periods):
        p = periods[i]
        q = periods[i + 1] if i + 1 < len(periods) else None
        close = (
            _BRACKET_CLOSE.match(text, q.span.end)
            if q is not None
            and p.span is not None
            and q.span is not None
            and p.granularity != "day"
            and (
                (
                    q.granularity in ("year", "fiscal_year")
                    and _BRACKET_OPEN.fullmatch(text, p.span.end, q.span.start)
                )
                or (
                    _restates_by_day(p, q)
                    and _YEAR_TAIL_OPEN.fullmatch(text, p.span.end, q.span.start)
                )
            )
            else None
        )
        if close is None:
            out.append(p)
            i += 1
            continue
        assert p.span is not None and q is not None
        span = Span(p.span.start, close.end())
        surface = text[span.start : span.end]
        if q.rule == "day_range":
            # "the first eight months of the Iranian year (March 20 - November 20)": the
            # bracket says which days the months are
            merged = replace(q, granularity=p.granularity, span=span, surface=surface)
        elif month_count(p) >= month_count(q) or p.start.year != p.end.year:
            merged = replace(q, span=span, surface=surface, rule=p.rule)
        else:
            target = q.start.year if p.start.month >= q.start.month else q.start.year + 1
            years = target - p.start.year
            end = _last_day(p.end.year + years, p.end.month)
            if end > q.end:
                out.append(p)
                i += 1
                continue
            merged = replace(
                p, start=p.start.replace(year=target), end=end, span=span, surface=surface
            )
        out.append(merged)
        i += 2
    return out


def _restates_by_day(p: Period, q: Period) -> bool:
    """Whether `q`, a day-to-day range, can be `p` written out by its days: a span as long
    as p's to within a month ("the first eight months (March 20 - November 20)")."""
    if q.rule != "day_range":
        return False
    days = (q.end - q.start).days + 1
    return abs(days - ((p.end - p.start).days + 1)) <= 31


def _against_sentence(
    cand: _Candidate, anchors: list[tuple[_Candidate, int]], ctx: _Ctx
) -> Resolved | None:
    row = cand.relative
    assert row is not None
    before = [a for a, _ in anchors if a.end <= cand.start]
    after = [a for a, _ in anchors if a.start >= cand.end]
    reference = before[-1] if before else (after[0] if after else None)
    if reference is not None and reference.resolved is not None:
        months = row.offset * _UNIT_MONTHS[row.unit]
        ref_start, _, ref_granularity = reference.resolved
        fiscal = ctx.fiscal
        if ref_granularity == "fiscal_year" and fiscal.calendar != "gregorian" and months % 12 == 0:
            # "the previous year" beside Nepal's 2020-21: that calendar's year before, whose
            # first day may differ from this one's by a day
            start, end = _fiscal_months(
                fiscal, _fiscal_start_year(fiscal, ref_start) + months // 12
            )
            return start, end, "fiscal_year"
        return shift(reference.resolved, months)
    if ctx.published is None:
        return None
    return _relative_unit(row.unit, row.offset, ctx.published, ctx.fiscal)


def has_fiscal_year(iso3: str) -> bool:
    """Whether the country's fiscal year is not the calendar year (India, Pakistan, Egypt ...)."""
    entry = _FISCAL.get(iso3.upper())
    return entry is not None and (entry.start_month != 1 or entry.calendar != "gregorian")


def is_comparison(period: Period) -> bool:
    """True when the period is a comparison base ("compared with a year earlier")."""
    return bool(_COMPARISON_START.search(period.surface.strip()))


_SAME_LENGTH = re.compile(
    rf"\bthe\s+same\s+(?:(?P<n>{_NUM})\s+months|(?P<q>quarter)|(?P<h>half)|(?P<y>[\w-]+\s+year))"
    r"(?![\w-])",
    re.IGNORECASE,
)


def month_count(p: Period) -> int:
    """How many calendar months the period touches: 12 for a year, 3 for a quarter."""
    return (p.end.year * 12 + p.end.month) - (p.start.year * 12 + p.start.month) + 1


def named_length(text: str) -> int | None:
    """The length in months a back-reference names: "over the same nine months" is 9, "in the
    same quarter" 3, "in the same Iranian year" 12; None for one that names no length ("over
    the same period")."""
    m = _SAME_LENGTH.search(text)
    if m is None:
        return None
    if m["n"]:
        return _number_value(m["n"])
    return 3 if m["q"] else 6 if m["h"] else 12


def period_label(p: Period) -> str:
    """A short label: "2017", "2023-Q1", "2023-H1", "2023-03", "FY2022-23", "2023-01..2023-07"."""
    start, end = p.start, p.end
    whole_months = start.day == 1 and end == _last_day(end.year, end.month)
    if p.granularity == "day" and start == end:
        return start.isoformat()
    if p.granularity == "fiscal_year" and whole_months:
        if end.year == start.year:
            return f"FY{start.year}"
        return f"FY{start.year}-{end.year % 100:02d}"
    if whole_months and start.year == end.year:
        first, last = start.month, end.month
        if first == 1 and last == 12:
            return str(start.year)
        if first == last:
            return f"{start.year}-{first:02d}"
        if last - first == 2 and first in (1, 4, 7, 10):
            return f"{start.year}-Q{(first + 2) // 3}"
        if last - first == 5 and first in (1, 7):
            return f"{start.year}-H{(first + 5) // 6}"
    if whole_months and start.month == 1 and end.month == 12:
        return f"{start.year}..{end.year}"
    if whole_months:
        return f"{start.year}-{start.month:02d}..{end.year}-{end.month:02d}"
    return f"{start.isoformat()}..{end.isoformat()}"


_GROUPS = _rule_groups()


# The grammar's rules, as the claims name them ("periods:<rule>"), each with a sentence it
# reads; the examples are resolved against 2024-03-15 by find_periods() alone.
RULES: tuple[Rule[object, object], ...] = tuple(
    Rule(f"periods:{rule}", doc, example, shows_in="grammar")
    for rule, doc, example in (
        ("iso_date", "an ISO date (a day: dates a statement, no claim)", "Updated 2024-03-12."),
        ("numeric_date", "a day written 15.05.2018", "Published 15.05.2018."),
        ("month_day", "a month and a day", "The talks were held on March 12."),
        ("day_month", "a day and a month", "The talks were held on 12 March."),
        ("day_range", "day to day", "Trade grew between March 21, 2023 and March 19, 2024."),
        (
            "day_range_day_first",
            "day to day, day first",
            "Trade grew from 1 April to 30 June 2023.",
        ),
        (
            "month_range_fiscal_label",
            "months of a fiscal year named by its one-year label",
            "Exports to China rose in July-December FY24.",
        ),
        (
            "months_code_fiscal",
            "the first N months of a fiscal year, as a code",
            "Exports to China rose in 6MFY24.",
        ),
        (
            "half_of_fiscal_label",
            "a half of a fiscal year named by its label",
            "Exports to China rose in the first half of FY24.",
        ),
        (
            "month_range_fiscal",
            "months of a split fiscal year",
            "Exports rose in April-February 2023-24.",
        ),
        (
            "month_range_years",
            "month and year to month and year",
            "Trade grew from May 2022 to April 2023.",
        ),
        ("month_range", "a span of months", "Trade grew in January-July 2023."),
        ("month", "one month", "Trade grew in March 2023."),
        ("quarter_words", "a quarter in words", "Trade grew in the first quarter of 2023."),
        (
            "quarter_by_last_month",
            "a quarter named by its last month",
            "Trade grew in the June 2023 quarter.",
        ),
        ("quarter_code", "a quarter code", "Trade grew in Q1 2023."),
        ("quarter_code_digit_first", "a quarter code, digit first", "Trade grew in 1Q 2023."),
        ("quarter_code_year_first", "a quarter code, year first", "Trade grew in 2023 Q1."),
        ("half_words", "a half year in words", "Trade grew in the first half of 2023."),
        ("half_code", "a half-year code", "Trade grew in H1 2023."),
        ("half_code_digit_first", "a half-year code, digit first", "Trade grew in 1H 2023."),
        ("half_code_year_first", "a half-year code, year first", "Trade grew in 2023 H1."),
        (
            "first_months_fiscal",
            "the first N months of a fiscal year",
            "Exports grew in the first seven months of the 2023-24 fiscal year.",
        ),
        ("first_months", "the first N months", "Trade grew in the first nine months of 2023."),
        (
            "first_quarters",
            "the first two or three quarters",
            "Trade grew in the first three quarters of 2023.",
        ),
        ("months_of_year", "N months of a year", "Trade grew in 11 months of 2023."),
        (
            "months_so_far",
            "N months with no year: the year so far",
            "Trade grew over eight months.",
        ),
        ("months_code", "an N-month code", "Trade grew in 9M 2023."),
        ("months_adjective", "an N-month figure: the year so far", "The eight-month figure grew."),
        ("fiscal_label", "a fiscal year by its label", "Exports grew in FY 2022-23."),
        ("year_range", "a span of years", "Trade grew from 2015 to 2020."),
        (
            "fiscal_year_words_after",
            "a year and 'fiscal year'",
            "Exports grew in the 2023 fiscal year.",
        ),
        ("twelve_months_to", "twelve months to a month", "Trade grew in the year to March 2024."),
        (
            "year_by_last_month",
            "twelve months named by their last month",
            "Exports rose in the October 2018 year.",
        ),
        ("period_to", "the year so far, to a month", "Trade grew in the period to May 2023."),
        ("half_year_to", "six months to a month", "Trade grew in the half year to June 2023."),
        ("full_year", "the full year", "Trade grew over the full year 2023."),
        (
            "same_period_of_year",
            "the months the article speaks of, in another year",
            "Trade was $3.1 billion in the same period of 2020.",
        ),
        ("past_years", "the past N years", "Trade grew over the past five years."),
        (
            "since_year",
            "since a year (a start, not a period of a flow)",
            "Trade has grown since 2015.",
        ),
        ("relative", "a period named against the publication date", "Trade grew last year."),
        ("year", "a year", "Trade grew in 2023."),
    )
)
