"""Where the counts of ``throttle.py`` live: Redis when RATELIMIT_STORAGE_URI names it, else
this process's memory.

Every store counts in fixed windows: a key names its window, and a count is only ever
incremented (atomically, returning the new value) or decremented (a try given back).
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

import redis
from flask import current_app


class Counts(Protocol):
    def increment(self, keys: list[str]) -> list[int]:
        """Add one to each key (made at 0 in its window) and return the new values."""

    def decrement(self, keys: list[str]) -> None:
        """Take one from each key."""


def window(seconds: int) -> int:
    """The number of the fixed window of ``seconds`` that now falls in."""
    return int(time.time()) // seconds


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
        now = int(time.time())
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
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


class RedisCounts:
    """Counts in Redis, shared by every worker and every app server."""

    def __init__(self, url: str, prefix: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._prefix = prefix

    def increment(self, keys: list[str]) -> list[int]:
        pipe = self._redis.pipeline(transaction=False)
        for key in keys:
            pipe.incr(f"{self._prefix}:{key}")
            pipe.expireat(f"{self._prefix}:{key}", _expiry(key) + 1, nx=True)
        return [int(value) for value in pipe.execute()[::2]]

    def decrement(self, keys: list[str]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        for key in keys:
            pipe.decr(f"{self._prefix}:{key}")
        pipe.execute()


def counts() -> Counts:
    """The app's store, made on first use."""
    extensions = current_app.extensions
    found: Counts | None = extensions.get("quizapp_counts")
    if found is None:
        uri = current_app.config["RATELIMIT_STORAGE_URI"]
        prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "quizapp")
        found = RedisCounts(uri, prefix) if uri.startswith("redis") else MemoryCounts()
        extensions["quizapp_counts"] = found
    return found
