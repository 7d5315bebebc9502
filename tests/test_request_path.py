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


def visited(counter: Flask, times: int) -> tuple[list[str], str]:
    """What ``times`` visits of /count by one browser read, and the cookie it then has."""
    client = counter.test_client()
    read = [client.get("/count").text for _ in range(times)]
    cookie = client.get_cookie("session")
    assert cookie is not None
    return read, cookie.value


def sent_with(counter: Flask, cookie: str) -> str:
    """What /count reads for a new browser that sends ``cookie``."""
    browser = counter.test_client()
    browser.set_cookie("session", cookie)
    return browser.get("/count").text


def test_a_kept_cookie_reads_the_same_as_a_fresh_one(counter: Flask) -> None:
    read, cookie = visited(counter, 1)
    assert read == ["1"]
    for _ in range(3):  # the same cookie sent again, as a browser would: the same session
        assert sent_with(counter, cookie) == "2"


def test_a_changed_cookie_is_not_taken_for_a_kept_one(counter: Flask) -> None:
    _, cookie = visited(counter, 2)
    forged = cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB")
    assert sent_with(counter, forged) == "1"  # a new, empty session


def test_a_kept_cookie_still_expires(counter: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    _, cookie = visited(counter, 1)
    assert sent_with(counter, cookie) == "2"  # read once: kept
    lifetime = counter.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 10
    monkeypatch.setattr(request_path.time, "time", lambda: later)
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert sent_with(counter, cookie) == "1"


def test_another_secret_key_does_not_read_a_kept_cookie(counter: Flask) -> None:
    _, cookie = visited(counter, 1)
    counter.secret_key = "another key"
    assert sent_with(counter, cookie) == "1"


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
