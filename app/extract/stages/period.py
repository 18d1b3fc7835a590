"""Stage: the period a figure refers to.

The periods grammar (`app/extract/periods.py`) reads every period of a sentence once; this
stage chooses a figure's: the nearest in its clause with no other figure in between that is
not a comparison base ("compared with 2021", "on the previous year"), not the date a
statement was made ("said in December"), not a record's base ("the lowest since 2010");
else a period that frames the whole sentence ("In 2022, ..."). A base figure ("from $13.6bn
a year earlier") takes the base period. A goal takes its deadline ("by 2030").
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date

from app.extract.grammars import is_comparison
from app.extract.periods import month_count, shift
from app.extract.rules import Rule
from app.extract.stages.article import Article, Draft, Sentence
from app.extract.types import Measure, Modality, Period, Span
from app.extract.words import ANY, alt, in_class, is_word, opt, rep, seq, word

# the rules of periods written with both ends ("January-July", "с января по август")
_SPAN_RULES = frozenset(
    {
        "day_range",
        "day_range_day_first",
        "month_range",
        "month_range_years",
        "month_range_fiscal",
        "year_range",
        "ru_day_range",
        "ru_month_range",
        "ru_month_range_years",
        "ru_quarter_range",
        "ru_year_range",
    }
)
_DEADLINE = in_class("deadline_word")
_SINCE = in_class("since")
_SINCE_EVENT = in_class("since_event")
_THE = in_class("det_the")
_TO_DATE = in_class("to_date_word")
_TO = in_class("to_exact")
_DURATION = in_class("duration_word")
_STOCK_PARTICIPLE = in_class("stock_participle")
_BY = in_class("by")
_NOT_FRAMING = in_class("not_framing")
# "compared with the same period of 2022", "than in", "from their 2022 peak"
_SAME_PHRASE = seq(
    opt("same_det_any"),
    word("same_word"),
    opt(ANY),
    opt(seq(word("period_noun"), opt("base_link"))),
)
# "than that recorded in 2018": the earlier figure named again before its period
_RESTATED_BASE = rep(word("base_restated"), 0, 2)
_COMPARISON_TAIL = seq(opt(_SAME_PHRASE), _RESTATED_BASE, opt("base_link"), opt("det_the"))
_CHANGE_BASE_TAIL = seq(word("change_base_prep"), opt("det_the"))
_REPORTED_TAIL = seq(word("reporting_past"), opt("on_in"))
# "from about $2bn", "from the current value of $1.3bn", "from a record $5.7bn"
_BASE_TAIL = seq(
    opt(alt(word("det_the"), word("article"))),
    rep(word("base_level_word"), 0, 2),
    opt("of"),
    opt("base_approx"),
)
_THAN = in_class("than_word")
_COMPARATIVE = in_class("comparative_approx")
_IN_FOR = opt("in_for_during")
# "from USD 1.2 billion, recorded in the year 2018": the words between a base figure and its
# own period
_BASE_OWN_GAP = seq(
    opt("comma"),
    _RESTATED_BASE,
    _IN_FOR,
    opt(seq(word("det_the"), word("period_noun"))),
)
_CHANGE_FIGURE_TAIL = seq(opt("by"), opt("change_approx"))
_SAME_PERIOD_TAIL = seq(opt(ANY), word("period_noun"))
_RECORD_GAP = rep(ANY, 0, 2)
_ATTACHED_WORDS = 4  # words between a figure and a period after it that still attach it
# "reached $7.4 billion, and in the first half of this year": a period after a new clause
_NEW_CLAUSE = seq(word("comma"), word("clause_conjunction"))

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "period:respectively",
        "a figure matched 'respectively' with a period of a list takes that period",
        "Uganda's exports to Kenya were $40m, $39m and $36m in August, September and October "
        "respectively.",
        published="2021-12-15",
    ),
    Rule(
        "period:own",
        "the nearest period of the figure's clause that is not a comparison base",
        "Trade between Kazakhstan and Russia reached $26 billion in 2022.",
    ),
    Rule(
        "period:base",
        "a base figure takes the base period",
        "Imports from China fell to $10.6 billion in 2023 from $13.6 billion in 2022, Pakistan "
        "said.",
    ),
    Rule(
        "period:bracketed",
        "a figure in brackets right after a period is that period's",
        "Kazakhstan's imports from Russia in 2023 totaled $17 billion, an 11.9 percent increase "
        "compared to the 2022 figures ($15.2 billion).",
    ),
    Rule(
        "period:span-end",
        "a change from one figure to another over two years: each figure its year",
        "Between 2015 and 2016, Morocco's imports from Spain rose from $4.4 billion to $6.2 "
        "billion.",
    ),
    Rule(
        "period:frame",
        "a period that opens the sentence frames every figure after it",
        "In 2022 trade grew; exports from Kazakhstan to Russia rose 5% to $9 billion.",
    ),
    Rule(
        "period:deadline",
        "a goal takes its deadline ('by 2030')",
        "Kazakhstan and Russia aim to bring trade to $30 billion by 2030.",
    ),
    Rule(
        "modality:deadline",
        "a 'by' deadline still ahead makes a figure a goal",
        "The plan: trade between Kazakhstan and Russia of $30 billion by 2030.",
    ),
    Rule(
        "modality:past-period",
        "a bare 'increasing ... to' figure whose own period is over: actual, not a goal",
        "Trade between Armenia and Iran has been increasing, from $206 million in 2009 to $273 "
        "million last year.",
        published="2011-12-25",
    ),
    Rule(
        "period:to-date",
        "an actual figure 'by' or 'through' a month is the year so far",
        "By September, trade between Kazakhstan and Russia had grown 12% to $18 billion.",
        published="2022-11-08",
    ),
    Rule(
        "period:same-months-of-year",
        "'the same period of 2022' is the months the article speaks of, in 2022",
        "Trade between Kazakhstan and Russia reached $9 billion in January-April 2023, up from "
        "$8 billion in the same period of 2022.",
        published="2023-05-20",
    ),
    Rule(
        "period:base-year-before",
        "a base figure with no period of its own, compared with a figure of some period, is that "
        "period a year before: a base is never the period it is compared with",
        "Trade between Egypt and Japan retreated by 26.3% year-on-year to $1.10 billion in 2022 "
        "from $1.60 billion.",
        published="2023-06-01",
    ),
    Rule(
        "period:base-same-months",
        "a base figure dated by a bare year, beside some months of another year, is those "
        "months of its year",
        "Kazakhstan's exports to Russia reached $7 billion in January-September 2023, compared "
        "to $6 billion in 2022.",
        published="2023-11-20",
    ),
    Rule(
        "period:stock-at-date",
        "an investment level 'as of' a date is a stock: no period",
        "Chinese investment in Kazakhstan stood at $20 billion as of end-March 2024.",
        shows_in="trace",
    ),
    Rule(
        "period:same-sentence",
        "a figure with no period of its own takes its sentence's",
        "Kazakhstan's exports to Russia reached $9 billion in 2023, while imports from Russia "
        "fell 3% to $16 billion.",
    ),
    Rule(
        "period:context",
        "a figure with no period takes the one the article is talking about",
        "Trade between Kazakhstan and Russia reached $26 billion in 2022. Exports from "
        "Kazakhstan to Russia grew 5% to $9 billion.",
    ),
    Rule(
        "period:context-months",
        "'the nine months' takes the article's last nine-month period",
        "Pakistan's exports to China reached $2 billion in July-March FY24. During the nine "
        "months, imports from China rose 5% to $9 billion.",
        published="2024-04-20",
    ),
)


def is_base_at(art: Article, pos: int, lo: int) -> bool:
    """ "from $10.9 billion in 2021-22": the figure at `pos` is what a change is measured
    against."""
    hit = art.hits.last("base_prep", max(lo, pos - 50), pos)
    if hit is None or not art.text[hit.end : hit.end + 1].isspace():
        return False
    if _THAN(hit.key):
        before = art.words(max(lo, hit.start - 20), hit.start)
        if before and _COMPARATIVE(before[-1]):
            return False  # "more than $5bn" is an approximation, not a base
    return _BASE_TAIL.fullmatch(art.words(hit.end, pos))


def _comparison_before(art: Article, sent: Sentence, start: int) -> bool:
    """ "compared with 2021", "than in the same period last year": a comparison word (and
    its linking words) right before a period."""
    lo = max(sent.start, start - 60)
    for hit in reversed(art.hits.of("comparison_word", lo, start)):
        if art.hits.covering("as_of", hit.start, hit.start + 1) is not None:
            continue  # "As of November": a date, not "as" of a comparison
        if art.text[hit.end : hit.end + 1].isspace() and _COMPARISON_TAIL.fullmatch(
            art.words(hit.end, start)
        ):
            return True
    return False


def _tail(art: Article, lo: int, start: int, n: int = 4) -> list[str]:
    return art.words(max(lo, start - 40), start)[-n:]


def _change_base_before(art: Article, sent: Sentence, start: int) -> bool:
    """ "up 5% over 2022", "a rise on the previous year": a base only for a change."""
    return _CHANGE_BASE_TAIL.suffix(_tail(art, sent.start, start, 2))


def _after_reporting(art: Article, sent: Sentence, start: int) -> bool:
    """ "said in December": the date a statement was made."""
    return _REPORTED_TAIL.suffix(_tail(art, sent.start, start, 2))


_SINCE_REACH = 8  # words from "since" to the period of the event it dates


def _since_event(art: Article, sent: Sentence, start: int, pos: int) -> bool:
    """ "grew 29% since the establishment of diplomatic ties in 1998": the period dates the
    start of the figure's span, not its period ("Since trade peaked in 2011 at $108 billion"
    dates the figure inside the phrase)."""
    words = art.words(max(sent.start, pos, start - 80), start)[-_SINCE_REACH:]
    cut = max((i for i, w in enumerate(words) if w in (",", ";", ":")), default=-1)
    return any(_SINCE_EVENT(w) for w in words[cut + 1 :])


def _change_figure(art: Article, f: Span, lo: int) -> bool:
    """ "rose by about $2bn", "a 44.5% increase over ...": a change figure."""
    if art.just_after("pct_change_after", f.end, f.end + 30) is not None:
        return True
    hit = art.hits.last("change_before", max(lo, f.start - 30), f.start)
    if hit is None or not art.text[hit.end : hit.end + 1].isspace():
        return False
    return _CHANGE_FIGURE_TAIL.fullmatch(art.words(hit.end, f.start))


def period_for(
    art: Article,
    sent: Sentence,
    periods: list[Period],
    seg: tuple[int, int],
    pos: int,
    measure: Measure,
    modality: Modality = "actual",
    figures: list[Span] | None = None,
) -> tuple[Period | None, str]:
    """The period a figure at `pos` refers to, and the rule that chose it."""
    ref = art.ref
    bracketed = _bracketed_after(art, periods, pos)
    if bracketed is not None:
        return bracketed, "period:bracketed"
    own_end = next((f.end for f in figures or [] if f.start <= pos < f.end), pos)
    # "US$190 billion (RM855 billion) this year": the figure and its restatement are one
    own_end, restated = _restatement(art, sent, own_end)
    others = [f for f in figures or [] if not f.start <= pos < f.end and f != restated]
    # "compared with $8.2 billion in the previous fiscal year": a base figure takes the base period
    base_figure = is_base_at(art, pos, sent.start)
    candidates = []
    for p in periods:
        if p.span is None:
            continue
        ps = p.span.start
        comparison = (
            is_comparison(p)
            or _comparison_before(art, sent, ps)
            or (measure != "level" and _change_base_before(art, sent, ps) and not _duration(p))
            or (
                art.hits.covering("comparison_start", ps, ps + 1) is not None
                and p.rule not in _SPAN_RULES
            )
        )
        if comparison and (measure != "level" or not base_figure):
            continue
        if _after_reporting(art, sent, ps):
            continue
        if _SINCE(_first_word(p)) and p.rule not in _SPAN_RULES:
            continue  # "since 2010" is a stock's start; "с января по август" a span
        if p.rule not in _SPAN_RULES and ps > pos and _since_event(art, sent, ps, pos):
            continue
        if p.granularity == "day":
            continue
        if ps > pos and any(
            pos < f.start < ps
            and (
                modality != "actual"
                or is_base_at(art, f.start, sent.start)
                or (measure == "level" and _change_figure(art, f, sent.start))
            )
            for f in others
        ):
            # "to $10.6bn from $13.6bn a year earlier": the period after a base figure is its own
            continue
        if not base_figure and any(
            f.end <= ps
            and _BASE_OWN_GAP.fullmatch(art.words(f.end, ps))
            and is_base_at(art, f.start, sent.start)
            for f in others
        ):
            continue  # "compared with $4.1bn in fiscal 2022/2023": a base figure's own period
        candidates.append(p)
    a, b = seg
    inside = [p for p in candidates if p.span and a <= p.span.start < b]
    rule = "period:base" if base_figure else "period:own"
    if not inside:
        first_figure = min([f.start for f in figures or []] + [pos])
        inside = [p for p in candidates if p.span and p.span.end <= min(a, first_figure)]
        rule = "period:frame"
    if not inside:
        return None, ""
    if modality != "actual":
        goals = [p for p in inside if _DEADLINE(_first_word(p))]
        ahead = [p for p in inside if ref is None or p.end >= ref]
        inside = goals or ahead
        rule = "period:deadline" if goals else rule
        if not inside:
            return None, ""
    attached = [
        p
        for p in inside
        if p.span is not None
        and p.span.start >= own_end
        and sum(map(is_word, art.words(own_end, p.span.start))) <= _ATTACHED_WORDS
        and _NEW_CLAUSE.prefix(art.words(own_end, p.span.start)) is None
    ]
    before = [p for p in inside if p.span is not None and p.span.end <= pos]
    # "$1bn in 2021" attaches its period; "In 2021 Tanzania exported $1bn to India and
    # previously in 2020 ...": a period further after the figure starts another statement,
    # so the clause's period before the figure wins over it
    pool = attached or before or inside

    def gap(p: Period) -> int:
        """Characters between the figure and the period, on whichever side it stands."""
        assert p.span is not None
        return p.span.start - own_end if p.span.start >= own_end else abs(pos - p.span.end)

    best = min(pool, key=gap)
    ends = _span_end_for(art, sent, best, pos, base_figure, others)
    if ends is not None:
        return ends, "period:span-end"
    return best, rule


def _restatement(art: Article, sent: Sentence, end: int) -> tuple[int, Span | None]:
    """A money figure ending at `end` restated in another currency in brackets right after
    it ("US$190 billion (RM855 billion)"): the end of the bracket and the restatement's span;
    otherwise `end` and None."""
    text = art.text
    main = next((f for f in sent.figures if f.span.end == end), None)
    if main is None or main.kind != "money":
        return end, None
    for f in sent.figures:
        if f.span.start <= end:
            continue
        if (
            f.kind == "money"
            and f.unit != main.unit
            and text[end : f.span.start].strip() == "("
            and text[f.span.end : f.span.end + 1] == ")"
        ):
            return f.span.end + 1, f.span
        break
    return end, None


def _duration(p: Period) -> bool:
    """ "over the past year", "over the last five years": how long, not what against."""
    words = p.surface.lower().split()[:2]
    return len(words) == 2 and _THE(words[0]) and _DURATION(words[1])


def _span_end_for(
    art: Article,
    sent: Sentence,
    p: Period,
    pos: int,
    base_figure: bool,
    others: list[Span],
) -> Period | None:
    """ "Between 2015 and 2016, imports rose from $4.4bn to $6.2bn": the change's first
    figure is the span's first year, its second figure the last."""
    if p.rule != "year_range" or p.start.year == p.end.year or p.granularity == "fiscal_year":
        return None
    if base_figure:
        year = p.start.year
    else:
        words = art.words(max(sent.start, pos - 20), pos)
        if not words or not _TO(words[-1]):
            return None
        if not any(f.end <= pos and is_base_at(art, f.start, sent.start) for f in others):
            return None
        year = p.end.year
    return replace(p, start=date(year, 1, 1), end=date(year, 12, 31), granularity="year")


