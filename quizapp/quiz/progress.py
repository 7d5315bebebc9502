"""Where a student stands in an attempt, read for the pages a class asks for every few seconds.

A class of 200 asks for a question page, posts its answer and reads its feedback some ten
times a second. The profile of that page (py-spy under gunicorn) showed the ORM loading the
attempt, its quiz and its session as objects taking more time than everything else in the
request; the pages only read these rows (an answer is written apart, by
attempts.submit_answer), so they come as plain values in one Core query:

    progress_of(token) ── the attempt, its quiz's title and feedback, whether its class
                          session is closed, and the ids of the questions it has answered
    progress_and_question(token, number) ── the same, and the question shown as that number

Answers are written by attempts.submit_answer, which the database keeps to one a question.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import JSON, Select, String, bindparam, cast, func, select

from quizapp.extensions import db
from quizapp.models import Attempt, ClassSession, Question, Quiz, Response

NO_ATTEMPT = "No quiz attempt has this address. Check the link, or start the quiz again."
_attempt, _quiz, _session, _response, _question = (
    model.__table__ for model in (Attempt, Quiz, ClassSession, Response, Question)
)
# The answered ids travel as one "4,9,12" string: one row per attempt instead of one per answer.
_ANSWERED = (
    select(func.aggregate_strings(cast(_response.c.question_id, String), ","))
    .where(_response.c.attempt_id == _attempt.c.id)
    .scalar_subquery()
)
_ATTEMPT_ROW = (
    _attempt.c.id,
    _attempt.c.question_order,
    _quiz.c.title,
    _quiz.c.feedback_mode,
    _session.c.closed_at.is_not(None),
    _ANSWERED,
)
_ATTEMPT_COLUMNS = len(_ATTEMPT_ROW)
_QUESTION_ROW = (
    _question.c.id,
    _question.c.kind,
    _question.c.prompt,
    _question.c.choices,
    _question.c.answer,
    _question.c.explanation,
    _question.c.choice_notes,
)
_ATTEMPT_AND_QUIZ = _attempt.join(_quiz, _quiz.c.id == _attempt.c.quiz_id).outerjoin(
    _session, _session.c.id == _attempt.c.class_session_id
)
_PROGRESS = (
    select(*_ATTEMPT_ROW)
    .select_from(_ATTEMPT_AND_QUIZ)
    .where(_attempt.c.token == bindparam("token"))
)
# The question comes in the same query, found by its place in the attempt's own order (a
# JSON array, indexed in SQL by SQLite and PostgreSQL alike); a number past the end finds none.
_ASKED_ID = _attempt.c.question_order[bindparam("index", type_=JSON.JSONIndexType())].as_integer()
_PROGRESS_AND_QUESTION = (
    select(*_ATTEMPT_ROW, *_QUESTION_ROW)
    .select_from(_ATTEMPT_AND_QUIZ.outerjoin(_question, _question.c.id == _ASKED_ID))
    .where(_attempt.c.token == bindparam("token"))
)


@dataclass(frozen=True, slots=True)
class Progress:
    """An attempt as its question page sees it."""

    attempt_id: int
    token: str
    question_order: tuple[int, ...]
    quiz_title: str
    feedback_mode: str
    session_closed: bool
    answered: frozenset[int]

    @property
    def total(self) -> int:
        """How many questions the attempt asks (its max_score: one point a question)."""
        return len(self.question_order)

    def question_id(self, number: int) -> int | None:
        """The id of the question shown as ``number`` (from 1), if there is one."""
        return self.question_order[number - 1] if 1 <= number <= self.total else None

    def next_number(self) -> int | None:
        """The first unanswered question's number, where a resumed attempt goes; None when done."""
        for number, question_id in enumerate(self.question_order, start=1):
            if question_id not in self.answered:
                return number
        return None


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """What a question page shows and what marking an answer needs."""

    id: int
    kind: str
    prompt: str
    choices: tuple[str, ...]
    answer: str
    explanation: str
    # The note for each wrong choice that has one, keyed by the choice (Question.choice_notes).
    choice_notes: dict[str, str]

    def choices_for(self, token: str) -> list[str]:
        """The choices as this attempt shows them: shuffled by its token, the same on every
        visit. True and False keep their natural order, which reveals nothing."""
        choices = list(self.choices)
        if self.kind != "true_false":
            random.Random(f"{token}:{self.id}").shuffle(choices)
        return choices


def progress_of(token: str) -> Progress:
    """The attempt with this token, as its pages need it, or a 404 page."""
    row = _read(_PROGRESS, {"token": token})
    if row is None:
        abort(404, NO_ATTEMPT)
    return _progress(token, row)


def progress_and_question(token: str, number: int) -> tuple[Progress, AskedQuestion]:
    """The attempt with this token and its question ``number`` (from 1), in one query; a 404
    page if either is missing."""
    # Index -1 would ask PostgreSQL for the last question; one past an int4 fails the query.
    if not 1 <= number <= 2**31 - 1:
        abort(404)
    row = _read(_PROGRESS_AND_QUESTION, {"token": token, "index": number - 1})
    if row is None:
        abort(404, NO_ATTEMPT)
    progress = _progress(token, row)
    id_, kind, prompt, choices, answer, explanation, notes = row[_ATTEMPT_COLUMNS:]
    if id_ is None or progress.question_id(number) != id_:
        abort(404)
    asked = AskedQuestion(id_, kind, prompt, tuple(choices), answer, explanation, notes or {})
    return progress, asked


def _read(statement: Select[Any], parameters: dict[str, Any]) -> tuple[Any, ...] | None:
    """One row, on a connection of its own: the ORM session's bookkeeping cost as much as the
    query, and a read needs no part in the transaction that may write an answer after it."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # One statement is consistent by itself; without a transaction around it, a page
            # costs PostgreSQL one round trip instead of three (BEGIN, SELECT, ROLLBACK), half
            # the read's time. SQLite's transactions are in-process and cost less than the
            # switch.
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        row = connection.execute(statement, parameters).first()
    return None if row is None else tuple(row)


def _progress(token: str, row: tuple[Any, ...]) -> Progress:
    attempt_id, order, title, feedback_mode, closed, answered = row[:_ATTEMPT_COLUMNS]
    return Progress(
        attempt_id=attempt_id,
        token=token,
        question_order=tuple(order),
        quiz_title=title,
        feedback_mode=feedback_mode,
        session_closed=bool(closed),
        answered=frozenset(int(part) for part in answered.split(",")) if answered else frozenset(),
    )
