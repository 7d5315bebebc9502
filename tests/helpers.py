"""What several test modules share: settings, seeding, and a student who clicks through pages."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from databases import database_settings
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Page
from sqlalchemy import select
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from quizapp.domain.article_text import ArticleText
from quizapp.domain.samples import import_samples
from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion
from quizapp.models import Attempt, Question, Quiz

SEEDS = Path(__file__).parent.parent / "seeds"
# The seed's practice quiz: the questions its bank serves first. The rest wait (a blank whose
# other dates or counts are made up, a false twin a few days off, the tank model, a question
# that reads ten words of its sentence back …).
SEED_QUIZ_SIZE = 6

Generate = Callable[[ArticleText], Sequence[GeneratedQuestion]]
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def make_config(tmp_path: Path) -> dict[str, Any]:
    """Settings for a test app: its own database file, and CSRF on, as in production."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": True,
        **database_settings(tmp_path),
        "SEEDS_DIR": str(SEEDS),
        # Each test app marks teachers' changes in its own folder (recent_reads.py).
        "TEACHER_CHANGES_FILE": str(tmp_path / "teacher-changes"),
        # Teachers' passwords are hashed cheaply in tests; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


def seed_database(app: Flask, generate: Generate) -> int:
    """Create the schema and import the seeds as `init-db` does; returns the practice quiz's id."""
    with app.app_context():
        db.create_all()
        import_samples(SEEDS, generate)
        db.session.commit()
        return db.session.scalars(select(Quiz.id).where(Quiz.practice)).one()


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page, as a browser would send it back."""
    match = _CSRF.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class Student:
    """Drives the test client through the pages as a browser does, CSRF tokens included."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def fresh_token(self) -> str:
        """A valid CSRF token for this browser session, from the home page's join form."""
        return csrf_token(self.client.get("/").text)

    def start(self, quiz_id: int, name: str = "") -> str:
        """Start an attempt from the quiz's start page; returns the attempt's token."""
        page = self.client.get(f"/quizzes/{quiz_id}")
        sent = self.client.post(
            f"/quizzes/{quiz_id}", data={"csrf_token": csrf_token(page.text), "display_name": name}
        )
        assert sent.status_code == 302, sent.text
        return sent.location.rsplit("/", 1)[1]

    def resume(self, token: str) -> tuple[int, TestResponse]:
        """Follow the attempt's address to where it resumes: (question number or 0, page)."""
        page = self.client.get(f"/attempts/{token}", follow_redirects=True)
        parts = page.request.path.split("/")
        number = int(parts[4]) if len(parts) == 5 and parts[3] == "questions" else 0
        return number, page

    def answer(self, token: str, number: int, choice: str, page: str | None = None) -> TestResponse:
        """Post ``choice`` for question ``number`` from ``page`` (an old copy) or a fresh form."""
        data = {"csrf_token": csrf_token(page) if page else self.fresh_token(), "choice": choice}
        return self.client.post(f"/attempts/{token}/questions/{number}", data=data)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> TestResponse:
        """A form post with this browser's CSRF token, as a page of the site would send it."""
        return self.client.post(
            path, data={"csrf_token": self.fresh_token(), **(data or {})}, **kwargs
        )

    def join(self, code: str, nickname: str) -> TestResponse:
        """Join a class session from the join page, as a student does."""
        return self.post("/join", {"code": code, "nickname": nickname})


def questions_in_order(app: Flask, token: str) -> list[Question]:
    """The attempt's questions in the order its student sees them, detached from the session
    so that a test reads them after the app context is gone."""
    with app.app_context():
        attempt = db.session.scalars(select(Attempt).where(Attempt.token == token)).one()
        questions = [db.session.get_one(Question, qid) for qid in attempt.question_order]
        db.session.expunge_all()
    return questions


def wrong_choice(question: Question) -> str:
    """A choice that is not the answer."""
    return next(choice for choice in question.choices if choice != question.answer)


def choices_in(html: str) -> list[str]:
    """The values of the radio buttons of a question page, in the order shown, as the browser
    sends them back (the page escapes an apostrophe as "&#39;")."""
    return [unescape(value) for value in re.findall(r'name="choice"[^>]*value="([^"]*)"', html)]


def visible_text(html: str) -> str:
    """A page's words as a reader sees them run together: tags out, spacing collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


TEACHER_PASSWORD = "correct horse battery"


class TeacherBrowser(Student):
    """A teacher's browser: logs in, then posts the teacher forms with their CSRF token."""

    def login(self, username: str, password: str = TEACHER_PASSWORD) -> TestResponse:
        page = self.client.get("/login")
        return self.client.post(
            "/login",
            data={"csrf_token": csrf_token(page.text), "username": username, "password": password},
        )

    def add_article(self, body: str, title: str = "") -> int:
        """Paste an article; returns its id, from the review page it redirects to."""
        sent = self.post("/teach/articles/new", {"title": title, "body": body})
        assert sent.status_code == 302, sent.text
        return int(sent.location.rsplit("/", 1)[1])


# ── a real server and a real browser ─────────────────────────────────────────────────────

CHROMIUM = Path("/usr/bin/chromium")
# Flags the workplace asks for: headless, no sandbox (root), and no calls to Google's hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
)


def shoot(page: Page, folder: Path, name: str) -> None:
    """Photographs at the page's own width and at a phone's; at 360 px nothing may scroll
    sideways."""
    own_size = page.viewport_size
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360px"
    page.screenshot(path=str(folder / f"{name}-360.png"), full_page=True)
    if own_size is not None:
        page.set_viewport_size(own_size)


def log_in(page: Page, site: str, username: str = "ada") -> None:
    """Log the teacher in through the login page of ``site``, as a person does."""
    page.goto(site + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/teach/")


@contextmanager
def served(app: Flask, host: str = "127.0.0.1") -> Iterator[str]:
    """The app on ``host`` at a free port, in a thread, for as long as the block runs."""
    server = make_server(host, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
