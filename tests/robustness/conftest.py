"""Helpers for the robustness suite: row counts, API keys, problem+json assertions, and a
server on the throwaway PostgreSQL that a test may stop and start (`make test` provides it)."""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from app.db import repository
from app.db.models import ApiKey, Article, Claim, IdempotencyRecord
from app.db.session import get_engine, get_sessionmaker

PROBLEM = "application/problem+json"


def row_counts(url: str) -> dict[str, int]:
    with get_sessionmaker(url)() as s:
        return {
            model.__tablename__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Article, Claim, IdempotencyRecord, ApiKey)
        }


def add_key(url: str, scope: str, name: str = "bot") -> str:
    """Create an API key the way the CLI does and return it (only its hash is stored)."""
    raw = "tc_" + secrets.token_urlsafe(32)
    with get_sessionmaker(url)() as s:
        repository.add_api_key(s, name=name, scope=scope, raw_key=raw)
        s.commit()
    return raw


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status, and it says what was wrong."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM), r.headers["content-type"]
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["title"]
    assert body.get("detail") or body.get("errors"), body
    return body


# -- PostgreSQL that a test may stop ---------------------------------------------------------
def _required() -> bool:
    return os.environ.get("TRADECLAIMS_REQUIRE_POSTGRES") == "1"


class PostgresControl:
    """Stops and starts the throwaway server of scripts/with-postgres.sh, on the same port and
    with the options it was started with (PostgreSQL keeps them in postmaster.opts)."""

    def __init__(self, bin_dir: Path, data_dir: Path) -> None:
        self.pg_ctl = str(bin_dir / "pg_ctl")
        self.data = data_dir
        self.log = data_dir.parent / "server.log"
        argv = shlex.split((data_dir / "postmaster.opts").read_text())[1:]
        options: list[str] = []
        skip = False
        for i, arg in enumerate(argv):
            if skip:
                skip = False
                continue
            if arg == "-D":  # pg_ctl passes the data directory itself
                skip = i + 1 < len(argv)
                continue
            options.append(arg)
        self.options = " ".join(shlex.quote(o) for o in options)
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_postgres, self.pg_ctl, "-D", str(self.data), *args],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )

    def running(self) -> bool:
        return self._ctl("status").returncode == 0

    def stop(self) -> None:
        out = self._ctl("stop", "-m", "fast", "-w", "-t", "60")
        assert out.returncode == 0, out.stderr

    def start(self) -> None:
        out = self._ctl("start", "-w", "-t", "60", "-l", str(self.log), "-o", self.options)
        assert out.returncode == 0, out.stderr + out.stdout


@pytest.fixture
def postgres(pg_url: str) -> Iterator[PostgresControl]:
    bin_dir, data_dir = os.environ.get("TEST_POSTGRES_BIN"), os.environ.get("TEST_POSTGRES_DATA")
    if not bin_dir or not data_dir:
        if _required():
            raise RuntimeError("TEST_POSTGRES_BIN/TEST_POSTGRES_DATA are not set")
        pytest.skip("no PostgreSQL server this test may stop: run it with `make test`")
    control = PostgresControl(Path(bin_dir), Path(data_dir))
    try:
        yield control
    finally:
        # Whatever the test did, the rest of the suite needs the server back.
        if not control.running():
            control.start()
        _wait_for_postgres(pg_url)


def _wait_for_postgres(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with get_engine(url).connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as plain psycopg takes it (for a connection outside the app's pool)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
