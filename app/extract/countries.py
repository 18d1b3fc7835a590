"""Country gazetteer: which countries a text names, and what an API country value means.

The surfaces come from four data files (their schemas are in data/README.md): ISO 3166-1
names generated from pycountry, hand-kept aliases (short forms, adjectives, demonyms,
capitals that stand for governments), the demonyms, capitals and common names countryinfo
gives that the hand-kept aliases do not (generated), and phrases that look like countries but
are not (blocs, regions, traps). All surfaces are compiled once, at import, into a single regex
shaped like a trie, so a call scans the text once whatever the number of aliases.

Matching policy, in order:
1. Leftmost, then longest: "Russian Federation" beats "Russian", "Papua New Guinea" beats
   the trap "New Guinea". A word boundary is a non-word character or a lower-to-upper case
   change, so "KazakhRussian" splits in two.
2. Case as written: "China" and "CHINA" (headlines) match, "china" (porcelain) does not;
   abbreviations such as "US" match only in capitals, never the pronoun "us".
3. A trap match produces nothing; a bracket in a trap ("[Georgia], U.S.") blocks only the
   bracketed words and the rest is scanned again.
4. Combining forms ("Sino-", "Russo-") count only when a country follows the dash.
5. A country that is also a personal name ("Jordan", "Chad") is dropped next to a given
   name or surname ("Michael Jordan", "Chad Smith").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, cast

from app.extract.language import Language, current
from app.extract.tables import read_table
from app.extract.types import CountryMention, Span

__all__ = ["country_name", "find_countries", "resolve_country"]

MentionKind = Literal["name", "official", "short", "adjective", "demonym", "capital", "code"]
_MENTION_KINDS: frozenset[str] = frozenset(
    ("name", "official", "short", "adjective", "demonym", "capital", "code")
)
_BLOCKING_KINDS: frozenset[str] = frozenset(("bloc", "region", "trap"))

# Typographic variants seen in scraped news, folded to one ASCII form for lookups.
_APOSTROPHES = "'’ʼ‘`"
_DASHES = "-‐‑‒–—"
_FOLD_TABLE = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_DASHES, "-")})
_SPACE_RUN = re.compile(r"\s+")

_LOWER = "a-zß-öø-ÿа-яё"
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_CAMEL = rf"(?<=[{_LOWER}])(?=[{_UPPER}])"
_RIGHT_EDGE = rf"(?:(?!\w)|{_CAMEL})"
_WORD_BEFORE = re.compile(r"(\w+)[ \t]+\Z")
_NEIGHBOUR_BEFORE = re.compile(r"([A-Z][a-z]+)[ \t]+\Z")
_NEIGHBOUR_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)")
_JOINING_DASH = re.compile(rf"[{re.escape(_DASHES)}] ?")


@dataclass(frozen=True, slots=True)
class _Surface:
    """What a compiled surface stands for: a country (iso3 set) or a blocking phrase."""

    iso3: str | None
    kind: str
    # For a trap with a bracket: where the blocked words end, in normalised characters.
    block_end: int | None = None


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Everything compiled from the data files; built once at import."""

    pattern: re.Pattern[str]
    surfaces: dict[str, _Surface]
    lookup: dict[str, str]
    names: dict[str, str]
    person_names: frozenset[str]
    function_words: frozenset[str]
    # "Sino" -> "CHN": first halves of compound adjectives ("Sino-Russian").
    combining: dict[str, str]
    conflicts: tuple[str, ...]


def normalise(text: str) -> str:
    """One spelling for a surface: ASCII apostrophes and dashes, single spaces."""
    return _SPACE_RUN.sub(" ", text.translate(_FOLD_TABLE)).strip()


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _latin_fold_table() -> dict[int, str]:
    """Each accented Latin letter to its base letter, one character for one ("é" -> "e",
    "Å" -> "A"), so that a text folded with it keeps its offsets. Letters with no single base
    ("ß", "æ", "ø") and every other script stay as they are."""
    table: dict[int, str] = {}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        base = ascii_fold(chr(code))
        if len(base) == 1 and base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base
    return table


_LATIN_FOLD = _latin_fold_table()


def fold_accents(text: str) -> str:
    """`text` with its accented Latin letters folded (_latin_fold_table), offsets kept."""
    return text if text.isascii() else text.translate(_LATIN_FOLD)


def _lookup_key(text: str) -> str:
    return ascii_fold(normalise(text)).casefold()


