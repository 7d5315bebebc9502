"""Student pages: practice quizzes, joining a class, one question per page, feedback, results.

Every form posts and then redirects (POST-redirect-GET), so a reload never submits twice.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie
from flask_login import current_user
from werkzeug.wrappers import Response as WebResponse

from quizapp import recent_reads
from quizapp.domain import attempts, live, quizzes
from quizapp.domain.articles import credit_of, is_owner, readable_article
from quizapp.domain.attempts import AskedQuestion, AttemptView
from quizapp.domain.class_sessions import JoinRefused, join_session
from quizapp.domain.throttle import Client, TooManyTries, browser_of
from quizapp.student.forms import AnswerForm, JoinForm, LiveAnswerForm, RejoinForm, StartForm
from quizapp.student.question_pages import question_page

if TYPE_CHECKING:  # a type only: the pages reach the models through the domain layer
    from quizapp.models import Article

bp = Blueprint("student", __name__)
ALREADY_ANSWERED = "You already answered question {}; your first answer stands."
# How many class (and practice) attempts a browser remembers, so a shared classroom computer's
# cookie stays small.
REMEMBERED_ATTEMPTS = 20


@bp.get("/")
def index() -> str:
    """The practice quizzes, each with its article, and the form to join a class."""
    return render_template(
        "student/index.html", quizzes=quizzes.practice_quizzes(), join_form=JoinForm()
    )


@bp.route("/join", methods=["GET", "POST"])
def join() -> WebResponse | tuple[str, int]:
    """Join a class session with its code and a nickname; the same browser rejoins its attempt."""
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            client = Client(request.remote_addr or "", browser_of(cookie))
            token = join_session(form.code.data, form.nickname.data, remembered_attempts(), client)
        except TooManyTries as refusal:
            abort(429, str(refusal))
        except JoinRefused as refusal:
            form[refusal.field].errors.append(str(refusal))
        else:
            remember_attempt(token)
            return redirect(url_for(".resume", token=token))
    return render_template("student/join.html", join_form=form), 400 if form.errors else 200


def remembered_attempts(kind: str = "class") -> list[str]:
    """The tokens of the class (or practice) attempts this browser started, newest last."""
    tokens = cookie.get(f"{kind}_attempts", [])
    return [token for token in tokens if isinstance(token, str)]


def remember_attempt(token: str, kind: str = "class") -> None:
    """Keep the attempt's token in the signed session cookie, so a lost tab can rejoin it."""
    tokens = [known for known in remembered_attempts(kind) if known != token]
    cookie[f"{kind}_attempts"] = [*tokens, token][-REMEMBERED_ATTEMPTS:]


def answers_counted(token: str) -> int | None:
    """How many answers this browser's cookie says the attempt has (as this browser last read
    or answered it); None if the cookie speaks of another attempt or of none."""
    stamp = cookie.get("answers")
    if isinstance(stamp, list) and len(stamp) == 2 and stamp[0] == token:
        count = stamp[1]
        return count if isinstance(count, int) else None
    return None


def keep_read(
    attempt: AttemptView, number: int, asked: AskedQuestion | None, at: recent_reads.ReadTime
) -> None:
    """Keep a read of the attempt for this browser's next request (recent_reads.py), and
    write its count of answers into the browser's cookie, which that request must match."""
    recent_reads.keep(attempt, number, asked, at)
    stamp = [attempt.token, len(attempt.answered)]
    if cookie.get("answers") != stamp:
        cookie["answers"] = stamp


@bp.route("/rejoin/<key>", methods=["GET", "POST"])
def rejoin(key: str) -> WebResponse | str:
    """Go on with a class attempt on this device, by the one-time link the teacher gave.
    A GET only asks (a link preview must not use the key up); the POST moves the attempt."""
    if request.method == "POST":
        token = attempts.rejoin(key) if RejoinForm().validate_on_submit() else None
        if token is not None:
            remember_attempt(token)
            return redirect(url_for(".resume", token=token))
    found = attempts.attempt_to_rejoin(key)
    return render_template("student/rejoin.html", nickname=found.display_name, form=RejoinForm())


