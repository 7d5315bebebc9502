"""Every table, with its constraints: the database refuses what the app must never store.

    Teacher ─< Article ─< Question ─< QuizQuestion >─ Quiz ─< Attempt ─< Response >─ Question
    Teacher ─< Quiz ─< ClassSession ─< Attempt

The seed articles and their practice quizzes belong to no teacher (owner NULL).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from quizapp.extensions import Base, db
from quizapp.generation import paragraphs as body_text

# Type checkers see the typed declarative base; at run time Flask-SQLAlchemy's db.Model adds
# table names and the session binding on top of it.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

QUESTION_KINDS = ("quote", "mcq", "cloze", "true_false")
# What a question asks of the student (the generator's Level): a quiz mixes them.
QUESTION_LEVELS = ("recall", "understanding", "analysis")
QUESTION_STATUSES = ("generated", "approved", "rejected")
FEEDBACK_MODES = ("immediate", "end")
# A class session goes at each student's own pace, or the teacher leads it question by question.
PACES = ("self", "teacher")
# The time a teacher may give each question of a teacher-paced session, in seconds.
QUESTION_SECONDS = (5, 600)
# Join codes leave out letters and digits that read alike (0/O, 1/I/L).
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6


def utcnow() -> datetime:
    """Timestamps are stored in UTC; the database keeps them naive, so they are compared naive."""
    return datetime.now(UTC).replace(tzinfo=None)


@event.listens_for(Engine, "connect")
def _configure_sqlite(connection: Any, _record: Any) -> None:
    """SQLite ignores foreign keys unless each connection asks for them; WAL lets a class's
    readers go on while one answer is written, and the busy timeout makes writers queue
    instead of failing with "database is locked"."""
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if connection.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _one_of(column: str, values: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


class Teacher(Model):
    """A teacher who logs in to review questions and run class sessions.

    The four members below are what Flask-Login asks of a user (its UserMixin, typed).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Part of the id the session cookie holds; logging out or changing the password moves it
    # on, so that every cookie given before stops opening the teacher pages.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (CheckConstraint("length(username) > 0", name="teacher_username_not_empty"),)

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie to find the teacher again: the id and
        the session version ("7:2"), which domain/teachers.load_teacher checks."""
        return f"{self.id}:{self.session_version}"


class RateCount(Model):
    """A count of tries in one window (domain/throttle.py), when the counts live in the
    database: every worker and server shares it. ``key`` names the window; ``expires_at`` is
    the Unix time it ends, after which the row is deleted."""

    __tablename__ = "rate_count"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer, index=True)


class Article(Model):
    """A cleaned article; ``body`` is the text that every question's offsets point into."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for the seed articles, which every teacher may read and copy but nobody edits.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("teacher.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300), default="")
    # The credit, when a web page or the teacher gave it (domain.article_text.Credit).
    byline: Mapped[str | None] = mapped_column(String(200))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when the teacher archived it: it leaves their lists; its quizzes' results stay.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)

    questions: Mapped[list[Question]] = relationship(
        back_populates="article", order_by="Question.id", cascade="all, delete-orphan"
    )
    quizzes: Mapped[list[Quiz]] = relationship(
        back_populates="article", order_by="Quiz.id", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("length(slug) > 0", name="article_slug_not_empty"),)

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs (generation/paragraphs.py says how the body holds them)."""
        return body_text.split(self.body)


class Question(Model):
    """A generated question, reviewed by a teacher: only approved ones go into quizzes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    source_sentence: Mapped[str] = mapped_column(Text)
    source_start: Mapped[int] = mapped_column(Integer)
    source_end: Mapped[int] = mapped_column(Integer)
    fact_type: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[str] = mapped_column(String(10), default="generated")
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    # The generator's ranking: 1 is served first by "the best N"; 0 for questions it did not rank.
    rank: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A note for each wrong choice, shown to the student who picked it.
    choice_notes: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    level: Mapped[str] = mapped_column(String(16), default="recall", server_default="recall")
    # Kept for review, but "the best N" takes it only after ten others (the generator's reason:
    # a speaker's second "Who said …?" in a short bank, the second question on one pair …).
    waits: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Item analysis (domain/item_analysis.py): when the teacher last reviewed the key of a
    # question flagged for it (NULL: never), and when each choice added since the question
    # was made came in (an edit, a distractor replaced), as ISO times by choice. A flag weighs
    # only the answers given since: a new choice was never offered to the students before.
    key_reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    choices_added_at: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )

    article: Mapped[Article] = relationship(back_populates="questions")

    __table_args__ = (
        CheckConstraint(_one_of("kind", QUESTION_KINDS), name="question_kind"),
        CheckConstraint(_one_of("status", QUESTION_STATUSES), name="question_status"),
        CheckConstraint("difficulty BETWEEN 1 AND 3", name="question_difficulty"),
        CheckConstraint("rank >= 0", name="question_rank_not_negative"),
        CheckConstraint(_one_of("level", QUESTION_LEVELS), name="question_level"),
        CheckConstraint(
            "source_start >= 0 AND source_end > source_start", name="question_source_offsets"
        ),
    )


