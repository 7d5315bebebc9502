"""The question page's read, kept for the request that comes next from the same browser.

Every question costs a student's browser the same few requests: the question page, the
answer, its feedback, "Next question" (which goes to the first unanswered one) and the next
question page. The answer's request reads the question after the one answered with it (one
query), and knows what storing the answer did to the attempt; kept here, that read serves the
"Next question" redirect and the next question page without a query of their own. On
PostgreSQL each query is a round trip to the database server, which was most of the question
page's time.

A kept read is used only where it cannot be wrong about what the student did:

- it is for the browser whose signed session cookie holds the same count of answers (the
  answer's request writes it), so a page answered on another worker or server, in another
  tab, or from an older copy of the cookie is read again; a link opened on another device
  has no count and is read;
- it was read after the last change a teacher made on this machine: every teacher's request
  that changes something (closing a class, removing a student, editing a question) touches a
  file (``TEACHER_CHANGES_FILE``, in the instance folder), which every worker looks at (one
  ``stat``); a read is dated when its query starts, not when it is kept;
- it is at most ``FRESH_SECONDS`` old, so that a teacher's change on another server, or an
  answer from another device, shows at most that late on the page, as on a page the student
  already has open. The answer itself is always checked against the database and refused
  with the same message as before.

Each process keeps its own reads. A browser's keep-alive connection to gunicorn stays with
one worker, so its next request finds the read; behind a proxy that spreads requests over the
workers, one in as many as there are workers does, and the rest are read as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from quizapp.domain.attempts import AskedQuestion, AttemptView

FRESH_SECONDS = 30.0
# One read a browser: a school of 1,000 at once, with room to spare.
READS_KEPT = 4096
# A file's time is the kernel's coarse clock (some milliseconds behind), or whole seconds on
# some filesystems: a read kept less than this after the time the file shows counts as older.
CHANGE_MARGIN_NS = 2 * 10**9

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadTime:
    """When a read's query started: its age, and whether a teacher's change came after it."""

    monotonic: float
    wall_ns: int


def read_time() -> ReadTime:
    """Now, taken before a query whose result may be kept."""
    return ReadTime(time.monotonic(), time.time_ns())


@dataclass(frozen=True, slots=True)
class _Read:
    attempt: AttemptView
    number: int
    asked: AskedQuestion | None  # None: the attempt has no question after the one answered
    at: ReadTime


_lock = threading.Lock()
_reads: OrderedDict[str, _Read] = OrderedDict()


def keep(attempt: AttemptView, number: int, asked: AskedQuestion | None, at: ReadTime) -> None:
    """Keep what a request read of the attempt at ``at``, with its question ``number`` where
    there is one, in place of anything kept for the attempt before."""
    read = _Read(attempt, number, asked, at)
    with _lock:
        _reads[attempt.token] = read
        _reads.move_to_end(attempt.token)
        while len(_reads) > READS_KEPT:
            _reads.popitem(last=False)


def teacher_changed() -> None:
    """A teacher changed what students' pages may show: no worker on this machine uses a
    read kept before now."""
    with _lock:
        _reads.clear()
    path = _changes_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError as error:  # the other workers keep their reads up to FRESH_SECONDS
        log.warning("could not mark a teacher's change in %s: %s", path, error)


def forget(token: str) -> None:
    """Drop what is kept for the attempt: a request is about to change it."""
    with _lock:
        _reads.pop(token, None)


def recent_attempt(token: str, answers: int | None) -> AttemptView | None:
    """The attempt as kept, while fresh and holding ``answers`` answers (the browser's
    count); None where it has to be read."""
    read = _fresh(token, answers)
    return None if read is None else read.attempt


def recent_question(
    token: str, number: int, answers: int | None
) -> tuple[AttemptView, AskedQuestion] | None:
    """The attempt and its question ``number`` as kept, on the same terms as
    ``recent_attempt``; None where they have to be read."""
    read = _fresh(token, answers)
    if read is None or read.number != number or read.asked is None:
        return None
    return read.attempt, read.asked


def _fresh(token: str, answers: int | None) -> _Read | None:
    if answers is None:
        return None
    with _lock:
        read = _reads.get(token)
    if read is None or len(read.attempt.answered) != answers:
        return None
    if (
        time.monotonic() - read.at.monotonic > FRESH_SECONDS
        or read.at.wall_ns <= _last_change_ns() + CHANGE_MARGIN_NS
    ):
        return None
    return read


def _changes_file() -> Path:
    return Path(current_app.config["TEACHER_CHANGES_FILE"])


def _last_change_ns() -> int:
    try:
        return _changes_file().stat().st_mtime_ns
    except FileNotFoundError:
        return 0
