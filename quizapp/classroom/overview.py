"""What the teacher's home page lists: their articles, the samples, quizzes and sessions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Article, ClassSession, Quiz

RECENT_SESSIONS = 20


@dataclass(frozen=True)
class Overview:
    """The teacher's things, newest first; the samples belong to nobody."""

    articles: list[Article]
    samples: list[Article]
    quizzes: list[Quiz]
    sessions: list[ClassSession]


def for_teacher(teacher_id: int) -> Overview:
    """Everything one teacher may open, and nothing of anyone else's."""
    articles = select(Article).where(Article.owner_id == teacher_id).order_by(Article.id.desc())
    samples = select(Article).where(Article.owner_id.is_(None)).order_by(Article.id)
    quizzes = select(Quiz).where(Quiz.owner_id == teacher_id).order_by(Quiz.id.desc())
    sessions = (
        select(ClassSession)
        .where(ClassSession.teacher_id == teacher_id)
        .order_by(ClassSession.id.desc())
        .limit(RECENT_SESSIONS)
    )
    return Overview(
        articles=list(db.session.scalars(articles)),
        samples=list(db.session.scalars(samples)),
        quizzes=list(db.session.scalars(quizzes)),
        sessions=list(db.session.scalars(sessions)),
    )
