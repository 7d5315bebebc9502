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
    archived: int  # how many articles, quizzes and sessions are archived


def _count(model: type[Any], *where: Any) -> ScalarSelect[int]:
    """How many rows of ``model`` match, as a column of the row the conditions refer to."""
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def for_teacher(teacher_id: int) -> Overview:
    """Everything one teacher may open, and nothing of anyone else's."""
    of_article = Question.article_id == Article.id
    # A quiz leaves the lists with its article; a session with its quiz or article.
    not_archived = (Quiz.archived_at.is_(None), Article.archived_at.is_(None))
    articles = (
        select(
            Article,
            _count(Question, of_article, Question.status == "approved"),
            _count(Question, of_article, Question.status == "generated"),
            _count(Quiz, Quiz.article_id == Article.id),
        )
        .where(Article.owner_id == teacher_id, Article.archived_at.is_(None))
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
        .join(Article, Article.id == Quiz.article_id)
        .where(Quiz.owner_id == teacher_id, *not_archived)
        .order_by(Quiz.id.desc())
    )
    return Overview(
        articles=[ArticleRow(*row) for row in db.session.execute(articles)],
        samples=[SampleRow(*row) for row in db.session.execute(samples)],
        quizzes=[QuizRow(*row) for row in db.session.execute(quizzes)],
        class_sessions=class_session_rows(
            ClassSession.teacher_id == teacher_id,
            ClassSession.archived_at.is_(None),
            *not_archived,
            limit=RECENT_SESSIONS,
        ),
        archived=_archived_count(teacher_id),
    )


def _archived_count(teacher_id: int) -> int:
    """How many of the teacher's articles, quizzes and sessions are archived."""
    return sum(
        int(db.session.scalar(select(func.count()).where(*where)) or 0)
        for where in (
            (Article.owner_id == teacher_id, Article.archived_at.is_not(None)),
            (Quiz.owner_id == teacher_id, Quiz.archived_at.is_not(None)),
            (ClassSession.teacher_id == teacher_id, ClassSession.archived_at.is_not(None)),
        )
    )


@dataclass(frozen=True)
class Archived:
    """The teacher's archived things, newest archived first."""

    articles: list[Article]
    quizzes: list[Quiz]
    class_sessions: list[ClassSessionRow]


def archived_for(teacher_id: int) -> Archived:
    """What the teacher archived: each can be opened, restored or deleted."""
    articles = (
        select(Article)
        .where(Article.owner_id == teacher_id, Article.archived_at.is_not(None))
        .order_by(Article.archived_at.desc())
        .options(defer(Article.body))
    )
    quizzes = (
        select(Quiz)
        .where(Quiz.owner_id == teacher_id, Quiz.archived_at.is_not(None))
        .order_by(Quiz.archived_at.desc())
    )
    return Archived(
        articles=list(db.session.scalars(articles)),
        quizzes=list(db.session.scalars(quizzes)),
        class_sessions=class_session_rows(
            ClassSession.teacher_id == teacher_id, ClassSession.archived_at.is_not(None)
        ),
    )
