"""A real Chromium runs a class: a teacher goes from a pasted article to an open session, two
students in their own browser contexts join and answer, and the live dashboard shows both.

The server sends a Content-Security-Policy of script-src 'self' (and style-src 'self'), so an
inline script or style would be refused and reported; the test fails on any such report. Every
teacher page type is photographed into the test's temporary folder, at desktop and phone width.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA
from flask import Flask
from flask.wrappers import Response as FlaskResponse
from helpers import (
    PHONE,
    TEACHER_PASSWORD,
    Generate,
    needs_chromium,
    served,
    shoot,
)
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlalchemy import select

from quizapp.domain.teachers import create_teacher
from quizapp.extensions import db
from quizapp.models import Attempt, Question

DESKTOP = {"width": 1200, "height": 850}
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)

pytestmark = needs_chromium


@pytest.fixture
def class_server(app: Flask, quiz_id: int, fast_generate: Generate) -> Iterator[str]:
    """The app with the seed and a teacher, under a strict CSP, on 127.0.0.1 at a free port."""
    with app.app_context():
        create_teacher("ada", TEACHER_PASSWORD)
        db.session.commit()

    @app.after_request
    def strict_policy(response: FlaskResponse) -> FlaskResponse:
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response

    with served(app) as address:
        yield address


def dashboard_rows(page: Page) -> list[list[str]]:
    """Every cell of the dashboard's two tables, and the session's state, as shown."""
    parts = ("students", "questions")
    cells = [
        [
            " ".join(text.split())
            for text in page.locator(f"[data-live={part}] tr").all_inner_texts()
        ]
        for part in parts
    ]
    return [*cells, [page.locator("[data-live=state]").inner_text()]]


class Reports:
    """What the browser complains about: CSP refusals, script errors, failed requests."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page: Page) -> Page:
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        return page

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")


def answers_for(app: Flask, nickname: str) -> list[tuple[str, str]]:
    """(right answer, a wrong one) for each question, in the order this student sees them."""
    with app.app_context():
        attempt = db.session.scalars(select(Attempt).where(Attempt.display_name == nickname)).one()
        questions = [db.session.get(Question, qid) for qid in attempt.question_order]
        return [
            (q.answer, next(c for c in q.choices if c != q.answer))
            for q in questions
            if q is not None
        ]


def take_quiz(page: Page, app: Flask, base: str, code: str, nickname: str, wrong: set[int]) -> int:
    """Join from the home page and answer every question; returns the expected score."""
    page.goto(base + "/")
    page.get_by_label("Class code").fill(code.lower())
    page.get_by_label("Your nickname").fill(nickname)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/questions/1")
    plan = answers_for(app, nickname)
    for number, (right, other) in enumerate(plan, start=1):
        page.wait_for_url(f"**/questions/{number}")
        page.get_by_label(other if number in wrong else right, exact=True).check()
        page.get_by_role("button", name="Submit answer").click()
        page.wait_for_url(f"**/questions/{number}/feedback")
        follow = "See your results" if number == len(plan) else "Next question"
        page.get_by_role("link", name=follow).click()
    page.wait_for_url("**/results")
    return len(plan) - len(wrong)


