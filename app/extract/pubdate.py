"""The publication date of an article, found in its own text.

Every absolute date in the page is a candidate; cues around it give it a score: a byline
("by May 15, 2018"), a label ("Published: 15.05.2018", "Updated: ..."), an agency dateline
("ASTANA, May 15 (Kazinform) --"), a place among the first lines. A weekday-style date alone
on the very first lines is usually the page header's date (the day the page was crawled),
so it loses to any other candidate. Dates inside long body sentences carry no weight: they
are event dates. The best candidate with a positive score wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from dateutil.parser import isoparse

from app.extract.periods import (
    MONTH_PATTERN,
    MONTHS,
    WEEKDAY_PATTERN,
    find_periods,
    is_comparison,
)
from app.extract.tables import read_table
from app.extract.types import PublicationDate, Span

__all__ = ["find_publication_date"]

_FIRST_LINES = 15  # where a page puts its byline and dateline
_BODY_LINE = 200  # a line this long is a paragraph of body text
_MIN_YEAR, _MAX_YEAR = 1990, 2100
_MAX_CANDIDATES = 200  # a real page has a handful of dates; this bounds the work on junk


def _label_cues() -> tuple[re.Pattern[str], dict[str, int]]:
    weights: dict[str, int] = {}
    for row in read_table("periods_cues.tsv", ("phrase", "role", "weight")):
        if row["role"] in ("published", "updated"):
            weights[row["phrase"].lower()] = int(row["weight"])
    alternation = "|".join(re.escape(c) for c in sorted(weights, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})", re.IGNORECASE), weights


_LABEL, _LABEL_WEIGHTS = _label_cues()

_MON = rf"(?-i:{MONTH_PATTERN})"
_WDAY = rf"(?-i:{WEEKDAY_PATTERN})"
_ORDINAL = r"(?:st|nd|rd|th)?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "iso",
        re.compile(
            r"(?<![\d-])(?P<iso>\d{4}-\d{2}-\d{2})"
            r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])"
        ),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"(?:(?P<wd>{_WDAY}),?\s+)?(?P<mon>{_MON})\s*(?P<d>\d{{1,2}}){_ORDINAL}\b"
            rf"(?:\s*,\s*|\s+)?(?P<y>\d{{4}}(?!\d))?",
            re.IGNORECASE,
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"(?:(?P<wd>{_WDAY}),?\s+)?(?<![\d.,])(?P<d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?"
            rf"(?P<mon>{_MON})(?:\s*,\s*|\s+)?(?P<y>\d{{4}}(?!\d))?",
            re.IGNORECASE,
        ),
    ),
)

# A dateline opens the line with a place in capitals: "ASTANA, ", "MOSCOW, ",
# "NEW DELHI (Reuters) - ", "TASHKENT. ".
# A dateline opens the line with a place: "ASTANA, ", "MOSCOW, ", "NEW DELHI (Reuters) - ",
# "TASHKENT. ", "Tbilisi, ". Leading HTML tags ("<p>") are allowed before it.
_DATELINE = re.compile(
    r"^(?:\s*<[^<>\n]{0,80}>)*\W{0,3}"
    r"(?-i:[A-Z][A-Z.'’\-/ ]{1,40}[A-Z.]|[A-Z][a-z]+(?:[ -/][A-Z][a-z]+){0,2})"
    r"(?:\s*/[^/\n]{1,30}/)?(?:\s*\([^)\n]{1,40}\))?\s*[,.:—–-]?\s*$"
)
_AGENCY_AFTER = re.compile(r"^\s*(?:\([^)\n]{1,40}\)|/[^/\n]{1,30}/|--|—|–)")
_TARGET = re.compile(r"(?:by|until|before)\b", re.IGNORECASE)
_BY_BEFORE = re.compile(r"\bby\s*$", re.IGNORECASE)
_EVENT_BEFORE = re.compile(
    r"\b(?:on|in|since|from|until|till|before|after|between|and|of|to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BYLINE_START = re.compile(r"^\W{0,3}by\s+\S", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Candidate:
    value: date | None  # None while the year is still to be found
    month: int
    day: int
    start: int
    end: int
    line_index: int
    score: int
    cues: tuple[str, ...]
    header_like: bool


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Non-empty lines with their index among non-empty lines and their offset."""
    index = 0
    offset = 0
    for raw in text.splitlines(keepends=True):
        if raw.strip():
            yield index, offset, raw.rstrip("\r\n")
            index += 1
        offset += len(raw)


