"""The Russian words the speakers grammar reads, loaded and inflected once at import.

From data/ru/ (data/README.md gives each schema):
- titles.tsv: titles, qualifiers, institutions, places, honorifics and words never in a name, in
  the nominative singular; their cases and numbers are generated here;
- reporting_verbs.tsv: reporting verbs by their infinitive (every finite form generated here),
  "по словам"-style phrases, impersonal forms, back-references, fillers;
- first_names.tsv: given names with their wire spelling and gender (every case generated);
- word_classes.tsv: the closed-class lists (prepositions, pronouns, surname endings ...).

Inflection is pymorphy3's, with one `MorphAnalyzer` for the process (`MORPH`); `parse` caches
its answers, as an article asks about the same few name words again and again. Words written
with "ё" are also listed with "е", as most news text writes them so. The phrase lookups are the
English grammar's `Lexicon` (longest phrase at a token), over lower-cased tokens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import pymorphy3

from app.extract.speakers.vocabulary import Entry, Lexicon, phrase_key
from app.extract.tables import read_table

MORPH: Final = pymorphy3.MorphAnalyzer()
CASES: Final = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_GENDERS: Final = {"masc": "m", "femn": "f", "neut": "n"}


@lru_cache(maxsize=1 << 16)
def parse(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """pymorphy3's readings of one word (lower-cased), best first, cached."""
    return tuple(MORPH.parse(word))


def yo_variants(text: str) -> list[str]:
    """The text, and its spelling with "е" for "ё" when it has one."""
    plain = text.replace("ё", "е").replace("Ё", "Е")
    return [text] if plain == text else [text, plain]


def plain(text: str) -> str:
    """Lower case, "ё" read as "е": the key under which names are compared."""
    return text.lower().replace("ё", "е")


# -- inflection ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Form:
    """One inflected form of a listed phrase: the cases it may stand in, in the singular and
    in the plural ("комиссии" is a singular genitive and a plural nominative)."""

    cases: frozenset[str]
    plural_cases: frozenset[str] = frozenset()

    @property
    def plural(self) -> bool:
        """Only a plural: "президенты"."""
        return not self.cases and bool(self.plural_cases)


def _nominative_reading(word: str) -> pymorphy3.analyzer.Parse | None:
    for p in parse(word.lower()):
        if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF", "PRTF"):
            return p
    return None


def inflect_phrase(phrase: str, *, every_form: bool = False) -> dict[str, Form]:
    """Every case and number of a nominative phrase: its words up to the first noun inflect
    (adjectives agree with the noun), the rest is a tail that stays ("глава государства").

    A phrase with an abbreviation before its noun, or whose words pymorphy does not know,
    stays as written. `every_form` is for a lone adjective ("российский"): all its forms.
    """
    words = phrase.split()
    out: dict[str, tuple[set[str], set[str]]] = {}

    def add(form: str, case: str, plural: bool) -> None:
        for variant in yo_variants(form.lower()):
            single, several = out.setdefault(variant, (set(), set()))
            (several if plural else single).add(case)

    readings = [None if w.isupper() else _nominative_reading(w) for w in words]
    head = next((k for k, r in enumerate(readings) if r is not None and r.tag.POS == "NOUN"), None)
    if every_form and len(words) == 1 and readings[0] is not None:
        for f in readings[0].lexeme:
            if f.tag.POS == readings[0].tag.POS and f.tag.case:
                add(f.word, f.tag.case, f.tag.number == "plur")
    elif head is not None and all(w.isupper() is False for w in words[:head]):
        head_reading = readings[head]
        assert head_reading is not None
        gender = head_reading.tag.gender
        for number in ("sing", "plur"):
            for case in CASES:
                head_form = head_reading.inflect({case, number})
                if head_form is None:
                    continue
                forms = []
                for k, w in enumerate(words):
                    r = readings[k]
                    if k == head:
                        forms.append(head_form.word)
                    elif k < head and r is not None and r.tag.POS in ("ADJF", "PRTF"):
                        grams = {case, number} | (
                            {gender} if number == "sing" and gender else set()
                        )
                        f = r.inflect(grams)
                        forms.append(f.word if f is not None else w.lower())
                    else:
                        forms.append(w.lower())
                add(" ".join(forms), case, number == "plur")
    add(phrase, "nomn", False)
    return {form: Form(frozenset(one), frozenset(more)) for form, (one, more) in out.items()}


# -- titles, institutions, places --------------------------------------------------------------
_WORD_KINDS: Final = frozenset({"title", "qualifier", "institution", "place", "honorific"})


@dataclass(frozen=True, slots=True)
class WordForm:
    """A listed phrase as it stands in the text: the phrase in the table, and its form."""

    lemma: str  # the table's nominative phrase
    form: Form


