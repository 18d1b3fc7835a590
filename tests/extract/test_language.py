"""Which language an article is read in, and the language-aware tables (stems, classes)."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from app.extract import extract
from app.extract.language import current, detect_language, reading
from app.extract.lexicon import lexicon
from app.extract.tables import stem_candidates
from app.extract.text import Document, sentences
from app.extract.words import in_class, seq, word

CASES = [
    ("Trade between Kazakhstan and Russia reached $28 billion in 2023, the ministry said.", "en"),
    ("Товарооборот между Россией и Казахстаном в 2023 году составил 28 млрд долларов.", "ru"),
    # English with a Russian name in it is English
    ("Alexei Overchuk (Алексей Оверчук) said trade with China grew 12% last year.", "en"),
    # Ukrainian: letters Russian does not have
    ("Товарообіг між Україною та Польщею зріс на 12% і склав 10 млрд доларів.", "cyrillic"),
    # Kazakh
    (
        "Қазақстан мен Ресей арасындағы тауар айналымы 28 млрд долларға жетті деп хабарлады.",
        "cyrillic",
    ),
    # Bulgarian: no letters of its own, but its common words are not Russian
    (
        "Търговията между България и Русия се е увеличила, съобщи министърът, че ще расте.",
        "cyrillic",
    ),
    ("12 345 — 2023", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1] or "none" for c in CASES])
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_an_article_in_a_language_the_engine_does_not_read_gives_no_claims() -> None:
    text = "Товарообіг між Україною та Польщею зріс на 12% і склав 10 млрд доларів у 2023 році."
    result = extract(text, published_at=date(2024, 1, 10), trace=True)
    assert result.claims == []
    assert result.language is None
    assert ("gate:language", 0) in result.trace
    assert result.published is not None and result.published.value == date(2024, 1, 10)


def test_an_english_article_is_read_as_english() -> None:
    result = extract("Trade between Kazakhstan and Russia reached $28 billion in 2023.")
    assert result.language == "en"
    assert [c.value for c in result.claims] == [28e9]


def test_reading_sets_the_language_for_its_own_context_only() -> None:
    seen: list[str] = []

    def other() -> None:
        seen.append(current())

    with reading("ru"):
        assert current() == "ru"
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert current() == "en"
    assert seen == ["en"]


def test_a_stem_stands_for_its_forms() -> None:
    assert "товарооборот" in stem_candidates("товарооборота", "ru")
    assert "увеличи" in stem_candidates("увеличились", "ru")
    assert stem_candidates("trade", "en") == []


def test_word_classes_answer_in_the_language_being_read() -> None:
    to_prep, between = in_class("to_prep"), seq("between")
    assert to_prep("to") and not to_prep("в")
    assert between.fullmatch(["between"])
    with reading("ru"):
        assert to_prep("в") and not to_prep("to")
        assert between.fullmatch(["между"]) and not between.fullmatch(["between"])
        # a stem word of the class: every form of "увеличиться"
        assert in_class("change_past")("увеличилась")
        assert word("change_past").fullmatch(["увеличился"])
    assert between.fullmatch(["between"])


def test_the_russian_lexicon_reads_every_form_of_a_stem_phrase() -> None:
    doc = Document(
        "Объёма взаимной торговли не хватало; товарооборотом занялись, а товарооборот вырос.",
        "ru",
    )
    hits = lexicon("ru").scan(doc.text, doc.tokens)
    assert [h.key for h in hits.of("turnover")] == [
        "объёма взаимной торговли",
        "товарооборотом",
        "товарооборот",
    ]
    # whole words only: "торговли" inside the longer phrase is not a second turnover hit,
    # and "торгово-экономический" holds no "торгов*"
    doc = Document("Торгово-экономическое сотрудничество.", "ru")
    assert not lexicon("ru").scan(doc.text, doc.tokens).of("turnover")


def test_no_sentence_boundary_without_a_space() -> None:
    """The splitter cuts "Sino-U.S." after "U." (it knows "U.S." only as a word of its own);
    two sentences with no space between are one."""
    text = (
        "China ranked third, with Sino-U.S. trade worth $402.3 billion between January and "
        "July. The U.S. Department said so."
    )
    spans = sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "China ranked third, with Sino-U.S. trade worth $402.3 billion between January and July.",
        "The U.S. Department said so.",
    ]
