"""language and speaker_original

Each article records the language it was read in (`en`, `ru`; null for a language the
extractor does not read), and each claim the speaker's name as the article writes it when its
`speaker` is a Latin form (Russian articles). Articles stored before were all read as English.

Revision ID: e2a9c4f1b803
Revises: b6e3d8f04a27
Create Date: 2026-12-07 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e2a9c4f1b803"
down_revision: str | None = "b6e3d8f04a27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# a table that batch mode rebuilds on SQLite must stay AUTOINCREMENT (ids are never reused)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("articles", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=12), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_language"), ["language"], unique=False)
    op.execute("UPDATE articles SET language = 'en'")
    with op.batch_alter_table("claims", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column("speaker_original", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column("speaker_original")
    with op.batch_alter_table("articles", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_language"))
        batch_op.drop_column("language")
