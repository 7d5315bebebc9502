"""A student's attempt at a quiz, from its start to its results: the one place that reads and
writes attempts.

    start_practice / class_sessions.join_session ─► attempt_and_question (the question
        page's query) ─► submit_answer (one a question) ─► feedback ─► result_rows, and the
        attempt's verdict (verdicts.py)

An attempt is found only by its random token, and always by one query (``_read``): the
attempt, its quiz's settings, whether its class session is closed and which questions it has
answered, and on the question and feedback pages the question shown as that number. A class of
200 asks for a question page, posts its answer and reads its feedback some ten times a second;
the profile of those pages (py-spy under gunicorn) showed the ORM loading the attempt, its quiz
and its session as objects costing more than everything else in the request, so the read comes
as plain values (Core). Its question order is fixed when it starts, and each question's choice
order is derived from the token, so a reload shows the same page.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup
from sqlalchemy import (
    JSON,
    ColumnElement,
    String,
    bindparam,
    cast,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from quizapp.domain.articles import marked_source
from quizapp.domain.errors import NotFound
from quizapp.domain.hot_reads import HotRead
from quizapp.domain.transaction import transaction
from quizapp.domain.verdicts import Verdict
from quizapp.extensions import db
from quizapp.models import (
    Article,
    Attempt,
    ClassSession,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    utcnow,
)

NO_ATTEMPT = "No quiz attempt has this address. Check the link, or start the quiz again."
# The note on a wrong choice, after the explanation (generation/explain.py writes the notes),
# stored with it in the response, a blank line between them.
CHOICE_NOTE = "You chose “{choice}”: {note}"
NOTE_BREAK = "\n\n"
# A question number past this could not be a place in any attempt (an int4 in SQL).
_LARGEST_INDEX = 2**31 - 1


# ---------------------------------------------------------------------------------------------
# Starting an attempt


def start_attempt(quiz: Quiz, display_name: str = "", shuffle: bool | None = None) -> Attempt:
    """A new attempt with its own token and question order, added to the session; the command
    that calls it (``start_practice``, ``class_sessions.join_session``) commits. ``shuffle``
    overrides the quiz's setting: a teacher-paced class sees one order, the quiz's own."""
    token = secrets.token_urlsafe(16)
    # The ids alone, in one query: loading each question would cost a query apiece.
    order = list(
        db.session.scalars(
            select(QuizQuestion.question_id)
            .where(QuizQuestion.quiz_id == quiz.id)
            .order_by(QuizQuestion.position)
        )
    )
    if quiz.shuffle if shuffle is None else shuffle:
        random.Random(token).shuffle(order)
    attempt = Attempt(
        token=token,
        quiz=quiz,
        display_name=display_name,
        question_order=order,
        max_score=len(order),
    )
    db.session.add(attempt)
    return attempt


def start_practice(quiz: Quiz, display_name: str) -> str:
    """Start a practice quiz: a new attempt, committed; returns its token."""
    with transaction():
        return start_attempt(quiz, display_name).token


# ---------------------------------------------------------------------------------------------
# Reading an attempt: one query, as plain values

_attempt, _quiz, _class_session, _response, _question = (
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
    _attempt.c.token,
    _attempt.c.question_order,
    _attempt.c.display_name,
    _attempt.c.score,
    _attempt.c.max_score,
    _attempt.c.finished_at.is_not(None),
    _quiz.c.id,
    _quiz.c.article_id,
    _quiz.c.title,
    _quiz.c.feedback_mode,
    _quiz.c.practice,
    _quiz.c.pass_mark,
    _quiz.c.read_first,
    _class_session.c.pace == "teacher",
    _class_session.c.closed_at.is_not(None),
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
    _question.c.source_sentence,
    _question.c.source_start,
    _question.c.source_end,
)
_ATTEMPT_AND_QUIZ = _attempt.join(_quiz, _quiz.c.id == _attempt.c.quiz_id).outerjoin(
    _class_session, _class_session.c.id == _attempt.c.class_session_id
)
_BY_TOKEN = HotRead(
    select(*_ATTEMPT_ROW)
    .select_from(_ATTEMPT_AND_QUIZ)
    .where(_attempt.c.token == bindparam("token"))
)


def _question_at(place: str) -> ColumnElement[int]:
    """The id of the question at the place the parameter ``place`` names in the attempt's
    own order (a JSON array, indexed in SQL by SQLite and PostgreSQL alike); a place past the
    end finds none."""
    index = bindparam(place, type_=JSON.JSONIndexType())
    question_id: ColumnElement[int] = _attempt.c.question_order[index].as_integer()
    return question_id


# The question comes in the same query, found by its place in the attempt's order.
_WITH_QUESTION = (
    select(*_ATTEMPT_ROW, *_QUESTION_ROW)
    .select_from(_ATTEMPT_AND_QUIZ.outerjoin(_question, _question.c.id == _question_at("index")))
    .where(_attempt.c.token == bindparam("token"))
)
_BY_TOKEN_WITH_QUESTION = HotRead(_WITH_QUESTION)
# An answer's read brings the question after it too, so the page that follows the answer
# needs no read of its own (recent_reads.py).
_following = _question.alias("following")
_BY_TOKEN_WITH_TWO_QUESTIONS = HotRead(
    _WITH_QUESTION.add_columns(*(_following.c[c.name] for c in _QUESTION_ROW)).outerjoin(
        _following, _following.c.id == _question_at("following")
    )
)


@dataclass(frozen=True, slots=True)
class AttemptView:
    """An attempt as every student page sees it."""

    attempt_id: int
    token: str
    question_order: tuple[int, ...]
    display_name: str
    score: int
    max_score: int
    finished: bool
    quiz_id: int
    article_id: int
    quiz_title: str
    feedback_mode: str
    practice: bool
    pass_mark: int | None
    read_first: bool
    # In a class session the teacher leads (live.py): the device follows the teacher.
    teacher_paced: bool
    session_closed: bool
    answered: frozenset[int]

    @property
    def total(self) -> int:
        """How many questions the attempt asks (its max_score: one point a question)."""
        return len(self.question_order)

    @property
    def verdict(self) -> Verdict:
        """Whether the attempt is over, and passed; with the words the pages show for it."""
        return Verdict(
            finished=self.finished,
            session_closed=self.session_closed,
            score=self.score,
            max_score=self.max_score,
            pass_mark=self.pass_mark,
        )

    def question_id(self, number: int) -> int | None:
        """The id of the question shown as ``number`` (from 1), if there is one: the one check
        of a question number against the attempt."""
        return self.question_order[number - 1] if 1 <= number <= self.total else None

    @property
    def reading_first(self) -> bool:
        """Whether the student is still to read the article: the quiz asks a class to read it
        before question 1, and they have answered nothing yet."""
        return (
            self.read_first
            and not self.answered
            and not self.session_closed
            and not self.teacher_paced
        )

    @property
    def follows_teacher(self) -> bool:
        """Whether the device shows what the teacher shows: a live class still open."""
        return self.teacher_paced and not self.session_closed

    def after_answer(self, question: AskedQuestion, chosen: str) -> AttemptView:
        """The attempt as storing this answer leaves it (``submit_answer``: one more answered,
        a point if right, finished with the last one)."""
        answered = self.answered | {question.id}
        return replace(
            self,
            answered=answered,
            score=self.score + int(question.is_right(chosen)),
            finished=self.finished or len(answered) == self.total,
        )

    def next_number(self) -> int | None:
        """The first unanswered question's number, where a resumed attempt goes; None when done."""
        for number, question_id in enumerate(self.question_order, start=1):
            if question_id not in self.answered:
                return number
        return None


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """What a question page shows, what marking an answer needs, and where the article says it."""

    id: int
    kind: str
    prompt: str
    choices: tuple[str, ...]
    answer: str
    explanation: str
    # The note for each wrong choice that has one, keyed by the choice (Question.choice_notes).
    choice_notes: dict[str, str]
    source_sentence: str
    source_start: int
    source_end: int

    def is_right(self, chosen: str) -> bool:
        """Whether ``chosen`` is the answer that scores."""
        return chosen == self.answer

    def choices_for(self, token: str) -> list[str]:
        """The choices as this attempt shows them: shuffled by its token, the same on every
        visit. True and False keep their natural order, which reveals nothing."""
        choices = list(self.choices)
        if self.kind != "true_false":
            random.Random(f"{token}:{self.id}").shuffle(choices)
        return choices


