"""Ids are never reused: a deleted article's id (and its claims' ids) is never given to
another row, on SQLite as on PostgreSQL, so a client holding an old id reads a 404, never
someone else's article, and a claims cursor never skips a row that took a freed id."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from alembic import command
from sqlalchemy import func, select, text

from app.db.migrate import alembic_config
from app.db.models import Article, Claim
from app.db.session import get_engine, get_sessionmaker
from tests.robustness.conftest import add_key, bearer

TEXT = "Trade turnover between Kazakhstan and Russia reached ${n} billion in 2022."


def _post(client: httpx.Client, n: int, key: dict[str, str]) -> dict[str, object]:
    r = client.post("/v1/articles", json={"text": TEXT.replace("{n}", str(n))}, headers=key)
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    assert body["claims"], body
    return body


def test_a_deleted_articles_id_is_never_given_again(client: httpx.Client, db_url: str) -> None:
    admin = bearer(add_key(db_url, "admin"))
    _post(client, 20, admin)
    last = _post(client, 21, admin)
    last_claim = max(c["id"] for c in last["claims"])  # type: ignore[union-attr]
    assert client.delete(f"/v1/articles/{last['id']}", headers=admin).status_code == 204

    after = _post(client, 22, admin)
    assert after["id"] > last["id"]  # type: ignore[operator]
    assert min(c["id"] for c in after["claims"]) > last_claim  # type: ignore[union-attr]
    assert client.get(f"/v1/articles/{last['id']}").status_code == 404


def test_the_migration_keeps_the_rows_and_stops_reuse_on_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An SQLite database made before AUTOINCREMENT: migrated, it keeps every article and
    claim, and its next ids go past the highest ever given, not past the highest left."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "c48336a43187")  # the revision before ids were protected
    engine = get_engine(url)
    with engine.begin() as conn:
        for i in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO articles (id, text_hash, text, content_type, published_at, "
                    "published_at_source, received_at, extractor_version) VALUES "
                    "(:i, :h, 'x', 'text', '2023-01-01 00:00:00', 'given', "
                    "'2023-01-01 00:00:00', 'old')"
                ),
                {"i": i, "h": f"hash-{i}"},
            )
            conn.execute(
                text(
                    "INSERT INTO claims (article_id, pair_a, pair_b, metric, measure, "
                    "approximation, modality, evidence_text, evidence_start, evidence_end, "
                    "surface, confidence, rules, extractor_version, published_at, recorded_at) "
                    "VALUES (:i, 'KAZ', 'RUS', 'turnover', 'level', 'exact', 'actual', 'x', 0, "
                    "1, 'x', 1.0, '[]', 'old', '2023-01-01 00:00:00', '2023-01-01 00:00:00')"
                ),
                {"i": i},
            )
        conn.execute(text("DELETE FROM claims WHERE article_id = 3"))
        conn.execute(text("DELETE FROM articles WHERE id = 3"))
    engine.dispose()

    command.upgrade(cfg, "head")
    with get_sessionmaker(url)() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 2
        assert s.scalar(select(func.count()).select_from(Claim)) == 2
        for table in ("articles", "claims", "api_keys"):
            sql = s.scalar(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table})
            assert "AUTOINCREMENT" in sql, table
        # the highest id left goes, and the next article does not get it again
        s.execute(text("DELETE FROM claims WHERE article_id = 2"))
        s.execute(text("DELETE FROM articles WHERE id = 2"))
        s.commit()
        now = datetime(2023, 1, 1, tzinfo=UTC)
        article = Article(
            text_hash="hash-new",
            text="x",
            content_type="text",
            published_at=now,
            published_at_source="given",
            received_at=now,
            extractor_version="new",
            extracted_to=1,
        )
        s.add(article)
        s.commit()
        assert article.id == 3
    engine.dispose()
