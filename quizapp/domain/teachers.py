"""Teacher accounts: create one (from the command line), check a password at login."""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.domain import throttle
from quizapp.domain.throttle import Client
from quizapp.domain.transaction import transaction
from quizapp.extensions import db, login_manager
from quizapp.models import Teacher

USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,40}$")
# The one password rule, for the command line, the login form and the change-password page.
MIN_PASSWORD = 8
MAX_PASSWORD = 200
PASSWORD_RULE = (
    f"A password has at least {MIN_PASSWORD} characters and at most {MAX_PASSWORD}, "
    "and is not only spaces."
)


class AccountError(ValueError):
    """A username or password that cannot be used; the message says why."""


def create_teacher(username: str, password: str) -> Teacher:
    """A new teacher with a hashed password, committed; AccountError says what cannot be used."""
    if not USERNAME.match(username):
        raise AccountError("A username is 3 to 40 letters, digits, dots, dashes or underscores.")
    problem = password_problem(password)
    if problem is not None:
        raise AccountError(problem)
    if find_teacher(username) is not None:
        raise AccountError(f"There is already a teacher called {username}.")
    with transaction():
        teacher = Teacher(username=username, password_hash=hash_password(password))
        db.session.add(teacher)
        return teacher


def password_problem(password: str) -> str | None:
    """Why a password cannot be used (PASSWORD_RULE), or None."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD or not password.strip():
        return PASSWORD_RULE
    return None


def change_password(teacher: Teacher, current: str, new: str, client: Client) -> None:
    """Set a new password, committed, when ``current`` is the teacher's password (counted as
    a login try is); every session cookie given before stops working. AccountError says why
    not; TooManyTries when too many wrong passwords were tried."""
    ticket = throttle.take(throttle.WRONG_PASSWORDS, client, ("account", teacher.username.lower()))
    if not check_password_hash(teacher.password_hash, current):
        raise AccountError("That is not your current password.")
    ticket.give_back()
    problem = password_problem(new)
    if problem is not None:
        raise AccountError(problem)
    with transaction():
        teacher.password_hash = hash_password(new)
        teacher.session_version += 1


def log_out(teacher: Teacher) -> None:
    """End every session of the teacher, committed: the cookies given before stop working."""
    with transaction():
        teacher.session_version += 1


def hash_password(password: str) -> str:
    """A salted hash by the configured method (scrypt unless the tests say otherwise)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_teacher(username: str) -> Teacher | None:
    """The teacher with this username, compared case-insensitively as people type it."""
    query = select(Teacher).where(func.lower(Teacher.username) == username.lower())
    return db.session.scalars(query).first()


def authenticate(username: str, password: str) -> Teacher | None:
    """The teacher whose password this is, or None.

    An unknown username still costs one hash check, so timing does not tell which usernames
    exist.
    """
    teacher = find_teacher(username)
    if teacher is None:
        check_password_hash(_decoy_hash(), password)
        return None
    return teacher if check_password_hash(teacher.password_hash, password) else None


def log_in(username: str, password: str, client: Client) -> Teacher | None:
    """``authenticate``, counted: a wrong password counts against the browser, the address
    and the account (throttle.WRONG_PASSWORDS); TooManyTries before the password is checked
    when one is over its limit. A right password is not counted."""
    ticket = throttle.take(throttle.WRONG_PASSWORDS, client, ("account", username.lower()))
    teacher = authenticate(username, password)
    if teacher is not None:
        ticket.give_back()
    return teacher


def _decoy_hash() -> str:
    decoy: str | None = current_app.config.get("_DECOY_PASSWORD_HASH")
    if decoy is None:
        decoy = current_app.config["_DECOY_PASSWORD_HASH"] = hash_password("not a password")
    return decoy


def load_teacher(user_id: str) -> Teacher | None:
    """Flask-Login keeps "id:version" (Teacher.get_id) in the session cookie; this finds the
    teacher again, unless they logged out or changed their password since (a newer version)."""
    number, _, version = user_id.partition(":")
    if not (number.isdigit() and version.isdigit()):
        return None
    teacher = db.session.get(Teacher, int(number))
    if teacher is None or teacher.session_version != int(version):
        return None
    return teacher


login_manager.user_loader(load_teacher)
