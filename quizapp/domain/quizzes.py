"""A teacher's quiz: approved questions of one article, picked by hand or the best N.

The best N follow the generator's rank (1 first), with the kinds mixed, no answer asked over
and over, every quoted speaker heard once before anyone twice, and the article's lead and each
speaker covered; the quiz itself then reads in the article's order.
"""

from __future__ import annotations

import dataclasses
import math
import random
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from quizapp.domain import item_analysis
from quizapp.domain.errors import NotFound
from quizapp.domain.transaction import transaction
from quizapp.extensions import db
from quizapp.generation.kinds import TRUE_FALSE
from quizapp.generation.paragraphs import lead_end
from quizapp.generation.quality import (
    SERVED_FIRST,
    mirrors,
    quotations_offered,
    role_of_a_source,
)
from quizapp.models import Article, Attempt, Question, Quiz, QuizQuestion, Response

# No kind takes more than this share of the best N while another kind can still be asked.
KIND_SHARE = 0.4
# At least this share of the best N asks more than recall, where the bank has such questions.
ABOVE_RECALL_SHARE = 0.2
# How many picked questions may share one answer (True and False aside).
SAME_ANSWER = 2
# A view offering this many quotations that "Who said …?" questions ask is not served: with
# them it is a matching exercise, each answer given away by the others.
MATCHING = 2
# How many questions a practice quiz of a sample article asks.
PRACTICE_SIZE = 10
LEAD = ("lead",)
# "Which statement is closest to what Grigory Yavlinsky said?": the speaker a view hears.
VIEW_OF = re.compile(r"Which statement is closest to what (.+) said\?")
Coverage = tuple[str, ...]


@dataclass(frozen=True)
class QuizSettings:
    """What the quiz form decides besides the questions."""

    title: str
    feedback_mode: str
    shuffle: bool
    pass_mark: int | None
    # A class goes to the article before question 1 (a practice quiz's start page offers it).
    read_first: bool = False

    def apply_to(self, quiz: Quiz) -> None:
        """Give the quiz these settings; the caller commits."""
        quiz.title, quiz.feedback_mode = self.title, self.feedback_mode
        quiz.shuffle, quiz.pass_mark, quiz.read_first = (
            self.shuffle,
            self.pass_mark,
            self.read_first,
        )


def approved_questions(article: Article) -> list[Question]:
    """The questions that may go into a quiz, in the bank's order (the article's)."""
    return [question for question in article.questions if question.status == "approved"]


def chosen_questions(
    article: Article, *, best: int | None, ticked: Collection[int]
) -> list[Question]:
    """A new quiz's questions: the ``best`` N approved ones, or else the ticked ones."""
    return best_questions(article, best) if best is not None else picked_questions(article, ticked)


def picked_questions(article: Article, ids: Collection[int]) -> list[Question]:
    """The approved questions of the article with these ids (a teacher's ticks), in order."""
    ticked = set(ids)
    return [question for question in approved_questions(article) if question.id in ticked]


def best_questions(article: Article, size: int) -> list[Question]:
    """The best ``size`` approved questions of the article, as ``pick_best`` chooses them.

    A question whose class answers flag its key (item_analysis: stronger students miss it
    more than weaker ones) stays out until the teacher reviews it; picked by hand, it may go in.
    """
    approved = approved_questions(article)
    held = item_analysis.key_flagged(approved)
    offered = [question for question in approved if question.id not in held]
    return pick_best(offered, size, lead_end=lead_end(article.body))