def _uninvert(name: str) -> str | None:
    """'Korea, Republic of' -> 'Republic of Korea'; None for names that are not inverted."""
    head, sep, tail = name.partition(", ")
    if not sep or not (tail.endswith(" of") or tail.endswith(" of the")):
        return None
    return _strip_article(f"{tail} {head}")


def _strip_article(name: str) -> str:
    for article in ("the ", "The "):
        if name.startswith(article):
            return name[len(article) :]
    return name


def _without_parentheses(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def _spelling_variants(surface: str, case: str) -> set[str]:
    """The written forms a surface is found in: diacritics, 'St.', '&' and headline capitals."""
    forms = {surface, ascii_fold(surface)}
    for form in list(forms):
        if form.startswith("Saint "):
            forms.update({"St. " + form[6:], "St " + form[6:]})
        if " and " in form:
            forms.add(form.replace(" and ", " & "))
    if case != "exact":
        # a lower-case form (a Russian adjective) also opens a sentence or a headline
        forms.update({f[:1].upper() + f[1:] for f in forms if f[:1].islower()})
        forms.update({form.upper() for form in forms if any(ch.islower() for ch in form)})
    return {normalise(form) for form in forms}


def _plural(word: str) -> str | None:
    if word.endswith(("s", "x", "z", "sh", "ch", "ese")):
        return None
    return word + "s"


def _country_rows() -> Iterator[tuple[str, str, str]]:
    """(surface, iso3, kind) for every name pycountry gives, plus derived forms."""
    for row in read_table("countries.tsv"):
        iso3 = row["iso3"]
        for field, kind in (
            ("name", "name"),
            ("common_name", "name"),
            ("official_name", "official"),
        ):
            value = _strip_article(row.get(field, ""))
            if not value:
                continue
            yield value, iso3, kind
            stripped = _without_parentheses(value)
            if stripped != value:
                yield stripped, iso3, kind
            uninverted = _uninvert(value)
            if uninverted:
                yield uninverted, iso3, "official"


def _display_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for row in read_table("countries.tsv"):
        names[row["iso3"]] = row["common_name"] or _without_parentheses(row["name"])
    overrides: dict[str, str] = {}
    for row in read_table("country_aliases.tsv"):
        if row["kind"] == "name" and row["iso3"] not in overrides:
            overrides[row["iso3"]] = row["alias"]
    names.update(overrides)
    return names


def _char_pattern(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return f"[{re.escape(_APOSTROPHES)}]"
    if ch == "-":
        return f"[{re.escape(_DASHES)}]"
    return re.escape(ch)


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex equivalent to an alternation of `words`, longest first, sharing prefixes.

    Python's re tries the branches of an alternation one by one; nesting them by common
    prefix keeps each position to a few character tests instead of one per alias.
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_pattern(root)


def _node_pattern(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [
        _char_pattern(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch
    ]
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    # Greedy "?" tries the longer words first and falls back to ending here.
    return "(?:" + "|".join(branches) + (")?" if ends_here else ")")


def _add(surfaces: dict[str, _Surface], conflicts: list[str], form: str, surface: _Surface) -> None:
    known = surfaces.get(form)
    if known is None:
        surfaces[form] = surface
    elif known.iso3 != surface.iso3:
        conflicts.append(f"{form!r}: {known.iso3 or known.kind} vs {surface.iso3 or surface.kind}")


def _trap_surface(phrase: str, kind: str) -> tuple[str, _Surface]:
    if "[" not in phrase:
        return phrase, _Surface(None, kind)
    before, _, rest = phrase.partition("[")
    blocked, _, after = rest.partition("]")
    plain = before + blocked + after
    return plain, _Surface(None, kind, block_end=len(normalise(before + blocked)))


def build_gazetteer(language: Language = "en") -> Gazetteer:
    if language == "ru":
        return _build_russian()
    surfaces: dict[str, _Surface] = {}
    lookup: dict[str, str] = {}
    conflicts: list[str] = []

    def add_lookup(key_text: str, iso3: str) -> None:
        key = _lookup_key(key_text)
        if key and lookup.setdefault(key, iso3) != iso3:
            conflicts.append(f"lookup {key!r}: {lookup[key]} vs {iso3}")

    countries = read_table("countries.tsv")
    # Codes first, so that a code always wins over a name that folds to the same key.
    for row in countries:
        add_lookup(row["iso3"], row["iso3"])
    for row in countries:
        add_lookup(row["iso2"], row["iso3"])

    for surface, iso3, kind in _country_rows():
        add_lookup(surface, iso3)
        for form in _spelling_variants(surface, "title"):
            _add(surfaces, conflicts, form, _Surface(iso3, kind))

    known = {row["iso3"] for row in countries}
    combining: dict[str, str] = {}
    # the hand-kept aliases, then the forms generated from countryinfo (scripts/
    # gen_countries.py: demonyms, capitals and common names the aliases do not give)
    aliases = read_table("country_aliases.tsv")
    forms = read_table("country_forms.tsv", ("alias", "iso3", "kind"))
    for row in (*aliases, *forms):
        alias, iso3, kind, case = row["alias"], row["iso3"], row["kind"], row.get("case", "")
        if not alias or iso3 not in known or kind not in _MENTION_KINDS:
            conflicts.append(f"unusable alias row {row!r}")
            continue
        if alias.endswith("-"):
            combining[alias[:-1]] = iso3
            continue
        add_lookup(alias, iso3)
        written = [alias]
        if kind in ("adjective", "demonym") and (plural := _plural(alias)):
            written.append(plural)
        for word in written:
            for form in _spelling_variants(word, case):
                _add(surfaces, conflicts, form, _Surface(iso3, kind))

    person_names: set[str] = set()
    function_words: set[str] = set()
    for row in read_table("not_countries.tsv"):
        phrase, kind = row["phrase"], row["kind"]
        if kind == "person_name":
            person_names.add(phrase)
        elif kind == "function_word":
            function_words.add(phrase.casefold())
        elif kind in _BLOCKING_KINDS and phrase:
            plain, trap = _trap_surface(phrase, kind)
            for form in _spelling_variants(plain, "title"):
                _add(surfaces, conflicts, form, trap)
        else:
            conflicts.append(f"unusable not_countries row {row!r}")

    return Gazetteer(
        pattern=_pattern(surfaces, combining, _UPPER),
        surfaces=surfaces,
        lookup=lookup,
        names=_display_names(),
        person_names=frozenset(person_names),
        function_words=frozenset(function_words),
        combining=combining,
        conflicts=tuple(conflicts),
    )


def _pattern(
    surfaces: dict[str, _Surface], combining: dict[str, str], after: str
) -> re.Pattern[str]:
    """One trie-shaped regex of every surface, and of the first halves of compounds when
    a letter of `after` follows their dash."""
    first_halves = "|".join(re.escape(word) for word in sorted(combining)) or "(?!)"
    return re.compile(
        rf"(?P<combining>{first_halves})(?=[{re.escape(_DASHES)}] ?[{after}])"
        rf"|(?P<surface>{_trie_pattern(sorted(surfaces))}){_RIGHT_EDGE}"
    )


def _build_russian() -> Gazetteer:
    """The Russian gazetteer, from the forms scripts/gen_ru_countries.py generates (every
    case of every name, alias, bloc and region): its adjectives are written in lower case,
    and the second half of a compound adjective is one ("российско-китайский")."""
    surfaces: dict[str, _Surface] = {}
    lookup: dict[str, str] = {}
    conflicts: list[str] = []
    combining: dict[str, str] = {}
    for row in read_table("ru/country_forms.tsv", ("form", "iso3", "kind", "case", "lemma")):
        form, iso3, kind, case = row["form"], row["iso3"], row["kind"], row["case"]
        if kind in _BLOCKING_KINDS:
            plain, trap = _trap_surface(form, kind)
            for variant in _spelling_variants(plain, case or "title"):
                _add(surfaces, conflicts, variant, trap)
            continue
        if kind not in _MENTION_KINDS:
            conflicts.append(f"unusable form row {row!r}")
            continue
        if form.endswith("-"):
            combining[form[:-1]] = iso3
            combining[form[:1].upper() + form[1:-1]] = iso3
            continue
        if kind in ("name", "official", "code"):
            key = _lookup_key(row["lemma"])
            if key and lookup.setdefault(key, iso3) != iso3:
                conflicts.append(f"lookup {key!r}: {lookup[key]} vs {iso3}")
        for variant in _spelling_variants(form, case):
            _add(surfaces, conflicts, variant, _Surface(iso3, kind))
    return Gazetteer(
        pattern=_pattern(surfaces, combining, _UPPER + _LOWER),
        surfaces=surfaces,
        lookup=lookup,
        names={},
        person_names=frozenset(),
        function_words=frozenset(),
        combining=combining,
        conflicts=tuple(conflicts),
    )


_GAZETTEERS: dict[str, Gazetteer] = {"en": build_gazetteer()}
_GAZETTEER = _GAZETTEERS["en"]


def gazetteer(language: Language) -> Gazetteer:
    """The gazetteer of `language`, built on first use."""
    found = _GAZETTEERS.get(language)
    if found is None:
        found = _GAZETTEERS.setdefault(language, build_gazetteer(language))
    return found


def _left_edge_ok(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if not (before.isalnum() or before == "_"):
        return True
    return before.islower() and text[start].isupper()


def _raw_end(text: str, start: int, normalised_length: int) -> int:
    """Where the first `normalised_length` normalised characters of text[start:] end."""
    pos, count = start, 0
    while count < normalised_length and pos < len(text):
        if text[pos].isspace():
            while pos < len(text) and text[pos].isspace():
                pos += 1
        else:
            pos += 1
        count += 1
    return pos


def _raw_matches(text: str, gaz: Gazetteer) -> list[CountryMention]:
    """The matches of every surface, read on the text with its accents folded: a surface
    written with or without them ("Monégasque", "Sao Tome") is found either way, and its
    offsets and surface are the text's own."""
    found: list[CountryMention] = []
    pos = 0
    folded = fold_accents(text)
    while (match := gaz.pattern.search(folded, pos)) is not None:
        start, end = match.span()
        if not _left_edge_ok(text, start):
            pos = start + 1
            continue
        pos = end
        if match.group("combining") is not None:
            iso3, kind = gaz.combining[match.group("combining")], "adjective"
        else:
            entry = gaz.surfaces.get(normalise(match.group()))
            if entry is None:
                continue
            if entry.iso3 is None:
                if entry.block_end is not None:
                    pos = _raw_end(text, start, entry.block_end)
                continue
            iso3, kind = entry.iso3, entry.kind
        found.append(
            CountryMention(
                iso3=iso3,
                span=Span(start, end),
                surface=text[start:end],
                kind=cast(MentionKind, kind),
            )
        )
    return found


def _keep_combining(
    mention: CountryMention, following: CountryMention | None, text: str, gaz: Gazetteer
) -> bool:
    if mention.surface not in gaz.combining:
        return True
    if following is None:
        return False
    joint = _JOINING_DASH.match(text, mention.span.end)
    return joint is not None and joint.end() == following.span.start


def _is_personal_name(mention: CountryMention, text: str, gaz: Gazetteer) -> bool:
    if mention.surface not in gaz.person_names:
        return False
    window = text[max(0, mention.span.start - 40) : mention.span.start]
    word_before = _WORD_BEFORE.search(window)
    if word_before and word_before.group(1).casefold() in gaz.function_words:
        return False
    for neighbour in (
        _NEIGHBOUR_BEFORE.search(window),
        _NEIGHBOUR_AFTER.match(text, mention.span.end),
    ):
        if neighbour is None:
            continue
        word = neighbour.group(1)
        if word.casefold() not in gaz.function_words and word not in gaz.surfaces:
            return True
    return False


def find_countries(text: str, language: Language | None = None) -> list[CountryMention]:
    """Country mentions in `text`, sorted by position and never overlapping (in `language`,
    by default the one being read)."""
    if not text:
        return []
    gaz = gazetteer(language or current())
    raw = _raw_matches(text, gaz)
    kept: list[CountryMention] = []
    for index, mention in enumerate(raw):
        following = raw[index + 1] if index + 1 < len(raw) else None
        if not _keep_combining(mention, following, text, gaz):
            continue
        if _is_personal_name(mention, text, gaz):
            continue
        kept.append(mention)
    return kept


def resolve_country(value: str) -> str | None:
    """ISO3 for a code, name or alias given as an API parameter, any case, in English or in
    Russian ("Казахстан"); None if unknown."""
    if not isinstance(value, str):
        return None
    key = _lookup_key(value)
    return _GAZETTEER.lookup.get(key) or gazetteer("ru").lookup.get(key)


def country_name(iso3: str) -> str:
    """The common English name; an unknown code comes back unchanged."""
    return _GAZETTEER.names.get(iso3.upper(), iso3)
