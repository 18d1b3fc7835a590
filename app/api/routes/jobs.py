"""Queue jobs: how an asynchronous post (or a re-extraction) is getting on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app.api import present, schemas
from app.api.deps import RatesDep, Reader, SessionDep, reject_nul
from app.api.errors import Problem, problem_responses
from app.db import repository

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], dependencies=[Depends(reject_nul)])

JobId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # procrastinate's ids are BIGINT


@router.get(
    "/{job_id:int}", response_model=schemas.JobOut, responses=problem_responses(401, 404, 422, 503)
)
def get_job(
    job_id: JobId, request: Request, session: SessionDep, rates: RatesDep, _: Reader
) -> Response:
    """A job's state and attempts, why it failed, and its article with its claims once done."""
    job = repository.get_job(session, job_id)
    if job is None:
        # SQLite has no queue: every id is unknown there
        raise Problem(404, "Not found", f"No job {job_id}.")
    article = None
    if job.status == "succeeded" and job.article_id is not None:
        article = repository.get_article(session, job.article_id)
    return present.json_with_etag(request, present.job_out(job, article, rates))
