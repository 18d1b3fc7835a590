"""Prometheus metrics (prometheus-client): what the service counts, and `/metrics`.

Requests by route template, method and status, with latency histograms, are counted by
prometheus-fastapi-instrumentator (app/main.py). This module holds the rest: articles
ingested and duplicates, claims extracted by metric, extraction seconds, and the queue's jobs
by outcome (counted where they happen), and the queue's depth by state (read from the
database at each scrape, so it is the whole queue's, whichever machines its workers run on).

Several processes: with PROMETHEUS_MULTIPROC_DIR set (the Docker image sets it), each
process (every uvicorn worker, and every queue worker on the same machine) writes its values
to files there, and a scrape of any of them adds them all up (prometheus-client's
multiprocess mode). The directory must be emptied before the processes start. Without it,
each process answers with its own counts only. Extraction worker processes (EXTRACT_WORKERS)
count nothing themselves: the serving process times the extraction it hands them."""

from __future__ import annotations

import os
from collections import Counter as Tally
from collections.abc import Iterable, Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator import metrics as http_metrics

# Requests: http_requests_total{handler,method,status} and http_request_duration_seconds
# {handler,method} (with sizes and an unlabelled fine-grained latency histogram). Built once
# per process, since their series are registered once; every app instance records into them.
HTTP = http_metrics.default(
    latency_lowr_buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
)
ARTICLES = Counter(
    "tradeclaims_articles_ingested_total",
    "Articles stored, by how they were posted (sync: extracted in the request; async: queued)",
    ["mode"],
)
DUPLICATES = Counter(
    "tradeclaims_duplicates_total", "Posts of an article already stored (answered as duplicate)"
)
CLAIMS = Counter(
    "tradeclaims_claims_extracted_total", "Claims extracted and stored, by metric", ["metric"]
)
EXTRACTION_SECONDS = Histogram(
    "tradeclaims_extraction_seconds",
    "Seconds to extract one article (request: in a post; job: in a queue worker)",
    ["where"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
JOBS = Counter(
    "tradeclaims_jobs_total",
    "Queue jobs run by this machine's workers, by outcome (extracted; skipped: the article "
    "was current or deleted; failed: an attempt raised)",
    ["outcome"],
)


def count_ingested(result: Any) -> None:
    """An IngestResult of app/services/ingest.py."""
    if not result.created:
        DUPLICATES.inc()
        return
    ARTICLES.labels("async" if result.job_id is not None else "sync").inc()
    count_claims(result.article.claims)


def count_claims(claims: Iterable[Any]) -> None:
    for metric, n in Tally(c.metric for c in claims).items():
        CLAIMS.labels(metric).inc(n)


class QueueDepth(Collector):
    """tradeclaims_queue_jobs{state}: the queue's jobs by state, read at scrape time."""

    def __init__(self, read: Any) -> None:
        self.read = read  # () -> {state: count}

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "tradeclaims_queue_jobs", "Jobs in the queue by state (all workers)", labels=["state"]
        )
        try:
            counts = self.read()
        except Exception:  # a scrape while the database is away still answers the rest
            counts = {}
        for state, n in sorted(counts.items()):
            family.add_metric([state], n)
        yield family


class _Process(Collector):
    """This process's default registry, for a scrape without multiprocess mode."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def exposition(queue_depth: Any | None) -> tuple[bytes, str]:
    """The body and content type of a scrape."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_Process())
    if queue_depth is not None:
        registry.register(QueueDepth(queue_depth))
    return generate_latest(registry), CONTENT_TYPE_LATEST
