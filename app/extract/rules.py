"""Rules: every decision the engine makes has an id, a line of documentation and an example.

A stage keeps its rules in a table, in the order it tries them. A decision-list table is a
tuple of `Rule`s with a `when` condition and a `then` effect: the first rule whose condition
holds decides, and its id goes into the claim's `rules` (and the trace). Grammar rules
(figures, periods) and filter rules (what drops a figure) are listed the same way, so
`RULES.md` can document every id the engine can write, and a test can check that each id
fires on its own example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")
C = TypeVar("C")


@dataclass(frozen=True)
class Rule(Generic[C, T]):
    id: str
    doc: str  # what it decides, in a line
    example: str  # a sentence where it fires, written for the project
    when: Callable[[C], bool] | None = None
    then: T | None = None
    published: str = "2024-03-15"  # the publication date the example is read against ("": none)
    # what a rule that fires on its example must show: in the claims ("claim") or only in the
    # trace of decisions, for rules that drop a figure ("trace")
    shows_in: str = "claim"
    language: str = "en"  # the language of the example (and of the rule's words)
    extra: dict[str, Any] = field(default_factory=dict)


def decide(table: Iterable[Rule[C, T]], subject: C) -> tuple[T, str]:
    """The effect and id of the first rule of `table` whose condition holds for `subject`."""
    for rule in table:
        if rule.when is None or rule.when(subject):
            return rule.then, rule.id  # type: ignore[return-value]
    raise LookupError("a decision table must end with a rule that always holds")


def always(_: object) -> bool:
    return True


def ids(table: Iterable[Rule[Any, Any]]) -> set[str]:
    return {r.id for r in table}
