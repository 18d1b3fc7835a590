"""Bulk loader for the query benchmark: a million claims over 5,000 pairs and 30 years, written
straight into the migrated schema with COPY (not through the API), then ANALYZEd.

The shape is seeded and fixed. One hub country (CHN) is in 200 pairs holding exactly 100,000
claims, so `/v1/claims?country=CHN&format=csv` is the 100,000-row export; the other 4,800
pairs share 900,000. Within each group claim counts fall off like 1/rank, so a few pairs are
busy (the busiest holds about 15,000 claims) and most are small (median about 60), as in
real news. Claims come in articles of 1-12, each article about one pair, published at a random
moment of 1995-2024; articles are stored in random order of publication, as a backfill would
store them.
"""

from __future__ import annotations

import io
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import psycopg
import pycountry

from benchmarks.service import libpq

HUB = "CHN"
HUB_PAIRS, HUB_CLAIMS = 200, 100_000
YEARS = (1995, 2024)
METRICS = (("turnover", 0.40), ("exports", 0.25), ("imports", 0.20), ("investment", 0.15))
MEASURES = (("level", 0.60), ("growth_pct", 0.30), ("growth_abs", 0.10))
MODALITIES = (("actual", 0.80), ("target", 0.10), ("forecast", 0.10))
LOCAL_UNITS = ("EUR", "RUB", "CNY", "INR", "KZT", "TRY", "JPY", "GBP")
SPEAKERS = (
    "Minister of Trade",
    "Anna Novak",
    "Marek Horvat",
    "Elena Costa",
    "the customs office",
    "Pavel Berg",
    "Sofia Rossi",
    "the statistics agency",
)
EXTRACTOR = "bench-0"


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    claims: int


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Integer counts proportional to weights, at least 1 each, summing to total exactly."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [max(1, int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    k = 0
    while sum(counts) < total:
        counts[order[k % len(order)]] += 1
        k += 1
    while sum(counts) > total:
        i = max(range(len(counts)), key=lambda j: counts[j])
        counts[i] -= 1
    return counts


