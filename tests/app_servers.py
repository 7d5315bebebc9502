"""Real app servers for tests and benchmarks: gunicorn on a free port of 127.0.0.1, stopped
politely or killed hard (``kill -9`` of the master and every worker), and a student's browser
that talks to them over HTTP.

Used by the class benchmark (tests/bench), the several-servers test and the restart test.
"""

from __future__ import annotations

import html
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx
from helpers import choices_in, csrf_token

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
START_SECONDS = 60.0
# What a test's servers must not take from the environment they were started in: its
# REDIS_URL would move the counts, its trusted hosts refuse 127.0.0.1, its secure cookies
# never come back over plain HTTP.
NOT_INHERITED = (
    "REDIS_URL",
    "DATABASE_URL",
    "SECRET_KEY",
    "QUIZAPP_TRUSTED_HOSTS",
    "QUIZAPP_BEHIND_PROXY",
    "SESSION_COOKIE_SECURE",
)


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def poll_until(done: Callable[[], bool], seconds: float, what: str, every: float = 0.05) -> None:
    """Ask ``done`` until it says yes; AssertionError naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still not so after {seconds:.0f} s")
        time.sleep(every)


def gunicorn(
    app_spec: str,
    port: int,
    env: Mapping[str, str],
    cwd: Path = ROOT,
    log: IO[bytes] | None = None,
    ready_path: str = "/",
) -> subprocess.Popen[bytes]:
    """gunicorn with quizapp's settings serving ``app_spec`` on 127.0.0.1:``port``, returned
    once ``ready_path`` answers (``start`` then ``wait_ready``)."""
    process = start(app_spec, port, env, cwd, log)
    wait_ready(process, port, ready_path)
    return process


def start(
    app_spec: str,
    port: int,
    env: Mapping[str, str],
    cwd: Path = ROOT,
    log: IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """gunicorn with quizapp's settings (quizapp/gunicorn_conf.py) serving ``app_spec`` on
    127.0.0.1:``port``, in a process group of its own (so that ``kill_hard`` reaches its
    workers); its log to ``log``. The environment's REDIS_URL, DATABASE_URL, SECRET_KEY and
    trusted hosts are not passed on: ``env`` gives what the server is to use."""
    command = [GUNICORN, "--config", "python:quizapp.gunicorn_conf", "--no-control-socket"]
    inherited = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.Popen(
        [*command, app_spec],
        cwd=cwd,
        env={**inherited, **env, "QUIZAPP_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=log if log is not None else subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_ready(process: subprocess.Popen[bytes], port: int, path: str = "/") -> None:
    """Wait until the server answers ``path`` without a server error; stopped and
    RuntimeError if it does not within START_SECONDS, or exits."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"gunicorn did not answer on port {port} (exit status {process.poll()})")


def stop(*processes: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn servers as a deploy does (SIGTERM: the workers finish their requests),
    all at once; a server still running after 20 s is killed."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill_hard(process)


def workers_of(process: subprocess.Popen[bytes]) -> list[int]:
    """The pids of the gunicorn master's children, its workers (from /proc)."""
    children: list[int] = []
    for task in Path(f"/proc/{process.pid}/task").glob("*"):
        try:
            children += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue  # the task ended while being read
    return children


def kill_hard(process: subprocess.Popen[bytes]) -> list[int]:
    """``kill -9`` of the master and all its workers at once (their process group, which is
    the master's own), as the OOM killer or a crash would (the machine itself stays up);
    returns the workers' pids once every one of them is gone."""
    workers = workers_of(process)
    assert os.getpgid(process.pid) == process.pid, "not a process group of its own"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=20)
    poll_until(lambda: not any(_alive(pid) for pid in workers), 20, "a killed worker runs")
    return workers


