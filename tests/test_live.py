"""Teacher-paced ("live") class sessions: the teacher moves the class question by question,
reveals each answer, and students' devices follow; late, missed and raced answers."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from conftest import Classroom
from flask import Flask
from helpers import Student, TeacherBrowser, visible_text
from sqlalchemy import func, select, update

from quizapp.domain import live
from quizapp.extensions import db
from quizapp.models import Attempt, ClassSession, Question, Quiz, Response


def open_live(ada: TeacherBrowser, quiz_id: int, **fields: str) -> tuple[int, str]:
    """Open a live session from the quiz page's form: (its id, its code)."""
    sent = ada.post(f"/teach/quizzes/{quiz_id}/sessions", {"pace": "teacher", **fields})
    assert sent.status_code == 302, sent.text
    assert sent.location.endswith("/projector")
    session_id = int(sent.location.split("/")[3])
    with ada.client.application.app_context():
        return session_id, db.session.get_one(ClassSession, session_id).code


def step(ada: TeacherBrowser, session_id: int, action: str, number: int) -> str:
    """Press Reveal or Next on the projector; returns where it went."""
    sent = ada.post(f"/teach/sessions/{session_id}/{action}", {"number": str(number)})
    assert sent.status_code == 302, sent.text
    return str(sent.location)


class LiveStudent(Student):
    token = ""

    def enter(self, code: str, nickname: str) -> LiveStudent:
        joined = self.join(code, nickname)
        assert joined.status_code == 302, joined.text
        self.token = joined.location.rsplit("/", 1)[1]
        return self

    def page(self) -> str:
        shown = self.client.get(f"/attempts/{self.token}", follow_redirects=True)
        assert shown.status_code == 200
        return shown.text

    def send(self, number: int, choice: str) -> str:
        """Answer from the live page; returns the page it lands on, with any note."""
        # A form sent from a page loaded earlier: the token of this browser's session.
        data = {"csrf_token": self.fresh_token(), "number": str(number), "choice": choice}
        sent = self.client.post(f"/attempts/{self.token}/live", data=data)
        assert sent.status_code == 302, sent.text
        return self.client.get(sent.location).text

    def stage(self, tag: str | None = None) -> tuple[int, str]:
        headers = {"If-None-Match": f'"{tag}"'} if tag else {}
        got = self.client.get(f"/attempts/{self.token}/live/stage", headers=headers)
        return got.status_code, got.text


def quiz_questions(app: Flask, quiz_id: int) -> list[Question]:
    with app.app_context():
        quiz = db.session.get_one(Quiz, quiz_id)
        questions = quiz.questions
        for question in questions:
            db.session.expunge(question)
        return questions


