"""Migrations: the revisions build exactly the models' schema, and upgrades keep the data."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, inspect, select, text

from quizapp.cli import upgrade_database
from quizapp.extensions import db
from quizapp.models import Question


def test_the_migrations_build_the_models_schema(app: Flask) -> None:
    with app.app_context():
        upgrade_database()
        with db.engine.connect() as connection, warnings.catch_warnings():
            # Alembic cannot reflect expression indexes on SQLite and says so; the next test
            # checks that index directly.
            warnings.filterwarnings("ignore", message=".*expression-based index.*")
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_the_nickname_and_foreign_key_indexes_exist_after_upgrading(app: Flask) -> None:
    with app.app_context():
        upgrade_database()
        if db.engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        names = set(db.session.scalars(text(query)))
    assert "attempt_nickname_once" in names
    # Foreign keys that the lists count and the cascades follow (revision 4b7f40f0ab4c).
    assert {
        "ix_question_article_id",
        "ix_response_question_id",
        "ix_class_session_quiz_id",
    } <= names


def test_a_database_made_before_migrations_is_upgraded_in_place(
    app: Flask, runner: FlaskCliRunner, quiz_id: int
) -> None:
    """quiz_id seeds the database with create_all, as every version before migrations did."""
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Question))
        assert "alembic_version" not in inspect(db.engine).get_table_names()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == before
        assert db.session.scalar(text("SELECT version_num FROM alembic_version"))


def test_upgrading_twice_changes_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Question))
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == count


def test_nickname_keys_are_filled_in_and_alike_nicknames_both_kept(app: Flask) -> None:
    """Revision e3f1b7c9d482: "Ａｄａ" and "ada" were two nicknames under lower(); after the
    upgrade both attempts stay, and the key of the later one is made unique."""
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade(revision="c7d2a9e4b105")
        statements = [
            "INSERT INTO teacher (id, username, password_hash, created_at, session_version)"
            " VALUES (1, 'ada', 'x', '2026-01-01', 0)",
            "INSERT INTO article (id, slug, title, body, source, created_at)"
            " VALUES (1, 'a', 'A', 'Body.', 'pasted', '2026-01-01')",
            "INSERT INTO quiz (id, article_id, owner_id, title, feedback_mode, shuffle,"
            " practice, created_at) VALUES (1, 1, 1, 'Q', 'end', false, false, '2026-01-01')",
            "INSERT INTO class_session (id, quiz_id, teacher_id, code, opened_at)"
            " VALUES (1, 1, 1, 'KX4P7M', '2026-01-01')",
        ]
        for number, name in enumerate(["Ａｄａ", "ada", "Bo"], start=1):
            statements.append(
                "INSERT INTO attempt (id, token, quiz_id, class_session_id, display_name,"
                " question_order, started_at, score, max_score) VALUES"
                f" ({number}, 'token-{number}-0123456789abcdef', 1, 1, '{name}', '[]',"
                " '2026-01-01', 0, 0)"
            )
        for statement in statements:
            db.session.execute(text(statement))
        db.session.commit()
        upgrade_database()
        keys = db.session.execute(text("SELECT id, nickname_key FROM attempt ORDER BY id")).all()
    assert [tuple(row) for row in keys] == [(1, "ada"), (2, "ada#2"), (3, "bo")]
