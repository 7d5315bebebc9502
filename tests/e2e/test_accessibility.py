"""axe-core, in a real Chromium, on every page type a student or a teacher sees.

Each page is checked at desktop width and again at 360 pixels. A serious or critical violation
anywhere fails the test, after the whole walk, with every page it was found on; minor and
moderate ones are printed for information, and so is what axe could not decide by itself
("needs review"). The app sends its own Content-Security-Policy, and axe is injected through
the DevTools protocol, which that policy does not govern; a page that breaks the policy (an
inline style or script) fails the test too.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import Classroom
from flask import Flask
from helpers import (
    PHONE,
    TEACHER_PASSWORD,
    Student,
    choices_in,
    log_in,
    needs_chromium,
    served,
)
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from quizapp.domain.class_sessions import close_session, open_session
from quizapp.domain.quizzes import QuizSettings, build_quiz
from quizapp.extensions import db
from quizapp.models import Article, Attempt, ClassSession, Question
from quizapp.recent_reads import teacher_changed

DESKTOP = {"width": 1200, "height": 850}
FAILING = ("serious", "critical")

pytestmark = needs_chromium


@dataclass
class Audit:
    """Runs axe on pages and keeps what it finds, by page and width."""

    axe: Axe = field(default_factory=Axe)
    pages: list[str] = field(default_factory=list)
    failing: list[str] = field(default_factory=list)
    lesser: list[str] = field(default_factory=list)
    review: dict[str, set[str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        """Note every Content-Security-Policy refusal the browser reports for this page."""
        page.on("console", lambda message: self.console(message.text))
        return page

    def console(self, text: str) -> None:
        if "Content Security Policy" in text:
            self.refused.append(text)

    def check(self, page: Page, name: str) -> None:
        """Check the page as it is at desktop width, then at 360 px."""
        self.pages.append(name)
        for width, viewport in (("desktop", DESKTOP), ("360px", PHONE)):
            page.set_viewport_size(viewport)
            found = self.axe.run(page).response
            for violation in found["violations"]:
                self.keep(f"{name} ({width})", violation)
            for undecided in found["incomplete"]:
                self.review.setdefault(undecided["id"], set()).add(name)
        page.set_viewport_size(DESKTOP)

    def keep(self, where: str, violation: dict[str, Any]) -> None:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        line = (
            f"{violation['impact']}: {violation['id']} on {where}: {violation['help']}"
            f" [{', '.join(targets[:3])}{' …' if len(targets) > 3 else ''}]"
        )
        (self.failing if violation["impact"] in FAILING else self.lesser).append(line)

    def verdict(self) -> None:
        print(f"\naxe checked {len(self.pages)} page types: {', '.join(self.pages)}")
        for line in self.lesser:
            print("  info:", line)
        for rule, pages in sorted(self.review.items()):
            print(f"  needs review: {rule} on {', '.join(sorted(pages))}")
        assert not self.failing, "axe found:\n" + "\n".join(self.failing)
        assert not self.refused, self.refused


@pytest.fixture
def server(app: Flask, classroom: Classroom) -> Iterator[str]:
    """The seed's practice quiz and Ada's classroom, served on 127.0.0.1 at a free port; every
    article credited (byline, publisher, date, address), so that the pages show their credit
    line."""
    with app.app_context():
        for article in db.session.scalars(select(Article)):
            article.byline, article.publisher = "Jane Doe", "Harbour Times"
            article.published_on = date(2025, 3, 12)
            article.url = "https://harbourtimes.example/news/2025/03/12/" + article.slug
        db.session.commit()
    with served(app) as address:
        yield address


def shown_question(app: Flask, page: Page, number: int) -> Question:
    """The question a student's page shows as ``number``, from the attempt in its address."""
    token = page.url.split("/attempts/")[1].split("/")[0]
    with app.app_context():
        attempt = db.session.scalars(select(Attempt).where(Attempt.token == token)).one()
        question = db.session.get(Question, attempt.question_order[number - 1])
        assert question is not None
        db.session.expunge(question)
        return question


def answer(page: Page, question: Question, right: bool) -> None:
    wrong = next(c for c in question.choices if c != question.answer)
    page.get_by_label(question.answer if right else wrong, exact=True).check()
    page.get_by_role("button", name="Submit answer").click()


