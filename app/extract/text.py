"""From what a scraper hands over to the text the service stores, and that text to sentences.

HTML goes through trafilatura (main text, boilerplate dropped; its plain-text fallback when it
finds no main text). The stored text is what every offset refers to, so nothing after this
step rewrites it: sentences are spans into it.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from html import unescape

import trafilatura
from sentencex import get_sentence_boundaries

from app.extract.types import PublicationDate, Span

logging.getLogger("trafilatura").setLevel(logging.ERROR)

_LINE = re.compile(r"[^\n]+")
# sentencex keeps a quotation whole; a claim's evidence is the sentence inside the quote, so the
# splitter sees double quotes as spaces (same length, so its offsets hold for the real text).
_QUOTES = str.maketrans({c: " " for c in '\u201c\u201d\u201e\u00ab\u00bb"'})
_OPENING = '\u201c\u201e\u00ab"'
_CLOSING = '\u201d\u00bb"'
_BLANK = re.compile(r"\n{3,}")


def html_publication_date(html: str) -> PublicationDate | None:
    """The publication date an HTML page declares (meta tags, <time>, JSON-LD, the byline),
    read by trafilatura's metadata reader (htmldate): the body text alone often loses the
    byline line that carried it."""
    try:
        meta = trafilatura.extract_metadata(html)
        found = meta.date if meta is not None else None
        value = date.fromisoformat(found[:10]) if found else None
    except Exception:  # a page we cannot read the metadata of has no date from it
        return None
    if value is None:
        return None
    return PublicationDate(value=value, source="text", surface=f"HTML metadata: {found}")


def html_to_text(html: str) -> str:
    """The readable article text of an HTML page, paragraphs separated by blank lines."""
    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=True, favor_recall=True
        )
        if not text:
            text = trafilatura.html2txt(html)
    except Exception:  # trafilatura on broken markup: carry on with the fallback below
        text = ""
    if not text:
        # markup lxml will not parse (nesting deeper than its limit): drop scripts, styles and
        # tags by pattern, so the words are still read and never executed or echoed as markup
        text = _strip_tags(html)
    text = (text or "").replace("\r\n", "\n").replace("\n", "\n\n")
    return _BLANK.sub("\n\n", text).strip()


_INVISIBLE = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|article|section)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _strip_tags(html: str) -> str:
    text = _INVISIBLE.sub(" ", html)
    text = _BLOCK.sub("\n", text)
    text = unescape(_TAG.sub(" ", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def sentences(text: str) -> list[Span]:
    """Sentence spans of `text`: sentencex within each line, trimmed of surrounding space."""
    out: list[Span] = []
    for line in _LINE.finditer(text):
        base = line.start()
        chunk = line.group()
        try:
            bounds = get_sentence_boundaries("en", chunk.translate(_QUOTES))
        except Exception:  # never fail an article on the splitter: the line is one sentence
            bounds = [{"start_index": 0, "end_index": len(chunk)}]
        for b in bounds:
            s, e = int(b["start_index"]), int(b["end_index"])
            while s < e and chunk[s].isspace():
                s += 1
            while e > s and chunk[e - 1].isspace():
                e -= 1
            # a quote mark that opens or closes the sentence belongs to it
            if s > 0 and chunk[s - 1] in _OPENING:
                s -= 1
            if e < len(chunk) and chunk[e] in _CLOSING:
                e += 1
            if e > s:
                out.append(Span(base + s, base + e))
    return out
