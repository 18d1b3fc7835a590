"""A Russian name as English-language wires write it: "Алексей Оверчук" -> "Alexei Overchuk".

Three sources, in this order: data/ru/person_spellings.tsv, for the well-known people whose wire
spelling no scheme gives (a whole name, "Си Цзиньпин", before a surname, "Жапаров"); the given
names of data/ru/first_names.tsv; else iuliia's Wikipedia schema, the one closest to wire style,
with two habits of the wires on top: "дж" is "j" (the names that have it are mostly Central
Asian, Caucasian or Middle Eastern: "Джалали" is Jalali) and "-ев" after a vowel is "-yev"
("Мирзиёев" is Mirziyoyev, as "Токаев" is Tokayev). A patronymic is left out, as wires leave it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import iuliia

from app.extract.ru.speakers.vocabulary import GIVEN_NAMES, PATRONYMIC, plain
from app.extract.tables import read_table

_SCHEMA: Final = iuliia.WIKIPEDIA
_VOWELS: Final = "аеёиоуыэюя"
_DZH: Final = re.compile("дж", re.IGNORECASE)


def _spellings() -> dict[str, str]:
    return {
        plain(row["russian"]): row["latin"]
        for row in read_table("ru/person_spellings.tsv", ("russian", "latin"))
        if row["russian"] and row["latin"]
    }


_PERSONS: Final = _spellings()
_GIVEN: Final = {plain(g.nominative): g.latin for forms in GIVEN_NAMES.values() for g in forms}


@lru_cache(maxsize=1 << 14)
def transliterate(word: str) -> str:
    """One word by the scheme and the wires' two habits (no table looked up)."""
    if not word:
        return word
    text = _DZH.sub(lambda m: "J" if m.group()[0].isupper() else "j", word)
    latin = _SCHEMA.translate(text)
    lowered = word.lower()
    # "-ев" after a vowel is "-yev": the scheme writes "Tokayev" but "Mirziyoev"
    if (
        lowered.endswith("ев")
        and len(lowered) > 2
        and lowered[-3] in _VOWELS
        and latin.endswith("ev")
        and not latin.endswith("yev")
    ):
        latin = latin[:-2] + "yev"
    return latin


def is_patronymic(word: str) -> bool:
    lowered = word.lower()
    return len(lowered) > 5 and lowered.endswith(PATRONYMIC)


@lru_cache(maxsize=1 << 14)
def latin_name(russian: str) -> str:
    """The wire spelling of a Russian name in the nominative ("Касым-Жомарт Токаев")."""
    whole = _PERSONS.get(plain(russian))
    if whole is not None:
        return whole
    words = russian.split()
    out: list[str] = []
    for k, word in enumerate(words):
        last = k == len(words) - 1
        if not last and k > 0 and is_patronymic(word):
            continue
        if len(word) == 2 and word.endswith("."):  # an initial, "А."
            out.append(transliterate(word[0])[:1] + ".")
            continue
        key = plain(word)
        spelled = _PERSONS.get(key) if last else None
        if spelled is None and not last:
            spelled = _GIVEN.get(key)
        out.append(spelled if spelled is not None else transliterate(word))
    return " ".join(out)
