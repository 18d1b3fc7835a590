"""The job queue (procrastinate, on the service's own PostgreSQL): asynchronous posts and
re-extractions become jobs, and `python -m app worker` runs them, on any number of machines.

- A job is enqueued in the transaction that stores its article (`enqueue`, on the session's
  own connection), so an article is never stored without its job, nor a job left without its
  article.
- A job extracts its article under a row lock and replaces its claims (ingest.extract_stored):
  run twice, it writes the same claims once.
- A worker that dies mid-job (killed, out of memory, its machine gone) stops sending its
  heartbeat; every live worker looks for jobs of workers silent for QUEUE_STALLED_AFTER_SECONDS
  and hands them back to the queue (procrastinate's stalled-job retry), so no job is lost.
- An attempt that raises is retried up to MAX_ATTEMPTS times in all; why it failed is kept in
  `job_errors` for GET /v1/jobs/{id}.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from typing import Any

import procrastinate
from procrastinate import JobContext, PsycopgConnector, RetryStrategy
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import metrics
from app.config import Settings
from app.db import repository
from app.db.session import get_sessionmaker
from app.services.ingest import extract_stored

log = logging.getLogger("tradeclaims.queue")

QUEUE = "extract"
TASK = "extract_article"
MAX_ATTEMPTS = 3
# new articles go before a bulk re-extraction: a worker takes the highest priority first
PRIORITY_NEW, PRIORITY_REEXTRACT = 10, 0

# The connector given here is never opened: the API enqueues on its sessions' connections,
# and the worker opens one of its own (`run_worker`).
queue = procrastinate.App(connector=PsycopgConnector())


@queue.task(
    name=TASK,
    queue=QUEUE,
    pass_context=True,
    retry=RetryStrategy(max_attempts=MAX_ATTEMPTS, wait=2),
)
def extract_article(context: JobContext, article_id: int) -> str:
    """Extract (or re-extract) a stored article; 'extracted', or 'skipped' when it was
    current already or has been deleted."""
    ctx = context.additional_context
    job_id = context.job.id
    factory = get_sessionmaker(ctx["database_url"])
    try:
        with factory() as session, session.begin():
            claims = extract_stored(session, article_id, max_chars=ctx["max_chars"])
    except Exception as exc:
        metrics.JOBS.labels("failed").inc()
        detail = "".join(traceback.format_exception_only(exc)).strip()
        with factory() as session, session.begin():
            repository.record_job_error(session, job_id or 0, detail[:2000])
        raise
    outcome = "skipped" if claims is None else "extracted"
    metrics.JOBS.labels(outcome).inc()
    return outcome


def available(settings: Settings) -> bool:
    """The queue lives in PostgreSQL: on SQLite there is none, and posts are synchronous."""
    return make_url(settings.database_url).get_backend_name() == "postgresql"


def enqueue(session: Session, article_id: int, *, priority: int = PRIORITY_NEW) -> int:
    """Enqueue the extraction of an article in the session's transaction; the job's id."""
    connection = session.connection().connection.driver_connection
    return extract_article.configure(connection=connection, priority=priority).defer(
        article_id=article_id
    )


def enqueue_many(session: Session, article_ids: list[int], *, priority: int) -> list[int]:
    connection = session.connection().connection.driver_connection
    deferrer = extract_article.configure(connection=connection, priority=priority)
    kwargs: list[dict[str, Any]] = [{"article_id": i} for i in article_ids]
    return deferrer.batch_defer(*kwargs)


def libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _recover_stalled(app: procrastinate.App, stalled_after: float) -> None:
    """Hand the jobs of dead workers back to the queue, every few seconds. Several workers
    may find the same job; procrastinate retries it once and refuses the others."""
    while True:
        await asyncio.sleep(max(1.0, stalled_after / 3))
        try:
            stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after)
            for job in stalled:
                with contextlib.suppress(Exception):
                    await app.job_manager.retry_job(job)
                    log.warning("job %s of a stalled worker is queued again", job.id)
        except Exception:  # the database away for a moment: try again at the next round
            log.exception("could not look for stalled jobs")


def run_worker(settings: Settings, database_url: str, concurrency: int = 1) -> None:
    """Run a queue worker in the foreground until SIGINT or SIGTERM."""
    connector = PsycopgConnector(conninfo=libpq_url(database_url), min_size=1, max_size=4)
    stalled_after = settings.queue_stalled_after_seconds

    async def main() -> None:
        with queue.replace_connector(connector) as app:
            async with app.open_async():
                recovery = asyncio.create_task(_recover_stalled(app, stalled_after))
                try:
                    await app.run_worker_async(
                        queues=[QUEUE],
                        concurrency=concurrency,
                        update_heartbeat_interval=settings.queue_heartbeat_seconds,
                        stalled_worker_timeout=stalled_after,
                        additional_context={
                            "database_url": database_url,
                            "max_chars": settings.extract_max_chars,
                        },
                    )
                finally:
                    recovery.cancel()

    asyncio.run(main())


def depth_reader(database_url: str) -> Any:
    """For metrics.QueueDepth: the queue's jobs by state, from the database."""

    def read() -> dict[str, int]:
        with get_sessionmaker(database_url)() as session:
            return repository.job_counts(session)

    return read
