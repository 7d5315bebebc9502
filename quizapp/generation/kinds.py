"""The names the generator's contract uses: kinds of question and types of fact.

Both are string enums, so a stored value ("cloze", "person") and a member compare equal and
JSON writes the plain string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

# The choices of a statement to judge: a true/false question, or "True or false: X said “…”".
TRUE_FALSE = ["True", "False"]
_PREFIX = re.compile(r"^(True or false:|Fill in the blank:)\s*")


def is_statement(choices: Sequence[str]) -> bool:
    """Whether a question with these choices asks to judge a statement."""
    return list(choices) == TRUE_FALSE


def question_body(prompt: str) -> str:
    """The prompt without its "True or false:" or "Fill in the blank:" lead-in."""
    return _PREFIX.sub("", prompt)


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
    # What a question above recall asks about (see Level).
    MAIN_IDEA = "main_idea"
    CAUSE = "cause"
    CALCULATION = "calculation"
    ORDER = "order"
    ARGUMENT = "argument"


# The fact key of a passage's quotations after its first: asked by "Who said …?" only where a
# speaker's view asks the first (the view stands for that quotation's question).
QUOTE_TAIL = "tail:"
# Fact types whose answer is a statement cut from the article (a main idea, a view, an event),
# not a name or a figure: no word of it in the prompt gives it away.
STATEMENT_ANSWERS = frozenset({"main_idea", "argument", "order", "cause"})


class Level(StrEnum):
    """What a question asks of the student, so a quiz can mix them.

    recall         find a fact one sentence states (who said it, a blank, true or false)
    understanding  grasp what the article or a speaker is getting at (the main idea, whose
                   view a statement is)
    analysis       relate facts the article gives apart (a cause and its effect, the order
                   of dated events, a figure worked out from two figures)
    """

    RECALL = "recall"
    UNDERSTANDING = "understanding"
    ANALYSIS = "analysis"
