"""Who states each sentence of a Russian article: labels, quotations, cues, what they hand on.

`attribute` works out, once per article: paragraph labels ("Токаев: ...", "Посол Джалали: ...",
a headline closed by "- Эрдоган", "Вопрос:"), the speaker of every quotation (by the English
grammar's quotation step: the cue right after its closing mark, "«...», — сказал он", else the
cue that introduces it, else a neighbouring quotation's), the sentences a back-reference hands
to its speaker ("... . Об этом заявил X"), and the sentences that go on with reported speech
("X заявил, что ... . Next sentence"). `speaker_of` then answers for one sentence, in this
order: its paragraph's label; the quotation most of its words stand in; the first cue of its
sentence that names a person; a back-reference after it; the reported speech it continues;
else no one. Every answer carries the id of the rule that decided it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Final

from app.extract.ru.speakers.cues import (
    ACCORDING_TO,
    REPORTING_VERB,
    UNNAMED,
    CueFacts,
    RuReading,
    find_cues,
)
from app.extract.ru.speakers.vocabulary import DASHES, QA_INTERVIEWEE, QA_INTERVIEWER
from app.extract.rules import Rule
from app.extract.speakers import attribution as english
from app.extract.speakers.cues import OTHER, Cue, Who
from app.extract.speakers.titles import resolve_title
from app.extract.speakers.vocabulary import FINAL, QUOTE_GLYPHS
from app.extract.types import Span

LABEL: Final = "speaker:ru_label"
LABEL_AFTER: Final = "speaker:ru_label_after"
INTERVIEW_QUESTION: Final = "speaker:ru_interview_question"
INTERVIEW_ANSWER: Final = "speaker:ru_interview_answer"
QUOTE_AFTER: Final = "speaker:ru_quote_after"
QUOTE_BEFORE: Final = "speaker:ru_quote_before"
QUOTE_BORROWED: Final = "speaker:ru_quote_borrowed"
QUOTE_UNATTRIBUTED: Final = "speaker:ru_quote_unattributed"
BACKREF: Final = "speaker:ru_backref"
CARRIED: Final = "speaker:ru_carried"
BETWEEN: Final = "speaker:ru_between"
NONE: Final = "speaker:ru_none"

# the English quotation step decides by the same rules; these are their Russian ids
_QUOTE_RULES: Final = {
    english.QUOTE_AFTER: QUOTE_AFTER,
    english.QUOTE_BEFORE: QUOTE_BEFORE,
    english.QUOTE_BORROWED: QUOTE_BORROWED,
    english.QUOTE_UNATTRIBUTED: QUOTE_UNATTRIBUTED,
}

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        LABEL,
        "a paragraph labelled with its speaker ('Токаев: ...', 'Посол Джалали: ...', 'Ответ:')",
        "Токаев: товарооборот Казахстана и России приближается к $30 млрд\nПрезидент "
        "Казахстана Касым-Жомарт Токаев выступил на форуме.",
        language="ru",
    ),
    Rule(
        LABEL_AFTER,
        "a headline closed by its speaker's name after a dash ('... - Эрдоган')",
        "Турция и Россия намерены довести товарооборот до $100 млрд - Эрдоган\nПрезидент "
        "Турции Реджеп Тайип Эрдоган прибыл в Астану.",
        language="ru",
    ),
    Rule(
        INTERVIEW_QUESTION,
        "an interview's question paragraph ('Вопрос:') is the outlet's (null)",
        "Министр торговли Казахстана Серик Жумангарин ответил на вопросы.\nВопрос: Товарооборот "
        "Казахстана и Узбекистана превысил $5 млрд. Что дальше?\nОтвет: Будем расти.",
        language="ru",
    ),
    Rule(
        INTERVIEW_ANSWER,
        "an answer between an interview's dashed questions: the person named before them",
        "Министр торговли Казахстана Серик Жумангарин дал интервью.\n— Как растёт торговля с "
        "Узбекистаном?\n— Товарооборот Казахстана и Узбекистана превысил $5 млрд.\n— А цель?"
        "\n— Десять миллиардов.",
        language="ru",
    ),
    Rule(
        QUOTE_AFTER,
        "a quotation whose speaker is named by the cue right after it ('«...», — сказал X')",
        "«Товарооборот России и Белоруссии в 2022 году достигнет $40 млрд», — сказал "
        "президент России Владимир Путин.",
        language="ru",
    ),
    Rule(
        QUOTE_BEFORE,
        "a quotation introduced by the cue before it ('X заявил: «...»')",
        "Президент России Владимир Путин заявил: «Товарооборот России и Белоруссии в 2022 году "
        "достигнет $40 млрд».",
        language="ru",
    ),
    Rule(
        QUOTE_BORROWED,
        "a quotation with no cue of its own: the speaker of the quotation beside it",
        "«Наша торговля растёт», — сказал посол Ирана Казем Джалали. «Товарооборот Ирана и "
        "России в этом году превысит $5 млрд».",
        language="ru",
    ),
    Rule(
        QUOTE_UNATTRIBUTED,
        "a quotation the article names no speaker for (null)",
        "«Товарооборот Ирана и России в этом году превысит $5 млрд».",
        language="ru",
    ),
    Rule(
        BACKREF,
        "a sentence the next one hands to its speaker ('... . Об этом заявил X')",
        "Товарооборот России и Азербайджана достиг $4 млрд. Об этом заявил президент России "
        "Владимир Путин на встрече с Ильхамом Алиевым.",
        language="ru",
    ),
    Rule(
        CARRIED,
        "a sentence that goes on with the reported speech its paragraph opened ('X заявил, "
        "что ... . ...')",
        "Вице-премьер РФ Виктория Абрамченко добавила, что торговля растёт. В январе-сентябре "
        "товарооборот России и Монголии увеличился на 47%.",
        language="ru",
    ),
    Rule(
        BETWEEN,
        "a short paragraph with no cue or name, between two paragraphs the same person states",
        "По словам президента России Владимира Путина, торговля растёт.\nЗа 10 месяцев "
        "товарооборот России и Белоруссии вырос на 10%.\n«Мы выйдем на $40 млрд», — "
        "подчеркнул Путин.",
        language="ru",
    ),
    Rule(
        NONE,
        "no label, quotation, cue or reported speech: the article's own voice (null; in the "
        "trace only)",
        "Товарооборот России и Казахстана в 2023 году вырос на 5%, до $28 млрд.",
        shows_in="trace",
        language="ru",
    ),
)

_HEADLINE: Final = 40  # tokens: a longer paragraph is no headline closed by a name
_MAX_QUESTION: Final = 60  # tokens: a longer dashed paragraph ending in "?" is no question
_MIN_QUESTIONS: Final = 2
_BETWEEN: Final = 3  # sentences: a longer paragraph between two statements is the outlet's
_DATELINE: Final = 5  # words: "МОСКВА, 9 сен - ПРАЙМ", "АСТАНА, 11 ноября. /ТАСС/"


@dataclass(frozen=True, slots=True)
class Attribution:
    cues: list[Cue]
    cue_starts: list[int]
    quoted: list[tuple[Who, str]]  # per quotation: its speaker and the rule that decided
    handed: dict[int, tuple[Who, str]]  # sentence start -> a back-reference's or carried speaker
    labels: dict[int, tuple[Who, str]]  # paragraph -> its label and that rule


def attribute(r: RuReading) -> Attribution:
    cues, facts = find_cues(r)
    cue_starts = [c.start for c in cues]
    w = r.rw.w
    quoted = [
        (who, _QUOTE_RULES.get(rule, rule))
        for who, rule in english._attribute_quotes(r.en, cues, cue_starts)
    ]
    sentences = sorted(set(w.sent_start))
    handed = _carried(r, sentences, cues, facts)
    handed.update(_back_references(r, sentences, cues, facts))
    at = Attribution(cues, cue_starts, quoted, handed, _labels(r))
    handed.update(_between(r, at, sentences))
    return at


def speaker_of(r: RuReading, at: Attribution, sentence: Span) -> tuple[Who, str]:
    """Who states `sentence` (a person, or a kind of no one), and the rule that decided."""
    w = r.rw.w
    start = max(0, min(sentence.start, len(w.text)))
    end = max(start, min(sentence.end, len(w.text)))
    lo = w.first_at_or_after(start)
    hi = w.first_at_or_after(end)
    words = [i for i in range(lo, hi) if w.is_word[i]]
    if not words:
        return OTHER, NONE
    if _is_dateline(r, words) and hi < w.n and w.para[hi] == w.para[words[0]]:
        # "МОСКВА, 9 сен - ПРАЙМ." split off as a sentence: it opens the one after it
        nxt = hi
        while nxt < w.n and w.sent_start[nxt] <= hi:
            nxt += 1
        words = [i for i in range(hi, nxt) if w.is_word[i]] or words
    label = at.labels.get(w.para[words[0]])
    if label is not None:
        return label
    inside: dict[int, int] = {}
    for i in words:
        q = r.quotes.of_token[i]
        if q >= 0:
            inside[q] = inside.get(q, 0) + 1
    if sum(inside.values()) * 2 > len(words):
        return at.quoted[max(inside, key=lambda q: inside[q])]
    lo = w.sent_start[words[0]]
    hi = words[-1] + 1
    while hi < w.n and w.sent_start[hi] <= words[-1]:
        hi += 1
    declined = ""
    k = bisect.bisect_left(at.cue_starts, lo)
    while k < len(at.cues) and at.cues[k].start < hi:
        cue = at.cues[k]
        if cue.who.kind == "person":
            return cue.who, cue.who.rule or (ACCORDING_TO if cue.kind == "prep" else REPORTING_VERB)
        declined = declined or cue.who.rule
        k += 1
    for s in dict.fromkeys(w.sent_start[i] for i in words):
        handed = at.handed.get(s)
        if handed is not None:
            return handed
    return OTHER, declined or NONE


def _is_dateline(r: RuReading, words: list[int]) -> bool:
    """A place in capitals, a date and an agency: "ТАШКЕНТ, 3 дек - ПРАЙМ."."""
    w = r.rw.w
    first = w.words[words[0]]
    return len(words) <= _DATELINE and len(first) > 1 and first.isupper()


# -- what one sentence hands to the next --------------------------------------------------------
def _sentence_cues(cues: list[Cue], starts: list[int], a: int, b: int) -> list[Cue]:
    k = bisect.bisect_left(starts, a)
    out = []
    while k < len(cues) and cues[k].start < b:
        out.append(cues[k])
        k += 1
    return out


def _spans(r: RuReading, sentences: list[int]) -> list[tuple[int, int]]:
    if not sentences:
        return []
    ends = [*sentences[1:], r.rw.w.n]
    return list(zip(sentences, ends, strict=True))


def _quoted(r: RuReading, a: int, b: int) -> bool:
    w = r.rw.w
    return any(r.quotes.of_token[i] >= 0 or w.words[i] in QUOTE_GLYPHS for i in range(a, b))


def _carried(
    r: RuReading, sentences: list[int], cues: list[Cue], facts: dict[int, CueFacts]
) -> dict[int, tuple[Who, str]]:
    """Sentences that go on with the reported speech a sentence before them opened.

    "Абрамченко добавила, что в 2021 году ... . А в январе - сентябре ..." A later sentence of
    the paragraph is the same person's while it has no cue or quotation of its own and names
    no one else; the first one that does ends the run.
    """
    w = r.rw.w
    starts = [c.start for c in cues]
    people = r.rp.people
    out: dict[int, tuple[Who, str]] = {}
    carry: Who | None = None
    for a, b in _spans(r, sentences):
        if a == 0 or w.para[a] != w.para[a - 1]:
            carry = None
        own = _sentence_cues(cues, starts, a, b)
        if own:
            speaking = [c for c in own if c.who.kind == "person" and facts[c.start].opens]
            carry = speaking[0].who if speaking and speaking[0] is own[0] else None
            continue
        if carry is None:
            continue
        k = bisect.bisect_left(people.mention_starts, a)
        others = k < len(people.mentions) and people.mentions[k].start < b
        if _quoted(r, a, b) or others:
            carry = None
            continue
        out[a] = (carry, CARRIED)
    return out


def _back_references(
    r: RuReading, sentences: list[int], cues: list[Cue], facts: dict[int, CueFacts]
) -> dict[int, tuple[Who, str]]:
    """ "Товарооборот ... достиг $4 млрд. Об этом заявил X": the sentences before the cue's,
    back to the start of its paragraph (or of the paragraph before, when the cue opens its
    own), are X's; a sentence with a cue or a quotation of its own stops the run."""
    w = r.rw.w
    starts = [c.start for c in cues]
    spans = _spans(r, sentences)
    index = {a: k for k, (a, _) in enumerate(spans)}
    out: dict[int, tuple[Who, str]] = {}
    for cue in cues:
        if not facts[cue.start].backref or cue.who.kind not in ("person", "institution"):
            continue
        rule = BACKREF if cue.who.kind == "person" else cue.who.rule
        k = index[w.sent_start[cue.start]]
        para = w.para[spans[k][0]]
        if k > 0 and w.para[spans[k - 1][0]] != para:
            para = w.para[spans[k - 1][0]]  # the cue opens its paragraph: the one before
        k -= 1
        while k >= 0 and w.para[spans[k][0]] == para:
            a, b = spans[k]
            if _sentence_cues(cues, starts, a, b) or _quoted(r, a, b):
                break
            out.setdefault(a, (cue.who, rule))
            k -= 1
    return out


