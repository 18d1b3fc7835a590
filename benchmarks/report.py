"""results.json -> the targets of the issue, met or missed by how much, and RESULTS.md."""

from __future__ import annotations

from typing import Any

QUERY_P99_MS = 50.0
QUERY_NAMES = {
    "claims_first_page": "`/v1/claims` by pair and metric, first page",
    "claims_deep_page": "`/v1/claims` by pair and metric, deep page (cursor)",
    "series_period": "`/v1/pairs/{a}/{b}/series` (axis=period)",
    "series_stated": "`/v1/pairs/{a}/{b}/series?axis=stated`",
    "series_as_of": "`/v1/pairs/{a}/{b}/series?as_of=…`",
    "pairs": "`/v1/pairs`",
}
FLAT_MEMORY_MB = 64.0  # growth of a worker's RSS during the export still called flat


def _target(
    name: str, measured: float | None, target: float, unit: str, *, higher_is_better: bool
) -> dict[str, Any]:
    if measured is None:
        return {
            "name": name,
            "measured": None,
            "target": f"{target} {unit}",
            "met": False,
            "distance": "not measured",
        }
    met = measured >= target if higher_is_better else measured < target
    if met:
        distance = ""
    elif higher_is_better:
        distance = f"{measured / target:.2f}x of the target ({target - measured:.4g} {unit} short)"
    else:
        distance = f"{measured / target:.1f}x the target ({measured - target:.4g} {unit} over)"
    return {
        "name": name,
        "measured": f"{measured:.4g} {unit}",
        "target": f"{'≥' if higher_is_better else '<'} {target:g} {unit}",
        "met": met,
        "distance": distance,
    }


def worker_peaks(r: dict[str, Any]) -> list[float]:
    peaks = []
    for phase, key in (("ingestion", "worker_memory_after"), ("queries", "worker_memory_after")):
        for w in r.get(phase, {}).get(key, []):
            peaks.append(w["peak_rss_mb"])
    return peaks


ARTICLES_OVER_QUANTULUM3 = 20
ARTICLES_OVER_BASELINE = 10
STREAM_ARTICLES_PER_S = 5000
INGEST_ARTICLES_PER_S = 300
INGEST_P99_MS = 100


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    art = r.get("articles")
    if art:
        out.append(
            _target(
                "article-sized texts: articles/s over bare quantulum3 (same texts, same run)",
                art["ratio_quantulum3"],
                ARTICLES_OVER_QUANTULUM3,
                "x",
                higher_is_better=True,
            )
        )
        out.append(
            _target(
                f"article-sized texts: articles/s over the engine of {art['baseline_commit']}",
                art["ratio_baseline"],
                ARTICLES_OVER_BASELINE,
                "x",
                higher_is_better=True,
            )
        )
        out.append(
            _target(
                "article-sized texts: peak RSS of the extracting process",
                art["tradeclaims"]["rss_mb"]["peak"],
                200,
                "MB",
                higher_is_better=False,
            )
        )
    ln = r.get("length")
    if ln and len(ln["sizes"]) > 1:
        per_char = [s["us_per_char"] for s in ln["sizes"]]
        out.append(
            _target(
                "length: time per character at 1M characters over 1k (flat = 1)",
                round(per_char[-1] / per_char[0], 2),
                2,
                "x",
                higher_is_better=False,
            )
        )
    st = r.get("stream")
    if st:
        out.append(
            _target(
                "ordinary-news stream: articles/s on one core (dates given)",
                st["tradeclaims"]["articles_per_s"],
                STREAM_ARTICLES_PER_S,
                "articles/s",
                higher_is_better=True,
            )
        )
    ex = r.get("extraction")
    if ex:
        out.append(
            _target(
                "extraction: articles/s over bare quantulum3 (same texts)",
                ex["same_texts"]["ratio"],
                10,
                "x",
                higher_is_better=True,
            )
        )
        out.append(
            _target(
                "extraction: peak RSS of the extracting process",
                ex["tradeclaims"]["rss_mb"]["peak"],
                300,
                "MB",
                higher_is_better=False,
            )
        )
    ing = r.get("ingestion")
    if ing:
        out.append(
            _target(
                "ingestion: articles/s (article-sized, 16 clients, 2 workers)",
                ing["articles_per_s"],
                INGEST_ARTICLES_PER_S,
                "articles/s",
                higher_is_better=True,
            )
        )
        out.append(
            _target(
                "ingestion: p99 latency",
                ing["latency_ms"]["p99"],
                INGEST_P99_MS,
                "ms",
                higher_is_better=False,
            )
        )
        out.append(
            {
                "name": "ingestion: every unique article stored once with its claims",
                "measured": "ok" if ing["check"]["ok"] else "; ".join(ing["check"]["problems"][:3]),
                "target": "ok",
                "met": ing["check"]["ok"],
                "distance": "",
            }
        )
    peaks = worker_peaks(r)
    if peaks:
        out.append(
            _target("peak RSS of one uvicorn worker", max(peaks), 300, "MB", higher_is_better=False)
        )
    q = r.get("queries")
    if q:
        for kind, m in q["latency"].items():
            out.append(
                _target(
                    f"query p99: {QUERY_NAMES.get(kind, kind)}",
                    m["p99_ms"],
                    QUERY_P99_MS,
                    "ms",
                    higher_is_better=False,
                )
            )
        worst = max(q["csv_export"], key=lambda e: e["seconds"])
        out.append(
            _target(
                f"CSV export of {worst['rows']:,} rows (slower of two runs)",
                worst["seconds"],
                5,
                "s",
                higher_is_better=False,
            )
        )
        growth = max(
            e["worker_rss_mb_max_during"] - e["worker_rss_mb_before"] for e in q["csv_export"]
        )
        out.append(
            _target(
                "CSV export: worker RSS growth while streaming",
                growth,
                FLAT_MEMORY_MB,
                "MB",
                higher_is_better=False,
            )
        )
    return out