def test_a_teacher_runs_a_class_session_in_chromium(
    app: Flask, class_server: str, browser: Browser, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    reports = Reports()
    teacher = reports.watch(browser.new_context(viewport=DESKTOP).new_page())

    teacher.goto(class_server + "/teach/")
    teacher.wait_for_url("**/login?next=*")
    shoot(teacher, shots, "login")
    teacher.get_by_label("Username").fill("ada")
    teacher.get_by_label("Password").fill(TEACHER_PASSWORD)
    teacher.get_by_role("button", name="Log in").click()
    teacher.wait_for_url("**/teach/")
    shoot(teacher, shots, "classroom")

    title, body = (DATA / "council_story.txt").read_text().split("\n", 1)
    teacher.get_by_role("link", name="Add an article").first.click()
    teacher.get_by_label("Title (optional)").fill(title)
    teacher.get_by_label("Article text").fill(body)
    shoot(teacher, shots, "new-article")
    teacher.get_by_role("button", name="Add and generate questions").click()
    teacher.wait_for_url("**/teach/articles/*")
    expect(teacher.get_by_role("heading", level=1)).to_have_text(title)
    assert teacher.locator(".qcard").count() >= 8
    assert teacher.locator(".qcard mark").count() == teacher.locator(".qcard").count()
    shoot(teacher, shots, "review")

    teacher.get_by_role("button", name="Approve all that pass the checks").click()
    expect(teacher.locator(".flash")).to_contain_text("questions approved")
    teacher.get_by_role("button", name="Reject question 1", exact=True).click()
    expect(teacher.locator(".qcard").first.locator(".badge").first).to_have_text("Rejected")
    teacher.get_by_role("link", name="Make a quiz").click()
    teacher.get_by_label("How many of the best").fill("4")
    shoot(teacher, shots, "quiz-form")
    teacher.get_by_role("button", name="Create the quiz").click()
    teacher.wait_for_url("**/teach/quizzes/*")
    assert teacher.locator(".quiz-questions li").count() == 4
    shoot(teacher, shots, "quiz")

    quiz_url = teacher.url
    teacher.get_by_role("link", name="Printable worksheet").click()
    assert teacher.locator(".sheet-item").count() == 4
    shoot(teacher, shots, "worksheet")
    teacher.emulate_media(media="print")
    teacher.screenshot(path=str(shots / "worksheet-print.png"), full_page=True)
    assert not teacher.locator(".site-header").is_visible()
    teacher.emulate_media(media="screen")
    teacher.get_by_role("link", name="Answer key").click()
    assert teacher.locator(".why").count() == 4
    shoot(teacher, shots, "answer-key")

    teacher.goto(quiz_url)
    teacher.get_by_role("button", name="Open a class session").click()
    teacher.wait_for_url("**/teach/sessions/*")
    code = teacher.locator(".join-code").inner_text()
    assert len(code) == 6
    assert teacher.locator("svg.qr").is_visible()
    code_height = teacher.locator(".join-code").bounding_box()
    assert code_height is not None and code_height["height"] >= 80, "too small for a projector"
    shoot(teacher, shots, "session")
    teacher.get_by_role("link", name="Open the live dashboard").click()
    teacher.wait_for_url("**/dashboard")
    expect(teacher.locator("[data-live=students]")).to_contain_text("No student has joined yet.")
    shoot(teacher, shots, "dashboard-empty")

    students = []
    for _ in range(2):
        context = browser.new_context(viewport=PHONE)
        students.append(reports.watch(context.new_page()))
    ann_score = take_quiz(students[0], app, class_server, code, "Ann", wrong=set())
    bo_score = take_quiz(students[1], app, class_server, code, "Bo <3", wrong={2, 4})
    shoot(students[1], shots, "student-results")

    # No reload: the dashboard's own script brings both students in.
    rows = teacher.locator("[data-live=students] tr")
    expect(rows).to_have_count(2, timeout=15_000)
    for nickname, score in (("Ann", ann_score), ("Bo <3", bo_score)):
        row = rows.filter(has_text=nickname)
        expect(row.locator(".progress-text")).to_have_text("4 / 4", timeout=15_000)
        expect(row.locator("td").nth(1)).to_have_text(f"{score} / 4")
        expect(row.locator("td").nth(2)).to_have_text("Finished")
    expect(teacher.locator("[data-live=updated]")).to_have_text(
        re.compile(r"^Updated at \d\d:\d\d:\d\d( [AP]M)?$")  # the browser's clock, not UTC
    )
    with app.app_context():
        scores = dict(db.session.execute(select(Attempt.display_name, Attempt.score)).all())
    assert scores == {"Ann": ann_score, "Bo <3": bo_score}
    answered = teacher.locator("[data-live=questions] tr td:nth-child(3)").all_inner_texts()
    assert answered == ["2", "2", "2", "2"]
    # The rows the script drew are the rows the server renders on a first load, word for word.
    refreshed = dashboard_rows(teacher)
    teacher.reload()
    assert dashboard_rows(teacher) == refreshed
    shoot(teacher, shots, "dashboard")

    teacher.get_by_role("link", name="Close the session…").click()
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("Close session")
    expect(teacher.locator("main")).to_contain_text("2 students joined; all of them have finished")
    shoot(teacher, shots, "close-confirm")
    teacher.get_by_role("button", name="Close the session").click()
    expect(teacher.locator("[data-live=state]")).to_contain_text("Closed")
    teacher.get_by_role("link", name="Your classroom").click()
    expect(teacher.locator("table.data").first).to_contain_text(title)
    shoot(teacher, shots, "classroom-full")
    assert not reports.problems, reports.problems
    print(f"\nscreenshots in {shots}")
