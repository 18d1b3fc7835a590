"""Score the extractor on the evaluation set, exactly as `shared/claim-schema.md` says.

    python -m app.extract.evaluate [--set synthetic|real|all] [--split dev|heldout|all]
                                   [--lang en|ru|all] [--show] [--out FILE]

Two sets: the synthetic one the project wrote (tests/data/eval/, its Russian split in
tests/data/eval/ru/) and the real-article one (tests/data/real/, texts in its git-ignored
cache; a text not cached is named and skipped), each scored per language. A Russian claim's
speaker is scored in Latin letters where the gold gives it so (the synthetic set), and in
the article's own Russian form where the gold gives that (the real set).

A found claim matches a gold claim when pair, metric and measure are equal and the value is
within 0.5% (both null also matches). Precision, recall and F1 are over claims with a figure;
claims without one are counted apart. Optional gold claims (restatements, "doubled") are never
misses, and a found claim that matches one is not a false claim. Each field's accuracy is over
the matched pairs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.extract.pipeline import EXTRACTOR_VERSION, extract
from app.extract.pubdate import find_publication_date
from app.extract.realset import REAL_DIR, load_real
from app.extract.text import html_publication_date, html_to_text
from app.extract.types import Claim

REPO = Path(__file__).resolve().parents[2]
EVAL_DIR = REPO / "tests" / "data" / "eval"
SPLITS = ("dev", "heldout")
SETS = ("synthetic", "real")
LANGS = ("en", "ru")
FIELDS = ("origin_destination", "unit", "approximation", "period", "modality", "speaker")


@dataclass(frozen=True)
class GoldArticle:
    id: str
    split: str
    text: str
    published_at: date | None
    expected_published_at: date | None
    claims: list[dict[str, Any]]
    page_date: date | None = None  # what an HTML page's metadata declares


def load_split(split: str, root: Path = EVAL_DIR) -> list[GoldArticle]:
    out = []
    for path in sorted((root / split).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "text_file" in data:
            source = REPO / data["text_file"]
            if not source.exists():
                print(f"skipping {path.name}: {data['text_file']} is not there", file=sys.stderr)
                continue
            text = source.read_text(encoding="utf-8")
        else:
            text = data["text"]
        page_date = None
        if data.get("html"):
            declared = html_publication_date(text)
            page_date = declared.value if declared else None
            text = html_to_text(text)
        out.append(
            GoldArticle(
                id=data["id"],
                split=split,
                text=text,
                published_at=_date(data.get("published_at")),
                expected_published_at=_date(data.get("expected_published_at")),
                claims=data["claims"],
                page_date=page_date,
            )
        )
    return out


def load_real_split(split: str, language: str = "en") -> tuple[list[GoldArticle], list[Path]]:
    """The real articles of a split in `language` whose text is cached (gold evidence offsets
    turned into the sentence for display), and the files whose text is not."""
    present, missing = load_real(split, language)
    out = []
    for record, text in present:
        claims = []
        for c in record["claims"]:
            ev = c["evidence"]
            claims.append({**c, "evidence": text[ev["start"] : ev["end"]]})
        out.append(
            GoldArticle(
                id=record["id"],
                split=split,
                text=text,
                published_at=_date(record["published_at"]),
                expected_published_at=None,
                claims=claims,
            )
        )
    return out, missing


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def claim_dict(c: Claim) -> dict[str, Any]:
    """A claim in the contract's JSON shape."""
    return {
        "pair": list(c.pair),
        "origin": c.origin,
        "destination": c.destination,
        "metric": c.metric,
        "measure": c.measure,
        "value": c.value,
        "unit": c.unit,
        "approximation": c.approximation,
        "period": {"start": c.period.start.isoformat(), "end": c.period.end.isoformat()}
        if c.period
        else None,
        "modality": c.modality,
        "speaker": c.speaker,
        "speaker_original": c.speaker_original,
        "evidence": {"text": c.evidence.text, "start": c.evidence.start, "end": c.evidence.end},
        "confidence": round(c.confidence, 3),
        "surface": c.surface,
        "rules": list(c.rules),
    }


def value_matches(found: float | None, gold: float | None) -> bool:
    if found is None or gold is None:
        return found is None and gold is None
    if gold == 0:
        return found == 0
    return abs(found - gold) <= 0.005 * abs(gold)