@bp.get("/articles/<slug>")
def article(slug: str) -> str:
    """A sample article, to read before or after its practice quiz; a teacher's, to its owner."""
    reader = current_user.id if current_user.is_authenticated else None
    found = readable_article(slug, reader)
    return _article_page(found, owner=is_owner(found, reader))


@bp.get("/attempts/<token>/article")
def attempt_article(token: str) -> str:
    """The article of the attempt's quiz, for whoever holds the attempt's address, with the
    way back to the attempt (or into its first question, when the class reads first)."""
    attempt = attempts.read_attempt(token)
    return _article_page(attempts.article_of(attempt), attempt=attempt)


def _article_page(article: Article, owner: bool = False, attempt: AttemptView | None = None) -> str:
    """The article to read; its owner also gets the way back to its question bank."""
    practice = [] if attempt else quizzes.practice_quizzes_of(article)
    return render_template(
        "student/article.html",
        article=article,
        credit=credit_of(article),
        practice=practice,
        owner=owner,
        attempt=attempt,
    )


@bp.route("/quizzes/<id:quiz_id>", methods=["GET", "POST"])
def start(quiz_id: int) -> WebResponse | str:
    """Start a practice quiz: each start is a new attempt with its own address."""
    quiz = quizzes.practice_quiz(quiz_id)
    form = StartForm()
    if form.validate_on_submit():
        token = attempts.start_practice(quiz, form.display_name.data or "")
        remember_attempt(token, "practice")
        return redirect(url_for(".resume", token=token))
    unfinished = attempts.unfinished_attempt(quiz, remembered_attempts("practice"))
    return render_template(
        "student/start.html",
        quiz=quiz,
        credit=credit_of(quiz.article),
        form=form,
        unfinished=unfinished,
    )


@bp.get("/attempts/<token>")
def resume(token: str) -> WebResponse:
    """Where a reload, a lost tab or a shared link goes: the first unanswered question."""
    attempt = recent_reads.recent_attempt(token, answers_counted(token))
    if attempt is None:
        attempt = attempts.read_attempt(token)
    number = attempt.next_number()
    if number is None:
        return redirect(url_for(".results", token=token))
    if attempt.follows_teacher:
        return redirect(url_for(".live_question", token=token))
    if attempt.session_closed:
        # A class the teacher led ends when the teacher ends it: the results are what's next.
        to = ".results" if attempt.teacher_paced else ".closed"
        return redirect(url_for(to, token=token))
    if attempt.reading_first:
        return redirect(url_for(".attempt_article", token=token))
    return redirect(url_for(".question", token=token, number=number))


@bp.route("/attempts/<token>/questions/<int:number>", methods=["GET", "POST"])
def question(token: str, number: int) -> WebResponse | tuple[str, int, dict[str, str]]:
    """One question; its answer is stored once, the first time it is posted."""
    posted = request.method == "POST"
    following = None
    read_at = recent_reads.read_time()
    if posted:
        # Whatever the answer does, the attempt is read again, here and on the next page
        # (unless it is stored, below): a second click's "already answered" must not bring
        # back an older count of answers with its cookie.
        recent_reads.forget(token)
        cookie.pop("answers", None)
        attempt, asked, following = attempts.attempt_and_two_questions(token, number)
    elif (kept := recent_reads.recent_question(token, number, answers_counted(token))) is not None:
        attempt, asked = kept
    else:
        attempt, asked = attempts.attempt_and_question(token, number)
        keep_read(attempt, number, asked, read_at)
    elsewhere = _not_this_question(attempt, asked, number, posted)
    if elsewhere is not None:
        return redirect(elsewhere)
    choices = asked.choices_for(token)
    errors: list[str] = []
    # A page to read needs no form object (a third of its time): the template writes the
    # choices and the CSRF token; an answer is checked by AnswerForm.
    if posted:
        form = AnswerForm()
        form.choice.choices = choices
        if form.validate():
            chosen = form.choice.data or ""
            try:
                if attempts.submit_answer(attempt, asked, chosen):
                    after = attempt.after_answer(asked, chosen)
                    keep_read(after, number + 1, following, read_at)
                else:
                    flash(ALREADY_ANSWERED.format(number), "info")
            except attempts.SessionClosed:  # closed since the page was read
                flash(f"Your answer to question {number} was not saved.", "info")
                return redirect(url_for(".closed", token=token))
            return redirect(_after_answer(attempt, number))
        if form.is_forged(choices):
            abort(400, "That answer is not one of the choices.")
        errors = form.choice.errors
    shown = {"attempt": attempt, "number": number, "question": asked, "choices": choices}
    render = partial(render_template, "student/question.html", **shown, errors=errors)
    page = question_page(attempt, number, asked, choices, render, alone=bool(errors))
    # Not kept for the back button: going back asks again, and lands on the feedback.
    return page, 400 if posted else 200, {"Cache-Control": "no-store"}


