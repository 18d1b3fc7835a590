"""Word classes (data/word_classes.tsv) and the shapes of the words between two positions.

A stage asks two kinds of question about the text. "Is there a cue of kind K here?" is a
look-up in the lexicon's hit index. "Do the words between this hit and this figure have the
right shape?" ("by" then at most one approximation word; a preposition, an optional "the" and
one lower-case word) is answered here: the gap is cut into words once and matched against a
small pattern made of word classes, the way spaCy's Matcher matches token patterns. Patterns
name classes; the words themselves live in the data file of the language being read
(`language.current()`): a pattern is written once and compiled once per language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from app.extract.language import Language, current, table_name
from app.extract.tables import TableError, endings, read_table, stem_candidates

Predicate = Callable[[str], bool]


@cache
def word_classes(language: Language = "en") -> dict[str, frozenset[str]]:
    """class -> its whole words, as written (a class not marked `exact` holds lower-case
    forms). A word written as a stem with `*` is in `class_stems`."""
    return {name: words for name, (words, _) in _classes(language).items()}


@cache
def class_stems(language: Language = "en") -> dict[str, frozenset[str]]:
    """class -> the stems its `*` words stand on ("увеличи*" reads every form of the verb)."""
    return {name: stems for name, (_, stems) in _classes(language).items()}


# a class a language's table does not list has no words in it: it matches nothing
_EMPTY: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


@cache
def _classes(language: Language) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for row in read_table(table_name("word_classes.tsv", language), ("class", "words", "case")):
        listed = [w.strip() for w in row["words"].split("|") if w.strip()]
        if language == "en" and any(w.endswith("*") for w in listed):
            raise TableError(f"word_classes.tsv {row['class']}: English writes whole words")
        words = {w for w in listed if not w.endswith("*")}
        stems = {w[:-1] for w in listed if w.endswith("*")}
        if row["case"] != "exact":
            words = {w.lower() for w in words}
            stems = {w.lower() for w in stems}
        out[row["class"]] = (frozenset(words), frozenset(stems))
    return out


@cache
def _exact(language: Language = "en") -> frozenset[str]:
    return frozenset(
        row["class"]
        for row in read_table(table_name("word_classes.tsv", language), ("class", "case"))
        if row["case"]
    )


@dataclass(frozen=True)
class _InClass:
    name: str

    def __call__(self, w: str) -> bool:
        language = current()
        words, stems = _classes(language).get(self.name, _EMPTY)
        key = w if self.name in _exact(language) else w.lower()
        if key in words:
            return True
        return bool(stems) and any(s in stems for s in stem_candidates(key, language))


def in_class(name: str) -> Predicate:
    """A predicate: the word belongs to the class in the language being read (case-blind
    unless the class is `exact`)."""
    word_classes()[name]  # a class English lacks is a typo: fail at import
    return _InClass(name)


def _lower_initial(c: str) -> bool:
    return "a" <= c <= "z" or "\u0430" <= c <= "\u044f" or c == "\u0451"


def _cap_initial(c: str) -> bool:
    return "A" <= c <= "Z" or "\u0410" <= c <= "\u042f" or c == "\u0401"


def is_lower_word(w: str) -> bool:
    """A word that starts with a lower-case Latin or Cyrillic letter ("[a-z][\\w-]*")."""
    return _lower_initial(w[:1]) and all(c.isalnum() or c in "_-" for c in w)


def is_cap_word(w: str) -> bool:
    """A word that starts with a capital Latin or Cyrillic letter ("[A-Z][\\w'-]*")."""
    return _cap_initial(w[:1]) and all(c.isalnum() or c in "_-'&." for c in w)


def is_word(w: str) -> bool:
    return bool(w) and all(c.isalnum() or c in "_-" for c in w)


_GAP_WORD = re.compile(r"\w+(?:['\-&.]\w+)*|[^\w\s]")


def gap_words(text: str, start: int, end: int) -> list[str]:
    """The words and punctuation marks of text[start:end]: runs of letters and digits, with
    the in-word marks ' - & . between two of them ("U.S", "5.3", "year-on-year"), are words;
    any other mark is one item; spaces separate."""
    return _GAP_WORD.findall(text, start, end)


# -- patterns over a list of words ------------------------------------------------------------
# A pattern is written with the combinators below and compiled once into a regular expression
# over the gap's words, each followed by one space ("trade with the "): the words of a class
# come from the data file, the shape from the pattern.
class Pattern:
    rx: str  # the regex of the pattern over "word word ... " text

    def _compiled(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        """The pattern's regexes in the language being read, compiled on first use."""
        language = current()
        by_language = self.__dict__.get("_rx")
        if by_language is None:
            by_language = {}
            object.__setattr__(self, "_rx", by_language)
        cached = by_language.get(language)
        if cached is None:
            rx = self.rx
            cached = (
                re.compile(f"(?:{rx})"),
                re.compile(f"(?:^|(?<= ))(?:{rx})\\Z"),
                re.compile(f"(?:^|(?<= ))(?:{rx})"),
            )
            by_language[language] = cached
        return cached

    def fullmatch(self, words: Sequence[str]) -> bool:
        return self._compiled()[0].fullmatch(_joined(words)) is not None

    def suffix(self, words: Sequence[str]) -> bool:
        """The pattern matches the last words of `words` (it ends where they end)."""
        return self._compiled()[1].search(_joined(words)) is not None

    def prefix(self, words: Sequence[str]) -> int | None:
        """How many leading words the pattern matches, or None."""
        m = self._compiled()[0].match(_joined(words))
        return None if m is None else m.group().count(" ")

    def search(self, words: Sequence[str]) -> bool:
        """The pattern matches somewhere in `words`, from the start of a word."""
        return self._compiled()[2].search(_joined(words)) is not None


