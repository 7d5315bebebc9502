"""Teacher-paced ("live") class sessions: the teacher shows one question at a time on the
projector, reveals its answer and moves the class on; each student's device follows.

  open (lobby, number 0) ─► advance ─► question N: answers taken ─► reveal ─► tally, answer,
  explanation ─► advance ─► … after the last question, advance closes the session.

Where a session stands (its question, whether revealed, whether closed) is its ``Stage``; the
stage's tag is the ETag that students' devices poll with, so an unchanged stage costs a 304.
Accuracy first: no points for speed; a time per question only when the teacher sets one, and
then an answer after it is refused and says so. A question a student missed counts as not
answered, as on any results page.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from markupsafe import Markup
from sqlalchemy import bindparam, func, select, update

from quizapp.domain.articles import question_source
from quizapp.domain.attempts import (
    AskedQuestion,
    AttemptView,
    SessionClosed,
    attempt_and_question,
    read_attempt,
    source_of,
    submit_answer,
    why,
)
from quizapp.domain.hot_reads import HotRead
from quizapp.domain.transaction import transaction
from quizapp.extensions import db
from quizapp.models import Attempt, ClassSession, QuizQuestion, Response, utcnow

LOBBY = 0
LETTERS = string.ascii_uppercase
LEADERBOARD_SIZE = 10


class AnswerRefused(Exception):
    """An answer a teacher-paced class no longer takes; the message says why."""


@dataclass(frozen=True)
class Stage:
    """Where a teacher-paced session stands: all a student's device needs to follow it."""

    class_session_id: int
    number: int  # the question the class is on, from 1; LOBBY before the first
    total: int
    revealed: bool
    closed: bool
    deadline: datetime | None  # naive UTC: when answers to this question stop, if they do

    @property
    def tag(self) -> str:
        """The stage as an ETag: it changes exactly when a device must show something else."""
        return f"{self.class_session_id}.{self.number}.{int(self.revealed)}.{int(self.closed)}"

    @property
    def in_lobby(self) -> bool:
        return self.number == LOBBY and not self.closed

    def time_up(self, now: datetime | None = None) -> bool:
        """Whether the question's time, if it has one, has run out."""
        return self.deadline is not None and (now or utcnow()) >= self.deadline

    def seconds_left(self, now: datetime | None = None) -> int | None:
        """Whole seconds until the deadline (0 once past); None without a time limit."""
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or utcnow())).total_seconds() + 0.999))

    def refusal(self, number: int, now: datetime | None = None) -> str | None:
        """Why an answer to question ``number`` is not taken now; None when it is."""
        if self.closed:
            return "The session has ended: your answer was not counted."
        if number != self.number:
            return (
                f"The class has moved on to question {self.number}: "
                f"your answer to question {number} was not counted."
            )
        if self.revealed:
            return f"The answer to question {number} was already shown: yours was not counted."
        if self.time_up(now):
            return f"Time was up for question {number}: your answer was not counted."
        return None


_STAGE_COLUMNS = (
    ClassSession.id,
    ClassSession.current_number,
    ClassSession.revealed,
    ClassSession.closed_at.is_not(None),
    ClassSession.question_seconds,
    ClassSession.question_started_at,
)


def _stage(row: Sequence[Any], total: int) -> Stage:
    """A stage from the values of _STAGE_COLUMNS, in their order."""
    session_id, number, revealed, closed, seconds, started = row
    deadline = None
    if seconds and started is not None and number != LOBBY:
        deadline = started + timedelta(seconds=seconds)
    return Stage(session_id, number, total, bool(revealed), bool(closed), deadline)


def stage_of(class_session: ClassSession) -> Stage:
    """The stage of a session the teacher holds (read afresh, not from the loaded object)."""
    row = db.session.execute(
        select(*_STAGE_COLUMNS).where(ClassSession.id == class_session.id)
    ).one()
    total = db.session.scalar(
        select(func.count()).where(QuizQuestion.quiz_id == class_session.quiz_id)
    )
    return _stage(row, int(total or 0))


