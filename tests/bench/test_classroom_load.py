"""A class of 1,000 simulated students against gunicorn on 127.0.0.1; the cost of quizapp's
request path against a bare Flask page; and 300 students polling a session the teacher leads.

Run with `make bench` (SQLite) or `make bench-postgres`. Every server is gunicorn as
`make serve` runs it (quizapp.gunicorn_conf: its workers, threads and worker class; the counts
of join codes in the database, the default), on the same two cores as the load generator.

- `test_a_class_of_1000_students`: 1,000 students join with the code within 30 s of it going
  up (3 % mistype it first), then answer 16 questions each (10 to 30 s a question, 2 to 5 s on
  its feedback) and see their results: about 67,000 requests over 7 minutes, every one timed
  by endpoint. The load generator is one asyncio loop in this process, each student a browser
  with one keep-alive connection (a few lines of HTTP/1.1 below); its own CPU share and its
  event loop's lag are reported, since both end up in the timings. Targets: no error, exactly
  1,000 attempts and 16,000 responses (no lost or doubled answer), p99 under 250 ms on every
  endpoint.
- `test_request_path_shares`: wrk's throughput of the bare Flask ceiling (bare_app.py), of
  quizapp's stack around the ceiling's short page (stack_app.py), of quizapp's question page
  (with the cookie of a student who joined through the pages), home page and /healthz, in
  alternating rounds; the median of the paired ratios is kept. Targets: the short page through
  quizapp's stack at 65 % or more of the ceiling, and the question page at 60 % or more of
  that short page.
- `test_300_students_polling_a_live_session`: see its docstring. Target: the stage request's
  p99 under 50 ms, most answered 304.

Every loop is bounded (a fixed number of requests, a timeout on each and on the whole run);
only 127.0.0.1 is contacted. BENCH_STUDENTS and BENCH_TIME_SCALE (a factor on every wait)
shorten a run while working on it; the README's figures are from the defaults.
"""

from __future__ import annotations

import asyncio
import html
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import app_servers
import httpx
import pytest
from app_servers import free_port, stop
from flask import Flask
from sqlalchemy import func, select

ROOT = Path(__file__).parents[2]
# 16 questions pass the generator's checks in this article (the seed has 13).
ARTICLE = ROOT / "tests" / "data" / "sports_report.txt"
STUDENTS = int(os.environ.get("BENCH_STUDENTS", "1000"))
QUESTIONS = 16
TIME_SCALE = float(os.environ.get("BENCH_TIME_SCALE", "1"))
JOIN_SPREAD = 30.0 * TIME_SCALE  # seconds from the code going up to the last student joining
MISTYPED = 0.03  # the share of students who type a wrong code first
THINK_QUESTION = (10.0 * TIME_SCALE, 30.0 * TIME_SCALE)  # reading and answering a question
THINK_FEEDBACK = (2.0 * TIME_SCALE, 5.0 * TIME_SCALE)  # reading its feedback
CLASS_TIMEOUT = 60.0 + JOIN_SPREAD + QUESTIONS * (THINK_QUESTION[1] + THINK_FEEDBACK[1])
REQUEST_TIMEOUT = 15.0
THROUGHPUT_CONNECTIONS = 32
THROUGHPUT_SECONDS = 3
ROUNDS = 5
P99_TARGET_MS = 250.0
QUESTION_SHARE_TARGET = 0.60  # of the short page through quizapp's stack
STACK_SHARE_TARGET = 0.65  # of the bare Flask ceiling
# Only what the environment sets: otherwise gunicorn_conf's defaults, as `make serve` has them.
GUNICORN_ENV = {
    name: os.environ[name] for name in ("QUIZAPP_WORKERS", "QUIZAPP_THREADS") if name in os.environ
}

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CHOICE = re.compile(r'<input[^>]*name="choice"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')
NEXT = re.compile(r'href="(/attempts/[^"]+)"[^>]*>\s*(Next question|See your results)')


