"""Teacher pages under /teach: articles, question review, quizzes, class sessions, exports.

Every page needs a logged-in teacher (one check for the whole blueprint, so a new page cannot
forget it), and a teacher reaches only their own things: the domain answers anyone else's with
NotFound, a 404, as if they did not exist.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

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
from werkzeug.wrappers import Response as WebResponse

from quizapp import recent_reads
from quizapp.domain import (
    attempts,
    class_sessions,
    exports,
    item_analysis,
    overview,
    question_bank,
    question_checks,
    quizzes,
    removal,
)
from quizapp.domain import live as live_mode
from quizapp.domain.article_text import slugify
from quizapp.domain.articles import (
    credit_of,
    own_article,
    own_question,
    question_source,
    sample_article,
)
from quizapp.domain.item_analysis import ReplacementRefused
from quizapp.domain.question_bank import ArticleError, ModelNotInstalledError, QuestionRefused
from quizapp.domain.removal import AnswersKept, Removable
from quizapp.domain.verdicts import UNANSWERED_FOR_TEACHER as UNANSWERED
from quizapp.extensions import login_manager
from quizapp.teacher.forms import (
    AnalysisForm,
    ArchiveForm,
    ArticleForm,
    DeleteForm,
    NewQuestionForm,
    OpenSessionForm,
    QuestionForm,
    QuizEditForm,
    QuizForm,
    RemoveStudentForm,
    StatusForm,
    StepForm,
)
from quizapp.wording import counted

if TYPE_CHECKING:  # a type only: the pages reach the models through the domain layer
    from quizapp.models import ClassSession

bp = Blueprint("teacher", __name__, url_prefix="/teach")
DEFAULT_QUIZ_SIZE = 10  # "how many of the best", or every approved question when fewer


@bp.before_request
def require_login() -> WebResponse | None:
    """Every teacher page: a visitor who is not logged in is sent to the login page."""
    if current_user.is_authenticated:
        return None
    login_page: WebResponse = login_manager.unauthorized()
    return login_page


@bp.after_request
def mark_a_change(response: WebResponse) -> WebResponse:
    """A teacher's change (a class closed, a student removed, a question edited) reaches
    students' next pages at once: their kept reads are dropped (recent_reads.py)."""
    changed = request.method not in {"GET", "HEAD", "OPTIONS"} and response.status_code < 400
    if changed and current_user.is_authenticated:  # not a visitor sent to the login page
        recent_reads.teacher_changed()
    return response


@bp.get("/")
def index() -> str:
    """The teacher's articles, the sample articles, quizzes and class sessions."""
    return render_template("teacher/index.html", page=overview.for_teacher(current_user.id))


@bp.route("/articles/new", methods=["GET", "POST"])
def new_article() -> WebResponse | tuple[str, int]:
    """Paste or upload an article; its questions are generated at once, or nothing is saved."""
    form = ArticleForm()
    if form.validate_on_submit():
        try:
            stored, new = question_bank.add_article(
                *form.article_input(), credit=form.credit(), owner_id=current_user.id
            )
        except (ArticleError, ModelNotInstalledError) as error:
            (form.upload if form.upload.data else form.body).errors.append(str(error))
        else:
            done = (
                f"{counted(len(stored.questions), 'question')} generated"
                if new
                else "already added"
            )
            flash(f"“{stored.title}”: {done}. Review them below.", "info")
            return redirect(url_for(".article", article_id=stored.id))
    return render_template("teacher/new_article.html", form=form), 400 if form.errors else 200


@bp.get("/articles/<id:article_id>")
def article(article_id: int) -> str:
    """The question bank: each question beside its source sentence, marked in its paragraph."""
    stored = own_article(article_id, current_user.id)
    return render_template(
        "teacher/article.html",
        article=stored,
        credit=credit_of(stored),
        counts=question_bank.counts(stored),
        sources=question_bank.sources(stored),
        failed=question_checks.failed_checks(stored),
        check_words=question_checks.CHECK_WORDS.values(),
    )