def responses(app: Flask) -> list[tuple[str, int, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Attempt.display_name, Response.question_id, Response.chosen)
            .join(Attempt, Response.attempt_id == Attempt.id)
            .order_by(Response.id)
        ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_live_class_follows_the_teacher_question_by_question(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    session_id, code = open_live(ada, classroom.quiz_id)
    questions = quiz_questions(app, classroom.quiz_id)
    first, second = questions[0], questions[1]
    projector = f"/teach/sessions/{session_id}/projector"
    lobby = visible_text(ada.client.get(projector).text)
    assert code in lobby and "0 students joined" in lobby and "Start question 1" in lobby
    join_page = ada.client.get(f"/teach/sessions/{session_id}").text
    assert f'href="{projector}">Lead the class on the projector</a>' in join_page

    ann = LiveStudent(app.test_client()).enter(code, "Ann")
    bo = LiveStudent(app.test_client()).enter(code, "Bo")
    assert "Waiting for your teacher to start the first question" in ann.page()
    status, tag = ann.stage()
    assert status == 200 and ann.stage(tag)[0] == 304  # nothing changed: a 304, no body
    assert "2 students joined" in visible_text(ada.client.get(projector).text)

    step(ada, session_id, "advance", 0)
    assert ann.stage(tag)[0] == 200  # the class moved: the device reloads
    page = ann.page()
    assert "Question 1 of 5" in page and first.prompt in page
    # Every device shows the choices in the quiz's order, lettered as on the projector.
    letters = re.findall(r'<label for="choice-\d+">([A-F])\. (.*?)</label>', page)
    assert [letter for letter, _ in letters] == list("ABCDEF"[: len(first.choices)])
    shown = ada.client.get(projector).text
    assert "0 of 2 students answered" in visible_text(shown)
    assert "is-right" not in shown and "the right answer" not in shown

    wrong = next(choice for choice in first.choices if choice != first.answer)
    waiting = ann.send(1, first.answer)
    assert (
        "Your answer is in" in waiting and "Waiting for your teacher to show the answer" in waiting
    )
    assert "Correct" not in waiting  # nothing is given away before the reveal
    assert "1 of 2 students answered" in visible_text(ada.client.get(projector).text)

    step(ada, session_id, "reveal", 1)
    shown = ada.client.get(projector).text
    assert "is-right" in shown and first.explanation.split()[0] in shown
    assert "Scores so far" not in shown  # no leaderboard unless the teacher asked
    assert "Correct" in ann.page()
    bo_page = bo.page()
    assert "Not answered" in bo_page and first.answer in unescape(bo_page)
    refused = bo.send(1, wrong)
    assert "The answer to question 1 was already shown: yours was not counted." in refused

    step(ada, session_id, "advance", 1)
    late = bo.send(1, wrong)
    assert "The class has moved on to question 2" in late
    assert "Question 2 of 5" in bo.page()
    # A second press of the same Next changes nothing.
    step(ada, session_id, "advance", 1)
    with app.app_context():
        assert db.session.get_one(ClassSession, session_id).current_number == 2

    cy = LiveStudent(app.test_client()).enter(code, "Cy")  # joins late: lands on question 2
    assert "Question 2 of 5" in cy.page() and second.prompt in cy.page()
    cy.send(2, second.answer)
    assert responses(app) == [("Ann", first.id, first.answer), ("Cy", second.id, second.answer)]

    # The teacher ends the quiz at any point; the rest count as not answered.
    for number in range(2, 6):
        step(ada, session_id, "advance", number)
    with app.app_context():
        assert not db.session.get_one(ClassSession, session_id).is_open
    results = ann.client.get(f"/attempts/{ann.token}", follow_redirects=True)
    assert results.request.path == f"/attempts/{ann.token}/results"
    assert visible_text(results.text).count("Not answered") >= 4


def test_the_stage_request_costs_a_304_while_nothing_changes(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    session_id, code = open_live(ada, classroom.quiz_id)
    ann = LiveStudent(app.test_client()).enter(code, "Ann")
    status, tag = ann.stage()
    got = ann.client.get(f"/attempts/{ann.token}/live/stage", headers={"If-None-Match": f'"{tag}"'})
    assert got.status_code == 304 and got.data == b""
    assert got.headers["ETag"] == f'"{tag}"' and got.headers["Cache-Control"] == "no-cache"
    step(ada, session_id, "advance", 0)
    status, new = ann.stage(tag)
    assert status == 200 and new != tag


def test_a_time_per_question_refuses_a_late_answer_and_says_so(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    session_id, code = open_live(ada, classroom.quiz_id, question_seconds="20")
    first = quiz_questions(app, classroom.quiz_id)[0]
    ann = LiveStudent(app.test_client()).enter(code, "Ann")
    step(ada, session_id, "advance", 0)
    page = ann.page()
    assert re.search(r'data-seconds="(1\d|20)"', page) and "seconds left to answer" in page
    with app.app_context():
        held = db.session.get_one(ClassSession, session_id)
        assert held.question_started_at is not None
        held.question_started_at -= timedelta(seconds=21)
        db.session.commit()
    assert "Time is up for this question" in ann.page()
    refused = ann.send(1, first.answer)
    assert "Time was up for question 1: your answer was not counted." in refused
    assert responses(app) == []
    assert "time is up" in ada.client.get(f"/teach/sessions/{session_id}/projector").text


def test_the_leaderboard_shows_after_a_reveal_when_asked_for(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    session_id, code = open_live(ada, classroom.quiz_id, leaderboard="y")
    first = quiz_questions(app, classroom.quiz_id)[0]
    LiveStudent(app.test_client()).enter(code, "Zed")
    ann = LiveStudent(app.test_client()).enter(code, "Ann")
    step(ada, session_id, "advance", 0)
    ann.send(1, first.answer)
    projector = f"/teach/sessions/{session_id}/projector"
    assert "Scores so far" not in ada.client.get(projector).text
    step(ada, session_id, "reveal", 1)
    said = visible_text(ada.client.get(projector).text)
    assert re.search(r"Scores so far Ann 1 Zed 0", said)


def test_a_reveal_that_lands_while_an_answer_is_written_wins_over_it(
    app: Flask, ada: TeacherBrowser, classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer checked the stage and found question 1 open; the teacher's reveal commits
    before the answer does. The check inside the answer's transaction sees it: nothing stored."""
    session_id, code = open_live(ada, classroom.quiz_id)
    first = quiz_questions(app, classroom.quiz_id)[0]
    ann = LiveStudent(app.test_client()).enter(code, "Ann")
    step(ada, session_id, "advance", 0)
    real = live.attempt_and_question

    def reveal_meanwhile(token: str, number: int):  # type: ignore[no-untyped-def]
        found = real(token, number)
        with app.app_context():
            db.session.execute(
                update(ClassSession).where(ClassSession.id == session_id).values(revealed=True)
            )
            db.session.commit()
        return found

    monkeypatch.setattr(live, "attempt_and_question", reveal_meanwhile)
    refused = ann.send(1, first.answer)
    assert "The answer to question 1 was already shown: yours was not counted." in refused
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 0
        assert db.session.scalar(select(Attempt.score).where(Attempt.token == ann.token)) == 0


def test_a_live_session_with_a_bad_time_opens_nothing_and_says_why(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    before = _sessions(app)
    sent = ada.post(
        f"/teach/quizzes/{classroom.quiz_id}/sessions", {"pace": "teacher", "question_seconds": "2"}
    )
    assert sent.status_code == 302 and sent.location.endswith("#live-heading")
    assert "No session was opened: Give 5 to 600 seconds" in ada.client.get(sent.location).text
    assert _sessions(app) == before


def test_a_self_paced_session_is_still_the_default(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    sent = ada.post(f"/teach/quizzes/{classroom.quiz_id}/sessions")
    assert sent.status_code == 302 and not sent.location.endswith("/projector")
    with app.app_context():
        newest = db.session.scalars(select(ClassSession).order_by(ClassSession.id.desc())).first()
        assert newest is not None and newest.pace == "self"
        code = newest.code
    ann = LiveStudent(app.test_client()).enter(code, "Ann")
    assert ann.client.get(f"/attempts/{ann.token}/live").status_code == 302
    assert ann.stage()[1] == "none"


def _sessions(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(ClassSession.id))) or 0)
