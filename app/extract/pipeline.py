"""The ordered stages that turn one article into claims.

Each stage reads and fills one `Article` (app/extract/stages/article.py); every decision
leaves its rule id on the claim it shaped, or in the trace when it dropped a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.extract.countries import find_countries
from app.extract.lexicon import scan
from app.extract.pubdate import find_publication_date
from app.extract.stages import discourse, figures, merge, metric, pairs, period, sentences
from app.extract.stages import speaker as speakers
from app.extract.stages.article import Article, Draft
from app.extract.stages.direction import direction
from app.extract.stages.measure import measure
from app.extract.stages.modality import modality
from app.extract.text import Document
from app.extract.types import Claim, PublicationDate

EXTRACTOR_VERSION = "0.5.0"


@dataclass(frozen=True)
class Extraction:
    claims: list[Claim]
    published: PublicationDate | None
    version: str = EXTRACTOR_VERSION
    trace: tuple[tuple[str, int], ...] = ()  # (rule id, position) of every decision, if asked


# -- the stages -------------------------------------------------------------------------------
def publication_date(art: Article, given: date | None, fallback: date | None) -> None:
    if given is not None:
        art.published = PublicationDate(given, "given")
        return
    found = find_publication_date(art.text)
    if found is not None:
        span = art.doc.original_span(found.span) if found.span else None
        surface = art.doc.original[span.start : span.end] if span else found.surface
        art.published = PublicationDate(found.value, "text", span, surface)
    elif fallback is not None:
        art.published = PublicationDate(fallback, "received")


def countries(art: Article) -> None:
    art.mentions = find_countries(art.text)
    pairs.frame(art)


def read_sentences(art: Article) -> None:
    """The gate: only sentences with a metric word are read; restating ones come later."""
    for index, span in enumerate(art.doc.sentences):
        if sentences.has_metric(art, span):
            sent = sentences.read(art, index, span)
            if not sent.light:
                pairs.structures(art, sent)
                pairs.sentence_pair(art, sent)
            art.sentences[index] = sent


def find_figures(art: Article) -> None:
    for index, sent in art.sentences.items():
        art.drafts[index] = figures.candidates(art, sent)


def _each(art: Article, step: Callable[[Article, Draft, Draft | None], str | None]) -> None:
    """Run `step` over every draft, sentence by sentence; a step that names a rule drops it."""
    for index, drafts in art.drafts.items():
        kept: list[Draft] = []
        for d in drafts:
            if d.amount is None:
                kept.append(d)  # a figure-less claim was decided whole
                continue
            dropped = step(art, d, kept[-1] if kept else None)
            if dropped:
                art.note(dropped, d.amount.span.start)
            else:
                kept.append(d)
        art.drafts[index] = kept


def _filters(art: Article, d: Draft, _: Draft | None) -> str | None:
    for rule in metric.FILTERS:
        assert rule.when is not None
        if rule.when((art, d)):
            return rule.id
    return None


def _direction(art: Article, d: Draft, _: Draft | None) -> None:
    assert d.word is not None
    d.rules.append(direction(art, d, d.metric, d.word.end))


def _modality(art: Article, d: Draft, _: Draft | None) -> None:
    assert d.amount is not None
    d.modality, rule = modality(art, d.seg, d.amount.span.start, d.amount.span.end)
    d.rules.append(rule)


def _period(art: Article, d: Draft, _: Draft | None) -> None:
    period.choose(art, d)


STAGES: tuple[tuple[str, Callable[[Article], None]], ...] = (
    ("countries and pair", countries),
    ("sentences", read_sentences),
    ("figures", find_figures),
    ("metric filters", lambda art: _each(art, _filters)),
    ("measure", lambda art: _each(art, measure)),
    ("direction", lambda art: _each(art, _direction)),  # type: ignore[arg-type]
    ("modality", lambda art: _each(art, _modality)),  # type: ignore[arg-type]
    ("period", lambda art: _each(art, _period)),  # type: ignore[arg-type]
    ("restatement and context", discourse.context),
    ("speaker", speakers.speakers),
    ("merge", merge.merge),
)


def extract(
    text: str,
    published_at: date | None = None,
    fallback_date: date | None = None,
    trace: bool = False,
) -> Extraction:
    """Every claim in `text`, and the publication date used to resolve its periods."""
    doc = Document(text)
    art = Article(doc, scan(doc.text), trace=[] if trace else None)
    publication_date(art, published_at, fallback_date)
    for _, stage in STAGES:
        stage(art)
    return Extraction(art.claims, art.published, trace=tuple(art.trace or ()))
