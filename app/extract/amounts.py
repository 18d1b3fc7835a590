"""Money amounts and percentages in English news text.

A small grammar of figures, compiled once from the data tables in `data/`:
`currencies.tsv` (symbols, codes and words -> ISO 4217, and on which side of the number
each is written), `number_words.tsv` (spelled-out numbers and scale words) and
`amounts_percent.tsv` / `amounts_approximations.tsv`. Matching runs in two steps, in the
spirit of a span ruler: find figure atoms (money with its currency before or after the
number, percents), keep the longest where they overlap, then join atoms into ranges
("$24-24.5 billion", "between 10 and 12 percent") and read the approximation from the
words just before each figure. A number with no currency or percent cue is never a figure.

quantulum3 is reached only through `quantities.py`, only as a fallback for a currency word
the grammar saw next to a number but could not read, so text with no such leftover cue
never loads it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

import pycountry

from app.extract import quantities
from app.extract.rules import Rule
from app.extract.tables import read_table
from app.extract.types import Amount, Approximation, Span

Kind = Literal["money", "percent", "percentage_points"]


def _read_tsv(name: str) -> list[dict[str, str]]:
    return read_table(name)


@dataclass(frozen=True, slots=True)
class _Currency:
    iso: str
    kind: str  # symbol | code | word
    guard: str  # "" | "big" (scale word or >= 1000 needed) | "scale" (scale word needed)
    shared: bool = False  # the surface is one several countries' currencies share ("Rs")


def _norm_key(surface: str, kind: str) -> str:
    key = " ".join(surface.split())
    return key.lower() if kind == "word" else key


def _load_currencies() -> tuple[dict[str, _Currency], dict[str, _Currency]]:
    before: dict[str, _Currency] = {}
    after: dict[str, _Currency] = {}
    for row in _read_tsv("currencies.tsv"):
        kind, position = row["kind"], row["position"]
        cur = _Currency(row["iso4217"], kind, row["guard"], row["shared"] == "yes")
        for surface in filter(None, (row["surface"], row["plural"])):
            key = _norm_key(surface, kind)
            if position in ("before", "both"):
                before[key] = cur
            if position in ("after", "both"):
                after[key] = cur
    # every other ISO 4217 code pycountry knows, written before or after the number
    # ("JOD832 million"), but those that are words or no country's money
    # (currency_code_traps.tsv)
    traps = {row["code"] for row in _read_tsv("currency_code_traps.tsv")}
    for currency in pycountry.currencies:
        code = currency.alpha_3
        if code in traps or code in before or code in after:
            continue
        cur = _Currency(code, "code", "", False)
        before[code] = after[code] = cur
    return before, after


_CUR_BEFORE, _CUR_AFTER = _load_currencies()
# A currency named by a country word, with or without a figure: "the Turkish lira weakened".
CURRENCY_NAME = re.compile(
    "|".join(
        re.escape(name).replace(r"\ ", r"\s+")
        for name in sorted(
            {key for key, cur in _CUR_AFTER.items() if cur.kind == "word" and " " in key},
            key=len,
            reverse=True,
        )
    )
    + r"(?!\w)",
    re.IGNORECASE,
)
CURRENCY_CODES: frozenset[str] = frozenset(
    c.iso for c in (*_CUR_BEFORE.values(), *_CUR_AFTER.values())
)


def _load_numbers() -> dict[str, tuple[Decimal, str, str]]:
    return {
        row["word"].lower(): (Decimal(row["value"]), row["kind"], row["attach"])
        for row in _read_tsv("number_words.tsv")
    }


_NUMBER_WORDS = _load_numbers()
_SCALES = {w: v for w, (v, k, _) in _NUMBER_WORDS.items() if k in ("scale", "abbrev")}

_PERCENT_UNITS = {
    re.sub(r"\s+", " ", row["surface"].lower()): (
        row["kind"],
        Decimal(row["factor"]),
        row["attach"],
    )
    for row in _read_tsv("amounts_percent.tsv")
}

_APPROX_ROWS = [r for r in _read_tsv("amounts_approximations.tsv") if r["approximation"]]
_APPROXIMATIONS: dict[str, Approximation] = {
    re.sub(r"\s+", " ", row["phrase"].lower()): row["approximation"]  # type: ignore[misc]
    for row in _APPROX_ROWS
    if row["approximation"] in ("about", "at_least", "at_most")
}
# Words that turn a phrase into something else: "rose up to $5bn" reaches $5bn, it is no cap.
_APPROX_UNLESS_AFTER: dict[str, frozenset[str]] = {
    re.sub(r"\s+", " ", row["phrase"].lower()): frozenset(row["unless_after"].lower().split("|"))
    for row in _APPROX_ROWS
    if row.get("unless_after")
}


# --- the grammar, compiled once ---------------------------------------------------------


def _alt(surfaces: list[str]) -> str:
    """An alternation of literal surfaces, built as a trie.

    Python's regex engine tries alternatives one by one, so a flat list of some hundred
    currency words costs that many attempts at every position of the text; a trie shares
    prefixes and fails after one character almost everywhere. Inner spaces match any
    whitespace; the longest surface wins through normal backtracking.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for surface in set(surfaces):
        node = trie
        for ch in surface:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        ends = "" in node
        if len(branches) == 1 and not ends:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")

    return build(trie)


