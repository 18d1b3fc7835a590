"""Official titles: the office a group of words names, and the person who holds it.

A title group is a title word with the qualifiers and places around it ("Kazakh Trade
Minister", "the Minister of Trade and Industry of Egypt"). A group right before a name, in
its unlisted tail ("Prime Minister of the Islamic Republic of Pakistan Shehbaz Sharif"), set
off by commas either side of a name ("the Minister, Eng. Ahmed Samir,", "Serik Zhumangarin,
the minister of trade,") is that person's office. Every other group is a bare title that may
stand for a person named elsewhere ("the Head of State noted"): `resolve_title` picks the
person whose offices fit it best.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Final

from app.extract.speakers.persons import Mention, People
from app.extract.speakers.tokens import Words
from app.extract.speakers.vocabulary import (
    DETERMINERS,
    GOVERNMENT_WORDS,
    TAIL_LINKS,
    TITLE_LINKS,
    Entry,
    phrase_key,
)

_MAX_TITLE_TAIL: Final = 8  # tokens between a title group and the name its tail runs into
_GROUP_KINDS: Final = ("place", "qualifier", "institution", "title")  # after "of", "for" ...


@dataclass(frozen=True, slots=True)
class Title:
    role: str  # the title word ("minister", "head of government")
    role_class: str  # the role it belongs to (titles.tsv group): "head", "minister" ...
    country: str | None  # ISO3 of the country it names
    depts: frozenset[str]  # portfolio and institution words ("trade", "ministry")
    gender: str


@dataclass(frozen=True, slots=True)
class TitleRef:
    """A bare title: tokens start..end, standing for whoever holds `title`."""

    start: int
    end: int
    title: Title


def link_titles(w: Words, people: People) -> dict[int, TitleRef]:
    """Attach titles to the names they introduce; return the rest, bare titles, by start.

    Also fills `people.all_mentions`: a bare title that stands for a named person is a
    mention of them, that a later pronoun may refer back to.
    """
    mention_at = {m.start: m for m in people.mentions}
    mention_end = {m.end: m for m in people.mentions}
    refs: list[TitleRef] = []
    for a, b, title in _title_groups(w):
        after = mention_at.get(b)
        if after is not None and not w.text[w.ends[b - 1] : w.starts[b]].strip():
            people.add_title(after.person, title)  # "Trade Minister Serik ..."
            continue
        # "Prime Minister of the Islamic Republic of Pakistan Shehbaz Sharif",
        # "the Minister of Trade and Industry, Eng. Hossam Abdel-Rahman, received ..."
        named = _title_tail(w, b, mention_at)
        if named is None:
            named = _title_apposition(w, b, mention_at)
        if named is not None:
            tail_country = _tail_country(w, b, named.start)
            if title.country is None and tail_country is not None:
                title = Title(title.role, title.role_class, tail_country, title.depts, "")
            people.add_title(named.person, title)
            continue
        # "Serik Zhumangarin, the minister of trade and integration,"
        k = a - 1
        while k >= 0 and w.lower[k] in DETERMINERS:
            k -= 1
        if k >= 0 and w.possessive[k]:  # "Dmitry Peskov, Putin's spokesman,"
            while k >= 0 and (w.name_word[k] or w.initial[k] or w.words[k] == "."):
                k -= 1
        before = mention_end.get(k) if k >= 0 and w.words[k] == "," else None
        if before is not None and not before.possessive:
            people.add_title(before.person, title)
            continue
        refs.append(TitleRef(a, b, title))
    # resolved only now that every name has its titles
    extra: list[Mention] = []
    for ref in refs:
        pid = resolve_title(w, people, ref.title, ref.start)
        if pid >= 0:
            extra.append(Mention(ref.start, ref.end, pid, w.possessive[ref.end - 1]))
    people.all_mentions = sorted(people.mentions + extra, key=lambda m: m.start)
    people.all_starts = [m.start for m in people.all_mentions]
    return {ref.start: ref for ref in refs}


def _title_groups(w: Words) -> list[tuple[int, int, Title]]:
    groups: list[tuple[int, int, Title]] = []
    i = 0
    n = w.n
    kinds = w.kinds
    while i < n:
        if kinds[i] != "title":
            i += 1
            continue
        a = i
        while a > 0 and w.kind(a - 1) in ("qualifier", "title", "place"):
            a -= 1
        b = i
        while b < n and w.kind(b) in ("qualifier", "title"):
            b = w.tag_end[b]
        head_end = b
        # "of the Russian Federation", "for Trade and Integration"
        while b < n and w.lower[b] in TITLE_LINKS:
            c = b + 1
            if c < n and w.lower[c] in DETERMINERS:
                c += 1
            if w.kind(c) not in _GROUP_KINDS:
                break
            b = c
            while b < n and w.kind(b) in _GROUP_KINDS:
                b = w.tag_end[b]
        groups.append((a, b, _make_title(w, a, head_end, b)))
        i = b
    return groups


def _make_title(w: Words, a: int, head_end: int, b: int) -> Title:
    head: Entry | None = None
    country: str | None = None
    depts: set[str] = set()
    k = a
    while k < b:
        tag = w.tags[k]
        end = max(w.tag_end[k], k + 1) if tag is not None else k + 1
        if tag is not None:
            if tag.kind == "title" and k < head_end:
                head = tag
            elif tag.kind == "place" and country is None and len(tag.group) == 3:
                country = tag.group
            elif (tag.kind == "qualifier" and tag.group == "dept") or tag.kind == "institution":
                depts.update(phrase_key(tag.phrase))
        k = end
    if head is None:  # unreachable with a title at i, kept for type safety
        return Title("", "", country, frozenset(depts), "")
    role, role_class = head.phrase.lower(), head.group
    # "the head of the Russian government" is the prime minister's title in other words
    if role_class == "head" and depts & GOVERNMENT_WORDS:
        role, role_class = "head of government", "head_of_government"
    return Title(role, role_class, country, frozenset(depts), head.gender)


def _title_tail(w: Words, b: int, mention_at: dict[int, Mention]) -> Mention | None:
    """The name that a title's unlisted tail of capitalised words and places runs into."""
    j = b
    limit = min(w.n, b + _MAX_TITLE_TAIL)
    while j < limit and w.para[j] == w.para[b - 1]:
        found = mention_at.get(j)
        if found is not None:
            return found if j > b else None
        lowered = w.lower[j]
        if w.possessive[j] or not w.is_word[j]:
            return None
        if not (
            lowered in TAIL_LINKS
            or w.kind(j) in _GROUP_KINDS
            or (w.words[j][0].isupper() and lowered not in w.lower_vocab)
        ):
            return None
        j += 1
    return None


