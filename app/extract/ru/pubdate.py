"""The publication date of a Russian article, found in its own text.

The contract and the scoring of app/extract/pubdate.py: every absolute date is a candidate;
a label ("Опубликовано:", "Обновлено:"), an agency dateline ("МОСКВА, 9 сен - ПРАЙМ.",
"АСТАНА, 11 ноября. /ТАСС/.", "УЛАН-БАТОР, 14 июл — РИА Новости."), an author line and a
place among the first lines give it weight; a weekday date alone on the first lines is the
page header's (crawl) date and loses to any other; dates inside long body sentences are
event dates. The ISO and numeric patterns are the English module's.

A dateline with no year takes it as English does: from the nearest full date of the page that
is not a header; else from the first past period the article names ("в 2024 году" in an
article dated "30 авг" gives 2025), read by the Russian period grammar; else from the header.
With none of these it gives no date (a yearless dateline alone dates nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from app.extract import pubdate as en
from app.extract.pubdate import (
    _BODY_LINE,
    _FIRST_LINES,
    _MAX_CANDIDATES,
    _MAX_YEAR,
    _MIN_YEAR,
    _Candidate,
    _lines,
)
from app.extract.ru.periods import (
    MONTH_PATTERN,
    MONTHS,
    WEEKDAY_PATTERN,
    find_periods,
    is_comparison,
)
from app.extract.tables import read_table
from app.extract.types import PublicationDate, Span

__all__ = ["find_publication_date"]


def _label_cues() -> tuple[re.Pattern[str], dict[str, int]]:
    weights = {
        row["phrase"].lower(): int(row["weight"])
        for row in read_table("ru/periods_cues.tsv", ("phrase", "role", "weight"))
        if row["role"] in ("published", "updated")
    }
    alternation = "|".join(re.escape(c) for c in sorted(weights, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})", re.IGNORECASE), weights


_LABEL, _LABEL_WEIGHTS = _label_cues()

_DAY_MONTH = re.compile(
    rf"(?:(?P<wd>{WEEKDAY_PATTERN}),?\s+)?(?<![\d.,])(?P<d>\d{{1,2}})\s+(?P<mon>{MONTH_PATTERN})"
    r"(?:\s*,\s*|\s+)?(?:(?P<y>\d{4})(?!\d)(?:\s*(?:года(?![а-яё])|г\.|г(?![а-яё])))?)?",
    re.IGNORECASE,
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *((rule, p) for rule, p in en._PATTERNS if rule in ("iso", "numeric")),
    ("day_month", _DAY_MONTH),
)

# A dateline opens the line with a place: "МОСКВА, ", "Улан-Батор, ", "Москва. ".
_PLACE = (
    r"(?:[А-ЯЁA-Z][А-ЯЁA-Z.'\-/ ]{1,40}[А-ЯЁA-Z.]"
    r"|[А-ЯЁA-Z][а-яёa-z]+(?:[ \-][А-ЯЁA-Z][а-яёa-z]+){0,2})"
)
_DATELINE = re.compile(
    rf"^(?:\s*<[^<>\n]{{0,80}}>)*\W{{0,3}}(?-i:{_PLACE})(?:\s*/[^/\n]{{1,30}}/)?"
    r"(?:\s*\([^)\n]{1,40}\))?\s*[,.:—–-]?\s*$"
)
# What follows a dateline's date: ". /ТАСС/.", " - ПРАЙМ.", " — РИА Новости", ". INTERFAX.RU -"
_AGENCY_AFTER = re.compile(
    r"^\s*[.,]?\s*(?:/[^/\n]{1,30}/|\([^)\n]{1,40}\)|--|—|–|-\s+\S|(?-i:[A-ZА-ЯЁ][A-ZА-ЯЁ.]{2,}))"
)
# A date after a preposition or in the middle of a clause ("подписано 18 марта") is an event.
_EVENT_BEFORE = re.compile(
    r"(?:(?<!\w)(?i:в|во|с|со|до|после|к|ко|от|на|между|и|по|около|накануне|начиная\s+с)"
    r"|(?<!\w)[а-яё]{3,})\s+$"
)
_AUTHOR_LINE = re.compile(r"^\W{0,3}(?:автор|текст)\b", re.IGNORECASE)
_DEADLINE = re.compile(r"(?:к|до)(?!\w)", re.IGNORECASE)


def _anchoring(cue: str) -> bool:
    """A cue that dates a line by itself: a label, a dateline, an author line."""
    return cue.startswith("label:") or cue in ("dateline", "byline")


def _weigh(line: str, start: int, end: int, line_index: int) -> tuple[int, list[str]]:
    """The candidate's score and the cues that gave it (the English weights)."""
    before, after = line[max(0, start - 120) : start], line[end : end + 60]
    cues: list[tuple[str, int]] = []
    labels = [hit.group(0).lower() for hit in _LABEL.finditer(before[-40:])]
    if labels:
        cues.append((f"label:{labels[-1]}", _LABEL_WEIGHTS.get(labels[-1], 0)))
    short_line = len(line) < _BODY_LINE
    if _AUTHOR_LINE.search(line) and len(line) < 120:
        cues.append(("byline", 3))
    if start <= 120 and _DATELINE.match(before):
        cues.append(("dateline", 4))
        if _AGENCY_AFTER.match(after):
            cues.append(("agency", 1))
    if line_index < _FIRST_LINES:
        cues.append(("first_lines", 2))
    if len(line.strip()) - (end - start) <= 12:
        cues.append(("own_line", 1))
    if not any(_anchoring(c) for c, _ in cues):
        if not short_line:
            cues.append(("body", -3))
        elif _EVENT_BEFORE.search(before):
            cues.append(("event", -3))
    return sum(w for _, w in cues), [c for c, _ in cues]