def _keys_match(f: dict[str, Any], g: dict[str, Any]) -> bool:
    return (
        sorted(f["pair"]) == sorted(g["pair"])
        and f["metric"] == g["metric"]
        and f["measure"] == g["measure"]
        and value_matches(f["value"], g["value"])
    )


def _period_key(p: Any) -> tuple[str, str] | None:
    return (p["start"], p["end"]) if p else None


def _speaker_as_gold(f: dict[str, Any], g: dict[str, Any]) -> str | None:
    """The found speaker in the script the gold writes it in: the Russian form of a Russian
    article's speaker where the gold gives the Russian form."""
    if g["speaker"] and any("\u0400" <= ch <= "\u04ff" for ch in g["speaker"]):
        return f.get("speaker_original")
    return f["speaker"]  # type: ignore[no-any-return]


def field_agreement(f: dict[str, Any], g: dict[str, Any]) -> dict[str, bool]:
    """Each field's agreement; a period the gold marks `period_uncertain` is not scored."""
    agree = {
        "origin_destination": (f["origin"], f["destination"]) == (g["origin"], g["destination"]),
        "unit": (f["unit"] or None) == (g["unit"] or None),
        "approximation": f["approximation"] == g["approximation"],
        "period": _period_key(f["period"]) == _period_key(g["period"]),
        "modality": f["modality"] == g["modality"],
        "speaker": (_speaker_as_gold(f, g) or "").casefold() == (g["speaker"] or "").casefold(),
    }
    if g.get("period_uncertain"):
        del agree["period"]
    return agree


@dataclass
class Tally:
    found: int = 0
    matched: int = 0  # found claims that matched a gold claim (required or optional)
    required: int = 0
    required_matched: int = 0
    null_found: int = 0
    null_gold: int = 0
    null_matched: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    pubdate: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[dict[str, Any]] = field(default_factory=list)
    false: list[dict[str, Any]] = field(default_factory=list)
    wrong_fields: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    missing: list[str] = field(default_factory=list)  # real articles whose text is not cached

    def summary(self) -> dict[str, Any]:
        p = self.matched / self.found if self.found else 1.0
        r = self.required_matched / self.required if self.required else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "articles": self.articles,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "found": self.found,
            "matched": self.matched,
            "gold_required": self.required,
            "gold_matched": self.required_matched,
            "field_accuracy": {
                k: round(ok / n, 4) if n else None for k, (ok, n) in self.fields.items()
            },
            "figureless": {
                "found": self.null_found,
                "gold": self.null_gold,
                "matched": self.null_matched,
            },
            "publication_date_accuracy": round(self.pubdate[0] / self.pubdate[1], 4)
            if self.pubdate[1]
            else None,
        }


def score_article(
    article: GoldArticle, found: list[dict[str, Any]], tally: Tally, published_used: date | None
) -> None:
    if article.published_at is None and article.expected_published_at is not None:
        tally.pubdate[1] += 1
        tally.pubdate[0] += int(published_used == article.expected_published_at)
    gold = article.claims
    # One-to-one matching, best pairs first: a required gold claim before an optional one,
    # then the pair that agrees on most fields, then the closer value. Greedy over all
    # candidate pairs, so the order claims were found in does not decide.
    options = []
    for fi, f in enumerate(found):
        for gi, g in enumerate(gold):
            if _keys_match(f, g):
                agreeing = sum(field_agreement(f, g).values())
                closeness = -abs((f["value"] or 0) - (g["value"] or 0))
                options.append((not g.get("optional", False), agreeing, closeness, -fi, -gi))
    options.sort(reverse=True)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for _, _, _, nfi, ngi in options:
        fi, gi = -nfi, -ngi
        if fi in pairs or gi in used:
            continue
        pairs[fi] = gi
        used.add(gi)
    for fi, f in enumerate(found):
        is_null = f["value"] is None
        if is_null:
            tally.null_found += 1
        else:
            tally.found += 1
        if fi not in pairs:
            if not is_null:
                tally.false.append({"article": article.id, "claim": f})
            continue
        g = gold[pairs[fi]]
        if is_null:
            tally.null_matched += 1
            continue
        tally.matched += 1
        agree = field_agreement(f, g)
        for k, ok in agree.items():
            tally.fields[k][0] += int(ok)
            tally.fields[k][1] += 1
        bad = [k for k, ok in agree.items() if not ok]
        if bad:
            tally.wrong_fields.append({"article": article.id, "fields": bad, "found": f, "gold": g})
    for i, g in enumerate(gold):
        if g["value"] is None:
            tally.null_gold += 1
            continue
        if g.get("optional"):
            continue
        tally.required += 1
        if i in used:
            tally.required_matched += 1
        else:
            tally.misses.append({"article": article.id, "gold": g})


