"""The article's word view: tokens and what every later step asks about each of them.

`read_words` cuts the text into tokens once (or takes the Document's tokens), strips a
possessive "'s" off its word and keeps a flag instead, and works out per token: its paragraph
(a newline starts one), the first token of its sentence, the lexicon tag it carries (title,
qualifier, institution, place, honorific: vocabulary.WORDS) and whether it can be a word of a
person's name. Every later step works in token indices over this `Words`, which is not
changed once built.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.extract.countries import fold_accents
from app.extract.speakers.vocabulary import (
    ABBREVIATIONS,
    BOUNDARY,
    FINAL,
    NON_NAME,
    NON_NAME_ENDINGS,
    PARTICLES,
    POSSESSIVE,
    TOKEN_RE,
    WORDS,
    Entry,
)
from app.extract.text import Tokens
from app.extract.types import Span

_APOSTROPHES = tuple(suffix[0] for suffix in POSSESSIVE)  # "'" and "’"


@dataclass(slots=True)
class Words:
    """One article's tokens and what is known of each, by token index (filled by
    `read_words`, then only read)."""

    text: str
    starts: list[int]  # character offsets of each token
    ends: list[int]  # (a possessive's end is before its "'s")
    words: list[str]  # as written, without a possessive "'s"
    lower: list[str]
    possessive: list[bool]  # the token was "X's"
    is_word: list[bool]  # a word, not a number or a mark
    # the words the article writes in lower case somewhere: a capitalised one of them at a
    # sentence start ("Yesterday") is a common word, not a name
    lower_vocab: set[str]
    n: int  # the number of tokens
    para: list[int] = field(default_factory=list)  # paragraph number of each token
    sent_start: list[int] = field(default_factory=list)  # first token of each token's sentence
    tags: list[Entry | None] = field(default_factory=list)  # the lexicon phrase it is part of
    tag_end: list[int] = field(default_factory=list)  # the token after that phrase
    kinds: list[str] = field(default_factory=list)  # the tag's kind, or ""
    initial: list[bool] = field(default_factory=list)  # "V" of "V. Putin"
    name_word: list[bool] = field(default_factory=list)  # may be a word of a person's name

    def kind(self, i: int) -> str:
        return self.kinds[i] if 0 <= i < len(self.kinds) else ""

    def first_at_or_after(self, pos: int) -> int:
        return bisect.bisect_left(self.starts, pos)

    def is_abbreviation(self, dot: int) -> bool:
        """A period after an initial ("V.") or an honorific ("Mr.") ends no sentence."""
        if dot == 0 or self.words[dot] != ".":
            return False
        prev = self.words[dot - 1]
        if self.ends[dot - 1] != self.starts[dot]:
            return False
        if len(prev) == 1 and prev.isupper():
            return True
        hit = WORDS.match(self.lower, dot - 1)
        return (hit is not None and hit[1].kind == "honorific") or prev.lower() in ABBREVIATIONS

    def ends_sentence(self, i: int) -> bool:
        """A final mark that is not an abbreviation's dot."""
        return self.words[i] in FINAL and not self.is_abbreviation(i)

    def is_boundary(self, i: int) -> bool:
        """Where a clause piece ends: a comma, dash, bracket or quote mark, a sentence's end,
        or "that" (which opens what is said)."""
        word = self.words[i]
        if word in BOUNDARY:
            return True
        return self.ends_sentence(i) or self.lower[i] == "that"

    def after_honorific(self, i: int) -> bool:
        """ "Eng. Ahmed Samir": sentence splitters end a sentence at the honorific's dot."""
        if i < 2 or self.words[i - 1] != "." or self.ends[i - 2] != self.starts[i - 1]:
            return False
        hit = WORDS.match(self.lower, i - 2)
        return hit is not None and hit[1].kind == "honorific" and hit[0] == i - 1


def read_words(text: str, sentences: Sequence[Span], tokens: Tokens | None = None) -> Words:
    """The word view of `text`; `tokens`, when given, must be the Document's tokens of it."""
    w = _tokenise(text, tokens)
    _split(w, sentences)
    _tag(w)
    return w


def _tokenise(text: str, tokens: Tokens | None) -> Words:
    # The Document's tokens come from the same pattern, but without the typographic
    # apostrophe: they are the same tokens only on a text that has none (the engine folds it).
    if tokens is not None and "’" not in text:
        starts, ends, words = list(tokens.starts), list(tokens.ends), list(tokens.text)
        lower = list(tokens.lower)
    else:
        found = list(TOKEN_RE.finditer(text))
        words = [m.group() for m in found]
        starts = [m.start() for m in found]
        ends = [m.end() for m in found]
        lower = []
    possessive = [False] * len(words)
    for i in _possessives(text, starts, ends):
        words[i] = words[i][:-2]
        ends[i] -= 2
        possessive[i] = True
        if lower:
            lower[i] = words[i].lower()
    if not lower:
        lower = [word.lower() for word in words]
    # the lexicon is read accent-blind ("Việt Nam" is the place "Viet Nam"); the words keep
    # their letters
    lower = [fold_accents(word) for word in lower]
    return Words(
        text=text,
        starts=starts,
        ends=ends,
        words=words,
        lower=lower,
        possessive=possessive,
        is_word=[word[0].isalpha() for word in words],
        lower_vocab={word for word in words if word[0].islower()},
        n=len(words),
    )


