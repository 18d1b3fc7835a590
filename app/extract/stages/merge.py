"""Stage: finish the drafts into claims, and keep a restated figure once.

A figure restated (headline, lead, quote) is kept once: the most specific statement (with a
period, a speaker, in a full sentence rather than a headline, with the most precise figure).
A rounded restatement ("$104bn" for "$104.3 billion") is the same figure. Statements of one
figure with different periods stay apart; one without a period goes with those that have it.
Evidence offsets are mapped back from the normalised text to the stored one.
"""

from __future__ import annotations

import math
from datetime import date

from app.extract.rules import Rule
from app.extract.stages.article import Article, Draft
from app.extract.types import Claim, Evidence, Span

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "merge:restated",
        "a figure stated twice is kept once, in its most specific statement",
        "Kazakhstan-Russia trade hits $26bn\nTrade between Kazakhstan and Russia reached "
        "$26 billion in 2022, Trade Minister Serik Zhumangarin said.",
        shows_in="trace",
    ),
)


def finish(art: Article, d: Draft) -> Claim:
    doc = art.doc
    sent = d.sentence
    fig = d.amount
    ev = doc.original_span(sent.span)
    surface = ""
    if fig is not None:
        fs = doc.original_span(fig.span)
        surface = doc.original[fs.start : fs.end]
    approximation = fig.approximation if fig else "exact"
    if fig is not None and fig.low is not None and fig.high is not None:
        approximation = "about"
    return Claim(
        pair=d.pair,
        origin=d.origin,
        destination=d.destination,
        metric=d.metric,
        measure=d.measure,
        value=d.value,
        unit=d.unit if d.value is not None else None,
        approximation=approximation,
        period=d.period,
        modality=d.modality,
        speaker=d.speaker,
        speaker_original=d.speaker_original,
        evidence=Evidence(doc.original[ev.start : ev.end], ev.start, ev.end),
        confidence=max(0.05, min(0.99, d.confidence)),
        surface=surface,
        rules=tuple(r for r in d.rules if r)
        + ((f"periods:{d.period.rule}",) if d.period is not None and d.period.rule else ()),
    )


def merge(art: Article) -> None:
    claims = [finish(art, d) for index in sorted(art.drafts) for d in art.drafts[index]]
    art.claims = _merge(art, claims)


def _merge(art: Article, claims: list[Claim]) -> list[Claim]:
    """Restatements of one figure become one claim. A claim joins the first cluster (in the
    order they were opened) whose first figure it restates; clusters are filed by key and by
    the magnitude of that figure, so a claim is compared with the few clusters near its own
    value, not with every cluster of the article."""
    groups: dict[tuple[object, ...], list[list[Claim]]] = {}
    filed: dict[tuple[object, ...], dict[int | None, list[int]]] = {}
    for c in claims:
        key = (c.pair, c.metric, c.measure, c.unit, c.origin, c.destination, c.modality)
        clusters = groups.setdefault(key, [])
        near = filed.setdefault(key, {})
        bucket = _magnitude(c.value)
        nearby = [bucket] if bucket is None else [bucket - 1, bucket, bucket + 1]
        for i in sorted(i for b in nearby for i in near.get(b, ())):
            if _same_figure(clusters[i][0], c):
                clusters[i].append(c)
                break
        else:
            near.setdefault(bucket, []).append(len(clusters))
            clusters.append([c])
    kept: list[Claim] = []
    for clusters in groups.values():
        for group in clusters:
            by_period: dict[tuple[date, date] | None, Claim] = {}
            for c in group:
                pk = (c.period.start, c.period.end) if c.period else None
                if pk not in by_period or _specificity(c) > _specificity(by_period[pk]):
                    by_period[pk] = c
            if len(by_period) > 1:
                by_period.pop(None, None)
            kept.extend(by_period.values())
            for c in group:
                if c not in by_period.values():
                    art.note("merge:restated", c.evidence.start)
    return sorted(kept, key=lambda c: c.evidence.start)


# Two figures _same_figure can join differ by at most 3% (of the exact one): on a log scale,
# less than one bucket of this width apart.
_BUCKET = math.log(1 / 0.97) * 1.01


def _magnitude(value: float | None) -> int | None:
    """The bucket of a figure's magnitude and sign (None for a figure-less claim); two
    figures a restatement can join are at most one bucket apart."""
    if value is None or not math.isfinite(value):
        return None
    if value == 0:
        return 0
    step = math.floor(math.log(abs(value)) / _BUCKET)
    # positive and negative figures never meet: a bucket range far from the other's for each
    return step + (10**9 if value > 0 else -(10**9))


def _same_figure(a: Claim, b: Claim) -> bool:
    """One figure stated twice: equal within 0.5%, or a rounded headline ("tops $6.8bn") of an
    exact figure ("$6.87 billion") within 3% on the side its approximation allows."""
    x, y = a.value, b.value
    if x is None or y is None:
        return x is None and y is None
    if x == y or abs(x - y) <= 0.005 * max(abs(x), abs(y)):
        return True
    for rough, exact in ((a, b), (b, a)):
        r, e = rough.value or 0.0, exact.value or 0.0
        if rough.approximation == "at_least" and r <= e <= r * 1.03:
            return True
        if rough.approximation == "at_most" and r * 0.97 <= e <= r:
            return True
        if rough.approximation == "about" and abs(r - e) <= 0.03 * abs(e):
            return True
    return False


def _specificity(c: Claim) -> tuple[bool, bool, bool, int, float]:
    # among restatements: the one with a period, a speaker, in a full sentence rather than a
    # headline, with the most precise figure
    digits = sum(ch.isdigit() for ch in c.surface)
    sentence = c.evidence.text.rstrip()[-1:] in ".!?\u201d\"'\u2019)"
    return (c.period is not None, c.speaker is not None, sentence, digits, c.confidence)


_ = Span