# -- RESULTS.md -------------------------------------------------------------------------------
def _table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _machine(r: dict[str, Any]) -> str:
    m = r["machine"]
    pg = m.get("postgresql_settings", {})
    pkgs = ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items() if v)
    return "\n".join(
        [
            f"- cores: {m['cores']} ({m['cpu']}); memory: {m['memory_gib']} GiB; {m['os']}",
            f"- Python {m['python']}; PostgreSQL {m.get('postgresql')} (throwaway cluster of "
            f"`scripts/with-postgres.sh`: fsync={pg.get('fsync')}, "
            f"synchronous_commit={pg.get('synchronous_commit')}, "
            f"shared_buffers={pg.get('shared_buffers')} x 8 kB)",
            f"- {pkgs}",
            f"- code: git {m.get('git')}; started {r['started_at']}; whole run {r['total_s']} s",
        ]
    )


def _load_note(r: dict[str, Any]) -> str:
    parts = []
    for phase in ("articles", "stream", "extraction", "ingestion", "queries"):
        la = r.get(phase, {}).get("loadavg")
        if la:
            parts.append(f"{phase} {la['start'][0]:.1f} → {la['end'][0]:.1f}")
    return (
        "Load average (1 min) at the start and end of each phase: "
        + "; ".join(parts)
        + ". Above 2 means something besides the benchmark wanted the two cores."
    )


def _engine_row(name: str, d: dict[str, Any]) -> list[Any]:
    return [
        name,
        d["articles"],
        f"{d['articles_per_s']:.1f}",
        d["ms_per_article"]["mean"],
        d["ms_per_article"]["p50"],
        d["ms_per_article"]["p95"],
        d["ms_per_article"]["max"],
        d["rss_mb"]["peak"],
        d["items_found"],
    ]


_ENGINE_HEAD = [
    "engine",
    "articles read",
    "articles/s",
    "mean ms",
    "p50 ms",
    "p95 ms",
    "max ms",
    "peak RSS MB",
    "items found",
]


