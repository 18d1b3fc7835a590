"""Lists matched item by item with "respectively": "the Netherlands and the United States,
with foreign trade at 172.8 billion euros and 171.6 billion euros, respectively"; "$40m, $39m
and $36m earned in August, September and October respectively".

Before the cue (data/cues.tsv `respectively`) stands a run of N figure groups joined by list
separators ("," "and"), a group being a figure with what restates or continues it ("0.8% to
36.7 trillion yen", "$56m (Shs198bn)"), and a coordinated list of N items of one kind:
countries, periods or metric words. Group i goes with item i. The list nearest the cue wins:
one between the figures and the cue ("... in August, September and October respectively"),
else one right after the cue ("... respectively in 2010-11, 2011-12 and 2012-13"), else the
last one before the figures.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from app.extract.lexicon import Hit
from app.extract.periods import MONTH_PATTERN, MONTHS
from app.extract.stages.article import Article, MetricWord, Sentence
from app.extract.types import Amount, CountryMention, Period, Span
from app.extract.words import in_class, is_word

_SEPARATOR = in_class("list_separator")  # "and", "as well as"
_GROUP_JOIN = in_class("group_join")  # "to", "from": the figures of one group
_LIST_FILLER = in_class("det_the")  # "the Netherlands and the United States"

_TAIL_WORDS = 12  # words between the last figure and the cue

Kind = Literal["country", "period", "metric"]


@dataclass(frozen=True)
class Item:
    kind: Kind
    span: Span
    country: str | None = None
    period: Period | None = None
    word: MetricWord | None = None


def respective(art: Article, sent: Sentence, pair: tuple[str, str] | None) -> dict[int, Item]:
    """The item each figure of the sentence goes with, by the figure's start; empty when
    the sentence matches no list so."""
    cues = art.hits.of("respectively", sent.start, sent.end)
    out: dict[int, Item] = {}
    for cue in cues:
        groups = _groups(art, sent, cue.start)
        if len(groups) < 2:
            continue
        run = Span(groups[0][0].span.start, groups[-1][-1].span.end)
        items = _items(art, sent, pair, run, cue, len(groups))
        if items is None:
            continue
        for group, item in zip(groups, items, strict=True):
            for fig in group:
                out.setdefault(fig.span.start, item)
    return out


def _gap(art: Article, start: int, end: int) -> list[str]:
    return [w for w in art.words(start, end) if w not in ("(", ")")]


def _is_separator(words: list[str]) -> bool:
    """ ", ", " and ", ", and ": what stands between two items of a list."""
    body = [w for w in words if w != ","]
    if not body:
        return bool(words)
    return len(body) == 1 and _SEPARATOR(body[0])


def _groups(art: Article, sent: Sentence, cue: int) -> list[list[Amount]]:
    """The figure groups of the run that ends before the cue, with at most a short phrase
    between ("in August, September and October")."""
    figs = [f for f in sent.figures if f.span.end <= cue and f.kind != "percentage_points"]
    if not figs:
        return []
    tail = _gap(art, figs[-1].span.end, cue)
    if ";" in tail or sum(map(is_word, tail)) > _TAIL_WORDS:
        return []
    groups: list[list[Amount]] = [[figs[-1]]]
    for prev, fig in zip(reversed(figs[:-1]), reversed(figs[1:]), strict=True):
        gap = _gap(art, prev.span.end, fig.span.start)
        if not gap or (len(gap) == 1 and _GROUP_JOIN(gap[0])):
            groups[0].insert(0, prev)
        elif _is_separator(gap):
            groups.insert(0, [prev])
        else:
            break
    return groups


def _coordinated(art: Article, spans: list[Span], n: int) -> list[int] | None:
    """The indexes of the last `n` spans that form one whole list ("A, B and C"; not the
    last two of "A, B and C"), or None."""

    def joined(a: Span, b: Span) -> bool:
        return _is_separator([w for w in art.words(a.end, b.start) if not _LIST_FILLER(w)])

    for last in range(len(spans) - 1, n - 2, -1):
        first = last - n + 1
        if (
            all(joined(spans[i], spans[i + 1]) for i in range(first, last))
            and not (first > 0 and joined(spans[first - 1], spans[first]))
            and not (last + 1 < len(spans) and joined(spans[last], spans[last + 1]))
        ):
            return list(range(first, last + 1))
    return None


def _items(
    art: Article,
    sent: Sentence,
    pair: tuple[str, str] | None,
    run: Span,
    cue: Hit,
    n: int,
) -> list[Item] | None:
    periods = [q for p in art.periods(sent, pair) for q in _listed_months(p)]
    words = sent.metric_words
    pools: list[list[Item]] = [
        [Item("country", m.span, country=m.iso3) for m in _distinct(sent.countries)],
        [Item("period", p.span, period=p) for p in periods if p.span is not None],
        [
            Item("metric", Span(w.start, w.end), word=w)
            for w in words
            # "exports and imports" (turnover) is the list of its two words, not an item
            if sum(w.start <= v.start and v.end <= w.end for v in words) < 3
        ],
    ]
    best: tuple[int, list[Item]] | None = None
    # where a list may stand, nearest the cue first: between the figures and the cue, right
    # after the cue ("... respectively in 2010-11, 2011-12 and 2012-13"), before the figures
    windows = ((run.end, cue.start, 2), (cue.end, sent.end, 1), (sent.start, run.start, 0))
    for pool in pools:
        for lo, hi, place in windows:
            inside = [it for it in pool if lo <= it.span.start and it.span.end <= hi]
            found = _coordinated(art, [it.span for it in inside], n)
            if found is None:
                continue
            chosen = [inside[i] for i in found]
            if place == 1 and sum(map(is_word, art.words(cue.end, chosen[0].span.start))) > 1:
                continue  # after the cue, the list follows it at once ("respectively in ...")
            # before the figures, the list that ends last
            rank = 10**9 + place if place else chosen[-1].span.end
            if best is None or rank > best[0]:
                best = (rank, chosen)
            break
    return best[1] if best else None


_TWO_MONTHS = re.compile(rf"({MONTH_PATTERN})\s+and\s+({MONTH_PATTERN})\b", re.IGNORECASE)


def _listed_months(p: Period) -> list[Period]:
    """ "September and October", which the grammar reads as one span, as the two months
    a list names."""
    m = _TWO_MONTHS.match(p.surface)
    if p.span is None or p.rule != "month_range" or m is None:
        return [p]
    out = []
    for k, year in ((1, p.start.year), (2, p.end.year)):
        month = MONTHS[m.group(k).rstrip(".").lower()]
        start = p.span.start + m.start(k)
        out.append(
            replace(
                p,
                start=date(year, month, 1),
                end=date(year, month, calendar.monthrange(year, month)[1]),
                granularity="month",
                span=Span(start, p.span.start + m.end(k)),
                surface=m.group(k),
                rule="month",
            )
        )
    return out


def _distinct(mentions: list[CountryMention]) -> list[CountryMention]:
    """One mention per country in a row ("the United Arab Emirates (UAE)" is one item)."""
    out: list[CountryMention] = []
    for m in mentions:
        if out and out[-1].iso3 == m.iso3:
            continue
        out.append(m)
    return out