def _bracketed_after(art: Article, periods: list[Period], pos: int) -> Period | None:
    """ "compared to the 2022 figures ($770.2 million)": a figure in brackets right after a
    period is that period's."""
    text = art.text
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0 or text[i] != "(":
        return None
    for p in reversed(periods):
        if p.span is None or p.span.end > i:
            continue
        if p.granularity != "day" and sum(map(is_word, art.words(p.span.end, i))) <= 1:
            return p
        break
    return None


def _first_word(p: Period) -> str:
    first = p.surface.split(maxsplit=1)
    return first[0] if first else ""


def choose(art: Article, d: Draft) -> None:
    """The draft's own period; a goal's deadline; no period for a stock at a date."""
    assert d.amount is not None
    sent = d.sentence
    periods = art.periods(sent, d.pair)
    spans = [f.span for f in sent.figures if f.kind != "percentage_points"]
    start = d.amount.span.start
    if d.listed_period is not None:
        # "$40m, $39m and $36m in August, September and October respectively"
        d.period = d.listed_period
        d.rules.append("period:respectively")
        return
    d.period, rule = period_for(art, sent, periods, d.seg, start, d.measure, d.modality, spans)
    ref = art.ref
    if (
        d.modality == "actual"
        and d.period is not None
        and ref is not None
        and d.period.end >= ref
        and _BY(_first_word(d.period))
    ):
        # "to reach $100 billion by 2025": a deadline still ahead makes the figure a goal
        d.modality = "target"
        d.rules[-1] = "modality:deadline"
        d.period, rule = period_for(art, sent, periods, d.seg, start, d.measure, d.modality, spans)
    if (
        d.modality == "target"
        and d.period is None
        and d.rules[-1:] == ["modality:target-weak"]
        and ref is not None
    ):
        # "has been increasing, from $206m in 2009 to $273m last year": a bare 'increasing
        # ... to' whose own period is already over says what the flow did, not a goal
        past, past_rule = period_for(art, sent, periods, d.seg, start, d.measure, "actual", spans)
        if past is not None and past.end < ref and past_rule == "period:own":
            d.modality = "actual"
            d.rules[-1] = "modality:past-period"
            d.period, rule = past, past_rule
    if (
        d.period is not None
        and d.period.span is not None
        and d.metric == "investment"
        and d.measure == "level"
        and _stock_at_date(art, sent, d.period.span)
    ):
        d.period = None  # "stood at $19.3bn as of end-March 2024": a stock at a date, no period
        art.note("period:stock-at-date", start)
        rule = ""
    if (
        d.modality == "actual"
        and d.period is not None
        and d.period.granularity == "month"
        and d.period.span is not None
        and (
            _TO_DATE(_first_word(d.period))
            or art.just_before("as_of", d.period.span.start, sent.start) is not None
        )
        and d.metric != "investment"
    ):
        # "By September, trade had grown by 130%": the year so far, not September alone
        d.period = replace(d.period, start=d.period.start.replace(month=1), granularity="range")
        rule = "period:to-date"
    if rule:
        d.rules.append(rule)


