"""Stage: whether a figure is actual, a target or a forecast.

Read from the words of the figure's clause before it (`RULES`, tried in order): a goal word
("aim", "target", "task") makes a target, an expectation word ("expected", "could", "will")
a forecast, a bare "to bring", "to raise" a target when no expectation word stands before it,
and a goal word right after the figure ("$10bn target") a target too. A deadline still ahead
("to $100bn by 2030") makes an actual-looking figure a goal (the period stage checks that).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.extract.rules import Rule, always, decide
from app.extract.stages.article import Article
from app.extract.stages.period import is_base_at
from app.extract.types import Modality
from app.extract.words import in_class

_GOAL_AFTER = in_class("goal_after")
_TO = in_class("to_exact")
_APPROX = in_class("approx_word")


@dataclass(frozen=True)
class _Clause:
    art: Article
    lo: int  # the clause's start
    pos: int  # the figure's start
    end: int  # the figure's end
    hi: int  # the clause's end


def _to_figure(c: _Clause) -> bool:
    """ "to raise trade to $30bn": the figure a goal brings the flow to; "increasing by
    10.9%" is no goal."""
    words = c.art.words(max(c.lo, c.pos - 40), c.pos)
    while words and _APPROX(words[-1]):
        words.pop()
    return bool(words) and _TO(words[-1])


def _first_after(c: _Clause) -> str:
    words = c.art.words(c.end, min(c.hi, c.end + 30))
    return words[0] if words else ""


def _expects(c: _Clause) -> bool:
    """An expectation word before the figure that is not part of a discourse frame ("It
    should be noted that", "I would like to note")."""
    hits = c.art.hits
    return any(
        c.art.not_in_name(h, c.lo) and hits.covering("not_forecast", h.start, h.end) is None
        for h in hits.of("forecast", c.lo, c.pos)
    )


def _base_of_change(c: _Clause) -> bool:
    """The figure a change starts from or is compared with: what the flow is now (or was),
    whatever goal or forecast the clause speaks of."""
    return is_base_at(c.art, c.pos, c.lo)


RULES: tuple[Rule[_Clause, Modality], ...] = (
    Rule(
        "modality:base",
        "the figure a goal or forecast starts from, or is compared with, is actual",
        "Turkey hopes annual trade with Russia will rise from $62 billion to $100 billion soon.",
        when=_base_of_change,
        then="actual",
    ),
    Rule(
        "modality:target",
        "a goal word before the figure: a target",
        "Kazakhstan and Russia aim to bring trade to $30 billion by 2030.",
        when=lambda c: c.art.cue_in("target", c.lo, c.pos),
        then="target",
    ),
    Rule(
        "modality:forecast",
        "an expectation word before the figure, not one of a discourse frame ('It should be "
        "noted that'): a forecast",
        "Trade between Kazakhstan and Russia is expected to reach $30 billion this year.",
        when=_expects,
        then="forecast",
    ),
    Rule(
        "modality:target-weak",
        "'to bring', 'to raise' with no expectation word before them: a target",
        "The presidents discussed ways to raise trade between Kazakhstan and Russia to $30 "
        "billion.",
        when=lambda c: c.art.cue_in("target_weak", c.lo, c.pos) and _to_figure(c),
        then="target",
    ),
    Rule(
        "modality:target-after",
        "a goal word right after the figure ('a $10 billion target')",
        "Kazakhstan and Russia set a $30 billion target for trade.",
        when=lambda c: _GOAL_AFTER(_first_after(c)),
        then="target",
    ),
    Rule(
        "modality:actual",
        "no goal or expectation: an actual figure",
        "Trade between Kazakhstan and Russia reached $26 billion in 2022.",
        when=always,
        then="actual",
    ),
)


def modality(
    art: Article, seg: tuple[int, int], pos: int, end: int | None = None
) -> tuple[Modality, str]:
    return decide(RULES, _Clause(art, seg[0], pos, end if end is not None else pos, seg[1]))
