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

from collections.abc import Callable, Iterator, Sequence
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
class Pattern:
    def match(self, words: Sequence[str], i: int) -> Iterator[int]:
        """Every position where the pattern, started at i, can end."""
        raise NotImplementedError

    def fullmatch(self, words: Sequence[str]) -> bool:
        return any(j == len(words) for j in self.match(words, 0))

    def suffix(self, words: Sequence[str]) -> bool:
        """The pattern matches the last words of `words` (it ends where they end)."""
        n = len(words)
        return any(any(j == n for j in self.match(words, i)) for i in range(n, -1, -1))

    def prefix(self, words: Sequence[str]) -> int | None:
        """The longest number of leading words the pattern matches, or None."""
        ends = list(self.match(words, 0))
        return max(ends) if ends else None


@dataclass(frozen=True)
class W(Pattern):
    """One word the predicate accepts."""

    test: Predicate

    def match(self, words: Sequence[str], i: int) -> Iterator[int]:
        if i < len(words) and self.test(words[i]):
            yield i + 1


@dataclass(frozen=True)
class Seq(Pattern):
    parts: tuple[Pattern, ...]

    def match(self, words: Sequence[str], i: int) -> Iterator[int]:
        yield from self._from(words, 0, i)

    def _from(self, words: Sequence[str], k: int, i: int) -> Iterator[int]:
        if k == len(self.parts):
            yield i
            return
        for j in self.parts[k].match(words, i):
            yield from self._from(words, k + 1, j)


@dataclass(frozen=True)
class Rep(Pattern):
    """The part between `lo` and `hi` times, most first."""

    part: Pattern
    lo: int
    hi: int

    def match(self, words: Sequence[str], i: int) -> Iterator[int]:
        yield from self._rep(words, i, 0)

    def _rep(self, words: Sequence[str], i: int, n: int) -> Iterator[int]:
        if n < self.hi:
            for j in self.part.match(words, i):
                if j > i:
                    yield from self._rep(words, j, n + 1)
        if n >= self.lo:
            yield i


@dataclass(frozen=True)
class Alt(Pattern):
    options: tuple[Pattern, ...]

    def match(self, words: Sequence[str], i: int) -> Iterator[int]:
        for p in self.options:
            yield from p.match(words, i)


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
    return W(in_class(name))


def _pattern(p: Pattern | str) -> Pattern:
    return word(p) if isinstance(p, str) else p


LOWER = W(is_lower_word)
CAP = W(is_cap_word)
ANY = W(is_word)
NOTHING = seq()