def _stock_at_date(art: Article, sent: Sentence, span: Span) -> bool:
    """ "as of end-March 2024", "at the end of 2023": the date a stock stood at."""
    return art.hits.any("as_of", max(sent.start, span.start - 20), span.end)


def sentence_period(art: Article, sent: Sentence) -> Period | None:
    """The period a trade sentence that gives no claim talks about ("Kazakhstan's foreign
    trade reached $139.8bn in 2023", "Trade with China in January-September 2023:"), for the
    figures after it."""
    frame = art.frame
    pair = frame.pair or ((frame.home, frame.home) if frame.home else None)
    for p in art.periods(sent, pair) if pair else []:
        if p.granularity == "day" or is_comparison(p) or _not_framing(art, p):
            continue
        if not _beside_metric(sent, p):
            continue  # "exports to China ..., as China made 57.4% of steel in April 2023"
        return p
    return None


def _beside_metric(sent: Sentence, p: Period) -> bool:
    """The period stands in a clause with a metric word, or opens the sentence."""
    assert p.span is not None
    clause = sent.clause_of(p.span.start)
    if clause[0] == sent.start:
        return True
    return any(clause[0] <= w.start < clause[1] for w in sent.metric_words)


def _not_framing(art: Article, p: Period) -> bool:
    """ "by 2030", "since 2015", "over the past five years": no frame for later figures."""
    assert p.span is not None
    return (
        _NOT_FRAMING(_first_word(p))
        or art.hits.covering("not_framing_phrase", p.span.start, p.span.start + 1) is not None
    )


