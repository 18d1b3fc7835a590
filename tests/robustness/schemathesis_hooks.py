"""Loaded by the schemathesis CLI (SCHEMATHESIS_HOOKS) in `make test`: it sends NDJSON batch
bodies as they are, one article per line, so that media type is tested too; and it keeps the
generated official rows within the two rules that JSON Schema cannot state (below)."""

from __future__ import annotations

import json
import re
from typing import Any

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx: Any, value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, list):
        return "\n".join(json.dumps(item) for item in value).encode("utf-8")
    return json.dumps(value).encode("utf-8")


# -- POST /v1/official: the two rules JSON Schema cannot state -------------------------------
# A row's partner is not its reporter, and its period does not end before it starts: the
# document says so in words, and the server answers 422 to a row that breaks either. The
# generator knows neither, so a generated row that is otherwise valid is put right here
# (dates swapped, another partner), and positive cases stay positive. A row that breaks the
# schema in another way is left as it is: it stays a negative case.
def _fix_row(row: dict[str, Any]) -> None:
    from app.api import contract

    start, end = row.get("period_start"), row.get("period_end")
    dates = isinstance(start, str) and isinstance(end, str)
    if dates and _DATE.fullmatch(start) and _DATE.fullmatch(end) and end < start:
        row["period_start"], row["period_end"] = end, start
    reporter = row.get("reporter")
    if reporter == row.get("partner") and reporter in contract.COUNTRIES:
        others = [c for c in contract.COUNTRIES if c != reporter]
        row["partner"] = others[0]


def _fix_csv(text: str) -> str:
    from app.api import contract

    if not re.fullmatch(contract.official_csv()[1:-1], text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines[1:], start=1):
        cr = line.endswith("\r")
        fields = (line[:-1] if cr else line).split(",", 7)
        if len(fields) < 8:
            continue
        row = dict(zip(contract.OFFICIAL_COLUMNS, fields, strict=True))
        _fix_row(row)
        lines[i] = ",".join(row[c] for c in contract.OFFICIAL_COLUMNS) + ("\r" if cr else "")
    return "\n".join(lines)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@schemathesis.hook
def map_body(context: Any, body: Any) -> Any:
    operation = getattr(context, "operation", None)
    if operation is None or operation.path != "/v1/official":
        return body
    if isinstance(body, list):
        for row in body:
            if isinstance(row, dict):
                _fix_row(row)
    elif isinstance(body, str):
        return _fix_csv(body)
    return body