def _between(r: RuReading, at: Attribution, sentences: list[int]) -> dict[int, tuple[Who, str]]:
    """A short paragraph with no cue, quotation or name of its own, between two paragraphs
    whose facing sentences the same person states, is that person's: "По словам главы
    государства, ... .\nЧто касается нынешнего года, ... .\n«...», — подчеркнул Путин."."""
    w = r.rw.w
    people = r.rp.people
    spans = _spans(r, sentences)
    paragraphs: list[list[tuple[int, int]]] = []
    for a, b in spans:
        if paragraphs and w.para[paragraphs[-1][0][0]] == w.para[a]:
            paragraphs[-1].append((a, b))
        else:
            paragraphs.append([(a, b)])
    out: dict[int, tuple[Who, str]] = {}
    for k in range(1, len(paragraphs) - 1):
        middle = paragraphs[k]
        a, b = middle[0][0], middle[-1][1]
        if (
            len(middle) > _BETWEEN
            or w.para[a] in at.labels
            or any(s in at.handed for s, _ in middle)
        ):
            continue
        m = bisect.bisect_left(people.mention_starts, a)
        named = m < len(people.mentions) and people.mentions[m].start < b
        c = bisect.bisect_left(at.cue_starts, a)
        cued = c < len(at.cues) and at.cues[c].start < b
        if named or cued or _quoted(r, a, b):
            continue
        before, _ = speaker_of(r, at, _span(r, paragraphs[k - 1][-1]))
        after, _ = speaker_of(r, at, _span(r, paragraphs[k + 1][0]))
        if before.kind == after.kind == "person" and before.person == after.person:
            for s, _ in middle:
                out[s] = (before, BETWEEN)
    return out


