"""The one loader for the engine's data tables (data/*.tsv; data/README.md gives each schema).

Every table is UTF-8, tab-separated, with a header row. Blank lines and lines starting with
`#` (group headings and comments) are skipped; values are stripped; quote characters are
ordinary characters. A missing file or a missing column is an error at import, never an empty
table: a lexicon that silently loads nothing turns every article into no claims.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


class TableError(ValueError):
    """A data table that cannot be read as its schema says."""


@cache
def _rows(name: str) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    path = DATA / name
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = tuple(reader.fieldnames or ())
    rows = tuple(
        {key: (value or "").strip() for key, value in row.items() if key is not None}
        for row in reader
    )
    return header, rows


def read_table(name: str, columns: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """The rows of data/`name` as dicts, checked to have `columns`."""
    header, rows = _rows(name)
    missing = [c for c in columns if c not in header]
    if missing:
        raise TableError(f"{name}: missing columns {missing}")
    return [dict(row) for row in rows]


@cache
def endings(language: str) -> tuple[str, ...]:
    """The endings a stem written with `*` stands for in `language`'s tables, longest first
    (data/<language>/endings.tsv; English tables write whole words, so it has none)."""
    if language == "en":
        return ()
    rows = read_table(f"{language}/endings.tsv", ("ending",))
    return tuple(sorted({r["ending"] for r in rows}, key=lambda e: (-len(e), e)))


def stem_candidates(word: str, language: str) -> list[str]:
    """The stems `word` may be a form of: itself with each ending of `language` it ends
    with cut off ("товарооборота" -> "товарооборот", ...). A stem keeps two letters."""
    ends = _ending_set(language)
    if not ends:
        return []
    longest = _longest_ending(language)
    out = [word]
    for k in range(1, min(longest, len(word) - 2) + 1):
        if word[-k:] in ends:
            out.append(word[:-k])
    return out


@cache
def _ending_set(language: str) -> frozenset[str]:
    return frozenset(endings(language))


@cache
def _longest_ending(language: str) -> int:
    return max((len(e) for e in endings(language)), default=0)
