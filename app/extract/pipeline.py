"""The ordered stages that turn one article into claims.

Each stage reads and fills one `Article` (app/extract/stages/article.py); every decision
leaves its rule id on the claim it shaped, or in the trace when it dropped a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from time import perf_counter

from app.extract.countries import find_countries
from app.extract.grammars import find_publication_date
from app.extract.language import LANGUAGES, Language, detect_language, reading
from app.extract.lexicon import NO_HITS, has_trade_cue, scan
from app.extract.rules import Rule
from app.extract.stages import discourse, figures, merge, metric, pairs, period, sentences
from app.extract.stages import speaker as speakers
from app.extract.stages.article import Article, Draft
from app.extract.stages.direction import direction
from app.extract.stages.measure import measure
from app.extract.stages.modality import modality
from app.extract.text import Document
from app.extract.types import Claim, PublicationDate
from app.extract.words import in_class

EXTRACTOR_VERSION = "0.10.0"
_RESERVE = in_class("reserve_currency_country")

GATE_RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "gate:language",
        "an article in a language the engine does not read gives no claims",
        "Товарообіг між Україною та Польщею зріс на 12% і склав 10 млрд доларів, повідомили в "
        "міністерстві.",
        shows_in="trace",
        language="uk",
    ),
    Rule(
        "gate:no-trade-cue",
        "an article with no metric word anywhere is read no further",
        "The city council met on Monday to discuss 12 new bus routes and a 5% fare rise.",
        shows_in="trace",
    ),
    Rule(
        "pubdate:stale-page-date",
        "a date in the text more than two years after every year the article names is the "
        "page's clock, not the article's: the article is read as undated",
        "Friday, January 16, 2026\nMexico's exports to the United States reached a record "
        "$358 billion last year, up 3.5% compared to 2018.",
        published="",
        shows_in="trace",
    ),
    Rule(
        "gate:no-country",
        "an article that names no country can give no pair: read no further",
        "Exports of the region's wine rose 12% to $40 million last year, the growers said.",
        shows_in="trace",
    ),
)


@dataclass(frozen=True)
class Extraction:
    claims: list[Claim]
    published: PublicationDate | None
    language: str | None = "en"  # what the article was read as; None: not read (gate:language)
    version: str = EXTRACTOR_VERSION
    trace: tuple[tuple[str, int], ...] = ()  # (rule id, position) of every decision, if asked


# -- the stages -------------------------------------------------------------------------------
def publication_date(art: Article, given: date | None, fallback: date | None) -> None:
    if given is not None:
        art.published = PublicationDate(given, "given")
        return
    found = find_publication_date(art.text)
    if found is not None and _stale(art, found):
        # "Friday, January 16, 2026" over an article that speaks of 2018 and 2019: the page's
        # clock when it was scraped, not the article's date
        art.note("pubdate:stale-page-date", found.span.start if found.span else 0)
        found = None
    if found is not None:
        span = art.doc.original_span(found.span) if found.span else None
        surface = art.doc.original[span.start : span.end] if span else found.surface
        art.published = PublicationDate(found.value, "text", span, surface)
    elif fallback is not None:
        art.published = PublicationDate(fallback, "received")


def _stale(art: Article, found: PublicationDate) -> bool:
    """A date in the text more than two years after every year the article names."""
    span, starts = found.span, art.doc.tokens.starts
    years = [
        year
        for i, year in art.year_tokens()
        if not (span is not None and span.start <= starts[i] < span.end)
    ]
    return bool(years) and max(years) < found.value.year - 2


def countries(art: Article) -> None:
    # "US$ 16.3 billion", "U.S. dollars": the world's currency, no hint of the article's pair
    # ("NZ$" in a New Zealand article is one; each sentence drops both as sides)
    end = len(art.text)
    art.mentions = []
    for m in find_countries(art.text):
        if _RESERVE(m.iso3) and sentences.names_currency(art, m, end):
            art.note("mention:currency", m.span.start)
        else:
            art.mentions.append(m)
    if not art.mentions:
        art.note("gate:no-country", 0)  # no pair can be named: nothing more to read
        art.stop = True
        return
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
    ("world totals", metric.drop_totals),
    ("merge", merge.merge),
)


def extract(
    text: str,
    published_at: date | None = None,
    fallback_date: date | None = None,
    trace: bool = False,
    timings: dict[str, float] | None = None,
    language: Language | None = None,
) -> Extraction:
    """Every claim in `text`, and the publication date used to resolve its periods.

    The article is read in `language`, by default the one `detect_language` finds; one the
    engine does not read gives no claims. `timings`, when given, gathers the seconds each
    stage took (benchmarks read it)."""
    found = language or detect_language(text)
    if found not in LANGUAGES:
        fallback = published_at or fallback_date
        return Extraction(
            [],
            PublicationDate(fallback, "given" if published_at else "received")
            if fallback
            else None,
            language=None,
            trace=(("gate:language", 0),) if trace else (),
        )
    lang: Language = found  # type: ignore[assignment]
    with reading(lang):
        return _extract(text, lang, published_at, fallback_date, trace, timings)


def _extract(
    text: str,
    language: Language,
    published_at: date | None,
    fallback_date: date | None,
    trace: bool,
    timings: dict[str, float] | None,
) -> Extraction:
    clock = perf_counter if timings is not None else None
    t0 = clock() if clock else 0.0
    doc = Document(text, language)
    gated = not has_trade_cue(doc.text)
    hits = NO_HITS if gated else scan(doc.text, doc.tokens if language != "en" else None)
    art = Article(doc, hits, trace=[] if trace else None)
    if clock and timings is not None:
        t1 = clock()
        timings["text and lexicon"] = timings.get("text and lexicon", 0.0) + t1 - t0
        t0 = t1
    publication_date(art, published_at, fallback_date)
    if clock and timings is not None:
        t1 = clock()
        timings["publication date"] = timings.get("publication date", 0.0) + t1 - t0
        t0 = t1
    if gated:
        art.note("gate:no-trade-cue", 0)
        return Extraction([], art.published, language, trace=tuple(art.trace or ()))
    for name, stage in STAGES:
        stage(art)
        if clock and timings is not None:
            t1 = clock()
            timings[name] = timings.get(name, 0.0) + t1 - t0
            t0 = t1
        if art.stop:
            break
    return Extraction(art.claims, art.published, language, trace=tuple(art.trace or ()))
