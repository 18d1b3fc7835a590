"""Every word table compiled once into one matcher, and one scan of an article into hits.

The phrases of the cue table (data/cues.tsv: metric words, change words, modality words,
exclusions, back-references, clause breaks, ...) are compiled at import into one Aho-Corasick
automaton (pyahocorasick) over lower-cased text. `scan()` runs it once over a Document's text
and returns a `Hits` index; stages then ask it questions by position ("a hit of kind `target`
inside this clause", "a hit of kind `abs_change_before` ending where this figure starts")
instead of running a regex over a slice of text.

Matching policy, the one the regexes it replaces had:
- a phrase matches on word edges: a letter, digit, `_` or `-` next to it blocks it
  ("trade" is not in "trade-related", "up" not in "support");
- case is ignored, except for the phrases a table marks as written only ("may" the modal is
  never "May" the month);
- within each kind, leftmost then longest, never overlapping ("trade turnover" is one hit of
  `turnover`, not two); kinds are independent, so one phrase may be a hit of several kinds.

Each language has its own lexicon, built from its tables on first use. A phrase of a Russian
table may write a word as a stem with `*` ("взаимн* торговл*"): such phrases are matched over
the Document's tokens instead, a word matching a stem when it is the stem with one of the
language's endings (data/ru/endings.tsv), so one entry reads every case and number.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import ahocorasick

from app.extract.language import Language, current, table_name
from app.extract.tables import read_table, stem_candidates
from app.extract.text import Tokens


class Hit(NamedTuple):
    start: int
    end: int
    kind: str
    key: str  # the phrase as the table writes it, lower-cased (a stem phrase: as matched)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    key: str  # lower-cased, single spaces
    as_written: str | None  # the only surface it matches, or None for any case
    dash_after: bool = False  # a dash after it does not block it ("ASEAN-India")


class _StemNode:
    __slots__ = ("entries", "stems", "words")

    def __init__(self) -> None:
        self.words: dict[str, _StemNode] = {}
        self.stems: dict[str, _StemNode] = {}
        self.entries: list[Entry] = []


class _StemPhrases:
    """Phrases with stem words, as a trie over words: walked once from each token."""

    def __init__(self, entries: list[Entry], language: Language) -> None:
        self.language = language
        self.root = _StemNode()
        for e in entries:
            node = self.root
            for part in e.key.split(" "):
                branch = node.stems if part.endswith("*") else node.words
                node = branch.setdefault(part.rstrip("*"), _StemNode())
            node.entries.append(e)

    def scan(self, text: str, tokens: Tokens, found: dict[str, list[tuple[int, int, str]]]) -> None:
        lower, starts, ends = tokens.lower, tokens.starts, tokens.ends
        n = len(lower)
        root = self.root
        for i in range(n):
            active = [(root, i)]
            while active:
                node, j = active.pop()
                for e in node.entries:
                    start, end = starts[i], ends[j - 1]
                    if e.as_written is not None and not text.startswith(e.as_written, start):
                        continue
                    key = " ".join(lower[i:j])  # the words as they stand, lower-cased
                    found.setdefault(e.kind, []).append((start, end, key))
                if j < n:
                    active += ((child, j + 1) for child in self._step(node, lower[j]))

    def _step(self, node: _StemNode, word: str) -> list[_StemNode]:
        out = []
        child = node.words.get(word)
        if child is not None:
            out.append(child)
        if node.stems:
            for stem in stem_candidates(word, self.language):
                child = node.stems.get(stem)
                if child is not None:
                    out.append(child)
        return out


class Lexicon:
    def __init__(self, entries: Iterable[Entry], language: Language = "en") -> None:
        by_key: dict[str, list[Entry]] = {}
        stemmed: list[Entry] = []
        for e in entries:
            if "*" in e.key:
                stemmed.append(e)
            else:
                by_key.setdefault(e.key, []).append(e)
        self.kinds = frozenset(
            [e.kind for es in by_key.values() for e in es] + [e.kind for e in stemmed]
        )
        self._stems = _StemPhrases(stemmed, language) if stemmed else None
        self._automaton = ahocorasick.Automaton()
        for key, es in by_key.items():
            value = (
                len(key),
                key[0].isalnum(),
                key[-1].isalnum(),
                key,
                tuple((e.kind, e.as_written, e.dash_after) for e in es),
            )
            self._automaton.add_word(key, value)
        self._automaton.make_automaton()

    def scan(self, text: str, tokens: Tokens | None = None) -> Hits:
        """Every hit in `text`; `tokens`, the Document's tokens of `text`, are what stem
        phrases are matched over (made here when not given)."""
        lowered = _lower(text)
        n = len(text)
        found: dict[str, list[tuple[int, int, str]]] = {}
        for last, (size, left, right, key, entries) in self._automaton.iter(lowered):
            end = last + 1
            start = end - size
            if left and start > 0:
                ch = text[start - 1]
                if ch.isalnum() or ch == "_" or ch == "-":
                    continue
            after = text[end] if right and end < n else " "
            blocked = after.isalnum() or after == "_" or after == "-"
            for kind, as_written, dash_after in entries:
                if blocked and not (dash_after and after == "-"):
                    continue
                if as_written is not None and text[start:end] != as_written:
                    continue
                spans = found.get(kind)
                if spans is None:
                    found[kind] = [(start, end, key)]
                else:
                    spans.append((start, end, key))
        if self._stems is not None:
            self._stems.scan(text, tokens if tokens is not None else Tokens(text), found)
        return Hits({kind: _leftmost_longest(kind, spans) for kind, spans in found.items()})

    def any_hit(self, text: str) -> bool:
        """Whether any phrase of this lexicon stands in `text` (the same edges as `scan`)."""
        if self._stems is not None:
            found: dict[str, list[tuple[int, int, str]]] = {}
            self._stems.scan(text, Tokens(text), found)
            if found:
                return True
        lowered = _lower(text)
        n = len(text)
        for last, (size, left, right, _, entries) in self._automaton.iter(lowered):
            end = last + 1
            start = end - size
            if left and start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            after = text[end] if right and end < n else " "
            if after.isalnum() or after in "_-":
                continue
            if any(w is None or text[start:end] == w for _, w, _ in entries):
                return True
        return False


def _lower(text: str) -> str:
    """`text` in lower case, the same length: "İ" (the one character whose lower case is two)
    lowers to "i"."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text.replace("\u0130", "I").lower()
    return lowered


