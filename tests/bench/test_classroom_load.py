"""A class of 200 simulated students against gunicorn on 127.0.0.1, with a bare-Flask ceiling;
and 300 students polling a session the teacher leads.

Run with `make bench` (SQLite) or `make bench-postgres`. In one run it:

1. starts the bare Flask app of bare_app.py, the ceiling, quizapp (init-db's work, a
   teacher, a 10-question quiz of the seed article, an open class session), and quizapp with
   one more route that returns the ceiling's page (stack_app.py), under the same gunicorn
   settings;
2. measures with wrk the throughput of the ceiling and of quizapp's question page (as a
   student who joined through the pages gets it, with their session cookie), home page,
   /healthz and the short page through quizapp's stack, in alternating rounds, and reports
   each as a share of the ceiling;
3. runs the class: 200 students join with the code over fifteen seconds, then answer 10
   questions each, taking 3 to 10 seconds a question and 1 to 5 seconds on its feedback,
   and finish; every request is timed by endpoint;
4. counts the database: exactly 200 attempts and 2,000 responses for the session.

Every loop is bounded (a fixed number of requests, a timeout on each and on the whole run).
The targets: no error, no lost or doubled answer, p99 under 250 ms on every endpoint, and the
question page at 40 % or more of the ceiling.
"""

from __future__ import annotations

import asyncio
import html
import os
import random
import re
import resource
import shutil
import ssl
import statistics
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import app_servers
import httpx
import pytest
from app_servers import free_port, stop
from flask import Flask
from sqlalchemy import func, select

ROOT = Path(__file__).parents[2]
STUDENTS = int(os.environ.get("BENCH_STUDENTS", "200"))
QUESTIONS = 10
JOIN_SPREAD = 15.0  # seconds over which the class types the code in
# Seconds a student spends reading and answering a question, then reading its feedback: a
# brisk class (Kahoot gives 20 seconds a question), so 200 students keep the server busy.
THINK_QUESTION = (3.0, 10.0)
THINK_FEEDBACK = (1.0, 5.0)
CLASS_TIMEOUT = 300.0
REQUEST_TIMEOUT = 15.0
THROUGHPUT_CONNECTIONS = 32
THROUGHPUT_SECONDS = 3
ROUNDS = 5
P99_TARGET_MS = 250.0
QUESTION_SHARE_TARGET = 0.40
GUNICORN_ENV = {"QUIZAPP_WORKERS": os.environ.get("QUIZAPP_WORKERS", "4"),
                "QUIZAPP_THREADS": os.environ.get("QUIZAPP_THREADS", "4")}  # fmt: skip

SHARED_TLS = ssl.create_default_context()
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CHOICE = re.compile(r'<input[^>]*name="choice"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')


