"""Times GET requests against a server until its standard input closes, then prints the
timings as JSON: `python -m tests.robustness.latency_probe BASE_URL PATH...`. A process of
its own, so that the timings are the server's and not those of a test process with a large
heap to collect or threads of its own to run."""

from __future__ import annotations

import json
import sys
import threading
import time

import httpx


def main() -> None:
    base, paths = sys.argv[1], sys.argv[2:]
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    timings: dict[str, list[tuple[float, float]]] = {path: [] for path in paths}
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=30) as c:
        for path in paths:  # connections made, queries planned
            c.get(path).raise_for_status()
        print("ready", flush=True)
        while not stop.is_set():
            for path in paths:
                t = time.perf_counter()
                c.get(path).raise_for_status()
                timings[path].append((t - started, time.perf_counter() - t))
            time.sleep(0.02)
    print(json.dumps(timings), flush=True)


if __name__ == "__main__":
    main()
