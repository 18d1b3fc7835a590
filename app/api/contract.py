"""The rules of the API's contract that JSON Schema can state, each written once: the same
pattern is what the server validates (pydantic, FastAPI) and what the OpenAPI document says,
so the two cannot drift. Patterns use only what ECMA-262 (JSON Schema), Python's `re` and
Rust's `regex` (pydantic) read alike: ASCII classes such as [0-9] rather than \\d (which is
any Unicode digit in Python), explicit whitespace sets rather than \\s, `^...$` anchors.

Dates are written out digit by digit, with the true length of every month and 29 February
only in leap years, so a date the pattern accepts is a date the server can parse."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# Python's str.isspace() characters: what `strip()` removes, so "blank" means the same here
# as in the service.
BLANK = (
    "\\t\\n\\u000b\\u000c\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000"
)
NO_NUL = "^[^\\u0000]*$"
# some character that is not blank, and no NUL anywhere
TEXT = f"^[{BLANK}]*[^{BLANK}\\u0000][^\\u0000]*$"
# some text outside the tags: after any blanks and <...> tags, a character that is neither
# blank nor '<' (script and style content and entities are the server's own business)
HTML = f"^(?:[{BLANK}]|<[^>\\u0000]*>)*[^<{BLANK}\\u0000][^\\u0000]*$"
URL = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\u0000]+$"
# what `encode_cursor` writes: base64url, no padding
CURSOR = "^[A-Za-z0-9_-]{40,100}$"

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)
_TIME = "T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,6})?)?"
# real offsets run from -12:00 to +14:00; anything past ±14:00 is refused
_OFFSET = "(?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)"


def int_range(lo: int, hi: int, width: int) -> str:
    """A pattern for the integers lo..hi written with exactly `width` digits (zero-padded)."""
    if not 0 <= lo <= hi < 10**width:
        raise ValueError(f"bad range {lo}..{hi} for width {width}")
    if width == 1:
        return str(lo) if lo == hi else f"[{lo}-{hi}]"
    step = 10 ** (width - 1)
    lo_head, hi_head = divmod(lo, step)[0], divmod(hi, step)[0]
    if lo_head == hi_head:
        return f"{lo_head}{int_range(lo % step, hi % step, width - 1)}"
    parts = []
    full_from, full_to = lo_head, hi_head
    if lo % step:
        parts.append(f"{lo_head}{int_range(lo % step, step - 1, width - 1)}")
        full_from += 1
    tail = None
    if hi % step != step - 1:
        tail = f"{hi_head}{int_range(0, hi % step, width - 1)}"
        full_to -= 1
    if full_from <= full_to:
        head = str(full_from) if full_from == full_to else f"[{full_from}-{full_to}]"
        parts.append(head + "[0-9]" * (width - 1))
    if tail is not None:
        parts.append(tail)
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _days(year: int, month: int, first: int = 1, last: int | None = None) -> str:
    last = calendar.monthrange(year, month)[1] if last is None else last
    return f"{month:02d}-{int_range(first, last, 2)}"


# every valid month-day of a year, 29 February aside
_ANY_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)


def _whole_years(first: int, last: int) -> str:
    """Every date of the years first..last."""
    leap = [y for y in range(first, last + 1) if calendar.isleap(y)]
    parts = [f"{int_range(first, last, 4)}-{_ANY_DAY}"]
    if leap:
        by_century: dict[int, list[str]] = {}
        for y in leap:
            by_century.setdefault(y // 100, []).append(f"{y % 100:02d}")
        years = "|".join(f"{c}(?:{'|'.join(ys)})" for c, ys in by_century.items())
        parts.append(f"(?:{years})-02-29")
    return "(?:" + "|".join(parts) + ")"


def _part_of_year(year: int, start: date, end: date) -> str:
    """Every date of `year` from start to end (both in that year)."""
    if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        return _whole_years(year, year)
    if start.month == end.month:
        return f"{year}-{_days(year, start.month, start.day, end.day)}"
    months = [_days(year, start.month, start.day)]
    months += [_days(year, m) for m in range(start.month + 1, end.month)]
    months.append(_days(year, end.month, 1, end.day))
    return f"{year}-(?:" + "|".join(months) + ")"


def date_pattern(first: date, last: date) -> str:
    """A pattern (without anchors) for exactly the calendar dates first..last, YYYY-MM-DD."""
    if first > last:
        raise ValueError("first is after last")
    if first.year == last.year:
        return _part_of_year(first.year, first, last)
    parts = [_part_of_year(first.year, first, date(first.year, 12, 31))]
    if first.year + 1 <= last.year - 1:
        parts.append(_whole_years(first.year + 1, last.year - 1))
    parts.append(_part_of_year(last.year, date(last.year, 1, 1), last))
    return "(?:" + "|".join(parts) + ")"


def date_only(first: date = FIRST_DATE, last: date = LAST_DATE) -> str:
    return f"^{date_pattern(first, last)}$"


def date_or_datetime(first: date = FIRST_DATE, last: date = LAST_DATE) -> str:
    """A date, or a date and time with or without an offset (read as UTC without one)."""
    return f"^{date_pattern(first, last)}(?:{_TIME}{_OFFSET}?)?$"


def latest_publication_date(today: date) -> date:
    """A publication date may be written up to a day ahead of today (UTC): time zones put a
    fresh article's date a day 'ahead'. Anything later is a wrong date."""
    return today + timedelta(days=1)


