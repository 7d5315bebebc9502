"""The checks a bank's questions pass or fail, in words a teacher reads: "approve all that pass
the checks" approves only the questions that fail none, and the bank shows each failure.

The checks are the generator's own rules (generation.quality.rule_violations) and the
quality report's audit (generation.report), the same ones `make quality` counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion, rule_violations
from quizapp.generation.nlp import load_pipeline
from quizapp.generation.report import audit
from quizapp.models import Article, Question

# What each check means, for a teacher deciding whether to keep the question.
CHECK_WORDS = {
    "rules": "It breaks one of the generator's rules",
    "invented_person": "A choice names a person the article never mentions",
    "outside_name": "A choice is a name that is not in the article",
    "alias_or_overlap": "Two choices name the same thing, or one contains the other",
    "duplicate_fact": "Another question asks the same fact",
    "stem_reparse": "The question does not read as one clean sentence",
    "giveaway": "The question gives its answer away",
    "opinion_as_fact": "It asks an opinion or a guess as if it were a fact",
    "copied_sentence": "The statement copies its sentence word for word",
    "too_few_choices": "It has too few choices",
    "quote_without_quotation": "A “Who said” question without the words said",
    "long_prompt": "The question is over 40 words long: a reading test",
}
# The fields of a stored question that the generator's checks read.
CHECKED_FIELDS = (
    "kind prompt choices answer explanation source_sentence source_start source_end "
    "fact_type difficulty rank choice_notes level"
).split()


@dataclass(frozen=True)
class FailedCheck:
    """One check a question fails: its name, what it means, and what it found."""

    check: str
    words: str
    found: str


def failed_checks(article: Article) -> dict[int, list[FailedCheck]]:
    """Each question of the article (by id) and the checks it fails; an empty list when it
    passes them all. Duplicates are looked for across the whole bank."""
    questions = list(article.questions)
    if any(question.id is None for question in questions):
        db.session.flush()  # questions just generated: their ids key the answer
    failed: dict[int, list[FailedCheck]] = {question.id: [] for question in questions}
    for question in questions:
        for problem in rule_violations(question, article.body):
            failed[question.id].append(FailedCheck("rules", CHECK_WORDS["rules"], problem))
    if questions:
        nlp = load_pipeline(current_app.config["QUIZAPP_SPACY_MODEL"])
        generated = [_as_generated(question) for question in questions]
        for finding in audit(article.body, generated, nlp):
            words = CHECK_WORDS[finding.check]
            failed[questions[finding.question].id].append(
                FailedCheck(finding.check, words, finding.why)
            )
    return failed


def failed_alone(question: Question | GeneratedQuestion, body: str) -> list[FailedCheck]:
    """The checks one question fails by itself: the generator's rules and the audit's checks.
    ``duplicate_fact`` compares questions with each other and cannot fire here; a changed
    choice (item_analysis.replace_distractor) never makes a duplicate of another question."""
    generated = question if isinstance(question, GeneratedQuestion) else _as_generated(question)
    failed = [
        FailedCheck("rules", CHECK_WORDS["rules"], p) for p in rule_violations(generated, body)
    ]
    nlp = load_pipeline(current_app.config["QUIZAPP_SPACY_MODEL"])
    for finding in audit(body, [generated], nlp):
        failed.append(FailedCheck(finding.check, CHECK_WORDS[finding.check], finding.why))
    return failed


def _as_generated(question: Question) -> GeneratedQuestion:
    return GeneratedQuestion(**{field: getattr(question, field) for field in CHECKED_FIELDS})
