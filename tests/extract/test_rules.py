"""Every rule id is documented in RULES.md, fires on its own example, and nothing undocumented
is ever written on a claim."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.extract import extract, grammars
from app.extract.language import reading
from app.extract.rulebook import RULES_MD, all_rules, render
from app.extract.rules import Rule

RULES = all_rules()
CASES = Path(__file__).resolve().parents[1] / "cases" / "claims.jsonl"


def test_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def test_rules_md_is_current() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == render(), "run python -m app.extract.rulebook"


def _fired(rule: Rule[object, object]) -> set[str]:
    published = date.fromisoformat(rule.published) if rule.published else None  # '': undated
    if rule.shows_in == "grammar":  # the grammar of the rule's language alone
        name = rule.id.split(":", 1)[1]
        with reading(rule.language):  # type: ignore[arg-type]
            if rule.id.startswith("figure:"):
                found = grammars.amounts(rule.example)
                return {f"figure:{a.rule}" for a in found if a.rule == name}
            return {f"periods:{p.rule}" for p in grammars.find_periods(rule.example, published)}
    result = extract(
        rule.example,
        published_at=published,
        trace=True,
        language=rule.language,  # type: ignore[arg-type]
    )
    ids = {r for c in result.claims for r in c.rules}
    if rule.shows_in == "trace":
        ids |= {r for r, _ in result.trace}
    return ids


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_example(rule: Rule[object, object]) -> None:
    assert rule.id in _fired(rule)


def test_the_engine_writes_only_documented_ids() -> None:
    known = {r.id for r in RULES}
    texts = [
        (case["text"], date.fromisoformat(case["published_at"]))
        for case in map(
            json.loads, filter(str.strip, CASES.read_text(encoding="utf-8").splitlines())
        )
    ]
    texts += [(r.example, date.fromisoformat(r.published) if r.published else None) for r in RULES]
    written: set[str] = set()
    for text, published in texts:
        result = extract(text, published_at=published, trace=True)  # its language detected
        written |= {r for c in result.claims for r in c.rules}
        written |= {r for r, _ in result.trace}
    assert written <= known, sorted(written - known)