def raise_file_limit() -> None:
    """A thousand connections need a thousand descriptors here, and hundreds in each worker
    (the workers inherit the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 8192) if hard != resource.RLIM_INFINITY else 8192
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def gunicorn(app_spec: str, port: int, env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    """app_servers.gunicorn with the benchmark's workers and threads, and room for a thousand
    connections."""
    raise_file_limit()
    return app_servers.gunicorn(app_spec, port, {**GUNICORN_ENV, **env}, cwd)


def server_settings() -> str:
    """The workers and threads gunicorn runs with (its config module, under this environment)."""
    from quizapp import gunicorn_conf

    workers = GUNICORN_ENV.get("QUIZAPP_WORKERS", gunicorn_conf.workers)
    threads = GUNICORN_ENV.get("QUIZAPP_THREADS", gunicorn_conf.threads)
    return f"gunicorn workers={workers} threads={threads}, {os.cpu_count()} cores"


def load() -> str:
    """The machine's load averages, printed with every figure (the machine is shared)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


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
    """init-db's work, a teacher, a quiz of the article's 16 best questions, an open session
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
        article, _ = question_bank.add_article(
            ARTICLE.read_bytes(), None, "bench", owner_id=teacher.id
        )
        question_bank.approve_all(article)
        chosen = best_questions(article, QUESTIONS)
        assert len(chosen) == QUESTIONS, f"{ARTICLE.name} gives {len(chosen)} questions"
        settings = QuizSettings("Bench quiz", "immediate", True, None)
        quiz = build_quiz(article, teacher.id, chosen, settings)
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


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    url, schema = database_url(tmp_path)
    yield prepare(url, schema)
    if schema:
        _postgres_admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def server_env(setup: Setup) -> dict[str, str]:
    return {"DATABASE_URL": setup.database_url, "SECRET_KEY": "bench"}


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
        for _ in range(2):  # the second visit settles the cookie
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
) -> tuple[float, dict[str, float], dict[str, float]]:
    """Each endpoint's throughput over the ceiling's, and the question page's over the short
    page's through quizapp's stack: every measurement of an endpoint comes right after one of
    the ceiling (and the question page right after the short page), so that whatever else the
    machine does weighs on both alike, and the median of those paired ratios is kept."""
    for url in [ceiling_url, *urls.values(), *warm_only]:
        throughput(url, cookie)  # every worker compiles its templates and queries first
    ceilings, ratios = [], defaultdict(list)
    stack_ratios: dict[str, list[float]] = defaultdict(list)
    for _ in range(ROUNDS):
        stack_rate = None
        for name, url in urls.items():
            ceilings.append(throughput(ceiling_url))
            rate = throughput(url, cookie)
            ratios[name].append(rate / ceilings[-1])
            if name == STACK:
                stack_rate = rate
            elif stack_rate is not None:
                stack_ratios[name].append(rate / stack_rate)
    medians = {name: statistics.median(values) for name, values in ratios.items()}
    of_stack = {name: statistics.median(values) for name, values in stack_ratios.items()}
    return statistics.median(ceilings), medians, of_stack


# ── the load generator: browsers on keep-alive connections ───────────────────────────────


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: str

    def header(self, name: str) -> str:
        return self.headers.get(name, [""])[0]


class Browser:
    """One student's browser: one keep-alive HTTP/1.1 connection and its cookies. A few lines
    of asyncio instead of an HTTP library, so that a thousand of them cost the shared cores
    little (every request written at once, every response read by its Content-Length)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = urlencode(form).encode() if form is not None else b""
        if form is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        if self._streams is None:
            self._streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self._streams
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        reply = await asyncio.wait_for(self._read(reader), REQUEST_TIMEOUT)
        if "close" in reply.header("connection").lower():
            await self.close()
        for cookie in reply.headers.get("set-cookie", []):
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            if value and "max-age=0" not in attributes.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return reply

    async def _read(self, reader: asyncio.StreamReader) -> Reply:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers: dict[str, list[str]] = defaultdict(list)
        for line in head[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()].append(value.strip())
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"][0]))
        elif "chunked" in "".join(headers.get("transfer-encoding", [])):
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append((await reader.readexactly(size + 2))[:-2])
            await reader.readuntil(b"\r\n")
            body = b"".join(chunks)
        else:
            body = b""
        return Reply(status, headers, body.decode())

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def timed(
    browser: Browser,
    timings: Timings,
    endpoint: str,
    method: str,
    path: str,
    form: dict[str, str] | None = None,
) -> Reply:
    start = time.perf_counter()
    try:
        reply = await browser.request(method, path, form)
    except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
        timings.errors.append(f"{endpoint}: {type(error).__name__}")
        await browser.close()
        return Reply(599, {}, "")
    timings.record(endpoint, time.perf_counter() - start)
    if reply.status >= 400 and not (endpoint == "POST /join, wrong" and reply.status == 400):
        timings.errors.append(f"{endpoint} {reply.status}")
    return reply


