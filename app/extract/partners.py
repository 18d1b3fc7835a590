"""Partners that are not countries: blocs (EU, EAEU), world regions (Central Asia), groups
("the five Central Asian countries") and sub-national units (Tatarstan, "the Pskov region").
A figure whose partner is one of these is not a bilateral claim.

A small grammar over the lexicon's hits, each form anchored on a word of its own:
- a bloc or region by name (`bloc_region`, from data/not_countries.tsv), also in a compound
  ("ASEAN-India trade");
- one or two capitalised words before a region word ("the Pskov region", "Heilongjiang
  province"), or a region word, "of" and a capitalised word ("the province of Ontario");
- a count before a group word, with up to two capitalised words between ("the five Central
  Asian countries", "other EAEU members"), or one or two capitalised words before a word for
  states ("Gulf states", "EU countries");
- "the" and a region word that owns something ("the emirate's trade");
- a capitalised word before "continent" ("the African continent").
A group that is the article's own pair ("the two countries", "both states", "our nations",
"the United States") is none of these.
"""

from __future__ import annotations

from app.extract.lexicon import Hits
from app.extract.text import Document
from app.extract.types import Span
from app.extract.words import in_class, is_cap_word

_COUNT = in_class("group_count")
_STATES = in_class("group_states")
_NOT_GROUP = in_class("not_group")
_PAIR_COUNT = in_class("pair_count")
_THE = in_class("det_the")
_OF = in_class("of")


def _caps_before(doc: Document, pos: int, lo: int, most: int) -> list[int]:
    """Starts of the capitalised words (at most `most`) that stand right before `pos`,
    separated from it and from each other by spaces only, nearest last."""
    toks = doc.tokens
    text = doc.text
    out: list[int] = []
    i = toks.before(pos)
    end = pos
    while i >= 0 and len(out) < most:
        s, e = toks.starts[i], toks.ends[i]
        if s < lo or not text[e:end] or not text[e:end].isspace() or not is_cap_word(toks.text[i]):
            break
        out.insert(0, s)
        end = s
        i -= 1
    return out


def _word_before(doc: Document, pos: int, lo: int) -> tuple[int, str] | None:
    """The word right before `pos` (spaces only between), and its start."""
    toks = doc.tokens
    i = toks.before(pos)
    if i < 0 or toks.starts[i] < lo:
        return None
    gap = doc.text[toks.ends[i] : pos]
    if not gap or not gap.isspace():
        return None
    return toks.starts[i], toks.text[i]


def _clear_before(doc: Document, start: int) -> bool:
    """Nothing glued to the left of `start` (a letter, digit or dash)."""
    return start == 0 or not (doc.text[start - 1].isalnum() or doc.text[start - 1] in "_-")


def find_non_country_partners(doc: Document, hits: Hits, lo: int, hi: int) -> list[Span]:
    """Spans of blocs, world regions, groups and sub-national units named inside lo..hi."""
    text = doc.text
    found: list[tuple[int, int, int]] = []  # start, end, form (lower first)
    for h in hits.of("bloc_region", lo, hi):
        found.append((h.start, h.end, 0))
    for h in hits.of("region", lo, hi):
        # every start a capitalised word gives: what a left-to-right reading would find
        found += [(c, h.end, 1) for c in _caps_before(doc, h.start, lo, 2) if _clear_before(doc, c)]
        after = doc.tokens.at_or_after(h.end)
        toks = doc.tokens
        if (
            after + 1 < len(toks)
            and _OF(toks.text[after])
            and text[h.end : toks.starts[after]].isspace()
            and text[toks.ends[after] : toks.starts[after + 1]].isspace()
            and is_cap_word(toks.text[after + 1])
            and toks.ends[after + 1] <= hi
        ):
            found.append((h.start, toks.ends[after + 1], 2))
        the = _word_before(doc, h.start, lo)
        if the is not None and _THE(the[1]) and text.startswith("'s", h.end):
            found.append((the[0], h.end, 5))
    for h in hits.of("group", lo, hi):
        caps = _caps_before(doc, h.start, lo, 2)
        head = caps[0] if caps else h.start
        count = _word_before(doc, head, lo)
        if " " in h.key and _COUNT(h.key.split()[0]) and _clear_before(doc, h.start):
            found.append((h.start, h.end, 3))  # "member states": a count and a group word
        if count is not None and _is_count(doc, count):
            found.append((count[0], h.end, 3))
        else:
            rest = _rest_of_the(doc, head, lo)
            if rest is not None:
                found.append((rest, h.end, 3))
        if _STATES(h.key):
            found += [(c, h.end, 4) for c in caps if _clear_before(doc, c)]
    for h in hits.of("continent", lo, hi):
        caps = _caps_before(doc, h.start, lo, 1)
        if caps and _clear_before(doc, caps[0]):
            found.append((caps[0], h.end, 6))
    out: list[Span] = []
    reach = -1
    for start, end, _ in sorted(found, key=lambda f: (f[0], f[2])):
        if start < reach:
            continue
        if _names_own_pair(doc, start, end):
            reach = end
            continue
        out.append(Span(start, end))
        reach = end
    return out


def _is_count(doc: Document, word: tuple[int, str]) -> bool:
    """ "five", "several", "other", "12" (at most three digits)."""
    start, w = word
    if w.isdigit():
        return len(w) <= 3
    return _COUNT(w) and _clear_before(doc, start)


def _rest_of_the(doc: Document, pos: int, lo: int) -> int | None:
    """ "the rest of the ..." before `pos`: where it starts."""
    words: list[str] = []
    at = pos
    for _ in range(4):
        w = _word_before(doc, at, lo)
        if w is None:
            return None
        words.insert(0, w[1].lower())
        at = w[0]
    return at if in_class("rest_of_the")(" ".join(words)) else None


def _names_own_pair(doc: Document, start: int, end: int) -> bool:
    """ "the two countries", "our nations", and "the two neighbouring countries", whose
    "two" stands before the group's count word."""
    words = doc.text[start:end].split()
    if words and _THE(words[0]):
        words = words[1:]
    if bool(words) and _NOT_GROUP(words[0]):
        return True
    before = _word_before(doc, start, 0)
    return before is not None and _PAIR_COUNT(before[1])
