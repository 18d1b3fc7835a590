"""Tools for the real-article set in tests/data/real/ (its README says how the set is built).

    python scripts/realset.py add NAME --url URL --query QUERY [--published DATE] < excerpt.json
    python scripts/realset.py show NAME        the cached text, each line led by its offset
    python scripts/realset.py span NAME SNIPPET [--after N] [--nth K]   a snippet's offsets
    python scripts/realset.py check            every file well formed; hashes and offsets hold
    python scripts/realset.py missing          which texts the cache lacks, with their queries
    python scripts/realset.py put < excerpt.json   refill: store an excerpt a file's hash names

`add` and `put` read the search tool's excerpt as the JSON string literal the tool printed (the
quotes and backslash escapes included), so the text is stored exactly as the corpus holds it.
The split is decided by the text's hash before anyone annotates it: a third is held back.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.extract.realset import (  # noqa: E402
    CACHE,
    REAL_DIR,
    SPLITS,
    article_files,
    cached_text,
    problems,
    split_for,
)


def _read_excerpt(stream: Any) -> str:
    raw = stream.read().strip()
    text = json.loads(raw)
    if not isinstance(text, str) or not text.strip():
        raise SystemExit("the input is not a JSON string with text in it")
    return text


def _find(name: str) -> Path:
    hits = [p for p in article_files() if p.stem == name or p.stem.startswith(name + "-")]
    if len(hits) != 1:
        raise SystemExit(f"{name}: {len(hits)} files match")
    return hits[0]


def cmd_add(args: argparse.Namespace) -> int:
    text = _read_excerpt(sys.stdin)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for path in article_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["text_sha256"] == sha or data["url"] == args.url:
            raise SystemExit(f"already in the set as {path.relative_to(REPO)}")
    split = split_for(sha)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"{sha}.txt").write_text(text, encoding="utf-8")
    path = REAL_DIR / split / f"{args.name}.json"
    if path.exists():
        raise SystemExit(f"{path.relative_to(REPO)} exists")
    record = {
        "id": f"{split}-{args.name}",
        "url": args.url,
        "query": args.query,
        "corpus": "pages",
        "text_sha256": sha,
        "chars": len(text),
        "language": args.language,
        "published_at": args.published,
        "source": args.source,
        "claims": [],
        "notes": "",
    }
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path.relative_to(REPO)}  split={split}  chars={len(text)}  sha256={sha}")
    return 0


def cmd_put(args: argparse.Namespace) -> int:
    text = _read_excerpt(sys.stdin)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    wanted = {json.loads(p.read_text(encoding="utf-8"))["text_sha256"]: p for p in article_files()}
    if sha not in wanted:
        raise SystemExit(f"no file names the hash {sha}: the text differs from the annotated one")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"{sha}.txt").write_text(text, encoding="utf-8")
    print(f"stored the text of {wanted[sha].relative_to(REPO)}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    path = _find(args.name)
    text = cached_text(json.loads(path.read_text(encoding="utf-8")))
    if text is None:
        raise SystemExit("its text is not in the cache")
    offset = 0
    for line in text.splitlines(keepends=True):
        print(f"{offset:6d} | {line.rstrip(chr(10))}")
        offset += len(line)
    return 0


def cmd_span(args: argparse.Namespace) -> int:
    path = _find(args.name)
    text = cached_text(json.loads(path.read_text(encoding="utf-8")))
    if text is None:
        raise SystemExit("its text is not in the cache")
    starts = []
    i = text.find(args.snippet, args.after)
    while i >= 0:
        starts.append(i)
        i = text.find(args.snippet, i + 1)
    if not starts:
        raise SystemExit("not found")
    if len(starts) > 1 and args.nth is None:
        print(f"{len(starts)} occurrences at {starts}: pass --nth K (1-based)", file=sys.stderr)
        return 2
    start = starts[(args.nth or 1) - 1]
    print(json.dumps({"start": start, "end": start + len(args.snippet)}))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    files = article_files()
    bad = 0
    missing = 0
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = problems(path, data)
        if cached_text(data) is None:
            missing += 1
        for p in found:
            bad += 1
            print(f"{path.relative_to(REPO)}: {p}")
    n_claims = sum(len(json.loads(p.read_text(encoding="utf-8"))["claims"]) for p in files)
    counts = {s: len(list((REAL_DIR / s).glob("*.json"))) for s in SPLITS}
    print(
        f"{len(files)} articles {counts}, {n_claims} gold claims, {missing} texts not cached, "
        f"{bad} problems"
    )
    return 1 if bad else 0


def cmd_missing(args: argparse.Namespace) -> int:
    for path in article_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        if cached_text(data) is None:
            print(f"{path.relative_to(REPO)}\t{data['url']}\t{data['query']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/realset.py")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add")
    add.add_argument("name", help="file name without .json: region-NN-pair-slug")
    add.add_argument("--url", required=True)
    add.add_argument("--query", required=True, help="the pages query that returned it")
    add.add_argument("--published", default=None, help="YYYY-MM-DD, as the text or URL shows")
    add.add_argument("--source", default=None, help="the publisher, e.g. Kazinform")
    add.add_argument("--language", default="en")
    add.set_defaults(func=cmd_add)
    put = sub.add_parser("put")
    put.set_defaults(func=cmd_put)
    show = sub.add_parser("show")
    show.add_argument("name")
    show.set_defaults(func=cmd_show)
    span = sub.add_parser("span")
    span.add_argument("name")
    span.add_argument("snippet")
    span.add_argument("--nth", type=int, default=None)
    span.add_argument("--after", type=int, default=0, help="look from this offset on")
    span.set_defaults(func=cmd_span)
    sub.add_parser("check").set_defaults(func=cmd_check)
    sub.add_parser("missing").set_defaults(func=cmd_missing)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