def read_attempt(token: str) -> AttemptView:
    """The attempt with this token; NotFound if there is none."""
    row = _BY_TOKEN.first({"token": token})
    if row is None:
        raise NotFound(NO_ATTEMPT)
    return _attempt_view(row)


def attempt_and_question(token: str, number: int) -> tuple[AttemptView, AskedQuestion]:
    """The question page's query: the attempt with this token and its question ``number``
    (from 1), in one query; NotFound if either is missing."""
    index = _index(number)
    row = _BY_TOKEN_WITH_QUESTION.first({"token": token, "index": index})
    return _attempt_and_asked(row, number)


def attempt_and_two_questions(
    token: str, number: int
) -> tuple[AttemptView, AskedQuestion, AskedQuestion | None]:
    """``attempt_and_question``, with question ``number + 1`` where the attempt has one: what
    an answer's request reads, in one query."""
    parameters = {"token": token, "index": _index(number), "following": _index(number + 1)}
    row = _BY_TOKEN_WITH_TWO_QUESTIONS.first(parameters)
    if row is None:
        raise NotFound(NO_ATTEMPT)
    split = len(row) - len(_QUESTION_ROW)
    attempt, asked = _attempt_and_asked(row[:split], number)
    following = row[split:]
    if following[0] is None or attempt.question_id(number + 1) != following[0]:
        return attempt, asked, None
    return attempt, asked, _asked(following)


