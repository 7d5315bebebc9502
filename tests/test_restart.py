"""A server killed in the middle of a class and started again loses nothing.

gunicorn (quizapp's settings, two workers) serves a class of students who answer as fast as
they can; once every student has joined and a share of the answers is in, the master and all
its workers are killed at once (``kill -9`` of their process group, as a power cut or the OOM
killer would), and the server is started again on the same port and database. Checked, for
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


def stored(app: Flask, session_id: int) -> dict[str, list[Response]]:
    """Each student's stored answers, by attempt token."""
    with app.app_context():
        rows = db.session.execute(
            select(Attempt.token, Response)
            .join(Response, Response.attempt_id == Attempt.id, isouter=True)
            .where(Attempt.class_session_id == session_id)
        ).all()
        db.session.expunge_all()
    answers: dict[str, list[Response]] = {}
    for token, response in rows:
        answers.setdefault(token, [])
        if response is not None:
            answers[token].append(response)
    return answers


def test_a_server_killed_mid_class_loses_no_answer(
    app: Flask, classroom: Classroom, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**SERVER_ENV, "DATABASE_URL": server_url(tmp_path)}
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
        assert len(workers) == int(SERVER_ENV["QUIZAPP_WORKERS"])
        class_thread.join(timeout=150)
        assert not class_thread.is_alive()
        assert not failures, failures[0]
        killed_at = time.monotonic() - began
        in_flight = [b for b in browsers if b.posting is not None]
        acknowledged = sum(len(b.acknowledged) for b in browsers)

        before = stored(app, classroom.session_id)
        restarting = time.monotonic()
        with (tmp_path / "server.log").open("ab") as log:
            servers.append(gunicorn("quizapp:create_app()", port, env, log=log))
        restart_seconds = time.monotonic() - restarting
        for browser in browsers:
            answers = before[browser.token]
            assert len({r.question_id for r in answers}) == len(answers), "an answer stored twice"
            order = [r.question_id for r in sorted(answers, key=lambda r: r.id)]
            k = len(order)
            # Acknowledged answers are all there; the one in flight is there or not.
            assert (
                len(browser.acknowledged)
                <= k
                <= len(browser.acknowledged) + (browser.posting is not None)
            ), (browser.nickname, browser.acknowledged, browser.posting, k)
            # ... and the student goes on where the database says.
            expected = f"/attempts/{browser.token}/" + (
                "results" if k == QUESTIONS else f"questions/{k + 1}"
            )
            assert browser.where() == expected, (browser.nickname, k)
        stored_in_flight = sum(len(before[b.token]) > len(b.acknowledged) for b in in_flight)

        # Everyone finishes on the restarted server.
        def finish(browser: StudentBrowser) -> None:
            try:
                browser.finish(QUESTIONS)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                failures.append(error)

        in_parallel(browsers, finish)
        assert not failures, failures[0]
    finally:
        for browser in browsers:  # first: an idle connection holds a stopping worker up
            browser.close()
        stop(*servers)

    after = stored(app, classroom.session_id)
    with app.app_context():
        answers = dict(db.session.execute(select(Question.id, Question.answer)).all())
        attempts = db.session.scalars(
            select(Attempt).where(Attempt.class_session_id == classroom.session_id)
        ).all()
        assert len(attempts) == STUDENTS
        for attempt in attempts:
            mine = after[attempt.token]
            assert sorted(r.question_id for r in mine) == sorted(attempt.question_order)
            assert attempt.score == sum(r.chosen == answers[r.question_id] for r in mine)
            assert attempt.finished_at is not None
    print(
        f"\nkilled (master and {len(workers)} workers) {killed_at:.1f} s into the class, "
        f"after {acknowledged} acknowledged answers; {len(in_flight)} answers in flight, "
        f"{stored_in_flight} of them stored; restarted in {restart_seconds:.1f} s"
    )