def _not_this_question(
    attempt: AttemptView, asked: AskedQuestion, number: int, posted: bool
) -> str | None:
    """Where the student goes instead of question ``number``, if anywhere: the closed page,
    past a question already answered, or to the first one not answered yet; in a class the
    teacher leads, to the question the class is on."""
    if attempt.follows_teacher:
        return url_for(".live_question", token=attempt.token)
    if attempt.session_closed:
        if posted:
            flash(f"Your answer to question {number} was not saved.", "info")
        return url_for(".closed", token=attempt.token)
    if asked.id in attempt.answered:
        if posted:
            flash(ALREADY_ANSWERED.format(number), "info")
        return _after_answer(attempt, number)
    if number != attempt.next_number():
        return url_for(".resume", token=attempt.token)
    return None


def _after_answer(attempt: AttemptView, number: int) -> str:
    if attempt.feedback_mode == "immediate":
        return url_for(".feedback", token=attempt.token, number=number)
    return url_for(".resume", token=attempt.token)


@bp.get("/attempts/<token>/questions/<int:number>/feedback")
def feedback(token: str, number: int) -> WebResponse | str:
    """Right or wrong, the right answer, why, and where the article says so."""
    shown = attempts.feedback(token, number)
    if shown is None or shown.attempt.follows_teacher:
        return redirect(url_for(".resume", token=token))
    return render_template("student/feedback.html", feedback=shown)


@bp.route("/attempts/<token>/live", methods=["GET", "POST"])
def live_question(token: str) -> WebResponse | tuple[str, int, dict[str, str]]:
    """A class the teacher leads: the question the class is on, then "waiting", then (once the
    teacher reveals it) the student's own result; the page follows the teacher by itself."""
    stage = live.stage_for(token)
    if stage is None or stage.closed:
        recent_reads.forget(token)  # resume reads what this page read
        return redirect(url_for(".resume", token=token))
    form = LiveAnswerForm()
    if form.validate_on_submit():
        problem = live.answer(token, form.number.data, form.choice.data)
        if problem is not None:
            flash(problem, "info")
        return redirect(url_for(".live_question", token=token))
    shown = live.student_view(token, stage)
    page = render_template("student/live.html", live=shown, errors=form.choice.errors)
    return page, 400 if form.errors else 200, {"Cache-Control": "no-store"}


@bp.get("/attempts/<token>/live/stage")
def live_stage(token: str) -> WebResponse:
    """The stage of the class, polled by the live page's script: 304 while it is unchanged."""
    stage = live.stage_for(token)
    response = make_response(stage.tag if stage else "none")
    response.mimetype = "text/plain"
    response.set_etag(stage.tag if stage else "none")
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.get("/attempts/<token>/results")
def results(token: str) -> WebResponse | str:
    """The score and every answer with its explanation, at an address that stays valid."""
    attempt = attempts.read_attempt(token)
    if not attempt.verdict.over:
        flash("Answer every question to see your results.", "info")
        recent_reads.forget(token)  # resume reads what this page read
        return redirect(url_for(".resume", token=token))
    again = StartForm(display_name=attempt.display_name)
    rows = attempts.result_rows(attempt)
    return render_template("student/results.html", attempt=attempt, rows=rows, form=again)


@bp.get("/attempts/<token>/closed")
def closed(token: str) -> WebResponse | str:
    """Why no more answers are taken: the teacher closed the class session."""
    attempt = attempts.read_attempt(token)
    if not attempt.session_closed:
        return redirect(url_for(".resume", token=token))
    return render_template("student/closed.html", attempt=attempt)
