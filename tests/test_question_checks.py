"""Honest approval: the bank shows which checks each question fails, in plain words, and
"approve all that pass the checks" leaves a question that fails one for the teacher."""

from __future__ import annotations

import html
from typing import Any

from conftest import DATA
from flask import Flask
from helpers import TeacherBrowser, visible_text
from sqlalchemy import select

from quizapp.domain.question_checks import CHECK_WORDS, failed_checks
from quizapp.extensions import db
from quizapp.generation.report import CHECKS
from quizapp.models import Article, Question


def spoil_one_question(app: Flask, article_id: int) -> int:
    """Give one "Who said" question of the article a speaker from nowhere."""
    with app.app_context():
        question = db.session.scalars(
            select(Question).where(
                Question.article_id == article_id,
                Question.kind == "quote",
                Question.answer.not_in(["True", "False"]),
            )
        ).first()
        assert question is not None
        choices = list(question.choices)
        choices[next(i for i, c in enumerate(choices) if c != question.answer)] = "David Chen"
        question.choices = choices
        db.session.commit()
        return question.id


def test_approve_all_leaves_a_question_that_fails_a_check(
    app: Flask, ada: TeacherBrowser, fast_generate: Any
) -> None:
    # The classroom's story under a title of its own: a new article, its questions unreviewed.
    article_id = ada.add_article((DATA / "council_story.txt").read_text(), "Harbour, again")
    spoiled = spoil_one_question(app, article_id)
    sent = ada.post(f"/teach/articles/{article_id}/approve-all", follow_redirects=True)
    with app.app_context():
        article = db.session.get_one(Article, article_id)
        statuses = {q.id: q.status for q in article.questions}
        failed = failed_checks(article)
    assert statuses[spoiled] == "generated"
    assert {status for id_, status in statuses.items() if id_ != spoiled} == {"approved"}
    assert [f.check for f in failed[spoiled]] == ["invented_person", "outside_name"]
    shown = html.unescape(visible_text(sent.text))
    assert f"{len(statuses) - 1} questions approved." in shown
    assert "Fails 2 checks: A choice names a person the article never mentions" in shown
    assert "David Chen" in shown
    assert shown.count("Passes every check") == len(statuses) - 1


def test_the_bank_says_what_the_checks_are(
    app: Flask, ada: TeacherBrowser, fast_generate: Any
) -> None:
    article_id = ada.add_article((DATA / "science_story.txt").read_text())
    page = html.unescape(visible_text(ada.client.get(f"/teach/articles/{article_id}").text))
    assert "What the checks are" in page
    for words in CHECK_WORDS.values():
        assert words in page


def test_every_check_of_the_quality_report_has_words_for_teachers() -> None:
    assert set(CHECKS) | {"rules"} == set(CHECK_WORDS)


def test_questions_just_generated_are_checked_one_by_one(app: Flask, quiz_id: int) -> None:
    """The sample import approves before anything is committed: a question that fails a check
    keeps only itself out of the practice quiz, not the others."""
    with app.app_context():
        sample = db.session.scalars(select(Article).where(Article.owner_id.is_(None))).one()
        failed = failed_checks(sample)
        statuses = {q.id: q.status for q in sample.questions}
    assert statuses and all(
        status == ("generated" if failed[id_] else "approved") for id_, status in statuses.items()
    )
    assert list(statuses.values()).count("approved") >= 10


def test_the_bank_says_each_questions_kind_in_plain_words(
    app: Flask, ada: TeacherBrowser, fast_generate: Any
) -> None:
    from quizapp.domain.question_bank import ASKS_WORDS, KIND_WORDS

    article_id = ada.add_article((DATA / "council_story.txt").read_text(), "Harbour, again")
    page = html.unescape(visible_text(ada.client.get(f"/teach/articles/{article_id}").text))
    with app.app_context():
        article = db.session.get_one(Article, article_id)
        for question in article.questions:
            assert f"{KIND_WORDS[question.kind]} · {ASKS_WORDS[question.fact_type]}" in page
    for jargon in (" mcq ", " cloze ", "true false", "· other"):
        assert jargon not in page
