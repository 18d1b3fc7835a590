"""Write app/extract/data/countries.tsv from pycountry (ISO 3166-1).

The file is generated, never edited by hand: run `python scripts/gen_countries.py` after
upgrading pycountry, and commit the result. A test regenerates it in memory and checks that
it equals the committed file, so a pycountry upgrade that changes a name shows up in review.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "app" / "extract" / "data" / "countries.tsv"
COLUMNS = ("iso3", "iso2", "name", "official_name", "common_name")


def _clean(value: object) -> str:
    text = "" if value is None else str(value)
    # A tab or newline inside a field would break the TSV; ISO names have none today.
    if any(ch in text for ch in "\t\r\n"):
        raise ValueError(f"field not fit for TSV: {text!r}")
    return text


def render() -> str:
    rows = []
    for country in pycountry.countries:
        rows.append(
            (
                _clean(country.alpha_3),
                _clean(country.alpha_2),
                _clean(country.name),
                _clean(getattr(country, "official_name", None)),
                _clean(getattr(country, "common_name", None)),
            )
        )
    rows.sort()
    lines = ["\t".join(COLUMNS), *("\t".join(row) for row in rows)]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {text.count(chr(10)) - 1} countries to {OUTPUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
