"""The sample articles (seeds/): imported on first start, each with its good questions
approved and a practice quiz that anyone may take from the home page.

    seeds/*.txt ─► read_article_file ─► generate ─► store_article ─► approve ─► practice quiz
"""

from __future__ import annotations

from pathlib import Path

from quizapp.domain import question_bank
from quizapp.domain.article_text import read_article_file
from quizapp.domain.articles import find_stored_article, store_article
from quizapp.domain.question_bank import Generate
from quizapp.domain.quizzes import practice_quiz_for
from quizapp.domain.transaction import transaction


def import_samples(samples_dir: Path, generate: Generate | None = None) -> list[str]:
    """Import each sample article once, approve its good questions, give it a practice quiz;
    one transaction for all of them. Returns one line per sample saying what was done.

    What is already stored is left as it is (a teacher may have edited it since), so running
    this again duplicates nothing and loses nothing.
    """
    report = []
    with transaction():
        for path in sorted(Path(samples_dir).glob("*.txt")):
            article = read_article_file(path)
            stored = find_stored_article(article)
            done = "already imported"
            if stored is None:
                questions = (generate or question_bank.generate_for)(article)
                stored = store_article(article, questions, source=f"seeds/{path.name}")
                question_bank.approve_valid(stored)
                done = f"imported with {len(stored.questions)} questions"
            if not any(quiz.practice for quiz in stored.quizzes):
                quiz = practice_quiz_for(stored)
                made = f"practice quiz of {len(quiz.items)}" if quiz else "no approved questions"
                done += f", {made}"
            report.append(f"{path.name}: {done}")
    return report