def csrf_of(page: Reply) -> str:
    token = CSRF.search(page.body)
    return token.group(1) if token else ""


async def student(port: int, code: str, number: int, timings: Timings) -> None:
    """Join (a few mistype the code first), answer every question (following each feedback
    page), see the results."""
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, JOIN_SPREAD))
    browser = Browser(port)
    try:
        page = await timed(browser, timings, "GET /join", "GET", f"/join?code={code}")
        if rng.random() < MISTYPED:
            wrong = {"csrf_token": csrf_of(page), "code": code[::-1], "nickname": f"s{number}"}
            page = await timed(browser, timings, "POST /join, wrong", "POST", "/join", wrong)
            await asyncio.sleep(rng.uniform(*THINK_FEEDBACK))
        data = {"csrf_token": csrf_of(page), "code": code, "nickname": f"student {number}"}
        joined = await timed(browser, timings, "POST /join", "POST", "/join", data)
        location = joined.header("location")
        for _ in range(QUESTIONS):
            # /attempts/<token> redirects to the first unanswered question.
            for _hop in range(3):
                if not location or "/questions/" in location:
                    break
                hop = await timed(browser, timings, "GET /attempts/<t>", "GET", location)
                location = hop.header("location")
            if "/questions/" not in location:
                timings.errors.append(f"student {number}: lost the way to a question")
                return
            page = await timed(browser, timings, "GET question", "GET", location)
            choices = [
                html.unescape(found.group(1))
                for tag in CHOICE.findall(page.body)
                if (found := VALUE.search(tag))
            ]
            if not choices:
                timings.errors.append(f"student {number}: a question without choices")
                return
            await asyncio.sleep(rng.uniform(*THINK_QUESTION))
            answer = {"csrf_token": csrf_of(page), "choice": rng.choice(choices)}
            sent = await timed(browser, timings, "POST answer", "POST", location, answer)
            feedback = sent.header("location")
            if "/feedback" not in feedback:
                timings.errors.append(f"student {number}: no feedback after an answer")
                return
            page = await timed(browser, timings, "GET feedback", "GET", feedback)
            await asyncio.sleep(rng.uniform(*THINK_FEEDBACK))
            next_link = NEXT.search(page.body)
            location = next_link.group(1) if next_link else f"/attempts/{feedback.split('/')[2]}"
        results = (
            location if "/results" in location else location.rsplit("/questions", 1)[0] + "/results"
        )
        await timed(browser, timings, "GET results", "GET", results)
    finally:
        await browser.close()


@dataclass
class ClassRun:
    timings: Timings
    seconds: float
    cpu_share: float  # of one core, this process (the load generator)
    lag_p99_ms: float  # how late the event loop woke up: the generator's own delay
    lag_max_ms: float


async def run_class(port: int, code: str) -> ClassRun:
    timings = Timings()
    lags: list[float] = []
    finished = asyncio.Event()

    async def watch_lag() -> None:
        for _ in range(int(CLASS_TIMEOUT * 10)):
            before = time.perf_counter()
            await asyncio.sleep(0.1)
            lags.append(time.perf_counter() - before - 0.1)
            if finished.is_set():
                return

    used = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    watcher = asyncio.create_task(watch_lag())
    try:
        await asyncio.wait_for(
            asyncio.gather(*(student(port, code, n, timings) for n in range(STUDENTS))),
            timeout=CLASS_TIMEOUT,
        )
    finally:
        finished.set()
        await watcher
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
    ms = [lag * 1000 for lag in lags] or [0.0]
    return ClassRun(timings, seconds, cpu / seconds, percentile(ms, 0.99), max(ms))


