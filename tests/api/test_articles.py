"""POST/GET/DELETE /v1/articles through a real HTTP client against a live server."""

from __future__ import annotations

import json

import httpx
import pytest

KZ_CN = (
    "ASTANA, March 3, 2023 (Wire) — Trade turnover between Kazakhstan and China reached "
    "$31.5 billion in 2022, up 22% from a year earlier, the Ministry of Trade said on Friday."
)


def post(client: httpx.Client, **body: object) -> httpx.Response:
    return client.post("/v1/articles", json=body)


def test_seed_article_is_stored_once_with_its_three_claims(
    client: httpx.Client, seed_text: str
) -> None:
    first = post(client, text=seed_text, url="https://example.org/kz-ru?utm_source=x")
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["duplicate"] is False
    assert body["published_at"].startswith("2018-05-15")
    assert body["published_at_source"] == "text"
    got = sorted((c["metric"], c["measure"], c["value"], c["speaker"]) for c in body["claims"])
    assert got == [
        ("investment", "growth_pct", None, "Vladimir Putin"),
        ("turnover", "growth_pct", 30.0, "Vladimir Putin"),
        ("turnover", "level", 16e9, "Nursultan Nazarbayev"),
    ]
    for c in body["claims"]:
        assert c["pair"] == ["KAZ", "RUS"]
        ev = c["evidence"]
        assert seed_text[ev["start"] : ev["end"]] == ev["text"]

    again = post(client, text=seed_text)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == body["id"]
    same_url = post(client, text=seed_text + "\nShare this.", url="http://www.example.org/kz-ru/")
    assert same_url.status_code == 200 and same_url.json()["id"] == body["id"]
    listing = client.get("/v1/articles").json()
    assert [a["id"] for a in listing["items"]] == [body["id"]]


def test_duplicate_text_ignores_whitespace_and_case(client: httpx.Client) -> None:
    assert post(client, text=KZ_CN).status_code == 201
    reposted = post(client, text="  " + KZ_CN.upper().replace(" ", "\n  "))
    assert reposted.status_code == 200 and reposted.json()["duplicate"] is True


def test_given_date_is_used_and_reported(client: httpx.Client) -> None:
    r = post(client, text=KZ_CN, published_at="2023-03-04T08:00:00Z")
    assert r.status_code == 201
    body = r.json()
    assert body["published_at_source"] == "given"
    assert body["published_at"].startswith("2023-03-04T08:00:00")
    levels = [c for c in body["claims"] if c["measure"] == "level"]
    assert levels and levels[0]["period"]["start"] == "2022-01-01"


def test_without_any_date_the_time_of_receipt_is_used(client: httpx.Client) -> None:
    r = post(client, text="Trade between Kazakhstan and China grew 5% to $20 billion.")
    assert r.status_code == 201
    assert r.json()["published_at_source"] == "received"


def test_html_article_is_reduced_to_text(client: httpx.Client) -> None:
    html = (
        "<html><head><script>alert('Kazakhstan China $99 billion')</script>"
        "<style>p{color:red}</style></head><body><nav>Home | World</nav><article>"
        "<h1>Trade news</h1><p>" + KZ_CN + "</p></article><footer>(c) 2023</footer></body></html>"
    )
    r = post(client, html=html, published_at="2023-03-03")
    assert r.status_code == 201, r.text
    body = r.json()
    assert "<script>" not in body["text"] and "alert(" not in body["text"]
    assert "Trade turnover between Kazakhstan and China" in body["text"]
    assert any(c["value"] == 31.5e9 for c in body["claims"])