def _leftmost_longest(kind: str, spans: list[tuple[int, int, str]]) -> list[Hit]:
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[Hit] = []
    reach = -1
    for start, end, key in spans:
        if start >= reach:
            out.append(Hit(start, end, kind, key))
            reach = end
    return out


class Hits:
    """The hits of one scan, by kind, each kind sorted by position."""

    __slots__ = ("_by_kind", "_starts")

    def __init__(self, by_kind: dict[str, list[Hit]]) -> None:
        self._by_kind = by_kind
        self._starts = {k: [h.start for h in hs] for k, hs in by_kind.items()}

    def of(self, kind: str, lo: int = 0, hi: int | None = None) -> list[Hit]:
        """The hits of `kind` lying inside lo..hi."""
        hits = self._by_kind.get(kind)
        if not hits:
            return []
        starts = self._starts[kind]
        i = bisect.bisect_left(starts, lo)
        out = []
        for h in hits[i:]:
            if hi is not None and h.start >= hi:
                break
            if hi is None or h.end <= hi:
                out.append(h)
        return out

    def any(self, kind: str, lo: int = 0, hi: int | None = None) -> bool:
        return self.first(kind, lo, hi) is not None

    def first(self, kind: str, lo: int = 0, hi: int | None = None) -> Hit | None:
        """The first hit of `kind` inside lo..hi (found by bisection, not by a pass)."""
        hits = self._by_kind.get(kind)
        if not hits:
            return None
        starts = self._starts[kind]
        for i in range(bisect.bisect_left(starts, lo), len(hits)):
            h = hits[i]
            if hi is not None and h.start >= hi:
                return None
            if hi is None or h.end <= hi:
                return h
        return None

    def last(self, kind: str, lo: int = 0, hi: int | None = None) -> Hit | None:
        """The last hit of `kind` inside lo..hi (found by bisection, not by a pass)."""
        hits = self._by_kind.get(kind)
        if not hits:
            return None
        starts = self._starts[kind]
        top = len(hits) if hi is None else bisect.bisect_left(starts, hi)
        for i in range(top - 1, -1, -1):
            h = hits[i]
            if h.start < lo:
                return None
            if hi is None or h.end <= hi:
                return h
        return None

    def covering(self, kind: str, start: int, end: int) -> Hit | None:
        """The hit of `kind` that holds start..end, if one does."""
        hits = self._by_kind.get(kind)
        if not hits:
            return None
        i = bisect.bisect_right(self._starts[kind], start) - 1
        if i >= 0 and hits[i].end >= end:
            return hits[i]
        return None

    def kinds(self) -> Iterator[str]:
        return iter(self._by_kind)


