"""Where the counts of ``throttle.py`` live, in one place every worker shares: Redis when
RATELIMIT_STORAGE_URI (REDIS_URL) names it, else the app's database (``database``, the
default: one SQLite file or one PostgreSQL for every worker and server). ``memory://`` keeps
them in this process only.

Every store counts in fixed windows: a key names its window, and a count is only ever
incremented (atomically, returning the new value, so that concurrent tries each see their
own number) or decremented (a try given back). When Redis does not answer, the counts go on
in this process's memory, and the log says so: a login or a join never fails for it.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from typing import Any, Protocol

import redis
from flask import current_app
from sqlalchemy import TextClause, delete, select, text

from quizapp.domain.transaction import transaction
from quizapp.extensions import db
from quizapp.models import RateCount

log = logging.getLogger(__name__)
# After Redis failed, how long the counts stay in memory before Redis is asked again.
REDIS_RETRY_SECONDS = 10


class Counts(Protocol):
    def increment(self, keys: list[str]) -> list[int]:
        """Add one to each key (made at 0 in its window) and return the new values."""

    def decrement(self, keys: list[str]) -> None:
        """Take one from each key that exists and is above 0."""


def now() -> float:
    """The clock the windows are cut from (a test stops it to stay in one window)."""
    return time.time()


def window(seconds: int) -> int:
    """The number of the fixed window of ``seconds`` that now falls in."""
    return int(now()) // seconds


def _expiry(key: str) -> int:
    """When the key's window ends, as a Unix time (the key ends ``:seconds:window``)."""
    seconds, number = key.rsplit(":", 2)[1:]
    return (int(number) + 1) * int(seconds)


class MemoryCounts:
    """This process's own counts: only right for one process (or as Redis's stand-in)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}

    def increment(self, keys: list[str]) -> list[int]:
        with self._lock:
            if len(self._counts) > 10_000:
                ended = now()
                self._counts = {k: v for k, v in self._counts.items() if v[1] > ended}
            values = []
            for key in keys:
                count, expires = self._counts.get(key, (0, _expiry(key)))
                self._counts[key] = (count + 1, expires)
                values.append(count + 1)
            return values

    def decrement(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                if key in self._counts:
                    count, expires = self._counts[key]
                    self._counts[key] = (max(count - 1, 0), expires)


# Only an existing count is decremented: a try counted in memory while Redis was down must
# not make a key at -1 (and one more try) once Redis is back.
_DECREMENT = """
for _, key in ipairs(KEYS) do
  if redis.call('exists', key) == 1 and tonumber(redis.call('get', key)) > 0 then
    redis.call('decr', key)
  end