def _index(number: int) -> int:
    """The place of question ``number`` in the attempt's order, within what SQL takes: -1
    would ask PostgreSQL for the last one."""
    return min(max(number - 1, 0), _LARGEST_INDEX)


def _attempt_and_asked(
    row: tuple[Any, ...] | None, number: int
) -> tuple[AttemptView, AskedQuestion]:
    if row is None:
        raise NotFound(NO_ATTEMPT)
    attempt = _attempt_view(row)
    fields = row[_ATTEMPT_COLUMNS:]
    if fields[0] is None or attempt.question_id(number) != fields[0]:
        raise NotFound()
    return attempt, _asked(fields)


def _asked(fields: tuple[Any, ...]) -> AskedQuestion:
    id_, kind, prompt, choices, answer, explanation, notes, sentence, start, end = fields
    return AskedQuestion(
        id_, kind, prompt, tuple(choices), answer, explanation, notes or {}, sentence, start, end
    )


def unfinished_attempt(quiz: Quiz, tokens: list[str]) -> AttemptView | None:
    """The newest of these attempts (a browser's own) at the quiz, if it is not finished, so
    its start page can offer to go on where the student stopped. An older one the student
    left by starting again stays left."""
    if not tokens:
        return None
    newest = (
        select(*_ATTEMPT_ROW)
        .select_from(_ATTEMPT_AND_QUIZ)
        .where(_attempt.c.token.in_(tokens), _attempt.c.quiz_id == quiz.id)
        .order_by(_attempt.c.id.desc())
        .limit(1)
    )
    # The start page's read, built for the occasion: not a hot read, so the session runs it.
    row = db.session.execute(newest).first()
    attempt = None if row is None else _attempt_view(tuple(row))
    return attempt if attempt is not None and not attempt.finished else None


