"""Stage: who states each claim.

The speakers grammar (`app/extract/speakers/`) reads the article once: person names,
official titles linked to the names they introduce, quotations and reporting cues. This stage
asks it, per sentence with a claim, for the person behind the sentence and the rule that
decided, and writes that rule's id on the sentence's claims; "speaker:none" (the article's
own voice) goes to the trace only, as every claim without a rule of its own would carry it.
"""

from __future__ import annotations

from app.extract.rules import Rule
from app.extract.speakers import RULES as SPEAKER_RULES
from app.extract.speakers import SpeakerResolver
from app.extract.speakers.attribution import NONE
from app.extract.stages.article import Article

RULES: tuple[Rule[object, object], ...] = SPEAKER_RULES


def speakers(art: Article) -> None:
    if not any(art.drafts.values()):
        return
    resolver = SpeakerResolver(art.text, art.doc.sentences, tokens=art.doc.tokens)
    for index, drafts in art.drafts.items():
        if not drafts:
            continue
        span = art.doc.sentences[index]
        who, rule = resolver.speaker_and_rule(span)
        if rule == NONE:
            art.note(rule, span.start)
        for d in drafts:
            d.speaker = who
            if rule != NONE:
                d.rules.append(rule)
