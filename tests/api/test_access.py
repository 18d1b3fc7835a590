"""API keys: created from the command line, hashed at rest, scoped, revocable; rate limits."""

from __future__ import annotations

import subprocess
import sys

import httpx
from sqlalchemy import select

from app.db.models import ApiKey
from app.db.session import get_sessionmaker
from tests.conftest import REPO


def cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--database-url", db_url, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def create_key(db_url: str, name: str, scope: str) -> str:
    out = cli(db_url, "keys", "create", "--name", name, "--scope", scope)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_keys_guard_writes_once_any_key_exists(client: httpx.Client, db_url: str) -> None:
    text = {"text": "Trade between Kazakhstan and Russia reached $26 billion in 2022."}
    ingest = create_key(db_url, "bot1", "ingest")
    admin = create_key(db_url, "ops", "admin")

    assert client.post("/v1/articles", json=text).status_code == 401
    bad = client.post("/v1/articles", json=text, headers=auth("tc_wrong"))
    assert bad.status_code == 401 and "WWW-Authenticate" in bad.headers
    created = client.post("/v1/articles", json=text, headers=auth(ingest))
    assert created.status_code == 201
    article = created.json()["id"]

    assert client.get(f"/v1/articles/{article}").status_code == 200  # reads stay open
    assert client.delete(f"/v1/articles/{article}").status_code == 401
    assert client.delete(f"/v1/articles/{article}", headers=auth(ingest)).status_code == 403
    assert client.delete(f"/v1/articles/{article}", headers=auth(admin)).status_code == 204
    assert client.get(f"/v1/articles/{article}").status_code == 404
    assert client.get("/v1/claims").json()["items"] == []


def test_keys_are_stored_only_as_hashes_and_can_be_revoked(
    client: httpx.Client, db_url: str
) -> None:
    key = create_key(db_url, "bot2", "ingest")
    with get_sessionmaker(db_url)() as s:
        row = s.scalars(select(ApiKey)).one()
        assert row.key_hash != key and key not in (row.key_hash, row.prefix)
        key_id = row.id
    listing = cli(db_url, "keys", "list")
    assert "bot2" in listing.stdout and key not in listing.stdout
    assert cli(db_url, "keys", "revoke", str(key_id)).returncode == 0
    assert cli(db_url, "keys", "revoke", str(key_id)).returncode == 1
    r = client.post("/v1/articles", json={"text": "Trade grew."}, headers=auth(key))
    assert r.status_code in (201, 401)  # no active key left: auth is off again in auto mode
    assert create_key(db_url, "other", "ingest")
    r = client.post("/v1/articles", json={"text": "Trade grew 5%."}, headers=auth(key))
    assert r.status_code == 401


def test_auth_mode_on_needs_a_key_even_with_none_created(make_client) -> None:  # type: ignore[no-untyped-def]
    c = make_client(auth_mode="on")
    assert c.post("/v1/articles", json={"text": "Trade grew."}).status_code == 401


def test_write_rate_limit_answers_429(make_client) -> None:  # type: ignore[no-untyped-def]
    c = make_client(write_rate_per_minute=2)
    codes = [c.post("/v1/articles", json={"text": f"Story {i}."}).status_code for i in range(3)]
    assert codes[:2] == [201, 201]
    assert codes[2] == 429
    r = c.post("/v1/articles", json={"text": "Story 9."})
    assert int(r.headers["retry-after"]) >= 1


def test_cors_is_off_by_default_and_configurable(client: httpx.Client, make_client) -> None:  # type: ignore[no-untyped-def]
    origin = {"Origin": "https://dash.example.org"}
    assert "access-control-allow-origin" not in client.get("/v1/pairs", headers=origin).headers
    c = make_client(cors_origins=["https://dash.example.org"])
    r = c.get("/v1/pairs", headers=origin)
    assert r.headers["access-control-allow-origin"] == "https://dash.example.org"


def test_deleting_always_needs_an_admin_key_whatever_the_auth_mode(make_client, db_url) -> None:  # type: ignore[no-untyped-def]
    """A fresh install (no key yet, AUTH_MODE=auto) takes posts without a key, but a delete
    without an admin key is 401 in every mode; once an admin key exists it deletes."""
    text = {"text": "Trade between Kazakhstan and Russia reached $26 billion in 2022."}
    for mode in ("auto", "off", "on"):
        c = make_client(auth_mode=mode)
        if mode != "on":
            created = c.post("/v1/articles", json=text)
            assert created.status_code in (200, 201), created.text
        refused = c.delete("/v1/articles/1")
        assert refused.status_code == 401, (mode, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "admin" in refused.json()["detail"]
        assert 'Bearer realm="tradeclaims"' in refused.headers["www-authenticate"]
        assert c.delete("/v1/articles/1", headers=auth("tc_not-a-key")).status_code == 401
    assert c.get("/v1/articles/1").status_code == 200  # nothing was deleted
    admin = create_key(db_url, "ops", "admin")
    off = make_client(auth_mode="off")
    assert off.delete("/v1/articles/1", headers=auth(admin)).status_code == 204
    assert off.get("/v1/articles/1").status_code == 404
