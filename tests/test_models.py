"""The database refuses what the app must never store: each constraint of models.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import Article, Attempt, Question, Quiz, QuizQuestion, Response


@pytest.fixture
def session(app: Flask) -> Iterator[Any]:
    with app.app_context():
        db.create_all()
        yield db.session


def article(slug: str = "a-story") -> Article:
    return Article(slug=slug, title="A story", body="Ann Lee won. Bob lost.")


def question(parent: Article, **changes: Any) -> Question:
    fields: dict[str, Any] = {
        "article": parent,
        "kind": "mcq",
        "prompt": "Who won?",
        "choices": ["Ann Lee", "Bob", "Cy"],
        "answer": "Ann Lee",
        "explanation": "The article says: Ann Lee won.",
        "source_sentence": "Ann Lee won.",
        "source_start": 0,
        "source_end": 12,
        "fact_type": "person",
        "difficulty": 1,
    }
    return Question(**(fields | changes))


def attempt(quiz: Quiz, token: str = "t" * 22) -> Attempt:
    return Attempt(token=token, quiz=quiz, question_order=[], max_score=1)


def refused(session: Any, *rows: Any) -> bool:
    """Whether the database refuses to store the rows."""
    session.add_all(rows)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return True
    return False


def test_a_whole_graph_is_stored_with_defaults(session: Any) -> None:
    story = article()
    asked = question(story)
    quiz = Quiz(article=story, title="Quiz", items=[QuizQuestion(question=asked, position=0)])
    taken = attempt(quiz)
    taken.responses.append(
        Response(question=asked, chosen="Bob", correct=False, right_answer="Ann Lee",
                 explanation_shown="The article says: Ann Lee won.")
    )  # fmt: skip
    assert not refused(session, story, taken)
    assert asked.status == "generated" and asked.edited is False
    assert quiz.feedback_mode == "immediate" and quiz.shuffle is True
    assert taken.score == 0 and taken.finished_at is None and taken.started_at is not None
    assert quiz.questions == [asked]
    assert story.paragraphs == ["Ann Lee won. Bob lost."]


def test_slugs_are_unique(session: Any) -> None:
    assert not refused(session, article("same"))
    assert refused(session, article("same"))


def test_tokens_are_unique(session: Any) -> None:
    quiz = Quiz(article=article(), title="Quiz")
    assert not refused(session, attempt(quiz, "x" * 22))
    assert refused(session, attempt(quiz, "x" * 22))


def test_a_question_is_answered_once_per_attempt(session: Any) -> None:
    story = article()
    asked = question(story)
    taken = attempt(Quiz(article=story, title="Quiz"))

    def response() -> Response:
        return Response(attempt=taken, question=asked, chosen="Bob", correct=False,
                        right_answer="Ann Lee", explanation_shown="Why.")  # fmt: skip

    assert not refused(session, response())
    assert refused(session, response())


@pytest.mark.parametrize(
    "make",
    [
        lambda s: question(s, kind="essay"),
        lambda s: question(s, status="maybe"),
        lambda s: question(s, difficulty=7),
        lambda s: question(s, source_start=5, source_end=2),
        lambda s: question(s, prompt=None),
        lambda s: Quiz(article=s, title="Quiz", feedback_mode="never"),
        lambda s: attempt(Quiz(article=s, title="Quiz"), token="short"),
    ],
    ids=["kind", "status", "difficulty", "offsets", "prompt", "feedback_mode", "short-token"],
)
def test_invalid_values_are_refused(session: Any, make: Callable[[Article], Any]) -> None:
    assert refused(session, make(article()))


def test_foreign_keys_are_enforced(session: Any) -> None:
    orphan = question(article())
    orphan.article = None  # type: ignore[assignment]
    orphan.article_id = 999
    assert refused(session, orphan)
