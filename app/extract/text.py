"""From what a scraper hands over to the text the service stores, and that text to a Document.

HTML goes through trafilatura (main text, boilerplate dropped; its plain-text fallback when it
finds no main text). The stored text is what every offset of a claim refers to. The engine
reads a `Document`: the stored text normalised once (no-break and thin spaces, tabs, hard line
wraps inside a sentence, typographic apostrophes and hyphens, invisible characters), with an
offset map back to the stored text, split into sentences and tokens once. Every stage reads the
same Document; nothing re-reads the raw text.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from html import unescape

import razdel
import trafilatura
from sentencex import get_sentence_boundaries

from app.extract.tables import read_table
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


def _sentencex(chunk: str) -> list[tuple[int, int]]:
    bounds = get_sentence_boundaries("en", chunk.translate(_QUOTES))
    return [(int(b["start_index"]), int(b["end_index"])) for b in bounds]


def _razdel(chunk: str) -> list[tuple[int, int]]:
    return [(s.start, s.stop) for s in razdel.sentenize(chunk.translate(_QUOTES))]


_SPLITTERS = {"en": _sentencex, "ru": _razdel}


def sentences(text: str, language: str = "en") -> list[Span]:
    """Sentence spans of `text`: the language's splitter (sentencex for English, razdel for
    Russian) within each line, trimmed of surrounding space."""
    split = _SPLITTERS[language]
    out: list[Span] = []
    for line in _LINE.finditer(text):
        base = line.start()
        chunk = line.group()
        try:
            bounds = split(chunk)
        except Exception:  # never fail an article on the splitter: the line is one sentence
            bounds = [(0, len(chunk))]
        for s, e in bounds:
            while s < e and chunk[s].isspace():
                s += 1
            while e > s and chunk[e - 1].isspace():
                e -= 1
            # a quote mark that opens or closes the sentence belongs to it
            if s > 0 and chunk[s - 1] in _OPENING:
                s -= 1
            if e < len(chunk) and chunk[e] in _CLOSING:
                e += 1
            if e <= s:
                continue
            if out and out[-1].end == base + s:
                # no space between two sentences is no boundary: the splitter cut inside an
                # abbreviation it did not know ("Sino-U.S. trade worth $402.3 billion")
                out[-1] = Span(out[-1].start, base + e)
            else:
                out.append(Span(base + s, base + e))
    return out


# -- the Document -----------------------------------------------------------------------------
# Same-length folds: a space for every other kind of space, ASCII apostrophes and hyphens.
# Double quotes and en/em dashes keep their glyphs: which way a quote mark faces and whether
# a dash joins a range or sets off a clause are what the quote and clause steps read.
_FOLD = {
    **dict.fromkeys("\t\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004", " "),
    **dict.fromkeys("\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "),
    **dict.fromkeys("\u2018\u2019\u201b\u02bc\u2032", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2212\ufe63\uff0d", "-"),
}
_TO_FOLD = re.compile("[" + re.escape("".join(_FOLD)) + "]")
# Characters that carry nothing and are dropped (soft hyphen, zero-width marks, BOM).
_INVISIBLE_CHARS = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# A line break inside a sentence ("rose by 12\npercent", "$3.4\nbillion"): the next line goes
# on in lower case, with a digit or a currency sign, and the line before ends without a stop.
_WRAP = re.compile(r"\n(?=[ ]*[a-z\u0430-\u044f\u04510-9$\u20ac\u00a3\u00a5\u20b9\u20bd%(])")
_STOPS = frozenset(' \n.!?:;\u201d"')
_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")


def _ends_line(text: str, pos: int) -> bool:
    """The line break at `pos` ends its line: the line is empty or ends with a stop."""
    return pos == 0 or text[pos - 1] in _STOPS


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Positions in the normalised text -> positions in the stored text."""

    kept: tuple[int, ...] | None  # the stored position of each normalised character
    length: int  # of the stored text

    def __call__(self, pos: int) -> int:
        if self.kept is None:
            return pos
        return self.kept[pos] if pos < len(self.kept) else self.length

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.kept is None or end <= start:
            return self(start), self(start) if end <= start else self(end)
        return self.kept[start], self.kept[end - 1] + 1


@cache
def _broken_decimal() -> re.Pattern[str]:
    """A figure broken at its decimal point by a line break ("$1.\n\n5 billion"): the break
    is scraping damage when a scale word or a percent sign follows the digits after it."""
    words = [
        r["word"]
        for r in read_table("number_words.tsv", ("word", "kind"))
        if r["kind"] in ("scale", "abbrev")
    ]
    words += [r["surface"] for r in read_table("amounts_percent.tsv", ("surface",))]
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(
        rf"(?<![\d.,])\d{{1,3}}\.(?P<gap>[ \t]*\n\s*)(?=\d{{1,3}}\s*(?i:{alternation})(?![a-z]))"
    )


def normalise(text: str) -> tuple[str, OffsetMap]:
    """The text the engine reads, and where each of its characters stands in `text`."""
    folded = _TO_FOLD.sub(lambda m: _FOLD[m.group()], text)
    drop: list[tuple[int, int]] = []
    if "\n" in folded:
        drop = [m.span("gap") for m in _broken_decimal().finditer(folded)]
        folded = _WRAP.sub(lambda m: "\n" if _ends_line(folded, m.start()) else " ", folded)
    if _INVISIBLE_CHARS.search(folded) is None and not drop:
        return folded, OffsetMap(None, len(text))
    gone = {i for a, b in drop for i in range(a, b)}
    kept = tuple(
        i for i, ch in enumerate(folded) if i not in gone and not _INVISIBLE_CHARS.match(ch)
    )
    return "".join(folded[i] for i in kept), OffsetMap(kept, len(text))


class Tokens:
    """Words, numbers and punctuation marks of a text, each with its span, found once
    (`spans`, when given, are a tokeniser's: razdel's for Russian)."""

    __slots__ = ("ends", "lower", "period_anchors", "starts", "text")

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        found = (
            spans if spans is not None else [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        )
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]
        self.text = [text[s:e] for s, e in found]
        self.lower = [t.lower() for t in self.text]
        self.period_anchors: list[str | None] | None = None  # read by the periods grammar

    def __len__(self) -> int:
        return len(self.starts)

    def at_or_after(self, pos: int) -> int:
        """The index of the first token that starts at or after `pos`."""
        return bisect.bisect_left(self.starts, pos)

    def before(self, pos: int) -> int:
        """The index of the last token that ends at or before `pos` (-1 if none)."""
        return bisect.bisect_right(self.ends, pos) - 1

    def between(self, start: int, end: int) -> range:
        """Indices of the tokens inside start..end."""
        return range(self.at_or_after(start), self.before(end) + 1)


def tokens(text: str, language: str = "en") -> Tokens:
    """The tokens of `text` in `language`: razdel's for Russian, the word pattern above for
    English."""
    if language == "ru":
        return Tokens(text, [(t.start, t.stop) for t in razdel.tokenize(text)])
    return Tokens(text)


class Document:
    """An article as every stage reads it: the normalised text, its sentences and tokens."""

    def __init__(self, original: str, language: str = "en") -> None:
        self.original = original
        self.language = language
        self.text, self.offsets = normalise(original)

    @cached_property
    def sentences(self) -> list[Span]:
        return sentences(self.text, self.language)

    @cached_property
    def tokens(self) -> Tokens:
        return tokens(self.text, self.language)

    def original_span(self, span: Span) -> Span:
        start, end = self.offsets.span(span.start, span.end)
        return Span(start, end)
