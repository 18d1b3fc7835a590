"""Reporting cues ("said", "told", "according to") and who each one names.

A verb's speaker is the clause piece before it ("Putin said"), after it when the verb inverts
and nothing stands before it (", said Putin"), or a name before an apposition ("Serik
Zhumangarin, the minister of trade, said"). "According to" names what follows it. A piece is
classified (`classify`) as a named person, a pronoun or a bare title standing for one, an
institution ("the ministry said": a body speaks, no person), a title or pronoun that stands
for nobody the article names, something else ("analysts said") or nothing. A cue inside a
quotation is part of what is quoted, not a cue.

Each answer carries the rule that decided it (`Who.rule`): a name found in the piece leaves
it to the cue (reporting-verb, according-to, or the quotation rule the cue serves); every
other kind of subject decides by its own rule (`RULES`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Final, Literal

from app.extract.rules import Rule
from app.extract.speakers.persons import People, resolve_pronoun
from app.extract.speakers.quotes import Quotes
from app.extract.speakers.titles import TitleRef, resolve_title
from app.extract.speakers.tokens import Words
from app.extract.speakers.vocabulary import (
    CLAUSE_STOPS,
    CUES,
    DETERMINERS,
    FILLERS,
    OBJECT_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    Entry,
)

REPORTING_VERB: Final = "speaker:reporting-verb"
ACCORDING_TO: Final = "speaker:according-to"
TITLE: Final = "speaker:title"
PRONOUN: Final = "speaker:pronoun"
INSTITUTION: Final = "speaker:institution"
UNNAMED: Final = "speaker:unnamed"
NOT_A_PERSON: Final = "speaker:not-a-person"
APPOSITION: Final = "speaker:apposition"

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        REPORTING_VERB,
        "the person named as the subject of a reporting verb ('X said', ', said X')",
        "Kazakh Trade Minister Serik Zhumangarin said trade between Kazakhstan and Russia "
        "grew 5% to $26 billion in 2023.",
    ),
    Rule(
        ACCORDING_TO,
        "the person named after 'according to'",
        "Trade between Kazakhstan and Russia grew 5% to $26 billion in 2023, according to "
        "Kazakh Trade Minister Serik Zhumangarin.",
    ),
    Rule(
        APPOSITION,
        "the name in apposition after the title 'according to' gives ('according to the "
        "counsellor, Mr. X')",
        "Trade between Nigeria and China stood at $9.5 billion in 2016, according to the "
        "Economic and Commercial Counsellor of the Chinese Embassy, Mr. Zhao Linxiang.",
    ),
    Rule(
        TITLE,
        "a bare title that stands for the person the article names with it ('the minister')",
        "Kazakh Trade Minister Serik Zhumangarin opened the forum in Astana.\nThe minister "
        "noted that trade between Kazakhstan and Russia grew 5% to $26 billion in 2023.",
    ),
    Rule(
        PRONOUN,
        "'he' or 'she' as the subject: the fitting person named last before it",
        "Kazakh Trade Minister Serik Zhumangarin opened the forum in Astana. He said trade "
        "between Kazakhstan and Russia grew 5% to $26 billion in 2023.",
    ),
    Rule(
        INSTITUTION,
        "a ministry, agency or other body is the subject: no person states it (null)",
        "Trade between Kazakhstan and Russia grew 5% to $26 billion in 2023, the Kazakh "
        "trade ministry said.",
    ),
    Rule(
        UNNAMED,
        "a title or pronoun that stands for nobody the article names (null)",
        "Trade between Kazakhstan and Russia grew 5% to $26 billion in 2023, a deputy "
        "minister said.",
    ),
    Rule(
        NOT_A_PERSON,
        "the subject is neither a person nor a body ('analysts say', 'the report said': null)",
        "Trade between Kazakhstan and Russia will grow 5% to $27 billion this year, analysts say.",
    ),
)

Kind = Literal["person", "unresolved", "institution", "other", "empty"]


@dataclass(frozen=True, slots=True)
class Who:
    """What a clause piece names: a person (by index), or a kind of no one."""

    kind: Kind
    person: int = -1
    rule: str = ""  # the rule that named it, when not a plain name (which the cue decides)


EMPTY: Final = Who("empty")  # nothing there but determiners and fillers
OTHER: Final = Who("other")  # no one found


@dataclass(frozen=True, slots=True)
class Cue:
    start: int  # token index
    end: int
    kind: str  # "verb" or "prep"
    who: Who

    @property
    def rule(self) -> str:
        """The rule behind what this cue names."""
        if self.who.rule:
            return self.who.rule
        return ACCORDING_TO if self.kind == "prep" else REPORTING_VERB


@dataclass(frozen=True, slots=True)
class Reading:
    """What the earlier steps found in one article: cues and attribution read all of it."""

    words: Words
    quotes: Quotes
    people: People
    title_refs: dict[int, TitleRef]  # bare titles by their first token


def find_cues(r: Reading) -> list[Cue]:
    w = r.words
    cues: list[Cue] = []
    firsts = CUES.first_words
    lowered = w.lower
    quote_of = r.quotes.of_token
    i = 0
    while i < w.n:
        if lowered[i] not in firsts or quote_of[i] >= 0:
            i += 1
            continue
        hit = CUES.match(lowered, i)
        if hit is None:
            i += 1
            continue
        end, entry = hit
        if entry.kind == "verb" and not w.words[i][0].islower():
            i += 1  # "Said" capitalised is a name or a headline word
            continue
        if entry.kind == "prep":
            stop = _clause_end(w, end)
            who = classify(r, end, stop, allow_possessive=True)
            comma = _after_abbreviation(w, stop)
            if who.kind in ("unresolved", "other") and comma < w.n and w.words[comma] == ",":
                # "according to the Commercial Counsellor of the Chinese Embassy, Mr. Zhao
                # Linxiang": the name in apposition after the title
                named = classify(r, comma + 1, _clause_end(w, comma + 1), allow_possessive=False)
                if named.kind == "person":
                    who = Who("person", named.person, APPOSITION)
        else:
            who = _verb_subject(r, i, end, entry)
        cues.append(Cue(i, end, entry.kind, who))
        i = end
    return cues


def _after_abbreviation(w: Words, at: int) -> int:
    """The token after a bracketed abbreviation at `at` ("(IRICA)"), else `at`."""
    if at < w.n and w.words[at] == "(":
        for j in range(at + 1, min(w.n, at + 5)):
            if w.words[j] == ")":
                return j + 1
    return at


def _piece_start(w: Words, end: int) -> int:
    """First token of the clause piece that ends just before `end`."""
    floor = w.sent_start[end] if end < w.n else w.sent_start[end - 1]
    j = end
    while j - 1 >= floor and not w.is_boundary(j - 1):
        j -= 1
    return j


def _clause_end(w: Words, start: int) -> int:
    """Where the speaker phrase that starts at `start` ends (ten tokens at most)."""
    j = start
    limit = min(w.n, start + 10)
    while j < limit and not w.is_boundary(j) and w.para[j] == w.para[start]:
        if j > start and w.lower[j] in CLAUSE_STOPS:
            break
        j += 1
    return j


def _verb_subject(r: Reading, start: int, end: int, entry: Entry) -> Who:
    w = r.words
    j = _piece_start(w, start)
    who = classify(r, j, start, allow_possessive=False)
    if who.kind != "empty":
        return who
    # nothing before the verb: ", said Putin", "” said the minister"
    boundary = w.words[j - 1] if j > w.sent_start[start] else ""
    if (
        entry.inverts
        and boundary in ("", ",", "”", '"', "»", "—", "–", "-", ":")
        and end < w.n
        and w.lower[end] != "that"
    ):
        after = classify(r, end, _clause_end(w, end), allow_possessive=False)
        if after.kind in ("person", "unresolved", "institution"):
            return after
    # "Serik Zhumangarin, the minister of trade, said": look back over parentheticals
    floor = w.sent_start[start]
    fallback = OTHER
    for _ in range(3):
        if j - 1 < floor or w.words[j - 1] != ",":
            break
        k = _piece_start(w, j - 1)
        if k < j - 1 and w.lower[k] in RELATIVES:
            j = k  # ", who met Putin in July," describes the subject; it is not one
            continue
        who = classify(r, k, j - 1, allow_possessive=False)
        if who.kind in ("person", "institution"):
            return who
        if who.kind == "unresolved":
            fallback = who  # a bare title in apposition: the name may stand before it
        j = k
    return fallback


def classify(r: Reading, a: int, b: int, *, allow_possessive: bool) -> Who:
    """What the clause piece a..b names: a person, an institution, something else or nothing.

    `allow_possessive` is for what follows "according to": "according to Putin's aide" is
    still a source, while before a verb "Putin's aide said" is not Putin speaking.
    """
    if a >= b:
        return EMPTY
    w, people = r.words, r.people
    mentions = people.mentions
    k = bisect.bisect_left(people.mention_starts, a)
    while k < len(mentions) and mentions[k].start < b:
        m = mentions[k]
        k += 1
        if m.end > b or (m.possessive and not allow_possessive):
            continue
        if m.start > a and w.lower[m.start - 1] in PREPOSITIONS:
            continue  # "talks with Putin": an object, not the speaker
        return Who("person", m.person)
    content = False
    institution = False
    titled = False
    i = a
    while i < b:
        lowered = w.lower[i]
        gender = PRONOUNS.get(lowered, "")
        if gender and i > a and w.lower[i - 1] in PREPOSITIONS:
            gender = ""
        if not gender and allow_possessive and i == a:
            gender = OBJECT_PRONOUNS.get(lowered, "")
        if gender:
            pid = resolve_pronoun(w, r.quotes.of_token, people, i, gender)
            return Who("person", pid, PRONOUN) if pid >= 0 else Who("unresolved", rule=UNNAMED)
        ref = r.title_refs.get(i)
        if (
            ref is not None
            and not institution  # "the Statistics Agency under the President of Uzbekistan"
            and (allow_possessive or not w.possessive[ref.end - 1])
        ):
            pid = resolve_title(w, people, ref.title, i)
            return Who("person", pid, TITLE) if pid >= 0 else Who("unresolved", rule=UNNAMED)
        kind = w.kind(i)
        if kind == "institution" and not titled:
            institution = True
        elif kind == "title":
            # "a spokesman for the Ministry of Trade" describes a person, not the ministry;
            # so does "a Chinese customs spokesman", whose body word only qualifies the title
            titled = True
            if institution and i > a and w.kind(i - 1) == "institution":
                institution = False
        if w.is_word[i]:
            filler = FILLERS.match(w.lower, i)
            if filler is not None:
                i = filler[0]
                continue
            if lowered not in DETERMINERS:
                content = True
        i += 1
    if institution:
        return Who("institution", rule=INSTITUTION)
    if titled:
        return Who("unresolved", rule=UNNAMED)
    return Who("other", rule=NOT_A_PERSON) if content else EMPTY
