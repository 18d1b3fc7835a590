"""Write the gazetteer's generated tables in app/extract/data/:

- countries.tsv, from pycountry (ISO 3166-1): codes, names, official and common names;
- country_forms.tsv, from countryinfo: each country's demonym ("Burundian"), capital
  ("Bujumbura") and common name where ISO's differs ("East Timor"), less every surface that is
  ambiguous (countryinfo gives it to two countries: "Congolese", "Kingston") or that a
  hand-kept table already holds (country_aliases.tsv decides "Dominican" and "French";
  not_countries.tsv lists the capitals that name other things in news: "Victoria").

The files are generated, never edited by hand: run `python scripts/gen_countries.py` after
upgrading pycountry or countryinfo, or after editing a hand-kept table, and commit the result.
A test regenerates both in memory and checks that they equal the committed files, so an
upgrade that changes a name shows up in review.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import pycountry
from countryinfo import CountryInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.extract import countries  # noqa: E402
from app.extract.tables import read_table  # noqa: E402

DATA = REPO / "app" / "extract" / "data"
OUTPUT = DATA / "countries.tsv"
FORMS = DATA / "country_forms.tsv"
COLUMNS = ("iso3", "iso2", "name", "official_name", "common_name")
FORM_COLUMNS = ("alias", "iso3", "kind")
# a surface as prose writes it: a capital letter first, then letters, spaces, dots, dashes and
# apostrophes (no codes, no digits, no scripts other than Latin)
_SURFACE = re.compile(r"[A-ZÀ-Þ][A-Za-zÀ-ÿ'’. -]*[A-Za-zÀ-ÿ.]")


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


def _demonym_parts(demonym: str) -> list[str]:
    """'Antiguan,Barbudan' and 'Kittian and Nevisian' are two demonyms each; 'Heard and
    McDonald Islander' is one."""
    parts = [p.strip() for p in re.split(r",|/| or ", demonym) if p.strip()]
    out: list[str] = []
    for part in parts:
        halves = part.split(" and ")
        out.extend(halves if all(" " not in h for h in halves) else [part])
    return out


def _hand_kept_keys() -> set[str]:
    """The lookup key of every surface pycountry's names and the hand-kept tables give."""
    keys = {countries._lookup_key(surface) for surface, _, _ in countries._country_rows()}
    for row in read_table("country_aliases.tsv"):
        alias = row["alias"]
        keys.add(countries._lookup_key(alias))
        if row["kind"] in ("adjective", "demonym") and (plural := countries._plural(alias)):
            keys.add(countries._lookup_key(plural))
    for row in read_table("not_countries.tsv"):
        if row["kind"] in ("bloc", "region", "trap"):
            plain = row["phrase"].replace("[", "").replace("]", "")
            keys.add(countries._lookup_key(plain))
    return keys


def _records() -> list[tuple[str, dict[str, object]]]:
    """countryinfo's records of ISO countries. Where several share a code (Wales and the
    United Kingdom; Burma and Myanmar), only those whose name pycountry knows as that
    country's are read."""
    by_iso3: dict[str, list[dict[str, object]]] = defaultdict(list)
    for data in CountryInfo.all().values():
        iso = data.get("ISO") or {}
        if isinstance(iso, dict) and iso.get("alpha3"):
            by_iso3[str(iso["alpha3"])].append(data)
    out = []
    for iso3, records in sorted(by_iso3.items()):
        if pycountry.countries.get(alpha_3=iso3) is None:
            continue
        if len(records) > 1:
            records = [r for r in records if _pycountry_iso3(str(r.get("name"))) == iso3]
        out.extend((iso3, r) for r in records)
    return out


def _pycountry_iso3(name: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


def form_rows() -> list[tuple[str, str, str]]:
    """(alias, iso3, kind) of every generated form (see the module's docstring)."""
    offered: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for iso3, data in _records():
        candidates: list[tuple[str, object]] = [("short", data.get("name"))]
        demonym = data.get("demonym")
        if isinstance(demonym, str):
            candidates += [("demonym", d) for d in _demonym_parts(demonym)]
        capital = data.get("capital")
        if isinstance(capital, str):
            candidates.append(("capital", capital))
        for kind, surface in candidates:
            if isinstance(surface, str) and _SURFACE.fullmatch(surface.strip()):
                alias = countries.normalise(surface)
                offered[countries._lookup_key(alias)].add((alias, iso3, kind))
    for iso3, name in _names():
        for kind, form in _derived(name):
            offered[countries._lookup_key(form)].add((form, iso3, kind))
    hand_kept = _hand_kept_keys()
    rows = []
    for key, forms in offered.items():
        if key in hand_kept or len({iso3 for _, iso3, _ in forms}) != 1:
            continue
        rows.extend(forms)
    return sorted(rows, key=lambda r: (r[1], r[2], r[0]))


def _names() -> list[tuple[str, str]]:
    """(iso3, name) for each name a country goes by in pycountry and countryinfo."""
    out = {(iso3, surface) for surface, iso3, kind in countries._country_rows() if kind == "name"}
    out |= {(iso3, str(r["name"])) for iso3, r in _records() if isinstance(r.get("name"), str)}
    return sorted(out)


def _derived(name: str) -> list[tuple[str, str]]:
    """The forms English regularly derives from a country's name: the demonym in -n / -an of a
    name ending in a vowel ("Somalia" -> "Somalian", "Vanuatu" -> "Vanuatuan", "Fiji" ->
    "Fijian"), and of an island name its attributive singular and its islanders ("Solomon
    Islands" -> "Solomon Island", "Solomon Islander"; "Christmas Island" -> "Christmas
    Islander"). Names with "and", "of", "the" or a comma derive nothing. Where English does
    not follow the rule ("Chinese", "Ghanaian") the form it gives ("Chinan") is a word no text
    writes, so it is inert."""
    words = name.split()
    if not _SURFACE.fullmatch(name) or {"and", "of", "the", "The"} & set(words) or "," in name:
        return []
    if name.endswith(" Islands"):
        return [("adjective", name[:-1]), ("demonym", name[:-1] + "er")]
    if name.endswith(" Island"):
        return [("demonym", name + "er")]
    last = name[-1]
    if last == "a":
        return [("demonym", name + "n")]
    if last in "iu":  # not -o: "Mexicoan", "Togoan"
        return [("demonym", name + "an")]
    return []


def render_forms() -> str:
    lines = [
        f"# generated by scripts/gen_countries.py from countryinfo {version('countryinfo')}: "
        "do not edit",
        "\t".join(FORM_COLUMNS),
        *("\t".join(_clean(v) for v in row) for row in form_rows()),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {text.count(chr(10)) - 1} countries to {OUTPUT.name}")
    forms = render_forms()
    FORMS.write_text(forms, encoding="utf-8", newline="\n")
    print(f"wrote {forms.count(chr(10)) - 2} forms to {FORMS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
