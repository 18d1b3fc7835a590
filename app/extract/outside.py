"""Scoring on sets kept apart from the project (tests/data/outside/): how the gazetteer reads
country names and demonyms that someone else wrote down, and how the figures grammar
(`amounts()`) reads money in news sentences that someone else annotated.

Nothing here is used to build the extractor: the gazetteer comes from pycountry, countryinfo
and the hand-kept tables (scripts/gen_countries.py), and an outside set is only ever scored.
Like the real-article set, a list's text is not in the repository: `sources.json` names where
it lives (repository, path, commit) with the SHA-256 and length of its text, and the text sits
in the git-ignored `cache/`, refilled with the search tool's `read_file` (the folder's README).

    python -m app.extract.outside                 score every cached list
    python -m app.extract.outside --show          and print each miss
    python -m app.extract.outside put < text.json store a list's text (a JSON string literal)

A list's row is right when the gazetteer, reading it in a plain trade sentence, finds the
row's country first and its mention covers the whole surface. A surface the list gives to
several countries ("Congolese") is right for any of them.

A quantities set is a JSON list of sentences, each with its annotated quantities (value, unit
as written, normalised unit). Its money quantities are those whose normalised unit is a
currency (or a currency per something: "dollar per barrel" is a price in dollars), in the
currency the written unit names; each sentence is read by `amounts()`, and a money figure
found matches a gold one when the currency is the same and the value is within 1e-5 of it
(relative; a range matches by its two ends or its midpoint). Precision, recall and F1 are
over all the set's money quantities.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.extract.amounts import amounts
from app.extract.countries import find_countries
from app.extract.types import Amount

OUTSIDE_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "outside"
CACHE = OUTSIDE_DIR / "cache"
# the sentence each surface is read in: the surface leads, as a subject's modifier does
SENTENCE = "{} exports rose by 5 percent last year."


@dataclass(frozen=True)
class Row:
    surface: str
    iso3: str


def sources() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads((OUTSIDE_DIR / "sources.json").read_text(encoding="utf-8"))
    return list(data["lists"])


def cached_text(source: dict[str, Any]) -> str | None:
    path = CACHE / f"{source['text_sha256']}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else None


def parse_rows(text: str) -> tuple[list[Row], int]:
    """The list's (surface, iso3) rows, and how many lines could not be read as one."""
    rows: list[Row] = []
    unreadable = 0
    for line in text.splitlines()[1:]:
        surface, comma, code = line.rpartition(",")
        code = code.strip()
        if not comma or not surface.strip() or len(code) != 3 or not code.isalpha():
            unreadable += line.strip() != ""
            continue
        rows.append(Row(surface.strip(), code.upper()))
    return rows, unreadable


def resolves(row: Row, allowed: set[str]) -> tuple[bool, str]:
    """Whether the gazetteer reads the row right, and what it read."""
    text = SENTENCE.format(row.surface)
    mentions = find_countries(text)
    if not mentions:
        return False, "nothing"
    first = mentions[0]
    whole = first.span.start == 0 and first.span.end >= len(row.surface)
    read = f"{first.iso3} ({text[first.span.start : first.span.end]!r})"
    return first.iso3 in allowed and whole, read


def score(rows: list[Row]) -> tuple[int, list[tuple[Row, str]]]:
    allowed: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        allowed[r.surface].add(r.iso3)
    right = 0
    misses: list[tuple[Row, str]] = []
    for r in rows:
        ok, read = resolves(r, allowed[r.surface])
        if ok:
            right += 1
        else:
            misses.append((r, read))
    return right, misses


