"""The cheaper request path (quizapp/request_path.py) gives the same answers as Flask's own:
a kept session cookie is still only what was signed, and expires as before; a kept CSRF token
is accepted; the layout knows a logged-in teacher."""

from __future__ import annotations

import time
from typing import Any

import pytest
from conftest import Classroom
from flask import Flask, session
from flask.testing import FlaskClient
from helpers import TEACHER_PASSWORD, csrf_token

from quizapp import request_path


@pytest.fixture
def counter(app: Flask) -> Flask:
    """A route that counts in the session: what the session cookie carries is visible."""

    def count() -> str:
        session["n"] = int(session.get("n", 0)) + 1
        return str(session["n"])

    app.add_url_rule("/count", "count", count)
    return app


def test_a_kept_cookie_reads_the_same_as_a_fresh_one(counter: Flask) -> None:
    client = counter.test_client()
    assert client.get("/count").text == "1"
    cookie = client.get_cookie("session")
    assert cookie is not None
    for _ in range(3):  # the same cookie sent again, as a browser would: the same session
        fresh = counter.test_client()
        fresh.set_cookie("session", cookie.value)
        assert fresh.get("/count").text == "2"


def test_a_changed_cookie_is_not_taken_for_a_kept_one(counter: Flask) -> None:
    client = counter.test_client()
    client.get("/count")
    client.get("/count")
    cookie = client.get_cookie("session")
    assert cookie is not None
    forged = counter.test_client()
    forged.set_cookie("session", cookie.value[:-2] + ("AA" if cookie.value[-2:] != "AA" else "BB"))
    assert forged.get("/count").text == "1"  # a new, empty session


def test_a_kept_cookie_still_expires(counter: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = counter.test_client()
    client.get("/count")
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.get("/count")  # read once: kept
    lifetime = counter.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 10
    monkeypatch.setattr(request_path.time, "time", lambda: later)
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    stale = counter.test_client()
    stale.set_cookie("session", cookie.value)
    assert stale.get("/count").text == "1"


def test_another_secret_key_does_not_read_a_kept_cookie(counter: Flask) -> None:
    client = counter.test_client()
    client.get("/count")
    cookie = client.get_cookie("session")
    assert cookie is not None
    counter.secret_key = "another key"
    other = counter.test_client()
    other.set_cookie("session", cookie.value)
    assert other.get("/count").text == "1"


def test_a_kept_csrf_token_is_accepted(client: FlaskClient, classroom: Classroom) -> None:
    """Two pages in the same second carry the same token, and either is accepted."""
    first = csrf_token(client.get("/login").text)
    second = csrf_token(client.get("/login").text)
    assert first and second
    form: dict[str, Any] = {"username": "ada", "password": TEACHER_PASSWORD}
    assert client.post("/login", data={**form, "csrf_token": second}).status_code == 302


def test_the_layout_knows_a_logged_in_teacher(client: FlaskClient, classroom: Classroom) -> None:
    assert "Teachers: log in" in client.get("/").text
    token = csrf_token(client.get("/login").text)
    form = {"username": "ada", "password": TEACHER_PASSWORD, "csrf_token": token}
    client.post("/login", data=form)
    home = client.get("/").text
    assert "Teachers: log in" not in home and "Log out" in home
