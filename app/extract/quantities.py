"""The one door to quantulum3: a thin adapter that loads it lazily and quietly.

quantulum3 takes about two seconds to import, warns about a classifier we do not use and
calls `logging.basicConfig` on every parse. The grammar in `amounts.py` does the real work;
this adapter only serves its rare fallback and the baseline measured by the tests, so the
library is imported on first use, under a lock, with its logging call neutralised once.
"""

from __future__ import annotations

import logging
import threading
import types
import warnings
from dataclasses import dataclass
from typing import Any

_LOCK = threading.Lock()
_parser: Any = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity as quantulum3 read it, with offsets into the text it was given."""

    value: float
    unit: str  # quantulum3's unit name ("dollar", "percentage", ...)
    entity: str  # quantulum3's entity name ("currency", "dimensionless", ...)
    currency: str | None  # ISO 4217 code when quantulum3 knows one
    start: int
    end: int
    surface: str
    uncertainty: float | None


def _load() -> Any:
    global _parser
    with _LOCK:
        if _parser is None:
            with warnings.catch_warnings():
                # The optional classifier is not installed on purpose: rules disambiguate.
                warnings.simplefilter("ignore", UserWarning)
                from quantulum3 import parser
            # parse() calls logging.basicConfig each time, which would give the root logger a
            # handler behind the application's back; hand it a logging namespace without it.
            parser.logging = types.SimpleNamespace(
                basicConfig=lambda **_: None,
                root=logging.root,
                DEBUG=logging.DEBUG,
                getLogger=logging.getLogger,
            )
            _parser = parser
    return _parser


def parse(text: str) -> list[Quantity]:
    """Every quantity quantulum3 finds in `text`; an empty list if it cannot read it."""
    if not text.strip():
        return []
    parser = _load()
    try:
        found = parser.parse(text)
    except Exception:  # a third-party parser must never break extraction
        return []
    out: list[Quantity] = []
    for q in found:
        try:
            start, end = int(q.span[0]), int(q.span[1])
            out.append(
                Quantity(
                    value=float(q.value),
                    unit=str(q.unit.name),
                    entity=str(q.unit.entity.name),
                    currency=getattr(q.unit, "currency_code", None) or None,
                    start=start,
                    end=end,
                    surface=text[start:end],
                    uncertainty=float(q.uncertainty) if q.uncertainty is not None else None,
                )
            )
        except (AttributeError, TypeError, ValueError):
            continue
    return out
