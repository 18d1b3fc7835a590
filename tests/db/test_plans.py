"""PostgreSQL plans each execution of a statement for its own parameters: claims are skewed
(a busy pair holds thousands of times the claims of the median one), and the one generic
plan PostgreSQL may switch a prepared statement to, after psycopg has prepared it on its
fifth run, fits the small pairs and made a busy pair's series ten times slower."""

from __future__ import annotations

from sqlalchemy import text

from app.db.session import get_engine

STATEMENT = "SELECT count(*) FROM claims WHERE pair_a = :a AND pair_b = :b AND metric = :m"


def test_a_statement_run_often_on_one_connection_is_planned_for_its_parameters(
    pg_url: str,
) -> None:
    with get_engine(pg_url).connect() as conn:
        for i in range(20):
            conn.execute(text(STATEMENT), {"a": "AGO", "b": f"T{i % 3:02d}", "m": "exports"})
        plans = conn.execute(
            text(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                "WHERE statement LIKE '%FROM claims WHERE pair_a = $1%'"
            )
        ).all()
    # psycopg prepared it, and PostgreSQL planned every run after that for its parameters
    assert len(plans) == 1, plans
    generic, custom = plans[0]
    assert generic == 0
    assert custom >= 10