# ── the benchmarks ────────────────────────────────────────────────────────────────────────


def test_a_class_of_1000_students(setup: Setup) -> None:
    port = free_port()
    server = gunicorn("quizapp:create_app()", port, server_env(setup), ROOT)
    try:
        run = asyncio.run(run_class(port, setup.code))
    finally:
        stop(server)
    attempts, responses, pairs = count_answers(setup)

    timings = run.timings
    total = sum(len(v) for v in timings.by_endpoint.values())
    database = "PostgreSQL" if os.environ.get("BENCH_POSTGRES") else "SQLite"
    lines = [
        "",
        f"{database}, {server_settings()}, {load()} at the end",
        f"class of {STUDENTS}, {QUESTIONS} questions: {total} requests in {run.seconds:.0f} s "
        f"= {total / run.seconds:.0f} req/s, {len(timings.errors)} errors "
        f"{sorted(set(timings.errors))[:5]}",
        f"load generator: {run.cpu_share:.0%} of a core; event loop lag p99 "
        f"{run.lag_p99_ms:.1f} ms, max {run.lag_max_ms:.1f} ms",
        f"  {'endpoint':<20}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}",
    ]
    for endpoint, values in sorted(timings.by_endpoint.items()):
        ms = [v * 1000 for v in values]
        lines.append(
            f"  {endpoint:<20}{len(ms):>7}{statistics.median(ms):>9.1f}"
            f"{percentile(ms, 0.95):>9.1f}{percentile(ms, 0.99):>9.1f}{max(ms):>9.1f}"
        )
    lines.append(f"database: {attempts} attempts, {responses} responses, {pairs} distinct pairs")
    print("\n".join(lines))

    assert timings.errors == []
    assert (attempts, responses, pairs) == (STUDENTS, STUDENTS * QUESTIONS, STUDENTS * QUESTIONS)
    slow = {
        endpoint: round(percentile(values, 0.99) * 1000, 1)
        for endpoint, values in timings.by_endpoint.items()
        if percentile(values, 0.99) * 1000 >= P99_TARGET_MS
    }
    assert slow == {}


@pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk: apt-get install wrk")
def test_request_path_shares(setup: Setup) -> None:
    env = server_env(setup)
    bare_port, stack_port, app_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{app_port}"
    servers: list[subprocess.Popen[bytes]] = []  # stopped below even if one fails to start
    try:
        servers.append(gunicorn("bare_app:app", bare_port, env, Path(__file__).parent))
        servers.append(gunicorn("stack_app:app", stack_port, env, Path(__file__).parent))
        servers.append(gunicorn("quizapp:create_app()", app_port, env, ROOT))
        question, cookie = probe_student(base, setup.code)
        ceiling, shares, of_stack = shares_of_ceiling(
            f"http://127.0.0.1:{bare_port}/",
            {
                STACK: f"http://127.0.0.1:{stack_port}/short-page",
                "GET question": base + question,
                "GET /": f"{base}/",
                "GET /healthz": f"{base}/healthz",
            },
            warm_only=[f"{base}/join?code={setup.code}"],
            cookie=cookie,
        )
    finally:
        for process in servers:
            stop(process)
    database = "PostgreSQL" if os.environ.get("BENCH_POSTGRES") else "SQLite"
    print(
        "\n".join(
            [
                "",
                f"{database}, {server_settings()}, {load()} at the end",
                f"ceiling (bare Flask, wrk {THROUGHPUT_CONNECTIONS} connections, median of "
                f"{ROUNDS}): {ceiling:.0f} req/s",
                *[
                    f"  {name:<18} {share * ceiling:6.0f} req/s = {share:.0%} of the ceiling"
                    + (f", {of_stack[name]:.0%} of the stack's" if name in of_stack else "")
                    for name, share in shares.items()
                ],
            ]
        )
    )
    assert of_stack["GET question"] >= QUESTION_SHARE_TARGET
    assert shares[STACK] >= STACK_SHARE_TARGET


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
    env = server_env(setup)
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
        f"\n{database}, {server_settings()}, {load()} at the end:\n"
        f"{POLLERS} students polling every {POLL_PERIOD:.0f} s for "
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