def _cased(words: list[str] | tuple[str, ...]) -> list[str]:
    """The spellings a phrase takes in running text: each word lower or capitalised (short
    ones also upper), or all upper.

    Listing them beats `(?i:...)`, with which Python's engine gives up its first-character
    skip and runs several times slower.
    """
    out: set[str] = set()
    for phrase in words:
        tokens = phrase.split(" ")
        variants = [""]
        for tok in tokens:
            forms = {tok, tok.lower(), tok[:1].upper() + tok[1:].lower()}
            if len(tok.strip(".")) <= 3:
                forms.add(tok.upper())  # "US dollars", "UAE dirhams", "CFA francs"
            variants = [f"{v} {f}" if v else f for v in variants for f in forms]
        out.update(variants)
        out.add(phrase.upper())
    return sorted(out)


def _ci(words: list[str] | tuple[str, ...]) -> str:
    return f"(?:{_alt(_cased(words))})"


def _currency_pattern(table: dict[str, _Currency]) -> str:
    symbols = [k for k, c in table.items() if c.kind == "symbol"]
    codes = [k for k, c in table.items() if c.kind == "code"]
    words = _cased([k for k, c in table.items() if c.kind == "word"])
    return rf"(?:{_alt(symbols)}|\b(?:{_alt(codes + words)})(?![A-Za-z]))"


_CUR_B = _currency_pattern(_CUR_BEFORE)
_CUR_A = _currency_pattern(_CUR_AFTER)


def _number_words(*kinds: str, attach: str | None = None) -> list[str]:
    return [w for w, (_, k, a) in _NUMBER_WORDS.items() if k in kinds and attach in (None, a)]


# Western grouping "1,250,000", Indian grouping "2,64,000" (lakhs), plain "16.5", and a
# decimal comma "16,5" as translated text writes it.
_SPACE_GROUPED = r"(?<!\d)\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?"
# A decimal comma ("16,5", "$1,84bn") is tried before a plain integer, or "$1,84bn" would
# end at "$1".
_DIGITS = (
    r"(?:\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|"
    + _SPACE_GROUPED
    + r"|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?)(?!\d)"
)
_SCALE = (
    rf"(?:(?:\s+|-)?{_ci(_number_words('scale', 'abbrev', attach='space'))}(?![A-Za-z])"
    rf"|{_ci(_number_words('scale', 'abbrev', attach='tight'))}(?![A-Za-z]))"
    rf"(?:\s+{_ci(_number_words('scale'))}(?![A-Za-z]))?"
)
_CARD = _ci(_number_words("cardinal", "scale"))
_AND, _HALF, _ART = _ci(["and"]), _ci(["half"]), _ci(["a", "an"])
# "and" joins only after a hundred or a scale word ("two hundred and fifty"); "ten and
# twelve" is two numbers, the ends of a range.
_CARD_TOKEN = rf"(?:{_ci(_number_words('hundred', 'scale'))}(?:\s+{_AND}(?=\s+{_CARD}))?|{_CARD})"
_CARD_SEQ = rf"{_CARD_TOKEN}(?:[\s-]+{_CARD_TOKEN})*"
# "a hundred", "a million": an article counts as one only before a hundred or a scale word
_HUNDRED_OR_SCALE = _ci(_number_words("hundred", "scale"))
_WORDNUM = (
    rf"(?:(?<![\w-])(?:{_HALF}[\s-]+{_ART}[\s-]+|{_ART}[\s-]+(?={_HUNDRED_OR_SCALE}))?{_CARD_SEQ}"
    rf"(?:[\s-]+{_AND}[\s-]+{_ART}[\s-]+{_HALF}(?:[\s-]+{_CARD_SEQ})?)?(?!\w))"
)
_NUMBER = rf"(?:{_DIGITS}(?:{_SCALE})?|{_WORDNUM})"
_SIGN = rf"(?:(?<![\w.,%)\]])(?:[-−+](?=\S)|{_ci(['minus'])}\s+))"
# A number starts after a space or a mark, or glued to a short word by scraping damage
# ("an18.2 per cent rise", "by12%").
_START = r"(?:(?<![\w.,/])|(?<=\ba)|(?<=\ban)|(?<=\bby)|(?<=\bto)|(?<=\bof)|(?<=\bat))"

_PCT = (
    r"(?:\s?%"
    rf"|(?:\s*|-){_ci([s for s, u in _PERCENT_UNITS.items() if u[2] == 'space' and s != '%'])}"
    r"(?![A-Za-z])"
    rf"|{_ci([s for s, u in _PERCENT_UNITS.items() if u[2] == 'tight'])}(?![A-Za-z]))"
)

# the sign before the currency ("-$12.4bn") or, as tables write it, after ("$-12.4bn")
# (a spelled-out number after a currency only with its scale word: "USD one billion")
_MONEY_BEFORE_RE = re.compile(
    rf"(?P<sign>{_SIGN})?(?P<cur>{_CUR_B})\s?(?P<sign_after>[-−](?=\d))?"
    rf"(?P<num>{_DIGITS}(?:{_SCALE})?|(?<=\s){_WORDNUM})"
)
_MONEY_AFTER_RE = re.compile(
    rf"(?P<sign>{_SIGN})?{_START}(?P<num>{_NUMBER})(?:\s+|-)?(?:{_ci(['of'])}\s+)?(?P<cur>{_CUR_A})"
)
_PERCENT_RE = re.compile(rf"(?P<sign>{_SIGN})?{_START}(?P<num>{_DIGITS}|{_WORDNUM})(?P<pct>{_PCT})")

