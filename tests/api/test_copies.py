"""Syndicated copies: the seed article posted again by another site, among other navigation
lines, is stored, linked to the first (`copy_of`), keeps its claims, and counts as one source
with the original everywhere. The index that finds it is in the database: a server that has
never seen the original finds it too."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from sqlalchemy import func, select

from app.db import repository
from app.db.models import Article, ArticleBand, ArticleSignature, Claim
from app.db.session import get_sessionmaker
from tests.robustness.conftest import add_key, bearer


def body_of(seed: str) -> str:
    return seed[seed.index("The Head of State") :]


def syndicated(seed: str) -> str:
    return (
        "Home | World | Business | Markets\nSubscribe to our newsletter\n\n"
        "Kazakh leader meets Putin in Sochi\n\nMay 16, 2018\n\n"
        + body_of(seed)
        + "\n\nRelated: Oil prices rise\nShare on Facebook | Twitter\n"
        "© 2018 Eurasia Daily. All rights reserved."
    )


def post_seed(client: httpx.Client, text: str, source: str, url: str) -> dict:  # type: ignore[type-arg]
    r = client.post(
        "/v1/articles",
        json={"text": text, "source": source, "url": url, "published_at": "2018-05-15"},
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def counts(url: str) -> tuple[int, int, int]:
    with get_sessionmaker(url)() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) or 0
            for m in (Article, ArticleSignature, ArticleBand)
        )


def stale_claim_sources(url: str) -> list[tuple[int, object, object]]:
    """The claims whose stored copy_of or source_key (what a series counts sources by on
    PostgreSQL) differ from what their articles say now: (claim id, stored, expected)."""
    out = []
    with get_sessionmaker(url)() as s:
        articles = {a.id: a for a in s.scalars(select(Article))}
        for c in s.scalars(select(Claim)):
            a = articles[c.article_id]
            if a.copy_of is not None:
                o = articles.get(a.copy_of)
                key = (o.source or o.url if o else None) or f"article:{a.copy_of}"
            else:
                key = a.source or a.url
            if (c.copy_of, c.source_key) != (a.copy_of, key):
                out.append((c.id, (c.copy_of, c.source_key), (a.copy_of, key)))
    return out


def test_a_syndicated_copy_is_linked_to_the_first_and_counts_once(
    client: httpx.Client, db_url: str, seed_text: str
) -> None:
    first = post_seed(client, seed_text, "kazakhstan2050", "https://kz2050.example/sochi")
    copy = post_seed(client, syndicated(seed_text), "eurasia-daily", "https://ed.example/a/1")
    assert first["copy_of"] is None
    assert copy["copy_of"] == first["id"] and copy["id"] != first["id"]
    assert len(copy["claims"]) == len(first["claims"]) >= 2  # the copy keeps its claims
    assert {c["copy_of"] for c in copy["claims"]} == {first["id"]}
    assert stale_claim_sources(db_url) == []

    # growth of 30% in 2017, said by Putin in both: two claims, one source
    s = client.get(
        "/v1/pairs/KAZ/RUS/series", params={"measure": "growth_pct", "unit": "percent"}
    ).json()
    (point,) = s["points"]
    assert (point["claims"], point["sources"]) == (2, 1)

    rows = list(csv.DictReader(io.StringIO(client.get("/v1/claims?format=csv").text)))
    marks = {r["article_id"]: r["copy_of"] for r in rows}
    assert marks == {str(first["id"]): "", str(copy["id"]): str(first["id"])}


def test_a_different_story_is_not_a_copy(client: httpx.Client, seed_text: str) -> None:
    post_seed(client, seed_text, "kazakhstan2050", "https://kz2050.example/sochi")
    other = (
        "Trade turnover between Kazakhstan and Uzbekistan reached $4.5 billion in 2023, the "
        "ministry of trade said on Tuesday, adding that the two countries plan to raise it to "
        "$10 billion by 2030 through new joint ventures in textiles, machinery and food "
        "processing, and a new logistics hub at the border crossing near Tashkent."
    )
    r = client.post("/v1/articles", json={"text": other, "source": "wire"})
    assert r.status_code == 201 and r.json()["copy_of"] is None


def test_the_index_is_in_the_database_not_in_a_process(
    make_client, db_url: str, seed_text: str
) -> None:  # type: ignore[no-untyped-def]
    """The original is stored through one server; a server started after it (a restart, or
    another worker process) finds it by its stored bands."""
    before = make_client()
    first = post_seed(before, seed_text, "kazakhstan2050", "https://kz2050.example/sochi")
    after = make_client()
    copy = post_seed(after, syndicated(seed_text), "eurasia-daily", "https://ed.example/a/1")
    assert copy["copy_of"] == first["id"]
    n_articles, n_signatures, n_bands = counts(db_url)
    assert (n_articles, n_signatures) == (2, 2)
    assert n_bands == 2 * 25  # 25 bands of 5 rows for the 0.5 threshold over 128 permutations


def test_a_copy_of_a_copy_links_to_the_original(client: httpx.Client, seed_text: str) -> None:
    first = post_seed(client, seed_text, "kazakhstan2050", "https://kz2050.example/sochi")
    copy = post_seed(client, syndicated(seed_text), "eurasia-daily", "https://ed.example/a/1")
    again = post_seed(
        client, syndicated(seed_text).replace("Eurasia Daily", "Steppe News"), "steppe", None
    )
    assert copy["copy_of"] == again["copy_of"] == first["id"]


def test_deleting_the_original_makes_its_first_copy_the_original(
    client: httpx.Client, db_url: str, seed_text: str
) -> None:
    first = post_seed(client, seed_text, "kazakhstan2050", "https://kz2050.example/sochi")
    copy = post_seed(client, syndicated(seed_text), "eurasia-daily", "https://ed.example/a/1")
    third = post_seed(
        client, syndicated(seed_text).replace("Eurasia Daily", "Steppe News"), "steppe", None
    )
    admin = bearer(add_key(db_url, "admin"))
    assert client.delete(f"/v1/articles/{first['id']}", headers=admin).status_code == 204
    assert client.get(f"/v1/articles/{copy['id']}").json()["copy_of"] is None
    assert client.get(f"/v1/articles/{third['id']}").json()["copy_of"] == copy["id"]
    assert counts(db_url) == (2, 2, 50)
    # the claims of the new original count under its own source, the third's under it
    assert stale_claim_sources(db_url) == []


def test_a_failed_ingest_leaves_no_signature_behind(
    inline_client: httpx.Client, db_url: str, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signature and bands are written in the article's transaction: when the write
    fails after them, none of the three is stored."""

    def broken(*args: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(repository, "add_pair_stats", broken)
    r = inline_client.post("/v1/articles", json={"text": seed_text})
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    assert counts(db_url) == (0, 0, 0)


def test_copies_index_links_articles_stored_before_detection(
    client: httpx.Client, db_url: str, seed_text: str
) -> None:
    """Articles stored before this feature have no signature: `python -m app copies index`
    signs them in id order, linking each copy to its earlier original."""
    import subprocess
    import sys

    from sqlalchemy import delete, update

    from tests.conftest import REPO

    first = post_seed(client, seed_text, "kazakhstan2050", "https://kz2050.example/sochi")
    copy = post_seed(client, syndicated(seed_text), "eurasia-daily", "https://ed.example/a/1")
    with get_sessionmaker(db_url)() as s, s.begin():  # as a database migrated from before
        s.execute(delete(ArticleBand))
        s.execute(delete(ArticleSignature))
        s.execute(update(Article).values(copy_of=None))
        # the claims as the migration left them: each under its own article's source
        repository.refresh_claim_sources(s, Claim.id.is_not(None))
    assert len(stale_claim_sources(db_url)) == 0
    with get_sessionmaker(db_url)() as s:
        assert {c.source_key for c in s.scalars(select(Claim))} == {
            "kazakhstan2050",
            "eurasia-daily",
        }
    out = subprocess.run(
        [sys.executable, "-m", "app", "--database-url", db_url, "copies", "index"],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "indexed 2 articles; 1 linked" in out.stdout
    assert client.get(f"/v1/articles/{copy['id']}").json()["copy_of"] == first["id"]
    assert counts(db_url) == (2, 2, 50)
    assert stale_claim_sources(db_url) == []