@bp.post("/articles/<id:article_id>/approve-all")
def approve_all(article_id: int) -> WebResponse:
    """Approve every unreviewed question that passes the generator's checks."""
    count = question_bank.approve_all(own_article(article_id, current_user.id))
    flash(f"{counted(count, 'question')} approved.", "info")
    return redirect(url_for(".article", article_id=article_id))


@bp.post("/articles/<id:article_id>/regenerate")
def regenerate(article_id: int) -> WebResponse:
    """Generate again: reviewed and edited questions stay, the unreviewed ones are replaced
    (those that come out the same keep their rows)."""
    done = question_bank.regenerate(own_article(article_id, current_user.id))
    flash(done.message(), "info")
    return redirect(url_for(".article", article_id=article_id))


@bp.post("/articles/<id:article_id>/copy")
def copy_sample(article_id: int) -> WebResponse:
    """Copy a sample article, with its questions, into the teacher's own articles."""
    copy = question_bank.copy_sample(sample_article(article_id), current_user.id)
    flash(f"“{copy.title}” is now in your articles.", "info")
    return redirect(url_for(".article", article_id=copy.id))


@bp.post("/questions/<id:question_id>/status")
def question_status(question_id: int) -> WebResponse:
    """Approve or reject one question, then back to it in the list."""
    question = own_question(question_id, current_user.id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400, "That is not a question status.")
    question_bank.review(question, form.status.data)
    return redirect(url_for(".article", article_id=question.article_id) + f"#q{question.id}")


@bp.route("/questions/<id:question_id>/edit", methods=["GET", "POST"])
def edit_question(question_id: int) -> WebResponse | tuple[str, int]:
    """Rewrite a question's prompt, choices, answer or explanation; checked before saving."""
    question = own_question(question_id, current_user.id)
    form = QuestionForm(
        prompt=question.prompt,
        choices="\n".join(question.choices),
        answer=question.answer,
        explanation=question.explanation,
    )
    if form.validate_on_submit():
        edit = question_bank.QuestionEdit(
            form.prompt.data.strip(), form.choice_list, form.answer.data, form.explanation.data
        )
        question_bank.apply_edit(question, edit)
        flash("Question saved.", f"at:q{question.id}")
        return redirect(url_for(".article", article_id=question.article_id) + f"#q{question.id}")
    page = render_template(
        "teacher/edit_question.html",
        form=form,
        question=question,
        source=question_source(question),
    )
    return page, 400 if form.errors else 200


@bp.route("/articles/<id:article_id>/questions/new", methods=["GET", "POST"])
def new_question(article_id: int) -> WebResponse | tuple[str, int]:
    """Write a question of one's own into the article's bank, checked as generated ones are."""
    stored = own_article(article_id, current_user.id)
    form = NewQuestionForm()
    if form.validate_on_submit():
        try:
            question = question_bank.write_question(stored, form.written())
        except QuestionRefused as refused:
            getattr(form, refused.field).errors.append(str(refused))
        else:
            flash("Your question is in the bank, approved.", f"at:q{question.id}")
            return redirect(url_for(".article", article_id=article_id) + f"#q{question.id}")
    page = render_template("teacher/new_question.html", form=form, article=stored)
    return page, 400 if form.errors else 200


# Why "the best N" came out short while approved questions are left: "3 other approved
# questions wait (…)".
WAITING_LEFT_OUT = (
    "{} (“served only after ten others”: each asks again what another question asks, or asks it "
    "less well). Choose “The questions I tick below” to add them."
)


