"""Which language an article is in, and the language the engine is reading in.

A language is a set of data tables and grammars beside the English ones: the word tables of
Russian live in data/ru/ under the names the English tables have in data/, its grammars
(figures, periods, publication dates, speakers) in app/extract/ru/. The stages are the same
for every language: they ask the lexicon and the word classes, and those answer in the
language being read.

The language being read is a context variable set by `reading()` for one extraction, the way
`decimal.localcontext` sets a precision: the stages' word patterns are written once, at
import, by class name, and resolve their words in the language of the extraction that runs
them. Nothing process-wide changes; two threads (or tasks) reading two languages do not see
each other's.

Detection is by script and stop words, both pinned down by tests: a text whose letters are
mostly Cyrillic is Russian unless letters Russian does not have (Ukrainian і ї є ґ, Belarusian
ў, Kazakh ә ғ қ ң ө ұ ү һ, Serbian and Macedonian ђ ј љ њ ћ џ ѓ ќ ѕ) stand in it often, or its
common words are not Russian ones; a text in Latin letters is English. Anything else is a
language the engine does not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Literal

from app.extract.tables import read_table

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")

_READING: ContextVar[Language] = ContextVar("tradeclaims_language", default="en")


def current() -> Language:
    """The language the engine is reading in (English outside any `reading()`)."""
    return _READING.get()


@contextmanager
def reading(language: Language) -> Iterator[None]:
    token = _READING.set(language)
    try:
        yield
    finally:
        _READING.reset(token)


def table_name(name: str, language: Language) -> str:
    """The path under data/ of the table `name` of `language` (English tables sit at the
    top, the others in a folder named by the language's code)."""
    return name if language == "en" else f"{language}/{name}"


# -- detection --------------------------------------------------------------------------------
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NOT_RUSSIAN = re.compile(r"[іїєґўәғқңөұүһђјљњћџѓќѕІЇЄҐЎӘҒҚҢӨҰҮҺЂЈЉЊЋЏЃЌЅ]")
_WORD = re.compile(r"[а-яё]+")
_SAMPLE = 20_000  # characters enough to tell; a long text is not read whole for this


def detect_language(text: str) -> str | None:
    """'en', 'ru', 'cyrillic' for a Cyrillic text that is not Russian, or None for a text
    with too few letters to tell."""
    sample = text[:_SAMPLE]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic + latin < 20:
        return None
    if latin >= cyrillic:
        return "en"
    if len(_NOT_RUSSIAN.findall(sample)) > cyrillic * 0.005:
        return "cyrillic"
    russian, bulgarian = _common_words("ru"), _common_words("bg")
    words = _WORD.findall(sample.lower())
    common = sum(1 for w in words if w in russian)
    other = sum(1 for w in words if w in bulgarian)
    if other > common // 4 or common < max(2, len(words) // 25):
        return "cyrillic"
    return "ru"


@cache
def _common_words(language: str) -> frozenset[str]:
    rows = read_table("language_words.tsv", ("language", "role", "words"))
    return frozenset(
        w
        for r in rows
        if r["language"] == language and r["role"] == "common"
        for w in r["words"].split("|")
    )
