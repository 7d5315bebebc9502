"""Student pages: practice quizzes, one question per page, feedback and results.

Every form posts and then redirects (POST-redirect-GET), so a reload never submits twice.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WebResponse

from quizapp.classroom.sessions import JoinRefused, join_session
from quizapp.extensions import db, limiter, refused
from quizapp.models import Article, Quiz
from quizapp.quiz.attempts import (
    attempt_by_token,
    find_response,
    highlighted_source,
    percentage,
    question_at,
    result_rows,
    start_attempt,
    submit_answer,
    unfinished_attempt,
)
from quizapp.quiz.forms import AnswerForm, JoinForm, StartForm
from quizapp.quiz.practice import practice_quizzes
from quizapp.quiz.progress import Progress, progress_and_question, progress_of

bp = Blueprint("quiz", __name__)
ALREADY_ANSWERED = "You already answered question {}; your first answer stands."
# How many class (and practice) attempts a browser remembers, so a shared classroom computer's
# cookie stays small.
REMEMBERED_ATTEMPTS = 20


@bp.get("/")
def index() -> str:
    """The practice quizzes, each with its article, and the form to join a class."""
    return render_template("quiz/index.html", quizzes=practice_quizzes(), join_form=JoinForm())


# A class behind one school address mistypes codes too; the limit is on wrong tries only.
JOIN_LIMIT = "60 per minute; 600 per hour"


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(JOIN_LIMIT, methods=["POST"], deduct_when=refused)
def join() -> WebResponse | tuple[str, int]:
    """Join a class session with its code and a nickname; the same browser rejoins its attempt."""
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            attempt = join_session(form.code.data, form.nickname.data, remembered_attempts())
        except JoinRefused as refusal:
            form[refusal.field].errors.append(str(refusal))
        else:
            remember_attempt(attempt.token)
            return redirect(url_for(".resume", token=attempt.token))
    return render_template("quiz/join.html", join_form=form), 400 if form.errors else 200


def remembered_attempts(kind: str = "class") -> list[str]:
    """The tokens of the class (or practice) attempts this browser started, newest last."""
    tokens = session.get(f"{kind}_attempts", [])
    return [token for token in tokens if isinstance(token, str)]


def remember_attempt(token: str, kind: str = "class") -> None:
    """Keep the attempt's token in the signed session cookie, so a lost tab can rejoin it."""
    tokens = [known for known in remembered_attempts(kind) if known != token]
    session[f"{kind}_attempts"] = [*tokens, token][-REMEMBERED_ATTEMPTS:]


@bp.get("/articles/<slug>")
def article(slug: str) -> str:
    """A sample article, to read before or after its practice quiz; a teacher's, to its owner."""
    stored = db.first_or_404(select(Article).where(Article.slug == slug))
    # A slug is the title, easy to guess: a teacher's article is a 404 to everyone else, and
    # a class reads it through an attempt's address (attempt_article) instead.
    mine = current_user.is_authenticated and current_user.id == stored.owner_id
    if stored.owner_id is not None and not mine:
        abort(404)
    return render_template("quiz/article.html", article=stored)


@bp.get("/attempts/<token>/article")
def attempt_article(token: str) -> str:
    """The article of the attempt's quiz, for whoever holds the attempt's address."""
    attempt = attempt_by_token(token)
    return render_template("quiz/article.html", article=attempt.quiz.article)


@bp.route("/quizzes/<id:quiz_id>", methods=["GET", "POST"])
def start(quiz_id: int) -> WebResponse | str:
    """Start a practice quiz: each start is a new attempt with its own address."""
    quiz = db.get_or_404(Quiz, quiz_id)
    if not quiz.practice:
        abort(404)
    form = StartForm()
    if form.validate_on_submit():
        attempt = start_attempt(quiz, form.display_name.data or "")
        db.session.commit()
        remember_attempt(attempt.token, "practice")
        return redirect(url_for(".resume", token=attempt.token))
    unfinished = unfinished_attempt(quiz, remembered_attempts("practice"))
    return render_template("quiz/start.html", quiz=quiz, form=form, unfinished=unfinished)