# The quantities sets' normalised currency units, as ISO 4217 codes: the scorer's reading of
# the set's own vocabulary (a currency noun, perhaps after its country's adjective).
_CURRENCY_NOUNS = {
    "dollar": "USD",
    "cent": "USD",
    "euro": "EUR",
    "pound sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "krone": "DKK",
    "krona": "SEK",
    "franc": "CHF",
    "rand": "ZAR",
    "ruble": "RUB",
    "rouble": "RUB",
    "won": "KRW",
    "peso": "MXN",
    "real": "BRL",
    "lira": "TRY",
    "naira": "NGN",
    "shilling": "KES",
    "dirham": "AED",
    "riyal": "SAR",
    "shekel": "ILS",
    "ringgit": "MYR",
}
_CURRENCY_ADJECTIVES = {
    "united states": "USD",
    "us": "USD",
    "hong kong": "HKD",
    "australian": "AUD",
    "canadian": "CAD",
    "new zealand": "NZD",
    "singapore": "SGD",
    "taiwan": "TWD",
    "chinese": "CNY",
    "japanese": "JPY",
    "danish": "DKK",
    "norwegian": "NOK",
    "swedish": "SEK",
    "swiss": "CHF",
    "indian": "INR",
    "pakistani": "PKR",
    "mexican": "MXN",
    "brazilian": "BRL",
    "south african": "ZAR",
    "russian": "RUB",
    "turkish": "TRY",
    "kenyan": "KES",
    "ugandan": "UGX",
    "israeli": "ILS",
    "malaysian": "MYR",
}
# a dollar sign's country as the written unit marks it ("C$ per share", "HK$")
_DOLLAR_MARKS = (("HK$", "HKD"), ("NZ$", "NZD"), ("C$", "CAD"), ("A$", "AUD"), ("S$", "SGD"))


@dataclass(frozen=True)
class Money:
    """A gold money quantity: its value (or range) and currency."""

    low: float
    high: float
    currency: str


def gold_currency(unit: str, normalized: str) -> str | None:
    """The ISO 4217 code of a quantity's unit, or None when it is not money. "dollar per
    barrel" is money (a price in dollars); "pound-mass" and "real conversation" are not."""
    head = normalized.lower().split(" per ", 1)[0].strip()
    for noun, code in _CURRENCY_NOUNS.items():
        if head == noun:
            if code == "USD":
                marks = unit.replace("US", "")  # "US$", "$US": United States dollars
                return next((c for mark, c in _DOLLAR_MARKS if mark in marks), code)
            return code
        if head.endswith(" " + noun):
            return _CURRENCY_ADJECTIVES.get(head[: -len(noun) - 1])
    return None


def _gold_value(value: str) -> tuple[float, float] | None:
    low, dash, high = value.partition("-")
    try:
        return (float(low), float(high)) if dash and low else (float(value), float(value))
    except ValueError:
        return None


def gold_money(quantities: list[dict[str, Any]]) -> list[Money]:
    out: list[Money] = []
    for q in quantities:
        code = gold_currency(str(q.get("unit", "")), str(q.get("normalized_unit", "")))
        value = _gold_value(str(q.get("value", "")).replace(",", ""))
        if code is None or value is None:
            continue
        low, high = value
        if str(q.get("normalized_unit", "")).lower().startswith("cent"):
            low, high = low / 100, high / 100
        out.append(Money(low, high, code))
    return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-5 * max(abs(a), abs(b), 1e-9)


def money_matches(found: Amount, gold: Money) -> bool:
    if found.unit != gold.currency:
        return False
    if gold.low == gold.high:
        return _close(found.value, gold.low)
    both_ends = found.low is not None and found.high is not None
    if both_ends and _close(found.low or 0.0, gold.low) and _close(found.high or 0.0, gold.high):
        return True
    return _close(found.value, (gold.low + gold.high) / 2)


