"""Russian reference periods: the contract of app/extract/periods.py, for Russian news.

The words live in data/ru/ (months.tsv, periods_numbers.tsv, periods_relative.tsv,
periods_cues.tsv, periods_anchors.tsv); the calendar arithmetic, the resolvers that read no
words, the overlap policy (`_longest_wins`) and the shift of a sentence-anchored phrase are
the English module's, imported. A rule runs only in the words around the anchors its matches
need, as in English.

The English module's choices hold here too (a month with no year is in the publication year
unless it would end after the publication date; "за последние пять лет" ends with the year
before publication; a comparison base carries its cue word in its surface). Russian adds:
- Surfaces leave out the prepositions "в", "за", "по итогам" ("в 2022 году" is "2022 году"),
  as English leaves out "in"; a deadline ("к 2030 году", "до конца года") and a comparison
  cue ("по сравнению с прошлым годом", "чем годом ранее", "чем в 2020 году") are pulled in.
- "в 2023/2024 году" (one year over two, singular noun) is a split year: the fiscal year of
  the pair's country, April-March with no country, as English reads "the 2023/24 fiscal
  year"; "в 2021-2023 годах" (plural noun) is always a span of calendar years.
- "по состоянию на 1 октября" is the year so far for a flow: January to the end of September
  (data as of the first of a month cover the months before it); "с начала года" is January
  to the publication date.
- An Iranian (solar Hijri) year is read only where the text says so ("1401 иранский год",
  "в 1402 году по иранскому календарю"): 21 March to 20 March, the project's convention. The
  English grammar reads no Iranian year (1401 is outside its years); it reads the Gregorian
  dates an English text gives beside one.
- "к" also means "compared with" after a percentage ("рост на 5% к 2022 году"); the grammar
  keeps it as a deadline word and leaves that reading to the period stage, as English leaves
  "up 5% over 2022" to `change_base_prep`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from app.extract import periods as en
from app.extract.periods import (
    _DASH,
    _FISCAL,
    _FISCAL_CALENDAR,
    _FISCAL_UNKNOWN,
    _NOT_NUMBER_BEFORE,
    _YEAR,
    Matches,
    Resolved,
    _against_sentence,
    _Candidate,
    _Ctx,
    _default_year,
    _fiscal_span,
    _last_day,
    _longest_wins,
    _months_span,
    _norm,
    _phrase_pattern,
    _r_fiscal,
    _r_full_year,
    _r_iso_date,
    _r_numeric_date,
    _r_since,
    _r_year_range,
    _Relative,
    _relative_unit,
    _two_digit,
    _windows,
)
from app.extract.rules import Rule
from app.extract.tables import read_table
from app.extract.text import Tokens
from app.extract.types import Period, Span

__all__ = [
    "MONTHS",
    "MONTH_PATTERN",
    "RULES",
    "WEEKDAY_PATTERN",
    "find_periods",
    "is_comparison",
    "match_periods",
    "named_length",
    "resolve_periods",
]

# --- the words (data/ru) -------------------------------------------------------------------


_Node = dict[str, "_Node"]


def _trie(phrases: list[str]) -> str:
    """An alternation of `phrases` with their common prefixes factored out, so the regex engine
    picks a branch by its next letter instead of trying two hundred phrases at each position
    (ten times faster on the relative phrases). A space matches any run of spaces; a phrase
    that is the prefix of another is tried after it, so with a word-end check after the group
    the longest phrase wins, as with `_phrase_pattern`."""
    root: _Node = {}
    for phrase in phrases:
        node = root
        for ch in phrase.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Node) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _calendar_names() -> tuple[dict[str, int], frozenset[str], str, str]:
    months: dict[str, int] = {}
    full: set[str] = set()
    weekdays: list[str] = []
    for row in read_table("ru/months.tsv", ("form", "kind", "number")):
        form, kind = row["form"].lower(), row["kind"]
        if kind in ("month", "month_abbr"):
            months[form] = int(row["number"])
            if kind == "month":
                full.add(form)
        elif kind in ("weekday", "weekday_abbr"):
            weekdays.append(form)
        else:
            raise ValueError(f"ru/months.tsv: unknown kind {kind!r}")
    # Russian writes month names in lower case: they match in any case (the grammar is
    # compiled case-blind). Only an abbreviation takes its dot; after a full name the dot
    # ends the sentence.
    abbreviations = [f for f in months if f not in full]
    month = rf"(?:\b(?:{_trie(list(full))})\b|\b(?:{_trie(abbreviations)})\b\.?)"
    weekday = rf"\b(?:{_trie(weekdays)})\b\.?"
    return months, frozenset(full), month, weekday


MONTHS, _FULL_MONTHS, MONTH_PATTERN, WEEKDAY_PATTERN = _calendar_names()


def _numbers() -> tuple[dict[str, int], dict[str, int]]:
    by_kind: dict[str, dict[str, int]] = {"cardinal": {}, "ordinal": {}}
    for row in read_table("ru/periods_numbers.tsv", ("word", "kind", "value")):
        by_kind[row["kind"]][row["word"].lower()] = int(row["value"])
    return by_kind["cardinal"], by_kind["ordinal"]


_CARDINALS, _ORDINALS = _numbers()


def _relatives() -> dict[str, _Relative]:
    table: dict[str, _Relative] = {}
    for row in read_table(
        "ru/periods_relative.tsv", ("phrase", "unit", "offset", "anchor", "role")
    ):
        relative = _Relative(row["unit"], int(row["offset"]), row["anchor"], row["role"])  # type: ignore[arg-type]
        if (
            relative.unit not in en._UNIT_MONTHS
            or relative.anchor not in ("publication", "sentence")
            or relative.role not in ("reference", "comparison")
        ):
            raise ValueError(f"ru/periods_relative.tsv: bad row {row!r}")
        table[_norm(row["phrase"])] = relative
    return table


_RELATIVES = _relatives()


def _cues() -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = {}
    for row in read_table("ru/periods_cues.tsv", ("phrase", "role", "weight")):
        by_role.setdefault(row["role"], []).append(row["phrase"].lower())
    return by_role


_CUES = _cues()

# --- grammar pieces ------------------------------------------------------------------------

_MON = MONTH_PATTERN
_NUM = rf"(?:\d{{1,2}}|{_trie(list(_CARDINALS))})(?!\w)"
_ORD = rf"{_trie(list(_ORDINALS))}(?!\w)"
_ROMAN_Q = r"(?<!\w)(?-i:IV|III|II|I)(?!\w)"
_TAIL = r"(?:-(?:го|м|й|му|ом)(?!\w))?"  # "в 2019-м", "2022-го года"
_Y_SG = r"(?:\s*(?:год(?:а|у|ом|е)?(?!\w)|г\.|г(?!\w)))"
_Y_GEN = r"(?:\s*(?:года(?!\w)|г\.|г(?!\w)))"
_Y_PL = r"(?:\s*(?:год(?:ы|ах|ов|ам|ами)(?!\w)|гг\.?|г\.\s?г\.))"
_MONTH_NOUN = r"месяц(?:а|ев|ам|ами|ах)?(?!\w)"
# A relative year that can follow a month, quarter or half: "в мае прошлого года".
_REL_YEAR = _trie(
    [
        p
        for p, r in _RELATIVES.items()
        if r.unit == "year" and r.anchor == "publication" and p.split()[1:] == ["года"]
    ]
)
# A number that is an amount, not a year: "2025 тонн", "2030 млн долларов", "2018,5".
_NOT_AMOUNT_AFTER = (
    r"(?!\d|[.,]\d|\s*(?:%|процент|млн|млрд|трлн|тыс|тонн|долл|руб|евро|юан|тенге|сум\b|манат"
    r"|драм|сомони|лари|рупи|человек|штук|единиц|км\b|кг\b|га\b|баррел|кубометр|\$|€|₽))"
)
# Not a year: "ЧМ-2026", "Стратегия-2050" (glued to a word), "№ 2020", "стр. 2015".
_NOT_YEAR_BEFORE = (
    rf"{_NOT_NUMBER_BEFORE}(?<![^\W\d_][-–—])(?<!№)(?<!№\s)(?<!стр\.)(?<!стр\.\s)(?<!\bс\.\s)"
)
_SAME = _trie(_CUES.get("same_period", []))
# The year after "аналогичный период" that makes it a base: negative offsets only.
_BASE_TAIL = _trie(
    [
        p
        for p, r in _RELATIVES.items()
        if r.unit == "year"
        and r.offset < 0
        and (p.split()[1:] == ["года"] or r.role == "comparison")
    ]
)


def _anchor(tag: str = "", required: bool = False) -> str:
    """The year after a period: "2023 года", "2023 г.", "прошлого года", or "года" alone."""
    explicit = rf"(?P<{tag}y>{_YEAR}){_TAIL}{_Y_SG}?"
    relative = rf"(?P<{tag}rel>{_REL_YEAR})(?!\w)"
    body = rf"\s+(?:{explicit}|{relative})"
    if required:
        return body
    return rf"(?:{body}|\s+года(?!\w)(?!\s+назад))?"


def _month(word: str) -> int | None:
    return MONTHS.get(word.rstrip(".").lower())


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _CARDINALS.get(word)


def _year_of(
    m: re.Match[str], ctx: _Ctx, end_month: int, end_day: int | None = None, tag: str = ""
) -> int | None:
    """The year of a period: written, relative ("прошлого года"), or the default."""
    groups = m.groupdict()
    if groups.get(f"{tag}y"):
        return int(groups[f"{tag}y"])
    if groups.get(f"{tag}rel"):
        if ctx.published is None:
            return None
        return ctx.published.year + _RELATIVES[_norm(groups[f"{tag}rel"])].offset
    return _default_year(ctx, end_month, end_day)


# --- resolvers -----------------------------------------------------------------------------


def _r_day_month(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    month, day = _month(m["mon"]), int(m["d"])
    year = _year_of(m, ctx, month, min(day, 28)) if month else None
    if month is None or year is None:
        return None
    value = date(year, month, day)
    return value, value, "day"


def _r_day_range(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "с 21 марта 2022 года по 20 марта 2023 года": day to day; a range with no year is the
    latest one that has ended by the publication date."""
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    d1, d2 = int(m["d1"]), int(m["d2"])
    if m1 is None or m2 is None or (m["sep"].lower() in ("по", "до") and not m["pre"]):
        return None
    y2 = int(m["y2"]) if m["y2"] else _default_year(ctx, m2, d2)
    if y2 is None:
        return None
    y1 = int(m["y1"]) if m["y1"] else (y2 if (m1, d1) <= (m2, d2) else y2 - 1)
    start, end = date(y1, m1, d1), date(y2, m2, d2)
    return (start, end, "range") if start < end else None


