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

import logging
import threading
import time
from typing import Any, Protocol

import redis
from flask import current_app
from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

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
    """Counts in the app's database (the rate_count table), shared by every worker: each
    increment is one upsert that returns the new counts, in a transaction of its own.

    On PostgreSQL those transactions commit without waiting for their log to reach the disk
    (``synchronous_commit`` off, for them alone): a class behind one address counts in the
    same rows, which a join would otherwise hold through a disk flush; a crash can lose the
    last fraction of a second of counts, never an answer. The rows of ended windows are
    dropped every few seconds, not at every new key (every new browser made one)."""

    # Rows are locked in one order, the keys' sorted order, by every transaction: two joins
    # that count the same keys in another order would each hold a row the other waits for,
    # and PostgreSQL would abort one of them (a deadlock).

    def increment(self, keys: list[str]) -> list[int]:
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        counted: dict[str, int] = {}
        with transaction():
            _without_waiting_for_the_disk()
            for key in sorted(set(keys)):
                statement: Any = dialect.insert(RateCount).values(
                    key=key, hits=1, expires_at=_expiry(key)
                )
                statement = statement.on_conflict_do_update(
                    index_elements=[RateCount.key], set_={"hits": RateCount.hits + 1}
                ).returning(RateCount.hits)
                counted[key] = int(db.session.scalar(statement))
            if _time_to_clean_up():  # drop the rows of windows that ended
                ended = select(RateCount.key).where(RateCount.expires_at < now())
                if dialect is postgresql:  # rows another transaction holds wait for next time
                    ended = ended.with_for_update(skip_locked=True)
                db.session.execute(delete(RateCount).where(RateCount.key.in_(ended)))
        return [counted[key] for key in keys]

    def decrement(self, keys: list[str]) -> None:
        with transaction():
            _without_waiting_for_the_disk()
            for key in sorted(set(keys)):
                db.session.execute(
                    update(RateCount)
                    .where(RateCount.key == key, RateCount.hits > 0)
                    .values(hits=RateCount.hits - 1)
                )


# How often a process drops the rows of ended windows (their keys name their window, so a row
# left a little longer counts nothing).
CLEAN_UP_SECONDS = 10
_cleaned_up_at = [0.0]


def _time_to_clean_up() -> bool:
    if time.monotonic() - _cleaned_up_at[0] < CLEAN_UP_SECONDS:
        return False
    _cleaned_up_at[0] = time.monotonic()
    return True


def _without_waiting_for_the_disk() -> None:
    """This transaction's commit returns before its log is flushed (PostgreSQL; SQLite's WAL
    with synchronous=NORMAL already does)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))


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