@bp.route("/articles/<id:article_id>/quizzes/new", methods=["GET", "POST"])
def new_quiz(article_id: int) -> WebResponse | tuple[str, int]:
    """A quiz of the article's approved questions: picked by hand, or the best N."""
    stored = own_article(article_id, current_user.id)
    approved = quizzes.approved_questions(stored)
    size = min(DEFAULT_QUIZ_SIZE, quizzes.servable(approved))
    form = QuizForm(title=stored.title, size=size or None)
    form.offer(approved)
    if form.validate_on_submit():
        best = form.best_size()
        chosen = quizzes.chosen_questions(stored, best=best, ticked=form.questions.data)
        waiting = quizzes.waiting_left_out(approved, chosen) if best is not None else 0
        if chosen:
            quiz = quizzes.create_quiz(stored, current_user.id, chosen, form.settings())
            if best is not None and len(chosen) < best:
                why = "that is every approved question of the article."
                if waiting:
                    verb = "waits" if waiting == 1 else "wait"
                    left = f"{counted(waiting, 'other approved question')} {verb}"
                    why = WAITING_LEFT_OUT.format(left)
                flash(f"The quiz has {counted(len(chosen), 'question')}, not {best}: {why}", "info")
            return redirect(url_for(".quiz", quiz_id=quiz.id))
        if waiting:
            form.selection.errors.append(
                "Every approved question waits (“served only after ten others”): choose “The "
                "questions I tick below” and tick the ones you want."
            )
        else:
            form.selection.errors.append("Approve some questions first.")
    shown = {"article": stored, "approved": approved, "best_means": quizzes.BEST_MEANS}
    page = render_template("teacher/new_quiz.html", form=form, **shown)
    return page, 400 if form.errors else 200


@bp.get("/quizzes/<id:quiz_id>")
def quiz(quiz_id: int) -> str:
    """A quiz: its questions, its class sessions, and what can be done with it."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    rows = class_sessions.rows_of_quiz(found)
    shown = {"quiz": found, "class_session_rows": rows, "open_form": OpenSessionForm()}
    return render_template("teacher/quiz.html", **shown)


@bp.route("/quizzes/<id:quiz_id>/edit", methods=["GET", "POST"])
def edit_quiz(quiz_id: int) -> WebResponse | tuple[str, int]:
    """Change a quiz's title, settings and questions while nobody has answered it; after
    that the page offers to edit a copy."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    answered = quizzes.students_answered(found)
    offered = quizzes.offered_questions(found)
    form = QuizEditForm(
        **dataclasses.asdict(quizzes.settings_of(found)),
        questions=[item.question_id for item in found.items],
    )
    form.offer(offered)
    if not answered and form.validate_on_submit():
        quizzes.edit_quiz(found, form.settings(), form.questions.data)
        flash("Quiz saved.", "info")
        return redirect(url_for(".quiz", quiz_id=quiz_id))
    locked = quizzes.locked_words(answered) if answered else None
    page = render_template(
        "teacher/edit_quiz.html", form=form, quiz=found, offered=offered, locked=locked
    )
    return page, 400 if form.errors else 200


@bp.post("/quizzes/<id:quiz_id>/copy")
def copy_quiz(quiz_id: int) -> WebResponse:
    """A copy of the quiz, with no session, to edit."""
    copy = quizzes.copy_quiz(quizzes.own_quiz(quiz_id, current_user.id), current_user.id)
    flash(f"“{copy.title}” is a copy: change it as you like.", "info")
    return redirect(url_for(".edit_quiz", quiz_id=copy.id))


@bp.get("/quizzes/<id:quiz_id>/worksheet")
def quiz_worksheet(quiz_id: int) -> str:
    """The quiz on paper, for students: the article, then the questions."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    return render_template(
        "teacher/worksheet.html",
        quiz=found,
        credit=credit_of(found.article),
        items=exports.worksheet(found),
    )


@bp.get("/quizzes/<id:quiz_id>/answer-key")
def answer_key(quiz_id: int) -> str:
    """The worksheet's answers with their explanations and source sentences, for the teacher."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    return render_template("teacher/answer_key.html", quiz=found, items=exports.worksheet(found))


