"""GET /v1/claims, /v1/pairs and the series, on a small store of known articles."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.robustness.conftest import add_key, bearer

ARTICLES = [
    (
        "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022.",
        "2023-02-01T00:00:00Z",
        "wire",
    ),
    (
        "Trade turnover between Kazakhstan and Russia reached $28 billion in 2023.",
        "2024-02-01T00:00:00Z",
        "paper",
    ),
    (
        "Kazakhstan's exports to China rose to $15 billion in 2022, the ministry said.",
        "2023-03-01T00:00:00Z",
        "wire",
    ),
    (
        "Trade between Russia and Kazakhstan totalled $27 billion in 2022, customs data show.",
        "2023-06-01T00:00:00Z",
        "paper",
    ),
]


@pytest.fixture
def store(client: httpx.Client) -> httpx.Client:
    for text, published, source in ARTICLES:
        r = client.post(
            "/v1/articles", json={"text": text, "published_at": published, "source": source}
        )
        assert r.status_code == 201, r.text
        assert len(r.json()["claims"]) == 1, r.json()["claims"]
    return client


def values(resp: httpx.Response) -> list[float]:
    assert resp.status_code == 200, resp.text
    return sorted(c["value"] for c in resp.json()["items"])


def test_claims_carry_their_article(store: httpx.Client) -> None:
    items = store.get("/v1/claims").json()["items"]
    assert len(items) == 4
    first = items[0]
    assert first["article_source"] == "wire"
    assert first["published_at"].startswith("2023-02-01")
    assert first["recorded_at"] and first["extractor_version"]
    assert first["period"] == {
        "start": "2022-01-01",
        "end": "2022-12-31",
        "granularity": "year",
        "label": "2022",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "KAZ", "partner": "RUS"}, [26e9, 27e9, 28e9]),
        ({"country": "Russian Federation", "partner": "kz"}, [26e9, 27e9, 28e9]),
        ({"country": "china"}, [15e9]),
        ({"country": "KAZ", "partner": "CHN", "direction": "strict"}, [15e9]),
        ({"country": "CHN", "partner": "KAZ", "direction": "strict"}, []),
        ({"metric": "exports"}, [15e9]),
        ({"source": "paper"}, [27e9, 28e9]),
        ({"period_from": "2023-01-01"}, [28e9]),
        ({"period_to": "2022-12-31", "metric": "turnover"}, [26e9, 27e9]),
        (
            {"published_from": "2023-03-01T00:00:00Z", "published_to": "2023-12-31T00:00:00Z"},
            [15e9, 27e9],
        ),
        ({"unit": "usd", "measure": "level", "modality": "actual"}, [15e9, 26e9, 27e9, 28e9]),
        ({"min_confidence": 0.0}, [15e9, 26e9, 27e9, 28e9]),
        ({"speaker": "nobody at all"}, []),
    ],
    ids=[
        "pair",
        "pair-by-names",
        "one-country",
        "strict",
        "strict-reversed",
        "metric",
        "source",
        "period-from",
        "period-to",
        "published-range",
        "unit-measure-modality",
        "confidence",
        "speaker",
    ],
)
def test_claim_filters(
    store: httpx.Client, params: dict[str, object], expected: list[float]
) -> None:
    assert values(store.get("/v1/claims", params=params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"metric": "gdp"},
        {"period_from": "2022-13-01"},
        {"limit": 0},
        {"limit": 5000},
        {"cursor": "not-a-cursor"},
        {"min_confidence": 2},
        {"country": ""},
    ],
    ids=["metric", "date", "limit-low", "limit-high", "cursor", "confidence", "empty-country"],
)
def test_bad_claim_parameters_are_422(store: httpx.Client, params: dict[str, object]) -> None:
    r = store.get("/v1/claims", params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    name = next(iter(params))
    assert name in r.text


@pytest.mark.parametrize(
    "params",
    [{"country": "Atlantis"}, {"partner": "XX"}, {"cursor": "A" * 52}],
    ids=["country", "partner", "cursor-not-issued"],
)
def test_a_well_formed_name_of_nothing_is_404(store: httpx.Client, params: dict[str, str]) -> None:
    """A country this service does not know, or a cursor of the right form that it did not
    issue, is a valid request for something that does not exist: 404, naming the parameter."""
    r = store.get("/v1/claims", params=params)
    assert r.status_code == 404, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == next(iter(params))


def test_an_inverted_period_range_is_empty(store: httpx.Client) -> None:
    assert values(store.get("/v1/claims", params={"period_from": "2022-01-01"}))
    r = store.get("/v1/claims", params={"period_from": "2023-01-01", "period_to": "2022-01-01"})
    assert values(r) == []


def test_claims_paginate_in_a_stable_order(store: httpx.Client) -> None:
    seen, cursor = [], None
    for _ in range(10):
        page = store.get(
            "/v1/claims", params={"limit": 1, **({"cursor": cursor} if cursor else {})}
        ).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(seen) and len(seen) == 4


def test_claims_as_csv(store: httpx.Client) -> None:
    for r in (
        store.get("/v1/claims", params={"format": "csv"}),
        store.get("/v1/claims", headers={"Accept": "text/csv"}),
    ):
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == 4
        assert sorted(float(row["value"]) for row in rows) == [15e9, 26e9, 27e9, 28e9]
        assert {row["pair_a"] + row["pair_b"] for row in rows} == {"KAZRUS", "CHNKAZ"}
        assert all(row["evidence_text"] for row in rows)


def test_pairs(store: httpx.Client) -> None:
    pairs = {tuple(p["pair"]): p for p in store.get("/v1/pairs").json()}
    assert set(pairs) == {("KAZ", "RUS"), ("CHN", "KAZ")}
    kr = pairs[("KAZ", "RUS")]
    assert kr["claims"] == 3
    assert kr["by_metric"] == [{"metric": "turnover", "claims": 3}]
    assert kr["first_published"].startswith("2023-02-01")
    assert kr["last_published"].startswith("2024-02-01")


def test_series_by_period(store: httpx.Client) -> None:
    s = store.get("/v1/pairs/RUS/Kazakhstan/series").json()
    assert s["unit"] == "USD" and s["pair"] == ["KAZ", "RUS"]
    pts = [
        (p["label"], p["value"], p["min"], p["max"], p["claims"], p["sources"]) for p in s["points"]
    ]
    assert pts == [("2022", 26.5e9, 26e9, 27e9, 2, 2), ("2023", 28e9, 28e9, 28e9, 1, 1)]


def test_series_as_of_answers_as_the_record_stood(store: httpx.Client) -> None:
    s = store.get("/v1/pairs/KAZ/RUS/series", params={"as_of": "2023-03-01"}).json()
    assert [(p["label"], p["value"]) for p in s["points"]] == [("2022", 26e9)]
    s = store.get("/v1/pairs/KAZ/RUS/series", params={"as_of": "2020-01-01"}).json()
    assert s["points"] == []


def test_series_by_stated_date(store: httpx.Client) -> None:
    s = store.get("/v1/pairs/KAZ/RUS/series", params={"axis": "stated"}).json()
    assert [(p["label"], p["value"]) for p in s["points"]] == [
        ("2023-02-01", 26e9),
        ("2023-06-01", 27e9),
        ("2024-02-01", 28e9),
    ]
    s = store.get(
        "/v1/pairs/KAZ/RUS/series", params={"axis": "stated", "as_of": "2023-06-01"}
    ).json()
    assert len(s["points"]) == 2


def test_series_rows_and_csv(store: httpx.Client) -> None:
    rows = store.get("/v1/pairs/KAZ/RUS/series", params={"format": "rows"}).json()
    assert isinstance(rows, list)
    assert rows[0] == {
        "time": "2022-01-01T00:00:00Z",
        "period": "2022",
        "value": 26.5e9,
        "min": 26e9,
        "max": 27e9,
        "unit": "USD",
        "claims": 2,
        "sources": 2,
        "converted": 0,
    }
    r = store.get("/v1/pairs/KAZ/RUS/series", params={"format": "csv"})
    lines = r.text.strip().splitlines()
    assert lines[0] == "time,period,value,min,max,unit,claims,sources,converted"
    assert len(lines) == 3


def test_series_of_unknown_or_same_country_is_404(store: httpx.Client) -> None:
    assert store.get("/v1/pairs/KAZ/Narnia/series").status_code == 404
    assert store.get("/v1/pairs/KAZ/KZ/series").status_code == 404  # a pair is two countries


def test_pairs_follow_deletes(store: httpx.Client, db_url: str) -> None:
    admin = bearer(add_key(db_url, "admin"))
    claims = store.get("/v1/claims", params={"country": "CHN"}).json()["items"]
    assert store.delete(f"/v1/articles/{claims[0]['article_id']}", headers=admin).status_code == 204
    pairs = {tuple(p["pair"]) for p in store.get("/v1/pairs").json()}
    assert pairs == {("KAZ", "RUS")}
    first = store.get("/v1/claims", params={"country": "KAZ", "partner": "RUS"}).json()["items"]
    assert store.delete(f"/v1/articles/{first[0]['article_id']}", headers=admin).status_code == 204
    kr = store.get("/v1/pairs").json()[0]
    assert kr["claims"] == 2 and kr["first_published"].startswith("2023-06-01")


def test_series_can_leave_out_each_points_claims(store: httpx.Client) -> None:
    full = store.get("/v1/pairs/KAZ/RUS/series").json()
    bare = store.get("/v1/pairs/KAZ/RUS/series", params={"include_claims": "false"}).json()
    assert [len(p["items"]) for p in full["points"]] == [2, 1]
    assert [p["items"] for p in bare["points"]] == [[], []]
    assert [p["value"] for p in bare["points"]] == [p["value"] for p in full["points"]]


def test_page_sizes_come_from_the_settings(make_client) -> None:  # type: ignore[no-untyped-def]
    c = make_client(page_size_default=2, page_size_max=3)
    for text, published, source in ARTICLES:
        c.post("/v1/articles", json={"text": text, "published_at": published, "source": source})
    assert len(c.get("/v1/claims").json()["items"]) == 2
    assert len(c.get("/v1/claims", params={"limit": 3}).json()["items"]) == 3
    too_big = c.get("/v1/claims", params={"limit": 4})
    assert too_big.status_code == 422 and "limit" in too_big.text


def test_series_claims_are_the_claims_as_listed(store: httpx.Client) -> None:
    """A series' claims are the very objects /v1/claims serves: every field (US dollar value
    and copy included), times to the microsecond."""
    listed = store.get("/v1/claims", params={"country": "KAZ", "partner": "RUS"}).json()["items"]
    by_id = {c["id"]: c for c in listed}
    for axis in ("period", "stated"):
        s = store.get("/v1/pairs/KAZ/RUS/series", params={"axis": axis}).json()
        items = [c for p in s["points"] for c in p["items"]]
        assert sorted(c["id"] for c in items) == sorted(by_id)
        for c in items:
            assert c == by_id[c["id"]]
            assert list(c) == list(by_id[c["id"]])  # the same fields in the same order
