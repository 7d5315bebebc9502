"""A teacher's articles and their question bank: add, copy a sample, review, approve, edit,
regenerate; the one place that calls the generator.

    paste or upload ─► read_article ─► generate ─► store_article (owned) ─► review ─► approved

Each public command here is one transaction (see transaction.py): it commits when done, or
rolls back and raises, so an error anywhere leaves nothing half-saved.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select, union

from quizapp.domain.article_text import ArticleError, ArticleText, Credit, read_article
from quizapp.domain.articles import (
    as_article_text,
    find_stored_article,
    question_source,
    recredit,
    store_article,
)
from quizapp.domain.question_checks import failed_checks
from quizapp.domain.transaction import transaction
from quizapp.extensions import db
from quizapp.generation import (
    GeneratedQuestion,
    ModelNotInstalledError,
    generate_questions,
    rule_violations,
)
from quizapp.generation.kinds import TRUE_FALSE
from quizapp.generation.quality import fold, same_thing
from quizapp.models import Article, Question, QuizQuestion, Response, utcnow
from quizapp.wording import counted

__all__ = ["ArticleError", "ModelNotInstalledError"]  # what a page may catch from a command

Generate = Callable[[ArticleText], Sequence[GeneratedQuestion]]
# What a question shows a student or teacher; two runs that agree on these made the same question.
CONTENT_FIELDS = (
    "kind prompt choices answer explanation source_sentence source_start source_end "
    "fact_type difficulty level"
).split()
# Everything the generator gives a question: its content, rank, notes on wrong choices, and
# whether it waits until ten others are served.
GENERATED_FIELDS = [*CONTENT_FIELDS, "rank", "choice_notes", "waits"]
COPIED_FIELDS = [*GENERATED_FIELDS, "edited"]
MAX_CHOICES = 6
MARKDOWN_HEADING = re.compile(rb"(?m)^[ \t]{0,3}#{1,6}[ \t]+")


# The most questions an article's bank keeps, the best ranked: more than a teacher reviews.
MAX_QUESTIONS = 150


def generate_for(article: ArticleText, seed: int = 0) -> list[GeneratedQuestion]:
    """The article's questions, with the spaCy pipeline the app is configured with: the one
    call to the generator (commands take another ``generate`` only to be tested). ``seed``
    orders the choices: the same seed, the same quiz."""
    model = current_app.config["QUIZAPP_SPACY_MODEL"]
    return generate_questions(
        article.body, title=article.title, seed=seed, max_questions=MAX_QUESTIONS, model=model
    )


def add_article(
    data: bytes | str,
    title: str | None,
    source: str,
    *,
    owner_id: int,
    credit: Credit | None = None,
    generate: Generate | None = None,
) -> tuple[Article, bool]:
    """Read, generate and store an article; (the article, whether it is new).

    ``credit`` is what the teacher typed (a byline, publisher, date, address); each field of
    it wins over what an uploaded web page says. Raises ArticleError (or
    ModelNotInstalledError) with nothing stored when the text cannot be read or yields no
    question. The same text added twice by the same teacher is the same article, its credit
    amended by what was typed the second time.
    """
    typed = credit or Credit()
    article = read_article(data, title=title or None)
    with transaction():
        existing = find_stored_article(article, owner_id=owner_id)
        if existing is not None:
            recredit(existing, typed)
            return existing, False
    article = dataclasses.replace(article, credit=typed.over(article.credit))
    # Generated outside any transaction: a second of parsing holds no database lock that the
    # class's answers would wait behind.
    questions = (generate or generate_for)(article)
    if not questions:
        raise ArticleError(
            "No question could be made from this text. A news story of a few paragraphs, "
            "with names, dates and quotations, works best."
        )
    with transaction():
        existing = find_stored_article(article, owner_id=owner_id)
        if existing is not None:  # the same text, added by a second click meanwhile
            recredit(existing, typed)
            return existing, False
        return store_article(article, questions, source=source, owner_id=owner_id), True


def markdown_headings_removed(data: bytes) -> bytes:
    """A Markdown file read as text: "# Title" is the title line, "## Part" a paragraph."""
    return MARKDOWN_HEADING.sub(b"", data)


def copy_sample(sample: Article, owner_id: int) -> Article:
    """The teacher's own copy of a sample article, its questions to review.

    Copying again returns the copy made before, with the teacher's edits.
    """
    with transaction():
        article = as_article_text(sample)
        existing = find_stored_article(article, owner_id=owner_id)
        if existing is not None:
            return existing
        copy = store_article(article, [], source=sample.source, owner_id=owner_id)
        # Unreviewed: the teacher reviews their copy, with its checks shown, as any article.
        copy.questions = [
            Question(
                **{field: _copied(getattr(question, field)) for field in COPIED_FIELDS},
                status="generated",
            )
            for question in sample.questions
        ]
        return copy


# A question's kind and what it asks about, in a teacher's words (the bank, the quiz form).
KIND_WORDS = {
    "quote": "Who said it",
    "mcq": "Multiple choice",
    "cloze": "Fill in the blank",
    "true_false": "True or false",
}
ASKS_WORDS = {
    "person": "a person",
    "place": "a place",
    "organization": "an organisation",
    "group": "a group of people",
    "date": "a date",
    "number": "a number",
    "role": "a role",
    "quote": "a quotation",
    "other": "a detail",
    "main_idea": "the main idea",
    "cause": "a cause",
    "calculation": "a figure worked out",
    "order": "the order of events",
    "argument": "what someone argued",
}


def described(question: Question) -> str:
    """A question's kind and what it asks about: "Fill in the blank · a number"."""
    kind = KIND_WORDS.get(question.kind, question.kind)
    asks = ASKS_WORDS.get(question.fact_type)
    return f"{kind} · {asks}" if asks else kind


