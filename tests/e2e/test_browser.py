"""A real Chromium takes the seed's practice quiz, by keyboard and by mouse, to the results.

The app runs in a thread on a free local port; every page type is photographed into the test's
temporary folder, at desktop width and at 360 pixels, the width of a small phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from helpers import SEED_QUIZ_SIZE, needs_chromium, served, shoot
from playwright.sync_api import Browser, Locator, Page
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Question

DESKTOP = {"width": 1024, "height": 800}

pytestmark = needs_chromium


@pytest.fixture
def live_server(app: Flask, quiz_id: int) -> Iterator[str]:
    """The app with the seed's practice quiz, served on 127.0.0.1 at a free port."""
    with served(app) as address:
        yield address


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would; its focus shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            outline = target.evaluate("element => getComputedStyle(element).outlineStyle")
            assert outline != "none", "the focused control shows no outline"
            return
    raise AssertionError(f"Tab never reached {target}")


def stored_attempt(app: Flask) -> tuple[Attempt, list[Question]]:
    with app.app_context():
        attempt = db.session.scalars(select(Attempt)).one()
        questions = [db.session.get(Question, qid) for qid in attempt.question_order]
        _ = attempt.responses
        db.session.expunge_all()
    return attempt, [q for q in questions if q is not None]


def answer_by_keyboard(page: Page, index: int, photo: Path | None = None) -> None:
    """Tab into the radio group, arrow to the choice, Enter to submit."""
    tab_to(page, page.locator("input[name=choice]").first)
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    assert page.locator("input[name=choice]").nth(index).is_checked()
    if photo is not None:
        page.screenshot(path=str(photo))
    page.keyboard.press("Enter")


def answer_by_mouse(page: Page, choice: str) -> None:
    page.get_by_label(choice, exact=True).click()
    page.get_by_role("button", name="Submit answer").click()


def test_a_student_takes_the_practice_quiz_in_chromium(
    app: Flask, live_server: str, page: Page, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page.goto(live_server + "/")
    assert page.get_by_role("heading", name="Practice quizzes").is_visible()
    shoot(page, shots, "home")

    page.get_by_role("link", name="Read the article").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Russian And U.S.")
    shoot(page, shots, "article")
    page.go_back()

    tab_to(page, page.get_by_role("link", name="Take the quiz").first)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Your name (optional)"))
    page.keyboard.type("Robin")
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/1")

    _, questions = stored_attempt(app)
    expected = 0
    for number, question in enumerate(questions, start=1):
        page.wait_for_url(f"**/questions/{number}")
        assert page.get_by_text(f"Question {number} of {len(questions)}").is_visible()
        if number == 1:
            shoot(page, shots, "question")
        radios = page.locator("input[name=choice]")
        shown = radios.evaluate_all("inputs => inputs.map(i => i.value)")
        right = number % 4 != 0
        expected += right
        choice = question.answer if right else next(c for c in shown if c != question.answer)
        if number % 2:
            photo = shots / "question-keyboard.png" if number == 1 else None
            answer_by_keyboard(page, shown.index(choice), photo)
        else:
            answer_by_mouse(page, choice)
        page.wait_for_url(f"**/questions/{number}/feedback")
        verdict = page.locator(".verdict").inner_text()
        assert verdict.endswith("Correct" if right else "Incorrect")
        assert page.get_by_text(f"You chose “{choice}”:").is_visible() is not right
        assert page.locator("mark").count() == 1
        if number in (3, 4):
            shoot(page, shots, "feedback-right" if right else "feedback-wrong")
        if number == 2:
            # The back button asks for the answered question again, and gets its feedback.
            page.go_back()
            page.wait_for_url("**/questions/2/feedback")
            assert page.locator("input[name=choice]").count() == 0
        follow = "See your results" if number == len(questions) else "Next question"
        if number % 2:
            tab_to(page, page.get_by_role("link", name=follow))
            page.keyboard.press("Enter")
        else:
            page.get_by_role("link", name=follow).click()

    page.wait_for_url("**/results")
    shoot(page, shots, "results")
    attempt, _ = stored_attempt(app)
    shown_score = int(page.locator("[data-score]").inner_text())
    assert shown_score == attempt.score == expected
    max_score = int(page.locator("[data-max-score]").inner_text())
    assert max_score == attempt.max_score == SEED_QUIZ_SIZE
    assert attempt.display_name == "Robin" and attempt.finished_at is not None
    assert len(attempt.responses) == len(questions) == SEED_QUIZ_SIZE
    assert {r.question_id for r in attempt.responses} == {q.id for q in questions}
    # The explanation, and after a wrong choice its note (every generated wrong choice has one).
    by_id = {q.id: q for q in questions}
    for response in attempt.responses:
        question = by_id[response.question_id]
        note = question.choice_notes[response.chosen] if not response.correct else ""
        expected = f"{question.explanation}\n\nYou chose “{response.chosen}”: {note}"
        assert response.explanation_shown == (expected if note else question.explanation)

    missing = page.goto(live_server + "/attempts/no-such-token")
    assert missing is not None and missing.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    shoot(page, shots, "404")
    print(f"\nscreenshots in {shots}")