@bp.get("/quizzes/<id:quiz_id>/quiz.gift")
def quiz_as_gift(quiz_id: int) -> WebResponse:
    """The quiz in Moodle's GIFT format, to import into a Moodle question bank."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    return download(exports.quiz_gift(found), f"{slugify(found.title)}.gift", "text/plain")


@bp.post("/quizzes/<id:quiz_id>/sessions")
def open_class_session(quiz_id: int) -> WebResponse:
    """Open a class session for the quiz and show its join code; a session the teacher leads
    opens on the projector, where the class joins and the teacher starts question 1."""
    quiz = quizzes.own_quiz(quiz_id, current_user.id)
    form = OpenSessionForm()
    if not form.validate_on_submit():
        for message in [m for errors in form.errors.values() for m in errors]:
            flash(f"No session was opened: {message}", "info")
        return redirect(url_for(".quiz", quiz_id=quiz_id) + "#live-heading")
    opened = class_sessions.open_session(quiz, current_user.id, form.pacing())
    to = ".projector" if opened.teacher_paced else ".join_code"
    return redirect(url_for(to, session_id=opened.id))


@bp.get("/sessions/<id:session_id>")
def join_code(session_id: int) -> str:
    """The join code, the address and its QR code, large enough for a projector."""
    found = class_sessions.own_session(session_id, current_user.id)
    address = class_sessions.join_address(request.host_url, url_for("student.join"), found.code)
    qr = class_sessions.qr_svg(address.scanned)
    return render_template("teacher/join_code.html", class_session=found, address=address, qr=qr)


@bp.get("/sessions/<id:session_id>/projector")
def projector(session_id: int) -> tuple[str, int, dict[str, str]]:
    """For the class to see: the join code, who joined and how far they are, and how each
    question went, without the right answers until the teacher shows them
    (``?answers=shown``). ``?part=live`` is the part its script redraws every few seconds."""
    found = class_sessions.own_session(session_id, current_user.id)
    if found.teacher_paced and found.is_open:
        return lead(found)
    address = class_sessions.join_address(request.host_url, url_for("student.join"), found.code)
    shown = {
        "class_session": found,
        "live": class_sessions.live_results(found),
        "answers_shown": request.args.get("answers") == "shown",
        "address": address,
        "qr": class_sessions.qr_svg(address.scanned),
    }
    part = request.args.get("part") == "live"
    page = render_template(f"teacher/{'_projector_live' if part else 'projector'}.html", **shown)
    return page, 200, {"Cache-Control": "no-store"}


def lead(found: ClassSession) -> tuple[str, int, dict[str, str]]:
    """The projector of a class the teacher leads: the lobby with the join code, then each
    question large with how many answered, and after the reveal each choice's count, the
    right answer, its explanation and source (``?part=live`` is what its script redraws)."""
    address = class_sessions.join_address(request.host_url, url_for("student.join"), found.code)
    shown = {
        "class_session": found,
        "live": live_mode.projector_view(found),
        "address": address,
        "qr": class_sessions.qr_svg(address.scanned),
    }
    part = request.args.get("part") == "live"
    page = render_template(f"teacher/{'_lead_live' if part else 'lead'}.html", **shown)
    return page, 200, {"Cache-Control": "no-store"}


@bp.post("/sessions/<id:session_id>/advance")
def advance(session_id: int) -> WebResponse:
    """Start the first question, or the next; after the last, end the session."""
    found = class_sessions.own_session(session_id, current_user.id)
    form = StepForm()
    if form.validate_on_submit():
        live_mode.advance(found, form.number.data)
    if not found.is_open:
        flash(f"Session {found.code} is over. Here are its results.", "info")
        return redirect(url_for(".dashboard", session_id=session_id))
    return redirect(url_for(".projector", session_id=session_id))


@bp.post("/sessions/<id:session_id>/reveal")
def reveal(session_id: int) -> WebResponse:
    """Show the class the answer to the question it is on; answers to it stop."""
    found = class_sessions.own_session(session_id, current_user.id)
    form = StepForm()
    if form.validate_on_submit():
        live_mode.reveal(found, form.number.data)
    return redirect(url_for(".projector", session_id=session_id))


@bp.get("/sessions/<id:session_id>/dashboard")
def dashboard(session_id: int) -> str:
    """Who joined, their progress and scores, and how each question went; updated live."""
    found = class_sessions.own_session(session_id, current_user.id)
    return render_template(
        "teacher/dashboard.html",
        class_session=found,
        live=class_sessions.live_results(found),
    )


@bp.get("/sessions/<id:session_id>/students/<id:attempt_id>")
def student(session_id: int, attempt_id: int) -> str:
    """One student's answers, right or wrong, and a way to let them go on on another device."""
    found = class_sessions.own_session(session_id, current_user.id)
    attempt = attempts.read_attempt(class_sessions.student_of(found, attempt_id).token)
    key = request.args.get("rejoin", "")
    rejoin = url_for("student.rejoin", key=key, _external=True) if key else None
    return render_template(
        "teacher/student.html",
        class_session=found,
        attempt=attempt,
        rows=attempts.result_rows(attempt),
        rejoin=rejoin,
        qr=class_sessions.qr_svg(rejoin) if rejoin else None,
    )


