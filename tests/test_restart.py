"""A server killed in the middle of a class and started again loses nothing.

gunicorn (quizapp's settings, two workers) serves a class of students who answer as fast as
they can; once every student has joined and a share of the answers is in, the master and all
its workers are killed at once (``kill -9`` of their process group, as the OOM killer or a
crash would), and the server is started again on the same port and database. Checked, for
every student: each answer the site acknowledged (its POST got its redirect) is stored exactly
once; the answer in flight during the kill, if any, is stored once or not at all; the
attempt's address now leads to the question after the last one stored, so the student goes
on where the database says they are; and every student then finishes, with exactly one
answer a question and a score that adds up. Runs on SQLite (a file in a temporary folder)
and, with QUIZAPP_TEST_POSTGRES, on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from app_servers import StudentBrowser, free_port, gunicorn, kill_hard, poll_until, stop
from conftest import Classroom
from databases import server_url
from flask import Flask
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Question, Response

STUDENTS = 20
QUESTIONS = 5  # the classroom fixture's quiz
KILL_AFTER = STUDENTS * QUESTIONS * 2 // 5  # acknowledged answers, of 100
SERVER_ENV = {"QUIZAPP_WORKERS": "2", "QUIZAPP_THREADS": "4", "SECRET_KEY": "kept over restarts"}


def in_parallel(browsers: list[StudentBrowser], work: Callable[[StudentBrowser], None]) -> None:
    """``work`` for every browser, each in a thread of its own; bounded in time."""
    threads = [threading.Thread(target=work, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a student was still answering"


@dataclass(frozen=True)
class Stored:
    """A student's attempt as the database has it."""

    order: list[int]  # question ids, in the order the student is asked them
    chosen: dict[int, str]  # the choice stored for each question answered
    answers: int  # rows of Response
    score: int
    finished: bool


def stored(app: Flask, session_id: int) -> dict[str, Stored]:
    """Every student's attempt, by token."""
    with app.app_context():
        attempts = db.session.scalars(
            select(Attempt).where(Attempt.class_session_id == session_id)
        ).all()
        found = {}
        for attempt in attempts:
            responses = db.session.scalars(
                select(Response).where(Response.attempt_id == attempt.id)
            ).all()
            found[attempt.token] = Stored(
                list(attempt.question_order),
                {r.question_id: r.chosen for r in responses},
                len(responses),
                attempt.score,
                attempt.finished_at is not None,
            )
        db.session.remove()
    return found


def questions_of(app: Flask) -> dict[int, tuple[list[str], str]]:
    """Every question's choices and answer, by id."""
    with app.app_context():
        rows = db.session.execute(select(Question.id, Question.choices, Question.answer)).all()
        db.session.remove()
    return {id_: (list(choices), answer) for id_, choices, answer in rows}


def check_stored(
    browser: StudentBrowser,
    mine: Stored,
    questions: dict[int, tuple[list[str], str]],
    in_flight: int | None,
) -> None:
    """The student's first k questions are stored, once each, with the choices they posted,
    and scored: every answer the site acknowledged, and perhaps the one ``in_flight`` (its
    question number) when the server was killed, and no other."""
    k = len(mine.chosen)
    assert mine.answers == k, f"{browser.nickname}: an answer stored twice"
    numbers = set(range(1, k + 1))
    assert set(browser.acknowledged) <= numbers, (browser.nickname, browser.acknowledged, k)
    assert numbers <= {*browser.acknowledged, in_flight}, (browser.nickname, in_flight, k)
    posted = {mine.order[n - 1]: browser.chosen[n] for n in numbers}
    assert mine.chosen == posted, browser.nickname
    assert mine.score == sum(chosen == questions[q][1] for q, chosen in mine.chosen.items())


def check_next_page(
    browser: StudentBrowser, mine: Stored, questions: dict[int, tuple[list[str], str]]
) -> None:
    """The attempt's address leads where the database says: the question after the last one
    stored (that question's page, with its choices), or the results."""
    k = len(mine.chosen)
    if k == QUESTIONS:
        assert browser.where() == f"/attempts/{browser.token}/results"
        return
    path = f"/attempts/{browser.token}/questions/{k + 1}"
    assert browser.where() == path, (browser.nickname, k)
    assert sorted(browser.choices_at(path)) == sorted(questions[mine.order[k]][0])


def test_a_server_killed_mid_class_loses_no_answer(
    app: Flask, classroom: Classroom, tmp_path: Path
) -> None:
    assert len(classroom.question_ids) == QUESTIONS
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**SERVER_ENV, "DATABASE_URL": server_url(tmp_path)}
    questions = questions_of(app)
    browsers = [StudentBrowser(f"Student {n:02}", [base]) for n in range(STUDENTS)]
    failures: list[BaseException] = []
    joined = threading.Semaphore(0)
    servers = []

    def until_the_server_goes(browser: StudentBrowser) -> None:
        """Join, then answer until the quiz ends or the server goes away under them."""
        try:
            browser.join(classroom.code)
            joined.release()
            for _ in range(QUESTIONS + 1):
                if not browser.answer_next():
                    return
        except httpx.TransportError:
            return  # the kill: refused, reset or cut off mid-answer
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)

    def finish(browser: StudentBrowser) -> None:
        try:
            browser.finish(QUESTIONS)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)

    try:
        with (tmp_path / "server.log").open("wb") as log:
            servers.append(gunicorn("quizapp:create_app()", port, env, log=log))
        began = time.monotonic()
        class_thread = threading.Thread(target=in_parallel, args=(browsers, until_the_server_goes))
        class_thread.start()
        for _ in range(STUDENTS):
            assert joined.acquire(timeout=60), "a student could not join"
        poll_until(
            lambda: sum(len(b.acknowledged) for b in browsers) >= KILL_AFTER or bool(failures),
            60,
            "the class answering",
            every=0.005,
        )
        workers = kill_hard(servers.pop())
        killed_at = time.monotonic() - began
        assert len(workers) == int(SERVER_ENV["QUIZAPP_WORKERS"])
        class_thread.join(timeout=150)
        assert not class_thread.is_alive()
        assert not failures, failures[0]
        before = stored(app, classroom.session_id)
        in_flight = {b.token: b.posting for b in browsers}  # each one's answer on its way

        restarting = time.monotonic()
        with (tmp_path / "server.log").open("ab") as log:
            servers.append(gunicorn("quizapp:create_app()", port, env, log=log))
        restart_seconds = time.monotonic() - restarting
        for browser in browsers:
            check_stored(browser, before[browser.token], questions, in_flight[browser.token])
            check_next_page(browser, before[browser.token], questions)

        in_parallel(browsers, finish)  # everyone finishes on the restarted server
        assert not failures, failures[0]
    finally:
        for browser in browsers:  # first: an idle connection holds a stopping worker up
            browser.close()
        stop(*servers)

    after = stored(app, classroom.session_id)
    assert len(after) == STUDENTS
    for browser in browsers:
        check_stored(browser, after[browser.token], questions, in_flight[browser.token])
        assert len(after[browser.token].chosen) == QUESTIONS and after[browser.token].finished
    flying = {token: number for token, number in in_flight.items() if number is not None}
    landed = sum(number <= len(before[token].chosen) for token, number in flying.items())
    print(
        f"\nkilled (master and {len(workers)} workers) {killed_at:.1f} s into the class, "
        f"{sum(len(s.chosen) for s in before.values())} answers stored, {len(flying)} in "
        f"flight of which {landed} stored; restarted in {restart_seconds:.1f} s"
    )
