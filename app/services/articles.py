"""Stored articles: what changes them besides ingestion."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.db import repository


def delete(session: Session, article_id: int) -> bool:
    """Delete an article, its claims and their counts, in one transaction; False if there
    was no such article."""
    deleted = repository.delete_article(session, article_id)
    session.commit()
    return deleted
