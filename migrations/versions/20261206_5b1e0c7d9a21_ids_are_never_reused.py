"""ids are never reused

SQLite tables become AUTOINCREMENT (rebuilt by batch mode, rows kept), so the id of a deleted
row is never given to a new one. PostgreSQL's sequences never reuse an id: nothing to do.

Revision ID: 5b1e0c7d9a21
Revises: c48336a43187
Create Date: 2026-12-06 22:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5b1e0c7d9a21"
down_revision: str | None = "c48336a43187"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("articles", "claims", "api_keys")


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # Rebuilding drops the old `articles`; with foreign keys on, that would cascade to every
    # claim. migrations/env.py connects without the app's pragmas, so they are off.
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("run this migration on a connection with PRAGMA foreign_keys=OFF")
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