QUERY_DATE = date_only()
QUERY_DATETIME = date_or_datetime()
# the publication date's pattern up to LAST_DATE; the OpenAPI document states the tighter
# bound of the day it is served (`date_or_datetime(FIRST_DATE, latest_publication_date(...))`)
PUBLISHED_AT = QUERY_DATETIME

DESCRIPTIONS = {
    TEXT: "must not be blank and must not contain NUL characters",
    HTML: "must have some text outside its tags and must not contain NUL characters",
    NO_NUL: "must not contain NUL characters",
    URL: "must be an http or https URL",
    CURSOR: "must be a `next_cursor` this service issued",
    QUERY_DATE: "must be a date YYYY-MM-DD from 1900-01-01 to 2999-12-31",
    QUERY_DATETIME: (
        "must be a date (YYYY-MM-DD) or an RFC 3339 date-time from 1900-01-01 to 2999-12-31, "
        "with an offset between -14:00 and +14:00 (UTC without one)"
    ),
}


# -- official statistics ----------------------------------------------------------------------
ISO4217 = "^[A-Z]{3}$"


def _known_countries() -> tuple[str, ...]:
    import pycountry

    from app.extract import resolve_country

    return tuple(sorted(c.alpha_3 for c in pycountry.countries if resolve_country(c.alpha_3)))


# ISO 3166-1 alpha-3 codes of the countries this service knows, upper case: an official row
# names its countries by code, as UN Comtrade's exports do
COUNTRIES = _known_countries()
OFFICIAL_COLUMNS = (
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "value",
    "currency",
    "source",
)
# a number, not negative, and finite: at most 21 digits before the point and an exponent of
# at most two digits
_NUMBER = "(?:0|[1-9][0-9]{0,20})(?:\\.[0-9]{1,20})?(?:[eE][+]?[0-9]{1,2})?"
# a source: after any spaces or tabs (the server strips them), at most 200 characters, the
# first not blank; quoted when it holds a comma, a quote mark ("" inside) or a line break
_CSV_PLAIN = f'[ \\t]*[^",\\r\\n\\u0000{BLANK}][^",\\r\\n\\u0000]{{0,199}}'
_CSV_QUOTED = f'"[ \\t]*[^"\\u0000{BLANK}](?:[^"\\u0000]|""){{0,199}}"'


def official_csv() -> str:
    """The CSV body of POST /v1/official: the header, then rows, each of a known country
    twice, a flow, two dates, a number, a currency code and a source that is not blank
    (quoted when it holds a comma or a quote mark), lines ending in LF or CRLF. (How many
    rows at most, MAX_OFFICIAL_ROWS, is said in words: a repetition count that large makes
    the pattern too big for some regex engines.)"""
    country = "(?:" + "|".join(COUNTRIES) + ")"
    day = date_pattern(FIRST_DATE, LAST_DATE)
    row = ",".join(
        (
            country,
            country,
            "(?:exports|imports|turnover)",
            day,
            day,
            _NUMBER,
            "[A-Z]{3}",
            f"(?:{_CSV_PLAIN}|{_CSV_QUOTED})",
        )
    )
    return f"^{','.join(OFFICIAL_COLUMNS)}(?:\\r?\\n{row})*(?:\\r?\\n)?$"
