"""A teacher's quiz: approved questions of one article, picked or the best N of each kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.models import Article, Question, Quiz, QuizQuestion

# The order in which kinds take turns, so a short quiz still mixes all four.
KIND_TURNS = ("quote", "mcq", "cloze", "true_false")


@dataclass(frozen=True)
class QuizSettings:
    """What the quiz form decides besides the questions."""

    title: str
    feedback_mode: str
    shuffle: bool
    pass_mark: int | None


def approved_questions(article: Article) -> list[Question]:
    """The questions that may go into a quiz, in the generator's ranking."""
    return [question for question in article.questions if question.status == "approved"]


def best_questions(article: Article, size: int) -> list[Question]:
    """Up to ``size`` approved questions, the four kinds taking turns, best first in each."""
    return pick_mixed(approved_questions(article), size)


def pick_mixed(questions: Sequence[Question], size: int) -> list[Question]:
    """Up to ``size`` questions, the kinds taking turns, each kind in the generator's ranking."""
    queues = {kind: [q for q in questions if q.kind == kind] for kind in KIND_TURNS}
    picked: list[Question] = []
    while len(picked) < size and any(queues.values()):
        for kind in KIND_TURNS:
            if queues[kind] and len(picked) < size:
                picked.append(queues[kind].pop(0))
    return picked


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
    quiz = Quiz(
        owner_id=owner_id,
        title=settings.title,
        feedback_mode=settings.feedback_mode,
        shuffle=settings.shuffle,
        pass_mark=settings.pass_mark,
        practice=practice,
    )
    quiz.items = [QuizQuestion(question=q, position=i) for i, q in enumerate(ordered)]
    article.quizzes.append(quiz)
    return quiz
