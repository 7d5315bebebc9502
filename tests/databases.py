"""Which database the tests run on: a SQLite file per test, or PostgreSQL when asked.

With QUIZAPP_TEST_POSTGRES set (a SQLAlchemy URL such as
postgresql+psycopg://postgres@127.0.0.1:5432/test), this test run works in a schema of its
own, named after the process and a random suffix, so that two runs on one server never meet;
each test empties that schema first, and the run drops it at the end.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("QUIZAPP_TEST_POSTGRES", "")
RUN_SCHEMA = f"quizapp_test_{os.getpid()}_{secrets.token_hex(3)}"


def on_postgres() -> bool:
    return bool(POSTGRES_URL)


def database_settings(tmp_path: Path) -> dict[str, Any]:
    """The database part of a test app's settings."""
    if not on_postgres():
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}"}
    return {
        "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "connect_args": {"options": f"-csearch_path={RUN_SCHEMA}"},
            "pool_size": 40,
            "max_overflow": 10,
        },
    }


def server_url(tmp_path: Path) -> str:
    """The DATABASE_URL that an app server started by a test (gunicorn, another process)
    needs to reach that test's database: the same file, or this run's schema."""
    if not on_postgres():
        return str(database_settings(tmp_path)["SQLALCHEMY_DATABASE_URI"])
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={RUN_SCHEMA}"})
    return url.render_as_string(hide_password=False)


def reset_schema() -> None:
    """Give the next test an empty schema (on SQLite each test has a new file anyway)."""
    if on_postgres():
        _execute(f'DROP SCHEMA IF EXISTS "{RUN_SCHEMA}" CASCADE', f'CREATE SCHEMA "{RUN_SCHEMA}"')


def drop_schema() -> None:
    if on_postgres():
        _execute(f'DROP SCHEMA IF EXISTS "{RUN_SCHEMA}" CASCADE')


def describe() -> str:
    if not on_postgres():
        return "database: SQLite, a file per test"
    url = make_url(POSTGRES_URL)
    return f"database: PostgreSQL {url.host}:{url.port}/{url.database}, schema {RUN_SCHEMA}"


def _execute(*statements: str) -> None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()
