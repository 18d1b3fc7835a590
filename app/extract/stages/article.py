"""What the stages share: the article being read, its sentences, and the claims in the making.

Positions are offsets into the Document's normalised text everywhere; the last stage maps a
claim's evidence back to the stored text. A `Draft` is a figure on its way to becoming a
claim: each stage fills a field or drops it, and leaves the id of the rule that decided in
`rules` (and, when a trace is asked for, in the trace).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

from app.extract.grammars import amounts, match_periods, resolve_periods
from app.extract.lexicon import Hit, Hits
from app.extract.periods import Matches, has_fiscal_year
from app.extract.text import Document
from app.extract.types import (
    Amount,
    Claim,
    CountryMention,
    Measure,
    Metric,
    Modality,
    Period,
    PublicationDate,
    Span,
)
from app.extract.words import gap_words, in_class

_DEADLINE = in_class("deadline_word")
_BASE_REACH = 5  # tokens from a comparison word to its base's year
_DEADLINE_GAP = in_class("deadline_gap")  # "by [the end of] 2030"


def _after_deadline(toks: list[str], i: int) -> bool:
    """The token `i` (a year) follows a deadline word, with at most three words of
    `deadline_gap` between ("by 2030", "by the end of 2025", "к концу 2025")."""
    for k in range(1, 5):
        if i - k < 0:
            return False
        if _DEADLINE(toks[i - k]):
            return True
        if not _DEADLINE_GAP(toks[i - k]):
            return False
    return False


def _after_fiscal_label(toks: list[str], i: int) -> bool:
    """The token stands right after "FY" (or "FY" and an apostrophe)."""
    j = i - 1 if i > 0 and toks[i - 1] not in ("'", "’") else i - 2
    return j >= 0 and toks[j] == "FY"


@dataclass(frozen=True)
class Frame:
    """What the article is about: its pair, the country it names most (its home), and
    whether it is a roundup of the home country's trade with several partners."""

    pair: tuple[str, str] | None
    home: str | None
    roundup: bool
    first: str | None = None  # the country the article names first (a dateline, a lead)


@dataclass(frozen=True, slots=True, order=True)
class MetricWord:
    start: int
    end: int
    metric: Metric
    key: str


@dataclass(frozen=True)
class Structure:
    """Who trades with whom around one metric word: "Russia's trade with China",
    "trade between India and Mercosur", "the emirate's trade with India"."""

    pair: tuple[str, str] | None
    non_country: bool
    partner_only: str | None = None


@dataclass
class Sentence:
    index: int
    span: Span
    countries: list[CountryMention] = field(default_factory=list)
    non_partners: list[Span] = field(default_factory=list)
    figures: list[Amount] = field(default_factory=list)
    metric_words: list[MetricWord] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    structures: dict[int, Structure] = field(default_factory=dict)
    pair: tuple[str, str] | None = None
    pair_rule: str = ""
    light: bool = False  # no figure and no change word: read no further
    period_matches: Matches | None = None  # read on first use
    _periods: dict[str | None, list[Period]] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def clause_of(self, pos: int) -> tuple[int, int]:
        for a, b in self.clauses:
            if a <= pos < b:
                return a, b
        return self.clauses[-1] if self.clauses else (self.start, pos + 1)


@dataclass
class Draft:
    sentence: Sentence
    amount: Amount | None
    metric: Metric
    measure: Measure
    pair: tuple[str, str]
    seg: tuple[int, int]
    word: MetricWord | None = None
    value: float | None = None
    unit: str | None = None
    origin: str | None = None
    destination: str | None = None
    modality: Modality = "actual"
    period: Period | None = None
    rules: list[str] = field(default_factory=list)
    confidence: float = 0.85
    speaker: str | None = None
    speaker_original: str | None = None  # the name as a non-English article writes it
    listed_period: Period | None = None  # the period a "respectively" list gives the figure


