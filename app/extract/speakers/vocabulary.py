"""The words the speakers grammar reads, loaded once at import.

From data/ (data/README.md gives each schema):
- titles.tsv: official titles, qualifiers, institutions, places, honorifics, name particles,
  words that are never names and endings of organisation names;
- countries.tsv, country_aliases.tsv, not_countries.tsv: every country name and adjective, as
  a place ("President of Kenya");
- reporting_verbs.tsv: reporting verbs, "according to", fillers and interview words;
- word_classes.tsv, its "# -- speakers" rows: the closed-class lists longer than a few words.

`Lexicon` finds the longest listed phrase that starts at a token. The few closed-class words
below that are the same for every article and domain (he/she, the/a/an) stay inline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from app.extract.tables import read_table
from app.extract.words import word_classes

# The token pattern of app/extract/text.py, plus the typographic apostrophe: a text that has
# not been through the Document's normalisation still keeps "Russia’s" one token.
TOKEN_RE: Final = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Entry:
    phrase: str
    kind: str
    group: str = ""
    gender: str = ""
    inverts: bool = False
    body: bool = False  # a verb typical of agencies and media rather than people
    plural: bool = False  # a bare plural form ("say"): no lone surname stands before it


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in TOKEN_RE.finditer(phrase))


class Lexicon:
    """Longest-match lookup of multi-word phrases over lower-cased tokens."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        seen: set[tuple[str, ...]] = set()
        for entry in entries:
            key = phrase_key(entry.phrase)
            if not key or key in seen:
                continue  # the first entry of a phrase wins
            seen.add(key)
            by_first.setdefault(key[0], []).append((key, entry))
        for options in by_first.values():
            options.sort(key=lambda item: -len(item[0]))
        self._by_first = by_first
        self.first_words = frozenset(by_first)

    def match(self, lowered: Sequence[str], i: int) -> tuple[int, Entry] | None:
        """(end token, entry) of the longest phrase that starts at token `i`."""
        for key, entry in self._by_first.get(lowered[i], ()):
            end = i + len(key)
            if end <= len(lowered) and tuple(lowered[i:end]) == key:
                return end, entry
        return None


_WORD_KINDS: Final = frozenset(
    {"title", "qualifier", "institution", "place", "honorific", "particle", "non_name",
     "org_suffix"}
)  # fmt: skip
_CUE_KINDS: Final = frozenset({"verb", "prep", "filler", "interview"})


def _load_words() -> list[Entry]:
    return [
        Entry(row["phrase"], row["kind"], row.get("group", ""), row.get("gender", ""))
        for row in read_table("titles.tsv")
        if row.get("phrase") and row.get("kind") in _WORD_KINDS
    ]


def _load_country_places() -> list[Entry]:
    """Country names and adjectives from the country gazetteer, as places.

    A title's country ("President of Kenya") and a name's edge ("Kenya Daniel Otieno") need
    every country, not just those titles.tsv lists; capitals stay out, as they double as
    surnames ("Washington").
    """
    # a country name that is also a personal name ("Jordan", "Chad") stays free for names
    personal = {
        row["phrase"].lower()
        for row in read_table("not_countries.tsv")
        if row.get("phrase") and row.get("kind") == "person_name"
    }
    places: list[Entry] = []
    for row in read_table("countries.tsv"):
        iso3 = row.get("iso3", "")
        for column in ("name", "official_name", "common_name"):
            if row.get(column) and len(iso3) == 3:
                places.append(Entry(row[column], "place", iso3))
    # the generated forms too: a "Burundian trade minister" has a title as a "Kenyan" one does
    for table in ("country_aliases.tsv", "country_forms.tsv"):
        for row in read_table(table):
            iso3 = row.get("iso3", "")
            if row.get("alias") and len(iso3) == 3 and row.get("kind") != "capital":
                places.append(Entry(row["alias"], "place", iso3))
    return [e for e in places if e.phrase.lower() not in personal]


