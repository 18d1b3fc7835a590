"""Stage: the metric word that governs a figure, and what rules a figure out as a claim.

The governing word is the nearest metric word before the figure in its clause, else one the
figure names itself ("a goal of $10 billion in mutual trade"), else the nearest after it, else
the nearest before it anywhere in the sentence. Then `FILTERS`, in order, drop figures that
measure something else (a surplus, a contract, tonnes), are not asserted (a scenario, a
denial) or are one country's trade with the world.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.extract.rules import Rule
from app.extract.stages.article import Article, Draft, MetricWord, Sentence
from app.extract.tables import read_table
from app.extract.words import ANY, in_class, is_word, opt, rep, seq, word

# "a goal of $10 billion in mutual trade": the figure names its own metric
# "$10 billion in mutual trade", "18.1 per cent in Chinese exports", "14% growth in India's
# exports": the figure's own metric phrase after it (a change noun may come first)
_ATTACHED = seq(opt("change_noun_word"), word("attach_prep"), rep(ANY, 0, 2))
_TAKEN_GAP = seq(word("attach_prep"), rep(ANY, 0, 2))  # "for Uganda Exports"
_PASSIVE_GAP = seq(word("was"))  # "an amount of QR22bn was imported"
_FAR = 6  # words: a metric word further before the figure than this yields to an attached one
_NEAR_WORDS = 7  # how far from the metric word a world word still qualifies it
# "if current trends continue": a forecast's condition, not a scenario (after the "if")
_TREND_IF = seq(rep(word("trend_det"), 0, 2), word("trend_noun"))
_WORLD_PARTNER_PREP = in_class("world_partner_prep")
_EXCLUSION_BREAK = in_class("exclusion_break")
_OWN = in_class("own_possessive")


def attached(art: Article, end: int, start: int, flow: bool = False) -> bool:
    """The words between a figure's end and a metric word name that metric as the figure's
    own ("$10 billion in mutual trade", "$2bn worth of exports"); a flow's word (`flow`:
    exports or imports) may also follow the figure at once or after "was" ("Sh12.7 billion
    imports", "QR22bn was imported")."""
    if not art.text[end : end + 1].isspace():
        return False
    words = art.words(end, start)
    if flow and (not words or _PASSIVE_GAP.fullmatch(words)):
        return True
    return _ATTACHED.fullmatch(words)


def _taken(art: Article, sent: Sentence, w: MetricWord, pos: int) -> bool:
    """The metric word is the attached one of a figure before it: "USD 149m for Uganda
    Exports and USD 121m for Imports" (so the second figure's own word is the one after it)."""
    return any(
        f.span.end <= w.start
        and f.span.start < pos
        and _TAKEN_GAP.fullmatch(art.words(f.span.end, w.start))
        for f in sent.figures
    )


def governing_word(
    art: Article, sent: Sentence, seg: tuple[int, int], pos: int, end: int | None = None
) -> MetricWord | None:
    """The metric word that governs a figure at pos..end."""
    found = sent.metric_words
    if not found:
        return None
    a, b = seg
    before = [f for f in found if a <= f.start and f.end <= pos]
    tail_from = end if end is not None else pos
    near = [f for f in found if f.start >= tail_from]
    attached_words = [
        f
        for f in near[:1]
        if attached(art, tail_from, f.start, flow=f.metric in ("exports", "imports"))
    ]
    if attached_words and (
        not before
        or len(art.words(max(f.end for f in before), pos)) > _FAR
        or _taken(art, sent, max(before, key=lambda f: f.end), pos)
        # "Indian exports totalled Sh389.3 billion against Sh12.7 billion imports": the word
        # before already governs a figure between it and this one
        or any(
            max(f.end for f in before) <= g.span.start and g.span.end <= pos for g in sent.figures
        )
    ):
        return attached_words[0]
    if before:
        return max(before, key=lambda f: (f.end, f.end - f.start))
    after = [f for f in found if f.start >= pos and f.end <= b]
    if after:
        return min(after, key=lambda f: f.start)
    anywhere = [f for f in found if f.end <= pos]
    if anywhere:
        return anywhere[-1]
    return None


# -- filters ----------------------------------------------------------------------------------
_CLAUSE_MARKS = frozenset({":", ";"})


def _words_before(art: Article, lo: int, pos: int, n: int) -> int:
    """Where the `n` words before `pos` begin (not before `lo`, nor before a colon or
    semicolon: "a trade deficit with China: we imported $65.6 billion")."""
    toks = art.doc.tokens
    i = toks.before(pos)
    first = max(toks.at_or_after(lo), i - n + 1)
    for j in range(i, first - 1, -1):
        if toks.text[j] in _CLAUSE_MARKS:
            first = j + 1
            break
    return max(lo, toks.starts[first]) if 0 <= first <= i else pos


def _words_after(art: Article, pos: int, hi: int, n: int) -> int:
    """Where the `n` words after `pos` end (not after `hi`)."""
    toks = art.doc.tokens
    i = toks.at_or_after(pos)
    last = min(toks.before(hi), i + n - 1)
    return min(hi, toks.ends[last]) if i <= last else pos


def excluded(art: Article, d: Draft) -> bool:
    """The figure measures something else: a surplus, a contract, a price, tonnes ..."""
    assert d.amount is not None and d.word is not None
    a, b = d.seg
    start, end = d.amount.span.start, d.amount.span.end
    mstart, mend = d.word.start, d.word.end
    hits = art.hits
    if hits.any("exclude", _words_before(art, a, start, 6), start) or hits.any(
        "exclude_near", _words_before(art, a, start, 4), start
    ):
        return True
    if mstart > end and attached(art, end, mstart):
        return False  # "a goal of $10 billion in mutual trade": the figure names its own metric
    # "Remittances from Tajik migrants in Russia, estimated at $4.5bn": the nearest thing the
    # clause names before the figure is not trade
    last_excluded = max((h.end for h in hits.of("exclude", a, start)), default=-1)
    last_metric = max(
        (w.end for w in d.sentence.metric_words if a <= w.start and w.end <= start), default=-1
    )
    if last_excluded > last_metric:
        return True
    if mend <= start and hits.any("exclude", mend, start):
        return True
    if hits.any(
        "balance",
        _words_before(art, d.sentence.start, mstart, 5),
        _words_after(art, mend, d.sentence.end, 2),
    ):
        return True  # "deficit in its trade"
    tail_end = _words_after(art, end, b, 3)
    after = hits.first("exclude", end, tail_end) or hits.first("exclude_near", end, tail_end)
    if after is None or len(art.words(end, after.start)) > 2:
        return False
    between = art.words(end, after.start)
    return not any(w in (",", ";") or _EXCLUSION_BREAK(w) for w in between)


def not_asserted(art: Article, d: Draft) -> bool:
    """A scenario ("if a 20% tariff were imposed, exports could fall by $30bn") or a figure
    reported only to be denied ("dismissed reports that trade had dropped below $50bn").
    "If the trend continues, exports could cross $3bn" is still a forecast, and "exports were
    to the tune of $2bn" no scenario."""
    sent = d.sentence
    if art.hits.any("denial", sent.start, sent.end):
        return True
    a, b = d.seg
    for hit in art.hits.of("conditional", a, b):
        if _TREND_IF.prefix(art.words(hit.end, min(b, hit.end + 60))[:3]) is not None:
            return False
    counterfactual = art.hits.any("conditional", a, b) and art.hits.any("counterfactual", a, b)
    return counterfactual or any(
        art.hits.covering("not_hypothetical", h.start, h.end) is None
        for h in art.hits.of("hypothetical", a, b)
    )


# the words of the Harmonized System's descriptions (data/product_words.tsv, generated)
_PRODUCT_WORDS = frozenset(r["word"] for r in read_table("product_words.tsv", ("word",)))
_PRODUCT_FLOWS = frozenset({"exports", "imports"})
_PRODUCT_REACH = 3  # words before the flow word that may name its goods


def product_level(art: Article, d: Draft) -> bool:
    """A flow of one product group, not the pair's trade: a word of the goods nomenclature's
    chapters right before the flow word ("wool exports", "meat and meat product exports",
    "Dairy exports reached ...") or after "exports of" ("imports of mineral fuels")."""
    w = d.word
    if w is None or d.metric not in _PRODUCT_FLOWS:
        return False
    if d.amount is not None and _bracketed_product(art, d.sentence.start, d.amount.span.start):
        return True
    # the noun phrase right before the flow word, read back to its first word that is not a
    # product word; a product is written in lower case ("china" is porcelain, "China" a
    # country) unless it opens the sentence ("Dairy exports reached ...")
    sentence_words = art.words(d.sentence.start, w.start)
    n = len(sentence_words)
    for i in reversed(range(max(0, n - _PRODUCT_REACH), n)):
        token = sentence_words[i]
        low = token.lower()
        if low in ("and", "product", "products", "-"):
            continue
        if low in _PRODUCT_WORDS and (token[:1].islower() or i == 0):
            return True
        break
    after = art.words(w.end, min(d.sentence.end, w.end + 40))[:3]
    if after[:1] == ["of"]:
        return any(t in _PRODUCT_WORDS for t in after[1:3])
    return False


def _bracketed_product(art: Article, lo: int, start: int) -> bool:
    """ "driven by higher hydrocarbon (72%), chemical (35%) ... shipments": a figure in
    brackets right after a product word is that product's."""
    words = art.words(max(lo, start - 40), start)
    if len(words) < 2 or words[-1] != "(":
        return False
    head = words[-2]
    return head[:1].islower() and head.lower() in _PRODUCT_WORDS


def world_trade(art: Article, d: Draft) -> bool:
    """ "Kazakhstan's foreign trade", "total exports", "trade with the world": one country's
    trade with everyone. When the world word is part of the metric phrase itself, only a
    partner attached to it ("foreign trade between A and B"), a back-reference, or the pair's
    own trade named before it in the sentence ("an analysis of Japan-China trade ...: total
    trade fell") saves it."""
    from app.extract.stages.pairs import _list_entry, bracket_head, has_backref

    assert d.word is not None
    sent = d.sentence
    a, b = d.seg
    mstart, mend = d.word.start, d.word.end
    lo = _words_before(art, a, mstart, _NEAR_WORDS)
    hi = _words_after(art, mend, sent.end, _NEAR_WORDS)
    hits = [(h.start, h.end) for h in art.hits.of("world", lo, hi)] + _totals(art, lo, hi)
    if not hits or _list_entry(art, sent):  # a partner's entry: its total is with that partner
        return False
    if d.amount is not None and bracket_head(art, sent, d.amount.span.start) is not None:
        return False  # "with Germany (39.7 bio CHF, +8.3%) ... the biggest markets": Germany's
    if has_backref(art, a, b):
        return False
    direct = any(h[0] <= mstart < h[1] or h[0] < mend <= h[1] for h in hits)
    owned = any(_owned(art, sent, h[0]) for h in hits) or any(
        art.hits.covering("country_possessive", h[0], h[0] + 1) is not None for h in hits
    )
    if (
        direct
        and not owned
        and d.metric == "turnover"
        and any(k < mstart and st.pair == d.pair for k, st in sent.structures.items())
    ):
        return False  # "analysis of Japan-China trade in 2015 ...: total trade fell 11.8%"
    if direct and not owned and _partners_ranked(art, sent, a, b):
        return False  # "China is Australia's largest trading partner, with total trade of ..."
    if direct:
        hi = _words_after(art, mend, sent.end, _NEAR_WORDS)
        names_partner = _names_partner_after(art, mend, hi) or _WORLD_PARTNER_PREP(
            d.word.key.split()[-1]
        )
        return not names_partner or not any(mend <= m.span.start < hi for m in sent.countries)
    return len({m.iso3 for m in sent.countries if a <= m.span.start < b}) < 2


def _owned(art: Article, sent: Sentence, pos: int) -> bool:
    """ "Uzbekistan's foreign trade", "the country's total exports", "its total trade": a
    world word owned by one side is that side's trade with everyone."""
    if art.hits.any("share", sent.start, pos):
        return True  # "a share of 2.4% in total foreign trade": the total a share is taken of
    words = art.words(max(sent.start, pos - 30), pos)
    if not words:
        return False
    return words[-1].endswith("'s") or _OWN(words[-1])


def _partners_ranked(art: Article, sent: Sentence, a: int, b: int) -> bool:
    """A sentence that ranks two countries as each other's partners ("China is Australia's
    largest trading partner", "Russia ranks second ...") speaks of their trade, total or not."""
    if len({m.iso3 for m in sent.countries}) < 2:
        return False
    lo, hi = sent.start, sent.end
    if art.hits.any("rank_phrase", lo, hi) or art.hits.any("partner_word", lo, hi):
        return True
    return any(
        art.hits.any("rank_word", v.end, min(hi, v.end + 40))
        for v in art.hits.of("rank_verb", lo, hi)
    )


def _names_partner_after(art: Article, mend: int, hi: int) -> bool:
    """ "foreign trade of Kazakhstan with China": a partner word within the next words."""
    for w in art.words(mend, hi)[:6]:
        if not is_word(w):
            return False
        if _WORLD_PARTNER_PREP(w):
            return True
    return False


def _totals(art: Article, lo: int, hi: int) -> list[tuple[int, int]]:
    """ "total exports", "the overall volume of trade", "the country's exports"."""
    out = []
    for h in art.hits.of("total_word", lo, hi):
        flow = art.hits.first("flow_noun", h.end, min(hi, h.end + 60))
        if flow is not None and len(art.words(h.end, flow.start)) <= 4:
            out.append((h.start, flow.end))
    for h in art.hits.of("country_possessive", lo, hi):
        flow = art.hits.first("flow_noun", h.end, min(hi, h.end + 40))
        if flow is not None and len(art.words(h.end, flow.start)) <= 2:
            out.append((h.start, flow.end))
    return out


METRIC_RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "metric:turnover",
        "a word for two-way trade governs the figure ('trade turnover', 'bilateral trade')",
        "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022.",
    ),
    Rule(
        "metric:exports",
        "a word for exports governs the figure ('exports', 'shipments', 'supplies')",
        "Kazakhstan's exports to Russia reached $9 billion in 2022.",
    ),
    Rule(
        "metric:imports",
        "a word for imports governs the figure ('imports', 'purchases from')",
        "Kazakhstan's imports from Russia reached $17 billion in 2022.",
    ),
    Rule(
        "metric:investment",
        "a word for investment governs the figure ('direct investment', 'FDI')",
        "Chinese direct investment in Kazakhstan rose to $1.2 billion in 2022.",
    ),
)

