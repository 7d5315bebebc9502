"""The question generator: a plain library (no Flask) from article text to checked questions.

    text ─► paragraphs ─► facts (spaCy: entities, roles, quotations and speakers)
         ─► candidates (quote, mcq, cloze, true_false; above recall: the main idea, what each
            speaker argued, the order of events, cause and effect, a figure worked out from
            two; distractors of the answer's type, from the article)
         ─► the rules of docs/generation.md as filters
         ─► ranking, one question per fact ─► re-parse of every stem ─► rank, notes, shuffle

The same text and seed always give the same questions in the same order.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace

from quizapp.generation import paragraphs as body
from quizapp.generation.calculation import calculation_questions
from quizapp.generation.causes import cause_questions
from quizapp.generation.centrality import by_centrality
from quizapp.generation.explain import choice_notes, unnamed_where_asked
from quizapp.generation.facts import extract_facts
from quizapp.generation.kinds import is_statement
from quizapp.generation.nlp import ModelNotInstalledError, load_pipeline
from quizapp.generation.quality import (
    Queue,
    fold,
    reparse_problem,
    reparse_text,
    requeue_waiting,
    rule_violations,
    select,
)
from quizapp.generation.questions import (
    Candidate,
    GeneratedQuestion,
    cloze_questions,
    entity_questions,
    quote_questions,
    relative_clause_questions,
    role_questions,
    true_false_questions,
)
from quizapp.generation.sequence import order_questions
from quizapp.generation.understanding import (
    argument_questions,
    claim_questions,
    main_idea_questions,
)

__all__ = [
    "GeneratedQuestion",
    "ModelNotInstalledError",
    "generate_questions",
    "load_pipeline",
    "rule_violations",
]


def generate_questions(
    text: str,
    *,
    title: str | None = None,
    seed: int = 0,
    max_questions: int | None = None,
    model: str | None = None,
) -> list[GeneratedQuestion]:
    """Questions about ``text``, a cleaned article body (paragraphs split by blank lines).

    Offsets in the questions point into ``text``. ``model`` names the spaCy pipeline;
    by default the QUIZAPP_SPACY_MODEL setting. ``title`` is never asked about (questions
    cite the body, and a headline's capitalised words are what the small model mistags
    most), but what it states is asked nowhere: a student has read it already.
    """
    paragraphs = body.spans(text)
    if not paragraphs or (max_questions is not None and max_questions <= 0):
        return []
    # A text whose first line is all it has gets that line as its title too: then the
    # headline says nothing the body does not, and rules nothing out.
    headline = title if title and fold(title) not in fold(text) else ""
    facts = extract_facts(text, paragraphs, model, title=headline)
    candidates: list[Candidate] = [
        *quote_questions(facts),
        *role_questions(facts),
        *relative_clause_questions(facts),
        *entity_questions(facts),
        *cloze_questions(facts),
        *true_false_questions(facts),
        *order_questions(facts),
        *calculation_questions(facts),
        *cause_questions(facts),
        *main_idea_questions(facts, title or ""),
        *argument_questions(facts),
        *claim_questions(facts),
    ]
    candidates = by_centrality(candidates, facts, title or "")
    queue = select(candidates, text, len(facts.sentences))
    clean = _reading_cleanly(queue.all, model)
    kept = {id(c) for c in clean}
    if any(id(c) not in kept for c in queue.first):
        # One of the first ten failed: which questions wait is decided again without it.
        queue = requeue_waiting(clean, text)
    else:
        queue = Queue(*([c for c in part if id(c) in kept] for part in queue))
    chosen = queue.all[:max_questions] if max_questions is not None else queue.all
    ranked = [
        replace(
            c.question,
            rank=rank,
            choice_notes=choice_notes(facts, c.question),
            waits=queue.waits(c),
        )
        for rank, c in enumerate(chosen, start=1)
    ]
    ranked = unnamed_where_asked(ranked)
    in_article_order = sorted(ranked, key=lambda q: (q.source_start, q.kind))
    return [_shuffle_choices(q, seed) for q in in_article_order]


# Stems built by moving or blanking words of a sentence; a quotation's "Who said …?", a
# statement cut from a parsed clause and the fixed stems of roles and of the questions above
# recall ("What is this article mainly about?") are templates the builders already checked.
REPARSED_KINDS = frozenset({"mcq", "cloze"})
TEMPLATE_TYPES = frozenset({"role"})


def _moved_or_blanked(question: GeneratedQuestion) -> bool:
    return (
        question.kind in REPARSED_KINDS
        and question.level == "recall"
        and question.fact_type not in TEMPLATE_TYPES
    )


def _reading_cleanly(chosen: list[Candidate], model: str | None) -> list[Candidate]:
    """The candidates whose stem, parsed again, reads as one clean question."""
    nlp = load_pipeline(model)
    # Only the tagger and the parser read a stem again: names need no second look.
    skip = [name for name in ("ner", "lemmatizer") if name in nlp.pipe_names]
    asked = [c for c in chosen if _moved_or_blanked(c.question)]
    stems = nlp.pipe((reparse_text(c.question.prompt) for c in asked), disable=skip)
    failed = {id(c) for c, stem in zip(asked, stems, strict=True) if reparse_problem(stem)}
    return [c for c in chosen if id(c) not in failed]


def _shuffle_choices(question: GeneratedQuestion, seed: int) -> GeneratedQuestion:
    """Put the answer anywhere among the choices, the same place for the same seed."""
    if is_statement(question.choices):
        return question  # a statement to judge keeps True before False
    digest = hashlib.sha256(f"{seed}:{question.prompt}".encode()).hexdigest()
    choices = list(question.choices)
    random.Random(digest).shuffle(choices)
    return replace(question, choices=choices)
