"""Command line: `python -m app keys create|list|revoke`, `python -m app migrate`,
`python -m app reextract [--enqueue]`, `python -m app worker`, `python -m app fx load rates.csv`,
`python -m app copies index`.

Works against DATABASE_URL (or --database-url). Each command imports what it uses: `keys`
needs neither the extractor nor the queue, and starts in a fraction of a second."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from app.config import Settings, get_settings
from app.db import repository
from app.db.models import Article, Claim
from app.db.session import get_sessionmaker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app")
    parser.add_argument("--database-url", default=None, help="default: DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database to the latest schema")
    reextract_cmd = sub.add_parser(
        "reextract",
        help="run the current extractor over every stored article extracted by an older one",
    )
    reextract_cmd.add_argument(
        "--enqueue",
        action="store_true",
        help="enqueue one job per article for the queue workers instead (PostgreSQL)",
    )
    worker = sub.add_parser("worker", help="run a queue worker: extract queued articles")
    worker.add_argument("--concurrency", type=int, default=1, help="jobs at once (default 1)")
    worker.add_argument(
        "--metrics-port",
        type=int,
        default=None,
        help="serve this worker's Prometheus metrics on this port",
    )
    worker.add_argument("--metrics-host", default="127.0.0.1")
    rates = sub.add_parser("fx", help="exchange rates").add_subparsers(dest="action", required=True)
    load = rates.add_parser(
        "load",
        help="load the operator's rates from a CSV (currency,date,per_usd,source), replacing "
        "those of the same currency and day; servers use them from their next request",
    )
    load.add_argument("path", help="the CSV file, or - for standard input")
    copies = sub.add_parser("copies", help="syndicated copies").add_subparsers(
        dest="action", required=True
    )
    copies.add_parser(
        "index",
        help="sign and index the articles stored before copies were detected, linking each "
        "to the earlier article it copies",
    )
    keys = sub.add_parser("keys", help="API keys").add_subparsers(dest="action", required=True)
    create = keys.add_parser("create", help="create a key; prints it once, on the last line")
    create.add_argument("--name", required=True)
    create.add_argument("--scope", choices=["ingest", "admin"], required=True)
    keys.add_parser("list", help="list keys (never the keys themselves)")
    revoke = keys.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("id", type=int)
    serve = sub.add_parser(
        "serve",
        help="serve the API in N worker processes, each with its own socket on the port, so "
        "that keep-alive clients spread over the workers (app/serve.py says why)",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1") or 1)
    )
    serve.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-*")
    serve.add_argument("--forwarded-allow-ips", default=None)
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--no-access-log", action="store_true")
    args = parser.parse_args(argv)

    if args.command == "serve":
        # before the settings: a worker reads them itself, and the database URL is its own
        from app.serve import Options
        from app.serve import serve as run_server

        return run_server(
            Options(
                host=args.host,
                port=args.port,
                workers=args.workers,
                proxy_headers=args.proxy_headers,
                forwarded_allow_ips=args.forwarded_allow_ips,
                log_level=args.log_level,
                access_log=not args.no_access_log,
            )
        )
    settings = get_settings()
    url = args.database_url or settings.database_url
    if args.command == "migrate":
        from app.db.migrate import upgrade

        upgrade(url)
        return 0
    if args.command == "reextract":
        if args.enqueue:
            return _enqueue_reextraction(url)
        return _reextract(url, settings.extract_max_chars)
    if args.command == "worker":
        return _worker(settings, url, args.concurrency, args.metrics_port, args.metrics_host)
    if args.command == "fx":
        return _load_rates(url, args.path)
    if args.command == "copies":
        return _index_copies(url)
    with get_sessionmaker(url)() as session:
        if args.action == "create":
            raw = "tc_" + secrets.token_urlsafe(32)
            key = repository.add_api_key(session, name=args.name, scope=args.scope, raw_key=raw)
            session.commit()
            print(f"created key {key.id} ({key.name}, scope {key.scope}); it is shown only once:")
            print(raw)
        elif args.action == "list":
            for k in repository.list_api_keys(session):
                state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
                print(f"{k.id}\t{k.name}\t{k.scope}\t{k.prefix}…\t{k.created_at:%Y-%m-%d}\t{state}")
        elif args.action == "revoke":
            if not repository.revoke_api_key(session, args.id):
                print(f"no active key {args.id}", file=sys.stderr)
                return 1
            session.commit()
            print(f"revoked key {args.id}")
    return 0


def _reextract(url: str, max_chars: int) -> int:
    """One transaction per article, so a long run can stop anywhere and be run again."""
    from app.extract import EXTRACTOR_VERSION
    from app.services.ingest import reextract

    articles = claims = 0
    after = 0
    factory = get_sessionmaker(url)
    while True:
        with factory() as session:
            batch = repository.articles_not_at_version(
                session, EXTRACTOR_VERSION, after_id=after, limit=100
            )
        if not batch:
            break
        for stale in batch:
            with factory() as session, session.begin():
                article = session.get(Article, stale.id)
                if article is not None and article.extractor_version != EXTRACTOR_VERSION:
                    claims += reextract(session, article, max_chars=max_chars)
                    articles += 1
            after = stale.id
    print(f"re-extracted {articles} articles with extractor {EXTRACTOR_VERSION}: {claims} claims")
    return 0


def _enqueue_reextraction(url: str) -> int:
    """One job per stale article, a thousand to a transaction; the queue workers share them.
    Run twice, it enqueues twice: the second job finds its article current and does nothing."""
    from app.extract import EXTRACTOR_VERSION
    from app.services import queue

    if make_url(url).get_backend_name() != "postgresql":
        print("the job queue needs PostgreSQL; run `reextract` without --enqueue", file=sys.stderr)
        return 2
    factory = get_sessionmaker(url)
    after = jobs = 0
    while True:
        with factory() as session:
            ids = repository.article_ids_not_at_version(
                session, EXTRACTOR_VERSION, after_id=after, limit=1000
            )
            if not ids:
                break
            queue.enqueue_many(session, ids, priority=queue.PRIORITY_REEXTRACT)
            session.commit()
        jobs += len(ids)
        after = ids[-1]
    print(f"enqueued {jobs} re-extractions to extractor {EXTRACTOR_VERSION}")
    return 0


def _worker(
    settings: Settings, url: str, concurrency: int, metrics_port: int | None, metrics_host: str
) -> int:
    if make_url(url).get_backend_name() != "postgresql":
        print(
            "the job queue needs PostgreSQL (DATABASE_URL=postgresql+psycopg://...)",
            file=sys.stderr,
        )
        return 2
    from prometheus_client import start_http_server

    from app.services import queue
    from app.services.extraction import warm_up

    logging.basicConfig(level=settings.log_level.upper())
    warm_up()  # the extractor's tables and datasketch, once, before the first job
    if metrics_port is not None:
        start_http_server(metrics_port, addr=metrics_host)
    queue.run_worker(settings, url, concurrency)
    return 0


def _load_rates(url: str, path: str) -> int:
    """Every row valid and loaded in one transaction, or none."""
    from app.services import fx

    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    try:
        rows = fx.parse_rates_csv(text)
    except fx.RatesFileError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print("nothing was loaded", file=sys.stderr)
        return 1
    with get_sessionmaker(url)() as session, session.begin():
        repository.upsert_fx_rates(
            session, [(r.currency, r.day, r.per_usd, r.source) for r in rows]
        )
    currencies = sorted({r.currency for r in rows})
    print(f"loaded {len(rows)} rates for {', '.join(currencies) or 'no currency'}")
    return 0


def _index_copies(url: str) -> int:
    """In id order, one transaction per article: a stopped run can simply be started again."""
    from app.services.ingest import copy_roots, index_copy, signature_of

    indexed = linked = 0
    after = 0
    factory = get_sessionmaker(url)
    while True:
        with factory() as session:
            batch = [a.id for a in repository.articles_after(session, after, 100)]
        if not batch:
            break
        for article_id in batch:
            with factory() as session, session.begin():
                article = session.get(Article, article_id)
                if article is not None and not repository.has_signature(session, article_id):
                    sig = signature_of(article.text)
                    roots = copy_roots(session, sig) - {article.id}
                    if article.copy_of is None and roots:
                        if min(roots) < article.id:
                            article.copy_of = min(roots)
                            session.flush()
                            repository.refresh_claim_sources(
                                session, Claim.article_id == article.id
                            )
                            linked += 1
                        else:  # stored since, as originals: this earlier one is theirs
                            linked += repository.adopt_copies(session, roots, article.id)
                    index_copy(session, article, sig)
                    indexed += 1
            after = article_id
    print(f"indexed {indexed} articles; {linked} linked as copies of earlier ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
