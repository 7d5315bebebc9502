"""Wrong passwords and wrong join codes are counted per browser, per address and per account,
so that guessing stays slow and one student cannot lock a class or a teacher out; right ones
are not counted."""

from __future__ import annotations

import json
import logging
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from conftest import Classroom
from databases import POSTGRES_URL
from flask import Flask
from helpers import TeacherBrowser, csrf_token, make_config
from sqlalchemy import event, text

from quizapp import create_app
from quizapp.domain import store, teachers
from quizapp.extensions import db

LOGIN_TRIES = 10  # a browser's wrong passwords a minute
JOIN_TRIES = 10  # a browser's wrong codes a minute
ADDRESS_CODES = 60  # wrong codes a minute from one address, in each of its two budgets
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def one_window(monkeypatch: pytest.MonkeyPatch) -> float:
    """The counts' clock, stopped: a test that crossed a minute would start a new window."""
    stopped = time.time()
    monkeypatch.setattr(store, "now", lambda: stopped)
    return stopped


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


def test_a_classmates_wrong_passwords_do_not_lock_a_teacher_out(
    app: Flask, classroom: Classroom
) -> None:
    """A student at the teacher's address tries passwords: their browser is stopped, the
    teacher's browser still logs in."""
    student = TeacherBrowser(app.test_client())
    statuses = [student.login("ada", f"guess {n}").status_code for n in range(15)]
    assert statuses == [400] * LOGIN_TRIES + [429] * 5
    assert student.login("ada").status_code == 429  # not even checked
    assert TeacherBrowser(app.test_client()).login("ada").status_code == 302
    assert TeacherBrowser(app.test_client()).login("bob").status_code == 302


def test_guessing_one_accounts_password_stays_slow(app: Flask, classroom: Classroom) -> None:
    """Guesses at one account from many browsers (and addresses) are counted against it."""
    checked = 0
    for number in range(40):
        guesser = TeacherBrowser(app.test_client())
        guesser.client.environ_base["REMOTE_ADDR"] = f"10.0.{number}.1"
        checked += sum(guesser.login("ada", "guess").status_code == 400 for _ in range(4))
    assert checked <= 2 * LOGIN_TRIES
    # Another account is not affected.
    assert TeacherBrowser(app.test_client()).login("bob").status_code == 302


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
    refused = browser.join("ZZZZZZ", "one more")
    assert refused.status_code == 429 and "Too many wrong codes" in refused.text
    # The right code is refused too in that browser: it is not even looked up.
    assert browser.join(classroom.code, "Ann").status_code == 429
    assert TeacherBrowser(app.test_client()).join(classroom.code, "Ann").status_code == 302


def test_a_classmates_wrong_codes_do_not_lock_the_class_out(
    app: Flask, classroom: Classroom
) -> None:
    """The probe: 60 wrong codes from the school's one address made every classmate's right
    code a 429. Now the guessing browsers are stopped, and a classmate's right code, from a
    browser that has not guessed, still gets in from the same address."""
    guessers = [TeacherBrowser(app.test_client()) for _ in range(9)]
    statuses = [g.join("ZZZZZZ", "guess").status_code for g in guessers for _ in range(10)]
    assert statuses.count(400) >= ADDRESS_CODES and statuses[-1] == 429
    assert guessers[0].join(classroom.code, "Mallory").status_code == 429
    for number in range(3):
        classmate = TeacherBrowser(app.test_client())
        assert classmate.join(classroom.code, f"Student {number}").status_code == 302
    # A mistyped code in a fresh browser is still answered as wrong, not refused.
    assert TeacherBrowser(app.test_client()).join("ZZZZZZ", "typo").status_code == 400


def test_guessing_codes_from_one_address_stays_slow(app: Flask, classroom: Classroom) -> None:
    """However many browsers a guesser uses, one address gets at most 2 x 60 codes checked a
    minute (browsers with few tries share one budget, the others another)."""
    checked = 0
    for _ in range(25):
        guesser = TeacherBrowser(app.test_client())
        checked += sum(guesser.join("ZZZZZZ", "g").status_code == 400 for _ in range(10))
    assert checked <= 2 * ADDRESS_CODES
    assert TeacherBrowser(app.test_client()).join("ZZZZZZ", "g").status_code == 429