def _span(r: RuReading, sentence: tuple[int, int]) -> Span:
    w = r.rw.w
    return Span(w.starts[sentence[0]], w.ends[sentence[1] - 1])


# -- paragraph labels ---------------------------------------------------------------------------
def _labels(r: RuReading) -> dict[int, tuple[Who, str]]:
    w = r.rw.w
    rw = r.rw
    people = r.rp.people
    mention_at = {m.start: m for m in people.mentions}
    mention_end = {m.end: m for m in people.mentions}
    labels: dict[int, tuple[Who, str]] = {}
    firsts = [i for i in range(w.n) if i == 0 or w.para[i] != w.para[i - 1]]
    ends = [*firsts[1:], w.n] if firsts else []
    interviewee: Who | None = None
    for a, b in zip(firsts, ends, strict=True):
        i = a
        while i < b and rw.kind(i) in ("title", "qualifier", "place"):
            i = max(rw.tag_end[i], i + 1)
        m = mention_at.get(i)
        colon = m.end if m is not None else i + 1
        if m is None and i > a and i < b and w.words[i] == ":":
            labels[w.para[a]] = _title_label(r, a)  # "Посол: ...", "Посол Турции: ..."
            continue
        if colon < b and w.words[colon] == ":":
            if m is not None:
                labels[w.para[a]] = (Who("person", m.person), LABEL)
            elif w.lower[i] in QA_INTERVIEWER:
                labels[w.para[a]] = (OTHER, INTERVIEW_QUESTION)
            elif w.lower[i] in QA_INTERVIEWEE:
                if interviewee is None:
                    interviewee = english._first_person_before(r.en, a)
                labels[w.para[a]] = (interviewee, LABEL)
            continue
        last = b - 1
        while last > a and w.words[last] in FINAL:
            last -= 1
        closing = mention_end.get(last + 1)
        if (
            closing is not None
            and b - a <= _HEADLINE
            and closing.start > a
            and w.words[closing.start - 1] in DASHES
        ):
            labels[w.para[a]] = (Who("person", closing.person), LABEL_AFTER)
    if not labels:
        labels = _dashed_interview(r, firsts, ends)
    return labels


