"""Shared fixtures: an app on a temporary database, its test client and its CLI runner.

The seed's questions are generated once per test session (spaCy is the slow part), then stored
in each test's fresh database by the same import code that `init-db` runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import databases
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SEEDS,
    TEACHER_PASSWORD,
    Generate,
    Student,
    TeacherBrowser,
    make_config,
    seed_database,
)
from playwright.sync_api import Browser, sync_playwright

from quizapp import create_app
from quizapp.domain import question_bank
from quizapp.domain.article_text import ArticleText, read_article_file
from quizapp.domain.class_sessions import open_session
from quizapp.domain.quizzes import QuizSettings, best_questions, build_quiz
from quizapp.domain.teachers import create_teacher
from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion, generate_questions

DATA = Path(__file__).parent / "data"


def pytest_report_header() -> str:
    return databases.describe()


@pytest.fixture(scope="session", autouse=True)
def run_schema() -> Iterator[None]:
    """On PostgreSQL, this run's own schema, dropped when the run ends."""
    yield
    databases.drop_schema()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    databases.reset_schema()
    app = create_app(make_config(tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()  # no connection outlives its test


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def cached_generate() -> Generate:
    """generate_questions for the seed articles, run once for the whole test session."""
    cache: dict[str, list[GeneratedQuestion]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = read_article_file(path)
        cache[article.body] = generate_questions(article.body, title=article.title)

    def generate(article: ArticleText) -> Sequence[GeneratedQuestion]:
        return cache[article.body]

    return generate


@pytest.fixture
def quiz_id(app: Flask, cached_generate: Generate) -> int:
    """The seed's practice quiz, in this test's fresh database."""
    return seed_database(app, cached_generate)


@pytest.fixture
def student(client: FlaskClient) -> Student:
    return Student(client)


@pytest.fixture(scope="session")
def generation_cache() -> dict[str, list[GeneratedQuestion]]:
    """Questions already generated in this test session, by article text."""
    return {}


@pytest.fixture
def fast_generate(
    monkeypatch: pytest.MonkeyPatch, generation_cache: dict[str, list[GeneratedQuestion]]
) -> Generate:
    """The teacher pages' generator, run once per article text for the whole test session."""
    real = question_bank.generate_for

    def generate(article: ArticleText) -> Sequence[GeneratedQuestion]:
        key = f"{article.title}\n{article.body}"
        if key not in generation_cache:
            generation_cache[key] = list(real(article))
        return generation_cache[key]

    monkeypatch.setattr(question_bank, "generate_for", generate)
    return generate


@dataclass(frozen=True)
class Classroom:
    """Ada's article (all good questions approved), a quiz of five, and an open session."""

    teacher_id: int
    article_id: int
    quiz_id: int
    session_id: int
    code: str
    question_ids: list[int]


@pytest.fixture
def classroom(app: Flask, quiz_id: int, fast_generate: Generate) -> Classroom:
    with app.app_context():
        ada = create_teacher("ada", TEACHER_PASSWORD)
        create_teacher("bob", TEACHER_PASSWORD)
        db.session.flush()
        text = (DATA / "council_story.txt").read_text()
        article, _ = question_bank.add_article(
            text, None, "test", owner_id=ada.id, generate=fast_generate
        )
        question_bank.approve_all(article)
        settings = QuizSettings("Harbour vote", "immediate", True, 60)
        quiz = build_quiz(article, ada.id, best_questions(article, 5), settings)
        class_session = open_session(quiz, ada.id)
        db.session.commit()
        return Classroom(
            ada.id,
            article.id,
            quiz.id,
            class_session.id,
            class_session.code,
            [q.id for q in quiz.questions],
        )


@pytest.fixture
def ada(app: Flask, classroom: Classroom) -> TeacherBrowser:
    """Ada, logged in, in her own browser."""
    browser = TeacherBrowser(app.test_client())
    assert browser.login("ada").status_code == 302
    return browser


@pytest.fixture
def bob(app: Flask, classroom: Classroom) -> TeacherBrowser:
    """Bob, another teacher, logged in, in his own browser."""
    browser = TeacherBrowser(app.test_client())
    assert browser.login("bob").status_code == 302
    return browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for every browser test of the run: launching it is the slow part."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
