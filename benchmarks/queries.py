"""Query latency at a million claims: bounded runs of each read endpoint against uvicorn with
two workers, the 100,000-row CSV export with the workers' memory watched, and an EXPLAIN
(ANALYZE, BUFFERS) of the exact SQL each endpoint sends (captured from the app in-process)."""

from __future__ import annotations

import random
import re
import threading
import time
import warnings
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
from sqlalchemy import Engine, event

from benchmarks.extraction import pct
from benchmarks.loader import HUB, METRICS, YEARS
from benchmarks.service import BENCH_SECRET, Server, libpq

Sample = dict[str, Any]  # path, params, and what it stands for


def _weighted_pairs(
    pairs: list[tuple[str, str, int]], n: int, rng: random.Random, min_claims: int = 0
) -> list[tuple[str, str, int]]:
    """Pairs drawn in proportion to their claims: users ask about busy pairs more often."""
    pool = [p for p in pairs if p[2] >= min_claims]
    return rng.choices(pool, weights=[p[2] for p in pool], k=n)


def _metric(rng: random.Random) -> str:
    return rng.choices([m for m, _ in METRICS], weights=[w for _, w in METRICS])[0]


def build_samples(
    url: str, pairs: list[tuple[str, str, int]], n: int, seed: int = 5
) -> tuple[dict[str, list[Sample]], dict[str, int]]:
    """Requests of each kind, and how many deep-page cursors the service's own
    `decode_cursor` refused when they were made (each replaced by the next position)."""
    from app.api.deps import decode_cursor, encode_cursor
    from app.api.errors import Problem
    from app.config import Settings

    rng = random.Random(seed)
    settings = Settings(secret_key=BENCH_SECRET)
    out: dict[str, list[Sample]] = {
        k: []
        for k in (
            "claims_first_page",
            "claims_deep_page",
            "series_period",
            "series_stated",
            "series_as_of",
            "pairs",
        )
    }
    for a, b, size in _weighted_pairs(pairs, n, rng):
        out["claims_first_page"].append(
            {
                "path": "/v1/claims",
                "pair_claims": size,
                "params": {"country": a, "partner": b, "metric": _metric(rng)},
            }
        )
    tried_cursors = rejected_cursors = 0
    with psycopg.connect(libpq(url)) as conn:
        for a, b, size in _weighted_pairs(pairs, n, rng, min_claims=1000):
            metric = _metric(rng)
            row = conn.execute(
                "SELECT count(*) FROM claims WHERE pair_a = %s AND pair_b = %s AND metric = %s",
                (a, b, metric),
            ).fetchone()
            total = row[0] if row else 0
            offset = int(total * 0.8)
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM claims WHERE pair_a = %s AND pair_b = %s AND metric = %s "
                    "ORDER BY id OFFSET %s LIMIT 5",
                    (a, b, metric, offset),
                )
            ]
            for after in ids:
                cursor = encode_cursor(settings, "claims", after)
                try:
                    decode_cursor(settings, "claims", cursor)
                except Problem:
                    # the service refuses some cursors it issued itself: counted, and the
                    # next position taken so the sample still measures a deep page
                    rejected_cursors += 1
                    continue
                out["claims_deep_page"].append(
                    {
                        "path": "/v1/claims",
                        "depth": offset,
                        "pair_claims": size,
                        "params": {"country": a, "partner": b, "metric": metric, "cursor": cursor},
                    }
                )
                break
            tried_cursors += 1
    first, last = date(YEARS[0], 1, 1), date(YEARS[1], 12, 31)
    for kind in ("series_period", "series_stated", "series_as_of"):
        for a, b, size in _weighted_pairs(pairs, n, rng):
            params: dict[str, str] = {"metric": _metric(rng)}
            if kind == "series_stated":
                params["axis"] = "stated"
            if kind == "series_as_of":
                params["as_of"] = (
                    first + timedelta(days=rng.randrange((last - first).days))
                ).isoformat()
            # either order of the pair: the service sorts it
            x, y = (a, b) if rng.random() < 0.5 else (b, a)
            out[kind].append(
                {"path": f"/v1/pairs/{x}/{y}/series", "pair_claims": size, "params": params}
            )
    out["pairs"] = [{"path": "/v1/pairs", "params": {}} for _ in range(n)]
    cursor_check = {"deep_page_samples": tried_cursors, "issued_cursors_refused": rejected_cursors}
    return out, cursor_check


