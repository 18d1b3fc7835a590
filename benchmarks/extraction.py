"""One extraction run in its own process, so its peak RSS is that engine's alone.

    python -m benchmarks.extraction CORPUS.jsonl --engine tradeclaims|baseline|quantulum3
        [--every K] [--limit N] [--rounds R] [--no-dates] [--stages] [--profile N]
        --out RESULT.json

`tradeclaims` is `app.extract.extract(text, published_at)`, the service's whole pipeline;
`baseline` is the same call into another version of the engine, read from the directory in
BASELINE_DIR (an `app/` package, `git archive`d by benchmarks.run); `quantulum3` is bare
`quantulum3.parser.parse(text)` on the same whole article. `--every K` takes every K-th
article (the same articles for every engine); `--rounds R` reads the corpus R times (short
corpora); `--no-dates` gives no publication date (the engine then finds it in the text);
`--stages` adds each stage's share of the time (tradeclaims only); `--profile N` runs
cProfile over the first N articles after the timed run and reports the top costs.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.corpus import CorpusArticle, read_jsonl


def rss_mb() -> float:
    """Resident memory now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _engine(
    name: str, dates: bool = True, timings: dict[str, float] | None = None
) -> Callable[[CorpusArticle], int]:
    """A function that processes one article and returns how many items it found."""
    if name in ("tradeclaims", "baseline"):
        if name == "baseline":
            sys.path.insert(0, os.environ["BASELINE_DIR"])  # before anything imports app
        from app.extract import extract, warm_up

        warm_up()

        def ours(a: CorpusArticle) -> int:
            pub = date.fromisoformat(a.published_at) if dates and a.published_at else None
            if timings is not None:
                return len(extract(a.text, published_at=pub, timings=timings).claims)
            return len(extract(a.text, published_at=pub).claims)

        return ours

    warnings.simplefilter("ignore")  # quantulum3 warns once about its optional classifier
    from quantulum3 import parser

    parser.parse("warm up: 5 dollars")

    def bare(a: CorpusArticle) -> int:
        return len(parser.parse(a.text))

    return bare


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank: an observed value, never an interpolation."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run(
    articles: list[CorpusArticle],
    engine: str,
    profile: int = 0,
    rounds: int = 1,
    dates: bool = True,
    stages: bool = False,
) -> dict[str, Any]:
    rss_before_engine = rss_mb()
    t0 = time.perf_counter()
    fn = _engine(engine, dates)
    startup = time.perf_counter() - t0
    rss_loaded = rss_mb()
    per_article: list[float] = []
    found = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for a in articles:
            t = time.perf_counter()
            found += fn(a)
            per_article.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - started
    articles = articles * rounds
    mb = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    words = sum(a.words for a in articles)
    out: dict[str, Any] = {
        "engine": engine,
        "articles": len(articles),
        "words": words,
        "mb_text": round(mb, 3),
        "seconds": round(elapsed, 3),
        "articles_per_s": round(len(articles) / elapsed, 2),
        "mb_per_s": round(mb / elapsed, 4),
        "ms_per_article": {
            "mean": round(1000 * elapsed / len(articles), 2),
            "p50": round(1000 * pct(per_article, 50), 2),
            "p95": round(1000 * pct(per_article, 95), 2),
            "p99": round(1000 * pct(per_article, 99), 2),
            "max": round(1000 * max(per_article), 2),
        },
        "ms_per_1000_words": round(1000 * elapsed / (words / 1000), 2),
        "items_found": found,
        "startup_s": round(startup, 3),
        "rss_mb": {
            "before_engine": round(rss_before_engine, 1),
            "after_startup": round(rss_loaded, 1),
            "end": round(rss_mb(), 1),
            "peak": round(peak_rss_mb(), 1),
        },
    }
    out["per_article_s"] = [round(x, 6) for x in per_article]
    out["rounds"] = rounds
    out["dates_given"] = dates
    if stages:
        out["stages"] = _stages(engine, articles, dates)
    if profile:
        out["profile"] = _profile(fn, articles[:profile])
    return out


def _stages(engine: str, articles: list[CorpusArticle], dates: bool) -> list[dict[str, Any]]:
    """Each stage's seconds and share over the articles (a second, separately timed pass)."""
    timings: dict[str, float] = {}
    fn = _engine(engine, dates, timings)
    for a in articles:
        fn(a)
    total = sum(timings.values()) or 1e-9
    return [
        {
            "stage": name,
            "ms_per_article": round(1000 * secs / len(articles), 4),
            "share_pct": round(100 * secs / total, 1),
        }
        for name, secs in timings.items()
    ]


def _profile(fn: Callable[[CorpusArticle], int], articles: list[CorpusArticle]) -> dict[str, Any]:
    prof = cProfile.Profile()
    prof.enable()
    for a in articles:
        fn(a)
    prof.disable()
    stats = pstats.Stats(prof)
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = max(sum(v[2] for v in raw.values()), 1e-9)  # the sum of self times is the run

    def row(key: tuple[str, int, str], v: tuple[Any, ...]) -> dict[str, Any]:
        path, line, func = key
        short = path.split("site-packages/")[-1] if "site-packages/" in path else path
        for marker in ("/app/", "/benchmarks/"):
            if marker in short:
                short = marker[1:] + short.split(marker, 1)[1]
        return {
            "function": f"{short}:{line}({func})",
            "calls": v[1],
            "self_s": round(v[2], 3),
            "self_pct": round(100 * v[2] / total, 1),
            "cum_s": round(v[3], 3),
            "cum_pct": round(100 * v[3] / total, 1),
        }

    by_self = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:15]
    ours = [(k, v) for k, v in raw.items() if "/app/extract/" in k[0]]
    by_cum = sorted(ours, key=lambda kv: kv[1][3], reverse=True)[:15]
    return {
        "articles": len(articles),
        "profiled_s": round(total, 3),
        "top_self": [row(k, v) for k, v in by_self],
        "top_cumulative_app": [row(k, v) for k, v in by_cum],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.extraction")
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--engine", choices=["tradeclaims", "baseline", "quantulum3"], required=True)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--no-dates", action="store_true")
    ap.add_argument("--stages", action="store_true")
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    articles = read_jsonl(args.corpus)[:: args.every]
    if args.limit:
        articles = articles[: args.limit]
    result = run(
        articles,
        args.engine,
        args.profile,
        rounds=args.rounds,
        dates=not args.no_dates,
        stages=args.stages,
    )
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
