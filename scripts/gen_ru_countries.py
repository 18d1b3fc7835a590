"""Write the Russian gazetteer's tables: data/ru/countries.tsv and data/ru/country_forms.tsv.

- `countries.tsv`: the Russian ISO 3166-1 names pycountry ships (its iso3166-1 translations),
  stress marks removed.
- `country_forms.tsv`: every written form the Russian gazetteer matches. The names of
  countries.tsv and the hand-kept nominatives of data/ru/country_aliases.tsv and
  data/ru/not_countries.tsv are inflected with pymorphy3 (OpenCorpora's dictionary) into the
  six cases: a name's leading adjectives and head noun agree ("Российской Федерации"), the
  words after the head stay ("Соединённых Штатов Америки", "Республики Корея"); adjectives
  take every case, gender and number ("казахстанско-российского" is "казахстанско-" and
  "российского"); "ё" is also written "е".

Generated, never edited by hand: run `python scripts/gen_ru_countries.py` after editing the
aliases or upgrading pycountry or pymorphy3, and commit the result. A test regenerates both
files in memory and checks they equal the committed ones.
"""

from __future__ import annotations

import gettext
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pycountry
import pymorphy3

DATA = Path(__file__).resolve().parent.parent / "app" / "extract" / "data"
COUNTRIES = DATA / "ru" / "countries.tsv"
FORMS = DATA / "ru" / "country_forms.tsv"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _plain(text: str) -> str:
    """Without stress marks ("Респу́блика")."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if ch != "\u0301")
    return unicodedata.normalize("NFC", kept)


def _read(name: str) -> list[dict[str, str]]:
    path = DATA / name
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
    return rows


def render_countries() -> str:
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    rows = []
    for c in pycountry.countries:
        fields = [c.alpha_3]
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            fields.append(_plain(ru.gettext(value)) if value else "")
        rows.append(fields)
    rows.sort()
    lines = ["iso3\tname\tofficial_name\tcommon_name", *("\t".join(r) for r in rows)]
    return "\n".join(lines) + "\n"


def _cased(form: str, model: str) -> str:
    """`form` (lower case, as pymorphy3 gives it) in the case pattern of `model`, each part
    of a hyphenated word on its own ("Абу-Даби", "Нур-Султана")."""
    if model.isupper() and len(model) > 1:
        return form.upper()
    parts, models = form.split("-"), model.split("-")
    if len(parts) != len(models):
        parts, models = [form], [model]
    return "-".join(
        p[:1].upper() + p[1:] if m[:1].isupper() else p for p, m in zip(parts, models, strict=True)
    )


def _nominative(word: str) -> pymorphy3.analyzer.Parse | None:
    for p in _morph().parse(word):
        if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF", "PRTF"):
            return p
    return None


def _word_forms(word: str, case: str, number: str | None) -> str | None:
    p = _nominative(word)
    if p is None:
        return None
    grammemes = {case} | ({number} if number else set())
    inflected = p.inflect(grammemes) or p.inflect({case})
    return _cased(inflected.word, word) if inflected else None


def _phrase_forms(phrase: str) -> set[str]:
    """The phrase in each case: leading adjectives and the head noun inflect, the rest stays;
    a word that is not a nominative, or a phrase pymorphy3 does not know, stays as written."""
    words = phrase.split(" ")
    out = {phrase}
    for case in CASES:
        result: list[str] = []
        head_seen = False
        for w in words:
            if head_seen or w in ("и", "—", "-"):
                result.append(w)
                if w == "и":
                    head_seen = False
                continue
            p = _nominative(w)
            if p is None:
                result.append(w)
                continue
            form = _word_forms(w, case, p.tag.number)
            result.append(form or w)
            if p.tag.POS == "NOUN":
                head_seen = True
        out.add(" ".join(result))
    return out


def _adjective_forms(lemma: str) -> set[str]:
    out = {lemma}
    for p in _morph().parse(lemma):
        if p.tag.POS == "ADJF" and p.normal_form == lemma:
            out |= {f.word for f in p.lexeme if f.tag.POS == "ADJF"}
            break
    return out


def _combining(lemma: str) -> str | None:
    """ "российский" -> "российско" (the first half of "российско-китайский")."""
    for tail, first in (("ский", "ско"), ("цкий", "цко")):
        if lemma.endswith(tail):
            return lemma[: -len(tail)] + first
    return None


def _with_yo_variants(forms: set[str]) -> set[str]:
    return forms | {f.replace("ё", "е").replace("Ё", "Е") for f in forms}


def _entries() -> Iterator[tuple[str, str, str, str, str]]:
    """(form, iso3 or "-", kind, case, lemma)"""
    traps = {r["phrase"] for r in _read("ru/not_countries.tsv") if r["kind"] == "trap"}
    countries = [r.split("\t") for r in render_countries().splitlines()[1:]]
    for iso3, name, official, common in countries:
        for value, kind in ((name, "name"), (official, "official"), (common, "name")):
            if value:
                for form in _with_yo_variants(_phrase_forms(value)) - traps:
                    yield form, iso3, kind, "", value
    for row in _read("ru/country_aliases.tsv"):
        alias, iso3, kind, case = row["alias"], row["iso3"], row["kind"], row["case"]
        if alias.endswith("-"):
            yield alias, iso3, kind, case, alias
            continue
        if case == "exact":
            yield alias, iso3, kind, case, alias
            continue
        if kind == "adjective":
            forms = _adjective_forms(alias)
            first = _combining(alias)
            if first:
                forms.add(first + "-")
        else:
            forms = _phrase_forms(alias)
        for form in _with_yo_variants(forms):
            yield form, iso3, kind, case, alias
    for row in _read("ru/not_countries.tsv"):
        phrase, kind = row["phrase"], row["kind"]
        forms = {phrase} if phrase.isupper() or not phrase[:1].isalpha() else _phrase_forms(phrase)
        for form in _with_yo_variants(forms):
            yield form, "-", kind, "exact" if phrase.isupper() else "", phrase


def render_forms() -> str:
    seen: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    for entry in _entries():
        seen.setdefault((entry[0], entry[1]), entry)
    rows = sorted(seen.values(), key=lambda e: (e[1], e[4], e[0]))
    lines = ["form\tiso3\tkind\tcase\tlemma", *("\t".join(r) for r in rows)]
    return "\n".join(lines) + "\n"


def main() -> int:
    COUNTRIES.write_text(render_countries(), encoding="utf-8", newline="\n")
    forms = render_forms()
    FORMS.write_text(forms, encoding="utf-8", newline="\n")
    print(f"wrote {COUNTRIES.name} and {forms.count(chr(10)) - 1} forms to {FORMS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