Filter = Callable[[Article, Draft], bool]

FILTERS: tuple[Rule[tuple[Article, Draft], None], ...] = (
    Rule(
        "drop:excluded",
        "the figure measures something else (a surplus, a contract, tonnes, a price)",
        "Kazakhstan and Russia signed contracts worth $2 billion to expand trade.",
        when=lambda ad: excluded(*ad),
        shows_in="trace",
    ),
    Rule(
        "drop:not-asserted",
        "a scenario or a denial: the figure is not claimed",
        "Officials denied reports that trade between Kazakhstan and Russia fell to $20 billion.",
        when=lambda ad: not_asserted(*ad),
        shows_in="trace",
    ),
    Rule(
        "drop:product-level",
        "a flow of one product group ('wool exports', 'imports of mineral fuels'): not the "
        "pair's trade",
        "Australia's wool exports to China grew by 25 per cent to A$3 billion in 2008.",
        when=lambda ad: product_level(*ad),
        shows_in="trace",
    ),
    Rule(
        "drop:world-trade",
        "one country's trade with the world",
        "Kazakhstan's total exports rose 5% to $80 billion in 2023, and Russia remained its "
        "largest market.",
        when=lambda ad: world_trade(*ad),
        shows_in="trace",
    ),
)


TOTAL_RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "drop:dwarfs-pair",
        "a level carried from the article's pair that is over three times every level the "
        "article names the pair for (same currency) is a total with the world",
        "India's imports from China rose 3.2% to $101.7 billion in 2023-24. Goods imports "
        "fell to $677.24 billion.",
        shows_in="trace",
    ),
    Rule(
        "drop:contradicts-pair",
        "a level carried from the article's pair that is over half as large again as the "
        "level the article names the pair for, same flow, unit and period, is a total with "
        "the world",
        "Kenya's imports from China fell to Sh1.03 trillion in 2023. According to KNBS data, "
        "the value of imports increased marginally in 2023 to Sh2.5 trillion.",
        shows_in="trace",
    ),
)


