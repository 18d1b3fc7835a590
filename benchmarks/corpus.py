"""The benchmark corpora, each the same in every run:

- the long corpus: articles of 300-1,500 words, each one evaluation article
  (`tests/data/eval/{dev,heldout}`) followed by paragraphs of ordinary news prose composed from
  `filler.txt` (article i depends only on (seed, i), so the first 2,000 articles of a 4,500
  article corpus are the 2,000 of the extraction run);
- the article-sized corpus: the evaluation articles as they are, at the length real wires
  have (800-2,000 characters), not padded;
- unique article-sized articles for ingestion: an evaluation article of that length and one
  short paragraph of local news, so that no two are the same text;
- the ordinary-news stream: articles of local news, sports, markets and weather paragraphs,
  with numbers, amounts and place names but mostly no bilateral trade.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "tests" / "data" / "eval"
FILLER_FILE = Path(__file__).parent / "filler.txt"
SEED = 20240501
MIN_WORDS, MAX_WORDS = 300, 1500

_CITIES = (
    "Tampere",
    "Ghent",
    "Porto",
    "Brno",
    "Lyon",
    "Graz",
    "Aarhus",
    "Bergen",
    "Turku",
    "Malmo",
    "Leipzig",
    "Bilbao",
    "Split",
    "Cluj",
    "Poznan",
    "Kosice",
    "Varna",
    "Tartu",
    "Daugavpils",
    "Kaunas",
    "Salzburg",
    "Utrecht",
    "Lille",
    "Bologna",
    "Seville",
)
_NAMES = (
    "Anna",
    "Marek",
    "Elena",
    "Tomas",
    "Ingrid",
    "Pavel",
    "Lucia",
    "Jonas",
    "Maria",
    "Karel",
    "Sofia",
    "Andrei",
    "Helena",
    "Petra",
    "Oskar",
    "Irina",
    "Milan",
    "Greta",
)
_SURNAMES = (
    "Novak",
    "Lindqvist",
    "Moreau",
    "Kowalski",
    "Horvat",
    "Petrescu",
    "Jansen",
    "Varga",
    "Berg",
    "Costa",
    "Keller",
    "Dvorak",
    "Nilsen",
    "Rossi",
    "Popescu",
)
_TEAMS = (
    "City Rovers",
    "Harbour United",
    "the Eagles",
    "Northern Athletic",
    "the Lions",
    "Riverside FC",
    "the Miners",
    "Central Sporting",
    "the Wolves",
    "Union Old Town",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class SourceArticle:
    id: str
    text: str
    published_at: date | None


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    source_id: str
    text: str
    published_at: str | None  # ISO date, as the API takes it
    words: int


def load_eval_articles(root: Path = EVAL_DIR) -> list[SourceArticle]:
    """Every readable evaluation article; one that cannot be read is skipped, not fatal."""
    out = []
    for path in sorted(root.glob("*/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if "text_file" in data:
                text = (REPO / data["text_file"]).read_text(encoding="utf-8")
            else:
                text = data["text"]
            if data.get("html"):
                from app.extract import html_to_text  # imported late: see extraction.py

                text = html_to_text(text)
            pub = data.get("published_at")
        except (OSError, ValueError, KeyError):
            continue
        if text.strip():
            out.append(
                SourceArticle(
                    f"{path.parent.name}/{path.stem}",
                    text.strip(),
                    date.fromisoformat(pub[:10]) if pub else None,
                )
            )
    return out


def _load_filler(path: Path = FILLER_FILE) -> dict[str, list[str]]:
    topics: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = topics.setdefault(line[3:].strip(), [])
        elif line.strip() and not line.startswith("#") and current is not None:
            current.append(line.strip())
    return topics


def _fill(template: str, rng: random.Random) -> str:
    def value(m: re.Match[str]) -> str:
        slot = m.group(1)
        if slot == "city":
            return rng.choice(_CITIES)
        if slot == "name":
            return rng.choice(_NAMES)
        if slot == "surname":
            return rng.choice(_SURNAMES)
        if slot in ("team", "team2"):
            return rng.choice(_TEAMS)
        if slot == "month":
            return rng.choice(_MONTHS)
        if slot == "weekday":
            return rng.choice(_WEEKDAYS)
        if slot == "day":
            return str(rng.randint(1, 28))
        if slot == "year":
            return str(rng.randint(2019, 2026))
        if slot == "pct":
            return f"{rng.randint(1, 40)}.{rng.randint(0, 9)}"
        if slot == "amount":
            return str(rng.randint(2, 950))
        if slot == "km":
            return str(rng.randint(3, 180))
        if slot == "temp":
            return str(rng.randint(-12, 38))
        if slot == "score":
            return f"{rng.randint(0, 4)}-{rng.randint(0, 4)}"
        return str(rng.randint(1, 9))  # n, n2

    return _SLOT.sub(value, template)


def _paragraph(topics: dict[str, list[str]], rng: random.Random) -> str:
    lines = topics[rng.choice(sorted(topics))]
    count = min(len(lines), rng.randint(3, 6))
    filled = (_fill(t, rng) for t in rng.sample(lines, count))
    return " ".join(s[:1].upper() + s[1:] for s in filled)


def compose(
    i: int, sources: list[SourceArticle], topics: dict[str, list[str]], seed: int = SEED
) -> CorpusArticle:
    rng = random.Random(f"{seed}:{i}")
    base = sources[rng.randrange(len(sources))]
    base_words = len(base.text.split())
    target = rng.randint(max(MIN_WORDS, min(base_words + 60, MAX_WORDS)), MAX_WORDS)
    parts, words = [base.text], base_words
    while words < target:
        para = _paragraph(topics, rng)
        n = len(para.split())
        if words + n > MAX_WORDS and words >= MIN_WORDS:
            break
        parts.append(para)
        words += n
    text = "\n\n".join(parts)
    pub = base.published_at.isoformat() if base.published_at else None
    return CorpusArticle(f"bench-{i:05d}", base.id, text, pub, len(text.split()))


ARTICLE_CHARS = (800, 2000)


def article_sized(lo: int = ARTICLE_CHARS[0], hi: int = ARTICLE_CHARS[1]) -> list[CorpusArticle]:
    """The evaluation articles of wire length, as they are."""
    out = []
    for s in load_eval_articles():
        if lo <= len(s.text) <= hi:
            pub = s.published_at.isoformat() if s.published_at else None
            out.append(CorpusArticle(f"eval-{s.id}", s.id, s.text, pub, len(s.text.split())))
    return out


def article_sized_unique(n: int, seed: int = SEED) -> list[CorpusArticle]:
    """`n` different article-sized texts: an evaluation article of wire length and one short
    paragraph of local news after it."""
    sources = [
        s for s in load_eval_articles() if ARTICLE_CHARS[0] <= len(s.text) <= ARTICLE_CHARS[1]
    ]
    topics = _load_filler()
    out: list[CorpusArticle] = []
    seen: set[str] = set()
    i = 0
    while len(out) < n:
        rng = random.Random(f"{seed}:unique:{i}")
        base = sources[rng.randrange(len(sources))]
        lines = topics[rng.choice(sorted(topics))]
        para = " ".join(_fill(t, rng) for t in rng.sample(lines, min(2, len(lines))))
        text = f"{base.text}\n\n{para[:1].upper()}{para[1:]}"
        i += 1
        if text in seen:
            continue
        seen.add(text)
        pub = base.published_at.isoformat() if base.published_at else None
        out.append(CorpusArticle(f"unique-{i:05d}", base.id, text, pub, len(text.split())))
    return out


# Sentences of ordinary news that name countries, currencies and amounts without stating
# trade between two countries: markets, sport abroad, travel, world news.
_WORLD = (
    "Shares in {city} Holdings rose {pct} percent on {weekday} after the company raised its "
    "forecast.",
    "The euro traded at $1.{n}{n2} in early trading, while oil prices slipped {pct} percent.",
    "Germany's DAX index closed {pct} percent higher and France's CAC 40 gained {n}.{n2} percent.",
    "The national team lost {score} to Brazil in a friendly match played in {city} on {weekday}.",
    "Tourists from Japan and Canada made up most of the {amount},000 visitors in {month}.",
    "The prime minister flew to Spain on {weekday} for a summit on migration and energy.",
    "A delegation from Kenya visited the {city} technical college to study its training "
    "programmes.",
    "Prices of fresh vegetables at the {city} market rose {pct} percent in {month}, traders said.",
    "The central bank kept its key rate at {n}.{n2} percent, citing inflation of {pct} "
    "percent in {month}.",
    "The city's retail sales rose {pct} percent in {month}, helped by warm weather and "
    "holiday shoppers.",
)


def news_stream(n: int, seed: int = SEED) -> list[CorpusArticle]:
    """`n` articles of ordinary news, 800-2,000 characters each, most with no claim."""
    topics = {**_load_filler(), "world": list(_WORLD)}
    out = []
    for i in range(n):
        rng = random.Random(f"{seed}:stream:{i}")
        parts: list[str] = []
        while sum(len(p) for p in parts) < rng.randint(*ARTICLE_CHARS) - 250:
            lines = topics[rng.choice(sorted(topics))]
            count = min(len(lines), rng.randint(2, 4))
            para = " ".join(_fill(t, rng) for t in rng.sample(lines, count))
            parts.append(para[:1].upper() + para[1:])
        text = "\n\n".join(parts)[: ARTICLE_CHARS[1]]
        day = date(2024, 1, 1).toordinal() + rng.randrange(700)
        out.append(
            CorpusArticle(
                f"stream-{i:05d}",
                "stream",
                text,
                date.fromordinal(day).isoformat(),
                len(text.split()),
            )
        )
    return out


def generate(n: int, seed: int = SEED) -> list[CorpusArticle]:
    sources = load_eval_articles()
    if not sources:
        raise SystemExit("no evaluation articles under tests/data/eval")
    topics = _load_filler()
    out: list[CorpusArticle] = []
    seen: set[str] = set()
    i = 0
    while len(out) < n:
        article = compose(i, sources, topics, seed)
        i += 1
        if article.text not in seen:  # filler makes a repeat all but impossible; be sure
            seen.add(article.text)
            out.append(article)
    return out


def write_jsonl(articles: list[CorpusArticle], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(asdict(a), ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[CorpusArticle]:
    with path.open(encoding="utf-8") as f:
        return [CorpusArticle(**json.loads(line)) for line in f if line.strip()]


def russian_articles() -> list[CorpusArticle]:
    """The Russian evaluation articles (tests/data/eval/ru), as they are."""
    out = []
    for s in load_eval_articles(EVAL_DIR / "ru"):
        pub = s.published_at.isoformat() if s.published_at else None
        out.append(CorpusArticle(f"eval-ru-{s.id}", s.id, s.text, pub, len(s.text.split())))
    return out


def long_texts(chars: int, count: int) -> list[str]:
    """`count` different texts of about `chars` characters: windows, one after another, of the
    evaluation articles run together, as a scraper that glued a whole news page together would
    hand them over (real prose, not one sentence repeated), each cut at a paragraph break."""
    sources = load_eval_articles()
    out: list[str] = []
    i = 0
    for _ in range(count):
        parts: list[str] = []
        size = 0
        while size < chars:
            text = sources[i % len(sources)].text
            parts.append(text)
            size += len(text) + 2
            i += 1
        whole = "\n\n".join(parts)
        cut = whole.rfind("\n\n", 0, chars)
        out.append(whole[: cut if cut > chars // 2 else chars])
    return out
