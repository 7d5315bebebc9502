"""A teacher's quiz settings in a real Chromium: the tick list is off while "the best" is
chosen, times read on the teacher's own clock, and a class that reads the article first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import Classroom
from flask import Flask
from helpers import PHONE, log_in, needs_chromium, served, shoot
from playwright.sync_api import Browser, expect

from quizapp.extensions import db
from quizapp.models import ClassSession

pytestmark = needs_chromium
# Kathmandu is UTC+5:45 all year: a clock that shows it cannot be UTC by chance.
ZONE, OFFSET = "Asia/Kathmandu", timedelta(hours=5, minutes=45)


@pytest.fixture
def site(app: Flask, classroom: Classroom) -> Iterator[str]:
    with served(app) as base:
        yield base


def test_quiz_settings_in_the_browser(
    app: Flask, site: str, classroom: Classroom, browser: Browser, tmp_path: Path
) -> None:
    teacher = browser.new_context(timezone_id=ZONE, locale="en-GB").new_page()
    log_in(teacher, site)

    # The session's opening time, on the teacher's clock.
    teacher.goto(f"{site}/teach/quizzes/{classroom.quiz_id}")
    with app.app_context():
        opened = db.session.get_one(ClassSession, classroom.session_id).opened_at
    local = opened + OFFSET
    shown = teacher.locator("td time[data-local-time]").first
    expect(shown).to_contain_text(f"{local:%H}:{local:%M}")
    expect(shown).not_to_contain_text("UTC")

    # The tick list counts only when the teacher picks by hand.
    teacher.goto(f"{site}/teach/articles/{classroom.article_id}/quizzes/new")
    ticks = teacher.locator("#pick-list input[type=checkbox]")
    expect(ticks.first).to_be_disabled()
    teacher.get_by_label("The questions I tick below").check()
    expect(ticks.first).to_be_enabled()
    teacher.get_by_label("The best questions, kinds and levels mixed").check()
    expect(ticks.first).to_be_disabled()
    teacher.get_by_text("What “the best” means").click()
    expect(teacher.locator("#best-means li").first).to_be_visible()
    shoot(teacher, tmp_path, "new-quiz")

    # A quiz whose class reads the article first.
    teacher.get_by_label("Quiz title").fill("Read it first")
    teacher.get_by_label("How many of the best").fill("3")
    teacher.get_by_label("Students read the article before the first question").check()
    teacher.get_by_role("button", name="Create the quiz").click()
    teacher.get_by_role("button", name="Open a class session").click()
    code = teacher.locator(".join-code").first.inner_text().strip()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{site}/join?code={code}")
    phone.get_by_label("Your nickname").fill("Reader")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url("**/article")
    expect(phone.locator("#read-first")).to_contain_text("the 3 questions of “Read it first”")
    shoot(phone, tmp_path, "read-first")
    phone.get_by_role("link", name="I have read it: start the questions").click()
    phone.wait_for_url("**/questions/1")
    expect(phone.get_by_text("Question 1 of 3")).to_be_visible()
    print(f"\nscreenshots in {tmp_path}")
