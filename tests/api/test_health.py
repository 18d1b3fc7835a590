"""Liveness, readiness and the OpenAPI document."""

from __future__ import annotations

import httpx


def test_healthz_and_readyz(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_readyz_is_503_on_an_unmigrated_database(make_client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = make_client(database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    r = c.get("/readyz")
    assert r.status_code == 503 and r.headers["retry-after"]


def test_openapi_documents_every_endpoint_with_examples(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/v1/articles",
        "/v1/articles/batch",
        "/v1/articles/{article_id}",
        "/v1/claims",
        "/v1/pairs",
        "/v1/pairs/{a}/{b}/series",
        "/v1/jobs/{job_id}",
        "/healthz",
        "/readyz",
    ):
        assert path in paths
    post = paths["/v1/articles"]["post"]
    assert post["summary"] and post["description"]
    assert post["requestBody"]["content"]["application/json"]["examples"]
