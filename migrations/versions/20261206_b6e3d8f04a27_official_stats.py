"""official stats

Official trade statistics in UN Comtrade's layout (reporter, partner, flow, period), posted
to /v1/official; one figure per reporter, partner, flow, period and source.

Revision ID: b6e3d8f04a27
Revises: 7a4f92c1e8b5
Create Date: 2026-12-06 09:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.models

revision: str = "b6e3d8f04a27"
down_revision: str | None = "7a4f92c1e8b5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "official_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter", sa.String(length=3), nullable=False),
        sa.Column("partner", sa.String(length=3), nullable=False),
        sa.Column("flow", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("loaded_at", app.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_stats")),
        sa.UniqueConstraint(
            "reporter",
            "partner",
            "flow",
            "period_start",
            "period_end",
            "source",
            name="uq_official_stats_row",
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("official_stats")
