"""Articles: post one or a batch, read, list, delete."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.api import present, schemas
from app.api.deps import (
    ID_MAX,
    AdminKey,
    AsyncEnqueue,
    CursorParam,
    Extraction,
    ExtractionDep,
    IngestKey,
    LimitParam,
    QueryDateTime,
    RatesDep,
    Reader,
    SessionDep,
    SettingsDep,
    ShortText,
    datetime_param,
    decode_cursor,
    encode_cursor,
    in_write_thread,
    page_size,
    reject_nul,
)
from app.api.errors import Problem, problem_responses, validation_errors
from app.db import repository
from app.db.models import ApiKey
from app.services import articles, idempotency
from app.services.extraction import ExtractionUnavailable
from app.services.fx import Rates
from app.services.ingest import (
    ArticleInput,
    EmptyArticle,
    Enqueue,
    IngestResult,
    store,
    store_deferred,
)

router = APIRouter(prefix="/v1/articles", tags=["articles"], dependencies=[Depends(reject_nul)])

# The post routes read the raw body (for the idempotency hash and their own JSON errors), so
# their request bodies are described in app/api/openapi.py, with ArticleIn's schema.
_WRITE_ERRORS = problem_responses(400, 401, 413, 422, 429, 503)
_READ_ERRORS = problem_responses(401, 422, 503)
_LIST_ERRORS = problem_responses(401, 404, 422, 503)  # 404: a cursor this listing never issued

ArticleId = Annotated[int, Path(ge=1, le=ID_MAX)]


def _parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise Problem(400, "Invalid encoding", "The body is not valid UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise Problem(
            400,
            "Invalid JSON",
            f"The body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}.",
        ) from exc
    except RecursionError as exc:  # the decoder recurses once per nesting level
        raise Problem(400, "Invalid JSON", "The body is nested too deeply.") from exc


def _validate(data: Any) -> schemas.ArticleIn:
    try:
        return schemas.ArticleIn.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(list(exc.errors()))
        raise Problem(
            422,
            "Invalid article",
            "; ".join(f"{e['field']}: {e['message']}" for e in errors),
            errors=errors,
        ) from exc


def _as_input(a: schemas.ArticleIn) -> ArticleInput:
    return ArticleInput(
        text=a.text,
        html=a.html,
        url=str(a.url) if a.url else None,
        title=a.title,
        source=a.source,
        published_at=a.published_at,
    )


def _respond(result: IngestResult, rates: Rates) -> tuple[int, dict[str, Any]]:
    if result.job_id is not None:
        return 202, present.job_accepted(result.job_id, result.article.id)
    body = present.article_out(result.article, rates, duplicate=not result.created)
    return (201 if result.created else 200), body.model_dump(mode="json")


def _article_of(status: int, body: dict[str, Any]) -> int:
    """The article a stored answer speaks of: a 202's job names it, a 200/201 is it."""
    return int(body["article_id"] if status == 202 else body["id"])


