"""Log a teacher in and out; the teacher pages themselves are in quizapp/teacher."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask import session as cookie
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as WebResponse

from quizapp.auth.forms import LoginForm, PasswordForm
from quizapp.domain.teachers import AccountError, change_password, log_in, log_out
from quizapp.domain.throttle import Client, TooManyTries, browser_of
from quizapp.extensions import login_manager

bp = Blueprint("auth", __name__)
# A path on this site: one slash, then no slash or backslash, and no space or control character
# anywhere (browsers drop tabs and newlines from a URL, so "/\t/evil.example" is "//evil.example").
SAFE_PATH = re.compile(r"/(?![/\\])[^\x00-\x20\x7f\\]*")


@bp.route("/login", methods=["GET", "POST"])
def login() -> WebResponse | tuple[str, int]:
    """Check the password, then go where the teacher was heading, or to their articles."""
    if current_user.is_authenticated:
        return redirect(url_for("teacher.index"))
    form = LoginForm()
    if form.validate_on_submit():
        client = Client(request.remote_addr or "", browser_of(cookie))
        try:
            teacher = log_in(form.username.data, form.password.data, client)
        except TooManyTries as refusal:
            abort(429, str(refusal))
        if teacher is not None:
            login_user(teacher)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("That username and password do not match.")
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
def logout() -> WebResponse:
    """Log out: a POST, which CSRFProtect checks, so no other site can log a teacher out.
    Every session cookie of the teacher stops working, a copy kept from before too."""
    if current_user.is_authenticated:
        log_out(current_user)
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("student.index"))


@bp.route("/account/password", methods=["GET", "POST"])
def password() -> WebResponse | tuple[str, int]:
    """Change one's password; the teacher's other sessions end, this one goes on."""
    if not current_user.is_authenticated:
        login_page: WebResponse = login_manager.unauthorized()
        return login_page
    form = PasswordForm()
    if form.validate_on_submit():
        client = Client(request.remote_addr or "", browser_of(cookie))
        try:
            teacher = current_user._get_current_object()
            change_password(teacher, form.current.data, form.new.data, client)
        except TooManyTries as refusal:
            abort(429, str(refusal))
        except AccountError as refusal:
            field = form.current if "current" in str(refusal) else form.new
            field.errors.append(str(refusal))
        else:
            login_user(teacher)  # the new session version, in this browser's cookie
            flash("Your password is changed. Your other sessions are logged out.", "info")
            return redirect(url_for("teacher.index"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200


def safe_next(target: str | None) -> str:
    """Only a path on this site: an absolute or protocol-relative URL would be an open redirect."""
    if target and SAFE_PATH.fullmatch(target):
        return target
    return url_for("teacher.index")