@bp.get("/attempts/<token>")
def resume(token: str) -> WebResponse:
    """Where a reload, a lost tab or a shared link goes: the first unanswered question."""
    progress = progress_of(token)
    number = progress.next_number()
    if number is None:
        return redirect(url_for(".results", token=token))
    if progress.session_closed:
        return redirect(url_for(".closed", token=token))
    return redirect(url_for(".question", token=token, number=number))


@bp.route("/attempts/<token>/questions/<int:number>", methods=["GET", "POST"])
def question(token: str, number: int) -> WebResponse | tuple[str, int, dict[str, str]]:
    """One question; its answer is stored once, the first time it is posted."""
    progress, asked = progress_and_question(token, number)
    posted = request.method == "POST"
    if progress.session_closed:
        if posted:
            flash(f"Your answer to question {number} was not saved.", "info")
        return redirect(url_for(".closed", token=token))
    if asked.id in progress.answered:
        if posted:
            flash(ALREADY_ANSWERED.format(number), "info")
        return redirect(_after_answer(progress, number))
    if number != progress.next_number():
        return redirect(url_for(".resume", token=token))
    choices = asked.choices_for(token)
    errors: list[str] = []
    # A page to read needs no form object (a third of its time): the template writes the
    # choices and the CSRF token; an answer is checked by AnswerForm.
    if posted:
        form = AnswerForm()
        form.choice.choices = choices
        if form.validate():
            if submit_answer(progress, asked, form.choice.data or "") is None:
                flash(ALREADY_ANSWERED.format(number), "info")
            return redirect(_after_answer(progress, number))
        if form.is_forged(choices):
            abort(400, "That answer is not one of the choices.")
        errors = form.choice.errors
    page = render_template(
        "quiz/question.html",
        progress=progress,
        number=number,
        question=asked,
        choices=choices,
        errors=errors,
    )
    # Not kept for the back button: going back asks again, and lands on the feedback.
    return page, 400 if posted else 200, {"Cache-Control": "no-store"}


def _after_answer(progress: Progress, number: int) -> str:
    if progress.feedback_mode == "immediate":
        return url_for(".feedback", token=progress.token, number=number)
    return url_for(".resume", token=progress.token)


@bp.get("/attempts/<token>/questions/<int:number>/feedback")
def feedback(token: str, number: int) -> WebResponse | str:
    """Right or wrong, the right answer, why, and where the article says so."""
    attempt = attempt_by_token(token)
    asked = question_at(attempt, number) or abort(404)
    response = find_response(attempt, asked)
    if response is None or (attempt.quiz.feedback_mode == "end" and not attempt.finished):
        return redirect(url_for(".resume", token=token))
    return render_template(
        "quiz/feedback.html",
        attempt=attempt,
        number=number,
        question=asked,
        response=response,
        source=highlighted_source(asked),
    )


@bp.get("/attempts/<token>/results")
def results(token: str) -> WebResponse | str:
    """The score and every answer with its explanation, at an address that stays valid."""
    attempt = attempt_by_token(token)
    if not attempt.finished and not attempt.session_closed:
        flash("Answer every question to see your results.", "info")
        return redirect(url_for(".resume", token=token))
    again = StartForm(display_name=attempt.display_name)
    rows = result_rows(attempt)
    return render_template(
        "quiz/results.html", attempt=attempt, rows=rows, percent=percentage(attempt), form=again
    )


@bp.get("/attempts/<token>/closed")
def closed(token: str) -> WebResponse | str:
    """Why no more answers are taken: the teacher closed the class session."""
    attempt = attempt_by_token(token)
    if not attempt.session_closed:
        return redirect(url_for(".resume", token=token))
    return render_template("quiz/closed.html", attempt=attempt, answered=len(attempt.responses))