@dataclass
class Article:
    doc: Document
    hits: Hits
    published: PublicationDate | None = None
    mentions: list[CountryMention] = field(default_factory=list)
    frame: Frame = Frame(None, None, False)
    sentences: dict[int, Sentence] = field(default_factory=dict)
    drafts: dict[int, list[Draft]] = field(default_factory=dict)  # by sentence index
    claims: list[Claim] = field(default_factory=list)
    trace: list[tuple[str, int]] | None = None
    stop: bool = False  # a gate found nothing more to read
    _estimated: date | None = None
    _mention_starts: list[int] | None = None
    _years: list[tuple[int, int]] | None = None
    _calendars: frozenset[str] | None = None
    _amounts: dict[tuple[int, int], list[Amount]] = field(default_factory=dict)

    def amounts_in(self, span: Span) -> list[Amount]:
        """The figures of text[span] (offsets within it), read once: the frame asks for those
        of the trade sentences before the sentences stage reads them. Callers must not change
        the list."""
        key = (span.start, span.end)
        found = self._amounts.get(key)
        if found is None:
            found = self._amounts[key] = amounts(self.text[span.start : span.end])
        return found

    def year_tokens(self) -> list[tuple[int, int]]:
        """(token index, year) of every year the article names, read once: four digits, or
        the two of a fiscal label ("FY15", "FY '17": the year it ends in)."""
        if self._years is None:
            toks = self.doc.tokens.text
            years = []
            for i, t in enumerate(toks):
                if len(t) == 4 and t.isdigit() and 1950 <= int(t) <= 2100:
                    years.append((i, int(t)))
                elif len(t) == 2 and t.isdigit() and _after_fiscal_label(toks, i):
                    years.append((i, 2000 + int(t)))
            self._years = years
        return self._years

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def ref(self) -> date | None:
        """The date periods resolve against: the publication date, or for an article with
        none, the end of the latest year it names (news speaks of its own year and before)."""
        if self.published is not None:
            return self.published.value
        if self._estimated is None:
            toks = self.doc.tokens.text
            bases = self._base_year_tokens()
            # a year a goal is set for ("by 2030", "until 2025", "к 2030 году") is no year
            # the article speaks from; a comparison base ("compared with the same period of
            # 2022") says the article speaks from a later one
            years = [
                year + (1 if i in bases else 0)
                for i, year in self.year_tokens()
                if year >= 1990 and not _after_deadline(toks, i)
            ]
            anchored = self._last_year_anchor()
            if anchored is not None:
                self._estimated = anchored
            else:
                self._estimated = date(max(years), 12, 31) if years else date.min
        return None if self._estimated == date.min else self._estimated

    def _base_year_tokens(self) -> set[int]:
        """The tokens that are a comparison base's year: within a few words after a
        comparison word ("against 2006", "по сравнению с аналогичным периодом 2022 года")."""
        toks = self.doc.tokens
        out: set[int] = set()
        for cmp in self.hits.of("comparison_word"):
            i = toks.at_or_after(cmp.end)
            for j in range(i, min(len(toks), i + _BASE_REACH)):
                t = toks.text[j]
                if len(t) == 4 and t.isdigit():
                    out.add(j)
                    break
                if not t[:1].isalnum():
                    break  # a mark ends the base phrase
        return out

    def _last_year_anchor(self) -> date | None:
        """ "Last year, trade hit $677 million, up 28.3% against 2006": a sentence that speaks of
        last year against a base year says which year it was written in, the year after
        next (read as its first quarter's end, when annual figures come out)."""
        toks = self.doc.tokens
        for hit in self.hits.of("last_year"):
            span = next((s for s in self.doc.sentences if s.start <= hit.start < s.end), None)
            if span is None:
                continue
            for cmp in self.hits.of("comparison_word", span.start, span.end):
                i = toks.at_or_after(cmp.end)
                if i < len(toks) and toks.starts[i] < span.end:
                    t = toks.text[i]
                    if len(t) == 4 and t.isdigit() and 1990 <= int(t) <= 2100:
                        return date(int(t) + 2, 3, 31)
        return None

    def note(self, rule: str, pos: int) -> None:
        """Record a decision that leaves no claim behind (a dropped figure) in the trace."""
        if self.trace is not None:
            self.trace.append((rule, pos))

    def calendar_countries(self) -> frozenset[str]:
        """The countries whose national calendar the article names ("2080/81 BS", "the
        Iranian calendar year"): cues.tsv `calendar:<ISO3>`."""
        if self._calendars is None:
            self._calendars = frozenset(
                kind.split(":", 1)[1] for kind in self.hits.kinds() if kind.startswith("calendar:")
            )
        return self._calendars

    def fiscal_country(self, pair: tuple[str, str] | None) -> str | None:
        """Whose fiscal year the pair's periods are read in: the side whose national
        calendar the article names, else the first side that keeps a fiscal year."""
        if pair is None:
            return None
        named = self.calendar_countries()
        return next((c for c in pair if c in named), None) or next(
            (c for c in pair if has_fiscal_year(c)), None
        )

    def periods(self, sent: Sentence, pair: tuple[str, str] | None) -> list[Period]:
        """The sentence's periods, resolved with the fiscal year of `fiscal_country`."""
        fiscal = self.fiscal_country(pair)
        if sent.period_matches is None:
            sent.period_matches = match_periods(self.text, sent.start, sent.end, self.doc.tokens)
        if fiscal not in sent._periods:
            try:
                sent._periods[fiscal] = resolve_periods(
                    self.text, sent.period_matches, self.ref, fiscal, floor=sent.start
                )
            except Exception:  # a period the grammar cannot read is a period not found
                sent._periods[fiscal] = []
        return sent._periods[fiscal]

    # -- positional questions -----------------------------------------------------------------
    def mentions_between(self, start: int, end: int) -> list[CountryMention]:
        """The country mentions that start inside start..end (found by bisection)."""
        starts = self._mention_starts
        if starts is None or len(starts) != len(self.mentions):
            starts = self._mention_starts = [m.span.start for m in self.mentions]
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return self.mentions[lo:hi]

    def words(self, start: int, end: int) -> list[str]:
        """The words (and marks) between two positions: the gap a rule reads."""
        return gap_words(self.text, start, end) if end > start else []

    def just_before(self, kind: str, pos: int, lo: int, space: bool = True) -> Hit | None:
        """The hit of `kind` that ends right before `pos` (only spaces between; at least one
        when `space`)."""
        hit = self.hits.last(kind, lo, pos)
        if hit is None:
            return None
        gap = self.text[hit.end : pos]
        if (gap == "" and not space) or (gap and gap.isspace()):
            return hit
        return None

    def just_after(self, kind: str, pos: int, hi: int, space: bool = True) -> Hit | None:
        """The hit of `kind` that starts right after `pos` (only spaces between)."""
        hit = self.hits.first(kind, pos, hi)
        if hit is None:
            return None
        gap = self.text[pos : hit.start]
        if (gap == "" and not space) or (gap and gap.isspace()):
            return hit
        return None

    def possessive_end(self, pos: int) -> int:
        """Past a possessive right at `pos` ("China's" -> after the 's)."""
        if self.text.startswith("'s", pos):
            return pos + 2
        return pos

    def not_in_name(self, hit: Hit, lo: int) -> bool:
        """A cue word, but not one inside a name ("Ministry of Planning", "Target Corp"): a
        capitalised cue after the start of its window counts only after a full stop."""
        if hit.start > lo and self.text[hit.start].isupper():
            return self.text[hit.start - 2 : hit.start] == ". "
        return True

    def cue_in(self, kind: str, lo: int, hi: int) -> bool:
        return any(self.not_in_name(h, lo) for h in self.hits.of(kind, lo, hi))