# What "the best N" means, in the teacher's words: the rules of pick_best below.
BEST_MEANS = (
    "Only approved questions, the generator's best-ranked first (the rank shown in the bank).",
    "A question whose class answers say to check its key (item analysis) stays out until you "
    "mark the key right or edit the question.",
    "The opening of the article and every quoted speaker get a question where the bank has one.",
    f"No kind of question takes more than {KIND_SHARE:.0%} of the quiz while others are left "
    "(the questions that ask more than recall count as one kind), "
    f"and no answer is the right one more than {SAME_ANSWER} times.",
    "Two close figures (February 7 and February 11) are not asked both ways round, each the "
    "answer of one question and a wrong choice of the other.",
    "A speaker's view whose wrong choices are the words of two or more “Who said” questions is "
    "left out: with them it would be a matching exercise, each answer giving away another.",
    "The job title of someone whose words a question asks is left out: their words are the "
    "story, their title trivia.",
    f"A question the bank marks “waits” comes only after {SERVED_FIRST} others: it is kept for "
    "you to review, but asks again what another question asks, or asks it less well.",
    f"One question in {round(1 / ABOVE_RECALL_SHARE)} asks more than recall (the main idea, "
    "a speaker's view, a cause, an order of events, a worked figure) where the bank has one.",
)


def servable(questions: Sequence[Question]) -> int:
    """How many of ``questions`` "the best N" can serve: every one that does not wait, and
    those that wait once ten others are there (``pick_best``)."""
    others = sum(not question.waits for question in questions)
    return len(questions) if others >= SERVED_FIRST else others


def waiting_left_out(approved: Sequence[Question], chosen: Sequence[Question]) -> int:
    """How many approved questions that wait are not among ``chosen``."""
    taken = {question.id for question in chosen}
    return sum(question.waits and question.id not in taken for question in approved)


def rank_order(question: Question) -> tuple[bool, int, int, int]:
    """Sort key: the generator's rank, 1 first; unranked (0) after every ranked question, in
    the article's order (where it starts, then id)."""
    rank = question.rank or 0
    return (rank == 0, rank, question.source_start, question.id or 0)


def pick_best(questions: Sequence[Question], size: int, *, lead_end: int) -> list[Question]:
    """Up to ``size`` of ``questions``, the best by the generator's rank; returned in rank order,
    any that wait after the rest.

    Left out first: a view whose wrong choices are the words that ``MATCHING`` or more of the
    "Who said …?" among ``questions`` ask (``quality.quotations_offered``), and the role of
    someone whose words a question among them asks (``quality.role_of_a_source``: the
    generator puts it after its first ten, but a short bank would serve it).
    The questions are walked in rank order (``rank_order``), and each is taken unless
      (a) its kind already has ceil(size * 0.4) questions while another kind with room still
          has questions not taken (the questions above recall count as one kind of their
          own, ``_share_kind``),
      (b) its answer (True and False aside) is already the answer of two taken questions, or
      (c) it is a quote question whose speaker already has one while a speaker not yet heard
          still has a quote question not taken, or
      (d) it asks a pair of close figures a taken question asks the other way round
          (``quality.mirrors``: February 7 and 11, each offered in the other question).
    After each question taken the walk starts again from the best rank, so a question held
    back comes in as soon as its rule no longer holds, before any worse-ranked one. If no
    question can be taken before ``size``, the ones held back fill up, in rank order.

    Then coverage, where the questions allow it and never beyond ``size``: a question from the
    lead (``source_start`` before ``lead_end``) first, then one quote question for each quoted
    speaker, the speaker with the best-ranked quote first. A missing one comes in as its best
    ranked question, in place of a taken question that covers nothing alone (from the kind with
    the most taken, the worst ranked first), or else of one that alone covers a later need.
    Coverage comes before the kind share: a story of many speakers gets many quote questions,
    but never in place of a question above recall that the mix of levels below needs.
    Last, the levels: one in five questions (rounded down, at least one) asks more than
    recall where the bank has such questions (the main idea, a view, a cause, an order, a
    worked figure), each in place of a recall question that covers nothing alone, from the
    kind with the most taken.

    A question that waits (``Question.waits``: the generator's reason, such as a speaker's
    second "Who said …?" in a short bank) takes no part in any of that: it comes after every
    question that does not wait, in rank order, and only once ten others are picked.
    """
    if size <= 0:
        return []
    # A view or a title is judged beside the questions it would be served with: one that
    # waits comes after ten others, if at all.
    waiting = sorted(
        (q for q in questions if q.waits and _served_beside(q, questions)), key=rank_order
    )
    served = [q for q in questions if not q.waits]
    questions = [q for q in served if _served_beside(q, served)]
    cap = math.ceil(size * KIND_SHARE)
    pending = sorted(questions, key=rank_order)
    picked: list[Question] = []
    while len(picked) < size:
        taken = next((q for q in pending if not _held_back(q, picked, pending, cap)), None)
        if taken is None:
            break
        picked.append(taken)
        pending.remove(taken)
    picked += pending[: size - len(picked)]
    order = sorted(questions, key=rank_order)
    _cover(picked, order, lead_end)
    _mix_levels(picked, order, size, lead_end)
    picked.sort(key=rank_order)
    if len(picked) >= SERVED_FIRST:
        picked += waiting[: size - len(picked)]
    return picked


