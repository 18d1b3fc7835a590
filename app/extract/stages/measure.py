"""Stage: what a figure measures (a level, a percent change, an absolute change) and its sign.

A percentage is a change only with a change word around it ("grew 5%", "a 5% rise", "+5%");
one without is a share or a rate and gives no claim. A money figure is an absolute change
after "by", "up", "an increase of" (the `abs_change_before` cue) or before "more", "higher"
(`abs_change_after`), and a level otherwise. A fall makes the value negative.
"""

from __future__ import annotations

from app.extract.rules import Rule
from app.extract.stages.article import Article, Draft, Sentence
from app.extract.words import in_class, is_word

_COMPARATIVE_UP = in_class("more_word")
_COMPARATIVE_DOWN = in_class("less_word")
_SHARE_AFTER = in_class("share_after")
_ABS_CHANGE_AFTER = in_class("abs_change_after")
_BASE_FROM = in_class("from_prep")
_BY = in_class("by")
_APPROX_WORD = in_class("change_gap_word")
_CHAIN_LINK = in_class("chain_link")
_PLUS = in_class("plus_word")
_CHANGE_WINDOW = 5  # words after a figure where its change word may stand ("5% higher")
_GOVERNOR_REACH = 10  # words before a figure whose metric word comes after it

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "measure:pct-change",
        "a percentage with a change word around it is a percent change (a fall negative)",
        "Trade between Kazakhstan and Russia fell 5% in 2023.",
    ),
    Rule(
        "measure:ellipsis",
        "a percentage with no change word of its own, a few words after a percent change of "
        "its sentence, is a change the same way ('exports rose 12%, imports 5%')",
        "Kazakhstan's exports to Russia rose 12% in 2023, its imports from Russia 5%.",
    ),
    Rule(
        "measure:abs-change",
        "a money figure after 'by', 'up', 'an increase of' is an absolute change",
        "Exports from Uzbekistan to Russia increased by $2 billion in 2023.",
    ),
    Rule(
        "measure:restated-change",
        "a money figure in brackets right after an absolute change, in another currency, "
        "restates that change",
        "Exports from New Zealand to China were up by NZ$204 million ($181.59 million) in May.",
        published="2014-06-27",
    ),
    Rule(
        "measure:level",
        "any other money figure is a level",
        "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022.",
    ),
    Rule(
        "drop:share",
        "a percentage of something is a share, not a change",
        "Kazakhstan's trade with Russia reached $26 billion in 2023, a 20% share of its trade.",
        shows_in="trace",
    ),
    Rule(
        "drop:pct-without-change",
        "a percentage with no change word is a rate, not a claim",
        "Kazakhstan's exports to Russia, taxed at 12%, reached $9 billion in 2023.",
        shows_in="trace",
    ),
)


def change_direction(art: Article, lo: int, hi: int) -> int:
    """+1 for a rise, -1 for a fall, 0 for none: the change word nearest to `hi` in lo..hi."""
    up = art.hits.last("up", lo, hi)
    down = art.hits.last("down", lo, hi)
    if up is None and down is None:
        return 0
    if down is None or (up is not None and up.start > down.start):
        return 1
    return -1


def _window_after(art: Article, pos: int, hi: int, n: int) -> int:
    toks = art.doc.tokens
    i = toks.at_or_after(pos)
    last = min(toks.before(hi), i + n - 1)
    return min(hi, toks.ends[last]) if i <= last else pos


def _governor_from(art: Article, d: Draft) -> int:
    """Where the words that can govern the figure's sign begin: just before its metric word
    when that comes first, else some words before the figure."""
    assert d.amount is not None and d.word is not None
    a, _ = d.seg
    start = d.amount.span.start
    toks = art.doc.tokens
    if d.word.end <= start:
        i = toks.before(d.word.start)
        return max(a, toks.starts[max(0, i - 1)]) if i >= 0 else a
    i = toks.before(start)
    return max(a, toks.starts[max(0, i - _GOVERNOR_REACH + 1)]) if i >= 0 else a


def pct_change_after(art: Article, end: int, hi: int) -> tuple[int, int] | None:
    """ "5% growth", "5% year-on-year increase", "5% higher": the change word right after a
    percentage, and its sign when it is a comparative."""
    pos = end
    yoy = art.just_after("yoy", pos, hi)
    if yoy is not None:
        pos = yoy.end
    hit = art.just_after("pct_change_after", pos, hi)
    if hit is None:
        return None
    last = hit.key.split()[-1]
    sign = 1 if _COMPARATIVE_UP(last) else -1 if _COMPARATIVE_DOWN(last) else 0
    return hit.end, sign


def _level_then_base(art: Article, end: int, hi: int) -> bool:
    """ "stood at Ush820 billion, down from Ush768 billion": the figure is the level the change
    reached, its base follows."""
    words = [w for w in art.words(end, min(hi, end + 40)) if w != ","][:2]
    return len(words) == 2 and _BASE_FROM(words[1])


def _change_before(art: Article, sent: Sentence, start: int) -> bool:
    """A change word right before a percentage whose metric word comes after it: "a rise of
    13.2 percent in exports", "diminished by 11.6 per cent", "grow by 6.5%"."""
    if art.just_before("change_before", start, sent.start) is not None:
        return True
    words = art.words(max(sent.start, start - 40), start)
    while words and _APPROX_WORD(words[-1]):
        words.pop()  # "by a sharp 40 per cent", "by nearly 15%"
    if not words or not _BY(words[-1]):
        return False
    lo = max(sent.start, start - 40)
    return art.hits.any("up", lo, start) or art.hits.any("down", lo, start)


