"""Money amounts and percentages in Russian news text: the Russian grammar of figures.

It keeps the contract of `app.extract.amounts.amounts` (every money amount and percentage,
sorted, never overlapping, each with its span, raw surface, value in units, ISO 4217 unit or
`percent`/`percentage_points`, approximation and rule id) and reuses that module's machinery:
its currency and number records, its trie of surfaces, its overlap policy and its ranges. Only
the words and the shapes of Russian figures are its own, compiled once from `data/ru/`:
`currencies.tsv` (every case form of a currency word, and on which side of the number it
stands), `number_words.tsv` (cardinals in every case, scale words full and abbreviated),
`amounts_percent.tsv`, `amounts_approximations.tsv` (phrases before or after a figure) and
`amounts_bridges.tsv` (the words that may stand between such a phrase and its figure).

Cues (a currency or percent sign or word) locate the stretches where a figure can be; atoms are
matched there, the longest wins, atoms join into ranges ("5-6 млрд долларов", "от 18 до 23
процентов"), and each figure's approximation is read from the words around it. A comma is a
decimal comma ("2,5", "$743,882 млн"); thousands are set off by spaces ("12 000 000"). A number
with no currency or percent cue is never a figure ("170 совместных проектов", "5 тыс. тонн"),
and "в 2,7 раза" is no figure here. There is no quantulum3 fallback: it reads no Russian.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.extract.amounts import (
    Kind,
    _alt,
    _Atom,
    _cased,
    _Currency,
    _make_range,
    _merge,
    _norm_key,
    _Number,
    _passes_guard,
    _prefer_longest,
    _signed,
)
from app.extract.rules import Rule
from app.extract.tables import read_table
from app.extract.types import Amount, Approximation, Span

# --- the tables ---------------------------------------------------------------------------


def _fold(surface: str) -> str:
    """ё is as often written е: both spell the same word."""
    return surface.replace("ё", "е").replace("Ё", "Е")


def _key(surface: str, kind: str = "word") -> str:
    return _fold(_norm_key(surface, kind))


def _spellings(surfaces: list[str]) -> list[str]:
    """Each surface as the table writes it and with е for ё, in the casings of running text."""
    return _cased(sorted({form for s in surfaces for form in (s, _fold(s))}))


_CURRENCY_ROWS = read_table(
    "ru/currencies.tsv", ("surface", "plural", "iso4217", "kind", "position", "guard", "shared")
)
_NUMBER_ROWS = read_table("ru/number_words.tsv", ("word", "value", "kind", "attach", "alone"))
_PERCENT_ROWS = read_table("ru/amounts_percent.tsv", ("surface", "kind", "factor", "attach"))
_APPROX_ROWS = read_table(
    "ru/amounts_approximations.tsv", ("phrase", "approximation", "unless_after", "position")
)
_BRIDGE_ROWS = read_table("ru/amounts_bridges.tsv", ("word", "after", "why"))


def _surfaces(row: dict[str, str]) -> list[str]:
    return [s for s in (row["surface"], row["plural"]) if s]


def _currencies(side: str) -> dict[str, _Currency]:
    return {
        _key(surface, row["kind"]): _Currency(
            row["iso4217"], row["kind"], row["guard"], row["shared"] == "yes"
        )
        for row in _CURRENCY_ROWS
        if row["position"] in (side, "both")
        for surface in _surfaces(row)
    }


_CUR_BEFORE, _CUR_AFTER = _currencies("before"), _currencies("after")


def _currency_surfaces(side: str, *kinds: str) -> list[str]:
    return [
        surface
        for row in _CURRENCY_ROWS
        if row["position"] in (side, "both") and row["kind"] in kinds
        for surface in _surfaces(row)
    ]


@dataclass(frozen=True, slots=True)
class _Word:
    value: Decimal
    kind: str  # cardinal | scale | abbrev | fraction | plus_half | sign
    alone: bool  # a scale word that stands for one of it: "миллиард долларов"


_NUMBER_WORDS = {
    _key(row["word"]): _Word(Decimal(row["value"]), row["kind"], row["alone"] == "yes")
    for row in _NUMBER_ROWS
}


def _number_words(*kinds: str, alone: bool = False) -> list[str]:
    return [
        row["word"]
        for row in _NUMBER_ROWS
        if row["kind"] in kinds and (row["alone"] == "yes" or not alone)
    ]


_PERCENT_UNITS = {
    _key(row["surface"]): (row["kind"], Decimal(row["factor"])) for row in _PERCENT_ROWS
}

_APPROXIMATIONS: dict[tuple[str, str], Approximation] = {
    (_key(row["phrase"]), row["position"]): row["approximation"]  # type: ignore[misc]
    for row in _APPROX_ROWS
}
_APPROX_UNLESS_AFTER = {
    _key(row["phrase"]): frozenset(_key(w) for w in row["unless_after"].split("|"))
    for row in _APPROX_ROWS
    if row["unless_after"]
}
# The phrases each bridge word may follow; None: any phrase ("превысил отметку в $5 млрд").
_BRIDGES: dict[str, frozenset[str] | None] = {
    _key(row["word"]): (
        None if row["after"] == "*" else frozenset(_key(p) for p in row["after"].split("|"))
    )
    for row in _BRIDGE_ROWS
}


# --- the grammar, compiled once -----------------------------------------------------------

# A word ends where no letter or digit follows, or at its own abbreviating dot ("руб.", "п.п.").
_END = r"(?:(?<=\.)|(?!\w))"


def _words(surfaces: list[str]) -> str:
    return rf"(?:{_alt(_spellings(surfaces))}){_END}"


# Thousands set off by spaces ("12 000 000", "1 234,5": groups of exactly three after a first
# group of one to three, so "в 2023 году 15" never joins), a decimal comma or point ("2,5",
# "2.5"), and English grouping with two or more commas ("1,250,000"), which no decimal has. No
# mark and digit after: "15.05.2018" is no number. The scanning patterns start with a digit, a
# sign or a word's first letter, so the engine skips to where they can match; what must not stand
# before a figure (a letter, a digit, a mark) is checked in code (`_edge`).
_DIGITS_LED = (
    r"\d(?:\d{0,2}(?:,\d{3}){2,}|\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+(?:[.,]\d+)?"
    r"|\d*(?:[.,]\d+)?)(?![.,]?\d)"
)
_DIGITS = rf"(?<![\w.,]){_DIGITS_LED}"
_ABBREV = rf"(?:{_alt(_spellings(_number_words('abbrev')))})(?:\.|(?!\w))"
_SCALE_WORDS = _number_words("scale")
_SCALE = rf"(?:{_words(_SCALE_WORDS)}|{_ABBREV})"
# "3 млрд 350 млн", "1 млрд 451 млн 206 тыс.": each group with its (smaller) scale
_TAIL = rf"(?:\s+{_DIGITS}\s?{_SCALE})*"
_DIGITS_NUMBER = rf"{_DIGITS_LED}(?:\s?{_SCALE}{_TAIL})?"
# A spelled number is a run of number words, read and checked by `_parse_number`: it starts with
# a cardinal ("два миллиарда триста миллионов"), a scale word that alone means one of it
# ("миллиард долларов") or a half glued to its scale ("полмиллиарда", "пол-миллиона").
_FIRST_WORDS = [
    *_number_words("cardinal"),
    *_number_words("scale", alone=True),
    *(f"{f}{sep}{s}" for f in _number_words("fraction") for s in _SCALE_WORDS for sep in ("", "-")),
]
_NEXT_WORDS = [*_number_words("cardinal"), *_SCALE_WORDS, *_number_words("plus_half")]
# ... and may go on in digits: "два миллиарда 300 миллионов"
_WORDS_NUMBER = rf"{_words(_FIRST_WORDS)}(?:\s+(?:{_words(_NEXT_WORDS)}|{_ABBREV}|{_DIGITS}))*"
_CARDS_NUMBER = rf"{_words(_number_words('cardinal'))}(?:\s+{_words(_NEXT_WORDS)})*"
_NUMBER = rf"(?:{_DIGITS}(?:\s?{_SCALE}{_TAIL})?|(?<!\w){_WORDS_NUMBER})"

_CUR_B = _alt([*_currency_surfaces("before", "symbol"), *_currency_surfaces("before", "code")])
# A sign after the number must not start the next figure: "2023 $5 млрд" is one figure.
_CUR_A_SIGN = rf"(?:{_alt(_currency_surfaces('after', 'symbol'))})(?!\s?\d)"
_CUR_A_WORD = (
    rf"(?:{_alt(_currency_surfaces('after', 'code'))}"
    rf"|{_alt(_spellings(_currency_surfaces('after', 'word')))}){_END}"
)
_CUR_A = rf"(?:{_CUR_A_SIGN}|{_CUR_A_WORD})"
_PCT = rf"(?:\s?%|\s*{_words([r['surface'] for r in _PERCENT_ROWS if r['surface'] != '%'])})"

_MONEY_BEFORE_RE = re.compile(rf"(?P<cur>{_CUR_B})\s?(?P<num>{_DIGITS_NUMBER})")
_MONEY_AFTER_RES = (
    re.compile(rf"(?P<num>{_DIGITS_NUMBER})\s*(?P<cur>{_CUR_A})"),
    re.compile(rf"(?P<num>{_WORDS_NUMBER})\s*(?P<cur>{_CUR_A})"),
)
# "30 миллиардов (долларов - ред.)", "28 (миллиардов долларов – ред.)": the editor's bracket
# names the currency, and maybe the scale, of a bare figure in a quotation.
_MONEY_BRACKET_RE = re.compile(
    rf"(?P<num>{_DIGITS_NUMBER}|{_WORDS_NUMBER})\s*\(\s*(?P<scale>{_SCALE}\s*)?"
    rf"(?P<cur>{_CUR_A_WORD})(?:\s*[-–—]\s*[^()\n]{{1,20}})?\s*\)"
)
_PERCENT_RES = (
    re.compile(rf"(?P<num>{_DIGITS_LED})(?P<pct>{_PCT})"),
    re.compile(rf"(?P<num>{_CARDS_NUMBER})(?P<pct>{_PCT})"),
)
_SIGNS = "-−+"
_NOT_BEFORE_SIGN = ".,%)]"  # "10-12%" is a range, "5%-6%" too: a sign follows no figure
_SIGN_WORD_RE = re.compile(rf"(?<!\w)(?P<word>{_alt(_spellings(_number_words('sign')))})\s+$")
_SIGN_WORD_REACH = 8

# Ranges: "5-6 млрд долларов", "10–12%" (a dash), "от 5 до 6 млрд долларов" (from ... to). "с 5
# до 6 млрд" is a change from one level to another, two readings: only "до" after "от" joins.
_FROM, _TO = "от", "до"
_DASH = r"[-–—]"
_CONN = rf"(?:{_DASH}|(?<!\w){_alt(_cased([_TO]))}(?!\w))"
_FROM_BEFORE_RE = re.compile(rf"(?<!\w)(?:{_alt(_cased([_FROM]))})\s+$")
_LOW_RE = re.compile(
    rf"(?:(?P<opener>(?<!\w){_alt(_cased([_FROM]))})\s+)?(?P<cur>{_CUR_B})?\s?"
    rf"(?P<num>{_NUMBER})(?P<pct>{_PCT})?\s*(?P<conn>{_CONN})\s*$"
)
_HIGH_RE = re.compile(rf"\s*(?P<conn>{_CONN})\s*(?P<num>{_DIGITS_NUMBER})(?![\w%])")
_JOIN_RE = re.compile(rf"\s*(?P<conn>{_CONN})\s*$")
_CONN_BEFORE_RE = re.compile(rf"{_CONN}\s*$")
_YEAR_RE = re.compile(r"(?:1[89]|20|21)\d\d")

# Approximation phrases are looked up by the words just before a figure (at most a phrase and
# a bridge long), or matched right after it.
_APPROX_BEFORE = {
    phrase: approx for (phrase, position), approx in _APPROXIMATIONS.items() if position == "before"
}
_APPROX_LAST_WORDS = frozenset(p.split()[-1] for p in (*_APPROX_BEFORE, *_BRIDGES))
_APPROX_MAX_WORDS = max(len(p.split()) for p in _APPROX_BEFORE) + max(
    len(b.split()) for b in _BRIDGES
)
_APPROX_REACH = 60  # characters: room for "немногим более чем на ", "приближается к отметке в "
_OPENING_MARKS = "([«„“\"'—–-"
_APPROX_AFTER_RE = re.compile(
    r"\s*(?P<phrase>"
    + _alt(_spellings([r["phrase"] for r in _APPROX_ROWS if r["position"] == "after"]))
    + r")(?!\w)"
)
# An after-phrase that may also stand before a figure ("примерно") is the figure's only where
# the clause ends with it: "$54 млрд примерно»".
_CLAUSE_END_RE = re.compile(r"\s*(?:$|[.,;:!?…»\"')\]—–-])")

# Every figure holds a cue: a currency or percent sign, or a currency code or word, or a percent
# word. Two scans find them (a word must end where a sign runs on into its digits), each an
# alternation whose branches all open with a letter, so the engine skips to where one can
# start; matching runs only in the stretches around them, and a text with none is answered
# at once.
_CUE_SIGN_RE = re.compile(
    _alt(
        [
            *_currency_surfaces("before", "symbol"),
            *_currency_surfaces("after", "symbol"),
            *[r["surface"] for r in _PERCENT_ROWS if not r["surface"][:1].isalpha()],
        ]
    )
)
_CUE_WORD_RE = re.compile(
    "(?:"
    + _alt(
        [
            *_currency_surfaces("before", "code"),
            *_currency_surfaces("after", "code"),
            *_spellings(
                [
                    *_currency_surfaces("after", "word"),
                    *[r["surface"] for r in _PERCENT_ROWS if r["surface"][:1].isalpha()],
                ]
            ),
        ]
    )
    + rf"){_END}"
)
_REACH_BACK = 110  # room for "один миллиард четыреста пятьдесят один миллион ..." before a cue
_REACH_AHEAD = 60  # room for "1 млрд 451 млн 206 тыс." after a currency sign
_REACH_AFTER = 24  # room for "США" or "- ред.)" after a currency word
_BRACKET_REACH = 16  # "(" this close before a currency word: "28 (миллиардов долларов – ред.)"


# --- reading numbers ----------------------------------------------------------------------

_TOKEN_RE = re.compile(rf"(?P<digits>{_DIGITS})|(?P<word>[^\W\d_]+)")
_SPACES_RE = re.compile(r"[ \u00a0\u2009\u202f]")
_COMMA_GROUPS_RE = re.compile(r"\d{1,3}(?:,\d{3}){2,}")


def _parse_digits(raw: str) -> Decimal | None:
    raw = _SPACES_RE.sub("", raw)
    raw = raw.replace(",", "") if _COMMA_GROUPS_RE.fullmatch(raw) else raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


_NO_CARDINAL = -1  # the rank after digits or "с половиной": no cardinal may follow


def _card_rank(value: Decimal) -> int:
    """Units 0, teens 1, tens 2, hundreds 3: a spelled number names each rank once, downwards."""
    if value >= 100:
        return 3
    if value >= 20:
        return 2
    return 1 if value >= 10 else 0


def _words_of(text: str) -> Iterator[tuple[str, str]]:
    """The pieces of a matched number: ("digits", "12,5") or ("word", its key), with a
    two-word entry ("с половиной") as one word."""
    pieces = [
        ("digits", m.group("digits")) if m.group("digits") else ("word", _key(m.group("word")))
        for m in _TOKEN_RE.finditer(text)
    ]
    i = 0
    while i < len(pieces):
        kind, piece = pieces[i]
        pair = f"{piece} {pieces[i + 1][1]}" if i + 1 < len(pieces) else ""
        if kind == "word" and pair in _NUMBER_WORDS:
            yield "word", pair
            i += 2
            continue
        yield kind, piece
        i += 1


def _parse_number(text: str) -> _Number | None:
    total = Decimal(0)
    current: Decimal | None = None  # the group before its scale word
    ranks: list[int] = []
    half = False  # "пол" before the scale word
    last_scale = top_scale = None
    for kind, piece in _words_of(text):
        if kind == "digits":
            if current is not None or half:
                return None
            current = _parse_digits(piece)
            if current is None:
                return None
            ranks = [_NO_CARDINAL]
            continue
        entry = _NUMBER_WORDS.get(piece)
        if entry is None and piece.startswith("пол"):  # "полмиллиарда"
            scale_entry = _NUMBER_WORDS.get(piece[3:].lstrip("-"))
            if scale_entry is None or current is not None or half:
                return None
            half, entry = True, scale_entry
        if entry is None:
            return None
        if entry.kind == "cardinal":
            rank = _card_rank(entry.value)
            if half or (ranks and (rank >= ranks[-1] or ranks[-1] == 1)):
                return None
            current = (current or Decimal(0)) + entry.value
            ranks.append(rank)
        elif entry.kind == "plus_half":
            if current is None or current != current.to_integral_value():
                return None
            current += Decimal("0.5")
            ranks = [_NO_CARDINAL]
        elif entry.kind == "fraction":
            if current is not None or half:
                return None
            half = True
        else:  # a scale word, full or abbreviated
            if last_scale is not None and entry.value >= last_scale:
                return None  # "3 млрд 350 млн" descends; "350 млн 3 млрд" is two numbers
            if half:
                current = Decimal("0.5")
            elif current is None:
                if not entry.alone:
                    return None  # "миллиардов долларов" alone is no figure
                current = Decimal(1)
            total += current * entry.value
            last_scale = entry.value
            top_scale = top_scale or entry.value
            current, ranks, half = None, [], False
    if half or (current is None and last_scale is None):
        return None
    if current is not None:
        if last_scale is not None:
            return None  # "2 млрд 500" leaves its last group without a scale
        total = current
    return _Number(total, top_scale or Decimal(1))


def _percent_unit(surface: str) -> tuple[str, Decimal] | None:
    return _PERCENT_UNITS.get(_key(surface.strip()))


# --- atoms --------------------------------------------------------------------------------


def _edge(text: str, start: int) -> bool:
    """A figure starts after a space or a mark, never inside a word or a number."""
    if start == 0:
        return True
    before = text[start - 1]
    return not (before.isalnum() or before in "_.,")


def _scan(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """The pattern's matches that start at a figure's edge. A match refused for its start
    gives way to one starting a character later ("в 2023 150 млн": "150 млн")."""
    while (m := pattern.search(text, pos, endpos)) is not None:
        if _edge(text, m.start()) or not text[m.start()].isalnum():
            yield m
            pos = max(m.end(), m.start() + 1)
        else:
            pos = m.start() + 1


def _signed_start(text: str, start: int) -> tuple[int, str | None]:
    """A sign glued before a figure ("+30,6%", "(-5%)"), unless it joins two figures ("10-12%"),
    or a sign word before it ("минус 2,1%")."""
    if (
        start
        and text[start - 1] in _SIGNS
        and _edge(text, start - 1)
        and (start < 2 or text[start - 2] not in _NOT_BEFORE_SIGN)
    ):
        return start - 1, text[start - 1]
    m = _SIGN_WORD_RE.search(text, max(0, start - _SIGN_WORD_REACH), start)
    if m is not None:
        return m.start(), "-" if _NUMBER_WORDS[_key(m.group("word"))].value < 0 else "+"
    return start, None


def _end_without_dot(text: str, start: int, end: int) -> int:
    """A figure that ends in a scale's dot ("$5 млн.") most often ends a sentence: the dot is
    the sentence's."""
    return end - 1 if end - start > 1 and text[end - 1] == "." else end