def test_student_pages_pass_axe(
    app: Flask, server: str, browser: Browser, classroom: Classroom
) -> None:
    audit = Audit()
    page = audit.watch(browser.new_context(viewport=DESKTOP).new_page())
    page.goto(server + "/")
    audit.check(page, "home with join form")
    page.get_by_role("link", name="Read the article").first.click()
    expect(page.locator(".credit")).to_contain_text("By Jane Doe · Harbour Times")
    audit.check(page, "article")
    page.go_back()
    page.get_by_role("link", name="Take the quiz").first.click()
    audit.check(page, "quiz start")
    page.get_by_label("Your name (optional)").fill("Robin")
    page.get_by_role("button", name="Start the quiz").click()

    kinds: set[str] = set()
    verdicts: set[bool] = set()
    number = 1
    while "/questions/" in page.url:
        page.wait_for_url(f"**/questions/{number}")
        question = shown_question(app, page, number)
        if question.kind not in kinds:
            kinds.add(question.kind)
            audit.check(page, f"question ({question.kind.replace('_', ' ')})")
        if number == 1:
            # The browser itself refuses an empty answer; without that, the server does.
            page.locator("form.question").evaluate("form => { form.noValidate = true }")
            page.get_by_role("button", name="Submit answer").click()
            expect(page.locator(".errors")).to_contain_text("Choose an answer.")
            audit.check(page, "question, sent without an answer")
        right = number != 2
        answer(page, question, right)
        page.wait_for_url(f"**/questions/{number}/feedback")
        if right not in verdicts:
            verdicts.add(right)
            audit.check(page, f"feedback ({'right' if right else 'wrong'})")
        page.locator("main .actions a.button").click()
        page.wait_for_load_state()
        number += 1
    page.wait_for_url("**/results")
    audit.check(page, "results")
    assert verdicts == {True, False}

    page.goto(server + "/attempts/no-such-token")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    audit.check(page, "404")
    page.goto(server + "/join")
    audit.check(page, "join by code")
    page.get_by_label("Class code").fill("nope")
    page.get_by_role("button", name="Join").click()
    expect(page.locator(".errors").first).to_be_visible()
    audit.check(page, "join by code, with errors")

    page.get_by_label("Class code").fill(classroom.code)
    page.get_by_label("Your nickname").fill("Sam")
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/questions/1")
    page.locator("input[name=choice]").first.evaluate("radio => { radio.value = 'forged' }")
    page.locator("input[name=choice]").first.check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="That request could not be used")).to_be_visible()
    audit.check(page, "400")

    page.go_back()
    page.reload()
    answer(page, shown_question(app, page, 1), right=True)
    page.wait_for_url("**/questions/1/feedback")
    with app.app_context():
        close_session(db.session.get_one(ClassSession, classroom.session_id))
        db.session.commit()
        teacher_changed()  # as the teacher's close button does, for every worker's kept reads
    page.get_by_role("link", name="Next question").click()
    page.wait_for_url("**/closed")
    audit.check(page, "closed session")
    page.get_by_role("link", name="See your results").click()
    audit.check(page, "results of an unfinished class attempt")
    # A kind the practice quiz serves none of (its blanks and true/false wait): a class quiz
    # of one question of that kind.
    for kind, nickname in (("cloze", "Lee"), ("true_false", "Kim")):
        if kind in kinds:
            continue
        page.goto(server + "/join")
        page.get_by_label("Class code").fill(one_question_session(app, classroom, kind))
        page.get_by_label("Your nickname").fill(nickname)
        page.get_by_role("button", name="Join").click()
        page.wait_for_url("**/questions/1")
        assert shown_question(app, page, 1).kind == kind
        kinds.add(kind)
        audit.check(page, f"question ({kind.replace('_', ' ')})")
    audit.verdict()
    assert kinds >= {"mcq", "cloze", "true_false"}, kinds


def one_question_session(app: Flask, classroom: Classroom, kind: str) -> str:
    """The join code of a new session of a quiz holding one question of ``kind`` of the
    classroom's article."""
    with app.app_context():
        article = db.session.get_one(Article, classroom.article_id)
        question = next(q for q in article.questions if q.kind == kind)
        settings = QuizSettings(f"One {kind} question", "immediate", True, 60)
        quiz = build_quiz(article, classroom.teacher_id, [question], settings)
        code = open_session(quiz, classroom.teacher_id).code
        db.session.commit()
        return code


