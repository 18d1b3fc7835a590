"""Stage: exporter and importer (or investor and host) of a directional figure.

Each country of the pair named in the figure's clause gets a role from the words around it:
the subject of the flow ("Kazakh exports", "China imported"), its target ("to Kazakhstan",
"in the economy of Uzbekistan") or its source ("from Russia"). The mentions nearest the metric
word decide first; one role fixes the other country as the other end.
"""

from __future__ import annotations

from app.extract.rules import Rule
from app.extract.stages.article import Article, Draft, MetricWord
from app.extract.stages.pairs import entry_before
from app.extract.types import CountryMention, Metric
from app.extract.words import ANY, LOWER, is_word, opt, rep, seq, word

_SUBJECT_REACH = 6  # words (not marks) from a subject country to its metric word's end
# "Kazakh exports", "China's direct investment", "Chinese companies' investment"
_SUBJECT_AFTER = seq(rep(ANY, 0, 3), word("subject_noun"))
_SUBJECT_VERB_AFTER = seq(opt(ANY), word("subject_verb"))
# "to Kazakhstan", "into the economy of Uzbekistan", "bound for China"
_TO = seq(word("to_prep"), opt("det_the"), opt(LOWER))
_TO_OF = seq(
    word("to_of_prep"), word("det_the"), rep(LOWER, 0, 2), word("of"), opt("det_the"), opt(LOWER)
)
_BOUND_FOR = seq(word("bound"), word("for"), opt("det_the"), opt(LOWER))
_FROM = seq(word("from_prep"), opt("det_the"), opt(LOWER))
# "Chinese goods imports" (up to the metric word's end): goods from China
_GOODS_FLOW = seq(word("goods_word"), ANY)

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "direction:words",
        "the words around the pair's countries name exporter and importer",
        "Exports from Uzbekistan to Russia increased by $2 billion in 2023.",
    ),
    Rule(
        "direction:opposite-flow",
        "a flow whose clause names no country runs opposite to the flow named beside the "
        "countries ('A's exports to B ..., while imports ...': imports from B to A)",
        "Thailand's exports to China were valued at 996 billion baht, while imports rose by "
        "20.4% to 2.07 trillion baht.",
    ),
    Rule(
        "direction:list-role",
        "in a list of partners, the word that heads the list names what each listed country "
        "is: a source ('sources of FDI are ...') or a destination ('the top importers were ...')",
        "The Philippine investment board said the Philippines drew P20 billion of foreign "
        "investment. Among the main sources of FDI are Indonesia with P6.4B, Malaysia with "
        "P2.9B and Japan with P2.8B.",
    ),
    Rule(
        "direction:context",
        "a flow stated without its direction takes the article's last direction for it",
        "Exports from Kazakhstan to Russia rose 5% to $9 billion in 2023. In ruble terms, "
        "exports grew 12% to 800 billion rubles.",
    ),
)


def _role(art: Article, m: CountryMention, metric_pos: int, metric: Metric) -> str | None:
    text = art.text
    if (
        metric == "imports"
        and m.kind in ("adjective", "demonym")
        and m.span.end <= metric_pos
        and _GOODS_FLOW.fullmatch(art.words(m.span.end, metric_pos))
    ):
        return "source"  # "Chinese goods imports": goods from China
    after_from = art.possessive_end(m.span.end)
    if after_from == m.span.end and text.startswith("'", m.span.end):
        after_from += 1  # "companies' investment"
    post = art.words(after_from, min(len(text), after_from + 60))[:5]
    spaced = text[after_from : after_from + 1].isspace()
    if spaced and (
        (
            m.span.end <= metric_pos
            and sum(map(is_word, art.words(m.span.end, metric_pos))) <= _SUBJECT_REACH
            and _SUBJECT_AFTER.prefix(post) is not None
        )
        or _SUBJECT_VERB_AFTER.prefix(post) is not None
    ):
        return "subject"
    if not text[m.span.start - 1 : m.span.start].isspace():
        return None
    pre = art.words(max(0, m.span.start - 50), m.span.start)[-7:]
    if _TO.suffix(pre) or _TO_OF.suffix(pre) or _BOUND_FOR.suffix(pre):
        return "target"
    if _FROM.suffix(pre):
        return "source"
    return None