def same_months(p: Period, history: list[Period]) -> Period | None:
    """A bare "the nine months" / "over eight months" naming as many months as a period the
    article talked about is the latest such period, whatever year it starts in."""
    if p.rule != "months_so_far":
        return None
    earlier = latest_of_length(history, month_count(p))
    if earlier is None or (earlier.start, earlier.end) == (p.start, p.end):
        return None
    return earlier


def same_months_in(reference: Period, year: int) -> Period | None:
    """The months of `reference` in `year` ("the same period of 2022" after "January-April
    2023" is January-April 2022); None when the reference is a whole year or spans years."""
    if reference.start.year != reference.end.year or month_count(reference) >= 12:
        return None
    end = reference.end
    last = calendar.monthrange(year, end.month)[1]
    return replace(
        reference,
        start=reference.start.replace(year=year),
        end=date(year, end.month, min(end.day, last)),
        rule="same_period_of_year",
    )


def base_in_months_of(art: Article, d: Draft, reference: Period | None) -> Period | None:
    """A base figure dated by a bare year, in a sentence about some months of another year
    ("Ush1.5 trillion ... compared to Ush908.7 billion in 2017", after "January-September
    2018"), is the same months of its year; "last year" is the year before those months."""
    if (
        reference is None
        or d.amount is None
        or d.period is None
        or d.period.rule not in ("year", "relative")
        or d.period.granularity != "year"
        or not is_base_at(art, d.amount.span.start, d.sentence.start)
    ):
        return None
    year = d.period.start.year
    if year == reference.start.year:
        if d.period.rule != "relative":
            return None
        # "$4.4m against $13.3m last year" in a report on July-December 2023, published in
        # 2024: a base is never the period it is compared with, so the year before it
        year -= 1
    moved = same_months_in(reference, year)
    if moved is None:
        return None
    return replace(moved, span=d.period.span, surface=d.period.surface, rule=d.period.rule)


