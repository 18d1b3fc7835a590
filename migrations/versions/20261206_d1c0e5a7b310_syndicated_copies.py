"""syndicated copies

An article may be a syndicated copy of an earlier one (`copy_of`). Each article's MinHash
signature is kept in `article_signatures`, and its LSH bands in `article_bands`, keyed by
(band, bucket) so that the earlier articles sharing a band with a new one are one indexed
lookup. Articles stored before this revision have no signature until
`python -m app copies index` computes them (and links the copies among them).

Revision ID: d1c0e5a7b310
Revises: 8f3a2d41c6e0
Create Date: 2026-12-06 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d1c0e5a7b310"
down_revision: str | None = "8f3a2d41c6e0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# a table that batch mode rebuilds on SQLite must stay AUTOINCREMENT (ids are never reused)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("articles", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column("copy_of", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_copy_of_articles"),
            "articles",
            ["copy_of"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_articles_copy_of"), ["copy_of"], unique=False)
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_signatures_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_signatures")),
    )
    op.create_table(
        "article_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_bands_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "bucket", "article_id", name=op.f("pk_article_bands")),
    )
    with op.batch_alter_table("article_bands") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_bands_article_id"), ["article_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("article_bands") as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_bands_article_id"))
    op.drop_table("article_bands")
    op.drop_table("article_signatures")
    with op.batch_alter_table("articles", table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_copy_of"))
        batch_op.drop_constraint(batch_op.f("fk_articles_copy_of_articles"), type_="foreignkey")
        batch_op.drop_column("copy_of")
