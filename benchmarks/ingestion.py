"""Ingestion through the real service: uvicorn with two workers on PostgreSQL, 16 concurrent
httpx clients posting articles to `POST /v1/articles`, a tenth of them duplicates; then a check
in the database that every unique article is stored exactly once with its claims."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from typing import Any

import httpx
import psycopg

from benchmarks.corpus import CorpusArticle
from benchmarks.extraction import pct
from benchmarks.service import fresh_database, libpq, migrate, running


def plan(unique: list[CorpusArticle], duplicates: int, seed: int = 7) -> list[tuple[int, dict]]:
    """The posts in order: (index of the unique article, body). Each duplicate comes after its
    original, half of them within 16 posts of it so that they race it, half later; half repeat
    the URL with tracking parameters, half come from another site with the same text."""
    rng = random.Random(seed)
    posts: list[tuple[int, dict]] = []
    for i, a in enumerate(unique):
        body: dict[str, Any] = {
            "text": a.text,
            "url": f"https://news.example.org/bench/{a.id}",
            "source": "news.example.org",
            "title": f"Benchmark {a.id}",
        }
        if a.published_at:
            body["published_at"] = a.published_at + "T08:00:00Z"
        posts.append((i, body))
    originals_body = [b for _, b in posts]
    originals = rng.sample(range(len(unique)), duplicates)
    for n, i in enumerate(originals):
        body = dict(originals_body[i])
        if n % 2:
            body["url"] = body["url"] + "?utm_source=feed&utm_medium=rss"
        else:
            body["url"] = f"https://mirror.example.net/story/{unique[i].id}"
            body["source"] = "mirror.example.net"
        where = next(k for k, (j, _) in enumerate(posts) if j == i)
        at = where + rng.randint(1, 16) if n % 4 < 2 else rng.randint(where + 1, len(posts))
        posts.insert(min(at, len(posts)), (i, body))
    return posts


async def _post_all(
    base: str, posts: list[tuple[int, dict]], clients: int, headers: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], float]:
    results: list[dict[str, Any]] = [{} for _ in posts]
    next_index = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    started = time.perf_counter()

    async def client() -> None:
        nonlocal next_index
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            while next_index < len(posts):
                k = next_index
                next_index += 1
                i, body = posts[k]
                t = time.perf_counter()
                offset = t - started
                try:
                    r = await http.post("/v1/articles", json=body, headers=headers)
                    elapsed = time.perf_counter() - t
                    data = (
                        r.json()
                        if r.headers.get("content-type", "").startswith("application/json")
                        else {}
                    )
                    results[k] = {
                        "unique": i,
                        "status": r.status_code,
                        "s": elapsed,
                        "at": offset,
                        "id": data.get("article_id", data.get("id")),
                        "title": data.get("title"),
                        "claims": len(data.get("claims") or []),
                    }
                except httpx.HTTPError as exc:
                    results[k] = {
                        "unique": i,
                        "status": 0,
                        "s": time.perf_counter() - t,
                        "error": repr(exc),
                    }

    await asyncio.gather(*(client() for _ in range(clients)))
    return results, time.perf_counter() - started


def check_stored(
    url: str, unique: list[CorpusArticle], results: list[dict[str, Any]]
) -> dict[str, Any]:
    """Every unique article once, with the claims its 201 reported; every duplicate answered
    with the stored article's id."""
    from app.services.ingest import text_fingerprint

    by_unique: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        by_unique[r["unique"]].append(r)
    problems: list[str] = []
    expected_claims: dict[int, int] = {}
    for i, rs in by_unique.items():
        created = [r for r in rs if r["status"] == 201]
        if len(created) != 1:
            problems.append(f"{unique[i].id}: {len(created)} posts answered 201")
            continue
        if {r.get("id") for r in rs} != {created[0]["id"]}:
            problems.append(f"{unique[i].id}: duplicates answered another article id")
        if any(r.get("title") != f"Benchmark {unique[i].id}" for r in rs):
            problems.append(f"{unique[i].id}: answered with another article's record")
        if any(r["status"] not in (200, 201) for r in rs):
            problems.append(f"{unique[i].id}: statuses {[r['status'] for r in rs]}")
        expected_claims[created[0]["id"]] = created[0]["claims"]
    with psycopg.connect(libpq(url)) as conn:
        stored = conn.execute(
            "SELECT a.id, a.text_hash, count(c.id) FROM articles a "
            "LEFT JOIN claims c ON c.article_id = a.id GROUP BY a.id"
        ).fetchall()
        orphans = conn.execute(
            "SELECT count(*) FROM claims c WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.id = c.article_id)"
        ).fetchone()
    hashes = Counter(h for _, h, _ in stored)
    wanted = {text_fingerprint(a.text) for a in unique}
    missing = wanted - set(hashes)
    extra = set(hashes) - wanted
    twice = [h for h, n in hashes.items() if n > 1]
    wrong_claims = [aid for aid, _, n in stored if expected_claims.get(aid, -1) != n]
    if missing:
        problems.append(f"{len(missing)} unique articles not stored")
    if extra:
        problems.append(f"{len(extra)} stored articles that were never posted")
    if twice:
        problems.append(f"{len(twice)} articles stored more than once")
    if wrong_claims:
        problems.append(f"{len(wrong_claims)} articles whose stored claims differ from the 201")
    if orphans and orphans[0]:
        problems.append(f"{orphans[0]} claims without an article")
    return {
        "ok": not problems,
        "articles_stored": len(stored),
        "unique_posted": len(unique),
        "claims_stored": sum(n for _, _, n in stored),
        "problems": problems[:20],
    }


def run(unique: list[CorpusArticle], duplicates: int, clients: int = 16) -> dict[str, Any]:
    url = fresh_database("bench_ingest")
    migrate(url)
    posts = plan(unique, duplicates)
    with running(url, workers=2) as server:
        mem_before = server.worker_memory()
        results, elapsed = asyncio.run(_post_all(server.url, posts, clients))
        mem_after = server.worker_memory()
    check = check_stored(url, unique, results)
    lat = [r["s"] for r in results]
    statuses = Counter(r["status"] for r in results)

    def ms(values: list[float]) -> dict[str, float]:
        return {f"p{q}": round(1000 * pct(values, q), 1) for q in (50, 95, 99)} | {
            "max": round(1000 * max(values), 1) if values else 0.0
        }

    return {
        "posts": len(posts),
        "unique": len(unique),
        "duplicates": duplicates,
        "clients": clients,
        "workers": 2,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(len(posts) / elapsed, 1),
        "mb_per_s": round(sum(len(b["text"].encode()) for _, b in posts) / 1e6 / elapsed, 3),
        "latency_ms": ms(lat),
        "latency_ms_created": ms([r["s"] for r in results if r["status"] == 201]),
        "latency_ms_duplicate": ms([r["s"] for r in results if r["status"] == 200]),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": [r["error"] for r in results if "error" in r][:5],
        "worker_memory_before": mem_before,
        "worker_memory_after": mem_after,
        "check": check,
    }