# "tens of millions of dollars", "hundreds of thousands of euros": a range of one order of
# magnitude, read at its midpoint
_VAGUE_MULTIPLES = {"tens": Decimal(10), "hundreds": Decimal(100)}
_VAGUE_RE = re.compile(
    rf"(?<![\w-])(?P<mult>{_ci(list(_VAGUE_MULTIPLES))})\s+{_ci(['of'])}\s+"
    rf"(?P<scale>{_ci(['thousands', 'millions', 'billions', 'trillions'])})\s+{_ci(['of'])}\s+"
    rf"(?P<cur>{_CUR_A})"
)

_OPENERS = _ci(["between", "from"])
# "$24-25 billion", "10 to 12 percent", "between 5 and 6", "$30 or $40 billion"
_CONN = rf"(?:-|–|—|{_ci(['to', 'and', 'or'])})"
# The low end of a range written before a complete figure: "10-" in "10-12%".
_LOW_RE = re.compile(
    rf"(?:(?P<opener>{_OPENERS})\s+)?(?P<cur>{_CUR_B})?\s?{_START}(?P<num>{_NUMBER})"
    rf"(?P<pct>{_PCT})?\s*(?P<conn>{_CONN})\s*$"
)
# The high end written after a complete money figure: "-24.5 billion" after "$24".
_HIGH_RE = re.compile(
    rf"\s*(?P<conn>-|–|—|{_ci(['to'])})\s*(?P<num>{_DIGITS}(?:{_SCALE})?)(?![\w%])"
)
_CONN_BEFORE_RE = re.compile(rf"{_CONN}\s*$")
# Joins two complete figures into a range: "$24 billion to $24.5 billion".
_JOIN_RE = re.compile(rf"\s*(?P<conn>{_CONN})\s*$")
_OPENER_BEFORE_RE = re.compile(rf"(?<![\w])({_OPENERS})\s+$")
# "X to Y" is read as a range only when Y is at most twice X and no change word stands before
# X; "between X and Y" and "X-Y" are ranges whatever the ratio.
_MAX_TO_RATIO = 2
_CHANGE_BEFORE_RE = re.compile(
    rf"(?<![\w])(?:{_ci([r['word'] for r in _read_tsv('amounts_range_blockers.tsv')])})\s+$"
)
_RANGING_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:rang|var[iy])\w*\s+from\s+$")

_APPROX_RE = re.compile(
    r"(?:^|(?<=[\s(\[,;:\"'“‘—–-]))(?P<phrase>" + _ci(list(_APPROXIMATIONS)) + r")\s*$"
)
_LAST_WORD_RE = re.compile(r"(\w+)\s+$")
_THE_BEFORE_RE = re.compile(r"(?i)(?<!\w)the\s+$")
_MARK_AFTER_RE = re.compile(r"(?i)\s*(?:-\s*)?(?:mark|barrier|threshold|milestone|level|line)\b")
_YEAR_RE = re.compile(r"(?:1[89]|20|21)\d\d")
_IN_BEFORE_RE = re.compile(r"(?i)(?<![\w])in\s+$")
_ARTICLE_RE = re.compile(r"(?i)an?\s")

# Every figure holds one of these cues (a currency or a percent sign or word): matching runs
# only in windows around them, and a text without any is answered without matching at all.
# (Three patterns, because one alternation of all kinds loses the engine's first-character
# skip and runs ten times slower.)
_CUE_SIGN_RE = re.compile(
    _alt([k for k, c in (*_CUR_BEFORE.items(), *_CUR_AFTER.items()) if c.kind == "symbol"] + ["%"])
)
_CUE_TIGHT_PERCENT_RE = re.compile(
    r"\d\s?"
    + _ci([s for s in _PERCENT_UNITS if s != "%" and " " not in s and len(s) <= 4])
    + r"(?![A-Za-z])"
)
_CUE_WORD_RE = re.compile(
    r"\b(?:"
    + _alt(
        [k for k, c in (*_CUR_BEFORE.items(), *_CUR_AFTER.items()) if c.kind == "code"]
        + _cased([k for k, c in _CUR_AFTER.items() if c.kind == "word"])
        + _cased([s for s in _PERCENT_UNITS if s != "%"])
    )
    + r")(?![A-Za-z])"
)
_CUE_REACH_BACK = 90  # room for "between one hundred and twenty-five million" before a cue
_CUE_REACH_AHEAD = 60  # room for "1,250,000.50 lakh crore" after a currency sign
_SIGN_REACH = 8  # room for "minus " before a currency sign
_FALLBACK_CUES = frozenset(
    k for k, c in _CUR_AFTER.items() if c.kind in ("word", "code") and not c.guard
)
# The fallback is asked only when the words right before a currency word are all parts of
# a number ("5 1/2", "5 and a half million"), with a digit or a cardinal among them: not
# for "445 per dollar" or "billions of dollars", and never for prose.
_NUMBERISH = _ci(
    [*_NUMBER_WORDS, "and", "point", "dozen", "quarter", "quarters", "third", "thirds"]
)
_UNREAD_NUMBER_RE = re.compile(rf"(?<![\w.,])(?:(?:\d[\d,./]*|{_NUMBERISH})[\s-]+){{1,6}}$")
_HAS_CARDINAL_RE = re.compile(rf"\d|\b{_ci(_number_words('cardinal'))}\b")