def _served_beside(question: Question, others: Sequence[Question]) -> bool:
    """Whether ``question`` may be served beside ``others``: not a view whose wrong choices
    ``MATCHING`` of their "Who said …?" ask, nor the title of someone whose words they ask."""
    return quotations_offered(question, others) < MATCHING and not role_of_a_source(
        question, others
    )


def _held_back(
    question: Question, picked: list[Question], pending: list[Question], cap: int
) -> bool:
    """Whether rule (a), (b), (c) or (d) of ``pick_best`` keeps ``question`` out for now."""
    kinds = Counter(map(_share_kind, picked))
    kind = _share_kind(question)
    if kinds[kind] >= cap and any(
        _share_kind(q) != kind and kinds[_share_kind(q)] < cap for q in pending
    ):
        return True
    if any(mirrors(question, q) for q in picked):
        return True  # "____ on February 7" beside "on February 7 … for a second time"
    key = _answer_key(question)
    if (
        question.answer not in TRUE_FALSE
        and sum(_answer_key(q) == key for q in picked) >= SAME_ANSWER
    ):
        return True
    if question.kind != "quote":
        return False
    heard = {_answer_key(q) for q in picked if q.kind == "quote"}
    return key in heard and any(q.kind == "quote" and _answer_key(q) not in heard for q in pending)


def _share_kind(question: Question) -> str:
    """The kind a question counts as in the kind share: its own for recall, and one of their
    own for the questions above recall. The main idea, a view and an order of events are all
    multiple choice, but they ask something else than "Who is running for president?"; counted
    as multiple choice they crowded recall out and pulled in the generator's trivia (the seed's
    "Russian-made ____ tank", ranked 12th) to fill the other kinds' share."""
    return "above recall" if _above_recall(question) else question.kind


def _answer_key(question: Question) -> str:
    return " ".join(question.answer.casefold().split())


def _covers(question: Question, lead_end: int) -> set[Coverage]:
    """What a question covers: the lead, if it starts there; its speaker, if it is a quote or
    a view ("… closest to what X said?")."""
    covered: set[Coverage] = set()
    if question.source_start < lead_end:
        covered.add(LEAD)
    if question.kind == "quote":
        covered.add(("speaker", _answer_key(question)))
    view = VIEW_OF.fullmatch(question.prompt or "")
    if question.fact_type == "argument" and view is not None:
        covered.add(("speaker", " ".join(view[1].casefold().split())))  # X's view hears X
    return covered


