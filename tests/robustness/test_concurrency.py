"""Nothing twice: one article posted by many clients at once is stored once, and it is the
database's unique constraints that decide, not a read before the write."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from app.db.models import Article
from app.db.session import get_engine
from app.services import ingest
from tests.robustness.conftest import row_counts

CLIENTS = 20
TEXT = (
    "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022, "
    "up 8% from a year earlier, the ministry said."
)


def post_at_once(
    base_url: str, bodies: list[dict[str, Any]], headers: list[dict[str, str]] | None = None
) -> list[httpx.Response]:
    """Each body from its own client and connection, released together by a barrier."""
    gate = threading.Barrier(len(bodies))

    def one(i: int) -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=60) as c:
            c.get("/healthz")  # connect first, so the posts themselves start together
            gate.wait(timeout=30)
            return c.post("/v1/articles", json=bodies[i], headers=(headers or [{}] * 99)[i])

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(one, range(len(bodies))))


def _same_url(i: int) -> dict[str, Any]:
    return {"text": f"{TEXT} Edition {i}.", "url": f"https://Example.org/kz-ru?utm_source={i}"}


def _same_text(i: int) -> dict[str, Any]:
    return {"text": TEXT}


def _same_text_other_urls(i: int) -> dict[str, Any]:
    return {"text": TEXT, "url": f"https://mirror{i}.example.org/kz-ru"}


@pytest.mark.parametrize(
    "body",
    [_same_url, _same_text, _same_text_other_urls],
    ids=["same-url", "same-text", "same-text-other-urls"],
)
def test_same_article_from_20_clients_at_once_is_stored_once(
    client: httpx.Client, db_url: str, body: Callable[[int], dict[str, Any]]
) -> None:
    responses = post_at_once(str(client.base_url), [body(i) for i in range(CLIENTS)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (CLIENTS - 1) + [201], [
        r.text for r in responses if r.status_code >= 300
    ]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(not r.json()["duplicate"] for r in responses) == 1
    claims = len(responses[0].json()["claims"])
    assert claims > 0
    counts = row_counts(db_url)
    assert (counts["articles"], counts["claims"]) == (1, claims)


def test_same_idempotency_key_from_20_clients_at_once_is_stored_once(
    client: httpx.Client, db_url: str
) -> None:
    responses = post_at_once(
        str(client.base_url),
        [{"text": TEXT}] * CLIENTS,
        headers=[{"Idempotency-Key": "bot-7:article-1"}] * CLIENTS,
    )
    # A request that finds its twin still in flight may be told so (409) rather than wait.
    assert all(r.status_code in (200, 201, 409) for r in responses), [r.text for r in responses]
    done = [r for r in responses if r.status_code != 409]
    assert done and len({r.json()["id"] for r in done}) == 1
    counts = row_counts(db_url)
    assert counts["articles"] == 1 and counts["idempotency_records"] == 1


def test_the_database_decides_when_every_read_before_the_write_misses(
    inline_client: httpx.Client, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hold every request after its duplicate check until all have checked: each found
    nothing, each inserts, and only the unique constraints stand between them and ten rows."""
    racers = 10  # each holds a pooled connection while it waits; SQLite's pool has 15
    gate = threading.Barrier(racers)
    real_extract = ingest.extract

    def extract_after_everyone_checked(*args: Any, **kwargs: Any) -> Any:
        gate.wait(timeout=30)
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(ingest, "extract", extract_after_everyone_checked)
    responses = post_at_once(str(inline_client.base_url), [{"text": TEXT}] * racers)
    assert sorted(r.status_code for r in responses) == [200] * (racers - 1) + [201], [
        r.text for r in responses
    ]
    assert len({r.json()["id"] for r in responses}) == 1
    assert row_counts(db_url)["articles"] == 1


@pytest.mark.parametrize("column", ["text_hash", "canonical_url"])
def test_unique_constraints_exist_in_the_database(db_url: str, column: str) -> None:
    now = datetime.now(UTC)

    def row(i: int) -> dict[str, Any]:
        values: dict[str, Any] = {
            "text_hash": f"hash-{i}",
            "canonical_url": f"https://example.org/{i}",
            "text": "x",
            "content_type": "text",
            "published_at": now,
            "published_at_source": "received",
            "received_at": now,
            "extractor_version": "t",
            "extracted_to": 1,
        }
        values[column] = {"text_hash": "same-hash", "canonical_url": "https://example.org/same"}[
            column
        ]
        return values

    engine = get_engine(db_url)
    with engine.begin() as conn:
        conn.execute(insert(Article), [row(1)])
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(Article), [row(2)])
    assert row_counts(db_url)["articles"] == 1
