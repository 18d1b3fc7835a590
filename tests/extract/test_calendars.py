"""National calendars of fiscal years: their dates against the published calendars."""

from __future__ import annotations

from datetime import date

import pytest

from app.extract import calendars
from app.extract.periods import find_periods


@pytest.mark.parametrize(
    ("calendar", "year", "month", "expected"),
    [
        # 1 Farvardin: 21 March, or 20 March in the years after a Gregorian leap day's year
        ("persian", 1401, 1, date(2022, 3, 21)),
        ("persian", 1403, 1, date(2024, 3, 20)),
        ("persian", 1403, 9, date(2024, 11, 21)),  # 1 Azar, the day after "November 20"
        # 1 Shrawan, Nepal's new fiscal year
        ("nepali", 2080, 4, date(2023, 7, 17)),
        ("nepali", 2080, 11, date(2024, 2, 13)),  # 1 Falgun, the day after Magh ends
        ("nepali", 2080, 16, date(2024, 7, 16)),  # month 16 of 2080 is month 4 of 2081
        ("gregorian", 2023, 14, date(2024, 2, 1)),
    ],
)
def test_month_start(calendar: calendars.Calendar, year: int, month: int, expected: date) -> None:
    assert calendars.month_start(calendar, year, month) == expected


def test_months_span_and_the_year_a_day_is_in() -> None:
    assert calendars.months_span("nepali", 2080, 4, 7) == (date(2023, 7, 17), date(2024, 2, 12))
    assert calendars.months_span("persian", 1401, 1, 12) == (
        date(2022, 3, 21),
        date(2023, 3, 20),
    )
    assert calendars.year_containing("nepali", 4, date(2024, 2, 21)) == 2080
    assert calendars.year_containing("nepali", 4, date(2023, 7, 16)) == 2079
    assert calendars.year_containing("persian", 1, date(2024, 3, 19)) == 1402
    assert calendars.year_containing("persian", 1, date(2024, 3, 20)) == 1403


@pytest.mark.parametrize(
    ("text", "published", "country", "expected"),
    [
        # a Bikram Sambat label, and the current fiscal year against the publication date
        (
            "in the first seven months of fiscal year 2080/81",
            date(2024, 2, 21),
            "NPL",
            ("2023-07-17", "2024-02-12"),
        ),
        (
            "during the first seven months of the current fiscal year",
            date(2024, 2, 21),
            "NPL",
            ("2023-07-17", "2024-02-12"),
        ),
        ("in the last fiscal year", date(2024, 2, 21), "NPL", ("2022-07-17", "2023-07-16")),
        # a Gregorian label of an Iranian year, and "the year to March" in Iran
        ("in fiscal year 2022/23", date(2023, 6, 1), "IRN", ("2022-03-21", "2023-03-20")),
        ("in the year to March", date(2023, 4, 25), "IRN", ("2022-03-21", "2023-03-20")),
        # the year to March elsewhere is April-March
        ("in the year to March", date(2023, 4, 25), "NZL", ("2022-04-01", "2023-03-31")),
    ],
)
def test_fiscal_years_in_national_calendars(
    text: str, published: date, country: str, expected: tuple[str, str]
) -> None:
    (period,) = find_periods(text, published, country)
    assert (period.start.isoformat(), period.end.isoformat()) == expected


@pytest.mark.parametrize(
    ("text", "published", "country", "expected"),
    [
        # "the previous fiscal year" beside Nepal's 2020-21: 2019-20 of the Bikram Sambat,
        # whose first day is 17 July, not 16 July
        (
            "Trade rose to 234.93 billion rupees in the last fiscal year, as against 183.93 "
            "billion over the previous fiscal year.",
            date(2021, 7, 25),
            "NPL",
            [("2020-07-16", "2021-07-15"), ("2019-07-17", "2020-07-15")],
        ),
        # a year before a year that starts on a day keeps that day
        (
            "Exports reached $7.45bn in the calendar year to March 20, up 23% from a year earlier.",
            date(2021, 7, 25),
            "IRN",
            [("2020-03-21", "2021-03-20"), ("2019-03-21", "2020-03-20")],
        ),
    ],
)
def test_a_year_before_a_national_calendar_year(
    text: str, published: date, country: str, expected: list[tuple[str, str]]
) -> None:
    found = find_periods(text, published, country)
    assert [(p.start.isoformat(), p.end.isoformat()) for p in found] == expected
