"""Exchange rates: the ECB's shipped reference rates first, the operator's table for what
the ECB lacks, a period's average where the claim has a period, and a reason when no rate is
known. Pure functions over the rates: no database."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.fx import (
    ECB_MAX_AGE,
    OperatorRate,
    Rates,
    RatesFileError,
    ecb,
    parse_rates_csv,
)

PUBLISHED = date(2022, 3, 1)


def test_a_dollar_figure_is_its_own_value() -> None:
    c = Rates().convert(26e9, "USD", date(2022, 1, 1), date(2022, 12, 31), PUBLISHED)
    assert c.value_usd == 26e9
    assert c.fx is not None and c.fx["basis"] == "same_currency" and c.fx["rate"] == 1.0


def test_a_percentage_is_not_money() -> None:
    c = Rates().convert(30.0, "percent", None, None, PUBLISHED)
    assert (c.value_usd, c.fx) == (None, None)


def test_a_period_is_converted_at_the_average_of_its_daily_ecb_rates() -> None:
    c = Rates().convert(1.5e12, "RUB", date(2021, 1, 1), date(2021, 12, 31), PUBLISHED)
    fx = c.fx
    assert fx is not None and fx["basis"] == "period_average" and fx["source"].startswith("ECB")
    # the ECB published on about 255 working days of 2021; the average is the mean of the
    # RUB per USD rates of those days, computed here from the ECB's own per-EUR rates
    assert 250 <= fx["observations"] <= 260
    assert (fx["rate_from"], fx["rate_to"]) == (date(2021, 1, 4), date(2021, 12, 31))
    first, last = date(2021, 1, 1).toordinal(), date(2021, 12, 31).toordinal()
    days = [date.fromordinal(d) for d in range(first, last + 1)]
    daily = []
    for d in days:
        try:
            daily.append(ecb().convert(1, "USD", "RUB", date=d))
        except Exception:
            continue
    assert fx["per_usd"] == pytest.approx(sum(daily) / len(daily))
    assert 70 < fx["per_usd"] < 78  # the ruble's 2021: about 73.7 per dollar
    assert c.value_usd == pytest.approx(1.5e12 / fx["per_usd"])
    assert fx["rate"] == pytest.approx(1 / fx["per_usd"])


def test_no_period_takes_the_publication_dates_rate_or_the_last_before_it() -> None:
    # 2024-02-04 is a Sunday: the ECB's rate of Friday 2024-02-02 stands
    c = Rates().convert(1e9, "EUR", None, None, date(2024, 2, 4))
    assert c.fx is not None and c.fx["basis"] == "publication_date"
    assert c.fx["rate_date"] == date(2024, 2, 2)
    assert c.value_usd == pytest.approx(1e9 * c.fx["rate"])
    assert 1.0 < c.fx["rate"] < 1.2


def test_a_future_period_falls_back_to_the_publication_date() -> None:
    """A target for 2030 has no rates in its period: the rate of the day it was stated."""
    c = Rates().convert(1e11, "CNY", date(2030, 1, 1), date(2030, 12, 31), date(2023, 6, 1))
    assert c.fx is not None and c.fx["basis"] == "publication_date"
    assert c.fx["rate_date"] == date(2023, 6, 1)


def test_currencies_the_ecb_lacks_come_from_the_operators_table() -> None:
    rates = Rates.of(
        [
            OperatorRate("KZT", date(2023, 1, 1), 460.0, "National Bank of Kazakhstan"),
            OperatorRate("KZT", date(2023, 7, 1), 450.0, "National Bank of Kazakhstan"),
            OperatorRate("KZT", date(2024, 1, 1), 455.0, "National Bank of Kazakhstan"),
        ]
    )
    year = rates.convert(2e12, "KZT", date(2023, 1, 1), date(2023, 12, 31), date(2024, 2, 1))
    assert year.fx is not None and year.fx["source"] == "National Bank of Kazakhstan"
    assert year.fx["per_usd"] == 455.0 and year.fx["observations"] == 2
    assert year.value_usd == pytest.approx(2e12 / 455.0)
    day = rates.convert(1e12, "KZT", None, None, date(2024, 1, 20))
    assert day.fx is not None and day.fx["rate_date"] == date(2024, 1, 1)
    # an operator's rate older than OPERATOR_MAX_AGE does not stand for a later day
    stale = rates.convert(1e12, "KZT", None, None, date(2024, 6, 1))
    assert stale.value_usd is None and "KZT" in stale.fx["reason"]  # type: ignore[index]


def test_rubles_after_the_ecb_stopped_need_the_operators_table() -> None:
    bounds = ecb().bounds["RUB"]
    assert bounds.last_date == date(2022, 3, 1)
    later = date(2023, 1, 1), date(2023, 12, 31)
    missing = Rates().convert(1e12, "RUB", *later, date(2024, 2, 1))
    assert missing.value_usd is None
    reason = missing.fx["reason"]  # type: ignore[index]
    assert "RUB rates end 2022-03-01" in reason and "fx load" in reason
    loaded = Rates.of([OperatorRate("RUB", date(2023, 6, 30), 85.0, "Bank of Russia")])
    c = loaded.convert(1e12, "RUB", *later, date(2024, 2, 1))
    assert c.fx is not None and c.fx["source"] == "Bank of Russia"
    assert c.value_usd == pytest.approx(1e12 / 85.0)
    # where the ECB covers the period, its rates stand
    old = loaded.convert(1e12, "RUB", date(2021, 1, 1), date(2021, 12, 31), PUBLISHED)
    assert old.fx is not None and old.fx["source"].startswith("ECB")


def test_a_currency_nobody_has_says_so() -> None:
    c = Rates().convert(1e12, "UZS", None, None, date(2023, 5, 5))
    assert c.value_usd is None
    assert "the ECB publishes no UZS rate" in c.fx["reason"]  # type: ignore[index]
    assert ECB_MAX_AGE.days == 7


def test_the_rates_file_is_loaded_whole_or_not_at_all() -> None:
    good = "currency,date,per_usd,source\nkzt,2023-01-01,460.5,NBK\nUZS,2023-01-01,11200,CBU\n"
    rows = parse_rates_csv(good)
    assert [(r.currency, r.per_usd) for r in rows] == [("KZT", 460.5), ("UZS", 11200.0)]
    bad = (
        "currency,date,per_usd,source\nKZT,2023-01-01,460,NBK\nKZT,2023-13-01,460,NBK\n"
        "UZS,2023-01-01,-3,CBU\nBYN,2023-01-01,3.1,\nKZT,2023-01-01,461,NBK\n"
    )
    with pytest.raises(RatesFileError) as info:
        parse_rates_csv(bad)
    assert [e.split(":")[0] for e in info.value.errors] == ["line 3", "line 4", "line 5", "line 6"]
    with pytest.raises(RatesFileError):
        parse_rates_csv("currency,day,rate\nKZT,2023-01-01,460\n")
