"""Whether the database answers and takes writes: what the load balancer's probe
(`/healthz`) asks."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from quizapp.domain.transaction import transaction
from quizapp.extensions import db
from quizapp.models import RateCount

# The one row the health check writes, in the counts' table: no count has a key like it.
HEALTH_KEY = "healthz"


def answers() -> bool:
    """True when a trivial query comes back; the failed transaction is rolled back if not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


def takes_writes() -> bool:
    """True when a row can be written and committed (a read-only database, a full disk or a
    lost lock answers a SELECT but refuses every answer a student sends)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    written = int(time.time())
    statement: Any = dialect.insert(RateCount).values(
        key=HEALTH_KEY, hits=0, expires_at=written + 3600
    )
    statement = statement.on_conflict_do_update(
        index_elements=[RateCount.key], set_={"expires_at": written + 3600}
    )
    try:
        with transaction():
            db.session.execute(statement)
    except SQLAlchemyError:
        return False
    return True
