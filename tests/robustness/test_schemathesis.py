"""The app's own OpenAPI document and the server are one contract, checked by schemathesis
against the live server on each database, with every check it has (`--checks all`): no 5xx,
documented statuses, content types, headers and bodies; invalid data refused and valid data
accepted; unsupported methods 405 with `Allow`; auth enforced where the document says so; a
deleted article gone and a created one there (stateful links).

The run is bounded and repeatable: TRADECLAIMS_FUZZ_EXAMPLES examples per operation and phase
(default 20), a fixed seed (TRADECLAIMS_FUZZ_SEED, default 1), one worker; rate limiting is
off (settings_for). Raise the examples locally to dig deeper. tests/robustness/schemathesis.toml
holds the one configured expectation (410 on replays of deleted articles), and
schemathesis_hooks.py sends NDJSON batches as NDJSON."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import REPO, LiveServer
from tests.robustness.conftest import add_key

EXAMPLES = int(os.environ.get("TRADECLAIMS_FUZZ_EXAMPLES", "20"))
SEED = int(os.environ.get("TRADECLAIMS_FUZZ_SEED", "1"))
HERE = Path(__file__).parent
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
KZ_RU = "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022."
KZ_RU_2 = "Trade turnover between Russia and Kazakhstan reached $28 billion in 2023."
# rubles of 2022, after the ECB's RUB series stopped: a claim with no dollar value and a reason
KZ_RU_3 = "Trade between Russia and Kazakhstan came to 1.5 trillion rubles in 2022."
# another source's 2022 figure, 8% below the first: a contradiction
KZ_RU_4 = "Trade between Kazakhstan and Russia was put at $24 billion in 2022."
OFFICIAL = [
    {
        "reporter": "KAZ",
        "partner": "RUS",
        "flow": "turnover",
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "value": 26.8e9,
        "currency": "USD",
        "source": "UN Comtrade",
    }
]
OFFICIAL_CSV = (
    "reporter,partner,flow,period_start,period_end,value,currency,source\n"
    "RUS,KAZ,turnover,2022-01-01,2022-12-31,28000000000,USD,UN Comtrade\n"
)


def test_schemathesis_with_every_check_passes(
    live_server: LiveServer, db_url: str, tmp_path: Path
) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=60) as c:
        for text in (KZ_RU, KZ_RU_2):
            assert c.post("/v1/articles", json={"text": text}).status_code == 201
    # an admin key: deletes need one, and once it exists posts need a key too (AUTH_MODE=auto),
    # so `ignored_auth` checks both; reads stay open
    key = add_key(db_url, "admin")
    cli = (
        "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'st'; schemathesis()"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            cli,
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{live_server.base_url}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            str(SEED),
            "--workers",
            "1",
            "--no-color",
            "--generation-database",
            "none",
            "--header",
            f"Authorization: Bearer {key}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **os.environ,
            "SCHEMATHESIS_HOOKS": "tests.robustness.schemathesis_hooks",
            "PYTHONPATH": str(REPO),
        },
        timeout=300,
        check=False,
    )
    summary = out.stdout[out.stdout.find("FAILURES") :] if "FAILURES" in out.stdout else out.stdout
    assert out.returncode == 0, summary[-6000:] + out.stderr[-2000:]
    assert "14 selected / 14 total" in out.stdout
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅  {phase}" in out.stdout or f"✅ {phase}" in out.stdout, (
            phase,
            out.stdout[-3000:],
        )


@pytest.fixture
def seeded(client: httpx.Client) -> httpx.Client:
    """A store with a pair and a series in it, so reads return real bodies to validate."""
    for text, published in (
        (KZ_RU, "2023-02-01T00:00:00Z"),
        (KZ_RU_2, "2024-02-01T00:00:00Z"),
        (KZ_RU_3, "2023-03-01T00:00:00Z"),
        (KZ_RU_4, "2023-04-01T00:00:00Z"),
    ):
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
        (
            "GET",
            "/v1/pairs/{a}/{b}/series",
            {"path_parameters": {"a": "KAZ", "b": "RUS"}, "query": {"unit": "USD"}},
        ),
        (
            "GET",
            "/v1/pairs/{a}/{b}/contradictions",
            {"path_parameters": {"a": "KAZ", "b": "RUS"}, "query": {"tolerance": 0.01}},
        ),
        ("GET", "/v1/pairs/{a}/{b}/compare", {"path_parameters": {"a": "KAZ", "b": "RUS"}}),
        (
            "POST",
            "/v1/official",
            {"body": OFFICIAL, "media_type": "application/json"},
        ),
        (
            "POST",
            "/v1/official",
            {"body": OFFICIAL_CSV, "media_type": "text/csv"},
        ),
        ("POST", "/v1/articles", {"body": {"text": KZ_RU}}),  # a duplicate: 200
        (
            "POST",
            "/v1/articles/batch",
            {"body": [{"text": KZ_RU}, {"text": ""}], "media_type": "application/json"},
        ),
        ("DELETE", "/v1/articles/{article_id}", {"path_parameters": {"article_id": 2}}),
        # with official figures stored, the comparison has them to show
        ("GET", "/v1/pairs/{a}/{b}/compare", {"path_parameters": {"a": "RUS", "b": "KAZ"}}),
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
        "series-usd",
        "contradictions",
        "compare",
        "official-json",
        "official-csv",
        "post-duplicate",
        "batch",
        "delete",
        "compare-official",
    ],
)
def test_answers_on_real_data_match_the_documented_schemas(
    schema: Any, seeded: httpx.Client, db_url: str, method: str, path: str, params: dict[str, Any]
) -> None:
    """Generated requests rarely name a stored pair or id: these do, so the 200 bodies with
    claims, points and pages in them are checked against the schema too."""
    if path.endswith("/compare") and params["path_parameters"]["a"] == "RUS":
        r = seeded.post("/v1/official", json=OFFICIAL)
        assert r.status_code == 200, r.text
    case = schema[path][method].Case(**params)
    if method == "DELETE":
        case.headers = {"Authorization": f"Bearer {add_key(db_url, 'admin')}"}
    response = case.call_and_validate(base_url=str(seeded.base_url).rstrip("/"), checks=CHECKS)
    assert response.status_code < 300
    if path.endswith("/contradictions"):
        assert len(response.json()["groups"]) == 1  # a real group was checked
    if path.endswith("/compare") and params["path_parameters"]["a"] == "RUS":
        assert response.json()["periods"][0]["official"]
