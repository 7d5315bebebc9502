"""What a teacher takes away: results as CSV, the quiz as Moodle GIFT, a printable worksheet.

Nicknames, prompts and choices come from students and articles, so every export treats them as
data: CSV cells cannot start a spreadsheet formula, GIFT's special characters are escaped.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from html import escape as html_escape

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.domain.class_sessions import verdict_of
from quizapp.extensions import db
from quizapp.generation.kinds import is_statement
from quizapp.models import Attempt, ClassSession, Question, Quiz, Response

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GIFT_SPECIAL = "\\~=#{}:"
LETTERS = "ABCDEFGH"


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a leading quote neutralises a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def results_csv(class_session: ClassSession) -> str:
    """One row per student: nickname, score, max score, finish time, state (as the dashboard
    words it), then each question's answer and whether it was right.

    The question columns follow the quiz's order, whatever order each student saw.
    """
    questions = class_session.quiz.questions
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["Nickname", "Score", "Max score", "Finished (UTC)", "State"]
    for number, question in enumerate(questions, start=1):
        header += [f"Q{number}: {question.prompt}", f"Q{number} right"]
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.class_session_id == class_session.id)
        .order_by(Attempt.id)
        .options(selectinload(Attempt.responses))
    )
    closed = not class_session.is_open
    for attempt in attempts:
        answers = {response.question_id: response for response in attempt.responses}
        finished = attempt.finished_at
        row = [
            spreadsheet_safe(attempt.display_name),
            attempt.score,
            attempt.max_score,
            finished.isoformat(sep=" ", timespec="seconds") if finished else "",
            verdict_of(attempt, class_session.quiz, closed).state,
            *(cell for q in questions for cell in _answer_cells(answers.get(q.id))),
        ]
        writer.writerow(row)
    return out.getvalue()


def _answer_cells(response: Response | None) -> tuple[str, str]:
    """A question's two cells: the choice, and "right" or "wrong" (both empty when the
    student did not answer it)."""
    if response is None:
        return "", ""
    return spreadsheet_safe(response.chosen), "right" if response.correct else "wrong"


def gift_escape(text: str) -> str:
    """Text as GIFT reads it: each of ~ = # { } : and the backslash escaped by a backslash.

    The text goes in as HTML ([html] format), so <, > and & are HTML-escaped first, and the
    text is one line, since a blank line would end the question.
    """
    text = html_escape(" ".join(text.split()), quote=False)
    return "".join("\\" + ch if ch in GIFT_SPECIAL else ch for ch in text)


def quiz_gift(quiz: Quiz) -> str:
    """The quiz in Moodle's GIFT format, each explanation as the question's general feedback
    and each wrong choice's note as that answer's own feedback."""
    blocks = [f"// {' '.join(quiz.title.split())}\n// Exported from quizapp"]
    for number, question in enumerate(quiz.questions, start=1):
        blocks.append(
            f"::Q{number}::[html]{gift_escape(question.prompt)} {_gift_answers(question)}"
        )
    return "\n\n".join(blocks) + "\n"


def _gift_answers(question: Question) -> str:
    feedback = f"####{gift_escape(question.explanation)}"
    if is_statement(question.choices):  # true/false, and "True or false: X said …" too
        # {T#feedback on a wrong answer####general feedback}: the note on the wrong one.
        wrong = "False" if question.answer == "True" else "True"
        mark = "T" if question.answer == "True" else "F"
        return "{" + mark + _gift_note(question, wrong) + feedback + "}"
    marked = [
        f"={gift_escape(choice)}"
        if choice == question.answer
        else f"~{gift_escape(choice)}{_gift_note(question, choice)}"
        for choice in question.choices
    ]
    return "{\n\t" + "\n\t".join(marked) + "\n\t" + feedback + "\n}"


def _gift_note(question: Question, choice: str) -> str:
    """``#note``, a wrong choice's own feedback in GIFT, or nothing when it has no note."""
    note = gift_escape((question.choice_notes or {}).get(choice, ""))
    return f"#{note}" if note else ""


@dataclass(frozen=True)
class SheetItem:
    """One question of the printed worksheet, with what the answer key adds."""

    number: int
    question: Question
    choices: list[tuple[str, str]]
    answer_letter: str


def worksheet(quiz: Quiz) -> list[SheetItem]:
    """The quiz on paper: numbered questions with lettered choices in a fixed order.

    The choices are shuffled once per quiz (True and False keep their order), so the worksheet
    and its answer key always agree.
    """
    items = []
    for number, question in enumerate(quiz.questions, start=1):
        choices = list(question.choices)
        if question.kind != "true_false":
            random.Random(f"worksheet:{quiz.id}:{question.id}").shuffle(choices)
        lettered = list(zip(LETTERS, choices, strict=False))
        letter = next((lt for lt, choice in lettered if choice == question.answer), "?")
        items.append(SheetItem(number, question, lettered, letter))
    return items