_CARRIED_PAIR = frozenset({"pair:article", "pair:article-subject", "pair:one-named"})
_NAMED_PAIR = frozenset({"pair:structure", "pair:sentence"})
_TOTAL_RATIO = 3.0  # a carried level this many times the pair's named levels is a total
# a carried level this many times the pair's named level of the same flow, unit and period
# contradicts it: the two cannot both be the pair's (a rounded restatement differs by 1%)
_CONTRADICTION_RATIO = 1.5


_TOTAL_YEARS = 1  # years apart that a pair's named level still measures a carried one by


def _carried_level(art: Article, d: Draft) -> bool:
    """An actual level whose pair was carried from the article, in a sentence that does not
    refer back to the pair ("bilateral", "the two countries")."""
    from app.extract.stages.pairs import has_backref

    return (
        d.measure == "level"
        and d.modality == "actual"
        and d.value is not None
        and d.amount is not None
        and bool(_CARRIED_PAIR & set(d.rules))
        and not has_backref(art, d.sentence.start, d.sentence.end, weak=True)
    )


def drop_totals(art: Article) -> None:
    """An actual level that takes the article's pair without naming it or saying
    "bilateral" ("Goods imports fell to $677.24 billion", "India's merchandise exports stood
    at $437bn") but is over three times every level the article states for the pair by
    name, in the same currency and for about the same time, is the country's trade with the
    world."""
    # unit, value, the year its period ends, metric
    named: list[tuple[str, float, int | None, str]] = []
    # (unit, metric, origin, period) -> the largest level named for it
    named_for: dict[tuple[str, str, str | None, tuple[date, date]], float] = {}
    for drafts in art.drafts.values():
        for d in drafts:
            if d.measure == "level" and d.value is not None and _NAMED_PAIR & set(d.rules):
                year = d.period.end.year if d.period is not None else None
                named.append((d.unit or "", abs(d.value), year, d.metric))
                if d.period is not None and d.modality == "actual":
                    key = (d.unit or "", d.metric, d.origin, (d.period.start, d.period.end))
                    named_for[key] = max(named_for.get(key, 0.0), abs(d.value))
    for index, drafts in art.drafts.items():
        kept = []
        for d in drafts:
            year = d.period.end.year if d.period is not None else None
            # against the pair's levels of about the same time: a series that grows over a
            # decade ("$1.4 billion in 2010 ... $4.7 billion in 2018") is no world total
            top = max(
                (
                    v
                    for u, v, y, metric in named
                    if u == (d.unit or "")
                    and (y is None or year is None or abs(y - year) <= _TOTAL_YEARS)
                    # a one-way flow is no measure of the two-way total
                    and (d.metric != "turnover" or metric == "turnover")
                ),
                default=None,
            )
            same = (
                named_for.get((d.unit or "", d.metric, d.origin, (d.period.start, d.period.end)))
                if d.period is not None
                else None
            )
            # a goal may well dwarf this year's trade: only actual levels are compared
            rule = None
            if _carried_level(art, d):
                if top and abs(d.value or 0) > _TOTAL_RATIO * top:
                    rule = "drop:dwarfs-pair"
                elif same and abs(d.value or 0) > _CONTRADICTION_RATIO * same:
                    rule = "drop:contradicts-pair"
            if rule is not None and d.amount is not None:
                art.note(rule, d.amount.span.start)
                continue
            kept.append(d)
        art.drafts[index] = kept
