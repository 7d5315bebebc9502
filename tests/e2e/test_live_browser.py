"""A live (teacher-paced) lesson in a real Chromium: the teacher's projector and three
students in contexts of their own (one phone-sized), two questions each revealed and moved
on from, one student reloading in the middle and one joining late. The students' pages follow
the teacher by themselves; every answer is stored once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Classroom
from flask import Flask
from helpers import PHONE, log_in, needs_chromium, served, shoot
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Quiz, Response

pytestmark = needs_chromium
DESKTOP = {"width": 1280, "height": 800}
FOLLOW = 10_000  # ms: a student's page polls every 2 s


@pytest.fixture
def site(app: Flask, classroom: Classroom) -> Iterator[str]:
    with served(app) as base:
        yield base


def join(browser: Browser, site: str, code: str, nickname: str, phone: bool = False) -> Page:
    context = (
        browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        if phone
        else browser.new_context(viewport=DESKTOP)
    )
    page = context.new_page()
    page.goto(f"{site}/join?code={code}")
    page.get_by_label("Your nickname").fill(nickname)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/live")
    return page


def answer(page: Page, choice: str) -> None:
    page.get_by_label(choice, exact=False).first.check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text("Your answer is in")).to_be_visible()


def test_a_live_lesson_with_three_students(
    app: Flask, site: str, classroom: Classroom, browser: Browser, tmp_path: Path
) -> None:
    with app.app_context():
        quiz = db.session.get_one(Quiz, classroom.quiz_id)
        questions = [
            (q.prompt, q.answer, [c for c in q.choices if c != q.answer][0]) for q in quiz.questions
        ]
    teacher = browser.new_context(viewport=DESKTOP).new_page()
    log_in(teacher, site)
    teacher.goto(f"{site}/teach/quizzes/{classroom.quiz_id}")
    teacher.get_by_label("After each answer, show the nicknames by score").check()
    teacher.get_by_role("button", name="Open a live session").click()
    teacher.wait_for_url("**/projector")
    code = teacher.locator(".join-code").inner_text().strip()

    ann = join(browser, site, code, "Ann")
    bo = join(browser, site, code, "Bo", phone=True)
    expect(bo.get_by_text("Waiting for your teacher to start")).to_be_visible()
    expect(teacher.locator("#projector-live")).to_contain_text("2 students joined", timeout=FOLLOW)

    # Question 1: the devices follow the teacher without a reload by hand.
    teacher.get_by_role("button", name="Start question 1").click()
    prompt, right, wrong = questions[0]
    for student in (ann, bo):
        expect(student.get_by_text("Question 1 of 5")).to_be_visible(timeout=FOLLOW)
    answer(ann, right)
    answer(bo, wrong)
    bo.reload()  # a reload in the middle lands where the class is
    expect(bo.get_by_text("Waiting for your teacher to show the answer")).to_be_visible()
    shoot(bo, tmp_path, "student-waiting")
    live = teacher.locator("#projector-live")
    expect(live).to_contain_text("2 of 2 students answered", timeout=FOLLOW)
    expect(live.locator(".is-right")).to_have_count(0)

    teacher.get_by_role("button", name="Reveal the answer").click()
    expect(teacher.locator("#projector-live .is-right")).to_have_count(1)
    expect(teacher.locator("#projector-live .is-right")).to_contain_text(right)
    expect(teacher.get_by_role("heading", name="Scores so far")).to_be_visible()
    shoot(teacher, tmp_path, "projector-revealed")
    expect(ann.locator(".verdict")).to_have_text("✓ Correct", timeout=FOLLOW)
    expect(bo.locator(".verdict")).to_have_text("✗ Incorrect", timeout=FOLLOW)
    expect(bo.locator(".source mark")).to_be_visible()
    shoot(bo, tmp_path, "student-revealed")

    # Question 2, and a student who joins late lands on it.
    teacher.get_by_role("button", name="Next question").click()
    prompt, right, wrong = questions[1]
    expect(ann.get_by_text("Question 2 of 5")).to_be_visible(timeout=FOLLOW)
    cy = join(browser, site, code, "Cy")
    expect(cy.get_by_text("Question 2 of 5")).to_be_visible()
    answer(ann, right)
    expect(bo.get_by_text("Question 2 of 5")).to_be_visible(timeout=FOLLOW)
    bo.reload()
    expect(bo.get_by_text("Question 2 of 5")).to_be_visible()
    answer(bo, right)
    answer(cy, wrong)
    expect(live).to_contain_text("3 of 3 students answered", timeout=FOLLOW)
    teacher.get_by_role("button", name="Reveal the answer").click()
    expect(cy.locator(".verdict")).to_have_text("✗ Incorrect", timeout=FOLLOW)
    teacher.get_by_role("button", name="Next question").click()
    expect(cy.get_by_text("Question 3 of 5")).to_be_visible(timeout=FOLLOW)

    with app.app_context():
        stored = db.session.execute(
            select(Attempt.display_name, Response.question_id).join(
                Attempt, Response.attempt_id == Attempt.id
            )
        ).all()
        scores = dict(db.session.execute(select(Attempt.display_name, Attempt.score)).all())
    assert len(stored) == len(set(stored)) == 5
    assert scores == {"Ann": 2, "Bo": 1, "Cy": 0}
    print(f"\nscreenshots in {tmp_path}")
