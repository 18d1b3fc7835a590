"""National calendars that fiscal years are kept in, converted to and from Gregorian dates.

- `persian`: the Iranian (Solar Hijri) calendar; its year starts on 1 Farvardin, about 21
  March (convertdate's Persian calendar).
- `nepali`: the Bikram Sambat; Nepal's fiscal year starts on 1 Shrawan, its fourth month, in
  mid-July. Its month lengths are a published table, not a rule (nepali-datetime).

`OFFSETS` says how far a calendar's own year numbers are from the Gregorian year its fiscal
year starts in (Bikram Sambat 2080 starts its fiscal year in July 2023, Solar Hijri 1403 its
year in March 2024).

Not here: the Ethiopian calendar. Its fiscal year starts on 1 Hamle (about 8 July), but its
year has a short thirteenth month, which reports fold into their months in ways no rule
gives.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import nepali_datetime
from convertdate import persian

Calendar = Literal["gregorian", "persian", "nepali"]
CALENDARS: tuple[Calendar, ...] = ("gregorian", "persian", "nepali")

# the calendar's own number of the year whose fiscal start month (Farvardin, Shrawan) falls
# in Gregorian year Y is Y + OFFSETS[calendar]
OFFSETS: dict[Calendar, int] = {"gregorian": 0, "persian": -621, "nepali": 57}
MONTHS_IN_YEAR = 12


def to_gregorian(calendar: Calendar, year: int, month: int, day: int = 1) -> date:
    """The Gregorian date of day `day` of month `month` (1-based) of `year` in `calendar`."""
    if calendar == "gregorian":
        return date(year, month, day)
    if calendar == "persian":
        return date(*persian.to_gregorian(year, month, day))
    return nepali_datetime.date(year, month, day).to_datetime_date()  # type: ignore[no-any-return]


def month_start(calendar: Calendar, year: int, month: int) -> date:
    """The first day of the `month`-th month counted from month 1 of `year`; months past the
    year's last run on into the next years ("month 14 of 2080" is month 2 of 2081)."""
    year += (month - 1) // MONTHS_IN_YEAR
    month = (month - 1) % MONTHS_IN_YEAR + 1
    return to_gregorian(calendar, year, month)


def months_span(calendar: Calendar, year: int, first: int, count: int) -> tuple[date, date]:
    """The first day of month `first` of `year` and the last day of the `count`-th month
    from it."""
    start = month_start(calendar, year, first)
    end = month_start(calendar, year, first + count) - timedelta(days=1)
    return start, end


def year_containing(calendar: Calendar, start_month: int, day: date) -> int:
    """The calendar's own number of the year, counted from its month `start_month`, that
    `day` falls in."""
    own = day.year + OFFSETS[calendar]
    return own if month_start(calendar, own, start_month) <= day else own - 1
