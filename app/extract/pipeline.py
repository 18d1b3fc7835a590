"""The ordered, named steps that turn one article into claims.

1. date:      the publication date (given, else the article's own dateline/byline, else received)
2. sentences: sentence spans of the stored text
3. countries: every country mention, minus those that only qualify a region ("China's
              Heilongjiang province"); the article's pair (the two countries it is about)
4. figures:   per sentence with a trade cue, money amounts and percentages
5. claims:    per figure, its metric, measure, pair, direction, modality, period, speaker
6. context:   a figure with no period of its own takes the period the article is talking
              about; a figure restated in another currency ("In dirhams, that is ...") takes
              the claim it restates
7. merge:     one claim per restated figure, keeping the most specific statement

Every step works on spans of the one stored text; nothing rewrites it. Each claim records the
ids of the rules that produced it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from app.extract.amounts import CURRENCY_NAME, amounts
from app.extract.countries import find_countries
from app.extract.cues import any_metric_regex, cue, metric_regex
from app.extract.partners import find_non_country_partners
from app.extract.periods import (
    find_periods,
    has_fiscal_year,
    is_comparison,
    month_count,
    named_length,
)
from app.extract.pubdate import find_publication_date
from app.extract.speakers import SpeakerResolver
from app.extract.tables import read_table
from app.extract.text import sentences
from app.extract.types import (
    Amount,
    Claim,
    CountryMention,
    Evidence,
    Measure,
    Metric,
    Modality,
    Period,
    PublicationDate,
    Span,
)

EXTRACTOR_VERSION = "0.4.0"

# Where one figure's clause ends and another's begins inside a sentence.
_CLAUSE_BREAK = re.compile(
    r";|\s[\u2013\u2014-]\s|,\s*(?:while|whereas|but|although|though|adding|noting|saying)\b|"
    r"\s(?:while|whereas)\s|"
    # ", and this year we expect ...": a new subject or a new period starts a new clause
    r",\s*and\s+(?=(?:this|next|last)\s+(?:year|month|quarter)|(?:we|they|he|she|it)\s)",
    re.IGNORECASE,
)
_APPROX = (
    r"(?:\s+(?:about|around|roughly|some|nearly|almost|over|more\s+than|approximately|"
    r"an\s+estimated|just\s+over|just\s+under|less\s+than|under|a\s+record|record|"
    r"a\s+further|another|an\s+additional))?"
)
_ABS_CHANGE_BEFORE = re.compile(
    r"(?:\bby|(?<!made\s)(?<!make\s)(?<!makes\s)\bup|\bdown|\badded|\badding|"
    r"\b(?:increase|rise|growth|decline|decrease|drop|fall|jump|gain|reduction|contraction)"
    r"\s+(?:of|by)|\bincreased|\brose|\bgrew|\bfell|\bdeclined|\bdecreased|\bdropped|"
    r"\bjumped|\bclimbed|\bslipped|\bshrank|\bexpanded|\bgained|\blost|\bplus|\bminus)"
    + _APPROX
    + r"\s*$",
    re.IGNORECASE,
)
_ABS_CHANGE_AFTER = re.compile(
    r"^\s*(?:more|less|higher|lower|increase|rise|growth|decrease|decline|drop|up|down)\b",
    re.IGNORECASE,
)
_PCT_CHANGE_AFTER = re.compile(
    r"^\s*(?:year-on-year\s+|y/y\s+|yoy\s+|annual\s+|on-year\s+)?(?:growth|increase|rise|jump|"
    r"gain|surge|decline|decrease|drop|fall|contraction|reduction|up|down|higher|lower|more|"
    r"less)\b",
    re.IGNORECASE,
)
_ATTACHED_METRIC = re.compile(r"\s+(?:in|of|worth\s+of)\s+(?:[a-z][\w-]*\s+){0,2}", re.IGNORECASE)
_CENTS_AFTER = re.compile(r"\s+cents?\b", re.IGNORECASE)
_NON_PARTNER_BEFORE = re.compile(
    r"\b(?:with|and|between|to|from|within)\s+(?:the\s+|all\s+|its\s+)?(?:[a-z][\w-]*\s+)?$",
    re.IGNORECASE,
)
# "the Pskov region's trade", "Guangxi Zhuang Autonomous Region, which borders Vietnam,
# reported trade", "the Canary Islands alone exported": the unit is the side that trades
_NON_PARTNER_AFTER = re.compile(
    r"^(?:['\u2019]s)?(?:\s*,\s*(?:which|that|where|who)\b[^,.;]{0,60},)?\s+"
    r"(?:[a-z][\w-]*\s+){0,2}(?:trade|exports?|imports?|investments?|"
    r"turnover|shipments|purchases|sales|traded|exported|imported|invested|shipped)\b",
    re.IGNORECASE,
)
_TREND_IF = re.compile(
    r"\bif\s+(?:(?:the|current|this|these|present|recent)\s+){0,2}(?:trends?|momentum|pace|growth|"
    r"dynamics?)\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    r"\b(?:total|overall|aggregate|combined|global|worldwide)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:exports?|imports?|trade|turnover|investments?)\b|"
    r"\b(?:the|its|their)\s+country['\u2019]s\s+(?:[\w-]+\s+){0,2}?(?:exports?|imports?|trade|"
    r"turnover)\b",
    re.IGNORECASE,
)
_RANKING = re.compile(
    r"\b(?:ranked|ranks|ranking|remained|remains|was|is|became|becomes|placing|placed|puts|"
    r"putting)\s+(?:\w+\s+){0,3}?"
    r"(?:second|third|fourth|fifth|largest|biggest|top|leading|main|largest\s+single)\b|"
    r"\b(?:a\s+close|a\s+distant)\s+(?:second|third)\b",
    re.IGNORECASE,
)
_LISTED_FIGURE = re.compile(
    r"\b(?:followed\s+by|ahead\s+of|behind|then)\s+(?:the\s+)?(?P<who>[A-Z][\w\u2019'-]*"
    r"(?:\s+[A-Z][\w\u2019'-]*)*)\s+(?:at|with|on)\s+$"
)
_FOLLOWED_BY = re.compile(
    # "followed by France", "followed by Hong Kong and Japan": entries of a ranking
    r"\b(?:followed\s+by|ahead\s+of|behind|after)\s+(?:the\s+)?"
    r"(?:[A-Z][\w\u2019'-]*(?:\s+[A-Z][\w\u2019'-]*)*\s*(?:,|\band\b)\s*(?:the\s+)?){0,4}$"
)
_INVESTOR_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:[a-z][\w-]*\s+){0,2}?(?:investments?|investors?|FDI)\b", re.IGNORECASE
)
_ORGANISATION_AFTER = re.compile(
    r"(?:\s+[A-Z][\w&-]*){0,3}\s+(?:Office|Ministry|Bank|Agency|Chamber|Council|Committee|"
    r"Bureau|Authority|Corporation|Company|Association|Institute|Centre|Center|Board|"
    r"Administration|Commission|Department|Embassy|Mission|Organi[sz]ation|Customs|Exchange|"
    r"Service)\b"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside|visit\s+to|trip\s+to)\s+$", re.IGNORECASE)
_SHARE_AFTER = re.compile(r"^\s*(?:of|share)\b", re.IGNORECASE)
# "US" in capitals is the United States, not "us"
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|WE|[Oo]urs?|OURS?|[Uu]s)\b")
_PREP_BEFORE = re.compile(
    r"(?:\bto|\binto|\btowards|\bfor|\bin|\bwith|\bfrom|\bby|\bof|\bbetween|\band|\bon|"
    r"\bbound\s+for)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_TO_BEFORE = re.compile(
    r"(?:\b[Tt]o|\b[Ii]nto|\b[Tt]owards|\b[Ff]or|\b[Ii]n|\b[Ww]ith|\bbound\s+for|"
    r"\b(?:in|into|to)\s+the\s+(?:[a-z][\w-]*\s+){0,2}of)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?$"
)
_FROM_BEFORE = re.compile(r"(?:\b[Ff]rom|\b[Bb]y|\bof)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?$")
_SUBJECT_AFTER = re.compile(
    r"^(?:['\u2019]s?)?\s+(?:[\w-]+\s+){0,3}?(?:exports?|imports?|investments?|exported|"
    r"imported|invested|direct|foreign|supplies|shipments|sales|purchases|FDI|capital|"
    r"investors?|companies|firms|businesses|goods|products)",
    re.IGNORECASE,
)
_SUBJECT_VERB_AFTER = re.compile(
    r"^(?:['\u2019]s)?\s+(?:\w+\s+)?(?:exported|imported|invested|bought|sold|shipped|supplied|"
    r"purchased)\b",
    re.IGNORECASE,
)
_SAME_PERIOD = re.compile(
    r"\b(?:the\s+same\s+(?:[\w-]+\s+)?(?:year|period|months?|quarters?|time)|over\s+the\s+period|"
    r"in\s+the\s+period|during\s+the\s+(?:year|period)|that\s+year)\b",
    re.IGNORECASE,
)
_RECORD_SINCE = re.compile(
    r"\b(?:lowest|highest|weakest|strongest|biggest|largest|smallest|best|worst|most|least)"
    r"\s+(?:[\w-]+\s+){0,2}since\s+(?:19|20)\d\d",
    re.IGNORECASE,
)
_INVESTMENT_STOCK = re.compile(
    r"\bha(?:s|ve|d)\s+(?:\w+\s+)?(?:exceeded|reached|surpassed|topped|amounted|registered|"
    r"accumulated|invested|poured|put)|"
    r"\b(?:amounts?\s+to|stands?\s+at|totals|exceeds?|is\s+(?:now\s+)?(?:worth|estimated)|"
    r"are\s+(?:now\s+)?(?:worth|estimated)|holding|holds|portfolio)\b",
    re.IGNORECASE,
)
_STOCK = re.compile(
    r"\b(?:accumulated|cumulative|stock|since\s+(?:19|20)\d\d|(?<!year\s)to\s+date|so\s+far|"
    r"in\s+total\s+since|ha(?:ve|s|d)\s+(?:so\s+far\s+|already\s+)?invested)\b",
    re.IGNORECASE,
)
# A sentence that restates the previous figure: "In dirhams, that is roughly AED 33 billion",
# "the figure is expected to exceed 4.5 billion dollars".
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w-]+\s+)?(?:figure|amount|sum|total|value|volume)\b|"
    r"\bequivalent\b|"
    r"\bthat\s+is\b|\bwhich\s+is\b|\bin\s+(?:\w+\s+)?(?:terms|currency)\b|^In\s+[a-z]+s?\b|"
    r"^(?:That|This|It)\s+(?:was|is|represents|represented|marks|marked|meant|means)\s+"
    r"(?:an?\s+)?(?:\w+\s+)?(?:increase|rise|drop|decline|fall|jump|gain|decrease|growth)\b|"
    r"\b(?:they|it)\s+(?:\w+\s+)?(?:reached|amounted|totall?ed|came\s+to|stood\s+at|hit)\b|"
    r"\b(?:bring|raise|increase|lift|double|boost|take|push|grow|expand)(?:ing)?\s+(?:it|this|that)"
    r"\s+to\b",
)
_COMPARISON_BEFORE = re.compile(
    r"\b(?:compared\s+(?:with|to)|against|from|than|versus|vs\.?|relative\s+to|"
    r"(?:as\s+(?:much|large|high)\s+)?as)\s+"
    r"(?:(?:the\s+)?(?:same|corresponding|equivalent|like)\s+(?:[\w-]+\s+)?"
    r"(?:(?:period|months?|quarter|year|time)\s+(?:in\s+|of\s+|during\s+|last\s+)?)?)?"
    r"(?:in\s+|of\s+|during\s+|last\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "up 5% over 2022", "a rise on the previous year": a base only for a change
_AS_OF = re.compile(
    r"\b(?:as\s+(?:of|at)|at\s+the\s+end\s+of|by\s+the\s+end\s+of|end-|at\s+end)", re.IGNORECASE
)
_CHANGE_BASE_BEFORE = re.compile(r"\b(?:over|on)\s+(?:the\s+)?$", re.IGNORECASE)
_CHANGE_FIGURE_BEFORE = re.compile(
    r"\b(?:up|down|rose|fell|grew|increased|decreased|declined|jumped|an?\s+increase\s+of|a\s+decline\s+of|"
    r"a\s+rise\s+of|a\s+drop\s+of)\s+(?:by\s+)?(?:about\s+|around\s+|some\s+|nearly\s+)?$",
    re.IGNORECASE,
)
_BARE_MONTHS = re.compile(r"(?:over|in|for|during)\s+(?:the\s+)?[\w-]+\s+months$", re.IGNORECASE)
_YEAR_SPAN = re.compile(  # "from 2015 to 2020", "from March 20 to April 19": a span, not a base
    r"from\s+(?:\w+\s+)?\d{4}\s*(?:to|until|till|-|\u2013)\s*(?:\w+\s+)?\d{4}"
    r"|from\s+(?:\d{1,2}\s+)?(?-i:[A-Z][a-z]+)\.?(?:\s+\d{1,2})?\s+(?:to|until|till|through)\b",
    re.IGNORECASE,
)
_COMPARISON_SURFACE = re.compile(r"(?:from|compared|than|against|versus)\b", re.IGNORECASE)
_BASE_BEFORE = re.compile(
    r"(?:\bfrom|compared\s+(?:with|to)|against|\bthan|versus)\s+(?:about\s+|around\s+|some\s+)?$",
    re.IGNORECASE,
)
_PRONOUN_CHANGE = re.compile(
    r"^(?:That|This|It)\s+(?:is|was|represents|represented|marks|marked)\s+(?:an?\s+)?"
    r"(?:[\w.,%]+\s+){1,3}?(?:more|less|higher|lower|up|down|increase|decline|rise|drop)\b|"
    r"\b(?:it|this|that|the\s+figure)\s+(?:has\s+|had\s+|have\s+)?(?:also\s+)?(?:increased|grew|"
    r"grown|rose|risen|fell|fallen|declined|decreased|dropped|jumped|climbed|expanded|shrank|"
    r"contracted|was\s+up|was\s+down)\b",
    re.IGNORECASE,
)
_PERIOD_AFTER_REPORTING = re.compile(
    r"\b(?:said|says|told|announced|noted|stated|reported|added|wrote)\s+(?:on\s+|in\s+)?$",
    re.IGNORECASE,
)


def _currency_families() -> dict[str, tuple[str, dict[str, str]]]:
    """currency -> (its family, {country: that country's currency of the family})."""
    rows = read_table("currency_families.tsv", ("family", "currency", "iso3"))
    members: dict[str, dict[str, str]] = {}
    for r in rows:
        members.setdefault(r["family"], {})[r["iso3"]] = r["currency"]
    return {r["currency"]: (r["family"], members[r["family"]]) for r in rows}


_FAMILIES = _currency_families()


def _local_currency(unit: str, surface: str, pair: tuple[str, str]) -> str:
    """ "Rs598 billion" in a Pakistan-China article is Pakistani rupees: a currency word shared
    by several countries goes to the pair's own country, unless its code is written out."""
    family = _FAMILIES.get(unit)
    if family is None or unit in surface:
        return unit
    _, members = family
    own = [members[c] for c in pair if c in members]
    if len(own) == 1 and own[0] != unit and not any(members.get(c) == unit for c in pair):
        return own[0]
    return unit


@dataclass(frozen=True)
class Extraction:
    claims: list[Claim]
    published: PublicationDate | None
    version: str = EXTRACTOR_VERSION


@dataclass
class _Sentence:
    span: Span
    text: str
    countries: list[CountryMention]  # spans relative to the sentence
    non_partners: list[Span]
    ref: date | None  # the publication date periods resolve against
    figures: list[Amount] = field(default_factory=list)
    # (start, end, metric) of every metric word, in order: found once, read by every step
    metric_words: list[tuple[int, int, Metric]] = field(default_factory=list)
    _periods: dict[str | None, list[Period]] = field(default_factory=dict)

    def periods(self, pair: tuple[str, str] | None) -> list[Period]:
        """The sentence's periods, resolved with the fiscal year of the pair's country."""
        fiscal = next((c for c in pair if has_fiscal_year(c)), None) if pair else None
        if fiscal not in self._periods:
            try:
                self._periods[fiscal] = find_periods(self.text, self.ref, fiscal)
            except Exception:  # a period the grammar cannot read is a period not found
                self._periods[fiscal] = []
        return self._periods[fiscal]


@dataclass
class _Draft:
    amount: Amount | None
    metric: Metric
    measure: Measure
    value: float | None
    unit: str | None
    pair: tuple[str, str]
    origin: str | None
    destination: str | None
    modality: Modality
    period: Period | None
    rules: list[str] = field(default_factory=list)
    confidence: float = 0.85


def extract(
    text: str, published_at: date | None = None, fallback_date: date | None = None
) -> Extraction:
    """Every claim in `text`, and the publication date used to resolve its periods."""
    published = _publication_date(text, published_at, fallback_date)
    ref = published.value if published else None
    spans = sentences(text)
    mentions = find_countries(text)
    frame = _article_frame(mentions, spans)
    resolver: SpeakerResolver | None = None
    context: Period | None = None  # the period the article's figures last referred to
    history: list[Period] = []  # every period the context has been, oldest first
    # the direction the article last gave each flow of a pair
    directions: dict[tuple[tuple[str, str], Metric], tuple[str | None, str | None]] = {}
    last: tuple[int, _Draft] | None = None  # the last claim, and its sentence's index
    claims: list[Claim] = []
    any_metric = any_metric_regex()
    for index, span in enumerate(spans):
        stext = text[span.start : span.end]
        has_metric = any_metric.search(stext) is not None
        restates = (
            last is not None
            and index - last[0] <= 2
            and bool(_ANAPHOR.search(stext) or _PRONOUN_CHANGE.search(stext))
        )
        if not has_metric and not restates:
            continue
        sent = _sentence(span, stext, mentions, ref)
        if has_metric:
            drafts = _sentence_claims(sent, frame, ref)
        else:
            assert last is not None
            drafts = _restatements(sent, last[1], ref)
        if not drafts:
            framing = _sentence_period(sent, frame) if has_metric else None
            if framing is not None:
                context = framing
                history.append(framing)
            continue
        if resolver is None:
            resolver = SpeakerResolver(text, spans)
        speaker = resolver.speaker_for(span)
        for d in drafts:
            earlier = _same_months(d.period, history) if d.period is not None else None
            if earlier is not None:
                # "during the nine months" after "July-March FY24": the article's nine months
                d.period = earlier
                d.rules.append("period:context-months")
        explicit = [
            d.period
            for d in drafts
            if d.period is not None and d.modality == "actual" and not is_comparison(d.period)
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
        own = [
            d.period
            for d in drafts
            if d.period is not None
            and d.modality == "actual"
            and not is_comparison(d.period)
            and not (d.amount is not None and _is_base_at(stext, d.amount.span.start))
        ]
        for d in drafts:
            if d.period is None and own and _inherits_period(d, stext):
                # "... £18.9bn in 2022, while ... £9.3bn the same year", "C$89.4bn in 2023,
                # while exports fell 7.1% to C$28.9bn": the sentence's own period
                d.period = own[0]
                d.rules.append("period:same-sentence")
            if d.period is None and context is not None and _inherits_period(d, stext):
                # "over the same nine months": the article's last nine-month period
                length = named_length(stext)
                d.period = _latest_of_length(history, length) if length else None
                d.period = d.period or context
                d.rules.append("period:context")
            claims.append(_finish(d, sent, speaker))
        if explicit:
            context = explicit[0]
            history.append(context)
        figured = [d for d in drafts if d.value is not None and d.measure == "level"]
        if figured:
            last = (index, figured[-1])
    return Extraction(claims=_merge(claims), published=published)


def _sentence(
    span: Span, stext: str, mentions: list[CountryMention], ref: date | None
) -> _Sentence:
    local = [
        replace(m, span=m.span.shift(-span.start))
        for m in mentions
        if span.start <= m.span.start and m.span.end <= span.end
    ]
    local = [
        m
        for m in local
        if not (
            m.kind == "capital"
            and _PLACE_BEFORE.search(stext[max(0, m.span.start - 12) : m.span.start])
        )
    ]
    # "the Vietnam Trade Office", "the Japan External Trade Organization": a body, not a side;
    # "64 US cents", "in Turkish lira": a currency, not a side
    local = [
        m
        for m in local
        if not _ORGANISATION_AFTER.match(stext[m.span.end : m.span.end + 60])
        and not CURRENCY_NAME.match(stext, m.span.start)
        and not _CENTS_AFTER.match(stext, m.span.end)
    ]
    figures = amounts(stext)
    local = [m for m in local if not any(f.span.overlaps(m.span) for f in figures)]  # "US$"
    non_partners = [
        r
        for r in find_non_country_partners(stext)
        if not any(m.span.start <= r.start and r.end <= m.span.end for m in local)
    ]
    if non_partners:
        local = [m for m in local if not _qualifies_region(m, non_partners, stext)]
    words = sorted(
        (m.start(), m.end(), metric)
        for metric, rx in metric_regex().items()
        for m in rx.finditer(stext)
    )
    return _Sentence(span, stext, local, non_partners, ref, figures, words)


def _qualifies_region(m: CountryMention, regions: list[Span], text: str) -> bool:
    """ "China's northeastern Heilongjiang province", "Russian regions": the country names
    where a region is, not a partner."""
    for r in regions:
        if r.overlaps(m.span):
            return True
        gap = text[m.span.end : r.start]
        if 0 <= r.start - m.span.end <= 30 and re.fullmatch(
            r"(?:['\u2019]s)?(?:\s+[a-z][\w-]*){0,2}\s+(?:[A-Z][\w-]*\s+)?", gap
        ):
            return True
    return False


# -- step 1: the date -------------------------------------------------------------------------
def _publication_date(
    text: str, given: date | None, fallback: date | None
) -> PublicationDate | None:
    if given is not None:
        return PublicationDate(given, "given")
    found = find_publication_date(text)
    if found is not None:
        return found
    return PublicationDate(fallback, "received") if fallback is not None else None


# -- step 3: the article's pair ---------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    """What the article is about: its pair, the country it names most (its home), and
    whether it is a roundup of the home country's trade with several partners."""

    pair: tuple[str, str] | None
    home: str | None
    roundup: bool


def _article_frame(mentions: list[CountryMention], spans: list[Span]) -> _Frame:
    """The article's pair is the pair most often named together in one sentence (lists of four
    or more countries do not count), provided it holds the country the article names most. An
    article about one country's trade with the world has no pair."""
    if not mentions:
        return _Frame(None, None, False)
    freq = Counter(m.iso3 for m in mentions)
    together: Counter[tuple[str, str]] = Counter()
    i = 0
    for s in spans:
        here = []
        while i < len(mentions) and mentions[i].span.start < s.end:
            if mentions[i].span.start >= s.start:
                here.append(mentions[i].iso3)
            i += 1
        distinct = sorted(set(here))
        if len(distinct) > 3:
            continue
        for a_i, a in enumerate(distinct):
            for b in distinct[a_i + 1 :]:
                together[(a, b)] += 1
    ranked = freq.most_common()
    top = ranked[0][1]
    leaders = {c for c, n in freq.items() if n == top}
    home = ranked[0][0] if len(leaders) == 1 else None
    partners = sorted((n for p, n in together.items() if home in p), reverse=True)
    roundup = home is not None and len(partners) >= 2 and partners[1] * 2 >= partners[0]
    pair: tuple[str, str] | None = None
    candidates = [(p, n) for p, n in together.items() if leaders & set(p)]
    if candidates:
        best, _ = max(candidates, key=lambda kv: (kv[1], freq[kv[0][0]] + freq[kv[0][1]]))
        if min(freq[best[0]], freq[best[1]]) >= 2 or len(freq) == 2:
            pair = best
    elif (
        len(ranked) >= 2 and ranked[1][1] >= 2 and (len(ranked) == 2 or ranked[1][1] > ranked[2][1])
    ):
        a, b = ranked[0][0], ranked[1][0]
        pair = (min(a, b), max(a, b))
    return _Frame(pair, home, roundup)


# -- step 5: claims of one sentence -----------------------------------------------------------
def _clauses(text: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in clauses:
        if a <= pos < b:
            return a, b
    return clauses[-1] if clauses else (0, pos + 1)


def _sentence_claims(sent: _Sentence, frame: _Frame, ref: date | None) -> list[_Draft]:
    text = sent.text
    sentence_pair, sentence_rule = _sentence_pair(sent, frame)
    structures = _metric_structures(sent)
    if sentence_pair is None and not any(st.pair or st.partner_only for st in structures.values()):
        return []
    figures = [a for a in sent.figures if a.kind != "percentage_points"]
    clauses = _clauses(text)
    drafts: list[_Draft] = []
    previous: _Draft | None = None
    for fig in figures:
        seg = _clause_of(clauses, fig.span.start)
        governing = _metric_for(sent, seg, fig.span.start, fig.span.end)
        st = structures.get(governing[0]) if governing else None
        if st is not None and st.non_country:
            continue  # "Tatarstan's trade with Turkey", "trade with the EU"
        quoted = _quote_around(text, fig.span.start)
        listed = _LISTED_FIGURE.search(text[max(0, fig.span.start - 60) : fig.span.start])
        listed_iso = None
        if listed:
            listed_iso = (
                next(
                    (
                        m.iso3
                        for m in sent.countries
                        if fig.span.start - 60 + listed.start("who")
                        <= m.span.start
                        < fig.span.start
                    ),
                    None,
                )
                if listed
                else None
            )
        implied = (
            _implied_pair(listed_iso, sent, frame)
            if listed_iso
            else _implied_pair(st.partner_only, sent, frame)
            if st is not None
            else None
        )
        if listed_iso and implied:
            st = None  # the figure belongs to the listed partner, not the sentence's metric word
        if st is not None and st.pair is not None:
            pair, pair_rule = st.pair, "pair:structure"
        elif implied is not None and _clause_partner_ok(sent, seg, implied):
            pair, pair_rule = implied, "pair:partner"
        elif quoted is not None:
            # a quotation speaks for itself: countries named in the attribution around it
            # ("said during a visit to Tbilisi") are not the quoted figure's pair
            qs, qe = quoted
            inside = replace(
                sent,
                countries=[m for m in sent.countries if qs <= m.span.start < qe],
                non_partners=[r for r in sent.non_partners if qs <= r.start < qe],
            )
            quote_pair, pair_rule = _sentence_pair(inside, frame)
            if quote_pair is None or not _clause_partner_ok(inside, seg, quote_pair):
                continue
            pair = quote_pair
        elif sentence_pair is not None and _clause_partner_ok(sent, seg, sentence_pair):
            pair, pair_rule = sentence_pair, sentence_rule
        else:
            continue
        periods = sent.periods(pair)
        draft = _figure_claim(sent, fig, seg, pair, periods, previous, [f.span for f in figures])
        if draft is not None:
            draft.rules.insert(0, pair_rule)
            if pair_rule not in ("pair:sentence", "pair:structure"):
                draft.confidence -= 0.15
            drafts.append(draft)
            previous = draft
    if not figures and sentence_pair is not None:
        draft = _figureless_claim(sent, sentence_pair, sent.periods(sentence_pair))
        if draft is not None:
            draft.rules.insert(0, sentence_rule)
            drafts.append(draft)
    return drafts


def _implied_pair(partner: str | None, sent: _Sentence, frame: _Frame) -> tuple[str, str] | None:
    """ "commerce with America" in an article about Germany: the partner the words name, and the
    side they leave implied: a country the sentence names as possessor ("Azerbaijan's top
    trading partner ..., while trade with Russia"), else the article's home, else the other
    country of its pair."""
    if partner is None:
        return None
    for m in sent.countries:
        if m.iso3 != partner and re.match(r"['\u2019]s\b", sent.text[m.span.end : m.span.end + 3]):
            return (min(m.iso3, partner), max(m.iso3, partner))
    others = [c for c in (frame.pair or ()) if c != partner]
    first = next((m.iso3 for m in sent.countries if m.iso3 != partner and m.iso3 in others), None)
    if (
        frame.home
        and frame.home != partner
        and (frame.roundup or frame.home in others or not others)
    ):
        side = frame.home
    elif first is not None and frame.home is None:
        side = first  # "German trade with China fell, while commerce with America grew"
    elif len(others) == 1 and frame.pair and partner in frame.pair:
        side = others[0]
    else:
        return None
    return (min(side, partner), max(side, partner))


_OPEN_QUOTES = "\u201c\u00ab\u201e"
_CLOSE_QUOTES = "\u201d\u00bb"


def _quote_around(text: str, pos: int) -> tuple[int, int] | None:
    """The quotation a position stands in, within one sentence: from the opening mark before
    it (or the sentence start, when the sentence closes a quote it did not open) to the
    closing mark after it."""
    opened = max(text.rfind(q, 0, pos) for q in _OPEN_QUOTES)
    closed_before = max(text.rfind(q, 0, pos) for q in _CLOSE_QUOTES)
    close_after = [i for i in (text.find(q, pos) for q in _CLOSE_QUOTES) if i >= 0]
    if opened > closed_before:
        return opened, min(close_after) if close_after else len(text)
    if opened < 0 and closed_before < 0 and close_after:
        return 0, min(close_after)  # the sentence ends a quote begun earlier
    return None


@dataclass(frozen=True)
class _Structure:
    """Who trades with whom around one metric word: "Russia's trade with China",
    "trade between India and Mercosur", "the emirate's trade with India"."""

    pair: tuple[str, str] | None
    non_country: bool
    partner_only: str | None = None


_OWN_TOTAL = re.compile(r"\b(?:its|their)\s+(?:[a-z][\w-]*\s+){0,2}$", re.IGNORECASE)
_COMPOUND_DASH = re.compile(r"[-\u2013]$")
_SUBJECT_GAP = re.compile(r"(?:['\u2019]s)?(?:\s+[a-z][\w-]*){0,3}\s+", re.IGNORECASE)
_PARTNER_GAP = re.compile(
    r"(?:\s+[a-z][\w-]*){0,4}?\s+(?:with|to|from|into|in|and)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?",
)
_PARTNER_GAP_AFTER_PREP = re.compile(r"\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?")
_ENDS_WITH_PREP = re.compile(r"\b(?:with|to|from|between|into|in)$", re.IGNORECASE)
_NAMED_POSSESSOR = re.compile(
    r"(?<![\w.])(?:[A-Z][\w.-]*\s+){0,3}(?!(?:Kingdom|Republic|Emirates|Federation|Sultanate|"
    r"Principality|Confederation|Country|State)['\u2019])[A-Z][\w.-]*['\u2019]s(?:\s+[a-z][\w-]*){0,3}"
    r"\s+$"
)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_AND_GAP = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?", re.IGNORECASE)


def _metric_structures(sent: _Sentence) -> dict[int, _Structure]:
    """For each metric word (by its start), the pair its own words name, if they name one."""
    text = sent.text
    entities: list[tuple[int, int, str]] = [
        (m.span.start, m.span.end, m.iso3) for m in sent.countries
    ]
    entities += [(r.start, r.end, "@") for r in sent.non_partners]
    entities.sort()
    out: dict[int, _Structure] = {}
    matches = [(start, end, text[start:end]) for start, end, _ in sent.metric_words]
    own_total_from: int | None = None
    for ms, me, mt in matches:
        subject = partner = None
        if _inside_name(text, ms, me):
            continue  # "UK Export Finance", "Trade Development Authority"
        before = [e for e in entities if e[1] <= ms and ms - e[1] <= 40]
        if before and _SUBJECT_GAP.fullmatch(text[before[-1][1] : ms]):
            subject = before[-1]
            # "ASEAN-India trade", "Kazakh-Uzbek trade": a compound names both sides
            joined = [e for e in entities if e[1] <= subject[0] and subject[0] - e[1] <= 1]
            if joined and _COMPOUND_DASH.search(text[: subject[0]]):
                partner = joined[-1]
        if subject is None and _NAMED_POSSESSOR.search(text[max(0, ms - 60) : ms]):
            out[ms] = _Structure(None, True)  # "St Petersburg's trade", "Tesla's exports"
            continue
        after = [e for e in entities if e[0] >= me and e[0] - me <= 60]
        gap_rx = _PARTNER_GAP_AFTER_PREP if _ENDS_WITH_PREP.search(mt) else _PARTNER_GAP
        if partner is None and after and gap_rx.fullmatch(text[me : after[0][0]]):
            partner = after[0]
            # "trade between India and Mercosur": both sides after the metric word
            between = _BETWEEN.search(text[ms : after[0][0]])
            if between and len(after) > 1 and _AND_GAP.fullmatch(text[after[0][1] : after[1][0]]):
                subject, partner = after[0], after[1]
        sides = [e[2] for e in (subject, partner) if e is not None]
        if "@" in sides:
            out[ms] = _Structure(None, True)
        elif len(sides) == 2 and sides[0] != sides[1]:
            out[ms] = _Structure((min(sides), max(sides)), False)
        elif (
            subject is None
            and partner is not None
            and _OWN_TOTAL.search(text[max(0, ms - 40) : ms])
        ):
            # "Tatarstan ... said its own trade with Türkiye": "its" is the nearest side named
            # before; a region or bloc there voids the figure
            owner = [e for e in entities if e[1] <= ms and e[2] != partner[2]]
            if owner and owner[-1][2] == "@":
                out[ms] = _Structure(None, True)
            elif owner:
                a_, b_ = sorted((owner[-1][2], partner[2]))
                out[ms] = _Structure((a_, b_), False)
            else:
                out[ms] = _Structure(None, False, partner_only=partner[2])
        elif subject is None and partner is not None:
            out[ms] = _Structure(None, False, partner_only=partner[2])
        elif subject is None and _OWN_TOTAL.search(text[max(0, ms - 40) : ms]):
            out[ms] = _Structure(None, True)  # "its merchandise exports": its own total
            own_total_from = ms
        elif own_total_from is not None and subject is None and partner is None:
            out[ms] = _Structure(None, True)  # "..., while imports exceeded $17bn"
    return out


def _inside_name(text: str, start: int, end: int) -> bool:
    """A metric word that is part of a proper name: capitalised mid-sentence, with a
    capitalised word right before or after it ("UK Export Finance", "Export-Import Bank")."""
    word = text[start:end]
    if (
        not word[:1].isupper()
        or start == 0
        or text[max(0, start - 2) : start] in (". ", "\u201c", '"')
    ):
        return False
    before = re.search(r"([A-Z][\w.&-]*)[\s-]+$", text[max(0, start - 30) : start])
    after = re.match(r"[\s-]+([A-Z][\w&-]*)", text[end : end + 30])
    return bool(before or after)


def _has_backref(text: str, weak: bool = True) -> bool:
    """ "our countries", "the two sides", "we" (and, when `weak`, "bilateral", "mutual")."""
    if cue("backref").search(text) or _FIRST_PERSON.search(text):
        return True
    return weak and bool(cue("backref_weak").search(text))


def _sentence_pair(sent: _Sentence, frame: _Frame) -> tuple[tuple[str, str] | None, str]:
    # "..., followed by Russia at $1.35bn" / "followed by France": the next entry of a ranking
    listed = {
        m.iso3
        for m in sent.countries
        if _FOLLOWED_BY.search(sent.text[max(0, m.span.start - 80) : m.span.start])
    }
    codes = list(dict.fromkeys(m.iso3 for m in sent.countries if m.iso3 not in listed))
    text = sent.text
    article_pair = frame.pair
    if len(codes) >= 2:
        if article_pair and set(article_pair) <= set(codes):
            return article_pair, "pair:sentence"
        a, b = codes[0], codes[1]
        return (min(a, b), max(a, b)), "pair:sentence"
    if len(codes) == 1 and frame.home and codes[0] != frame.home and _list_entry(sent):
        # "• Mexico: total trade of $137.8bn": an entry of a list of the home country's partners
        return (min(codes[0], frame.home), max(codes[0], frame.home)), "pair:listed-partner"
    backref = _has_backref(text)
    if _non_country_partner(sent) and not _has_backref(text, weak=False):
        return None, "pair:bloc-or-region"
    if cue("world").search(text) and (
        not backref or (not _has_backref(text, weak=False) and _cue_in(cue("world"), text))
    ):
        # "total two-way trade with the world": a world word outside a name ("the Foreign
        # Trade Association") outweighs a weak back-reference such as "bilateral"
        return None, "pair:world"
    if len(codes) == 1:
        named = codes[0]
        m = next(m for m in sent.countries if m.iso3 == named)
        # "exports to China", "trade with Russia" imply the article's other country;
        # "China's exports grew" alone is China's trade with the world
        # a weak back-reference ("bilateral trade") points at the article's own pair only
        implied = _has_backref(
            text, weak=bool(article_pair and named in article_pair)
        ) or _PREP_BEFORE.search(text[max(0, m.span.start - 30) : m.span.start])
        if (
            not implied
            and article_pair
            and named in article_pair
            and _INVESTOR_AFTER.match(text[m.span.end : m.span.end + 40])
        ):
            # "approved Japanese investments worth ₱76.4bn" in an article about Japan and the
            # Philippines: investment is made somewhere, and that is the article's other side
            return article_pair, "pair:investor"
        if not implied and frame.home and named != frame.home and _RANKING.search(text):
            # "China was a close second, with two-way trade of $118.4bn": a ranked partner
            # of the article's home country
            return (min(named, frame.home), max(named, frame.home)), "pair:ranked-partner"
        if not implied:
            return None, "pair:one-country-total"
        if article_pair and named in article_pair and not (frame.roundup and named != frame.home):
            return article_pair, "pair:one-named"
        if frame.home and named != frame.home:
            return (min(named, frame.home), max(named, frame.home)), "pair:home-partner"
        return None, "pair:other-country"
    if article_pair is None or (frame.roundup and not backref):
        return None, "pair:none"
    return article_pair, "pair:backref" if backref else "pair:article"


def _list_entry(sent: _Sentence) -> bool:
    """A line headed by a country and a colon ("• Mexico: total trade of $137.8bn")."""
    if len(sent.countries) != 1:
        return False
    m = sent.countries[0]
    head = sent.text[: m.span.start].strip(" \t-*\u2022\u2013\u2014")
    return not head and re.match(r"\s*:", sent.text[m.span.end :]) is not None


def _non_country_partner(sent: _Sentence) -> bool:
    """A bloc, region or group the sentence names as a side of trade ("trade with the EU",
    "the Sverdlovsk region's trade", "members of the EAEU") rather than in passing ("the
    Mattei Plan for Africa")."""
    text = sent.text
    for r in sent.non_partners:
        if _NON_PARTNER_BEFORE.search(
            text[max(0, r.start - 25) : r.start]
        ) or _NON_PARTNER_AFTER.match(text[r.end : r.end + 110]):
            return True
    return False


def _clause_partner_ok(sent: _Sentence, seg: tuple[int, int], pair: tuple[str, str]) -> bool:
    """False when the figure's own clause names a bloc, region or group as the partner."""
    a, b = seg
    text = sent.text
    here = [r for r in sent.non_partners if a <= r.start < b]
    if not here:
        return True
    for r in here:
        # "trade between India and Mercosur", "trade with the EU", "the Sverdlovsk region's trade"
        if _NON_PARTNER_BEFORE.search(
            text[max(0, r.start - 25) : r.start]
        ) or _NON_PARTNER_AFTER.match(text[r.end : r.end + 110]):
            return False
    named = {m.iso3 for m in sent.countries if a <= m.span.start < b}
    return len(named) >= 2 or _has_backref(text[a:b], weak=False)


def _metric_for(
    sent: _Sentence, seg: tuple[int, int], pos: int, end: int | None = None
) -> tuple[int, int, Metric] | None:
    """The metric word that governs a figure: the nearest one before it in its clause, else
    the nearest after it, else the nearest before it anywhere in the sentence."""
    found = sent.metric_words
    if not found:
        return None
    text = sent.text
    a, b = seg
    before = [f for f in found if a <= f[0] and f[1] <= pos]
    tail_from = end if end is not None else pos
    attached = [
        f for f in found if f[0] >= tail_from and _ATTACHED_METRIC.fullmatch(text[tail_from : f[0]])
    ]
    if attached and (not before or pos - max(f[1] for f in before) > 40):
        return min(attached, key=lambda f: f[0])
    if before:
        return max(before, key=lambda f: (f[1], f[1] - f[0]))
    after = [f for f in found if f[0] >= pos and f[1] <= b]
    if after:
        return min(after, key=lambda f: f[0])
    anywhere = [f for f in found if f[1] <= pos]
    if anywhere:
        return anywhere[-1]
    return None


def _not_asserted(text: str, seg: tuple[int, int], start: int) -> bool:
    """A scenario ("if a 20% tariff were imposed, exports could fall by $30bn") or a figure
    reported only to be denied ("dismissed reports that trade had dropped below $50bn").
    "If the trend continues, exports could cross $3bn" is still a forecast."""
    if cue("denial").search(text):
        return True
    clause = text[seg[0] : seg[1]]
    if _TREND_IF.search(clause):
        return False
    counterfactual = re.search(r"\bif\b", clause, re.IGNORECASE) and re.search(
        r"\bwould\b", clause, re.IGNORECASE
    )
    return bool(cue("hypothetical").search(clause) or counterfactual)


def _world_trade(sent: _Sentence, seg: tuple[int, int], mstart: int, mend: int) -> bool:
    """ "Kazakhstan's foreign trade", "total exports", "trade with the world": one country's
    trade with everyone. When the world word is part of the metric phrase itself, only a
    partner attached to it ("foreign trade between A and B") or a back-reference saves it."""
    text = sent.text
    a, b = seg
    window_lo = max(a, mstart - 45)
    hits = list(cue("world").finditer(text[window_lo : mend + 45]))
    hits += list(_TOTAL.finditer(text[window_lo : mend + 45]))
    if not hits or _list_entry(sent):  # a partner's entry: its total is with that partner
        return False
    if _has_backref(text[a:b]):
        return False
    direct = any(
        window_lo + h.start() <= mstart < window_lo + h.end()
        or window_lo + h.start() < mend <= window_lo + h.end()
        for h in hits
    )
    if direct:
        attached = text[mend : mend + 45]
        names_partner = bool(
            re.match(r"^(?:\s+[\w-]+){0,5}?\s+(?:between|with|to|into|in|from)\s", attached)
            or re.search(r"\b(?:between|with|to|into|in|from)$", text[mstart:mend], re.IGNORECASE)
        )
        return not names_partner or not any(
            mend <= m.span.start < mend + 45 for m in sent.countries
        )
    return len({m.iso3 for m in sent.countries if a <= m.span.start < b}) < 2


def _change_direction(text: str, lo: int, hi: int) -> int:
    """+1 for a rise, -1 for a fall, 0 for none: the change word nearest to `hi` in text[lo:hi]."""
    window = text[lo:hi]
    best_pos, best = -1, 0
    for sign, name in ((1, "up"), (-1, "down")):
        for m in cue(name).finditer(window):
            if m.start() > best_pos:
                best_pos, best = m.start(), sign
    return best


def _excluded(
    sent: _Sentence, seg: tuple[int, int], mstart: int, mend: int, start: int, end: int
) -> bool:
    """The figure measures something else: a surplus, a contract, a price, tonnes ..."""
    text = sent.text
    exclude = cue("exclude")
    near = cue("exclude_near")
    a, b = seg
    if exclude.search(text[max(a, start - 40) : start]) or near.search(
        text[max(a, start - 25) : start]
    ):
        return True
    # "Remittances from Tajik migrants in Russia, estimated at $4.5bn": the nearest thing the
    # clause names before the figure is not trade
    if mstart > end and _ATTACHED_METRIC.fullmatch(text[end:mstart]):
        return False  # "a goal of $10 billion in mutual trade": the figure names its own metric
    last_excluded = max((m.end() for m in exclude.finditer(text, a, start)), default=-1)
    last_metric = max((e for s_, e, _ in sent.metric_words if a <= s_ and e <= start), default=-1)
    if last_excluded > last_metric:
        return True
    if mend <= start and exclude.search(text[mend:start]):
        return True
    if cue("balance").search(text[max(0, mstart - 30) : mend + 10]):  # "deficit in its trade"
        return True
    tail = text[end : min(b, end + 25)]
    after = exclude.search(tail) or near.search(tail)
    return bool(
        after
        and after.start() <= 12
        and not re.search(
            r"[,;]|\b(?:and|as|because|since|due|amid|after|while)\b", tail[: after.start()]
        )
    )


def _figure_claim(
    sent: _Sentence,
    fig: Amount,
    seg: tuple[int, int],
    pair: tuple[str, str],
    periods: list[Period],
    previous: _Draft | None,
    figure_spans: list[Span],
) -> _Draft | None:
    text = sent.text
    a, b = seg
    start, end = fig.span.start, fig.span.end
    rules: list[str] = [f"figure:{fig.rule or fig.kind}"]
    found = _metric_for(sent, seg, start, end)
    if found is None:
        return None
    mstart, mend, metric = found
    rules.append(f"metric:{metric}")
    if _excluded(sent, seg, mstart, mend, start, end):
        return None
    if _not_asserted(text, seg, start):
        return None
    if _world_trade(sent, seg, mstart, mend):
        return None
    gov = min(mend, start) if mend <= start else max(a, start - 60)
    before = text[max(a, start - 40) : start]
    after = text[end : min(b, end + 30)]

    value: float | None = fig.value
    sign_char = text[start - 1] if start > 0 else ""
    if fig.kind == "percent" and mstart > start and not _PCT_CHANGE_AFTER.match(after):
        return None  # "the cash rate at 4.35%, and total exports came to ..."
    if fig.kind == "percent":
        if _SHARE_AFTER.match(after) or cue("share").search(text[a:end]):
            return None
        direction = _change_direction(text, max(a, gov - 10), start)
        if _PCT_CHANGE_AFTER.match(after):
            word = _PCT_CHANGE_AFTER.match(after).group().split()[-1].lower()  # type: ignore[union-attr]
            comparative = {"more": 1, "higher": 1, "less": -1, "lower": -1}.get(word, 0)
            direction = comparative or _change_direction(after, 0, len(after)) or direction
        if (
            sign_char == "+"
            or fig.surface.startswith("+")
            or text[max(0, start - 5) : start].endswith("plus ")
        ):
            direction = 1
        elif (
            (sign_char in "-\u2212" and not text[max(0, start - 2) : start - 1].isalnum())
            or fig.surface[:1] in "-\u2212"
            or fig.value < 0
        ):
            direction = -1
        if direction == 0:
            return None
        measure: Measure = "growth_pct"
        value = -abs(fig.value) if direction < 0 else abs(fig.value)
        rules.append("measure:pct-change")
    else:
        chained = (
            previous is not None
            and previous.measure == "growth_pct"
            and previous.amount is not None
            and re.fullmatch(r"\W*\s*(?:or|and|,|\()\s*", text[previous.amount.span.end : start])
        )
        if _ABS_CHANGE_BEFORE.search(before) or _ABS_CHANGE_AFTER.match(after) or chained:
            direction = (
                (-1 if chained and previous and (previous.value or 0) < 0 else 0)
                or _change_direction(text, max(a, gov - 10), start)
                or _change_direction(after, 0, len(after))
            )
            measure = "growth_abs"
            value = -abs(fig.value) if direction < 0 else abs(fig.value)
            rules.append("measure:abs-change")
        else:
            measure = "level"
            rules.append("measure:level")
    origin, destination, dir_rule = _direction(sent, metric, pair, mend, seg)
    if dir_rule:
        rules.append(dir_rule)
    modality, mod_rule = _modality(text, seg, start, end)
    rules.append(mod_rule)
    period = _period_for(text, periods, seg, start, measure, modality, figure_spans, sent.ref)
    if (
        modality == "actual"
        and period is not None
        and sent.ref is not None
        and period.end >= sent.ref
        and re.match(r"by\b", period.surface, re.IGNORECASE)
    ):
        # "to reach $100 billion by 2025": a deadline still ahead makes the figure a goal
        modality = "target"
        rules[-1] = "modality:deadline"
        period = _period_for(text, periods, seg, start, measure, modality, figure_spans, sent.ref)
    if (
        period is not None
        and period.span is not None
        and metric == "investment"
        and measure == "level"
        and _AS_OF.search(text[max(0, period.span.start - 20) : period.span.end])
    ):
        period = None  # "stood at $19.3bn as of end-March 2024": a stock at a date, no period
    conf = 0.85
    if abs(mend - start) > 80:
        conf -= 0.15
    return _Draft(
        amount=fig,
        metric=metric,
        measure=measure,
        value=value,
        unit=_local_currency(fig.unit, fig.surface, pair) if fig.kind == "money" else fig.unit,
        pair=pair,
        origin=origin,
        destination=destination,
        modality=modality,
        period=period,
        rules=rules,
        confidence=conf,
    )


def _figureless_claim(
    sent: _Sentence, pair: tuple[str, str], periods: list[Period]
) -> _Draft | None:
    """ "the growth of Russia's direct investment in the Kazakh economy": a change, no figure.
    Only where a change word stands right next to the metric word."""
    text = sent.text
    for metric, rx in metric_regex().items():
        for m in rx.finditer(text):
            window_before = text[max(0, m.start() - 45) : m.start()]
            window_after = text[m.end() : m.end() + 30]
            up_before = re.search(r"\b(?:growth|increase|rise)\s+(?:of|in)\b", window_before, re.I)
            up_after = re.match(
                r"\s+(?:grew|increased|rose|has\s+grown|have\s+grown|had\s+grown|"
                r"is\s+growing|are\s+growing|continued\s+to\s+grow|"
                r"has\s+increased|have\s+increased|had\s+increased)\b",
                window_after,
                re.I,
            )
            down_before = re.search(
                r"\b(?:decline|decrease|fall|drop)\s+(?:of|in)\b", window_before, re.I
            )
            down_after = re.match(
                r"\s+(?:fell|declined|decreased|dropped|has\s+fallen|"
                r"have\s+fallen|has\s+declined|shrank)\b",
                window_after,
                re.I,
            )
            if not (up_before or up_after or down_before or down_after):
                continue
            if metric == "turnover" and not re.search(r"turnover|trade", m.group(), re.I):
                continue
            if cue("exclude").search(text) or cue("share").search(text):
                return None
            seg = (0, len(text))
            origin, destination, dir_rule = _direction(sent, metric, pair, m.end(), seg)
            modality, mod_rule = _modality(text, seg, m.start())
            return _Draft(
                amount=None,
                metric=metric,
                measure="growth_pct",
                value=None,
                unit=None,
                pair=pair,
                origin=origin,
                destination=destination,
                modality=modality,
                period=_period_for(
                    text, periods, seg, m.start(), "growth_pct", modality, ref=sent.ref
                ),
                rules=[
                    "figure:none",
                    f"metric:{metric}",
                    "measure:change-word",
                    dir_rule,
                    mod_rule,
                ],
                confidence=0.6,
            )
    return None


def _restatements(sent: _Sentence, last: _Draft, ref: date | None) -> list[_Draft]:
    """Figures in a sentence that speaks of the previous claim's figure without naming the
    metric: "In dirhams, that is roughly AED 33 billion"; "the figure is expected to exceed
    $4.5bn"; "In the first half of this year it increased by another 35%"."""
    out = []
    text = sent.text
    periods = sent.periods(last.pair)
    seg = (0, len(text))
    for fig in sent.figures:
        if fig.kind == "percentage_points":
            continue
        start = fig.span.start
        if cue("exclude").search(text[max(0, start - 40) : start]):
            continue
        if fig.kind == "percent":
            if not _PRONOUN_CHANGE.search(text[:start]) or cue("share").search(text):
                continue
            direction = _change_direction(text, 0, start)
            comparative = re.match(r"\s*(more|higher|up|less|lower|down)\b", text[fig.span.end :])
            if comparative:
                direction = 1 if comparative.group(1).lower() in ("more", "higher", "up") else -1
            if direction == 0:
                continue
            measure: Measure = "growth_pct"
            value = -abs(fig.value) if direction < 0 else abs(fig.value)
            unit = "percent"
        else:
            measure, value = "level", fig.value
            unit = _local_currency(fig.unit, fig.surface, last.pair)
            if _ABS_CHANGE_BEFORE.search(text[max(0, start - 40) : start]):
                # "That was an increase of about $560 million", "a drop of €7.4 billion"
                measure = "growth_abs"
                value = -abs(fig.value) if _change_direction(text, 0, start) < 0 else abs(fig.value)
        modality, mod_rule = _modality(text, seg, start, fig.span.end)
        period = _period_for(text, periods, seg, start, measure, modality, ref=ref) or (
            last.period if modality == "actual" and fig.kind == "money" else None
        )
        out.append(
            replace(
                last,
                amount=fig,
                measure=measure,
                value=value,
                unit=unit,
                modality=modality,
                period=period,
                rules=[
                    "restates:previous",
                    f"figure:{fig.rule or fig.kind}",
                    f"metric:{last.metric}",
                    f"measure:{measure}",
                    mod_rule,
                ],
                confidence=0.7,
            )
        )
    return out


# -- direction --------------------------------------------------------------------------------
def _direction(
    sent: _Sentence,
    metric: Metric,
    pair: tuple[str, str],
    metric_pos: int,
    seg: tuple[int, int],
) -> tuple[str | None, str | None, str]:
    """Exporter and importer (or investor and host) from the words around each country:
    "Kazakh exports", "China imported", "from Russia", "to Kazakhstan", "in the economy of
    Uzbekistan". The mentions nearest the metric word decide first."""
    if metric == "turnover":
        return None, None, ""
    text = sent.text
    a, b = seg
    roles: list[tuple[int, str, str]] = []  # distance to the metric word, role, country
    in_clause = [m for m in sent.countries if m.iso3 in pair and a <= m.span.start < b]
    for m in in_clause or [m for m in sent.countries if m.iso3 in pair]:
        pre = text[max(0, m.span.start - 30) : m.span.start]
        post = text[m.span.end : m.span.end + 40]
        if (
            m.span.end <= metric_pos
            and metric_pos - m.span.end <= 45
            and _SUBJECT_AFTER.match(post)
        ) or _SUBJECT_VERB_AFTER.match(post):
            role = "subject"
        elif _TO_BEFORE.search(pre):
            role = "target"
        elif _FROM_BEFORE.search(pre):
            role = "source"
        else:
            continue
        roles.append((abs(m.span.start - metric_pos), role, m.iso3))
    origin: str | None = None
    destination: str | None = None
    for _, role, iso3 in sorted(roles):
        if iso3 in (origin, destination):
            continue
        is_origin = role == "source" if metric == "imports" else role in ("source", "subject")
        if is_origin and origin is None:
            origin = iso3
        elif not is_origin and destination is None:
            destination = iso3
    other = {pair[0]: pair[1], pair[1]: pair[0]}
    if origin and not destination:
        destination = other[origin]
    elif destination and not origin:
        origin = other[destination]
    if origin is None or origin == destination:
        return None, None, ""
    return origin, destination, "direction:words"


# -- modality ---------------------------------------------------------------------------------
def _modality(
    text: str, seg: tuple[int, int], pos: int, end: int | None = None
) -> tuple[Modality, str]:
    """target for goals set ("aim to bring trade to $30bn"), forecast for expectations
    ("expected to reach", "could exceed"); a bare "to reach" is a goal only when no
    expectation word stands before it."""
    a, b = seg
    window = text[a:pos]
    if _cue_in(cue("target"), window):
        return "target", "modality:target"
    if _cue_in(cue("forecast"), window):
        return "forecast", "modality:forecast"
    if _cue_in(cue("target_weak"), window):
        return "target", "modality:target-weak"
    if re.match(r"^\s*(?:target|goal|objective|benchmark)\b", text[end if end else pos : b]):
        return "target", "modality:target-after"
    return "actual", "modality:actual"


def _cue_in(rx: re.Pattern[str], window: str) -> bool:
    """A cue word, but not one inside a name ("Ministry of Planning", "Target Corp")."""
    for m in rx.finditer(window):
        if m.start() > 0 and m.group()[0].isupper() and window[m.start() - 2 : m.start()] != ". ":
            continue
        return True
    return False


# -- periods ----------------------------------------------------------------------------------
def _period_for(
    text: str,
    periods: list[Period],
    seg: tuple[int, int],
    pos: int,
    measure: Measure,
    modality: Modality = "actual",
    figures: list[Span] | None = None,
    ref: date | None = None,
) -> Period | None:
    """The period a figure refers to: the nearest one in its clause with no other figure in
    between, that is neither a comparison base ("compared with 2021", "on the previous year")
    nor the date a statement was made ("said in December") nor a record's base ("the lowest
    since 2010"); else a period that frames the whole sentence ("In 2022, ...")."""
    others = [f for f in figures or [] if not f.start <= pos < f.end]
    # "compared with $8.2 billion in the previous fiscal year": a base figure takes the base period
    base_figure = _is_base_at(text, pos)
    candidates = []
    for p in periods:
        if p.span is None:
            continue
        pre = text[max(0, p.span.start - 30) : p.span.start]
        comparison = (
            is_comparison(p)
            or _COMPARISON_BEFORE.search(pre)
            or (measure != "level" and _CHANGE_BASE_BEFORE.search(pre))
            or (_COMPARISON_SURFACE.match(p.surface) and not _YEAR_SPAN.match(p.surface))
        )
        if comparison and (measure != "level" or not base_figure):
            continue
        if _PERIOD_AFTER_REPORTING.search(pre[-20:]) or re.match(r"since\b", p.surface, re.I):
            continue
        if p.granularity == "day":
            continue
        if p.span.start > pos and any(
            pos < f.start < p.span.start
            and (
                modality != "actual"
                or _is_base_at(text, f.start)
                or (
                    measure == "level"
                    and _CHANGE_FIGURE_BEFORE.search(text[max(0, f.start - 20) : f.start])
                )
            )
            for f in others
        ):
            # "to $10.6bn from $13.6bn a year earlier": the period after a base figure is its own
            continue
        if not base_figure and any(
            f.end <= p.span.start
            and re.fullmatch(r"\s*(?:in|for|during)?\s*", text[f.end : p.span.start])
            and _is_base_at(text, f.start)
            for f in others
        ):
            continue  # "compared with $4.1bn in fiscal 2022/2023": a base figure's own period
        candidates.append(p)
    a, b = seg
    inside = [p for p in candidates if p.span and a <= p.span.start < b]
    if not inside:
        first_figure = min([f.start for f in figures or []] + [pos])
        inside = [p for p in candidates if p.span and p.span.end <= min(a, first_figure)]
    if not inside:
        return None
    if modality != "actual":
        goals = [p for p in inside if re.match(r"by\b|until\b|through\b", p.surface, re.I)]
        ahead = [p for p in inside if ref is None or p.end >= ref]
        inside = goals or ahead
        if not inside:
            return None
    own_end = next((f.end for f in figures or [] if f.start <= pos < f.end), pos)

    def gap(p: Period) -> int:
        """Characters between the figure and the period, on whichever side it stands."""
        assert p.span is not None
        return p.span.start - own_end if p.span.start >= own_end else abs(pos - p.span.end)

    return min(inside, key=gap)


def _sentence_period(sent: _Sentence, frame: _Frame) -> Period | None:
    """The period a trade sentence that gives no claim talks about ("Kazakhstan's foreign
    trade reached $139.8bn in 2023", "Trade with China in January-September 2023:"), for the
    figures after it."""
    pair = frame.pair or ((frame.home, frame.home) if frame.home else None)
    for p in sent.periods(pair) if pair else []:
        if (
            p.granularity == "day"
            or is_comparison(p)
            or re.match(r"(?:by|since|over|in\s+the\s+past|the\s+past|until)\b", p.surface, re.I)
        ):
            continue
        return p
    return None


def _same_months(p: Period, history: list[Period]) -> Period | None:
    """A bare "the nine months" / "over eight months" naming as many months as a period the
    article talked about is the latest such period, whatever year it starts in."""
    if not _BARE_MONTHS.match(p.surface):
        return None
    earlier = _latest_of_length(history, month_count(p))
    if earlier is None or (earlier.start, earlier.end) == (p.start, p.end):
        return None
    return earlier


def _latest_of_length(history: list[Period], months: int) -> Period | None:
    return next((h for h in reversed(history) if month_count(h) == months), None)


def _is_base_at(text: str, pos: int) -> bool:
    """ "from $10.9 billion in 2021-22": the figure at `pos` is what a change is measured
    against."""
    return bool(_BASE_BEFORE.search(text[max(0, pos - 25) : pos]))


def _inherits_period(d: _Draft, sentence: str) -> bool:
    """A figure with no period of its own refers to the period the article is talking about
    ("over the same period", "during the year"), unless it is a goal, a forecast or a stock
    ("accumulated investment", "Saudi investments in Egypt amount to $32bn")."""
    if d.modality != "actual":
        return False
    if _SAME_PERIOD.search(sentence):
        return True
    # "fell 17% to $575bn, the lowest level since 2010": a record's base, not a stock's start
    if _STOCK.search(_RECORD_SINCE.sub("", sentence)):
        return False
    return not (
        d.metric == "investment" and d.measure == "level" and _INVESTMENT_STOCK.search(sentence)
    )


# -- step 7: finish and merge -----------------------------------------------------------------
def _finish(d: _Draft, sent: _Sentence, speaker: str | None) -> Claim:
    fig = d.amount
    surface = fig.surface if fig else ""
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
        speaker=speaker,
        evidence=Evidence(sent.text, sent.span.start, sent.span.end),
        confidence=max(0.05, min(0.99, d.confidence)),
        surface=surface,
        rules=tuple(r for r in d.rules if r),
    )


def _merge(claims: list[Claim]) -> list[Claim]:
    """A figure restated (headline, lead, quote) is kept once: the most specific statement.
    A rounded restatement ("$104bn" for "$104.3 billion") is the same figure. Statements of one
    figure with different periods stay apart; one without a period goes with those that have it."""
    groups: dict[tuple[object, ...], list[list[Claim]]] = {}
    for c in claims:
        key = (c.pair, c.metric, c.measure, c.unit, c.origin, c.destination, c.modality)
        clusters = groups.setdefault(key, [])
        for cluster in clusters:
            if _same_figure(cluster[0], c):
                cluster.append(c)
                break
        else:
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
    return sorted(kept, key=lambda c: c.evidence.start)


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
