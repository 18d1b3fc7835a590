"""Who states each sentence: interview labels, quotations, reporting cues, continuations.

`attribute` works out, once per article: the speaker of every quotation (the cue right after
its closing mark, else the cue that introduces it, else a neighbouring quotation's), the
sentences that go on with reported speech ("The Minister stated that ... . Exports to India
reached ..."), and the paragraphs an interview labels ("Q:", "A:", "Name:", or bare question
paragraphs). `speaker_of` then answers for one sentence, in this order: its paragraph's
interview label; the quotation most of its words stand in; the first cue of its sentence that
names a person; the reported speech it continues; else no one. Every answer carries the id of
the rule that decided it (`RULES` here, and cues.RULES for what a cue's subject is).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Final

from app.extract.rules import Rule
from app.extract.speakers.cues import OTHER, Cue, Reading, Who, find_cues
from app.extract.speakers.persons import Mention
from app.extract.speakers.vocabulary import (
    BOUNDARY,
    FINAL,
    INTERVIEW,
    QA_INTERVIEWEE,
    QA_INTERVIEWER,
    QUOTE_GLYPHS,
)
from app.extract.types import Span

INTERVIEW_LABEL: Final = "speaker:interview-label"
INTERVIEW_QUESTION: Final = "speaker:interview-question"
INTERVIEW_ANSWER: Final = "speaker:interview-answer"
QUOTE_AFTER: Final = "speaker:quote-after"
QUOTE_BEFORE: Final = "speaker:quote-before"
QUOTE_BORROWED: Final = "speaker:quote-borrowed"
QUOTE_UNATTRIBUTED: Final = "speaker:quote-unattributed"
CARRIED: Final = "speaker:carried"
NONE: Final = "speaker:none"

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        INTERVIEW_LABEL,
        "an interview paragraph labelled with its speaker ('Name:', 'Ambassador Name:', or "
        "'A:' for the interviewee)",
        "Serik Zhumangarin, Kazakhstan's trade minister, spoke to our reporter.\nQ: How is "
        "trade with Russia?\nA: Trade between Kazakhstan and Russia grew 5% to $26 billion "
        "in 2023.",
    ),
    Rule(
        INTERVIEW_QUESTION,
        "an interview's question paragraph ('Q:', or a bare question) is the outlet's (null)",
        "Serik Zhumangarin, Kazakhstan's trade minister, spoke to our reporter.\nQ: Trade "
        "between Kazakhstan and Russia grew 5% to $26 billion in 2023. What comes next?\nA: "
        "More growth.",
    ),
    Rule(
        INTERVIEW_ANSWER,
        "an answer between an interview's bare question paragraphs, or an unlabelled "
        "paragraph after a labelled answer before the next question: the interviewee",
        "Serik Zhumangarin, Kazakhstan's trade minister, gave an interview to our reporter."
        "\nHow is trade with Russia?\nTrade between Kazakhstan and Russia grew 5% to $26 "
        "billion in 2023.\nWhat is the target?\nWe aim for $30 billion.",
    ),
    Rule(
        QUOTE_AFTER,
        "a quotation whose speaker is named by the cue right after it ('\"...,\" X said')",
        "\u201cTrade between Kazakhstan and Russia grew 5% to $26 billion in 2023,\u201d "
        "Kazakh Trade Minister Serik Zhumangarin said.",
    ),
    Rule(
        QUOTE_BEFORE,
        "a quotation introduced by the cue before it ('X said: \"...\"')",
        "Kazakh Trade Minister Serik Zhumangarin said: \u201cTrade between Kazakhstan and "
        "Russia grew 5% to $26 billion in 2023.\u201d",
    ),
    Rule(
        QUOTE_BORROWED,
        "a quotation with no cue of its own: the speaker of the quotation beside it, or of "
        "the paragraph that introduced it",
        "\u201cOur trade is growing,\u201d Kazakh Trade Minister Serik Zhumangarin said. "
        "\u201cTrade between Kazakhstan and Russia grew 5% to $26 billion in 2023.\u201d",
    ),
    Rule(
        QUOTE_UNATTRIBUTED,
        "a quotation the article names no speaker for (null)",
        "\u201cTrade between Kazakhstan and Russia grew 5% to $26 billion in 2023.\u201d",
    ),
    Rule(
        CARRIED,
        "a sentence that goes on with the reported speech ('X stated that ...') its "
        "paragraph opened with",
        "Kazakh Trade Minister Serik Zhumangarin stated that the two economies are close. "
        "Trade between Kazakhstan and Russia grew 5% to $26 billion in 2023.",
    ),
    Rule(
        NONE,
        "no label, quotation, cue or reported speech: the article's own voice (null; in the "
        "trace only)",
        "Trade between Kazakhstan and Russia grew 5% to $26 billion in 2023.",
        shows_in="trace",
    ),
)

_AFTER_QUOTE_WINDOW: Final = 20  # tokens from a closing mark to the cue that names its speaker
_REPORTED_WINDOW: Final = 6  # tokens from a speech verb to its "that"
_MAX_QUESTION: Final = 30  # tokens: a longer paragraph ending in "?" is not a bare question
_MIN_QUESTIONS: Final = 2


@dataclass(frozen=True, slots=True)
class Attribution:
    cues: list[Cue]
    cue_starts: list[int]
    quoted: list[tuple[Who, str]]  # per quotation: its speaker and the rule that decided
    carried: dict[int, Who]  # sentence start token -> the speaker its reported speech goes on
    labels: dict[int, tuple[Who, str]]  # paragraph -> its interview label and that rule


def attribute(r: Reading) -> Attribution:
    cues = find_cues(r)
    cue_starts = [c.start for c in cues]
    return Attribution(
        cues,
        cue_starts,
        _attribute_quotes(r, cues, cue_starts),
        _reported_continuations(r, cues),
        _paragraph_labels(r),
    )


def speaker_of(r: Reading, at: Attribution, sentence: Span) -> tuple[str | None, str]:
    """The person who states `sentence` (None for the article's own voice or a body), and
    the id of the rule that decided."""
    w = r.words
    start = max(0, min(sentence.start, len(w.text)))
    end = max(start, min(sentence.end, len(w.text)))
    lo = w.first_at_or_after(start)
    hi = w.first_at_or_after(end)
    words = [i for i in range(lo, hi) if w.is_word[i]]
    if not words:
        return None, NONE
    label = at.labels.get(w.para[words[0]])
    if label is not None:
        return _name(r, label[0]), label[1]
    inside: dict[int, int] = {}
    for i in words:
        q = r.quotes.of_token[i]
        if q >= 0:
            inside[q] = inside.get(q, 0) + 1
    if sum(inside.values()) * 2 > len(words):
        block = max(inside, key=lambda q: inside[q])
        who, rule = at.quoted[block]
        return _name(r, who), rule
    # a clause is stated by whoever states its whole sentence
    lo = w.sent_start[words[0]]
    hi = words[-1] + 1
    while hi < w.n and w.sent_start[hi] <= words[-1]:
        hi += 1
    declined = ""  # the rule of the first cue that names a body or no one
    k = bisect.bisect_left(at.cue_starts, lo)
    while k < len(at.cues) and at.cues[k].start < hi:
        cue = at.cues[k]
        if cue.who.kind == "person":
            return _name(r, cue.who), cue.rule
        declined = declined or cue.who.rule
        k += 1
    carried = at.carried.get(lo)
    if carried is not None and carried.kind == "person":
        return _name(r, carried), CARRIED
    return None, declined or NONE


def _name(r: Reading, who: Who) -> str | None:
    return r.people.name(who.person) if who.kind == "person" else None


# -- quotations -------------------------------------------------------------------------------
def _attribute_quotes(r: Reading, cues: list[Cue], cue_starts: list[int]) -> list[tuple[Who, str]]:
    w = r.words
    first_tok: list[int] = []
    last_tok: list[int] = []
    for a, b in r.quotes.blocks:
        first_tok.append(w.first_at_or_after(a))  # the opening mark
        last_tok.append(w.first_at_or_after(b))  # the closing mark, or the token after
    found: list[tuple[Who, str] | None] = []
    for q in range(len(r.quotes.blocks)):
        who = _attribution_after(r, q, last_tok[q], cues, cue_starts)
        if who is not None:
            found.append((who, QUOTE_AFTER))
            continue
        who = _attribution_before(r, first_tok[q], cues, cue_starts)
        found.append((who, QUOTE_BEFORE) if who is not None else None)
    # an unattributed block borrows from its neighbours in the same paragraph, then from
    # the paragraph before ("Putin said:" / a quote paragraph by the same speaker)
    speakers = [f[0] if f is not None else None for f in found]
    result: list[tuple[Who, str]] = []
    for q, f in enumerate(found):
        if f is None:
            borrowed = _borrow(r, q, speakers, first_tok, cues, cue_starts)
            f = (borrowed, QUOTE_BORROWED) if borrowed is not None else (OTHER, "")
        result.append((f[0], _quote_rule(*f)))
    return result


def _quote_rule(who: Who, how: str) -> str:
    """A quotation's own rule decides a person, unless a title or pronoun named them; a body
    or no one is decided by the subject's rule, else the quotation is unattributed."""
    if who.kind == "person":
        return how if how == QUOTE_BORROWED else (who.rule or how)
    return who.rule or QUOTE_UNATTRIBUTED


def _attribution_after(
    r: Reading, q: int, close: int, cues: list[Cue], cue_starts: list[int]
) -> Who | None:
    w = r.words
    if not r.quotes.closed[q] or close >= w.n:
        return None
    para = w.para[min(close, w.n - 1)]
    k = bisect.bisect_left(cue_starts, close + 1)
    if k >= len(cues):
        return None
    cue = cues[k]
    if cue.start > close + _AFTER_QUOTE_WINDOW:
        return None
    # only the quotation's own tail: no new paragraph, quotation, sentence or relative clause
    for i in range(close + 1, cue.start):
        if (
            w.para[i] != para
            or w.words[i] in QUOTE_GLYPHS
            or (i > close + 1 and w.ends_sentence(i))
            or w.lower[i] in ("who", "which", "where")
        ):
            return None
    if close + 1 < w.n and w.words[close + 1] in FINAL:
        return None  # '"...". Putin said' is a new sentence
    return cue.who


def _attribution_before(
    r: Reading, open_mark: int, cues: list[Cue], cue_starts: list[int]
) -> Who | None:
    w = r.words
    k = bisect.bisect_left(cue_starts, open_mark) - 1
    if k < 0:
        return None
    cue = cues[k]
    para = w.para[min(open_mark, w.n - 1)]
    for i in range(cue.end, min(open_mark, w.n)):
        if w.para[i] != para or w.ends_sentence(i) or w.words[i] in QUOTE_GLYPHS:
            return None
    if cue.start < w.n and w.para[cue.start] != para:
        return None
    return cue.who


def _borrow(
    r: Reading,
    q: int,
    found: list[Who | None],
    first_tok: list[int],
    cues: list[Cue],
    cue_starts: list[int],
) -> Who | None:
    w = r.words
    para = w.para[min(first_tok[q], w.n - 1)] if w.n else 0
    same = [
        p
        for p in range(len(found))
        if p != q and found[p] is not None and w.para[min(first_tok[p], w.n - 1)] == para
    ]
    if same:
        before = [p for p in same if p < q]
        return found[before[-1] if before else same[0]]
    # the paragraph just before ends with a colon after a cue, or is a quote by a person
    start = first_tok[q]
    prev = start - 1
    while prev >= 0 and w.para[prev] == para:
        prev -= 1
    if prev < 0:
        return None
    if w.words[prev] == ":":
        k = bisect.bisect_left(cue_starts, prev) - 1
        if k >= 0 and w.para[cues[k].start] == w.para[prev]:
            return cues[k].who
    prev_para = w.para[prev]
    earlier = [p for p in range(q) if w.para[min(first_tok[p], w.n - 1)] == prev_para]
    if earlier and start < w.n and w.words[start] in QUOTE_GLYPHS:
        who = found[earlier[-1]]
        if who is not None and who.kind == "person":
            return who
    return None


# -- reported speech continued ----------------------------------------------------------------
def _reported_continuations(r: Reading, cues: list[Cue]) -> dict[int, Who]:
    """Sentences that go on with the reported speech their paragraph opened with.

    "The Minister stated that trade reached $5.8 billion. Exports to India reached $2.1
    billion." A later sentence of the paragraph is the same person's while it has no quote
    and no source of its own; the first one that has either ends the run.
    """
    w = r.words
    quote_of = r.quotes.of_token
    quoted = [q >= 0 or word in QUOTE_GLYPHS for q, word in zip(quote_of, w.words, strict=True)]
    carried: dict[int, Who] = {}
    k = 0
    carry: Who | None = None
    i = 0
    n = w.n
    while i < n:
        start = i
        while i < n and w.sent_start[i] == start:
            i += 1
        own = []
        while k < len(cues) and cues[k].start < i:
            if cues[k].start >= start:
                own.append(cues[k])
            k += 1
        in_quote = any(quoted[start:i])
        if start == 0 or w.para[start] != w.para[start - 1]:
            carry = None
            if own and not in_quote and _opens_reported_speech(r, own[0], i):
                carry = own[0].who
        elif carry is not None:
            if own or in_quote:
                carry = None
            else:
                carried[start] = carry
    return carried


def _opens_reported_speech(r: Reading, cue: Cue, end: int) -> bool:
    """A person's speech verb followed by "that": "The Minister stated on Monday that"."""
    w = r.words
    if cue.kind != "verb" or cue.who.kind != "person":
        return False
    for j in range(cue.end, min(end, cue.end + _REPORTED_WINDOW)):
        if w.lower[j] == "that":
            return True
        if w.words[j] in BOUNDARY or w.words[j] in FINAL:
            return False
    return False


# -- interviews -------------------------------------------------------------------------------
def _paragraph_labels(r: Reading) -> dict[int, tuple[Who, str]]:
    """Interview paragraphs: "Q:" is the outlet's voice, "A:" or "Name:" the speaker's."""
    w = r.words
    labels: dict[int, tuple[Who, str]] = {}
    interviewee: Who | None = None
    mention_at = {m.start: m for m in r.people.mentions}
    para = w.para
    firsts = [i for i in range(w.n) if i == 0 or para[i] != para[i - 1]]
    for i in firsts:
        m = mention_at.get(i) or _titled_mention(r, mention_at, i)
        colon = m.end if m is not None else i + 1
        if colon < w.n and w.words[colon] == ":" and para[colon] == para[i]:
            lowered = w.lower[i]
            if m is not None:
                labels[para[i]] = (Who("person", m.person), INTERVIEW_LABEL)
            elif lowered in QA_INTERVIEWER:
                labels[para[i]] = (OTHER, INTERVIEW_QUESTION)
                if interviewee is None:
                    interviewee = _first_person_before(r, i)
            elif lowered in QA_INTERVIEWEE:
                if interviewee is None:
                    interviewee = _first_person_before(r, i)
                labels[para[i]] = (interviewee, INTERVIEW_LABEL)
    if not labels:
        return _unlabelled_interview(r, firsts)
    return _answers_carried(r, firsts, labels)


_LABEL_TITLE_WORDS = 6  # title words before a label's name ("Deputy Prime Minister ...")
_LABEL_TITLE_KINDS = frozenset({"title", "qualifier", "place", "honorific"})


def _titled_mention(r: Reading, mention_at: dict[int, Mention], i: int) -> Mention | None:
    """ "Ambassador Nguyen Minh Tam:": a name after title words at a paragraph's start."""
    w = r.words
    for j in range(i + 1, min(w.n, i + 1 + _LABEL_TITLE_WORDS)):
        if w.para[j] != w.para[i]:
            return None
        m = mention_at.get(j)
        if m is not None:
            return m if all(w.kind(k) in _LABEL_TITLE_KINDS for k in range(i, j)) else None
    return None


def _answers_carried(
    r: Reading, firsts: list[int], labels: dict[int, tuple[Who, str]]
) -> dict[int, tuple[Who, str]]:
    """The paragraphs after a labelled answer that carry no label of their own, up to the
    next question (a label, or a paragraph ending in "?"), are the same answer's."""
    w = r.words
    ends = [*firsts[1:], w.n]
    out = dict(labels)
    current: Who | None = None
    for a, b in zip(firsts, ends, strict=True):
        k = w.para[a]
        if k in labels:
            who, rule = labels[k]
            current = who if rule == INTERVIEW_LABEL and who.kind == "person" else None
        elif w.words[b - 1] == "?":
            current = None
        elif current is not None:
            out[k] = (current, INTERVIEW_ANSWER)
    return out


def _unlabelled_interview(r: Reading, firsts: list[int]) -> dict[int, tuple[Who, str]]:
    """An interview whose questions stand alone as paragraphs ("What is the target?").

    It needs the article to call itself an interview and at least two such questions;
    the answers between them are the person named before the first question.
    """
    w = r.words
    if not firsts:
        return {}
    ends = [*firsts[1:], w.n]
    questions = [
        k
        for k, (a, b) in enumerate(zip(firsts, ends, strict=True))
        if w.words[b - 1] == "?"
        and b - a <= _MAX_QUESTION
        and not any(w.words[j] in QUOTE_GLYPHS for j in range(a, b))
    ]
    if len(questions) < _MIN_QUESTIONS:
        return {}
    if not any(
        INTERVIEW.match(w.lower, i) for i in range(w.n) if w.lower[i] in INTERVIEW.first_words
    ):
        return {}
    interviewee = _first_person_before(r, firsts[questions[0]])
    if interviewee.kind != "person":
        return {}
    labels: dict[int, tuple[Who, str]] = {}
    for n, k in enumerate(questions):
        labels[w.para[firsts[k]]] = (OTHER, INTERVIEW_QUESTION)
        # the last answer is taken to be one paragraph: what follows is the outlet's again
        stop = questions[n + 1] if n + 1 < len(questions) else min(k + 2, len(firsts))
        for answer in range(k + 1, stop):
            labels[w.para[firsts[answer]]] = (interviewee, INTERVIEW_ANSWER)
    return labels


def _first_person_before(r: Reading, at: int) -> Who:
    for m in r.people.mentions:
        if m.start >= at:
            break
        if r.quotes.of_token[m.start] < 0:  # a name quoted is not the interviewee
            return Who("person", m.person)
    return OTHER
