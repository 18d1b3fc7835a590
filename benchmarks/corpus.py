"""The benchmark corpus: articles of realistic length (300-1,500 words), each one evaluation
article (`tests/data/eval/{dev,heldout}`) followed by paragraphs of ordinary news prose
composed from `filler.txt`. Article i depends only on (seed, i), so the first 2,000 articles
of a 4,500-article corpus are the 2,000 of the extraction run, and every run is the same.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from app.extract import html_to_text

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
