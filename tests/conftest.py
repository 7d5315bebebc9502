"""Shared fixtures: an app on a temporary database, its test client and its CLI runner.

The seed's questions are generated once per test session (spaCy is the slow part), then stored
in each test's fresh database by the same import code that `init-db` runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import databases
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from helpers import SEEDS, Generate, Student, make_config, seed_database

from quizapp import create_app
from quizapp.articles import Article, read_article_file
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

    def generate(article: Article) -> Sequence[GeneratedQuestion]:
        return cache[article.body]

    return generate


@pytest.fixture
def quiz_id(app: Flask, cached_generate: Generate) -> int:
    """The seed's practice quiz, in this test's fresh database."""
    return seed_database(app, cached_generate)


@pytest.fixture
def student(client: FlaskClient) -> Student:
    return Student(client)
