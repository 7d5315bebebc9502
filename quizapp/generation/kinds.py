"""The names the generator's contract uses: kinds of question and types of fact.

Both are string enums, so a stored value ("cloze", "person") and a member compare equal and
JSON writes the plain string.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """How a question is asked."""

    QUOTE = "quote"  # Who said “…”?
    MCQ = "mcq"  # a wh-question or a role question with choices
    CLOZE = "cloze"  # a sentence with one blank
    TRUE_FALSE = "true_false"  # a statement to judge


class FactType(StrEnum):
    """What the answer is; distractors are of the same type."""

    PERSON = "person"
    PLACE = "place"
    ORGANIZATION = "organization"
    GROUP = "group"
    DATE = "date"
    NUMBER = "number"
    ROLE = "role"
    QUOTE = "quote"
    OTHER = "other"
