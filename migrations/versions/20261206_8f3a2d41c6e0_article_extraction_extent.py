"""article extraction extent

Each article records whether extraction read all of its text (`complete`) or stopped at the
per-article budget (`truncated`), and where it stopped. Articles already stored were read
whole: `complete`, up to the length of their text.

Revision ID: 8f3a2d41c6e0
Revises: 5b1e0c7d9a21
Create Date: 2026-12-06 22:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8f3a2d41c6e0"
down_revision: str | None = "5b1e0c7d9a21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# a table that batch mode rebuilds on SQLite must stay AUTOINCREMENT (ids are never reused)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("articles", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(
            sa.Column("extraction", sa.String(length=10), nullable=False, server_default="complete")
        )
        batch_op.add_column(sa.Column("extracted_to", sa.Integer(), nullable=True))
    # length() counts characters on both databases, as Python's offsets do
    op.execute("UPDATE articles SET extracted_to = length(text)")
    with op.batch_alter_table("articles", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.alter_column("extraction", existing_type=sa.String(length=10), server_default=None)
        batch_op.alter_column("extracted_to", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("articles", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column("extracted_to")
        batch_op.drop_column("extraction")
