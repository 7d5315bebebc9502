"""Failed logins and failed joins are rate-limited per client address; successes are not."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
import redis
from conftest import Classroom
from flask import Flask
from helpers import TeacherBrowser, make_config

from quizapp import create_app
from quizapp.extensions import db

LOGIN_TRIES = 10  # "10 per minute"
JOIN_TRIES = 60  # "60 per minute"
REDIS_URL = "redis://127.0.0.1:6379/15"


def test_failed_logins_are_limited(app: Flask, classroom: Classroom) -> None:
    browser = TeacherBrowser(app.test_client())
    for _ in range(LOGIN_TRIES):
        assert browser.login("ada", "wrong password").status_code == 400
    refused = browser.login("ada", "wrong password")
    assert refused.status_code == 429
    assert "Too many tries" in refused.text
    # Another address is not affected.
    other = TeacherBrowser(app.test_client())
    other.client.environ_base["REMOTE_ADDR"] = "10.9.8.7"
    assert other.login("ada").status_code == 302


def test_successful_logins_do_not_count(app: Flask, classroom: Classroom) -> None:
    for _ in range(LOGIN_TRIES + 2):
        browser = TeacherBrowser(app.test_client())
        assert browser.login("ada").status_code == 302


def test_wrong_join_codes_are_limited_but_a_class_can_still_join(
    app: Flask, classroom: Classroom
) -> None:
    browser = TeacherBrowser(app.test_client())
    for number in range(JOIN_TRIES):
        assert browser.join("ZZZZZZ", f"guess {number}").status_code == 400
    assert browser.join("ZZZZZZ", "one more").status_code == 429


def test_a_class_behind_one_address_joins_without_hitting_the_limit(
    app: Flask, classroom: Classroom
) -> None:
    for number in range(JOIN_TRIES + 10):
        browser = TeacherBrowser(app.test_client())
        assert browser.join(classroom.code, f"student {number}").status_code == 302


def test_redis_holds_the_counts_when_redis_url_is_set(
    tmp_path: Path, classroom: Classroom, app: Flask
) -> None:
    """With Redis, every app server shares one count: a second app sees the first's tries."""
    # The counts are keyed by client address: a random one keeps parallel runs apart.
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    config = {
        **make_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        "RATELIMIT_STORAGE_URI": REDIS_URL,
    }
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379; .ci/run starts it")
    first, second = create_app(config), create_app(config)

    def attempt(app_server: Flask) -> int:
        browser = TeacherBrowser(app_server.test_client())
        browser.client.environ_base["REMOTE_ADDR"] = address
        return browser.login("ada", "nope").status_code

    try:
        assert [attempt(first) for _ in range(LOGIN_TRIES // 2)] == [400] * (LOGIN_TRIES // 2)
        rest = LOGIN_TRIES - LOGIN_TRIES // 2
        assert [attempt(second) for _ in range(rest)] == [400] * rest
        assert attempt(first) == 429
        assert store.keys(f"*{address}*")
    finally:
        for key in store.scan_iter(f"*{address}*"):
            store.delete(key)
        for app_server in (first, second):
            with app_server.app_context():
                db.engine.dispose()
