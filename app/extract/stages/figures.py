"""Stage: the figures of a sentence that may be claims, each with its metric word and pair.

Every money amount and percentage (not percentage points) of a read sentence becomes a draft
when a metric word governs it and a pair can be found for it (`pairs.FIGURE_RULES`); a
sentence with a change word beside a metric word but no figure gives a figure-less draft
("the growth of Russia's direct investment in the Kazakh economy").
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from app.extract.rules import Rule
from app.extract.stages import pairs
from app.extract.stages.article import Article, Draft, MetricWord, Sentence
from app.extract.stages.direction import direction
from app.extract.stages.metric import governing_word
from app.extract.stages.modality import modality
from app.extract.stages.period import period_for
from app.extract.stages.respectively import respective
from app.extract.tables import read_table
from app.extract.types import Amount
from app.extract.words import in_class

_FIGURELESS_REACH = 7  # words before a metric word where "growth of" may stand
_TURNOVER_CORE = in_class("turnover_core")

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "figure:own-dollar",
        "a bare '$' in an article about one dollar country besides the United States that "
        "never writes its dollar out ('A$', 'AUD') is that country's dollar",
        "Canadian goods exports to China surged 15 per cent last year to $19.3-billion.",
        published="2014-03-01",
    ),
    Rule(
        "list:respectively-country",
        "a list of figures matched 'respectively' with a list of countries: each figure is "
        "trade with its country",
        "Germany's second and third largest trading partners were the Netherlands and the "
        "United States, with foreign trade at 172.8 billion euros and 171.6 billion euros, "
        "respectively.",
    ),
    Rule(
        "list:respectively-period",
        "a list of figures matched 'respectively' with a list of periods: each figure is its "
        "period's",
        "Uganda's exports to Kenya were $40m, $39m and $36m in August, September and October "
        "respectively.",
        published="2021-12-15",
    ),
    Rule(
        "list:respectively-metric",
        "a list of figures matched 'respectively' with a list of metric words: each figure "
        "measures its metric",
        "Kazakhstan's exports and imports with Russia grew by 5% and 7%, respectively.",
        published="2024-02-01",
    ),
    Rule(
        "pair:respectively",
        "the pair of a figure matched 'respectively' with a country: that country and the "
        "side the sentence leaves implied",
        "Germany's second and third largest trading partners were the Netherlands and the "
        "United States, with foreign trade at 172.8 billion euros and 171.6 billion euros, "
        "respectively.",
    ),
    Rule(
        "figure:none",
        "a change word beside a metric word, with no figure: a claim with no value",
        "I would also like to note the growth of Russia's direct investment in the Kazakh "
        "economy, the president of Kazakhstan said.",
    ),
    Rule(
        "measure:change-word",
        "the figure-less claim's change is a rise or a fall",
        "I would also like to note the growth of Russia's direct investment in the Kazakh "
        "economy, the president of Kazakhstan said.",
    ),
    Rule(
        "figure:restated-approximation",
        "a money figure in brackets right after another restates it, approximation included "
        "('approximately USD 5.66 billion (EGP 174 billion)')",
        "Trade between Egypt and Saudi Arabia reached approximately USD 5.66 billion (EGP 174 "
        "billion) last year.",
    ),
    Rule(
        "drop:quote-pair",
        "a quoted figure whose quotation names no pair of its own",
        "\u201cExports grew 10% to $5 billion,\u201d said the minister, who visited Kazakhstan, "
        "Russia and China.",
        shows_in="trace",
    ),
    Rule(
        "drop:clause-partner",
        "the figure's own clause names a bloc or region as the partner",
        "Kazakhstan and Russia expanded trade: it grew 5% in 2023, while it fell 3% with the EU.",
        shows_in="trace",
    ),
    Rule(
        "drop:no-metric",
        "no metric word governs the figure",
        "Prices rose 5%; trade between Kazakhstan and Russia grew.",
        shows_in="trace",
    ),
    Rule(
        "drop:non-country-side",
        "the figure's metric word names a bloc, region or company as a side",
        "Tatarstan's trade with Turkey grew 5% to $2 billion, officials in Kazakhstan said.",
        shows_in="trace",
    ),
)


def _restated_approximations(art: Article, figures: list[Amount]) -> tuple[list[Amount], set[int]]:
    """A money figure in brackets right after another money figure restates it in another
    currency: "around A$240 billion (US$175 billion)" is about US$175 billion too. The
    figures, and the starts of those that took their approximation so."""
    out: list[Amount] = []
    restated: set[int] = set()
    for fig in figures:
        prev = out[-1] if out else None
        if (
            prev is not None
            and fig.kind == "money"
            and prev.kind == "money"
            and fig.approximation == "exact"
            and prev.approximation != "exact"
            and fig.unit != prev.unit
            and pairs.in_bracket_after(art, prev.span.end, fig.span.start)
        ):
            fig = replace(fig, approximation=prev.approximation)
            restated.add(fig.span.start)
        out.append(fig)
    return out, restated


def _families() -> dict[str, dict[str, str]]:
    """currency -> {country: that country's currency of the same family} (rupee, dinar ...)."""
    rows = read_table("currency_families.tsv", ("family", "currency", "iso3"))
    members: dict[str, dict[str, str]] = {}
    for r in rows:
        members.setdefault(r["family"], {})[r["iso3"]] = r["currency"]
    return {r["currency"]: members[r["family"]] for r in rows}


_FAMILIES = _families()
# country -> its dollar, for the countries whose own press writes it as a bare "$"
_BARE_DOLLARS = {
    r["iso3"]: r["currency"]
    for r in read_table("currency_families.tsv", ("family", "currency", "iso3"))
    if r["family"] == "bare_dollar"
}


def _qualified_dollars() -> dict[str, re.Pattern[str]]:
    """currency -> a pattern of the surfaces that name that dollar and no other ("A$",
    "AUD", "Australian dollar"; "US$", "U.S. dollar" for the US dollar)."""
    forms: dict[str, list[str]] = {}
    for row in read_table("currencies.tsv", ("surface", "iso4217")):
        code, surface = row["iso4217"], row["surface"]
        if code in _BARE_DOLLARS.values() and surface not in ("$", "dollar"):
            forms.setdefault(code, []).append(surface)
    return {
        code: re.compile(
            r"(?<![A-Za-z])(?:"
            + "|".join(re.escape(f) for f in sorted(fs, key=len, reverse=True))
            + r")(?![A-Za-z])"
        )
        for code, fs in forms.items()
    }


_QUALIFIED_DOLLARS = _qualified_dollars()


def own_dollar(art: Article, pair: tuple[str, str]) -> str | None:
    """The dollar a bare "$" stands for when the pair has one country whose own press writes
    its dollar so (currency_families.tsv `bare_dollar`: Australia, Canada, New Zealand ...) and
    no United States ("Canadian goods exports to China ... to $19.3-billion"): that country's,
    unless the article writes its dollar out ("A$", "AUD": a bare "$" is then the US dollar,
    as wires write it). An article that writes out only the US dollar ("US$") is its own
    dollar's."""
    own = [_BARE_DOLLARS[c] for c in pair if c in _BARE_DOLLARS]
    if len(own) != 1 or "USA" in pair:
        return None
    pattern = _QUALIFIED_DOLLARS.get(own[0])
    if pattern is not None and pattern.search(art.text):
        return None
    return own[0]


def local_currency(unit: str, shared: bool, pair: tuple[str, str], first: str | None = None) -> str:
    """ "Rs598 billion" in a Pakistan-China article is Pakistani rupees: a currency surface
    several countries share (data/currencies.tsv, `shared`) goes to the pair's own country.
    When both countries of the pair have one ("Rs" between India and Nepal, "Sh" between
    Kenya and Tanzania), it is the currency of the side the article names first (its
    dateline or its lead: "KATHMANDU -", "Kenya's exports to Tanzania ..."). A surface of one
    country's currency ("Indian rupees", "KSh", "INR") stays."""
    members = _FAMILIES.get(unit)
    if members is None or not shared:
        return unit
    own = [members[c] for c in pair if c in members]
    if len(own) == 1 and own[0] != unit and not any(members.get(c) == unit for c in pair):
        return own[0]
    if len(own) == 2 and first in pair and first in members:
        return members[first]
    return unit


def candidates(art: Article, sent: Sentence) -> list[Draft]:
    """The drafts of one sentence: its figures with a metric word and a pair."""
    sentence_pair = sent.pair
    if sentence_pair is None and not any(
        st.pair or st.partner_only for st in sent.structures.values()
    ):
        for f in sent.figures:
            art.note(sent.pair_rule, f.span.start)
        return []
    figures, restated = _restated_approximations(
        art, [a for a in sent.figures if a.kind != "percentage_points"]
    )
    drafts: list[Draft] = []
    last_entry: Draft | None = None  # the last figure read as a list item's
    matched = respective(art, sent, sentence_pair)
    conversions = {
        b.span.start
        for a, b in pairwise(figures)
        if a.kind == b.kind == "money" and pairs.in_bracket_after(art, a.span.end, b.span.start)
    }
    for fig in figures:
        start = fig.span.start
        seg = sent.clause_of(start)
        item = matched.get(start)
        governing = (
            item.word
            if item is not None and item.word is not None
            else governing_word(art, sent, seg, start, fig.span.end)
        )
        st = sent.structures.get(governing.start) if governing else None
        if st is not None and st.non_country:
            art.note("drop:non-country-side", start)
            continue  # "Tatarstan's trade with Turkey", "trade with the EU"
        quoted = pairs.quote_around(art, sent, start)
        listed_iso = pairs.listed_partner(art, sent, start)
        implied = (
            pairs.implied_pair(art, listed_iso, sent)
            if listed_iso
            else pairs.implied_pair(art, st.partner_only, sent)
            if st is not None
            else None
        )
        if listed_iso and implied:
            st = None  # the figure belongs to the listed partner, not the sentence's metric word
        if st is not None and st.pair is not None:
            pair, pair_rule = st.pair, "pair:structure"
        elif implied is not None and pairs.clause_partner_ok(art, sent, seg, implied):
            pair, pair_rule = implied, "pair:partner"
        elif quoted is not None:
            quote_pair, pair_rule = pairs.quoted_pair(art, sent, seg, quoted)
            if quote_pair is None:
                art.note("drop:quote-pair", start)
                continue
            pair = quote_pair
        elif sentence_pair is not None and pairs.clause_partner_ok(art, sent, seg, sentence_pair):
            pair, pair_rule = sentence_pair, sent.pair_rule
        elif sentence_pair is not None:
            art.note("drop:clause-partner", start)
            continue
        else:
            art.note(sent.pair_rule, start)
            continue
        if governing is None:
            art.note("drop:no-metric", start)
            continue
        entry = pairs.list_entry_pair(art, sent, start, pair)
        # "Cambodia 17.76 billion THB (up 17.94 percent)": the bracket goes with its item
        if (
            entry is None
            and last_entry is not None
            and last_entry.amount is not None
            and pairs.in_bracket_after(art, last_entry.amount.span.end, start)
        ):
            entry = last_entry.pair
        if entry is not None:
            pair, pair_rule = entry, "pair:list-entry"
        if item is not None and item.country is not None:
            listed = pairs.implied_pair(art, item.country, sent)
            if listed is not None:
                pair, pair_rule = listed, "pair:respectively"
        d = Draft(
            sentence=sent,
            amount=fig,
            metric=governing.metric,
            measure="level",
            pair=pair,
            seg=seg,
            word=governing,
            rules=[pair_rule, f"figure:{fig.rule or fig.kind}", f"metric:{governing.metric}"],
        )
        if start in restated:
            d.rules.append("figure:restated-approximation")
        if item is not None:
            d.rules.append(f"list:respectively-{item.kind}")
            d.listed_period = item.period
        if pair_rule not in ("pair:sentence", "pair:structure"):
            d.confidence -= 0.15
        if abs(governing.end - start) > 80:
            d.confidence -= 0.15
        if fig.kind == "money":
            d.unit = local_currency(fig.unit, fig.shared, pair, art.frame.first)
            if (
                fig.unit == "USD"
                and fig.surface.lstrip("+-−").startswith("$")
                and start not in conversions
                and not any(m.iso3 not in pair for m in sent.countries)
            ):
                # not a conversion in brackets ("£2.3 billion ($3.2 billion)"), nor a list over
                # other countries, which share one currency ("the United States ... $46.4
                # billion, Taiwan with $44.4 billion, Australia with $39.1 billion")
                bare = own_dollar(art, pair)
                if bare is not None:
                    d.unit = bare
                    d.rules.append("figure:own-dollar")
        else:
            d.unit = fig.unit
        drafts.append(d)
        if pair_rule == "pair:list-entry":
            last_entry = d
    if not figures and sentence_pair is not None:
        change = figureless(art, sent, sentence_pair)
        if change is not None:
            change.rules.insert(0, sent.pair_rule)
            drafts.append(change)
    return drafts


def _change_beside(art: Article, sent: Sentence, w: MetricWord) -> bool:
    lo = art.doc.tokens
    i = lo.before(w.start)
    first = max(lo.at_or_after(sent.start), i - _FIGURELESS_REACH + 1)
    window_lo = lo.starts[first] if 0 <= first <= i else w.start
    if art.hits.any("change_noun", window_lo, w.start):
        return True
    return art.just_after("change_verb_after", w.end, sent.end) is not None


def figureless(art: Article, sent: Sentence, pair: tuple[str, str]) -> Draft | None:
    """ "the growth of Russia's direct investment in the Kazakh economy": a change, no figure.
    Only where a change word stands right next to the metric word."""
    for w in sent.metric_words:
        if not _change_beside(art, sent, w):
            continue
        if w.metric == "turnover" and not any(_TURNOVER_CORE(x) for x in w.key.split()):
            continue
        if art.hits.any("exclude", sent.start, sent.end) or art.hits.any(
            "share", sent.start, sent.end
        ):
            return None
        seg = (sent.start, sent.end)
        d = Draft(
            sentence=sent,
            amount=None,
            metric=w.metric,
            measure="growth_pct",
            pair=pair,
            seg=seg,
            word=w,
            confidence=0.6,
        )
        dir_rule = direction(art, d, w.metric, w.end)
        mod, mod_rule = modality(art, seg, w.start)
        d.modality = mod
        d.period, _ = period_for(
            art, sent, art.periods(sent, pair), seg, w.start, "growth_pct", mod
        )
        d.rules = ["figure:none", f"metric:{w.metric}", "measure:change-word", dir_rule, mod_rule]
        return d
    return None
