"""Article -> extract -> store. Owns the transaction: an article and all its claims are
written together or not at all, and the database's unique constraints (not a read before the
write) decide what is a duplicate, so concurrent posts of one article store it once.

The CPU-bound steps (`prepare`: HTML to text and the text's fingerprint; `analyse`: the
extraction) are plain functions of their arguments, run through a `Runner`: in a worker
process in the service (app/services/extraction.py), in the caller's thread elsewhere.
Extraction reads at most `max_chars` characters, up to the last sentence or paragraph that
ends inside that budget; the article keeps its whole text and says where extraction stopped."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from time import perf_counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import metrics
from app.db import repository
from app.db.models import Article, Claim
from app.extract import (
    EXTRACTOR_VERSION,
    extract,
    find_publication_date,
    html_publication_date,
    html_to_text,
    period_label,
    sentences,
)
from app.extract.types import Claim as ExtractedClaim
from app.extract.types import PublicationDate
from app.services import copies
from app.services.extraction import Runner, inline

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
    job_id: int | None = None  # the queue job that will extract it (asynchronous posts)


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


@dataclass(frozen=True)
class Prepared:
    """An article's text, its fingerprint and its MinHash signature, found without the
    database."""

    text: str
    fingerprint: str
    signature: copies.Signature | None = None


def prepare(item: ArticleInput) -> Prepared:
    text = prepare_text(item)
    return Prepared(text, text_fingerprint(text), signature_of(text))


def signature_of(text: str) -> copies.Signature | None:
    return copies.signature(text)


def find_original(session: Session, sig: copies.Signature | None) -> int | None:
    """The stored article that one with this signature is a syndicated copy of: among the
    articles sharing an LSH band with it, those at least MIN_SIMILARITY alike, and of those
    the original (a copy's copy_of) stored first."""
    roots = copy_roots(session, sig)
    return min(roots) if roots else None


def copy_roots(session: Session, sig: copies.Signature | None) -> set[int]:
    """The originals of the stored articles at least MIN_SIMILARITY alike to `sig`."""
    if sig is None:
        return set()
    return {
        copy_of or article_id
        for article_id, copy_of, minhash in repository.copy_candidates(session, sig.bands)
        if sig.similarity(minhash) >= copies.MIN_SIMILARITY
    }


def index_copy(session: Session, article: Article, sig: copies.Signature | None) -> None:
    """Store the article's signature and bands (after its insert is flushed: its id)."""
    if sig is not None:
        repository.add_signature(session, article.id, sig.hashvalues, sig.bands)


def extraction_end(text: str, max_chars: int | None) -> int:
    """Where extraction of `text` stops under a budget of `max_chars` characters: the whole
    text if it fits; otherwise the end of the last sentence (a line ends one, as in the
    engine's splitter) that ends inside the budget; failing that the last word; failing that
    the budget itself."""
    if max_chars is None or len(text) <= max_chars:
        return len(text)
    head = text[:max_chars]
    line_start = head.rfind("\n") + 1
    # the last span of the last line runs into the cut, so it is not a whole sentence
    ends = [line_start + span.end for span in sentences(head[line_start:])[:-1]]
    if ends:
        return ends[-1]
    if line_start > 0:
        return len(head[:line_start].rstrip()) or line_start
    space = max(head.rfind(" "), head.rfind("\t"))
    return space if space > 0 else max_chars


@dataclass(frozen=True)
class Analysis:
    """What extraction found in an article, and how far it read."""

    claims: list[ExtractedClaim]
    published: PublicationDate | None
    extracted_to: int
    language: str | None = "en"


def analyse(item: ArticleInput, text: str, max_chars: int | None, today: date) -> Analysis:
    end = extraction_end(text, max_chars)
    head = text[:end]
    given = item.published_at.date() if item.published_at else None
    # the article's own dateline or byline first; an HTML page's declared date when the text
    # has none (trafilatura drops many byline lines from the text)
    declared = None
    if item.html and given is None and find_publication_date(head) is None:
        declared = html_publication_date(item.html)
    result = extract(
        head,
        published_at=given or (declared.value if declared else None),
        fallback_date=today,
    )
    return Analysis(list(result.claims), declared or result.published, end, result.language)


def ingest(
    session: Session,
    item: ArticleInput,
    *,
    now: datetime | None = None,
    run: Runner = inline,
    max_chars: int | None = None,
) -> IngestResult:
    """Store one article with its claims, or return the stored one it duplicates.

    The caller commits; on an IntegrityError raised by that commit it calls
    `resolve_race` to find the winner of a concurrent insert."""
    now = now or datetime.now(UTC)
    canon = canonical_url(item.url)
    prepared = run(prepare, item)
    existing = repository.find_duplicate(session, canon, prepared.fingerprint)
    if existing is not None:
        return IngestResult(existing, created=False)

    text = prepared.text
    started = perf_counter()
    analysis = run(analyse, item, text, max_chars, now.date())
    metrics.EXTRACTION_SECONDS.labels("request").observe(perf_counter() - started)
    published_at, pub_source, pub_evidence = _publication(item, analysis.published, now)

    article = Article(
        url=item.url,
        canonical_url=canon,
        text_hash=prepared.fingerprint,
        title=item.title,
        source=item.source,
        text=text,
        content_type="text" if item.text is not None else "html",
        published_at=published_at,
        published_at_source=pub_source,
        published_at_evidence=pub_evidence,
        received_at=now,
        extractor_version=EXTRACTOR_VERSION,
        extraction="complete" if analysis.extracted_to >= len(text) else "truncated",
        extracted_to=analysis.extracted_to,
        language=analysis.language,
        copy_of=find_original(session, prepared.signature),
    )
    key = repository.claim_source_key(session, article)
    article.claims = [_claim_row(c, published_at, now, article, key) for c in analysis.claims]
    repository.add_article(session, article)
    session.flush()
    index_copy(session, article, prepared.signature)
    repository.add_pair_stats(session, article.claims)
    return IngestResult(article, created=True)


def _publication(
    item: ArticleInput, pub: PublicationDate | None, now: datetime
) -> tuple[datetime, str, str | None]:
    """(published_at, its source, its evidence): the date given, else one the text (or the
    page's metadata) states, else the time it was received."""
    if item.published_at is not None:
        return item.published_at, "given", None
    if pub is not None and pub.source == "text":
        return datetime.combine(pub.value, time(), tzinfo=UTC), "text", pub.surface[:200] or None
    return now, "received", None


def prepare_deferred(
    item: ArticleInput, max_chars: int | None
) -> tuple[Prepared, PublicationDate | None]:
    """`prepare`, and for an HTML page with no date given whose text states none (within what
    extraction will read), the date its metadata declares: the page itself is not stored, so
    this is the one moment its metadata can be read."""
    prepared = prepare(item)
    declared = None
    if item.html and item.published_at is None:
        head = prepared.text[: extraction_end(prepared.text, max_chars)]
        if find_publication_date(head) is None:
            declared = html_publication_date(item.html)
    return prepared, declared


Enqueue = Callable[[Session, int], int]


def ingest_deferred(
    session: Session,
    item: ArticleInput,
    enqueue: Enqueue,
    *,
    run: Runner = inline,
    max_chars: int | None = None,
) -> IngestResult:
    """Store an article at once, without its claims (`extraction: pending`), and enqueue the
    job that extracts it, in the caller's transaction: the article and its job are committed
    together or not at all. A duplicate is returned as `ingest` returns it, with no job."""
    now = datetime.now(UTC)
    canon = canonical_url(item.url)
    prepared, declared = run(prepare_deferred, item, max_chars)
    existing = repository.find_duplicate(session, canon, prepared.fingerprint)
    if existing is not None:
        return IngestResult(existing, created=False)
    published_at, pub_source, pub_evidence = _publication(item, declared, now)
    article = Article(
        url=item.url,
        canonical_url=canon,
        text_hash=prepared.fingerprint,
        title=item.title,
        source=item.source,
        text=prepared.text,
        content_type="text" if item.text is not None else "html",
        published_at=published_at,
        published_at_source=pub_source,
        published_at_evidence=pub_evidence,
        received_at=now,
        extractor_version="",
        extraction="pending",
        extracted_to=0,
        copy_of=find_original(session, prepared.signature),
    )
    article.claims = []
    repository.add_article(session, article)
    session.flush()
    index_copy(session, article, prepared.signature)
    return IngestResult(article, created=True, job_id=enqueue(session, article.id))


def extract_stored(session: Session, article_id: int, *, max_chars: int | None) -> int | None:
    """A queue job's work, in the caller's transaction: bring a stored article's claims to the
    current extractor. The article's row is locked first, so two workers given the same
    article (a job retried while its first run was still writing, a re-extraction enqueued
    twice) take turns, and the second finds it current and does nothing: its claims are
    replaced, never added to. The claim count, or None when there was nothing to do (the
    article is current, or deleted since)."""
    article = repository.lock_article(session, article_id)
    if article is None:
        return None
    if article.extraction != "pending" and article.extractor_version == EXTRACTOR_VERSION:
        return None
    return reextract(session, article, max_chars=max_chars)


def reextract(
    session: Session,
    article: Article,
    *,
    now: datetime | None = None,
    max_chars: int | None = None,
) -> int:
    """Run the current extractor over a stored article and replace its claims, in the
    caller's transaction; the article's publication date is kept (an article stored pending
    extraction with only its time of receipt takes the date its text states, as `ingest`
    would have). Returns the claim count.

    A re-extraction of the whole store after the extractor improves is this, once per
    article whose `extractor_version` is not the current one."""
    now = now or datetime.now(UTC)
    given = article.published_at.date() if article.published_at_source != "received" else None
    end = extraction_end(article.text, max_chars)
    started = perf_counter()
    result = extract(
        article.text[:end], published_at=given, fallback_date=article.received_at.date()
    )
    metrics.EXTRACTION_SECONDS.labels("job").observe(perf_counter() - started)
    pub = result.published
    if article.extraction == "pending" and given is None and pub and pub.source == "text":
        article.published_at = datetime.combine(pub.value, time(), tzinfo=UTC)
        article.published_at_source, article.published_at_evidence = (
            "text",
            pub.surface[:200] or None,
        )
    repository.remove_claims(session, article.id)
    key = repository.claim_source_key(session, article)
    claims = [_claim_row(c, article.published_at, now, article, key) for c in result.claims]
    for claim in claims:
        claim.article_id = article.id
    session.add_all(claims)
    session.flush()
    repository.add_pair_stats(session, claims)
    metrics.count_claims(claims)
    article.extractor_version = EXTRACTOR_VERSION
    article.extraction = "complete" if end >= len(article.text) else "truncated"
    article.extracted_to = end
    article.language = result.language
    return len(claims)


def resolve_race(session: Session, item: ArticleInput, run: Runner = inline) -> IngestResult | None:
    """After a unique-constraint failure: the article some other request stored first."""
    prepared = run(prepare, item)
    existing = repository.find_duplicate(session, canonical_url(item.url), prepared.fingerprint)
    return IngestResult(existing, created=False) if existing is not None else None


def store(
    session: Session,
    item: ArticleInput,
    before_commit: Callable[[IngestResult], None] | None = None,
    *,
    run: Runner = inline,
    max_chars: int | None = None,
) -> IngestResult:
    """ingest + commit in one transaction, resolving a lost race to the stored duplicate.

    `before_commit` adds to the same transaction (the idempotency record of the request), so
    the article, its claims and the record are written together or not at all."""
    try:
        result = ingest(session, item, run=run, max_chars=max_chars)
        if before_commit is not None:
            before_commit(result)
        session.commit()
    except IntegrityError:
        session.rollback()
        raced = resolve_race(session, item, run)
        if raced is None:
            raise
        if before_commit is not None:
            before_commit(raced)
            session.commit()
        result = raced
    metrics.count_ingested(result)
    return result


def store_deferred(
    session: Session,
    item: ArticleInput,
    enqueue: Enqueue,
    before_commit: Callable[[IngestResult], None] | None = None,
    *,
    run: Runner = inline,
    max_chars: int | None = None,
) -> IngestResult:
    """`store` for an asynchronous post: ingest_deferred + commit, one transaction holding the
    article, its job and `before_commit`'s rows; a lost race resolved to the stored article."""
    try:
        result = ingest_deferred(session, item, enqueue, run=run, max_chars=max_chars)
        if before_commit is not None:
            before_commit(result)
        session.commit()
    except IntegrityError:
        session.rollback()
        raced = resolve_race(session, item, run)
        if raced is None:
            raise
        if before_commit is not None:
            before_commit(raced)
            session.commit()
        result = raced
    metrics.count_ingested(result)
    return result


def _claim_row(
    c: ExtractedClaim,
    published_at: datetime,
    now: datetime,
    article: Article,
    source_key: str | None,
) -> Claim:
    """The row of a claim of `article`, with its JSON as the API serves it (item_json) and
    the source it counts under (repository.claim_source_key)."""
    p = c.period
    claim = Claim(
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
        speaker_original=c.speaker_original,
        evidence_text=c.evidence.text,
        evidence_start=c.evidence.start,
        evidence_end=c.evidence.end,
        surface=c.surface[:200],
        confidence=round(c.confidence, 4),
        rules=list(c.rules),
        extractor_version=EXTRACTOR_VERSION,
        published_at=published_at,
        recorded_at=now,
        copy_of=article.copy_of,
        source_key=source_key,
    )
    claim.item_json = repository.claim_item_body(claim, article.url, article.source)
    return claim