def _word_entries() -> tuple[list[Entry], dict[tuple[str, ...], WordForm]]:
    entries: list[Entry] = []
    forms: dict[tuple[str, ...], WordForm] = {}
    for row in read_table("ru/titles.tsv", ("phrase", "kind", "group", "gender")):
        kind = row["kind"]
        if kind not in _WORD_KINDS or not row["phrase"]:
            continue
        phrase = row["phrase"]
        fixed = kind == "qualifier" and row["group"] == "dept"  # a genitive phrase
        lone_adjective = kind in ("place", "qualifier") and " " not in phrase
        inflected = (
            {phrase.lower(): Form(frozenset({"nomn"}))}
            if fixed
            else inflect_phrase(phrase, every_form=lone_adjective)
        )
        for text, form in inflected.items():
            key = phrase_key(text)
            if key in forms:
                known = forms[key]
                if known.lemma == phrase:  # "министра" is genitive and accusative
                    merged = Form(
                        known.form.cases | form.cases,
                        known.form.plural_cases | form.plural_cases,
                    )
                    forms[key] = WordForm(phrase, merged)
                continue
            forms[key] = WordForm(phrase, form)
            entries.append(Entry(text, kind, row["group"], row["gender"]))
    return entries, forms


def _non_names() -> frozenset[str]:
    return frozenset(
        row["phrase"].lower()
        for row in read_table("ru/titles.tsv", ("phrase", "kind"))
        if row["kind"] == "non_name" and row["phrase"]
    )


# -- reporting cues -----------------------------------------------------------------------------
_CUE_KINDS: Final = frozenset({"verb", "prep", "impersonal", "backref", "filler", "interview"})


def _verb_forms(phrase: str) -> Iterable[tuple[str, str, bool, bool]]:
    """(form, gender, plural, earlier) for every finite form of a verb phrase: "earlier" is an
    imperfective past ("сообщал"), which tells what was said before rather than now."""
    head, _, rest = phrase.partition(" ")
    for p in parse(head):
        if p.tag.POS != "INFN":
            continue
        for f in p.lexeme:
            tag = f.tag
            if tag.POS != "VERB" or tag.mood != "indc" or tag.person in ("1per", "2per"):
                continue
            gender = _GENDERS.get(tag.gender or "", "")
            earlier = tag.tense == "past" and tag.aspect == "impf"
            yield (f"{f.word} {rest}".strip(), gender, tag.number == "plur", earlier)
        return


def _cue_entries() -> list[Entry]:
    entries: list[Entry] = []
    for row in read_table("ru/reporting_verbs.tsv", ("phrase", "kind", "inverts", "speaker")):
        kind, phrase = row["kind"], row["phrase"]
        if kind not in _CUE_KINDS or not phrase:
            continue
        inverts = row["inverts"] == "yes"
        body = row["speaker"] == "body"
        if kind == "verb":
            for form, gender, plural, earlier in _verb_forms(phrase):
                group = "earlier" if earlier else ""
                for text in yo_variants(form):
                    entries.append(Entry(text, kind, group, gender, inverts, body, plural))
            continue
        if kind == "prep" and " " not in phrase:  # "цитирует", "процитировало"
            for form, gender, plural, _ in _verb_forms(phrase):
                for text in yo_variants(form):
                    entries.append(Entry(text, kind, "", gender, plural=plural))
            continue
        if kind == "prep" and phrase.split()[0] in ("приводить", "привести"):
            verb, _, rest = phrase.partition(" ")
            for form, _, _, _ in _verb_forms(verb):
                entries.append(Entry(f"{form} {rest}", kind))
            continue
        pronoun = row["speaker"] if row["speaker"] in ("m", "f", "plural") else ""
        for text in yo_variants(phrase):
            entries.append(Entry(text, kind, pronoun, "", inverts, body))
    return entries


# -- first names --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GivenName:
    """A form of a given name: its nominative, wire spelling, gender and the cases it is in."""

    nominative: str
    latin: str
    gender: str
    cases: frozenset[str]


# the endings a masculine name ending in a consonant takes in the oblique cases, for the names
# pymorphy does not inflect ("Касым-Жомарта")
_CONSONANT_NAME_ENDINGS: Final = (
    ("а", "gent"),
    ("а", "accs"),
    ("у", "datv"),
    ("ом", "ablt"),
    ("е", "loct"),
)