@dataclass
class MoneyScore:
    found: int = 0
    gold: int = 0
    matched: int = 0
    misses: list[tuple[str, Money]] | None = None
    false: list[tuple[str, Amount]] | None = None

    def prf(self) -> tuple[float, float, float]:
        p = self.matched / self.found if self.found else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_money(sentences: list[dict[str, Any]]) -> MoneyScore:
    """`amounts()` over each sentence against its gold money quantities, matched one to one."""
    result = MoneyScore(misses=[], false=[])
    assert result.misses is not None and result.false is not None
    for item in sentences:
        text = str(item["text"])
        gold = gold_money(list(item.get("quantities", [])))
        found = [a for a in amounts(text) if a.kind == "money"]
        result.found += len(found)
        result.gold += len(gold)
        left = list(gold)
        unmatched: list[Amount] = []
        for a in found:
            hit = next((g for g in left if money_matches(a, g)), None)
            if hit is None:
                unmatched.append(a)
            else:
                left.remove(hit)
                result.matched += 1
        for g in [g for g in left if g.low != g.high]:
            # "from $36,040 to $34,935", annotated as one quantity: two figures at its ends
            # are one match
            ends = [
                next((a for a in unmatched if a.unit == g.currency and _close(a.value, v)), None)
                for v in (g.low, g.high)
            ]
            if ends[0] is not None and ends[1] is not None and ends[0] is not ends[1]:
                unmatched = [a for a in unmatched if a is not ends[0] and a is not ends[1]]
                left.remove(g)
                result.matched += 1
                result.found -= 1
        result.false += [(text, a) for a in unmatched]
        result.misses += [(text, g) for g in left]
    return result


def join_literals(data: str) -> str:
    """The text of one or more JSON string literals one after another (a long file read page by
    page: one literal a page), joined."""
    decoder = json.JSONDecoder()
    parts: list[str] = []
    i = 0
    while True:
        while i < len(data) and data[i].isspace():
            i += 1
        if i == len(data):
            break
        value, i = decoder.raw_decode(data, i)
        if not isinstance(value, str):
            raise SystemExit("the input is not a sequence of JSON strings")
        parts.append(value)
    if not parts:
        raise SystemExit("the input holds no JSON string")
    return "".join(parts)


def cmd_put() -> int:
    text = join_literals(sys.stdin.read())
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    names = [s["name"] for s in sources() if s["text_sha256"] == sha]
    if not names:
        raise SystemExit(f"refused: no list in sources.json has SHA-256 {sha} ({len(text)} chars)")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"{sha}.txt").write_text(text, encoding="utf-8", newline="")
    print(f"stored {', '.join(names)} ({len(text)} chars)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.extract.outside")
    parser.add_argument("command", nargs="?", choices=("score", "put"), default="score")
    parser.add_argument("--show", action="store_true", help="print each miss")
    args = parser.parse_args(argv)
    if args.command == "put":
        return cmd_put()
    missing = 0
    for source in sources():
        text = cached_text(source)
        if text is None:
            missing += 1
            print(
                f"{source['name']}: not cached; read_file repo={source['repo']} "
                f"path={source['path']} commit={source['commit']}, then `put` (README.md)"
            )
            continue
        if source["kind"] == "quantities":
            _report_money(source, text, args.show)
            continue
        rows, unreadable = parse_rows(text)
        right, misses = score(rows)
        print(
            f"{source['name']} ({source['kind']}): {right}/{len(rows)} read right "
            f"({right / len(rows):.1%}); {unreadable} unreadable lines skipped"
        )
        if args.show:
            for row, read in misses:
                print(f"  {row.surface!r} {row.iso3}: read {read}")
    return 1 if missing else 0


def _report_money(source: dict[str, Any], text: str, show: bool) -> None:
    """The whole set's figures, then its two parts: the sentences whose misses were read
    while the grammar was worked on (`read_while_building`, the first N), and the rest, which
    nobody has read against the grammar: `--show` prints the misses of the first part only."""
    sentences = json.loads(text)
    read = int(source.get("read_while_building", 0))
    parts = [("all", sentences), ("read", sentences[:read]), ("unread", sentences[read:])]
    for label, part in parts:
        result = score_money(part)
        p, r, f1 = result.prf()
        print(
            f"{source['name']} (money in news sentences, {label}: {len(part)}): P={p:.3f} "
            f"R={r:.3f} F1={f1:.3f} (found {result.found}, matched {result.matched}, "
            f"gold {result.gold})"
        )
    if show:
        result = score_money(sentences[:read])
        for sentence, g in result.misses or []:
            span = f"{g.low:g}" if g.low == g.high else f"{g.low:g}-{g.high:g}"
            print(f"  MISS  {span} {g.currency} | {sentence}")
        for sentence, a in result.false or []:
            print(f"  FALSE {a.value:g} {a.unit} ({a.surface!r}) | {sentence}")


if __name__ == "__main__":
    sys.exit(main())