@bp.post("/sessions/<id:session_id>/students/<id:attempt_id>/rejoin")
def offer_rejoin(session_id: int, attempt_id: int) -> WebResponse:
    """A one-time link for the student to go on on another device (an older one stops)."""
    found = class_sessions.own_session(session_id, current_user.id)
    key = class_sessions.offer_rejoin(class_sessions.student_of(found, attempt_id))
    return redirect(url_for(".student", session_id=session_id, attempt_id=attempt_id, rejoin=key))


@bp.route("/sessions/<id:session_id>/students/<id:attempt_id>/remove", methods=["GET", "POST"])
def remove_student(session_id: int, attempt_id: int) -> WebResponse | str:
    """Remove a student (a fake one, a second go) from the session, after a page that says
    what goes."""
    found = class_sessions.own_session(session_id, current_user.id)
    attempt = class_sessions.student_of(found, attempt_id)
    form = RemoveStudentForm()
    if form.validate_on_submit():
        gone = class_sessions.remove_student(attempt)
        flash(f"Removed {gone.nickname} and {counted(gone.answers, 'answer')}.", "info")
        return redirect(url_for(".dashboard", session_id=session_id))
    removal = class_sessions.removal_of_student(attempt)
    return render_template(
        "teacher/remove_student.html",
        class_session=found,
        attempt=attempt,
        removal=removal,
        form=form,
    )


