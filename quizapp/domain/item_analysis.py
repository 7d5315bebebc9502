"""Item analysis: what a class's answers say about each question, and what to do about it.

    Response rows (class sessions) ─► per question: answered, facility, discrimination,
    choices picked ─► flags a teacher acts on ─► "the best N" leaves out a question flagged
    for its key until the teacher reviews it; a distractor nobody picks is replaced

What counts: every answer given in a class session, of every quiz that asked the question,
open, closed or archived. Practice attempts do not count: only the sample articles have
practice quizzes, anyone may take one again and again without a name (one student would
count as many), and a teacher's copy of a sample has questions of its own, never answered in
practice. A question's numbers are the same on its quiz's page and on its bank's page.

Each student is measured by their rest-score: the share right of the *other* questions they
answered in that quiz. A share, not a count, so that quizzes of different lengths pool, and a
student who stopped early is not taken for a weak one (a count would call every unfinished
student weak). Discrimination is the point-biserial correlation of the item's score (1 right,
0 wrong) with the rest-score:

    r_pb = (M1 − M0) / s × √(p × q)

M1 and M0 are the mean rest-scores of the students who got the item right and wrong, s the
standard deviation of all their rest-scores (divided by n), p the share right and q = 1 − p;
it equals Pearson's r between the two. Reading the analysis changes nothing; the two
commands (reviewing a key, replacing a distractor) change the question, never an answer.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from quizapp.domain import question_bank
from quizapp.domain.articles import as_article_text
from quizapp.domain.exports import spreadsheet_safe
from quizapp.domain.question_checks import CHECKED_FIELDS, failed_alone
from quizapp.domain.transaction import transaction
from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion
from quizapp.generation.quality import FIGURE_TYPES, fold, same_thing
from quizapp.models import (
    Article,
    Attempt,
    ClassSession,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    utcnow,
)
from quizapp.wording import counted

# Fewer students than this, and chance decides the numbers: no flag, no discrimination shown.
MIN_STUDENTS = 10
# "Everyone gets this right": this share right or more.
EASY_FROM = 0.95
# "Stronger students miss this more than weaker ones": a discrimination below this. Below
# zero already says so; a margin keeps a class's chance wobble around zero from flagging.
KEY_BELOW = -0.10
LETTERS = "ABCDEFGH"
# Choices that ask for the same kind of thing: a "Who said" question's choices are people.
TYPE_FAMILIES = {"quote": {"quote", "person"}, "person": {"person", "quote"}}
DIGITS = re.compile(r"\d[\d.,]*")

WHAT_COUNTS = (
    "Every answer given in a class session counts, in every quiz that asked the question, "
    "open, closed or archived. Practice attempts do not: only the sample articles have them, "
    "and anyone may take one again and again without a name."
)
FORMULA = "r_pb = (M1 − M0) / s × √(p × q)"
FORMULA_WORDS = (
    "Discrimination is the point-biserial correlation between getting this question right "
    "(1 or 0) and the rest-score, the share right of the other questions the student "
    "answered in that quiz: M1 and M0 are the mean rest-scores of those who got it right and "
    "wrong, s the standard deviation of every rest-score, p the share right and q = 1 − p. "
    "It runs from −1 to 1: 0.3 or more separates stronger from weaker students well, near 0 "
    "not at all, and below 0 the stronger students miss it more."
)
THRESHOLDS = (
    f"A question is flagged only once at least {MIN_STUDENTS} students answered it (for its key, "
    f"{MIN_STUDENTS} who also answered another question): “everyone gets this right” from "
    f"{round(EASY_FROM * 100)} % right; “check the key” below a discrimination of "
    f"−{-KEY_BELOW:.2f}; “nobody picks” when no student picked the choice. After you review a "
    "key, only the answers given since count for its flag; for a choice added since the "
    "question was made, only the answers given since it came in."
)


@dataclass(frozen=True)
class Answer:
    """One stored class answer, with its attempt's totals: a row of the one query."""

    question_id: int
    attempt_id: int
    class_session_id: int
    chosen: str
    correct: bool
    answered_at: datetime
    attempt_answered: int
    attempt_right: int

    @property
    def rest_score(self) -> float | None:
        """The share right of the other questions the student answered; None if none."""
        others = self.attempt_answered - 1
        if others < 1:
            return None
        return (self.attempt_right - int(self.correct)) / others