def _alive(pid: int) -> bool:
    """Whether ``pid`` is still a running process (a zombie is not)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def redirect_path(response: httpx.Response) -> str:
    """The path a redirect sends the browser to (the app may write it absolute)."""
    assert response.status_code in (301, 302, 303), (response.status_code, response.text[:300])
    return urlsplit(response.headers["location"]).path


# ── a student's browser over HTTP ────────────────────────────────────────────────────────

REQUEST_TIMEOUT = 30.0
QUESTION_PATH = re.compile(r"/attempts/([^/]+)/questions/(\d+)$")


class StudentBrowser:
    """One student's browser (its own cookies) against one or several servers of one site:
    each page is asked of a server picked at random, and each form is posted to another one
    than served it, when there are two. Counts the answers the site acknowledged (a POST that
    got its redirect) and says which answer is on its way while it is."""

    def __init__(self, nickname: str, servers: Sequence[str], twice: bool = False) -> None:
        self.nickname = nickname
        self.servers = list(servers)
        # Each answer posted a second time, to the server that showed the question.
        self.twice = twice
        self.rng = random.Random(nickname)
        self.http = httpx.Client(timeout=REQUEST_TIMEOUT)
        self.token = ""
        # The choice posted for each question number, acknowledged or not.
        self.chosen: dict[int, str] = {}
        self.acknowledged: list[int] = []
        self.posting: int | None = None

    def pick(self) -> str:
        return self.rng.choice(self.servers)

    def other_than(self, server: str) -> str:
        """Another server than ``server``, when there is one."""
        others = [s for s in self.servers if s != server]
        return self.rng.choice(others) if others else server

    def form(self, path: str) -> tuple[str, httpx.Response]:
        """A page with a form, from a server picked at random: (that server, the page)."""
        server = self.pick()
        page = self.http.get(server + path)
        assert page.status_code == 200, (path, page.status_code)
        return server, page

    def join(self, code: str) -> str:
        """Join the class with its code: the join page from one server, the form posted to
        another; returns the attempt's token."""
        server, page = self.form(f"/join?code={code}")
        data = {"csrf_token": csrf_token(page.text), "code": code, "nickname": self.nickname}
        joined = self.http.post(self.other_than(server) + "/join", data=data)
        self.token = redirect_path(joined).rsplit("/", 1)[1]
        return self.token

    def where(self) -> str:
        """Where the attempt's address sends the student now (its first unanswered question,
        or the results)."""
        return redirect_path(self.http.get(f"{self.pick()}/attempts/{self.token}"))

    def choices_at(self, path: str) -> list[str]:
        """The choices the question page at ``path`` offers."""
        page = self.http.get(self.pick() + path)
        assert page.status_code == 200, (path, page.status_code)
        return [html.unescape(choice) for choice in choices_in(page.text)]

    def answer_next(self) -> bool:
        """Answer the first unanswered question and read its feedback; False when there was
        none left (the attempt's address led to the results)."""
        path = self.where()
        found = QUESTION_PATH.search(path)
        if found is None:
            assert path.endswith("/results"), path
            return False
        number = int(found.group(2))
        server, page = self.form(path)
        choice = self.rng.choice([html.unescape(c) for c in choices_in(page.text)])
        data = {"csrf_token": csrf_token(page.text), "choice": choice}
        self.posting, self.chosen[number] = number, choice
        sent = self.http.post(self.other_than(server) + path, data=data)
        feedback = redirect_path(sent)
        self.acknowledged.append(number)
        self.posting = None
        if self.twice:  # a double click, the second to the other server: "already answered"
            assert redirect_path(self.http.post(server + path, data=data)) == feedback
        assert self.http.get(self.pick() + feedback).status_code == 200, feedback
        return True

    def finish(self, questions: int) -> None:
        """Answer every question left, then see the results."""
        for _ in range(questions + 1):
            if not self.answer_next():
                results = self.http.get(f"{self.pick()}/attempts/{self.token}/results")
                assert results.status_code == 200, results.status_code
                return
        raise AssertionError(f"{self.nickname} never reached the results")

    def close(self) -> None:
        self.http.close()
