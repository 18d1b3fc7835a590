"""Stage: who states each claim.

The speakers grammar of the article's language (`app/extract/speakers/` for English) reads
the article once: person names, official titles linked to the names they introduce,
quotations and reporting cues. This stage asks it, per sentence with a claim, for the person
behind the sentence and the rule that decided, and writes that rule's id on the sentence's
claims; the grammar's "none" rule (the article's own voice) goes to the trace only, as every
claim without a rule of its own would carry it.
"""

from __future__ import annotations

from app.extract import grammars
from app.extract.rules import Rule
from app.extract.speakers import RULES as SPEAKER_RULES
from app.extract.stages.article import Article

RULES: tuple[Rule[object, object], ...] = SPEAKER_RULES


def speakers(art: Article) -> None:
    if not any(art.drafts.values()):
        return
    grammar = grammars.speakers()
    resolver = grammar.SpeakerResolver(art.text, art.doc.sentences, tokens=art.doc.tokens)
    original = getattr(resolver, "original_for", None)
    for index, drafts in art.drafts.items():
        if not drafts:
            continue
        span = art.doc.sentences[index]
        who, rule = resolver.speaker_and_rule(span)
        if rule == grammar.NONE:
            art.note(rule, span.start)
        written = original(span) if original is not None and who is not None else None
        for d in drafts:
            d.speaker = who
            d.speaker_original = written
            if rule != grammar.NONE:
                d.rules.append(rule)
