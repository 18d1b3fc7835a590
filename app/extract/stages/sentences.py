"""Stage: read a sentence that may hold a claim (its countries, figures, metric words, clauses).

Only sentences with a metric word, or ones that restate the previous figure, are read at all
(the gate); everything else costs the lexicon scan and nothing more. A country mention that
is not a side of trade is dropped here, each by a rule: a capital after a place word ("in
Moscow"), a country in an organisation's name ("the Vietnam Trade Office"), in a currency's
name ("Turkish lira", "US cents", "US$") or naming where a region is ("China's Heilongjiang
province").
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from app.extract.grammars import carried
from app.extract.partners import find_non_country_partners
from app.extract.rules import Rule
from app.extract.stages.article import Article, MetricWord, Sentence
from app.extract.types import Amount, CountryMention, Span
from app.extract.words import CAP, LOWER, in_class, opt, rep, seq, word

METRICS = ("turnover", "exports", "imports", "investment")

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "mention:capital-as-place",
        "a capital after a place word is the city, not its government",
        "Trade between Kazakhstan and Uzbekistan rose 10% to $4 billion, officials said in "
        "Tashkent.",
        shows_in="trace",
    ),
    Rule(
        "mention:organisation",
        "a country that opens an organisation's name is not a side",
        "The Vietnam Trade Office in Moscow said exports from Russia rose 8% to $2 billion in "
        "2023.",
        shows_in="trace",
    ),
    Rule(
        "mention:currency",
        "a country in a currency's name ('Turkish lira', 'US cents', 'US$') is not a side",
        "Kazakhstan's exports to Russia reached US$2.1 billion in 2023.",
        shows_in="trace",
    ),
    Rule(
        "mention:bracket-member",
        "a country named in a bracket as part of the country before it ('China (including "
        "Hong Kong, 14.69 bio CHF)') is not a side of its own",
        "Swiss exports to China (including Hong Kong, 14.69 bio CHF) rose 5% in 2016.",
        shows_in="trace",
    ),
    Rule(
        "mention:speaker-title",
        "after the sentence's figures, a country that qualifies a person's title names the "
        "speaker, not a side",
        'Kazakhstan and Russia held talks. "Trade reached $26 billion last year," the Russian '
        "leader said.",
        shows_in="trace",
    ),
    Rule(
        "mention:region-owner",
        "a country that names where a region is is not a side",
        "Trade between China's Heilongjiang province and Russia grew 12% to $20 billion.",
        shows_in="trace",
    ),
)

# "China's northeastern Heilongjiang province": at most two lower-case words and one
# capitalised one between the country and the region
_REGION_OWNER_GAP = seq(rep(LOWER, 0, 2), opt(CAP))
# "the Vietnam Trade Office": up to three capitalised words before the organisation word
_ORGANISATION_GAP = rep(CAP, 0, 3)


_MEMBER_WORD = in_class("bracket_member")
_DESCRIBED_BY_REGION = seq(opt("superlative_word"), word("country_kind_noun"))
_COUNTRY_KIND = in_class("country_kind_noun")


def _describes(art: Article, r: Span, countries: list[CountryMention]) -> bool:
    """A region that only describes one country: "East Africa's largest economy", "the Gulf
    state United Arab Emirates". It is no side of trade."""
    start = art.possessive_end(r.end)
    if not art.text[start : start + 1].isspace():
        return False
    last = art.words(r.start, r.end)[-1:]
    if (
        last
        and _COUNTRY_KIND(last[0])
        and any(
            m.span.start > r.end and not art.text[r.end : m.span.start].strip() for m in countries
        )
    ):
        return True  # "the Gulf state United Arab Emirates"
    words = art.words(start, min(len(art.text), start + 40))[:3]
    return _DESCRIBED_BY_REGION.prefix(words) is not None


def _bracket_member(art: Article, head: CountryMention, m: CountryMention) -> bool:
    """ "China (including Hong Kong, ...)": `m` opens a bracket right after `head` with a
    word that makes it part of it."""
    words = art.words(head.span.end, m.span.start)
    return len(words) == 2 and words[0] == "(" and _MEMBER_WORD(words[1])


def names_currency(art: Article, m: CountryMention, end: int) -> bool:
    """ "U.S. dollars", "US$", "US cents": the country names a currency, not a side of trade."""
    hit = art.hits.first("currency_name", m.span.start, end)
    if hit is not None and hit.start == m.span.start:
        return True
    if art.text.startswith("$", m.span.end):
        return True
    return art.just_after("cents", m.span.end, end) is not None


