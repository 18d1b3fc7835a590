"""The ASGI app: `app.main:app`. `create_app` builds one per settings (tests build several)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from alembic.script import ScriptDirectory
from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from prometheus_fastapi_instrumentator import Instrumentator

from app import metrics
from app.api.deps import RateLimiter
from app.api.errors import install_error_handlers
from app.api.limits import BodySizeLimit
from app.api.openapi import install_openapi
from app.api.routes import articles, claims, health, jobs, official, pages, pairs
from app.config import Settings, get_settings
from app.db.migrate import alembic_config
from app.extract import EXTRACTOR_VERSION
from app.services import fx, queue
from app.services.extraction import ExtractionPool, warm_up


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logging.basicConfig(level=settings.log_level.upper())
        pool = ExtractionPool(settings.extract_workers)
        app.state.extraction = pool
        if settings.extract_workers:
            # a write holds a thread while it waits for a worker: at most two per worker, so
            # that reads (sync routes, in the same thread pool) always find threads free
            app.state.write_limiter = anyio.CapacityLimiter(2 * settings.extract_workers)
        else:
            app.state.write_limiter = None  # the thread pool's own limit, as for reads
            warm_up()  # load the extractor's tables once, not on the first request
        await anyio.to_thread.run_sync(fx.ecb)  # the ECB's rates, once per process
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(pool.close)

    # FastAPIOffline serves Swagger UI's and ReDoc's scripts and styles from the package's own
    # copies (under /static-offline-docs) instead of a CDN: /docs works behind a firewall.
    app = FastAPIOffline(
        title="tradeclaims",
        version="0.1.0",
        summary="Claims about trade between two countries, extracted from news articles.",
        description=(
            "Post articles; the service extracts every claimed figure of trade turnover, "
            "exports, imports or investment between two countries, keeps each with its "
            f"evidence, and serves them as claims and series. Extractor {EXTRACTOR_VERSION}."
        ),
        lifespan=lifespan,
        # no badge from validator.swagger.io: the page asks nothing of any other host
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.write_rate_per_minute)
    app.state.pairs_cache = None  # (pair_stats fingerprint, body, etag) of the last /v1/pairs
    app.state.queue_enabled = queue.available(settings)
    app.state.fx_cache = fx.RatesCache()  # the operator's rates, by the table's fingerprint
    app.state.schema_head = ScriptDirectory.from_config(
        alembic_config(settings.database_url)
    ).get_current_head()
    install_error_handlers(app)
    for router in (
        articles.router,
        claims.router,
        pairs.router,
        official.router,
        jobs.router,
        health.router,
        pages.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    depth = queue.depth_reader(settings.database_url) if app.state.queue_enabled else None

    @app.get("/metrics", include_in_schema=False)
    def scrape() -> Response:
        """Prometheus metrics (see app/metrics.py)."""
        body, content_type = metrics.exposition(depth)
        return Response(body, media_type=content_type)

    install_openapi(app, settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET"],
            allow_headers=["Authorization", "If-None-Match"],
            expose_headers=["ETag"],
        )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # outermost, so that every answer is counted, a 413 of BodySizeLimit included: requests
    # by route template (`/v1/articles/{article_id:int}`; `none` for paths no route serves),
    # method and status, and their latency by route
    Instrumentator(should_group_status_codes=False, excluded_handlers=["/metrics"]).add(
        metrics.HTTP
    ).instrument(app)
    return app


app = create_app()
