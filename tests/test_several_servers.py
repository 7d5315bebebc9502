"""Two app servers, one database: what a school running quizapp behind a load balancer needs.

Two gunicorn servers (quizapp's settings, one worker each) on two ports of 127.0.0.1 share
one PostgreSQL and a SECRET_KEY; the wrong tries are counted in Redis (REDIS_URL), then, in
the second run, in the shared database. A class of students sends each request to either
server at random, every form to another server than the one that served it, and every answer
twice, once to each server. Checked: each answer is stored exactly once; sessions and CSRF
tokens hold on both servers (a teacher logged in on one sees /teach on the other, and logged
out on one is logged out on both); and a wrong try counts once whichever server takes it, so
the limits trip at exactly their configured count, not twice it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
from app_servers import (
    StudentBrowser,
    free_port,
    poll_until,
    redirect_path,
    start,
    stop,
    wait_ready,
)
from conftest import Classroom
from databases import on_postgres, server_url
from flask import Flask
from helpers import TEACHER_PASSWORD, csrf_token
from sqlalchemy import func, select

from quizapp.domain import throttle
from quizapp.domain.database import HEALTH_KEY
from quizapp.extensions import db
from quizapp.models import Attempt, Question, RateCount, Response

pytestmark = pytest.mark.skipif(
    not on_postgres(),
    reason="several app servers share one PostgreSQL: runs with QUIZAPP_TEST_POSTGRES set "
    "(make test-postgres); SQLite is one machine's file",
)

STUDENTS = 20
QUESTIONS = 5  # the classroom fixture's quiz
REDIS_URL = "redis://127.0.0.1:6379/15"
# Wrong tries in a minute before the next is refused (throttle.py).
BROWSER_CODES = throttle.WRONG_CODES.browser[0].hits
ACCOUNT_PASSWORDS = throttle.WRONG_PASSWORDS.clean[0].hits
# One worker each: the workers of one server share the counts (test_rate_limits.py); here the
# servers must.
SERVER_ENV = {"QUIZAPP_WORKERS": "1", "QUIZAPP_THREADS": "4", "SECRET_KEY": "one key for all"}


@dataclass(frozen=True)
class Counts:
    """Where the servers count wrong tries: the environment and app they are started with."""

    env: dict[str, str]
    app_spec: str
    redis_prefix: str | None = None


@pytest.fixture(params=["redis", "database"])
def counts(request: pytest.FixtureRequest) -> Iterator[Counts]:
    """Redis at REDIS_URL under a key prefix of this test's own (its keys removed after), or
    the database (no REDIS_URL)."""
    if request.param == "database":
        yield Counts({}, "quizapp:create_app()")
        return
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    prefix = f"quizapp-servers-{secrets.token_hex(4)}"
    # gunicorn calls the app factory with literal arguments: the servers' own key prefix.
    spec = f"quizapp:create_app({{'RATELIMIT_KEY_PREFIX': '{prefix}'}})"
    try:
        yield Counts({"REDIS_URL": REDIS_URL}, spec, prefix)
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
        server.close()


@pytest.fixture
def two_servers(
    app: Flask, classroom: Classroom, counts: Counts, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """Servers A and B on the test's database, with one SECRET_KEY; stopped at the end."""
    env = {**SERVER_ENV, **counts.env, "DATABASE_URL": server_url(tmp_path)}
    ports = (free_port(), free_port())
    started = []
    try:
        for name, port in zip("ab", ports, strict=True):
            with (tmp_path / f"server-{name}.log").open("wb") as log:
                started.append(start(counts.app_spec, port, env, log=log))
        for process, port in zip(started, ports, strict=True):
            wait_ready(process, port, "/healthz")
        yield (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
    finally:
        stop(*started)


def log_in(teacher: httpx.Client, form_from: str, post_to: str) -> httpx.Response:
    page = teacher.get(f"{form_from}/login")
    data = {"csrf_token": csrf_token(page.text), "username": "ada", "password": TEACHER_PASSWORD}
    return teacher.post(f"{post_to}/login", data=data)


def take_the_class(servers: tuple[str, str], code: str) -> list[BaseException]:
    """STUDENTS students join and answer every question at once, over both servers; what
    went wrong in any of them."""
    failures: list[BaseException] = []

    def student(number: int) -> None:
        browser = StudentBrowser(f"Student {number:02}", servers, twice=True)
        try:
            browser.join(code)
            browser.finish(QUESTIONS)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)
        finally:
            browser.close()

    threads = [threading.Thread(target=student, args=(n,)) for n in range(STUDENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a student was still answering"
    return failures


def test_two_servers_share_answers_sessions_and_counts(
    app: Flask, classroom: Classroom, counts: Counts, two_servers: tuple[str, str]
) -> None:
    with httpx.Client(timeout=30) as teacher, httpx.Client(timeout=30) as guesser:
        check_two_servers(app, classroom, counts, two_servers, teacher, guesser)


def check_two_servers(
    app: Flask,
    classroom: Classroom,
    counts: Counts,
    two_servers: tuple[str, str],
    teacher: httpx.Client,
    guesser: httpx.Client,
) -> None:
    a, b = two_servers
    began = time.monotonic()
    # Logged in on A, with the login form B served, the teacher sees /teach on B.
    assert redirect_path(log_in(teacher, b, a)) == "/teach/"
    assert teacher.get(f"{b}/teach/").status_code == 200

    # The class, over both servers: each answer stored once.
    failures = take_the_class(two_servers, classroom.code)
    assert not failures, failures[0]
    for server in two_servers:  # the dashboard on either server has every answer
        rows = teacher.get(f"{server}/teach/sessions/{classroom.session_id}/live.json").json()
        answered = sorted(row["answered"] for row in rows["students"])
        assert answered == [QUESTIONS] * STUDENTS
    with app.app_context():
        in_class = select(Attempt.id).where(Attempt.class_session_id == classroom.session_id)
        attempts = db.session.scalars(select(Attempt).where(Attempt.id.in_(in_class))).all()
        responses = db.session.scalars(
            select(Response).where(Response.attempt_id.in_(in_class))
        ).all()
        assert len(attempts) == STUDENTS
        assert len(responses) == STUDENTS * QUESTIONS
        assert len({(r.attempt_id, r.question_id) for r in responses}) == len(responses)
        answers = dict(db.session.execute(select(Question.id, Question.answer)).all())
        for attempt in attempts:
            mine = [r for r in responses if r.attempt_id == attempt.id]
            assert sorted(r.question_id for r in mine) == sorted(attempt.question_order)
            assert all(r.correct == (r.chosen == answers[r.question_id]) for r in mine)
            assert attempt.score == sum(r.correct for r in mine)
            assert attempt.finished_at is not None
    class_seconds = time.monotonic() - began

    # Wrong tries count once, whichever server takes them.
    window = room_in_the_minute(10)
    tries_began = time.monotonic()
    wrong = {"csrf_token": csrf_token(guesser.get(f"{b}/join").text), "code": "ZZZZZZ"}
    codes = [
        guesser.post(f"{two_servers[n % 2]}/join", data={**wrong, "nickname": f"guess {n}"})
        for n in range(BROWSER_CODES + 2)
    ]
    assert [sent.status_code for sent in codes] == [400] * BROWSER_CODES + [429, 429]
    passwords = [wrong_password(two_servers, n) for n in range(ACCOUNT_PASSWORDS + 2)]
    assert passwords == [400] * ACCOUNT_PASSWORDS + [429, 429]
    assert int(time.time()) // 60 == window, "the tries took more than 10 s"
    tries_seconds = time.monotonic() - tries_began
    with app.app_context():
        in_database = db.session.scalar(
            select(func.count()).select_from(RateCount).where(RateCount.key != HEALTH_KEY)
        )
    if counts.redis_prefix is None:
        assert in_database
    else:
        assert in_database == 0  # in Redis, under the servers' prefix
        assert redis.Redis.from_url(REDIS_URL).keys(f"{counts.redis_prefix}:*")

    # Logged out on B, the teacher is logged out on A, even with a copy of the old cookie.
    kept = teacher.cookies["session"]
    page = teacher.get(f"{a}/teach/")
    assert redirect_path(teacher.post(f"{b}/logout", data={"csrf_token": csrf_token(page.text)}))
    assert redirect_path(teacher.get(f"{a}/teach/")).startswith("/login")
    with httpx.Client(timeout=30, cookies={"session": kept}) as copy:
        assert redirect_path(copy.get(f"{a}/teach/")).startswith("/login")
    print(
        f"\n{STUDENTS} students x {QUESTIONS} questions over two servers: {class_seconds:.1f} s;"
        f" {BROWSER_CODES + ACCOUNT_PASSWORDS + 4} wrong tries: {tries_seconds:.1f} s"
    )


def room_in_the_minute(seconds: float) -> int:
    """The counts' windows are the clock's minutes (store.window): tries that straddled two
    would be counted in both. Waits, if need be, for a minute with ``seconds`` left in it;
    returns its number."""
    poll_until(lambda: 60 - time.time() % 60 >= seconds, 61, "a minute with room", every=0.2)
    return int(time.time()) // 60


def wrong_password(servers: tuple[str, str], number: int) -> int:
    """One wrong password for bob from a fresh browser (each counts against the address and
    the account alone), the form from one server posted to the other; its status."""
    with httpx.Client(timeout=30) as browser:
        page = browser.get(f"{servers[(number + 1) % 2]}/login")
        data = {"csrf_token": csrf_token(page.text), "username": "bob", "password": "wrong"}
        return browser.post(f"{servers[number % 2]}/login", data=data).status_code
