"""`/healthz`: what a load balancer asks before it sends a server any students."""

from __future__ import annotations

from flask import Blueprint

from quizapp.domain import database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """200 when the database answers and takes a write, 503 when it does not."""
    if not database.answers():
        return {"status": "error", "database": "unreachable"}, 503
    if not database.takes_writes():
        return {"status": "error", "database": "refuses writes"}, 503
    return {"status": "ok", "database": "ok"}, 200
