"""The job queue under load (PostgreSQL): asynchronous ingestion, and re-extraction shared by
queue workers. Workers are `python -m app worker` processes, stopped by their own ids.

- async ingest: the ingestion benchmark's 5,000 posts (4,500 unique, 500 duplicates) from 16
  clients with `Prefer: respond-async`, against uvicorn with 2 workers and 2 queue workers
  on the same two cores: accepted articles/s, latency of the 202s, and the time until every
  job is done; then the same check as the synchronous run (each unique article once, with
  the claims its job extracted).
- re-extraction: 100,000 stored articles of article size (800-2,000 characters) at an older
  extractor version, `python -m app reextract --enqueue`, then 1 worker and then 2 workers,
  each for a bounded window: articles/s each (the whole store would take hours at those rates,
  so each run measures a window and the projection is stated beside it).
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path
from typing import Any

import psycopg

from benchmarks import corpus
from benchmarks.extraction import pct
from benchmarks.ingestion import _post_all, check_stored, plan
from benchmarks.service import REPO, fresh_database, libpq, migrate, running


class QueueWorkers:
    """`n` queue worker processes on `url`."""

    def __init__(self, url: str, n: int) -> None:
        self.url, self.n = url, n
        self.procs: list[subprocess.Popen[bytes]] = []
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-queue-{os.getpid()}.log"

    def __enter__(self) -> QueueWorkers:
        env = {**os.environ, "DATABASE_URL": self.url, "LOG_LEVEL": "WARNING"}
        with self.log.open("ab") as log:
            for _ in range(self.n):
                self.procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "app", "worker"],
                        cwd=REPO,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        return self

    def __exit__(self, *exc: object) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.kill(p.pid, signal.SIGKILL)
                p.wait(timeout=10)


def _job_counts(url: str) -> dict[str, int]:
    with psycopg.connect(libpq(url)) as conn:
        rows = conn.execute(
            "SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status"
        ).fetchall()
    return {status: n for status, n in rows}


def _wait_until_done(url: str, timeout: float) -> float | None:
    """Seconds until no job is queued or running (None if `timeout` passed first)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        counts = _job_counts(url)
        if not counts.get("todo") and not counts.get("doing"):
            return time.perf_counter() - started
        time.sleep(0.25)
    return None


def async_ingest(
    unique: list[corpus.CorpusArticle], duplicates: int, clients: int = 16, timeout: float = 900
) -> dict[str, Any]:
    url = fresh_database("bench_async")
    migrate(url)
    posts = plan(unique, duplicates)
    with running(url, workers=2) as server, QueueWorkers(url, 2):
        time.sleep(3.0)  # the queue workers' start-up (imports, tables) is not the queue's
        started = time.perf_counter()
        results, posting = asyncio.run(
            _post_all(server.url, posts, clients, headers={"Prefer": "respond-async"})
        )
        drained = _wait_until_done(url, timeout)
        total = time.perf_counter() - started
    jobs = _job_counts(url)
    statuses = dict(sorted(Counter(str(r["status"]) for r in results).items()))
    # what the synchronous run checks, with each article's claims as its job stored them
    with psycopg.connect(libpq(url)) as conn:
        counts = dict(
            conn.execute(
                "SELECT a.id, count(c.id) FROM articles a LEFT JOIN claims c "
                "ON c.article_id = a.id GROUP BY a.id"
            ).fetchall()
        )
        pending = conn.execute(
            "SELECT count(*) FROM articles WHERE extraction = 'pending'"
        ).fetchone()
    for r in results:
        if r.get("status") == 202:
            r["status"], r["claims"] = 201, counts.get(r.get("id"), -1)
            r["title"] = f"Benchmark {unique[r['unique']].id}"
    check = check_stored(url, unique, results)
    accepted = [r["s"] for r in results if r["status"] == 201]

    def ms(values: list[float]) -> dict[str, float]:
        return {f"p{q}": round(1000 * pct(values, q), 1) for q in (50, 95, 99)} | {
            "max": round(1000 * max(values), 1) if values else 0.0
        }

    return {
        "posts": len(posts),
        "unique": len(unique),
        "duplicates": duplicates,
        "clients": clients,
        "api_workers": 2,
        "queue_workers": 2,
        "posting_seconds": round(posting, 2),
        "accepted_articles_per_s": round(len(posts) / posting, 1),
        "latency_ms_202": ms(accepted),
        "latency_ms_duplicate": ms([r["s"] for r in results if r["status"] == 200]),
        "seconds_until_every_job_done": round(total, 1) if drained is not None else None,
        "articles_per_s_end_to_end": round(len(unique) / total, 1),
        "statuses": statuses,
        "jobs": jobs,
        "articles_still_pending": pending[0] if pending else None,
        "check": check,
    }


def _load_stale_articles(url: str, n: int) -> None:
    """n article-sized texts (the evaluation articles, each made unique by a closing line),
    stored as an older extractor left them: no claims, extractor_version 'bench-old'."""
    texts = [a.text for a in corpus.article_sized()]
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        with conn.cursor().copy(
            "COPY articles (id, text_hash, text, content_type, published_at, "
            "published_at_source, received_at, extractor_version, extraction, extracted_to) "
            "FROM STDIN"
        ) as copy:
            buf = io.StringIO()
            for i in range(1, n + 1):
                text = f"{texts[i % len(texts)]}\n\nBulletin {i}."
                esc = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                buf.write(
                    f"{i}\t{i:064x}\t{esc}\ttext\t2024-01-01 00:00:00+00\treceived\t"
                    f"2024-01-01 00:00:00+00\tbench-old\tcomplete\t{len(text)}\n"
                )
                if i % 5000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), %s)", (n,))
        conn.execute("VACUUM ANALYZE articles")


def _done(url: str) -> int:
    return _job_counts(url).get("succeeded", 0)


def reextraction(articles: int = 100_000, window_s: float = 60.0) -> dict[str, Any]:
    url = fresh_database("bench_reextract")
    migrate(url)
    t = time.perf_counter()
    _load_stale_articles(url, articles)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "--database-url", url, "reextract", "--enqueue"],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    enqueue_s = time.perf_counter() - t
    runs = []
    for n in (1, 2):
        with QueueWorkers(url, n):
            base = _done(url)
            deadline = time.monotonic() + 120
            while _done(url) < base + 2 * n and time.monotonic() < deadline:
                time.sleep(0.2)  # the workers' start-up is not the queue's throughput
            c0, t0 = _done(url), time.perf_counter()
            time.sleep(window_s)
            c1, t1 = _done(url), time.perf_counter()
        rate = (c1 - c0) / (t1 - t0)
        runs.append(
            {
                "workers": n,
                "articles": c1 - c0,
                "seconds": round(t1 - t0, 1),
                "articles_per_s": round(rate, 1),
                "hours_for_the_whole_store": round(articles / rate / 3600, 1) if rate else None,
            }
        )
    with psycopg.connect(libpq(url)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM (SELECT article_id FROM claims GROUP BY article_id, "
            "evidence_start, metric, measure, value HAVING count(*) > 1) d"
        ).fetchone()
    return {
        "articles": articles,
        "load_seconds": round(load_s, 1),
        "enqueue_seconds": round(enqueue_s, 1),
        "enqueued_per_s": round(articles / enqueue_s),
        "window_seconds": window_s,
        "runs": runs,
        "jobs_after": _job_counts(url),
        "doubled_claims": row[0] if row else None,
    }