def base_year_before(art: Article, d: Draft, drafts: list[Draft]) -> Period | None:
    """A base figure that took the period of the figure it is compared with ("to $1.10 billion
    in 2022 from $1.60 billion"), for want of one of its own, is that period a year before.
    Compared with means: the same pair, flow and direction, and the period written before the
    base (a period after it is its own; "exports of $5bn against $2bn of imports" contrasts
    two flows, it measures no change). The period a year before is the same span twelve months
    earlier (periods.shift). A month alone is left as it is: a base of one month is as often
    the month before."""
    p = d.period
    if (
        p is None
        or p.span is None
        or d.amount is None
        or d.measure != "level"
        or d.modality != "actual"
        or month_count(p) < 3
        or not is_base_at(art, d.amount.span.start, d.sentence.start)
    ):
        return None
    if p.span.start > d.amount.span.start:
        return None  # "from $206 million in 2009 to ...": a period after the base is its own
    compared = [
        o
        for o in drafts
        if o is not d
        and (o.pair, o.metric, o.origin, o.destination)
        == (d.pair, d.metric, d.origin, d.destination)
        and o.period is not None
        and (o.period.span, o.period.start, o.period.end) == (p.span, p.start, p.end)
        and o.amount is not None
        and not is_base_at(art, o.amount.span.start, o.sentence.start)
    ]
    if not compared:
        return None
    start, end, _ = shift((p.start, p.end, p.granularity), -12)
    return replace(p, start=start, end=end)


