"""The extraction engine: one article in, the claims of `shared/claim-schema.md` out.

A pure library: it imports neither FastAPI nor SQLAlchemy, and keeps no state between
articles (its tables are compiled once, read-only), so it is safe in threads and processes.
"""

from datetime import date

from app.extract.amounts import amounts
from app.extract.countries import country_name, find_countries, resolve_country
from app.extract.periods import find_periods, period_label
from app.extract.pipeline import EXTRACTOR_VERSION, Extraction, extract
from app.extract.pubdate import find_publication_date
from app.extract.text import html_publication_date, html_to_text, sentences
from app.extract.types import (
    Amount,
    Claim,
    CountryMention,
    Evidence,
    Period,
    PublicationDate,
    Span,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "Amount",
    "Claim",
    "CountryMention",
    "Evidence",
    "Extraction",
    "Period",
    "PublicationDate",
    "Span",
    "amounts",
    "country_name",
    "extract",
    "find_countries",
    "find_periods",
    "find_publication_date",
    "html_publication_date",
    "html_to_text",
    "period_label",
    "resolve_country",
    "sentences",
    "warm_up",
]


def warm_up() -> None:
    """Compile every table of every language and load quantulum3 now, so the first article
    (English or Russian) is not the slow one."""
    extract("Trade between Kazakhstan and Russia grew 5% to $16 billion in 2017.")
    extract(
        "Товарооборот между Казахстаном и Россией в 2017 году вырос на 30% и составил 16 млрд "
        "долларов, заявил президент Казахстана Нурсултан Назарбаев.",
        published_at=date(2018, 5, 15),
    )
