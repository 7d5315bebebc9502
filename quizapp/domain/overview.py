"""What the teacher's home page lists: their articles, the samples, quizzes, class sessions.

Each list is one query, its counts (questions, quizzes, students) counted by the database:
loading every question, quiz item and attempt of every row to take its length made the page's
queries and memory grow with each class a teacher ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import defer

from quizapp.domain.class_sessions import ClassSessionRow, class_session_rows
from quizapp.extensions import db
from quizapp.models import Article, ClassSession, Question, Quiz, QuizQuestion

RECENT_SESSIONS = 20


@dataclass(frozen=True)
class ArticleRow:
    article: Article
    approved: int
    waiting: int
    quizzes: int


@dataclass(frozen=True)
class SampleRow:
    article: Article
    questions: int


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    questions: int
    class_sessions: int


@dataclass(frozen=True)
class Overview:
    """The teacher's things, newest first; the samples belong to nobody."""

    articles: list[ArticleRow]
    samples: list[SampleRow]
    quizzes: list[QuizRow]
    class_sessions: list[ClassSessionRow]


def _count(model: type[Any], *where: Any) -> ScalarSelect[int]:
    """How many rows of ``model`` match, as a column of the row the conditions refer to."""
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def for_teacher(teacher_id: int) -> Overview:
    """Everything one teacher may open, and nothing of anyone else's."""
    of_article = Question.article_id == Article.id
    articles = (
        select(
            Article,
            _count(Question, of_article, Question.status == "approved"),
            _count(Question, of_article, Question.status == "generated"),
            _count(Quiz, Quiz.article_id == Article.id),
        )
        .where(Article.owner_id == teacher_id)
        .order_by(Article.id.desc())
        .options(defer(Article.body))  # up to 200 KB a row, and the page shows none of it
    )
    samples = (
        select(Article, _count(Question, of_article))
        .where(Article.owner_id.is_(None))
        .order_by(Article.id)
        .options(defer(Article.body))
    )
    quizzes = (
        select(
            Quiz,
            _count(QuizQuestion, QuizQuestion.quiz_id == Quiz.id),
            _count(ClassSession, ClassSession.quiz_id == Quiz.id),
        )
        .where(Quiz.owner_id == teacher_id)
        .order_by(Quiz.id.desc())
    )
    return Overview(
        articles=[ArticleRow(*row) for row in db.session.execute(articles)],
        samples=[SampleRow(*row) for row in db.session.execute(samples)],
        quizzes=[QuizRow(*row) for row in db.session.execute(quizzes)],
        class_sessions=class_session_rows(
            ClassSession.teacher_id == teacher_id, limit=RECENT_SESSIONS
        ),
    )
