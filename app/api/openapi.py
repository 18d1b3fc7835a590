"""The OpenAPI document: FastAPI's, completed with what only the running service knows (its
settings: page and batch limits, which operations need which key; today's date: the latest
publication date it takes) and with what the routes cannot declare themselves (the article
body, which the post routes read raw; examples). Rebuilt once a day, since the latest
publication date it states moves with the date."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.api import contract, examples, schemas
from app.api.errors import PROBLEM_JSON
from app.config import Settings

SCHEME = "apiKey"
_REF = "#/components/schemas/"


def install_openapi(app: FastAPI, settings: Settings) -> None:
    built: dict[date, dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        today = datetime.now(UTC).date()
        if today not in built:
            built.clear()
            built[today] = build(app, settings, today)
        app.openapi_schema = built[today]
        return built[today]

    app.openapi = openapi  # type: ignore[method-assign]


def build(app: FastAPI, settings: Settings, today: date) -> dict[str, Any]:
    doc = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})["ArticleIn"] = article_schema(today)
    components["schemas"]["OfficialRowIn"] = schemas.OfficialRowIn.model_json_schema()
    components["securitySchemes"] = {
        SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key, created with `python -m app keys create --scope "
            "ingest|admin`. An `ingest` key posts; an `admin` key posts and deletes. The roles "
            "an operation names are the scopes its key must have.",
        }
    }
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            _security(path, method, op, settings)
            _bodies(path, method, op, settings)
            _parameters(op, settings)
            _examples(path, method, op)
    return doc


def article_schema(today: date) -> dict[str, Any]:
    """ArticleIn as the server checks it: exactly one of `text` and `html`, each not blank,
    and a publication date from 1900-01-01 to tomorrow (UTC), as written."""
    schema = copy.deepcopy(schemas.ArticleIn.model_json_schema())
    latest = contract.latest_publication_date(today)
    published = schema["properties"]["published_at"]
    published["anyOf"][0]["pattern"] = contract.date_or_datetime(contract.FIRST_DATE, latest)
    schema["oneOf"] = [
        {
            "required": ["text"],
            "properties": {"text": {"type": "string"}, "html": {"type": "null"}},
        },
        {
            "required": ["html"],
            "properties": {"html": {"type": "string"}, "text": {"type": "null"}},
        },
    ]
    schema["description"] = (
        "One article: exactly one of `text` and `html` (the other absent or null), not blank, "
        "and what is known of it. An `html` body must have some text outside its tags; one "
        "whose only text is inside scripts, styles or comments is refused as well (422)."
    )
    return schema


def _security(path: str, method: str, op: dict[str, Any], settings: Settings) -> None:
    """Which key an operation needs, as app/api/deps.py decides it: deleting an admin key in
    every AUTH_MODE; posting an ingest (or admin) key unless AUTH_MODE=off (with `auto`,
    once any key exists); reading a key only with READ_REQUIRES_KEY."""
    if method == "delete":
        op["security"] = [{SCHEME: ["admin"]}]
    elif method == "post":
        if settings.auth_mode != "off":
            op["security"] = [{SCHEME: ["ingest"]}]
    elif path.startswith("/v1/") and settings.read_requires_key:
        op["security"] = [{SCHEME: []}]


def _bodies(path: str, method: str, op: dict[str, Any], settings: Settings) -> None:
    article = {"$ref": _REF + "ArticleIn"}
    if (method, path) == ("post", "/v1/articles"):
        op["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {
                    "schema": article,
                    "examples": {
                        "text": {"value": examples.ARTICLE_IN},
                        "html": {"value": examples.ARTICLE_HTML_IN},
                    },
                }
            },
        }
    elif (method, path) == ("post", "/v1/articles/batch"):
        n = settings.max_batch_items
        op["requestBody"] = {
            "required": True,
            "description": f"Up to {n} articles, as a JSON array or as NDJSON (one article "
            "per line). Each item is judged on its own: an item that is not a valid article "
            "gets status `error` with its problem, and the others are stored.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "maxItems": n,
                        # any value may stand in the array: an invalid one is that item's
                        # error, not the request's
                        "items": {"anyOf": [article, {}]},
                    },
                    "example": [examples.ARTICLE_IN, {"text": ""}],
                },
                "application/x-ndjson": {
                    # text on the wire, whatever it holds: a line that is not an article is
                    # that item's error, so no body of this type is refused as a whole
                    "schema": {
                        "description": f"one JSON article per line, at most {n} lines; "
                        "blank lines are skipped, and a line that is not JSON is that "
                        "item's error",
                    },
                    "example": examples.NDJSON,
                },
            },
        }

    elif (method, path) == ("post", "/v1/official"):
        n = settings.max_official_rows
        row = {"$ref": _REF + "OfficialRowIn"}
        op["requestBody"] = {
            "required": True,
            "description": f"Up to {n} rows, as a JSON array or as CSV with the header "
            "`reporter,partner,flow,period_start,period_end,value,currency,source`. Rows are "
            "written together or not at all: one invalid row (a period that ends before it "
            "starts, for one) is a 422 naming it, and nothing is stored. "
            "A row with the reporter, partner, flow, period and source of a stored one "
            "replaces it. A row whose partner is its reporter names no pair: 404, as a pair path "
            "of one country twice is.",
            "content": {
                "application/json": {
                    "schema": {"type": "array", "maxItems": n, "items": row},
                    "example": examples.OFFICIAL_IN,
                },
                "text/csv": {
                    "schema": {
                        "type": "string",
                        "pattern": contract.official_csv(),
                        "description": f"the header, then at most {n} rows (MAX_OFFICIAL_ROWS)",
                    },
                    "example": examples.OFFICIAL_CSV,
                },
            },
        }


def _parameters(op: dict[str, Any], settings: Settings) -> None:
    for param in op.get("parameters", []):
        name = param["name"]
        if name == "limit":
            schema = param["schema"]
            integer = schema["anyOf"][0] if "anyOf" in schema else schema
            integer["maximum"] = settings.page_size_max
            param["description"] = (
                f"page size, 1 to {settings.page_size_max} (PAGE_SIZE_MAX); "
                f"{settings.page_size_default} when not given"
            )
        example = examples.PARAMETERS.get(name.lower())
        if example is not None and "example" not in param:
            param["example"] = example


def _examples(path: str, method: str, op: dict[str, Any]) -> None:
    for status, response in op.get("responses", {}).items():
        for media_type, content in response.get("content", {}).items():
            if "example" in content or "examples" in content:
                continue
            example = _example_for(path, method, str(status), media_type)
            if example is not None:
                content["example"] = example


def _example_for(path: str, method: str, status: str, media_type: str) -> Any:
    if media_type == PROBLEM_JSON:
        return examples.PROBLEMS.get(int(status))
    if media_type.startswith("text/csv"):
        return examples.CSV.get(path)
    return examples.RESPONSES.get((method, path, status))