@bp.get("/sessions/<id:session_id>/live.json")
def live(session_id: int) -> WebResponse:
    """The dashboard's rows, words included, which static/js/dashboard.js shows every few
    seconds."""
    found = class_sessions.own_session(session_id, current_user.id)
    response = jsonify(dataclasses.asdict(class_sessions.live_results(found)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sessions/<id:session_id>/close", methods=["GET", "POST"])
def close_class_session(session_id: int) -> WebResponse | str:
    """Close the session: no more joins or answers; the results stay.

    A GET asks first: closing ends the class for every student and cannot be undone, and its
    button sat beside the dashboard's on the projected page. (One rule for both methods: with
    two, Werkzeug answers an id too large for the column with a 405 instead of a 404.)
    """
    found = class_sessions.own_session(session_id, current_user.id)
    if request.method == "GET":
        if not found.is_open:
            return redirect(url_for(".dashboard", session_id=session_id))
        live = class_sessions.live_results(found)
        return render_template(
            "teacher/close.html", class_session=found, live=live, unanswered_rule=UNANSWERED
        )
    class_sessions.close_session(found)
    flash(f"Session {found.code} is closed. Students can still see their results.", "info")
    return redirect(url_for(".dashboard", session_id=session_id))


@bp.get("/archived")
def archived() -> str:
    """The teacher's archived articles, quizzes and class sessions, to open or restore."""
    return render_template("teacher/archived.html", page=overview.archived_for(current_user.id))


@bp.route("/articles/<id:article_id>/delete", methods=["GET", "POST"])
def delete_article(article_id: int) -> WebResponse | tuple[str, int]:
    """Delete an article with its questions, quizzes and sessions, after asking."""
    found = own_article(article_id, current_user.id)
    back = url_for(".article", article_id=article_id)
    archive = url_for(".archive_article", article_id=article_id)
    return confirm_delete(found, url_for(".index"), back, archive)


@bp.route("/quizzes/<id:quiz_id>/delete", methods=["GET", "POST"])
def delete_quiz(quiz_id: int) -> WebResponse | tuple[str, int]:
    """Delete a quiz with its class sessions, after asking."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    gone_to = url_for(".article", article_id=found.article_id)
    back, archive = url_for(".quiz", quiz_id=quiz_id), url_for(".archive_quiz", quiz_id=quiz_id)
    return confirm_delete(found, gone_to, back, archive)


@bp.route("/sessions/<id:session_id>/delete", methods=["GET", "POST"])
def delete_class_session(session_id: int) -> WebResponse | tuple[str, int]:
    """Delete a class session, after asking; its students' answers only if confirmed."""
    found = class_sessions.own_session(session_id, current_user.id)
    gone_to = url_for(".quiz", quiz_id=found.quiz_id)
    back = url_for(".dashboard", session_id=session_id)
    archive = url_for(".archive_class_session", session_id=session_id)
    return confirm_delete(found, gone_to, back, archive)


def confirm_delete(
    thing: Removable, gone_to: str, back_to: str, archive_action: str
) -> WebResponse | tuple[str, int]:
    """A GET says what deleting takes and offers to archive instead; a POST deletes, losing
    students' answers only when the box naming how many is ticked."""
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            gone = removal.delete(thing, students_confirmed=form.students_confirmed())
        except AnswersKept as kept:
            form.answers_go.errors.append(str(kept))
        else:
            flash(f"Deleted {gone.name}.", "info")
            return redirect(gone_to)
    shown = removal.removal_of(thing)
    page = render_template(
        "teacher/delete.html", form=form, removal=shown, back_to=back_to, archive=archive_action
    )
    return page, 400 if form.errors else 200


@bp.post("/articles/<id:article_id>/archive")
def archive_article(article_id: int) -> WebResponse:
    """Archive an article (it leaves the lists, with its quizzes), or restore it."""
    found = own_article(article_id, current_user.id)
    return archive_or_restore(found, url_for(".index"), url_for(".article", article_id=article_id))


@bp.post("/quizzes/<id:quiz_id>/archive")
def archive_quiz(quiz_id: int) -> WebResponse:
    """Archive a quiz (it leaves the lists, with its sessions), or restore it."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    return archive_or_restore(found, url_for(".index"), url_for(".quiz", quiz_id=quiz_id))


@bp.post("/sessions/<id:session_id>/archive")
def archive_class_session(session_id: int) -> WebResponse:
    """Archive a class session (closed, off the lists, results kept), or restore it."""
    found = class_sessions.own_session(session_id, current_user.id)
    back = url_for(".dashboard", session_id=session_id)
    return archive_or_restore(found, url_for(".quiz", quiz_id=found.quiz_id), back)


def archive_or_restore(thing: Removable, archived_to: str, restored_to: str) -> WebResponse:
    """Archive or restore, as the pressed button says, and say what happened."""
    form = ArchiveForm()
    if not form.validate_on_submit():
        abort(400, "Archive or restore, nothing else.")
    name = removal.name_of(thing)
    if form.action.data == "restore":
        removal.restore(thing)
        flash(f"Restored {name}: it is back on your lists.", "info")
        return redirect(restored_to)
    removal.archive(thing)
    flash(f"Archived {name}: its results are kept, under “Archived” on your home page.", "info")
    return redirect(archived_to)


@bp.get("/quizzes/<id:quiz_id>/analysis")
def quiz_analysis(quiz_id: int) -> str:
    """Item analysis of the quiz's questions, over every class session that asked them."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    return render_template(
        "teacher/analysis.html",
        analysis=item_analysis.for_quiz(found),
        quiz=found,
        article=found.article,
        csv_url=url_for(".quiz_analysis_csv", quiz_id=quiz_id),
    )


@bp.get("/articles/<id:article_id>/analysis")
def article_analysis(article_id: int) -> str:
    """Item analysis of the bank's questions that classes answered, whichever quiz asked."""
    stored = own_article(article_id, current_user.id)
    return render_template(
        "teacher/analysis.html",
        analysis=item_analysis.for_article(stored),
        quiz=None,
        article=stored,
        csv_url=url_for(".article_analysis_csv", article_id=article_id),
    )


@bp.get("/quizzes/<id:quiz_id>/analysis.csv")
def quiz_analysis_csv(quiz_id: int) -> WebResponse:
    """The quiz's item analysis as CSV, a row per question."""
    found = quizzes.own_quiz(quiz_id, current_user.id)
    text = "\ufeff" + item_analysis.analysis_csv(item_analysis.for_quiz(found))
    return download(text, f"{slugify(found.title)}-item-analysis.csv", "text/csv")


@bp.get("/articles/<id:article_id>/analysis.csv")
def article_analysis_csv(article_id: int) -> WebResponse:
    """The bank's item analysis as CSV, a row per question a class answered."""
    stored = own_article(article_id, current_user.id)
    text = "\ufeff" + item_analysis.analysis_csv(item_analysis.for_article(stored))
    return download(text, f"{slugify(stored.title)}-item-analysis.csv", "text/csv")


@bp.post("/questions/<id:question_id>/key-reviewed")
def key_reviewed(question_id: int) -> WebResponse:
    """The teacher checked a flagged key and keeps it: back into "the best N"."""
    question = own_question(question_id, current_user.id)
    back = analysis_to_return_to(question.id, question.article_id)
    item_analysis.review_key(question)
    flash("Reviewed: the question is back among “the best N”.", "info")
    return redirect(back)


@bp.post("/questions/<id:question_id>/replace-choice")
def replace_choice(question_id: int) -> WebResponse:
    """Replace a wrong choice nobody picks with another of the generator's, checked."""
    question = own_question(question_id, current_user.id)
    back = analysis_to_return_to(question.id, question.article_id)
    old = AnalysisForm().choice.data or ""
    try:
        new = item_analysis.replace_distractor(question, old)
    except ReplacementRefused as refused:
        flash(str(refused), "error")
    else:
        flash(f"“{old}” is replaced by “{new}” for every class from now on.", "info")
    return redirect(back)


def analysis_to_return_to(question_id: int, article_id: int) -> str:
    """The analysis page the button was pressed on: the form's quiz (the teacher's own, or a
    404), else the bank's. A form that fails its check (CSRF, a bad quiz) is a 400."""
    form = AnalysisForm()
    if not form.validate_on_submit():
        abort(400, "That is not a button of an analysis page.")
    if form.quiz.data:
        quiz_id = quizzes.own_quiz(form.quiz.data, current_user.id).id
        return url_for(".quiz_analysis", quiz_id=quiz_id) + f"#q{question_id}"
    return url_for(".article_analysis", article_id=article_id) + f"#q{question_id}"


@bp.get("/sessions/<id:session_id>/results.csv")
def results(session_id: int) -> WebResponse:
    """The session's results as CSV, a row per student, for a spreadsheet."""
    found = class_sessions.own_session(session_id, current_user.id)
    name = f"{slugify(found.quiz.title)}-{found.code}.csv"
    # The byte order mark tells Excel the file is UTF-8, so accented nicknames survive.
    return download("\ufeff" + exports.results_csv(found), name, "text/csv")


def download(text: str, filename: str, mimetype: str) -> WebResponse:
    """A text file the browser saves rather than shows."""
    return WebResponse(
        text,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
