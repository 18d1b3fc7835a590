"""Stage: what one sentence borrows from the sentences before it.

Read in order, an article keeps three things current: the period its figures last referred
to (and every period it has been), the direction it last gave each flow of a pair, and its
last level figure. A sentence that restates that figure without a metric word ("In dirhams,
that is roughly AED 33 billion"; "The figure is expected to exceed $4.5bn") gives claims of
the same metric and pair; a figure with no period of its own takes the article's ("over the
same period"); a flow stated without its direction takes the article's last one for it.
"""

from __future__ import annotations

from dataclasses import replace

from app.extract.grammars import is_comparison, named_length
from app.extract.rules import Rule
from app.extract.stages import period as periods
from app.extract.stages.article import Article, Draft, Sentence
from app.extract.stages.figures import local_currency
from app.extract.stages.measure import abs_change_before, change_direction, pct_change_after
from app.extract.stages.modality import modality
from app.extract.stages.pairs import sentence_pair, structures
from app.extract.stages.sentences import has_metric, read
from app.extract.types import Metric, Period
from app.extract.words import ANY, LOWER, SOMETHING, Pattern, alt, in_class, opt, rep, seq, word

_RESTATE_REACH = 2  # sentences after a claim that may restate it
_MEASURE_RULE = {
    "level": "measure:level",
    "growth_pct": "measure:pct-change",
    "growth_abs": "measure:abs-change",
}
_MORE = in_class("more_word")
_LESS = in_class("less_word")

# "the figure", "this amount", "equivalent", "that is", "in dollar terms", "it reached",
# "bringing it to"
_ANAPHORS: tuple[Pattern, ...] = (
    seq(word("anaphor_det"), opt(ANY), word("anaphor_noun")),
    word("restate_word"),
    seq(word("that_which"), word("is_exact")),
    seq(word("in_exact"), opt(ANY), word("terms_word")),
    seq(
        word("they_it"),
        opt(ANY),
        alt(word("reach_verb"), seq(word("reach_head"), word("reach_tail"))),
    ),
    seq(word("raise_verb"), word("it_this_that"), word("to_exact")),
)
# at the sentence's start: "In dirhams, ...", "That was an increase of ..."
_ANAPHOR_OPENINGS: tuple[Pattern, ...] = (
    seq(word("in_cap"), LOWER),
    seq(word("bare_anaphor_cap"), word("reach_verb")),  # "Показатель превысил $2 млрд"
    seq(word("pronoun_cap"), word("copula"), opt("article"), opt(ANY), word("change_noun_word")),
)
# "That is 5% more", "This too was higher than", "it has also increased": a change of the
# figure just given
_CHANGE_OPENING = seq(
    word("pronoun_any"),
    opt("also"),  # "This too was higher than ..."
    word("copula_short"),
    opt("article"),
    rep(SOMETHING, 0, 5),
    word("change_comparative"),
)
_PRONOUN_CHANGE = seq(
    alt(word("it_this_that_any"), seq(word("det_the"), word("figure_word"))),
    opt("perfect_aux_word"),
    opt("also"),
    alt(word("change_past"), seq(word("was"), word("up_down"))),
)

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "period:lead-forward",
        "a headline's or lead's change with no period, before the article names any, takes "
        "the first period it then names",
        "Trade between Kazakhstan and Russia falls 12%\n\nKazakhstan's exports to Russia rose "
        "to $9 billion in January-April 2023.",
        published="2023-05-20",
    ),
    Rule(
        "period:restated",
        "a restating sentence's figure with no period of its own has the restated figure's",
        "Trade between Kazakhstan and Russia reached $26 billion in 2022. That was a 7 percent "
        "increase.",
    ),
    Rule(
        "direction:home",
        "a flow whose sides are never named, in an article whose home is a side of the pair, "
        "is the home's (its exports, or its imports from the other side)",
        "Argentina's economy grew. Argentina and China signed a deal. Argentina's trade with "
        "China rose in the first half. Exports to the Asian country dropped 15% to US$3.07 "
        "billion.",
    ),
    Rule(
        "restates:previous",
        "a sentence with no metric word that speaks of the last figure restates it",
        "Trade between Kazakhstan and Russia reached $26 billion in 2022. In rubles, that is "
        "about 1.8 trillion rubles.",
    ),
)


def _search(patterns: tuple[Pattern, ...], words: list[str]) -> bool:
    """Whether any pattern matches anywhere in `words`."""
    return any(p.search(words) for p in patterns)


