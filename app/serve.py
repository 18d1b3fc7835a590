"""`python -m app serve`: the API in N uvicorn worker processes, each with its own listening
socket on the same port (SO_REUSEPORT), so that the kernel spreads connections over the
workers.

Why not `uvicorn --workers N`: its workers share one listening socket, and a connection goes
to whichever worker accepts it first. A worker accepts only once it has started (each loads the
extractor's tables first, a second or two), and then takes every connection waiting. Clients
that keep their connections open (ingestion bots, a pool of keep-alive clients) connect together
after a deploy or a restart, and the first worker to serve gets them all and keeps them: it
serves every request on one core while the others idle. Measured with the ingestion
benchmark's 16 keep-alive clients, 800 posts: one worker busy 13.4 s of CPU, the other 0 s,
39 posts/s; with a socket per worker 7.2 s and 7.2 s, 49 posts/s on the same two cores. The
kernel hands each new connection to one of the sockets by a hash of its addresses, at the
moment it connects, whether or not that worker has started: a worker still loading finds its
share waiting.

The supervisor restarts a worker that dies after it started serving, passes SIGTERM and SIGINT
on to every worker (each finishes its requests, as uvicorn does on shutdown) and exits when they
have. A worker that dies before it served (a broken configuration, an unreachable database at
start-up) ends the server instead of being restarted for ever. One worker runs in this
process, as `uvicorn` does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from types import FrameType

import uvicorn

logger = logging.getLogger("tradeclaims.serve")

APP = "app.main:app"
SHUTDOWN_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    proxy_headers: bool = False
    forwarded_allow_ips: str | None = None
    log_level: str = "info"
    access_log: bool = True


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to (host, port) and listening; with `reuse_port`, one of several
    that share the port, among which the kernel spreads new connections."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _config(options: Options) -> uvicorn.Config:
    extra = {}
    if options.forwarded_allow_ips is not None:
        extra["forwarded_allow_ips"] = options.forwarded_allow_ips
    return uvicorn.Config(
        APP,
        host=options.host,
        port=options.port,
        proxy_headers=options.proxy_headers,
        log_level=options.log_level,
        access_log=options.access_log,
        **extra,  # type: ignore[arg-type]
    )


class _Server(uvicorn.Server):
    """uvicorn's server, telling the supervisor when it has started serving."""

    def __init__(self, config: uvicorn.Config, ready: Event | None) -> None:
        super().__init__(config)
        self.ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.ready is not None and self.started:
            self.ready.set()


def serve_one(options: Options, reuse_port: bool, ready: Event | None = None) -> None:
    """One worker: its own socket on the shared port, served by uvicorn until a signal."""
    sock = listening_socket(options.host, options.port, reuse_port=reuse_port)
    _Server(_config(options), ready).run(sockets=[sock])


def _can_bind(options: Options) -> None:
    """Fail at once, with the reason, when the port cannot be shared (another program holds
    it without SO_REUSEPORT)."""
    try:
        listening_socket(options.host, options.port, reuse_port=True).close()
    except OSError as exc:
        raise SystemExit(f"cannot listen on {options.host}:{options.port}: {exc}") from exc


class Supervisor:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[tuple[BaseProcess, Event]] = []
        self.stopping = False
        self.failed = False

    def _start(self) -> tuple[BaseProcess, Event]:
        ready = self.context.Event()
        process = self.context.Process(
            target=serve_one, args=(self.options, True, ready), name="tradeclaims-api"
        )
        process.start()
        return process, ready

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping = True

    def run(self) -> int:
        _can_bind(self.options)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)
        self.workers = [self._start() for _ in range(self.options.workers)]
        logger.info(
            "serving on %s:%d with %d workers (pids %s)",
            self.options.host,
            self.options.port,
            len(self.workers),
            ", ".join(str(p.pid) for p, _ in self.workers),
        )
        while not self.stopping:
            time.sleep(0.2)
            self._replace_dead()
        self._stop_all()
        return 1 if self.failed else 0

    def _replace_dead(self) -> None:
        for i, (process, ready) in enumerate(self.workers):
            if process.is_alive() or self.stopping:
                continue
            _mark_dead(process.pid)
            if not ready.is_set():
                logger.error(
                    "worker %s ended before it served (exit code %s): stopping",
                    process.pid,
                    process.exitcode,
                )
                self.failed = True
                self.stopping = True
                return
            logger.warning(
                "worker %s ended (exit code %s): restarting", process.pid, process.exitcode
            )
            self.workers[i] = self._start()

    def _stop_all(self) -> None:
        for process, _ in self.workers:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + SHUTDOWN_TIMEOUT_S
        for process, _ in self.workers:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                logger.warning("worker %s did not stop in time: killed", process.pid)
                process.kill()
                process.join()
            _mark_dead(process.pid)


def _mark_dead(pid: int | None) -> None:
    """Prometheus multiprocess mode: a dead worker's live gauges no longer count."""
    if pid is not None and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


def serve(options: Options) -> int:
    logging.basicConfig(level=options.log_level.upper(), format="%(levelname)s:  %(message)s")
    if options.workers <= 1:
        serve_one(options, reuse_port=False)
        return 0
    return Supervisor(options).run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(serve(Options()))