def _title_apposition(w: Words, b: int, mention_at: dict[int, Mention]) -> Mention | None:
    """A name set off by commas after its title: "the Minister, Eng. Ahmed Samir, said"."""
    if b >= w.n or w.words[b] != ",":
        return None
    j = b + 1
    if j < w.n and w.kind(j) == "honorific":
        j = max(w.tag_end[j], j + 1)
        if j < w.n and w.words[j] == ".":
            j += 1
    found = mention_at.get(j)
    if found is None or found.possessive or w.para[j] != w.para[b]:
        return None
    closes = found.end >= w.n or w.words[found.end] in (",", ".", ";")
    return found if closes else None


def _tail_country(w: Words, a: int, b: int) -> str | None:
    for k in range(a, b):
        tag = w.tags[k]
        if tag is not None and tag.kind == "place" and len(tag.group) == 3:
            return tag.group
    return None


# the role class of a title that stands for any titled person ("the official")
_ANY_ROLE = "any"


def resolve_title(w: Words, people: People, ref: Title, at: int) -> int:
    """The person whose title fits best; among equals, the one named last before `at` (-1
    for nobody).

    When equals share that last sentence ("President X held talks with President Y"), the
    first of them, its subject, is the one a later "the Head of State" goes on with.
    """
    best = -1.0
    tied: list[int] = []
    # only a holder of the same role, the same role class, or a counterpart can fit
    anyone = ref.role_class == _ANY_ROLE  # "the official": any person named before
    if anyone and (at == 0 or w.lower[at - 1] != "the"):
        return -1  # "an official said", "officials said": someone unnamed
    keys = [f"role:{ref.role}", "class:counterpart"]
    if ref.role_class and not anyone:
        keys.append(f"class:{ref.role_class}")
    candidates = (
        range(len(people.persons))
        if anyone
        else sorted(set().union(*(people.holders.get(k, set()) for k in keys)))
    )
    for pid in candidates:
        person = people.persons[pid]
        if anyone:
            score = 1.0 if _last_mention_before(people, pid, at) >= 0 else -1.0
        else:
            score = max((_title_score(ref, t) for t in person.titles), default=-1.0)
        if score < 0 or score < best:
            continue
        if score > best:
            best, tied = score, []
        tied.append(pid)
    if len(tied) <= 1:
        return tied[0] if tied else -1
    last = {pid: _last_mention_before(people, pid, at) for pid in tied}
    latest = max(tied, key=lambda pid: last[pid])
    if last[latest] < 0:
        return latest
    sentence = w.sent_start[last[latest]]
    mentions = people.mentions
    k = bisect.bisect_left(people.mention_starts, sentence)
    while k < len(mentions) and mentions[k].start < last[latest]:
        m = mentions[k]
        if m.person in last and not m.possessive:
            return m.person
        k += 1
    return latest


def _last_mention_before(people: People, pid: int, at: int) -> int:
    starts = people.starts_of(pid)
    k = bisect.bisect_left(starts, at) - 1
    return starts[k] if k >= 0 else -1


def _title_score(ref: Title, known: Title) -> float:
    """How well a bare title ("the President of Kazakhstan") fits a title a name carries."""
    if ref.country and known.country and ref.country != known.country:
        return -1.0
    if ref.depts and known.depts and not ref.depts & known.depts:
        return -1.0
    if known.role_class == "counterpart":
        # "his Uzbek counterpart Abdulla Aripov" is whatever "the Uzbek premier" is
        return 1.5 if ref.country and ref.country == known.country else -1.0
    if ref.role == known.role:
        score = 3.0
    elif ref.role_class and ref.role_class == known.role_class:
        score = 2.0
    else:
        return -1.0
    if ref.country and ref.country == known.country:
        score += 0.5
    if ref.depts & known.depts:
        score += 0.5
    return score
