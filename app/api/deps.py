"""Dependencies every route shares, as Annotated aliases."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from fastapi import Depends, Header, Path, Query, Request
from sqlalchemy.orm import Session

from app.api import contract
from app.api.errors import Problem
from app.config import Settings
from app.db import repository
from app.db.models import ApiKey
from app.db.session import get_sessionmaker
from app.extract import resolve_country
from app.services import queue
from app.services.extraction import Runner
from app.services.fx import OperatorRate, Rates
from app.services.ingest import Enqueue

T = TypeVar("T")


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def get_db(settings: SettingsDep) -> Iterator[Session]:
    with get_sessionmaker(settings.database_url)() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


def get_rates(request: Request, session: SessionDep) -> Rates:
    """The exchange rates in force: this process's snapshot, rebuilt when the operator's
    table has changed since (one small query per request tells)."""
    return request.app.state.fx_cache.get(  # type: ignore[no-any-return]
        repository.fx_fingerprint(session),
        lambda: [OperatorRate(*row) for row in repository.fx_rows(session)],
    )


RatesDep = Annotated[Rates, Depends(get_rates)]


# -- writes -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Extraction:
    """How this server extracts: where (`run`: its worker processes) and how much of a text."""

    run: Runner
    max_chars: int


def get_extraction(request: Request, settings: SettingsDep) -> Extraction:
    return Extraction(request.app.state.extraction.run, settings.extract_max_chars)


ExtractionDep = Annotated[Extraction, Depends(get_extraction)]


def prefers_async(prefer: str | None) -> bool:
    """Whether a Prefer header (RFC 7240: comma-separated preferences, each maybe with
    parameters after `;`) holds `respond-async`."""
    if not prefer:
        return False
    return any(p.split(";", 1)[0].strip().lower() == "respond-async" for p in prefer.split(","))


def get_async_enqueue(
    request: Request,
    prefer: Annotated[
        str | None,
        Header(
            max_length=1000,
            description="`respond-async` (RFC 7240): store the article now and extract it "
            "in a queue worker (PostgreSQL deployments; ignored on SQLite)",
        ),
    ] = None,
) -> Enqueue | None:
    """How an asynchronous post enqueues its job, when it asks to be one and this deployment
    has a queue; None for a synchronous post."""
    if request.app.state.queue_enabled and prefers_async(prefer):
        return queue.enqueue
    return None


AsyncEnqueue = Annotated[Enqueue | None, Depends(get_async_enqueue)]


async def in_write_thread(request: Request, fn: Callable[..., T], /, *args: Any) -> T:
    """Run a write's blocking work (parsing, the database, waiting for extraction) in a worker
    thread. With extraction workers, at most `app.state.write_limiter` writes hold a thread at
    once; the others wait here, on the event loop, so a burst of posts cannot take the thread
    pool that reads run in."""
    limiter = request.app.state.write_limiter
    return await anyio.to_thread.run_sync(partial(fn, *args), limiter=limiter)


# -- access -----------------------------------------------------------------------------------
class RateLimiter:
    """A token bucket per API key, per process: `rate` writes a minute, bursts up to `rate`."""

    def __init__(self, rate_per_minute: int) -> None:
        self.rate = rate_per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, who: str) -> float | None:
        """None when allowed; otherwise the seconds to wait."""
        if self.rate <= 0:
            return None
        now = time.monotonic()
        per_second = self.rate / 60.0
        with self._lock:
            tokens, last = self._buckets.get(who, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - last) * per_second)
            if tokens >= 1.0:
                self._buckets[who] = (tokens - 1.0, now)
                return None
            self._buckets[who] = (tokens, now)
            return (1.0 - tokens) / per_second


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _unauthorized(detail: str) -> Problem:
    return Problem(
        401,
        "Unauthorized",
        detail,
        headers={"WWW-Authenticate": 'Bearer realm="tradeclaims"'},
    )


def _authenticate(request: Request, session: Session, settings: Settings) -> ApiKey | None:
    required = settings.auth_mode == "on" or (
        settings.auth_mode == "auto" and repository.any_active_key(session)
    )
    token = _bearer(request)
    if not required and token is None:
        return None
    unauthorized = _unauthorized("A valid API key is required: send `Authorization: Bearer <key>`.")
    if token is None:
        if required:
            raise unauthorized
        return None
    key = repository.find_active_key(session, token)
    if key is None and required:
        raise unauthorized
    return key


def require_ingest(request: Request, session: SessionDep, settings: SettingsDep) -> ApiKey | None:
    key = _authenticate(request, session, settings)
    who = f"key:{key.id}" if key else f"ip:{request.client.host if request.client else '-'}"
    wait = request.app.state.rate_limiter.take(who)
    if wait is not None:
        raise Problem(
            429,
            "Too many requests",
            f"Write rate limit of {settings.write_rate_per_minute}/min reached.",
            headers={"Retry-After": str(max(1, int(wait + 0.999)))},
        )
    return key


def require_admin(request: Request, session: SessionDep) -> ApiKey:
    """An active key of scope `admin`, whatever AUTH_MODE: deleting is never open, not even on
    a fresh install before the first key is created (`python -m app keys create`)."""
    token = _bearer(request)
    key = repository.find_active_key(session, token) if token is not None else None
    if key is None:
        raise _unauthorized(
            "Deleting needs an admin key: send `Authorization: Bearer <key>` with a key of "
            "scope `admin` (`python -m app keys create --name ops --scope admin`)."
        )
    if key.scope != "admin":
        raise Problem(403, "Forbidden", "This action needs a key of scope `admin`.")
    return key


def require_reader(request: Request, session: SessionDep, settings: SettingsDep) -> None:
    if settings.read_requires_key:
        token = _bearer(request)
        if token is None or repository.find_active_key(session, token) is None:
            raise _unauthorized("Reading needs an API key on this deployment.")


IngestKey = Annotated[ApiKey | None, Depends(require_ingest)]
AdminKey = Annotated[ApiKey, Depends(require_admin)]
Reader = Annotated[None, Depends(require_reader)]


# -- cursors ----------------------------------------------------------------------------------
def encode_cursor(settings: Settings, kind: str, last_id: int) -> str:
    payload = json.dumps({"k": kind, "after": last_id}, separators=(",", ":")).encode()
    sig = hmac.new(settings.secret_key.encode(), payload, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(payload + b"." + sig).decode().rstrip("=")


def decode_cursor(settings: Settings, kind: str, cursor: str | None) -> int | None:
    """The position a cursor stands for. Its form (CURSOR_PATTERN) is checked with the other
    parameters (422 when wrong); a cursor of that form that this service did not sign, or
    signed for another listing or with another SECRET_KEY, names no page: 404."""
    if cursor is None:
        return None
    unknown = Problem(
        404,
        "Unknown cursor",
        "`cursor` is not one this service issued for this listing (or SECRET_KEY has changed "
        "since): start again from the first page.",
        errors=[{"field": "cursor", "message": "not a cursor of this listing"}],
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        # the signature is the last 12 bytes, and may itself hold a "." byte
        if len(raw) < 14 or raw[-13:-12] != b".":
            raise unknown
        payload, sig = raw[:-13], raw[-12:]
        good = hmac.new(settings.secret_key.encode(), payload, hashlib.sha256).digest()[:12]
        if not hmac.compare_digest(sig, good):
            raise unknown
        data = json.loads(payload)
        if data.get("k") != kind or not isinstance(data.get("after"), int):
            raise unknown
        return int(data["after"])
    except (ValueError, TypeError) as exc:
        raise unknown from exc


# -- parameters -------------------------------------------------------------------------------
# Ids are INTEGER columns; PostgreSQL's is 32-bit, and a larger number in a query is an error
# there (and an overflow in SQLite's driver), so it is refused before it reaches the database.
ID_MAX = 2**31 - 1


def reject_nul(request: Request) -> None:
    """Router dependency: PostgreSQL text cannot hold NUL, so a NUL in any query or path value
    would fail inside the database (500); it is a client error and answered as one."""
    params = [*request.query_params.multi_items(), *request.path_params.items()]
    for name, value in params:
        if isinstance(value, str) and "\x00" in value:
            raise Problem(
                422,
                "Invalid parameter",
                f"`{name}` must not contain NUL characters.",
                errors=[{"field": name, "message": "contains a NUL character"}],
            )


def date_param(value: str | None) -> date | None:
    """A date parameter already checked against contract.QUERY_DATE."""
    return date.fromisoformat(value) if value is not None else None


def datetime_param(value: str | None) -> datetime | None:
    """A date or date-time parameter already checked against contract.QUERY_DATETIME, in UTC
    (read as UTC without an offset)."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# Query and path parameters whose rules are patterns of app/api/contract.py: FastAPI checks
