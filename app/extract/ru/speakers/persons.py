"""Persons in a Russian article: their names in the nominative, mentions, gender and titles.

A name is a run of capitalised name words (words.py) that holds a given name or an initial:
"Алексей Оверчук", "Касым-Жомарт Кемелевич Токаев", "А. Оверчук", "Алексея Оверчука". A name
in an oblique case is put in the nominative: the given name's case (first_names.tsv, else
pymorphy's reading as a name) says which case the surname stands in, and pymorphy's surname
reading in that case gives its nominative ("Оверчука" -> "Оверчук", "Волчковой" -> "Волчкова").
A lone capitalised word is a person only when it is a surname named before (in any case:
"Оверчука" is found again through the oblique endings of word_classes.tsv), stands after a
title or honorific ("посол Джалали", "господин Оверчук"), labels a paragraph ("Токаев: ..."), or
is the subject beside a reporting verb ("Оверчук подчеркнул", ", напомнил Латифи") and
pymorphy does not read it as a common word, place or organisation.

Titles (titles.tsv) are linked to the name they introduce, directly or over a tail of words
("посол в Москве Даурен Абаев", "директор департамента МИД РФ Денис Гончар"); the others are
bare titles that stand for a person named elsewhere ("Посол отметил", "по словам дипломата").
The People, Person, Mention and Title records are the English grammar's, so its pronoun and
title resolvers read them as they are.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Final

from app.extract.ru.speakers.latin import is_patronymic
from app.extract.ru.speakers.vocabulary import (
    CUES,
    DASHES,
    FEMALE_SURNAME,
    FILLERS,
    GIVEN_NAMES,
    MALE_SURNAME,
    ORG_PREFIXES,
    ORG_SUFFIXES,
    PREP_HEADS,
    PREPOSITIONS,
    SURNAME_OBLIQUE,
    GivenName,
    parse,
    plain,
)
from app.extract.ru.speakers.words import RuWords
from app.extract.speakers.persons import Mention, People, Person
from app.extract.speakers.titles import Title, TitleRef, resolve_title
from app.extract.speakers.vocabulary import BOUNDARY, FINAL

_MAX_NAME_WORDS: Final = 4
_MAX_TITLE_TAIL: Final = 8  # tokens between a title and the name its tail runs into
_CASE_ORDER: Final = ("gent", "accs", "ablt", "datv", "loct")
_GENDERS: Final = {"masc": "m", "femn": "f"}
_INDECLINABLE_ENDINGS: Final = tuple("оиуеэюы")
_NOT_PERSON_TAGS: Final = ("Geox", "Orgn", "Trad", "Abbr")
_PERSON_TAGS: Final = ("Surn", "Name", "Patr")


@dataclass(slots=True)
class RuPeople:
    """The article's persons (English records) and what the Russian steps know of each
    mention, by its first token: whether it may be a subject (nominative, not after a
    preposition), and the token its title group starts at."""

    people: People
    subject_ok: dict[int, bool] = field(default_factory=dict)
    front: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BareTitle:
    """A bare title's grammar: its cases and number, and whether a preposition governs it."""

    ref: TitleRef
    nominative: bool
    plural: bool
    governed: bool


# -- names --------------------------------------------------------------------------------------
def _recase(lowered: str, like: str) -> str:
    """`lowered` capitalised as `like` is: each hyphen-joined part with a capital."""
    if not like[:1].isupper():
        return lowered
    return "-".join(part[:1].upper() + part[1:] for part in lowered.split("-"))


def given_name(word: str) -> list[GivenName]:
    """What a capitalised word is as a given name: the table's forms, else pymorphy's."""
    key = word.lower()
    known = GIVEN_NAMES.get(key)
    if known is not None:
        return known
    found: dict[str, tuple[str, set[str]]] = {}
    for p in parse(key):
        if "Name" not in p.tag or p.score < 0.05:
            continue
        nominative = p.inflect({"nomn"})
        if nominative is None:
            continue
        gender = _GENDERS.get(p.tag.gender or "", "")
        name = _recase(nominative.word, word)
        found.setdefault(name, (gender, set()))[1].add(p.tag.case or "nomn")
    return [GivenName(n, "", g, frozenset(c)) for n, (g, c) in found.items()]


