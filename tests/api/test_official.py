"""POST /v1/official takes official statistics as CSV or JSON rows (re-posting replaces
them; an invalid row stores nothing), and GET /v1/pairs/{a}/{b}/compare sets them beside the
claimed figures, each country's record shown, with the ratio claimed/official."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from app.db.models import OfficialStat
from app.db.session import get_sessionmaker
from tests.api.helpers import post
from tests.robustness.conftest import add_key, assert_problem, bearer

HEADER = "reporter,partner,flow,period_start,period_end,value,currency,source\n"
CSV = (
    HEADER + "KAZ,RUS,exports,2022-01-01,2022-12-31,8800000000,USD,UN Comtrade\n"
    "RUS,KAZ,imports,2022-01-01,2022-12-31,9500000000,USD,UN Comtrade\n"
    "KAZ,RUS,imports,2022-01-01,2022-12-31,17100000000,USD,UN Comtrade\n"
    'RUS,KAZ,turnover,2022-01-01,2022-12-31,28000000000,USD,"Rosstat, customs"\n'
)


def row(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "reporter": "KAZ",
        "partner": "RUS",
        "flow": "turnover",
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "value": 26.8e9,
        "currency": "USD",
        "source": "UN Comtrade",
    }
    return base | over


def stored(url: str) -> list[tuple[object, ...]]:
    with get_sessionmaker(url)() as s:
        return [
            (o.reporter, o.partner, o.flow, o.value, o.currency, o.source)
            for o in s.scalars(select(OfficialStat).order_by(OfficialStat.id))
        ]


def test_rows_as_json_and_csv_and_reposting_replaces(client: httpx.Client, db_url: str) -> None:
    r = client.post("/v1/official", json=[row()])
    assert r.status_code == 200, r.text
    assert r.json() == {"rows": 1, "inserted": 1, "replaced": 0}
    r = client.post("/v1/official", content=CSV, headers={"Content-Type": "text/csv"})
    assert r.json() == {"rows": 4, "inserted": 4, "replaced": 0}, r.text
    assert ("RUS", "KAZ", "turnover", 28e9, "USD", "Rosstat, customs") in stored(db_url)
    # the same rows again: replaced, not added
    r = client.post("/v1/official", content=CSV, headers={"Content-Type": "text/csv"})
    assert r.json() == {"rows": 4, "inserted": 0, "replaced": 4}
    r = client.post("/v1/official", json=[row(value=27e9)])
    assert r.json() == {"rows": 1, "inserted": 0, "replaced": 1}
    assert len(stored(db_url)) == 5
    assert ("KAZ", "RUS", "turnover", 27e9, "USD", "UN Comtrade") in stored(db_url)
    # another source for the same figure is another row
    client.post("/v1/official", json=[row(source="Bureau of National Statistics")])
    assert len(stored(db_url)) == 6


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([row(period_start="2022-12-31", period_end="2022-01-01")], "0.period_end"),
        ([row(reporter="XXX")], "0.reporter"),
        ([row(flow="transit")], "0.flow"),
        ([row(value=-1)], "0.value"),
        ([row(value="26800000000")], "0.value"),
        ([row(source="  ")], "0.source"),
        ([row(extra=1)], "0.extra"),
    ],
    ids=["period", "country", "flow", "negative", "string", "source", "extra"],
)
def test_an_invalid_row_stores_nothing(
    client: httpx.Client, db_url: str, body: list[object], field: str
) -> None:
    problem = assert_problem(client.post("/v1/official", json=body), 422)
    assert field in [e["field"] for e in problem["errors"]], problem
    assert stored(db_url) == []


def test_a_row_of_one_country_twice_is_no_pair(client: httpx.Client, db_url: str) -> None:
    problem = assert_problem(client.post("/v1/official", json=[row(), row(partner="KAZ")]), 404)
    assert problem["errors"] == [{"field": "1.partner", "message": "is the reporter itself"}]
    assert stored(db_url) == []


def test_bad_bodies(client: httpx.Client, db_url: str) -> None:
    csv_type = {"Content-Type": "text/csv"}
    assert_problem(client.post("/v1/official", content="{", headers={}), 400)
    assert_problem(client.post("/v1/official", json={"rows": []}), 422)
    assert_problem(client.post("/v1/official", content="a,b\n1,2\n", headers=csv_type), 422)
    bad = HEADER + "KAZ,RUS,exports,2022-01-01,2021-12-31,1,USD,x\n"
    assert_problem(client.post("/v1/official", content=bad, headers=csv_type), 422)
    assert stored(db_url) == []


def test_posting_needs_a_key_once_keys_exist(client: httpx.Client, db_url: str) -> None:
    key = add_key(db_url, "ingest")
    assert_problem(client.post("/v1/official", json=[row()]), 401)
    assert client.post("/v1/official", json=[row()], headers=bearer(key)).status_code == 200


def test_too_many_rows(make_client, db_url: str) -> None:  # type: ignore[no-untyped-def]
    c = make_client(max_official_rows=2)
    assert_problem(c.post("/v1/official", json=[row(), row(), row()]), 422)
    lines = HEADER + "".join(
        f"KAZ,RUS,exports,{y}-01-01,{y}-12-31,1,USD,x\n" for y in (2020, 2021, 2022)
    )
    assert_problem(c.post("/v1/official", content=lines, headers={"Content-Type": "text/csv"}), 422)
    with get_sessionmaker(db_url)() as s:
        assert s.scalar(select(func.count()).select_from(OfficialStat)) == 0


def test_compare_turnover_beside_both_countries_records(client: httpx.Client) -> None:
    post(client, "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022.",
         source="akorda")  # fmt: skip
    post(client, "Trade between Russia and Kazakhstan totalled $27 billion in 2022.",
         source="tass")  # fmt: skip
    client.post("/v1/official", content=CSV, headers={"Content-Type": "text/csv"})
    client.post("/v1/official", json=[row()])
    body = client.get("/v1/pairs/RUS/KAZ/compare").json()
    assert (body["pair"], body["metric"], body["unit"]) == (["KAZ", "RUS"], "turnover", "USD")
    (period,) = body["periods"]
    assert period["period"] == {"start": "2022-01-01", "end": "2022-12-31"}
    claimed = period["claimed"]
    assert (claimed["median"], claimed["min"], claimed["max"]) == (26.5e9, 26e9, 27e9)
    assert (claimed["claims"], claimed["sources"], claimed["converted"]) == (2, 2, 0)
    official = {(o["reporter"], o["flow"]): o for o in period["official"]}
    # each country's own turnover figure; KAZ's exports + imports with no turnover row of
    # the same source would stand in for one, but KAZ has a turnover row from UN Comtrade
    assert set(official) == {("KAZ", "turnover"), ("RUS", "turnover")}
    assert official[("KAZ", "turnover")]["ratio"] == pytest.approx(26.5e9 / 26.8e9)
    assert official[("RUS", "turnover")]["ratio"] == pytest.approx(26.5e9 / 28e9)
    assert official[("RUS", "turnover")]["source"] == "Rosstat, customs"


def test_compare_exports_is_mirror_aware(client: httpx.Client) -> None:
    """Kazakhstan's exports to Russia stand beside what Kazakhstan reports as exports and
    what Russia reports as imports from Kazakhstan (the mirror); Kazakhstan's imports from
    Russia are the other direction."""
    post(client, "Kazakhstan's exports to Russia reached $9 billion in 2022.", source="a")
    client.post("/v1/official", content=CSV, headers={"Content-Type": "text/csv"})
    periods = client.get("/v1/pairs/KAZ/RUS/compare", params={"metric": "exports"}).json()[
        "periods"
    ]
    by_direction = {(p["origin"], p["destination"]): p for p in periods}
    kaz_to_rus = by_direction[("KAZ", "RUS")]
    assert kaz_to_rus["claimed"]["median"] == 9e9
    figures = {(o["reporter"], o["flow"], o["mirror"]): o for o in kaz_to_rus["official"]}
    assert set(figures) == {("KAZ", "exports", False), ("RUS", "imports", True)}
    assert figures[("KAZ", "exports", False)]["ratio"] == pytest.approx(9 / 8.8)
    assert figures[("RUS", "imports", True)]["ratio"] == pytest.approx(9 / 9.5)
    rus_to_kaz = by_direction[("RUS", "KAZ")]
    assert rus_to_kaz["claimed"] is None
    assert [(o["reporter"], o["flow"]) for o in rus_to_kaz["official"]] == [("KAZ", "imports")]
    # the same figures from the importer's side: KAZ's imports are the direct record now
    periods = client.get("/v1/pairs/KAZ/RUS/compare", params={"metric": "imports"}).json()[
        "periods"
    ]
    mirror = {(p["origin"], o["reporter"]): o["mirror"] for p in periods for o in p["official"]}
    assert mirror == {("KAZ", "KAZ"): True, ("KAZ", "RUS"): False, ("RUS", "KAZ"): False}


def test_compare_derives_turnover_from_exports_and_imports(client: httpx.Client) -> None:
    lines = HEADER + (
        "KAZ,UZB,exports,2023-01-01,2023-12-31,3000000000,USD,BNS\n"
        "KAZ,UZB,imports,2023-01-01,2023-12-31,1500000000,USD,BNS\n"
    )
    client.post("/v1/official", content=lines, headers={"Content-Type": "text/csv"})
    (period,) = client.get("/v1/pairs/KAZ/UZB/compare").json()["periods"]
    (fig,) = period["official"]
    assert (fig["flow"], fig["value"], fig["ratio"]) == ("exports+imports", 4.5e9, None)
    assert client.get("/v1/pairs/KAZ/UZB/compare", params={"metric": "gdp"}).status_code == 422
