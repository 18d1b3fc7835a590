"""Persons: the names an article gives, each mention of them, their gender, and pronouns.

A name is a run of one to four capitalised name words (with initials "V." and particles "bin",
"al-"). Runs of two or more words are persons; a lone word is one only when it is a known
surname, stands after a title or honorific ("Ambassador Kato", "Mr. Haddad") or is named as
the speaker in the inverted form (", said Zhumangarin."); elsewhere a lone capitalised word is
more often a body ("Geostat said"). Mentions of the same surname are one person. A gender
comes from an honorific, a title, or a Slavic surname ending, and tells which persons "he"
and "she" may stand for.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from app.extract.speakers.tokens import Words
from app.extract.speakers.vocabulary import (
    BOUNDARY,
    CUES,
    FEMALE_SURNAME,
    FINAL,
    MALE_SURNAME,
    ORG_SUFFIXES,
    PARTICLES,
    QUOTE_GLYPHS,
)

if TYPE_CHECKING:
    from app.extract.speakers.titles import Title

_MAX_NAME_WORDS: Final = 4


@dataclass(slots=True)
class Person:
    name: str  # as the article first writes it in full
    words: tuple[str, ...]
    gender: str = ""  # "m", "f" or unknown
    titles: list[Title] = field(default_factory=list)  # the offices the article gives them

    @property
    def surname(self) -> str:
        return self.words[-1].lower()


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token index
    end: int
    person: int  # index into People.persons
    possessive: bool  # "Putin's": the person is not the subject of what follows


@dataclass(slots=True)
class People:
    persons: list[Person]
    mentions: list[Mention]  # by name, in text order
    mention_starts: list[int]
    # by name and by a bare title that stands for a named person ("the President"), in text
    # order: what a pronoun may refer back to (filled by titles.link_titles)
    all_mentions: list[Mention] = field(default_factory=list)
    all_starts: list[int] = field(default_factory=list)
    _starts_of: dict[int, list[int]] | None = None
    # who holds a title of each role and role class ("minister", "head"): the persons a bare
    # title may stand for (titles.resolve_title)
    holders: dict[str, set[int]] = field(default_factory=dict)

    def add_title(self, person: int, title: Title) -> None:
        self.persons[person].titles.append(title)
        for key in (f"role:{title.role}", f"class:{title.role_class}"):
            self.holders.setdefault(key, set()).add(person)

    def starts_of(self, person: int) -> list[int]:
        """Where `person` is named (by name), in text order."""
        if self._starts_of is None:
            index: dict[int, list[int]] = {}
            for m in self.mentions:
                index.setdefault(m.person, []).append(m.start)
            self._starts_of = index
        return self._starts_of.get(person, [])

    def name(self, person: int) -> str:
        return self.persons[person].name


def find_persons(w: Words) -> People:
    persons: list[Person] = []
    by_surname: dict[str, list[int]] = {}
    by_other: dict[str, list[int]] = {}  # the other words of full names
    full: list[tuple[int, int, tuple[str, ...]]] = []
    initialled: list[tuple[int, int, tuple[str, ...]]] = []
    single: list[tuple[int, int, tuple[str, ...]]] = []
    for a, b in _name_runs(w):
        if _names_a_body(w, b) or _names_a_field(w, b):
            continue
        words = tuple(w.words[k] for k in range(a, b) if w.is_word[k])
        names = [x for x in words if x.lower() not in PARTICLES]
        if len(names) == 1:
            single.append((a, b, words))
        elif any(len(x) == 1 for x in names[:-1]):
            initialled.append((a, b, words))
        else:
            full.append((a, b, words))

    def register(a: int, b: int, words: tuple[str, ...]) -> int:
        surname = words[-1].lower()
        for pid in by_surname.get(surname, ()):
            known = persons[pid].words
            # "Putin" and "V. Putin" are "Vladimir Putin"; "Ivan Petrov" is not "Olga Petrov"
            if len(words) == 1 or len(known) == 1 or known[0][0] == words[0][0]:
                return pid
        # "Ambassador Kato" after "Kato Hiroshi": a family name written first
        others = by_other.get(surname, []) if len(words) == 1 else []
        if len(others) == 1:
            return others[0]
        name = re.sub(r"\s+", " ", w.text[w.starts[a] : w.ends[b - 1]])
        persons.append(Person(name, words))
        pid = len(persons) - 1
        for key in _surname_keys(surname):
            by_surname.setdefault(key, []).append(pid)
        for word in words[:-1]:
            if len(word) > 1 and word.lower() not in PARTICLES:
                by_other.setdefault(word.lower(), []).append(pid)
        return pid

    # full names first, so that a lone surname later (or earlier) finds its person
    found: list[Mention] = []
    for a, b, words in full + initialled:
        found.append(Mention(a, b, register(a, b, words), w.possessive[b - 1]))
    for a, b, words in single:
        introduced = w.kind(a - 1) in ("title", "honorific") or (
            w.words[a - 1 : a] == ["."] and w.kind(a - 2) == "honorific"
        )
        if words[-1].lower() in by_surname or introduced or _speaks_alone(w, a, b):
            found.append(Mention(a, b, register(a, b, words), w.possessive[b - 1]))
    found.sort(key=lambda m: m.start)
    return People(persons, found, [m.start for m in found])


def _surname_keys(surname: str) -> list[str]:
    """ "el-khatib" is found again as "Khatib", "al-sisi" as "Sisi": a particle glued to a
    surname by a hyphen may be left out when the name comes back."""
    head, _, tail = surname.partition("-")
    return [surname, tail] if tail and head in PARTICLES else [surname]


def _name_runs(w: Words) -> list[tuple[int, int]]:
    """Token ranges of 1-4 adjacent capitalised name words (with initials and particles)."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = w.n
    name_word, initial = w.name_word, w.initial
    while i < n:
        if not (name_word[i] or initial[i]):
            i += 1
            continue
        j = i
        last_word = -1
        while j < n:
            if initial[j]:
                j += 2  # the letter and its dot
            elif name_word[j]:
                last_word = j
                j += 1
                if w.possessive[j - 1]:
                    break
            elif (
                w.lower[j] in PARTICLES
                and j + 1 < n
                and (name_word[j + 1] or w.lower[j + 1] in PARTICLES)
                and last_word >= 0
            ):
                j += 1
            else:
                break
            if j < n and w.para[j] != w.para[j - 1]:
                break
        if last_word < 0:
            i = j
            continue
        run = _trim_run(w, i, last_word + 1)
        if run is not None:
            runs.append(run)
        i = j
    return runs


