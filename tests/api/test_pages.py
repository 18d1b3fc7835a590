"""The pages for people: `/` lists the pairs, `/pairs/{a}/{b}` holds every claim of the
pair in a table (with JavaScript off, that is the page) and a chart that the browser draws
with the vendored Observable Plot, checked in a real headless Chromium that can reach
nothing but 127.0.0.1."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import post
from tests.api.test_docs import chromium, render  # noqa: F401  (the fixture)

ARTICLES = [
    ("Trade turnover between Kazakhstan and Russia reached $26 billion in 2022.", "akorda"),
    ("Trade between Russia and Kazakhstan totalled $27 billion in 2022.", "tass"),
    ("Trade between Russia and Kazakhstan came to 1.5 trillion rubles in 2021.", "rbc"),
    ("Trade turnover between Kazakhstan and Russia reached $26 billion in 2021.", "kazinform"),
    ("Trade turnover between Kazakhstan and Russia exceeded $20 billion in 2020.", "akorda"),
    ("Trade turnover between Kazakhstan and Russia grew 10% in 2021.", "kazinform"),
    ("Kazakhstan's exports to Russia reached $9 billion in 2022, the ministry said.", "wire"),
]
OFFICIAL = (
    "reporter,partner,flow,period_start,period_end,value,currency,source\n"
    "KAZ,RUS,turnover,2021-01-01,2021-12-31,24000000000,USD,UN Comtrade\n"
    "KAZ,RUS,turnover,2022-01-01,2022-12-31,26800000000,USD,UN Comtrade\n"
)


@pytest.fixture
def pair(client: httpx.Client) -> httpx.Client:
    for i, (text, source) in enumerate(ARTICLES):
        post(client, text, f"2023-0{i + 1}-01", source=source, url=f"https://{source}.ex/{i}")
    r = client.post("/v1/official", content=OFFICIAL, headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    return client


class Cells(HTMLParser):
    """The rows of the claims table, and the elements inside #chart, each with the class of
    the mark (the <g> that Plot draws a mark into) it belongs to."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.marks: list[tuple[str, dict[str, str | None]]] = []
        self._chart_depth = 0
        self._labels: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and (a.get("class") or "").startswith("claim"):
            self.rows.append(a["data-claim-id"] or "")
        if a.get("id") == "chart":
            self._chart_depth = 1
        elif self._chart_depth and tag not in ("br", "img", "input"):
            self._chart_depth += 1
            label = a.get("class") if tag == "g" else None
            self._labels.append(label)
            inherited = next((x for x in reversed(self._labels) if x), None)
            self.marks.append((tag, {**a, "mark": inherited}))

    def handle_endtag(self, tag: str) -> None:
        if self._chart_depth:
            self._chart_depth -= 1
            if self._labels:
                self._labels.pop()


def claim_ids(client: httpx.Client) -> list[str]:
    items = client.get("/v1/claims", params={"country": "KAZ", "partner": "RUS"}).json()
    return sorted(str(c["id"]) for c in items["items"])


def test_the_index_lists_the_pairs_with_links(pair: httpx.Client) -> None:
    r = pair.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'href="/pairs/KAZ/RUS"' in r.text and "Kazakhstan" in r.text


def test_without_javascript_the_table_holds_every_claim(pair: httpx.Client) -> None:
    r = pair.get("/pairs/russia/kz")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = Cells()
    page.feed(r.text)
    assert sorted(page.rows) == claim_ids(pair) and len(page.rows) == len(ARTICLES)
    # the figure inside <mark>, in its sentence, with the speaker-less source linked
    assert "reached <mark>$26 billion</mark> in 2022." in r.text
    assert 'href="https://akorda.ex/0"' in r.text
    assert "1.5 trillion rubles" in r.text and "period average" in r.text  # converted
    assert not re.search(r"(src|href)=[\"']https?://(?!127\.0\.0\.1)[^\"']*\.js", r.text)
    for asset in ("/static/vendor/d3.min.js", "/static/vendor/plot.umd.min.js", "/static/pair.js"):
        assert f'src="{asset}"' in r.text
        assert pair.get(asset).status_code == 200


def test_an_unknown_pair_is_a_404_page(client: httpx.Client) -> None:
    r = client.get("/pairs/KAZ/Narnia")
    assert r.status_code == 404 and "Narnia" in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_the_evidence_is_escaped(client: httpx.Client) -> None:
    post(client, "<b>Trade</b> turnover between Kazakhstan and Russia reached $26 billion in 2022.")
    r = client.get("/pairs/KAZ/RUS")
    assert "&lt;b&gt;Trade&lt;/b&gt;" in r.text and "<b>Trade</b>" not in r.text


def test_the_browser_draws_one_mark_per_claimed_period(
    chromium: str,  # noqa: F811
    pair: httpx.Client,
    tmp_path: Path,
) -> None:
    base = str(pair.base_url).rstrip("/")
    dom = render(chromium, f"{base}/pairs/KAZ/RUS", tmp_path / "profile")
    page = Cells()
    page.feed(dom)
    assert 'data-drawn="true"' in dom, dom[:3000]
    series = pair.get("/v1/pairs/KAZ/RUS/series", params={"unit": "USD"}).json()
    periods = [p["label"] for p in series["points"]]
    assert periods == ["2020", "2021", "2022"]
    ranges = [a for tag, a in page.marks if tag == "line" and a["mark"] == "claimed-range"]
    assert len(ranges) == len(periods)
    # each source a dot: 2020 akorda; 2021 rbc and kazinform; 2022 akorda and tass
    dots = [a for tag, a in page.marks if tag == "circle" and a["mark"] == "source"]
    assert len(dots) == sum(p["sources"] for p in series["points"]) == 5
    # the official line, and the contradiction of 2021 (rubles at $20.4bn against $26bn)
    assert any(a["mark"] == "official" for tag, a in page.marks if tag == "path")
    rings = [a for tag, a in page.marks if tag == "circle" and a["mark"] == "contradiction"]
    assert len(rings) == 1
    # and below it, still every claim
    assert sorted(page.rows) == claim_ids(pair)