def _load_cues() -> list[Entry]:
    return [
        Entry(
            row["phrase"],
            row["kind"],
            inverts=row.get("inverts", "") == "yes",
            body=row.get("speaker", "") == "body",
            plural=row.get("speaker", "") == "plural",
        )
        for row in read_table("reporting_verbs.tsv")
        if row.get("phrase") and row.get("kind") in _CUE_KINDS
    ]


# titles.tsv first: its own entries win over the gazetteer's for the same phrase
_WORD_ENTRIES: Final = _load_words() + _load_country_places()
_CUE_ENTRIES: Final = _load_cues()

# -- lexicons ---------------------------------------------------------------------------------
# Tags a token run can carry: title, qualifier, institution, place, honorific.
WORDS: Final = Lexicon(
    e for e in _WORD_ENTRIES if e.kind not in ("non_name", "particle", "org_suffix")
)
# Single words looked up directly: never part of a name, or a name particle ("bin", "van").
NON_NAME: Final = frozenset(
    e.phrase.lower() for e in _WORD_ENTRIES if e.kind == "non_name" and not e.phrase.startswith("-")
)
NON_NAME_ENDINGS: Final = tuple(
    e.phrase.lower()[1:]
    for e in _WORD_ENTRIES
    if e.kind == "non_name" and e.phrase.startswith("-") and len(e.phrase) > 1
)
PARTICLES: Final = frozenset(e.phrase.lower() for e in _WORD_ENTRIES if e.kind == "particle")
ORG_SUFFIXES: Final = tuple(
    {e.phrase.lower().lstrip("-") for e in _WORD_ENTRIES if e.kind == "org_suffix"} - {""}
)
CUES: Final = Lexicon(e for e in _CUE_ENTRIES if e.kind in ("verb", "prep"))
FILLERS: Final = Lexicon(e for e in _CUE_ENTRIES if e.kind == "filler")
# words by which an article calls itself an interview ("spoke to", "interview")
INTERVIEW: Final = Lexicon(e for e in _CUE_ENTRIES if e.kind == "interview")

# -- closed-class lists of data/word_classes.tsv ----------------------------------------------
_CLASSES: Final = word_classes()
PREPOSITIONS: Final = _CLASSES["speaker_preposition"]
TITLE_LINKS: Final = _CLASSES["title_link"]
TAIL_LINKS: Final = _CLASSES["title_tail_link"]
CLAUSE_STOPS: Final = _CLASSES["clause_stop"]
ABBREVIATIONS: Final = _CLASSES["name_abbreviation"]
FEMALE_SURNAME: Final = tuple(sorted(_CLASSES["surname_female"]))
MALE_SURNAME: Final = tuple(sorted(_CLASSES["surname_male"]))

# -- closed-class grammar words, the same for every article -----------------------------------
PRONOUNS: Final = {"he": "m", "she": "f"}
OBJECT_PRONOUNS: Final = {"him": "m", "her": "f"}  # "according to him"
GOVERNMENT_WORDS: Final = frozenset({"government", "cabinet"})
DETERMINERS: Final = frozenset({"the", "a", "an"})
RELATIVES: Final = frozenset({"who", "whose", "whom", "which"})
QA_INTERVIEWER: Final = frozenset({"q", "question"})
QA_INTERVIEWEE: Final = frozenset({"a", "answer"})

# -- marks ------------------------------------------------------------------------------------
FINAL: Final = frozenset({".", "!", "?", "…"})
BOUNDARY: Final = frozenset(
    {",", ";", ":", "(", ")", "[", "]", "—", "–", "-", '"', "“", "”", "„", "«", "»"}
)
OPEN_GLYPHS: Final = frozenset({"“", "„", "«"})
CLOSE_GLYPHS: Final = frozenset({"”", "»"})
QUOTE_GLYPHS: Final = frozenset({'"', "“", "”", "„", "«", "»"})
POSSESSIVE: Final = ("'s", "’s")
