"""Words the pages put next to numbers, so a count of one reads "1 session", not "1 sessions"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and the noun that agrees with it: 1 question, 2 questions, 0 questions."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