def direction(art: Article, d: Draft, metric: Metric, metric_pos: int) -> str:
    """Set the draft's origin and destination; the rule id, or "" when none is named."""
    if metric == "turnover":
        return ""
    sent = d.sentence
    pair = d.pair
    a, b = d.seg
    # distance to the metric word, role, country, and the flow the role was read for
    roles: list[tuple[int, str, str, Metric]] = []
    in_clause = [m for m in sent.countries if m.iso3 in pair and a <= m.span.start < b]
    for m in in_clause:
        # "Pakistan's imports from China stood at $13.3bn and exports were $2bn": a country
        # nearer another flow's word has its role in that flow
        near = _flow_of(sent.metric_words, m.span.start)
        if near is not None and {near.metric, metric} == _OPPOSITE_FLOWS:
            role = _role(art, m, near.end, near.metric)
            if role is not None:
                roles.append((abs(m.span.start - metric_pos), role, m.iso3, near.metric))
            continue
        role = _role(art, m, metric_pos, metric)
        if role is not None:
            roles.append((abs(m.span.start - metric_pos), role, m.iso3, metric))
    if not in_clause:
        # "Thailand's exports to China were 996 billion baht, while imports rose 20% to 2.07
        # trillion baht": the countries' roles are read for the flow they stand beside; the
        # opposite flow of the same pair runs the other way
        for m in (m for m in sent.countries if m.iso3 in pair):
            near = _nearest_flow(sent.metric_words, m.span.start)
            flow = near.metric if near is not None else metric
            role = _role(art, m, near.end if near is not None else metric_pos, flow)
            if role is not None:
                roles.append((abs(m.span.start - metric_pos), role, m.iso3, flow))
    origin: str | None = None
    destination: str | None = None
    flipped = False
    for _, role, iso3, flow in sorted(roles):
        if iso3 in (origin, destination):
            continue
        is_origin = role == "source" if flow == "imports" else role in ("source", "subject")
        if flow != metric and {flow, metric} == _OPPOSITE_FLOWS:
            is_origin = not is_origin
            flipped = True
        if is_origin and origin is None:
            origin = iso3
        elif not is_origin and destination is None:
            destination = iso3
    other = {pair[0]: pair[1], pair[1]: pair[0]}
    if "pair:list-entry" in d.rules and (
        (origin is None and destination is None) or _heads_list(art, d)
    ):
        listed = _list_role(art, d)
        if listed is not None:
            is_source, country = listed
            d.origin = country if is_source else other[country]
            d.destination = other[d.origin]
            return "direction:list-role"
    if origin and not destination:
        destination = other[origin]
    elif destination and not origin:
        origin = other[destination]
    if origin is None or origin == destination:
        return ""
    d.origin, d.destination = origin, destination
    return "direction:opposite-flow" if flipped else "direction:words"


_OPPOSITE_FLOWS = {"exports", "imports"}


def _flow_of(words: list[MetricWord], pos: int) -> MetricWord | None:
    """The flow word a country mention at `pos` belongs to: the last one before it ("imports
    from China", "экспорт ... в РФ"), else the first after it ("Pakistan's imports")."""
    before = [w for w in words if w.start < pos]
    if before:
        return before[-1]
    return next((w for w in words if w.start > pos), None)


def _nearest_flow(words: list[MetricWord], pos: int) -> MetricWord | None:
    """The metric word nearest a country mention at `pos`: the flow its role is read for."""
    return min(words, key=lambda w: abs(w.start - pos), default=None)


def _heads_list(art: Article, d: Draft) -> bool:
    """The figure's metric word is itself a list heading ("the third biggest market")."""
    return d.word is not None and (
        art.hits.any("list_target", d.word.start, d.word.end)
        or art.hits.any("list_source", d.word.start, d.word.end)
    )


def _list_role(art: Article, d: Draft) -> tuple[bool, str] | None:
    """(is a source, the listed country) for a figure of a list whose heading word says what
    the listed countries are: sources ("sources of FDI", "suppliers", "investors") or
    destinations ("importers of", "destinations", "markets")."""
    assert d.amount is not None
    sent = d.sentence
    entry = entry_before(art, sent, d.amount.span.start)
    if entry is None or entry.iso3 not in d.pair:
        return None
    first = min((m.span.start for m in sent.countries), default=entry.span.start)
    source = art.hits.last("list_source", sent.start, first + 1)
    target = art.hits.last("list_target", sent.start, first + 1)
    if source is None and target is None and d.word is not None:
        # "China ... continues to be the third biggest market, followed by France (...)": the
        # metric word itself heads the list
        source = art.hits.first("list_source", d.word.start, d.word.end)
        target = art.hits.first("list_target", d.word.start, d.word.end)
    if source is None and target is None:
        return None
    is_source = target is None or (source is not None and source.start > target.start)
    return is_source, entry.iso3
