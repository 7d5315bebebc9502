"""Class sessions: open one with a join code, let students join, watch the answers, close it.

open_session ─► code on the projector ─► join_session (nickname) ─► Attempt per student
                                         live_results ◄─ Response rows ◄─┘

Opening, joining and closing are commands: each commits itself (see transaction.py).
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError

from quizapp.domain import throttle
from quizapp.domain.attempts import start_attempt
from quizapp.domain.errors import NotFound
from quizapp.domain.transaction import transaction
from quizapp.domain.verdicts import Verdict
from quizapp.extensions import db
from quizapp.models import JOIN_CODE_ALPHABET as JOIN_CODE_ALPHABET
from quizapp.models import JOIN_CODE_LENGTH as JOIN_CODE_LENGTH
from quizapp.models import (
    Article,
    Attempt,
    ClassSession,
    Quiz,
    Response,
    folded,
    utcnow,
)
from quizapp.wording import counted

CODE_TRIES = 20
NICKNAME_TAKEN = "That nickname is taken in this class; choose another."
# What the dashboard says of the session, on its first load and on each refresh.
OPEN_STATE = "Open: students can join and answer"
CLOSED_STATE = "Closed: no more answers"
NOBODY_YET = "No student has joined yet."


class JoinRefused(ValueError):
    """A join that cannot be done; ``field`` is the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# Characters that read alike (0 and O, 1, I and L): no code has them, and a code typed with
# one is told which.
LOOK_ALIKES = "01ILO"


def code_problem(code: str) -> str | None:
    """What is wrong with a typed join code before it is looked up, or None."""
    shape = f"A class code is {JOIN_CODE_LENGTH} letters and digits, like KX4P7M."
    if len(code) != JOIN_CODE_LENGTH or not code.isalnum() or not code.isascii():
        return shape
    alike = sorted({ch for ch in code if ch in LOOK_ALIKES}, key=code.index)
    if alike:
        shown = " and ".join(f"“{ch}”" for ch in alike)
        return (
            f"Class codes never use {shown}: codes leave out 0, 1, I, L and O, which read "
            "alike. Check the code your teacher shows (an O may be a Q or a D, a 1 a 7)."
        )
    return None if set(code) <= set(JOIN_CODE_ALPHABET) else shape


# Characters no one sees or that turn the text around: controls, format characters
# (zero-width spaces and joiners, bidi overrides and marks, the soft hyphen), line and
# paragraph separators, private use, surrogates and unassigned code points.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Letters and symbols that print as a blank: Hangul fillers, the braille blank.
BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Alphabets with letters that look alike (Latin "a", Cyrillic "а", Greek "α").
LOOK_ALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
INVISIBLE_NICKNAME = (
    "A nickname cannot hold invisible or control characters (a zero-width space, a direction "
    "mark); type it again."
)
MIXED_NICKNAME = (
    "Use the letters of one alphabet: this nickname mixes Latin, Cyrillic or Greek letters, "
    "which look alike."
)


def normal_nickname(nickname: str) -> str:
    """The nickname as it is stored and shown: NFKC (full-width "Ａｄａ" is "Ada"), runs of
    spaces one space, ends trimmed."""
    return " ".join(unicodedata.normalize("NFKC", nickname).split())


def nickname_problem(nickname: str) -> str | None:
    """Why a nickname cannot be used (invisible characters, look-alike letters), or None."""
    normal = normal_nickname(nickname)
    if any(unicodedata.category(ch) in INVISIBLE_CATEGORIES or ch in BLANKS for ch in normal):
        return INVISIBLE_NICKNAME
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in normal if ch.isalpha()}
    if len(scripts & LOOK_ALIKE_SCRIPTS) > 1:
        return MIXED_NICKNAME
    if not normal:
        return "Choose a nickname; your teacher sees it beside your score."
    return None


