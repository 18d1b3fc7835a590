"""claim item json

`claims.item_json`: each claim as the API serves it, written once as JSON when it is stored,
so that on PostgreSQL a series of thousands of claims is their texts joined in the database
(with the ids, the article's copy_of and the US dollar value of the rates in force put around
them when read). Claims stored before keep NULL and are built by the database when read
(`python -m app reextract` rewrites them, if wanted).

Revision ID: 1a3dc1ac2de7
Revises: e00e5a9f0869
Create Date: 2026-12-07 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1a3dc1ac2de7"
down_revision: str | None = "e00e5a9f0869"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# a table that batch mode rebuilds on SQLite must stay AUTOINCREMENT (ids are never reused)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("claims", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column("item_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column("item_json")
