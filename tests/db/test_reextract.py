"""Re-extraction: stored articles extracted by an older extractor get the current one's claims."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import select, update

from app.db.models import Article, Claim, PairStat
from app.db.session import get_sessionmaker
from app.extract import EXTRACTOR_VERSION
from app.services.ingest import ArticleInput, store
from tests.conftest import REPO

TEXT = "Trade turnover between Kazakhstan and Russia reached $26 billion in 2022."


def test_reextract_replaces_claims_of_older_extractions(db_url: str) -> None:
    factory = get_sessionmaker(db_url)
    with factory() as session:
        item = ArticleInput(
            text=TEXT,
            html=None,
            url=None,
            title=None,
            source="wire",
            published_at=datetime(2023, 2, 1, tzinfo=UTC),
        )
        article_id = store(session, item).article.id
        # as an older extractor would have left it: a wrong figure, an old version
        session.execute(update(Claim).values(value=1.0, extractor_version="0.0.1"))
        session.execute(update(Article).values(extractor_version="0.0.1"))
        session.commit()

    out = subprocess.run(
        [sys.executable, "-m", "app", "--database-url", db_url, "reextract"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert "re-extracted 1 articles" in out.stdout

    with factory() as session:
        claims = session.scalars(select(Claim)).all()
        assert [(c.article_id, c.value, c.extractor_version) for c in claims] == [
            (article_id, 26e9, EXTRACTOR_VERSION)
        ]
        assert claims[0].period_start is not None and claims[0].period_start.year == 2022
        assert session.get(Article, article_id).extractor_version == EXTRACTOR_VERSION
        stats = session.scalars(select(PairStat)).all()
        assert [(s.pair_a, s.pair_b, s.metric, s.claims) for s in stats] == [
            ("KAZ", "RUS", "turnover", 1)
        ]

    again = subprocess.run(
        [sys.executable, "-m", "app", "--database-url", db_url, "reextract"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert "re-extracted 0 articles" in again.stdout