def _possessives(text: str, starts: list[int], ends: list[int]) -> list[int]:
    """The tokens of three characters or more that end in "'s" ("Russia's", "Putin’s").

    Found from the apostrophes followed by an "s" rather than by looking at every token:
    an article has few of them."""
    found: list[int] = []
    for mark in _APOSTROPHES:
        pos = text.find(mark)
        while pos >= 0:
            if text[pos + 1 : pos + 2] in ("s", "S"):  # "PUTIN'S" too
                i = bisect.bisect_right(starts, pos) - 1
                if i >= 0 and ends[i] == pos + 2 and ends[i] - starts[i] > 2:
                    found.append(i)
            pos = text.find(mark, pos + 1)
    return found


def _split(w: Words, sentences: Sequence[Span]) -> None:
    """Paragraph number and sentence-start token for every token.

    Our own split (final punctuation, newlines) is joined with the caller's sentences, so a
    boundary either side stops a backward search for a speaker. Both lists are filled run by
    run from the boundaries rather than token by token: a long article has few of them.
    """
    n = w.n
    # a paragraph is the number of newlines before the token: each newline moves the tokens
    # from the first one after it onwards into the next paragraph
    cuts = [bisect.bisect_left(w.starts, m) for m in _newlines(w.text)]
    para: list[int] = []
    done = 0
    for k, cut in enumerate(cuts):
        para.extend([k] * (cut - done))
        done = cut
    para.extend([len(cuts)] * (n - done))
    w.para = para
    # a sentence starts after a newline, after a final mark that is no abbreviation's dot, and
    # where the caller's splitter starts one (unless it cut after "Eng.")
    bounds = {cut for cut in cuts if 0 < cut < n}
    bounds.update(
        i + 1
        for i, word in enumerate(w.words)
        if word in FINAL and i + 1 < n and not w.is_abbreviation(i)
    )
    caller = {bisect.bisect_left(w.starts, s.start) for s in sentences if isinstance(s, Span)}
    bounds.update([i for i in caller if 0 < i < n and not w.after_honorific(i)])
    sent_start: list[int] = []
    current = 0
    for bound in sorted(bounds):
        sent_start.extend([current] * (bound - len(sent_start)))
        current = bound
    sent_start.extend([current] * (n - len(sent_start)))
    w.sent_start = sent_start


def _newlines(text: str) -> list[int]:
    out = []
    pos = text.find("\n")
    while pos >= 0:
        out.append(pos)
        pos = text.find("\n", pos + 1)
    return out


def _tag(w: Words) -> None:
    """Tag each run of tokens the word lexicon lists, longest first, left to right."""
    n = w.n
    tags: list[Entry | None] = [None] * n
    tag_end = [0] * n
    lowered = w.lower
    firsts = WORDS.first_words
    i = 0
    while i < n:
        hit = WORDS.match(lowered, i) if lowered[i] in firsts else None
        # a place written in lower case ("china", "turkey") is a common word
        if hit is None or (hit[1].kind == "place" and not w.words[i][0].isupper()):
            i += 1
            continue
        end, entry = hit
        for j in range(i, end):
            tags[j] = entry
            tag_end[j] = end
        i = end
    w.tags = tags
    w.tag_end = tag_end
    w.kinds = [tag.kind if tag is not None else "" for tag in tags]
    words, starts, ends = w.words, w.starts, w.ends
    w.initial = [
        len(word) == 1
        and word.isupper()
        and i + 1 < n
        and words[i + 1] == "."
        and ends[i] == starts[i + 1]
        for i, word in enumerate(words)
    ]
    w.name_word = [
        (word[0].isupper() or "-" in word) and _is_name_word(w, i) for i, word in enumerate(words)
    ]


def _is_name_word(w: Words, i: int) -> bool:
    word = w.words[i]
    lowered = w.lower[i]
    if not w.is_word[i] or w.tags[i] is not None or lowered in NON_NAME:
        return False
    if lowered.endswith(NON_NAME_ENDINGS) and len(lowered) > 5:
        return False  # "-tions" words: common nouns, never names
    if word[0].isupper():
        return not (len(word) > 1 and word.isupper())  # an acronym is no name
    # "al-Sisi", "bin-Salman": a lower-case particle glued to a capitalised name
    head, _, tail = word.partition("-")
    return bool(tail) and tail[0].isupper() and head in PARTICLES