# each one (422 naming the parameter) and publishes it in the OpenAPI document.
QueryDate = Annotated[
    str | None,
    Query(pattern=contract.QUERY_DATE, description=contract.DESCRIPTIONS[contract.QUERY_DATE]),
]
QueryDateTime = Annotated[
    str | None,
    Query(
        pattern=contract.QUERY_DATETIME, description=contract.DESCRIPTIONS[contract.QUERY_DATETIME]
    ),
]
CursorParam = Annotated[
    str | None,
    Query(
        pattern=contract.CURSOR,
        description="`next_cursor` of the previous page; a cursor of the right form that this "
        "service did not issue for this listing is a 404",
    ),
]
LimitParam = Annotated[
    int | None,
    Query(ge=1, description="page size, up to PAGE_SIZE_MAX (default PAGE_SIZE_DEFAULT)"),
]
_COUNTRY_DOC = (
    "ISO3 or ISO2 code or English name, in any case; one this service does not know is a 404"
)
CountryQuery = Annotated[
    str | None,
    Query(min_length=1, max_length=100, pattern=contract.NO_NUL, description=_COUNTRY_DOC),
]
CountryPath = Annotated[
    str, Path(min_length=1, max_length=100, pattern=contract.NO_NUL, description=_COUNTRY_DOC)
]
ShortText = Annotated[str | None, Query(max_length=200, pattern=contract.NO_NUL)]


def page_size(settings: Settings, limit: int | None) -> int:
    """The page size asked for, or the configured default; over PAGE_SIZE_MAX is a 422."""
    if limit is None:
        return settings.page_size_default
    if limit > settings.page_size_max:
        raise Problem(
            422,
            "Invalid parameter",
            f"`limit` is at most {settings.page_size_max}.",
            errors=[{"field": "limit", "message": f"at most {settings.page_size_max}"}],
        )
    return limit


def country_param(name: str, value: str | None) -> str | None:
    """ISO3 for a country parameter. A well-formed name that names no country this service
    knows is a 404: the country (and so its claims or pair) does not exist here."""
    if value is None:
        return None
    iso3 = resolve_country(value)
    if iso3 is None:
        raise Problem(
            404,
            "Unknown country",
            f"`{name}`: {value!r} is not a country this service knows (ISO3, ISO2 or a name).",
            errors=[{"field": name, "message": "unknown country"}],
        )
    return iso3