# Built once: the stage is polled every two seconds by every device of a live class.
_STAGE_BY_TOKEN = HotRead(
    select(*_STAGE_COLUMNS, Attempt.max_score)
    .join(Attempt, Attempt.class_session_id == ClassSession.id)
    .where(Attempt.token == bindparam("token"), ClassSession.pace == "teacher")
)


def stage_for(token: str) -> Stage | None:
    """The stage of the teacher-paced session this attempt belongs to, in one query; None for
    an attempt that is not in one (a practice quiz, a self-paced class)."""
    row = _STAGE_BY_TOKEN.first({"token": token})
    if row is None:
        return None
    return _stage(row[:-1], row[-1])


def _locked_stage(class_session_id: int, total: int) -> Stage:
    """The stage read with the session's row share-locked (FOR SHARE on PostgreSQL, as
    submit_answer locks it; SQLite's one writer holds its lock already), so that a reveal or
    a move on waits for this answer, or this answer sees it. A share lock, so that the class's
    answers do not wait for each other."""
    row = db.session.execute(
        select(*_STAGE_COLUMNS)
        .where(ClassSession.id == class_session_id)
        .with_for_update(read=True)
    ).one()
    return _stage(row, total)


# ---------------------------------------------------------------------------------------------
# The teacher's commands


def advance(class_session: ClassSession, from_number: int) -> None:
    """Move the class from question ``from_number`` to the next (from the lobby to question 1);
    after the last question, close the session. Committed. A second press of the same button
    (the class already moved) changes nothing."""
    stage = stage_of(class_session)
    here = (
        ClassSession.id == class_session.id,
        ClassSession.current_number == from_number,
        ClassSession.closed_at.is_(None),
    )
    with transaction():
        if from_number >= stage.total:
            db.session.execute(update(ClassSession).where(*here).values(closed_at=utcnow()))
        else:
            db.session.execute(
                update(ClassSession)
                .where(*here)
                .values(
                    current_number=from_number + 1, revealed=False, question_started_at=utcnow()
                )
            )
    db.session.refresh(class_session)


def reveal(class_session: ClassSession, number: int) -> None:
    """Show question ``number``'s answer to the class; answers to it stop. Committed; nothing
    changes if the class is elsewhere."""
    with transaction():
        db.session.execute(
            update(ClassSession)
            .where(
                ClassSession.id == class_session.id,
                ClassSession.current_number == number,
                ClassSession.closed_at.is_(None),
            )
            .values(revealed=True)
        )
    db.session.refresh(class_session)


# ---------------------------------------------------------------------------------------------
# A student's answer and view


def answer(token: str, number: int, chosen: str) -> str | None:
    """Store the student's answer to question ``number`` if the class still takes it; None
    when it is stored (or was already), else the words that say why it was not.

    The check runs again inside the answer's transaction with the session's row locked, so
    the teacher's reveal and an answer cannot both win.
    """
    stage = stage_for(token)
    if stage is None:
        return "This attempt is not in a class led by the teacher."
    problem = stage.refusal(number)
    if problem is not None:
        return problem
    attempt, asked = attempt_and_question(token, number)
    if chosen not in asked.choices:
        return "That answer is not one of the choices."

    def still_open() -> None:
        late = _locked_stage(stage.class_session_id, stage.total).refusal(number)
        if late is not None:
            raise AnswerRefused(late)

    try:
        submit_answer(attempt, asked, chosen, still_open)
    except AnswerRefused as refused:
        return str(refused)
    except SessionClosed:
        return "The session has ended: your answer was not counted."
    return None