def _cover(picked: list[Question], order: list[Question], lead_end: int) -> None:
    """Bring in the lead and each quoted speaker, in that order of priority, in place of
    questions that cover nothing alone (or only what comes later); ``picked`` keeps its size."""
    needs: list[Coverage] = []
    for question in order:
        needs += [need for need in sorted(_covers(question, lead_end)) if need not in needs]
    needs.sort(key=lambda need: need != LEAD)  # the lead, then speakers by their best quote
    priority = {need: index for index, need in enumerate(needs)}
    for index, need in enumerate(needs):
        if any(need in _covers(q, lead_end) for q in picked):
            continue
        candidate = next(q for q in order if need in _covers(q, lead_end) and q not in picked)
        holders = Counter(key for q in picked for key in _covers(q, lead_end))
        # What a question alone covers, and so would go with it.
        alone = {id(q): {k for k in _covers(q, lead_end) if holders[k] == 1} for q in picked}
        # The questions above recall that the mix of levels needs are not given up either.
        levels_kept = sum(map(_above_recall, picked)) <= _levels_wanted(len(picked))
        free = [
            q
            for q in picked
            if all(priority[k] > index for k in alone[id(q)])
            and not (levels_kept and _above_recall(q))
        ]
        if not free:
            continue
        # From the kind shown most (the main idea is multiple choice to the student), so the
        # one blank of a quiz does not leave it for a speaker.
        kinds = Counter(q.kind for q in picked)
        drop = max(free, key=lambda q: (not alone[id(q)], kinds[q.kind], rank_order(q)))
        picked.remove(drop)
        picked.append(candidate)


def _mix_levels(picked: list[Question], order: list[Question], size: int, lead_end: int) -> None:
    """One in five questions above recall (two in a quiz of ten, one in any) where the bank has
    them: each comes in, best ranked first, in place of a recall question that covers nothing
    alone (the worst ranked of the kind with the most taken); ``picked`` keeps its size."""
    wanted = _levels_wanted(size)
    for candidate in [q for q in order if _above_recall(q) and q not in picked]:
        if sum(_above_recall(q) for q in picked) >= wanted:
            return
        holders = Counter(key for q in picked for key in _covers(q, lead_end))
        free = [
            q
            for q in picked
            if not _above_recall(q) and all(holders[k] > 1 for k in _covers(q, lead_end))
        ]
        if not free:
            return
        # From the kind with the most taken, so no kind leaves the quiz for it.
        kinds = Counter(q.kind for q in picked)
        picked.remove(max(free, key=lambda q: (kinds[q.kind], rank_order(q))))
        picked.append(candidate)


def _levels_wanted(size: int) -> int:
    """One in five, rounded down, and one in any quiz: two of ten, one of eight."""
    return max(1, math.floor(size * ABOVE_RECALL_SHARE)) if size else 0


def _above_recall(question: Question) -> bool:
    return (question.level or "recall") != "recall"


def build_quiz(
    article: Article,
    owner_id: int | None,
    questions: Sequence[Question],
    settings: QuizSettings,
    practice: bool = False,
) -> Quiz:
    """A new quiz of the owner's (nobody's for a practice quiz); the caller commits.

    The questions keep the article's order, so an unshuffled quiz reads like the story.
    """
    ordered = sorted(questions, key=lambda question: (question.source_start, question.id))
    quiz = Quiz(owner_id=owner_id, practice=practice)
    settings.apply_to(quiz)
    quiz.items = [QuizQuestion(question=q, position=i) for i, q in enumerate(ordered)]
    article.quizzes.append(quiz)
    return quiz


def create_quiz(
    article: Article, owner_id: int, questions: Sequence[Question], settings: QuizSettings
) -> Quiz:
    """A teacher's new quiz, committed."""
    with transaction():
        return build_quiz(article, owner_id, questions, settings)


def practice_quiz_for(article: Article, size: int = PRACTICE_SIZE) -> Quiz | None:
    """A practice quiz of a sample article's best approved questions, built as a teacher's
    quiz is but owned by nobody (the caller commits); None if no question is approved."""
    chosen = best_questions(article, size)
    if not chosen:
        return None
    settings = QuizSettings(article.title, "immediate", shuffle=True, pass_mark=None)
    return build_quiz(article, None, chosen, settings, practice=True)


@dataclass(frozen=True)
class PracticeCard:
    """A practice quiz as the home page lists it."""

    id: int
    title: str
    feedback_mode: str
    questions: int
    article_slug: str


