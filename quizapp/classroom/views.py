"""Teacher pages under /teach: articles, question review, quizzes, class sessions, exports.

Every page needs a logged-in teacher (one check for the whole blueprint, so a new page cannot
forget it), and a teacher reaches only their own things: anyone else's are a 404, as if they
did not exist.
"""

from __future__ import annotations

import dataclasses

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response as WebResponse
from wtforms import SelectChoice

from quizapp.articles import MAX_ARTICLE_BYTES, ArticleError, slugify
from quizapp.classroom import library, overview
from quizapp.classroom.forms import ArticleForm, QuestionForm, QuizForm, StatusForm
from quizapp.classroom.quizzes import QuizSettings, approved_questions, best_questions, build_quiz
from quizapp.classroom.sessions import close_session, live_results, open_session, qr_svg
from quizapp.cli import generate_for_app
from quizapp.exports import quiz_gift, results_csv, worksheet
from quizapp.extensions import db, login_manager
from quizapp.generation import ModelNotInstalledError
from quizapp.models import Article, ClassSession, Question, Quiz, utcnow
from quizapp.quiz.attempts import highlighted_source
from quizapp.wording import counted

bp = Blueprint("classroom", __name__, url_prefix="/teach")
DEFAULT_QUIZ_SIZE = 10  # "how many of the best", or every approved question when fewer


@bp.before_request
def require_login() -> WebResponse | None:
    """Every teacher page: a visitor who is not logged in is sent to the login page."""
    if current_user.is_authenticated:
        return None
    login_page: WebResponse = login_manager.unauthorized()
    return login_page


def own_article(article_id: int) -> Article:
    """The current teacher's article, or a 404 (a sample or another's is not theirs)."""
    article = db.get_or_404(Article, article_id)
    return article if article.owner_id == current_user.id else abort(404)


def own_question(question_id: int) -> Question:
    """A question of one of the current teacher's articles, or a 404."""
    question = db.get_or_404(Question, question_id)
    return question if question.article.owner_id == current_user.id else abort(404)


def own_quiz(quiz_id: int) -> Quiz:
    """The current teacher's quiz, or a 404."""
    quiz = db.get_or_404(Quiz, quiz_id)
    return quiz if quiz.owner_id == current_user.id else abort(404)


def own_session(session_id: int) -> ClassSession:
    """The current teacher's class session, or a 404."""
    session = db.get_or_404(ClassSession, session_id)
    return session if session.teacher_id == current_user.id else abort(404)


@bp.get("/")
def index() -> str:
    """The teacher's articles, the sample articles, quizzes and class sessions."""
    return render_template("classroom/index.html", page=overview.for_teacher(current_user.id))


@bp.route("/articles/new", methods=["GET", "POST"])
def new_article() -> WebResponse | tuple[str, int]:
    """Paste or upload an article; its questions are generated at once, or nothing is saved."""
    form = ArticleForm()
    if form.validate_on_submit():
        try:
            stored, new = library.add_article(
                *article_input(form), owner_id=current_user.id, generate=generate_for_app
            )
            db.session.commit()
        except (ArticleError, ModelNotInstalledError) as error:
            db.session.rollback()
            (form.upload if form.upload.data else form.body).errors.append(str(error))
        else:
            done = (
                f"{counted(len(stored.questions), 'question')} generated"
                if new
                else "already added"
            )
            flash(f"“{stored.title}”: {done}. Review them below.", "info")
            return redirect(url_for(".article", article_id=stored.id))
    return render_template("classroom/new_article.html", form=form), 400 if form.errors else 200


def article_input(form: ArticleForm) -> tuple[bytes | str, str | None, str]:
    """(text or file bytes, title, where it came from) from the article form."""
    title = form.title.data or None
    if form.upload.data:
        upload = form.upload.data
        # One byte past the limit, so that the reader refuses a huge file without reading it all.
        data = upload.read(MAX_ARTICLE_BYTES + 1)
        name = short_filename(secure_filename(upload.filename or "") or "file")
        if name.lower().endswith(".md"):
            data = library.markdown_headings_removed(data)
        return data, title, f"upload: {name}"
    return form.body.data, title, "pasted"