def _stage_table(d: dict[str, Any]) -> str:
    return _table(
        ["stage", "ms per article", "share"],
        [[s["stage"], s["ms_per_article"], f"{s['share_pct']}%"] for s in d.get("stages", [])],
    )


def _articles(a: dict[str, Any]) -> str:
    c = a["corpus"]
    rows = [
        _engine_row("tradeclaims `extract()` (dates given)", a["tradeclaims"]),
        _engine_row(
            "tradeclaims `extract()` (no dates: read from the text)", a["tradeclaims_no_dates"]
        ),
    ]
    if a.get("baseline"):
        rows.append(_engine_row(f"the engine of {a['baseline_commit']}", a["baseline"]))
    rows.append(_engine_row("bare `quantulum3.parser.parse()`", a["quantulum3"]))
    return "\n".join(
        [
            "## 1. Extraction on article-sized texts (one process)",
            "",
            f"Corpus: the {c['articles']} evaluation articles of {c['chars_min']}-{c['chars_max']} "
            f"characters (mean {c['chars_mean']}), as they are (`benchmarks/corpus.py`, "
            "`article_sized`), read in a loop; each engine in its own process (its peak RSS is "
            f"its own). The engine of {a['baseline_commit']} is `git archive`d from this "
            "repository and run on the same texts in the same run.",
            "",
            _table(_ENGINE_HEAD, rows),
            "",
            f"**Ratios (dates given):** {a['ratio_quantulum3']}x bare quantulum3, "
            f"{a['ratio_baseline']}x the engine of {a['baseline_commit']}.",
            "",
            "Each stage's share of tradeclaims' time (a second, timed pass with dates given):",
            "",
            _stage_table(a["tradeclaims"]),
            "",
        ]
    )


def _russian(ru: dict[str, Any]) -> str:
    c = ru["corpus"]
    return "\n".join(
        [
            "## 1b. Russian articles",
            "",
            f"The {c['articles']} Russian evaluation articles (`tests/data/eval/ru`, "
            f"{c['chars_min']}-{c['chars_max']} characters, mean {c['chars_mean']}), read by the "
            "same engine with its Russian grammars (razdel sentences and tokens, the generated "
            "gazetteer, pymorphy3 for names).",
            "",
            _table(
                _ENGINE_HEAD, [_engine_row("tradeclaims `extract()` (Russian)", ru["tradeclaims"])]
            ),
            "",
            "Each stage's share of the time:",
            "",
            _stage_table(ru["tradeclaims"]),
            "",
        ]
    )


def _length(ln: dict[str, Any]) -> str:
    rows = [
        [
            f"{s['chars']:,}",
            s["texts"],
            s["seconds"],
            s["us_per_char"],
            s["claims_per_text"],
            s["rss_mb"],
        ]
        for s in ln["sizes"]
    ]
    return "\n".join(
        [
            "## 1c. Time per character, 1k to 1M characters",
            "",
            "At each length, texts made of the evaluation articles run together "
            "(`benchmarks/corpus.py`, `long_texts`; as many as make about a million characters, "
            "at most 50), read in one process: its time over their characters. Flat "
            "microseconds per character is linear work.",
            "",
            _table(
                ["characters", "texts", "seconds", "us per char", "claims per text", "RSS MB"],
                rows,
            ),
            "",
        ]
    )


def _stream(st: dict[str, Any]) -> str:
    c = st["corpus"]
    rows = [
        _engine_row("tradeclaims (dates given)", st["tradeclaims"]),
        _engine_row("tradeclaims (no dates: read from the text)", st["tradeclaims_no_dates"]),
    ]
    return "\n".join(
        [
            "## 2. The ordinary-news stream",
            "",
            f"{c['articles']:,} articles of local news, sports, markets, world and weather "
            "paragraphs with numbers, amounts and place names (`benchmarks/corpus.py`, "
            f"`news_stream`, seed {c['seed']}), almost none with a bilateral claim: what most of "
            "a bot's posts look like. The gates (no metric word; no country) leave most of "
            "them after the lexicon.",
            "",
            _table(_ENGINE_HEAD, rows),
            "",
            "Each stage's share of the time (dates given):",
            "",
            _stage_table(st["tradeclaims"]),
            "",
        ]
    )


