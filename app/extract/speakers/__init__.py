"""Who states a sentence: the person behind a quote or a reporting verb, by full name.

One `SpeakerResolver` per article. Building it reads the article once, step by step, each
step a module of this package:

1. tokens.py      the word view: tokens, possessives, paragraphs, sentence starts, word tags;
2. quotes.py      quoted blocks, and direct speech set off by dashes;
3. persons.py     person names and their mentions;
4. titles.py      official titles linked to the names they introduce, and bare titles;
   persons.py     then each person's gender, for the pronouns;
5. cues.py        reporting cues ("said", "according to") and who each one names;
6. attribution.py every quotation's speaker, reported speech carried on, interview labels,
                  and the answer for one sentence.

`speaker_for` then only looks up what was found inside the queried span, so querying every
sentence of an article stays cheap; `speaker_and_rule` also gives the id of the rule that
decided (`RULES` lists them all). The word lists live in data/ (vocabulary.py says which).
Everything here is a heuristic: where the text is ambiguous or malformed the answer degrades
to None (the article's own voice) rather than raising.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.extract.rules import Rule
from app.extract.speakers import attribution, cues
from app.extract.speakers.attribution import NONE
from app.extract.speakers.persons import find_persons, guess_genders
from app.extract.speakers.quotes import find_quotes
from app.extract.speakers.titles import link_titles
from app.extract.speakers.tokens import read_words
from app.extract.text import Tokens
from app.extract.types import Span

__all__ = ["NONE", "RULES", "SpeakerResolver"]

# attribution.py's rules (labels, quotations, reported speech, none) and cues.py's (reporting
# verbs and what their subject is: a title, a pronoun, a body ...), for RULES.md
RULES: tuple[Rule[object, object], ...] = attribution.RULES + cues.RULES


class SpeakerResolver:
    """Answers, per sentence of one article, which named person states it."""

    def __init__(
        self, text: str, sentences: Sequence[Span], *, tokens: Tokens | None = None
    ) -> None:
        """`sentences` are the caller's sentence spans (their starts also start ours);
        `tokens`, when given, are the Document's tokens of this very text, so it is not
        tokenised again."""
        words = read_words(text, sentences, tokens)
        quotes = find_quotes(words)
        people = find_persons(words)
        title_refs = link_titles(words, people)
        guess_genders(words, people)
        self._reading = cues.Reading(words, quotes, people, title_refs)
        self._attribution = attribution.attribute(self._reading)

    def speaker_for(self, sentence: Span) -> str | None:
        return self.speaker_and_rule(sentence)[0]

    def speaker_and_rule(self, sentence: Span) -> tuple[str | None, str]:
        """The person who states `sentence` (None: the article's own voice, a body or no one
        named), and the id of the rule that decided."""
        return attribution.speaker_of(self._reading, self._attribution, sentence)