def new_join_code() -> str:
    """Six characters from an alphabet without look-alikes (no 0/O, no 1/I/L)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


@dataclass(frozen=True)
class Pacing:
    """How a class session runs: at each student's pace, or led by the teacher (``live.py``),
    then with an optional time per question and an optional leaderboard."""

    teacher_paced: bool = False
    question_seconds: int | None = None
    leaderboard: bool = False


SELF_PACED = Pacing()


def open_session(quiz: Quiz, teacher_id: int, pacing: Pacing = SELF_PACED) -> ClassSession:
    """A new class session for the quiz, with a code no session ever had; committed.

    With 31⁶ codes a clash is rare; the unique constraint still refuses one that two teachers
    drew at the same instant.
    """
    with transaction():
        db.session.flush()  # the quiz needs its id, when it is new
        for _ in range(CODE_TRIES):
            code = new_join_code()
            if find_session(code) is None:
                class_session = ClassSession(quiz_id=quiz.id, teacher_id=teacher_id, code=code)
                if pacing.teacher_paced:
                    class_session.pace = "teacher"
                    class_session.question_seconds = pacing.question_seconds
                    class_session.leaderboard = pacing.leaderboard
                db.session.add(class_session)
                return class_session
        raise RuntimeError("No free join code was found; try again.")


def own_session(class_session_id: int, teacher_id: int) -> ClassSession:
    """The teacher's own class session; NotFound for anyone else's."""
    class_session = db.session.get(ClassSession, class_session_id)
    if class_session is None or class_session.teacher_id != teacher_id:
        raise NotFound()
    return class_session


def qr_svg(address: str) -> Markup:
    """A QR code of the join address as inline SVG (sized by the stylesheet, not by attributes).

    It is an image to assistive technology, named by its title.
    """
    code = segno.make(address, error="m")
    svg = code.svg_inline(scale=1, omitsize=True, svgclass="qr", title=f"QR code of {address}")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def close_session(class_session: ClassSession) -> None:
    """Stop further joins and answers, committed; what was answered stays."""
    with transaction():
        if class_session.closed_at is None:
            class_session.closed_at = utcnow()


@dataclass(frozen=True)
class JoinAddress:
    """Where students join: the address to type, the one the QR code holds (with the code),
    and whether only this computer can open it."""

    typed: str
    scanned: str
    loopback: bool
    # This computer's address on the network, to suggest when ``loopback`` is true.
    network_guess: str | None


def join_address(served_at: str, join_path: str, code: str) -> JoinAddress:
    """The join address for a class, from the site's root as the teacher's browser reached it
    (``served_at``), or the configured public address (QUIZAPP_PUBLIC_URL) when there is one."""
    root = current_app.config.get("PUBLIC_URL") or served_at.rstrip("/")
    typed = root + join_path
    parts = urlsplit(root)
    loopback = _is_loopback(parts.hostname or "")
    guess = None
    if loopback:
        lan = network_address()
        guess = f"{parts.scheme}://{lan}{f':{parts.port}' if parts.port else ''}" if lan else None
    return JoinAddress(typed, f"{typed}?code={code}", loopback, guess)


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def network_address() -> str | None:
    """This computer's address on its network (the one a route to the outside would use), or
    None without a network. Connecting a UDP socket sends nothing; it only picks the route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if _is_loopback(address) or address == "0.0.0.0" else address


