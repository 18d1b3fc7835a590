"""Word classes (data/word_classes.tsv) and the shapes of the words between two positions.

A stage asks two kinds of question about the text. "Is there a cue of kind K here?" is a
look-up in the lexicon's hit index. "Do the words between this hit and this figure have the
right shape?" ("by" then at most one approximation word; a preposition, an optional "the" and
one lower-case word) is answered here: the gap is cut into words once and matched against a
small pattern made of word classes, the way spaCy's Matcher matches token patterns. Patterns
name classes; the words themselves live in the data file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from app.extract.tables import read_table

Predicate = Callable[[str], bool]


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """class -> its words, as written (a class marked `any_case` also holds lower-case forms)."""
    out: dict[str, frozenset[str]] = {}
    for row in read_table("word_classes.tsv", ("class", "words", "case")):
        words = {w.strip() for w in row["words"].split("|") if w.strip()}
        if row["case"] != "exact":
            words = {w.lower() for w in words}
        out[row["class"]] = frozenset(words)
    return out


@cache
def _exact() -> frozenset[str]:
    return frozenset(
        row["class"] for row in read_table("word_classes.tsv", ("class", "case")) if row["case"]
    )


def in_class(name: str) -> Predicate:
    """A predicate: the word belongs to the class (case-blind unless the class is `exact`)."""
    words = word_classes()[name]
    if name in _exact():
        return words.__contains__
    return lambda w: w.lower() in words


def is_lower_word(w: str) -> bool:
    """A word that starts with a lower-case ASCII letter ("[a-z][\\w-]*")."""
    return "a" <= w[:1] <= "z" and all(c.isalnum() or c in "_-" for c in w)


def is_cap_word(w: str) -> bool:
    """A word that starts with a capital ASCII letter ("[A-Z][\\w'-]*")."""
    return "A" <= w[:1] <= "Z" and all(c.isalnum() or c in "_-'&." for c in w)


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
        cached = self.__dict__.get("_rx")
        if cached is None:
            cached = (
                re.compile(f"(?:{self.rx})"),
                re.compile(f"(?:^|(?<= ))(?:{self.rx})\\Z"),
                re.compile(f"(?:^|(?<= ))(?:{self.rx})"),
            )
            object.__setattr__(self, "_rx", cached)
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


def word(name: str) -> W:
    """One word of the class `name`."""
    words = sorted(word_classes()[name], key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    if name not in _exact():
        body = f"(?i:{body})"
    return W(in_class(name), body)


def _pattern(p: Pattern | str) -> Pattern:
    return word(p) if isinstance(p, str) else p


LOWER = W(is_lower_word, r"[a-z][\w-]*")
CAP = W(is_cap_word, r"[A-Z][\w'&.-]*")
ANY = W(is_word, r"[\w-]+")
SOMETHING = W(bool, r"\S+")  # any word or mark
NOTHING = seq()
