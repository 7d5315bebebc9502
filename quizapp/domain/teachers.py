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
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A username or password that cannot be used; the message says why."""


def create_teacher(username: str, password: str) -> Teacher:
    """A new teacher with a hashed password, committed; AccountError says what cannot be used."""
    if not USERNAME.match(username):
        raise AccountError("A username is 3 to 40 letters, digits, dots, dashes or underscores.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"A password has at least {MIN_PASSWORD} characters.")
    if find_teacher(username) is not None:
        raise AccountError(f"There is already a teacher called {username}.")
    with transaction():
        teacher = Teacher(username=username, password_hash=hash_password(password))
        db.session.add(teacher)
        return teacher


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
    """Flask-Login keeps the teacher's id in the session cookie; this finds the teacher again."""
    return db.session.get(Teacher, int(user_id)) if user_id.isdigit() else None


login_manager.user_loader(load_teacher)
