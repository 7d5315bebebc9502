"""`flask --app quizapp init-db`: schema, seed articles, approved questions, a practice quiz."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from helpers import SEED_QUIZ_SIZE
from sqlalchemy import func, select

from quizapp.domain.question_checks import failed_checks
from quizapp.extensions import db
from quizapp.models import Article, Question, Quiz


def counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(Article.id))) or 0,
            db.session.scalar(select(func.count(Question.id))) or 0,
            db.session.scalar(select(func.count(Quiz.id))) or 0,
        )


def test_init_db_imports_the_seed_with_a_mixed_practice_quiz(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Database ready." in result.output
    assert f"practice quiz of {SEED_QUIZ_SIZE}" in result.output
    with app.app_context():
        stored = db.session.scalars(select(Article)).one()
        assert stored.slug == "russian-and-u-s-forces-reportedly-clash-in-syria"
        assert stored.source == "seeds/000_e6c387ca501fc847.txt"
        # Approved unless a check fails; those wait for a teacher (none in the practice quiz).
        failed = failed_checks(stored)
        assert stored.questions and all(
            q.status == ("generated" if failed[q.id] else "approved") for q in stored.questions
        )
        (quiz,) = stored.quizzes
        assert quiz.practice and quiz.feedback_mode == "immediate"
        assert len(quiz.items) == SEED_QUIZ_SIZE
        kinds = Counter(q.kind for q in quiz.questions)
        # The seed's blanks and its true/false wait (made-up figures, a date a few days off).
        assert set(kinds) == {"quote", "mcq"}
        assert {q.kind for q in stored.questions} == {"quote", "mcq", "cloze", "true_false"}
        for q in quiz.questions:
            assert q.status == "approved"
            assert stored.body[q.source_start : q.source_end] == q.source_sentence


def test_init_db_again_duplicates_nothing_and_loses_nothing(
    app: Flask, runner: FlaskCliRunner
) -> None:
    assert runner.invoke(args=["init-db"]).exit_code == 0
    before = counts(app)
    with app.app_context():
        edited = db.session.scalars(select(Question)).first()
        assert edited is not None
        edited.prompt, edited.edited, edited.status = "Who won, then?", True, "rejected"
        db.session.commit()
        edited_id = edited.id
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and "already imported" in result.output
    assert counts(app) == before
    with app.app_context():
        kept = db.session.get(Question, edited_id)
        assert kept is not None
        assert (kept.prompt, kept.edited, kept.status) == ("Who won, then?", True, "rejected")


def test_init_db_rebuilds_a_missing_practice_quiz(app: Flask, runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        db.session.delete(db.session.scalars(select(Quiz)).one())
        db.session.commit()
    result = runner.invoke(args=["init-db"])
    assert f"already imported, practice quiz of {SEED_QUIZ_SIZE}" in result.output
    assert counts(app)[2] == 1


def test_init_db_reports_an_unreadable_seed(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_text("")
    app.config["SEEDS_DIR"] = str(seeds)
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 2
    assert "error: The article is empty." in result.output
