"""Russian reporting cues ("заявил", "по словам", "отмечается") and who each one names.

A verb's speaker is its subject: a name, pronoun, title or body in the nominative, in the
clause piece before it ("Оверчук заявил") or, when nothing there can be one, after it
("..., заявил вице-премьер Алексей Оверчук", "Об этом сообщил X", ", - сказал он"). A name or
title in another case, or after a preposition ("на встрече с Владимиром Путиным"), is not the
subject. A plural verb ("Президенты ... отметили") or two names joined by "и" is several
people: no one speaker. A "по словам"-style phrase names what follows it, in any case ("по
словам Алексея Оверчука", "по словам главы государства"); "по его словам" is a pronoun. An
impersonal form ("отмечается", "было отмечено") names no one. A cue inside a quotation is
part of what is quoted.

Each cue also says what it tells the sentences around it: `backref`, a verb whose object
hands its statement back to the sentences before ("Об этом заявил", "Такую цифру озвучил");
`opens`, a person's speech that the next sentences of the paragraph go on with ("X заявил,
что ...", "..., заявил X.", "Как сказал X, ..."), unless the verb tells what was said before
("сообщал", an imperfective past) or the sentence opens with "Ранее".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Final

from app.extract.ru.speakers.persons import BareTitle, RuPeople, resolve_generic
from app.extract.ru.speakers.vocabulary import (
    BACKGROUND_OPENERS,
    BACKREFS,
    CLAUSE_STOPS,
    CUES,
    FILLERS,
    NAME_AND,
    NON_NAME,
    PLURAL_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    REPORTED_SPEECH,
)
from app.extract.ru.speakers.words import RuWords
from app.extract.rules import Rule
from app.extract.speakers.cues import EMPTY, OTHER, Cue, Reading, Who
from app.extract.speakers.persons import Mention, resolve_pronoun
from app.extract.speakers.quotes import Quotes
from app.extract.speakers.titles import resolve_title
from app.extract.speakers.vocabulary import BOUNDARY, FINAL, Entry

REPORTING_VERB: Final = "speaker:ru_reporting_verb"
ACCORDING_TO: Final = "speaker:ru_according_to"
TITLE: Final = "speaker:ru_title"
PRONOUN: Final = "speaker:ru_pronoun"
INSTITUTION: Final = "speaker:ru_institution"
SEVERAL: Final = "speaker:ru_several"
IMPERSONAL: Final = "speaker:ru_impersonal"
UNNAMED: Final = "speaker:ru_unnamed"
NOT_A_PERSON: Final = "speaker:ru_not_a_person"

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        REPORTING_VERB,
        "the person named as the subject of a reporting verb ('Оверчук заявил', 'заявил X')",
        "Товарооборот России и Армении в 2024 году вырос на 30%, до $12 млрд, заявил "
        "вице-премьер РФ Алексей Оверчук.",
        language="ru",
    ),
    Rule(
        ACCORDING_TO,
        "the person named after 'по словам', 'по мнению', 'из уст' (in the genitive)",
        "По словам Алексея Оверчука, товарооборот России и Армении в 2024 году вырос на 30%.",
        language="ru",
    ),
    Rule(
        TITLE,
        "a bare title that stands for the person named with it ('вице-премьер', 'посол')",
        "Вице-премьер РФ Алексей Оверчук провёл переговоры в Ереване.\nТоварооборот России и "
        "Армении в 2024 году вырос на 30%, отметил вице-премьер.",
        language="ru",
    ),
    Rule(
        PRONOUN,
        "'он' or 'она' as the subject ('по его словам'): the fitting person named last",
        "Вице-премьер РФ Виктория Абрамченко провела заседание комиссии. Она сообщила, что "
        "товарооборот России и Монголии в 2022 году превысил $2 млрд.",
        language="ru",
    ),
    Rule(
        INSTITUTION,
        "a ministry, service, agency or outlet is the subject: no person states it (null)",
        "Товарооборот России и Китая в январе-июле вырос на 36,5%, сообщило Главное таможенное "
        "управление КНР.",
        language="ru",
    ),
    Rule(
        SEVERAL,
        "the subject is several people ('Президенты ... отметили'): no one speaker (null)",
        "Президенты Узбекистана и Киргизии Шавкат Мирзиёев и Садыр Жапаров отметили рост "
        "товарооборота до $1 млрд.",
        language="ru",
    ),
    Rule(
        IMPERSONAL,
        "an impersonal form ('отмечается', 'было отмечено'): no one is named (null)",
        "Как отмечается в материалах к встрече, товарооборот России и Монголии в 2015 году "
        "превысил $1 млрд.",
        language="ru",
    ),
    Rule(
        UNNAMED,
        "a title or pronoun that stands for nobody the article names (null)",
        "Товарооборот России и Ирана вырос на 20%, заявил заместитель министра.",
        language="ru",
    ),
    Rule(
        NOT_A_PERSON,
        "the subject is neither a person nor a body ('считают аналитики': null)",
        "Товарооборот России и Турции вырастет до $60 млрд, считают аналитики.",
        language="ru",
    ),
)

_AFTER_WINDOW: Final = 14  # tokens of the speaker phrase after a verb or a "по словам"
_SPEECH_WINDOW: Final = 10  # tokens from a verb to the "что" that opens reported speech
_SUBJECT_KINDS: Final = ("person", "unresolved", "institution")


@dataclass(frozen=True, slots=True)
class CueFacts:
    """What a cue tells the sentences around it."""

    backref: bool  # "Об этом заявил X": the sentences before are X's
    opens: bool  # X's speech goes on in the next sentences of the paragraph


@dataclass(frozen=True, slots=True)
class RuReading:
    """What the earlier steps found in one Russian article."""

    rw: RuWords
    quotes: Quotes
    rp: RuPeople
    bare: dict[int, BareTitle]

    @property
    def en(self) -> Reading:
        """The same, as the English steps this grammar reuses read it."""
        refs = {b.ref.start: b.ref for b in self.bare.values()}
        return Reading(self.rw.w, self.quotes, self.rp.people, refs)


def find_cues(r: RuReading) -> tuple[list[Cue], dict[int, CueFacts]]:
    w = r.rw.w
    cues: list[Cue] = []
    facts: dict[int, CueFacts] = {}
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
        if entry.kind == "impersonal":
            who, backref, opens = Who("other", rule=IMPERSONAL), False, False
        elif entry.kind == "prep":
            who = _prep_speaker(r, entry, end)
            opens = i == w.sent_start[i] and who.kind == "person"
            backref = False
        else:
            who, before_start = _verb_subject(r, i, end, entry, cues)
            backref = any(
                lowered[k] in BACKREFS.first_words and BACKREFS.match(lowered, k) is not None
                for k in range(before_start, i)
            )
            opens = who.kind == "person" and _opens_speech(r, i, end, entry)
        cues.append(Cue(i, end, "prep" if entry.kind == "prep" else "verb", who))
        facts[i] = CueFacts(backref, opens)
        i = end
    return cues, facts


def _prep_speaker(r: RuReading, entry: Entry, end: int) -> Who:
    if entry.group in ("m", "f"):  # "по его словам"
        pid = resolve_pronoun(r.rw.w, r.quotes.of_token, r.rp.people, end - 1, entry.group)
        return Who("person", pid, PRONOUN) if pid >= 0 else Who("unresolved", rule=UNNAMED)
    if entry.group == "plural":
        return Who("other", rule=SEVERAL)
    who = classify(r, end, _clause_end(r, end), nominative=False)
    return OTHER if who is EMPTY else who


def _piece_start(r: RuReading, end: int) -> int:
    """First token of the clause piece that ends just before `end`."""
    w = r.rw.w
    floor = w.sent_start[end] if end < w.n else w.sent_start[end - 1]
    j = end
    while j - 1 >= floor and not _is_boundary(r, j - 1):
        j -= 1
    return j


def _is_boundary(r: RuReading, i: int) -> bool:
    w = r.rw.w
    word = w.words[i]
    return word in BOUNDARY or w.ends_sentence(i) or w.lower[i] in CLAUSE_STOPS


def _clause_end(r: RuReading, start: int) -> int:
    """Where the speaker phrase that starts at `start` ends."""
    w = r.rw.w
    j = start
    limit = min(w.n, start + _AFTER_WINDOW)
    while j < limit and w.para[j] == w.para[start] and not _is_boundary(r, j):
        if j > start and w.lower[j] in CUES.first_words and CUES.match(w.lower, j):
            break
        j += 1
    return j


def _verb_subject(
    r: RuReading, start: int, end: int, entry: Entry, earlier: list[Cue]
) -> tuple[Who, int]:
    """The verb's subject, and the first token of the piece before it."""
    j = _piece_start(r, start)
    before = classify(r, j, start, nominative=True)
    who = before
    if before.kind not in _SUBJECT_KINDS and before.rule != SEVERAL:
        after = classify(r, end, _clause_end(r, end), nominative=True)
        if after.kind in _SUBJECT_KINDS or after.rule == SEVERAL:
            who = after
        elif before is EMPTY:
            who = after if after is not EMPTY else _coordinated(r, start, earlier)
    if who.kind == "person" and entry.plural:
        return Who("other", rule=SEVERAL), j
    if who.kind == "person" and entry.gender in ("m", "f"):
        person = r.rp.people.persons[who.person]
        if not person.gender:
            person.gender = entry.gender  # "Абрамченко добавила"
    return who, j