def _first_word_after(art: Article, end: int, hi: int) -> str:
    words = art.words(end, min(hi, end + 40))
    return words[0] if words else ""


def measure(art: Article, d: Draft, previous: Draft | None) -> str | None:
    """Set the draft's measure and signed value; the id of a rule that drops it, or None."""
    assert d.amount is not None and d.word is not None
    text = art.text
    fig = d.amount
    a, b = d.seg
    start, end = fig.span.start, fig.span.end
    sent = d.sentence
    after_hi = _window_after(art, end, b, _CHANGE_WINDOW)
    if fig.kind == "percent":
        change_after = pct_change_after(art, end, b)
        if d.word.start > start and change_after is None and not _change_before(art, sent, start):
            return "drop:pct-without-change"  # "the cash rate at 4.35%, and total exports ..."
        if _SHARE_AFTER(_first_word_after(art, end, b)) or (
            # "accounted for $1.23bn, a 44.5% increase": the change word after it wins
            art.hits.any("share", a, end) and change_after is None
        ):
            return "drop:share"
        direction = change_direction(art, _governor_from(art, d), start)
        if change_after is not None:
            direction = (
                change_after[1]
                or change_direction(art, end, _window_after(art, end, b, _CHANGE_WINDOW))
                or direction
            )
        sign_char = text[start - 1] if start > sent.start else ""
        before = art.words(max(sent.start, start - 12), start)
        if (
            sign_char == "+"
            or fig.surface.startswith("+")
            or (before and _PLUS(before[-1]) and text[start - 1 : start] == " ")
        ):
            direction = 1
        elif (
            (sign_char in "-\u2212" and not text[start - 2 : start - 1].isalnum())
            or fig.surface[:1] in "-\u2212"
            or fig.value < 0
        ):
            direction = -1
        rule = "measure:pct-change"
        if direction == 0 and _ellipsis(art, previous, d):
            assert previous is not None
            direction, rule = (-1 if (previous.value or 0) < 0 else 1), "measure:ellipsis"
        if direction == 0:
            return "drop:pct-without-change"
        d.measure = "growth_pct"
        d.value = -abs(fig.value) if direction < 0 else abs(fig.value)
        d.rules.append(rule)
        return None
    if (
        previous is not None
        and previous.amount is not None
        and previous.amount.kind == "money"
        and previous.measure == "growth_abs"
        and previous.unit != d.unit
        and text[previous.amount.span.end : start].strip() == "("
    ):
        # "up NZ$204 million ($181.59 million)": the bracket restates the change
        d.measure = "growth_abs"
        negative = (previous.value or 0) < 0
        d.value = -abs(fig.value) if negative else abs(fig.value)
        d.rules.append("measure:restated-change")
        return None
    chained = (
        previous is not None
        and previous.measure == "growth_pct"
        and previous.amount is not None
        and _chained(art, previous.amount.span.end, start)
    )
    if (
        abs_change_before(art, start, a)
        or (_ABS_CHANGE_AFTER(_first_word_after(art, end, b)) and not _level_then_base(art, end, b))
        or chained
    ):
        comparative = _first_word_after(art, end, b)
        direction = (
            (-1 if chained and previous and (previous.value or 0) < 0 else 0)
            or change_direction(art, _governor_from(art, d), start)
            # "was by over $10.7 million less than in December 2019": a fall
            or (-1 if _COMPARATIVE_DOWN(comparative) else 1 if _COMPARATIVE_UP(comparative) else 0)
            or change_direction(art, end, after_hi)
        )
        d.measure = "growth_abs"
        d.value = -abs(fig.value) if direction < 0 else abs(fig.value)
        d.rules.append("measure:abs-change")
    else:
        d.measure = "level"
        d.value = fig.value
        d.rules.append("measure:level")
    return None


_ELLIPSIS_WORDS = 6  # words at most between a percent change and a percentage that echoes it


def _ellipsis(art: Article, previous: Draft | None, d: Draft) -> bool:
    """ "the turnover with Ukraine fell 57.5%, with Kyrgyzstan 35.4%": the change verb of a
    list's first item stands for the items after it. The previous figure of the sentence is
    a percent change, and only a few words, none of them a change word, stand between."""
    if previous is None or previous.measure != "growth_pct" or previous.amount is None:
        return False
    assert d.amount is not None
    if previous.sentence is not d.sentence:
        return False
    lo, hi = previous.amount.span.end, d.amount.span.start
    if art.hits.any("up", lo, hi) or art.hits.any("down", lo, hi):
        return False
    return sum(map(is_word, art.words(lo, hi))) <= _ELLIPSIS_WORDS


def _chained(art: Article, prev_end: int, start: int) -> bool:
    """ "grew 12%, or $500 million": the money figure restates the change just given."""
    words = art.words(prev_end, start)
    return bool(words) and _CHAIN_LINK(words[-1]) and not any(is_word(w) for w in words[:-1])


def abs_change_before(art: Article, start: int, lo: int) -> bool:
    """ "by $2bn", "up $2bn", "an increase of about $2bn" right before the figure."""
    pos = start
    approx = art.hits.last("approx_gap", lo, pos)
    if approx is not None and (approx.end == pos or art.text[approx.end : pos].isspace()):
        pos = approx.start
    hit = art.hits.last("abs_change_before", lo, pos)
    if hit is None or not (hit.end == pos or art.text[hit.end : pos].isspace()):
        return False
    return art.hits.covering("abs_change_not", hit.start, hit.end) is None
