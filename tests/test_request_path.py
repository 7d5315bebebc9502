"""The cheaper request path (quizapp/request_path.py) gives the same answers as Flask's own:
a kept session cookie is still only what was signed, and expires as before; a kept CSRF token
is accepted; the layout knows a logged-in teacher; a question page rendered for one student
serves the next who sees it alike, with their own tokens and nothing of the first's."""

from __future__ import annotations

import time
from typing import Any

import pytest
from conftest import Classroom
from flask import Flask, session
from flask.testing import FlaskClient
from helpers import TEACHER_PASSWORD, Student, TeacherBrowser, choices_in, csrf_token
from sqlalchemy import select

from quizapp import request_path
from quizapp.domain import attempts
from quizapp.extensions import db
from quizapp.models import Attempt, Quiz
from quizapp.student import question_pages


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


# ── the question page, rendered once for the students who see it alike ────────────────────


@pytest.fixture
def in_order(app: Flask, classroom: Classroom) -> Classroom:
    """The class's quiz with its questions unshuffled: every student's question 1 is the same
    question (its choices are still shuffled by the attempt's token)."""
    with app.app_context():
        db.session.get_one(Quiz, classroom.quiz_id).shuffle = False
        db.session.commit()
    question_pages._pages.clear()
    return classroom


def first_question(app: Flask, code: str, nickname: str) -> tuple[Student, str, str]:
    """A new browser joins and reads question 1: (the student, the attempt's token, the
    page)."""
    student = Student(app.test_client())
    joined = student.join(code, nickname)
    assert joined.status_code == 302, joined.text
    token = joined.location.rsplit("/", 1)[1]
    number, page = student.resume(token)
    assert number == 1
    return student, token, page.text


def test_students_who_see_a_question_alike_get_one_rendering_with_their_own_tokens(
    app: Flask, in_order: Classroom
) -> None:
    """Students join until two see question 1's choices in the same order (of at most 24
    orders, so within 25 students): the second's page is the first's rendering, with the
    second's tokens and nothing of the first's."""
    seen: dict[tuple[str, ...], tuple[Student, str, str]] = {}
    for number in range(25):
        kept = len(question_pages._pages)
        ben, ben_token, ben_page = first_question(app, in_order.code, f"Student {number}")
        order = tuple(choices_in(ben_page))
        if order in seen:
            break
        seen[order] = (ben, ben_token, ben_page)
    # One rendering kept for each order seen, and none new for Ben.
    assert len(question_pages._pages) == kept == len(seen) > 0
    ann, ann_token, ann_page = seen[order]
    ann_csrf, ben_csrf = csrf_token(ann_page), csrf_token(ben_page)
    assert ann_token not in ben_page and ann_csrf not in ben_page
    assert f'action="/attempts/{ben_token}/questions/1"' in ben_page
    assert f'href="/attempts/{ben_token}/article"' in ben_page
    # Apart from the two tokens, the pages are the same page.
    assert ann_page.replace(ann_token, "T").replace(ann_csrf, "C") == ben_page.replace(
        ben_token, "T"
    ).replace(ben_csrf, "C")
    # Each answers from their own page, with their own token.
    for student, token, page in ((ann, ann_token, ann_page), (ben, ben_token, ben_page)):
        assert student.answer(token, 1, order[0], page).status_code == 302


def test_a_teachers_menu_and_a_flashed_note_are_never_shown_to_another(
    app: Flask, in_order: Classroom, ada: TeacherBrowser
) -> None:
    joined = ada.join(in_order.code, "Ada testing")
    _number, teacher_page = ada.resume(joined.location.rsplit("/", 1)[1])
    assert "Log out" in teacher_page.text
    _student, _token, page = first_question(app, in_order.code, "Ann")
    assert "Log out" not in page and "Teachers: log in" in page
    with app.test_request_context("/"):
        session["_flashes"] = [("info", "A note for Ben alone.")]
        shown = question_pages.question_page(
            *_asked(app, in_order), render=lambda: "rendered for Ben"
        )
    assert shown == "rendered for Ben"
    with app.test_request_context("/"):  # a page with an error is its reader's alone too
        shown = question_pages.question_page(
            *_asked(app, in_order), render=lambda: "with Ben's error", alone=True
        )
    assert shown == "with Ben's error"


def _asked(app: Flask, classroom: Classroom) -> tuple[Any, int, Any, list[str]]:
    """An attempt of the class and its question 1, as the question page reads them."""
    with app.app_context():
        token = db.session.scalars(
            select(Attempt.token).where(Attempt.class_session_id == classroom.session_id)
        ).first()
        assert token is not None
        attempt, asked = attempts.attempt_and_question(token, 1)
        return attempt, 1, asked, asked.choices_for(token)


# ── the hot reads, on the driver itself ──────────────────────────────────────────────────


def test_a_hot_read_gives_what_sqlalchemy_gives(app: Flask, in_order: Classroom) -> None:
    """The question page's read on the driver gives the row SQLAlchemy's own execution gives,
    value for value (JSON decoded, the JSON index bound as the dialect wants it), on SQLite
    and PostgreSQL alike; an unknown token gives None."""
    _student, token, _page = first_question(app, in_order.code, "Hot read")
    with app.app_context():
        statement = attempts._BY_TOKEN_WITH_QUESTION.statement
        for index in (0, 1, 99):
            parameters = {"token": token, "index": index}
            expected = db.session.execute(statement, parameters).first()
            assert expected is not None
            got = attempts._BY_TOKEN_WITH_QUESTION.first(parameters)
            assert got == tuple(expected)
        assert isinstance(got[2], list) and got[-10] is None  # no question 100
        assert attempts._BY_TOKEN_WITH_QUESTION.first({"token": "nobody", "index": 0}) is None


def test_a_hot_read_that_fails_gives_its_connection_up(
    app: Flask, classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A driver error reaches the caller, and the driver connection it happened on is not
    handed to the next read (the pool opens a fresh one)."""
    from quizapp.domain import hot_reads

    used: list[object] = []
    fetch = hot_reads._fetch_one

    def failing(driver: object, *args: Any, **kwargs: Any) -> tuple[Any, ...] | None:
        used.append(driver)
        if len(used) == 2:
            raise RuntimeError("the server went away")
        return fetch(driver, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hot_reads, "_fetch_one", failing)
    with app.app_context():
        assert attempts._BY_TOKEN.first({"token": "nobody"}) is None
        with pytest.raises(RuntimeError, match="went away"):
            attempts._BY_TOKEN.first({"token": "nobody"})
        assert attempts._BY_TOKEN.first({"token": "nobody"}) is None
    assert used[0] is used[1] and used[2] is not used[1]
