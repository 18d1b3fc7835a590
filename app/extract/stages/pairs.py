"""Stage: the pair of countries a figure is about.

Three levels, each from the words around it:
1. the article's frame: the pair it names together most, the country it names most (its
   home), and whether it is a roundup of the home country's partners;
2. per metric word, the structure its own words make ("Russia's trade with China",
   "trade between India and Mercosur", "its exports to Japan");
3. per sentence, the pair its countries and back-references name (`SENTENCE_RULES`, tried in
   order), and per figure the first of: its metric word's structure, the partner a list or
   ranking gives it, the quotation it stands in, the sentence's pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import pycountry

from app.extract.rules import Rule, always
from app.extract.stages.article import Article, Frame, MetricWord, Sentence, Structure
from app.extract.stages.sentences import has_metric
from app.extract.types import CountryMention, Span
from app.extract.words import (
    ANY,
    CAP,
    LOWER,
    alt,
    in_class,
    is_cap_word,
    is_lower_word,
    is_word,
    opt,
    rep,
    seq,
    word,
)

# -- gap shapes (word classes live in data/word_classes.tsv) ----------------------------------
# "Kazakh exports", "Russia's total trade": the subject, then at most three lower-case words
_SUBJECT_GAP = rep(LOWER, 0, 3)
# "trade with China", "exports of goods to China", "trade and investment with the UAE"
_PARTNER_GAP = seq(rep(LOWER, 0, 4), word("partner_prep"), opt("det_the"), opt(LOWER))
_PARTNER_GAP_AFTER_PREP = seq(opt("det_the"), opt(LOWER))
_BETWEEN_TAIL = seq(word("between"), opt("det_the"))
_AND_GAP = seq(opt(word("comma")), word("and"), opt("det_the"))
_OWN_TOTAL = seq(word("own_possessive"), rep(LOWER, 0, 2))
_OPPOSITE_FLOW = {
    "exports": "imports",
    "imports": "exports",
}  # the same trade seen from the partner
# "exports to China": a country after a preposition is a partner of something
_PREP_BEFORE = seq(word("country_prep"), opt("det_the"), opt(ANY))
_BOUND_FOR_BEFORE = seq(word("bound"), word("for"), opt("det_the"), opt(ANY))
# "trade with the EU", "between India and Mercosur"
_BLOC_BEFORE = seq(word("bloc_prep"), opt("bloc_det"), opt(LOWER))
_INVESTOR_GAP = rep(ANY, 0, 2)
_RANK_GAP = rep(ANY, 0, 3)
_LISTED_ITEM = seq(rep(CAP, 1, 4), alt(word("comma"), word("and")), opt("det_the"))
_LISTED_GAP = seq(opt("det_the"), rep(_LISTED_ITEM, 0, 4))
_LISTED_FIGURE_GAP = seq(opt("det_the"), rep(CAP, 1, 4), word("list_link"))


def frame(art: Article) -> None:
    """The article's pair is the pair most often named together in one sentence (lists of four
    or more countries do not count), provided it holds the country the article names most. An
    article about one country's trade with the world has no pair.

    Its home is the country it names most (a mention in a partner's place, "exports to
    Japan", counts half), unless its figures say otherwise: the country
    whose own currency they are in ("R15.1bn" in a South African report that names China
    more often), when that country is a side of the pair or no country is named most."""
    found = _frame(art.mentions, art.doc.sentences, _partner_mentions(art))
    issuer = _article_currency_issuer(art)
    named_most = found.home
    on_pair = found.pair is not None and issuer in found.pair
    if issuer is not None and issuer != named_most and (named_most is None or on_pair):
        found = replace(found, home=issuer)
    art.frame = found


def _article_currency_issuer(art: Article) -> str | None:
    """The country whose own currency most of the money figures of the article's trade
    sentences are in (currency_issuer), if it holds at least two of them and the article
    names it."""
    counts: Counter[str] = Counter(
        issuer
        for span in art.doc.sentences
        if has_metric(art, span)
        for f in art.amounts_in(span)
        if f.kind == "money" and not f.shared and (issuer := currency_issuer(f.unit))
    )
    if not counts:
        return None
    issuer, n = counts.most_common(1)[0]
    return issuer if n >= 2 and any(m.iso3 == issuer for m in art.mentions) else None


# currencies that say nothing of the reporting country: the world's, the euro's many
# members, and supranational units (ISO 4217 codes starting with X)
_WORLD_CURRENCIES = frozenset({"USD", "EUR"})


@cache
def currency_issuer(unit: str) -> str | None:
    """The country (ISO3) a currency is its own of, by ISO 4217's rule that a code's first two
    letters are its issuer's ISO 3166 code ("JPY": Japan); None for the dollar, the euro and
    supranational X- codes."""
    if unit in _WORLD_CURRENCIES or unit.startswith("X") or len(unit) != 3:
        return None
    country = pycountry.countries.get(alpha_2=unit[:2])
    return str(country.alpha_3) if country is not None else None


def _partner_list_len(
    art: Article, entities: list[tuple[int, int, str]], first: tuple[int, int, str]
) -> int:
    """How many countries the partner slot holds: "to Afghanistan, China, Bangladesh and the
    Maldives" holds four (items joined by commas and "and" alone)."""
    i = entities.index(first)
    n = 1
    while i + 1 < len(entities):
        gap = art.words(entities[i][1], entities[i + 1][0])
        if not _LIST_JOIN.fullmatch(gap):
            break
        n += 1
        i += 1
    return n


_TO_FROM = in_class("to_from")
_THE_WORD = in_class("det_the")


def _partner_mentions(art: Article) -> frozenset[int]:
    """The starts of the mentions that stand right after "to" or "from" ("exports to Japan",
    "imports from China"): a partner's place, which says little of whose article it is."""
    if len({m.iso3 for m in art.mentions}) < 2:
        return frozenset()  # one country: its article either way
    toks = art.doc.tokens
    words = toks.lower
    out = set()
    for m in art.mentions:
        i = toks.before(m.span.start)
        if i >= 0 and (
            _TO_FROM(words[i]) or (i > 0 and _THE_WORD(words[i]) and _TO_FROM(words[i - 1]))
        ):
            out.add(m.span.start)
    return frozenset(out)


def _frame(
    mentions: list[CountryMention], spans: list[Span], partner_starts: frozenset[int] = frozenset()
) -> Frame:
    if not mentions:
        return Frame(None, None, False)
    # a partner's mention counts half: "exports to Japan" speaks of the exporter's trade
    freq: Counter[str] = Counter()
    for m in mentions:
        freq[m.iso3] += 2 if m.span.start not in partner_starts else 1  # in half mentions
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
        if min(freq[best[0]], freq[best[1]]) >= 4 or len(freq) == 2:  # two mentions each
            pair = best
    elif (
        len(ranked) >= 2 and ranked[1][1] >= 4 and (len(ranked) == 2 or ranked[1][1] > ranked[2][1])
    ):
        a, b = ranked[0][0], ranked[1][0]
        pair = (min(a, b), max(a, b))
    return Frame(pair, home, roundup, mentions[0].iso3)


def _sorted(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


# -- back-references --------------------------------------------------------------------------
def has_backref(art: Article, lo: int, hi: int, weak: bool = True) -> bool:
    """ "our countries", "the two sides", "we", "the island nation", "the Himalayan country"
    (and, when `weak`, "bilateral", "mutual")."""
    if art.hits.any("backref", lo, hi) or art.hits.any("first_person", lo, hi):
        return True
    if _described_country(art, lo, hi):
        return True
    return weak and art.hits.any("backref_weak", lo, hi)


_DESCRIBED = seq(word("det_the"), rep(ANY, 1, 2))
_DESCRIBED_OWNER = seq(word("det_the"), rep(ANY, 0, 2))  # "the Kingdom's", "the island nation's"
_AS_PARTNER = seq(alt(word("partner_prep"), word("between")), word("det_the"), rep(ANY, 1, 2))


def _described_country(art: Article, lo: int, hi: int) -> bool:
    """ "imports from the Asian country", "trade with the island nation", "between the Arab
    Republic and the Asian nation": a country the article named before, described instead of
    named, as the partner of a flow. Described as the flow's owner ("the Kingdom's non-oil
    exports") it names one country, not a pair: that country's trade may be with the world."""
    for h in art.hits.of("country_noun", lo, hi):
        words = art.words(max(lo, h.start - 50), h.start)[-4:]
        if _DESCRIBED.suffix(words) and _AS_PARTNER.suffix(words):
            return True
    return False


_TO_DESCRIBED = seq(word("partner_prep"), word("det_the"), rep(ANY, 0, 2))


def _to_described_country(art: Article, sent: Sentence, me: int) -> bool:
    """ "its exports to the country", "its trade with the kingdom": the partner is a country
    the article named, described instead of named, so "its" is not its own total."""
    hit = art.hits.first("country_noun", me, min(sent.end, me + 40))
    return hit is not None and _TO_DESCRIBED.fullmatch(art.words(me, hit.start)) is not None


# -- metric-word structures -------------------------------------------------------------------
def structures(art: Article, sent: Sentence) -> None:
    """For each metric word (by its start), the pair its own words name, if they name one."""
    text = art.text
    entities: list[tuple[int, int, str]] = [
        (m.span.start, m.span.end, m.iso3) for m in sent.countries
    ]
    entities += [(r.start, r.end, "@") for r in sent.non_partners]
    entities.sort()
    out: dict[int, Structure] = {}
    own_total_from: int | None = None
    last_subject: tuple[int, int, str] | None = None  # the subject of the last flow named
    last_partner: tuple[int, int, str] | None = None  # and its partner
    last_flow: tuple[str, tuple[str, str]] | None = None  # the last flow named with both sides
    for w in sent.metric_words:
        ms, me = w.start, w.end
        subject = partner = None
        if _inside_name(art, sent, w):
            continue  # "UK Export Finance", "Trade Development Authority"
        before = [e for e in entities if e[1] <= ms]
        if before and _subject_gap(art, before[-1][1], ms):
            subject = before[-1]
            # "ASEAN-India trade", "Kazakh-Uzbek trade": a compound names both sides
            joined = [e for e in entities if e[1] <= subject[0] and subject[0] - e[1] <= 1]
            if joined and text[subject[0] - 1 : subject[0]] in ("-", "\u2013"):
                partner = joined[-1]
        if subject is None and _named_possessor(art, sent, ms):
            out[ms] = Structure(None, True)  # "St Petersburg's trade", "Tesla's exports"
            continue
        after = [e for e in entities if e[0] >= me]
        ends_with_prep = in_class("partner_prep_end")(w.key.split()[-1])
        if partner is None and after and _partner_gap(art, me, after[0][0], ends_with_prep):
            partner = after[0]
            # "trade between India and Mercosur": both sides after the metric word
            if (
                _BETWEEN_TAIL.suffix(art.words(ms, after[0][0]))
                and len(after) > 1
                and _AND_GAP.fullmatch(art.words(after[0][1], after[1][0]))
            ):
                subject, partner = after[0], after[1]
        if (
            subject is not None
            and partner is None
            and last_partner is not None
            and last_partner[2] not in ("@", subject[2])
            and _PARALLEL_BEFORE.suffix(art.words(max(sent.start, subject[0] - 30), subject[0]))
        ):
            # "Tanzania's exports to Kenya stood at ... while Rwanda exported goods worth ...":
            # a parallel clause's subject trades with the partner of the flow before it
            partner = last_partner
        if partner is not None and _partner_list_len(art, entities, partner) >= 3:
            # "exports to Afghanistan, China, Bangladesh ... and the Maldives rose to $2.2bn":
            # the flow to a group of partners, no pair's
            out[ms] = Structure(None, True)
            continue
        sides = [e[2] for e in (subject, partner) if e is not None]
        if subject is not None:
            last_subject = subject
            if partner is not None:
                last_partner = partner
        own_total = _OWN_TOTAL.suffix(art.words(max(sent.start, ms - 60), ms)[-3:])
        if own_total and w.metric == "turnover" and art.hits.any("backref", sent.start, me):
            own_total = False  # "their trade": the two sides' trade with each other
        if (
            subject is None
            and partner is None
            and own_total
            and last_flow is not None
            and w.metric in (last_flow[0], _OPPOSITE_FLOW.get(last_flow[0]))
            and not art.hits.any("total_word", max(sent.start, ms - 30), ms)
        ):
            # "South Korea's exports to India jumped 42.7% ..., and its imports rose 37%",
            # "Oman imported from India ..., a 15.39 per cent decline in its import bills": the
            # same owner's flow, either way, is with the same partner ("its total exports"
            # is not)
            out[ms] = Structure(last_flow[1], False)
            continue
        if len(sides) == 2 and sides[0] != sides[1] and "@" not in sides:
            last_flow = (w.metric, _sorted(sides[0], sides[1]))
        if "@" in sides:
            out[ms] = Structure(None, True)
        elif len(sides) == 2 and sides[0] != sides[1]:
            out[ms] = Structure(_sorted(sides[0], sides[1]), False)
        elif subject is None and partner is not None and own_total:
            # "Tatarstan ... said its own trade with Türkiye": "its" is the nearest side named
            # before, or the subject of the flow named before ("China's trade with Russia
            # ..., while its trade with Ukraine"); a region or bloc there voids the figure
            owner = [e for e in entities if e[1] <= ms and e[2] != partner[2]]
            if last_subject is not None and last_subject[2] not in ("@", partner[2]):
                owner = [last_subject]
            if owner and owner[-1][2] == "@":
                out[ms] = Structure(None, True)
            elif owner:
                out[ms] = Structure(_sorted(owner[-1][2], partner[2]), False)
            else:
                out[ms] = Structure(None, False, partner_only=partner[2])
        elif subject is None and partner is not None:
            out[ms] = Structure(None, False, partner_only=partner[2])
        elif subject is None and own_total and not _to_described_country(art, sent, me):
            out[ms] = Structure(None, True)  # "its merchandise exports": its own total
            own_total_from = ms
        elif own_total_from is not None and subject is None and partner is None:
            out[ms] = Structure(None, True)  # "..., while imports exceeded $17bn"
    sent.structures = out


ORIGIN_GAP = seq(word("goods_word"))  # "Chinese goods imports": goods from China
# what opens a clause parallel to the one before it: "..., while Rwanda exported ..."
_PARALLEL_BEFORE = seq(word("parallel_conjunction"))


def _subject_gap(art: Article, end: int, ms: int) -> bool:
    start = art.possessive_end(end)
    gap = art.text[start:ms]
    if not gap or not gap[-1].isspace() or (gap.strip() and not gap[0].isspace()):
        return False
    return _SUBJECT_GAP.fullmatch(art.words(start, ms))


def _partner_gap(art: Article, me: int, start: int, ends_with_prep: bool) -> bool:
    gap = art.text[me:start]
    if not gap or not gap[0].isspace() or not gap[-1].isspace():
        return False
    words = art.words(me, start)
    return (_PARTNER_GAP_AFTER_PREP if ends_with_prep else _PARTNER_GAP).fullmatch(words)


def _named_possessor(art: Article, sent: Sentence, ms: int) -> bool:
    """ "St Petersburg's trade", "Tesla's exports": a name that is no country owns the flow."""
    words = art.words(max(sent.start, ms - 60), ms)
    i = len(words)
    lowers = 0
    while i > 0 and is_lower_word(words[i - 1]) and lowers < 3:
        i -= 1
        lowers += 1
    if i == 0:
        return False
    owner = words[i - 1]
    if not owner.endswith("'s") or not is_cap_word(owner):
        return False
    return not in_class("state_noun")(owner[:-2])


def _inside_name(art: Article, sent: Sentence, w: MetricWord) -> bool:
    """A metric word that is part of a proper name: capitalised mid-sentence, with a
    capitalised word right before or after it ("UK Export Finance", "Export-Import Bank")."""
    text = art.text
    start, end = w.start, w.end
    if not text[start].isupper() or start == sent.start:
        return False
    if text[max(0, start - 2) : start] == ". ":
        return False
    i = start
    while i > sent.start and text[i - 1] in " \t-":
        i -= 1
    j = i
    while j > sent.start and (text[j - 1].isalnum() or text[j - 1] in "_.&-"):
        j -= 1
    before = i < start and "A" <= text[j : j + 1] <= "Z"
    k = end
    while k < sent.end and text[k] in " \t-":
        k += 1
    after = k > end and "A" <= text[k : k + 1] <= "Z"
    return before or after


# -- the sentence's pair ----------------------------------------------------------------------
@dataclass
class _Sentenced:
    """What the sentence-pair rules look at."""

    art: Article
    sent: Sentence
    codes: list[str]
    backref: bool
    strong_backref: bool
    implied: bool | None = None


def _listed(art: Article, sent: Sentence) -> set[str]:
    """ "..., followed by Russia at $1.35bn" / "followed by France": entries of a ranking."""
    out = set()
    for m in sent.countries:
        for hit in art.hits.of("ranking_prep", max(sent.start, m.span.start - 120), m.span.start):
            if _LISTED_GAP.fullmatch(art.words(hit.end, m.span.start)):
                out.add(m.iso3)
                break
    return out


def sentence_pair(art: Article, sent: Sentence) -> None:
    listed = _listed(art, sent)
    codes = list(dict.fromkeys(m.iso3 for m in sent.countries if m.iso3 not in listed))
    ctx = _Sentenced(
        art,
        sent,
        codes,
        has_backref(art, sent.start, sent.end),
        has_backref(art, sent.start, sent.end, weak=False),
    )
    for rule in SENTENCE_RULES:
        if rule.when is None or rule.when(ctx):
            assert rule.then is not None
            sent.pair = rule.then(ctx)
            sent.pair_rule = rule.id
            return


def _two_or_more(c: _Sentenced) -> bool:
    return len(c.codes) >= 2


def _of_two_or_more(c: _Sentenced) -> tuple[str, str]:
    pair = c.art.frame.pair
    if pair and set(pair) <= set(c.codes):
        return pair
    return _sorted(c.codes[0], c.codes[1])


def _list_entry(art: Article, sent: Sentence) -> bool:
    """A line headed by a country and a colon ("• Mexico: total trade of $137.8bn")."""
    if len(sent.countries) != 1:
        return False
    m = sent.countries[0]
    head = art.text[sent.start : m.span.start].strip(" \t-*\u2022\u2013\u2014")
    return not head and art.text[m.span.end : sent.end].lstrip().startswith(":")


def _listed_partner(c: _Sentenced) -> bool:
    home = c.art.frame.home
    return len(c.codes) == 1 and bool(home) and c.codes[0] != home and _list_entry(c.art, c.sent)


def _with_home(c: _Sentenced) -> tuple[str, str]:
    assert c.art.frame.home is not None
    return _sorted(c.codes[0], c.art.frame.home)


def _bloc_side(art: Article, sent: Sentence, r: Span) -> bool:
    """A bloc, region or group named as a side of trade ("trade with the EU", "the Sverdlovsk
    region's trade") rather than in passing ("the Mattei Plan for Africa")."""
    before = art.words(max(sent.start, r.start - 40), r.start)[-3:]
    if art.text[r.start - 1 : r.start].isspace() and _BLOC_BEFORE.suffix(before):
        return True
    return _trades_after(art, sent, r.end)


def _trades_after(art: Article, sent: Sentence, pos: int) -> bool:
    """ "the Sverdlovsk region's trade", "Guangxi, which borders Vietnam, reported trade":
    the side named before is the one that trades."""
    text = art.text
    start = art.possessive_end(pos)
    rest = text[start : sent.end]
    if rest.lstrip().startswith(","):
        comma = start + rest.index(",")
        hit = art.just_after("relative_pronoun", comma + 1, sent.end, space=True)
        if hit is not None:
            close = text.find(",", hit.end, min(sent.end, hit.end + 61))
            if close > 0 and not any(ch in ".;" for ch in text[hit.end : close]):
                start = close + 1
    if not text[start : start + 1].isspace():
        return False
    trade = art.hits.first("trade_word", start, sent.end)
    if trade is None:
        return False
    words = art.words(start, trade.start)
    return len(words) <= 2 and all(is_word(w) for w in words)


def _bloc_or_region(c: _Sentenced) -> bool:
    named = any(_bloc_side(c.art, c.sent, r) for r in c.sent.non_partners)
    return named and not c.strong_backref


def _world(c: _Sentenced) -> bool:
    # "total two-way trade with the world": a world word outside a name ("the Foreign Trade
    # Association") outweighs a weak back-reference such as "bilateral"
    art, sent = c.art, c.sent
    if not art.hits.any("world", sent.start, sent.end):
        return False
    return not c.backref or (not c.strong_backref and art.cue_in("world", sent.start, sent.end))


def _one(c: _Sentenced) -> CountryMention:
    return next(m for m in c.sent.countries if m.iso3 == c.codes[0])


def _implied_one(c: _Sentenced) -> bool:
    if c.implied is None:
        c.implied = _implies_partner(c)
    return c.implied


def _implies_partner(c: _Sentenced) -> bool:
    """ "exports to China", "trade with Russia" imply the article's other country; "China's
    exports grew" alone is China's trade with the world. A weak back-reference ("bilateral
    trade") points at the article's own pair only."""
    art, sent = c.art, c.sent
    named = c.codes[0]
    pair = art.frame.pair
    if has_backref(art, sent.start, sent.end, weak=False):
        return True
    weak = art.hits.of("backref_weak", sent.start, sent.end) if pair and named in pair else []
    if weak and not all(_owns_weak(art, _one(c), h.start) for h in weak):
        return True
    if pair and named in pair and _has_described_owner(art, sent):
        # "As for the Kingdom's imports, China took the lead": the described owner is the
        # article's other country
        return True
    m = _one(c)
    if not art.text[m.span.start - 1 : m.span.start].isspace():
        return False
    before = art.words(max(sent.start, m.span.start - 40), m.span.start)[-4:]
    return _PREP_BEFORE.suffix(before) or _BOUND_FOR_BEFORE.suffix(before)


def _owns_weak(art: Article, m: CountryMention, start: int) -> bool:
    """ "New Zealand's two-way trade": the country named owns the two-way trade (its trade
    with the world); the weak word does not point at a partner."""
    end = art.possessive_end(m.span.end)
    return end != m.span.end and end <= start and len(art.words(end, start)) <= 1


def _investor(c: _Sentenced) -> bool:
    # "approved Japanese investments worth ₱76.4bn" in an article about Japan and the
    # Philippines: investment is made somewhere, and that is the article's other side
    art, sent = c.art, c.sent
    pair = art.frame.pair
    if len(c.codes) != 1 or _implied_one(c) or not pair or c.codes[0] not in pair:
        return False
    m = _one(c)
    start = art.possessive_end(m.span.end)
    hit = art.hits.first("investor_word", start, min(sent.end, start + 60))
    return hit is not None and _INVESTOR_GAP.fullmatch(art.words(start, hit.start))


_SUBJECT_REACH = 3  # sentences back to the last one about trade


def _last_trade_sentence(art: Article, sent: Sentence) -> Sentence | None:
    """The last sentence about trade before `sent` within reach: sentences with no trade word
    in between ("Non-ferrous metals were up 72.4%.") do not break the thread."""
    return next(
        (
            art.sentences[i]
            for i in range(sent.index - 1, max(-1, sent.index - 1 - _SUBJECT_REACH), -1)
            if i in art.sentences
        ),
        None,
    )


def _thread_pair(c: _Sentenced) -> tuple[str, str] | None:
    """The pair the last trade sentence gave figures for, or None."""
    previous = _last_trade_sentence(c.art, c.sent)
    if previous is None or previous.pair is None or not previous.figures:
        return None
    return previous.pair


def _article_subject(c: _Sentenced) -> bool:
    """ "Chinese exports rose 1.1% over the month" right after a sentence that gave the figures
    of China's trade with Russia: the article's own country as the subject of a flow, with no
    word for the world, trades with the article's other country."""
    art, sent = c.art, c.sent
    pair = art.frame.pair
    if len(c.codes) != 1 or _implied_one(c) or not pair or c.codes[0] not in pair:
        return False
    if art.hits.any("world", sent.start, sent.end) or art.hits.any(
        "total_word", sent.start, sent.end
    ):
        return False
    # the pair must be the one the last sentence about trade gave figures for
    if _thread_pair(c) != pair:
        return False
    m = _one(c)
    return any(
        w.start >= m.span.end and _subject_gap(art, m.span.end, w.start) for w in sent.metric_words
    )


def _import_origin(c: _Sentenced) -> bool:
    """ "Chinese goods imports fell from $8.96 billion": a nationality before "imports" names
    where the goods come from, so the importer is the side the sentence leaves implied (the
    article's home country), not China with the world."""
    art, sent = c.art, c.sent
    if _importer(c) is None or art.hits.any("world", sent.start, sent.end):
        return False
    m = _one(c)
    if m.kind not in ("adjective", "demonym"):
        return False
    return any(
        w.metric == "imports"
        and w.start >= m.span.end
        and ORIGIN_GAP.fullmatch(art.words(m.span.end, w.start))
        for w in sent.metric_words
    )


def _importer(c: _Sentenced) -> str | None:
    """The implied importer of goods from the one country named: the article's home country,
    else the other side of the article's pair."""
    f = c.art.frame
    if len(c.codes) != 1:
        return None
    named = c.codes[0]
    if f.home and f.home != named:
        return f.home
    if f.pair is not None and named in f.pair and not f.roundup:
        return next(x for x in f.pair if x != named) if f.pair[0] != f.pair[1] else None
    return None


def _with_importer(c: _Sentenced) -> tuple[str, str] | None:
    side = _importer(c)
    return _sorted(c.codes[0], side) if side else None


def _ranked(c: _Sentenced) -> bool:
    # "China was a close second, with two-way trade of $118.4bn": a ranked partner of the
    # article's home country
    art, sent = c.art, c.sent
    home = art.frame.home
    if len(c.codes) != 1 or _implied_one(c) or not home or c.codes[0] == home:
        return False
    if art.hits.any("rank_phrase", sent.start, sent.end):
        return True
    for verb in art.hits.of("rank_verb", sent.start, sent.end):
        for rank in art.hits.of("rank_word", verb.end, min(sent.end, verb.end + 40)):
            if _RANK_GAP.fullmatch(art.words(verb.end, rank.start)):
                return True
    return False


def _one_alone(c: _Sentenced) -> bool:
    return len(c.codes) == 1 and not _implied_one(c)


def _one_of_article(c: _Sentenced) -> bool:
    f = c.art.frame
    named = c.codes[0] if len(c.codes) == 1 else None
    return (
        named is not None
        and f.pair is not None
        and named in f.pair
        and not (f.roundup and named != f.home)
    )


def _one_with_home(c: _Sentenced) -> bool:
    f = c.art.frame
    return len(c.codes) == 1 and bool(f.home) and c.codes[0] != f.home


def _currency_issuer(c: _Sentenced) -> str | None:
    """The one country whose own currency the sentence's money figures are in ("1.3329
    trillion yen": Japan), other than the country it names; None for shared surfaces ("Rs",
    "$") and figures in several currencies (currency_issuer)."""
    issuers = {
        currency_issuer(f.unit) for f in c.sent.figures if f.kind == "money" and not f.shared
    }
    issuers.discard(None)
    if len(issuers) != 1:
        return None
    (issuer,) = issuers
    return issuer if issuer not in c.codes else None


def _one_with_currency_home(c: _Sentenced) -> bool:
    return len(c.codes) == 1 and _implied_one(c) and _currency_issuer(c) is not None


def _with_currency_home(c: _Sentenced) -> tuple[str, str] | None:
    issuer = _currency_issuer(c)
    return _sorted(c.codes[0], issuer) if issuer else None


def _no_article_pair(c: _Sentenced) -> bool:
    f = c.art.frame
    return f.pair is None or (f.roundup and not c.backref)


def _backref(c: _Sentenced) -> bool:
    return c.backref


def _described_owner(c: _Sentenced) -> bool:
    """ "The Kingdom's non-oil exports fell 6.7%": no country named, but one described
    ("the Kingdom", "the island nation") as the owner of the flow right after it; with no
    partner named or referred to, that is one country's trade with the world."""
    return not c.codes and _has_described_owner(c.art, c.sent)


def _has_described_owner(art: Article, sent: Sentence) -> bool:
    """A country described ("the Kingdom's", "the island nation's") as the owner of a flow
    word right after it."""
    for h in art.hits.of("country_noun", sent.start, sent.end):
        owner_end = art.possessive_end(h.end)
        if owner_end == h.end:
            continue
        if not _DESCRIBED_OWNER.suffix(art.words(max(sent.start, h.start - 40), h.start)[-3:]):
            continue
        if any(
            owner_end <= w.start and _subject_gap(art, owner_end, w.start)
            for w in sent.metric_words
        ):
            return True
    return False


def _article(c: _Sentenced) -> tuple[str, str] | None:
    return c.art.frame.pair


def _none(c: _Sentenced) -> None:
    return None


PairOf = Callable[[_Sentenced], tuple[str, str] | None]

SENTENCE_RULES: tuple[Rule[_Sentenced, PairOf], ...] = (
    Rule(
        "pair:sentence",
        "two or more countries named: the article's pair if both are named, else the first two",
        "Trade reached $26 billion in 2022 as Kazakhstan and Russia expanded ties.",
        when=_two_or_more,
        then=_of_two_or_more,
    ),
    Rule(
        "pair:listed-partner",
        "a list line headed by a partner is its trade with the article's home country",
        "Japan's trade with its partners in 2023, by country, was as follows.\n"
        "Japan's largest partner was China, and trade with Japan's neighbours grew.\n"
        "China: total trade of $300 billion.\nKorea: total trade of $80 billion.",
        when=_listed_partner,
        then=_with_home,
    ),
    Rule(
        "pair:bloc-or-region",
        "a bloc, region or group named as a side voids the sentence",
        "Kazakhstan's trade with the EU grew 8% to $40 billion in 2023.",
        when=_bloc_or_region,
        then=_none,
        shows_in="trace",
    ),
    Rule(
        "pair:ranked-partner",
        "a ranked partner of the article's home country",
        "Vietnam's trade grew in 2023. Vietnam exported more and Vietnam imported more. "
        "Vietnam counts the US as its largest market. China was a close second, with "
        "two-way trade of $118 billion.",
        when=_ranked,
        then=_with_home,
    ),
    Rule(
        "pair:world",
        "one country's trade with the world is no bilateral claim",
        "Kazakhstan's foreign trade reached $139.8 billion in 2023.",
        when=_world,
        then=_none,
        shows_in="trace",
    ),
    Rule(
        "pair:investor",
        "a nationality investing, in an article about its pair: the article's pair",
        "Japan and the Philippines signed a memorandum. Japan and the Philippines are "
        "partners. Japanese investments reached $2 billion in 2023.",
        when=_investor,
        then=_article,
    ),
    Rule(
        "pair:article-subject",
        "one country of the article's pair as the subject of a flow: the article's pair",
        "China and Russia met. Trade between China and Russia fell 5% to $20 billion in July. "
        "Chinese exports rose 1.1% to $9.99 billion.",
        when=_article_subject,
        then=_article,
    ),
    Rule(
        "pair:import-origin",
        "a nationality right before 'imports': imports from that country into the article's "
        "home country (or the other side of its pair)",
        "India's imports from China declined in 2024. India buys more elsewhere. Chinese "
        "goods imports fell from $8.96 billion in January to $8.09 billion in February.",
        when=_import_origin,
        then=_with_importer,
    ),
    Rule(
        "pair:one-country-total",
        "one country named with no partner word: its trade with the world",
        "China's exports grew 5% to $3.4 trillion in 2023.",
        when=_one_alone,
        then=_none,
        shows_in="trace",
    ),
    Rule(
        "pair:one-named",
        "one country of the article's pair named as a partner: the article's pair",
        "Kazakhstan and Russia held talks. Kazakhstan and Russia signed deals. Trade grew 10% "
        "to $9 billion in 2023, according to data from Russia.",
        when=_one_of_article,
        then=_article,
    ),
    Rule(
        "pair:home-partner",
        "one country named as a partner: its trade with the article's home country",
        "Uzbekistan's trade grew in 2023. Uzbekistan signed new deals. Shipments rose 12% to "
        "$1.5 billion, with most bound for Turkey.",
        when=_one_with_home,
        then=_with_home,
    ),
    Rule(
        "pair:currency-home",
        "one country named as a partner, no home country to pair it with, and figures in the "
        "currency of another: that country's trade with the one named",
        "Exports to China increased 8.2% to 1.3329 trillion yen in July.",
        when=_one_with_currency_home,
        then=_with_currency_home,
    ),
    Rule(
        "pair:other-country",
        "one country named as a partner, and no home country to pair it with",
        "Exports to Turkey grew 12% to $1.5 billion.",
        when=lambda c: len(c.codes) == 1,
        then=_none,
        shows_in="trace",
    ),
    Rule(
        "pair:none",
        "no country named and no article pair (or a roundup without a back-reference)",
        "Kazakhstan, Russia and China met. Exports grew 12% to $1.5 billion in 2023.",
        when=_no_article_pair,
        then=_none,
        shows_in="trace",
    ),
    Rule(
        "pair:backref",
        "no country named, but a back-reference to the article's pair",
        "Kazakhstan and Russia held talks. Kazakhstan and Russia signed deals. Our trade "
        "turnover grew 5% to $26 billion.",
        when=_backref,
        then=_article,
    ),
    Rule(
        "pair:described-owner",
        "no country named, one described as the owner of the flow ('the Kingdom's non-oil "
        "exports'): that country's trade with the world",
        "Saudi Arabia and China signed deals. Saudi Arabia and China met. The Kingdom's "
        "non-oil exports fell 6.7% to SR23 billion in January.",
        when=_described_owner,
        then=_none,
        shows_in="trace",
    ),
    Rule(
        "pair:article",
        "no country named: the article's pair",
        "Kazakhstan and Russia held talks. Kazakhstan and Russia signed deals. Turnover "
        "grew 5% to $26 billion.",
        when=always,
        then=_article,
    ),
)


def clause_partner_ok(
    art: Article, sent: Sentence, seg: tuple[int, int], pair: tuple[str, str]
) -> bool:
    """False when the figure's own clause names a bloc, region or group as the partner."""
    a, b = seg
    here = [r for r in sent.non_partners if a <= r.start < b]
    if not here:
        return True
    for r in here:
        if _bloc_side(art, sent, r):
            return False
    named = {m.iso3 for m in sent.countries if a <= m.span.start < b}
    return len(named) >= 2 or has_backref(art, a, b, weak=False)


def implied_pair(art: Article, partner: str | None, sent: Sentence) -> tuple[str, str] | None:
    """ "commerce with America" in an article about Germany: the partner the words name, and the
    side they leave implied: a country the sentence names as possessor ("Azerbaijan's top
    trading partner ..., while trade with Russia"), else the article's home, else the other
    country of its pair."""
    if partner is None:
        return None
    frame = art.frame
    for m in sent.countries:
        if m.iso3 != partner and art.possessive_end(m.span.end) != m.span.end:
            return _sorted(m.iso3, partner)
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
    return _sorted(side, partner)


_OPEN_QUOTES = "\u201c\u00ab\u201e"
_CLOSE_QUOTES = "\u201d\u00bb"


def quote_around(art: Article, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """The quotation a position stands in, within one sentence: from the opening mark before
    it (or the sentence start, when the sentence closes a quote it did not open) to the
    closing mark after it."""
    text = art.text
    lo, hi = sent.start, sent.end
    opened = max(text.rfind(q, lo, pos) for q in _OPEN_QUOTES)
    closed_before = max(text.rfind(q, lo, pos) for q in _CLOSE_QUOTES)
    close_after = [i for i in (text.find(q, pos, hi) for q in _CLOSE_QUOTES) if i >= 0]
    if opened > closed_before:
        return opened, min(close_after) if close_after else hi
    if opened < 0 and closed_before < 0 and close_after:
        return lo, min(close_after)  # the sentence ends a quote begun earlier
    return None


def listed_partner(art: Article, sent: Sentence, start: int) -> str | None:
    """ "followed by Russia at $1.35bn", "ahead of Italy with ...": the country a ranking
    gives the figure right after it."""
    lo = max(sent.start, start - 80)
    for hit in reversed(art.hits.of("list_prep", lo, start)):
        words = art.words(hit.end, start)
        if _LISTED_FIGURE_GAP.fullmatch(words):
            return next((m.iso3 for m in sent.countries if hit.end <= m.span.start < start), None)
    return None


def quoted_pair(
    art: Article, sent: Sentence, seg: tuple[int, int], quoted: tuple[int, int]
) -> tuple[tuple[str, str] | None, str]:
    """A quotation speaks for itself: countries named in the attribution around it ("said
    during a visit to Tbilisi") are not the quoted figure's pair."""
    qs, qe = quoted
    inside = replace(
        sent,
        countries=[m for m in sent.countries if qs <= m.span.start < qe],
        non_partners=[r for r in sent.non_partners if qs <= r.start < qe],
        _periods={},
    )
    sentence_pair(art, inside)
    pair = inside.pair
    if pair is None or not clause_partner_ok(art, inside, seg, pair):
        return None, inside.pair_rule
    return pair, inside.pair_rule


FIGURE_RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "pair:list-entry",
        "in a list of partners in one sentence, each figure goes with the country heading it",
        "Thailand's trade with Malaysia stood at 30.5 billion baht in January, Cambodia 17.8 "
        "billion baht and Laos 23.5 billion baht.",
    ),
    Rule(
        "pair:structure",
        "the figure's metric word names both sides ('Russia's trade with China')",
        "Kazakhstan said Russia's trade with China grew 26% to $240 billion in 2023.",
    ),
    Rule(
        "pair:partner",
        "the metric word or a ranking names the partner; the other side is implied",
        "Germany's trade grew in 2023. Germany exported more machines. Commerce with America "
        "rose 5% to $250 billion.",
    ),
)


_LIST_GLUE = in_class("list_glue")
_LIST_GLUE_WORDS = 3  # words at most between a listed country and its figure


def entry_before(art: Article, sent: Sentence, pos: int) -> CountryMention | None:
    """The country that heads the list item a figure at `pos` stands in ("Cambodia 17.76
    billion THB", "Taiwan with $44.4 billion", "and with Russia R2.9bn"): the nearest country
    before it with only a few linking words between."""
    before = [m for m in sent.countries if m.span.end <= pos]
    if not before:
        return None
    head = bracket_head(art, sent, pos)
    if head is not None:
        return head
    m = before[-1]
    words = art.words(m.span.end, pos)
    real = [w for w in words if is_word(w)]
    if (
        len(words) <= _LIST_GLUE_WORDS * 2
        and len(real) <= _LIST_GLUE_WORDS
        and all(_LIST_GLUE(w) for w in real)
    ):
        return m
    return m if _heads_ranking(art, sent, m, pos, words) else None


_RANK_HEAD_WORDS = 8  # words at most between a ranking's first country and its figure


def _heads_ranking(
    art: Article, sent: Sentence, m: CountryMention, pos: int, words: list[str]
) -> bool:
    """ "France came in second with exports worth $1.67bn, followed by Italy with ...",
    "Japan exhibited the highest investment commitment at P20.36 billion, followed by
    Singapore at ...": the first item of a ranking ranks its country before its figure, and
    the ranking goes on after it. No other country, comma or clause end stands between."""
    if len(words) > _RANK_HEAD_WORDS or any(w in (",", ";", ":") for w in words):
        return False
    if not art.hits.any("rank_word", m.span.end, pos):
        return False
    return art.hits.first("ranking_prep", pos, sent.end) is not None


def bracket_head(art: Article, sent: Sentence, pos: int) -> CountryMention | None:
    """The country whose bracket the figure at `pos` stands in: "France (14 bio CHF, +0.8%)",
    "China (including Hong Kong, 14.69 bio CHF)", "the UAE ($11.497 billion)"."""
    text = art.text
    opened = text.rfind("(", sent.start, pos)
    if opened < 0 or text.find(")", opened, pos) >= 0:
        return None
    cut = opened
    while cut > sent.start and text[cut - 1].isspace():
        cut -= 1
    return next((m for m in sent.countries if m.span.end == cut), None)


_BRACKET_WORDS = 2  # words at most between a bracket's opening and its figure ("(up 5%)")


def in_bracket_after(art: Article, prev_end: int, start: int) -> bool:
    """The figure at `start` opens a bracket right after the figure ending at `prev_end`,
    with at most a couple of words before it ("17.76 billion THB (up 17.94 percent)")."""
    words = art.words(prev_end, start)
    return (
        bool(words)
        and words[0] == "("
        and ")" not in words
        and sum(map(is_word, words)) <= _BRACKET_WORDS
    )


_OF_THE = seq(word("of"), opt("det_the"))
_LIST_JOIN = seq(alt(word("comma"), word("and"), seq(word("comma"), word("and"))), opt("det_the"))


def _possessor_of(art: Article, sent: Sentence, iso3: str) -> bool:
    """The country is named after "of (the)": the owner of what the sentence ranks ("the
    third highest export market of the Philippines")."""
    return any(
        m.iso3 == iso3
        and _OF_THE.suffix(art.words(max(sent.start, m.span.start - 12), m.span.start)[-2:])
        for m in sent.countries
    )


def list_entry_pair(
    art: Article, sent: Sentence, pos: int, pair: tuple[str, str]
) -> tuple[str, str] | None:
    """In a list of partners flattened into one sentence ("trade with Malaysia stood at
    30.5 billion THB, Cambodia 17.8 billion THB, Laos 23.5 billion THB"), each figure is the
    list owner's trade with the country that heads its item."""
    named = {m.iso3 for m in sent.countries}
    home = art.frame.home
    # three countries named, or two partners of a home the sentence leaves unsaid ("Trade
    # with Brazil was worth R15.1bn and with Russia R2.9bn" in a South African article)
    if len(named) < 3 and not (len(named) == 2 and home is not None and home not in named):
        return None
    entry = entry_before(art, sent, pos)
    if entry is None:
        return None
    if (
        home
        and home not in named
        and len(named) >= 3
        and not any(art.possessive_end(m.span.end) != m.span.end for m in sent.countries)
    ):
        # "France came in second with $1.67bn, followed by Italy with $1.26bn, Spain with
        # ...": a ranking of partners whose owner the sentence leaves unsaid (no "Azerbaijan's
        # top partner") is the home's
        return _sorted(home, entry.iso3)
    heads = {
        e.iso3 for f in sent.figures if (e := entry_before(art, sent, f.span.start)) is not None
    }
    # the sentence's own pair may be two of the list's heads ("sources of FDI are Indonesia
    # with P6.4B, Malaysia with P2.9B ..."): the list's owner is then the article's home
    listed_pair = len(heads) >= 3 and set(pair) <= heads
    if entry.iso3 in pair and not listed_pair:
        return None
    owners = [c for c in pair if c not in heads]
    if len(owners) == 2:
        # "Hong Kong came in as the third highest export market of the Philippines with ...,
        # followed by China $556.93 million, Singapore ...": the list is the possessor's
        owners = [c for c in owners if _possessor_of(art, sent, c)] or owners
    if len(owners) != 1:
        owners = [home] if home and (home in pair or (listed_pair and home not in heads)) else []
    # "Japan exhibited the highest investment commitment at P20.36bn, followed by Singapore
    # ... and the Cayman Islands" in an article on Japan and the Philippines: the ranking's
    # owner is the side of the article's pair that none of its items is
    unlisted = [c for c in (art.frame.pair or ()) if c not in heads]
    if len(heads) >= 3 and len(unlisted) == 1 and (not owners or owners[0] in heads):
        owners = unlisted
    if not owners or owners[0] == entry.iso3:
        return None
    return _sorted(owners[0], entry.iso3)