def short_filename(name: str, limit: int = 100) -> str:
    """The name cut to ``limit`` characters, keeping a short extension.

    A forged upload can carry a name of any length, and Article.source keeps 300 characters:
    PostgreSQL refuses a longer value (a 500), where SQLite would store it whole.
    """
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    kept = dot + extension if stem and len(extension) <= 10 else ""
    return name[: limit - len(kept)] + kept


@bp.get("/articles/<id:article_id>")
def article(article_id: int) -> str:
    """The question bank: each question beside its source sentence, marked in its paragraph."""
    stored = own_article(article_id)
    sources = {question.id: highlighted_source(question) for question in stored.questions}
    return render_template("classroom/article.html", article=stored, sources=sources)


@bp.post("/articles/<id:article_id>/approve-all")
def approve_all(article_id: int) -> WebResponse:
    """Approve every unreviewed question that passes the generator's checks."""
    stored = own_article(article_id)
    count = library.approve_all(stored)
    db.session.commit()
    flash(f"{count} question{'' if count == 1 else 's'} approved.", "info")
    return redirect(url_for(".article", article_id=article_id))


@bp.post("/articles/<id:article_id>/regenerate")
def regenerate(article_id: int) -> WebResponse:
    """Generate again: reviewed and edited questions stay, the unreviewed ones are replaced
    (those that come out the same keep their rows)."""
    stored = own_article(article_id)
    done = library.regenerate(stored, generate_for_app)
    db.session.commit()
    flash(done.message(), "info")
    return redirect(url_for(".article", article_id=article_id))


@bp.post("/articles/<id:article_id>/copy")
def copy_sample(article_id: int) -> WebResponse:
    """Copy a sample article, with its questions, into the teacher's own articles."""
    sample = db.get_or_404(Article, article_id)
    if sample.owner_id is not None:
        abort(404)
    copy = library.copy_sample(sample, current_user.id)
    db.session.commit()
    flash(f"“{copy.title}” is now in your articles.", "info")
    return redirect(url_for(".article", article_id=copy.id))


@bp.post("/questions/<id:question_id>/status")
def question_status(question_id: int) -> WebResponse:
    """Approve or reject one question, then back to it in the list."""
    question = own_question(question_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400, "That is not a question status.")
    library.set_status(question, form.status.data)
    db.session.commit()
    return redirect(url_for(".article", article_id=question.article_id) + f"#q{question.id}")


@bp.route("/questions/<id:question_id>/edit", methods=["GET", "POST"])
def edit_question(question_id: int) -> WebResponse | tuple[str, int]:
    """Rewrite a question's prompt, choices, answer or explanation; checked before saving."""
    question = own_question(question_id)
    form = QuestionForm(
        prompt=question.prompt,
        choices="\n".join(question.choices),
        answer=question.answer,
        explanation=question.explanation,
    )
    if form.validate_on_submit():
        edit = library.QuestionEdit(
            form.prompt.data.strip(), form.choice_list, form.answer.data, form.explanation.data
        )
        library.apply_edit(question, edit)
        db.session.commit()
        flash("Question saved.", "info")
        return redirect(url_for(".article", article_id=question.article_id) + f"#q{question.id}")
    page = render_template(
        "classroom/edit_question.html",
        form=form,
        question=question,
        source=highlighted_source(question),
    )
    return page, 400 if form.errors else 200


@bp.route("/articles/<id:article_id>/quizzes/new", methods=["GET", "POST"])
def new_quiz(article_id: int) -> WebResponse | tuple[str, int]:
    """A quiz of the article's approved questions: picked by hand, or the best N."""
    stored = own_article(article_id)
    approved = approved_questions(stored)
    form = QuizForm(title=stored.title, size=min(DEFAULT_QUIZ_SIZE, len(approved)) or None)
    form.questions.choices = [SelectChoice(str(q.id), q.prompt) for q in approved]
    if form.validate_on_submit():
        chosen = chosen_questions(form, stored)
        if chosen:
            settings = QuizSettings(
                form.title.data, form.feedback_mode.data, form.shuffle.data, form.pass_mark.data
            )
            quiz = build_quiz(stored, current_user.id, chosen, settings)
            db.session.commit()
            if form.selection.data == "best" and len(chosen) < form.size.data:
                flash(
                    f"The quiz has {counted(len(chosen), 'question')}, not {form.size.data}: "
                    "that is every approved question of the article.",
                    "info",
                )
            return redirect(url_for(".quiz", quiz_id=quiz.id))
        form.selection.errors.append("Approve some questions first.")
    page = render_template("classroom/new_quiz.html", form=form, article=stored, approved=approved)
    return page, 400 if form.errors else 200


