"""Cue words (data/cues.tsv) compiled once into one regex per cue."""

from __future__ import annotations

import re
from functools import cache

from app.extract.tables import read_table
from app.extract.types import Metric

# Words that are cues only in lower case ("may" the modal, not "May" the month).
_LOWER_ONLY = {"may", "will", "aid", "plus", "up", "down"}


def _phrase_regex(phrase: str) -> str:
    words = [re.escape(w) for w in phrase.split()]
    body = r"\s+".join(words)
    start = r"(?<![\w-])" if phrase[0].isalnum() else ""
    end = r"(?![\w-])" if phrase[-1].isalnum() else ""
    if phrase in _LOWER_ONLY:
        return f"{start}(?-i:{body}){end}"
    return f"{start}{body}{end}"


@cache
def cue_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for row in read_table("cues.tsv", ("cue", "pattern")):
        phrases = [p.strip() for p in row["pattern"].split("|") if p.strip()]
        table[row["cue"]] = phrases
    return table


@cache
def cue(name: str) -> re.Pattern[str]:
    phrases = sorted(cue_table()[name], key=len, reverse=True)
    return re.compile("|".join(_phrase_regex(p) for p in phrases), re.IGNORECASE)


METRICS: tuple[Metric, ...] = ("turnover", "exports", "imports", "investment")


def metric_regex() -> dict[Metric, re.Pattern[str]]:
    return {m: cue(m) for m in METRICS}


@cache
def any_metric_regex() -> re.Pattern[str]:
    """Any metric word: the cheap first test of whether a sentence speaks of trade at all."""
    return re.compile("|".join(f"(?:{cue(m).pattern})" for m in METRICS), re.IGNORECASE)