def gunicorn(app_spec: str, port: int, env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    """app_servers.gunicorn with the benchmark's workers and threads."""
    return app_servers.gunicorn(app_spec, port, {**GUNICORN_ENV, **env}, cwd)


# ── the database under test ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Setup:
    database_url: str
    code: str
    session_id: int


def database_url(tmp_path: Path) -> tuple[str, str | None]:
    """SQLite in a temporary folder, or a schema of its own on the local PostgreSQL."""
    postgres = os.environ.get("BENCH_POSTGRES")
    if not postgres:
        return f"sqlite:///{tmp_path / 'bench.sqlite'}", None
    schema = f"quizapp_bench_{os.getpid()}"
    return f"{postgres}?options=-csearch_path%3D{schema}", schema


def prepare(url: str, schema: str | None, teacher_paced: bool = False) -> Setup:
    """init-db's work, a teacher, a quiz of the seed's ten best questions, an open session
    (led by the teacher, for the polling benchmark)."""
    from quizapp import create_app
    from quizapp.cli import upgrade_database
    from quizapp.domain import question_bank
    from quizapp.domain.class_sessions import Pacing, open_session
    from quizapp.domain.quizzes import QuizSettings, best_questions, build_quiz
    from quizapp.domain.teachers import create_teacher
    from quizapp.extensions import db

    if schema:
        _postgres_admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', f'CREATE SCHEMA "{schema}"')
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade_database()
        teacher = create_teacher("bench", "a long bench password")
        db.session.flush()
        seed = next((ROOT / "seeds").glob("*.txt")).read_bytes()
        article, _ = question_bank.add_article(seed, None, "bench", owner_id=teacher.id)
        question_bank.approve_all(article)
        settings = QuizSettings("Bench quiz", "immediate", True, None)
        quiz = build_quiz(article, teacher.id, best_questions(article, QUESTIONS), settings)
        class_session = open_session(quiz, teacher.id, Pacing(teacher_paced=teacher_paced))
        db.session.commit()
        setup = Setup(url, class_session.code, class_session.id)
        db.session.remove()
        db.engine.dispose()
    return setup


def count_answers(setup: Setup) -> tuple[int, int, int]:
    """(attempts, responses, distinct attempt-question pairs) of the class, probe excluded."""
    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models import Attempt, Response

    app = create_app({"SQLALCHEMY_DATABASE_URI": setup.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        in_class = (Attempt.class_session_id == setup.session_id) & (Attempt.display_name != PROBE)
        attempts = db.session.scalar(select(func.count()).select_from(Attempt).where(in_class))
        answers = select(Response).join(Attempt).where(in_class).subquery()
        responses = db.session.scalar(select(func.count()).select_from(answers))
        pairs = db.session.scalar(
            select(func.count()).select_from(
                select(answers.c.attempt_id, answers.c.question_id).distinct().subquery()
            )
        )
        db.session.remove()
        db.engine.dispose()
    return attempts or 0, responses or 0, pairs or 0


def _postgres_admin(*statements: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(os.environ["BENCH_POSTGRES"], isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


# ── measuring ─────────────────────────────────────────────────────────────────────────────


@dataclass
class Timings:
    by_endpoint: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def record(self, endpoint: str, seconds: float) -> None:
        self.by_endpoint[endpoint].append(seconds)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


PROBE = "throughput probe"
# The ceiling's page served by quizapp's own stack (stack_app.py): what a quizapp page costs
# before its query and its template.
STACK = "short page, stack"


def probe_student(base: str, code: str) -> tuple[str, str]:
    """Join the class as one more student, through the pages: the address of their first
    question and the session cookie their browser sends with it (what wrk sends too, so the
    page is measured as a student gets it, not as a cookie-less client that is handed a new
    session on every request)."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        page = client.get(f"/join?code={code}")
        token = CSRF.search(page.text)
        data = {"csrf_token": token.group(1) if token else "", "code": code, "nickname": PROBE}
        location = client.post("/join", data=data).headers["location"]
        location = client.get(location).headers["location"]
        for _ in range(2):  # the second visit settles the cookie (Flask-Login marks it)
            client.get(location).raise_for_status()
        return location, f"session={client.cookies['session']}"


def throughput(url: str, cookie: str | None = None) -> float:
    """Requests per second from wrk (C, so the client costs little of the two cores), with
    THROUGHPUT_CONNECTIONS keep-alive connections for THROUGHPUT_SECONDS."""
    command = ["wrk", "-t1", f"-c{THROUGHPUT_CONNECTIONS}", f"-d{THROUGHPUT_SECONDS}s", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "Non-2xx" not in output, output
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert rate, output
    return float(rate.group(1))


def shares_of_ceiling(
    ceiling_url: str, urls: dict[str, str], warm_only: list[str], cookie: str
) -> tuple[float, dict[str, float]]:
    """Each endpoint's throughput over the ceiling's: every measurement of an endpoint comes
    right after one of the ceiling, so that whatever else the machine does weighs on both
    alike, and the median of those paired ratios is kept (a round in which one gunicorn
    worker happened to accept most of wrk's connections runs slow)."""
    for url in [ceiling_url, *urls.values(), *warm_only]:
        throughput(url, cookie)  # every worker compiles its templates and queries first
    ceilings, ratios = [], defaultdict(list)
    for _ in range(ROUNDS):
        for name, url in urls.items():
            ceilings.append(throughput(ceiling_url))
            ratios[name].append(throughput(url, cookie) / ceilings[-1])
    return statistics.median(ceilings), {
        name: statistics.median(values) for name, values in ratios.items()
    }


async def timed(
    client: httpx.AsyncClient, timings: Timings, endpoint: str, method: str, url: str, **kw: object
) -> httpx.Response:
    start = time.perf_counter()
    response = await client.request(method, url, **kw)  # type: ignore[arg-type]
    timings.record(endpoint, time.perf_counter() - start)
    if response.status_code >= 400:
        timings.errors.append(f"{endpoint} {response.status_code}")
    return response


async def student(base: str, code: str, number: int, timings: Timings) -> None:
    """Join, answer every question (following each feedback page), see the results."""
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, JOIN_SPREAD))
    # One TLS context for every student: httpx builds one per client otherwise, 23 ms of the
    # event loop's time that would show up as server latency (the site is plain HTTP anyway).
    async with httpx.AsyncClient(
        base_url=base, timeout=REQUEST_TIMEOUT, verify=SHARED_TLS
    ) as client:
        page = await timed(client, timings, "GET /join", "GET", f"/join?code={code}")
        token = CSRF.search(page.text)
        data = {"csrf_token": token.group(1) if token else "", "code": code,
                "nickname": f"student {number}"}  # fmt: skip
        joined = await timed(client, timings, "POST /join", "POST", "/join", data=data)
        location = joined.headers.get("location", "")
        for _ in range(QUESTIONS):
            # /attempts/<token> redirects to the first unanswered question.
            while location and "/questions/" not in location:
                hop = await timed(client, timings, "GET /attempts/<t>", "GET", location)
                location = hop.headers.get("location", "")
            if not location:
                timings.errors.append(f"student {number}: lost the way to a question")
                return
            page = await timed(client, timings, "GET question", "GET", location)
            choices = [
                html.unescape(VALUE.search(tag).group(1)) for tag in CHOICE.findall(page.text)
            ]  # type: ignore[union-attr]
            token = CSRF.search(page.text)
            await asyncio.sleep(rng.uniform(*THINK_QUESTION))
            answer = {"csrf_token": token.group(1) if token else "", "choice": rng.choice(choices)}
            sent = await timed(client, timings, "POST answer", "POST", location, data=answer)
            feedback = sent.headers.get("location", "")
            page = await timed(client, timings, "GET feedback", "GET", feedback)
            await asyncio.sleep(rng.uniform(*THINK_FEEDBACK))
            next_link = re.search(
                r'href="(/attempts/[^"]+)"[^>]*>\s*(Next question|See your results)', page.text
            )
            location = next_link.group(1) if next_link else f"/attempts/{feedback.split('/')[2]}"
        results = (
            location if "/results" in location else location.rsplit("/questions", 1)[0] + "/results"
        )
        await timed(client, timings, "GET results", "GET", results)


async def run_class(base: str, code: str) -> tuple[Timings, float]:
    timings = Timings()
    start = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(student(base, code, n, timings) for n in range(STUDENTS))),
        timeout=CLASS_TIMEOUT,
    )
    return timings, time.perf_counter() - start


# ── the benchmark ─────────────────────────────────────────────────────────────────────────


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    url, schema = database_url(tmp_path)
    yield prepare(url, schema)
    if schema:
        _postgres_admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk: apt-get install wrk")
def test_a_class_of_200_students(setup: Setup, tmp_path: Path) -> None:
    env = {"DATABASE_URL": setup.database_url, "SECRET_KEY": "bench",
           "RATELIMIT_STORAGE_URI": "memory://"}  # fmt: skip
    bare_port, stack_port, app_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{app_port}"
    servers: list[subprocess.Popen[bytes]] = []  # stopped below even if one fails to start
    try:
        servers.append(bare := gunicorn("bare_app:app", bare_port, env, Path(__file__).parent))
        servers.append(stack := gunicorn("stack_app:app", stack_port, env, Path(__file__).parent))
        servers.append(gunicorn("quizapp:create_app()", app_port, env, ROOT))
        question, cookie = probe_student(base, setup.code)
        ceiling, shares = shares_of_ceiling(
            f"http://127.0.0.1:{bare_port}/",
            {
                "GET question": base + question,
                "GET /": f"{base}/",
                "GET /healthz": f"{base}/healthz",
                STACK: f"http://127.0.0.1:{stack_port}/short-page",
            },
            warm_only=[f"{base}/join?code={setup.code}"],
            cookie=cookie,
        )
        for reference in (bare, stack):  # before the class, so they hold no memory or CPU
            stop(reference)
        timings, seconds = asyncio.run(run_class(base, setup.code))
    finally:
        for process in servers:
            stop(process)
    attempts, responses, pairs = count_answers(setup)

    total = sum(len(v) for v in timings.by_endpoint.values())
    database = "PostgreSQL" if os.environ.get("BENCH_POSTGRES") else "SQLite"
    lines = [
        "",
        f"{database}, gunicorn workers={GUNICORN_ENV['QUIZAPP_WORKERS']} "
        f"threads={GUNICORN_ENV['QUIZAPP_THREADS']}, {os.cpu_count()} cores",
        f"ceiling (bare Flask, wrk {THROUGHPUT_CONNECTIONS} connections, median of {ROUNDS}):"
        f" {ceiling:.0f} req/s",
        *[f"  {name:<18} {share * ceiling:6.0f} req/s = {share:.0%} of the ceiling"
          for name, share in shares.items()],
        f"  question page = {shares['GET question'] / shares[STACK]:.0%} of the short page "
        "through quizapp's stack",
        f"class of {STUDENTS}: {total} requests in {seconds:.1f} s = {total / seconds:.0f} req/s, "
        f"{len(timings.errors)} errors",
        f"  {'endpoint':<18}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}",
    ]  # fmt: skip
    for endpoint, values in sorted(timings.by_endpoint.items()):
        ms = [v * 1000 for v in values]
        lines.append(
            f"  {endpoint:<18}{len(ms):>7}{statistics.median(ms):>9.1f}"
            f"{percentile(ms, 0.95):>9.1f}{percentile(ms, 0.99):>9.1f}"
        )
    lines.append(f"database: {attempts} attempts, {responses} responses, {pairs} distinct pairs")
    print("\n".join(lines))

    assert timings.errors == []
    assert (attempts, responses, pairs) == (STUDENTS, STUDENTS * QUESTIONS, STUDENTS * QUESTIONS)
    for endpoint, values in timings.by_endpoint.items():
        assert percentile(values, 0.99) * 1000 < P99_TARGET_MS, endpoint
    assert shares["GET question"] >= QUESTION_SHARE_TARGET


# ── a live session: the cost of students' devices following the teacher ─────────────────

POLLERS = int(os.environ.get("BENCH_POLLERS", "300"))
POLL_PERIOD = 2.0  # seconds, as static/js/live.js polls
POLL_SECONDS = 30.0
MOVES_AT = (10.0, 20.0)  # the teacher starts question 1, then reveals it
POLL_P99_TARGET_MS = 50.0


def bench_app(setup: Setup) -> Flask:
    """The app the teacher's steps are taken through, built before the students start: built
    during the run, it would hold the event loop long enough to show up as server latency."""
    from quizapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": setup.database_url, "SECRET_KEY": "bench"})


def move_class(app: Flask, setup: Setup, revealed: bool) -> None:
    """The teacher's next step, through the same commands as the projector's buttons."""
    from quizapp.domain import live
    from quizapp.extensions import db
    from quizapp.models import ClassSession

    with app.app_context():
        held = db.session.get_one(ClassSession, setup.session_id)
        if revealed:
            live.reveal(held, 1)
        else:
            live.advance(held, 0)
        db.session.remove()


def join_pollers(base: str, code: str) -> list[str]:
    """POLLERS students join through the pages (not timed): their attempt tokens."""
    tokens = []
    for number in range(POLLERS):
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
            page = client.get(f"/join?code={code}")
            token = CSRF.search(page.text)
            data = {"csrf_token": token.group(1) if token else "", "code": code,
                    "nickname": f"poller {number}"}  # fmt: skip
            location = client.post("/join", data=data).headers["location"]
            tokens.append(location.rsplit("/", 1)[-1])
    return tokens


@pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk: apt-get install wrk")
def test_300_students_polling_a_live_session(tmp_path: Path) -> None:
    """POLLERS devices poll the stage every POLL_PERIOD seconds through wrk (live_poll.lua:
    C, so the load generator costs little of the two cores, and its own CPU is reported),
    while the teacher starts question 1 and reveals it. The target is the stage request's:
    the page each device then loads once is left out here (live_poll.lua's "pages" puts it
    in)."""
    url, schema = database_url(tmp_path)
    setup = prepare(url, schema, teacher_paced=True)
    env = {"DATABASE_URL": setup.database_url, "SECRET_KEY": "bench",
           "RATELIMIT_STORAGE_URI": "memory://"}  # fmt: skip
    port = free_port()
    app = bench_app(setup)
    server = gunicorn("quizapp:create_app()", port, env, ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        tokens = join_pollers(base, setup.code)
        listed = tmp_path / "tokens.txt"
        listed.write_text("\n".join(tokens) + "\n")
        first_tag = httpx.get(f"{base}/attempts/{tokens[0]}/live/stage").text
        script = Path(__file__).parent / "live_poll.lua"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wrk = subprocess.Popen(
            ["wrk", "-t1", f"-c{POLLERS}", f"-d{POLL_SECONDS:.0f}s", "--timeout", "5s",
             "-s", str(script), base, "--", str(listed), first_tag, "stage only"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        started = time.monotonic()
        for step, at in enumerate(MOVES_AT):
            time.sleep(max(0.0, started + at - time.monotonic()))
            move_class(app, setup, revealed=step == 1)
        output, _ = wrk.communicate(timeout=POLL_SECONDS + 60)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        stop(server)
        with app.app_context():
            db_engine_dispose(app)
        if schema:
            _postgres_admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    found = re.search(r"RESULT (.*)", output)
    assert found, output
    result = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", found.group(1))}
    polls = result["stage200"] + result["stage304"]
    wrk_cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / POLL_SECONDS
    database = "PostgreSQL" if os.environ.get("BENCH_POSTGRES") else "SQLite"
    print(
        f"\n{database}: {POLLERS} students polling every {POLL_PERIOD:.0f} s for "
        f"{POLL_SECONDS:.0f} s while the teacher moves twice: {polls:.0f} stage requests, "
        f"{result['stage304']:.0f} answered 304 ({result['stage304'] / max(polls, 1):.0%}), "
        f"{result['pages']:.0f} live pages, {result['other']:.0f} errors by status, "
        f"{result['errors']:.0f} socket errors; every request p50 {result['p50']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms, max {result['max']:.1f} ms; wrk used {wrk_cpu:.0%} of a core"
    )
    assert result["other"] == 0 and result["errors"] == 0
    assert result["stage304"] > polls / 2
    assert result["p99"] < POLL_P99_TARGET_MS


def db_engine_dispose(app: Flask) -> None:
    from quizapp.extensions import db

    db.engine.dispose()