end
"""


class RedisCounts:
    """Counts in Redis, shared by every worker and every app server; this process's memory
    while Redis does not answer."""

    def __init__(self, url: str, prefix: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._decrement = self._redis.register_script(_DECREMENT)
        self._prefix = prefix
        self._url = url
        self._memory = MemoryCounts()
        self._failed_at: float | None = None

    def increment(self, keys: list[str]) -> list[int]:
        if self._down():
            return self._memory.increment(keys)
        pipe = self._redis.pipeline(transaction=False)
        for key in keys:
            pipe.incr(f"{self._prefix}:{key}")
            pipe.expireat(f"{self._prefix}:{key}", _expiry(key) + 1, nx=True)
        try:
            values = pipe.execute()[::2]
        except redis.RedisError as error:
            self._failed(error)
            return self._memory.increment(keys)
        return [int(value) for value in values]

    def decrement(self, keys: list[str]) -> None:
        self._memory.decrement(keys)
        if not self._down():
            try:
                self._decrement(keys=[f"{self._prefix}:{key}" for key in keys])
            except redis.RedisError as error:
                self._failed(error)

    def _down(self) -> bool:
        failed_at = self._failed_at
        if failed_at is not None and time.monotonic() - failed_at < REDIS_RETRY_SECONDS:
            return True
        return False

    def _failed(self, error: Exception) -> None:
        if self._failed_at is None or not self._down():
            log.warning(
                "Redis at %s does not answer (%s): wrong passwords and join codes are "
                "counted in this process only, for the next %s seconds",
                self._redis.connection_pool.connection_kwargs.get("host", "?"),
                error,
                REDIS_RETRY_SECONDS,
            )
        self._failed_at = time.monotonic()


class DatabaseCounts:
    """Counts in the app's database (the rate_count table), shared by every worker: all of a
    try's keys are counted (or given back) in one upsert that returns the new counts.

    A class behind one address counts in the same few rows, so how long a row stays locked
    is what a class's rush of joins waits on. On PostgreSQL each upsert is a transaction of
    its own (autocommit): the row is locked inside the database for the statement alone,
    never while this process gets back its result and sends a COMMIT, which a thread waiting
    for the interpreter's lock could stretch to tens of milliseconds. It also commits without
    waiting for its log to reach the disk (``synchronous_commit`` off, for it alone): a crash
    can lose the last fraction of a second of counts, never an answer. On SQLite the upsert
    runs in a write transaction in the worker's turn (``transaction``). The rows of ended
    windows are dropped every few seconds, not at every new key (every new browser made
    one)."""

    # Rows are locked in one order, the keys' sorted order, by every statement: two joins
    # that count the same keys in another order would each hold a row the other waits for,
    # and PostgreSQL would abort one of them (a deadlock). An INSERT locks its rows in the
    # order of its VALUES.

    def increment(self, keys: list[str]) -> list[int]:
        ordered = sorted(set(keys))
        upsert = _upsert(len(ordered), ADD_ONE, returning=True)
        rows = _execute(upsert, _values(ordered, 1), returning=True)
        counted = {key: int(hits) for key, hits in rows}
        if _time_to_clean_up():  # drop the rows of windows that ended
            ended = select(RateCount.key).where(RateCount.expires_at < now())
            if db.engine.dialect.name == "postgresql":  # rows another statement holds wait
                ended = ended.with_for_update(skip_locked=True)
            _execute(delete(RateCount).where(RateCount.key.in_(ended)))
        return [counted[key] for key in keys]

    def decrement(self, keys: list[str]) -> None:
        # An upsert too, so that the rows are locked in the keys' order (an UPDATE … WHERE key
        # IN … locks them in the order it scans them); a key with no row is made at 0.
        ordered = sorted(set(keys))
        _execute(_upsert(len(ordered), TAKE_ONE), _values(ordered, 0))


ADD_ONE = "rate_count.hits + 1"
TAKE_ONE = "CASE WHEN rate_count.hits > 0 THEN rate_count.hits - 1 ELSE 0 END"


@functools.cache
def _upsert(rows: int, hits: str, returning: bool = False) -> TextClause:
    """One INSERT of ``rows`` keys, in their order, that sets an existing key's count to
    ``hits`` (and returns each key's count, if ``returning``): one statement and one round
    trip for all of a try's keys. Written out (the same on SQLite and PostgreSQL) so that it
    is compiled once, not at every try."""
    values = ", ".join(f"(:key{i}, :hits, :expires{i})" for i in range(rows))
    returned = " RETURNING key, hits" if returning else ""
    return text(
        f"INSERT INTO rate_count (key, hits, expires_at) VALUES {values} "
        f"ON CONFLICT (key) DO UPDATE SET hits = {hits}{returned}"
    )


def _values(keys: list[str], hits: int) -> dict[str, Any]:
    values: dict[str, Any] = {"hits": hits}
    for i, key in enumerate(keys):
        values[f"key{i}"] = key
        values[f"expires{i}"] = _expiry(key)
    return values


def _execute(
    statement: Any, values: dict[str, Any] | None = None, returning: bool = False
) -> list[Any]:
    """Run a counts statement as its own transaction; the rows it returns, if ``returning``."""
    if db.engine.dialect.name != "postgresql":
        with transaction():
            result = db.session.execute(statement, values)
            return list(result) if returning else []
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("SET synchronous_commit TO OFF")
        try:
            result = connection.execute(statement, values)
            return list(result) if returning else []
        finally:
            connection.exec_driver_sql("RESET synchronous_commit")


# How often a process drops the rows of ended windows (their keys name their window, so a row
# left a little longer counts nothing).
CLEAN_UP_SECONDS = 10
_cleaned_up_at = [0.0]


def _time_to_clean_up() -> bool:
    if time.monotonic() - _cleaned_up_at[0] < CLEAN_UP_SECONDS:
        return False
    _cleaned_up_at[0] = time.monotonic()
    return True


def counts() -> Counts:
    """The app's store, made on first use."""
    extensions = current_app.extensions
    found: Counts | None = extensions.get("quizapp_counts")
    if found is None:
        uri = current_app.config["RATELIMIT_STORAGE_URI"]
        prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "quizapp")
        if uri.startswith(("redis://", "rediss://", "unix://")):
            found = RedisCounts(uri, prefix)
        elif uri.startswith("memory://"):
            found = MemoryCounts()
        else:
            found = DatabaseCounts()
        extensions["quizapp_counts"] = found
    return found