def _extraction(ex: dict[str, Any]) -> str:
    ours, bare, same = ex["tradeclaims"], ex["quantulum3"], ex["same_texts"]
    c = ex["corpus"]
    rows = []
    for name, d in (("tradeclaims `extract()`", ours), ("bare `quantulum3.parser.parse()`", bare)):
        rows.append(
            [
                name,
                d["articles"],
                f"{d['articles_per_s']:.2f}",
                f"{d['mb_per_s']:.3f}",
                d["ms_per_article"]["p50"],
                d["ms_per_article"]["p95"],
                d["ms_per_article"]["max"],
                d["rss_mb"]["peak"],
                d["items_found"],
            ]
        )
    out = [
        "## 3. Extraction on the long corpus (one process)",
        "",
        f"Corpus: {c['articles']:,} articles of {c['words_min']}-{c['words_max']} words "
        f"(mean {c['words_mean']}), {c['mb']} MB of text, composed by `benchmarks/corpus.py` "
        f"(seed {c['seed']}) from {c['source_articles']} evaluation articles and filler "
        "paragraphs of local news prose (`benchmarks/filler.txt`). Each engine runs in its own "
        "process, so its peak RSS (ru_maxrss, corpus included) is its own. Bare quantulum3 "
        "is about twenty times slower, so to keep `make bench` under 15 minutes it runs on "
        "every k-th article of the same corpus, and the ratio compares the two engines on "
        "exactly those articles.",
        "",
        _table(
            [
                "engine",
                "articles",
                "articles/s",
                "MB/s",
                "p50 ms",
                "p95 ms",
                "max ms",
                "peak RSS MB",
                "items found",
            ],
            rows,
        ),
        "",
        f"**Same texts ({same['articles']} articles):** tradeclaims "
        f"{same['tradeclaims_articles_per_s']} articles/s, quantulum3 "
        f"{same['quantulum3_articles_per_s']} articles/s: **{same['ratio']}x**. "
        "(quantulum3 only finds quantities; tradeclaims also finds the countries, metric, "
        "period, speaker and direction of each claim.)",
        "",
    ]
    ev = ex.get("evaluation", {})
    if "splits" in ev:
        rows = [
            [s, v["precision"], v["recall"], v["f1"], v["found"], v["gold_required"]]
            for s, v in ev["splits"].items()
        ]
        out += [
            "Accuracy of the same code (`make eval`, `app.extract.evaluate`):",
            "",
            _table(["split", "precision", "recall", "F1", "found", "gold"], rows),
            "",
        ]
    elif ev:
        out += [f"`make eval` failed in this run: {ev.get('error')}", ""]
    prof = ours.get("profile")
    if prof:
        out += [
            f"### Profile (cProfile over {prof['articles']} articles, "
            f"{prof['profiled_s']} s under the profiler)",
            "",
            "Top costs by own time (regex matching shows up as `re.Pattern.search`, "
            "called from the functions in the second table):",
            "",
            _table(
                ["function", "calls", "own s", "own %", "cum %"],
                [
                    [f"`{p['function']}`", p["calls"], p["self_s"], p["self_pct"], p["cum_pct"]]
                    for p in prof["top_self"][:12]
                ],
            ),
            "",
            "The extractor's steps by cumulative time:",
            "",
            _table(
                ["function", "calls", "cum s", "cum %"],
                [
                    [f"`{p['function']}`", p["calls"], p["cum_s"], p["cum_pct"]]
                    for p in prof["top_cumulative_app"][:12]
                ],
            ),
            "",
        ]
    return "\n".join(out)


