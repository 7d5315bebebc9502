"""The item analysis pages in Chromium: axe finds no serious or critical violation on the
quiz's and the bank's analysis, with flags, a refusal and a replacement shown; the quiz's
page is photographed at desktop width and at 360 px (nothing may scroll sideways)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Classroom
from flask import Flask
from helpers import TEACHER_PASSWORD, needs_chromium, served, shoot
from playwright.sync_api import Browser, expect
from test_accessibility import DESKTOP, Audit

from quizapp.domain.attempts import attempt_and_question, submit_answer
from quizapp.domain.class_sessions import close_session, join_session
from quizapp.extensions import db
from quizapp.models import ClassSession, Question

pytestmark = needs_chromium
STUDENTS = 12


def picked(question: Question, position: int, student: int) -> str:
    """Student 0 is the strongest, 11 the weakest. The quiz's first question everyone gets
    right; the second the weaker half gets right and the stronger half not (its key is
    suspect); the third the eight strongest get right, and the others all pick the same wrong
    choice; on the rest the stronger students do better, the wrong ones spread."""
    wrong = [c for c in question.choices if c != question.answer]
    right = {
        0: True,
        1: student >= STUDENTS // 2,
        2: student < 8,
        3: student < 4 or student in (6, 9),
    }.get(position, student < 6)
    if right:
        return question.answer
    return wrong[0] if position == 2 else wrong[student % len(wrong)]


@pytest.fixture
def taught(app: Flask, classroom: Classroom) -> Iterator[str]:
    """Twelve students answer Ada's quiz in her open session; the app is served."""
    with app.app_context():
        positions = {qid: index for index, qid in enumerate(classroom.question_ids)}
        for student in range(STUDENTS):
            token = join_session(classroom.code, f"Student {student + 1}", [])
            for number in range(1, len(classroom.question_ids) + 1):
                attempt, asked = attempt_and_question(token, number)
                question = db.session.get_one(Question, asked.id)
                choice = picked(question, positions[asked.id], student)
                assert submit_answer(attempt, asked, choice)
    with served(app) as address:
        yield address


def test_the_analysis_pages_pass_axe_and_look_right(
    app: Flask, taught: str, browser: Browser, classroom: Classroom, tmp_path: Path
) -> None:
    audit = Audit()
    page = audit.watch(browser.new_context(viewport=DESKTOP).new_page())
    page.goto(taught + "/login")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/teach/")

    page.goto(f"{taught}/teach/quizzes/{classroom.quiz_id}")
    page.get_by_role("link", name="Item analysis").click()
    page.wait_for_url("**/analysis")
    expect(page.locator("#analysis-summary")).to_contain_text("12 students in 1 class session")
    expect(page.get_by_text("Everyone gets this right").first).to_be_visible()
    expect(page.get_by_text("Stronger students miss this more").first).to_be_visible()
    expect(page.get_by_text("r_pb = (M1 − M0) / s × √(p × q)")).to_be_visible()
    audit.check(page, "quiz item analysis")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    shoot(page, shots, "quiz-analysis")

    # Replacing while the session is open is refused, with the reason.
    # (The third question's wrong students all pick one choice: the others get "Replace".)
    page.get_by_role("button", name="Replace").first.click()
    expect(page.locator(".flash")).to_contain_text("is still open: close it first")
    audit.check(page, "quiz item analysis, replacement refused")
    with app.app_context():
        close_session(db.session.get_one(ClassSession, classroom.session_id))
    page.get_by_role("button", name="Replace").first.click()
    expect(page.locator(".flash")).to_contain_text("for every class from now on")
    audit.check(page, "quiz item analysis, distractor replaced")

    page.get_by_role("button", name="The key is right").first.click()
    expect(page.locator(".flash")).to_contain_text("back among “the best N”")
    expect(page.get_by_text("Key reviewed").first).to_be_visible()
    shoot(page, shots, "quiz-analysis-reviewed")

    page.get_by_role("link", name="Every question of the bank").click()
    page.wait_for_url(f"**/articles/{classroom.article_id}/analysis")
    audit.check(page, "bank item analysis")
    shoot(page, shots, "bank-analysis")
    print(f"\nscreenshots in {shots}")
    audit.verdict()
