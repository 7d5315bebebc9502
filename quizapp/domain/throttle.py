"""Counting tries, so that guessing join codes and passwords stays slow and one student
cannot lock a class (or a teacher) out.

A try is counted *before* it is checked (``take``), and given back when it turned out right
(``Ticket.give_back``): so a burst of concurrent tries can never get more checks than the
limit allows, however they interleave.

Each try counts against keys:

- the **browser** (a random id in its signed session cookie): a browser that guesses is
  stopped at its own limit, and nobody else is;
- each **shared** key (the client's address; for a login, the account too). A browser that
  has made only a few tries of its own (``Rule.clean_tries``) counts in one budget per key,
  a browser that has made more counts in another. A classmate's wrong codes fill the second
  one; the right code typed in a fresh browser at the same school address is still checked
  against the first. Guessing from one address is bounded by the sum of both budgets.

The counts live in one place all workers share (``store.py``).
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from quizapp.domain import store


class TooManyTries(Exception):
    """Refused before it was checked; the message says what to do."""


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` tries in a window of ``seconds``."""

    hits: int
    seconds: int


@dataclass(frozen=True)
class Rule:
    """Which tries are counted, and the limits of each key."""

    scope: str
    browser: tuple[Limit, ...]
    # Per shared key (address, account): for browsers that made at most ``clean_tries`` tries
    # in their longest window ("clean"), and for the others.
    clean: tuple[Limit, ...] = ()
    shared: tuple[Limit, ...] = ()
    clean_tries: int = 3
    message: str = "Too many tries from this browser or network. Wait a minute and try again."


# Wrong join codes: a browser is stopped after 10 in a minute; from one address at most 120
# codes a minute and 600 an hour are checked, whatever the number of browsers.
WRONG_CODES = Rule(
    "join",
    browser=(Limit(10, 60), Limit(60, 3600)),
    clean=(Limit(60, 60), Limit(300, 3600)),
    shared=(Limit(60, 60), Limit(300, 3600)),
    message=(
        "Too many wrong codes were typed in this browser or on this network. Wait a minute, "
        "check the code on the board, and try again."
    ),
)
# Wrong codes a minute from one address, in each budget, unless QUIZAPP_JOIN_CODES_PER_ADDRESS
# says otherwise.
CODES_PER_ADDRESS = 60


def wrong_codes(per_address: int = CODES_PER_ADDRESS) -> Rule:
    """WRONG_CODES, with ``per_address`` wrong codes a minute (five times as many an hour) in
    each of an address's budgets: a school whose every class comes from one address (a NAT)
    and joins at once may see more typos in a minute than 60 (the setting
    QUIZAPP_JOIN_CODES_PER_ADDRESS)."""
    if per_address == CODES_PER_ADDRESS:
        return WRONG_CODES
    limits = (Limit(per_address, 60), Limit(per_address * 5, 3600))
    return dataclasses.replace(WRONG_CODES, clean=limits, shared=limits)


# Wrong passwords: per browser, per address and per account.
WRONG_PASSWORDS = Rule(
    "login",
    browser=(Limit(10, 60), Limit(50, 3600)),
    clean=(Limit(10, 60), Limit(50, 3600)),
    shared=(Limit(10, 60), Limit(50, 3600)),
    message="Too many wrong passwords were tried. Wait a minute and try again.",
)
# New students from one browser: a shared classroom computer is fine, a script is not.
NEW_STUDENTS = Rule(
    "joined",
    browser=(Limit(5, 3600),),
    message=(
        "This browser has already joined 5 students this hour. Ask your teacher if you need "
        "to join again."
    ),
)

BROWSER_KEY = "browser"


@dataclass(frozen=True)
class Client:
    """Who tries: the address the request came from and the browser's id."""

    address: str
    browser: str


def browser_of(cookie: MutableMapping[str, Any]) -> str:
    """The browser's id, kept in its signed session cookie (made on its first counted try)."""
    known = cookie.get(BROWSER_KEY)
    if not isinstance(known, str) or not known:
        known = cookie[BROWSER_KEY] = secrets.token_urlsafe(12)
    return known


@dataclass
class Ticket:
    """A counted try: give it back when the try turned out right."""

    keys: list[str] = field(default_factory=list)

    def give_back(self) -> None:
        """Uncount the try (once)."""
        if self.keys:
            store.counts().decrement(self.keys)
            self.keys = []


def take(rule: Rule, client: Client, *shared: tuple[str, str]) -> Ticket:
    """Count a try of ``client`` against its browser and each shared (kind, value) key, then
    check it: TooManyTries when one count is over its limit. The address is always shared."""
    counts = store.counts()
    keys = [_key(rule, "browser", client.browser, limit) for limit in rule.browser]
    tries = counts.increment(keys)
    ticket = Ticket(keys)
    if any(n > limit.hits for n, limit in zip(tries, rule.browser, strict=True)):
        raise TooManyTries(rule.message)
    clean = max(tries, default=0) <= rule.clean_tries
    limits = rule.clean if clean else rule.shared
    budget = "clean" if clean else "shared"
    pairs = [("address", client.address), *shared] if limits else []
    more = [
        (_key(rule, f"{kind}/{budget}", value, limit), limit)
        for kind, value in pairs
        for limit in limits
    ]
    if more:
        counted = counts.increment([key for key, _ in more])
        ticket.keys.extend(key for key, _ in more)
        if any(n > limit.hits for n, (_, limit) in zip(counted, more, strict=True)):
            raise TooManyTries(rule.message)
    return ticket


def _key(rule: Rule, kind: str, value: str, limit: Limit) -> str:
    window = store.window(limit.seconds)
    return f"{rule.scope}:{kind}:{value[:80]}:{limit.seconds}:{window}"