def restates(art: Article, lo: int, hi: int) -> bool:
    words = art.words(lo, hi)
    if _search(_ANAPHORS, words):
        return True
    if any(p.prefix(words) is not None for p in _ANAPHOR_OPENINGS):
        return True
    return pronoun_change(words)


def pronoun_change(words: list[str]) -> bool:
    return _CHANGE_OPENING.prefix(words) is not None or _search((_PRONOUN_CHANGE,), words)


def restatements(art: Article, sent: Sentence, last: Draft) -> list[Draft]:
    """Figures in a sentence that speaks of the previous claim's figure without naming the
    metric: "In dirhams, that is roughly AED 33 billion"; "the figure is expected to exceed
    $4.5bn"; "In the first half of this year it increased by another 35%"."""
    out = []
    periods_here = art.periods(sent, last.pair)
    seg = (sent.start, sent.end)
    for fig in sent.figures:
        if fig.kind == "percentage_points":
            continue
        start = fig.span.start
        # the sentence names no metric, so whatever else it names before the figure is what
        # the figure measures: "In contrast, remittances from Chinese workers totaled $3.5m"
        if art.hits.any("exclude", sent.start, start):
            continue
        if fig.kind == "percent":
            # "This was a 17 percent increase", "The figure saw a 33% rise", "up 14.2
            # percent": a change word around the percentage, and no share
            if art.hits.any("share", sent.start, sent.end):
                continue
            direction = change_direction(art, sent.start, start)
            change_after = pct_change_after(art, fig.span.end, sent.end)
            after = art.words(fig.span.end, min(sent.end, fig.span.end + 20))
            if after and _MORE(after[0]):
                direction = 1
            elif after and _LESS(after[0]):
                direction = -1
            elif change_after is not None:
                direction = (
                    change_after[1]
                    or change_direction(art, fig.span.end, change_after[0])
                    or direction
                )
            if direction == 0 or not (
                change_after is not None
                or pronoun_change(art.words(sent.start, start))
                or art.just_before("up", start, sent.start)
                or art.just_before("down", start, sent.start)
                or art.just_before("change_before", start, sent.start)  # "a rise of 10.6%"
            ):
                continue
            measure = "growth_pct"
            value = -abs(fig.value) if direction < 0 else abs(fig.value)
            unit = "percent"
        else:
            measure, value = "level", fig.value
            unit = local_currency(fig.unit, fig.shared, last.pair, art.frame.first)
            if abs_change_before(art, start, sent.start):
                # "That was an increase of about $560 million", "a drop of €7.4 billion"
                measure = "growth_abs"
                negative = change_direction(art, sent.start, start) < 0
                value = -abs(fig.value) if negative else abs(fig.value)
        mod, mod_rule = modality(art, seg, start, fig.span.end)
        spans = [f.span for f in sent.figures if f.kind != "percentage_points"]
        period, period_rule = periods.period_for(
            art,
            sent,
            periods_here,
            seg,
            start,
            measure,  # type: ignore[arg-type]
            mod,
            spans,
        )
        if period is None and mod == "actual" and last.period is not None:
            # "This was a 17 percent increase from $447.8m ... during the 2019-2020 period":
            # the base's period is the base's; the change is the restated figure's
            period, period_rule = last.period, "period:restated"
        out.append(
            replace(
                last,
                sentence=sent,
                amount=fig,
                measure=measure,  # type: ignore[arg-type]
                value=value,
                unit=unit,
                modality=mod,
                period=period,
                seg=seg,
                rules=[
                    "restates:previous",
                    f"figure:{fig.rule or fig.kind}",
                    f"metric:{last.metric}",
                    _MEASURE_RULE[measure],
                    mod_rule,
                    *([period_rule] if period_rule else []),
                ],
                confidence=0.7,
                speaker=None,
            )
        )
    return out


def _home_direction(art: Article, d: Draft) -> None:
    """ "Exports to the Asian country dropped 15%" in an Argentine report: a flow whose
    sides the text never names is the article's home's, when the home is a side."""
    assert d.pair is not None
    home = art.frame.home
    if home not in d.pair:
        return
    other = d.pair[1] if d.pair[0] == home else d.pair[0]
    d.origin, d.destination = (home, other) if d.metric == "exports" else (other, home)
    d.rules.append("direction:home")