def _title_label(r: RuReading, a: int) -> tuple[Who, str]:
    bare = r.bare.get(a)
    if bare is None or bare.plural:
        return OTHER, LABEL
    pid = resolve_title(r.rw.w, r.rp.people, bare.ref.title, a)
    return (Who("person", pid), LABEL) if pid >= 0 else (Who("unresolved", rule=UNNAMED), UNNAMED)


def _dashed_interview(
    r: RuReading, firsts: list[int], ends: list[int]
) -> dict[int, tuple[Who, str]]:
    """An interview whose paragraphs open with a dash: "— Как растёт торговля?" is the
    outlet's question, the dashed paragraphs up to the next question the answer of the
    person named before the first question (the last answer: three paragraphs at most)."""
    w = r.rw.w
    questions = [
        k
        for k, (a, b) in enumerate(zip(firsts, ends, strict=True))
        if w.words[a] in DASHES and w.words[b - 1] == "?" and b - a <= _MAX_QUESTION
    ]
    if len(questions) < _MIN_QUESTIONS:
        return {}
    interviewee = english._first_person_before(r.en, firsts[questions[0]])
    if interviewee.kind != "person":
        return {}
    labels: dict[int, tuple[Who, str]] = {}
    for n, k in enumerate(questions):
        labels[w.para[firsts[k]]] = (OTHER, INTERVIEW_QUESTION)
        stop = questions[n + 1] if n + 1 < len(questions) else min(k + 4, len(firsts))
        for answer in range(k + 1, stop):
            labels[w.para[firsts[answer]]] = (interviewee, INTERVIEW_ANSWER)
    return labels