def answer_in_class(app: Flask, code: str, nickname: str, wrong: int) -> None:
    """A student in another browser joins and answers every question, one of them wrongly."""
    student = Student(app.test_client())
    joined = student.join(code, nickname)
    assert joined.status_code == 302, joined.text
    token = joined.location.rsplit("/", 1)[1]
    number, page = student.resume(token)
    while number:
        with app.app_context():
            attempt = db.session.scalars(select(Attempt).where(Attempt.token == token)).one()
            question = db.session.get_one(Question, attempt.question_order[number - 1])
            choices = [html.unescape(choice) for choice in choices_in(page.text)]
            choice = next(c for c in choices if (c == question.answer) != (number == wrong))
        assert student.answer(token, number, choice, page.text).status_code == 302
        number, page = student.resume(token)


def test_teacher_pages_pass_axe(
    app: Flask, server: str, browser: Browser, classroom: Classroom
) -> None:
    audit = Audit()
    page = audit.watch(browser.new_context(viewport=DESKTOP).new_page())
    page.goto(server + "/teach/")
    page.wait_for_url("**/login?next=*")
    audit.check(page, "login")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    audit.check(page, "login, refused")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/teach/")
    audit.check(page, "teacher home")

    page.get_by_role("link", name="Add an article").first.click()
    audit.check(page, "add article")
    page.get_by_role("button", name="Add and generate questions").click()
    expect(page.locator(".errors").first).to_be_visible()
    audit.check(page, "add article, with errors")

    page.goto(f"{server}/teach/articles/{classroom.article_id}")
    audit.check(page, "article review (question bank)")
    page.get_by_role("link", name="Edit question 1", exact=True).click()
    audit.check(page, "edit question")
    page.locator("textarea[name=prompt]").fill("")
    page.get_by_role("button", name="Save the question").click()
    expect(page.locator(".errors").first).to_be_visible()
    audit.check(page, "edit question, with errors")

    page.goto(f"{server}/teach/articles/{classroom.article_id}")
    page.get_by_role("link", name="Write a question").click()
    audit.check(page, "write a question")
    page.get_by_label("Question", exact=True).fill("Which government gives the grant?")
    page.get_by_label("Choices, one per line", exact=False).fill("Nova Scotia\nOntario\nQuebec")
    page.get_by_label("Right answer").fill("Nova Scotia")
    page.get_by_label("Explanation").fill("The article says so.")
    page.get_by_label("The sentence it comes from").fill("The harbour will be painted pink.")
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator(".errors").first).to_be_visible()
    audit.check(page, "write a question, with errors")

    page.goto(f"{server}/teach/articles/{classroom.article_id}/quizzes/new")
    audit.check(page, "new quiz")
    page.goto(f"{server}/teach/quizzes/{classroom.quiz_id}")
    audit.check(page, "quiz")
    page.get_by_role("link", name="Edit the quiz").click()
    audit.check(page, "edit quiz")
    page.locator("input[name=questions]:checked").evaluate_all(
        "boxes => boxes.forEach(b => { b.checked = false })"
    )
    page.get_by_role("button", name="Save the quiz").click()
    expect(page.locator(".errors").first).to_be_visible()
    audit.check(page, "edit quiz, with errors")
    page.goto(f"{server}/teach/quizzes/{classroom.quiz_id}")
    page.get_by_role("link", name="Printable worksheet").click()
    expect(page.locator(".credit")).to_contain_text("Source: By Jane Doe")
    audit.check(page, "worksheet")
    page.get_by_role("link", name="Answer key").click()
    audit.check(page, "answer key")

    page.goto(f"{server}/teach/sessions/{classroom.session_id}")
    expect(page.get_by_role("img", name="QR code", exact=False)).to_be_visible()
    audit.check(page, "session projector with QR code")
    page.get_by_role("link", name="Open the live dashboard").click()
    audit.check(page, "live dashboard, empty")
    answer_in_class(app, classroom.code, "Ann", wrong=0)
    answer_in_class(app, classroom.code, "Bo <3", wrong=2)
    # The dashboard's own script brings both students in, without a reload.
    expect(page.locator("[data-live=students] tr")).to_have_count(2, timeout=15_000)
    expect(page.locator("[data-live=updated]")).to_contain_text("Updated at")
    audit.check(page, "live dashboard, after answers")
    page.get_by_role("link", name="Ann", exact=True).click()
    audit.check(page, "one student's answers")
    page.goto(f"{server}/teach/sessions/{classroom.session_id}/projector")
    audit.check(page, "projector view, answers hidden")
    page.get_by_role("link", name="Show the answers").click()
    audit.check(page, "projector view, answers shown")
    page.goto(f"{server}/teach/sessions/{classroom.session_id}/dashboard")

    page.get_by_role("link", name="Close the session…").click()
    audit.check(page, "close the session? (confirmation)")
    page.get_by_role("button", name="Close the session").click()
    expect(page.locator("[data-live=state]")).to_contain_text("Closed")
    page.goto(f"{server}/teach/sessions/{classroom.session_id}")
    audit.check(page, "session, closed")

    page.goto(f"{server}/teach/sessions/{classroom.session_id}/dashboard")
    page.get_by_role("link", name="Delete or archive the session…").click()
    audit.check(page, "delete the session? (confirmation, with answers)")
    page.get_by_role("button", name=f"Delete class session {classroom.code}").click()
    expect(page.locator(".errors").first).to_be_visible()
    audit.check(page, "delete the session, refused without the box ticked")
    page.get_by_role("button", name="Archive it").click()
    expect(page.locator(".flash")).to_contain_text("Archived class session")
    page.goto(f"{server}/teach/archived")
    audit.check(page, "archived")
    page.goto(f"{server}/teach/sessions/{classroom.session_id}/dashboard")
    audit.check(page, "dashboard of an archived session")
    page.goto(f"{server}/teach/quizzes/{classroom.quiz_id}/edit")
    expect(page.get_by_role("button", name="Edit a copy")).to_be_visible()
    audit.check(page, "edit quiz, answered: a copy offered")
    page.goto(f"{server}/teach/quizzes/{classroom.quiz_id}/delete")
    audit.check(page, "delete the quiz? (confirmation)")
    page.goto(f"{server}/teach/articles/{classroom.article_id}/delete")
    audit.check(page, "delete the article? (confirmation)")
    page.goto(f"{server}/teach/quizzes/999999")
    audit.check(page, "teacher 404")
    audit.verdict()


