"""Idempotency-Key: the first answer to a request is stored in the same transaction as what
the request wrote, and its retries get that answer again. The database decides races: two
requests with one key both try to insert the record, one wins, the other replays it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import repository

Remember = Callable[[int, dict[str, Any]], None]


class KeyReused(Exception):
    """The key was used before with another body."""


class KeyInFlight(Exception):
    """A concurrent request with this key kept winning the race: it is still being written."""


class ReplayGone(Exception):
    """The article the first answer stored has been deleted since."""

    def __init__(self, article_id: int) -> None:
        super().__init__(f"article {article_id} was deleted")
        self.article_id = article_id


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    replayed: bool


def request_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def once(
    session: Session,
    key: str,
    body_hash: str,
    ttl: timedelta,
    write: Callable[[Remember], tuple[int, dict[str, Any]]],
    article_of: Callable[[int, dict[str, Any]], int],
) -> Answer:
    """Answer a request with key `key` (already scoped to its API key) once.

    `write(remember)` does the request's work and must call `remember(status, body)` inside
    its transaction, before it commits; `article_of(status, body)` names the article a stored answer
    speaks of, so that a replay never promises an article deleted since."""
    now = datetime.now(UTC)
    for _ in range(3):
        record = repository.get_idempotency(session, key)
        if record is not None and record.created_at < now - ttl:
            repository.delete_idempotency(session, key)  # expired: the key may be used again
            record = None
        if record is not None:
            if record.request_hash != body_hash:
                raise KeyReused
            article_id = article_of(record.status_code, record.body)
            if not repository.article_exists(session, article_id):
                raise ReplayGone(article_id)
            return Answer(record.status_code, record.body, replayed=True)

        def remember(status: int, body: dict[str, Any]) -> None:
            repository.purge_idempotency(session, now - ttl)
            repository.add_idempotency(
                session, key=key, request_hash=body_hash, status_code=status, body=body
            )

        try:
            status, body = write(remember)
            return Answer(status, body, replayed=False)
        except IntegrityError:
            session.rollback()  # a concurrent request with the same key won: replay it
    raise KeyInFlight