def student_of(class_session: ClassSession, attempt_id: int) -> Attempt:
    """A student's attempt in this class session; NotFound if it is not one of its own."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.class_session_id != class_session.id:
        raise NotFound()
    return attempt


@dataclass(frozen=True)
class StudentRemoval:
    """What removing a student from a class session takes, in words the page shows."""

    nickname: str
    answers: int

    @property
    def what_goes(self) -> str:
        """The sentence the confirmation page shows."""
        answers = "no answer yet" if not self.answers else counted(self.answers, "answer")
        return (
            f"Removing {self.nickname} deletes their attempt and {answers}: they leave the "
            "dashboard, the projector, the question counts and the CSV. This cannot be undone."
        )


def removal_of_student(attempt: Attempt) -> StudentRemoval:
    """What removing this student would delete, counted by the database."""
    answers = db.session.scalar(
        select(func.count(Response.id)).where(Response.attempt_id == attempt.id)
    )
    return StudentRemoval(attempt.display_name, int(answers or 0))


def remove_student(attempt: Attempt) -> StudentRemoval:
    """Delete a student's attempt and its answers from their class session, committed; returns
    what went. Their browser can no longer open the attempt."""
    with transaction():
        gone = removal_of_student(attempt)
        db.session.delete(attempt)
        return gone


def offer_rejoin(attempt: Attempt) -> str:
    """A new one-time key for the student to go on with this attempt on another device (any
    key offered before stops working); committed. The student opens /rejoin/<key>."""
    with transaction():
        attempt.rejoin_key = secrets.token_urlsafe(16)
        return attempt.rejoin_key


def clock() -> str:
    """The time a dashboard shows its rows as of, in UTC as its refresh writes it."""
    return utcnow().strftime("%H:%M:%S UTC")


def find_session(code: str) -> ClassSession | None:
    """The session with this join code, open or closed."""
    return db.session.scalars(select(ClassSession).where(ClassSession.code == code)).first()


def join_session(
    code: str, nickname: str, known_tokens: list[str], client: throttle.Client | None = None
) -> str:
    """The token of the student's attempt in the session with this code, new or (same
    browser) resumed.

    ``known_tokens`` are the attempts this browser made before: a student who lost the tab and
    joins again with the same nickname gets their own attempt back; anyone else is told the
    nickname is taken. Commits a new attempt; raises JoinRefused.

    With a ``client`` (a request's), a wrong code counts against its browser and address, and
    a browser starts at most a few new students an hour (throttle.WRONG_CODES, NEW_STUDENTS):
    TooManyTries before the code is looked up when one is over its limit.
    """
    if client is None:
        return _join(code, nickname, known_tokens, None)
    per_address = current_app.config.get("JOIN_CODES_PER_ADDRESS", throttle.CODES_PER_ADDRESS)
    ticket = throttle.take(throttle.wrong_codes(per_address), client)
    try:
        token = _join(code, nickname, known_tokens, client)
    except JoinRefused as refusal:
        if refusal.field != "code":  # the code was right: not a guess
            ticket.give_back()
        raise
    except throttle.TooManyTries:
        ticket.give_back()
        raise
    ticket.give_back()
    return token


def _join(code: str, nickname: str, known_tokens: list[str], client: throttle.Client | None) -> str:
    class_session = find_session(code)
    if class_session is None:
        raise JoinRefused("code", "No class has this code. Check it with your teacher.")
    problem = nickname_problem(nickname)
    if problem is not None:
        raise JoinRefused("nickname", problem)
    nickname = normal_nickname(nickname)
    mine = _attempt_named(class_session, nickname)
    if mine is not None and mine.token in known_tokens:
        return mine.token
    if not class_session.is_open:
        raise JoinRefused("code", "This class session has ended; your teacher closed it.")
    if mine is not None:
        raise JoinRefused("nickname", NICKNAME_TAKEN)
    started = throttle.take(throttle.NEW_STUDENTS, client) if client else throttle.Ticket()
    try:
        with transaction():
            # A class the teacher leads sees the questions in one order, the quiz's.
            shuffle = False if class_session.teacher_paced else None
            attempt = start_attempt(class_session.quiz, nickname, shuffle)
            # The id, not the relationship: assigning that would load every attempt of the
            # session.
            attempt.class_session_id = class_session.id
            return attempt.token
    except IntegrityError:
        # Another student took the same nickname a moment ago.
        started.give_back()
        raise JoinRefused("nickname", NICKNAME_TAKEN) from None


def _attempt_named(class_session: ClassSession, nickname: str) -> Attempt | None:
    query = select(Attempt).where(
        Attempt.class_session_id == class_session.id,
        Attempt.nickname_key == folded(nickname),
    )
    return db.session.scalars(query).first()


@dataclass(frozen=True)
class StudentRow:
    """One student on the dashboard."""

    attempt_id: int
    nickname: str
    answered: int
    total: int
    score: int
    finished: bool
    passed: bool | None
    state: str


@dataclass(frozen=True)
class WrongChoice:
    """A wrong choice and how many students chose it."""

    choice: str
    count: int


@dataclass(frozen=True)
class ChoiceTally:
    """A choice as offered and how many students chose it; the projector hides ``right``
    until the teacher reveals the answers."""

    choice: str
    count: int
    right: bool


@dataclass(frozen=True)
class QuestionRow:
    """One question on the dashboard: how many answered, how many right, which wrong choices."""

    number: int
    prompt: str
    answer: str
    answered: int
    correct: int
    percent_correct: int | None
    # The share as the dashboard shows it: "75%", or "—" while nobody has answered.
    correct_text: str
    wrong: list[WrongChoice] = field(default_factory=list)
    # Every choice in the order the question offers them, the right one too.
    tally: list[ChoiceTally] = field(default_factory=list)


@dataclass(frozen=True)
class LiveResults:
    """Everything the dashboard shows, words included, as plain data: the page's first load
    renders it and its refresh (the JSON endpoint, read by static/js/dashboard.js) sends it."""

    code: str
    is_open: bool
    state: str
    nobody_yet: str
    as_of: str  # the server's clock, in UTC
    as_of_iso: str  # the same, for a <time> that the browser shows in its own zone
    students: list[StudentRow]
    questions: list[QuestionRow]

    @property
    def answering(self) -> int:
        """How many students have not finished."""
        return sum(not student.finished for student in self.students)


@dataclass(frozen=True)
class ClassSessionRow:
    """A class session in a list: the teacher's home page, a quiz's page."""

    class_session: ClassSession
    quiz_title: str
    students: int

    @property
    def state(self) -> str:
        """Open, closed or archived, in a word."""
        if self.class_session.archived_at is not None:
            return "Archived"
        return "Open" if self.class_session.is_open else "Closed"


def class_session_rows(
    *where: ColumnElement[bool], limit: int | None = None
) -> list[ClassSessionRow]:
    """The class sessions that match, newest first, each with its quiz's title and how many
    students joined, counted by the database (in one query, however many sessions)."""
    students = (
        select(func.count())
        .select_from(Attempt)
        .where(Attempt.class_session_id == ClassSession.id)
        .scalar_subquery()
    )
    query = (
        select(ClassSession, Quiz.title, students)
        .join(Quiz, Quiz.id == ClassSession.quiz_id)
        .join(Article, Article.id == Quiz.article_id)
        .where(*where)
        .order_by(ClassSession.id.desc())
        .limit(limit)
    )
    return [ClassSessionRow(*row) for row in db.session.execute(query)]


def rows_of_quiz(quiz: Quiz) -> list[ClassSessionRow]:
    """The quiz's class sessions that are not archived, newest first."""
    return class_session_rows(ClassSession.quiz_id == quiz.id, ClassSession.archived_at.is_(None))


def live_results(class_session: ClassSession) -> LiveResults:
    """The session's students and questions as they stand now, in two grouped queries."""
    in_session = Attempt.class_session_id == class_session.id
    answered = dict(
        db.session.execute(
            select(Response.attempt_id, func.count(Response.id))
            .join(Attempt, Response.attempt_id == Attempt.id)
            .where(in_session)
            .group_by(Response.attempt_id)
        ).all()
    )
    chosen = list(
        db.session.execute(
            select(Response.question_id, Response.chosen, Response.correct, func.count(Response.id))
            .join(Attempt, Response.attempt_id == Attempt.id)
            .where(in_session)
            .group_by(Response.question_id, Response.chosen, Response.correct)
        ).all()
    )
    quiz = class_session.quiz
    attempts = db.session.scalars(select(Attempt).where(in_session).order_by(Attempt.id))
    closed = not class_session.is_open
    students = [_student_row(a, quiz, answered.get(a.id, 0), closed) for a in attempts]
    questions = _question_rows(quiz, chosen)
    return LiveResults(
        code=class_session.code,
        is_open=class_session.is_open,
        state=OPEN_STATE if class_session.is_open else CLOSED_STATE,
        nobody_yet=NOBODY_YET,
        as_of=clock(),
        as_of_iso=utcnow().isoformat(timespec="seconds") + "Z",
        students=students,
        questions=questions,
    )


def verdict_of(attempt: Attempt, quiz: Quiz, closed: bool) -> Verdict:
    """A class attempt judged as its student's results page judges it (verdicts.py): once the
    session is closed an unfinished attempt is over too, an unanswered question wrong."""
    return Verdict(
        finished=attempt.finished,
        session_closed=closed,
        score=attempt.score,
        max_score=attempt.max_score,
        pass_mark=quiz.pass_mark,
    )


def _student_row(attempt: Attempt, quiz: Quiz, answered: int, closed: bool) -> StudentRow:
    verdict = verdict_of(attempt, quiz, closed)
    return StudentRow(
        attempt_id=attempt.id,
        nickname=attempt.display_name,
        answered=answered,
        total=attempt.max_score,
        score=attempt.score,
        finished=attempt.finished,
        passed=verdict.passed,
        state=verdict.state,
    )


def _question_rows(quiz: Quiz, chosen: Iterable[tuple[int, str, bool, int]]) -> list[QuestionRow]:
    right: Counter[int] = Counter()
    total: Counter[int] = Counter()
    wrong: dict[int, Counter[str]] = {}
    for question_id, choice, correct, count in chosen:
        total[question_id] += count
        if correct:
            right[question_id] += count
        else:
            wrong.setdefault(question_id, Counter())[choice] += count
    rows = []
    for number, question in enumerate(quiz.questions, start=1):
        picked = wrong.get(question.id, Counter())
        offered = [c for c in question.choices if c != question.answer]
        # Every wrong choice, even one nobody chose; then any chosen before an edit.
        listed = offered + [c for c in picked if c not in offered]
        answered = total[question.id]
        percent = round(100 * right[question.id] / answered) if answered else None
        rows.append(
            QuestionRow(
                number=number,
                prompt=question.prompt,
                answer=question.answer,
                answered=answered,
                correct=right[question.id],
                percent_correct=percent,
                correct_text="—" if percent is None else f"{percent}%",
                wrong=[WrongChoice(choice, picked[choice]) for choice in listed],
                tally=[
                    ChoiceTally(
                        c,
                        right[question.id] if c == question.answer else picked[c],
                        c == question.answer,
                    )
                    for c in question.choices
                ],
            )
        )
    return rows
