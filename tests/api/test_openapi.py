"""The OpenAPI document says what the server enforces: its limits come from the settings, the
publication date's bound from today's date, the keys each operation needs from the auth
rules; every parameter and answer has an example, and every example fits its own schema."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jsonschema_rs
import pytest


def _validator(doc: dict[str, Any], schema: dict[str, Any]) -> Any:
    return jsonschema_rs.validator_for({"allOf": [schema], "components": doc["components"]})


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, ms in doc["paths"].items() for m, op in ms.items()]


def test_every_parameter_and_answer_has_an_example_that_fits_its_schema(
    client: httpx.Client,
) -> None:
    doc = client.get("/openapi.json").json()
    checked = 0
    for path, method, op in _operations(doc):
        for param in op.get("parameters", []):
            assert "example" in param, (method, path, param["name"])
            assert _validator(doc, param["schema"]).is_valid(param["example"]), param
            checked += 1
        for media in op.get("requestBody", {}).get("content", {}).values():
            found = [e["value"] for e in media.get("examples", {}).values()]
            found += [media["example"]] if "example" in media else []
            assert found, (method, path)
            for example in found:
                assert _validator(doc, media["schema"]).is_valid(example), (path, example)
                checked += 1
        for status, response in op["responses"].items():
            for media_type, media in response.get("content", {}).items():
                assert "example" in media, (method, path, status, media_type)
                schema = media.get("schema", {})
                assert _validator(doc, schema).is_valid(media["example"]), (path, status)
                checked += 1
    assert checked > 80


def test_keys_are_documented_as_the_server_asks_for_them(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    scheme = doc["components"]["securitySchemes"]["apiKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    security = {(m, p): op.get("security") for p, m, op in _operations(doc)}
    assert security[("delete", "/v1/articles/{article_id}")] == [{"apiKey": ["admin"]}]
    assert security[("post", "/v1/articles")] == [{"apiKey": ["ingest"]}]
    assert security[("post", "/v1/articles/batch")] == [{"apiKey": ["ingest"]}]
    assert security[("get", "/v1/claims")] is None  # reads are open by default
    assert security[("get", "/healthz")] is None


def test_limits_and_keys_follow_the_settings(make_client) -> None:  # type: ignore[no-untyped-def]
    c = make_client(page_size_max=3, max_batch_items=7, read_requires_key=True, auth_mode="off")
    doc = c.get("/openapi.json").json()
    for path in ("/v1/claims", "/v1/articles"):
        limit = next(p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == "limit")
        assert limit["schema"]["anyOf"][0]["maximum"] == 3
    batch = doc["paths"]["/v1/articles/batch"]["post"]
    assert batch["requestBody"]["content"]["application/json"]["schema"]["maxItems"] == 7
    assert "application/x-ndjson" in batch["requestBody"]["content"]
    assert "security" not in batch  # AUTH_MODE=off: posts are open
    assert doc["paths"]["/v1/articles/{article_id}"]["delete"]["security"] == [
        {"apiKey": ["admin"]}
    ]
    assert doc["paths"]["/v1/claims"]["get"]["security"] == [{"apiKey": []}]
    assert c.get("/v1/claims", params={"limit": 4}).status_code == 401  # a key first
    assert c.post("/v1/articles/batch", json=[{"text": "a"}] * 8).status_code == 422


def test_the_publication_date_bound_is_tomorrow_as_the_server_applies_it(
    client: httpx.Client,
) -> None:
    doc = client.get("/openapi.json").json()
    props = doc["components"]["schemas"]["ArticleIn"]["properties"]
    pattern = re.compile(props["published_at"]["anyOf"][0]["pattern"][1:-1])
    today = datetime.now(UTC).date()
    for offset, ok in ((-20000, True), (0, True), (1, True), (2, False), (400, False)):
        day = (today + timedelta(days=offset)).isoformat()
        assert bool(pattern.fullmatch(f"{day}T12:00:00Z")) == ok, day
        r = client.post("/v1/articles", json={"text": f"Trade grew {offset}.", "published_at": day})
        assert (r.status_code in (200, 201)) == ok, (day, r.text)
    assert not pattern.fullmatch("1899-12-31")


@pytest.mark.parametrize(
    "body",
    [{"text": "Trade grew.", "html": ""}, {"text": "Trade grew.", "html": "<p>Trade grew.</p>"}],
)
def test_exactly_one_body_is_stated_in_the_schema(client: httpx.Client, body: Any) -> None:
    doc = client.get("/openapi.json").json()
    schema = doc["paths"]["/v1/articles"]["post"]["requestBody"]["content"]["application/json"]
    assert not _validator(doc, schema["schema"]).is_valid(body)
    assert client.post("/v1/articles", json=body).status_code == 422


def test_the_new_endpoints_are_described(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for path in ("/v1/pairs/{a}/{b}/contradictions", "/v1/pairs/{a}/{b}/compare"):
        ok = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["example"] and ok["schema"], path
    official = paths["/v1/official"]["post"]
    assert official["security"] == [{"apiKey": ["ingest"]}]
    body = official["requestBody"]["content"]
    assert set(body) == {"application/json", "text/csv"}
    # the CSV example is what the server takes, and what the pattern says it takes
    assert re.fullmatch(body["text/csv"]["schema"]["pattern"][1:-1], body["text/csv"]["example"])
    r = client.post("/v1/official", content=body["text/csv"]["example"],
                    headers={"Content-Type": "text/csv"})  # fmt: skip
    assert r.status_code == 200 and r.json()["rows"] == 2
    claim = doc["components"]["schemas"]["ClaimOut"]["properties"]
    assert {"value_usd", "fx", "copy_of"} <= set(claim)
    # the pages are for browsers, not part of the API's contract
    assert "/pairs/{a}/{b}" not in paths and "/" not in paths