def surname_nominative(word: str, case: str, gender: str) -> str:
    """The nominative of a surname that stands in `case` ("Оверчука", gent -> "Оверчук")."""
    if case == "nomn":
        return word
    for p in parse(word.lower()):
        if not ("Surn" in p.tag or "Name" in p.tag) or p.tag.case != case:
            continue
        g = p.tag.gender or ""
        if gender and g in _GENDERS and _GENDERS[g] != gender:
            continue
        nominative = p.inflect({"nomn", "sing"})
        if nominative is not None:
            return _recase(nominative.word, word)
    # a surname the dictionary does not know: the oblique endings ("Травникова" -> "Травников")
    key = word.lower()
    for old, new in SURNAME_OBLIQUE:
        fits = new in ("а", "ая") if gender == "f" else new == ""
        if fits and key.endswith(old) and len(key) > len(old) + 2:
            return _recase(key[: len(key) - len(old)] + new, word)
    return word


def _patronymic_nominative(word: str, case: str) -> str:
    for p in parse(word.lower()):
        if "Patr" in p.tag and p.tag.case == case:
            nominative = p.inflect({"nomn"})
            if nominative is not None:
                return _recase(nominative.word, word)
    return word


def surname_gender(surname: str) -> str:
    lowered = surname.lower()
    if len(lowered) > 4 and lowered.endswith(FEMALE_SURNAME):
        return "f"
    if len(lowered) > 3 and lowered.endswith(MALE_SURNAME):
        return "m"
    return ""


def surname_keys(word: str) -> list[str]:
    """The nominatives a surname form may be of: itself, and what the oblique endings give."""
    key = plain(word)
    keys = [key]
    for old, new in SURNAME_OBLIQUE:
        if key.endswith(old) and len(key) > len(old) + 2:
            keys.append(key[: len(key) - len(old)] + new)
    return keys


def could_be_surname(word: str) -> bool:
    """Not a given name of the table, a common word, a place or an organisation.

    A word pymorphy's dictionary does not know is mostly a foreign surname ("Оверчук"),
    unless it is shaped like a body's name ("Росатом", "Узстат"); a known word is a surname
    when the dictionary reads it as a name, or as an animate noun ("Заяц"), and not as a
    place or organisation."""
    key = word.lower()
    if key in GIVEN_NAMES:
        return False
    known = [p for p in parse(key) if p.is_known]
    if not known:
        return not (key.endswith(ORG_SUFFIXES) or key.startswith(ORG_PREFIXES))
    if any(tag in p.tag for p in known for tag in _PERSON_TAGS):
        return True
    if any(tag in p.tag for p in known for tag in _NOT_PERSON_TAGS):
        return False
    best = known[0].tag
    return best.POS == "NOUN" and "anim" in best and best.number == "sing"


@dataclass(slots=True)
class _Run:
    start: int
    end: int
    words: list[int]  # the token indices of its words and initials


def _name_runs(rw: RuWords) -> list[_Run]:
    w = rw.w
    runs: list[_Run] = []
    n = w.n
    i = 0
    while i < n:
        if not (rw.name_word[i] or rw.initial[i]):
            i += 1
            continue
        j = i
        members: list[int] = []
        while j < n and (rw.name_word[j] or rw.initial[j]):
            if j > i and w.para[j] != w.para[j - 1]:
                break
            members.append(j)
            j += 2 if rw.initial[j] else 1
        if any(rw.name_word[k] for k in members):
            runs.append(_Run(i, j, members))
        i = j
    return runs


def _is_address(rw: RuWords, members: list[int]) -> bool:
    """ "— Андрей Рэмович, довольны ли вы ...?": a given name and patronymic that open an
    interview question address the interviewee; they name no one new."""
    w = rw.w
    a = members[0]
    opens = a > 0 and w.words[a - 1] in DASHES and (a == 1 or w.para[a - 2] != w.para[a])
    return opens and len(members) == 2 and is_patronymic(w.words[members[-1]])