def _trim_run(w: Words, a: int, b: int) -> tuple[int, int] | None:
    """Drop capitalised common words that only look like names ("Yesterday Putin")."""
    words = [i for i in range(a, b) if w.name_word[i]]
    if len(words) > _MAX_NAME_WORDS:
        return None
    check_all = len(words) >= 3
    while a < b and w.is_word[a] and not w.initial[a]:
        at_start = w.sent_start[a] == a or (a > 0 and w.words[a - 1] in QUOTE_GLYPHS)
        if (check_all or at_start) and w.lower[a] in w.lower_vocab:
            a += 1
        else:
            break
    if check_all:
        # three capitalised words, one of them common: a headline or a name of a thing
        for k in range(a, b):
            if w.name_word[k] and w.lower[k] in w.lower_vocab:
                return None
    return (a, b) if a < b else None


def _names_a_body(w: Words, b: int) -> bool:
    """Capitalised words that run on into an institution word ("Halyk Bank", "Dubai Customs",
    "Guangxi Zhuang Autonomous Region") name a body, not a person."""
    if b >= w.n or w.kind(b) != "institution" or w.text[w.ends[b - 1] : w.starts[b]].strip():
        return False
    tag = w.tags[b]
    # "Halyk Bank"; a media word after a title names it in lower case too ("Prime Words
    # program")
    return w.words[b][0].isupper() or (tag is not None and tag.group == "media")