# A teacher's decisions on a question; "generated" (waiting for review) is where it starts.
REVIEW_DECISIONS = ("approved", "rejected")


def review(question: Question, decision: str) -> None:
    """Approve or reject a question; a question never goes back to waiting for review."""
    if decision not in REVIEW_DECISIONS:
        raise ValueError(f"Not a review decision: {decision!r}")
    with transaction():
        question.status = decision


def approve_all(article: Article) -> int:
    """Approve every unreviewed question that passes the generator's rules; returns how many."""
    with transaction():
        return approve_valid(article)


def approve_valid(article: Article) -> int:
    """Approve the unreviewed questions that fail none of the checks (question_checks.py;
    the caller commits); returns how many."""
    failed = failed_checks(article)
    approved = 0
    for question in article.questions:
        if question.status == "generated" and not failed[question.id]:
            question.status = "approved"
            approved += 1
    return approved


@dataclass(frozen=True)
class BankCounts:
    """How far a teacher's review of an article's questions has gone."""

    total: int
    approved: int
    rejected: int

    @property
    def waiting(self) -> int:
        """Questions not reviewed yet."""
        return self.total - self.approved - self.rejected


def counts(article: Article) -> BankCounts:
    """The article's questions by review status; only approved ones can go into a quiz."""
    statuses = [question.status for question in article.questions]
    return BankCounts(len(statuses), statuses.count("approved"), statuses.count("rejected"))


def sources(article: Article) -> dict[int, list[Markup]]:
    """Each question's source sentence marked in its paragraph, for the bank's page."""
    return {question.id: question_source(question) for question in article.questions}


def choices_problem(choices: Sequence[str]) -> str | None:
    """What is wrong with a teacher's choices, or None: at least two, none repeated or another
    name for another (the generator's rule 1, quality.same_thing), so an edit cannot break
    what the generator keeps."""
    if len({fold(choice) for choice in choices}) < 2:
        return "Give at least two different choices, one per line."
    if len(choices) > MAX_CHOICES:
        return f"Give at most {MAX_CHOICES} choices."
    for index, choice in enumerate(choices):
        twin = next((c for c in choices[index + 1 :] if same_thing(choice, c)), None)
        if twin is not None and fold(twin) == fold(choice):
            return f"“{choice}” is there twice; each choice must differ."
        if twin is not None:
            return f"“{choice}” and “{twin}” name the same thing."
    return None


@dataclass(frozen=True)
class QuestionEdit:
    """What a teacher may change in a question; the form has checked it."""

    prompt: str
    choices: list[str]
    answer: str
    explanation: str


def apply_edit(question: Question, edit: QuestionEdit) -> None:
    """Change a question as the teacher wrote it; the edited flag keeps it through regeneration.

    A note stays with its choice while that choice is still there, word for word, and still
    wrong; the notes of choices removed, reworded or now the answer go.
    """
    with transaction():
        _edit(question, edit)