def make_pairs(total_claims: int, total_pairs: int, seed: int = 11) -> list[Pair]:
    rng = random.Random(seed)
    codes = sorted(c.alpha_3 for c in pycountry.countries)
    others = [c for c in codes if c != HUB]
    hub_pairs = min(HUB_PAIRS, len(others), total_pairs // 2)
    hub_claims = min(HUB_CLAIMS, total_claims // 5) if total_claims < 1_000_000 else HUB_CLAIMS
    partners = rng.sample(others, hub_pairs)
    rest: set[tuple[str, str]] = set()
    while len(rest) < total_pairs - hub_pairs:
        x, y = rng.sample(others, 2)
        rest.add((min(x, y), max(x, y)))
    rest_list = sorted(rest)
    rng.shuffle(rest_list)
    hub_counts = _allocate(hub_claims, [1 / (r + 3) for r in range(hub_pairs)])
    rest_counts = _allocate(
        total_claims - hub_claims, [1 / (r + 10) for r in range(len(rest_list))]
    )
    pairs = [Pair(min(HUB, p), max(HUB, p), n) for p, n in zip(partners, hub_counts, strict=True)]
    pairs += [Pair(a, b, n) for (a, b), n in zip(rest_list, rest_counts, strict=True)]
    return pairs


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    x = rng.random()
    for name, p in table:
        x -= p
        if x < 0:
            return name
    return table[-1][0]


def _ts(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S+00")


def _claim_fields(rng: random.Random, p: Pair, published: datetime) -> list[str]:
    metric = _pick(rng, METRICS)
    measure = _pick(rng, MEASURES)
    modality = _pick(rng, MODALITIES)
    origin = dest = r"\N"
    if metric in ("exports", "investment"):
        origin, dest = (p.a, p.b) if rng.random() < 0.5 else (p.b, p.a)
    elif metric == "imports":
        dest, origin = (p.a, p.b) if rng.random() < 0.5 else (p.b, p.a)
    if measure == "growth_pct":
        value, unit, surface = round(rng.uniform(-40, 80), 1), "percent", "{v} percent"
    else:
        unit = "USD" if rng.random() < 0.7 else rng.choice(LOCAL_UNITS)
        value = round(10 ** rng.uniform(6, 11.5), -5)
        surface = "{v} " + unit
    year = published.year - (1 if published.month < 4 or rng.random() < 0.3 else 0)
    gran = rng.random()
    if gran < 0.6:
        start, end, g, label = date(year, 1, 1), date(year, 12, 31), "year", str(year)
    elif gran < 0.85:
        q = rng.randint(1, 4)
        start = date(year, 3 * q - 2, 1)
        end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
        g, label = "quarter", f"{year}-Q{q}"
    else:
        m = rng.randint(1, 12)
        start = date(year, m, 1)
        end = date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
        g, label = "month", f"{year}-{m:02d}"
    speaker = rng.choice(SPEAKERS) if rng.random() < 0.35 else r"\N"
    evidence = (
        f"Trade figures for {p.a} and {p.b}: {metric} {measure.replace('_', ' ')} "
        f"of {value:g} {unit} in {label}, officials said."
    )
    rules = json.dumps(
        ["pair:sentence", f"metric:{metric}", f"measure:{measure}", f"modality:{modality}"]
    )
    return [
        p.a,
        p.b,
        origin,
        dest,
        metric,
        measure,
        repr(float(value)),
        unit,
        rng.choice(("exact", "exact", "about", "at_least")),
        start.isoformat(),
        end.isoformat(),
        g,
        label,
        modality,
        speaker,
        evidence,
        "0",
        str(len(evidence)),
        surface.format(v=f"{value:g}")[:200],
        f"{rng.uniform(0.5, 0.95):.4f}",
        rules,
        EXTRACTOR,
        _ts(published),
        _ts(published + timedelta(days=rng.randint(0, 900))),
    ]


def _item_json(fields: list[str], url: str, source: str) -> str:
    """The claim's stored JSON (claims.item_json) as the service writes it, from the COPY
    fields of _claim_fields, escaped for COPY's text format."""
    from app.db.repository import claim_item_body

    def opt(v: str) -> str | None:
        return None if v == r"\N" else v

    def ts(v: str) -> datetime:
        return datetime.strptime(v, "%Y-%m-%d %H:%M:%S+00").replace(tzinfo=UTC)

    f = fields
    claim = SimpleNamespace(
        pair_a=f[0],
        pair_b=f[1],
        origin=opt(f[2]),
        destination=opt(f[3]),
        metric=f[4],
        measure=f[5],
        value=float(f[6]),
        unit=f[7],
        approximation=f[8],
        period_start=date.fromisoformat(f[9]),
        period_end=date.fromisoformat(f[10]),
        period_granularity=f[11],
        period_label=f[12],
        modality=f[13],
        speaker=opt(f[14]),
        speaker_original=None,
        evidence_text=f[15],
        evidence_start=int(f[16]),
        evidence_end=int(f[17]),
        surface=f[18],
        confidence=float(f[19]),
        rules=json.loads(f[20]),
        extractor_version=f[21],
        published_at=ts(f[22]),
        recorded_at=ts(f[23]),
    )
    body = claim_item_body(claim, url, source)
    return body.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _droppable_indexes(conn: psycopg.Connection[Any], table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the plain indexes of `table`: the migration's own
    definitions, dropped before COPY and rebuilt after (much faster than maintaining them)."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
        "AND i.indexname NOT IN (SELECT conname FROM pg_constraint)",
        (table,),
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def load(
    url: str, total_claims: int = 1_000_000, total_pairs: int = 5_000, seed: int = 11
) -> dict[str, Any]:
    started = time.perf_counter()
    rng = random.Random(seed)
    pairs = make_pairs(total_claims, total_pairs, seed)
    y0 = datetime(YEARS[0], 1, 1, tzinfo=UTC)
    span = (datetime(YEARS[1] + 1, 1, 1, tzinfo=UTC) - y0).total_seconds()
    articles: list[tuple[Pair, int, datetime]] = []
    for p in pairs:
        left = p.claims
        while left:
            n = min(left, rng.randint(1, 12))
            articles.append((p, n, y0 + timedelta(seconds=int(rng.random() * span))))
            left -= n
    rng.shuffle(articles)
    timings: dict[str, float] = {}
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # rows are consistent by make
        dropped = _droppable_indexes(conn, "claims") + _droppable_indexes(conn, "articles")
        for name, _ in dropped:
            conn.execute(f'DROP INDEX "{name}"')
        t = time.perf_counter()
        with conn.cursor().copy(
            "COPY articles (id, url, canonical_url, text_hash, title, source, text, content_type,"
            " published_at, published_at_source, received_at, extractor_version, extraction,"
            " extracted_to) FROM STDIN"
        ) as copy:
            buf = io.StringIO()
            for aid, (p, _, pub) in enumerate(articles, start=1):
                u = f"https://news{aid % 40}.example.org/{pub:%Y/%m}/{aid}"
                text = f"Benchmark article {aid} on {p.a} and {p.b}."
                buf.write(
                    "\t".join(
                        (
                            str(aid),
                            u,
                            u,
                            f"{aid:064x}",
                            f"Trade news {aid}",
                            f"news{aid % 40}.example.org",
                            text,
                            "text",
                            _ts(pub),
                            "given",
                            _ts(pub),
                            EXTRACTOR,
                            "complete",
                            str(len(text)),
                        )
                    )
                    + "\n"
                )
                if aid % 20_000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
        timings["copy_articles_s"] = time.perf_counter() - t
        t = time.perf_counter()
        cid = 0
        with conn.cursor().copy(
            "COPY claims (id, article_id, pair_a, pair_b, origin, destination, metric, measure,"
            " value, unit, approximation, period_start, period_end, period_granularity,"
            " period_label, modality, speaker, evidence_text, evidence_start, evidence_end,"
            " surface, confidence, rules, extractor_version, published_at, recorded_at,"
            " item_json, copy_of, source_key) FROM STDIN"
        ) as copy:
            buf = io.StringIO()
            for aid, (p, n, pub) in enumerate(articles, start=1):
                url, source = (
                    f"https://news{aid % 40}.example.org/{pub:%Y/%m}/{aid}",
                    f"news{aid % 40}.example.org",
                )
                for _ in range(n):
                    cid += 1
                    fields = _claim_fields(rng, p, pub)
                    body = _item_json(fields, url, source)
                    # no copies among them; each claim counts under its article's source
                    tail = f"\t{body}\t\\N\t{source}\n"
                    buf.write(f"{cid}\t{aid}\t" + "\t".join(fields) + tail)
                if aid % 5_000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
        timings["copy_claims_s"] = time.perf_counter() - t
        t = time.perf_counter()
        for _, ddl in dropped:
            conn.execute(ddl)
        timings["indexes_s"] = time.perf_counter() - t
        conn.execute("SET session_replication_role = DEFAULT")
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('articles', 'id'), %s)", (len(articles),)
        )
        conn.execute("SELECT setval(pg_get_serial_sequence('claims', 'id'), %s)", (cid,))
        # the service keeps pair_stats in step with claims as it writes them; a bulk load
        # bypasses the service, so it counts them once here
        t = time.perf_counter()
        conn.execute("DELETE FROM pair_stats")
        conn.execute(
            "INSERT INTO pair_stats (pair_a, pair_b, metric, claims, first_published, "
            "last_published, updated_at) SELECT pair_a, pair_b, metric, count(*), "
            "min(published_at), max(published_at), now() FROM claims "
            "GROUP BY pair_a, pair_b, metric"
        )
        timings["pair_stats_s"] = time.perf_counter() - t
        t = time.perf_counter()
        conn.execute("VACUUM ANALYZE articles")
        conn.execute("VACUUM ANALYZE claims")
        conn.execute("VACUUM ANALYZE pair_stats")
        timings["analyze_s"] = time.perf_counter() - t
        size = conn.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('claims')), "
            "pg_size_pretty(pg_total_relation_size('articles'))"
        ).fetchone()
    return {
        "claims": cid,
        "articles": len(articles),
        "pairs": len(pairs),
        "years": f"{YEARS[0]}-{YEARS[1]}",
        "hub": HUB,
        "hub_claims": sum(p.claims for p in pairs if HUB in (p.a, p.b)),
        "busiest_pair": max(pairs, key=lambda p: p.claims).__dict__,
        "median_pair_claims": sorted(p.claims for p in pairs)[len(pairs) // 2],
        "rebuilt_indexes": [name for name, _ in dropped],
        "claims_table_size": size[0] if size else None,
        "articles_table_size": size[1] if size else None,
        "seconds": round(time.perf_counter() - started, 1),
        **{k: round(v, 1) for k, v in timings.items()},
        "pair_list": [(p.a, p.b, p.claims) for p in pairs],
    }
