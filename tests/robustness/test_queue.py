"""The job queue on PostgreSQL: an asynchronous post is 202 and a real worker process
extracts it; a worker killed mid-job loses no job and doubles no claim; on SQLite the
preference is ignored. Workers run as `python -m app worker`, stopped by their process id."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select, update

from app.db.models import Article, Claim, PairStat
from app.db.session import get_sessionmaker
from app.extract import EXTRACTOR_VERSION
from app.services import queue
from app.services.ingest import ArticleInput, extract_stored, store_deferred
from tests.conftest import REPO, LiveServer, free_port, settings_for

TEXT = "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022."
ASYNC = {"Prefer": "respond-async"}


class Worker:
    """`python -m app worker` in a process of its own."""

    def __init__(self, url: str, **env: str) -> None:
        self.metrics_port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "--database-url",
                url,
                "worker",
                "--metrics-port",
                str(self.metrics_port),
            ],
            cwd=REPO,
            env={
                **os.environ,
                "LOG_LEVEL": "WARNING",
                "QUEUE_HEARTBEAT_SECONDS": "0.5",
                "QUEUE_STALLED_AFTER_SECONDS": "2",
                **env,
            },
        )

    def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        text = httpx.get(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5).text
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text)
            for s in family.samples
        }

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def pg_server(pg_url: str) -> Iterator[httpx.Client]:
    with (
        LiveServer(settings_for(pg_url, extract_workers=0)) as server,
        httpx.Client(base_url=server.base_url, timeout=60) as c,
    ):
        yield c


def wait_for_job(c: httpx.Client, location: str, state: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job = c.get(location).json()
        if job["state"] == state:
            return job  # type: ignore[no-any-return]
        if time.monotonic() > deadline:
            pytest.fail(f"job still {job['state']} after {timeout} s, not {state}: {job}")
        time.sleep(0.1)


def test_prefer_respond_async_is_honoured_on_postgres_and_ignored_on_sqlite(
    client: httpx.Client, db_url: str
) -> None:
    r = client.post("/v1/articles", json={"text": TEXT}, headers=ASYNC)
    if not db_url.startswith("postgresql"):
        assert r.status_code == 201 and "preference-applied" not in r.headers
        assert r.json()["claims"]
        return
    assert r.status_code == 202, r.text
    assert r.headers["preference-applied"] == "respond-async"
    job = r.json()
    assert r.headers["location"] == f"/v1/jobs/{job['id']}"
    assert (job["state"], job["attempts"], job["article"]) == ("queued", 0, None)
    assert client.get(r.headers["location"]).json()["state"] == "queued"
    stored = client.get(f"/v1/articles/{job['article_id']}").json()
    assert (stored["extraction"], stored["claims"], stored["extracted_to"]) == ("pending", [], 0)
    # posted again: the article is stored already, and that is the answer
    again = client.post("/v1/articles", json={"text": TEXT}, headers=ASYNC)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["id"] == job["article_id"]


def test_a_worker_extracts_what_was_posted_async(pg_server: httpx.Client, pg_url: str) -> None:
    r = pg_server.post("/v1/articles", json={"text": TEXT}, headers=ASYNC)
    assert r.status_code == 202, r.text
    batch = pg_server.post(
        "/v1/articles/batch",
        json=[{"text": TEXT}, {"text": TEXT.replace("26", "27").replace("2022", "2023")}, {}],
        headers=ASYNC,
    )
    assert batch.status_code == 202 and batch.headers["preference-applied"] == "respond-async"
    items = batch.json()["items"]
    assert [i["status"] for i in items] == ["duplicate", "accepted", "error"]
    worker = Worker(pg_url)
    try:
        done = wait_for_job(pg_server, r.headers["location"], "succeeded")
        other = wait_for_job(pg_server, f"/v1/jobs/{items[1]['job_id']}", "succeeded")
        jobs_run = worker.metrics()
    finally:
        worker.stop()
    assert worker.proc.returncode == 0  # SIGTERM stops it cleanly
    article = done["article"]
    assert article["extraction"] == "complete" and article["extractor_version"] == EXTRACTOR_VERSION
    assert [(c["pair"], c["value"]) for c in article["claims"]] == [(["KAZ", "RUS"], 26e9)]
    assert [c["value"] for c in other["article"]["claims"]] == [27e9]
    assert jobs_run[("tradeclaims_jobs_total", (("outcome", "extracted"),))] == 2
    pairs = pg_server.get("/v1/pairs").json()
    assert [(p["pair"], p["claims"]) for p in pairs] == [(["KAZ", "RUS"], 2)]


def test_a_worker_killed_mid_job_loses_no_job_and_doubles_no_claim(
    pg_server: httpx.Client, pg_url: str
) -> None:
    # long enough that extracting it takes seconds (about 400,000 characters, under a budget
    # raised for it), so the kill lands while the first worker is extracting it
    long_text = " ".join(
        f"Trade between Kazakhstan and Russia grew {i % 90 + 1}% to ${i} billion in 2017."
        for i in range(1, 6000)
    )
    env = {"EXTRACT_MAX_CHARS": str(len(long_text) + 1)}
    r = pg_server.post("/v1/articles", json={"text": long_text}, headers=ASYNC)
    assert r.status_code == 202, r.text
    location, article_id = r.headers["location"], r.json()["article_id"]
    first = Worker(pg_url, **env)
    second = None
    try:
        wait_for_job(pg_server, location, "running", timeout=60)
        time.sleep(0.5)  # inside the extraction, not its first query
        second = Worker(pg_url, **env)
        first.kill()
        assert pg_server.get(location).json()["state"] == "running"  # the queue does not know yet
        done = wait_for_job(pg_server, location, "succeeded", timeout=120)
    finally:
        first.stop()
        if second is not None:
            second.stop()
    assert done["attempts"] >= 1  # the killed attempt, then the one that finished
    claims = done["article"]["claims"]
    assert len(claims) > 500
    with get_sessionmaker(pg_url)() as s:
        stored = s.scalars(select(Claim).where(Claim.article_id == article_id)).all()
        counted = s.scalar(select(func.sum(PairStat.claims)))
    distinct = {(c.evidence_start, c.metric, c.measure, c.value) for c in stored}
    assert len(stored) == len(distinct) == len(claims) == counted


def test_a_job_run_twice_replaces_its_claims_and_never_adds_to_them(pg_url: str) -> None:
    """What makes a retried (or doubly enqueued) job safe: the write is per article and
    extractor version, under the article's row lock."""
    factory = get_sessionmaker(pg_url)
    item = ArticleInput(text=TEXT, html=None, url=None, title=None, source=None, published_at=None)
    with factory() as s:
        result = store_deferred(s, item, queue.enqueue)
    assert result.job_id is not None

    def run() -> int | None:
        with factory() as s, s.begin():
            return extract_stored(s, result.article.id, max_chars=None)

    def claims() -> int:
        with factory() as s:
            return s.scalar(select(func.count()).select_from(Claim)) or 0

    assert run() == 1 and claims() == 1
    assert run() is None and claims() == 1  # current: nothing to do
    with factory() as s, s.begin():  # as an older extractor would have left it
        s.execute(update(Article).values(extractor_version="0.0.1"))
    assert run() == 1 and claims() == 1  # replaced, not added to
    with factory() as s:
        assert s.scalar(select(PairStat.claims)) == 1
        article = s.get(Article, result.article.id)
        assert article is not None and article.published_at_source == "received"