def _coordinated(r: RuReading, start: int, earlier: list[Cue]) -> Who:
    """ "Он напомнил, что ..., и констатировал": the subject of the sentence's verb before."""
    w = r.rw.w
    for cue in reversed(earlier):
        if w.sent_start[cue.start] != w.sent_start[start]:
            break
        if cue.kind == "verb" and cue.who.kind == "person":
            return cue.who
    return EMPTY


def _opens_speech(r: RuReading, start: int, end: int, entry: Entry) -> bool:
    """The verb opens reported speech that the next sentences may go on with."""
    w = r.rw.w
    if entry.group == "earlier":
        return False
    first = w.sent_start[start]
    if w.lower[first] in BACKGROUND_OPENERS:
        return False
    if start == first + 1 and w.lower[first] == "как":
        return True  # "Как сказал Жумангарин, ..."
    limit = min(w.n, end + _SPEECH_WINDOW)
    for k in range(end, limit):
        if w.lower[k] in REPORTED_SPEECH or w.words[k] in REPORTED_SPEECH:
            return True
        if w.words[k] in FINAL and not w.is_abbreviation(k):
            # "..., заявил X.": the verb closes its sentence, after what X said
            return start > first and w.words[start - 1] in (",", "—", "–", "-")
    return False


def classify(r: RuReading, a: int, b: int, *, nominative: bool) -> Who:
    """What the clause piece a..b names: a person, an institution, several people, something
    else or nothing. `nominative`: the piece holds a verb's subject, so only a word in the
    nominative and not after a preposition can be the speaker (a "по словам" phrase names
    its speaker in the genitive)."""
    if a >= b:
        return EMPTY
    w = r.rw.w
    people = r.rp.people
    subject_ok = r.rp.subject_ok
    k = bisect.bisect_left(people.mention_starts, a)
    if k > 0 and people.mentions[k - 1].end > a:
        k -= 1  # "А. Оверчук" cut after its initial by a sentence splitter
    named: list[Mention] = []
    while k < len(people.mentions) and people.mentions[k].start < b:
        m = people.mentions[k]
        k += 1
        if m.end > b or (nominative and not subject_ok.get(m.start, True)):
            continue
        named.append(m)
    if named:
        if len(named) > 1 and any(
            w.lower[t] in NAME_AND for t in range(named[0].end, named[1].start)
        ):
            return Who("other", rule=SEVERAL)  # "Мирзиёев и Жапаров отметили"
        return Who("person", named[0].person)
    institution = titled = content = weak = False
    i = a
    while i < b:
        lowered = w.lower[i]
        governed = i > a and w.lower[i - 1] in PREPOSITIONS
        gender = PRONOUNS.get(lowered, "") if nominative and not governed else ""
        if gender:
            pid = resolve_pronoun(w, r.quotes.of_token, people, i, gender)
            return Who("person", pid, PRONOUN) if pid >= 0 else Who("unresolved", rule=UNNAMED)
        if nominative and lowered in PLURAL_PRONOUNS:
            return Who("other", rule=SEVERAL)
        bare = r.bare.get(i)
        if bare is not None and not institution:
            if nominative and (bare.governed or not bare.nominative):
                i = bare.ref.end  # "встреча с президентом": an object
                continue
            if bare.plural:
                return Who("other", rule=SEVERAL)
            if bare.ref.title.role_class == "person":
                pid = resolve_generic(r.rp, i)
            else:
                pid = resolve_title(w, people, bare.ref.title, i)
            return Who("person", pid, TITLE) if pid >= 0 else Who("unresolved", rule=UNNAMED)
        kind = r.rw.kind(i)
        if kind in ("institution", "title"):
            # in a subject's piece only a nominative counts: "на заседании комиссии", "с
            # лидером России" are no subject; "в пресс-службе" after a verb is a weak body
            form = r.rw.cases(i)
            oblique = nominative and form is not None and "nomn" not in form.cases
            if kind == "title" and not oblique and not governed:
                titled = True
            elif kind == "institution" and not titled:
                if oblique or governed:
                    weak = True
                else:
                    institution = True
            i = max(r.rw.tag_end[i], i + 1)
            continue
        if w.is_word[i]:
            skip = FILLERS.match(w.lower, i) or BACKREFS.match(w.lower, i)
            if skip is not None:
                i = skip[0]
                continue
            if lowered not in NON_NAME and lowered not in PREPOSITIONS and kind != "place":
                content = True
        i += 1
    if institution:
        return Who("institution", rule=INSTITUTION)
    if titled:
        return Who("unresolved", rule=UNNAMED)
    if weak:
        return Who("other", rule=INSTITUTION)
    return Who("other", rule=NOT_A_PERSON) if content else EMPTY
