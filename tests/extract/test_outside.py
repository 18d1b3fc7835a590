"""The outside lists (tests/data/outside/): their records are well formed, a cached text is the
one its record names, and the scorer reads a list as its docstring says."""

from __future__ import annotations

import hashlib
import re

from app.extract import outside
from app.extract.outside import Row, parse_rows, score


def test_sources_are_well_formed() -> None:
    lists = outside.sources()
    assert lists
    for source in lists:
        assert {"name", "kind", "repo", "path", "commit", "text_sha256", "chars"} <= set(source)
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        assert re.fullmatch(r"[0-9a-f]{64}", source["text_sha256"])


def test_a_cached_text_is_the_one_its_record_names() -> None:
    for source in outside.sources():
        text = outside.cached_text(source)
        if text is None:
            continue  # a fresh clone: `python -m app.extract.outside` says how to refill
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == source["text_sha256"]
        assert len(text) == source["chars"]


def test_rows_are_read_and_broken_lines_counted() -> None:
    text = "nationality,alpha_3_code\nBurundian,BDI\nAzeri, AZE\nBermudianBMU\n\nCongolese,COG\n"
    rows, unreadable = parse_rows(text)
    assert rows == [Row("Burundian", "BDI"), Row("Azeri", "AZE"), Row("Congolese", "COG")]
    assert unreadable == 1


def test_a_row_is_right_only_for_its_country_and_its_whole_surface() -> None:
    rows = [
        Row("Kazakh", "KAZ"),  # right
        Row("Kazakh", "UZB"),  # the list gives it to two countries: right for either
        Row("Russian", "UKR"),  # read as Russia: wrong
        Row("Blorfian", "KEN"),  # read as nothing
        Row("Kazakh Steppe", "KAZ"),  # only part of the surface is read
    ]
    right, misses = score(rows)
    assert right == 2
    assert [(r.surface, r.iso3) for r, _ in misses] == [
        ("Russian", "UKR"),
        ("Blorfian", "KEN"),
        ("Kazakh Steppe", "KAZ"),
    ]
    assert misses[1][1] == "nothing"