def _attempt_view(row: tuple[Any, ...]) -> AttemptView:
    (
        attempt_id,
        token,
        order,
        display_name,
        score,
        max_score,
        finished,
        quiz_id,
        article_id,
        title,
        feedback_mode,
        practice,
        pass_mark,
        read_first,
        teacher_paced,
        closed,
        answered,
    ) = row[:_ATTEMPT_COLUMNS]
    return AttemptView(
        attempt_id=attempt_id,
        token=token,
        question_order=tuple(order),
        display_name=display_name,
        score=score,
        max_score=max_score,
        finished=bool(finished),
        quiz_id=quiz_id,
        article_id=article_id,
        quiz_title=title,
        feedback_mode=feedback_mode,
        practice=bool(practice),
        pass_mark=pass_mark,
        read_first=bool(read_first),
        teacher_paced=bool(teacher_paced),
        session_closed=bool(closed),
        answered=frozenset(int(part) for part in answered.split(",")) if answered else frozenset(),
    )


# ---------------------------------------------------------------------------------------------
# Storing an answer


def explanation_for(question: AskedQuestion, chosen: str) -> str:
    """What the feedback and results pages show after this answer: the explanation, and after
    a wrong choice that has a note, a blank line and the note, saying which choice it is about.
    Stored in the response, so a later edit of the question never rewrites what was shown."""
    note = "" if chosen == question.answer else question.choice_notes.get(chosen, "").strip()
    if not note:
        return question.explanation
    return f"{question.explanation}{NOTE_BREAK}{CHOICE_NOTE.format(choice=chosen, note=note)}"


def why(response: Response) -> list[str]:
    """What a response showed, as paragraphs: the explanation, then any note on the choice."""
    return response.explanation_shown.split(NOTE_BREAK)


class SessionClosed(Exception):
    """The class session closed before the answer could be stored: it was not stored."""


def submit_answer(
    attempt: AttemptView,
    question: AskedQuestion,
    chosen: str,
    still_open: Callable[[], None] | None = None,
) -> bool:
    """Store an answer and count it, in one transaction; False if the question was answered,
    SessionClosed if the attempt's class session is closed by then.

    The first answer always stands: the unique (attempt, question) constraint refuses a
    second, whether it comes later or races the first. The close and an answer cannot both
    win: the insert itself checks that the session is open, on PostgreSQL under a share lock
    of the session's row (which the close's UPDATE waits for), on SQLite under the one write
    lock the insert takes before it reads. ``still_open`` runs after the answer is written
    and before it counts, under that same lock: what it raises undoes the answer (a class
    the teacher leads that moved on; see live.py).
    """
    correct = question.is_right(chosen)
    of_attempt = Attempt.id == attempt.attempt_id
    closed = (
        select(ClassSession.id)
        .join(Attempt, Attempt.class_session_id == ClassSession.id)
        .where(of_attempt, ClassSession.closed_at.is_not(None))
    )
    values = {
        "attempt_id": attempt.attempt_id,
        "question_id": question.id,
        "chosen": chosen,
        "correct": correct,
        "right_answer": question.answer,
        "explanation_shown": explanation_for(question, chosen),
        "answered_at": utcnow(),
    }
    row = select(*(literal(value).label(name) for name, value in values.items()))
    store = insert(Response).from_select(list(values), row.where(~exists(closed)))
    try:
        with transaction():
            if db.engine.dialect.name == "postgresql":
                db.session.execute(
                    select(ClassSession.id)
                    .join(Attempt, Attempt.class_session_id == ClassSession.id)
                    .where(of_attempt)
                    .with_for_update(read=True, of=ClassSession)
                )
            if db.session.execute(store.returning(Response.id)).first() is None:
                raise SessionClosed()
            if still_open is not None:
                still_open()
            _count_response(attempt, correct)
    except IntegrityError:
        return False
    return True


