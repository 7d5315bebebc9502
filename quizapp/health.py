"""`/healthz`: what a load balancer asks before it sends a server any students."""

from __future__ import annotations

from flask import Blueprint

from quizapp.domain import database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """200 when the database answers, 503 when it does not."""
    if not database.answers():
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