def _read(rule: str, m: re.Match[str]) -> tuple[int | None, int, int] | None:
    if rule != "day_month":
        return en._parse(rule, m)
    month = MONTHS.get(m["mon"].rstrip(".").lower())
    return None if month is None else ((int(m["y"]) if m["y"] else None), month, int(m["d"]))


def _candidates(text: str) -> Iterator[_Candidate]:
    count = 0
    for line_index, offset, line in _lines(text):
        taken: list[tuple[int, int]] = []
        for rule, pattern in _PATTERNS:
            for m in pattern.finditer(line):
                start, end = m.span()
                while end > start and line[end - 1] in " ,":
                    end -= 1
                if any(start < e and s < end for s, e in taken):
                    continue
                try:
                    parsed = _read(rule, m)
                    if parsed is None:
                        continue
                    year, month, day = parsed
                    date(2000, month, day)  # a day and month that exist in some year
                    value = None if year is None else date(year, month, day)
                except (ValueError, OverflowError):
                    continue
                if value is not None and not _MIN_YEAR <= value.year <= _MAX_YEAR:
                    continue
                taken.append((start, end))
                count += 1
                if count > _MAX_CANDIDATES:
                    return
                score, cues = _weigh(line, start, end, line_index)
                if value is None and not any(_anchoring(c) for c in cues):
                    continue  # "7 июня" in the body is an event, not a dateline
                header = bool(m.groupdict().get("wd")) and line_index < 3 and "own_line" in cues
                yield _Candidate(
                    value,
                    month,
                    day,
                    offset + start,
                    offset + end,
                    line_index,
                    score,
                    tuple(cues),
                    header,
                )


def _year_from_periods(text: str, month: int, day: int, ceiling: date | None) -> int | None:
    """The first year in which the day falls after the first past period the article names
    ("в 2024 году" -> a dateline "30 авг" is in 2025), never after a header date."""
    for period in find_periods(text[:3000], None):
        if period.granularity == "day" or is_comparison(period) or _DEADLINE.match(period.surface):
            continue
        if ceiling is not None and period.end > ceiling:
            continue
        year = period.end.year
        if date(year, month, day) <= period.end:
            year += 1
        return None if ceiling is not None and date(year, month, day) > ceiling else year
    return None


def _with_year(cand: _Candidate, dated: list[_Candidate], text: str) -> _Candidate | None:
    body = [c for c in dated if not c.header_like]
    headers = [c.value for c in dated if c.header_like and c.value is not None]
    year: int | None
    if body:
        nearest = min(body, key=lambda c: abs(c.start - cand.start))
        year = nearest.value.year if nearest.value else None
    else:
        try:
            year = _year_from_periods(text, cand.month, cand.day, min(headers, default=None))
        except ValueError:  # 29 February in a year without one
            year = None
        if year is None and headers:
            year = headers[0].year
    try:
        return None if year is None else replace(cand, value=date(year, cand.month, cand.day))
    except ValueError:
        return None


def find_publication_date(text: str) -> PublicationDate | None:
    """The article's own dateline or byline date, or None when the text gives none."""
    if not text:
        return None
    try:
        found = list(_candidates(text))
    except RecursionError:
        return None
    dated = [c for c in found if c.value is not None]
    ranked = [c for c in (c if c.value else _with_year(c, dated, text) for c in found) if c]
    others = {c.value for c in ranked if not c.header_like and c.score > 0}
    ranked = [
        replace(c, score=c.score - 4) if c.header_like and others - {c.value} else c for c in ranked
    ]
    best = max((c for c in ranked if c.score > 0), key=lambda c: (c.score, -c.start), default=None)
    if best is None or best.value is None:
        return None
    return PublicationDate(
        value=best.value,
        source="text",
        span=Span(best.start, best.end),
        surface=text[best.start : best.end],
    )
