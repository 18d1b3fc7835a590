"""The pieces around the service under test: a fresh database on the throwaway PostgreSQL
that `scripts/with-postgres.sh` started, uvicorn with two workers as a subprocess (stopped by
its own process id), worker memory read from /proc, and the facts of the machine."""

from __future__ import annotations

import os
import platform
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
BENCH_SECRET = "bench-only-secret-not-for-production"


def base_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        raise SystemExit(
            "TEST_POSTGRES_URL is not set: run `make bench`, which starts a "
            "throwaway PostgreSQL (scripts/with-postgres.sh) and sets it"
        )
    return url


def libpq(url: str) -> str:
    """psycopg's form of a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def fresh_database(name: str) -> str:
    """Drop and create database `name` on the bench server; its SQLAlchemy URL."""
    server = base_url()
    with psycopg.connect(libpq(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def migrate(url: str) -> None:
    """`alembic upgrade head`, the same command `make run` uses."""
    subprocess.run(
        [str(Path(sys.executable).parent / "alembic"), "upgrade", "head"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def child_pids(pid: int) -> list[int]:
    """The serving workers of the supervisor `pid`: its children, but multiprocessing's
    resource tracker, which serves nothing (also read by tests/api/test_serve.py)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # the command name may hold spaces; the fields after its closing parenthesis do not
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and b"resource_tracker" not in cmdline:
            out.append(int(entry.name))
    return sorted(out)


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """uvicorn with `workers` workers on 127.0.0.1, started and stopped by this object."""

    def __init__(self, database_url: str, workers: int = 2) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-uvicorn-{self.port}.log"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "AUTH_MODE": "off",
            "WRITE_RATE_PER_MINUTE": "0",
            "SECRET_KEY": BENCH_SECRET,
            "LOG_LEVEL": "WARNING",
            "ENVIRONMENT": "local",
        }
        # the service's own launcher (app/serve.py): a socket per worker, so the benchmark's
        # keep-alive clients spread over the workers as they would in production
        cmd = [
            sys.executable,
            "-m",
            "app",
            "serve",
            "--workers",
            str(self.workers),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {self.log.read_text()[-2000:]}")
            try:
                if (
                    httpx.get(self.url + "/readyz", timeout=2).status_code == 200
                    and len(self.worker_pids()) >= self.workers
                ):
                    # every worker has to be up, not just the first one to answer
                    time.sleep(1.0)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("uvicorn did not become ready in 60 s")

    def worker_pids(self) -> list[int]:
        """The serving processes: multiprocessing's own helper (its resource tracker) is not one."""
        return [] if self.proc is None else child_pids(self.proc.pid)

    def worker_memory(self) -> list[dict[str, float]]:
        """Each worker's resident memory now and its peak (VmHWM), in MB."""
        return [
            {
                "pid": pid,
                "rss_mb": round(_status_kb(pid, "VmRSS") / 1024, 1),
                "peak_rss_mb": round(_status_kb(pid, "VmHWM") / 1024, 1),
            }
            for pid in self.worker_pids()
        ]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
            self.log.unlink(missing_ok=True)  # kept only when the server had to be killed
        except subprocess.TimeoutExpired:
            for pid in self.worker_pids():
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextmanager
def running(database_url: str, workers: int = 2) -> Iterator[Server]:
    server = Server(database_url, workers)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def machine_facts() -> dict[str, Any]:
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    facts: dict[str, Any] = {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": {},
    }
    for pkg in ("quantulum3", "fastapi", "uvicorn", "sqlalchemy", "psycopg", "pydantic", "httpx"):
        try:
            facts["packages"][pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            facts["packages"][pkg] = None
    try:
        with psycopg.connect(libpq(base_url())) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            facts["postgresql"] = row[0] if row else None
            settings = conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN ('shared_buffers', "
                "'work_mem', 'fsync', 'synchronous_commit', 'max_connections')"
            ).fetchall()
            facts["postgresql_settings"] = dict(settings)
    except (SystemExit, psycopg.Error):
        facts["postgresql"] = None
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # diff-index reads only: it does not refresh the index as `git status` may
        dirty = (
            subprocess.run(
                ["git", "diff-index", "--quiet", "HEAD", "--"], cwd=REPO, capture_output=True
            ).returncode
            != 0
        )
        facts["git"] = rev + ("+local changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        facts["git"] = None
    return facts