def latest_of_length(history: list[Period], months: int) -> Period | None:
    return next((h for h in reversed(history) if month_count(h) == months), None)


def inherits_period(art: Article, d: Draft) -> bool:
    """A figure with no period of its own refers to the period the article is talking about
    ("over the same period", "during the year"), unless it is a goal, a forecast or a stock
    ("accumulated investment", "Saudi investments in Egypt amount to $32bn")."""
    if d.modality != "actual":
        return False
    sent = d.sentence
    lo, hi = sent.start, sent.end
    if art.hits.any("same_period", lo, hi):
        return True
    for h in art.hits.of("same_det", lo, hi):
        if _SAME_PERIOD_TAIL.prefix(art.words(h.end, min(hi, h.end + 40))[:2]) is not None:
            return True
    if _stock(art, lo, hi):
        return False
    return not (
        d.metric == "investment" and d.measure == "level" and _investment_stock(art, lo, hi)
    )


def _stock(art: Article, lo: int, hi: int) -> bool:
    """ "accumulated", "since 2005", "so far": a stock, not a flow of a period. A record's
    base ("the lowest level since 2010") is no stock."""
    if any(
        art.hits.covering("stock_not", h.start, h.end) is None for h in art.hits.of("stock", lo, hi)
    ):
        return True
    toks = art.doc.tokens
    for i in toks.between(lo, hi):
        if not _SINCE(toks.text[i]) or i + 1 >= len(toks):
            continue
        year = toks.text[i + 1]
        if not (year.isdigit() and len(year) == 4 and year[:2] in ("19", "20")):
            continue
        if not _record_base(art, lo, toks.starts[i]):
            return True
    return False


def _record_base(art: Article, lo: int, since: int) -> bool:
    """ "the lowest level since 2010": the "since" right after a superlative dates a record."""
    return any(
        _RECORD_GAP.fullmatch(art.words(r.end, since))
        for r in art.hits.of("superlative", max(lo, since - 40), since)
    )


def _investment_stock(art: Article, lo: int, hi: int) -> bool:
    if art.hits.any("stock_verb", lo, hi):
        return True
    for h in art.hits.of("perfect_aux", lo, hi):
        after = art.words(h.end, min(hi, h.end + 30))[:2]
        if after and (
            _STOCK_PARTICIPLE(after[0])
            or (len(after) > 1 and is_word(after[0]) and _STOCK_PARTICIPLE(after[1]))
        ):
            return True
    return False


__all__ = [
    "RULES",
    "base_in_months_of",
    "choose",
    "inherits_period",
    "is_base_at",
    "latest_of_length",
    "period_for",
    "same_months",
    "sentence_period",
]
