"""The Russian word view: the English grammar's tokens, with the Russian lexicon's tags.

`read_ru_words` takes the English `Words` (tokens, paragraphs, sentence starts: the same for
either language) and adds, per token, the Russian phrase it is part of (a title, qualifier,
institution, place or honorific, in whatever case it stands), and whether it may be a word of a
person's name: a capitalised Cyrillic word that no table lists, or an initial ("А." of
"А. Оверчук").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from app.extract.ru.speakers.vocabulary import NON_NAME, WORD_FORMS, WORDS, Form, WordForm
from app.extract.speakers.tokens import Words, read_words
from app.extract.speakers.vocabulary import Entry
from app.extract.text import Tokens
from app.extract.types import Span


@dataclass(slots=True)
class RuWords:
    """One article's tokens (`w`, the English word view) and their Russian tags, by index."""

    w: Words
    tags: list[Entry | None]  # the listed phrase the token is part of
    tag_end: list[int]  # the token after that phrase
    forms: list[WordForm | None]  # that phrase's lemma, cases and number
    kinds: list[str]  # the tag's kind, or ""
    name_word: list[bool]  # may be a word of a person's name
    initial: list[bool]  # "А" of "А. Оверчук"

    def kind(self, i: int) -> str:
        return self.kinds[i] if 0 <= i < len(self.kinds) else ""

    def cases(self, i: int) -> Form | None:
        """The form of the phrase that token `i` is part of."""
        found = self.forms[i] if 0 <= i < len(self.forms) else None
        return found.form if found is not None else None


def is_cyrillic_capital(word: str) -> bool:
    return bool(word) and ("А" <= word[0] <= "Я" or word[0] == "Ё")


def read_ru_words(text: str, sentences: Sequence[Span], tokens: Tokens | None = None) -> RuWords:
    w = read_words(text, sentences, tokens)
    n = w.n
    tags: list[Entry | None] = [None] * n
    tag_end = [0] * n
    forms: list[WordForm | None] = [None] * n
    lowered = w.lower
    firsts = WORDS.first_words
    i = 0
    while i < n:
        hit = WORDS.match(lowered, i) if lowered[i] in firsts else None
        if hit is None:
            i += 1
            continue
        end, entry = hit
        form = WORD_FORMS.get(tuple(lowered[i:end]))
        for j in range(i, end):
            tags[j] = entry
            tag_end[j] = end
            forms[j] = form
        i = end
    kinds = [tag.kind if tag is not None else "" for tag in tags]
    words, starts, ends = w.words, w.starts, w.ends
    initial = [
        len(word) == 1
        and is_cyrillic_capital(word)
        and k + 2 < n
        and words[k + 1] == "."
        and ends[k] == starts[k + 1]
        for k, word in enumerate(words)
    ]
    name_word = [
        is_cyrillic_capital(word)
        and len(word) > 1
        and not word.isupper()
        and tags[k] is None
        and lowered[k] not in NON_NAME
        for k, word in enumerate(words)
    ]
    return RuWords(w, tags, tag_end, forms, kinds, name_word, initial)


# A hyphen that sets off direct speech, as many Russian sites type the dash: at a paragraph's
# start ("- Мы видим рост, - сообщил он") or after the speech's last mark.
_SPEECH_HYPHEN: Final = re.compile(r"(?:^[ \t]*|(?<=[,.!?…])[ \t]*)(-)(?=[ \t]+\S)", re.MULTILINE)


def hyphens_as_dashes(w: Words) -> Words:
    """The word view with such hyphens read as en dashes, for the English quotation step
    (which knows dashed speech by its dashes). The text keeps its length, so every offset
    holds; the tokens are the same."""
    if "- " not in w.text:
        return w
    text = _SPEECH_HYPHEN.sub(lambda m: m.group()[:-1] + "\u2013", w.text)
    return dataclasses.replace(w, text=text)
