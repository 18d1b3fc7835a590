"""Fixtures: every database test runs on SQLite and on PostgreSQL, migrated by the real
`alembic upgrade head`; API tests talk HTTP to a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import text

from app.config import Settings
from app.db.migrate import upgrade
from app.db.session import get_engine
from app.main import create_app

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TABLES = (
    "claims",
    "article_bands",
    "article_signatures",
    "articles",
    "api_keys",
    "idempotency_records",
    "pair_stats",
    "fx_rates",
    "official_stats",
    "job_errors",
)
# the job queue's tables (PostgreSQL only): procrastinate_jobs takes its events with it
QUEUE_TABLES = ("procrastinate_jobs", "procrastinate_workers")


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("TRADECLAIMS_REQUIRE_POSTGRES") == "1":
        raise RuntimeError("TRADECLAIMS_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'tradeclaims.db'}"
    else:
        pg = _postgres_url()
        if pg is None:
            pytest.skip("no PostgreSQL: run the tests with `make test`")
        url = pg
    upgrade(url)
    return url


def clean(url: str) -> None:
    engine = get_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            tables = ", ".join((*TABLES, *QUEUE_TABLES))
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            for table in TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
            # ids start again at 1, as RESTART IDENTITY does on PostgreSQL
            conn.execute(text("DELETE FROM sqlite_sequence"))


@pytest.fixture
def db_url(database_url: str) -> str:
    """The backend's database, emptied before the test."""
    clean(database_url)
    return database_url


@pytest.fixture(scope="session")
def pg_session_url() -> str:
    """The throwaway PostgreSQL alone, for the tests of what only PostgreSQL does."""
    url = _postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL: run the tests with `make test`")
    upgrade(url)
    return url


@pytest.fixture
def pg_url(pg_session_url: str) -> str:
    """The PostgreSQL database, emptied before the test (only PostgreSQL-specific tests)."""
    clean(pg_session_url)
    return pg_session_url


@pytest.fixture
def pg_client(pg_url: str) -> Iterator[httpx.Client]:
    """A server of its own on PostgreSQL, extracting in the request's thread (so a test may
    stage a fault inside the engine)."""
    with (
        LiveServer(settings_for(pg_url, extract_workers=0)) as server,
        httpx.Client(base_url=server.base_url, timeout=30) as c,
    ):
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an app in a thread, on a free loopback port."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def settings_for(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "environment": "test",
        "secret_key": "test-secret",
        "write_rate_per_minute": 0,
        "auth_mode": "auto",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def live_server(database_url: str) -> Iterator[LiveServer]:
    """The service as deployed: extraction in a worker process (EXTRACT_WORKERS=1)."""
    with LiveServer(settings_for(database_url)) as server:
        yield server


@pytest.fixture
def client(live_server: LiveServer, db_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=60) as c:
        yield c


@pytest.fixture(scope="session")
def inline_server(database_url: str) -> Iterator[LiveServer]:
    """The service with extraction in the request's own thread (EXTRACT_WORKERS=0), for tests
    that replace the engine (`ingest.extract`) from inside this process to stage a fault."""
    with LiveServer(settings_for(database_url, extract_workers=0)) as server:
        yield server


@pytest.fixture
def inline_client(inline_server: LiveServer, db_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=inline_server.base_url, timeout=60) as c:
        yield c


@pytest.fixture
def make_client(db_url: str) -> Iterator[Callable[..., httpx.Client]]:
    """A client of a server of its own, for tests that need other settings. Its extraction
    runs in the request's thread unless `extract_workers` is given: these servers test
    settings, and they start without worker processes to wait for."""
    servers: list[LiveServer] = []
    clients: list[httpx.Client] = []

    def make(**overrides: Any) -> httpx.Client:
        overrides.setdefault("extract_workers", 0)
        server = LiveServer(settings_for(db_url, **overrides)).__enter__()
        servers.append(server)
        c = httpx.Client(base_url=server.base_url, timeout=60)
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()
    for s in servers:
        s.__exit__()


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = SHARED / "seed-article.txt"
    if not path.exists():
        pytest.skip("shared/seed-article.txt is not beside the repository")
    return path.read_text(encoding="utf-8")