def _store_one(
    session: Session,
    article: schemas.ArticleIn,
    extraction: Extraction,
    rates: Rates,
    enqueue: Enqueue | None,
    before_commit: Callable[[IngestResult], None] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Store one article: extracted now, or (with `enqueue`) stored now and extracted by a
    queue worker."""
    item = _as_input(article)
    try:
        if enqueue is None:
            result = store(
                session, item, before_commit, run=extraction.run, max_chars=extraction.max_chars
            )
        else:
            result = store_deferred(
                session,
                item,
                enqueue,
                before_commit,
                run=extraction.run,
                max_chars=extraction.max_chars,
            )
    except EmptyArticle as exc:
        raise Problem(
            422, "Invalid article", str(exc), errors=[{"field": "text", "message": str(exc)}]
        ) from exc
    return _respond(result, rates)


def _post_with_idempotency(
    session: Session,
    raw: bytes,
    idem_key: str | None,
    key: ApiKey | None,
    ttl: timedelta,
    extraction: Extraction,
    rates: Rates,
    enqueue: Enqueue | None,
) -> idempotency.Answer:
    """The idempotency record, if any, is written in the article's transaction."""
    article = _validate(_parse_json(raw))
    if not idem_key:
        status, body = _store_one(session, article, extraction, rates, enqueue)
        return idempotency.Answer(status, body, replayed=False)

    def write(remember: idempotency.Remember) -> tuple[int, dict[str, Any]]:
        return _store_one(
            session, article, extraction, rates, enqueue, lambda r: remember(*_respond(r, rates))
        )

    try:
        return idempotency.once(
            session,
            f"{key.id if key else 'anon'}:{idem_key}",
            idempotency.request_hash(raw),
            ttl,
            write,
            _article_of,
        )
    except idempotency.KeyReused as exc:
        # 409, not 422: the body is fine, it conflicts with what the key already holds
        raise Problem(
            409,
            "Idempotency key reused",
            "This Idempotency-Key was already used with a different body: use a new "
            "key for this article.",
        ) from exc
    except idempotency.ReplayGone as exc:
        # the first answer said "stored"; replaying it now would promise an article that an
        # admin has deleted since
        raise Problem(
            410,
            "Gone",
            f"The article this Idempotency-Key stored (id {exc.article_id}) has been "
            "deleted since. Post it with a new Idempotency-Key to store it again.",
            article_id=exc.article_id,
        ) from exc
    except idempotency.KeyInFlight as exc:
        raise Problem(
            409, "Conflict", "A concurrent request with this Idempotency-Key is in flight."
        ) from exc


def _post_response(*args: Any) -> Response:
    """The whole post, serialising included (an article's text may be megabytes of JSON)."""
    answer = _post_with_idempotency(*args)
    body = answer.body
    if answer.status == 202:
        headers = {"Location": f"/v1/jobs/{body['id']}", "Preference-Applied": "respond-async"}
    else:
        headers = {"Location": f"/v1/articles/{body['id']}"}
    if answer.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(
        json.dumps(body), status_code=answer.status, media_type="application/json", headers=headers
    )


_ASYNC_DOC = (
    "With PostgreSQL, an article is stored at once and extracted by a queue worker: the answer "
    "is `202` with `Location: /v1/jobs/{id}` and `Preference-Applied: respond-async` (an "
    "article already stored is still `200`). On SQLite the preference is ignored and the "
    "answer is the synchronous one, as RFC 7240 allows."
)
_ACCEPTED_HEADERS = {
    "Location": {"description": "the job: `/v1/jobs/{id}`", "schema": {"type": "string"}},
    "Preference-Applied": {
        "description": "`respond-async`: the preference was honoured",
        "schema": {"type": "string"},
    },
}


@router.post(
    "",
    status_code=201,
    response_model=schemas.ArticleOut,
    responses={
        200: {
            "model": schemas.ArticleOut,
            "description": "Already stored: the stored article, `duplicate: true`",
        },
        202: {
            "model": schemas.JobOut,
            "description": "Stored, to be extracted by a queue worker (`Prefer: respond-async`)",
            "headers": _ACCEPTED_HEADERS,
        },
        **_WRITE_ERRORS,
        **problem_responses(409, 410),
    },
    description="Extract and store one article with its claims (201), or return the stored "
    "duplicate (200). " + _ASYNC_DOC,
)
async def post_article(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    extraction: ExtractionDep,
    rates: RatesDep,
    key: IngestKey,
    enqueue: AsyncEnqueue,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> Response:
    """Extract and store one article with its claims (201), or return the stored duplicate (200)."""
    raw = await request.body()
    return await in_write_thread(
        request,
        _post_response,
        session,
        raw,
        idempotency_key,
        key,
        timedelta(hours=settings.idempotency_ttl_hours),
        extraction,
        rates,
        enqueue,
    )


def _batch_items(raw: bytes, content_type: str) -> list[Any]:
    if "ndjson" in content_type or "jsonlines" in content_type:
        try:
            lines = raw.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise Problem(400, "Invalid encoding", "The body is not valid UTF-8.") from exc
        items: list[Any] = []
        for line in lines:
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except (json.JSONDecodeError, RecursionError):
                items.append(_InvalidLine(line[:80]))
        return items
    data = _parse_json(raw)
    if not isinstance(data, list):
        raise Problem(
            422, "Invalid batch", "The body must be a JSON array of articles (or NDJSON)."
        )
    return data


class _InvalidLine:
    def __init__(self, head: str) -> None:
        self.head = head


def _run_batch(
    session: Session,
    raw: bytes,
    content_type: str,
    max_items: int,
    extraction: Extraction,
    rates: Rates,
    enqueue: Enqueue | None,
) -> Response:
    items = _batch_items(raw, content_type)
    if len(items) > max_items:
        raise Problem(
            422,
            "Batch too large",
            f"{len(items)} items; at most {max_items} per batch.",
        )
    results: list[schemas.BatchItemResult] = []
    for i, item in enumerate(items):
        try:
            if isinstance(item, _InvalidLine):
                raise Problem(400, "Invalid JSON", f"line is not valid JSON: {item.head!r}")
            status, body = _store_one(session, _validate(item), extraction, rates, enqueue)
            if status == 202:
                results.append(
                    schemas.BatchItemResult(
                        index=i,
                        status="accepted",
                        http_status=202,
                        article_id=body["article_id"],
                        job_id=body["id"],
                    )
                )
                continue
            results.append(
                schemas.BatchItemResult(
                    index=i,
                    status="created" if status == 201 else "duplicate",
                    http_status=status,
                    article_id=body["id"],
                    claim_count=len(body["claims"]),
                )
            )
        except Problem as p:
            session.rollback()
            results.append(
                schemas.BatchItemResult(
                    index=i,
                    status="error",
                    http_status=p.status,
                    error={"title": p.title, "detail": p.detail, **p.extra},
                )
            )
        except ExtractionUnavailable:
            session.rollback()
            results.append(
                schemas.BatchItemResult(
                    index=i,
                    status="error",
                    http_status=503,
                    error={
                        "title": "Extraction unavailable",
                        "detail": "This item was not stored; retry it later.",
                    },
                )
            )
        except OperationalError:
            # the database went away mid-batch: the items before are stored, this one and the
            # rest are not; each says so, and the bot retries only those
            session.rollback()
            results.append(
                schemas.BatchItemResult(
                    index=i,
                    status="error",
                    http_status=503,
                    error={
                        "title": "Database unavailable",
                        "detail": "This item was not stored; retry it later.",
                    },
                )
            )
    out = schemas.BatchOut(
        created=sum(r.status == "created" for r in results),
        accepted=sum(r.status == "accepted" for r in results),
        duplicates=sum(r.status == "duplicate" for r in results),
        errors=sum(r.status == "error" for r in results),
        items=results,
    )
    # 202 once any item waits for a queue worker; each accepted item names its job
    accepted = out.accepted > 0
    return Response(
        out.model_dump_json(),
        status_code=202 if accepted else 200,
        media_type="application/json",
        headers={"Preference-Applied": "respond-async"} if accepted else None,
    )


@router.post(
    "/batch",
    response_model=schemas.BatchOut,
    responses={
        200: {"model": schemas.BatchOut},
        202: {
            "model": schemas.BatchOut,
            "description": "Some items stored, to be extracted by queue workers "
            "(`Prefer: respond-async`); each `accepted` item names its `job_id`",
            "headers": {"Preference-Applied": _ACCEPTED_HEADERS["Preference-Applied"]},
        },
        **_WRITE_ERRORS,
    },
    description="Post up to 500 articles (JSON array or NDJSON); each item gets its own status. "
    + _ASYNC_DOC.replace("`202` with `Location: /v1/jobs/{id}` and", "`202` with"),
)
async def post_batch(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    extraction: ExtractionDep,
    rates: RatesDep,
    key: IngestKey,
    enqueue: AsyncEnqueue,
) -> Response:
    """Post up to 500 articles (JSON array or NDJSON); each item gets its own status."""
    raw = await request.body()
    return await in_write_thread(
        request,
        _run_batch,
        session,
        raw,
        request.headers.get("content-type", ""),
        settings.max_batch_items,
        extraction,
        rates,
        enqueue,
    )


# `:int`: only digits name an article, so /batch is not taken for an id (GET /batch is a 405
# of the batch resource, not a 422 about an integer), and no other word reaches the handler.
@router.get(
    "/{article_id:int}",
    response_model=schemas.ArticleOut,
    responses={**_READ_ERRORS, **problem_responses(404)},
)
def get_article(
    article_id: ArticleId, request: Request, session: SessionDep, rates: RatesDep, _: Reader
) -> Response:
    """One article: its text, metadata and claims."""
    article = repository.get_article(session, article_id)
    if article is None:
        raise Problem(404, "Not found", f"No article {article_id}.")
    return present.json_with_etag(request, present.article_out(article, rates))


@router.get("", response_model=schemas.ArticlePage, responses=_LIST_ERRORS)
def list_articles(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    _: Reader,
    source: ShortText = None,
    published_from: QueryDateTime = None,
    published_to: QueryDateTime = None,
    cursor: CursorParam = None,
    limit: LimitParam = None,
) -> Response:
    """Stored articles in the order they were stored, a page at a time."""
    after = decode_cursor(settings, "articles", cursor)
    rows = repository.list_articles(
        session,
        source=source,
        published_from=datetime_param(published_from),
        published_to=datetime_param(published_to),
        after_id=after,
        limit=(limit := page_size(settings, limit)) + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    counts = repository.claim_counts(session, [a.id for a in rows])
    page = schemas.ArticlePage(
        items=[present.article_summary(a, counts.get(a.id, 0)) for a in rows],
        next_cursor=encode_cursor(settings, "articles", rows[-1].id) if more else None,
    )
    return present.json_with_etag(request, page)


@router.delete(
    "/{article_id:int}", status_code=204, responses=problem_responses(401, 403, 404, 422, 503)
)
def delete_article(article_id: ArticleId, session: SessionDep, _: AdminKey) -> Response:
    """Delete an article and its claims (admin key)."""
    if not articles.delete(session, article_id):
        raise Problem(404, "Not found", f"No article {article_id}.")
    return Response(status_code=204)