@dataclass(frozen=True)
class ChoiceCount:
    """A choice and how many students picked it; ``letter`` is its place among the
    question's choices as stored (students may have seen them shuffled), "" for a choice no
    longer offered (edited or replaced since)."""

    letter: str
    choice: str
    count: int
    share_text: str
    right: bool
    offered: bool
    # When the choice came in, if after the question was made (an edit, a replacement).
    added_at: datetime | None = None


@dataclass(frozen=True)
class Flag:
    """A finding a teacher can act on: ``kind`` is "easy", "key" or "distractor"; a
    distractor flag names the choice to replace."""

    kind: str
    words: str
    choice: str | None = None


@dataclass(frozen=True)
class ItemRow:
    """One question's analysis, as the pages, the CSV and "the best N" read it."""

    question_id: int
    number: int
    prompt: str
    answer: str
    kind: str
    answered: int
    correct: int
    sessions: int
    facility: float | None
    discrimination: float | None
    # How many students the discrimination is worked out over (they answered another one).
    discriminated: int
    choices: list[ChoiceCount]
    flags: list[Flag]
    key_reviewed_at: datetime | None

    @property
    def facility_text(self) -> str:
        """The share right as a page shows it: "50 %", or "—" before anyone answered."""
        return "—" if self.facility is None else f"{round(self.facility * 100)} %"

    @property
    def discrimination_text(self) -> str:
        """ "0.42", or why there is no number."""
        if self.discrimination is not None:
            return f"{self.discrimination:.2f}".replace("-", "−")
        if self.discriminated < MIN_STUDENTS:
            return f"— (fewer than {MIN_STUDENTS} students)"
        if self.correct in (0, self.answered):
            return "— (everyone got it right)" if self.correct else "— (nobody got it right)"
        return "— (every rest-score alike)"

    @property
    def key_flagged(self) -> bool:
        """Whether the question is flagged for its key (and so out of "the best N")."""
        return any(flag.kind == "key" for flag in self.flags)


@dataclass(frozen=True)
class Analysis:
    """A quiz's or a bank's analysis: its rows, and what they are worked out from."""

    title: str
    rows: list[ItemRow]
    sessions: int
    students: int
    # Questions of the quiz or bank that no class session has answered yet.
    unanswered: int = 0
    # How to read it, in a teacher's words: every page shows these.
    what_counts: str = WHAT_COUNTS
    formula: str = FORMULA
    formula_words: str = FORMULA_WORDS
    thresholds: str = THRESHOLDS

    @property
    def summary(self) -> str:
        """ "24 students in 2 class sessions; 3 flags on 2 questions."."""
        if not self.students:
            return "No class has answered these questions yet."
        flagged = [row for row in self.rows if row.flags]
        flags = sum(len(row.flags) for row in flagged)
        found = (
            f"{counted(flags, 'flag')} on {counted(len(flagged), 'question')}"
            if flags
            else "no flag"
        )
        sessions = counted(self.sessions, "class session")
        return f"{counted(self.students, 'student')} in {sessions}; {found}."


def point_biserial(scored: Sequence[tuple[bool, float]]) -> float | None:
    """r_pb of (right, rest-score) pairs; None when it is undefined: fewer than two pairs,
    everyone right or everyone wrong (q or p is 0), or every rest-score alike (s is 0)."""
    n = len(scored)
    right = [rest for correct, rest in scored if correct]
    wrong = [rest for correct, rest in scored if not correct]
    if n < 2 or not right or not wrong:
        return None
    mean = sum(rest for _, rest in scored) / n
    spread = math.sqrt(sum((rest - mean) ** 2 for _, rest in scored) / n)
    if spread == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / spread * math.sqrt(p * (1 - p))


