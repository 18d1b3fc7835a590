"""Every operation of the app's own OpenAPI document, fuzzed by schemathesis against the live
server: valid and invalid inputs alike must get a documented status, a documented content type
and a body that matches its schema, and never a 5xx.

The number of examples is bounded (TRADECLAIMS_FUZZ_EXAMPLES, default 20 per operation and
mode) and the generation is derandomized, so `make test` stays fast and repeatable; raise the
number locally to dig deeper."""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import app as default_app
from tests.robustness.conftest import add_key

EXAMPLES = int(os.environ.get("TRADECLAIMS_FUZZ_EXAMPLES", "20"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
KZ_RU = "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022."
KZ_RU_2 = "Trade turnover between Russia and Kazakhstan reached $28 billion in 2023."


def _operations() -> list[Any]:
    """(method, path, modes) for every operation; negative data only where there is input."""
    out = []
    for path, methods in default_app.openapi()["paths"].items():
        for method, op in methods.items():
            has_input = bool(op.get("parameters") or op.get("requestBody"))
            modes = ["positive", "negative"] if has_input else ["positive"]
            for mode in modes:
                out.append(
                    pytest.param(method.upper(), path, mode, id=f"{method.upper()} {path} {mode}")
                )
    return out


@pytest.fixture
def seeded(client: httpx.Client) -> httpx.Client:
    """A store with a pair and a series in it, so reads return real bodies to validate."""
    for text, published in ((KZ_RU, "2023-02-01T00:00:00Z"), (KZ_RU_2, "2024-02-01T00:00:00Z")):
        r = client.post(
            "/v1/articles",
            json={
                "text": text,
                "published_at": published,
                "source": "wire",
                "url": "https://example.org/" + published,
            },
        )
        assert r.status_code == 201, r.text
    return client


@pytest.fixture
def schema(seeded: httpx.Client) -> Any:
    spec = seeded.get("/openapi.json").json()
    return schemathesis.openapi.from_dict(spec)


@pytest.mark.parametrize(("method", "path", "mode"), _operations())
def test_fuzzed_requests_get_documented_answers_and_never_a_5xx(
    schema: Any, seeded: httpx.Client, method: str, path: str, mode: str
) -> None:
    operation = schema[path][method]
    base_url = str(seeded.base_url).rstrip("/")

    @given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=30)

    run()


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/v1/articles", {"query": {"source": "wire", "limit": 1}}),
        ("GET", "/v1/articles/{article_id}", {"path_parameters": {"article_id": 1}}),
        ("GET", "/v1/claims", {"query": {"country": "KAZ", "partner": "RUS"}}),
        ("GET", "/v1/claims", {"query": {"format": "csv"}}),
        ("GET", "/v1/pairs", {}),
        ("GET", "/v1/pairs/{a}/{b}/series", {"path_parameters": {"a": "KAZ", "b": "RUS"}}),
        (
            "GET",
            "/v1/pairs/{a}/{b}/series",
            {"path_parameters": {"a": "RUS", "b": "KAZ"}, "query": {"axis": "stated"}},
        ),
        (
            "GET",
            "/v1/pairs/{a}/{b}/series",
            {"path_parameters": {"a": "KAZ", "b": "RUS"}, "query": {"format": "rows"}},
        ),
        (
            "GET",
            "/v1/pairs/{a}/{b}/series",
            {"path_parameters": {"a": "KAZ", "b": "RUS"}, "query": {"format": "csv"}},
        ),
        ("POST", "/v1/articles", {"body": {"text": KZ_RU}}),  # a duplicate: 200
        ("POST", "/v1/articles/batch", {"body": [{"text": KZ_RU}, {"text": ""}]}),
        ("DELETE", "/v1/articles/{article_id}", {"path_parameters": {"article_id": 2}}),
    ],
    ids=[
        "articles",
        "article",
        "claims-pair",
        "claims-csv",
        "pairs",
        "series",
        "series-stated",
        "series-rows",
        "series-csv",
        "post-duplicate",
        "batch",
        "delete",
    ],
)
def test_answers_on_real_data_match_the_documented_schemas(
    schema: Any, seeded: httpx.Client, db_url: str, method: str, path: str, params: dict[str, Any]
) -> None:
    """Generated requests rarely name a stored pair or id: these do, so the 200 bodies with
    claims, points and pages in them are checked against the schema too."""
    case = schema[path][method].Case(**params)
    if method == "DELETE":
        case.headers = {"Authorization": f"Bearer {add_key(db_url, 'admin')}"}
    response = case.call_and_validate(base_url=str(seeded.base_url).rstrip("/"), checks=CHECKS)
    assert response.status_code < 300
