"""An attempt from start to results, as plain functions the views call.

    start_attempt ─► progress.progress_and_question ─► submit_answer (one a question) ─► finished

An attempt is found only by its random token. Its question order is fixed when it starts, and
each question's choice order is derived from the token, so a reload shows the same page.
The question page reads through progress.py; the pages seen once per attempt (feedback,
results) load the models here.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from flask import abort
from markupsafe import Markup, escape
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from quizapp.extensions import db
from quizapp.models import Article, Attempt, Question, Quiz, QuizQuestion, Response, utcnow
from quizapp.quiz.progress import NO_ATTEMPT, AskedQuestion, Progress

# The note on a wrong choice, after the explanation (generation/explain.py writes the notes).
CHOICE_NOTE = "You chose “{choice}”: {note}"


def start_attempt(quiz: Quiz, display_name: str = "") -> Attempt:
    """A new attempt with its own token and question order; the caller commits."""
    token = secrets.token_urlsafe(16)
    # The ids alone, in one query: loading each question would cost a query apiece.
    order = list(
        db.session.scalars(
            select(QuizQuestion.question_id)
            .where(QuizQuestion.quiz_id == quiz.id)
            .order_by(QuizQuestion.position)
        )
    )
    if quiz.shuffle:
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


# Built once: the loader options cost more to assemble than the query costs to run.
_ATTEMPT_BY_TOKEN = (
    select(Attempt)
    .where(Attempt.token == bindparam("token"))
    .options(
        joinedload(Attempt.quiz).joinedload(Quiz.article).load_only(Article.slug, Article.title),
        joinedload(Attempt.class_session),
    )
)


def attempt_by_token(token: str) -> Attempt:
    """The attempt with this token, or a 404 page.

    Its quiz, article and class session come in the same query: the feedback, results and
    article pages all read them."""
    attempt = db.session.scalar(_ATTEMPT_BY_TOKEN, {"token": token})
    if attempt is None:
        abort(404, NO_ATTEMPT)
    return attempt


def unfinished_attempt(quiz: Quiz, tokens: list[str]) -> Attempt | None:
    """The newest of these attempts (a browser's own) at the quiz, if it is not finished, so
    its start page can offer to go on where the student stopped. An older one the student
    left by starting again stays left."""
    if not tokens:
        return None
    newest = db.session.scalar(
        select(Attempt)
        .where(Attempt.token.in_(tokens), Attempt.quiz_id == quiz.id)
        .order_by(Attempt.id.desc())
        .limit(1)
    )
    return newest if newest is not None and not newest.finished else None


def question_at(attempt: Attempt, number: int) -> Question | None:
    """The question shown as number ``number`` (from 1) in this attempt."""
    if not 1 <= number <= len(attempt.question_order):
        return None
    return db.session.get(Question, attempt.question_order[number - 1])


def find_response(attempt: Attempt, question: Question) -> Response | None:
    """The student's answer to this question in this attempt, if any."""
    return db.session.scalar(
        select(Response).where(
            Response.attempt_id == attempt.id, Response.question_id == question.id
        )
    )


def explanation_for(question: AskedQuestion, chosen: str) -> str:
    """What the feedback and results pages show after this answer: the explanation, and after
    a wrong choice that has a note, a blank line and the note, saying which choice it is about.
    Stored in the response, so a later edit of the question never rewrites what was shown."""
    note = "" if chosen == question.answer else question.choice_notes.get(chosen, "").strip()
    if not note:
        return question.explanation
    return f"{question.explanation}\n\n{CHOICE_NOTE.format(choice=chosen, note=note)}"


def submit_answer(progress: Progress, question: AskedQuestion, chosen: str) -> Response | None:
    """Store an answer and count it, in one transaction; None if the question was answered.

    The first answer always stands: the unique (attempt, question) constraint refuses a
    second, whether it comes later or races the first.
    """
    correct = chosen == question.answer
    response = Response(
        attempt_id=progress.attempt_id,
        question_id=question.id,
        chosen=chosen,
        correct=correct,
        right_answer=question.answer,
        explanation_shown=explanation_for(question, chosen),
    )
    db.session.add(response)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    _count_response(progress, correct)
    db.session.commit()
    return response


def _count_response(progress: Progress, correct: bool) -> None:
    # Updated in SQL, not in Python, so that concurrent requests cannot lose a point.
    where = Attempt.id == progress.attempt_id
    if correct:
        db.session.execute(update(Attempt).where(where).values(score=Attempt.score + 1))
    answered = db.session.scalar(
        select(func.count(Response.id)).where(Response.attempt_id == progress.attempt_id)
    )
    if answered == progress.total:
        db.session.execute(
            update(Attempt).where(where, Attempt.finished_at.is_(None)).values(finished_at=utcnow())
        )


@dataclass(frozen=True)
class ResultRow:
    """One line of the results page."""

    number: int
    question: Question
    response: Response


def result_rows(attempt: Attempt) -> list[ResultRow]:
    """Every answered question in the order the student saw them."""
    by_question = {response.question_id: response for response in attempt.responses}
    rows = []
    for number, question_id in enumerate(attempt.question_order, start=1):
        response = by_question.get(question_id)
        if response is not None:
            rows.append(ResultRow(number, response.question, response))
    return rows


def percentage(attempt: Attempt) -> int:
    """The score as a whole percentage."""
    return round(100 * attempt.score / attempt.max_score) if attempt.max_score else 0


def highlighted_source(question: Question) -> list[Markup]:
    """The paragraphs of the article that hold the source sentence, with it in <mark>.

    Empty when the offsets no longer match the article (the sentence is then shown alone).
    """
    body = question.article.body
    start, end = question.source_start, question.source_end
    if body[start:end] != question.source_sentence:
        return []
    # The offsets can take in the blank line before a paragraph; keep the mark on the words.
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    paragraphs, offset = [], 0
    for paragraph in body.split("\n\n"):
        p_start, offset = offset, offset + len(paragraph) + 2
        a, b = max(start - p_start, 0), min(end - p_start, len(paragraph))
        if a < b:
            paragraphs.append(
                escape(paragraph[:a])
                + Markup("<mark>")
                + escape(paragraph[a:b])
                + Markup("</mark>")
                + escape(paragraph[b:])
            )
    return paragraphs