def class_answers(question_ids: Collection[int]) -> list[Answer]:
    """Every class answer to these questions, each with its attempt's answered and right
    counts, in one query (the totals are a grouped subquery the database works out)."""
    ids = list(question_ids)
    if not ids:
        return []
    touched = select(Response.attempt_id).where(Response.question_id.in_(ids))
    totals = (
        select(
            Response.attempt_id,
            func.count(Response.id).label("answered"),
            func.sum(case((Response.correct, 1), else_=0)).label("right"),
        )
        .where(Response.attempt_id.in_(touched))
        .group_by(Response.attempt_id)
        .subquery()
    )
    query = (
        select(
            Response.question_id,
            Response.attempt_id,
            Attempt.class_session_id,
            Response.chosen,
            Response.correct,
            Response.answered_at,
            totals.c.answered,
            totals.c.right,
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(totals, totals.c.attempt_id == Response.attempt_id)
        .where(Response.question_id.in_(ids), Attempt.class_session_id.is_not(None))
        .order_by(Response.id)
    )
    return [
        Answer(q, a, s, chosen, bool(correct), at, int(answered), int(right))
        for q, a, s, chosen, correct, at, answered, right in db.session.execute(query)
    ]


def item_row(number: int, question: Question, answers: Sequence[Answer]) -> ItemRow:
    """One question's numbers and flags from its class answers."""
    answered = len(answers)
    correct = sum(answer.correct for answer in answers)
    facility = correct / answered if answered else None
    scored = [(a.correct, rest) for a in answers if (rest := a.rest_score) is not None]
    discrimination = point_biserial(scored) if len(scored) >= MIN_STUDENTS else None
    choices = _choice_counts(question, answers)
    flags = _easy_flag(answered, correct)
    flags += _key_flag(question, answers)
    # An easy question's wrong choices go unpicked, and a suspect key makes their counts
    # meaningless: then the question is the news, not one of its choices.
    if not flags:
        flags += _distractor_flags(question, answers)
    return ItemRow(
        question_id=question.id,
        number=number,
        prompt=question.prompt,
        answer=question.answer,
        kind=question.kind,
        answered=answered,
        correct=correct,
        sessions=len({answer.class_session_id for answer in answers}),
        facility=facility,
        discrimination=discrimination,
        discriminated=len(scored),
        choices=choices,
        flags=flags,
        key_reviewed_at=question.key_reviewed_at,
    )


def _choice_counts(question: Question, answers: Sequence[Answer]) -> list[ChoiceCount]:
    """Each offered choice in its stored order, then any picked that is no longer offered."""
    picked: dict[str, int] = defaultdict(int)
    for answer in answers:
        picked[answer.chosen] += 1
    listed = list(question.choices) + [c for c in picked if c not in question.choices]
    total = len(answers)
    return [
        ChoiceCount(
            letter=LETTERS[index] if index < len(question.choices) else "",
            choice=choice,
            count=picked[choice],
            share_text=f"{round(100 * picked[choice] / total)} %" if total else "—",
            right=choice == question.answer,
            offered=index < len(question.choices),
            added_at=added_at(question, choice),
        )
        for index, choice in enumerate(listed)
    ]


def _easy_flag(answered: int, correct: int) -> list[Flag]:
    if answered < MIN_STUDENTS or correct / answered < EASY_FROM:
        return []
    who = "Everyone" if correct == answered else f"Nearly everyone ({correct} of {answered})"
    return [
        Flag(
            "easy",
            f"{who} gets this right: it does not show who understood the article. Ask "
            "something harder, or keep it as a warm-up.",
        )
    ]


def _since(answers: Iterable[Answer], moment: datetime | None) -> list[Answer]:
    return [a for a in answers if moment is None or a.answered_at > moment]


def _key_flag(question: Question, answers: Sequence[Answer]) -> list[Flag]:
    """Weighs only the answers given since the teacher last reviewed the key."""
    recent = _since(answers, question.key_reviewed_at)
    scored = [(a.correct, rest) for a in recent if (rest := a.rest_score) is not None]
    if len(scored) < MIN_STUDENTS:
        return []
    r = point_biserial(scored)
    if r is None or r >= KEY_BELOW:
        return []
    shown = f"{r:.2f}".replace("-", "−")
    return [
        Flag(
            "key",
            f"Stronger students miss this more than weaker ones (discrimination {shown}): "
            "check the key. It stays out of “the best N” until you review it.",
        )
    ]


def added_at(question: Question, choice: str) -> datetime | None:
    """When ``choice`` came into the question, if after it was made; None otherwise."""
    when = (question.choices_added_at or {}).get(choice)
    return datetime.fromisoformat(when) if when else None


def _distractor_flags(question: Question, answers: Sequence[Answer]) -> list[Flag]:
    """For each wrong choice, weighs only the answers given since it came in: a choice added
    by an edit or a replacement was never offered to the students before."""
    if question.kind == "true_false":
        return []
    flags = []
    for index, choice in enumerate(question.choices):
        recent = _since(answers, added_at(question, choice))
        if choice == question.answer or len(recent) < MIN_STUDENTS:
            continue
        if all(answer.chosen != choice for answer in recent):
            words = f"Nobody picks choice {LETTERS[index]}, “{choice}”: replace it."
            flags.append(Flag("distractor", words, choice))
    return flags


def analyse(numbered: Sequence[tuple[int, Question]]) -> tuple[list[ItemRow], list[Answer]]:
    """The rows of these (number, question) pairs, and the answers they come from: one query."""
    answers = class_answers([q.id for _, q in numbered if q.id is not None])
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    return [item_row(number, q, by_question.get(q.id, [])) for number, q in numbered], answers


def _analysis(title: str, numbered: list[tuple[int, Question]], keep_unanswered: bool) -> Analysis:
    rows, answers = analyse(numbered)
    return Analysis(
        title=title,
        rows=rows if keep_unanswered else [row for row in rows if row.answered],
        sessions=len({answer.class_session_id for answer in answers}),
        students=len({answer.attempt_id for answer in answers}),
        unanswered=sum(not row.answered for row in rows),
    )


def for_quiz(quiz: Quiz) -> Analysis:
    """The quiz's questions in its order, each over every class session that asked it."""
    return _analysis(quiz.title, list(enumerate(quiz.questions, start=1)), keep_unanswered=True)


def for_article(article: Article) -> Analysis:
    """The bank's questions that a class answered, numbered as the bank numbers them."""
    numbered = list(enumerate(article.questions, start=1))
    return _analysis(article.title, numbered, keep_unanswered=False)


def key_flagged(questions: Sequence[Question]) -> set[int]:
    """The ids of the questions flagged for their key, which "the best N" leaves out."""
    rows, _ = analyse(list(enumerate(questions)))
    return {row.question_id for row in rows if row.key_flagged}


# ---------------------------------------------------------------------------------------------
# The CSV


def analysis_csv(analysis: Analysis) -> str:
    """A row per question: its numbers, its flags, then each choice and how often it was
    picked (choices no longer offered last, marked so). Cells never start a formula."""
    width = max((len(row.choices) for row in analysis.rows), default=0)
    header = [
        "Question",
        "Prompt",
        "Right answer",
        "Answered",
        "Right",
        "Facility (share right)",
        "Discrimination (point-biserial, rest-score)",
        "Students in the discrimination",
        "Class sessions",
        "Flags",
    ]
    for index in range(width):
        header += [f"Choice {index + 1}", f"Choice {index + 1} picked"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in analysis.rows:
        cells: list[str | int] = [
            row.number,
            spreadsheet_safe(row.prompt),
            spreadsheet_safe(row.answer),
            row.answered,
            row.correct,
            "" if row.facility is None else f"{row.facility:.3f}",
            "" if row.discrimination is None else f"{row.discrimination:.3f}",
            row.discriminated,
            row.sessions,
            spreadsheet_safe(" | ".join(flag.words for flag in row.flags)),
        ]
        for choice in row.choices:
            name = f"{choice.letter}: {choice.choice}" if choice.offered else choice.choice
            suffix = "" if choice.offered else " (no longer offered)"
            cells += [spreadsheet_safe(name + suffix), choice.count]
        writer.writerow(cells)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Acting on a flag: review a key, replace a distractor


def review_key(question: Question) -> None:
    """The teacher checked the key and keeps it, committed: the question is back in "the best
    N", and is flagged again only if the answers given from now on show it again. (Editing the
    question counts as a review too: question_bank.apply_edit.) No answer changes."""
    with transaction():
        question.key_reviewed_at = utcnow()


class ReplacementRefused(ValueError):
    """A distractor cannot be replaced now; the message says why and what to do."""


def replace_distractor(
    question: Question, choice: str, generate: question_bank.Generate | None = None
) -> str:
    """Replace the wrong choice ``choice`` with another of the same type from the generator's
    run on the question's article, committed; returns the new choice.

    The generator keeps no spare candidates, so it runs again (it is deterministic) and the
    candidates are the answers and choices of its questions of the same type (a "Who said"
    question's are people), best ranked first, none naming a choice already there. The first
    with which the question fails no check (question_checks) it did not fail already is
    taken. Refused while a class session using the question is open: its students would see
    the choices change mid-quiz. The answers given stay as stored, each with the choice its
    student picked; past sessions list a picked choice no longer offered under its own
    name. From now on every quiz with the question offers the new choice; its "nobody picks"
    flag weighs only the answers given since it came in (``choices_added_at``).
    """
    with transaction():
        problem = _replacement_problem(question, choice)
        if problem is not None:
            raise ReplacementRefused(problem)
        article = question.article
        before = {(f.check, f.found) for f in failed_alone(question, article.body)}
        run = (generate or question_bank.generate_for)(as_article_text(article))
        for candidate in replacement_candidates(question, run):
            choices = [candidate if c == choice else c for c in question.choices]
            notes = {c: n for c, n in (question.choice_notes or {}).items() if c != choice}
            fields = {name: getattr(question, name) for name in CHECKED_FIELDS}
            trial = GeneratedQuestion(**(fields | {"choices": choices, "choice_notes": notes}))
            if {(f.check, f.found) for f in failed_alone(trial, article.body)} <= before:
                added = {
                    c: at for c, at in (question.choices_added_at or {}).items() if c != choice
                }
                question.choices, question.choice_notes = choices, notes
                question.choices_added_at = added | {candidate: utcnow().isoformat()}
                question.edited = True
                return candidate
        raise ReplacementRefused(
            f"The generator has no other choice like “{choice}” for this article that passes "
            "the checks. Edit the question to write one yourself."
        )


def _replacement_problem(question: Question, choice: str) -> str | None:
    if question.kind == "true_false":
        return "A true-or-false question has no other choice to offer."
    if choice not in question.choices or choice == question.answer:
        return "That is not one of the question's wrong choices any more."
    open_code = db.session.scalar(
        select(ClassSession.code)
        .join(QuizQuestion, QuizQuestion.quiz_id == ClassSession.quiz_id)
        .where(QuizQuestion.question_id == question.id, ClassSession.closed_at.is_(None))
        .limit(1)
    )
    if open_code is not None:
        return (
            f"Class session {open_code} uses this question and is still open: close it first, "
            "so that no student sees the choices change in the middle of the quiz."
        )
    return None


def replacement_candidates(question: Question, run: Sequence[GeneratedQuestion]) -> list[str]:
    """Choices of the same type from the generator's questions, best ranked first, none
    naming what the question already offers; a number or a date is another question's key
    (the article's own figure), and a number keeps the answer's shape ("£4 million" for "£2
    million", never "12 %"); the checks judge the rest."""
    family = TYPE_FAMILIES.get(question.fact_type, {question.fact_type})
    shape = DIGITS.sub("#", question.answer)
    found: list[str] = []
    ranked = sorted(run, key=lambda q: (q.rank == 0, q.rank))
    # A figure's replacement is another question's key, a figure the article writes: a
    # generated question's other figures may be made up (and such a question waits).
    figure = question.fact_type in FIGURE_TYPES
    for generated in ranked:
        if generated.fact_type not in family or generated.kind == "true_false":
            continue
        for candidate in [generated.answer] if figure else [generated.answer, *generated.choices]:
            if question.fact_type == "number" and DIGITS.sub("#", candidate) != shape:
                continue
            if any(same_thing(candidate, c) for c in [*question.choices, *found]):
                continue
            if fold(candidate):
                found.append(candidate)
    return found
