"""Whether the database answers: what the load balancer's probe (`/healthz`) asks."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db


def answers() -> bool:
    """True when a trivial query comes back; the failed transaction is rolled back if not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True
