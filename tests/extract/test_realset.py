"""The real-article set is well formed, and where a text is cached its hash and offsets hold.

The texts are third-party and live in a git-ignored cache (tests/data/real/README.md), so a
fresh clone checks the files' form only; a machine with the cache checks every offset too.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from app.extract.evaluate import load_real_split
from app.extract.realset import (
    CACHE,
    REAL_DIR,
    article_files,
    cached_text,
    claim_problems,
    problems,
    split_for,
)

FILES = article_files()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_article_file_is_well_formed(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert problems(path, data) == []


def test_the_set_holds_both_splits() -> None:
    splits = {p.parent.name for p in FILES}
    assert splits <= {"dev", "heldout"} and FILES


def test_no_text_of_an_article_is_committed() -> None:
    # the repository keeps facts and offsets only: a file never carries the sentence itself
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = cached_text(data)
        for c in data["claims"]:
            assert isinstance(c["evidence"], dict), path.name
            if text is not None:
                sentence = text[c["evidence"]["start"] : c["evidence"]["end"]]
                if len(sentence) > 40:
                    assert sentence not in path.read_text(encoding="utf-8"), path.name


def _one() -> tuple[Path, dict[str, Any]]:
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["claims"] and cached_text(data) is not None:
            return path, data
    pytest.skip("no cached article with claims on this machine")


def test_a_wrong_offset_or_hash_is_caught() -> None:
    path, data = _one()
    moved = copy.deepcopy(data)
    moved["claims"][0]["evidence"]["end"] = data["chars"] + 5
    assert any("evidence" in p for p in problems(path, moved))
    outside = copy.deepcopy(data)
    fig = outside["claims"][0]["figure"]
    if fig is not None:
        outside["claims"][0]["figure"] = {"start": 0, "end": 1}
        assert "the figure lies outside its evidence" in " ".join(problems(path, outside))
    rehashed = copy.deepcopy(data)
    rehashed["text_sha256"] = "0" * 64
    assert any("hash" in p for p in problems(path, rehashed))


def test_claim_rules() -> None:
    good = {
        "pair": ["KAZ", "UZB"], "origin": None, "destination": None, "metric": "turnover",
        "measure": "level", "value": 1.5e9, "unit": "USD", "approximation": "exact",
        "period": {"start": "2023-01-01", "end": "2023-04-30"}, "modality": "actual",
        "speaker": None, "optional": False, "evidence": {"start": 10, "end": 60},
        "figure": {"start": 20, "end": 32},
    }  # fmt: skip
    assert claim_problems(good, 100) == []
    assert claim_problems({**good, "pair": ["UZB", "KAZ"]}, 100)
    assert claim_problems({**good, "unit": "percent"}, 100)
    assert claim_problems({**good, "measure": "growth_pct"}, 100)  # a percent needs 'percent'
    assert claim_problems({**good, "origin": "KAZ", "destination": "UZB"}, 100)  # turnover
    assert claim_problems({**good, "metric": "exports"}, 100)  # exports need a direction
    assert claim_problems({**good, "period": {"start": "2023-05-01", "end": "2023-04-30"}}, 100)
    assert claim_problems({**good, "evidence": {"start": 10, "end": 160}}, 100)
    assert claim_problems({**good, "value": None}, 100)  # no value, so no figure span
    assert claim_problems({**good, "quote": "..."}, 100)  # no unknown keys


def test_split_is_decided_by_the_hash() -> None:
    assert split_for("0" * 64) == "heldout"
    assert split_for("00000001" + "0" * 56) == "dev"
    shares = [split_for(f"{i:08x}" + "0" * 56) for i in range(3000)]
    assert shares.count("heldout") == 1000


def test_the_evaluator_reads_cached_texts_and_names_missing_ones() -> None:
    for split in ("dev", "heldout"):
        english = [p for p in article_files(split) if _language(p) == "en"]
        present, missing = load_real_split(split)
        cached = {p for p in english if (CACHE / _sha(p)).exists()}
        assert len(present) == len(cached)
        assert set(missing) == set(english) - cached
        for article in present:
            for c in article.claims:
                assert isinstance(c["evidence"], str) and c["evidence"]


def _language(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["language"])


def _sha(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["text_sha256"] + ".txt"


def test_readme_describes_the_refill() -> None:
    readme = (REAL_DIR / "README.md").read_text(encoding="utf-8")
    assert "scripts/realset.py put" in readme and "missing" in readme
