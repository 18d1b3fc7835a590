"""Partners that are not countries: blocs (EU, EAEU), world regions (Central Asia), groups
("the five Central Asian countries") and sub-national units (Tatarstan, "the Pskov region").
A figure whose partner is one of these is not a bilateral claim.

Names come from data/not_countries.tsv (kinds bloc and region, kept with the gazetteer) and the
`region` and `group` cue words of data/cues.tsv.
"""

from __future__ import annotations

import re
from functools import cache

from app.extract.cues import cue_table
from app.extract.tables import read_table
from app.extract.types import Span

_NUMBERS = (
    r"(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3}|several|many|"
    r"other|all|neighbouring|neighboring|member|partner|the\s+rest\s+of\s+the)"
)
_CAP = r"[A-Z][\w\u2019'-]*"


def _bloc_and_region_names() -> set[str]:
    rows = read_table("not_countries.tsv", ("phrase", "kind"))
    return {r["phrase"] for r in rows if r["kind"] in ("bloc", "region")}


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(_bloc_and_region_names(), key=len, reverse=True)
    table = cue_table()
    region_words = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(table["region"], key=len, reverse=True)
    )
    group_words = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(table["group"], key=len, reverse=True)
    )
    # a bloc may stand in a compound: "ASEAN-India trade", "EU-China summit"
    named = "|".join(r"(?<![\w-])" + re.escape(n) + r"(?!\w)" for n in names)
    parts = [
        named,
        # "the Pskov region", "Heilongjiang province", "Almaty oblast"
        rf"(?<![\w-]){_CAP}(?:\s+{_CAP})?\s+(?i:{region_words})(?![\w-])",
        # "the province of Ontario"
        rf"(?<![\w-])(?i:{region_words})\s+of\s+{_CAP}",
        # "the five Central Asian countries", "other EAEU members", "Gulf states"
        rf"(?<![\w-])(?i:{_NUMBERS})\s+(?:{_CAP}\s+){{0,2}}(?i:{group_words})(?![\w-])",
        rf"(?<![\w-])(?:{_CAP}\s+){{1,2}}(?i:countries|states|nations|republics|economies|"
        rf"member\s+states|members)(?![\w-])",
        # "the emirate's trade", "the province's exports": a sub-national unit named by its kind
        rf"(?<![\w-])(?i:the)\s+(?i:{region_words})(?=['\u2019]s\b)",
        # "the African continent"
        rf"(?<![\w-])(?:{_CAP}\s+)(?i:continent)(?![\w-])",
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts))


_NOT_GROUP = re.compile(r"^(?:the\s+)?(?:two|both|our|these|those|United)\b", re.IGNORECASE)


@cache
def _trigger() -> re.Pattern[str]:
    """Words without which no pattern of _pattern() can match: a cheap test first."""
    table = cue_table()
    words = {w.split()[0].lower() for w in (*table["region"], *table["group"])}
    words |= {"continent"}
    names = _bloc_and_region_names()
    alternatives = sorted(
        {re.escape(w) for w in words} | {re.escape(n) for n in names}, key=len, reverse=True
    )
    return re.compile("|".join(alternatives), re.IGNORECASE)


def find_non_country_partners(text: str) -> list[Span]:
    """Spans of blocs, world regions, groups and sub-national units named in `text`."""
    out: list[Span] = []
    if not _trigger().search(text):
        return out
    for m in _pattern().finditer(text):
        if _NOT_GROUP.match(m.group()):
            continue
        out.append(Span(m.start(), m.end()))
    return out
