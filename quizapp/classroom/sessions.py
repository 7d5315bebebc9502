"""Class sessions: open one with a join code, let students join, watch the answers, close it.

open_session ─► code on the projector ─► join_session (nickname) ─► Attempt per student
                                         live_results ◄─ Response rows ◄─┘
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import segno
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Attempt,
    ClassSession,
    Quiz,
    Response,
    utcnow,
)
from quizapp.quiz.attempts import start_attempt

CODE_TRIES = 20


class JoinRefused(ValueError):
    """A join that cannot be done; ``field`` is the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def new_join_code() -> str:
    """Six characters from an alphabet without look-alikes (no 0/O, no 1/I/L)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def open_session(quiz: Quiz, teacher_id: int) -> ClassSession:
    """A new class session for the quiz, with a code no session ever had; the caller commits.

    With 31⁶ codes a clash is rare; the unique constraint still refuses one that two teachers
    drew at the same instant.
    """
    db.session.flush()  # the quiz needs its id, when it is new
    for _ in range(CODE_TRIES):
        code = new_join_code()
        if find_session(code) is None:
            session = ClassSession(quiz_id=quiz.id, teacher_id=teacher_id, code=code)
            db.session.add(session)
            db.session.flush()
            return session
    raise RuntimeError("No free join code was found; try again.")


def qr_svg(address: str) -> Markup:
    """A QR code of the join address as inline SVG (sized by the stylesheet, not by attributes).

    It is an image to assistive technology, named by its title.
    """
    code = segno.make(address, error="m")
    svg = code.svg_inline(scale=1, omitsize=True, svgclass="qr", title=f"QR code of {address}")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def close_session(session: ClassSession) -> None:
    """Stop further joins and answers; what was answered stays."""
    if session.closed_at is None:
        session.closed_at = utcnow()


def find_session(code: str) -> ClassSession | None:
    """The session with this join code, open or closed."""
    return db.session.scalars(select(ClassSession).where(ClassSession.code == code)).first()


def join_session(code: str, nickname: str, known_tokens: list[str]) -> Attempt:
    """The student's attempt in the session with this code, new or (same browser) resumed.

    ``known_tokens`` are the attempts this browser made before: a student who lost the tab and
    joins again with the same nickname gets their own attempt back; anyone else is told the
    nickname is taken. Commits a new attempt; raises JoinRefused.
    """
    session = find_session(code)
    if session is None:
        raise JoinRefused("code", "No class has this code. Check it with your teacher.")
    mine = _attempt_named(session, nickname)
    if mine is not None and mine.token in known_tokens:
        return mine
    if not session.is_open:
        raise JoinRefused("code", "This class session has ended; your teacher closed it.")
    if mine is not None:
        raise JoinRefused("nickname", "That nickname is taken in this class; choose another.")
    attempt = start_attempt(session.quiz, nickname)
    # The id, not the relationship: assigning that would load every attempt of the session.
    attempt.class_session_id = session.id
    try:
        db.session.commit()
    except IntegrityError:
        # Another student took the same nickname a moment ago.
        db.session.rollback()
        raise JoinRefused(
            "nickname", "That nickname is taken in this class; choose another."
        ) from None
    return attempt


def _attempt_named(session: ClassSession, nickname: str) -> Attempt | None:
    query = select(Attempt).where(
        Attempt.class_session_id == session.id,
        func.lower(Attempt.display_name) == func.lower(nickname),
    )
    return db.session.scalars(query).first()


@dataclass(frozen=True)
class StudentRow:
    """One student on the dashboard."""

    nickname: str
    answered: int
    total: int
    score: int
    finished: bool
    passed: bool | None
    state: str


@dataclass(frozen=True)
class WrongChoice:
    """A wrong choice and how many students chose it."""

    choice: str
    count: int


@dataclass(frozen=True)
class QuestionRow:
    """One question on the dashboard: how many answered, how many right, which wrong choices."""

    number: int
    prompt: str
    answer: str
    answered: int
    correct: int
    percent_correct: int | None
    wrong: list[WrongChoice] = field(default_factory=list)


@dataclass(frozen=True)
class LiveResults:
    """Everything the dashboard shows, as plain data the JSON endpoint sends too."""

    code: str
    is_open: bool
    students: list[StudentRow]
    questions: list[QuestionRow]


def live_results(session: ClassSession) -> LiveResults:
    """The session's students and questions as they stand now, in two grouped queries."""
    in_session = Attempt.class_session_id == session.id
    answered = dict(
        db.session.execute(
            select(Response.attempt_id, func.count(Response.id))
            .join(Attempt, Response.attempt_id == Attempt.id)
            .where(in_session)
            .group_by(Response.attempt_id)
        ).all()
    )
    chosen = list(
        db.session.execute(
            select(Response.question_id, Response.chosen, Response.correct, func.count(Response.id))
            .join(Attempt, Response.attempt_id == Attempt.id)
            .where(in_session)
            .group_by(Response.question_id, Response.chosen, Response.correct)
        ).all()
    )
    quiz = session.quiz
    attempts = db.session.scalars(select(Attempt).where(in_session).order_by(Attempt.id))
    closed = not session.is_open
    students = [_student_row(a, quiz, answered.get(a.id, 0), closed) for a in attempts]
    questions = _question_rows(quiz, chosen)
    return LiveResults(session.code, session.is_open, students, questions)


def attempt_state(attempt: Attempt, quiz: Quiz, closed: bool) -> tuple[bool | None, str]:
    """Whether the student passed (None: not yet, or no pass mark) and the words for it.

    Once the session is closed an unfinished attempt is over too, and is judged as the
    student's results page judges it: an unanswered question counts as wrong.
    """
    over = attempt.finished or closed
    passed = quiz.passed(attempt.score, attempt.max_score) if over else None
    verdict = {None: "", True: "passed", False: "not passed"}[passed]
    if attempt.finished:
        return passed, verdict.capitalize() or "Finished"
    if closed:
        return passed, f"Not finished, {verdict}" if verdict else "Not finished"
    return passed, "Answering"


def _student_row(attempt: Attempt, quiz: Quiz, answered: int, closed: bool) -> StudentRow:
    passed, state = attempt_state(attempt, quiz, closed)
    return StudentRow(
        nickname=attempt.display_name,
        answered=answered,
        total=attempt.max_score,
        score=attempt.score,
        finished=attempt.finished,
        passed=passed,
        state=state,
    )


def _question_rows(quiz: Quiz, chosen: Iterable[tuple[int, str, bool, int]]) -> list[QuestionRow]:
    right: Counter[int] = Counter()
    total: Counter[int] = Counter()
    wrong: dict[int, Counter[str]] = {}
    for question_id, choice, correct, count in chosen:
        total[question_id] += count
        if correct:
            right[question_id] += count
        else:
            wrong.setdefault(question_id, Counter())[choice] += count
    rows = []
    for number, question in enumerate(quiz.questions, start=1):
        picked = wrong.get(question.id, Counter())
        offered = [c for c in question.choices if c != question.answer]
        # Every wrong choice, even one nobody chose; then any chosen before an edit.
        listed = offered + [c for c in picked if c not in offered]
        answered = total[question.id]
        rows.append(
            QuestionRow(
                number=number,
                prompt=question.prompt,
                answer=question.answer,
                answered=answered,
                correct=right[question.id],
                percent_correct=round(100 * right[question.id] / answered) if answered else None,
                wrong=[WrongChoice(choice, picked[choice]) for choice in listed],
            )
        )
    return rows
