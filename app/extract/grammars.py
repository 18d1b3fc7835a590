"""The grammars of each language, and the one door the stages reach them through.

A language has four grammars, each a module with the contract of its English one: figures
(`amounts`), periods (`match_periods`, `resolve_periods`, `find_periods`, `is_comparison`,
`named_length`), publication dates (`find_publication_date`) and speakers (`SpeakerResolver`,
`NONE`). The stages call the functions below, which answer in the language being read
(`language.current()`); a language's modules are imported the first time it is read.
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import cache
from types import ModuleType
from typing import Any

from app.extract.language import Language, current
from app.extract.text import Tokens
from app.extract.types import Amount, Period

_MODULES: dict[Language, dict[str, str]] = {
    "en": {
        "amounts": "app.extract.amounts",
        "periods": "app.extract.periods",
        "pubdate": "app.extract.pubdate",
        "speakers": "app.extract.speakers",
    },
    "ru": {
        "amounts": "app.extract.ru.amounts",
        "periods": "app.extract.ru.periods",
        "pubdate": "app.extract.ru.pubdate",
        "speakers": "app.extract.ru.speakers",
    },
}


@cache
def grammar(kind: str, language: Language) -> ModuleType:
    return importlib.import_module(_MODULES[language][kind])


def _here(kind: str) -> ModuleType:
    return grammar(kind, current())


def amounts(text: str) -> list[Amount]:
    result: list[Amount] = _here("amounts").amounts(text)
    return result


def carried(text: str, figures: list[Amount], currency: str) -> list[Amount]:
    result: list[Amount] = _here("amounts").carried(text, figures, currency)
    return result


def match_periods(
    text: str, start: int = 0, end: int | None = None, tokens: Tokens | None = None
) -> Any:
    return _here("periods").match_periods(text, start, end, tokens)


def resolve_periods(
    text: str,
    matches: Any,
    published: date | None,
    fiscal_country: str | None = None,
    floor: int = 0,
) -> list[Period]:
    result: list[Period] = _here("periods").resolve_periods(
        text, matches, published, fiscal_country, floor
    )
    return result


def find_periods(
    text: str, published: date | None, fiscal_country: str | None = None
) -> list[Period]:
    result: list[Period] = _here("periods").find_periods(text, published, fiscal_country)
    return result


def is_comparison(period: Period) -> bool:
    return bool(_here("periods").is_comparison(period))


def named_length(text: str) -> int | None:
    result: int | None = _here("periods").named_length(text)
    return result


def find_publication_date(text: str) -> Any:
    return _here("pubdate").find_publication_date(text)


def speakers() -> ModuleType:
    """The speakers module of the language being read (`SpeakerResolver`, `NONE`, `RULES`)."""
    return _here("speakers")
