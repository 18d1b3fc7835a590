"""Official trade statistics: rows in UN Comtrade's reporter/partner/flow layout, stored so
that posting the same rows again replaces them (one figure per reporter, partner, flow,
period and source), all of a post in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.db import repository


@dataclass(frozen=True)
class OfficialRow:
    reporter: str
    partner: str
    flow: str
    period_start: date
    period_end: date
    value: float
    currency: str
    source: str

    @property
    def key(self) -> tuple[object, ...]:
        return tuple(getattr(self, k) for k in repository.OFFICIAL_KEY)


def store(session: Session, rows: Sequence[OfficialRow]) -> tuple[int, int, int]:
    """Write the rows and commit: (rows, inserted, replaced). Of rows with the same key in one
    post, the last one stands, as if each had been posted in turn."""
    last = {r.key: r for r in rows}
    inserted, replaced = repository.upsert_official(session, [asdict(r) for r in last.values()])
    session.commit()
    return len(rows), inserted, replaced
