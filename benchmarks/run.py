"""`make bench`: extraction against bare quantulum3 and the engine before Extractor 2, the
ordinary-news stream, ingestion through the service, queries at a million claims. Needs
TEST_POSTGRES_URL (`make bench` starts a throwaway PostgreSQL).

    python -m benchmarks.run [--quick] [--out-dir DIR]
        [--only articles|stream|extraction|ingestion|queries|async|reextract]

`async` is asynchronous ingestion through the job queue (about 3 minutes) and `reextract`
re-extraction of 100,000 stored articles by 1 and then 2 queue workers (about 4 minutes):
`scripts/with-postgres.sh .venv/bin/python -m benchmarks.run --only async` runs one alone.

A full run (no --quick, no --only) writes benchmarks/RESULTS.md and benchmarks/results.json;
a partial or quick one writes them to a temporary directory unless --out-dir says where.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import corpus, ingestion, loader, queries, report
from benchmarks import queue as queue_bench
from benchmarks.service import REPO, fresh_database, machine_facts, migrate, running

HERE = Path(__file__).parent
PHASES = (
    "articles",
    "russian",
    "length",
    "stream",
    "extraction",
    "ingestion",
    "queries",
    "async",
    "reextract",
)
BASELINE = "c7c5765"  # the engine before Extractor 2 (issue 8), measured in the same run


@dataclass(frozen=True)
class Sizes:
    articles: int  # extraction corpus
    quantulum_every: int  # bare quantulum3 runs on every k-th article (it is ~20x slower)
    profile: int  # articles under cProfile
    unique: int  # ingestion: unique articles posted
    duplicates: int
    claims: int
    pairs: int
    per_query: int  # requests per query kind
    pairs_requests: int  # /v1/pairs aggregates every claim: fewer requests
    query_time_cap_s: float
    article_rounds: int = 10  # the article-sized corpus is ~75 texts: read it this often
    stream: int = 4000  # ordinary-news articles
    reextract_articles: int = 100_000
    reextract_window_s: float = 60.0
    lengths: tuple[int, ...] = (1_000, 10_000, 100_000, 1_000_000)  # characters, one text each


FULL = Sizes(
    articles=2000,
    quantulum_every=8,
    profile=200,
    unique=4500,
    duplicates=500,
    claims=1_000_000,
    pairs=5000,
    per_query=200,
    pairs_requests=30,
    query_time_cap_s=60,
)
QUICK = Sizes(
    articles=200,
    quantulum_every=10,
    profile=50,
    unique=450,
    duplicates=50,
    claims=100_000,
    pairs=1000,
    per_query=30,
    pairs_requests=10,
    query_time_cap_s=15,
    article_rounds=2,
    stream=500,
    reextract_articles=10_000,
    reextract_window_s=15.0,
    lengths=(1_000, 10_000, 100_000),
)


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def _child(args: list[str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    try:
        subprocess.run([sys.executable, *args, "--out", str(out)], cwd=REPO, check=True)
        return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    finally:
        out.unlink(missing_ok=True)


def _baseline_dir(work: Path) -> Path | None:
    """The engine of commit BASELINE as a package directory, or None outside a git checkout."""
    target = work / "baseline"
    target.mkdir(exist_ok=True)
    try:
        archive = subprocess.run(
            ["git", "archive", BASELINE, "app/__init__.py", "app/extract"],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"articles: no baseline engine ({exc})", file=sys.stderr)
        return None
    return target


def _child_env(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    try:
        subprocess.run(
            [sys.executable, *args, "--out", str(out)],
            cwd=REPO,
            check=True,
            env={**os.environ, **env},
        )
        return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    finally:
        out.unlink(missing_ok=True)


def run_articles(sizes: Sizes, work: Path) -> dict[str, Any]:
    """The article-sized corpus (evaluation articles as they are, 800-2,000 characters):
    tradeclaims, the engine before Extractor 2 and bare quantulum3 on the same texts."""
    articles = corpus.article_sized()
    path = work / "articles.jsonl"
    corpus.write_jsonl(articles, path)
    print(
        f"articles: {len(articles)} article-sized texts x {sizes.article_rounds}", file=sys.stderr
    )
    load0 = loadavg()
    rounds = ["--rounds", str(sizes.article_rounds)]
    ours = _child(
        ["-m", "benchmarks.extraction", str(path), "--engine", "tradeclaims", *rounds, "--stages"]
    )
    ours_nodate = _child(
        ["-m", "benchmarks.extraction", str(path), "--engine", "tradeclaims", *rounds, "--no-dates"]
    )
    base_dir = _baseline_dir(work)
    base = (
        _child_env(
            ["-m", "benchmarks.extraction", str(path), "--engine", "baseline", "--rounds", "2"],
            {"BASELINE_DIR": str(base_dir)},
        )
        if base_dir
        else None
    )
    bare = _child(["-m", "benchmarks.extraction", str(path), "--engine", "quantulum3"])
    for r in (ours, ours_nodate, base, bare):
        if r:
            r.pop("per_article_s", None)
    chars = [len(a.text) for a in articles]
    return {
        "corpus": {
            "articles": len(articles),
            "chars_min": min(chars),
            "chars_max": max(chars),
            "chars_mean": round(sum(chars) / len(chars)),
        },
        "tradeclaims": ours,
        "tradeclaims_no_dates": ours_nodate,
        "baseline": base,
        "baseline_commit": BASELINE,
        "quantulum3": bare,
        "ratio_quantulum3": round(ours["articles_per_s"] / bare["articles_per_s"], 1),
        "ratio_baseline": round(ours["articles_per_s"] / base["articles_per_s"], 1)
        if base
        else None,
        "loadavg": {"start": load0, "end": loadavg()},
    }


def run_russian(sizes: Sizes, work: Path) -> dict[str, Any]:
    """The Russian evaluation articles, read by the same engine (its Russian grammars)."""
    articles = corpus.russian_articles()
    path = work / "russian.jsonl"
    corpus.write_jsonl(articles, path)
    print(f"russian: {len(articles)} articles x {sizes.article_rounds}", file=sys.stderr)
    load0 = loadavg()
    rounds = ["--rounds", str(sizes.article_rounds)]
    ours = _child(
        ["-m", "benchmarks.extraction", str(path), "--engine", "tradeclaims", *rounds, "--stages"]
    )
    ours.pop("per_article_s", None)
    chars = [len(a.text) for a in articles]
    return {
        "corpus": {
            "articles": len(articles),
            "chars_min": min(chars),
            "chars_max": max(chars),
            "chars_mean": round(sum(chars) / len(chars)),
        },
        "tradeclaims": ours,
        "loadavg": {"start": load0, "end": loadavg()},
    }


def run_length(sizes: Sizes, work: Path) -> dict[str, Any]:
    """Extraction time per character from 1k to 1M characters. At each length, texts of
    real evaluation articles run together (`corpus.long_texts`; as many as make about a
    million characters, at most 50), read in one child process; time over characters."""
    load0 = loadavg()
    rows = []
    for chars in sizes.lengths:
        count = max(1, min(50, 1_000_000 // chars))
        texts = corpus.long_texts(chars, count)
        path = work / f"long-{chars}.jsonl"
        corpus.write_jsonl(
            [
                corpus.CorpusArticle(f"long-{chars}-{k}", "long", t, None, len(t.split()))
                for k, t in enumerate(texts)
            ],
            path,
        )
        r = _child(["-m", "benchmarks.extraction", str(path), "--engine", "tradeclaims"])
        total = sum(len(t) for t in texts)
        rows.append(
            {
                "chars": round(total / count),
                "texts": count,
                "seconds": r["seconds"],
                "us_per_char": round(r["seconds"] * 1e6 / total, 2),
                "claims_per_text": round(r["items_found"] / count, 1),
                "rss_mb": r["rss_mb"]["peak"],
            }
        )
        print(
            f"length: {rows[-1]['chars']:,} chars, {rows[-1]['us_per_char']} us/char",
            file=sys.stderr,
        )
    return {"sizes": rows, "loadavg": {"start": load0, "end": loadavg()}}


def run_stream(sizes: Sizes, work: Path) -> dict[str, Any]:
    """Ordinary news with few claims: what the gates make of the bulk of what bots post."""
    articles = corpus.news_stream(sizes.stream)
    path = work / "stream.jsonl"
    corpus.write_jsonl(articles, path)
    print(f"stream: {len(articles)} ordinary-news articles", file=sys.stderr)
    load0 = loadavg()
    ours = _child(["-m", "benchmarks.extraction", str(path), "--engine", "tradeclaims", "--stages"])
    nodate = _child(
        ["-m", "benchmarks.extraction", str(path), "--engine", "tradeclaims", "--no-dates"]
    )
    for r in (ours, nodate):
        r.pop("per_article_s", None)
    return {
        "corpus": {"articles": len(articles), "seed": corpus.SEED},
        "tradeclaims": ours,
        "tradeclaims_no_dates": nodate,
        "loadavg": {"start": load0, "end": loadavg()},
    }


def run_extraction(sizes: Sizes, work: Path) -> dict[str, Any]:
    articles = corpus.generate(sizes.articles)
    path = work / "corpus.jsonl"
    corpus.write_jsonl(articles, path)
    sources = {a.source_id for a in articles}
    print(
        f"extraction: {len(articles)} articles from {len(sources)} evaluation articles",
        file=sys.stderr,
    )
    load0 = loadavg()
    ours = _child(
        [
            "-m",
            "benchmarks.extraction",
            str(path),
            "--engine",
            "tradeclaims",
            "--profile",
            str(sizes.profile),
        ]
    )
    bare = _child(
        [
            "-m",
            "benchmarks.extraction",
            str(path),
            "--engine",
            "quantulum3",
            "--every",
            str(sizes.quantulum_every),
        ]
    )
    # the same articles for both: ours' own times on quantulum3's subset
    subset = ours.pop("per_article_s")[:: sizes.quantulum_every]
    bare.pop("per_article_s", None)
    ours_subset_rate = len(subset) / sum(subset)
    try:  # `make eval` on the same code: the speed is only worth its accuracy
        evaluation = _child(["-m", "app.extract.evaluate"])
    except (subprocess.CalledProcessError, ValueError) as exc:
        evaluation = {"error": repr(exc)}
    return {
        "corpus": {
            "articles": len(articles),
            "source_articles": len(sources),
            "words_min": min(a.words for a in articles),
            "words_max": max(a.words for a in articles),
            "words_mean": round(sum(a.words for a in articles) / len(articles)),
            "mb": round(sum(len(a.text.encode()) for a in articles) / 1e6, 2),
            "seed": corpus.SEED,
        },
        "tradeclaims": ours,
        "quantulum3": bare,
        "same_texts": {
            "articles": len(subset),
            "tradeclaims_articles_per_s": round(ours_subset_rate, 2),
            "quantulum3_articles_per_s": bare["articles_per_s"],
            "ratio": round(ours_subset_rate / bare["articles_per_s"], 1),
        },
        "evaluation": evaluation,
        "loadavg": {"start": load0, "end": loadavg()},
    }


def run_ingestion(sizes: Sizes) -> dict[str, Any]:
    unique = corpus.article_sized_unique(sizes.unique)
    print(
        f"ingestion: {sizes.unique} unique article-sized + {sizes.duplicates} duplicates, "
        "16 clients",
        file=sys.stderr,
    )
    load0 = loadavg()
    out = ingestion.run(unique, sizes.duplicates)
    out["loadavg"] = {"start": load0, "end": loadavg()}
    return out


def run_queries(sizes: Sizes) -> dict[str, Any]:
    url = fresh_database("bench_queries")
    migrate(url)
    print(f"queries: loading {sizes.claims} claims over {sizes.pairs} pairs", file=sys.stderr)
    loaded = loader.load(url, sizes.claims, sizes.pairs)
    pairs = loaded.pop("pair_list")
    samples, cursor_check = queries.build_samples(url, pairs, sizes.per_query)
    samples["pairs"] = samples["pairs"][: sizes.pairs_requests]
    load0 = loadavg()
    results: dict[str, Any] = {}
    with running(url, workers=2) as server:
        for kind, items in samples.items():
            print(f"queries: {kind} ({len(items)} requests)", file=sys.stderr)
            results[kind] = queries.measure(server.url, items, sizes.query_time_cap_s)
        print("queries: CSV export", file=sys.stderr)
        export = [
            queries.csv_export(server, {"country": loader.HUB, "format": "csv"}) for _ in range(2)
        ]
        memory = server.worker_memory()
    load1 = loadavg()
    print("queries: EXPLAIN", file=sys.stderr)
    explains = queries.explain_all(url, samples)
    return {
        "data": loaded,
        "cursor_check": cursor_check,
        "latency": results,
        "csv_export": export,
        "worker_memory_after": memory,
        "explain": explains,
        "loadavg": {"start": load0, "end": load1},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run")
    ap.add_argument("--quick", action="store_true", help="small sizes, for trying things")
    ap.add_argument(
        "--only", choices=PHASES, action="append", help="run only this part (may be repeated)"
    )
    ap.add_argument("--out-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    phases = tuple(args.only) if args.only else PHASES
    complete = not args.quick and phases == PHASES
    out_dir = args.out_dir or (HERE if complete else Path(tempfile.mkdtemp(prefix="bench-")))
    started = time.perf_counter()
    results: dict[str, Any] = {
        "command": "make bench"
        if complete
        else "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine_facts(),
        "sizes": sizes.__dict__,
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for name, fn in (
            ("articles", run_articles),
            ("russian", run_russian),
            ("length", run_length),
            ("stream", run_stream),
        ):
            if name in phases:
                t = time.perf_counter()
                results[name] = fn(sizes, Path(tmp))
                results[name]["phase_s"] = round(time.perf_counter() - t, 1)
        if "extraction" in phases:
            t = time.perf_counter()
            results["extraction"] = run_extraction(sizes, Path(tmp))
            results["extraction"]["phase_s"] = round(time.perf_counter() - t, 1)
        if "ingestion" in phases:
            t = time.perf_counter()
            results["ingestion"] = run_ingestion(sizes)
            results["ingestion"]["phase_s"] = round(time.perf_counter() - t, 1)
        if "async" in phases:
            t = time.perf_counter()
            print(f"async: {sizes.unique} unique + {sizes.duplicates} duplicates", file=sys.stderr)
            results["async_ingest"] = queue_bench.async_ingest(
                corpus.article_sized_unique(sizes.unique), sizes.duplicates
            )
            results["async_ingest"]["phase_s"] = round(time.perf_counter() - t, 1)
        if "reextract" in phases:
            t = time.perf_counter()
            print(f"reextract: {sizes.reextract_articles} articles", file=sys.stderr)
            results["reextraction"] = queue_bench.reextraction(
                sizes.reextract_articles, sizes.reextract_window_s
            )
            results["reextraction"]["phase_s"] = round(time.perf_counter() - t, 1)
        if "queries" in phases:
            t = time.perf_counter()
            results["queries"] = run_queries(sizes)
            results["queries"]["phase_s"] = round(time.perf_counter() - t, 1)
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["targets"] = report.targets(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out_dir / "RESULTS.md").write_text(report.render(results), encoding="utf-8")
    print(
        f"bench: {results['total_s']} s; wrote {out_dir / 'RESULTS.md'} and "
        f"{out_dir / 'results.json'}",
        file=sys.stderr,
    )
    for t in results["targets"]:
        print(
            f"  {'met   ' if t['met'] else 'MISSED'} {t['name']}: {t['measured']} "
            f"(target {t['target']})",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore::UserWarning")
    raise SystemExit(main())