def measure(base: str, samples: list[Sample], time_cap_s: float) -> dict[str, Any]:
    lat: list[float] = []
    sizes: list[int] = []
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=120) as http:
        for s in samples[:3]:  # warm both workers' caches and connections; not counted
            http.get(s["path"], params=s["params"])
        for s in samples:
            if lat and time.perf_counter() - started > time_cap_s:
                break
            t = time.perf_counter()
            r = http.get(s["path"], params=s["params"])
            lat.append(time.perf_counter() - t)
            sizes.append(len(r.content))
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    return {
        "requests": len(lat),
        "planned": len(samples),
        "p50_ms": round(1000 * pct(lat, 50), 1),
        "p95_ms": round(1000 * pct(lat, 95), 1),
        "p99_ms": round(1000 * pct(lat, 99), 1),
        "max_ms": round(1000 * max(lat), 1),
        "mean_kb": round(sum(sizes) / len(sizes) / 1024, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def csv_export(server: Server, params: dict[str, str]) -> dict[str, Any]:
    """Stream the export to its end while a thread samples the workers' memory."""
    samples: list[float] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            samples.append(max((w["rss_mb"] for w in server.worker_memory()), default=0.0))
            time.sleep(0.1)

    before = server.worker_memory()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    rows = -1  # the header line
    size = 0
    first_byte = None
    t = time.perf_counter()
    with (
        httpx.Client(base_url=server.url, timeout=300) as http,
        http.stream("GET", "/v1/claims", params=params) as r,
    ):
        status = r.status_code
        for chunk in r.iter_bytes():
            if first_byte is None:
                first_byte = time.perf_counter() - t
            size += len(chunk)
            rows += chunk.count(b"\n")  # a CRLF may straddle two chunks; LF alone cannot
    elapsed = time.perf_counter() - t
    done.set()
    watcher.join()
    return {
        "status": status,
        "rows": rows,
        "mb": round(size / 1e6, 1),
        "seconds": round(elapsed, 2),
        "rows_per_s": round(rows / elapsed),
        "first_byte_ms": round(1000 * (first_byte or 0), 1),
        "worker_rss_mb_before": max((w["rss_mb"] for w in before), default=0.0),
        "worker_rss_mb_max_during": max(samples, default=0.0),
    }


# -- EXPLAIN ----------------------------------------------------------------------------------
_SCAN = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan|Bitmap Heap Scan)"
    r"(?: Backward)?(?: using (\w+))? on (\w+)"
)


def _capture(fn: Callable[[], Any]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "claims" in statement and not statement.lstrip().upper().startswith("EXPLAIN"):
            seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(Engine, "before_cursor_execute", listener)
    return seen


def _explain(url: str, statement: str, params: Any) -> dict[str, Any]:
    with psycopg.connect(libpq(url)) as conn:
        rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params).fetchall()
    plan = [r[0] for r in rows]
    scans = []
    for line in plan:
        m = _SCAN.search(line)
        if m:
            scans.append(
                f"{m.group(1)}{' using ' + m.group(2) if m.group(2) else ''} on {m.group(3)}"
            )
    exec_ms = next(
        (float(x) for line in plan for x in re.findall(r"Execution Time: ([\d.]+) ms", line)), None
    )
    return {"sql": statement, "plan": plan, "scans": scans, "execution_ms": exec_ms}


def explain_all(url: str, samples: dict[str, list[Sample]]) -> dict[str, list[dict[str, Any]]]:
    """Run one request of each kind through the app in-process, capture the SQL it sends on
    `claims`, and EXPLAIN ANALYZE each statement with its parameters."""
    from app.config import Settings
    from app.db import repository
    from app.db.session import get_sessionmaker
    from app.main import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

        app = create_app(
            Settings(
                database_url=url,
                secret_key=BENCH_SECRET,
                auth_mode="off",
                write_rate_per_minute=0,
                log_level="WARNING",
            )
        )
        out: dict[str, list[dict[str, Any]]] = {}
        with TestClient(app) as client:
            for kind, items in samples.items():
                if not items:
                    continue
                # the busiest pair among the samples: the plan that matters is the heavy one
                busiest = max(items, key=lambda s: int(s.get("pair_claims", 0)))

                def one(s: Sample = busiest) -> None:
                    client.get(s["path"], params=s["params"])

                statements = _capture(one)
                out[kind] = [_explain(url, st, p) for st, p in statements]

    def export_batches() -> None:
        with get_sessionmaker(url)() as session:
            f = repository.ClaimFilters(country=HUB)
            # the first two batches, as the CSV export reads them
            rows = repository.iter_claim_values(session, f)
            for _ in range(5001):
                if next(rows, None) is None:
                    break

    out["csv_export_batch"] = [_explain(url, st, p) for st, p in _capture(export_batches)]
    return out
