"""Bad input gets a clear 4xx problem+json and changes nothing; no input gets a 5xx.

tests/api/test_articles.py and test_claims_and_pairs.py hold the first cases of each kind
(empty text, neither or both bodies, a bad URL or date, NUL in `text`, bad filters); these are
the rest: other types, encodings and nestings, the size limit as it is enforced, query values
at the edges of their ranges, and HTML that must be reduced to its text."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.robustness.conftest import add_key, assert_problem, bearer, row_counts

KZ_CN = (
    "Trade turnover between Kazakhstan and China reached $31.5 billion in 2022, "
    "up 22% from a year earlier, the Ministry of Trade said."
)


@pytest.fixture
def stored(client: httpx.Client, db_url: str) -> dict[str, int]:
    """One article in the store, and the row counts that every bad request must leave as is."""
    r = client.post("/v1/articles", json={"text": KZ_CN, "published_at": "2023-03-03T00:00:00Z"})
    assert r.status_code == 201, r.text
    return row_counts(db_url)


def _post(client: httpx.Client, path: str, body: Any) -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(path, content=raw, headers={"content-type": "application/json"})


def _future(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


BAD_ARTICLES: list[Any] = [
    # what the OpenAPI document did not say, or said the other way
    pytest.param({"text": "Trade grew.", "html": ""}, 422, "html", id="text-and-empty-html"),
    pytest.param({"text": "Trade grew.", "published_at": 1.9}, 422, "string", id="date-number"),
    pytest.param(
        {"text": "Trade grew.", "published_at": "1899-12-31T23:59:59Z"}, 422, "1900", id="date-1899"
    ),
    pytest.param(
        {"text": "Trade grew.", "published_at": "2023-03-03T08:00:00+20:00"},
        422,
        "offset",
        id="date-absurd-offset",
    ),
    pytest.param({"text": "\t\u00a0\u2003\n"}, 422, "empty", id="unicode-blank-text"),
    pytest.param({"html": "   "}, 422, "empty", id="blank-html"),
    pytest.param({"html": "<p> </p><div>\n</div>"}, 422, "readable", id="html-of-only-tags"),
    pytest.param({"text": None, "html": None}, 422, "exactly one", id="both-null"),
    pytest.param({"title": "Trade"}, 422, "exactly one", id="only-metadata"),
    pytest.param({"text": ["Trade grew."]}, 422, "text", id="text-list"),
    pytest.param({"text": {"body": "Trade grew."}}, 422, "text", id="text-object"),
    pytest.param({"text": True}, 422, "text", id="text-bool"),
    pytest.param({"html": 3.5}, 422, "html", id="html-number"),
    pytest.param({"text": "Trade grew.", "title": 5}, 422, "title", id="title-number"),
    pytest.param({"text": "Trade grew.", "source": ["a"]}, 422, "source", id="source-list"),
    pytest.param({"text": "Trade grew.", "url": 42}, 422, "url", id="url-number"),
    pytest.param(
        {"text": "Trade grew.", "published_at": True}, 422, "published_at", id="date-bool"
    ),
    pytest.param(
        {"text": "Trade grew.", "published_at": {}}, 422, "published_at", id="date-object"
    ),
    pytest.param(None, 422, "body", id="body-null"),
    pytest.param([], 422, "body", id="body-array"),
    pytest.param("Trade grew.", 422, "body", id="body-string"),
    pytest.param(42, 422, "body", id="body-number"),
    pytest.param(
        {"text": "Trade grew.", "published_at": "2023-02-30"}, 422, "published_at", id="date-feb-30"
    ),
    pytest.param(
        {"text": "Trade grew.", "published_at": "2023-13-01T00:00:00Z"},
        422,
        "published_at",
        id="date-month-13",
    ),
    pytest.param({"text": "Trade grew.", "published_at": ""}, 422, "published_at", id="date-empty"),
    pytest.param(
        {"text": "Trade grew.", "published_at": "0001-01-01T00:00:00+14:00"},
        422,
        "published_at",
        id="date-year-1",
    ),
    pytest.param(
        {"text": "Trade grew.", "published_at": 1e30}, 422, "published_at", id="date-huge-timestamp"
    ),
    pytest.param({"text": "Trade grew.", "url": ""}, 422, "url", id="url-empty"),
    pytest.param(
        {"text": "Trade grew.", "url": "example.org/news"}, 422, "url", id="url-no-scheme"
    ),
    pytest.param(
        {"text": "Trade grew.", "url": "javascript:alert(1)"}, 422, "url", id="url-javascript"
    ),
    pytest.param({"text": "Trade grew.", "url": "http://[::1/x"}, 422, "url", id="url-bad-ipv6"),
    pytest.param(
        {"text": "Trade grew.", "url": "https://example.org:99999/"}, 422, "url", id="url-bad-port"
    ),
    pytest.param({"text": "Trade grew.", "title": "x" * 1001}, 422, "title", id="title-too-long"),
    pytest.param({"text": "Trade grew.", "source": "x" * 201}, 422, "source", id="source-too-long"),
    pytest.param({"text": "Trade grew.", "title": "a\u0000b"}, 422, "NUL", id="nul-in-title"),
    pytest.param({"text": "Trade grew.", "source": "\u0000"}, 422, "NUL", id="nul-in-source"),
    pytest.param({"html": "<p>Trade\u0000 grew.</p>"}, 422, "NUL", id="nul-in-html"),
    pytest.param(b'{"text": "Trade \x00 grew."}', 400, "JSON", id="raw-nul-byte"),
    pytest.param(b'{"text": "\\ud800 grew."}', 422, "text", id="lone-surrogate"),
    pytest.param(b'{"text": "Trade grew.",}', 400, "JSON", id="trailing-comma"),
    pytest.param(b"{'text': 'Trade grew.'}", 400, "JSON", id="single-quotes"),
    pytest.param(b"", 400, "JSON", id="empty-body"),
    pytest.param(b'{"text": "Trade', 400, "JSON", id="truncated"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, 400, "nested", id="nested-100k-deep"),
    pytest.param(
        b'{"text": "Trade grew.", "published_at": NaN}', 422, "published_at", id="nan-literal"
    ),
    pytest.param(b'{"text": "Trade \xe9 grew."}', 400, "UTF-8", id="latin-1-byte"),
    pytest.param(b'{"text": "Trade \xc0\xaf grew."}', 400, "UTF-8", id="overlong-utf8"),
    pytest.param(b"\xff\xfe{\x00}\x00", 400, "UTF-8", id="utf-16"),
]


@pytest.mark.parametrize(("body", "status", "fragment"), BAD_ARTICLES)
def test_bad_article_is_a_problem_and_stores_nothing(
    client: httpx.Client, db_url: str, stored: dict[str, int], body: Any, status: int, fragment: str
) -> None:
    problem = assert_problem(_post(client, "/v1/articles", body), status)
    assert fragment.lower() in json.dumps(problem).lower(), problem
    assert row_counts(db_url) == stored


def test_published_at_up_to_a_day_ahead_is_accepted_and_beyond_is_not(
    client: httpx.Client, db_url: str
) -> None:
    """Time zones put a fresh article up to a day 'ahead': a date as written up to tomorrow
    (UTC) is accepted, the day after is a wrong date (48 hours on is that day at any hour)."""
    problem = assert_problem(
        _post(client, "/v1/articles", {"text": KZ_CN, "published_at": _future(days=2)}),
        422,
    )
    assert "future" in problem["detail"]
    assert row_counts(db_url)["articles"] == 0
    r = _post(client, "/v1/articles", {"text": KZ_CN, "published_at": _future(hours=20)})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param({"text": KZ_CN}, "array", id="object-not-array"),
        pytest.param(b"[" * 100_000, "nested", id="nested"),
        pytest.param(b'[{"text": "a"},', "JSON", id="truncated"),
        pytest.param(b"[\xff]", "UTF-8", id="invalid-utf8"),
    ],
)
def test_bad_batch_is_a_problem_and_stores_nothing(
    client: httpx.Client, db_url: str, stored: dict[str, int], body: Any, fragment: str
) -> None:
    r = _post(client, "/v1/articles/batch", body)
    assert r.status_code in (400, 422)
    assert fragment.lower() in json.dumps(assert_problem(r, r.status_code)).lower()
    assert row_counts(db_url) == stored


def test_bad_ndjson_lines_are_refused_one_by_one(client: httpx.Client, db_url: str) -> None:
    lines = [b"[" * 50_000, json.dumps({"text": KZ_CN}).encode(), b'{"text": 5}', b"null"]
    r = client.post(
        "/v1/articles/batch",
        content=b"\n".join(lines),
        headers={"content-type": "application/x-ndjson"},
    )
    assert r.status_code == 200, r.text
    assert [i["status"] for i in r.json()["items"]] == ["error", "created", "error", "error"]
    assert row_counts(db_url)["articles"] == 1
    r = client.post(
        "/v1/articles/batch",
        content=b'{"text": "\xff"}',
        headers={"content-type": "application/x-ndjson"},
    )
    assert_problem(r, 400)


# -- the size limit -----------------------------------------------------------------------------
def test_default_limit_is_2_mb(client: httpx.Client, db_url: str, stored: dict[str, int]) -> None:
    limit = 2 * 1024 * 1024
    over = b'{"text": "' + b"a" * (limit - 11) + b'"}'
    assert len(over) == limit + 1
    problem = assert_problem(_post(client, "/v1/articles", over), 413)
    assert str(limit) in problem["detail"]
    # Just under the limit the body is read and judged on its content instead.
    under = b'{"colour": 1, "text": "' + b"a" * (limit - 100) + b'"}'
    assert_problem(_post(client, "/v1/articles", under), 422)
    assert row_counts(db_url) == stored


def test_chunked_body_without_a_length_is_cut_off_at_the_limit(make_client, db_url: str) -> None:  # type: ignore[no-untyped-def]
    c = make_client(max_body_bytes=4096)
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        yield b'{"text": "'
        for _ in range(1000):
            sent += 1024
            yield b"Trade grew. " * 85 + b"    "
        yield b'"}'

    try:
        r = c.post("/v1/articles", content=chunks(), headers={"content-type": "application/json"})
    except httpx.TransportError:
        pytest.fail("the server dropped the connection instead of answering 413")
    assert_problem(r, 413)
    assert row_counts(db_url)["articles"] == 0


def test_declared_length_over_the_limit_is_refused_before_the_body_is_sent(make_client) -> None:  # type: ignore[no-untyped-def]
    """The client announces 50 MB and sends none of it: the 413 comes at once, so the server
    neither waits for nor buffers a body it will refuse."""
    c = make_client(max_body_bytes=4096)
    host, port = c.base_url.host, c.base_url.port
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(
            b"POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 52428800\r\n\r\n"
        )
        started = time.monotonic()
        head = s.recv(4096)
        elapsed = time.monotonic() - started
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    assert b"application/problem+json" in head
    assert elapsed < 4  # a server waiting for the body would never answer


# -- query parameters ---------------------------------------------------------------------------
BAD_QUERIES: list[Any] = [
    # what the OpenAPI document did not say: dates before 1900, numbers, offsets past 14:00
    pytest.param("/v1/claims", {"period_from": "0.0"}, "period_from", id="claims-period-number"),
    pytest.param(
        "/v1/claims", {"period_from": "1899-12-31"}, "period_from", id="claims-period-1899"
    ),
    pytest.param(
        "/v1/articles", {"published_from": "-8416"}, "published_from", id="articles-number"
    ),
    pytest.param(
        "/v1/claims",
        {"published_from": "1899-12-31T23:00:00Z"},
        "published_from",
        id="claims-published-1899",
    ),
    pytest.param(
        "/v1/claims",
        {"published_to": "2023-01-01T00:00:00+15:00"},
        "published_to",
        id="claims-absurd-offset",
    ),
    pytest.param("/v1/articles", {"cursor": ""}, "cursor", id="articles-cursor-empty"),
    pytest.param("/v1/pairs/KAZ/CHN/series", {"as_of": "1899-12-31"}, "as_of", id="as-of-1899"),
    pytest.param(
        "/v1/articles", {"published_from": "2023-02-30"}, "published_from", id="articles-bad-date"
    ),
    pytest.param(
        "/v1/articles",
        {"published_to": "0001-01-01T00:00:00+14:00"},
        "published_to",
        id="articles-date-out-of-range",
    ),
    pytest.param("/v1/articles", {"limit": -1}, "limit", id="articles-limit-negative"),
    pytest.param("/v1/articles", {"limit": "ten"}, "limit", id="articles-limit-word"),
    pytest.param("/v1/articles", {"limit": 1001}, "limit", id="articles-limit-high"),
    pytest.param("/v1/articles", {"source": "a\u0000b"}, "source", id="articles-nul"),
    pytest.param("/v1/articles", {"cursor": "é"}, "cursor", id="articles-cursor-non-ascii"),
    pytest.param("/v1/articles", {"cursor": "x" * 5000}, "cursor", id="articles-cursor-long"),
    pytest.param(
        "/v1/claims",
        {"published_to": "9999-12-31T23:59:59-14:00"},
        "published_to",
        id="claims-date-out-of-range",
    ),
    pytest.param("/v1/claims", {"period_to": "2023-02-29"}, "period_to", id="claims-no-feb-29"),
    pytest.param("/v1/claims", {"unit": "dollars"}, "unit", id="claims-unit"),
    pytest.param("/v1/claims", {"measure": "level; --"}, "measure", id="claims-measure"),
    pytest.param("/v1/claims", {"modality": "maybe"}, "modality", id="claims-modality"),
    pytest.param("/v1/claims", {"direction": "both"}, "direction", id="claims-direction"),
    pytest.param("/v1/claims", {"format": "xml"}, "format", id="claims-format"),
    pytest.param(
        "/v1/claims", {"min_confidence": "nan"}, "min_confidence", id="claims-confidence-nan"
    ),
    pytest.param(
        "/v1/claims", {"min_confidence": -0.1}, "min_confidence", id="claims-confidence-negative"
    ),
    pytest.param("/v1/claims", {"limit": 1.5}, "limit", id="claims-limit-fraction"),
    pytest.param("/v1/claims", {"speaker": "x" * 201}, "speaker", id="claims-speaker-long"),
    pytest.param("/v1/claims", {"speaker": "\u0000"}, "speaker", id="claims-nul-speaker"),
    pytest.param("/v1/claims", {"source": "wire\u0000"}, "source", id="claims-nul-source"),
    pytest.param("/v1/claims", {"country": ""}, "country", id="claims-empty-country"),
    pytest.param("/v1/pairs/KAZ/CHN/series", {"metric": "gdp"}, "metric", id="series-metric"),
    pytest.param("/v1/pairs/KAZ/CHN/series", {"axis": "x"}, "axis", id="series-axis"),
    pytest.param("/v1/pairs/KAZ/CHN/series", {"as_of": "2023-02-30"}, "as_of", id="series-as-of"),
    pytest.param("/v1/pairs/KAZ/CHN/series", {"format": "xlsx"}, "format", id="series-format"),
    pytest.param("/v1/pairs/KAZ/CHN/series", {"unit": "€"}, "unit", id="series-unit"),
    pytest.param("/v1/articles/0", {}, "article_id", id="article-id-zero"),
    pytest.param("/v1/articles/2147483648", {}, "article_id", id="article-id-over-int4"),
    pytest.param(
        "/v1/articles/99999999999999999999999", {}, "article_id", id="article-id-over-int64"
    ),
]


@pytest.mark.parametrize(("path", "params", "field"), BAD_QUERIES)
def test_bad_query_is_a_problem_naming_the_parameter(
    client: httpx.Client,
    db_url: str,
    stored: dict[str, int],
    path: str,
    params: dict[str, Any],
    field: str,
) -> None:
    problem = assert_problem(client.get(path, params=params), 422)
    assert field in json.dumps(problem), problem
    assert row_counts(db_url) == stored


@pytest.mark.parametrize("segment", ["-5", "1.5", "abc", "1e3", "batch"])
def test_a_path_segment_that_cannot_be_an_id_names_no_article(
    client: httpx.Client, db_url: str, stored: dict[str, int], segment: str
) -> None:
    """Only digits name an article: any other segment is no resource (404), and no route
    takes it for an id."""
    admin = bearer(add_key(db_url, "admin"))
    before = row_counts(db_url)
    for method in ("GET", "DELETE"):
        r = client.request(method, f"/v1/articles/{segment}", headers=admin)
        assert r.status_code == (405 if segment == "batch" else 404), r.text
        assert_problem(r, r.status_code)
    assert row_counts(db_url) == before


@pytest.mark.parametrize("article_id", ["0", "2147483648", "99999999999999999999999"])
def test_delete_with_a_bad_id_is_a_problem(
    client: httpx.Client, db_url: str, stored: dict[str, int], article_id: str
) -> None:
    admin = bearer(add_key(db_url, "admin"))
    before = row_counts(db_url)
    assert_problem(client.delete(f"/v1/articles/{article_id}", headers=admin), 422)
    assert row_counts(db_url) == before


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param("/v1/articles", {"published_from": "2023-01-01"}, id="articles-date-only"),
        pytest.param(
            "/v1/articles", {"published_from": "2023-01-01T00:00:00"}, id="articles-naive"
        ),
        pytest.param(
            "/v1/claims",
            {"published_from": "2023-01-01T00:00:00", "published_to": "2023-12-31"},
            id="claims-naive",
        ),
        pytest.param(
            "/v1/claims",
            {"period_from": "1900-01-01", "period_to": "2999-12-31"},
            id="claims-widest-period",
        ),
        pytest.param(
            "/v1/claims",
            {
                "published_from": "1900-01-01T00:00:00+14:00",
                "published_to": "2999-12-31T23:59:59-14:00",
            },
            id="claims-widest-published",
        ),
        pytest.param("/v1/pairs/KAZ/CHN/series", {"as_of": "2999-12-31"}, id="series-last-day"),
    ],
)
def test_dates_at_the_edges_are_read_as_utc_and_answered(
    client: httpx.Client, stored: dict[str, int], path: str, params: dict[str, Any]
) -> None:
    """A datetime without an offset is UTC, and the first and last days of the range the
    contract allows (1900-01-01 to 2999-12-31, at the widest offsets) are valid bounds."""

    def items(r: httpx.Response) -> list[Any]:
        assert r.status_code == 200, r.text
        body = r.json()
        return body["points"] if "points" in body else body["items"]  # type: ignore[no-any-return]

    found = items(client.get(path, params=params))
    assert found and found == items(client.get(path))


# -- HTML -----------------------------------------------------------------------------------------
HOSTILE_HTML = (
    "<!DOCTYPE html><html><head><title>Trade</title>"
    "<script>document.write('KZ CN $99 billion'); fetch('https://evil.example/x')</script>"
    "<style>body { background: url(javascript:alert(1)) }</style>"
    "<meta http-equiv='refresh' content='0;url=https://evil.example'></head>"
    "<body onload=\"alert('onload')\"><noscript>enable scripts</noscript>"
    "<iframe src='https://evil.example/frame'></iframe>"
    "<article><h1>Trade news</h1><p>" + KZ_CN + "</p>"
    "<p><img src=x onerror=\"alert('img')\"><a href=\"javascript:alert('link')\">more</a></p>"
    "<!-- a comment: <script>alert('comment')</script> -->"
    "<svg><script>alert('svg')</script></svg></article></body></html>"
)


def test_hostile_html_is_reduced_to_its_text(client: httpx.Client) -> None:
    r = client.post("/v1/articles", json={"html": HOSTILE_HTML, "published_at": "2023-03-03"})
    assert r.status_code == 201, r.text
    assert r.headers["content-type"] == "application/json"
    stored = client.get(f"/v1/articles/{r.json()['id']}").json()["text"]
    assert "Trade turnover between Kazakhstan and China" in stored
    for trace in (
        "<",
        "script",
        "alert",
        "evil.example",
        "background",
        "javascript",
        "onerror",
        "onload",
        "$99 billion",
    ):
        assert trace not in stored, trace
    assert [c["value"] for c in r.json()["claims"] if c["measure"] == "level"] == [31.5e9]


def test_html_entities_do_not_reach_outside_the_document(client: httpx.Client) -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
        f"<html><body><article><p>{KZ_CN} &leak;</p></article></body></html>"
    )
    r = client.post("/v1/articles", json={"html": xxe})
    assert r.status_code in (201, 422), r.text
    assert "root:" not in r.text


def _nested(depth: int) -> str:
    return (
        "<html><body>"
        + "<div>" * depth
        + f"<p>{KZ_CN}</p><script>alert(1)</script>"
        + "</div>" * depth
        + "</body></html>"
    )


def test_nested_html_is_reduced_to_its_text(client: httpx.Client) -> None:
    r = client.post("/v1/articles", json={"html": _nested(200)})
    assert r.status_code == 201, r.text
    assert "alert" not in r.json()["text"] and KZ_CN in r.json()["text"]


def test_very_deeply_nested_html_is_reduced_to_its_text(client: httpx.Client) -> None:
    r = client.post("/v1/articles", json={"html": _nested(1000)})
    assert r.status_code == 201, r.text
    assert "alert" not in r.json()["text"] and KZ_CN in r.json()["text"]


def test_pathologically_nested_html_never_fails_the_server(
    client: httpx.Client, db_url: str
) -> None:
    r = client.post("/v1/articles", json={"html": "<div>" * 200_000 + KZ_CN})
    assert r.status_code in (201, 422), r.text
    assert r.headers["content-type"].split(";")[0] in (
        "application/json",
        "application/problem+json",
    )
    if r.status_code == 422:
        assert row_counts(db_url)["articles"] == 0