def _r_month_range(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    first, last = _month(m["m1"]), _month(m["m2"])
    sep, pre = m["sep"].lower(), (m["pre"] or "").lower()
    if first is None or last is None or first == last:
        return None
    if sep in ("по", "до") and pre not in ("с", "со"):
        return None  # "января по июль" is no range without its "с"
    if sep == "и" and pre != "между" and last != first + 1:
        return None  # "в январе и феврале" is a span; "в январе и марте" two months
    year = _year_of(m, ctx, last)
    if year is None:
        return None
    if last < first:  # "с октября по март": across the new year, ending in `year`
        return date(year - 1, first, 1), _last_day(year, last), "range"
    return _months_span(year, first, last)


def _r_month_range_years(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    first, last = _month(m["m1"]), _month(m["m2"])
    y1, y2 = int(m["y1"]), int(m["y2"])
    if first is None or last is None or (y2, last) <= (y1, first):
        return None
    return date(y1, first, 1), _last_day(y2, last), "range"


def _r_month(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    month = _month(m["mon"])
    if month is None:
        return None
    if m["mon"].rstrip(".").lower() not in _FULL_MONTHS and not (m["y"] or m["rel"]):
        return None  # "сен", "дек" alone are too short to trust without a year or a day
    year = _year_of(m, ctx, month)
    return None if year is None else _months_span(year, month, month)


def _ordinal(m: re.Match[str], tag: str = "") -> int | None:
    """The number of a quarter or half: a word ("первом"), a Roman ("III") or a digit."""
    word, roman, digit = m[f"{tag}ord"], m[f"{tag}rom"], m[f"{tag}dig"]
    if word:
        return _ORDINALS.get(word.lower())
    if roman:
        return ("I", "II", "III", "IV").index(roman) + 1
    return int(digit) if digit else None


def _r_quarter(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    if m["last"]:
        if not (m["y"] or m["rel"]):
            return None  # "в последнем квартале" alone is the quarter before publication
        quarter: int | None = 4
    else:
        quarter = _ordinal(m)
    if quarter is None or not 1 <= quarter <= 4:
        return None
    year = _year_of(m, ctx, quarter * 3)
    return None if year is None else _months_span(year, quarter * 3 - 2, quarter * 3)


def _r_quarter_range(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    q1, q2 = _ordinal(m, "a"), _ordinal(m, "b")
    if q1 is None or q2 is None or not 1 <= q1 < q2 <= 4:
        return None
    year = _year_of(m, ctx, q2 * 3)
    return None if year is None else _months_span(year, q1 * 3 - 2, q2 * 3)


def _r_half(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    half = _ordinal(m)
    if half not in (1, 2):
        return None
    year = _year_of(m, ctx, half * 6)
    return None if year is None else _months_span(year, half * 6 - 5, half * 6)


def _r_first_months(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "за первые пять месяцев", "за 9 месяцев 2023 года", "за полгода": January on."""
    count = 6 if m.groupdict().get("half") else _count(m["n"])
    if count is None or not 1 <= count <= 12:
        return None
    year = _year_of(m, ctx, count)
    return None if year is None else _months_span(year, 1, count)


def _r_split_year(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "в 2021-2023 годах" is a span of calendar years; "в 2023/2024 году" one split year;
    with no noun, as English reads "2022-23"."""
    if m["sep"].lower() in ("по", "до") and not m["pre"]:
        return None
    if m["sep"].lower() == "и" and (m["pre"] or "").lower() != "между":
        return None  # "в 2015 и 2020 годах": two years, not a span
    y1 = int(m["y1"])
    y2 = _two_digit(m["y2"], near=y1) if len(m["y2"]) == 2 else int(m["y2"])
    if m["pl"] and y2 > y1:
        return date(y1, 1, 1), date(y2, 12, 31), "range"
    if m["sg"] and m["sep"] in ("/", "-", "–", "—") and not m["pre"]:
        return _fiscal_span(ctx.fiscal, y1, y2)
    return _r_year_range(m, ctx)


def _r_year_to_date(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "с начала года": January to the publication date."""
    if ctx.published is None:
        return None
    year = _year_of(m, ctx, 1, 1)
    if year is None or year > ctx.published.year:
        return None
    return date(year, 1, 1), ctx.published, "range"


def _r_as_of(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "по состоянию на 1 октября": January to the end of September; "на 15 октября" to that
    day; "на октябрь", "на конец октября" to the end of October."""
    month = _month(m["mon"])
    day = int(m["d"]) if m["d"] else None
    year = _year_of(m, ctx, month, day) if month else None
    if month is None or year is None:
        return None
    if day is None:
        return _months_span(year, 1, month)
    if day == 1:
        if month == 1:
            return _months_span(year - 1, 1, 12)
        return _months_span(year, 1, month - 1)
    return date(year, 1, 1), date(year, month, day), "range"


def _r_past_years(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    if ctx.published is None:
        return None
    count = 10 if m["decade"] else _count(m["n"]) if m["n"] else 1
    if count is None or not 1 <= count <= 50:
        return None
    last = ctx.published.year - 1
    return date(last - count + 1, 1, 1), date(last, 12, 31), "range"


def _r_iranian_year(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    """ "1401 иранский год": 21 March 2022 to 20 March 2023 (Nowruz taken as 21 March)."""
    if not (m["pre"] or m["post"] or m["cal"]):
        return None  # a bare 1401 is no year of ours
    start = int(m["iy"]) + 621
    return date(start, 3, 21), date(start + 1, 3, 20), "fiscal_year"


_NAME_BEFORE = re.compile(
    r"(?:стратеги|программ|концепци|видени|проект|повестк)\w*\s*[«\"]?\s*$", re.IGNORECASE
)


def _r_year(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    if not m["noun"]:
        # "«Казахстан 2050»", "Стратегия 2050": a year without its noun inside a name
        after = m.string[m.end() : m.end() + 1]
        if after in ("»", '"') or _NAME_BEFORE.search(m.string, max(0, m.start() - 30), m.start()):
            return None
    year = int(m["y"])
    return date(year, 1, 1), date(year, 12, 31), "year"


def _r_relative(m: re.Match[str], ctx: _Ctx) -> Resolved | None:
    row = _RELATIVES.get(_norm(m["rel"]))
    if row is None or ctx.published is None:
        return None
    return _relative_unit(row.unit, row.offset, ctx.published, ctx.fiscal)


# --- rules ---------------------------------------------------------------------------------

Resolver = Callable[[re.Match[str], _Ctx], Resolved | None]

_EN_PATTERNS = {rule: pattern for rule, pattern, _ in en._RULES}
_QUARTER_NOUN = r"(?:квартал(?:а|у|ом|е)?(?!\w)|кв\.)"
_QUARTER_NUM = (
    r"(?:(?P<{t}ord>{ord})|(?P<{t}rom>{rom})|(?P<{t}dig>[1-4])(?:-?(?:й|м|го|ом|му))?(?!\d))"
)


def _quarter_number(tag: str) -> str:
    return _QUARTER_NUM.format(t=tag, ord=_ORD, rom=_ROMAN_Q)


_HALF_NOUN = (
    rf"(?:полугоди(?:е|я|ю|ем|и)(?!\w)"
    rf"|половин(?:а|ы|е|у|ой)(?=\s+(?:года|{_YEAR}|{_REL_YEAR})(?!\w)))"
)
_SEP = rf"(?:{_DASH}|по|до)"
_FISCAL_WORD = r"(?:финансов|фискальн|бюджетн)\w*\s+год\w*"
_IRANIAN = r"(?:иранск|персидск)(?:ий|ого|ому|им|ом)"

_RULES: tuple[tuple[str, str, Resolver], ...] = (
    ("ru_iso_date", _EN_PATTERNS["iso_date"], _r_iso_date),
    ("ru_numeric_date", _EN_PATTERNS["numeric_date"], _r_numeric_date),
    (
        "ru_day_range",
        rf"(?:(?P<pre>с|со)\s+)?(?<![\d.,])(?P<d1>\d{{1,2}})\s+(?P<m1>{_MON})"
        rf"(?:\s+(?P<y1>{_YEAR}){_TAIL}{_Y_SG}?)?\s*(?P<sep>{_SEP})\s*"
        rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MON})(?:\s+(?P<y2>{_YEAR}){_TAIL}{_Y_SG}?)?",
        _r_day_range,
    ),
    (
        "ru_month_range_years",
        rf"(?:(?:с|со)\s+)?(?P<m1>{_MON})\s+(?P<y1>{_YEAR}){_TAIL}{_Y_SG}?\s*{_SEP}\s*"
        rf"(?P<m2>{_MON})\s+(?P<y2>{_YEAR}){_TAIL}{_Y_SG}?",
        _r_month_range_years,
    ),
    (
        "ru_month_range",
        rf"(?:(?P<pre>с|со|между)\s+)?(?P<m1>{_MON})\s*(?P<sep>{_SEP}|и)\s*(?P<m2>{_MON})"
        rf"{_anchor()}",
        _r_month_range,
    ),
    (
        "ru_as_of",
        rf"по\s+состоянию\s+на\s+(?:(?P<d>\d{{1,2}})(?:-?(?:е|го))?\s+|(?:конец|конца)\s+)?"
        rf"(?P<mon>{_MON}){_anchor()}",
        _r_as_of,
    ),
    (
        "ru_day_month",
        rf"(?:{WEEKDAY_PATTERN},?\s+)?(?<![\d.,])(?P<d>\d{{1,2}})(?:-?(?:го|е))?\s+(?P<mon>{_MON})"
        rf"{_anchor()}",
        _r_day_month,
    ),
    (
        "ru_month",
        rf"(?P<mon>{_MON}){_anchor()}",
        _r_month,
    ),
    (
        "ru_quarter",
        rf"(?:(?P<last>последн(?:ий|его|ему|им|ем))|{_quarter_number('')})"
        rf"\s+{_QUARTER_NOUN}{_anchor()}",
        _r_quarter,
    ),
    (
        "ru_quarter_range",
        rf"{_quarter_number('a')}\s*{_DASH}\s*"
        rf"{_quarter_number('b')}\s+"
        rf"(?:квартал(?:ы|ах|ов|ам|ами)?(?!\w)|кв\.){_anchor()}",
        _r_quarter_range,
    ),
    (
        "ru_half",
        rf"(?:(?P<ord>{_ORD})|(?P<rom>(?<!\w)(?-i:II|I)(?!\w))|(?P<dig>[12])(?:-?(?:е|ое|го|м|ом))?)"
        rf"\s+{_HALF_NOUN}{_anchor()}",
        _r_half,
    ),
    (
        "ru_first_months",
        rf"\bперв(?:ые|ых|ым|ыми)\s+(?P<n>{_NUM})\s+{_MONTH_NOUN}{_anchor()}",
        _r_first_months,
    ),
    (
        "ru_months_of_year",
        rf"(?<![\d.,])\b(?P<n>{_NUM})\s+{_MONTH_NOUN}{_anchor(required=True)}",
        _r_first_months,
    ),
    # "за девять месяцев", "за полгода": the year so far, in a report of that year
    (
        "ru_months_so_far",
        rf"\b(?:за|в|во|по\s+итогам|в\s+течение|на\s+протяжении)\s+"
        rf"(?P<body>(?P<n>{_NUM})\s+{_MONTH_NOUN}|(?P<half>полгода|полугоди[еяи])(?!\w))",
        _r_first_months,
    ),
    (
        "ru_fiscal_year",
        rf"{_NOT_YEAR_BEFORE}(?P<y1>{_YEAR})(?P<y2>){_TAIL}\s+{_FISCAL_WORD}",
        _r_fiscal,
    ),
    (
        "ru_year_range",
        rf"(?:(?P<pre>с|со|между)\s+)?{_NOT_YEAR_BEFORE}(?P<y1>{_YEAR}){_TAIL}{_Y_GEN}?\s*"
        rf"(?P<sep>{_DASH}|/|по|до|и)\s*(?P<y2>{_YEAR}|\d{{2}}(?!\d)){_TAIL}"
        rf"(?:(?P<fis>\s+{_FISCAL_WORD})|(?P<pl>{_Y_PL})|(?P<sg>{_Y_SG}))?{_NOT_AMOUNT_AFTER}",
        _r_split_year,
    ),
    # "за аналогичный период 2022 года": the months the article speaks of, in 2022
    (
        "ru_same_period_of_year",
        rf"(?<!\w)(?:{_SAME})\s+(?P<y>{_YEAR}){_TAIL}{_Y_SG}?",
        _r_full_year,
    ),
    # "за аналогичный период прошлого года": a base one year before the sentence's period
    ("ru_same_period", rf"(?<!\w)(?:{_SAME})\s+(?P<rel>{_BASE_TAIL})(?!\w)", _r_relative),
    (
        "ru_year_end",
        rf"(?:\bна\s+)?\b(?:конец|конца|концу|конце|концом)\s+(?P<y>{_YEAR}){_TAIL}{_Y_SG}",
        _r_full_year,
    ),
    (
        "ru_year_to_date",
        rf"\b(?:с|со)\s+(?:самого\s+)?начала\s+(?:(?P<y>{_YEAR}){_TAIL}{_Y_SG}?"
        rf"|(?P<rel>{_REL_YEAR})|года)(?!\w)",
        _r_year_to_date,
    ),
    (
        "ru_full_year",
        rf"\b(?:весь|целый|полный|всего|целого|полного)\s+(?:(?P<y>{_YEAR}){_TAIL}\s*)?"
        r"(?:год|года)(?!\w)",
        _r_full_year,
    ),
    (
        "ru_past_years",
        rf"(?:\b(?:за|в|во|в\s+течение|на\s+протяжении)\s+)?(?P<body>"
        rf"(?:последн|прошедш|минувш|предыдущ)(?:ие|их|ими)\s+(?P<n>{_NUM})\s+(?:лет|года|годы)(?!\w)"
        rf"|(?P<decade>(?:последнее|прошедшее|минувшее)\s+десятилетие)(?!\w)"
        r"|(?:последний|прошедший|минувший)\s+год(?!\w))",
        _r_past_years,
    ),
    (
        "ru_since_year",
        rf"\b(?:начиная\s+)?(?:с|со)\s+{_NOT_YEAR_BEFORE}(?P<y>{_YEAR}){_TAIL}"
        rf"(?:{_Y_GEN}|(?!\s*год)){_NOT_AMOUNT_AFTER}",
        _r_since,
    ),
    (
        "ru_iranian_year",
        rf"(?:(?P<pre>{_IRANIAN})\s+)?(?<!\d)(?P<iy>1[34]\d\d)(?!\d){_TAIL}\s*"
        rf"(?:(?P<post>{_IRANIAN})\s+)?(?:год(?:а|у|ом)?(?!\w)|г\.)"
        r"(?P<cal>\s*\(?по\s+(?:иранскому|персидскому|солнечному)\s+календарю\)?"
        r"|\s*\(?по\s+солнечной\s+хиджре\)?|\s+солнечной\s+хиджры)?",
        _r_iranian_year,
    ),
    ("ru_relative", rf"(?<!\w)(?P<rel>{_trie(list(_RELATIVES))})(?!\w)", _r_relative),
    (
        "ru_year",
        rf"{_NOT_YEAR_BEFORE}\b(?P<y>{_YEAR}){_TAIL}(?P<noun>{_Y_PL}|{_Y_SG})?{_NOT_AMOUNT_AFTER}",
        _r_year,
    ),
)

_COMPILED: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (rule_id, re.compile(pattern, re.IGNORECASE)) for rule_id, pattern, _ in _RULES
)
_RESOLVERS: dict[str, Resolver] = {rule_id: resolver for rule_id, _, resolver in _RULES}

_FILLER = _phrase_pattern(_CUES.get("comparison_filler", []))
_COMPARISON_BEFORE = re.compile(
    rf"(?<!\w)(?:{_phrase_pattern(_CUES.get('comparison', []))})\s+(?:(?:{_FILLER})\s+)?$",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    rf"(?<!\w)(?:{_phrase_pattern(_CUES.get('target', []))})\s+$", re.IGNORECASE
)
_PREFIX_REACH = 40  # characters before a period where its cue word may start
_BASES = [p for p, r in _RELATIVES.items() if r.role == "comparison"]
_COMPARISON_START = re.compile(
    rf"^(?:{_phrase_pattern(_CUES.get('comparison', []))})(?!\w)"
    rf"|^(?:к\s+)?(?:{_trie(_BASES)}|(?:{_SAME})\s+(?:{_BASE_TAIL}))$",
    re.IGNORECASE,
)

# --- matching ------------------------------------------------------------------------------


def _anchor_words() -> dict[str, str]:
    return {
        row["word"].lower(): row["class"]
        for row in read_table("ru/periods_anchors.tsv", ("word", "class", "case"))
    }


_ANCHOR_WORDS = _anchor_words()
_ANCHORED_BY: dict[str, frozenset[str]] = {
    "ru_iso_date": frozenset({"year"}),
    "ru_numeric_date": frozenset({"year", "date"}),
    "ru_day_range": frozenset({"mon"}),
    "ru_month_range_years": frozenset({"mon"}),
    "ru_month_range": frozenset({"mon"}),
    "ru_as_of": frozenset({"mon"}),
    "ru_day_month": frozenset({"mon"}),
    "ru_month": frozenset({"mon"}),
    "ru_quarter": frozenset({"quarter"}),
    "ru_quarter_range": frozenset({"quarter"}),
    "ru_half": frozenset({"half"}),
    "ru_first_months": frozenset({"month_word"}),
    "ru_months_of_year": frozenset({"month_word"}),
    "ru_months_so_far": frozenset({"month_word", "half"}),
    "ru_fiscal_year": frozenset({"year"}),
    "ru_year_range": frozenset({"year"}),
    "ru_same_period_of_year": frozenset({"year"}),
    "ru_same_period": frozenset({"year_word"}),
    "ru_year_end": frozenset({"year"}),
    "ru_year_to_date": frozenset({"year_word"}),
    "ru_full_year": frozenset({"year_word"}),
    "ru_past_years": frozenset({"year_word"}),
    "ru_since_year": frozenset({"year"}),
    "ru_iranian_year": frozenset({"year_word"}),
    "ru_relative": frozenset({"year_word", "month_word", "quarter"}),
    "ru_year": frozenset({"year"}),
}


def _anchor_class(tok: str) -> str | None:
    if tok[0].isdigit():
        if len(tok) == 4 and tok.isdigit() and 1950 <= int(tok) <= 2100:
            return "year"
        return "date" if tok.count(".") == 2 else "digit"  # "15.05.2018" is one token
    low = tok.lower()
    if "-" in low:  # "январе-июле"
        parts = [c for c in map(_anchor_class, filter(None, low.split("-"))) if c]
        return "mon" if "mon" in parts else parts[0] if parts else None
    return "mon" if low in MONTHS else _ANCHOR_WORDS.get(low)


def _rule_groups() -> tuple[tuple[frozenset[str], tuple[tuple[str, re.Pattern[str]], ...]], ...]:
    groups: dict[frozenset[str], list[tuple[str, re.Pattern[str]]]] = {}
    for rule_id, pattern in _COMPILED:
        groups.setdefault(_ANCHORED_BY[rule_id], []).append((rule_id, pattern))
    return tuple((classes, tuple(rules)) for classes, rules in groups.items())


_GROUPS = _rule_groups()


def match_periods(
    text: str, start: int = 0, end: int | None = None, tokens: Tokens | None = None
) -> Matches:
    """Every match of every Russian rule inside text[start:end]: the costly half, which does
    not depend on the publication date. The anchor classes are read here and not kept on
    `tokens` (its cache slot holds the English classes)."""
    stop = len(text) if end is None else end
    toks = tokens if tokens is not None else Tokens(text)
    index = toks.between(start, stop)
    where: dict[str, set[int]] = {}
    for i in index:
        cls = _anchor_class(toks.text[i])
        if cls is not None:
            where.setdefault(cls, set()).add(i)
    found: list[tuple[str, re.Match[str]]] = []
    for needs, rules in _GROUPS if where else ():
        anchors = sorted(set().union(*(where.get(c, set()) for c in needs)))
        windows = [
            (max(start, toks.starts[a]), min(stop, toks.ends[b]))
            for a, b in _windows(anchors, index[0], index[-1])
        ]
        for rule_id, pattern in rules:
            for lo, hi in windows:
                found.extend((rule_id, m) for m in pattern.finditer(text, lo, hi))
    return tuple(found)


def _sentence_relative(rule_id: str, m: re.Match[str]) -> _Relative | None:
    """The shift of a phrase resolved against its sentence's period, if it is one."""
    if rule_id not in ("ru_relative", "ru_same_period"):
        return None
    row = _RELATIVES.get(_norm(m["rel"]))
    if row is None:
        return None
    if rule_id == "ru_same_period":
        return _Relative(row.unit, row.offset, "sentence", "comparison")
    return row if row.anchor == "sentence" else None


def _candidates(ctx: _Ctx, matches: Matches) -> Iterator[_Candidate]:
    for rule_id, m in matches:
        start, end = m.span("body") if "body" in m.re.groupindex else m.span()
        while end > start and ctx.text[end - 1] in " ,\t\n":
            end -= 1
        if end <= start:
            continue
        shift = _sentence_relative(rule_id, m)
        if shift is not None:
            yield _Candidate(rule_id, start, end, None, shift)
            continue
        try:
            resolved = _RESOLVERS[rule_id](m, ctx)
        except (ValueError, OverflowError):
            resolved = None  # "31 февраля" and the like: not a period
        if resolved is not None:
            yield _Candidate(rule_id, start, end, resolved)


def _cue_start(text: str, lo: int, start: int) -> int:
    """Where a period starts once the comparison or deadline word before it is pulled in."""
    before = text[lo:start]
    hit = _COMPARISON_BEFORE.search(before) or _TARGET_BEFORE.search(before)
    return lo + hit.start() if hit else start


def find_periods(
    text: str, published: date | None, fiscal_country: str | None = None
) -> list[Period]:
    """Every reference period in `text`, in text order, none overlapping (longest wins)."""
    if not text:
        return []
    return resolve_periods(text, match_periods(text), published, fiscal_country)


def resolve_periods(
    text: str,
    matches: Matches,
    published: date | None,
    fiscal_country: str | None = None,
    floor: int = 0,
) -> list[Period]:
    """The periods of `matches` (from `match_periods` over `text`), resolved against the
    publication date and the fiscal calendar of `fiscal_country`."""
    fiscal = (
        _FISCAL_UNKNOWN
        if fiscal_country is None
        else _FISCAL.get(fiscal_country.upper(), _FISCAL_CALENDAR)
    )
    ctx = _Ctx(text, published, fiscal)
    placed: list[tuple[_Candidate, int]] = []
    for cand in _longest_wins(list(_candidates(ctx, matches))):
        placed.append((cand, _cue_start(text, max(floor, cand.start - _PREFIX_REACH), cand.start)))
        floor = cand.end
    own = [
        (cand, at)
        for cand, at in placed
        if cand.resolved is not None and not _COMPARISON_START.search(text[at : cand.end])
    ]
    out: list[Period] = []
    for cand, at in placed:
        resolved = cand.resolved or (
            _against_sentence(cand, own, ctx) if cand.relative is not None else None
        )
        if resolved is not None:
            start, end, granularity = resolved
            out.append(
                Period(start, end, granularity, Span(at, cand.end), text[at : cand.end], cand.rule)
            )
    return out


def is_comparison(period: Period) -> bool:
    """True when the period is a comparison base ("по сравнению с 2022 годом", "к аналогичному
    периоду прошлого года", "чем годом ранее")."""
    return bool(_COMPARISON_START.search(period.surface.strip()))


_SAME_LENGTH = re.compile(
    r"(?<!\w)(?:аналогичн\w+|соответствующ\w+|т(?:от|ого|ому|ем|ом|е|ех|еми?)\s+же)\s+"
    rf"(?:(?P<n>{_NUM})\s+месяц\w*|(?P<q>квартал\w*)|(?P<h>полугоди\w*|половин\w*|полгода)"
    r"|(?P<m>месяц\w*)|(?P<y>(?:[\w-]+(?:ий|ый|ой|ом|ем|ого|его)\s+)?год(?:а|у|ом)?(?!\w)))",
    re.IGNORECASE,
)


def named_length(text: str) -> int | None:
    """The length in months a back-reference names: "за аналогичные девять месяцев" is 9, "в
    том же квартале" 3, "за тот же иранский год" 12; None for one that names none ("за тот же
    период")."""
    m = _SAME_LENGTH.search(text)
    if m is None:
        return None
    if m["n"]:
        return _count(m["n"])
    return 3 if m["q"] else 6 if m["h"] else 1 if m["m"] else 12


# The grammar's rules, as claims name them ("periods:ru_<name>"), each with a sentence written
# for the project that it reads; the examples are resolved against 2024-03-15.
RULES: tuple[Rule[object, object], ...] = tuple(
    Rule(f"periods:ru_{name}", doc, example, shows_in="grammar", language="ru")
    for name, doc, example in (
        ("iso_date", "an ISO date (a day)", "Обновлено 2024-03-12."),
        ("numeric_date", "a day written 15.05.2018", "Опубликовано 15.05.2018."),
        ("day_range", "day to day", "Экспорт рос с 21 марта 2023 года по 20 марта 2024 года."),
        (
            "month_range_years",
            "month and year to month and year",
            "Торговля росла с октября 2022 года по март 2023 года.",
        ),
        ("month_range", "a span of months", "В январе-июле 2023 года товарооборот вырос."),
        (
            "as_of",
            "the year so far, as of a day",
            "По состоянию на 1 октября 2023 года экспорт вырос.",
        ),
        ("day_month", "a day and a month", "Переговоры прошли 12 марта."),
        ("month", "one month", "В марте 2023 года экспорт вырос."),
        ("quarter", "a quarter", "В первом квартале 2023 года экспорт вырос."),
        ("quarter_range", "a span of quarters", "За I-III кварталы 2023 года экспорт вырос."),
        ("half", "a half year", "В первом полугодии 2023 года экспорт вырос."),
        ("first_months", "the first N months", "За первые пять месяцев 2023 года экспорт вырос."),
        ("months_of_year", "N months of a year", "За 9 месяцев 2023 года экспорт вырос."),
        ("months_so_far", "N months with no year: the year so far", "За два месяца экспорт вырос."),
        ("fiscal_year", "a year and 'финансовый год'", "В 2023 финансовом году экспорт вырос."),
        ("year_range", "a span of years, or a split year", "В 2021-2023 годах экспорт рос."),
        (
            "same_period_of_year",
            "the months the article speaks of, in another year",
            "Экспорт составил $3 млрд за аналогичный период 2022 года.",
        ),
        (
            "same_period",
            "the same period a year before the sentence's period (a base)",
            "В январе экспорт вырос на 5% к аналогичному периоду прошлого года.",
        ),
        ("year_end", "the end of a year", "На конец 2023 года объем инвестиций вырос."),
        ("year_to_date", "from the start of the year", "С начала года экспорт вырос на 5%."),
        ("full_year", "the whole year", "За весь 2023 год экспорт вырос."),
        ("past_years", "the past N years", "За последние пять лет товарооборот удвоился."),
        ("since_year", "since a year (a start)", "С 2015 года товарооборот удвоился."),
        (
            "iranian_year",
            "an Iranian (solar Hijri) year the text names",
            "В 1401 иранском году экспорт вырос на 30%.",
        ),
        (
            "relative",
            "a period named against the publication date",
            "В прошлом году экспорт вырос.",
        ),
        ("year", "a year", "В 2023 году экспорт вырос."),
    )
)
