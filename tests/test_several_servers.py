"""Two app servers, one database: what a school running quizapp behind a load balancer needs.

Two gunicorn servers (quizapp's settings, one worker each) on two ports of 127.0.0.1 share
one PostgreSQL and a SECRET_KEY; the wrong tries are counted in Redis (REDIS_URL), then, in
the second run, in the shared database. A class of students sends each request to either
server at random, every form to another server than the one that served it, and every answer
twice, once to each server. Checked: each answer is stored exactly once; sessions and CSRF
tokens hold on both servers (a teacher logged in on one sees /teach on the other, and logged
out on one is logged out on both; a student who joins again finds their own attempt); and a
wrong try counts once whichever server takes it, so the limits trip at exactly their
configured count, not twice it.
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
from quizapp.domain.teachers import create_teacher
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
SERVER_ENV = {
    "QUIZAPP_WORKERS": "1",
    "QUIZAPP_THREADS": "4",
    "SECRET_KEY": "one key for all",
    # Behind the load balancer: the client's address from X-Forwarded-For.
    "QUIZAPP_BEHIND_PROXY": "1",
}


@dataclass(frozen=True)
class Counts:
    """Where the servers count wrong tries: the environment and app they are started with."""

    env: dict[str, str]
    app_spec: str
    redis_prefix: str | None = None


def redis_answers() -> bool:
    """Whether a Redis server answers at REDIS_URL."""
    try:
        with redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2) as server:
            return bool(server.ping())
    except redis.ConnectionError:
        return False


NO_REDIS = pytest.mark.skipif(not redis_answers(), reason=f"needs Redis at {REDIS_URL}")


@pytest.fixture(params=[pytest.param("redis", marks=NO_REDIS), "database"])
def counts(request: pytest.FixtureRequest) -> Iterator[Counts]:
    """Redis at REDIS_URL under a key prefix of this test's own (its keys removed after), or
    the database (no REDIS_URL)."""
    if request.param == "database":
        yield Counts({}, "quizapp:create_app()")
        return
    server = redis.Redis.from_url(REDIS_URL)
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
            token = browser.join(code)
            # A lost tab: joined again, on either server, the browser's cookie finds its own
            # attempt.
            assert browser.join(code) == token
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
    assert len(classroom.question_ids) == QUESTIONS
    a, b = two_servers
    with httpx.Client(timeout=30) as teacher:
        # Logged in on A, with the login form B served, the teacher sees /teach on B.
        assert redirect_path(log_in(teacher, b, a)) == "/teach/"
        assert teacher.get(f"{b}/teach/").status_code == 200

        began = time.monotonic()
        failures = take_the_class(two_servers, classroom.code)
        assert not failures, failures[0]
        class_seconds = time.monotonic() - began
        for server in two_servers:  # the dashboard on either server has every answer
            rows = teacher.get(f"{server}/teach/sessions/{classroom.session_id}/live.json")
            answered = sorted(row["answered"] for row in rows.json()["students"])
            assert answered == [QUESTIONS] * STUDENTS
        check_each_answer_stored_once(app, classroom)

        # Wrong tries count once, whichever server takes them.
        began = time.monotonic()
        codes, passwords = wrong_tries(app, two_servers)
        assert codes == [400] * BROWSER_CODES + [429, 429]
        assert passwords == [400] * ACCOUNT_PASSWORDS + [429, 429]
        tries_seconds = time.monotonic() - began
        check_where_counted(app, counts)

        # Logged out on B, the teacher is logged out on A, even with a copy of the old cookie.
        kept = teacher.cookies["session"]
        page = teacher.get(f"{a}/teach/")
        logout = teacher.post(f"{b}/logout", data={"csrf_token": csrf_token(page.text)})
        assert redirect_path(logout) == "/"
        assert redirect_path(teacher.get(f"{a}/teach/")).startswith("/login")
    with httpx.Client(timeout=30, cookies={"session": kept}) as copy:
        assert redirect_path(copy.get(f"{a}/teach/")).startswith("/login")
    print(
        f"\n{STUDENTS} students x {QUESTIONS} questions over two servers: {class_seconds:.1f} s;"
        f" {BROWSER_CODES + ACCOUNT_PASSWORDS + 4} wrong tries: {tries_seconds:.1f} s"
    )


def check_each_answer_stored_once(app: Flask, classroom: Classroom) -> None:
    """STUDENTS attempts, each with one answer a question of its own, scored."""
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
        db.session.remove()


def check_where_counted(app: Flask, counts: Counts) -> None:
    """The tries were counted where the servers were told to: in Redis, under their prefix,
    with nothing in the database's table; or in that table."""
    with app.app_context():
        in_database = db.session.scalar(
            select(func.count()).select_from(RateCount).where(RateCount.key != HEALTH_KEY)
        )
        db.session.remove()
    if counts.redis_prefix is None:
        assert in_database
    else:
        assert in_database == 0
        with redis.Redis.from_url(REDIS_URL) as server:
            assert server.keys(f"{counts.redis_prefix}:*")


def wrong_tries(app: Flask, servers: tuple[str, str]) -> tuple[list[int], list[int]]:
    """The statuses of one browser's wrong join codes, then of wrong passwords for one account
    from fresh browsers, all from one address, taking turns at the servers, each form posted
    to the other server than the one that served it: BROWSER_CODES and ACCOUNT_PASSWORDS
    tries and two more.

    The counts' windows are the clock's minutes (store.window): tries that straddled two
    would be counted in both. Then they are all tried again, in the new minute, from another
    address, browser and account (the servers trust X-Forwarded-For, as behind a proxy)."""
    for _ in range(2):
        window = int(time.time()) // 60
        address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
        with app.app_context():
            account = create_teacher(f"teacher-{secrets.token_hex(4)}", TEACHER_PASSWORD).username
            db.session.remove()
        headers = {"X-Forwarded-For": address}
        with httpx.Client(timeout=30, headers=headers) as guesser:
            wrong = {"csrf_token": csrf_token(guesser.get(f"{servers[1]}/join").text)}
            codes = [
                guesser.post(
                    f"{servers[n % 2]}/join",
                    data={**wrong, "code": "ZZZZZZ", "nickname": f"guess {n}"},
                ).status_code
                for n in range(BROWSER_CODES + 2)
            ]
        passwords = []
        for n in range(ACCOUNT_PASSWORDS + 2):
            with httpx.Client(timeout=30, headers=headers) as browser:  # one try each
                page = browser.get(f"{servers[(n + 1) % 2]}/login")
                data = {"csrf_token": csrf_token(page.text), "username": account}
                sent = browser.post(f"{servers[n % 2]}/login", data={**data, "password": "wrong"})
                passwords.append(sent.status_code)
        if int(time.time()) // 60 == window:
            return codes, passwords
    raise AssertionError("the clock turned two minutes during the wrong tries")
