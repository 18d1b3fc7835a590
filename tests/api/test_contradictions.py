"""GET /v1/pairs/{a}/{b}/contradictions: claims of one metric, measure and period from
different sources whose values (in US dollars for levels) differ by more than the tolerance,
with "more than" and "less than" taken at their word."""

from __future__ import annotations

import httpx
import pytest

from tests.api.helpers import post

URL = "/v1/pairs/KAZ/RUS/contradictions"


def test_sources_that_disagree_on_a_years_turnover(client: httpx.Client) -> None:
    rub = post(
        client,
        "Trade between Russia and Kazakhstan came to 1.5 trillion rubles in 2021.",
        "2022-02-01",
        source="tass",
        url="https://tass.example/1",
    )["claims"][0]
    post(
        client,
        "Trade turnover between Kazakhstan and Russia reached $26 billion in 2021, "
        "President Kassym-Jomart Tokayev said.",
        "2022-02-02",
        source="akorda",
    )
    body = client.get(URL).json()
    assert body["pair"] == ["KAZ", "RUS"] and body["tolerance"] == 0.05
    (group,) = body["groups"]
    assert group["period"]["start"] == "2021-01-01" and group["period"]["end"] == "2021-12-31"
    assert (group["metric"], group["measure"], group["unit"]) == ("turnover", "level", "USD")
    assert group["min"] == pytest.approx(rub["value_usd"]) and group["max"] == 26e9
    assert group["spread"] == pytest.approx(26e9 / rub["value_usd"])
    assert 1.2 < group["spread"] < 1.35
    assert (group["claims"], group["sources"]) == (2, 2)
    by_source = {c["article_source"]: c for c in group["items"]}
    assert by_source["tass"]["evidence"]["text"].startswith("Trade between Russia")
    assert by_source["tass"]["article_url"] == "https://tass.example/1"
    assert by_source["akorda"]["speaker"] == "Kassym-Jomart Tokayev"
    # a tolerance wider than the spread: no contradiction
    assert client.get(URL, params={"tolerance": 0.3}).json()["groups"] == []
    # filters: another metric, a period elsewhere
    assert client.get(URL, params={"metric": "exports"}).json()["groups"] == []
    assert client.get(URL, params={"period_from": "2022-01-01"}).json()["groups"] == []
    assert len(client.get(URL, params={"period_to": "2021-06-30"}).json()["groups"]) == 1


@pytest.mark.parametrize(
    ("first", "second", "contradicts"),
    [
        ("exceeded $5 billion", "reached $5.3 billion", False),  # "more than 5" allows 5.3
        ("exceeded $5.6 billion", "reached $5.3 billion", True),  # but not 5.6 up vs 5.3
        ("was less than $5 billion", "reached $5.1 billion", False),  # within 5%
        ("was less than $5 billion", "reached $6 billion", True),
        ("reached $5 billion", "reached $5.2 billion", False),  # 4% apart
        ("reached $5 billion", "reached $5.3 billion", True),  # 6% apart
        ("exceeded $5 billion", "exceeded $9 billion", False),  # both allow 10
    ],
    ids=["at-least-ok", "at-least-no", "at-most-ok", "at-most-no", "close", "apart", "both-up"],
)
def test_approximation_words_are_honoured(
    client: httpx.Client, first: str, second: str, contradicts: bool
) -> None:
    for i, figure in enumerate((first, second)):
        claims = post(
            client,
            f"Trade turnover between Kazakhstan and Russia {figure} in 2022.",
            f"2023-02-0{i + 1}",
            source=f"source{i}",
        )["claims"]
        assert len(claims) == 1, claims
    groups = client.get(URL).json()["groups"]
    assert bool(groups) == contradicts, groups


def test_one_article_and_its_copy_are_one_statement(client: httpx.Client) -> None:
    """Two figures of one article (or of an article and its syndicated copies) are not two
    sources disagreeing."""
    claims = post(
        client,
        "Trade turnover between Kazakhstan and Russia reached $26 billion in 2021. "
        "Separately, trade between Russia and Kazakhstan was put at $20 billion in 2021.",
        "2022-02-01",
        source="one",
    )["claims"]
    assert sorted(c["value"] for c in claims) == [20e9, 26e9]
    assert client.get(URL).json()["groups"] == []
    # the same two figures from two sources do contradict
    post(client, "Trade between Russia and Kazakhstan was $20 billion in 2021.", source="two")
    assert len(client.get(URL).json()["groups"]) == 1


def test_growth_rates_are_compared_as_stated(client: httpx.Client) -> None:
    post(client, "Trade turnover between Kazakhstan and Russia grew 10% in 2021.", source="a")
    post(client, "Trade turnover between Russia and Kazakhstan fell 5% in 2021.", source="b")
    (group,) = client.get(URL, params={"measure": "growth_pct"}).json()["groups"]
    assert (group["unit"], group["min"], group["max"]) == ("percent", -5.0, 10.0)
    assert group["spread"] is None  # of two signs: no ratio means anything


def test_unknown_pairs_and_bad_tolerances(client: httpx.Client) -> None:
    assert client.get("/v1/pairs/KAZ/Narnia/contradictions").status_code == 404
    r = client.get(URL, params={"tolerance": -1})
    assert r.status_code == 422 and "tolerance" in r.text