def _parse(rule: str, m: re.Match[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a match, or None when it is no date."""
    if rule == "iso":
        parsed = isoparse(m["iso"])
        return parsed.year, parsed.month, parsed.day
    if rule == "numeric":
        a, b = int(m["a"]), int(m["b"])
        day, month = (b, a) if b > 12 else (a, b)
        return int(m["y"]), month, day
    named = MONTHS.get(m["mon"].rstrip(".").lower())
    if named is None:
        return None
    return (int(m["y"]) if m["y"] else None), named, int(m["d"])


def _score(line: str, local_start: int, local_end: int, line_index: int) -> tuple[int, list[str]]:
    # Cues sit just before the date; a bounded window keeps a line of many dates linear.
    before, after = line[max(0, local_start - 120) : local_start], line[local_end : local_end + 60]
    at_line_start = local_start <= 120
    score, cues = 0, []
    label = None
    for hit in _LABEL.finditer(before[-40:]):
        label = hit.group(0).lower()
    if label is not None:
        score += _LABEL_WEIGHTS.get(label, 0)
        cues.append(f"label:{label}")
    short_line = len(line) < _BODY_LINE
    if _BY_BEFORE.search(before) and short_line:
        score += 4
        cues.append("by")
    elif _BYLINE_START.search(line) and len(line) < 120:
        score += 3
        cues.append("byline")
    if at_line_start and _DATELINE.match(before):
        score += 4
        cues.append("dateline")
        if _AGENCY_AFTER.match(after):
            score += 1
            cues.append("agency")
    if line_index < _FIRST_LINES:
        score += 2
        cues.append("first_lines")
    if len(line.strip()) - (local_end - local_start) <= 12:
        score += 1
        cues.append("own_line")
    anchored = label is not None or {"by", "byline", "dateline"} & set(cues)
    if not anchored and not short_line:
        score -= 3
        cues.append("body")
    elif not anchored and _EVENT_BEFORE.search(before):
        score -= 3
        cues.append("event")
    return score, cues


def _candidates(text: str) -> Iterator[_Candidate]:
    found = 0
    for line_index, offset, line in _lines(text):
        if found >= _MAX_CANDIDATES:
            return
        taken: list[tuple[int, int]] = []
        for rule, pattern in _PATTERNS:
            for m in pattern.finditer(line):
                start, end = m.span()
                while end > start and line[end - 1] in " ,":
                    end -= 1
                if any(start < e and s < end for s, e in taken):
                    continue
                try:
                    parsed = _parse(rule, m)
                    if parsed is None:
                        continue
                    year, month, day = parsed
                    value = date(year, month, day) if year is not None else None
                    date(2000, month, day)  # a month-day with no year must still exist
                except (ValueError, OverflowError):
                    continue
                if value is not None and not _MIN_YEAR <= value.year <= _MAX_YEAR:
                    continue
                taken.append((start, end))
                found += 1
                if found > _MAX_CANDIDATES:
                    return
                score, cues = _score(line, start, end, line_index)
                if (
                    value is None
                    and not {"dateline", "by", "byline"} & set(cues)
                    and not any(c.startswith("label:") for c in cues)
                ):
                    continue  # "on March 18" in the body is an event, not a dateline
                header_like = (
                    bool(m.groupdict().get("wd")) and line_index < 3 and "own_line" in cues
                )
                yield _Candidate(
                    value,
                    month,
                    day,
                    offset + start,
                    offset + end,
                    line_index,
                    score,
                    tuple(cues),
                    header_like,
                )


def _fill_year(cand: _Candidate, dated: list[_Candidate], text: str) -> _Candidate | None:
    """Give a month-day with no year ("ASTANA, May 15") its year.

    First choice is the nearest full date of the page that is not a header. Failing that,
    the article reports on a period that is over by the time it is published: take the
    first past period the text names ("the first half of 2023") and the first year in which
    the month-day falls after its end, but not after a header (crawl) date. Failing that,
    the header's year.
    """
    body = [c for c in dated if not c.header_like]
    headers = [c.value for c in dated if c.header_like and c.value is not None]
    year: int | None = None
    if body:
        nearest = min(body, key=lambda c: abs(c.start - cand.start))
        assert nearest.value is not None
        year = nearest.value.year
    else:
        year = _year_after_first_period(text, cand.month, cand.day, min(headers, default=None))
        if year is None and headers:
            year = headers[0].year
    if year is None:
        return None
    try:
        return replace(cand, value=date(year, cand.month, cand.day))
    except ValueError:
        return None


def _year_after_first_period(text: str, month: int, day: int, ceiling: date | None) -> int | None:
    # the first period the article names is in its lead: reading the whole text costs more
    lead = text[:3000]
    for period in find_periods(lead, None) or find_periods(text[3000:], None):
        if period.granularity == "day" or is_comparison(period) or _TARGET.match(period.surface):
            continue
        if ceiling is not None and period.end > ceiling:
            continue
        end = period.end
        if period.granularity == "range" and (end.year, end.month, period.start.month) == (
            period.start.year + 1,
            12,
            1,
        ):
            # "2022-23" may be a fiscal year; the earliest common one ends in March.
            end = date(end.year, 3, 31)
        year = end.year
        try:
            if date(year, month, day) <= end:
                year += 1
            if ceiling is not None and date(year, month, day) > ceiling:
                return None
        except ValueError:
            return None
        return year
    return None


_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_NUMERIC_ANYWHERE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_US_TIME_ZONE = re.compile(r"\b(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|MT)\b")


def _named(text: str, month: int, day: int) -> bool:
    names = "|".join(re.escape(k) for k, v in MONTHS.items() if v == month)
    return bool(
        re.search(rf"\b(?:{names})\.?\s+{day}\b|\b{day}\s+(?:{names})\b", text, re.IGNORECASE)
    )


def _month_first_page(text: str, near: str) -> bool | None:
    """Whether the page writes numeric dates month-first (US), by evidence: a numeric date it
    also writes with a month name ("10/01/2025" beside "October 1, 2025"), or a US time zone
    next to the date ("03/12/2024 6:45 AM ET"). None when nothing tells."""
    for m in _NUMERIC_ANYWHERE.finditer(text):
        a, b = int(m[1]), int(m[2])
        if a == b or a > 12 or b > 12:
            continue
        if _named(text, a, b) and not _named(text, b, a):
            return True
        if _named(text, b, a) and not _named(text, a, b):
            return False
    if _US_TIME_ZONE.search(near):
        return True
    return None


def _month_first_if_named(best: _Candidate, text: str) -> _Candidate:
    """ "03/12/2024" is 3 December day-first, 12 March month-first. Read day-first unless the
    page shows it writes month-first."""
    assert best.value is not None
    m = _NUMERIC_DATE.match(text[best.start : best.end].strip())
    if m is None:
        return best
    a, b = int(m[1]), int(m[2])
    if a > 12 or b > 12 or a == b:
        return best
    month_first = _month_first_page(text, text[best.start : best.end + 20])
    if month_first is None:
        return best
    month, day = (a, b) if month_first else (b, a)
    try:
        return replace(best, value=date(best.value.year, month, day))
    except ValueError:
        return best


def find_publication_date(text: str) -> PublicationDate | None:
    """The article's own dateline or byline date, or None when the text gives none."""
    if not text:
        return None
    try:
        found = list(_candidates(text))
    except RecursionError:
        return None
    dated = [c for c in found if c.value is not None]
    ranked: list[_Candidate] = []
    for cand in found:
        filled = cand if cand.value is not None else _fill_year(cand, dated, text)
        if filled is not None:
            ranked.append(filled)
    if len(ranked) > 1:
        others = {c.value for c in ranked if not c.header_like and c.score > 0}
        ranked = [
            replace(c, score=c.score - 4) if c.header_like and others - {c.value} else c
            for c in ranked
        ]
    ranked = [c for c in ranked if c.score > 0]
    if not ranked:
        return None
    best = _month_first_if_named(max(ranked, key=lambda c: (c.score, -c.start)), text)
    assert best.value is not None
    return PublicationDate(
        value=best.value,
        source="text",
        span=Span(best.start, best.end),
        surface=text[best.start : best.end],
    )
