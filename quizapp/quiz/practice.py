"""Practice quizzes: on first start every seed article is imported and gets one.

seeds/*.txt ─► read_article_file ─► generate ─► store_article ─► approve ─► practice quiz
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from quizapp.articles import Article, find_stored_article, read_article_file, store_article
from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion, rule_violations
from quizapp.models import Article as StoredArticle
from quizapp.models import Question, Quiz, QuizQuestion

PRACTICE_SIZE = 10
# The order in which kinds take turns, so a short quiz still mixes all four.
KIND_TURNS = ("quote", "mcq", "cloze", "true_false")

Generate = Callable[[Article], Sequence[GeneratedQuestion]]


def import_seeds(seeds_dir: Path, generate: Generate) -> list[str]:
    """Import each seed article once, approve its good questions, give it a practice quiz.

    What is already stored is left as it is (a teacher may have edited it since), so running
    this again duplicates nothing and loses nothing. The caller commits. Returns one line per
    seed saying what was done.
    """
    report = []
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        article = read_article_file(path)
        stored = find_stored_article(article)
        done = "already imported"
        if stored is None:
            stored = store_article(article, generate(article), source=f"seeds/{path.name}")
            approve_valid(stored)
            done = f"imported with {len(stored.questions)} questions"
        if not any(quiz.practice for quiz in stored.quizzes):
            quiz = build_practice_quiz(stored)
            done += f", practice quiz of {len(quiz.items)}" if quiz else ", no approved questions"
        report.append(f"{path.name}: {done}")
    return report


def approve_valid(article: StoredArticle) -> int:
    """Approve the unreviewed questions that pass the generator's rules; returns how many."""
    approved = 0
    for question in article.questions:
        if question.status == "generated" and not rule_violations(question, article.body):
            question.status = "approved"
            approved += 1
    return approved


def build_practice_quiz(article: StoredArticle, size: int = PRACTICE_SIZE) -> Quiz | None:
    """A practice quiz of the article's approved questions, all kinds mixed; None if none."""
    chosen = pick_mixed([q for q in article.questions if q.status == "approved"], size)
    if not chosen:
        return None
    # In the order of the article, so a quiz without shuffling reads like the story.
    chosen.sort(key=lambda question: question.source_start)
    quiz = Quiz(title=article.title, feedback_mode="immediate", shuffle=True, practice=True)
    quiz.items = [QuizQuestion(question=q, position=i) for i, q in enumerate(chosen)]
    article.quizzes.append(quiz)
    return quiz


def pick_mixed(questions: Sequence[Question], size: int) -> list[Question]:
    """Up to ``size`` questions, the kinds taking turns, each kind in the generator's ranking."""
    queues = {kind: [q for q in questions if q.kind == kind] for kind in KIND_TURNS}
    picked: list[Question] = []
    while len(picked) < size and any(queues.values()):
        for kind in KIND_TURNS:
            if queues[kind] and len(picked) < size:
                picked.append(queues[kind].pop(0))
    return picked


def practice_quizzes() -> list[Quiz]:
    """The quizzes anyone may take from the home page, oldest first."""
    return list(db.session.scalars(select(Quiz).where(Quiz.practice).order_by(Quiz.id)))