def _count_response(attempt: AttemptView, correct: bool) -> None:
    # Updated in SQL, not in Python, so that concurrent requests cannot lose a point.
    where = Attempt.id == attempt.attempt_id
    if correct:
        db.session.execute(update(Attempt).where(where).values(score=Attempt.score + 1))
    answered = db.session.scalar(
        select(func.count(Response.id)).where(Response.attempt_id == attempt.attempt_id)
    )
    if answered == attempt.total:
        db.session.execute(
            update(Attempt).where(where, Attempt.finished_at.is_(None)).values(finished_at=utcnow())
        )


# ---------------------------------------------------------------------------------------------
# After answering: feedback, results, the article


@dataclass(frozen=True)
class Feedback:
    """What the feedback page shows: the answer as stored, and where the article says so."""

    attempt: AttemptView
    number: int
    question: AskedQuestion
    response: Response
    source: list[Markup]

    @property
    def why(self) -> list[str]:
        """The explanation shown, then any note on the student's choice."""
        return why(self.response)


def feedback(token: str, number: int) -> Feedback | None:
    """The feedback on question ``number``; None while there is none to show (not answered
    yet, or the quiz gives feedback only at the end and the attempt is not finished)."""
    attempt, asked = attempt_and_question(token, number)
    if attempt.feedback_mode == "end" and not attempt.finished:
        return None
    response = db.session.scalar(
        select(Response).where(
            Response.attempt_id == attempt.attempt_id, Response.question_id == asked.id
        )
    )
    if response is None:
        return None
    return Feedback(attempt, number, asked, response, source_of(attempt, asked))


def source_of(attempt: AttemptView, asked: AskedQuestion) -> list[Markup]:
    """The asked question's source sentence, marked in its paragraphs of the attempt's
    article (the article's body alone is read)."""
    body = db.session.scalar(select(Article.body).where(Article.id == attempt.article_id)) or ""
    return marked_source(body, asked.source_start, asked.source_end, asked.source_sentence)


@dataclass(frozen=True)
class ResultRow:
    """One question on the results page: answered, or (the session closed first) not."""

    number: int
    prompt: str
    right_answer: str
    # None for a question the student never answered: it counts as wrong.
    response: Response | None
    explanation: str

    @property
    def why(self) -> list[str]:
        """The explanation shown, then any note on the student's choice; for a question not
        answered, its explanation."""
        return why(self.response) if self.response is not None else [self.explanation]


def result_rows(attempt: AttemptView) -> list[ResultRow]:
    """Every question of the attempt in the order the student saw them (or would have), each
    with the answer given, if any."""
    responses = {
        response.question_id: response
        for response in db.session.scalars(
            select(Response).where(Response.attempt_id == attempt.attempt_id)
        )
    }
    questions = {
        id_: (prompt, answer, explanation)
        for id_, prompt, answer, explanation in db.session.execute(
            select(Question.id, Question.prompt, Question.answer, Question.explanation).where(
                Question.id.in_(attempt.question_order)
            )
        )
    }
    rows = []
    for number, question_id in enumerate(attempt.question_order, start=1):
        if question_id not in questions:
            continue  # deleted since (a teacher's question bank can change)
        prompt, answer, explanation = questions[question_id]
        response = responses.get(question_id)
        right = response.right_answer if response is not None else answer
        rows.append(ResultRow(number, prompt, right, response, explanation))
    return rows


REJOIN_USED = (
    "This link has been used, or a newer one replaced it. Ask your teacher for a new link."
)


def attempt_to_rejoin(key: str) -> Attempt:
    """The attempt a teacher's rejoin key opens, before it is used; NotFound once used."""
    attempt = db.session.scalar(select(Attempt).where(Attempt.rejoin_key == key))
    if attempt is None or not key:
        raise NotFound(REJOIN_USED)
    return attempt


def rejoin(key: str) -> str:
    """Use a rejoin key, once: the attempt's token for this browser to keep; committed."""
    with transaction():
        attempt = attempt_to_rejoin(key)
        attempt.rejoin_key = None
        return attempt.token


def article_of(attempt: AttemptView) -> Article:
    """The article of the attempt's quiz, for whoever holds the attempt's address."""
    return db.session.get_one(Article, attempt.article_id)