def test_get_article_and_etag(client: httpx.Client) -> None:
    created = post(client, text=KZ_CN).json()
    r = client.get(f"/v1/articles/{created['id']}")
    assert r.status_code == 200
    assert r.json()["text"] == KZ_CN
    etag = r.headers["etag"]
    cached = client.get(f"/v1/articles/{created['id']}", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b""
    missing = client.get("/v1/articles/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_list_articles_pages_with_a_cursor(client: httpx.Client) -> None:
    ids = [
        post(client, text=f"{KZ_CN} Story number {i}.", source="wire" if i % 2 else "paper").json()[
            "id"
        ]
        for i in range(7)
    ]
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/articles", params=params).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    wire = client.get("/v1/articles", params={"source": "wire"}).json()["items"]
    assert [a["id"] for a in wire] == ids[1::2]
    tampered = client.get("/v1/articles", params={"cursor": "eyJrIjoiYXJ0aWNsZXMifQ.xxxx"})
    assert tampered.status_code == 422


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"text": ""}, 422, "empty"),
        ({"text": "   \n "}, 422, "empty"),
        ({}, 422, "exactly one"),
        ({"text": "a", "html": "<p>a</p>"}, 422, "exactly one"),
        ({"text": 5}, 422, "text"),
        ({"text": "Trade grew.", "url": "not a url"}, 422, "url"),
        ({"text": "Trade grew.", "published_at": "yesterday-ish"}, 422, "published_at"),
        ({"text": "Trade grew.", "published_at": "2999-01-01"}, 422, "future"),
        ({"text": "Trade\u0000 grew."}, 422, "NUL"),
        ({"html": "<script>x()</script>"}, 422, "readable"),
        ({"text": "Trade grew.", "colour": "red"}, 422, "colour"),
    ],
    ids=[
        "empty",
        "blank",
        "neither",
        "both",
        "wrong-type",
        "bad-url",
        "bad-date",
        "future",
        "nul",
        "html-without-text",
        "unknown-field",
    ],
)
def test_bad_articles_get_a_problem_and_store_nothing(
    client: httpx.Client, body: dict[str, object], status: int, fragment: str
) -> None:
    r = client.post("/v1/articles", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["status"] == status
    assert fragment.lower() in json.dumps(problem).lower()
    assert client.get("/v1/articles").json()["items"] == []


def test_invalid_json_and_invalid_utf8(client: httpx.Client) -> None:
    r = client.post(
        "/v1/articles", content=b'{"text": "a"', headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["title"] == "Invalid JSON"
    r = client.post(
        "/v1/articles",
        content=b'{"text": "\xff\xfe"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["title"] == "Invalid encoding"


def test_idempotency_key_replays_the_first_response(client: httpx.Client) -> None:
    headers = {"Idempotency-Key": "bot1-000042"}
    first = client.post("/v1/articles", json={"text": KZ_CN}, headers=headers)
    assert first.status_code == 201
    replay = client.post("/v1/articles", json={"text": KZ_CN}, headers=headers)
    assert replay.status_code == 201
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json() == first.json()
    other = client.post("/v1/articles", json={"text": KZ_CN + " More."}, headers=headers)
    assert other.status_code == 409  # a well-formed body that conflicts with the key's first
    assert "Idempotency" in other.json()["title"]


def test_batch_gives_each_item_its_own_status(client: httpx.Client, seed_text: str) -> None:
    items = [{"text": KZ_CN}, {"text": ""}, {"text": KZ_CN}, {"text": seed_text}]
    r = client.post("/v1/articles/batch", json=items)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["status"] for i in body["items"]] == ["created", "error", "duplicate", "created"]
    assert (body["created"], body["duplicates"], body["errors"]) == (2, 1, 1)
    assert body["items"][1]["http_status"] == 422
    assert body["items"][3]["claim_count"] == 3


def test_batch_accepts_ndjson(client: httpx.Client) -> None:
    lines = [json.dumps({"text": KZ_CN}), "{broken", json.dumps({"text": KZ_CN + " Again."})]
    r = client.post(
        "/v1/articles/batch",
        content="\n".join(lines).encode(),
        headers={"content-type": "application/x-ndjson"},
    )
    assert r.status_code == 200
    assert [i["status"] for i in r.json()["items"]] == ["created", "error", "created"]


def test_batch_over_the_limit_is_refused(make_client) -> None:  # type: ignore[no-untyped-def]
    c = make_client(max_batch_items=2)
    r = c.post("/v1/articles/batch", json=[{"text": "a"}] * 3)
    assert r.status_code == 422 and "at most 2" in r.json()["detail"]


def test_body_over_the_size_limit_is_413(make_client) -> None:  # type: ignore[no-untyped-def]
    c = make_client(max_body_bytes=4096)
    r = c.post("/v1/articles", json={"text": "Trade grew. " * 1000})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("application/problem+json")
    assert c.get("/v1/articles").json()["items"] == []


def test_every_issued_cursor_is_accepted() -> None:
    """Signatures are random bytes and may contain '.', the separator: all must decode."""
    from app.api.deps import decode_cursor, encode_cursor
    from app.config import Settings

    settings = Settings(secret_key="cursor-test", environment="test")
    for last_id in range(1, 3000):
        assert (
            decode_cursor(settings, "claims", encode_cursor(settings, "claims", last_id)) == last_id
        )


def test_replay_for_an_article_deleted_since_is_410_gone(client: httpx.Client, db_url: str) -> None:
    """POST with a key, DELETE, POST with the same key again: the replay must not answer 201
    for an article that is not there (bots read 201 as 'stored and safe')."""
    from tests.robustness.conftest import add_key, bearer

    admin = bearer(add_key(db_url, "admin"))
    headers = {**admin, "Idempotency-Key": "bot1-000043"}
    first = client.post("/v1/articles", json={"text": KZ_CN}, headers=headers)
    assert first.status_code == 201, first.text
    article_id = first.json()["id"]
    assert client.delete(f"/v1/articles/{article_id}", headers=admin).status_code == 204

    gone = client.post("/v1/articles", json={"text": KZ_CN}, headers=headers)
    assert gone.status_code == 410, gone.text
    assert gone.headers["content-type"].startswith("application/problem+json")
    problem = gone.json()
    assert problem["status"] == 410 and problem["article_id"] == article_id
    assert "deleted" in problem["detail"]
    assert client.get(f"/v1/articles/{article_id}").status_code == 404
    # the same article under a new key is stored again, under a new id
    again = client.post(
        "/v1/articles", json={"text": KZ_CN}, headers={**admin, "Idempotency-Key": "bot1-000044"}
    )
    assert again.status_code == 201 and again.json()["id"] != article_id


def test_a_russian_article_is_read_in_russian_and_its_speaker_kept_in_both_scripts(
    client: httpx.Client,
) -> None:
    """The README's Russian example: detected as Russian, its claims with the speaker's
    Latin name and the name as the article writes it, in JSON and in CSV."""
    from pathlib import Path

    example = json.loads(
        (Path(__file__).resolve().parents[2] / "examples" / "kz-ru-trade-ru.json").read_text(
            encoding="utf-8"
        )
    )
    r = client.post("/v1/articles", json=example)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["language"] == "ru"
    got = sorted(
        (c["metric"], c["measure"], c["value"], c["origin"], c["modality"], c["period"]["label"])
        for c in body["claims"]
    )
    assert got == [
        ("exports", "level", 9.3e9, "KAZ", "actual", "2023"),
        ("imports", "level", 18.5e9, "RUS", "actual", "2023"),
        ("turnover", "growth_pct", 4.3, None, "actual", "2023"),
        ("turnover", "level", 27.8e9, None, "actual", "2023"),
        ("turnover", "level", 30e9, None, "target", "2025"),
    ]
    assert {(c["speaker"], c["speaker_original"]) for c in body["claims"]} == {
        ("Ayzhan Bizhanova", "Айжан Бижанова")
    }
    for c in body["claims"]:
        ev = c["evidence"]
        assert body["text"][ev["start"] : ev["end"]] == ev["text"]
    csv_text = client.get(
        "/v1/claims", params={"country": "KAZ", "partner": "RUS", "format": "csv"}
    ).text
    assert "Айжан Бижанова" in csv_text and "speaker_original" in csv_text.splitlines()[0]


def test_an_article_in_a_language_the_extractor_does_not_read_is_stored_without_claims(
    client: httpx.Client,
) -> None:
    text = "Товарообіг між Україною та Польщею зріс на 12% і склав 10 млрд доларів у 2023 році."
    r = client.post("/v1/articles", json={"text": text})
    assert r.status_code == 201, r.text
    assert r.json()["language"] is None and r.json()["claims"] == []