def _edit(question: Question, edit: QuestionEdit) -> None:
    # The teacher has read the question and its key: a review for item analysis, whose
    # flags then weigh only the answers given from now on (and, for new choices, theirs).
    # What made it wait (made-up figures, a copied sentence …) is the teacher's to judge
    # now: an edited question waits no more.
    question.waits = False
    now = utcnow()
    question.key_reviewed_at = now
    added = {c: now.isoformat() for c in edit.choices if c not in question.choices}
    question.choices_added_at = {
        choice: at
        for choice, at in {**(question.choices_added_at or {}), **added}.items()
        if choice in edit.choices
    }
    question.prompt = edit.prompt
    question.choices = list(edit.choices)
    question.answer = edit.answer
    question.explanation = edit.explanation
    question.choice_notes = {
        choice: note
        for choice, note in (question.choice_notes or {}).items()
        if choice in edit.choices and choice != edit.answer
    }
    question.edited = True


@dataclass(frozen=True)
class Regenerated:
    """What a new run of the generator changed among the unreviewed questions."""

    removed: int
    added: int
    unchanged: int

    def message(self) -> str:
        """What to tell the teacher, true in every case (nothing left to review included)."""
        if not (self.removed or self.added or self.unchanged):
            return "Every question is reviewed or in use, so there was nothing to regenerate."
        if not (self.removed or self.added):
            return (
                f"The generator made the same {counted(self.unchanged, 'unreviewed question')} "
                "again: it gives the same questions for the same article. Edit or reject the "
                "ones you do not want."
            )
        done = [f"{counted(self.added, 'new question')} added"]
        if self.removed:
            done.append(f"{counted(self.removed, 'unreviewed question')} removed")
        if self.unchanged:
            done.append(f"{self.unchanged} came out the same")
        return "Regenerated: " + "; ".join(done) + "."


def regenerate(article: Article, generate: Generate | None = None) -> Regenerated:
    """Replace the unreviewed questions with a fresh run of the generator.

    Approved, rejected and edited questions stay, and so does any question a quiz or a
    student's answer refers to. A fresh question that asks what a kept one asks is left out,
    so a question the teacher rejected does not come back. The generator is deterministic,
    so on the same article it mostly gives the same questions again (they differ after the
    generator is improved): an identical one keeps its row, and the teacher is told. Fresh
    and identical ones take this run's rank and notes; kept ones keep their own.
    """
    with transaction():
        return _regenerate(article, generate or generate_for)


def _regenerate(article: Article, generate: Generate) -> Regenerated:
    used = _questions_in_use(article)
    kept: list[Question] = []
    unreviewed: list[Question] = []
    for question in article.questions:
        keep = question.status != "generated" or question.edited or question.id in used
        (kept if keep else unreviewed).append(question)
    asked = {key for question in kept for key in _keys(question)}
    # What is still here after the run was not generated again, and goes.
    dropped = {_content(question): question for question in unreviewed}
    fresh: list[Question] = []
    for generated in generate(as_article_text(article)):
        if not asked.isdisjoint(_keys(generated)):
            continue
        same = dropped.pop(_content(generated), None)
        if same is not None:
            # The same question again: its row stays, ranked and annotated by this run.
            same.rank, same.choice_notes = generated.rank, dict(generated.choice_notes)
            same.waits = generated.waits
            continue
        fields = {f: _copied(getattr(generated, f)) for f in GENERATED_FIELDS}
        fresh.append(Question(**fields, status="generated"))
    for question in dropped.values():
        article.questions.remove(question)
    article.questions.extend(fresh)
    return Regenerated(len(dropped), len(fresh), len(unreviewed) - len(dropped))


