"""Article -> extract -> store. Owns the transaction: an article and all its claims are
written together or not at all, and the database's unique constraints (not a read before the
write) decide what is a duplicate, so concurrent posts of one article store it once."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import repository
from app.db.models import Article, Claim
from app.extract import (
    EXTRACTOR_VERSION,
    extract,
    find_publication_date,
    html_publication_date,
    html_to_text,
    period_label,
)
from app.extract.types import Claim as ExtractedClaim

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|mc_cid|mc_eid|ref|cmpid)$", re.I)
_WS = re.compile(r"\s+")


class EmptyArticle(ValueError):
    """The article has no readable text once its markup is stripped."""


@dataclass(frozen=True)
class ArticleInput:
    text: str | None
    html: str | None
    url: str | None
    title: str | None
    source: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def canonical_url(url: str | None) -> str | None:
    """The form two links to the same page share: no fragment, no tracking parameters,
    lower-case scheme and host, no default port, no trailing slash."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        )
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        ("https" if parts.scheme in ("http", "https") else parts.scheme, netloc, path, query, "")
    )


def text_fingerprint(text: str) -> str:
    """Same words in the same order, whatever the whitespace, case or unicode forms."""
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(norm.encode()).hexdigest()


def prepare_text(item: ArticleInput) -> str:
    text = item.text if item.text is not None else html_to_text(item.html or "")
    if not text.strip():
        raise EmptyArticle(
            "the article has no text"
            if item.text is not None
            else "the HTML has no readable article text"
        )
    return text


def ingest(session: Session, item: ArticleInput, *, now: datetime | None = None) -> IngestResult:
    """Store one article with its claims, or return the stored one it duplicates.

    The caller commits; on an IntegrityError raised by that commit it calls
    `resolve_race` to find the winner of a concurrent insert."""
    now = now or datetime.now(UTC)
    text = prepare_text(item)
    canon = canonical_url(item.url)
    fingerprint = text_fingerprint(text)
    existing = repository.find_duplicate(session, canon, fingerprint)
    if existing is not None:
        return IngestResult(existing, created=False)

    given = item.published_at.date() if item.published_at else None
    # the article's own dateline or byline first; an HTML page's declared date when the text
    # has none (trafilatura drops many byline lines from the text)
    declared = None
    if item.html and given is None and find_publication_date(text) is None:
        declared = html_publication_date(item.html)
    result = extract(
        text,
        published_at=given or (declared.value if declared else None),
        fallback_date=now.date(),
    )
    pub = declared or result.published
    if item.published_at is not None:
        published_at, pub_source, pub_evidence = item.published_at, "given", None
    elif pub is not None and pub.source == "text":
        published_at = datetime.combine(pub.value, time(), tzinfo=UTC)
        pub_source, pub_evidence = "text", pub.surface[:200] or None
    else:
        published_at, pub_source, pub_evidence = now, "received", None

    article = Article(
        url=item.url,
        canonical_url=canon,
        text_hash=fingerprint,
        title=item.title,
        source=item.source,
        text=text,
        content_type="text" if item.text is not None else "html",
        published_at=published_at,
        published_at_source=pub_source,
        published_at_evidence=pub_evidence,
        received_at=now,
        extractor_version=EXTRACTOR_VERSION,
    )
    article.claims = [_claim_row(c, published_at, now) for c in result.claims]
    repository.add_article(session, article)
    session.flush()
    repository.add_pair_stats(session, article.claims)
    return IngestResult(article, created=True)


def reextract(session: Session, article: Article, *, now: datetime | None = None) -> int:
    """Run the current extractor over a stored article and replace its claims, in the
    caller's transaction; the article's publication date is kept. Returns the claim count.

    A re-extraction of the whole store after the extractor improves is this, once per
    article whose `extractor_version` is not the current one."""
    now = now or datetime.now(UTC)
    given = article.published_at.date() if article.published_at_source != "received" else None
    result = extract(article.text, published_at=given, fallback_date=article.received_at.date())
    repository.remove_claims(session, article.id)
    claims = [_claim_row(c, article.published_at, now) for c in result.claims]
    for claim in claims:
        claim.article_id = article.id
    session.add_all(claims)
    session.flush()
    repository.add_pair_stats(session, claims)
    article.extractor_version = EXTRACTOR_VERSION
    return len(claims)


def resolve_race(session: Session, item: ArticleInput) -> IngestResult | None:
    """After a unique-constraint failure: the article some other request stored first."""
    text = prepare_text(item)
    existing = repository.find_duplicate(session, canonical_url(item.url), text_fingerprint(text))
    return IngestResult(existing, created=False) if existing is not None else None


def store(
    session: Session,
    item: ArticleInput,
    before_commit: Callable[[IngestResult], None] | None = None,
) -> IngestResult:
    """ingest + commit in one transaction, resolving a lost race to the stored duplicate.

    `before_commit` adds to the same transaction (the idempotency record of the request), so
    the article, its claims and the record are written together or not at all."""
    try:
        result = ingest(session, item)
        if before_commit is not None:
            before_commit(result)
        session.commit()
        return result
    except IntegrityError:
        session.rollback()
        raced = resolve_race(session, item)
        if raced is None:
            raise
        if before_commit is not None:
            before_commit(raced)
            session.commit()
        return raced


def _claim_row(c: ExtractedClaim, published_at: datetime, now: datetime) -> Claim:
    p = c.period
    return Claim(
        pair_a=c.pair[0],
        pair_b=c.pair[1],
        origin=c.origin,
        destination=c.destination,
        metric=c.metric,
        measure=c.measure,
        value=c.value,
        unit=c.unit,
        approximation=c.approximation,
        period_start=p.start if p else None,
        period_end=p.end if p else None,
        period_granularity=p.granularity if p else None,
        period_label=period_label(p) if p else None,
        modality=c.modality,
        speaker=c.speaker,
        evidence_text=c.evidence.text,
        evidence_start=c.evidence.start,
        evidence_end=c.evidence.end,
        surface=c.surface[:200],
        confidence=round(c.confidence, 4),
        rules=list(c.rules),
        extractor_version=EXTRACTOR_VERSION,
        published_at=published_at,
        recorded_at=now,
    )
