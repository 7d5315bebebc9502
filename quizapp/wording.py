"""Small text helpers the pages and forms share: a count with its noun ("1 session", not
"1 sessions"), and a typed value tidied to one line."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and the noun that agrees with it: 1 question, 2 questions, 0 questions."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def one_line(value: str | None) -> str:
    """Runs of spaces, tabs and newlines become one space; the ends are trimmed."""
    return " ".join(value.split()) if value else ""