def test_a_class_behind_one_address_joins_without_hitting_the_limit(
    app: Flask, classroom: Classroom
) -> None:
    for number in range(JOIN_TRIES + 10):
        browser = TeacherBrowser(app.test_client())
        assert browser.join(classroom.code, f"student {number}").status_code == 302


def test_a_school_behind_one_address_can_allow_more_wrong_codes(
    app: Flask, classroom: Classroom
) -> None:
    """QUIZAPP_JOIN_CODES_PER_ADDRESS: with 100, a hundred typos from fresh browsers at one
    address are each answered as wrong (with the default, the 61st was refused); the 101st
    is refused."""
    app.config["JOIN_CODES_PER_ADDRESS"] = 100
    typos = [TeacherBrowser(app.test_client()).join("ZZZZZZ", "t").status_code for _ in range(100)]
    assert typos == [400] * 100
    assert TeacherBrowser(app.test_client()).join("ZZZZZZ", "t").status_code == 429


def test_the_address_budget_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from quizapp.config import settings_from_environment

    assert settings_from_environment(str(tmp_path))["JOIN_CODES_PER_ADDRESS"] == ADDRESS_CODES
    monkeypatch.setenv("QUIZAPP_JOIN_CODES_PER_ADDRESS", "300")
    assert settings_from_environment(str(tmp_path))["JOIN_CODES_PER_ADDRESS"] == 300
    monkeypatch.setenv("QUIZAPP_JOIN_CODES_PER_ADDRESS", "0")
    with pytest.raises(ValueError):
        settings_from_environment(str(tmp_path))


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
        # A prefix of this run's own: the account's counts would meet other runs' in Redis.
        "RATELIMIT_KEY_PREFIX": f"quizapp-test-{secrets.token_hex(4)}",
    }
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
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
        assert server.keys(f"*{address}*")
    finally:
        for key in server.scan_iter(f"{config['RATELIMIT_KEY_PREFIX']}:*"):
            server.delete(key)
        for app_server in (first, second):
            with app_server.app_context():
                db.engine.dispose()


# ── one count for every worker, no race, and Redis down ──────────────────────────────────

OTHER_WORKER = """
import json, sys
sys.path.insert(0, sys.argv[3])
from helpers import TeacherBrowser
from quizapp import create_app
from quizapp.domain import store
store.now = lambda: float(sys.argv[4])
app = create_app(json.loads(sys.argv[1]))

def wrong_password() -> int:
    browser = TeacherBrowser(app.test_client())
    browser.client.environ_base["REMOTE_ADDR"] = sys.argv[2]
    return browser.login("ada", "wrong").status_code

print(json.dumps([wrong_password() for _ in range(5)]))
"""


