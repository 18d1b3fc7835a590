"""`python -m app.extract FILE [--published DATE] [--html]`: the engine without the service.

Prints the claims as JSON, the same objects the API serves (without the storage fields)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from app.extract.evaluate import claim_dict
from app.extract.pipeline import EXTRACTOR_VERSION, extract
from app.extract.pubdate import find_publication_date
from app.extract.text import html_publication_date, html_to_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.extract")
    parser.add_argument("file", help="the article: plain text or HTML ('-' reads standard input)")
    parser.add_argument(
        "--published",
        type=date.fromisoformat,
        default=None,
        help="publication date (YYYY-MM-DD); found in the text when not given",
    )
    parser.add_argument(
        "--html", action="store_true", help="the file is HTML (default: guessed from a leading '<')"
    )
    args = parser.parse_args(argv)
    raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    is_html = args.html or raw.lstrip()[:1] == "<"
    text = html_to_text(raw) if is_html else raw
    declared = None
    if is_html and args.published is None and find_publication_date(text) is None:
        declared = html_publication_date(raw)
    result = extract(text, published_at=args.published or (declared.value if declared else None))
    pub = declared or result.published
    out = {
        "extractor_version": EXTRACTOR_VERSION,
        "published_at": pub.value.isoformat() if pub else None,
        "published_at_source": pub.source if pub else None,
        "published_at_evidence": pub.surface if pub else None,
        "claims": [claim_dict(c) for c in result.claims],
    }
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
