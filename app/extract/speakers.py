"""Who states a sentence: the person behind a quote or a reporting verb, by full name.

One `SpeakerResolver` per article. Building it tokenises the text once, finds person names,
links official titles to the names they introduce ("Trade Minister Serik Zhumangarin"),
pairs quote marks into quoted blocks and resolves every reporting cue ("said", "according
to") to a person, an institution or nobody. `speaker_for` then only looks up what was found
inside the queried span, so querying every sentence of an article stays cheap.

The word lists live in data/reporting_verbs.tsv and data/titles.tsv. Everything here is a
heuristic: where the text is ambiguous or malformed the answer degrades to None (the
article's own voice) rather than raising.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from app.extract.tables import read_table
from app.extract.types import Span

__all__ = ["SpeakerResolver"]


@dataclass(frozen=True, slots=True)
class _Entry:
    phrase: str
    kind: str
    group: str = ""
    gender: str = ""
    inverts: bool = False
    body: bool = False  # a verb typical of agencies and media rather than people
    plural: bool = False  # a bare plural form ("say"): no lone surname stands before it


_TOKEN_RE: Final = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_SPACES: Final = re.compile(r"\s*")
_DASH_SPEECH: Final = re.compile(r"^[ \t]*([–—])[ \t]+(?=\S)", re.MULTILINE)
_DASH_CLOSE: Final = re.compile(r"[,.!?…][ \t]*([–—])[ \t]+(?=\S)")
_QUOTE_OR_NEWLINE: Final = re.compile(r'["“”„«»]|\n')
_POSSESSIVE: Final = ("'s", "’s")


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in _TOKEN_RE.finditer(phrase))


class _Lexicon:
    """Longest-match lookup of multi-word phrases over lower-cased tokens."""

    def __init__(self, entries: Iterable[_Entry]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], _Entry]]] = {}
        seen: set[tuple[str, ...]] = set()
        for entry in entries:
            key = _phrase_key(entry.phrase)
            if not key or key in seen:
                continue
            seen.add(key)
            by_first.setdefault(key[0], []).append((key, entry))
        for options in by_first.values():
            options.sort(key=lambda item: -len(item[0]))
        self._by_first = by_first
        self.first_words = frozenset(by_first)

    def match(self, lowered: Sequence[str], i: int) -> tuple[int, _Entry] | None:
        for key, entry in self._by_first.get(lowered[i], ()):
            end = i + len(key)
            if end <= len(lowered) and tuple(lowered[i:end]) == key:
                return end, entry
        return None


def _read_tsv(name: str) -> list[dict[str, str]]:
    return read_table(name)


_WORD_KINDS: Final = frozenset(
    {
        "title",
        "qualifier",
        "institution",
        "place",
        "honorific",
        "particle",
        "non_name",
        "org_suffix",
    }
)
_CUE_KINDS: Final = frozenset({"verb", "prep", "filler", "interview"})


def _load_words() -> list[_Entry]:
    return [
        _Entry(row["phrase"], row["kind"], row.get("group", ""), row.get("gender", ""))
        for row in _read_tsv("titles.tsv")
        if row.get("phrase") and row.get("kind") in _WORD_KINDS
    ]


def _load_country_places() -> list[_Entry]:
    """Country names and adjectives from the country gazetteer, as places.

    A title's country ("President of Kenya") and a name's edge ("Kenya Daniel Otieno") need
    every country, not just those titles.tsv lists; capitals stay out, as they double as
    surnames ("Washington").
    """
    # a country name that is also a personal name ("Jordan", "Chad") stays free for names
    personal = {
        row["phrase"].lower()
        for row in _read_tsv("not_countries.tsv")
        if row.get("phrase") and row.get("kind") == "person_name"
    }
    places: list[_Entry] = []
    for row in _read_tsv("countries.tsv"):
        iso3 = row.get("iso3", "")
        for column in ("name", "official_name", "common_name"):
            if row.get(column) and len(iso3) == 3:
                places.append(_Entry(row[column], "place", iso3))
    for row in _read_tsv("country_aliases.tsv"):
        iso3 = row.get("iso3", "")
        if row.get("alias") and len(iso3) == 3 and row.get("kind") != "capital":
            places.append(_Entry(row["alias"], "place", iso3))
    return [e for e in places if e.phrase.lower() not in personal]


def _load_cues() -> list[_Entry]:
    return [
        _Entry(
            row["phrase"],
            row["kind"],
            inverts=row.get("inverts", "") == "yes",
            body=row.get("speaker", "") == "body",
            plural=row.get("speaker", "") == "plural",
        )
        for row in _read_tsv("reporting_verbs.tsv")
        if row.get("phrase") and row.get("kind") in _CUE_KINDS
    ]


# titles.tsv first: its own entries win over the gazetteer's for the same phrase
_WORD_ENTRIES: Final = _load_words() + _load_country_places()
_CUE_ENTRIES: Final = _load_cues()
_WORDS: Final = _Lexicon(
    e for e in _WORD_ENTRIES if e.kind not in ("non_name", "particle", "org_suffix")
)
# Single words looked up directly: never part of a name, or a name particle ("bin", "van").
_NON_NAME: Final = frozenset(
    e.phrase.lower() for e in _WORD_ENTRIES if e.kind == "non_name" and not e.phrase.startswith("-")
)
_NON_NAME_ENDINGS: Final = tuple(
    e.phrase.lower()[1:]
    for e in _WORD_ENTRIES
    if e.kind == "non_name" and e.phrase.startswith("-") and len(e.phrase) > 1
)
_PARTICLES: Final = frozenset(e.phrase.lower() for e in _WORD_ENTRIES if e.kind == "particle")
_ORG_SUFFIXES: Final = tuple(
    {e.phrase.lower().lstrip("-") for e in _WORD_ENTRIES if e.kind == "org_suffix"} - {""}
)
_CUES: Final = _Lexicon(e for e in _CUE_ENTRIES if e.kind in ("verb", "prep"))
_FILLERS: Final = _Lexicon(e for e in _CUE_ENTRIES if e.kind == "filler")
# words by which an article calls itself an interview ("spoke to", "interview")
_INTERVIEW: Final = _Lexicon(e for e in _CUE_ENTRIES if e.kind == "interview")

# Closed-class grammar words, not lexicon: they are the same for every article and domain.
_PRONOUNS: Final = {"he": "m", "she": "f"}
_OBJECT_PRONOUNS: Final = {"him": "m", "her": "f"}  # "according to him"
_PREPOSITIONS: Final = frozenset(
    {"of", "to", "with", "by", "for", "from", "at", "on", "about", "in", "between", "and", "met"}
)
_TITLE_LINKS: Final = frozenset({"of", "for", "to", "on", "and"})
_GOVERNMENT_WORDS: Final = frozenset({"government", "cabinet"})
_DETERMINERS: Final = frozenset({"the", "a", "an"})
_CLAUSE_STOPS: Final = frozenset(
    {"that", "in", "at", "on", "during", "after", "while", "who", "when", "adding", "noting", "as",
     "which", "where", "before", "because", "since", "if"}
)  # fmt: skip
_RELATIVES: Final = frozenset({"who", "whose", "whom", "which"})
_ABBREVIATIONS: Final = frozenset({"st", "gen", "col", "sen", "rep", "gov", "jr", "sr"})
_FINAL: Final = frozenset({".", "!", "?", "…"})
_BOUNDARY: Final = frozenset(
    {",", ";", ":", "(", ")", "[", "]", "—", "–", "-", '"', "“", "”", "„", "«", "»"}
)
_OPEN_GLYPHS: Final = frozenset({"“", "„", "«"})
_CLOSE_GLYPHS: Final = frozenset({"”", "»"})
_QUOTE_GLYPHS: Final = frozenset({'"', "“", "”", "„", "«", "»"})
_QA_INTERVIEWER: Final = frozenset({"q", "question"})
_QA_INTERVIEWEE: Final = frozenset({"a", "answer"})
_FEMALE_SURNAME: Final = ("ova", "eva", "yova", "ina", "aya", "skaya", "kaya", "ska")
_MALE_SURNAME: Final = ("ov", "ev", "yev", "in", "sky", "skiy", "skii", "ski")
_MAX_NAME_WORDS: Final = 4
_MAX_TITLE_TAIL: Final = 8
_REPORTED_WINDOW: Final = 6
_MAX_QUESTION: Final = 30  # tokens: a longer paragraph ending in "?" is not a bare question
_MIN_QUESTIONS: Final = 2
_TAIL_LINKS: Final = frozenset({"of", "for", "to", "on", "and", "in", "the"})
_AFTER_QUOTE_WINDOW: Final = 20


@dataclass(frozen=True, slots=True)
class _Title:
    role: str
    role_class: str
    country: str | None
    depts: frozenset[str]
    gender: str


@dataclass(slots=True)
class _Person:
    name: str
    words: tuple[str, ...]
    gender: str = ""
    titles: list[_Title] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.words[-1].lower()


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int  # token index
    end: int
    person: int
    possessive: bool


_Who = tuple[Literal["person", "unresolved", "institution", "other", "empty"], int]
_EMPTY: Final[_Who] = ("empty", -1)
_OTHER: Final[_Who] = ("other", -1)


@dataclass(slots=True)
class _Cue:
    start: int
    end: int
    kind: str
    who: _Who


class SpeakerResolver:
    """Answers, per sentence of one article, which named person states it."""

    def __init__(self, text: str, sentences: list[Span]) -> None:
        self._text = text
        self._tokenise(text)
        self._split_paragraphs_and_sentences(text, sentences)
        self._tag_words()
        self._persons: list[_Person] = []
        self._mentions: list[_Mention] = []
        self._find_quotes(text)
        self._find_persons()
        self._link_titles()
        self._guess_genders()
        self._cues = self._find_cues()
        self._cue_starts = [c.start for c in self._cues]
        self._quote_speakers = self._attribute_quotes()
        self._carried = self._reported_continuations()
        self._labels = self._paragraph_labels()

    # ---------------------------------------------------------------- public

    def speaker_for(self, sentence: Span) -> str | None:
        start = max(0, min(sentence.start, len(self._text)))
        end = max(start, min(sentence.end, len(self._text)))
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        words = [i for i in range(lo, hi) if self._is_word[i]]
        if not words:
            return None
        label = self._labels.get(self._para[words[0]])
        if label is not None:
            return self._name(label)
        inside: dict[int, int] = {}
        for i in words:
            q = self._quote[i]
            if q >= 0:
                inside[q] = inside.get(q, 0) + 1
        if sum(inside.values()) * 2 > len(words):
            block = max(inside, key=lambda q: inside[q])
            return self._name(self._quote_speakers[block])
        # a clause is stated by whoever states its whole sentence
        lo = self._sent_start[words[0]]
        hi = words[-1] + 1
        while hi < self._n and self._sent_start[hi] <= words[-1]:
            hi += 1
        k = bisect.bisect_left(self._cue_starts, lo)
        while k < len(self._cues) and self._cues[k].start < hi:
            if self._cues[k].who[0] == "person":
                return self._name(self._cues[k].who)
            k += 1
        return self._name(self._carried.get(lo, _OTHER))

    def _name(self, who: _Who) -> str | None:
        kind, pid = who
        return self._persons[pid].name if kind == "person" else None

    # -------------------------------------------------------------- tokens

    def _tokenise(self, text: str) -> None:
        found = list(_TOKEN_RE.finditer(text))
        words = [m.group() for m in found]
        starts = [m.start() for m in found]
        ends = [m.end() for m in found]
        possessive = [False] * len(words)
        for i, word in enumerate(words):
            if len(word) > 2 and ("'" in word or "’" in word) and word[-2:].lower() in _POSSESSIVE:
                words[i] = word[:-2]
                ends[i] -= 2
                possessive[i] = True
        self._starts = starts
        self._ends = ends
        self._words = words
        self._lower = [w.lower() for w in words]
        self._possessive = possessive
        self._is_word = [w[0].isalpha() for w in words]
        self._n = len(words)
        self._lower_vocab = {w for w in words if w[0].islower()}

    def _split_paragraphs_and_sentences(self, text: str, sentences: list[Span]) -> None:
        """Paragraph index and sentence-start token for every token.

        Our own split (final punctuation, newlines) is joined with the caller's sentences, so a
        boundary either side sees stops a backward search for a speaker.
        """
        para_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        caller_starts = {
            bisect.bisect_left(self._starts, s.start) for s in sentences if isinstance(s, Span)
        }
        para: list[int] = []
        current_para = 0
        last = len(para_starts) - 1
        for start in self._starts:
            while current_para < last and para_starts[current_para + 1] <= start:
                current_para += 1
            para.append(current_para)
        self._para = para
        sent_start: list[int] = []
        current = 0
        for i in range(self._n):
            if i > 0 and (
                self._para[i] != self._para[i - 1]
                or (self._words[i - 1] in _FINAL and not self._is_abbreviation(i - 1))
                or (i in caller_starts and not self._after_honorific(i))
            ):
                current = i
            sent_start.append(current)
        self._sent_start = sent_start

    def _after_honorific(self, i: int) -> bool:
        """ "Eng. Ahmed Samir": sentence splitters end a sentence at the honorific's dot."""
        if i < 2 or self._words[i - 1] != "." or self._ends[i - 2] != self._starts[i - 1]:
            return False
        hit = _WORDS.match(self._lower, i - 2)
        return hit is not None and hit[1].kind == "honorific" and hit[0] == i - 1

    def _is_abbreviation(self, dot: int) -> bool:
        """A period after an initial ("V.") or an honorific ("Mr.") ends no sentence."""
        if dot == 0 or self._words[dot] != ".":
            return False
        prev = self._words[dot - 1]
        if self._ends[dot - 1] != self._starts[dot]:
            return False
        if len(prev) == 1 and prev.isupper():
            return True
        hit = _WORDS.match(self._lower, dot - 1)
        return (hit is not None and hit[1].kind == "honorific") or prev.lower() in _ABBREVIATIONS

    def _tag_words(self) -> None:
        n = self._n
        tags: list[_Entry | None] = [None] * n
        tag_end = [0] * n
        lowered = self._lower
        firsts = _WORDS.first_words
        i = 0
        while i < n:
            hit = _WORDS.match(lowered, i) if lowered[i] in firsts else None
            if hit is None or (hit[1].kind == "place" and not self._words[i][0].isupper()):
                i += 1
                continue
            end, entry = hit
            for j in range(i, end):
                tags[j] = entry
                tag_end[j] = end
            i = end
        self._tags = tags
        self._tag_end = tag_end
        self._kinds = [tag.kind if tag is not None else "" for tag in tags]
        self._initial = [
            len(w) == 1
            and w.isupper()
            and i + 1 < n
            and self._words[i + 1] == "."
            and self._ends[i] == self._starts[i + 1]
            for i, w in enumerate(self._words)
        ]
        self._name_word = [
            (w[0].isupper() or "-" in w) and self._is_name_word(i)
            for i, w in enumerate(self._words)
        ]

    def _kind(self, i: int) -> str:
        return self._kinds[i] if 0 <= i < self._n else ""

    # -------------------------------------------------------------- quotes

    def _find_quotes(self, text: str) -> None:
        """Quoted blocks as (content start, content end) character ranges.

        A block may run over several paragraphs when each continuing paragraph opens with a
        quote mark; an unclosed mark closes at its paragraph's end.
        """
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
                    if nxt < len(text) and text[nxt] in _QUOTE_GLYPHS and self._opener_like(nxt):
                        continue  # the quote goes on in the next paragraph
                    blocks.append((open_at, pos, False))
                    open_at = -1
                continue
            cls = "g" if ch in "«»" else "d"
            if open_at >= 0:
                if cls != open_cls:
                    continue
                if pos == open_at + 1 or self._is_continuation_mark(text, pos):
                    continue
                if ch in _OPEN_GLYPHS and self._opener_like(pos) and not self._closer_like(pos):
                    depth += 1
                    continue
                if depth > 0:
                    depth -= 1
                    continue
                blocks.append((open_at, pos, True))
                open_at = -1
                continue
            if ch in _CLOSE_GLYPHS and not self._opener_like(pos):
                continue  # a stray closing mark
            if ch == '"' and not self._opener_like(pos):
                continue
            open_at, open_cls, depth = pos, cls, 0
        if open_at >= 0:
            blocks.append((open_at, len(text), False))
        blocks = sorted(blocks + self._dash_quotes(text, blocks))
        self._blocks = [(a, b) for a, b, _ in blocks]
        self._block_closed = [closed for _, _, closed in blocks]
        quote = [-1] * self._n
        for k, (a, b) in enumerate(self._blocks):
            for i in range(
                bisect.bisect_right(self._starts, a), bisect.bisect_left(self._starts, b)
            ):
                quote[i] = k
        self._quote = quote

    def _dash_quotes(
        self, text: str, blocks: list[tuple[int, int, bool]]
    ) -> list[tuple[int, int, bool]]:
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
                continue
            found.append((a, b, True))
        return found

    def _is_continuation_mark(self, text: str, pos: int) -> bool:
        """The opening mark of a continued paragraph inside an open quote."""
        line_start = text.rfind("\n", 0, pos) + 1
        return line_start > 0 and not text[line_start:pos].strip()

    def _opener_like(self, pos: int) -> bool:
        text = self._text
        before = text[pos - 1] if pos > 0 else " "
        after = text[pos + 1] if pos + 1 < len(text) else " "
        return (before.isspace() or before in "([{—–-:/'\"“«„") and not after.isspace()

    def _closer_like(self, pos: int) -> bool:
        text = self._text
        before = text[pos - 1] if pos > 0 else " "
        after = text[pos + 1] if pos + 1 < len(text) else " "
        return not before.isspace() and (after.isspace() or not after.isalnum())

    # ------------------------------------------------------------- persons

    def _is_name_word(self, i: int) -> bool:
        word = self._words[i]
        lowered = self._lower[i]
        if not self._is_word[i] or self._tags[i] is not None or lowered in _NON_NAME:
            return False
        if lowered.endswith(_NON_NAME_ENDINGS) and len(lowered) > 5:
            return False
        if word[0].isupper():
            return not (len(word) > 1 and word.isupper())
        # "al-Sisi", "bin-Salman": a lower-case particle glued to a capitalised name
        head, _, tail = word.partition("-")
        return bool(tail) and tail[0].isupper() and head in _PARTICLES

    def _name_runs(self) -> list[tuple[int, int]]:
        """Token ranges of 1-4 adjacent capitalised name words (with initials and particles)."""
        runs: list[tuple[int, int]] = []
        i = 0
        n = self._n
        while i < n:
            if not (self._name_word[i] or self._initial[i]):
                i += 1
                continue
            j = i
            last_word = -1
            while j < n:
                if self._initial[j]:
                    j += 2
                elif self._name_word[j]:
                    last_word = j
                    j += 1
                    if self._possessive[j - 1]:
                        break
                elif (
                    self._lower[j] in _PARTICLES
                    and j + 1 < n
                    and (self._name_word[j + 1] or self._lower[j + 1] in _PARTICLES)
                    and last_word >= 0
                ):
                    j += 1
                else:
                    break
                if j < n and self._para[j] != self._para[j - 1]:
                    break
            if last_word < 0:
                i = j
                continue
            run = self._trim_run(i, last_word + 1)
            if run is not None:
                runs.append(run)
            i = j
        return runs

    def _trim_run(self, a: int, b: int) -> tuple[int, int] | None:
        """Drop capitalised common words that only look like names ("Yesterday Putin")."""
        words = [i for i in range(a, b) if self._name_word[i]]
        if len(words) > _MAX_NAME_WORDS:
            return None
        check_all = len(words) >= 3
        while a < b and self._is_word[a] and not self._initial[a]:
            at_start = self._sent_start[a] == a or (a > 0 and self._words[a - 1] in _QUOTE_GLYPHS)
            if (check_all or at_start) and self._lower[a] in self._lower_vocab:
                a += 1
            else:
                break
        if check_all:
            for k in range(a, b):
                if self._name_word[k] and self._lower[k] in self._lower_vocab:
                    return None
        return (a, b) if a < b else None

    def _find_persons(self) -> None:
        runs = self._name_runs()
        by_surname: dict[str, list[int]] = {}
        full: list[tuple[int, int, tuple[str, ...]]] = []
        initialled: list[tuple[int, int, tuple[str, ...]]] = []
        single: list[tuple[int, int, tuple[str, ...]]] = []
        for a, b in runs:
            if self._names_a_body(b):
                continue
            words = tuple(self._words[k] for k in range(a, b) if self._is_word[k])
            names = [w for w in words if w.lower() not in _PARTICLES]
            if len(names) == 1:
                single.append((a, b, words))
            elif any(len(w) == 1 for w in names[:-1]):
                initialled.append((a, b, words))
            else:
                full.append((a, b, words))
        found: list[_Mention] = []

        by_other: dict[str, list[int]] = {}  # the other words of full names

        def register(a: int, b: int, words: tuple[str, ...]) -> int:
            surname = words[-1].lower()
            for pid in by_surname.get(surname, ()):
                known = self._persons[pid].words
                if len(words) == 1 or len(known) == 1 or known[0][0] == words[0][0]:
                    return pid
            # "Ambassador Kato" after "Kato Hiroshi": a family name written first
            others = by_other.get(surname, []) if len(words) == 1 else []
            if len(others) == 1:
                return others[0]
            name = re.sub(r"\s+", " ", self._text[self._starts[a] : self._ends[b - 1]])
            self._persons.append(_Person(name, words))
            pid = len(self._persons) - 1
            by_surname.setdefault(surname, []).append(pid)
            for word in words[:-1]:
                if len(word) > 1 and word.lower() not in _PARTICLES:
                    by_other.setdefault(word.lower(), []).append(pid)
            return pid

        for a, b, words in full + initialled:
            found.append(_Mention(a, b, register(a, b, words), self._possessive[b - 1]))
        for a, b, words in single:
            introduced = self._kind(a - 1) in ("title", "honorific") or (
                self._words[a - 1 : a] == ["."] and self._kind(a - 2) == "honorific"
            )
            if words[-1].lower() in by_surname or introduced or self._speaks_alone(a, b):
                found.append(_Mention(a, b, register(a, b, words), self._possessive[b - 1]))
        found.sort(key=lambda m: m.start)
        self._mentions = found
        self._mention_starts = [m.start for m in found]

    def _names_a_body(self, b: int) -> bool:
        """Capitalised words that run on into an institution word ("Halyk Bank", "Dubai Customs",
        "Guangxi Zhuang Autonomous Region") name a body, not a person."""
        return (
            b < self._n
            and self._kind(b) == "institution"
            and self._words[b][0].isupper()
            and not self._text[self._ends[b - 1] : self._starts[b]].strip()
        )

    def _speaks_alone(self, a: int, b: int) -> bool:
        """A lone unknown surname named as the speaker in the inverted form (", said
        Zhumangarin."). Before a verb ("Destatis said", "Geostat reported") a lone capitalised
        word that the article never introduced is more often a body than a person, so it is
        not taken for one there.
        """
        word = self._words[a]
        if b != a + 1 or any(c.isupper() for c in word[1:].replace("-", "")):
            return False
        if _looks_like_organisation(word):
            return False
        if a > self._sent_start[a] and self._words[a - 1] not in _BOUNDARY:
            hit = _CUES.match(self._lower, a - 1) if self._is_word[a - 1] else None
            return (
                hit is not None
                and hit[1].inverts
                and not hit[1].body
                and a >= 2
                and self._words[a - 2] == ","
                and (b >= self._n or self._words[b] in _FINAL or self._words[b] == ",")
            )
        return False

    # -------------------------------------------------------------- titles

    def _title_groups(self) -> list[tuple[int, int, _Title]]:
        groups: list[tuple[int, int, _Title]] = []
        i = 0
        kinds = self._kinds
        while i < self._n:
            if kinds[i] != "title":
                i += 1
                continue
            a = i
            while a > 0 and self._kind(a - 1) in ("qualifier", "title", "place"):
                a -= 1
            b = i
            while b < self._n and self._kind(b) in ("qualifier", "title"):
                b = self._tag_end[b]
            head_end = b
            while b < self._n and self._lower[b] in _TITLE_LINKS:
                c = b + 1
                if c < self._n and self._lower[c] in _DETERMINERS:
                    c += 1
                if self._kind(c) not in ("place", "qualifier", "institution", "title"):
                    break
                b = c
                while b < self._n and self._kind(b) in (
                    "place",
                    "qualifier",
                    "institution",
                    "title",
                ):
                    b = self._tag_end[b]
            groups.append((a, b, self._make_title(a, head_end, b)))
            i = b
        return groups

    def _make_title(self, a: int, head_end: int, b: int) -> _Title:
        head: _Entry | None = None
        country: str | None = None
        depts: set[str] = set()
        k = a
        while k < b:
            tag = self._tags[k]
            end = max(self._tag_end[k], k + 1) if tag is not None else k + 1
            if tag is not None:
                if tag.kind == "title" and k < head_end:
                    head = tag
                elif tag.kind == "place" and country is None and len(tag.group) == 3:
                    country = tag.group
                elif (tag.kind == "qualifier" and tag.group == "dept") or tag.kind == "institution":
                    depts.update(_phrase_key(tag.phrase))
            k = end
        if head is None:  # unreachable with a title at i, kept for type safety
            return _Title("", "", country, frozenset(depts), "")
        role, role_class = head.phrase.lower(), head.group
        # "the head of the Russian government" is the prime minister's title in other words
        if role_class == "head" and depts & _GOVERNMENT_WORDS:
            role, role_class = "head of government", "head_of_government"
        return _Title(role, role_class, country, frozenset(depts), head.gender)

    def _link_titles(self) -> None:
        """Attach titles to the names they introduce; keep the rest as references."""
        mention_at = {m.start: m for m in self._mentions}
        mention_end = {m.end: m for m in self._mentions}
        refs: list[tuple[int, int, _Title]] = []
        for a, b, title in self._title_groups():
            after = mention_at.get(b)
            if after is not None and not self._text[self._ends[b - 1] : self._starts[b]].strip():
                self._persons[after.person].titles.append(title)
                continue
            # "Prime Minister of the Islamic Republic of Pakistan Shehbaz Sharif",
            # "the Minister of Trade and Industry, Eng. Hossam Abdel-Rahman, received ..."
            named = self._title_tail(b, mention_at)
            if named is None:
                named = self._title_apposition(b, mention_at)
            if named is not None:
                tail_country = self._tail_country(b, named.start)
                if title.country is None and tail_country is not None:
                    title = _Title(title.role, title.role_class, tail_country, title.depts, "")
                self._persons[named.person].titles.append(title)
                continue
            # "Serik Zhumangarin, the minister of trade and integration,"
            k = a - 1
            while k >= 0 and self._lower[k] in _DETERMINERS:
                k -= 1
            if k >= 0 and self._possessive[k]:  # "Dmitry Peskov, Putin's spokesman,"
                while k >= 0 and (self._name_word[k] or self._initial[k] or self._words[k] == "."):
                    k -= 1
            before = mention_end.get(k) if k >= 0 and self._words[k] == "," else None
            if before is not None and not before.possessive:
                self._persons[before.person].titles.append(title)
                continue
            refs.append((a, b, title))
        self._title_ref_at: dict[int, tuple[int, int, _Title]] = {}
        extra: list[_Mention] = []
        for a, b, title in refs:
            self._title_ref_at[a] = (a, b, title)
            pid = self._resolve_title(title, a)
            if pid >= 0:
                extra.append(_Mention(a, b, pid, self._possessive[b - 1]))
        allm = sorted(self._mentions + extra, key=lambda m: m.start)
        self._all_mentions = allm
        self._all_starts = [m.start for m in allm]

    def _title_tail(self, b: int, mention_at: dict[int, _Mention]) -> _Mention | None:
        """The name that a title's unlisted tail of capitalised words and places runs into."""
        j = b
        limit = min(self._n, b + _MAX_TITLE_TAIL)
        while j < limit and self._para[j] == self._para[b - 1]:
            found = mention_at.get(j)
            if found is not None:
                return found if j > b else None
            lowered = self._lower[j]
            if self._possessive[j] or not self._is_word[j]:
                return None
            if not (
                lowered in _TAIL_LINKS
                or self._kind(j) in ("place", "qualifier", "institution", "title")
                or (self._words[j][0].isupper() and lowered not in self._lower_vocab)
            ):
                return None
            j += 1
        return None

    def _title_apposition(self, b: int, mention_at: dict[int, _Mention]) -> _Mention | None:
        """A name set off by commas after its title: "the Minister, Eng. Ahmed Samir, said"."""
        if b >= self._n or self._words[b] != ",":
            return None
        j = b + 1
        if j < self._n and self._kind(j) == "honorific":
            j = max(self._tag_end[j], j + 1)
            if j < self._n and self._words[j] == ".":
                j += 1
        found = mention_at.get(j)
        if found is None or found.possessive or self._para[j] != self._para[b]:
            return None
        closes = found.end >= self._n or self._words[found.end] in (",", ".", ";")
        return found if closes else None

    def _tail_country(self, a: int, b: int) -> str | None:
        for k in range(a, b):
            tag = self._tags[k]
            if tag is not None and tag.kind == "place" and len(tag.group) == 3:
                return tag.group
        return None

    def _resolve_title(self, ref: _Title, at: int) -> int:
        """The person whose title fits best; among equals, the one named last before `at`.

        When equals share that last sentence ("President X held talks with President Y"), the
        first of them, its subject, is the one a later "the Head of State" goes on with.
        """
        best = -1.0
        tied: list[int] = []
        for pid, person in enumerate(self._persons):
            score = max((_title_score(ref, t) for t in person.titles), default=-1.0)
            if score < 0 or score < best:
                continue
            if score > best:
                best, tied = score, []
            tied.append(pid)
        if len(tied) <= 1:
            return tied[0] if tied else -1
        last = {pid: self._last_mention_before(pid, at) for pid in tied}
        latest = max(tied, key=lambda pid: last[pid])
        if last[latest] < 0:
            return latest
        sentence = self._sent_start[last[latest]]
        k = bisect.bisect_left(self._mention_starts, sentence)
        while k < len(self._mentions) and self._mentions[k].start < last[latest]:
            m = self._mentions[k]
            if m.person in last and not m.possessive:
                return m.person
            k += 1
        return latest

    def _last_mention_before(self, pid: int, at: int) -> int:
        k = bisect.bisect_left(self._mention_starts, at) - 1
        while k >= 0:
            if self._mentions[k].person == pid:
                return self._mentions[k].start
            k -= 1
        return -1

    def _guess_genders(self) -> None:
        for m in self._mentions:
            person = self._persons[m.person]
            if person.gender:
                continue
            k = m.start - 1
            if k >= 0 and self._words[k] == ".":
                k -= 1
            tag = self._tags[k] if k >= 0 else None
            if tag is not None and tag.kind == "honorific" and tag.gender:
                person.gender = tag.gender
        for person in self._persons:
            if person.gender:
                continue
            gendered = [t.gender for t in person.titles if t.gender]
            surname = person.surname
            if gendered:
                person.gender = gendered[0]
            elif len(surname) > 4 and surname.endswith(_FEMALE_SURNAME):
                person.gender = "f"
            elif len(surname) > 3 and surname.endswith(_MALE_SURNAME):
                person.gender = "m"

    def _resolve_pronoun(self, at: int, gender: str) -> int:
        """The last fitting person named before `at`; in an earlier sentence, its subject.

        "Tokayev met Putin. 'Trade grew,' he said." is Tokayev's: a pronoun that opens a new
        sentence usually continues the previous sentence's subject, not its object.
        """
        own_quote = self._quote[at]

        def fits(m: _Mention) -> bool:
            q = self._quote[m.start]
            if q >= 0 and q != own_quote:
                return False
            return self._persons[m.person].gender in ("", gender)

        k = bisect.bisect_left(self._all_starts, at) - 1
        while k >= 0 and not fits(self._all_mentions[k]):
            k -= 1
        if k < 0:
            return -1
        last = self._all_mentions[k]
        sentence = self._sent_start[last.start]
        if sentence == self._sent_start[at]:
            return last.person
        while k > 0 and self._sent_start[self._all_mentions[k - 1].start] == sentence:
            k -= 1
        for m in self._all_mentions[k:]:
            if m.start > last.start:
                break
            if fits(m) and not m.possessive:
                return m.person
        return last.person

    # ---------------------------------------------------------------- cues

    def _find_cues(self) -> list[_Cue]:
        cues: list[_Cue] = []
        firsts = _CUES.first_words
        lowered = self._lower
        i = 0
        while i < self._n:
            if lowered[i] not in firsts or self._quote[i] >= 0:
                i += 1
                continue
            hit = _CUES.match(lowered, i)
            if hit is None:
                i += 1
                continue
            end, entry = hit
            if entry.kind == "verb" and not self._words[i][0].islower():
                i += 1
                continue
            if entry.kind == "prep":
                who = self._classify(end, self._clause_end(end), allow_possessive=True)
            else:
                who = self._verb_subject(i, end, entry)
            cues.append(_Cue(i, end, entry.kind, who))
            i = end
        return cues

    def _is_boundary(self, i: int) -> bool:
        word = self._words[i]
        if word in _BOUNDARY:
            return True
        return (word in _FINAL and not self._is_abbreviation(i)) or self._lower[i] == "that"

    def _piece_start(self, end: int) -> int:
        """First token of the clause piece that ends just before `end`."""
        floor = self._sent_start[end] if end < self._n else self._sent_start[end - 1]
        j = end
        while j - 1 >= floor and not self._is_boundary(j - 1):
            j -= 1
        return j

    def _clause_end(self, start: int) -> int:
        j = start
        limit = min(self._n, start + 10)
        while j < limit and not self._is_boundary(j) and self._para[j] == self._para[start]:
            if j > start and self._lower[j] in _CLAUSE_STOPS:
                break
            j += 1
        return j

    def _verb_subject(self, start: int, end: int, entry: _Entry) -> _Who:
        j = self._piece_start(start)
        who = self._classify(j, start, allow_possessive=False)
        if who[0] != "empty":
            return who
        boundary = self._words[j - 1] if j > self._sent_start[start] else ""
        if (
            entry.inverts
            and boundary in ("", ",", "”", '"', "»", "—", "–", "-", ":")
            and end < self._n
            and self._lower[end] != "that"
        ):
            after = self._classify(end, self._clause_end(end), allow_possessive=False)
            if after[0] in ("person", "unresolved", "institution"):
                return after
        # "Serik Zhumangarin, the minister of trade, said": look back over parentheticals
        floor = self._sent_start[start]
        fallback = _OTHER
        for _ in range(3):
            if j - 1 < floor or self._words[j - 1] != ",":
                break
            k = self._piece_start(j - 1)
            if k < j - 1 and self._lower[k] in _RELATIVES:
                j = k  # ", who met Putin in July," describes the subject; it is not one
                continue
            who = self._classify(k, j - 1, allow_possessive=False)
            if who[0] in ("person", "institution"):
                return who
            if who[0] == "unresolved":
                fallback = who  # a bare title in apposition: the name may stand before it
            j = k
        return fallback

    def _classify(self, a: int, b: int, *, allow_possessive: bool) -> _Who:
        """What a clause piece names: a person, an institution, something else or nothing."""
        if a >= b:
            return _EMPTY
        k = bisect.bisect_left(self._mention_starts, a)
        while k < len(self._mentions) and self._mentions[k].start < b:
            m = self._mentions[k]
            k += 1
            if m.end > b or (m.possessive and not allow_possessive):
                continue
            if m.start > a and self._lower[m.start - 1] in _PREPOSITIONS:
                continue
            return ("person", m.person)
        content = False
        institution = False
        titled = False
        i = a
        while i < b:
            lowered = self._lower[i]
            gender = _PRONOUNS.get(lowered, "")
            if gender and i > a and self._lower[i - 1] in _PREPOSITIONS:
                gender = ""
            if not gender and allow_possessive and i == a:
                gender = _OBJECT_PRONOUNS.get(lowered, "")
            if gender:
                pid = self._resolve_pronoun(i, gender)
                return ("person", pid) if pid >= 0 else ("unresolved", -1)
            ref = self._title_ref_at.get(i)
            if (
                ref is not None
                and not institution  # "the Statistics Agency under the President of Uzbekistan"
                and (allow_possessive or not self._possessive[ref[1] - 1])
            ):
                pid = self._resolve_title(ref[2], i)
                return ("person", pid) if pid >= 0 else ("unresolved", -1)
            kind = self._kind(i)
            if kind == "institution" and not titled:
                institution = True
            elif kind == "title":
                # "a spokesman for the Ministry of Trade" describes a person, not the ministry
                titled = True
            if self._is_word[i]:
                filler = _FILLERS.match(self._lower, i)
                if filler is not None:
                    i = filler[0]
                    continue
                if lowered not in _DETERMINERS:
                    content = True
            i += 1
        if institution:
            return ("institution", -1)
        if titled:
            return ("unresolved", -1)
        return _OTHER if content else _EMPTY

    # -------------------------------------------------------------- quotes

    def _attribute_quotes(self) -> list[_Who]:
        cue_starts = [c.start for c in self._cues]
        first_tok: list[int] = []
        last_tok: list[int] = []
        for a, b in self._blocks:
            lo = bisect.bisect_left(self._starts, a)
            hi = bisect.bisect_left(self._starts, b)
            first_tok.append(lo)  # the opening mark
            last_tok.append(hi)  # the closing mark, or the first token after the block
        found: list[_Who | None] = []
        for q in range(len(self._blocks)):
            who = self._attribution_after(q, last_tok[q], cue_starts)
            if who is None:
                who = self._attribution_before(first_tok[q], cue_starts)
            found.append(who)
        # an unattributed block borrows from its neighbours in the same paragraph, then from
        # the paragraph before ("Putin said:" / a quote paragraph by the same speaker)
        result: list[_Who] = []
        for q, who in enumerate(found):
            if who is None:
                who = self._borrow(q, found, first_tok)
            result.append(who if who is not None else _OTHER)
        return result

    def _attribution_after(self, q: int, close: int, cue_starts: list[int]) -> _Who | None:
        if not self._block_closed[q] or close >= self._n:
            return None
        para = self._para[min(close, self._n - 1)]
        k = bisect.bisect_left(cue_starts, close + 1)
        if k >= len(self._cues):
            return None
        cue = self._cues[k]
        if cue.start > close + _AFTER_QUOTE_WINDOW:
            return None
        for i in range(close + 1, cue.start):
            if (
                self._para[i] != para
                or self._words[i] in _QUOTE_GLYPHS
                or (self._words[i] in _FINAL and not self._is_abbreviation(i) and i > close + 1)
                or self._lower[i] in ("who", "which", "where")
            ):
                return None
        if close + 1 < self._n and self._words[close + 1] in _FINAL:
            return None
        return cue.who

    def _attribution_before(self, open_mark: int, cue_starts: list[int]) -> _Who | None:
        k = bisect.bisect_left(cue_starts, open_mark) - 1
        if k < 0:
            return None
        cue = self._cues[k]
        para = self._para[min(open_mark, self._n - 1)]
        for i in range(cue.end, min(open_mark, self._n)):
            if (
                self._para[i] != para
                or (self._words[i] in _FINAL and not self._is_abbreviation(i))
                or self._words[i] in _QUOTE_GLYPHS
            ):
                return None
        if cue.start < self._n and self._para[cue.start] != para:
            return None
        return cue.who

    def _borrow(self, q: int, found: list[_Who | None], first_tok: list[int]) -> _Who | None:
        para = self._para[min(first_tok[q], self._n - 1)] if self._n else 0
        same = [
            p
            for p in range(len(found))
            if p != q
            and found[p] is not None
            and self._para[min(first_tok[p], self._n - 1)] == para
        ]
        if same:
            before = [p for p in same if p < q]
            return found[before[-1] if before else same[0]]
        # the paragraph just before ends with a colon after a cue, or is a quote by a person
        start = first_tok[q]
        prev = start - 1
        while prev >= 0 and self._para[prev] == para:
            prev -= 1
        if prev < 0:
            return None
        if self._words[prev] == ":":
            k = bisect.bisect_left([c.start for c in self._cues], prev) - 1
            if k >= 0 and self._para[self._cues[k].start] == self._para[prev]:
                return self._cues[k].who
        prev_para = self._para[prev]
        earlier = [p for p in range(q) if self._para[min(first_tok[p], self._n - 1)] == prev_para]
        if earlier and start < self._n and self._words[start] in _QUOTE_GLYPHS:
            who = found[earlier[-1]]
            if who is not None and who[0] == "person":
                return who
        return None

    # ------------------------------------------------- reported continuation

    def _reported_continuations(self) -> dict[int, _Who]:
        """Sentences that go on with the reported speech their paragraph opened with.

        "The Minister stated that trade reached $5.8 billion. Exports to India reached $2.1
        billion." A later sentence of the paragraph is the same person's while it has no quote
        and no source of its own; the first one that has either ends the run.
        """
        carried: dict[int, _Who] = {}
        k = 0
        cues = self._cues
        carry: _Who | None = None
        i = 0
        while i < self._n:
            start = i
            while i < self._n and self._sent_start[i] == start:
                i += 1
            own = []
            while k < len(cues) and cues[k].start < i:
                if cues[k].start >= start:
                    own.append(cues[k])
                k += 1
            quoted = any(self._quote[j] >= 0 or self._words[j] in _QUOTE_GLYPHS
                         for j in range(start, i))  # fmt: skip
            if start == 0 or self._para[start] != self._para[start - 1]:
                carry = None
                if own and not quoted and self._opens_reported_speech(own[0], i):
                    carry = own[0].who
            elif carry is not None:
                if own or quoted:
                    carry = None
                else:
                    carried[start] = carry
        return carried

    def _opens_reported_speech(self, cue: _Cue, end: int) -> bool:
        """A person's speech verb followed by "that": "The Minister stated on Monday that"."""
        if cue.kind != "verb" or cue.who[0] != "person":
            return False
        for j in range(cue.end, min(end, cue.end + _REPORTED_WINDOW)):
            if self._lower[j] == "that":
                return True
            if self._words[j] in _BOUNDARY or self._words[j] in _FINAL:
                return False
        return False

    # ---------------------------------------------------------- interviews

    def _paragraph_labels(self) -> dict[int, _Who]:
        """Interview paragraphs: "Q:" is the outlet's voice, "A:" or "Name:" the speaker's."""
        labels: dict[int, _Who] = {}
        interviewee: _Who | None = None
        mention_at = {m.start: m for m in self._mentions}
        firsts = [i for i in range(self._n) if i == 0 or self._para[i] != self._para[i - 1]]
        for i in firsts:
            para = self._para[i]
            m = mention_at.get(i)
            colon = m.end if m is not None else i + 1
            if colon < self._n and self._words[colon] == ":" and self._para[colon] == para:
                lowered = self._lower[i]
                if m is not None:
                    labels[para] = ("person", m.person)
                elif lowered in _QA_INTERVIEWER:
                    labels[para] = _OTHER
                    if interviewee is None:
                        interviewee = self._first_person_before(i)
                elif lowered in _QA_INTERVIEWEE:
                    if interviewee is None:
                        interviewee = self._first_person_before(i)
                    labels[para] = interviewee
        if not labels:
            labels = self._unlabelled_interview(firsts)
        return labels

    def _unlabelled_interview(self, firsts: list[int]) -> dict[int, _Who]:
        """An interview whose questions stand alone as paragraphs ("What is the target?").

        It needs the article to call itself an interview and at least two such questions;
        the answers between them are the person named before the first question.
        """
        if not firsts:
            return {}
        ends = [*firsts[1:], self._n]
        questions = [
            k
            for k, (a, b) in enumerate(zip(firsts, ends, strict=True))
            if self._words[b - 1] == "?"
            and b - a <= _MAX_QUESTION
            and not any(self._words[j] in _QUOTE_GLYPHS for j in range(a, b))
        ]
        if len(questions) < _MIN_QUESTIONS:
            return {}
        if not any(
            _INTERVIEW.match(self._lower, i)
            for i in range(self._n)
            if self._lower[i] in _INTERVIEW.first_words
        ):
            return {}
        interviewee = self._first_person_before(firsts[questions[0]])
        if interviewee[0] != "person":
            return {}
        labels: dict[int, _Who] = {}
        for n, k in enumerate(questions):
            labels[self._para[firsts[k]]] = _OTHER
            # the last answer is taken to be one paragraph: what follows is the outlet's again
            stop = questions[n + 1] if n + 1 < len(questions) else min(k + 2, len(firsts))
            for answer in range(k + 1, stop):
                labels[self._para[firsts[answer]]] = interviewee
        return labels

    def _first_person_before(self, at: int) -> _Who:
        for m in self._mentions:
            if m.start >= at:
                break
            if self._quote[m.start] < 0:
                return ("person", m.person)
        return _OTHER


def _looks_like_organisation(word: str) -> bool:
    """A one-word body by its shape: "Geostat", "Sberbank", "Kazatomprom"."""
    lowered = word.lower()
    return any(len(lowered) > len(sfx) + 2 and lowered.endswith(sfx) for sfx in _ORG_SUFFIXES)


def _title_score(ref: _Title, known: _Title) -> float:
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