@dataclass(frozen=True)
class StudentLive:
    """What a student's device shows of a teacher-paced session right now."""

    stage: Stage
    attempt: AttemptView
    question: AskedQuestion | None  # the question the class is on; None in the lobby
    response: Response | None  # the student's answer to it, if any
    source: list[Markup]  # the source sentence in its paragraph, once revealed

    @property
    def state(self) -> str:
        """lobby, question (to answer), waiting (answered, or time up), revealed or closed."""
        if self.stage.closed:
            return "closed"
        if self.question is None:
            return "lobby"
        if self.stage.revealed:
            return "revealed"
        if self.response is None and not self.stage.time_up():
            return "question"
        return "waiting"

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(letter, choice) in the quiz's order: the letters the projector shows."""
        return list(zip(LETTERS, self.question.choices, strict=False)) if self.question else []

    @property
    def why(self) -> list[str]:
        """The explanation the student sees after the reveal (with the note on their choice)."""
        if self.response is not None:
            return why(self.response)
        return [self.question.explanation] if self.question else []


def student_view(token: str, stage: Stage) -> StudentLive:
    """The student's device's view of the stage ``stage_for(token)`` gave."""
    if stage.number == LOBBY or stage.number > stage.total:
        return StudentLive(stage, read_attempt(token), None, None, [])
    attempt, asked = attempt_and_question(token, stage.number)
    response = db.session.scalar(
        select(Response).where(
            Response.attempt_id == attempt.attempt_id, Response.question_id == asked.id
        )
    )
    source = source_of(attempt, asked) if stage.revealed else []
    return StudentLive(stage, attempt, asked, response, source)


# ---------------------------------------------------------------------------------------------
# The projector


@dataclass(frozen=True)
class LiveChoice:
    """One choice on the projector: its letter, how many chose it, and (revealed) if right."""

    letter: str
    text: str
    count: int
    right: bool


@dataclass(frozen=True)
class Standing:
    nickname: str
    score: int


@dataclass(frozen=True)
class ProjectorLive:
    """The projector's view of a teacher-paced session."""

    stage: Stage
    joined: list[str]  # nicknames, in the order they joined
    prompt: str = ""
    choices: list[LiveChoice] | None = None
    answered: int = 0
    explanation: str = ""
    source: list[Markup] | None = None
    source_sentence: str = ""
    leaderboard: list[Standing] | None = None

    @property
    def waiting_for(self) -> int:
        """How many who joined have not answered the question yet."""
        return max(0, len(self.joined) - self.answered)


def projector_view(class_session: ClassSession) -> ProjectorLive:
    """Who joined; the current question with how many answered; once revealed, each choice's
    count, the right answer, the explanation and its source sentence (and the leaderboard, if
    the teacher asked for one). Before the reveal, nothing tells which choice is right."""
    stage = stage_of(class_session)
    people = db.session.execute(
        select(Attempt.display_name, Attempt.score)
        .where(Attempt.class_session_id == class_session.id)
        .order_by(Attempt.id)
    ).all()
    joined = [nickname for nickname, _ in people]
    if stage.number == LOBBY or stage.number > stage.total:
        return ProjectorLive(stage, joined)
    question = class_session.quiz.items[stage.number - 1].question
    counts = dict(
        db.session.execute(
            select(Response.chosen, func.count(Response.id))
            .join(Attempt, Response.attempt_id == Attempt.id)
            .where(
                Attempt.class_session_id == class_session.id,
                Response.question_id == question.id,
            )
            .group_by(Response.chosen)
        ).all()
    )
    shown = stage.revealed
    choices = [
        LiveChoice(
            letter, text, counts.get(text, 0) if shown else 0, shown and text == question.answer
        )
        for letter, text in zip(LETTERS, question.choices, strict=False)
    ]
    standings = None
    if shown and class_session.leaderboard:
        ranked = sorted(people, key=lambda person: (-person[1], person[0].casefold()))
        standings = [Standing(nickname, score) for nickname, score in ranked[:LEADERBOARD_SIZE]]
    return ProjectorLive(
        stage,
        joined,
        prompt=question.prompt,
        choices=choices,
        answered=sum(counts.values()),
        explanation=question.explanation if shown else "",
        source=(question_source(question) if shown else None),
        source_sentence=question.source_sentence if shown else "",
        leaderboard=standings,
    )
