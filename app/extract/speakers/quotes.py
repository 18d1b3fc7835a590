"""Quoted blocks: which tokens stand inside a quotation, and where each quotation ends.

Quote marks are paired left to right by how they face (a space or bracket before an opening
mark, a word before a closing one), guillemets apart from double quotes. A quotation may run
over several paragraphs when each continuing paragraph opens with a mark; an unclosed mark
closes at its paragraph's end. Direct speech set off by dashes ("– Trade grew, – he said")
counts as a quotation too. Attribution (attribution.py) reads `closed`: only a quotation
closed by a mark can have its speaker named right after it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Final

from app.extract.speakers.tokens import Words
from app.extract.speakers.vocabulary import CLOSE_GLYPHS, OPEN_GLYPHS, QUOTE_GLYPHS

_SPACES: Final = re.compile(r"\s*")
_DASH_SPEECH: Final = re.compile(r"^[ \t]*([–—])[ \t]+(?=\S)", re.MULTILINE)
_DASH_CLOSE: Final = re.compile(r"[,.!?…][ \t]*([–—])[ \t]+(?=\S)")
_QUOTE_OR_NEWLINE: Final = re.compile(r'["“”„«»]|\n')


@dataclass(slots=True)
class Quotes:
    blocks: list[tuple[int, int]]  # (opening mark, closing mark or end) character offsets
    closed: list[bool]  # the block ends with a closing mark
    of_token: list[int]  # the block each token stands inside, or -1


def find_quotes(w: Words) -> Quotes:
    text = w.text
    blocks: list[tuple[int, int, bool]] = []  # opening mark, closing mark, closed by a mark
    open_at = -1
    open_cls = ""
    depth = 0
    for m in _QUOTE_OR_NEWLINE.finditer(text):
        ch, pos = m.group(), m.start()
        if ch == "\n":
            if open_at >= 0:
                gap = _SPACES.match(text, pos)
                nxt = gap.end() if gap is not None else pos + 1
                if nxt < len(text) and text[nxt] in QUOTE_GLYPHS and _opener_like(text, nxt):
                    continue  # the quote goes on in the next paragraph
                blocks.append((open_at, pos, False))
                open_at = -1
            continue
        cls = "g" if ch in "«»" else "d"
        if open_at >= 0:
            if cls != open_cls:
                continue
            if pos == open_at + 1 or _is_continuation_mark(text, pos):
                continue
            # a quotation inside the quotation: its closing mark is not ours
            if ch in OPEN_GLYPHS and _opener_like(text, pos) and not _closer_like(text, pos):
                depth += 1
                continue
            if depth > 0:
                depth -= 1
                continue
            blocks.append((open_at, pos, True))
            open_at = -1
            continue
        if ch in CLOSE_GLYPHS and not _opener_like(text, pos):
            continue  # a stray closing mark
        if ch == '"' and not _opener_like(text, pos):
            continue
        open_at, open_cls, depth = pos, cls, 0
    if open_at >= 0:
        blocks.append((open_at, len(text), False))
    blocks = sorted(blocks + _dash_quotes(text, blocks))
    spans = [(a, b) for a, b, _ in blocks]
    of_token = [-1] * w.n
    for k, (a, b) in enumerate(spans):
        for i in range(bisect.bisect_right(w.starts, a), bisect.bisect_left(w.starts, b)):
            of_token[i] = k
    return Quotes(spans, [closed for _, _, closed in blocks], of_token)


def _dash_quotes(text: str, blocks: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Direct speech set off by dashes: "– Trade grew 5%, – the Head of State said."

    Only a paragraph that opens with a dash and closes the speech with a dash after
    punctuation counts; a bulleted list has no closing dash.
    """
    found: list[tuple[int, int, bool]] = []
    for m in _DASH_SPEECH.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        closing = None
        for c in _DASH_CLOSE.finditer(text, m.end(), line_end):
            closing = c
        if closing is None:
            continue
        a, b = m.start(1), closing.start(1)
        if any(x < b and a < y for x, y, _ in blocks):
            continue  # inside or across a quotation already found
        found.append((a, b, True))
    return found


def _is_continuation_mark(text: str, pos: int) -> bool:
    """The opening mark of a continued paragraph inside an open quote."""
    line_start = text.rfind("\n", 0, pos) + 1
    return line_start > 0 and not text[line_start:pos].strip()


def _opener_like(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:/'\"“«„") and not after.isspace()


def _closer_like(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())