def _names_a_field(w: Words, b: int) -> bool:
    """Capitalised words before a colon and a number ("Story Code : 15591") label a page's
    field, not a person."""
    return b + 1 < w.n and w.words[b] == ":" and w.words[b + 1][:1].isdigit()


def _speaks_alone(w: Words, a: int, b: int) -> bool:
    """A lone unknown surname named as the speaker in the inverted form (", said
    Zhumangarin."). Before a verb ("Destatis said", "Geostat reported") a lone capitalised
    word that the article never introduced is more often a body than a person, so it is
    not taken for one there.
    """
    word = w.words[a]
    if b != a + 1 or any(c.isupper() for c in word[1:].replace("-", "")):
        return False
    if _looks_like_organisation(word):
        return False
    if a > w.sent_start[a] and w.words[a - 1] not in BOUNDARY:
        hit = CUES.match(w.lower, a - 1) if w.is_word[a - 1] else None
        return (
            hit is not None
            and hit[1].inverts
            and not hit[1].body
            and a >= 2
            and w.words[a - 2] == ","
            and (b >= w.n or w.words[b] in FINAL or w.words[b] == ",")
        )
    return False


def _looks_like_organisation(word: str) -> bool:
    """A one-word body by its shape: "Geostat", "Sberbank", "Kazatomprom"."""
    lowered = word.lower()
    if not lowered.endswith(ORG_SUFFIXES):  # most words, in one call
        return False
    return any(len(lowered) > len(sfx) + 2 and lowered.endswith(sfx) for sfx in ORG_SUFFIXES)


# -- genders and pronouns ---------------------------------------------------------------------
def guess_genders(w: Words, people: People) -> None:
    """A person's gender: an honorific before a mention ("Ms"), else a gendered title, else a
    surname ending. Run after the titles are linked (titles.link_titles)."""
    for m in people.mentions:
        person = people.persons[m.person]
        if person.gender:
            continue
        k = m.start - 1
        if k >= 0 and w.words[k] == ".":
            k -= 1
        tag = w.tags[k] if k >= 0 else None
        if tag is not None and tag.kind == "honorific" and tag.gender:
            person.gender = tag.gender
    for person in people.persons:
        if person.gender:
            continue
        gendered = [t.gender for t in person.titles if t.gender]
        surname = person.surname
        if gendered:
            person.gender = gendered[0]
        elif len(surname) > 4 and surname.endswith(FEMALE_SURNAME):
            person.gender = "f"
        elif len(surname) > 3 and surname.endswith(MALE_SURNAME):
            person.gender = "m"


def resolve_pronoun(w: Words, quote_of: list[int], people: People, at: int, gender: str) -> int:
    """The last fitting person named before `at`; in an earlier sentence, its subject (-1 for
    nobody).

    "Tokayev met Putin. 'Trade grew,' he said." is Tokayev's: a pronoun that opens a new
    sentence usually continues the previous sentence's subject, not its object. A person
    named inside another quotation is not what a pronoun outside it refers to.
    """
    own_quote = quote_of[at]
    mentions = people.all_mentions

    def fits(m: Mention) -> bool:
        q = quote_of[m.start]
        if q >= 0 and q != own_quote:
            return False
        return people.persons[m.person].gender in ("", gender)

    k = bisect.bisect_left(people.all_starts, at) - 1
    while k >= 0 and not fits(mentions[k]):
        k -= 1
    if k < 0:
        return -1
    last = mentions[k]
    sentence = w.sent_start[last.start]
    if sentence == w.sent_start[at]:
        return last.person
    while k > 0 and w.sent_start[mentions[k - 1].start] == sentence:
        k -= 1
    for m in mentions[k:]:
        if m.start > last.start:
            break
        if fits(m) and not m.possessive:
            return m.person
    return last.person
