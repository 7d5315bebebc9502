"""Deleting and archiving a teacher's articles, quizzes and class sessions.

Deleting goes down the tree in the database (its foreign keys cascade): an article takes its
questions, quizzes, their class sessions and every student's answers; a quiz its sessions and
answers; a session its students' answers. Students' answers never go silently: ``delete``
refuses while more students answered than the teacher confirmed losing (``AnswersKept``), so
an answer given after the confirmation page was shown keeps the thing too.

Archiving keeps everything: the thing leaves the teacher's lists (``overview``), its results
stay reachable at their addresses, and it can be restored. An archived session is closed.
Each command commits itself (see transaction.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy import delete as delete_rows

from quizapp.domain.transaction import transaction
from quizapp.extensions import db
from quizapp.models import Article, Attempt, ClassSession, Question, Quiz, Response, utcnow
from quizapp.wording import counted

Removable = Article | Quiz | ClassSession


@dataclass(frozen=True)
class Removal:
    """What deleting a thing takes with it, counted by the database, and the words for it."""

    noun: str  # "article", "quiz", "class session"
    name: str  # "the article “Harbour vote”", "class session KX4P7M"
    questions: int
    quizzes: int
    class_sessions: int
    students: int  # students (attempts) who answered at least one question
    answers: int
    archived: bool

    @property
    def loses_answers(self) -> bool:
        """Whether deleting takes students' answers with it."""
        return self.students > 0

    @property
    def goes(self) -> list[str]:
        """What deleting takes, a line each, in a teacher's words."""
        lines = []
        if self.questions:
            lines.append(f"{counted(self.questions, 'question')} of its question bank")
        if self.quizzes:
            lines.append(f"{counted(self.quizzes, 'quiz', 'quizzes')} made from it")
        if self.class_sessions:
            lines.append(f"{counted(self.class_sessions, 'class session')} of its quizzes")
        if self.students:
            lines.append(
                f"the answers of {counted(self.students, 'student')} "
                f"({counted(self.answers, 'answer')} in all), and their results"
            )
        else:
            lines.append("no answers: no student has answered yet")
        return lines

    @property
    def answers_warning(self) -> str:
        """What the teacher ticks to delete the answers too."""
        return (
            f"Delete the answers of {counted(self.students, 'student')} too. "
            "They cannot be brought back."
        )


class AnswersKept(Exception):
    """Deleting would lose more students' answers than the teacher confirmed; nothing changed."""

    def __init__(self, removal: Removal) -> None:
        super().__init__(
            f"Nothing was deleted: {counted(removal.students, 'student')} answered. "
            "Tick the box to delete their answers too, or archive it instead."
        )
        self.removal = removal


def _scope(thing: Removable) -> tuple[str, str, ColumnElement[bool], ColumnElement[bool]]:
    """(noun, name, which quizzes, which attempts) for a thing."""
    if isinstance(thing, ClassSession):
        return (
            "class session",
            f"class session {thing.code}",
            Quiz.id == thing.quiz_id,
            Attempt.class_session_id == thing.id,
        )
    if isinstance(thing, Quiz):
        return "quiz", f"the quiz “{thing.title}”", Quiz.id == thing.id, Attempt.quiz_id == thing.id
    quizzes = select(Quiz.id).where(Quiz.article_id == thing.id)
    return (
        "article",
        f"the article “{thing.title}”",
        Quiz.article_id == thing.id,
        Attempt.quiz_id.in_(quizzes),
    )


def name_of(thing: Removable) -> str:
    """The thing as a sentence names it: "the quiz “Harbour vote”", "class session KX4P7M"."""
    return _scope(thing)[1]


def _count(query: Any) -> int:
    return int(db.session.scalar(query) or 0)


def removal_of(thing: Removable) -> Removal:
    """What deleting ``thing`` would take with it, as it stands now."""
    noun, name, of_quizzes, of_attempts = _scope(thing)
    answered = (
        select(Response.attempt_id)
        .join(Attempt, Response.attempt_id == Attempt.id)
        .where(of_attempts)
        .subquery()
    )
    is_session = isinstance(thing, ClassSession)
    sessions = select(func.count(ClassSession.id)).join(Quiz).where(of_quizzes)
    return Removal(
        noun=noun,
        name=name,
        questions=(
            _count(select(func.count(Question.id)).where(Question.article_id == thing.id))
            if isinstance(thing, Article)
            else 0
        ),
        quizzes=_count(select(func.count(Quiz.id)).where(of_quizzes))
        if isinstance(thing, Article)
        else 0,
        class_sessions=0 if is_session else _count(sessions),
        students=_count(select(func.count(distinct(answered.c.attempt_id)))),
        answers=_count(select(func.count()).select_from(answered)),
        archived=thing.archived_at is not None,
    )


def delete(thing: Removable, *, students_confirmed: int = 0) -> Removal:
    """Delete ``thing`` and everything under it, committed; returns what went.

    ``students_confirmed`` is how many students' answers the teacher agreed to lose (0 unless
    they ticked the box): when more students have answered, AnswersKept is raised and nothing
    changes.
    """
    with transaction():
        removal = removal_of(thing)
        if removal.students > students_confirmed:
            raise AnswersKept(removal)
        model = type(thing)
        db.session.execute(
            delete_rows(model).where(model.id == thing.id),
            execution_options={"synchronize_session": False},
        )
        db.session.expunge(thing)
    return removal


def archive(thing: Removable) -> None:
    """Take ``thing`` off the teacher's lists, keeping everything; an archived session is
    closed as well. Committed."""
    with transaction():
        now = utcnow()
        if thing.archived_at is None:
            thing.archived_at = now
        if isinstance(thing, ClassSession) and thing.closed_at is None:
            thing.closed_at = now


def restore(thing: Removable) -> None:
    """Put an archived thing back on the teacher's lists (a session stays closed). Committed."""
    with transaction():
        thing.archived_at = None
