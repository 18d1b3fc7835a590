"""Command line: `python -m app keys create|list|revoke`, `python -m app migrate`.

Works against DATABASE_URL (or --database-url)."""

from __future__ import annotations

import argparse
import secrets
import sys

from app.config import get_settings
from app.db import repository
from app.db.migrate import upgrade
from app.db.session import get_sessionmaker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app")
    parser.add_argument("--database-url", default=None, help="default: DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database to the latest schema")
    keys = sub.add_parser("keys", help="API keys").add_subparsers(dest="action", required=True)
    create = keys.add_parser("create", help="create a key; prints it once, on the last line")
    create.add_argument("--name", required=True)
    create.add_argument("--scope", choices=["ingest", "admin"], required=True)
    keys.add_parser("list", help="list keys (never the keys themselves)")
    revoke = keys.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("id", type=int)
    args = parser.parse_args(argv)

    url = args.database_url or get_settings().database_url
    if args.command == "migrate":
        upgrade(url)
        return 0
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


if __name__ == "__main__":
    sys.exit(main())
