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
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import ahocorasick

from app.extract.tables import read_table


class Hit(NamedTuple):
    start: int
    end: int
    kind: str
    key: str  # the phrase as the table writes it, lower-cased


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    key: str  # lower-cased, single spaces
    as_written: str | None  # the only surface it matches, or None for any case
    dash_after: bool = False  # a dash after it does not block it ("ASEAN-India")


class Lexicon:
    def __init__(self, entries: Iterable[Entry]) -> None:
        by_key: dict[str, list[Entry]] = {}
        for e in entries:
            by_key.setdefault(e.key, []).append(e)
        self.kinds = frozenset(e.kind for es in by_key.values() for e in es)
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

    def scan(self, text: str) -> Hits:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lower-case to two ("İ")
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
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
        return Hits({kind: _leftmost_longest(kind, spans) for kind, spans in found.items()})

    def any_hit(self, text: str) -> bool:
        """Whether any phrase of this lexicon stands in `text` (the same edges as `scan`)."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
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
        return bool(self.of(kind, lo, hi))

    def first(self, kind: str, lo: int = 0, hi: int | None = None) -> Hit | None:
        found = self.of(kind, lo, hi)
        return found[0] if found else None

    def last(self, kind: str, lo: int = 0, hi: int | None = None) -> Hit | None:
        found = self.of(kind, lo, hi)
        return found[-1] if found else None

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


def _cue_entries() -> Iterator[Entry]:
    """data/cues.tsv: one kind per row; `as_written` lists the phrases matched only as
    written, `*` all of them."""
    for row in read_table("cues.tsv", ("cue", "pattern", "as_written")):
        as_written = {p.strip() for p in row["as_written"].split("|") if p.strip()}
        every = as_written == {"*"}
        for phrase in (p.strip() for p in row["pattern"].split("|")):
            if not phrase:
                continue
            key = " ".join(phrase.lower().split())
            yield Entry(row["cue"], key, phrase if every or phrase in as_written else None)


def _currency_name_entries() -> Iterator[Entry]:
    """Currencies named by a country word ("Turkish lira", "US dollars"): kind
    `currency_name`, so the country in them is not read as a side of trade."""
    for row in read_table("currencies.tsv", ("surface", "plural", "kind", "position")):
        if row["kind"] != "word" or row["position"] not in ("after", "both"):
            continue
        for surface in filter(None, (row["surface"], row["plural"])):
            if " " in surface:
                yield Entry("currency_name", " ".join(surface.lower().split()), None)


def _bloc_region_entries() -> Iterator[Entry]:
    """Blocs and regions by name (data/not_countries.tsv), as written; a compound may follow
    ("ASEAN-India trade", "EU-China summit")."""
    for row in read_table("not_countries.tsv", ("phrase", "kind")):
        if row["kind"] in ("bloc", "region") and row["phrase"]:
            phrase = row["phrase"]
            yield Entry("bloc_region", " ".join(phrase.lower().split()), phrase, dash_after=True)


@cache
def cue_phrases(kind: str) -> tuple[str, ...]:
    """The phrases of one row of data/cues.tsv, as the table writes them."""
    for row in read_table("cues.tsv", ("cue", "pattern")):
        if row["cue"] == kind:
            return tuple(p.strip() for p in row["pattern"].split("|") if p.strip())
    raise KeyError(kind)


@cache
def lexicon() -> Lexicon:
    return Lexicon([*_cue_entries(), *_currency_name_entries(), *_bloc_region_entries()])


def scan(text: str) -> Hits:
    return lexicon().scan(text)


@cache
def _gate() -> Lexicon:
    return Lexicon(e for e in _cue_entries() if e.kind in _METRICS)


def has_trade_cue(text: str) -> bool:
    """The gate: no claim without a metric word ("trade", "exports", "investment" ...), and
    this small automaton answers that before anything else is read."""
    return _gate().any_hit(text)


_METRICS = frozenset({"turnover", "exports", "imports", "investment"})
