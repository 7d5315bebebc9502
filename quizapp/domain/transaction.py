"""The one rule for writing: each domain command is one transaction, and commits itself.

A view calls a command (start an attempt, store an answer, add an article, close a session)
and never touches the database session: the command commits when all of it is done, or rolls
all of it back and raises, so bad input leaves nothing half-written. Reads never commit.
Helpers that only add to or change the session (``articles.store_article``,
``quizzes.build_quiz``, ``quizzes.practice_quiz_for``, ``question_bank.approve_valid``,
``attempts.start_attempt``) leave the commit to the command that calls them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from quizapp.extensions import db

# SQLite takes one writer at a time, and a writer that finds the file locked polls it, sleeping
# up to 100 ms between tries. With every thread of a worker writing at once (a thousand
# students joining: five writes each, py-spy showed all 16 threads of the 4 workers waiting in
# those sleeps), the lock sat free while they slept and every page waited behind them. So a
# worker's threads take turns for it here, woken as soon as the one before is done, and at
# most one thread per worker polls SQLite's lock.
_SQLITE_WRITER = threading.RLock()


@contextmanager
def transaction() -> Iterator[None]:
    """Commit what the block changed, or, if it raises, roll all of it back and re-raise."""
    if db.engine.dialect.name == "sqlite":
        # The connection first, then the turn: a thread waiting for its turn may hold one of
        # the pool's connections, so a thread that took its turn first and then waited for a
        # connection could wait for ever (seen with 30 students on the threaded test server).
        db.session.connection()
        turn: AbstractContextManager[object] = _SQLITE_WRITER
    else:
        turn = nullcontext()
    with turn:
        try:
            yield
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
