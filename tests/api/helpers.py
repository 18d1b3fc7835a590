"""Posting known articles, for the API tests."""

from __future__ import annotations

from typing import Any

import httpx


def post(
    client: httpx.Client,
    text: str,
    published: str = "2023-03-01T00:00:00Z",
    source: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"text": text, "published_at": published}
    if source is not None:
        body["source"] = source
    if url is not None:
        body["url"] = url
    r = client.post("/v1/articles", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]