def _governed(rw: RuWords, a: int) -> bool:
    """A name at token `a` stands after a preposition, a "по словам" phrase or a title in an
    oblique case: it is not in the nominative ("по словам Александра Лукашенко")."""
    k = a - 1
    while k >= 0 and rw.kind(k) == "place":  # "заместителя премьер-министра Казахстана"
        k -= 1
    if k < 0:
        return False
    before = rw.w.lower[k]
    form = rw.cases(k) if rw.kind(k) == "title" else None
    governs = form is not None and "nomn" not in form.cases | form.plural_cases
    return governs or (k == a - 1 and (before in PREPOSITIONS or before in PREP_HEADS))


def _nominative_words(rw: RuWords, members: list[int]) -> tuple[list[str], set[str], str]:
    """The nominative of a full name's words, the cases it may stand in, and its gender."""
    words = [rw.w.words[k] for k in members]
    options = given_name(words[0])
    cases: set[str] = set().union(*(g.cases for g in options)) if options else {"nomn"}
    if _governed(rw, members[0]):
        # "Александра" is a woman's name, or "Александр" in the genitive: here the latter;
        # an indeclinable given name ("Эмомали") leaves the genitive to the surname
        cases = (cases - {"nomn"}) or {"gent"}
    if "nomn" in cases:
        gender = next((g.gender for g in options if "nomn" in g.cases), "")
        return words, cases, gender
    case = next((c for c in _CASE_ORDER if c in cases), "gent")
    given = next((g for g in options if case in g.cases), options[0] if options else None)
    gender = given.gender if given is not None else ""
    out = [given.nominative if given is not None and case in given.cases else words[0]]
    for k, word in enumerate(words[1:], start=1):
        last = k == len(words) - 1
        if last:
            out.append(surname_nominative(word, case, gender))
        elif is_patronymic(word):
            out.append(_patronymic_nominative(word, case))
        else:
            second = given_name(word)
            out.append(second[0].nominative if second else word)
    return out, cases, gender


def find_persons(rw: RuWords, single_ok: list[bool]) -> RuPeople:
    """`single_ok[i]`: a lone word at token i is introduced as a person by its place (after a
    title, as a paragraph label, beside a reporting verb), when it can be a surname."""
    w = rw.w
    persons: list[Person] = []
    by_surname: dict[str, list[int]] = {}
    found: list[Mention] = []
    subject_ok: dict[int, bool] = {}
    full: list[tuple[int, int, list[int]]] = []
    initialled: list[tuple[int, int, list[int]]] = []
    single: list[int] = []
    for run in _name_runs(rw):
        first = next(
            (
                k
                for k, tok in enumerate(run.words[:-1])
                if rw.initial[tok] or given_name(w.words[tok])
            ),
            None,
        )
        if first is None:
            single.append(run.words[-1])
            continue
        members = run.words[first : first + _MAX_NAME_WORDS]
        if _is_address(rw, members):
            continue
        end = members[-1] + 1
        (initialled if rw.initial[members[0]] else full).append((members[0], end, members))

    def register(words: list[str], gender: str) -> int:
        key = plain(words[-1])
        for pid in by_surname.get(key, ()):
            known = persons[pid].words
            if len(words) == 1 or len(known) == 1 or known[0][0] == words[0][0]:
                if len(known) == 1 and len(words) > 1:  # the full name, now it is given
                    persons[pid].words = tuple(words)
                    persons[pid].name = " ".join(words)
                return pid
        persons.append(Person(" ".join(words), tuple(words), gender))
        by_surname.setdefault(key, []).append(len(persons) - 1)
        return len(persons) - 1

    for a, b, members in full:
        words, cases, gender = _nominative_words(rw, members)
        found.append(Mention(a, b, register(words, gender), False))
        subject_ok[a] = "nomn" in cases
    for a, b, members in initialled:
        surname = w.words[members[-1]]
        pid = next((p for key in surname_keys(surname) for p in by_surname.get(key, ())), -1)
        if pid < 0:
            pid = register([w.words[k] + "." if rw.initial[k] else w.words[k] for k in members], "")
        found.append(Mention(a, b, pid, False))
        subject_ok[a] = plain(surname) == persons[pid].surname.replace("ё", "е")
    for a in sorted(single):
        word = w.words[a]
        keys = surname_keys(word)
        pid = next((p for key in keys for p in by_surname.get(key, ())), -1)
        if pid < 0:
            if not (single_ok[a] and could_be_surname(word)):
                continue
            case = _governing_case(rw, a)
            pid = register([surname_nominative(word, case, "")], "")
        found.append(Mention(a, a + 1, pid, False))
        nominative = plain(persons[pid].words[-1])
        subject_ok[a] = plain(word) == nominative or nominative.endswith(_INDECLINABLE_ENDINGS)
    for person in persons:
        if not person.gender:
            person.gender = surname_gender(person.words[-1])
    found.sort(key=lambda m: m.start)
    people = People(persons, found, [m.start for m in found])
    return RuPeople(people, subject_ok)