# --- reading numbers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Number:
    value: Decimal
    scale: Decimal  # the scale word's multiplier (million, bn, crore ...), 1 without one

    @property
    def scaled(self) -> bool:
        return self.scale != 1


_SPACE_GROUPED_RE = re.compile(_SPACE_GROUPED)
_DIGIT_RUN_RE = re.compile(r"[\d,.]+")
_GROUP_SPACE_RE = re.compile(r"[ \u00a0\u2009\u202f]")
_DECIMAL_COMMA_RE = re.compile(r"\d+,\d{1,2}")
_LETTERS_RE = re.compile(r"[A-Za-z]+")
_LOWER_LETTERS_RE = re.compile(r"[a-z]+")


def _parse_digits(text: str) -> _Number | None:
    # "1 402.6 million", "17 822 billion": groups of three set off by (thin) spaces
    m = _SPACE_GROUPED_RE.match(text) or _DIGIT_RUN_RE.match(text)
    if m is None:
        return None
    raw = _GROUP_SPACE_RE.sub("", m.group(0)).rstrip(".,")
    # "16,5 billion" in translated text is a decimal comma; "1,250" a thousands separator.
    decimal_comma = _DECIMAL_COMMA_RE.fullmatch(raw) is not None
    raw = raw.replace(",", "." if decimal_comma else "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    scale = Decimal(1)
    for word in _LETTERS_RE.findall(text, m.end()):
        factor = _SCALES.get(word.lower())
        if factor is None:
            return None
        scale *= factor
    return _Number(value * scale, scale)


def _parse_words(text: str) -> _Number | None:
    tokens = _LOWER_LETTERS_RE.findall(text.lower())
    total = current = Decimal(0)
    factor = scale = Decimal(1)
    seen = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "and" and tokens[i + 1 : i + 3] in (["a", "half"], ["an", "half"]):
            current += Decimal("0.5")
            i += 3
            continue
        entry = _NUMBER_WORDS.get(tok)
        if tok == "and":
            pass
        elif entry is None:
            return None
        elif entry[1] == "fraction":
            if seen or current:
                return None
            factor *= entry[0]
        elif entry[1] == "article":
            # "a million", "a hundred": one of them; "a seven percent rise": no number
            ahead = _NUMBER_WORDS.get(tokens[i + 1]) if i + 1 < len(tokens) else None
            if not seen and not current and ahead is not None and ahead[1] in ("hundred", "scale"):
                current = Decimal(1)
        elif entry[1] == "cardinal":
            current += entry[0]
            seen = True
        elif entry[1] in ("hundred", "scale") and not (seen or current or factor != 1):
            return None  # "million dollars" alone is no figure: a number must lead
        elif entry[1] == "hundred":
            current = (current or Decimal(1)) * entry[0]
            seen = True
        elif entry[1] == "scale":
            if not current and total:
                total *= entry[0]
            else:
                total += (current or Decimal(1)) * entry[0]
            current = Decimal(0)
            scale = max(scale, entry[0])
            seen = True
        i += 1
    if not seen:
        return None
    return _Number((total + current) * factor, scale)


def _parse_number(text: str) -> _Number | None:
    text = text.strip()
    if not text:
        return None
    return _parse_digits(text) if text[0].isdigit() else _parse_words(text)


def _percent_unit(surface: str) -> tuple[str, Decimal, str] | None:
    return _PERCENT_UNITS.get(" ".join(surface.replace("-", " ").lower().split()))


# --- atoms --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    value: Decimal
    unit: str
    kind: Kind
    scale: Decimal  # of the number as written: a bare low end of a range borrows it
    rule: str
    cur_before: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    shared: bool = False  # its currency surface is shared by several countries ("Rs")


def _signed(value: Decimal, sign: str | None) -> Decimal:
    return -value if sign and sign.strip().lower() in ("-", "−", "minus") else value


def _passes_guard(cur: _Currency, number: _Number) -> bool:
    if cur.guard == "scale":
        return number.scaled
    if cur.guard == "big":
        return number.scaled or abs(number.value) >= 1000
    return True


def _money_before(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for m in _MONEY_BEFORE_RE.finditer(text, pos, endpos):
        cur = _CUR_BEFORE.get(_norm_key(m.group("cur"), "symbol"))
        number = _parse_number(m.group("num"))
        if cur is None or number is None or not _passes_guard(cur, number):
            continue
        if not m.group("num")[0].isdigit() and not number.scaled:
            continue  # "US$ one" is no figure; "USD one billion" is
        rule = "money_symbol_before" if cur.kind == "symbol" else "money_code_before"
        value = _signed(number.value, m.group("sign") or m.group("sign_after"))
        yield _Atom(
            m.start(), m.end(), value, cur.iso, "money", number.scale, rule, True, shared=cur.shared
        )


def _money_after(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for m in _MONEY_AFTER_RE.finditer(text, pos, endpos):
        surface = m.group("cur")
        cur = _CUR_AFTER.get(_norm_key(surface, "code")) or _CUR_AFTER.get(
            _norm_key(surface, "word")
        )
        number = _parse_number(m.group("num"))
        if cur is None or number is None or not _passes_guard(cur, number):
            continue
        num_text = m.group("num").strip()
        if _YEAR_RE.fullmatch(num_text) and _IN_BEFORE_RE.search(
            text, max(0, m.start() - 5), m.start()
        ):
            continue  # "in 2023 dollars": a price base, not an amount
        if _ARTICLE_RE.match(num_text) and "-" in text[m.end("num") : m.start("cur")]:
            continue  # "a million-dollar question": an idiom, not a figure
        rule = f"money_{cur.kind}_after"
        value = _signed(number.value, m.group("sign"))
        yield _Atom(
            m.start(), m.end(), value, cur.iso, "money", number.scale, rule, shared=cur.shared
        )


def _vague_money(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for m in _VAGUE_RE.finditer(text, pos, endpos):
        surface = m.group("cur")
        cur = _CUR_AFTER.get(_norm_key(surface, "code")) or _CUR_AFTER.get(
            _norm_key(surface, "word")
        )
        if cur is None:
            continue
        scale = _SCALES[m.group("scale").lower().removesuffix("s")]
        low = _VAGUE_MULTIPLES[m.group("mult").lower()] * scale
        high = low * 10
        yield _Atom(
            m.start(),
            m.end(),
            (low + high) / 2,
            cur.iso,
            "money",
            scale,
            "money_vague_range",
            low=low,
            high=high,
            shared=cur.shared,
        )


def _percents(text: str, pos: int, endpos: int) -> Iterator[_Atom]:
    for m in _PERCENT_RE.finditer(text, pos, endpos):
        number = _parse_number(m.group("num"))
        unit = _percent_unit(m.group("pct"))
        if number is None or unit is None:
            continue
        kind: Kind = "percentage_points" if unit[0] == "percentage_points" else "percent"
        value = _signed(number.value * unit[1], m.group("sign"))
        yield _Atom(m.start(), m.end(), value, kind, kind, unit[1], kind)


def _prefer_longest(atoms: list[_Atom]) -> list[_Atom]:
    """Overlap policy: the longest atom wins; at equal length, the earlier one."""
    chosen: list[_Atom] = []  # kept sorted by start, so each check looks at two neighbours
    starts: list[int] = []
    for atom in sorted(atoms, key=lambda a: (a.start - a.end, a.start)):
        i = bisect.bisect_left(starts, atom.start)
        if i < len(chosen) and chosen[i].start < atom.end:
            continue
        if i > 0 and chosen[i - 1].end > atom.start:
            continue
        chosen.insert(i, atom)
        starts.insert(i, atom.start)
    return chosen


# --- ranges -------------------------------------------------------------------------------


def _range_allowed(text: str, start: int, conn: str, opener: str | None) -> bool:
    """ "from X to Y" is a change, not a range, unless something "ranges from X to Y"."""
    conn, opener = conn.lower(), (opener or "").lower()
    if conn == "and":
        return opener == "between"
    if conn == "to" and opener == "from":
        return bool(_RANGING_BEFORE_RE.search(text, max(0, start - 30), start))
    return True


def _make_range(
    text: str, conn: str, first: _Atom, start: int, end: int, low: Decimal, high: _Atom
) -> _Atom | None:
    if not low < high.value:
        return None
    if conn.lower() in ("to", "or") and (
        (low > 0 and high.value > low * _MAX_TO_RATIO)
        or _CHANGE_BEFORE_RE.search(text, max(0, start - 30), start)
    ):
        return None  # "by $38 million to $158 million", "rose 5% to 7%": a change, two figures
    mid = (low + high.value) / 2
    rule = f"{high.rule}_range"
    return _Atom(
        start,
        end,
        mid,
        high.unit,
        high.kind,
        high.scale,
        rule,
        first.cur_before,
        low,
        high.value,
        shared=first.shared or high.shared,
    )


def _opener(text: str, pos: int) -> re.Match[str] | None:
    return _OPENER_BEFORE_RE.search(text, max(0, pos - 12), pos)


def _join_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    out: list[_Atom] = []
    for atom in atoms:
        joined = _join_two(text, out[-1], atom) if out else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(_extend_low(text, atom, out[-1].end if out else 0))
    limits = [a.start for a in out[1:]] + [len(text)]
    return [_extend_high(text, a, limit) for a, limit in zip(out, limits, strict=False)]


def _join_two(text: str, first: _Atom, second: _Atom) -> _Atom | None:
    """ "$24 billion to $24.5 billion", "10% to 12%", "$10-$12 billion"."""
    if first.low is not None or (first.unit, first.kind) != (second.unit, second.kind):
        return None
    m = _JOIN_RE.match(text, first.end, second.start)
    if m is None:
        return None
    opener = _opener(text, first.start)
    if not _range_allowed(text, first.start, m.group("conn"), opener and opener.group(1)):
        return None
    low = first.value
    if first.scale == 1 and second.scale != 1:
        low *= second.scale
    start = opener.start(1) if opener and opener.group(1).lower() == "between" else first.start
    return _make_range(text, m.group("conn"), first, start, second.end, low, second)


def _extend_low(text: str, atom: _Atom, floor: int) -> _Atom:
    """ "10-12%", "between 10 and 12 percent", "3-5 billion dollars"."""
    if not _CONN_BEFORE_RE.search(text, max(floor, atom.start - 6), atom.start):
        return atom  # most figures have no connector before them: skip the costly search
    m = _LOW_RE.search(text, max(floor, atom.start - 80), atom.start)
    if m is None or (m.group("pct") and atom.kind == "money"):
        return atom
    if atom.cur_before and not m.group("cur"):
        return atom
    if m.group("cur"):
        cur = _CUR_BEFORE.get(_norm_key(m.group("cur"), "symbol"))
        if atom.kind != "money" or cur is None or cur.iso != atom.unit:
            return atom
    opener = m.group("opener")
    if not _range_allowed(text, m.start(), m.group("conn"), opener):
        return atom
    number = _parse_number(m.group("num"))
    if number is None:
        return atom
    low = number.value
    if m.group("pct"):
        unit = _percent_unit(m.group("pct"))
        low *= unit[1] if unit else 1
    elif number.scale == 1:
        low *= atom.scale
    if opener and opener.lower() == "between":
        start = m.start()
    else:
        start = m.start("cur") if m.group("cur") else m.start("num")
    return _make_range(text, m.group("conn"), atom, start, atom.end, low, atom) or atom


def _extend_high(text: str, atom: _Atom, limit: int) -> _Atom:
    """ "$24-24.5 billion": a money figure whose high end has no currency of its own."""
    if atom.low is not None or atom.kind != "money" or not atom.cur_before:
        return atom
    m = _HIGH_RE.match(text, atom.end)
    if m is None or m.end() > limit:
        return atom
    number = _parse_number(m.group("num"))
    if number is None or (not number.scaled and _YEAR_RE.fullmatch(m.group("num"))):
        return atom
    opener = _opener(text, atom.start)
    if not _range_allowed(text, atom.start, m.group("conn"), opener and opener.group(1)):
        return atom
    low = atom.value * number.scale if atom.scale == 1 else atom.value
    high = _Atom(m.start("num"), m.end(), number.value, atom.unit, "money", number.scale, atom.rule)
    start = opener.start(1) if opener and opener.group(1).lower() == "between" else atom.start
    return _make_range(text, m.group("conn"), atom, start, m.end(), low, high) or atom


# --- approximation and output -------------------------------------------------------------


def _approximation(text: str, atom: _Atom) -> Approximation:
    if atom.low is not None:
        return "about"
    end = atom.start
    the = _THE_BEFORE_RE.search(text, max(0, end - 5), end)
    if the is not None and _MARK_AFTER_RE.match(text, atom.end):
        end = the.start()  # "crossed the $50 billion mark": the verb stands before "the"
    m = _APPROX_RE.search(text, max(0, end - 25), end)
    if m is None:
        return "exact"
    phrase = " ".join(m.group("phrase").lower().split())
    unless = _APPROX_UNLESS_AFTER.get(phrase)
    if unless:
        before = _LAST_WORD_RE.search(text, max(0, m.start() - 30), m.start())
        if before is not None and before.group(1).lower() in unless:
            return "exact"
    return _APPROXIMATIONS.get(phrase, "exact")


def _to_amount(text: str, atom: _Atom) -> Amount:
    return Amount(
        value=float(atom.value),
        unit=atom.unit,
        kind=atom.kind,
        approximation=_approximation(text, atom),
        span=Span(atom.start, atom.end),
        surface=text[atom.start : atom.end],
        low=float(atom.low) if atom.low is not None else None,
        high=float(atom.high) if atom.high is not None else None,
        rule=atom.rule,
        shared=atom.shared,
    )


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start = max(0, start)
        while end < len(text) and not text[end].isspace():
            end += 1  # a window must not end inside a word, where "(?![A-Za-z])" would lie
        end = min(end, len(text))
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _windows(
    text: str, cues: list[re.Match[str]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """Where each kind of figure can be: after a currency sign, before a currency word,
    before a percent sign or word. Each pattern then reads only its own stretches."""
    before, after, percent = [], [], []
    for cue in cues:
        surface = cue.group(0)
        code_key, word_key = _norm_key(surface, "code"), _norm_key(surface, "word")
        is_before = code_key in _CUR_BEFORE
        is_after = code_key in _CUR_AFTER or word_key in _CUR_AFTER
        if is_before:
            before.append((cue.start() - _SIGN_REACH, cue.end() + _CUE_REACH_AHEAD))
        if is_after:
            after.append((cue.start() - _CUE_REACH_BACK, cue.end()))
        if not (is_before or is_after):
            percent.append((cue.start() - _CUE_REACH_BACK, cue.end()))
    return _merge(text, before), _merge(text, after), _merge(text, percent)


def _is_fallback_cue(cue: re.Match[str]) -> bool:
    surface = cue.group(0)
    return _norm_key(surface, "code") in _FALLBACK_CUES or _norm_key(surface, "word") in (
        _FALLBACK_CUES
    )


def _fallback(text: str, cues: list[re.Match[str]], found: list[_Atom]) -> list[_Atom]:
    """Ask quantulum3 about currency words left next to a number the grammar could not read."""
    extra: list[_Atom] = []
    starts = [a.start for a in found]
    for cue in cues:
        if not _is_fallback_cue(cue):
            continue
        i = bisect.bisect_right(starts, cue.start()) - 1
        if (i >= 0 and found[i].end > cue.start()) or any(
            a.start <= cue.start() < a.end for a in extra
        ):
            continue
        before = text[max(0, cue.start() - 30) : cue.start()]
        unread = _UNREAD_NUMBER_RE.search(before)
        if unread is None or not _HAS_CARDINAL_RE.search(unread.group(0)):
            continue
        seen = _MONEY_AFTER_RE.search(text, max(0, cue.start() - 60), cue.end())
        if (
            seen is not None
            and seen.end() == cue.end()
            and _parse_number(seen.group("num")) is not None
        ):
            continue  # the grammar read this figure and turned it down on purpose
        # From the sentence start (or 120 characters back) to just past the currency word.
        lo = max(0, text.rfind(". ", 0, cue.start()) + 2, cue.start() - 120)
        hi = min(len(text), cue.end() + 40)
        for q in quantities.parse(text[lo:hi]):
            start, end = lo + q.start, lo + q.end
            if (
                q.entity != "currency"
                or q.currency not in CURRENCY_CODES
                or not start <= cue.start() < end
                or any(a.start < end and start < a.end for a in (*found, *extra))
            ):
                continue
            value = Decimal(str(q.value))
            extra.append(_Atom(start, end, value, q.currency, "money", Decimal(1), "quantulum3"))
    return extra


def amounts(text: str) -> list[Amount]:
    """Every money amount and percentage in `text`, sorted by position, never overlapping."""
    if not isinstance(text, str):
        return []
    cues = sorted(
        [
            *_CUE_SIGN_RE.finditer(text),
            *_CUE_TIGHT_PERCENT_RE.finditer(text),
            *_CUE_WORD_RE.finditer(text),
        ],
        key=lambda m: m.start(),
    )
    if not cues:
        return []
    # No blanket try/except: every reading step returns None for what it cannot read, and a
    # fuzz test holds that; a catch-all here once hid a real bug behind an empty answer.
    found: list[_Atom] = []
    before, after, percent = _windows(text, cues)
    for pos, endpos in before:
        found += _money_before(text, pos, endpos)
    for pos, endpos in after:
        found += _money_after(text, pos, endpos)
        found += _vague_money(text, pos, endpos)
    for pos, endpos in percent:
        found += _percents(text, pos, endpos)
    atoms = _borrow_scale(text, _join_ranges(text, _prefer_longest(found)))
    atoms = sorted([*atoms, *_fallback(text, cues, atoms)], key=lambda a: a.start)
    if _writes_decimal_commas(text):
        atoms = [_decimal_group(text, a) for a in atoms]
    return [_to_amount(text, a) for a in _list_scale(text, atoms)]


# "20,5%", "2,75bn": a comma before one or two digits is a decimal mark; "12.5" a decimal point
_DECIMAL_COMMA_EVIDENCE_RE = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,])")
_DECIMAL_POINT_EVIDENCE_RE = re.compile(r"\d\.\d")
_ONE_GROUP_RE = re.compile(r"(?<![\d.,])\d{1,3},\d{3}(?![\d,.])")
_GROUP = Decimal(1000)


def _writes_decimal_commas(text: str) -> bool:
    """The text marks decimals with a comma ("fell 20,5%") and never with a point."""
    return (
        _DECIMAL_COMMA_EVIDENCE_RE.search(text) is not None
        and _DECIMAL_POINT_EVIDENCE_RE.search(text) is None
    )


def _decimal_group(text: str, atom: _Atom) -> _Atom:
    """ "US$ 1,345 billion" in a text that writes decimal commas is 1.345 billion: the comma
    before three digits and a scale word is its decimal mark, not a thousands separator."""
    if atom.kind != "money" or atom.scale == 1 or atom.low is not None:
        return atom
    groups = _ONE_GROUP_RE.findall(text, atom.start, atom.end)
    if len(groups) != 1:
        return atom
    return replace(atom, value=atom.value / _GROUP, rule="money_decimal_comma")


_TO_GAP_RE = re.compile(rf"\s*{_ci(['to', 'from'])}\s*")  # "to $2.02 from $2.78bn" too
_BORROW_LIMIT = Decimal(1000)  # a bare figure at least this big has its own scale
# and the borrowed reading must stay within ten times the second figure either way:
# "ranging from $200 to $4 million" starts at $200, not at $200 million
_BORROW_RATIO = Decimal(10)


def _borrow_scale(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """ "from $10 to $15 billion", "declined to $2.02 from $2.78bn": a change whose first
    figure is written without the scale word of the second borrows it (a range, "$10-15
    billion", is joined before this)."""
    out = list(atoms)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            a.kind == b.kind == "money"
            and a.unit == b.unit
            and a.scale == 1
            and b.scale != 1
            and a.low is None
            and abs(a.value) < _BORROW_LIMIT
            and abs(b.value) / _BORROW_RATIO
            <= abs(a.value * b.scale)
            <= abs(b.value) * _BORROW_RATIO
            and _TO_GAP_RE.fullmatch(text, a.end, b.start)
        ):
            out[i] = replace(a, value=a.value * b.scale, scale=b.scale, rule="money_borrowed_scale")
    return out


# between two figures of one list: ", ", " and ", ", and "
_LIST_GAP_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_BARE_LIMIT = Decimal(1_000_000)  # a bare list item at least this big has its own scale


def _list_scale(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """ "$1,082.24 million, $1,322.13 and $2,599.49": the list's one scale word stands for
    all its figures of the same currency written without one."""
    out = list(atoms)
    i = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and out[j + 1].kind == "money"
            and out[j].kind == "money"
            and out[j + 1].unit == out[i].unit
            and _LIST_GAP_RE.fullmatch(text, out[j].end, out[j + 1].start)
        ):
            j += 1
        run = out[i : j + 1]
        scaled = [a for a in run if a.scale != 1]
        if len(run) > 1 and len(scaled) == 1 and scaled[0] in (run[0], run[-1]):
            scale = scaled[0].scale
            for k in range(i, j + 1):
                a = out[k]
                if a.scale == 1 and abs(a.value) < _BARE_LIMIT and a.low is None:
                    out[k] = replace(a, value=a.value * scale, scale=scale, rule="money_list_scale")
        i = j + 1
    return out


# A scaled number with no currency that ends its clause ("..., and imports 1.8 billion."):
# the currency of the money figure before it in the same sentence, when the caller gives one.
_CARRIED_RE = re.compile(
    rf"(?P<sign>{_SIGN})?{_START}(?P<num>{_DIGITS}{_SCALE})"
    r"(?=\s*(?:[.,;:!?)\]\"'”’—–]|-\s|$)|\s+(?:in|during)\s+(?:19|20)\d\d\b)"
)


def carried(text: str, figures: list[Amount], currency: str) -> list[Amount]:
    """The scaled numbers of `text` written without a currency ("1.8 billion") that stand
    after a money figure of `figures` and end a clause, or are dated by a year ("compared with
    690m in 1998"): each in `currency`, the currency of
    the figures the sentence gave before it. None overlaps `figures`."""
    first = min((f.span.start for f in figures if f.kind == "money"), default=None)
    if first is None:
        return []
    out = []
    for m in _CARRIED_RE.finditer(text, first):
        if any(f.span.start < m.end() and m.start() < f.span.end for f in figures):
            continue
        number = _parse_number(m.group("num"))
        if number is None or not number.scaled:
            continue
        atom = _Atom(
            m.start(),
            m.end(),
            _signed(number.value, m.group("sign")),
            currency,
            "money",
            number.scale,
            "money_carried",
        )
        out.append(_to_amount(text, atom))
    return out


# The grammar's rules, as the claims name them ("figure:<rule>"); `shows_in="grammar"`: the
# example is read by amounts() alone.
RULES: tuple[Rule[object, object], ...] = tuple(
    Rule(f"figure:{rule}", doc, example, shows_in="grammar")
    for rule, doc, example in (
        (
            "money_symbol_before",
            "a currency sign before the number",
            "Trade reached $26.5 billion.",
        ),
        (
            "money_code_before",
            "a currency code before the number",
            "Trade reached USD 26.5 billion.",
        ),
        ("money_symbol_after", "a currency sign after the number", "Exports reached 26,5 €."),
        (
            "money_list_scale",
            "a list's one scale word stands for its figures of the same currency written "
            "without one",
            "Imports were $1,082.24 million, $1,322.13 and $2,599.49.",
        ),
        ("money_code_after", "a currency code after the number", "Trade reached 26.5 billion USD."),
        (
            "money_word_after",
            "a currency word after the number",
            "Trade reached 26.5 billion dollars.",
        ),
        (
            "money_borrowed_scale",
            "a change's first figure written without the scale word of the second borrows it",
            "Trade rose from $10 to $15 billion.",
        ),
        (
            "money_decimal_comma",
            "in a text that writes decimal commas, a comma before three digits and a scale "
            "word is the decimal mark",
            "Trade reached US$ 1,345 billion, 20,5% lower than a year before.",
        ),
        (
            "money_vague_range",
            "'tens of millions of dollars': one order of magnitude, read at its midpoint",
            "Trade with Kazakhstan is worth tens of millions of dollars.",
        ),
        ("percent", "a percentage", "Trade grew 12.5 percent."),
        ("percentage_points", "percentage points (never a claim's figure)", "The share rose 2 pp."),
        (
            "money_symbol_before_range",
            "a range of money, read at its midpoint",
            "Trade should reach $24-24.5 billion.",
        ),
        (
            "money_word_after_range",
            "a range of money with a currency word",
            "Trade should reach 24 to 26 billion dollars.",
        ),
        ("percent_range", "a range of percentages", "Trade should grow 10-12%."),
        (
            "quantulum3",
            "a number the grammar cannot read beside a currency word, read by quantulum3",
            "Trade reached 5 and a half million dollars.",
        ),
    )
)
CARRIED_RULE: Rule[object, object] = Rule(
    "figure:money_carried",
    "a scaled number with no currency, after a money figure of its sentence, is in that "
    "figure's currency (amounts.carried)",
    "Kazakhstan's exports to Russia rose to $4.4 billion in 2023, and its imports from Russia "
    "to 1.8 billion.",
)
RULES = (*RULES, CARRIED_RULE)