def context(art: Article) -> None:
    """Walk the article in order: restatements, and the period and direction context."""
    context_period: Period | None = None
    history: list[Period] = []
    directions: dict[tuple[tuple[str, str], Metric], tuple[str | None, str | None]] = {}
    last: tuple[int, Draft] | None = None
    # a headline's or lead's change read before the article has named any period waits for
    # the first one it names ("Exports to Argentina drop 25%" ... "in January-October")
    waiting: list[Draft] = []
    for index, span in enumerate(art.doc.sentences):
        metric_here = has_metric(art, span)
        if metric_here:
            drafts = art.drafts.get(index, [])
            sent = art.sentences[index]
        elif (
            last is not None
            and index - last[0] <= _RESTATE_REACH
            and restates(art, span.start, span.end)
        ):
            sent = read(art, index, span)
            art.sentences[index] = sent
            if sent.light:
                continue
            drafts = restatements(art, sent, last[1])
            art.drafts[index] = drafts
        else:
            continue
        if not drafts:
            framing = periods.sentence_period(art, sent) if metric_here else None
            if framing is not None:
                context_period = framing
                history.append(framing)
            continue
        for d in drafts:
            earlier = periods.same_months(d.period, history) if d.period is not None else None
            if earlier is not None:
                # "during the nine months" after "July-March FY24": the article's nine months
                d.period = earlier
                d.rules.append("period:context-months")
        # the sentence's own periods, which become the article's context: "the corresponding
        # period of 2020" is another period's months in another year, and "compared to
        # Ush908.7 billion in 2017" a base's period, so neither is
        own = [
            d.period
            for d in drafts
            if d.period is not None
            and d.modality == "actual"
            and not is_comparison(d.period)
            and d.period.rule != "same_period_of_year"
            and not (
                d.amount is not None and periods.is_base_at(art, d.amount.span.start, sent.start)
            )
        ]
        for d in drafts:
            key = (d.pair, d.metric)
            if d.origin is None and d.metric != "turnover" and key in directions:
                # "In manat terms, exports in the first half came to ...": the direction of the
                # article's last statement of the same flow
                d.origin, d.destination = directions[key]
                d.rules.append("direction:context")
            elif d.origin is not None:
                directions[key] = (d.origin, d.destination)
            elif d.metric in ("exports", "imports") and d.pair is not None:
                _home_direction(art, d)
        stext = art.text[sent.start : sent.end]
        reference = own[0] if own else context_period
        for d in drafts:
            if d.period is not None and d.period.rule == "same_period_of_year" and reference:
                # "the corresponding period of 2020": the months the article speaks of
                moved = periods.same_months_in(reference, d.period.start.year)
                if moved is not None:
                    d.period = moved
                    d.rules.append("period:same-months-of-year")
        for d in drafts:
            moved = periods.base_in_months_of(art, d, reference)
            if moved is not None:
                # "Ush1.5 trillion in January-September 2018, compared to Ush908.7 billion in
                # 2017": the base is the same months of its year
                d.period = moved
                d.rules.append("period:base-same-months")
        for d in drafts:
            moved = periods.base_year_before(art, d, drafts)
            if moved is not None:
                # "to $1.10 billion in 2022 from $1.60 billion": the base is 2021
                d.period = moved
                d.rules.append("period:base-year-before")
        for d in drafts:
            if d.period is None and own and periods.inherits_period(art, d):
                # "... £18.9bn in 2022, while ... £9.3bn the same year", "C$89.4bn in 2023,
                # while exports fell 7.1% to C$28.9bn": the sentence's own period
                d.period = own[0]
                d.rules.append("period:same-sentence")
            if d.period is None and context_period is not None and periods.inherits_period(art, d):
                # "over the same nine months": the article's last nine-month period
                length = named_length(stext)
                d.period = periods.latest_of_length(history, length) if length else None
                d.period = d.period or context_period
                d.rules.append("period:context")
            elif d.period is None and context_period is None and d.measure != "level":
                # a change always spans a period; a level may be a stock at a date
                waiting.append(d)
        if own:
            context_period = own[0]
            history.append(context_period)
            for d in waiting:
                if periods.inherits_period(art, d):
                    d.period = context_period
                    d.rules.append("period:lead-forward")
            waiting = []
        # the figure a later sentence restates: the sentence's last level ("In dirhams, that
        # is ..."), else its last change ("Trade grew 23.1%. The figure exceeded $2 billion")
        figured = [d for d in drafts if d.value is not None and d.measure == "level"] or [
            d for d in drafts if d.value is not None
        ]
        if figured:
            last = (index, figured[-1])


__all__ = ["context", "restatements", "restates", "sentence_pair", "structures"]
