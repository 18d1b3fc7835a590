"""The real-article set (tests/data/real/): gold facts in the repo, texts in a local cache.

Third-party text never enters the repository. Each article is a JSON file with its URL, the
search query that finds it, the SHA-256 and length of its text, and the gold claims with their
evidence as character offsets. The texts live in `tests/data/real/cache/<sha256>.txt`, which git
ignores and a session refills with the search tool (the folder's README says how).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

REPO = Path(__file__).resolve().parents[2]
REAL_DIR = REPO / "tests" / "data" / "real"
CACHE = REAL_DIR / "cache"
SPLITS = ("dev", "heldout")

_KEYS = {
    "id", "url", "query", "corpus", "text_sha256", "chars", "language", "published_at",
    "source", "claims", "notes",
}  # fmt: skip
_CLAIM_KEYS = {
    "pair", "origin", "destination", "metric", "measure", "value", "unit", "approximation",
    "period", "modality", "speaker", "optional", "evidence", "figure",
}  # fmt: skip
_OPTIONAL_CLAIM_KEYS = {"period_uncertain", "note"}
_METRICS = {"turnover", "exports", "imports", "investment"}
_MEASURES = {"level", "growth_pct", "growth_abs"}
_APPROX = {"exact", "about", "at_least", "at_most"}
_MODALITIES = {"actual", "target", "forecast"}
_SHA = re.compile(r"[0-9a-f]{64}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def split_for(sha256: str) -> str:
    """A third of the texts are held back, chosen by hash before anyone reads them."""
    return "heldout" if int(sha256[:8], 16) % 3 == 0 else "dev"


def article_files(split: str | None = None) -> list[Path]:
    splits = SPLITS if split is None else (split,)
    return sorted(p for s in splits for p in (REAL_DIR / s).glob("*.json"))


def cached_text(record: dict[str, Any]) -> str | None:
    path = CACHE / f"{record['text_sha256']}.txt"
    if not path.exists():
        return None
    return path.read_text(encoding="utf-8")


@cache
def _iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


@cache
def _iso4217() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _is_day(value: Any) -> bool:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _span_problems(name: str, span: Any, chars: int) -> list[str]:
    if not isinstance(span, dict) or set(span) != {"start", "end"}:
        return [f"{name} must be {{start, end}}"]
    start, end = span["start"], span["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= chars):
        return [f"{name} {start}..{end} is not inside the text's {chars} characters"]
    return []


def claim_problems(c: Any, chars: int) -> list[str]:
    """What is wrong with one gold claim (its offsets checked against the length only)."""
    if not isinstance(c, dict):
        return ["a claim must be an object"]
    out = []
    keys = set(c)
    if missing := _CLAIM_KEYS - keys:
        out.append(f"missing {sorted(missing)}")
    if extra := keys - _CLAIM_KEYS - _OPTIONAL_CLAIM_KEYS:
        out.append(f"unknown {sorted(extra)}")
    if out:
        return out
    pair = c["pair"]
    if not (
        isinstance(pair, list)
        and len(pair) == 2
        and all(p in _iso3() for p in pair)
        and pair[0] < pair[1]
    ):
        out.append(f"pair {pair} must be two distinct ISO3 codes, sorted")
    if c["metric"] not in _METRICS:
        out.append(f"metric {c['metric']!r}")
    if c["measure"] not in _MEASURES:
        out.append(f"measure {c['measure']!r}")
    if c["approximation"] not in _APPROX:
        out.append(f"approximation {c['approximation']!r}")
    if c["modality"] not in _MODALITIES:
        out.append(f"modality {c['modality']!r}")
    origin, destination = c["origin"], c["destination"]
    if (origin is None) != (destination is None):
        out.append("origin and destination are both set or both null")
    elif origin is not None and (
        origin == destination or origin not in pair or destination not in pair
    ):
        out.append(f"{origin}>{destination} must be the pair's two countries")
    if c["metric"] == "turnover" and origin is not None:
        out.append("turnover has no direction")
    if c["metric"] in {"exports", "imports"} and origin is None:
        out.append(f"{c['metric']} need origin and destination")
    value, unit = c["value"], c["unit"]
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        out.append(f"value {value!r} must be a number or null")
    if c["measure"] == "growth_pct":
        if unit != "percent":
            out.append("a growth_pct claim has unit 'percent'")
    elif unit not in _iso4217():
        out.append(f"unit {unit!r} must be an ISO 4217 code")
    period = c["period"]
    if period is not None and not (
        isinstance(period, dict)
        and set(period) == {"start", "end"}
        and _is_day(period["start"])
        and _is_day(period["end"])
        and period["start"] <= period["end"]
    ):
        out.append(f"period {period!r} must be {{start, end}} ISO days, start <= end")
    if not (c["speaker"] is None or (isinstance(c["speaker"], str) and c["speaker"].strip())):
        out.append("speaker is a name or null")
    if not isinstance(c["optional"], bool):
        out.append("optional is true or false")
    out += _span_problems("evidence", c["evidence"], chars)
    if value is None:
        if c["figure"] is not None:
            out.append("a claim with no value has figure null")
    else:
        out += _span_problems("figure", c["figure"], chars)
        ev, fig = c["evidence"], c["figure"]
        if (
            not out
            and isinstance(fig, dict)
            and not (ev["start"] <= fig["start"] and fig["end"] <= ev["end"])
        ):
            out.append("the figure lies outside its evidence")
    return out


def problems(path: Path, data: Any) -> list[str]:
    """What is wrong with one article file; where its text is cached, the hash and offsets too."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    out = []
    if missing := _KEYS - set(data):
        return [f"missing {sorted(missing)}"]
    if extra := set(data) - _KEYS:
        out.append(f"unknown keys {sorted(extra)}")
    sha = data["text_sha256"]
    if not (isinstance(sha, str) and _SHA.fullmatch(sha)):
        return [*out, "text_sha256 must be 64 lowercase hex digits"]
    split = path.parent.name
    if split not in SPLITS or split_for(sha) != split:
        out.append(f"its hash puts it in {split_for(sha)}/, not {split}/")
    if data["id"] != f"{split}-{path.stem}":
        out.append(f"id must be {split}-{path.stem}")
    if not (isinstance(data["url"], str) and data["url"].startswith(("http://", "https://"))):
        out.append("url must be an http(s) address")
    if not (isinstance(data["query"], str) and data["query"].strip()):
        out.append("query is the search that finds the text")
    if data["corpus"] != "pages":
        out.append("corpus is 'pages'")
    if data["language"] not in {"en", "ru"}:
        out.append("language is 'en' or 'ru'")
    if data["published_at"] is not None and not _is_day(data["published_at"]):
        out.append("published_at is YYYY-MM-DD or null")
    chars = data["chars"]
    if not (isinstance(chars, int) and chars > 0):
        return [*out, "chars must be a positive integer"]
    if not isinstance(data["claims"], list):
        return [*out, "claims must be a list"]
    for i, c in enumerate(data["claims"]):
        out += [f"claim {i}: {p}" for p in claim_problems(c, chars)]
    text = cached_text(data)
    if text is not None:
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
            out.append("the cached text's hash differs from text_sha256")
        elif len(text) != chars:
            out.append(f"the cached text has {len(text)} characters, not {chars}")
        else:
            for i, c in enumerate(data["claims"]):
                fig = c.get("figure") if isinstance(c, dict) else None
                if isinstance(fig, dict) and not any(
                    ch.isalnum() for ch in text[fig["start"] : fig["end"]]
                ):
                    out.append(f"claim {i}: its figure has neither digits nor words")
    return out


def load_real(
    split: str, language: str | None = None
) -> tuple[list[tuple[dict[str, Any], str]], list[Path]]:
    """(record, text) for every article of a split (in `language`, if given) whose text is
    cached, and the files whose text is not."""
    present, missing = [], []
    for path in article_files(split):
        record = json.loads(path.read_text(encoding="utf-8"))
        if language is not None and record.get("language") != language:
            continue
        text = cached_text(record)
        if text is None:
            missing.append(path)
        else:
            present.append((record, text))
    return present, missing
