"""job queue

On PostgreSQL, the job queue's tables and functions: procrastinate 3.10.0's schema, from the
copy in migrations/sql (a static file, so this migration does the same whatever procrastinate
is installed). On SQLite, which has no queue, nothing of it. On both, `job_errors`: why a job's
last attempt failed, which procrastinate does not keep.

Revision ID: e00e5a9f0869
Revises: e2a9c4f1b803
Create Date: 2026-12-07 00:00:00.000000
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "e00e5a9f0869"
down_revision: str | None = "e2a9c4f1b803"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = Path(__file__).resolve().parents[1] / "sql" / "procrastinate-3.10.0.sql"
TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)
FUNCTIONS = (
    "procrastinate_defer_jobs_v1",
    "procrastinate_defer_periodic_job_v2",
    "procrastinate_fetch_job_v2",
    "procrastinate_finish_job_v1",
    "procrastinate_cancel_job_v1",
    "procrastinate_retry_job_v1",
    "procrastinate_retry_job_v2",
    "procrastinate_notify_queue_job_inserted_v1",
    "procrastinate_notify_queue_abort_job_v1",
    "procrastinate_trigger_function_status_events_insert_v1",
    "procrastinate_trigger_function_status_events_update_v1",
    "procrastinate_trigger_function_scheduled_events_v1",
    "procrastinate_trigger_abort_requested_events_procedure_v1",
    "procrastinate_unlink_periodic_defers_v1",
    "procrastinate_register_worker_v1",
    "procrastinate_unregister_worker_v1",
    "procrastinate_update_heartbeat_v1",
    "procrastinate_prune_stalled_workers_v1",
)
TYPES = (
    "procrastinate_job_to_defer_v1",
    "procrastinate_job_event_type",
    "procrastinate_job_status",
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "job_errors",
        sa.Column("job_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_job_errors")),
    )
    if _postgres():
        # the schema is many statements (functions, triggers): psycopg runs a query without
        # parameters as a simple query, which may hold several, inside this transaction
        op.get_bind().connection.driver_connection.execute(SCHEMA.read_text(encoding="utf-8"))  # type: ignore[union-attr]


def downgrade() -> None:
    if _postgres():
        op.execute(f"DROP TABLE IF EXISTS {', '.join(TABLES)} CASCADE")
        for name in FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")
        op.execute(f"DROP TYPE IF EXISTS {', '.join(TYPES)} CASCADE")
    op.drop_table("job_errors")
