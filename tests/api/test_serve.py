"""`python -m app serve`: N worker processes, a socket each on one port. Keep-alive clients
spread over the workers, a worker that dies is replaced, SIGTERM stops them all, and a port
that cannot be shared ends the server with a clear message."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.db.migrate import upgrade
from benchmarks.service import child_pids
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not hasattr(socket, "SO_REUSEPORT"), reason="SO_REUSEPORT is Linux and BSD only"
)


def _established_inodes(port: int) -> set[str]:
    """The socket inodes of the server's ends of established TCP connections to `port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(target[8:-1])
    return out


@contextmanager
def _serve(
    tmp_path: Path, port: int, workers: int = 2, *, all_ready: bool = True
) -> Iterator[subprocess.Popen[bytes]]:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ENVIRONMENT": "test",
        "SECRET_KEY": "test-secret",
        "EXTRACT_WORKERS": "0",
    }
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--workers", str(workers), "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(proc, port, workers, all_ready=all_ready)
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                for pid in child_pids(proc.pid):
                    os.kill(pid, signal.SIGKILL)
                proc.kill()
        log.close()


def _wait_ready(
    proc: subprocess.Popen[bytes], port: int, workers: int, *, all_ready: bool = True
) -> None:
    """Until the first worker answers; with `all_ready`, a second more, for the others (each
    loads the extractor's tables before it serves: a second or two)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        if len(child_pids(proc.pid)) == workers:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    if all_ready:
                        time.sleep(2.0)
                    return
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    raise AssertionError("the server did not become ready")


def _burst(port: int, n: int) -> list[socket.socket]:
    """`n` connections opened at once, as a pool of keep-alive clients opens them, each then
    asked for /healthz and kept open."""
    conns = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(n)]
    for c in conns:
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    for c in conns:
        assert c.recv(65536).startswith(b"HTTP/1.1 200")
    return conns


def test_keep_alive_connections_spread_over_the_workers(tmp_path: Path) -> None:
    """Connections opened at once as soon as the server first answers (a pool of bots after a
    deploy) are spread over the workers, even over one still loading its tables."""
    port = free_port()
    with _serve(tmp_path, port, all_ready=False) as proc:
        workers = child_pids(proc.pid)
        conns = _burst(port, 16)
        try:
            established = _established_inodes(port)
            held = {pid: len(_socket_inodes(pid) & established) for pid in workers}
        finally:
            for c in conns:
                c.close()
    assert sum(held.values()) == 16
    # each connection goes to a worker's socket by a hash of its addresses: that one worker
    # holds all 16 has odds of 2 in 65,536. On uvicorn's one shared socket the worker that is
    # serving first accepts every connection waiting, and keeps it for good.
    assert all(n > 0 for n in held.values()), held


def test_a_dead_worker_is_replaced_and_sigterm_stops_them_all(tmp_path: Path) -> None:
    port = free_port()
    with _serve(tmp_path, port) as proc:
        first = child_pids(proc.pid)
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = child_pids(proc.pid)
            if len(now) == 2 and first[0] not in now:
                break
            time.sleep(0.2)
        now = child_pids(proc.pid)
        assert len(now) == 2 and first[0] not in now and first[1] in now
        _wait_ready(proc, port, 2)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert all(not Path(f"/proc/{pid}").exists() for pid in now)


def test_a_port_that_cannot_be_shared_ends_the_server(tmp_path: Path) -> None:
    port = free_port()
    holder = socket.socket()
    holder.bind(("127.0.0.1", port))
    holder.listen()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", "serve", "--workers", "2", "--port", str(port)],
            cwd=REPO,
            env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
            capture_output=True,
            timeout=60,
        )
    finally:
        holder.close()
    assert done.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr.decode()
