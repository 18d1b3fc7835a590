"""Methods: a method a resource does not support is 405 with an `Allow` header that lists every
method the resource does support; OPTIONS answers with that list."""

from __future__ import annotations

import httpx
import pytest

PROBLEM = "application/problem+json"


def _allow(r: httpx.Response) -> set[str]:
    return {m.strip() for m in r.headers["allow"].split(",")}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/v1/articles/batch", {"POST", "OPTIONS"}),
        ("PUT", "/v1/articles", {"GET", "POST", "OPTIONS"}),
        ("PATCH", "/v1/articles/1", {"GET", "DELETE", "OPTIONS"}),
        ("POST", "/v1/claims", {"GET", "OPTIONS"}),
        ("DELETE", "/v1/pairs/KAZ/RUS/series", {"GET", "OPTIONS"}),
        ("TRACE", "/healthz", {"GET", "OPTIONS"}),
    ],
)
def test_an_unsupported_method_is_405_listing_every_allowed_method(
    client: httpx.Client, method: str, path: str, allowed: set[str]
) -> None:
    r = client.request(method, path)
    assert r.status_code == 405, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["status"] == 405
    assert _allow(r) == allowed


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/v1/articles", {"GET", "POST", "OPTIONS"}),
        ("/v1/articles/batch", {"POST", "OPTIONS"}),
        ("/v1/articles/1", {"GET", "DELETE", "OPTIONS"}),
        ("/v1/claims", {"GET", "OPTIONS"}),
        ("/v1/pairs", {"GET", "OPTIONS"}),
    ],
)
def test_options_lists_every_method_of_the_resource(
    client: httpx.Client, path: str, allowed: set[str]
) -> None:
    r = client.options(path)
    assert r.status_code == 204, r.text
    assert _allow(r) == allowed
    assert r.content == b""


def test_options_and_other_methods_on_no_resource_are_404(client: httpx.Client) -> None:
    for method in ("OPTIONS", "GET", "PUT"):
        r = client.request(method, "/v1/nothing-here")
        assert r.status_code == 404, (method, r.text)
        assert r.headers["content-type"].startswith(PROBLEM)
