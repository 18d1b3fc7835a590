"""Bounded work per request: while the largest article the service takes (2,000,000
characters of text, the most a body under MAX_BODY_BYTES may carry) is being extracted, the
health check and a claims read stay fast.

Extraction runs in a worker process, so it holds neither the server's event loop nor its GIL,
and it reads at most EXTRACT_MAX_CHARS characters of the text. The server here is a real
uvicorn in a process of its own (as deployed: `python -m uvicorn app.main:app`), the big
post is sent by curl, and the requests are timed by tests/robustness/latency_probe.py: three
processes, so nothing in this test's own (large) process shows in the timings."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO, free_port

MAX_TEXT = 2_000_000  # ArticleIn.text's maxLength, in a body under the default 2 MiB
# The costliest text per character seen for extraction (about 30 us a character on the 2-core
# machine, three times ordinary prose) and few claims, so that what the post spends is the
# extraction itself, not the writing of hundreds of claims.
SENTENCE = "Trade between Kazakhstan and Russia grew 5% to $16 billion in 2017. "


@pytest.fixture
def server(db_url: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "ENVIRONMENT": "test",
        "SECRET_KEY": "test-secret",
        "AUTH_MODE": "off",
        "WRITE_RATE_PER_MINUTE": "0",
        "EXTRACT_WORKERS": "1",
        "EXTRACT_MAX_CHARS": "100000",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            *("--host", "127.0.0.1"),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


PATHS = ["/healthz", "/v1/claims?limit=10"]


def _post_while_timing(server: str, curl: str, body: Path, answer: Path) -> tuple[float, Any]:
    """Post `body` with curl while the probe times PATHS: (seconds the post took, timings)."""
    probe = subprocess.Popen(
        [sys.executable, "-m", "tests.robustness.latency_probe", server, *PATHS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert probe.stdout is not None and probe.stdout.readline().strip() == "ready"
        started = time.perf_counter()
        post = subprocess.run(
            [
                *(curl, "-s", "-o", str(answer), "-w", "%{http_code}"),
                *("-H", "Content-Type: application/json", "--data-binary", f"@{body}"),
                f"{server}/v1/articles",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        seconds = time.perf_counter() - started
        out, _ = probe.communicate(input="", timeout=60)
    finally:
        if probe.poll() is None:
            probe.kill()
            probe.wait(timeout=10)
    assert post.stdout == "201", post.stdout + post.stderr
    return seconds, json.loads(out)


def _judge(seconds: float, timings: Any) -> list[str]:
    """What was too slow, if anything, among the requests sent while the post was in flight
    (the probe started just before it)."""
    slow = []
    for path in PATHS:
        seen = [(at, took) for at, took in timings[path] if at <= seconds + 0.5]
        ms = sorted(1000 * took for _, took in seen)
        at_worst = max(seen, key=lambda s: s[1])[0]
        p95 = ms[int(len(ms) * 0.95)]
        summary = (
            f"{path}: {len(ms)} requests during a {seconds:.1f} s post, median "
            f"{statistics.median(ms):.1f} ms, p95 {p95:.1f}, max {ms[-1]:.1f} "
            f"(at {at_worst:.2f} s)"
        )
        print(summary)
        assert len(ms) >= 20, summary
        # measured (2 cores, one of them extracting): medians 2-4 ms for /healthz and 4-9 ms
        # for claims (PostgreSQL's backend shares the other core), p95 4-16 ms, max 8-28 ms.
        # The bar is 50 ms for every request, with a p95 well inside it.
        if p95 >= 25 or ms[-1] >= 50:
            slow.append(summary)
    return slow


def test_health_and_reads_stay_fast_while_a_maximal_article_is_extracted(
    server: str, tmp_path: Path
) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("no curl")
    with httpx.Client(base_url=server, timeout=30) as c:
        # a claim to read, and the extraction worker started and warm
        seeded = c.post("/v1/articles", json={"text": SENTENCE, "source": "seed"})
        assert seeded.status_code == 201, seeded.text
    failures = []
    # A second try only if the first was slow: a virtual machine's neighbours once made one
    # post take 15 s instead of 4 in the full suite. Extraction in the serving process (the
    # code before this test) is slow every time.
    for attempt in range(2):
        text = (f"Bulletin {attempt}. " + SENTENCE * (MAX_TEXT // len(SENTENCE) + 1))[:MAX_TEXT]
        body, answer = tmp_path / f"article{attempt}.json", tmp_path / f"answer{attempt}.json"
        body.write_text(json.dumps({"text": text}), encoding="utf-8")
        assert body.stat().st_size <= 2 * 1024 * 1024
        seconds, timings = _post_while_timing(server, curl, body, answer)

        stored = json.loads(answer.read_text(encoding="utf-8"))
        assert stored["text"] == text  # stored whole
        assert stored["extraction"] == "truncated"
        assert 99_000 < stored["extracted_to"] <= 100_000
        assert text[: stored["extracted_to"]].endswith("2017.")
        # long enough to have measured something: _judge wants 20 probe requests in it
        slow = _judge(seconds, timings)
        if not slow:
            return
        failures += slow
    pytest.fail("too slow in both tries:\n" + "\n".join(failures))
