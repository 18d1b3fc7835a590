"""claim sources

`claims.copy_of` and `claims.source_key`: the article's copy_of, and the source a claim counts
under (a copy's original's source or URL, else the article's own; NULL for an article with
neither), copied from the articles so that a series counts its sources without joining them.
Filled here for the claims already stored. On PostgreSQL `ix_claims_series` also carries the
period and value (INCLUDE), so that a series' rate look-up reads the index alone.

Revision ID: 3c9e1f7a2b64
Revises: 1a3dc1ac2de7
Create Date: 2026-12-08 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c9e1f7a2b64"
down_revision: str | None = "1a3dc1ac2de7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_IDS = {"sqlite_autoincrement": True}
SERIES_COLUMNS = ["pair_a", "pair_b", "metric", "measure", "modality", "unit", "published_at"]

_KEY = (
    "CASE WHEN a.copy_of IS NOT NULL "
    "THEN COALESCE(o.source, o.url, 'article:' || CAST(a.copy_of AS TEXT)) "
    "ELSE COALESCE(a.source, a.url) END"
)


def upgrade() -> None:
    with op.batch_alter_table("claims", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column("copy_of", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_key", sa.Text(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"UPDATE claims SET copy_of = a.copy_of, source_key = {_KEY} "
            "FROM articles a LEFT JOIN articles o ON o.id = a.copy_of "
            "WHERE a.id = claims.article_id"
        )
        op.drop_index("ix_claims_series", table_name="claims")
        op.create_index(
            "ix_claims_series",
            "claims",
            SERIES_COLUMNS,
            postgresql_include=["period_start", "period_end", "value"],
        )
    else:
        op.execute(
            "UPDATE claims SET "
            "copy_of = (SELECT a.copy_of FROM articles a WHERE a.id = claims.article_id), "
            f"source_key = (SELECT {_KEY} FROM articles a LEFT JOIN articles o "
            "ON o.id = a.copy_of WHERE a.id = claims.article_id)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_claims_series", table_name="claims")
        op.create_index("ix_claims_series", "claims", SERIES_COLUMNS)
    with op.batch_alter_table("claims", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column("source_key")
        batch_op.drop_column("copy_of")