def _governing_case(rw: RuWords, a: int) -> str:
    """The case a title right before token `a` stands in ("с послом Джалали": ablt)."""
    form = rw.cases(a - 1)
    if form is None or "nomn" in form.cases:
        return "nomn"
    return next((c for c in _CASE_ORDER if c in form.cases), "nomn")


def introduced_singles(rw: RuWords) -> list[bool]:
    """Per token: a lone name word here is introduced as a person by where it stands."""
    w = rw.w
    n = w.n
    out = [False] * n
    para = w.para
    for i in range(n):
        if not rw.name_word[i]:
            continue
        prev = rw.kind(i - 1)
        if prev in ("title", "honorific") or (prev == "place" and rw.kind(i - 2) == "title"):
            out[i] = True
            continue
        at_para_start = i == 0 or para[i - 1] != para[i] or rw.kind(i - 1) == "title"
        if at_para_start and i + 1 < n and w.words[i + 1] == ":":
            out[i] = True  # "Токаев: ...", a headline or interview label
            continue
        closes = i + 1 >= n or para[i + 1] != para[i] or w.words[i + 1] in FINAL
        if closes and i > 0 and w.words[i - 1] in DASHES and para[i - 1] == para[i]:
            out[i] = True  # "... - Эрдоган" closing a headline
            continue
        out[i] = _beside_verb(rw, i)
    return out


def _beside_verb(rw: RuWords, i: int) -> bool:
    """ "Оверчук подчеркнул", "Оверчук также отметил", ", напомнил Латифи." """
    w = rw.w
    lowered = w.lower
    j = i + 1
    while j < w.n:
        filler = FILLERS.match(lowered, j)
        if filler is None:
            break
        j = filler[0]
    if j < w.n and lowered[j] in CUES.first_words:
        hit = CUES.match(lowered, j)
        if hit is not None and hit[1].kind == "verb" and not hit[1].body:
            return True
    if i > 0 and lowered[i - 1] in CUES.first_words:
        hit = CUES.match(lowered, i - 1)
        if hit is not None and hit[0] == i and hit[1].kind == "verb" and hit[1].inverts:
            nxt = w.words[i + 1] if i + 1 < w.n else "."
            return nxt in FINAL or nxt in BOUNDARY or lowered[i + 1] in PREPOSITIONS
    return False


# -- titles ---------------------------------------------------------------------------------------
_HEAD_WORD: Final = "глава"  # with a country and no office after it, the head of state
_TITLE_GROUP: Final = ("title", "qualifier", "place", "institution")


