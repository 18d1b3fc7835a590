"""Publication dates: small pages written for these tests, each with the date a reader gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.extract import extract
from app.extract.pubdate import find_publication_date

SEED = Path(__file__).parents[3] / "shared" / "seed-article.txt"

# (id, page text, expected date or None, expected surface or None)
CASES: list[tuple[str, str, date | None, str | None]] = [
    (
        "byline-by-date",
        "Talks in Sochi\n\nby May 15, 2018 Market\n\nThe leaders met.",
        date(2018, 5, 15),
        "May 15, 2018",
    ),
    (
        "byline-name-pipe",
        "Trade grows\nBy Jane Doe | 15 May 2018\n\nThe ministers met on Monday.",
        date(2018, 5, 15),
        "15 May 2018",
    ),
    (
        "published-dotted",
        "Published: 15.05.2018\n\nThe ministers met.",
        date(2018, 5, 15),
        "15.05.2018",
    ),
    (
        "published-beats-updated",
        "Updated: 20.06.2018 09:10\nPublished: 15.05.2018 08:00\n\nThe ministers met.",
        date(2018, 5, 15),
        "15.05.2018",
    ),
    (
        "posted-iso-with-time",
        "Posted on 2019-03-04 10:22\n\nExports rose.",
        date(2019, 3, 4),
        "2019-03-04 10:22",
    ),
    (
        "dateline-kazinform-year-from-page",
        "Home | Politics\n2019\n\nASTANA, May 15 (Kazinform) -- The President received the envoy.\n"
        "Page generated 01.02.2019",
        date(2019, 5, 15),
        "May 15",
    ),
    (
        "dateline-year-after-reported-period",
        "Skip to main content\nMonday, 21 October 2024\n\nTrade up\n\n"
        "ASTANA, August 14 (Steppe News) — Trade reached $19.8bn in the first half of 2023.",
        date(2023, 8, 14),
        "August 14",
    ),
    (
        "dateline-january-after-full-year",
        "MINSK, February 9 (Wire) — Trade rose last year.\n\nTrade reached $450m in 2023.",
        date(2024, 2, 9),
        "February 9",
    ),
    (
        "dateline-year-after-two-year-span",
        "NEW DELHI, May 2 (Press) — Trade surged to a record $49.4 billion in 2022-23.",
        date(2023, 5, 2),
        "May 2",
    ),
    (
        "dateline-title-case-city",
        "Skip to content\nSunday, 14 July 2024\nMONITOR\n\nTbilisi, 12 May 2023 — Trade between "
        "Georgia and Armenia amounted to $243 million in January–March 2023, 45 percent more than "
        "in the same period of 2022, according to Geostat, the national statistics office.",
        date(2023, 5, 12),
        "12 May 2023",
    ),
    (
        "dateline-inside-html-paragraph",
        "<html><body><h1>Exports fall</h1>\n<p>HANOI, Oct. 8, 2023 (MPA) &mdash; Exports fell.</p>",
        date(2023, 10, 8),
        "Oct. 8, 2023",
    ),
    (
        "dateline-no-year-anywhere",
        "ASTANA, May 15 (Kazinform) -- The President received the envoy.",
        None,
        None,
    ),
    (
        "dateline-tass",
        "MOSCOW, 3 March 2021 /TASS/. Russia and China have agreed to expand trade.",
        date(2021, 3, 3),
        "3 March 2021",
    ),
    (
        "dateline-xinhua",
        "TASHKENT, Jan. 12, 2023 (Xinhua) -- Uzbekistan and China signed deals worth $5bn.",
        date(2023, 1, 12),
        "Jan. 12, 2023",
    ),
    (
        "slashed-date-own-line",
        "Trade news\n15/05/2018\n\nThe ministers met.",
        date(2018, 5, 15),
        "15/05/2018",
    ),
    (
        "iso-timestamp",
        '<script>{"datePublished": "2018-05-15T10:00:00Z", '
        '"dateModified": "2018-06-01T08:00:00Z"}</script>',
        date(2018, 5, 15),
        "2018-05-15T10:00:00Z",
    ),
    (
        "header-weekday-then-byline",
        "Skip to content\nThursday, September 23rd, 2021\n\nTalks held\n\n"
        "By Staff Writer, 15 May 2018\n\nText.",
        date(2018, 5, 15),
        "15 May 2018",
    ),
    (
        "header-plain-then-dateline",
        "September 23, 2021\nTalks held\nASTANA, 15 May 2018 (Kazinform) - The leaders met.",
        date(2018, 5, 15),
        "15 May 2018",
    ),
    (
        "lone-weekday-header-kept",
        "Sunday, March 3, 2024\nTalks held\nThe agreement was signed on March 18, 2017.",
        date(2024, 3, 3),
        "Sunday, March 3, 2024",
    ),
    ("body-event-date-only", "Talks held\nThe agreement was signed on March 18, 2017.", None, None),
    (
        "body-long-paragraph",
        "Talks held\n"
        + "The two presidents discussed trade, energy and transport for a long time, and " * 3
        + "they recalled the treaty of 12 June 2001.",
        None,
        None,
    ),
    ("no-date", "Trade between the countries grew 30 percent in 2017.", None, None),
    (
        "relative-only",
        "On the eighteenth of March this year, a historic event took place.",
        None,
        None,
    ),
    ("impossible-date", "Published: 31.02.2018\n\nText.", None, None),
    (
        "dateline-without-comma",
        "BAKU 12 Jan 2023 Azertac: trade rose.",
        date(2023, 1, 12),
        "12 Jan 2023",
    ),
    ("us-order", "Posted 05/15/2018\n\nText.", date(2018, 5, 15), "05/15/2018"),
    ("empty", "", None, None),
]


@pytest.mark.parametrize(
    ("text", "expected", "surface"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_find_publication_date(text: str, expected: date | None, surface: str | None) -> None:
    found = find_publication_date(text)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.value, found.surface, found.source) == (expected, surface, "text")
    assert found.span is not None
    assert text[found.span.start : found.span.end] == found.surface


def test_seed_article_uses_byline_not_header() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (the repo's parent folder holds shared/)")
    text = SEED.read_text(encoding="utf-8")
    found = find_publication_date(text)
    assert found is not None
    assert found.value == date(2018, 5, 15)
    assert found.span is not None
    assert text[found.span.start : found.span.end] == "May 15, 2018"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ASTANA, 99 May (x) -- 2018-99-99T99:99 00/00/0000", id="impossible"),
        pytest.param("\n" * 1000 + "by", id="blank-lines"),
        pytest.param("Published: " * 500, id="labels-without-dates"),
        pytest.param("MOSCOW, " + "May 1 " * 2000, id="many-candidates"),
        pytest.param("\x00\ufffd\r\n15 May 1900\r\n29.02.2019", id="noise-and-out-of-range"),
    ],
)
def test_never_raises(text: str) -> None:
    find_publication_date(text)


def test_a_russian_article_is_dated_by_the_russian_grammar() -> None:
    """The English grammar reads English month names only; an article detected as Russian is
    dated by app/extract/ru/pubdate.py."""
    text = (
        "Опубликовано: 15 мая 2018\n\nТоварооборот между Россией и Казахстаном в прошлом году "
        "вырос на 30% и составил 16 млрд долларов, сообщил министр."
    )
    result = extract(text)
    assert result.language == "ru"
    assert result.published is not None and result.published.value == date(2018, 5, 15)
    assert [(c.value, c.period.start.year if c.period else None) for c in result.claims] == [
        (30.0, 2017),
        (16e9, 2017),
    ]


def test_numeric_dates_read_month_first_where_the_page_writes_them_so() -> None:
    us_page = (
        "Our privacy policy was updated on 10/01/2025.\nToday is Wednesday, October 1, 2025\n\n"
        "Trade slipped\n\nBy Dana Ruiz | 03/12/2024 6:45 AM ET\n\nTwo-way trade fell 2% in 2023."
    )
    found = find_publication_date(us_page)
    assert found is not None and found.value == date(2024, 3, 12)
    other_page = (
        "Trade slipped\n\nBy Dana Ruiz | 03/12/2024 10:15\n\nTwo-way trade fell 2% in 2023."
    )
    found = find_publication_date(other_page)
    assert found is not None and found.value == date(2024, 12, 3)  # day-first by default
