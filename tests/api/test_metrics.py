"""/metrics, scraped as Prometheus would: requests by route template and status with their
latency, articles, duplicates, claims by metric and extraction time; on PostgreSQL the
queue's jobs by state."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

TEXT = "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022."

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(client: httpx.Client) -> Samples:
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def test_metrics_count_what_the_service_did(client: httpx.Client, db_url: str) -> None:
    before = scrape(client)
    created = client.post("/v1/articles", json={"text": TEXT})
    assert created.status_code == 201
    assert client.post("/v1/articles", json={"text": TEXT}).status_code == 200
    assert client.get(f"/v1/articles/{created.json()['id']}").status_code == 200
    assert client.get("/v1/articles/999999").status_code == 404
    after = scrape(client)

    def grew(name: str, by: float, **labels: str) -> None:
        key = (name, tuple(sorted(labels.items())))
        assert after.get(key, 0) - before.get(key, 0) == by, (key, before.get(key), after.get(key))

    grew("tradeclaims_articles_ingested_total", 1, mode="sync")
    grew("tradeclaims_duplicates_total", 1)
    grew("tradeclaims_claims_extracted_total", 1, metric="turnover")
    grew("tradeclaims_extraction_seconds_count", 1, where="request")
    route = "/v1/articles/{article_id:int}"
    grew("http_requests_total", 1, handler=route, method="GET", status="200")
    grew("http_requests_total", 1, handler=route, method="GET", status="404")
    grew("http_requests_total", 1, handler="/v1/articles", method="POST", status="201")
    grew("http_request_duration_seconds_count", 2, handler=route, method="GET")
    assert (
        "http_request_duration_seconds_bucket",
        (("handler", route), ("le", "0.05"), ("method", "GET")),
    ) in after
    queued = [k for k in after if k[0] == "tradeclaims_queue_jobs"]
    if db_url.startswith("postgresql"):
        assert (
            client.post(
                "/v1/articles", json={"text": TEXT + " Again."}, headers={"Prefer": "respond-async"}
            ).status_code
            == 202
        )
        assert scrape(client)[("tradeclaims_queue_jobs", (("state", "todo"),))] == 1
    else:
        assert queued == []  # SQLite has no queue