def link_titles(rw: RuWords, rp: RuPeople) -> dict[int, BareTitle]:
    """Attach titles to the names they introduce; return the bare ones by their first token.

    Also fills the mentions' fronts (a name's title group starts its phrase: what stands
    before it says whether the name is a subject) and `people.all_mentions`, where a bare
    title that stands for a named person is a mention of them for later pronouns.
    """
    w = rw.w
    people = rp.people
    mention_at = {m.start: m for m in people.mentions}
    bare: list[tuple[int, int, Title, bool, bool]] = []
    for a, b, title, nominative, plural in _title_groups(rw):
        named = _title_tail(rw, b, mention_at)
        if named is not None:
            people.add_title(named.person, title)
            rp.front[named.start] = a
            if not nominative:
                rp.subject_ok[named.start] = False
            continue
        bare.append((a, b, title, nominative, plural))
    for m in people.mentions:
        front = rp.front.get(m.start, m.start)
        if front > 0 and w.lower[front - 1] in PREPOSITIONS:
            rp.subject_ok[m.start] = False
    refs: dict[int, BareTitle] = {}
    extra: list[Mention] = []
    for a, b, title, nominative, plural in bare:
        governed = a > 0 and w.lower[a - 1] in PREPOSITIONS
        ref = TitleRef(a, b, title)
        refs[a] = BareTitle(ref, nominative, plural, governed)
        if title.role_class != "person" and not plural:
            pid = resolve_title(w, people, title, a)
            if pid >= 0:
                extra.append(Mention(a, b, pid, False))
    people.all_mentions = sorted(people.mentions + extra, key=lambda m: m.start)
    people.all_starts = [m.start for m in people.all_mentions]
    return refs


def _title_groups(rw: RuWords) -> list[tuple[int, int, Title, bool, bool]]:
    """(start, end, title, may be nominative, plural) of each run of title words."""
    groups = []
    n = rw.w.n
    i = 0
    while i < n:
        if rw.kinds[i] != "title":
            i += 1
            continue
        a = i
        while (
            a > 0 and rw.kind(a - 1) in ("qualifier", "place") and rw.w.para[a - 1] == rw.w.para[i]
        ):
            a -= 1
        b = rw.tag_end[i]
        para = rw.w.para[i]
        while b < n and rw.kind(b) in _TITLE_GROUP and rw.w.para[b] == para:
            b = max(rw.tag_end[b], b + 1)
        form = rw.cases(i)
        nominative = form is None or "nomn" in form.cases | form.plural_cases
        plural = form is not None and form.plural
        groups.append((a, b, _make_title(rw, a, i, b), nominative, plural))
        i = b
    return groups


def _make_title(rw: RuWords, a: int, head: int, b: int) -> Title:
    entry = rw.tags[head]
    lemma = rw.forms[head]
    country: str | None = None
    depts: set[str] = set()
    k = a
    while k < b:
        tag = rw.tags[k]
        end = max(rw.tag_end[k], k + 1) if tag is not None else k + 1
        form = rw.forms[k]
        if tag is not None and form is not None:
            if tag.kind == "place" and country is None and len(tag.group) == 3:
                country = tag.group
            elif (tag.kind == "qualifier" and tag.group == "dept") or tag.kind == "institution":
                depts.add(plain(form.lemma))
        k = end
    role = plain(lemma.lemma) if lemma is not None else ""
    role_class = entry.group if entry is not None else ""
    gender = entry.gender if entry is not None else ""
    if role == _HEAD_WORD and country and not depts:
        role_class = "head_of_state"  # "глава РФ", "глава Белоруссии"
    return Title(role, role_class, country, frozenset(depts), gender)


def _title_tail(rw: RuWords, b: int, mention_at: dict[int, Mention]) -> Mention | None:
    """The name a title group runs into, directly or over a tail of words."""
    w = rw.w
    limit = min(w.n, b + _MAX_TITLE_TAIL)
    j = b
    while j < limit and w.para[j] == w.para[b - 1]:
        found = mention_at.get(j)
        if found is not None:
            return found
        word = w.words[j]
        if not w.is_word[j] or rw.kind(j) == "title" or w.lower[j] in CUES.first_words:
            return None
        # a tail is names of places and bodies, mostly in the genitive ("директор четвертого
        # департамента стран СНГ"): past its first word, a lower-case word must look so
        common = not (word[0].isupper() or rw.kinds[j] or w.lower[j] in PREPOSITIONS)
        if j > b and common and not _genitive_like(w.lower[j]):
            return None
        j += 1
    return None


def _genitive_like(word: str) -> bool:
    return word.endswith(("а", "я", "ы", "и", "ого", "его", "ой", "ей", "ых", "их", "ов", "ев"))


def resolve_generic(rp: RuPeople, at: int) -> int:
    """A word that stands for whoever was named last ("Политик отметил")."""
    people = rp.people
    k = bisect.bisect_left(people.all_starts, at) - 1
    return people.all_mentions[k].person if k >= 0 else -1