def _copied(value: object) -> object:
    """A field's value for another row: lists and dicts copied, so no two rows share one."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _content(question: Question | GeneratedQuestion) -> tuple[object, ...]:
    """What a student or teacher sees of a question (not its rank, nor its notes)."""
    return tuple(
        tuple(value) if isinstance(value, list) else value
        for value in (getattr(question, field) for field in CONTENT_FIELDS)
    )


def _keys(question: Question | GeneratedQuestion) -> tuple[tuple[str, ...], ...]:
    """What makes two questions the same: the same prompt, or the same fact asked the same way."""
    prompt = " ".join(question.prompt.casefold().split())
    fact = ("fact", question.kind, str(question.source_start), question.answer)
    return ("prompt", question.kind, prompt), fact


def _questions_in_use(article: Article) -> set[int]:
    ids = [question.id for question in article.questions]
    if not ids:
        return set()
    query = union(
        select(QuizQuestion.question_id).where(QuizQuestion.question_id.in_(ids)),
        select(Response.question_id).where(Response.question_id.in_(ids)),
    )
    return set(db.session.scalars(query))


# ---------------------------------------------------------------------------------------------
# A question the teacher writes

# The kinds a teacher may write, in their words, as the new-question form offers them.
WRITTEN_KINDS = {
    "mcq": "Multiple choice",
    "cloze": "Fill in the blank (write ____ where the answer goes)",
    "true_false": "True or false",
    "quote": "Who said it",
}
BLANK = "____"
_LEAD_INS = {"cloze": "Fill in the blank: ", "true_false": "True or false: "}
_RULE = re.compile(r"^rule \d+: ")
# Which field of the form a broken rule of the generator's is about.
_RULE_FIELDS = {"rule 1: ": "choices", "rule 4: ": "source"}
_PLAINER = {"3 to 5 choices": "give 3 to 5 choices, one per line"}


@dataclass(frozen=True)
class WrittenQuestion:
    """A question as the teacher wrote it; the form has checked each field alone."""

    kind: str
    prompt: str
    choices: list[str]
    answer: str
    explanation: str
    source: str  # the sentence it comes from, copied from the article


class QuestionRefused(ValueError):
    """The written question breaks a rule; nothing was saved. ``field`` is the form's field
    the problem is about."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field


def find_sentence(body: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` stands in ``body`` (spaces and line breaks may differ), or None."""
    words = sentence.split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), body)
    return (found.start(), found.end()) if found else None


def written_question(article: Article, written: WrittenQuestion) -> Question:
    """The teacher's question as the bank stores it, checked by the generator's own rules
    (generation.quality.rule_violations) on top of the form's; QuestionRefused otherwise."""
    span = find_sentence(article.body, written.source)
    if span is None:
        raise QuestionRefused(
            "source", "That sentence is not in the article: copy it from the article below."
        )
    prompt = written.prompt
    choices = TRUE_FALSE if written.kind == "true_false" else list(written.choices)
    if written.kind == "cloze" and prompt.count(BLANK) != 1:
        raise QuestionRefused("prompt", f"Write {BLANK} once, where the answer goes.")
    if written.kind == "quote" and not re.search(r"[“\"].+[”\"]", prompt):
        raise QuestionRefused("prompt", "Quote the words said, in quotation marks.")
    lead_in = _LEAD_INS.get(written.kind, "")
    if lead_in and not prompt.startswith(lead_in.strip()):
        prompt = lead_in + prompt
    problem = choices_problem(choices)
    if problem is not None:
        raise QuestionRefused("choices", problem)
    if written.answer not in choices:
        raise QuestionRefused("answer", "The right answer must be one of the choices, exactly.")
    question = Question(
        kind=written.kind,
        prompt=prompt,
        choices=choices,
        answer=written.answer,
        explanation=written.explanation,
        source_sentence=article.body[span[0] : span[1]],
        source_start=span[0],
        source_end=span[1],
        fact_type="quote" if written.kind == "quote" else "other",
        difficulty=2,
        level="recall",
        rank=0,
        choice_notes={},
        status="approved",  # the teacher wrote it: it needs no review
        edited=True,  # kept through regeneration, as an edited question is
    )
    violations = rule_violations(question, article.body)
    if violations:
        rule = _RULE.match(violations[0])
        words = violations[0][rule.end() if rule else 0 :]
        words = _PLAINER.get(words, words)
        field = _RULE_FIELDS.get(rule.group(0) if rule else "", "prompt")
        raise QuestionRefused(field, words[0].upper() + words[1:] + ".")
    return question


def write_question(article: Article, written: WrittenQuestion) -> Question:
    """Add the teacher's own question to the article's bank, approved, committed;
    QuestionRefused, and nothing saved, when it breaks a rule."""
    with transaction():
        question = written_question(article, written)
        article.questions.append(question)
        return question
