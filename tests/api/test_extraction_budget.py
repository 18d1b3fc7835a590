"""Bounded work per article: extraction reads at most EXTRACT_MAX_CHARS characters, cut at a
paragraph or sentence boundary; the whole text is stored, and the article says whether the
extraction was complete or truncated and where it stopped."""

from __future__ import annotations

import httpx
import pytest

from app.services.ingest import extraction_end

CLAIM = "Trade turnover between Kazakhstan and Russia reached ${n} billion in 20{y}."
FILLER = "The delegations also discussed culture, education and tourism at some length."


def _claim(n: int, year: int) -> str:
    return CLAIM.replace("{n}", str(n)).replace("{y}", str(year))


def test_a_long_article_is_stored_whole_and_extracted_up_to_the_budget(make_client) -> None:  # type: ignore[no-untyped-def]
    c = make_client(extract_max_chars=1000)
    first = _claim(26, 22) + " " + " ".join([FILLER] * 3)
    second = " ".join([FILLER] * 3) + " " + _claim(27, 21)
    third = " ".join([FILLER] * 8) + " " + _claim(99, 19)  # its claim is past the budget
    text = "\n\n".join([first, second, third])
    assert len(first) + len(second) < 1000 < text.index("$99")

    r = c.post("/v1/articles", json={"text": text, "published_at": "2023-02-01T00:00:00Z"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["text"] == text  # stored whole
    assert body["extraction"] == "truncated"
    # it stopped after the last sentence that ends inside the budget
    end = body["extracted_to"]
    assert len(first) + len(second) < end <= 1000
    assert text[:end].endswith("at some length.")
    assert text.find("length.", end) + len("length.") > 1000
    assert sorted(c["value"] for c in body["claims"]) == [26e9, 27e9]  # not the 99 after it
    assert all(c["evidence"]["end"] <= end for c in body["claims"])
    stored = c.get(f"/v1/articles/{body['id']}").json()
    assert (stored["extraction"], stored["extracted_to"]) == ("truncated", end)
    listed = c.get("/v1/articles").json()["items"][0]
    assert (listed["extraction"], listed["extracted_to"]) == ("truncated", end)


def test_a_short_article_is_extracted_completely(client: httpx.Client) -> None:
    text = _claim(26, 22)
    body = client.post("/v1/articles", json={"text": text}).json()
    assert (body["extraction"], body["extracted_to"]) == ("complete", len(text))


LONG_LINE = "One sentence here. Another one there. And more"
TWO_LINES = "One sentence here.\nAnother one there. And more words"


@pytest.mark.parametrize(
    ("text", "budget", "end"),
    [
        pytest.param("abc", 10, 3, id="short-is-whole"),
        pytest.param("One. Two.\n\nThree four five six.", 20, 9, id="paragraph"),
        pytest.param("One. Two.\nThree four five six.", 20, 9, id="line"),
        pytest.param(LONG_LINE, 40, LONG_LINE.index(" And"), id="sentence"),
        pytest.param(TWO_LINES, 45, TWO_LINES.index(" And"), id="sentence-after-a-line"),
        pytest.param("aaaa bbbb cccc dddd", 12, 9, id="word"),
        pytest.param("a" * 50, 20, 20, id="no-boundary-at-all"),
    ],
)
def test_extraction_ends_at_the_last_boundary_inside_the_budget(
    text: str, budget: int, end: int
) -> None:
    assert extraction_end(text, budget) == end
    assert extraction_end(text, None) == len(text)
