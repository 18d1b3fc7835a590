"""Who states a sentence of a Russian article, by the Latin name English-language wires give.

The contract of the English `app.extract.speakers`: one `SpeakerResolver` per article, asked
per sentence; `speaker_and_rule` gives the Latin name ("Alexei Overchuk") or None (the
article's own voice, a body, several people or no one named) and the id of the rule that
decided (`RULES`); `original_for` gives the same person's name in Russian, in the nominative,
as the article writes it ("Алексей Оверчук"). Building it reads the article once:

1. words.py        the English word view (tokens, paragraphs, sentences), with Russian tags;
2. quotes          quoted blocks and dashed direct speech, by the English quotes step;
3. persons.py      names, put in the nominative, their gender, and the titles linked to them;
4. cues.py         reporting verbs, "по словам" phrases, impersonal forms, and their subjects;
5. attribution.py  labels, quotations, back-references, reported speech carried on, and the
                   answer for one sentence;
6. latin.py        the wire spelling of a name.

The word tables live in data/ru/ (vocabulary.py loads them). Everything here is a heuristic:
where the text is ambiguous or malformed the answer degrades to None rather than raising.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.extract.ru.speakers import attribution, cues
from app.extract.ru.speakers.cues import RuReading
from app.extract.ru.speakers.latin import latin_name
from app.extract.ru.speakers.persons import find_persons, introduced_singles, link_titles
from app.extract.ru.speakers.words import hyphens_as_dashes, read_ru_words
from app.extract.rules import Rule
from app.extract.speakers.quotes import find_quotes
from app.extract.text import Tokens
from app.extract.types import Span

__all__ = ["NONE", "RULES", "SpeakerResolver"]

NONE = attribution.NONE
RULES: tuple[Rule[object, object], ...] = attribution.RULES + cues.RULES


class SpeakerResolver:
    """Answers, per sentence of one Russian article, which named person states it."""

    def __init__(
        self, text: str, sentences: Sequence[Span], *, tokens: Tokens | None = None
    ) -> None:
        """`sentences` are the caller's sentence spans (their starts also start ours);
        `tokens`, when given, are the Document's tokens of this very text."""
        rw = read_ru_words(text, sentences, tokens)
        quotes = find_quotes(hyphens_as_dashes(rw.w))
        people = find_persons(rw, introduced_singles(rw))
        bare = link_titles(rw, people)
        self._reading = RuReading(rw, quotes, people, bare)
        self._attribution = attribution.attribute(self._reading)

    def _decide(self, sentence: Span) -> tuple[int, str]:
        who, rule = attribution.speaker_of(self._reading, self._attribution, sentence)
        return (who.person if who.kind == "person" else -1), rule

    def speaker_for(self, sentence: Span) -> str | None:
        return self.speaker_and_rule(sentence)[0]

    def speaker_and_rule(self, sentence: Span) -> tuple[str | None, str]:
        """The Latin name of the person who states `sentence` (None: the article's own
        voice, a body, several people or no one named), and the id of the rule that decided."""
        pid, rule = self._decide(sentence)
        return (latin_name(self._reading.rp.people.name(pid)) if pid >= 0 else None), rule

    def original_for(self, sentence: Span) -> str | None:
        """The same person's name in Russian, in the nominative ("Алексей Оверчук")."""
        pid, _ = self._decide(sentence)
        return self._reading.rp.people.name(pid) if pid >= 0 else None
