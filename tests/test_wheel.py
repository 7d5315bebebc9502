"""The built wheel runs on its own: installed by pip into a fresh virtual environment, outside
the repository, it creates its database with the sample article and serves its pages.

The fresh environment borrows the test environment's dependencies (Flask, spaCy and its
pipeline…) through a .pth line, so the test downloads nothing; quizapp itself comes only from
the wheel, which the test checks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {"templates": "quizapp/templates", "static": "quizapp/static", "seeds": "quizapp/seeds"}

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("QUIZAPP_TEST_POSTGRES")),
    reason="the wheel is the same on both databases; it is tested on the SQLite run",
)


# What the build reads; copied, so that the build's own folders never land in the repository.
SOURCES = ("pyproject.toml", "README.md", "quizapp", "templates", "static", "seeds")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the working tree as `pip wheel .` builds it."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(out), str(source)],
        check=True,
        cwd=source,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    (built,) = out.glob("quizapp-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed by pip."""
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    python = home / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies, from this environment; its editable quizapp stays out (a .pth line adds
    # a folder to the path but runs none of the .pth files inside it).
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    return home


def test_the_wheel_holds_the_templates_static_files_samples_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, inside in SHIPPED.items():
        files = [p for p in (ROOT / folder).rglob("*") if p.is_file()]
        assert files
        for path in files:
            assert f"{inside}/{path.relative_to(ROOT / folder).as_posix()}" in names, path
    migrations = ROOT / "quizapp" / "migrations"
    for path in migrations.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert path.relative_to(ROOT).as_posix() in names, path
    for package in ("domain", "student", "teacher", "auth", "generation"):
        assert f"quizapp/{package}/__init__.py" in names


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def installed_app(venv: Path, tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """The installed app's environment: a database of its own, run from outside the repo."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wheel.sqlite'}",
        "SECRET_KEY": "wheel test",
        "PYTHONPATH": "",
    }
    env.pop("FLASK_APP", None)
    yield venv / "bin" / "python", env


def test_the_installed_wheel_creates_its_database_and_serves_pages(
    installed_app: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    python, env = installed_app
    where = subprocess.run(
        [str(python), "-c", "import quizapp; print(quizapp.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    assert where.startswith(str(python.parent.parent)), f"quizapp came from {where}"

    init = subprocess.run(
        [str(python), "-m", "flask", "--app", "quizapp", "init-db"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert init.returncode == 0, init.stderr
    assert "Database ready." in init.stdout and "practice quiz of" in init.stdout

    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(python), "-m", "flask", "--app", "quizapp", "run", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=log,
        text=True,
    )
    try:
        home = fetch(f"http://127.0.0.1:{port}/", server)
        assert "Practice quizzes" in home and "Take the quiz" in home
        assert "/static/css/quizapp.css" in home
        assert "body" in fetch(f"http://127.0.0.1:{port}/static/css/quizapp.css", server)
        assert "Start the quiz" in fetch(f"http://127.0.0.1:{port}/quizzes/1", server)
        assert "Log in" in fetch(f"http://127.0.0.1:{port}/login", server)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def fetch(url: str, server: subprocess.Popen[str], wait: float = 30.0) -> str:
    """The page at ``url``, once the server answers (it takes a moment to start)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return str(response.read().decode())
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the installed app did not answer {url}") from None
            time.sleep(0.2)
