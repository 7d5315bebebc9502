"""Thirty students join one class session and answer at once, against a real server.

The app runs in a threaded Werkzeug server on 127.0.0.1; each student is a thread with its own
HTTP session (its own cookies), and sends every answer twice, as an impatient double click
does. Every answer must be stored exactly once, and every score must add up.
"""

from __future__ import annotations

import html
import logging
import random
import threading
import time
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
import requests
from conftest import Classroom
from flask import Flask
from helpers import TEACHER_PASSWORD, choices_in, csrf_token, served
from sqlalchemy import func, select

from quizapp.domain.class_sessions import open_session
from quizapp.domain.quizzes import QuizSettings, best_questions, build_quiz
from quizapp.extensions import db
from quizapp.models import Article, Attempt, Question, Response

STUDENTS = 30
QUESTIONS = 10
TIMEOUT = 30  # seconds for one request; the whole run is bounded by the thread joins below


@pytest.fixture
def live_server(app: Flask, classroom: Classroom) -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with served(app) as address:
        yield address


def ten_question_session(app: Flask, classroom: Classroom) -> tuple[int, str]:
    with app.app_context():
        article = db.session.get(Article, classroom.article_id)
        assert article is not None
        settings = QuizSettings("Harbour, ten", "immediate", True, None)
        quiz = build_quiz(article, classroom.teacher_id, best_questions(article, 10), settings)
        class_session = open_session(quiz, classroom.teacher_id)
        db.session.commit()
        assert len(quiz.items) == QUESTIONS
        return class_session.id, class_session.code


def take_the_quiz(base: str, code: str, nickname: str, start: threading.Barrier) -> int:
    """Join, then answer every question twice over; returns how many answers were sent."""
    rng = random.Random(nickname)
    sent = 0
    with requests.Session() as http:
        page = http.get(f"{base}/join?code={code}", timeout=TIMEOUT)
        form = {"csrf_token": csrf_token(page.text), "code": code, "nickname": nickname}
        start.wait(timeout=TIMEOUT)
        joined = http.post(f"{base}/join", data=form, allow_redirects=False, timeout=TIMEOUT)
        assert joined.status_code == 302, joined.text
        attempt_url = urljoin(base, joined.headers["Location"])
        for _ in range(QUESTIONS + 1):
            page = http.get(attempt_url, timeout=TIMEOUT)
            assert page.status_code == 200, page.status_code
            if page.url.endswith("/results"):
                return sent
            choice = html.unescape(rng.choice(choices_in(page.text)))
            data = {"csrf_token": csrf_token(page.text), "choice": choice}
            for _ in range(2):
                answer = http.post(page.url, data=data, allow_redirects=False, timeout=TIMEOUT)
                assert answer.status_code == 302, answer.status_code
                sent += 1
    raise AssertionError(f"{nickname} never reached the results")


def watch_dashboard(base: str, session_id: int, stop: threading.Event, seen: list[int]) -> None:
    """The teacher's dashboard polling during the rush, as its script does."""
    with requests.Session() as http:
        page = http.get(f"{base}/login", timeout=TIMEOUT)
        login = {
            "csrf_token": csrf_token(page.text),
            "username": "ada",
            "password": TEACHER_PASSWORD,
        }
        http.post(f"{base}/login", data=login, timeout=TIMEOUT)
        for _ in range(200):
            live = http.get(f"{base}/teach/sessions/{session_id}/live.json", timeout=TIMEOUT)
            assert live.status_code == 200
            seen.append(sum(s["answered"] for s in live.json()["students"]))
            if stop.wait(0.25):
                return


def test_thirty_students_answer_at_once_and_every_answer_counts_once(
    app: Flask, classroom: Classroom, live_server: str
) -> None:
    session_id, code = ten_question_session(app, classroom)
    start = threading.Barrier(STUDENTS)
    failures: list[BaseException] = []
    sent: list[int] = []

    def student(number: int) -> None:
        try:
            sent.append(take_the_quiz(live_server, code, f"Student {number:02}", start))
        except BaseException as error:  # noqa: BLE001 - reported by the main thread below
            failures.append(error)
            start.abort()

    stop, seen = threading.Event(), []
    teacher = threading.Thread(target=watch_dashboard, args=(live_server, session_id, stop, seen))
    threads = [threading.Thread(target=student, args=(n,)) for n in range(STUDENTS)]
    began = time.monotonic()
    teacher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    stop.set()
    teacher.join(timeout=30)
    elapsed = time.monotonic() - began
    assert not any(thread.is_alive() for thread in threads), "a student was still answering"
    assert not failures, failures[0]
    assert sum(sent) == STUDENTS * QUESTIONS * 2

    with app.app_context():
        attempts = db.session.scalars(
            select(Attempt).where(Attempt.class_session_id == session_id)
        ).all()
        assert len(attempts) == STUDENTS
        assert len({a.display_name for a in attempts}) == STUDENTS
        in_session = select(Attempt.id).where(Attempt.class_session_id == session_id)
        responses = db.session.scalars(
            select(Response).where(Response.attempt_id.in_(in_session))
        ).all()
        assert len(responses) == STUDENTS * QUESTIONS
        pairs = {(r.attempt_id, r.question_id) for r in responses}
        assert len(pairs) == STUDENTS * QUESTIONS, "an answer was stored twice"
        answers = dict(db.session.execute(select(Question.id, Question.answer)).all())
        for attempt in attempts:
            mine = [r for r in responses if r.attempt_id == attempt.id]
            assert {r.question_id for r in mine} == set(attempt.question_order)
            assert all(r.correct == (r.chosen == answers[r.question_id]) for r in mine)
            assert attempt.score == sum(r.correct for r in mine)
            assert attempt.finished_at is not None and attempt.max_score == QUESTIONS
        duplicates = db.session.scalar(
            select(func.count()).select_from(
                select(Response.attempt_id, Response.question_id)
                .group_by(Response.attempt_id, Response.question_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        assert duplicates == 0
    assert seen and seen == sorted(seen), "the dashboard's count of answers went backwards"
    print(f"\n{STUDENTS} students × {QUESTIONS} questions, each sent twice: {elapsed:.1f} s")