def _given_name_forms(name: str, gender: str) -> dict[str, set[str]]:
    """Each singular form of a given name, lower-cased, and the cases it stands in."""
    key = name.lower()
    forms: dict[str, set[str]] = {key: {"nomn"}}
    reading = next(
        (p for p in parse(key) if "Name" in p.tag and p.tag.case == "nomn" and p.word == key),
        None,
    )
    if reading is not None:
        for f in reading.lexeme:
            if f.tag.number == "sing" and f.tag.case in CASES:
                forms.setdefault(f.word, set()).add(f.tag.case)
    if gender == "m" and key[-1] not in "аяиоуеыэюьй":
        for ending, case in _CONSONANT_NAME_ENDINGS:
            forms.setdefault(key + ending, set()).add(case)
    elif reading is None and key[-1] == "а":  # "Рухолла": "Рухоллы", "Рухолле"
        for ending, case in _A_NAME_ENDINGS:
            forms.setdefault(key[:-1] + ending, set()).add(case)
    return forms


_A_NAME_ENDINGS: Final = (
    ("ы", "gent"),
    ("е", "datv"),
    ("у", "accs"),
    ("ой", "ablt"),
    ("е", "loct"),
)


def _given_names() -> dict[str, list[GivenName]]:
    out: dict[str, list[GivenName]] = {}
    for row in read_table("ru/first_names.tsv", ("name", "latin", "gender")):
        name, latin, gender = row["name"], row["latin"], row["gender"]
        for form, cases in _given_name_forms(name, gender).items():
            for variant in yo_variants(form):
                out.setdefault(variant, []).append(GivenName(name, latin, gender, frozenset(cases)))
    return out


def _classes() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for row in read_table("ru/word_classes.tsv", ("class", "words", "case")):
        words = [w.strip() for w in row["words"].split("|") if w.strip()]
        out[row["class"]] = tuple(words if row["case"] == "exact" else [w.lower() for w in words])
    return out


_WORD_ENTRIES, WORD_FORMS = _word_entries()
# titles, qualifiers, institutions, places and honorifics, each form by its token key
WORDS: Final = Lexicon(_WORD_ENTRIES)
NON_NAME: Final = _non_names()
_CUE_ENTRIES: Final = _cue_entries()
CUES: Final = Lexicon(e for e in _CUE_ENTRIES if e.kind in ("verb", "prep", "impersonal"))
BACKREFS: Final = Lexicon(e for e in _CUE_ENTRIES if e.kind == "backref")
FILLERS: Final = Lexicon(e for e in _CUE_ENTRIES if e.kind == "filler")
INTERVIEW: Final = frozenset(e.phrase for e in _CUE_ENTRIES if e.kind == "interview")
GIVEN_NAMES: Final = _given_names()

_CLASSES: Final = _classes()
PREPOSITIONS: Final = frozenset(_CLASSES["speaker_preposition"])
PRONOUNS: Final = {
    **dict.fromkeys(_CLASSES["pronoun_male"], "m"),
    **dict.fromkeys(_CLASSES["pronoun_female"], "f"),
}
PLURAL_PRONOUNS: Final = frozenset(_CLASSES["pronoun_plural"])
CLAUSE_STOPS: Final = frozenset(_CLASSES["clause_stop"])
REPORTED_SPEECH: Final = frozenset(_CLASSES["reported_speech"])
BACKGROUND_OPENERS: Final = frozenset(_CLASSES["background_opener"])
NAME_AND: Final = frozenset(_CLASSES["name_and"])
FEMALE_SURNAME: Final = tuple(sorted(_CLASSES["surname_female"], key=len, reverse=True))
MALE_SURNAME: Final = tuple(sorted(_CLASSES["surname_male"], key=len, reverse=True))
SURNAME_OBLIQUE: Final = tuple(
    (old, new) for old, _, new in (pair.partition(">") for pair in _CLASSES["surname_oblique"])
)
PATRONYMIC: Final = tuple(
    form
    for ending in _CLASSES["patronymic"]
    for form in (
        [ending[:-1] + e for e in ("а", "ы", "е", "у", "ой")]
        if ending.endswith("а")
        else [ending + e for e in ("", "а", "у", "ем", "е")]
    )
)  # "Кемелевич" and "Кемелевича", "Ивановна" and "Ивановны"
# the last words of the "по словам"-style phrases: a name right after one is in the genitive
PREP_HEADS: Final = frozenset(
    e.phrase.split()[-1] for e in _CUE_ENTRIES if e.kind == "prep" and " " in e.phrase
)
ORG_PREFIXES: Final = tuple(_CLASSES["org_prefix"])
ORG_SUFFIXES: Final = tuple(_CLASSES["org_suffix"])
QA_INTERVIEWER: Final = frozenset(_CLASSES["interview_question"])
QA_INTERVIEWEE: Final = frozenset(_CLASSES["interview_answer"])

# marks
DASHES: Final = frozenset({"-", "–", "—"})