def _ingestion(ing: dict[str, Any], ex: dict[str, Any] | None) -> str:
    chk = ing["check"]
    lat = ing["latency_ms"]
    out = [
        "## 4. Ingestion through the service",
        "",
        f"uvicorn with {ing['workers']} workers on PostgreSQL (`AUTH_MODE=off`, "
        f"`WRITE_RATE_PER_MINUTE=0`), {ing['clients']} concurrent httpx clients posting "
        f"{ing['posts']:,} articles to `POST /v1/articles`: {ing['unique']:,} unique from the "
        f"same generator and {ing['duplicates']} duplicates (half within 16 posts of their "
        "original, so they race it; half later; half with tracking parameters on the URL, "
        "half from another site).",
        "",
        _table(
            ["articles/s", "MB/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "statuses", "seconds"],
            [
                [
                    ing["articles_per_s"],
                    ing["mb_per_s"],
                    lat["p50"],
                    lat["p95"],
                    lat["p99"],
                    lat["max"],
                    ing["statuses"],
                    ing["seconds"],
                ]
            ],
        ),
        "",
        f"New articles (201): p50 {ing['latency_ms_created']['p50']} ms, p99 "
        f"{ing['latency_ms_created']['p99']} ms; duplicates (200): p50 "
        f"{ing['latency_ms_duplicate']['p50']} ms, p99 {ing['latency_ms_duplicate']['p99']} ms.",
        "",
        f"Check afterwards: {'**ok**' if chk['ok'] else '**FAILED**'}: {chk['articles_stored']:,} "
        f"articles stored for {chk['unique_posted']:,} unique posted, {chk['claims_stored']:,} "
        "claims; every unique article's text fingerprint stored once, exactly one 201 per "
        "unique article, every duplicate answered with the stored article, and each article's "
        "stored claims as many as its 201 listed."
        + ("" if chk["ok"] else " Problems: " + "; ".join(chk["problems"])),
        "",
        "Worker memory after the run: "
        + ", ".join(
            f"pid {w['pid']}: {w['rss_mb']} MB (peak {w['peak_rss_mb']} MB)"
            for w in ing["worker_memory_after"]
        )
        + ".",
        "",
    ]
    if ex:
        mean_ms = ex["tradeclaims"]["ms_per_article"]["mean"]
        words = ex["corpus"]["words_mean"]
        ceiling = 2 * 1000 / mean_ms
        out += [
            f"What bounds it: extraction alone costs {mean_ms} ms of CPU per article of "
            f"about {words} words on one core, so two workers on two cores cannot exceed "
            f"about {ceiling:.0f} articles/s even with free HTTP and database work; the "
            "16 clients, PostgreSQL and the request handling share the same two cores.",
            "",
        ]
    return "\n".join(out)


def _cursor_note(c: dict[str, int]) -> list[str]:
    if not c.get("issued_cursors_refused"):
        return []
    return [
        f"**Bug found:** while making the deep-page samples, the service's own "
        f"`decode_cursor` refused {c['issued_cursors_refused']} cursors that its "
        f"`encode_cursor` issued ({c['deep_page_samples']} samples). It splits the decoded "
        "cursor at the last `.`, and the 12-byte signature holds a `.` byte in about 4.6% "
        "of cursors (1 - (255/256)^12), so a client paging with `next_cursor` gets a 422 "
        "now and then. Each such sample was moved to the next position.",
        "",
    ]


def _queries(q: dict[str, Any]) -> str:
    d = q["data"]
    rows = []
    for kind, m in q["latency"].items():
        db_ms = [e["execution_ms"] for e in q["explain"].get(kind, []) if e["execution_ms"]]
        rows.append(
            [
                QUERY_NAMES.get(kind, kind),
                f"{m['requests']}/{m['planned']}",
                m["p50_ms"],
                m["p95_ms"],
                m["p99_ms"],
                m["max_ms"],
                m["mean_kb"],
                " + ".join(f"{x:.1f}" for x in db_ms),
                m["statuses"],
            ]
        )
    out = [
        "## 5. Queries at a million claims",
        "",
        f"Seeded by `benchmarks/loader.py` with COPY (not through the API): {d['claims']:,} "
        f"claims in {d['articles']:,} articles over {d['pairs']:,} pairs and {d['years']} "
        f"(median pair {d['median_pair_claims']} claims, busiest "
        f"{d['busiest_pair']['a']}-{d['busiest_pair']['b']} {d['busiest_pair']['claims']:,}; "
        f"{d['hub']} in pairs holding {d['hub_claims']:,}), then VACUUM ANALYZE; claims "
        f"table {d['claims_table_size']} with indexes; loaded in {d['seconds']} s. "
        "Requests are sequential from one httpx client on 127.0.0.1 against uvicorn with two "
        "workers; pairs are drawn in proportion to their claims (busy pairs are asked about "
        "most), the metric by its share; each kind is bounded in count and time. The DB "
        "column is EXPLAIN ANALYZE's execution time of each statement the endpoint sends "
        "(for the sample on the busiest pair, below).",
        "",
        _table(
            [
                "query",
                "requests",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "mean KB",
                "DB ms (EXPLAIN)",
                "statuses",
            ],
            rows,
        ),
        "",
        *_cursor_note(q.get("cursor_check", {})),
        "CSV export (`/v1/claims?country=" + d["hub"] + "&format=csv`, streamed to the end):",
        "",
        _table(
            [
                "run",
                "rows",
                "MB",
                "seconds",
                "rows/s",
                "first byte ms",
                "worker RSS before MB",
                "max during MB",
            ],
            [
                [
                    i + 1,
                    f"{e['rows']:,}",
                    e["mb"],
                    e["seconds"],
                    f"{e['rows_per_s']:,}",
                    e["first_byte_ms"],
                    e["worker_rss_mb_before"],
                    e["worker_rss_mb_max_during"],
                ]
                for i, e in enumerate(q["csv_export"])
            ],
        ),
        "",
        "### EXPLAIN of each query",
        "",
        "The exact SQL each endpoint sends, captured from the app in-process for one request "
        "(the sample on the busiest pair of each kind) and run under "
        "`EXPLAIN (ANALYZE, BUFFERS)`.",
        "",
    ]
    for kind, statements in q["explain"].items():
        title = QUERY_NAMES.get(
            kind,
            "CSV export: one keyset batch of `iter_claim_values`"
            if kind == "csv_export_batch"
            else kind,
        )
        out += [f"#### {title}", ""]
        for e in statements:
            scans = "; ".join(dict.fromkeys(e["scans"])) or "no scan node"
            out += [
                f"Served by: **{scans}** ({e['execution_ms']} ms).",
                "",
                "```sql",
                e["sql"].strip(),
                "```",
                "",
                "```",
                *e["plan"],
                "```",
                "",
            ]
    return "\n".join(out)


def _causes(r: dict[str, Any], missed: list[dict[str, Any]]) -> str:
    out = ["## Where targets are missed, and what costs the time", ""]
    if not missed:
        return "\n".join([*out, "Every target is met in this run.", ""])
    ex, ing, q = r.get("extraction"), r.get("ingestion"), r.get("queries")
    for t in missed:
        out.append(f"- **{t['name']}**: {t['measured']}, target {t['target']}: {t['distance']}.")
    out += ["", "What costs the time, and what would fix it:", ""]
    if ex and ex["same_texts"]["ratio"] < 10 and ex["tradeclaims"].get("profile"):
        top = ex["tradeclaims"]["profile"]["top_self"][:3]
        out.append(
            "- Extraction: the time goes to "
            + ", ".join(f"`{p['function']}` ({p['self_pct']}%)" for p in top)
            + "."
        )
    if ing and ing["articles_per_s"] < 150 and ex:
        mean_ms = ex["tradeclaims"]["ms_per_article"]["mean"]
        out.append(
            f"- Ingestion: extraction is {mean_ms} ms of CPU per article, a ceiling of "
            f"about {2000 / mean_ms:.0f} articles/s on two cores before any HTTP, ORM "
            "or database work; 150/s leaves 13 ms of CPU per article on two cores for "
            "everything (client, HTTP, extraction, ORM, PostgreSQL), so extraction would "
            "have to be about 4x faster again, or run on more cores. Latency under 16 clients "
            "is queueing: each worker runs up to 8 extractions at once in its thread pool, "
            "sharing one GIL, so a request waits for the others' CPU."
        )
    if q:
        for kind, m in q["latency"].items():
            if m["p99_ms"] < QUERY_P99_MS:
                continue
            ex_ms = sum(e["execution_ms"] or 0 for e in q["explain"].get(kind, []))
            scans = "; ".join(
                dict.fromkeys(s for e in q["explain"].get(kind, []) for s in e["scans"])
            )
            # the slowest requests are the busiest pairs, and the busiest pair is EXPLAINed
            where = (
                "the database"
                if ex_ms >= 0.5 * m["p99_ms"]
                else "the rest of the request: its round trips, its Python and sending the answer"
            )
            out.append(
                f"- {QUERY_NAMES.get(kind, kind)}: p99 {m['p99_ms']} ms; on the busiest pair "
                f"its SQL takes {ex_ms:.1f} ms ({scans}); responses average {m['mean_kb']} KB; "
                f"most of the time is in {where}. {SUGGESTIONS.get(kind, '')}"
            )
        worst = max(q["csv_export"], key=lambda e: e["seconds"])
        batches = q["explain"].get("csv_export_batch", [])
        if worst["seconds"] >= 5 and batches:
            per_batch = sum(e["execution_ms"] or 0 for e in batches) / len(batches)
            db_s = per_batch * worst["rows"] / 2000 / 1000
            out.append(
                f"- CSV export: {worst['rows']:,} rows in {worst['seconds']} s; its "
                f"{worst['rows'] // 2000} keyset batches take about {db_s:.1f} s in PostgreSQL, "
                f"so about {worst['seconds'] - db_s:.1f} s is Python. {SUGGESTIONS['csv']}"
            )
    out.append("")
    return "\n".join(out)


# What would fix each miss, read from the plans above; shown only while the target is missed.
SUGGESTIONS = {
    "series_period": "PostgreSQL aggregates the series and joins each claim's stored JSON "
    "(claims.item_json) with its dollar value of the day's rates; on the busiest pair (about "
    "2,800 claims, a 2.5 MB answer) a third of the query's time is looking up each claim's "
    "article (source, copy_of) and sorting the texts, and the rest of the request is three "
    "round trips, hashing the body for its ETag and sending it. `include_claims=false` "
    "answers the points alone. Next steps: keep each claim's source key with the claim (no "
    "article look-up), or cache each series body by its ETag and drop it when the pair gets a "
    "new claim or the rates change.",
    "series_stated": "As for the period axis.",
    "series_as_of": "As for the period axis.",
    "pairs": "`pair_stats` (kept in the write transactions) serves it with an index scan of a few "
    "milliseconds; the rest is building and sending an answer of about 1.3 MB for 5,000 pairs "
    "on every call. Next steps: page the list, or cache the body by its ETag and drop it on "
    "writes.",
    "csv": "The export reads plain rows in keyset batches; what remains is one CSV row of "
    "Python per claim.",
}


def _queue(a: dict[str, Any] | None, rx: dict[str, Any] | None, sync: dict[str, Any] | None) -> str:
    out = ["## 4. The job queue", ""]
    if a:
        lat = a["latency_ms_202"]
        out += [
            f"Asynchronous ingestion: the ingestion run's {a['posts']:,} posts ({a['unique']:,} "
            f"unique, {a['duplicates']} duplicates) from {a['clients']} clients with "
            f"`Prefer: respond-async`, against uvicorn with {a['api_workers']} workers and "
            f"{a['queue_workers']} queue workers (`python -m app worker`) on the same machine.",
            "",
            _table(
                [
                    "run",
                    "accepted articles/s",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "until every article is extracted",
                    "articles/s end to end",
                ],
                [
                    [
                        "async (202)",
                        a["accepted_articles_per_s"],
                        lat["p50"],
                        lat["p99"],
                        lat["max"],
                        f"{a['seconds_until_every_job_done']} s",
                        a["articles_per_s_end_to_end"],
                    ]
                ]
                + (
                    [
                        [
                            "sync (201/200), section 2",
                            sync["articles_per_s"],
                            sync["latency_ms"]["p50"],
                            sync["latency_ms"]["p99"],
                            sync["latency_ms"]["max"],
                            f"{sync['seconds']} s",
                            sync["articles_per_s"],
                        ]
                    ]
                    if sync
                    else []
                ),
            ),
            "",
            f"Statuses {a['statuses']}; jobs afterwards {a['jobs']}; articles still pending: "
            f"{a['articles_still_pending']}. Check: **{'ok' if a['check']['ok'] else 'FAILED'}** "
            f"({a['check']['articles_stored']:,} articles, {a['check']['claims_stored']:,} "
            f"claims){': ' + '; '.join(a['check']['problems']) if a['check']['problems'] else ''}.",
            "",
        ]
    if rx:
        out += [
            f"Re-extraction: {rx['articles']:,} stored article-sized texts at an older extractor "
            f"version, loaded in {rx['load_seconds']} s; `python -m app reextract --enqueue` "
            f"enqueued them in {rx['enqueue_seconds']} s ({rx['enqueued_per_s']:,}/s). Then "
            f"queue workers ran for {rx['window_seconds']:.0f} s each (counted after their "
            "first jobs, so start-up is left out):",
            "",
            _table(
                [
                    "workers",
                    "articles re-extracted",
                    "seconds",
                    "articles/s",
                    "whole store at that rate",
                ],
                [
                    [
                        x["workers"],
                        x["articles"],
                        x["seconds"],
                        x["articles_per_s"],
                        f"{x['hours_for_the_whole_store']} h",
                    ]
                    for x in rx["runs"]
                ],
            ),
            "",
            f"Jobs afterwards: {rx['jobs_after']}; claims written twice for one article: "
            f"{rx['doubled_claims']}. Workers on more machines add up: each takes the next job "
            "the database hands it (procrastinate's fetch locks it), and two cores bound two.",
            "",
        ]
    return "\n".join(out)


def render(r: dict[str, Any]) -> str:
    ts = r["targets"]
    missed = [t for t in ts if not t["met"]]
    out = [
        "# Benchmarks",
        "",
        f"Written by `{r['command']}` (`python -m benchmarks.run`, see `benchmarks/run.py`); "
        "`results.json` beside this file holds every figure. Do not edit by hand: run it again.",
        "",
        "## Machine",
        "",
        _machine(r),
        "",
        _load_note(r),
        "",
        "## Targets",
        "",
        _table(
            ["target", "measured", "goal", "met", "distance"],
            [
                [
                    t["name"],
                    t["measured"],
                    t["target"],
                    "yes" if t["met"] else "**no**",
                    t["distance"],
                ]
                for t in ts
            ],
        ),
        "",
    ]
    if r.get("articles"):
        out.append(_articles(r["articles"]))
    if r.get("russian"):
        out.append(_russian(r["russian"]))
    if r.get("length"):
        out.append(_length(r["length"]))
    if r.get("stream"):
        out.append(_stream(r["stream"]))
    if r.get("extraction"):
        out.append(_extraction(r["extraction"]))
    if r.get("ingestion"):
        out.append(_ingestion(r["ingestion"], r.get("extraction")))
    if r.get("queries"):
        out.append(_queries(r["queries"]))
    if r.get("async_ingest") or r.get("reextraction"):
        out.append(_queue(r.get("async_ingest"), r.get("reextraction"), r.get("ingestion")))
    out.append(_causes(r, missed))
    return "\n".join(out).rstrip() + "\n"
