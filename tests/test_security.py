"""Headers, cookies, request size and the health check."""

from __future__ import annotations

from pathlib import Path

import databases
import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_config

from quizapp import create_app
from quizapp.extensions import db
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