def test_live_session_pages_pass_axe(
    app: Flask, server: str, classroom: Classroom, browser: Browser
) -> None:
    """A teacher-paced session, timed and with a leaderboard: the projector in the lobby, on
    a question and after the reveal; a student's device waiting, asked, answered, revealed."""
    audit = Audit()
    teacher = audit.watch(browser.new_context(viewport=DESKTOP).new_page())
    log_in(teacher, server)
    teacher.goto(f"{server}/teach/quizzes/{classroom.quiz_id}")
    audit.check(teacher, "quiz, with the live session form")
    teacher.get_by_label("Time per question, in seconds (optional)").fill("120")
    teacher.get_by_label("After each answer, show the nicknames by score").check()
    teacher.get_by_role("button", name="Open a live session").click()
    teacher.wait_for_url("**/projector")
    code = teacher.locator(".join-code").inner_text().strip()

    student = audit.watch(browser.new_context(viewport=PHONE).new_page())
    student.goto(f"{server}/join?code={code}")
    student.get_by_label("Your nickname").fill("Ann")
    student.get_by_role("button", name="Join").click()
    student.wait_for_url("**/live")
    audit.check(student, "live: waiting for the first question")
    teacher.reload()
    audit.check(teacher, "live projector, lobby")

    teacher.get_by_role("button", name="Start question 1").click()
    expect(student.get_by_text("Question 1 of 5")).to_be_visible(timeout=10_000)
    audit.check(student, "live: a question, timed")
    audit.check(teacher, "live projector, a question")
    student.locator("input[type=radio]").first.check()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.get_by_text("Your answer is in")).to_be_visible()
    audit.check(student, "live: answered, waiting for the reveal")
    teacher.get_by_role("button", name="Reveal the answer").click()
    expect(student.locator(".verdict")).to_be_visible(timeout=10_000)
    audit.check(student, "live: the answer revealed")
    audit.check(teacher, "live projector, revealed with the leaderboard")
    audit.verdict()
