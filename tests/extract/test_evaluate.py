"""The scorer counts exactly as the claim schema says, and the evaluation set is well formed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest

from app.extract.evaluate import EVAL_DIR, REPO, GoldArticle, Tally, score_article, value_matches
from app.extract.text import html_to_text


def claim(**kw: Any) -> dict[str, Any]:
    base = {
        "pair": ["KAZ", "RUS"],
        "origin": None,
        "destination": None,
        "metric": "turnover",
        "measure": "level",
        "value": 16e9,
        "unit": "USD",
        "approximation": "about",
        "period": None,
        "modality": "actual",
        "speaker": None,
    }
    base.update(kw)
    return base


def article(*gold: dict[str, Any]) -> GoldArticle:
    return GoldArticle(
        id="t",
        split="dev",
        text="",
        published_at=date(2018, 5, 15),
        expected_published_at=None,
        claims=list(gold),
    )


def test_value_tolerance_is_half_a_percent() -> None:
    assert value_matches(16.07e9, 16e9) and not value_matches(16.09e9, 16e9)
    assert value_matches(None, None) and not value_matches(None, 1.0)
    assert value_matches(-5.0, -5.02) and not value_matches(5.0, -5.0)


def test_matching_counts_precision_recall_and_fields() -> None:
    t = Tally()
    gold = [
        claim(),
        claim(
            measure="growth_pct",
            value=30.0,
            unit="percent",
            approximation="exact",
            speaker="Vladimir Putin",
        ),
        claim(value=16.2e9, optional=True),
    ]
    found = [
        claim(value=16.05e9, approximation="exact"),  # matches, one field wrong
        claim(metric="exports", value=1e9),  # false claim
        claim(value=16.2e9),
    ]  # matches the optional one
    score_article(article(*gold), found, t, None)
    s = t.summary()
    assert (s["found"], s["matched"], s["gold_required"], s["gold_matched"]) == (3, 2, 2, 1)
    assert s["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["recall"] == 0.5
    assert s["field_accuracy"]["approximation"] == 0.5
    assert s["field_accuracy"]["unit"] == 1.0


def test_figureless_claims_are_counted_apart() -> None:
    t = Tally()
    gold = [claim(metric="investment", measure="growth_pct", value=None, unit=None)]
    score_article(
        article(*gold),
        [claim(metric="investment", measure="growth_pct", value=None, unit=None)],
        t,
        None,
    )
    s = t.summary()
    assert s["found"] == 0 and s["gold_required"] == 0
    assert s["figureless"] == {"found": 1, "gold": 1, "matched": 1}


def test_a_found_claim_takes_the_gold_claim_it_agrees_with_most() -> None:
    t = Tally()
    gold = [claim(speaker="A", optional=True), claim(speaker="B")]
    score_article(article(*gold), [claim(speaker="B")], t, None)
    assert t.summary()["gold_matched"] == 1 and t.summary()["field_accuracy"]["speaker"] == 1.0


SPLITS = {split: sorted((EVAL_DIR / split).glob("*.json")) for split in ("dev", "heldout")}
# the Russian split: same format, plus "language" and each claim's "speaker_original"
RU_SPLITS = {
    split: sorted((EVAL_DIR / "ru" / split).glob("*.json")) for split in ("dev", "heldout")
}
CODES = {c.alpha_3 for c in pycountry.countries}
CURRENCIES = {c.alpha_3 for c in pycountry.currencies} | {"percent"}


@pytest.mark.parametrize(
    "path",
    [p for splits in (SPLITS, RU_SPLITS) for ps in splits.values() for p in ps],
    ids=lambda p: str(p.parent.relative_to(EVAL_DIR) / p.stem),
)
def test_every_gold_article_is_well_formed(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    russian = path.parent.parent.name == "ru"
    assert data["id"].startswith(("ru-" if russian else "") + path.parent.name + "-")
    if russian:
        assert data["language"] == "ru"
        for c in data["claims"]:
            assert (c["speaker"] is None) == (c["speaker_original"] is None)
    if "text_file" in data:
        source = REPO / data["text_file"]
        if not source.exists():
            pytest.skip(f"{data['text_file']} is not beside the repository")
        text = source.read_text(encoding="utf-8")
    else:
        text = data["text"]
    plain = html_to_text(text) if data.get("html") else text
    for c in data["claims"]:
        assert c["pair"] == sorted(c["pair"]) and set(c["pair"]) <= CODES
        assert c["metric"] in {"turnover", "exports", "imports", "investment"}
        assert c["measure"] in {"level", "growth_pct", "growth_abs"}
        assert c["approximation"] in {"exact", "about", "at_least", "at_most"}
        assert c["modality"] in {"actual", "target", "forecast"}
        assert c["unit"] is None or c["unit"] in CURRENCIES
        if c["origin"] or c["destination"]:
            assert {c["origin"], c["destination"]} == set(c["pair"])
        if c["period"]:
            assert date.fromisoformat(c["period"]["start"]) <= date.fromisoformat(
                c["period"]["end"]
            )
        assert " ".join(c["evidence"].split()) in " ".join(plain.split())


def test_the_held_back_split_is_a_third_of_the_set() -> None:
    dev, held = len(SPLITS["dev"]), len(SPLITS["heldout"])
    assert held >= 0.32 * (dev + held)