def _joined(words: Sequence[str]) -> str:
    return "".join(w + " " for w in words)


@dataclass(frozen=True)
class W(Pattern):
    """One word the predicate accepts; `word_rx` says the same as a regex."""

    test: Predicate
    word_rx: str

    @property
    def rx(self) -> str:  # type: ignore[override]
        return f"(?:{self.word_rx}) "


@dataclass(frozen=True)
class Seq(Pattern):
    parts: tuple[Pattern, ...]

    @property
    def rx(self) -> str:  # type: ignore[override]
        return "".join(p.rx for p in self.parts)


@dataclass(frozen=True)
class Rep(Pattern):
    """The part between `lo` and `hi` times."""

    part: Pattern
    lo: int
    hi: int

    @property
    def rx(self) -> str:  # type: ignore[override]
        return f"(?:{self.part.rx}){{{self.lo},{self.hi}}}"


@dataclass(frozen=True)
class Alt(Pattern):
    options: tuple[Pattern, ...]

    @property
    def rx(self) -> str:  # type: ignore[override]
        return "(?:" + "|".join(p.rx for p in self.options) + ")"


def seq(*parts: Pattern | str) -> Seq:
    return Seq(tuple(_pattern(p) for p in parts))


def opt(part: Pattern | str) -> Rep:
    return Rep(_pattern(part), 0, 1)


def rep(part: Pattern | str, lo: int, hi: int) -> Rep:
    return Rep(_pattern(part), lo, hi)


def alt(*options: Pattern | str) -> Alt:
    return Alt(tuple(_pattern(p) for p in options))


@dataclass(frozen=True)
class ClassWord(Pattern):
    """One word of the class `name`, in the language being read."""

    name: str

    @property
    def rx(self) -> str:  # type: ignore[override]
        language = current()
        words, stems = _classes(language).get(self.name, _EMPTY)
        options = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
        if stems:
            tails = "|".join(re.escape(e) for e in endings(language))
            heads = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
            options.append(f"(?:{heads})(?:{tails})?")
        body = "|".join(options) or "(?!)"
        if self.name not in _exact(language):
            body = f"(?i:{body})"
        return f"(?:{body}) "


def word(name: str) -> ClassWord:
    """One word of the class `name`."""
    word_classes()[name]  # a class English lacks is a typo: fail at import
    return ClassWord(name)


def _pattern(p: Pattern | str) -> Pattern:
    return word(p) if isinstance(p, str) else p


LOWER = W(is_lower_word, r"[a-z\u0430-\u044f\u0451][\w-]*")
CAP = W(is_cap_word, r"[A-Z\u0410-\u042f\u0401][\w'&.-]*")
ANY = W(is_word, r"[\w-]+")
SOMETHING = W(bool, r"\S+")  # any word or mark
NOTHING = seq()
