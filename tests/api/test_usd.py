"""US dollar values: every money claim says what it is worth in dollars and by which rate,
in JSON, CSV and series; the operator's rates load from the command line and apply from the
next request on, without a restart."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import post
from tests.conftest import REPO

RUB_2021 = "Trade between Russia and Kazakhstan came to 1.5 trillion rubles in 2021."
USD_2021 = "Trade turnover between Kazakhstan and Russia reached $26 billion in 2021."
RUB_2023 = "Trade between Russia and Kazakhstan came to 2.1 trillion rubles in 2023."
GROWTH = "Trade turnover between Kazakhstan and Russia grew 10% in 2021."


def load_rates(db_url: str, tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "app", "--database-url", db_url, "fx", "load", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_claims_carry_their_dollar_value_and_its_rate(client: httpx.Client) -> None:
    rub = post(client, RUB_2021, "2022-02-01", source="tass")["claims"][0]
    assert (rub["value"], rub["unit"]) == (1.5e12, "RUB")
    fx = rub["fx"]
    assert fx["basis"] == "period_average" and fx["source"].startswith("ECB euro reference")
    assert (fx["rate_from"], fx["rate_to"]) == ("2021-01-04", "2021-12-31")
    assert 70 < fx["per_usd"] < 78
    assert rub["value_usd"] == pytest.approx(1.5e12 / fx["per_usd"])
    usd = post(client, USD_2021, "2022-02-02")["claims"][0]
    assert usd["value_usd"] == 26e9 and usd["fx"]["basis"] == "same_currency"
    growth = post(client, GROWTH, "2022-02-03")["claims"][0]
    assert (growth["value_usd"], growth["fx"]) == (None, None)
    listed = {c["id"]: c for c in client.get("/v1/claims").json()["items"]}
    assert listed[rub["id"]]["value_usd"] == rub["value_usd"]
    assert client.get(f"/v1/articles/{rub['article_id']}").json()["claims"][0]["fx"] == fx


def test_csv_has_the_dollar_value_and_where_its_rate_came_from(client: httpx.Client) -> None:
    post(client, RUB_2021, "2022-02-01")
    post(client, RUB_2023, "2024-02-01")
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/claims?format=csv").text)))
    by_year = {r["period_start"][:4]: r for r in rows}
    converted, missing = by_year["2021"], by_year["2023"]
    assert float(converted["value_usd"]) == pytest.approx(1.5e12 * float(converted["fx_rate"]))
    assert converted["fx_basis"] == "period_average" and converted["fx_source"].startswith("ECB")
    assert converted["fx_rate_date"] == "2021-12-31" and converted["fx_reason"] == ""
    assert missing["value_usd"] == "" and "RUB rates end 2022-03-01" in missing["fx_reason"]


def test_a_loaded_rate_applies_from_the_next_request(
    client: httpx.Client, db_url: str, tmp_path: Path
) -> None:
    claim = post(client, RUB_2023, "2024-02-01", source="tass")["claims"][0]
    assert claim["value_usd"] is None and "fx load" in claim["fx"]["reason"]
    series = client.get("/v1/pairs/KAZ/RUS/series", params={"unit": "USD"}).json()
    assert (series["points"], series["unconverted"]) == ([], 1)

    out = load_rates(
        db_url, tmp_path, "currency,date,per_usd,source\nRUB,2023-06-30,84,Bank of Russia\n"
    )
    assert out.returncode == 0, out.stderr
    assert "loaded 1 rates for RUB" in out.stdout
    again = client.get(f"/v1/articles/{claim['article_id']}").json()["claims"][0]
    assert again["value_usd"] == pytest.approx(2.1e12 / 84)
    assert again["fx"]["source"] == "Bank of Russia" and again["fx"]["basis"] == "period_average"

    # loading the same day again replaces its rate, and that too applies at once
    out = load_rates(
        db_url, tmp_path, "currency,date,per_usd,source\nRUB,2023-06-30,90,Bank of Russia\n"
    )
    assert out.returncode == 0, out.stderr
    again = client.get(f"/v1/articles/{claim['article_id']}").json()["claims"][0]
    assert again["value_usd"] == pytest.approx(2.1e12 / 90)


def test_a_bad_rates_file_loads_nothing(client: httpx.Client, db_url: str, tmp_path: Path) -> None:
    claim = post(client, RUB_2023, "2024-02-01")["claims"][0]
    out = load_rates(
        db_url,
        tmp_path,
        "currency,date,per_usd,source\nRUB,2023-06-30,84,Bank of Russia\nRUB,2023-07-31,0,x\n",
    )
    assert out.returncode == 1
    assert "line 3" in out.stderr and "nothing was loaded" in out.stderr
    again = client.get(f"/v1/articles/{claim['article_id']}").json()["claims"][0]
    assert again["value_usd"] is None


def test_series_in_dollars_put_every_currency_on_one_axis(client: httpx.Client) -> None:
    post(client, RUB_2021, "2022-02-01", source="tass")
    post(client, USD_2021, "2022-02-02", source="kazinform")
    stated = client.get("/v1/pairs/KAZ/RUS/series").json()
    assert [p["claims"] for p in stated["points"]] == [1]  # the most common unit alone
    s = client.get("/v1/pairs/KAZ/RUS/series", params={"unit": "usd"}).json()
    assert s["unit"] == "USD"
    (point,) = s["points"]
    assert (point["claims"], point["converted"], point["sources"]) == (2, 1, 2)
    rub = next(i for i in point["items"] if i["unit"] == "RUB")
    assert point["min"] == pytest.approx(rub["value_usd"]) and point["max"] == 26e9
    assert point["value"] == pytest.approx((rub["value_usd"] + 26e9) / 2)
    rows = client.get("/v1/pairs/KAZ/RUS/series", params={"unit": "USD", "format": "rows"})
    assert rows.json()[0]["converted"] == 1
    text = client.get("/v1/pairs/KAZ/RUS/series", params={"unit": "USD", "format": "csv"}).text
    assert text.splitlines()[1].endswith(",USD,2,2,1")