def evaluate(
    splits: tuple[str, ...] = SPLITS,
    root: Path = EVAL_DIR,
    real: bool = False,
    language: str = "en",
) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for split in splits:
        tally = Tally()
        if real:
            articles, missing = load_real_split(split, language)
            tally.missing = [str(p.relative_to(REPO)) for p in missing]
        else:
            articles = load_split(split, root if language == "en" else root / language)
        tally.articles = len(articles)
        for article in articles:
            # as the service does: a date given, else the article's own dateline or byline,
            # else the one an HTML page declares
            page = article.page_date if find_publication_date(article.text) is None else None
            result = extract(article.text, published_at=article.published_at or page)
            found = [claim_dict(c) for c in result.claims]
            used = result.published.value if result.published else None
            score_article(article, found, tally, used)
        tallies[split] = tally
    return tallies


def _print_details(t: Tally) -> None:
    def short(c: dict[str, Any]) -> str:
        per = _period_key(c.get("period"))
        return (
            f"{'-'.join(c['pair'])} {c['metric']}/{c['measure']} {c['value']} {c['unit']} "
            f"{c['approximation']} {per} {c['modality']} {c['origin']}>{c['destination']} "
            f"speaker={c['speaker']}"
        )

    for m in t.misses:
        print(f"  MISS  {m['article']}: {short(m['gold'])}\n        | {m['gold']['evidence']}")
    for f in t.false:
        evidence = f["claim"]["evidence"]["text"]
        print(f"  FALSE {f['article']}: {short(f['claim'])}\n        | {evidence}")
    for w in t.wrong_fields:
        print(
            f"  FIELD {w['article']} {w['fields']}:\n        found {short(w['found'])}"
            f"\n        gold  {short(w['gold'])}\n        | {w['gold']['evidence']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.extract.evaluate")
    parser.add_argument("--set", choices=[*SETS, "all"], default="all", dest="which")
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--lang", choices=[*LANGS, "all"], default="all")
    parser.add_argument("--show", action="store_true", help="print every miss and false claim")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    splits = SPLITS if args.split == "all" else (args.split,)
    sets = SETS if args.which == "all" else (args.which,)
    langs = LANGS if args.lang == "all" else (args.lang,)
    started = time.perf_counter()
    report: dict[str, Any] = {"extractor_version": EXTRACTOR_VERSION, "splits": {}}
    for which, lang in ((w, la) for la in langs for w in sets):
        if which == "synthetic" and lang != "en" and not (EVAL_DIR / lang).is_dir():
            continue
        tallies = evaluate(splits, real=which == "real", language=lang)
        for split, t in tallies.items():
            name = ("" if which == "synthetic" else "real-") + (
                split if lang == "en" else f"{lang}-{split}"
            )
            s = t.summary()
            if which == "real":
                s["texts_missing"] = len(t.missing)
            report["splits"][name] = s
            print(
                f"{name:12} articles={t.articles:3}  P={s['precision']:.3f} R={s['recall']:.3f} "
                f"F1={s['f1']:.3f}  (found {s['found']}, matched {s['matched']}, "
                f"gold {s['gold_required']})"
            )
            fa = "  ".join(
                f"{k}={v:.3f}" if v is not None else f"{k}=n/a"
                for k, v in s["field_accuracy"].items()
            )
            print(f"             fields: {fa}")
            print(
                f"             figure-less: {s['figureless']}  publication date: "
                f"{s['publication_date_accuracy']}"
            )
            if t.missing:
                print(
                    f"             {len(t.missing)} texts not in the cache, not scored "
                    f"(refill: {REAL_DIR.relative_to(REPO)}/README.md):"
                )
                for path in t.missing:
                    print(f"               {path}")
            if args.show:
                _print_details(t)
    report["seconds"] = round(time.perf_counter() - started, 2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