def practice_quizzes() -> list[PracticeCard]:
    """The quizzes anyone may take from the home page, oldest first, in one query (the page
    read each quiz's questions and article one by one before)."""
    questions = (
        select(func.count())
        .where(QuizQuestion.quiz_id == Quiz.id)
        .correlate(Quiz)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Quiz.id, Quiz.title, Quiz.feedback_mode, questions, Article.slug)
        .join(Article, Quiz.article_id == Article.id)
        .where(Quiz.practice)
        .order_by(Quiz.id)
    )
    return [PracticeCard(*row) for row in rows]


def practice_quizzes_of(article: Article) -> list[Quiz]:
    """The practice quizzes of an article (a sample has one; a teacher's article none)."""
    return [quiz for quiz in article.quizzes if quiz.practice]


def practice_quiz(quiz_id: int) -> Quiz:
    """A practice quiz, which anyone may start; NotFound for a teacher's quiz."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not quiz.practice:
        raise NotFound()
    return quiz


def own_quiz(quiz_id: int, teacher_id: int) -> Quiz:
    """The teacher's own quiz; NotFound for anyone else's."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.owner_id != teacher_id:
        raise NotFound()
    return quiz


# ---------------------------------------------------------------------------------------------
# Editing a quiz: while nobody has answered it; after that, a copy


class QuizLocked(Exception):
    """Students have answered the quiz: its questions and settings stay as they saw them."""


def students_answered(quiz: Quiz) -> int:
    """How many students (attempts, in any of its sessions) answered at least one question."""
    query = (
        select(func.count(func.distinct(Response.attempt_id)))
        .join(Attempt, Response.attempt_id == Attempt.id)
        .where(Attempt.quiz_id == quiz.id)
    )
    return int(db.session.scalar(query) or 0)


def locked_words(answered: int) -> str:
    """Why a quiz cannot be edited any more, in a teacher's words."""
    who = "1 student has" if answered == 1 else f"{answered} students have"
    return (
        f"{who} answered this quiz, so its questions and settings stay as they saw them and "
        "their results keep their meaning. Edit a copy instead: it starts with no session."
    )


def settings_of(quiz: Quiz) -> QuizSettings:
    """The quiz's settings as its form shows them."""
    return QuizSettings(
        quiz.title, quiz.feedback_mode, quiz.shuffle, quiz.pass_mark, quiz.read_first
    )


def offered_questions(quiz: Quiz) -> list[Question]:
    """What an edit may put in the quiz: the article's approved questions, and those the
    quiz has already (even if rejected since), in the bank's order."""
    current = {item.question_id for item in quiz.items}
    return [
        question
        for question in quiz.article.questions
        if question.status == "approved" or question.id in current
    ]


def edit_quiz(quiz: Quiz, settings: QuizSettings, question_ids: Collection[int]) -> None:
    """Give the quiz new settings and questions, committed; QuizLocked once anyone answered.

    The questions are those of ``offered_questions`` with these ids, in the article's order.
    A student who joined but has not answered yet gets the new questions, in a new order.
    """
    with transaction():
        if students_answered(quiz):
            raise QuizLocked(locked_words(students_answered(quiz)))
        chosen = [q for q in offered_questions(quiz) if q.id in set(question_ids)]
        if not chosen:
            raise ValueError("A quiz needs at least one question.")
        settings.apply_to(quiz)
        quiz.items.clear()
        db.session.flush()  # the old places go before the new take their numbers
        ordered = sorted(chosen, key=lambda question: (question.source_start, question.id))
        quiz.items = [QuizQuestion(question=q, position=i) for i, q in enumerate(ordered)]
        for attempt in db.session.scalars(select(Attempt).where(Attempt.quiz_id == quiz.id)):
            order = [q.id for q in ordered]
            if quiz.shuffle:
                random.Random(attempt.token).shuffle(order)  # as start_attempt orders it
            attempt.question_order, attempt.max_score = order, len(order)


def copy_quiz(quiz: Quiz, owner_id: int) -> Quiz:
    """A new quiz with the same questions and settings, titled as a copy, committed."""
    settings = dataclasses.replace(settings_of(quiz), title=f"{quiz.title} (copy)"[:200])
    with transaction():
        return build_quiz(quiz.article, owner_id, quiz.questions, settings)
