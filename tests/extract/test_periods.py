"""Reference periods: each case is a sentence, a publication date and the periods expected."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from app.extract import periods
from app.extract.periods import find_periods, is_comparison, named_length, period_label
from app.extract.types import Period

PUB = date(2018, 5, 15)

# (id, text, published, fiscal country, [(start, end, granularity, surface), ...])
CASES: list[tuple[str, str, date | None, str | None, list[tuple[str, str, str, str]]]] = [
    (
        "seed-last-year",
        "Last year, in the economy, we had a good result plus 30 percent growth in turnover.",
        PUB,
        None,
        [("2017-01-01", "2017-12-31", "year", "Last year")],
    ),
    (
        "this-year",
        "This year trade rose 12%.",
        PUB,
        None,
        [("2018-01-01", "2018-12-31", "year", "This year")],
    ),
    (
        "in-year",
        "Trade reached $3bn in 2017.",
        PUB,
        None,
        [("2017-01-01", "2017-12-31", "year", "2017")],
    ),
    (
        "month-range-year",
        "In January-July 2023 exports grew 8%.",
        PUB,
        None,
        [("2023-01-01", "2023-07-31", "range", "January-July 2023")],
    ),
    (
        "month-range-en-dash",
        "In January–July 2023 exports grew 8%.",
        PUB,
        None,
        [("2023-01-01", "2023-07-31", "range", "January–July 2023")],
    ),
    (
        "day-range-years",
        "Trade reached $2.3bn in the year 1402 (March 21, 2023 – March 19, 2024).",
        PUB,
        None,
        [("2023-03-21", "2024-03-19", "range", "March 21, 2023 – March 19, 2024")],
    ),
    (
        "day-range-day-first-between",
        "Between 1 April 2023 and 31 March 2024 exports rose 9%.",
        PUB,
        None,
        [("2023-04-01", "2024-03-31", "range", "Between 1 April 2023 and 31 March 2024")],
    ),
    (
        "day-range-no-year-is-the-latest-ended",
        "From March 20 to April 19, exports rose 9%.",
        date(2024, 5, 6),
        None,
        [("2024-03-20", "2024-04-19", "range", "From March 20 to April 19")],
    ),
    (
        "two-dates-joined-by-and-are-no-range",
        "He spoke on March 3, 2024 and April 5.",
        date(2024, 5, 6),
        None,
        [
            ("2024-03-03", "2024-03-03", "day", "March 3, 2024"),
            ("2024-04-05", "2024-04-05", "day", "April 5"),
        ],
    ),
    (
        "month-range-of-a-split-fiscal-year",
        "In April–February 2023-24, exports rose 12.4 per cent.",
        PUB,
        "IND",
        [("2023-04-01", "2024-02-29", "range", "April–February 2023-24")],
    ),
    (
        "months-late-in-a-split-fiscal-year",
        "In January-March 2023-24 exports rose.",
        PUB,
        "IND",
        [("2024-01-01", "2024-03-31", "quarter", "January-March 2023-24")],
    ),
    (
        "two-months-in-a-row-joined-by-and",
        "In January and February, shipments climbed 9%.",
        date(2024, 3, 20),
        None,
        [("2024-01-01", "2024-02-29", "range", "January and February")],
    ),
    (
        "two-months-apart-joined-by-and",
        "In January and March, shipments climbed 9%.",
        date(2024, 4, 20),
        None,
        [
            ("2024-01-01", "2024-01-31", "month", "January"),
            ("2024-03-01", "2024-03-31", "month", "March"),
        ],
    ),
    (
        "month-range-to",
        "From January to September 2022 turnover was $5bn.",
        PUB,
        None,
        [("2022-01-01", "2022-09-30", "range", "From January to September 2022")],
    ),
    (
        "month-range-no-year",
        "In January-March turnover rose.",
        PUB,
        None,
        [("2018-01-01", "2018-03-31", "quarter", "January-March")],
    ),
    (
        "month-range-no-year-not-over",
        "In January-June turnover rose.",
        PUB,
        None,
        [("2017-01-01", "2017-06-30", "half", "January-June")],
    ),
    (
        "month-range-this-year",
        "In January-April this year trade grew.",
        PUB,
        None,
        [("2018-01-01", "2018-04-30", "range", "January-April this year")],
    ),
    (
        "month-range-of-last-year",
        "In January-November of last year trade grew.",
        PUB,
        None,
        [("2017-01-01", "2017-11-30", "range", "January-November of last year")],
    ),
    (
        "month-range-across-years",
        "Between October 2022 and March 2023 trade doubled.",
        PUB,
        None,
        [("2022-10-01", "2023-03-31", "range", "Between October 2022 and March 2023")],
    ),
    (
        "first-quarter",
        "In the first quarter exports fell.",
        PUB,
        None,
        [("2018-01-01", "2018-03-31", "quarter", "the first quarter")],
    ),
    (
        "first-quarter-of-year",
        "In the first quarter of 2023 exports fell.",
        PUB,
        None,
        [("2023-01-01", "2023-03-31", "quarter", "the first quarter of 2023")],
    ),
    (
        "q1-year",
        "Q1 2023 exports fell.",
        PUB,
        None,
        [("2023-01-01", "2023-03-31", "quarter", "Q1 2023")],
    ),
    (
        "q3-apostrophe",
        "Sales in Q3'22 rose.",
        PUB,
        None,
        [("2022-07-01", "2022-09-30", "quarter", "Q3'22")],
    ),
    (
        "year-q",
        "In 2022 Q4 sales rose.",
        PUB,
        None,
        [("2022-10-01", "2022-12-31", "quarter", "2022 Q4")],
    ),
    (
        "second-quarter-no-year",
        "The second quarter saw growth.",
        PUB,
        None,
        [("2017-04-01", "2017-06-30", "quarter", "The second quarter")],
    ),
    (
        "last-quarter-of-year",
        "In the last quarter of 2022 exports rose.",
        PUB,
        None,
        [("2022-10-01", "2022-12-31", "quarter", "the last quarter of 2022")],
    ),
    (
        "fourth-quarter-last-year",
        "In the fourth quarter of last year exports rose.",
        PUB,
        None,
        [("2017-10-01", "2017-12-31", "quarter", "the fourth quarter of last year")],
    ),
    (
        "first-three-months",
        "In the first three months of 2024 trade rose.",
        PUB,
        None,
        [("2024-01-01", "2024-03-31", "quarter", "the first three months of 2024")],
    ),
    (
        "first-half",
        "In the first half trade rose.",
        PUB,
        None,
        [("2017-01-01", "2017-06-30", "half", "the first half")],
    ),
    (
        "first-half-of-year",
        "In the first half of 2019 trade rose.",
        PUB,
        None,
        [("2019-01-01", "2019-06-30", "half", "the first half of 2019")],
    ),
    (
        "h1-year",
        "H1 2023 trade rose.",
        PUB,
        None,
        [("2023-01-01", "2023-06-30", "half", "H1 2023")],
    ),
    (
        "first-six-months",
        "In the first six months trade rose.",
        PUB,
        None,
        [("2017-01-01", "2017-06-30", "half", "the first six months")],
    ),
    (
        "first-nine-months",
        "In the first nine months trade rose.",
        PUB,
        None,
        [("2017-01-01", "2017-09-30", "range", "the first nine months")],
    ),
    (
        "9m-year",
        "9M 2023 revenue rose.",
        PUB,
        None,
        [("2023-01-01", "2023-09-30", "range", "9M 2023")],
    ),
    (
        "months-of-year",
        "In 11 months of 2022 trade reached $20bn.",
        PUB,
        None,
        [("2022-01-01", "2022-11-30", "range", "11 months of 2022")],
    ),
    (
        "in-january",
        "In January trade rose.",
        PUB,
        None,
        [("2018-01-01", "2018-01-31", "month", "January")],
    ),
    (
        "in-month-year",
        "In March 2022 trade rose.",
        PUB,
        None,
        [("2022-03-01", "2022-03-31", "month", "March 2022")],
    ),
    (
        "month-after-publication",
        "In September trade rose.",
        PUB,
        None,
        [("2017-09-01", "2017-09-30", "month", "September")],
    ),
    (
        "last-month",
        "Last month trade rose.",
        PUB,
        None,
        [("2018-04-01", "2018-04-30", "month", "Last month")],
    ),
    (
        "last-quarter",
        "Last quarter trade rose.",
        PUB,
        None,
        [("2018-01-01", "2018-03-31", "quarter", "Last quarter")],
    ),
    (
        "previous-year-alone",
        "In the previous year trade rose.",
        PUB,
        None,
        [("2017-01-01", "2017-12-31", "year", "the previous year")],
    ),
    (
        "previous-year-shifts-sentence-period",
        "In 2016 trade was up 5% from the previous year.",
        PUB,
        None,
        [
            ("2016-01-01", "2016-12-31", "year", "2016"),
            ("2015-01-01", "2015-12-31", "year", "from the previous year"),
        ],
    ),
    (
        "year-earlier-comparison",
        "Exports rose 5% compared with a year earlier.",
        PUB,
        None,
        [("2017-01-01", "2017-12-31", "year", "compared with a year earlier")],
    ),
    (
        "same-period-shifts-months",
        "In January-March exports rose 5% compared with the same period last year.",
        PUB,
        None,
        [
            ("2018-01-01", "2018-03-31", "quarter", "January-March"),
            ("2017-01-01", "2017-03-31", "quarter", "compared with the same period last year"),
        ],
    ),
    (
        "year-range",
        "In 2021-2022 trade grew.",
        PUB,
        None,
        [("2021-01-01", "2022-12-31", "range", "2021-2022")],
    ),
    (
        "year-range-between",
        "Between 2015 and 2020 trade grew.",
        PUB,
        None,
        [("2015-01-01", "2020-12-31", "range", "Between 2015 and 2020")],
    ),
    (
        "past-five-years",
        "Over the past five years trade doubled.",
        PUB,
        None,
        [("2013-01-01", "2017-12-31", "range", "Over the past five years")],
    ),
    (
        "past-decade",
        "In the last decade trade doubled.",
        PUB,
        None,
        [("2008-01-01", "2017-12-31", "range", "In the last decade")],
    ),
    (
        "since-year",
        "Since 2015 trade doubled.",
        PUB,
        None,
        [("2015-01-01", "2018-05-15", "range", "Since 2015")],
    ),
    (
        "fiscal-year-india",
        "In fiscal year 2022-23 India's exports rose.",
        PUB,
        "IND",
        [("2022-04-01", "2023-03-31", "fiscal_year", "fiscal year 2022-23")],
    ),
    (
        "fy-two-years",
        "FY2022-23 exports rose.",
        PUB,
        "IND",
        [("2022-04-01", "2023-03-31", "fiscal_year", "FY2022-23")],
    ),
    (
        "fy-short-india",
        "FY23 exports rose.",
        PUB,
        "IND",
        [("2022-04-01", "2023-03-31", "fiscal_year", "FY23")],
    ),
    (
        "fiscal-words-after",
        "In the 2022/23 fiscal year exports rose.",
        PUB,
        "PAK",
        [("2022-07-01", "2023-06-30", "fiscal_year", "the 2022/23 fiscal year")],
    ),
    (
        "fiscal-egypt",
        "Egypt's FY2022/23 trade with China rose.",
        PUB,
        "EGY",
        [("2022-07-01", "2023-06-30", "fiscal_year", "FY2022/23")],
    ),
    (
        "fiscal-australia-single",
        "In FY2023 exports rose.",
        PUB,
        "AUS",
        [("2022-07-01", "2023-06-30", "fiscal_year", "FY2023")],
    ),
    (
        "fiscal-japan-names-start",
        "In fiscal 2022 exports rose.",
        PUB,
        "JPN",
        [("2022-04-01", "2023-03-31", "fiscal_year", "fiscal 2022")],
    ),
    (
        "fiscal-country-implied",
        "India's exports to Russia in 2022-23 rose.",
        PUB,
        "IND",
        [("2022-04-01", "2023-03-31", "fiscal_year", "2022-23")],
    ),
    (
        "fiscal-unknown-country-april",
        "FY23 revenue rose.",
        PUB,
        None,
        [("2022-04-01", "2023-03-31", "fiscal_year", "FY23")],
    ),
    (
        "fiscal-calendar-country",
        "In fiscal 2022 the budget grew.",
        PUB,
        "RUS",
        [("2022-01-01", "2022-12-31", "fiscal_year", "fiscal 2022")],
    ),
    (
        "current-fiscal-year",
        "In the current fiscal year exports rose.",
        PUB,
        "IND",
        [("2018-04-01", "2019-03-31", "fiscal_year", "the current fiscal year")],
    ),
    (
        "by-year",
        "They aim to reach $20bn by 2025.",
        PUB,
        None,
        [("2025-01-01", "2025-12-31", "year", "by 2025")],
    ),
    (
        "by-end-of-year-number",
        "Trade should reach $1bn by the end of 2018.",
        PUB,
        None,
        [("2018-01-01", "2018-12-31", "year", "by the end of 2018")],
    ),
    (
        "by-end-of-the-year",
        "Trade should reach $1bn by the end of the year.",
        PUB,
        None,
        [("2018-01-01", "2018-12-31", "year", "by the end of the year")],
    ),
    (
        "next-year",
        "Next year trade will grow.",
        PUB,
        None,
        [("2019-01-01", "2019-12-31", "year", "Next year")],
    ),
    (
        "day-ordinal-words",
        "On the eighteenth of March this year, a historic event took place.",
        PUB,
        None,
        [("2018-03-18", "2018-03-18", "day", "the eighteenth of March this year")],
    ),
    (
        "day-mdy",
        "On May 15, 2018 they met.",
        PUB,
        None,
        [("2018-05-15", "2018-05-15", "day", "May 15, 2018")],
    ),
    (
        "day-iso",
        "Data as of 2018-05-15.",
        PUB,
        None,
        [("2018-05-15", "2018-05-15", "day", "2018-05-15")],
    ),
    (
        "two-periods",
        "Trade rose to $2bn in 2017 from $1.5bn in 2016.",
        PUB,
        None,
        [
            ("2017-01-01", "2017-12-31", "year", "2017"),
            ("2016-01-01", "2016-12-31", "year", "2016"),
        ],
    ),
    ("comma-number-not-year", "Trade of 2,017 tonnes and $2017.", PUB, None, []),
    ("money-not-year", "Trade rose by 2017 million dollars.", PUB, None, []),
    ("decimal-not-year", "Prices rose to 2018.5 points.", PUB, None, []),
    ("percent-not-year", "A 2018% rise.", PUB, None, []),
    ("may-is-a-verb", "Exports may rise, officials said.", PUB, None, []),
    (
        "in-may-is-a-month",
        "In May exports rose.",
        date(2018, 7, 1),
        None,
        [("2018-05-01", "2018-05-31", "month", "May")],
    ),
    ("march-verb-lowercase", "Protesters march on.", PUB, None, []),
    ("relative-without-date", "Last year trade rose.", None, None, []),
    ("no-year-without-date", "In January-March trade rose.", None, None, []),
    (
        "year-without-date",
        "In 2017 trade rose.",
        None,
        None,
        [("2017-01-01", "2017-12-31", "year", "2017")],
    ),
    ("empty", "", PUB, None, []),
    (
        "first-quarters",
        "Investment rose in the first three quarters of 2019.",
        PUB,
        None,
        [("2019-01-01", "2019-09-30", "range", "the first three quarters of 2019")],
    ),
    (
        "first-months-of-current-fiscal-year",
        "Trade reached $16.7bn in the first 10 months of the current financial year.",
        date(2022, 5, 20),
        "PAK",
        [
            (
                "2021-07-01",
                "2022-04-30",
                "range",
                "the first 10 months of the current financial year",
            )
        ],
    ),
    (
        "first-months-of-labelled-fiscal-year",
        "Exports fell in the first 11 months of the 2022-23 financial year.",
        PUB,
        "IND",
        [
            (
                "2022-04-01",
                "2023-02-28",
                "range",
                "the first 11 months of the 2022-23 financial year",
            )
        ],
    ),
    (
        "first-months-of-fiscal-year-label-in-brackets",
        "Exports rose during the first six months of the current fiscal year (2023-24).",
        date(2020, 1, 10),
        "PAK",
        [
            (
                "2023-07-01",
                "2023-12-31",
                "range",
                "the first six months of the current fiscal year (2023-24)",
            )
        ],
    ),
    (
        "month-range-fiscal-label-in-brackets",
        "Exports were $260m during July-December (2023-24).",
        PUB,
        "PAK",
        [("2023-07-01", "2023-12-31", "half", "July-December (2023-24)")],
    ),
    (
        "year-to-a-day",
        "Exports reached $7.45bn in the calendar year to March 20.",
        date(2023, 4, 24),
        "IRN",
        [("2022-03-21", "2023-03-20", "range", "year to March 20")],
    ),
    (
        "relative-months-with-year-in-brackets",
        "In the first 11 months of last year (2016), trade reached $9.5bn.",
        date(2018, 2, 1),
        None,
        [("2016-01-01", "2016-11-30", "range", "the first 11 months of last year (2016)")],
    ),
    (
        "this-past-quarter",
        "But in this past quarter, it ranked fifth.",
        date(2023, 4, 30),
        None,
        [("2023-01-01", "2023-03-31", "quarter", "this past quarter")],
    ),
    (
        "months-period-this-year",
        "Trade hit $7.31 billion during the January-June period this year, up 18.8 percent "
        "from $6.15 billion over the same period last year.",
        date(2024, 7, 10),
        None,
        [
            ("2024-01-01", "2024-06-30", "half", "January-June period this year"),
            ("2023-01-01", "2023-06-30", "half", "the same period last year"),
        ],
    ),
    (
        "month-to-the-same-month-a-year-later",
        "Trade reached KSh 107 billion from March 2021 to March 2022.",
        date(2022, 7, 4),
        None,
        [("2021-04-01", "2022-03-31", "range", "from March 2021 to March 2022")],
    ),
    (
        "months-with-their-days-in-brackets",
        "Trade reached $21.4bn in the first eight months of the current Iranian calendar year "
        "(March 20 - November 20).",
        date(2024, 12, 18),
        None,
        [
            (
                "2024-03-20",
                "2024-11-20",
                "range",
                "the first eight months of the current Iranian calendar year "
                "(March 20 - November 20)",
            )
        ],
    ),
    (
        "months-and-a-bracketed-day-of-another-length",
        "Trade reached $21.4bn in the first eight months (March 20 - April 2).",
        date(2024, 12, 18),
        None,
        [
            ("2024-01-01", "2024-08-31", "range", "the first eight months"),
            ("2024-03-20", "2024-04-02", "range", "March 20 - April 2"),
        ],
    ),
    (
        "relative-year-with-year-in-brackets",
        "Trade reached $9.5bn last year (2016).",
        date(2018, 2, 1),
        None,
        [("2016-01-01", "2016-12-31", "year", "last year (2016)")],
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "country", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_find_periods(
    text: str,
    published: date | None,
    country: str | None,
    expected: list[tuple[str, str, str, str]],
) -> None:
    found = find_periods(text, published, country)
    assert [
        (p.start.isoformat(), p.end.isoformat(), p.granularity, p.surface) for p in found
    ] == expected


@pytest.mark.parametrize(("text"), [pytest.param(case[1], id=case[0]) for case in CASES])
def test_span_is_surface(text: str) -> None:
    for p in find_periods(text, PUB, "IND"):
        assert p.span is not None
        assert text[p.span.start : p.span.end] == p.surface
        assert p.start <= p.end


def test_sorted_and_non_overlapping() -> None:
    text = "In January-March 2023, up from Q1 2022 and by 2025, FY23 and last year."
    found = find_periods(text, PUB)
    spans = [p.span for p in found if p.span is not None]
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(not a.overlaps(b) for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("text", "comparison"),
    [
        pytest.param("Exports rose 5% compared with a year earlier.", [True], id="compared-with"),
        pytest.param("Exports rose 5% from a year ago.", [True], id="from-a-year-ago"),
        pytest.param("Trade rose from 2016.", [True], id="from-year"),
        pytest.param("From January to July 2023 trade rose.", [False], id="from-range-is-not"),
        pytest.param(
            "Trade in 2017 was higher than in 2016.", [False, False], id="than-in-not-adjacent"
        ),
        pytest.param("Trade in 2017 was higher than 2016.", [False, True], id="than-year"),
        pytest.param("Last year trade rose.", [False], id="reference"),
        pytest.param(
            "Imports fell 22% in 2023 as prices eased from their 2022 peak.",
            [False, True],
            id="from-their-year-peak",
        ),
        pytest.param("Trade is still below the 2019 level.", [False], id="no-cue-before"),
    ],
)
def test_is_comparison(text: str, comparison: list[bool]) -> None:
    assert [is_comparison(p) for p in find_periods(text, PUB)] == comparison


@pytest.mark.parametrize(
    ("period", "label"),
    [
        pytest.param(Period(date(2017, 1, 1), date(2017, 12, 31), "year"), "2017", id="year"),
        pytest.param(
            Period(date(2023, 1, 1), date(2023, 3, 31), "quarter"), "2023-Q1", id="quarter"
        ),
        pytest.param(Period(date(2023, 7, 1), date(2023, 12, 31), "half"), "2023-H2", id="half"),
        pytest.param(Period(date(2023, 3, 1), date(2023, 3, 31), "month"), "2023-03", id="month"),
        pytest.param(
            Period(date(2023, 1, 1), date(2023, 7, 31), "range"), "2023-01..2023-07", id="months"
        ),
        pytest.param(
            Period(date(2021, 1, 1), date(2022, 12, 31), "range"), "2021..2022", id="years"
        ),
        pytest.param(
            Period(date(2022, 4, 1), date(2023, 3, 31), "fiscal_year"), "FY2022-23", id="fiscal"
        ),
        pytest.param(
            Period(date(2022, 1, 1), date(2022, 12, 31), "fiscal_year"), "FY2022", id="fiscal-cal"
        ),
        pytest.param(Period(date(2018, 5, 15), date(2018, 5, 15), "day"), "2018-05-15", id="day"),
        pytest.param(
            Period(date(2015, 1, 1), date(2018, 5, 15), "range"),
            "2015-01-01..2018-05-15",
            id="days",
        ),
    ],
)
def test_period_label(period: Period, label: str) -> None:
    assert period_label(period) == label


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("31 February 2020 and 30 February", id="impossible-days"),
        pytest.param("Q5 2023, H3 2020, 13M 2020, FY2022-25", id="impossible-codes"),
        pytest.param("fiscal year 2023-21 and 2025-2020", id="backwards-ranges"),
        pytest.param("((((January-" * 200, id="repeated-fragments"),
        pytest.param("\x00\ufffd 2018\u200b-2019 " + "9" * 5000, id="binary-noise"),
        pytest.param("December-January 2023", id="month-range-wraps"),
    ],
)
def test_never_raises(text: str) -> None:
    for country in (None, "IND", "JPN", "xx"):
        for published in (None, PUB, date(2020, 2, 29)):
            find_periods(text, published, country)


@pytest.mark.xfail(strict=True, reason="a year inside a programme name is taken for a period")
def test_programme_name_is_not_a_year() -> None:
    assert find_periods("Source: Kazakhstan 2050", PUB) == []


@pytest.mark.xfail(
    strict=True, reason="a forecast quarter of the current year is pushed back a year"
)
def test_forecast_quarter_stays_in_publication_year() -> None:
    (p,) = find_periods("Trade is expected to recover in the fourth quarter.", PUB)
    assert p.start == date(2018, 10, 1)


def test_every_relative_phrase_resolves() -> None:
    for phrase in periods._RELATIVES:
        found = find_periods(phrase, PUB, "IND")
        assert len(found) == 1, phrase
        assert found[0].surface.lower() == phrase


def test_fiscal_table_is_well_formed() -> None:
    rows = periods.read_table("fiscal_years.tsv", ("iso3", "start_month", "single_year_names"))
    codes = [row["iso3"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 3 and code.isupper() for code in codes)


def test_every_month_has_a_name() -> None:
    assert sorted(set(periods.MONTHS.values())) == list(range(1, 13))


@pytest.mark.parametrize(
    ("text", "months"),
    [
        pytest.param("Imports fell 3% over the same nine months.", 9, id="nine-months"),
        pytest.param("Exports rose in the same 11 months.", 11, id="digits"),
        pytest.param("Trade grew 4% in the same quarter.", 3, id="quarter"),
        pytest.param("Trade grew 4% in the same half.", 6, id="half"),
        pytest.param("Trade grew 4% over the same period.", None, id="no-length"),
        pytest.param("Trade grew 4% over nine months.", None, id="not-a-back-reference"),
    ],
)
def test_named_length(text: str, months: int | None) -> None:
    assert named_length(text) == months


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "Exports to China rose 39.91pc in July-December FY24.",
            date(2023, 7, 1),
            date(2023, 12, 31),
        ),
        (
            "Imports from China fell 1.14pc to $5.782bn in 6MFY24.",
            date(2023, 7, 1),
            date(2023, 12, 31),
        ),
        ("Exports grew in the first half of FY24.", date(2023, 7, 1), date(2023, 12, 31)),
        ("Exports grew in the second half of FY24.", date(2024, 1, 1), date(2024, 6, 30)),
    ],
)
def test_months_of_a_fiscal_year_named_by_its_label(text: str, start: date, end: date) -> None:
    """Pakistan's fiscal year runs July-June and "FY24" ends in June 2024: its months are
    read from the label, not from the publication date."""
    (period,) = [p for p in find_periods(text, None, "PAK") if p.rule != "fiscal_label"]
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Exports rose during the first half (H1) of 2017.", date(2017, 1, 1), date(2017, 6, 30)),
        ("Trade grew in the first quarter (Q1) of 2023.", date(2023, 1, 1), date(2023, 3, 31)),
    ],
)
def test_a_periods_code_in_brackets_before_its_year(text: str, start: date, end: date) -> None:
    (period,) = find_periods(text, date(2024, 1, 1))
    assert (period.start, period.end) == (start, end)