def read(art: Article, index: int, span: Span) -> Sentence:
    """A sentence as the claim stages read it. One with no figure and no change word beside
    a metric word can give no claim: it is read no further (its periods, for the article's
    context, are read when asked for)."""
    sent = Sentence(index, span)
    sent.figures = [replace(a, span=a.span.shift(span.start)) for a in _figures(art, span)]
    if not sent.figures and not (
        art.hits.any("change_noun", span.start, span.end)
        or art.hits.any("change_verb_after", span.start, span.end)
    ):
        sent.light = True
        return sent
    local = [m for m in art.mentions_between(span.start, span.end) if m.span.end <= span.end]
    kept: list[CountryMention] = []
    for m in local:
        if m.kind == "capital" and art.just_before("place_prep", m.span.start, span.start):
            art.note("mention:capital-as-place", m.span.start)
            continue
        if _names_organisation(art, m, span.end):
            art.note("mention:organisation", m.span.start)
            continue
        if names_currency(art, m, span.end):
            art.note("mention:currency", m.span.start)
            continue
        if kept and _bracket_member(art, kept[-1], m):
            art.note("mention:bracket-member", m.span.start)
            continue
        kept.append(m)
    figures = sent.figures
    last_figure = max((f.span.end for f in figures), default=span.end)
    countries = []
    for m in kept:
        if any(f.span.overlaps(m.span) for f in figures):  # "US$"
            art.note("mention:currency", m.span.start)
            continue
        if m.span.start >= last_figure and _qualifies_title(art, m, last_figure, span.end):
            art.note("mention:speaker-title", m.span.start)
            continue
        countries.append(m)
    sent.non_partners = [
        r
        for r in find_non_country_partners(art.doc, art.hits, span.start, span.end)
        if not any(m.span.start <= r.start and r.end <= m.span.end for m in countries)
        and not _describes(art, r, countries)
    ]
    if sent.non_partners:
        owners = [m for m in countries if _qualifies_region(art, m, sent.non_partners)]
        for m in owners:
            art.note("mention:region-owner", m.span.start)
        countries = [m for m in countries if m not in owners]
    sent.countries = countries
    sent.metric_words = sorted(
        MetricWord(h.start, h.end, metric, h.key)  # type: ignore[arg-type]
        for metric in METRICS
        for h in art.hits.of(metric, span.start, span.end)
        # "New Zealand's biggest trade partner": a partner, not a flow's metric word
        if art.hits.covering("partner_word", h.start, h.end) is None
    )
    sent.clauses = _clauses(art, span)
    return sent


def _figures(art: Article, span: Span) -> list[Amount]:
    """The sentence's figures, with its bare scaled numbers ("..., and imports 1.8 billion")
    in the currency of its money figures when they all have one."""
    chunk = art.text[span.start : span.end]
    found = art.amounts_in(span)
    currencies = {f.unit for f in found if f.kind == "money"}
    if len(currencies) != 1:
        return found
    extra = carried(chunk, found, currencies.pop())
    return sorted([*found, *extra], key=lambda a: a.span.start) if extra else found


def has_metric(art: Article, span: Span) -> bool:
    return any(art.hits.any(metric, span.start, span.end) for metric in METRICS)


_TITLE_REACH = 3  # words at most between a country and the title it qualifies


def _qualifies_title(art: Article, m: CountryMention, lo: int, hi: int) -> bool:
    """ "the Russian leader", "Kazakhstan's president", "Президент Казахстана", "министр
    экономики Узбекистана": a person's title a few words from the country, either side."""
    before = art.hits.last("person_title", lo, m.span.start)
    if before is not None and len(art.words(before.end, m.span.start)) <= _TITLE_REACH:
        return True
    after = art.hits.first("person_title", m.span.end, hi)
    return after is not None and len(art.words(m.span.end, after.start)) <= _TITLE_REACH


def _names_organisation(art: Article, m: CountryMention, hi: int) -> bool:
    hit = art.hits.first("organisation", m.span.end, hi)
    if hit is None or not art.text[m.span.end : hit.start][:1].isspace():
        return False
    return _ORGANISATION_GAP.fullmatch(art.words(m.span.end, hit.start))


def _qualifies_region(art: Article, m: CountryMention, regions: list[Span]) -> bool:
    """ "China's northeastern Heilongjiang province", "Russian regions": the country names
    where a region is, not a partner."""
    for r in regions:
        if r.overlaps(m.span):
            return True
        if r.start < m.span.end:
            continue
        start = art.possessive_end(m.span.end)
        gap = art.text[start : r.start]
        if not gap[-1:].isspace():
            continue
        words = art.words(start, r.start)
        if len(words) <= 3 and _REGION_OWNER_GAP.fullmatch(words):
            return True
    return False


_CLAUSE_DASHES = ("-", "\u2013", "\u2014")


def _clauses(art: Article, span: Span) -> list[tuple[int, int]]:
    """Where one figure's clause ends and another's begins: a semicolon, a dash set off by
    spaces, and the clause-break words of the cue table (", while", ", but", ", and this
    year", ...)."""
    text = art.text
    cuts = {span.start, span.end}
    cuts |= {h.start for h in art.hits.of("clause_break", span.start, span.end)}
    pos = text.find(";", span.start, span.end)
    while pos >= 0:
        cuts.add(pos)
        pos = text.find(";", pos + 1, span.end)
    for dash in _CLAUSE_DASHES:  # a dash set off by spaces, not one inside a word or range
        pos = text.find(dash, span.start + 1, span.end - 1)
        while pos >= 0:
            if text[pos - 1].isspace() and text[pos + 1].isspace():
                cuts.add(pos - 1)
            pos = text.find(dash, pos + 1, span.end - 1)
    ordered = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(ordered) if b > a]