def test_workers_share_one_count_without_redis(
    app: Flask, classroom: Classroom, tmp_path: Path, one_window: float
) -> None:
    """The probe got 203 wrong join codes a minute through `make serve`: each worker counted
    its own. Wrong passwords from one address, sent to two processes, now count once."""
    assert app.config["RATELIMIT_STORAGE_URI"] == "database"  # the default without REDIS_URL
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"

    def wrong_password() -> int:
        browser = TeacherBrowser(app.test_client())  # a browser each: the address counts
        browser.client.environ_base["REMOTE_ADDR"] = address
        return browser.login("ada", "wrong").status_code

    assert [wrong_password() for _ in range(5)] == [400] * 5
    config = {
        **make_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    tests = str(Path(__file__).parent)
    arguments = [json.dumps(config), address, tests, str(one_window)]
    other = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(other.stdout.splitlines()[-1]) == [400] * 5
    assert wrong_password() == 429


def test_concurrent_wrong_passwords_get_no_more_checks_than_the_limit(
    app: Flask, classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe sent 64 logins at once from one browser and got 32 password checks: the
    limit was looked up before any of them was counted. Now each is counted first."""
    checks = []
    real = teachers.check_password_hash

    def slow_check(hashed: str, password: str) -> bool:
        checks.append(password)
        time.sleep(0.05)  # a real scrypt check takes this long: the window of the race
        return real(hashed, password)

    monkeypatch.setattr(teachers, "check_password_hash", slow_check)
    first = app.test_client()
    token = csrf_token(first.get("/login").text)
    cookie = first.get_cookie("session")
    assert cookie is not None
    start = threading.Barrier(64)

    def login(_: int) -> int:
        client = app.test_client()
        client.set_cookie("session", cookie.value)
        start.wait()
        form = {"csrf_token": token, "username": "ada", "password": "wrong"}
        return client.post("/login", data=form).status_code

    with ThreadPoolExecutor(max_workers=64) as pool:
        statuses = list(pool.map(login, range(64)))
    assert len(checks) <= LOGIN_TRIES, len(checks)
    assert statuses.count(400) == len(checks) and statuses.count(429) == 64 - len(checks)


def test_redis_down_counts_in_memory_and_says_so(
    tmp_path: Path, classroom: Classroom, app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    """The probe stopped Redis: every login and join was a 500."""
    config = {
        **make_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",  # nothing listens there
    }
    down = create_app(config)
    try:
        with caplog.at_level(logging.WARNING):
            browser = TeacherBrowser(down.test_client())
            statuses = [browser.login("ada", "wrong").status_code for _ in range(LOGIN_TRIES + 1)]
            assert statuses == [400] * LOGIN_TRIES + [429]
            assert TeacherBrowser(down.test_client()).login("ada").status_code == 302
            assert TeacherBrowser(down.test_client()).join(classroom.code, "Ann").status_code == 302
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert any("does not answer" in message for message in warnings), warnings
    finally:
        with down.app_context():
            db.engine.dispose()


@pytest.mark.skipif(
    not POSTGRES_URL,
    reason="PostgreSQL only (QUIZAPP_TEST_POSTGRES): SQLite's WAL with synchronous=NORMAL "
    "never waits for the disk to commit",
)
def test_counts_in_postgresql_commit_by_themselves_without_waiting_for_the_disk(
    app: Flask, classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class behind one address counts in the same rows: a count commits as its own
    statement (the row is never held while this process sends a COMMIT) and without a disk
    flush, and the setting does not outlive it on the pool's connection."""
    seen: list[str] = []
    monkeypatch.setattr(store, "_cleaned_up_at", [time.monotonic()])  # no clean-up in between

    def statements(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.append(statement.split(" (")[0])

    with app.app_context():
        counts = store.DatabaseCounts()
        now = store.window(60)
        keys = [f"test:disk:a:60:{now}", f"test:disk:b:60:{now}"]
        # The request's own transaction is open: the count must not wait for its commit.
        db.session.execute(text("SELECT 1"))
        event.listen(db.engine, "before_cursor_execute", statements)
        try:
            assert counts.increment(keys) == [1, 1]
            counts.decrement(keys[:1])
        finally:
            event.remove(db.engine, "before_cursor_execute", statements)
        with db.engine.connect() as other:
            found = other.execute(text("SELECT key, hits FROM rate_count ORDER BY key")).all()
            setting = other.exec_driver_sql("SHOW synchronous_commit").scalar()
        db.session.rollback()  # the request's transaction, rolled back: the counts stay
        with db.engine.connect() as after:
            kept = after.execute(text("SELECT count(*) FROM rate_count")).scalar()
    assert (
        seen
        == [
            "SET synchronous_commit TO OFF",
            "INSERT INTO rate_count",
            "RESET synchronous_commit",
        ]
        * 2
    )
    assert [tuple(row) for row in found] == [(keys[0], 0), (keys[1], 1)]
    assert setting == "on" and kept == 2


def test_ended_windows_are_dropped_every_few_seconds_not_at_every_new_key(
    app: Flask, classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every student's browser makes new keys: dropping ended rows for each was a delete per
    join in a class's rush."""
    deletes: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("DELETE FROM rate_count"):
            deletes.append(statement)

    monkeypatch.setattr(store, "_cleaned_up_at", [0.0])
    with app.app_context():
        counts = store.DatabaseCounts()
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            for browser in range(5):
                counts.increment([f"test:new:{browser}:60:{store.window(60)}"])
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    assert len(deletes) == 1
