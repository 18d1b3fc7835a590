"""Stage: who states each claim.

The speakers grammar (`app/extract/speakers.py`) reads the article once: person names,
official titles linked to the names they introduce, quotations and reporting cues. This stage
asks it, per sentence with a claim, for the person behind the sentence.
"""

from __future__ import annotations

from app.extract.rules import Rule
from app.extract.speakers import SpeakerResolver
from app.extract.stages.article import Article

RULES: tuple[Rule[object, object], ...] = (
    Rule(
        "speaker:person",
        "the person behind a quote or a reporting verb, by full name",
        "Trade turnover between Kazakhstan and Russia grew 5% to $26 billion, Kazakh Trade "
        "Minister Serik Zhumangarin said.",
    ),
)


def speakers(art: Article) -> None:
    if not any(art.drafts.values()):
        return
    resolver = SpeakerResolver(art.text, art.doc.sentences)
    for index, drafts in art.drafts.items():
        if not drafts:
            continue
        who = resolver.speaker_for(art.doc.sentences[index])
        for d in drafts:
            d.speaker = who
            if who is not None:
                d.rules.append("speaker:person")
