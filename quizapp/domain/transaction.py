"""The one rule for writing: each domain command is one transaction, and commits itself.

A view calls a command (start an attempt, store an answer, add an article, close a session)
and never touches the database session: the command commits when all of it is done, or rolls
all of it back and raises, so bad input leaves nothing half-written. Reads never commit.
Helpers that only add to or change the session (``articles.store_article``,
``quizzes.build_quiz``, ``quizzes.practice_quiz_for``, ``question_bank.approve_valid``,
``attempts.start_attempt``) leave the commit to the command that calls them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from quizapp.extensions import db


@contextmanager
def transaction() -> Iterator[None]:
    """Commit what the block changed, or, if it raises, roll all of it back and re-raise."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