def _before_currency(surface: str) -> _Currency | None:
    return _CUR_BEFORE.get(_key(surface, "symbol"))


def _after_currency(surface: str) -> _Currency | None:
    return _CUR_AFTER.get(_key(surface, "symbol")) or _CUR_AFTER.get(_key(surface))


def _money_before(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for m in _scan(_MONEY_BEFORE_RE, text, pos, endpos):
        cur = _before_currency(m.group("cur"))
        number = _parse_number(m.group("num"))
        if cur is None or number is None or not _passes_guard(cur, number):
            continue
        start, sign = _signed_start(text, m.start())
        end = _end_without_dot(text, m.start(), m.end())
        yield _Atom(
            start,
            end,
            _signed(number.value, sign),
            cur.iso,
            "money",
            number.scale,
            f"ru_money_{cur.kind}_before",
            True,
            shared=cur.shared,
        )


def _money_after(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for pattern in _MONEY_AFTER_RES:
        for m in _scan(pattern, text, pos, endpos):
            cur = _after_currency(m.group("cur"))
            number = _parse_number(m.group("num"))
            if cur is None or number is None or not _passes_guard(cur, number):
                continue
            start, sign = _signed_start(text, m.start())
            yield _Atom(
                start,
                m.end(),
                _signed(number.value, sign),
                cur.iso,
                "money",
                number.scale,
                f"ru_money_{cur.kind}_after",
                shared=cur.shared,
            )


def _money_bracketed(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for m in _scan(_MONEY_BRACKET_RE, text, pos, endpos):
        cur = _after_currency(m.group("cur"))
        number = _parse_number(m.group("num"))
        if cur is None or number is None:
            continue
        if m.group("scale"):
            scale = _parse_number("1 " + m.group("scale"))
            if scale is None or number.scaled:
                continue
            number = _Number(number.value * scale.value, scale.value)
        if not _passes_guard(cur, number):
            continue
        yield _Atom(
            m.start(),
            m.end(),
            number.value,
            cur.iso,
            "money",
            number.scale,
            "ru_money_bracketed",
            shared=cur.shared,
        )


def _percents(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for pattern in _PERCENT_RES:
        for m in _scan(pattern, text, pos, endpos):
            number = _parse_number(m.group("num"))
            unit = _percent_unit(m.group("pct"))
            if number is None or number.scaled or unit is None:
                continue
            kind: Kind = "percentage_points" if unit[0] == "percentage_points" else "percent"
            start, sign = _signed_start(text, m.start())
            value = _signed(number.value * unit[1], sign)
            yield _Atom(start, m.end(), value, kind, kind, unit[1], f"ru_{kind}")


# --- ranges -------------------------------------------------------------------------------


def _joins(text: str, start: int, conn: str) -> tuple[bool, int]:
    """Whether a connector joins a range, and where the range starts: a dash always joins;
    "до" only after "от", which then opens the range's span."""
    opener = _FROM_BEFORE_RE.search(text, max(0, start - 8), start)
    if _key(conn) == _TO:
        return opener is not None, opener.start() if opener else start
    return True, start


def _ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Each atom joined to the figure before it, to a bare low end before it, or to a bare
    high end after it: the three ways Russian writes a range."""
    out: list[_Atom] = []
    for atom in atoms:
        pair = _pair_range(text, out[-1], atom) if out else None
        if pair is None:
            out.append(_low_end_range(text, atom, out[-1].end if out else 0))
        else:
            out[-1] = pair
    ends = [nxt.start for nxt in out[1:]] + [len(text)] if out else []
    return [_high_end_range(text, atom, end) for atom, end in zip(out, ends, strict=True)]


def _pair_range(text: str, first: _Atom, second: _Atom) -> _Atom | None:
    """Two complete figures: "от $5 млрд до $6 млрд", "5% - 6%"."""
    same = first.low is None and (first.unit, first.kind) == (second.unit, second.kind)
    m = _JOIN_RE.match(text, first.end, second.start) if same else None
    if m is None:
        return None
    joins, start = _joins(text, first.start, m.group("conn"))
    low = first.value * (second.scale if first.scale == 1 else 1)
    return (
        _make_range(text, m.group("conn"), first, start, second.end, low, second) if joins else None
    )


def _low_end_range(text: str, atom: _Atom, floor: int) -> _Atom:
    """A bare number before a figure: "5-6 млрд долларов", "от 18 до 23 процентов"."""
    if not _CONN_BEFORE_RE.search(text, max(floor, atom.start - 6), atom.start):
        return atom  # most figures have no connector before them: no search for a low end
    m = _LOW_RE.search(text, max(floor, atom.start - 80), atom.start)
    low_cur = _before_currency(m.group("cur")) if m and m.group("cur") else None
    if (
        m is None
        or (m.group("pct") and atom.kind == "money")
        or (m.group("cur") and (low_cur is None or low_cur.iso != atom.unit))
        or (atom.cur_before and not m.group("cur"))
        or (m.group("opener") is None and _key(m.group("conn")) == _TO)
    ):
        return atom
    number = _parse_number(m.group("num"))
    if number is None:
        return atom
    pct = _percent_unit(m.group("pct")) if m.group("pct") else None
    factor = pct[1] if pct else atom.scale if number.scale == 1 else Decimal(1)
    start = m.start("opener") if m.group("opener") else m.start("cur" if low_cur else "num")
    range_ = _make_range(text, m.group("conn"), atom, start, atom.end, number.value * factor, atom)
    return range_ or atom


def _high_end_range(text: str, atom: _Atom, limit: int) -> _Atom:
    """A bare number after a figure with its currency before: "$5-6 млрд", "от $5 до 6 млрд"."""
    bare = atom.low is None and atom.kind == "money" and atom.cur_before
    m = _HIGH_RE.match(text, atom.end) if bare else None
    number = _parse_number(m.group("num")) if m and m.end() <= limit else None
    if m is None or number is None or (not number.scaled and _YEAR_RE.fullmatch(m.group("num"))):
        return atom
    joins, start = _joins(text, atom.start, m.group("conn"))
    end = _end_without_dot(text, m.start("num"), m.end())
    low = atom.value * (number.scale if atom.scale == 1 else 1)
    high = _Atom(m.start("num"), end, number.value, atom.unit, "money", number.scale, atom.rule)
    range_ = _make_range(text, m.group("conn"), atom, start, end, low, high) if joins else None
    return range_ or atom


# --- approximation and output -------------------------------------------------------------


def _approximation_before(text: str, start: int) -> Approximation | None:
    """The phrase that ends right before a figure, maybe with a bridge between ("почти на"),
    looked up as the longest run of words before it that the tables name."""
    lo = max(0, start - _APPROX_REACH)
    words = text[lo:start].split()
    if lo and words and not text[lo - 1].isspace():
        words = words[1:]  # the window cut this word
    if not words or not (text[start - 1].isspace() or words[-1] == "~"):
        return None  # a phrase stands apart from its figure ("~" may be glued to it)
    if _fold(words[-1].lower()).lstrip(_OPENING_MARKS) not in _APPROX_LAST_WORDS:
        return None  # most figures follow a verb or a noun: answered without a look-up
    keys = [_fold(w.lower()).lstrip(_OPENING_MARKS) for w in words[-_APPROX_MAX_WORDS:]]
    # a comma inside a phrase is optional in writing: "более, чем на 20%" is "более чем на"
    keys = [k.rstrip(",") for k in keys[:-1]] + keys[-1:]
    for n in range(len(keys), 0, -1):
        run = keys[-n:]
        for cut in range(n, 0, -1):
            phrase, bridge = " ".join(run[:cut]), " ".join(run[cut:])
            approx = _APPROX_BEFORE.get(phrase)
            if approx is None or (bridge and bridge not in _BRIDGES):
                continue
            follows = _BRIDGES.get(bridge)
            if bridge and follows is not None and phrase not in follows:
                return "exact"  # "превысил на 10%": a verb's change, no approximation
            ahead = keys[-n - 1] if n < len(keys) else ""
            return "exact" if ahead in _APPROX_UNLESS_AFTER.get(phrase, ()) else approx
    return None


def _approximation(text: str, atom: _Atom) -> Approximation:
    if atom.low is not None:
        return "about"
    before = _approximation_before(text, atom.start)
    if before is not None:
        return before
    m = _APPROX_AFTER_RE.match(text, atom.end)
    if m is None:
        return "exact"
    phrase = _key(m.group("phrase"))
    if phrase in _APPROX_BEFORE and not _CLAUSE_END_RE.match(text, m.end()):
        return "exact"  # "5 млрд долларов примерно в тот же срок": it is the next words'
    return _APPROXIMATIONS.get((phrase, "after"), "exact")


def _to_amount(text: str, atom: _Atom) -> Amount:
    low = float(atom.low) if atom.low is not None else None
    high = float(atom.high) if atom.high is not None else None
    return Amount(
        float(atom.value),
        atom.unit,
        atom.kind,
        _approximation(text, atom),
        Span(atom.start, atom.end),
        text[atom.start : atom.end],
        low,
        high,
        rule=atom.rule,
        shared=atom.shared,
    )


def _windows(text: str) -> tuple[list[tuple[int, int]], ...]:
    """Where each kind of figure can be: after a currency sign or code; before a currency
    word, sign or code; before an editor's bracket; before a percent sign or word."""
    before, after, bracket, percent = [], [], [], []
    for cue in (*_CUE_SIGN_RE.finditer(text), *_CUE_WORD_RE.finditer(text)):
        start, end = cue.span()
        surface = cue.group(0)
        if start and surface[0].isalpha() and text[start - 1].isalpha():
            continue  # "весом": the end of another word
        cur_before, cur_after = _before_currency(surface), _after_currency(surface)
        if cur_before is not None:
            before.append((start, end + _REACH_AHEAD))
        if cur_after is not None:
            after.append((start - _REACH_BACK, end + _REACH_AFTER))
            if "(" in text[max(0, start - _BRACKET_REACH) : start]:
                bracket.append((start - _REACH_BACK, end + _REACH_AFTER))
        if cur_before is None and cur_after is None:
            percent.append((start - _REACH_BACK, end))
    return (
        _merge(text, before),
        _merge(text, after),
        _merge(text, bracket),
        _merge(text, percent),
    )


def amounts(text: str) -> list[Amount]:
    """Every money amount and percentage in Russian `text`, sorted by position, never
    overlapping."""
    if not isinstance(text, str):
        return []
    before, after, bracket, percent = _windows(text)
    if not (before or after or percent):
        return []
    found: list[_Atom] = []
    for pos, endpos in before:
        found += _money_before(text, pos, endpos)
    for pos, endpos in after:
        found += _money_after(text, pos, endpos)
    for pos, endpos in bracket:
        found += _money_bracketed(text, pos, endpos)
    for pos, endpos in percent:
        found += _percents(text, pos, endpos)
    atoms = _ranges(text, _prefer_longest(found))
    return [_to_amount(text, a) for a in atoms]


# A scaled number with no currency that ends its clause ("..., а поставки в Россию составили
# 1,8 миллиарда."): the currency of the money figure before it, when the caller gives one.
_CARRIED_RE = re.compile(
    rf"(?P<num>{_DIGITS_LED}\s?{_SCALE}{_TAIL}|{_WORDS_NUMBER})"
    rf"(?=\s*(?:[.,;:!?)\]»\"'…—–]|-\s|$))"
)


def carried(text: str, figures: list[Amount], currency: str) -> list[Amount]:
    """The scaled numbers of `text` written without a currency ("1,8 миллиарда") that stand
    after a money figure of `figures` and end a clause: each in `currency`, the currency of
    the figures the sentence gave before it. None overlaps `figures`."""
    first = min((f.span.start for f in figures if f.kind == "money"), default=None)
    if first is None:
        return []
    out = []
    for m in _scan(_CARRIED_RE, text, first, len(text)):
        if any(f.span.start < m.end() and m.start() < f.span.end for f in figures):
            continue
        number = _parse_number(m.group("num"))
        if number is None or not number.scaled:
            continue
        start, sign = _signed_start(text, m.start())
        end = _end_without_dot(text, m.start(), m.end())
        atom = _Atom(
            start, end, _signed(number.value, sign), currency, "money", number.scale,
            "ru_money_carried",
        )  # fmt: skip
        out.append(_to_amount(text, atom))
    return out


# The grammar's rules, as the claims name them ("figure:<rule>"); `shows_in="grammar"`: the
# example is read by amounts() alone. Written for the project.
RULES: tuple[Rule[object, object], ...] = tuple(
    Rule(f"figure:ru_{name}", doc, example, shows_in="grammar", language="ru")
    for name, doc, example in (
        (
            "money_symbol_before",
            "a currency sign before the number",
            "Товарооборот двух стран достиг $26,5 млрд.",
        ),
        (
            "money_code_before",
            "a currency code before the number",
            "Инвестиции компании составили USD 120 млн.",
        ),
        (
            "money_word_after",
            "a currency word after the number, in any case",
            "Экспорт зерна вырос до 3,6 миллиарда долларов.",
        ),
        ("money_symbol_after", "a currency sign after the number", "Контракт оценён в 480 млн ₽."),
        ("money_code_after", "a currency code after the number", "Объём сделок — 75 млн USD."),
        (
            "money_bracketed",
            "a bare figure whose currency the editor's bracket names",
            "«Цель — 30 миллиардов (долларов - ред.) к 2030 году», — сказал министр.",
        ),
        ("percent", "a percentage", "Товарооборот вырос на 12,5%."),
        (
            "percentage_points",
            "percentage points (never a claim's figure)",
            "Доля рубля в расчётах выросла на 2 п.п.",
        ),
        (
            "money_symbol_before_range",
            "a range of money after a currency sign, read at its midpoint",
            "Товарооборот может составить $24-24,5 млрд.",
        ),
        (
            "money_code_before_range",
            "a range of money after a currency code",
            "Проект обойдётся в USD 5-6 млн.",
        ),
        (
            "money_word_after_range",
            "a range of money with a currency word",
            "Товарооборот составит от 5 до 6 млрд долларов.",
        ),
        (
            "money_symbol_after_range",
            "a range of money with a currency sign after it",
            "Расходы составят 40-50 млн ₽.",
        ),
        (
            "money_code_after_range",
            "a range of money with a currency code after it",
            "Сделка оценивается в 70-80 млн USD.",
        ),
        (
            "money_bracketed_range",
            "a range of bare figures whose currency the editor's bracket names",
            "«Мы выйдем на 5-6 миллиардов (долларов - ред.)», — добавил посол.",
        ),
        ("percent_range", "a range of percentages", "В этом году рост составит 10-12%."),
        (
            "percentage_points_range",
            "a range of percentage points",
            "Ставка снизится на 1-2 п.п.",
        ),
    )
)
CARRIED_RULE: Rule[object, object] = Rule(
    "figure:ru_money_carried",
    "a scaled number with no currency, after a money figure of its sentence, is in that "
    "figure's currency (amounts.carried)",
    "Экспорт из России в Узбекистан в 2023 году составил 4,4 миллиарда долларов, а импорт из "
    "Узбекистана в Россию - 1,8 миллиарда.",
    language="ru",
)
RULES = (*RULES, CARRIED_RULE)
