"""The contract's patterns mean what they say: date patterns match exactly the calendar dates
of their range, and the text and HTML patterns agree with the service's own notion of blank."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from app.api import contract


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_int_range_matches_exactly_the_numbers_of_its_range(width: int) -> None:
    rng = random.Random(width)
    top = 10**width - 1
    pairs = [(0, top), (0, 0), (top, top)] + [
        tuple(sorted(rng.sample(range(top + 1), 2))) for _ in range(40)
    ]
    for lo, hi in pairs:
        rx = re.compile(f"^{contract.int_range(lo, hi, width)}$")
        for n in range(top + 1):
            assert bool(rx.match(f"{n:0{width}d}")) == (lo <= n <= hi), (lo, hi, n)


def _every_day(first: date, last: date) -> set[str]:
    days, d = set(), first
    while d <= last:
        days.add(d.isoformat())
        d += timedelta(days=1)
    return days


def _candidates(first: date, last: date) -> list[str]:
    """Every YYYY-MM-DD string, valid or not (month 00-13, day 00-32), of the years around."""
    return [
        f"{y:04d}-{m:02d}-{d:02d}"
        for y in range(first.year - 1, last.year + 2)
        for m in range(14)
        for d in range(33)
    ]


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(1896, 1, 1), date(1905, 12, 31)),
        (date(1999, 12, 31), date(2001, 1, 1)),
        (date(2024, 2, 10), date(2024, 3, 5)),
        (date(2023, 2, 28), date(2024, 2, 29)),
        (date(2026, 12, 7), date(2026, 12, 7)),
        (date(2096, 5, 17), date(2104, 8, 2)),
    ],
)
def test_date_pattern_matches_exactly_the_dates_of_its_range(first: date, last: date) -> None:
    rx = re.compile(f"^{contract.date_pattern(first, last)}$")
    valid = _every_day(first, last)
    for s in _candidates(first, last):
        assert bool(rx.match(s)) == (s in valid), s


def test_the_query_date_range_runs_from_1900_to_2999() -> None:
    rx = re.compile(contract.QUERY_DATE)
    for ok in ("1900-01-01", "2000-02-29", "2024-02-29", "2999-12-31"):
        assert rx.match(ok), ok
    for bad in ("1899-12-31", "3000-01-01", "1900-02-29", "2100-02-29", "2023-04-31", "0001-01-01"):
        assert not rx.match(bad), bad


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2023-03-03", True),
        ("2023-03-03T08:00", True),
        ("2023-03-03T08:00:00", True),
        ("2023-03-03T08:00:00.123456Z", True),
        ("2023-03-03T08:00:00+14:00", True),
        ("2023-03-03T08:00:00-12:30", True),
        ("2023-03-03T08:00:00+14:01", False),
        ("2023-03-03T08:00:00-20:00", False),
        ("2023-03-03T24:00:00Z", False),
        ("2023-03-03T08:00:60Z", False),
        ("2023-03-03T08:00:00.1234567Z", False),
        ("2023-03-03 08:00:00Z", False),
        ("2023-03-03t08:00:00z", False),
        ("2023-03-03T08:00:00Z\n", False),
        ("1.9", False),
        ("", False),
    ],
)
def test_date_time_pattern(value: str, ok: bool) -> None:
    # whole strings, as ECMA-262's and Rust's `$` mean (Python's `$` would let a final
    # newline through)
    assert bool(re.fullmatch(contract.QUERY_DATETIME[1:-1], value)) == ok


def test_blank_is_what_str_strip_removes() -> None:
    blank = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    rx = re.compile(f"[{contract.BLANK}]")
    assert {chr(c) for c in range(0x3100) if rx.match(chr(c))} == {c for c in blank if c < "\u3100"}
    assert all(rx.match(c) for c in blank)


@pytest.mark.parametrize(
    ("html", "ok"),
    [
        ("<p>Trade grew.</p>", True),
        ("Trade grew.", True),
        (">", True),
        ("<p> </p><div>\n</div>", False),
        ("   ", False),
        ("", False),
        ("<br><br/>\u00a0", False),
        ("< 5", False),
        ("<p>a\u0000b</p>", False),
    ],
)
def test_html_pattern(html: str, ok: bool) -> None:
    assert bool(re.fullmatch(contract.HTML[1:-1], html)) == ok
