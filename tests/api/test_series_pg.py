"""On PostgreSQL a series is aggregated by the database (medians, sources, labels, each
point's claims as JSON built there, US dollar values from the rates of the request): held
here to the series aggregated in Python from the same rows, SQLite's way, for every unit and
axis, with and without the claims."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import Engine, event, func, select, update

from app.api import present
from app.db import repository
from app.db.models import Claim
from app.db.session import get_sessionmaker
from app.services import fx
from app.services.series import (
    SMALL_SERIES,
    Series,
    series,
    series_in_database,
    series_in_python,
)
from tests.api.helpers import post

KAZ_RU = "between Kazakhstan and Russia"
ARTICLES = [
    # (text, published, source, url)
    (f"Trade turnover {KAZ_RU} reached $26 billion in 2021.", "2022-02-02", "kazinform", None),
    ("Kazakhstan and Russia's trade turnover totalled $25.5 billion in 2021.", "2022-03-02",
     "kazinform", None),
    # rubles of 2021: the year's average ECB rate
    (f"Trade {KAZ_RU} came to 1.5 trillion rubles in 2021.", "2022-02-01", "tass", None),
    # rubles of 2023, after the ECB stopped: no rate, left out of a dollar series and counted
    (f"Trade {KAZ_RU} came to 2.1 trillion rubles in 2023.", "2024-02-01", "tass", None),
    (f"Trade {KAZ_RU} reached 24 billion euros in 2021.", "2022-04-05", None,
     "https://example.org/eur"),
    (f"In the first quarter of 2022 trade {KAZ_RU} reached $6 billion.", "2022-05-10", None, None),
    (f"Trade turnover {KAZ_RU} grew 10% in 2021.", "2022-02-03", "kazinform", None),
]  # fmt: skip


def _json(value: Any) -> Any:
    return orjson.loads(present.to_json(value))


def _shape(s: Series, rates: fx.Rates) -> dict[str, Any]:
    points = _json([present.series_point(p, rates) for p in s.points])
    return {"unit": s.unit, "unconverted": s.unconverted, "points": points}


# the claims' JSON as stored with them (item_json), built by the database (claims stored
# before item_json), or not asked for
@pytest.mark.parametrize("items", ["stored", "built", "none"])
@pytest.mark.parametrize("axis", ["period", "stated"])
@pytest.mark.parametrize(
    ("measure", "unit"),
    [("level", None), ("level", "USD"), ("level", "RUB"), ("level", "EUR"), ("growth_pct", None)],
)
def test_the_database_aggregates_a_series_as_python_does(
    pg_client: httpx.Client,
    pg_url: str,
    measure: str,
    unit: str | None,
    axis: str,
    items: str,
) -> None:
    for text, day, source, url in ARTICLES:
        post(pg_client, text, day + "T09:00:00Z", source=source, url=url)
    with_items = items != "none"
    if items == "built":
        with get_sessionmaker(pg_url)() as session, session.begin():
            assert session.execute(update(Claim).values(item_json=None)).rowcount
    else:
        with get_sessionmaker(pg_url)() as session:
            assert session.scalar(select(func.count()).where(Claim.item_json.is_(None))) == 0
    rates = fx.Rates.of([])
    f = repository.ClaimFilters(
        country="KAZ", partner="RUS", metric="turnover", measure=measure, modality="actual"
    )
    with get_sessionmaker(pg_url)() as session:
        chosen = series(session, f, unit, axis, rates, present.source_key, with_items=False)  # type: ignore[arg-type]
        assert chosen.unit is not None and chosen.points
        by_database = series_in_database(
            session,
            f,
            chosen.unit,
            axis,  # type: ignore[arg-type]
            rates,
            with_items=with_items,
        )
        in_python = series_in_python(
            session,
            f,
            chosen.unit,
            axis,  # type: ignore[arg-type]
            rates,
            present.source_key,
            with_items=with_items,
        )
    got, want = _shape(by_database, rates), _shape(in_python, rates)
    # a median of two is their mean in Python, a + (b - a) / 2 in PostgreSQL: the last bit
    for g, w in zip(got["points"], want["points"], strict=True):
        assert g.pop("value") == pytest.approx(w.pop("value"), rel=1e-12)
    assert got == want
    if with_items:
        assert any(p["items"] for p in got["points"])
    if unit == "USD":  # every currency on one axis, the 2023 rubles left out
        assert got["unconverted"] == 1
        assert any(p["converted"] for p in got["points"])


def test_a_big_series_is_served_from_the_database_as_python_would_build_it(
    pg_client: httpx.Client, pg_url: str
) -> None:
    """Through HTTP: a series of SMALL_SERIES claims or more is aggregated by PostgreSQL and
    its claims' JSON put into the answer as the database wrote it."""
    n = SMALL_SERIES + 10
    text = " ".join(
        f"Trade between Kazakhstan and Russia reached ${i + 1} billion in {1990 + i % 30}."
        for i in range(n)
    )
    r = pg_client.post("/v1/articles", json={"text": text, "published_at": "2024-05-01T00:00:00Z"})
    assert r.status_code == 201 and len(r.json()["claims"]) == n, r.text[:500]
    sent: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)  # the server runs in this process
    try:
        got = pg_client.get("/v1/pairs/KAZ/RUS/series").json()
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert any("percentile_cont" in s for s in sent)  # aggregated by the database
    rates = fx.Rates.of([])
    f = repository.ClaimFilters(
        country="KAZ", partner="RUS", metric="turnover", measure="level", modality="actual"
    )
    with get_sessionmaker(pg_url)() as session:
        want = _shape(
            series_in_python(
                session, f, "USD", "period", rates, present.source_key, with_items=True
            ),
            rates,
        )
    assert len(got["points"]) == 30 and sum(p["claims"] for p in got["points"]) == n
    for g, w in zip(got["points"], want["points"], strict=True):
        assert g.pop("value") == pytest.approx(w.pop("value"), rel=1e-12)
    assert got["points"] == want["points"]