NO_HITS = Hits({})


def _cue_entries(language: Language = "en") -> Iterator[Entry]:
    """data/cues.tsv: one kind per row; `as_written` lists the phrases matched only as
    written, `*` all of them (for a stem phrase, the words before its first stem)."""
    for row in read_table(table_name("cues.tsv", language), ("cue", "pattern", "as_written")):
        as_written = {p.strip() for p in row["as_written"].split("|") if p.strip()}
        every = as_written == {"*"}
        for phrase in (p.strip() for p in row["pattern"].split("|")):
            if not phrase:
                continue
            key = " ".join(phrase.lower().split())
            written = phrase if every or phrase in as_written else None
            if written is not None and "*" in written:
                written = written[: written.index("*")]
            yield Entry(row["cue"], key, written)


def _currency_name_entries(language: Language = "en") -> Iterator[Entry]:
    """Currencies named by a country word ("Turkish lira", "US dollars"): kind
    `currency_name`, so the country in them is not read as a side of trade. (A Russian
    table lists them as cues of that kind: "долларов США", "российских рублей".)"""
    if language != "en":
        return
    for row in read_table("currencies.tsv", ("surface", "plural", "kind", "position")):
        if row["kind"] != "word" or row["position"] not in ("after", "both"):
            continue
        for surface in filter(None, (row["surface"], row["plural"])):
            if " " in surface:
                yield Entry("currency_name", " ".join(surface.lower().split()), None)


def _bloc_region_entries(language: Language = "en") -> Iterator[Entry]:
    """Blocs and regions by name (data/not_countries.tsv), as written; a compound may follow
    ("ASEAN-India trade", "EU-China summit")."""
    # Russian: every inflected form, from the gazetteer's generated table
    rows = (
        read_table("not_countries.tsv", ("phrase", "kind"))
        if language == "en"
        else [
            {"phrase": r["form"], "kind": r["kind"]}
            for r in read_table(table_name("country_forms.tsv", language), ("form", "kind"))
        ]
    )
    for row in rows:
        if row["kind"] in ("bloc", "region") and row["phrase"]:
            phrase = row["phrase"]
            yield Entry("bloc_region", " ".join(phrase.lower().split()), phrase, dash_after=True)


@cache
def cue_phrases(kind: str, language: Language = "en") -> tuple[str, ...]:
    """The phrases of one row of data/cues.tsv, as the table writes them."""
    for row in read_table(table_name("cues.tsv", language), ("cue", "pattern")):
        if row["cue"] == kind:
            return tuple(p.strip() for p in row["pattern"].split("|") if p.strip())
    raise KeyError(kind)


@cache
def lexicon(language: Language = "en") -> Lexicon:
    return Lexicon(
        [
            *_cue_entries(language),
            *_currency_name_entries(language),
            *_bloc_region_entries(language),
        ],
        language,
    )


def scan(text: str, tokens: Tokens | None = None) -> Hits:
    """The hits of the lexicon of the language being read."""
    return lexicon(current()).scan(text, tokens)


@cache
def _gate(language: Language) -> Lexicon:
    return Lexicon((e for e in _cue_entries(language) if e.kind in _METRICS), language)


def has_trade_cue(text: str) -> bool:
    """The gate: no claim without a metric word ("trade", "exports", "investment" ...), and
    this small automaton answers that before anything else is read."""
    return _gate(current()).any_hit(text)


_METRICS = frozenset({"turnover", "exports", "imports", "investment"})
