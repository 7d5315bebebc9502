"""Headers, cookies, request size and the health check."""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import databases
import pytest
from conftest import DATA, Classroom
from flask import Flask
from flask.testing import FlaskClient
from helpers import TEACHER_PASSWORD, TeacherBrowser, make_config, seed_database, visible_text

from quizapp import create_app
from quizapp.domain import question_bank
from quizapp.domain.article_text import (
    MAX_ARTICLE_BYTES,
    MAX_BODY_CHARS,
    ArticleError,
    read_article,
)
from quizapp.domain.teachers import PASSWORD_RULE, create_teacher
from quizapp.extensions import db
from quizapp.generation import generate_questions
from quizapp.security import SECURITY_HEADERS


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page", "/static/css/quizapp.css"])
def test_every_response_carries_the_security_headers(
    client: FlaskClient, quiz_id: int, path: str
) -> None:
    response = client.get(path)
    response.close()
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_static_files_are_cached(client: FlaskClient) -> None:
    response = client.get("/static/css/quizapp.css")
    response.close()
    assert "max-age=3600" in response.headers["Cache-Control"]


def test_session_cookie_is_httponly_and_lax(app: Flask) -> None:
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    # What a browser is told: the join form gives the session cookie (its CSRF token).
    cookie = app.test_client().get("/join").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_when_served_over_https(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app(make_config(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_a_body_over_the_limit_is_refused(client: FlaskClient) -> None:
    response = client.post("/join", data={"code": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_secret_key_is_generated_once_into_the_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.config import instance_secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = instance_secret_key(tmp_path / "instance")
    assert len(first) == 64 and instance_secret_key(tmp_path / "instance") == first
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


def test_workers_starting_at_once_share_one_generated_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gunicorn's workers each build the app, at the same moment. Started for the first time
    without SECRET_KEY, each found no instance/secret_key, wrote a key of its own and kept it
    (or read another's file half-written: an empty key): a form or a login from one worker
    then failed on another until the next restart. Every worker now gets the one key."""
    from quizapp import config

    def slow_token_hex(size: int) -> str:
        time.sleep(0.05)  # a loaded machine: the workers all look before any has written
        return secrets.token_hex(size)

    monkeypatch.setattr(config, "secrets", SimpleNamespace(token_hex=slow_token_hex))
    start = threading.Barrier(8)

    def worker(_: int) -> str:
        start.wait(timeout=30)
        return config.instance_secret_key(tmp_path / "instance")

    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = list(pool.map(worker, range(8)))
    assert len(set(keys)) == 1 and len(keys[0]) == 64
    assert [p.name for p in (tmp_path / "instance").iterdir()] == ["secret_key"]
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


def test_healthz_checks_the_database(client: FlaskClient, quiz_id: int) -> None:
    """quiz_id makes the schema: /healthz writes a row."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'missing' / 'no.sqlite'}"
    config.pop("SQLALCHEMY_ENGINE_OPTIONS", None)
    response = create_app(config).test_client().get("/healthz")
    assert response.status_code == 503 and response.json["status"] == "error"


def test_healthz_reports_a_database_that_refuses_writes(app: Flask, quiz_id: int) -> None:
    """The probe made the database read-only: /healthz said ok while 84 answers failed."""
    config = {**app.config}
    if databases.on_postgres():
        options = config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"{options} -cdefault_transaction_read_only=on"}
        }
    else:
        path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///file:{path}?mode=ro&uri=true"
    read_only = create_app(config)
    try:
        client = read_only.test_client()
        assert client.get("/").status_code == 200  # it reads
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json == {"status": "error", "database": "refuses writes"}
    finally:
        with read_only.app_context():
            db.engine.dispose()


# ── logging out, changing the password, one password rule ───────────────────────────────


def saved_cookie(browser: TeacherBrowser) -> str:
    cookie = browser.client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def with_cookie(app: Flask, value: str) -> FlaskClient:
    """Another browser holding a copy of a cookie, as someone who saved it would."""
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def test_logging_out_ends_the_session_a_saved_cookie_too(
    app: Flask, classroom: Classroom, ada: TeacherBrowser
) -> None:
    """The probe: a cookie saved before logout still opened /teach for 31 days."""
    saved = saved_cookie(ada)
    assert with_cookie(app, saved).get("/teach/").status_code == 200
    assert ada.post("/logout").status_code == 302
    assert ada.client.get("/teach/").status_code == 302
    replayed = with_cookie(app, saved).get("/teach/")
    assert replayed.status_code == 302 and replayed.location.startswith("/login")
    # Logging in again works, and gives a cookie that opens the pages.
    assert TeacherBrowser(app.test_client()).login("ada").status_code == 302


def test_changing_the_password_ends_the_other_sessions(
    app: Flask, classroom: Classroom, ada: TeacherBrowser
) -> None:
    phone = TeacherBrowser(app.test_client())
    assert phone.login("ada").status_code == 302
    other_device = saved_cookie(phone)
    page = ada.client.get("/account/password")
    assert page.status_code == 200 and PASSWORD_RULE in visible_text(page.text)
    assert 'href="/account/password"' in ada.client.get("/teach/").text
    wrong = ada.post("/account/password", {"current": "nope", "new": "x" * 9, "repeat": "x" * 9})
    assert wrong.status_code == 400 and "That is not your current password." in wrong.text
    spaces = " " * 8
    short = ada.post(
        "/account/password", {"current": TEACHER_PASSWORD, "new": spaces, "repeat": spaces}
    )
    assert short.status_code == 400 and PASSWORD_RULE in visible_text(short.text)
    new = "a new horse battery"
    sent = ada.post("/account/password", {"current": TEACHER_PASSWORD, "new": new, "repeat": new})
    assert sent.status_code == 302
    assert ada.client.get("/teach/").status_code == 200  # this browser goes on
    assert with_cookie(app, other_device).get("/teach/").status_code == 302
    assert TeacherBrowser(app.test_client()).login("ada", TEACHER_PASSWORD).status_code == 400
    assert TeacherBrowser(app.test_client()).login("ada", new).status_code == 302


@pytest.mark.parametrize(
    ("password", "made"),
    [(" " * 8, False), ("x" * 7, False), ("x" * 201, False), ("x" * 250, False)]
    + [("x" * 8, True), ("x" * 200, True), (" padded password ", True)],
    ids=["8 spaces", "7", "201", "250", "8", "200", "spaces around"],
)
def test_the_command_line_and_the_login_form_share_one_password_rule(
    app: Flask, quiz_id: int, password: str, made: bool
) -> None:
    """The CLI made accounts (8 spaces, 250 characters) whose password login then refused."""
    result = app.test_cli_runner().invoke(args=["create-teacher", "grace"], input=f"{password}\n")
    if not made:
        assert result.exit_code == 2 and PASSWORD_RULE in result.output
        return
    assert result.exit_code == 0, result.output
    assert TeacherBrowser(app.test_client()).login("grace", password).status_code == 302


# ── an article's size bounds the generator's work ────────────────────────────────────────


def long_article(characters: int) -> str:
    """English paragraphs (the test stories, numbers varied) up to ``characters``."""
    stories = [p.read_text().split("\n\n", 1)[1] for p in sorted(DATA.glob("*.txt"))]
    paragraphs: list[str] = []
    round_ = 0
    while len("\n\n".join(paragraphs)) < characters:
        story = stories[round_ % len(stories)].replace("2", str(3 + round_ % 6))
        paragraphs.extend(p.strip() for p in story.split("\n\n") if p.strip())
        round_ += 1
    body = "\n\n".join(paragraphs)
    while len(body) > characters:
        paragraphs.pop()
        body = "\n\n".join(paragraphs)
    return body


def test_an_article_over_the_limit_is_refused_before_any_generation(
    app: Flask, ada: TeacherBrowser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe pasted 200 KB: a worker was held 15 s and 1,918 questions were made."""

    def never(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the generator ran on an article over the limit")

    monkeypatch.setattr(question_bank, "generate_questions", never)
    body = long_article(MAX_BODY_CHARS + 2_000)
    assert len(body.encode()) < MAX_ARTICLE_BYTES  # refused for its text, not its bytes
    sent = ada.post("/teach/articles/new", {"title": "Long", "body": body})
    assert sent.status_code == 400
    shown = visible_text(sent.text)
    assert "words long; quizapp makes questions from articles of up to about" in shown
    assert "Paste the part you want the quiz on." in shown
    with pytest.raises(ArticleError, match="words long"):
        read_article(body, title="Long")
    assert read_article(long_article(MAX_BODY_CHARS - 500), title="Long").paragraphs


def test_the_question_bank_keeps_at_most_the_best_150(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """generate_for asks the generator for the best MAX_QUESTIONS, which it honours."""
    asked: list[int | None] = []
    real = question_bank.generate_questions

    def counting(*args: Any, max_questions: int | None = None, **kwargs: Any) -> Any:
        asked.append(max_questions)
        return real(*args, max_questions=max_questions, **kwargs)

    monkeypatch.setattr(question_bank, "generate_questions", counting)
    text = (DATA / "council_story.txt").read_text()
    article = read_article(text)
    with app.app_context():
        everything = generate_questions(article.body, title=article.title)
        capped = question_bank.generate_for(article)
    assert asked == [question_bank.MAX_QUESTIONS] == [150]
    assert capped == everything[: question_bank.MAX_QUESTIONS]


# ── the Host header ───────────────────────────────────────────────────────────────────────


class HostClient(FlaskClient):
    """A browser that asked for the site by ``host``, as its Host header says."""

    host = "localhost"

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", f"http://{self.host}")
        return super().open(*args, **kwargs)


def test_only_trusted_hosts_are_served_so_the_projector_shows_the_real_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached_generate: Any
) -> None:
    """The probe sent its own Host header: the join page and the projector showed its address
    (and the QR code led there). QUIZAPP_TRUSTED_HOSTS names the hosts the site answers to."""
    monkeypatch.setenv("QUIZAPP_TRUSTED_HOSTS", "quiz.school.example, 192.168.1.20")
    databases.reset_schema()
    app = create_app(make_config(tmp_path))
    try:
        assert app.config["TRUSTED_HOSTS"] == ["quiz.school.example", "192.168.1.20"]
        seed_database(app, cached_generate)
        with app.app_context():
            create_teacher("ada", TEACHER_PASSWORD)
        app.test_client_class = HostClient
        forged = app.test_client()
        assert isinstance(forged, HostClient)
        forged.host = "evil.example"
        refused = forged.get("/join")
        assert refused.status_code == 400 and "evil.example" not in refused.text
        assert forged.get("/login").status_code == 400
        for host in ("quiz.school.example", "192.168.1.20:5000"):
            client = app.test_client()
            assert isinstance(client, HostClient)
            client.host = host
            teacher = TeacherBrowser(client)
            assert teacher.login("ada").status_code == 302
            assert teacher.client.get("/join").status_code == 200
    finally:
        with app.app_context():
            db.engine.dispose()