class Quiz(Model):
    """Chosen questions of one article, in order, and how students get feedback on them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("teacher.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    feedback_mode: Mapped[str] = mapped_column(String(10), default="immediate")
    shuffle: Mapped[bool] = mapped_column(Boolean, default=True)
    practice: Mapped[bool] = mapped_column(Boolean, default=False)
    # The percentage a student needs to pass; None when the quiz has no pass mark.
    pass_mark: Mapped[int | None] = mapped_column(Integer)
    # A class that joins goes to the article first, and to question 1 when the student says
    # they have read it.
    read_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when the teacher archived it: it leaves their lists; its sessions' results stay.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)

    article: Mapped[Article] = relationship(back_populates="quizzes")
    items: Mapped[list[QuizQuestion]] = relationship(
        back_populates="quiz", order_by="QuizQuestion.position", cascade="all, delete-orphan"
    )
    class_sessions: Mapped[list[ClassSession]] = relationship(
        back_populates="quiz", order_by="ClassSession.id.desc()", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(_one_of("feedback_mode", FEEDBACK_MODES), name="quiz_feedback_mode"),
        CheckConstraint("pass_mark BETWEEN 0 AND 100", name="quiz_pass_mark_percentage"),
    )

    @property
    def questions(self) -> list[Question]:
        """The questions in the quiz's own order."""
        return [item.question for item in self.items]


class QuizQuestion(Model):
    """One question's place in a quiz."""

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)

    quiz: Mapped[Quiz] = relationship(back_populates="items")
    # Joined: a quiz's questions are read together (dashboard, exports), never one by one.
    question: Mapped[Question] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("quiz_id", "question_id", name="quiz_question_once"),
        UniqueConstraint("quiz_id", "position", name="quiz_question_position"),
        CheckConstraint("position >= 0", name="quiz_question_position_not_negative"),
    )


class ClassSession(Model):
    """A quiz run live in a class: students join with its code until the teacher closes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(
        ForeignKey("teacher.id", ondelete="CASCADE"), index=True
    )
    # Unique over every session ever opened, so an old code never lets anyone into a new class.
    code: Mapped[str] = mapped_column(String(JOIN_CODE_LENGTH), unique=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when the teacher archived it (closing it too): it leaves their lists; results stay.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Teacher-paced ("live") sessions: the question the class is on (0 before the first), and
    # whether its answer is shown; an optional time per question, counted from its start; and
    # whether the projector shows the nicknames by score after each answer.
    pace: Mapped[str] = mapped_column(String(10), default="self", server_default="self")
    current_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    revealed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    question_seconds: Mapped[int | None] = mapped_column(Integer)
    question_started_at: Mapped[datetime | None] = mapped_column(DateTime)
    leaderboard: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    quiz: Mapped[Quiz] = relationship(back_populates="class_sessions")
    attempts: Mapped[list[Attempt]] = relationship(
        back_populates="class_session", order_by="Attempt.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(f"length(code) = {JOIN_CODE_LENGTH}", name="class_session_code_length"),
        CheckConstraint(_one_of("pace", PACES), name="class_session_pace"),
        CheckConstraint("current_number >= 0", name="class_session_current_number"),
        CheckConstraint(
            "question_seconds BETWEEN {} AND {}".format(*QUESTION_SECONDS),
            name="class_session_question_seconds",
        ),
    )

    @property
    def is_open(self) -> bool:
        """Whether students may still join and answer."""
        return self.closed_at is None

    @property
    def teacher_paced(self) -> bool:
        """Whether the teacher leads the class question by question."""
        return self.pace == "teacher"


class Attempt(Model):
    """One student's go at a quiz, reached only through its random token."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    # Set for an attempt made by joining a class; its display_name is then the nickname.
    class_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("class_session.id", ondelete="CASCADE")
    )
    display_name: Mapped[str] = mapped_column(String(40), default="")
    # Question ids in the order this student sees them, fixed when the attempt starts.
    question_order: Mapped[list[int]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    score: Mapped[int] = mapped_column(Integer, default=0)
    max_score: Mapped[int] = mapped_column(Integer)
    # A one-time key the teacher gives the student to go on on another device; None when
    # none is offered (class_sessions.offer_rejoin, attempts.rejoin).
    rejoin_key: Mapped[str | None] = mapped_column(String(64))
    # The nickname as the unique index compares it (``folded``), set with display_name: "Ö",
    # "ö" and a full-width "Ｏ" are one name on SQLite and PostgreSQL alike.
    nickname_key: Mapped[str] = mapped_column(String(160), default="", server_default="")

    quiz: Mapped[Quiz] = relationship()
    class_session: Mapped[ClassSession | None] = relationship(back_populates="attempts")
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("length(token) >= 16", name="attempt_token_long_enough"),
        CheckConstraint("score >= 0 AND score <= max_score", name="attempt_score_in_range"),
        Index("attempt_rejoin_key_once", "rejoin_key", unique=True),
    )

    @property
    def finished(self) -> bool:
        """Whether every question has been answered."""
        return self.finished_at is not None

    @validates("display_name")
    def _fold_nickname(self, _name: str, value: str) -> str:
        self.nickname_key = folded(value)
        return value


def folded(name: str) -> str:
    """A nickname as the unique index compares it: NFKC (full-width letters are letters),
    then case-folded (Unicode's, not SQLite's ASCII-only lower())."""
    return unicodedata.normalize("NFKC", name).casefold()


# A nickname is taken once per class session, whatever its case or width (the folded key);
# NULL sessions (practice attempts) never collide.
Index("attempt_nickname_once", Attempt.class_session_id, Attempt.nickname_key, unique=True)


class Response(Model):
    """A student's answer, with what they were shown, frozen so later edits never rewrite it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    chosen: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    right_answer: Mapped[str] = mapped_column(Text)
    explanation_shown: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    question: Mapped[Question] = relationship()

    # A double submit, even two racing requests, can never count twice.
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="response_once"),)
