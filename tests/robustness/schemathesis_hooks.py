"""Loaded by the schemathesis CLI (SCHEMATHESIS_HOOKS) in `make test`: it sends NDJSON batch
bodies as they are, one article per line, so that media type is tested too."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx: Any, value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, list):
        return "\n".join(json.dumps(item) for item in value).encode("utf-8")
    return json.dumps(value).encode("utf-8")
