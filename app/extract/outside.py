"""Scoring on lists kept apart from the project (tests/data/outside/): how the gazetteer reads
country names and demonyms that someone else wrote down.

Nothing here is used to build the extractor: the gazetteer comes from pycountry, countryinfo
and the hand-kept tables (scripts/gen_countries.py), and an outside list is only ever scored.
Like the real-article set, a list's text is not in the repository: `sources.json` names where
it lives (repository, path, commit) with the SHA-256 and length of its text, and the text sits
in the git-ignored `cache/`, refilled with the search tool's `read_file` (the folder's README).

    python -m app.extract.outside                 score every cached list
    python -m app.extract.outside --show          and print each miss
    python -m app.extract.outside put < text.json store a list's text (a JSON string literal)

A row is right when the gazetteer, reading it in a plain trade sentence, finds the row's
country first and its mention covers the whole surface. A surface the list gives to several
countries ("Congolese") is right for any of them.
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

from app.extract.countries import find_countries

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


def cmd_put() -> int:
    text = json.loads(sys.stdin.read().strip())
    if not isinstance(text, str):
        raise SystemExit("the input is not a JSON string")
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


if __name__ == "__main__":
    sys.exit(main())