def chosen_questions(form: QuizForm, article: Article) -> list[Question]:
    """The questions the quiz form asks for, all approved ones of this article."""
    if form.selection.data == "best":
        return best_questions(article, form.size.data)
    ticked = set(form.questions.data)
    return [question for question in approved_questions(article) if question.id in ticked]


@bp.get("/quizzes/<id:quiz_id>")
def quiz(quiz_id: int) -> str:
    """A quiz: its questions, its class sessions, and what can be done with it."""
    return render_template("classroom/quiz.html", quiz=own_quiz(quiz_id))


@bp.get("/quizzes/<id:quiz_id>/worksheet")
def quiz_worksheet(quiz_id: int) -> str:
    """The quiz on paper, for students: the article, then the questions."""
    found = own_quiz(quiz_id)
    return render_template("classroom/worksheet.html", quiz=found, items=worksheet(found))


@bp.get("/quizzes/<id:quiz_id>/answer-key")
def answer_key(quiz_id: int) -> str:
    """The worksheet's answers with their explanations and source sentences, for the teacher."""
    found = own_quiz(quiz_id)
    return render_template("classroom/answer_key.html", quiz=found, items=worksheet(found))


@bp.get("/quizzes/<id:quiz_id>/quiz.gift")
def quiz_as_gift(quiz_id: int) -> WebResponse:
    """The quiz in Moodle's GIFT format, to import into a Moodle question bank."""
    found = own_quiz(quiz_id)
    return download(quiz_gift(found), f"{slugify(found.title)}.gift", "text/plain")


@bp.post("/quizzes/<id:quiz_id>/sessions")
def start_session(quiz_id: int) -> WebResponse:
    """Open a class session for the quiz and show its join code."""
    session = open_session(own_quiz(quiz_id), current_user.id)
    db.session.commit()
    return redirect(url_for(".session", session_id=session.id))


@bp.get("/sessions/<id:session_id>")
def session(session_id: int) -> str:
    """The join code, the address and its QR code, large enough for a projector."""
    found = own_session(session_id)
    address = url_for("quiz.join", code=found.code, _external=True)
    return render_template("classroom/session.html", session=found, qr=qr_svg(address))


@bp.get("/sessions/<id:session_id>/dashboard")
def dashboard(session_id: int) -> str:
    """Who joined, their progress and scores, and how each question went; updated live."""
    found = own_session(session_id)
    return render_template(
        "classroom/dashboard.html",
        session=found,
        live=live_results(found),
        now_utc=utcnow().strftime("%H:%M:%S UTC"),
    )


@bp.get("/sessions/<id:session_id>/live.json")
def live(session_id: int) -> WebResponse:
    """The dashboard's data, which static/js/dashboard.js reads every few seconds."""
    response = jsonify(dataclasses.asdict(live_results(own_session(session_id))))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sessions/<id:session_id>/close", methods=["GET", "POST"])
def end_session(session_id: int) -> WebResponse | str:
    """Close the session: no more joins or answers; the results stay.

    A GET asks first: closing ends the class for every student and cannot be undone, and its
    button sat beside the dashboard's on the projected page. (One rule for both methods: with
    two, Werkzeug answers an id too large for the column with a 405 instead of a 404.)
    """
    found = own_session(session_id)
    if request.method == "GET":
        if not found.is_open:
            return redirect(url_for(".dashboard", session_id=session_id))
        return render_template("classroom/close.html", session=found, live=live_results(found))
    close_session(found)
    db.session.commit()
    flash(f"Session {found.code} is closed. Students can still see their results.", "info")
    return redirect(url_for(".dashboard", session_id=session_id))


@bp.get("/sessions/<id:session_id>/results.csv")
def results(session_id: int) -> WebResponse:
    """The session's results as CSV, a row per student, for a spreadsheet."""
    found = own_session(session_id)
    name = f"{slugify(found.quiz.title)}-{found.code}.csv"
    # The byte order mark tells Excel the file is UTF-8, so accented nicknames survive.
    return download("\ufeff" + results_csv(found), name, "text/csv")


def download(text: str, filename: str, mimetype: str) -> WebResponse:
    """A text file the browser saves rather than shows."""
    return WebResponse(
        text,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
