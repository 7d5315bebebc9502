"""Practice quizzes: on first start every seed article is imported and gets one.

seeds/*.txt ─► read_article_file ─► generate ─► store_article ─► approve ─► practice quiz
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from quizapp.articles import Article, find_stored_article, read_article_file, store_article
from quizapp.classroom.quizzes import QuizSettings, best_questions, build_quiz
from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion, rule_violations
from quizapp.models import Article as StoredArticle
from quizapp.models import Quiz

PRACTICE_SIZE = 10

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
    """A practice quiz of the article's best approved questions, built as a teacher's quiz
    is but owned by nobody; None if no question is approved."""
    chosen = best_questions(article, size)
    if not chosen:
        return None
    settings = QuizSettings(article.title, "immediate", shuffle=True, pass_mark=None)
    return build_quiz(article, None, chosen, settings, practice=True)


def practice_quizzes() -> list[Quiz]:
    """The quizzes anyone may take from the home page, oldest first."""
    return list(db.session.scalars(select(Quiz).where(Quiz.practice).order_by(Quiz.id)))
