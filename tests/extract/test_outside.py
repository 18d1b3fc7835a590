"""The outside lists (tests/data/outside/): their records are well formed, a cached text is the
one its record names, and the scorer reads a list as its docstring says."""

from __future__ import annotations

import hashlib
import re

import pytest

from app.extract import outside
from app.extract.outside import Row, parse_rows, score


def test_sources_are_well_formed() -> None:
    lists = outside.sources()
    assert lists
    for source in lists:
        assert {"name", "kind", "repo", "path", "commit", "text_sha256", "chars"} <= set(source)
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        assert re.fullmatch(r"[0-9a-f]{64}", source["text_sha256"])


def test_a_cached_text_is_the_one_its_record_names() -> None:
    for source in outside.sources():
        text = outside.cached_text(source)
        if text is None:
            continue  # a fresh clone: `python -m app.extract.outside` says how to refill
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == source["text_sha256"]
        assert len(text) == source["chars"]


def test_rows_are_read_and_broken_lines_counted() -> None:
    text = "nationality,alpha_3_code\nBurundian,BDI\nAzeri, AZE\nBermudianBMU\n\nCongolese,COG\n"
    rows, unreadable = parse_rows(text)
    assert rows == [Row("Burundian", "BDI"), Row("Azeri", "AZE"), Row("Congolese", "COG")]
    assert unreadable == 1


def test_a_row_is_right_only_for_its_country_and_its_whole_surface() -> None:
    rows = [
        Row("Kazakh", "KAZ"),  # right
        Row("Kazakh", "UZB"),  # the list gives it to two countries: right for either
        Row("Russian", "UKR"),  # read as Russia: wrong
        Row("Blorfian", "KEN"),  # read as nothing
        Row("Kazakh Steppe", "KAZ"),  # only part of the surface is read
    ]
    right, misses = score(rows)
    assert right == 2
    assert [(r.surface, r.iso3) for r, _ in misses] == [
        ("Russian", "UKR"),
        ("Blorfian", "KEN"),
        ("Kazakh Steppe", "KAZ"),
    ]
    assert misses[1][1] == "nothing"


def test_a_long_text_is_put_page_by_page() -> None:
    assert outside.join_literals('"ab\\n"\n"c\\"d"\n') == 'ab\nc"d'
    with pytest.raises(SystemExit):
        outside.join_literals("[1, 2]")
    with pytest.raises(SystemExit):
        outside.join_literals("  \n")


@pytest.mark.parametrize(
    ("unit", "normalized", "code"),
    [
        ("$", "dollar", "USD"),
        ("US$ per barrel", "dollar per barrel", "USD"),  # a price in dollars is money
        ("$US", "dollar", "USD"),
        ("HK$", "hong kong dollar", "HKD"),
        ("C$ per share", "canadian dollar per share", "CAD"),
        ("NZ $ per year", "new zealand dollar per year", "NZD"),
        ("PS", "pound sterling", "GBP"),
        ("shekels", "shekel", "ILS"),
        ("cents", "cent", "USD"),
        ("lb", "pound-mass", None),
        ("pound-feet of torque", "pound-foot", None),
        ("realest conversations", "real conversation", None),
        ("%", "percentage", None),
    ],
)
def test_the_gold_currency_of_a_quantity(unit: str, normalized: str, code: str | None) -> None:
    assert outside.gold_currency(unit, normalized) == code


def _sentence(text: str, *quantities: tuple[str, str, str]) -> dict[str, object]:
    return {
        "text": text,
        "quantities": [{"value": v, "unit": u, "normalized_unit": n} for v, u, n in quantities],
    }


def test_money_is_matched_by_value_and_currency_one_to_one() -> None:
    result = outside.score_money(
        [
            _sentence(
                "It cost $800 million and 300 yen.",
                ("800000000.0", "$", "dollar"),
                ("300", "yen", "japanese yen"),
                ("3", "workers", "worker"),  # not money: not scored
            ),
            # the set writes a change "from $36,040 to $34,935" as one quantity: two figures
            # at its ends are one match, and count as one found
            _sentence("Bitcoin fell from $36,040 to $34,935.", ("36040.0-34935.0", "$", "dollar")),
            _sentence("It was worth 5 euros.", ("5", "$", "dollar")),  # currency differs
        ]
    )
    assert (result.found, result.matched, result.gold) == (4, 3, 4)
    assert [(g.low, g.currency) for _, g in result.misses or []] == [(5.0, "USD")]
    assert [(a.value, a.unit) for _, a in result.false or []] == [(5.0, "EUR")]
    p, r, f1 = result.prf()
    assert (p, r) == (0.75, 0.75)
    assert f1 == pytest.approx(0.75)
