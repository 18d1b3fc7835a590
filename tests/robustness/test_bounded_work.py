"""Bounded work per request: while the largest article the service takes (2,000,000
characters of text, the most a body under MAX_BODY_BYTES may carry) is being extracted, the
health check and a claims read stay fast.

Extraction runs in a worker process, so it holds neither the server's event loop nor its GIL,
and it reads at most EXTRACT_MAX_CHARS characters of the text. The server here is a real
uvicorn in a process of its own (as deployed: `python -m uvicorn app.main:app`), and the big
post is sent by curl from another process, so nothing in this test's own process competes
with the requests it times."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
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
        text = (SENTENCE * (MAX_TEXT // len(SENTENCE) + 1))[:MAX_TEXT]
        body = tmp_path / "article.json"
        body.write_text(json.dumps({"text": text}), encoding="utf-8")
        assert body.stat().st_size <= 2 * 1024 * 1024

        for path in ("/healthz", "/v1/claims?limit=10"):  # connections and plans made
            assert c.get(path).status_code == 200
        answer: dict[str, Any] = {}

        def post() -> None:
            started = time.perf_counter()
            out = subprocess.run(
                [
                    *(curl, "-s", "-o", str(tmp_path / "answer.json"), "-w", "%{http_code}"),
                    *("-H", "Content-Type: application/json", "--data-binary", f"@{body}"),
                    f"{server}/v1/articles",
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            answer["status"], answer["seconds"] = out.stdout, time.perf_counter() - started

        poster = threading.Thread(target=post)
        poster.start()
        timings: dict[str, list[float]] = {"/healthz": [], "/v1/claims?limit=10": []}
        when: dict[str, list[float]] = {path: [] for path in timings}
        t0 = time.perf_counter()
        time.sleep(0.3)  # the body is on its way and parsed: the extraction has begun
        while poster.is_alive():
            for path, seen in timings.items():
                started = time.perf_counter()
                r = c.get(path)
                seen.append(time.perf_counter() - started)
                when[path].append(started - t0)
                assert r.status_code == 200, r.text
            time.sleep(0.02)
        poster.join(timeout=120)

    assert answer["status"] == "201", answer
    stored = json.loads((tmp_path / "answer.json").read_text(encoding="utf-8"))
    assert stored["text"] == text  # stored whole
    assert stored["extraction"] == "truncated"
    assert 99_000 < stored["extracted_to"] <= 100_000
    assert text[: stored["extracted_to"]].endswith("2017.")
    assert answer["seconds"] > 1  # long enough to have measured something
    for path, seen in timings.items():
        ms = sorted(1000 * s for s in seen)
        summary = (
            f"{path}: {len(ms)} requests during a {answer['seconds']:.1f} s post, median "
            f"{statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f}, max {ms[-1]:.1f}"
        )
        worst = max(range(len(seen)), key=seen.__getitem__)
        summary += f" (at {when[path][worst]:.2f} s)"
        print(summary)
        assert len(ms) >= 20, summary
        # measured 2-4 ms median, under 12 ms max; with extraction in the server's own
        # thread the same article gave a 7-13 ms median and 23-25 ms p95
        assert statistics.median(ms) < 10, summary
        assert ms[int(len(ms) * 0.95)] < 20, summary
        assert ms[-1] < 50, summary
