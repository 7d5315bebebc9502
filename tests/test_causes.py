"""Cause-and-effect questions (quizapp/generation/causes.py) on short articles of our own: the
links the article states ask "Why …?" or "What led to …?", with the article's other reasons and
statements as wrong choices; time, opinion, a pronoun or a quotation asks nothing."""

from __future__ import annotations

import re

import pytest

from quizapp.generation import generate_questions
from quizapp.generation.causes import cause_questions
from quizapp.generation.facts import ArticleFacts, extract_facts
from quizapp.generation.kinds import FactType, Kind, Level
from quizapp.generation.quality import grammar_problem, rule_violations
from quizapp.generation.questions import GeneratedQuestion

TOWN = (
    "The Port Alder council delayed the ferry vote because the safety report arrived two weeks "
    "late.\n"
    "Mayor Ellen Marsh opened the new library on Main Street in March.\n"
    "Heavy rain led to the closure of the Harbor Road bridge.\n"
    "The school board hired twelve new teachers for the autumn term.\n"
    "The harbor master cancelled the sailing regatta due to a storm warning.\n"
    "Volunteers planted 300 trees along the river in order to protect the banks from erosion.\n"
    "The local bakery won a national award for its sourdough bread.\n"
    "A fire at the bus depot led to long delays on the morning routes.\n"
    "The city raised parking fees to pay for the new bus station.\n"
    "The county museum reopened its west wing after a two-year renovation.\n"
    "Students at Bayview High collected 2,000 books for the hospital library.\n"
    "Engineers closed the tunnel for a week to repair the ventilation system.\n"
)
# One paragraph of plain facts around the sentence under test, so a link has wrong choices.
FILLER = (
    "Mayor Ellen Marsh opened the new library on Main Street in March.\n"
    "The school board hired twelve new teachers for the autumn term.\n"
    "The local bakery won a national award for its sourdough bread.\n"
    "Students at Bayview High collected 2,000 books for the hospital library.\n"
)


def facts_of(text: str) -> ArticleFacts:
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    return extract_facts(text, paragraphs)


def asked(text: str) -> dict[str, GeneratedQuestion]:
    return {c.question.prompt: c.question for c in cause_questions(facts_of(text))}


def test_because_asks_why_with_the_reason_as_the_answer() -> None:
    question = asked(TOWN)[
        "Why did the Port Alder council delay the ferry vote, according to the article?"
    ]
    assert question.answer == "The safety report arrived two weeks late"
    assert question.kind == Kind.MCQ and question.fact_type == FactType.CAUSE
    assert question.level == Level.ANALYSIS and question.difficulty in {2, 3}
    assert question.source_sentence == TOWN.splitlines()[0]
    assert TOWN[question.source_start : question.source_end] == question.source_sentence
    assert "“The Port Alder council delayed" in question.explanation


def test_due_to_and_led_to_ask_for_the_noun_phrase_among_the_articles_other_reasons() -> None:
    questions = asked(TOWN)
    regatta = questions[
        "Why did the harbor master cancel the sailing regatta, according to the article?"
    ]
    assert regatta.answer == "A storm warning"
    bridge = questions[
        "According to the article, what led to the closure of the Harbor Road bridge?"
    ]
    assert bridge.answer == "Heavy rain"
    # The wrong choices are the article's other causes and effects, not made-up text.
    assert set(bridge.choices) - {"Heavy rain"} <= {
        "A storm warning",
        "A fire at the bus depot",
        "Long delays on the morning routes",
    }


def test_in_order_to_asks_for_the_purpose_among_the_articles_other_purposes() -> None:
    trees = asked(TOWN)[
        "Why did volunteers plant 300 trees along the river, according to the article?"
    ]
    assert trees.answer == "To protect the banks from erosion"
    assert set(trees.choices) == {
        "To protect the banks from erosion",
        "To pay for the new bus station",
        "To repair the ventilation system",
    }


def test_every_question_keeps_the_rules_and_notes_where_each_wrong_choice_belongs() -> None:
    questions = asked(TOWN)
    assert len(questions) >= 4
    for question in questions.values():
        assert rule_violations(question, TOWN) == []
        assert grammar_problem(question.prompt) is None
        assert 3 <= len(question.choices) <= 4 and question.choices.count(question.answer) == 1
        assert set(question.choice_notes) == set(question.choices) - {question.answer}
        for choice, note in question.choice_notes.items():
            assert note.startswith("The article") and "not as the reason" in note, choice
            assert re.sub(r"\W", "", choice.lower()) in re.sub(r"\W", "", TOWN.lower())


def test_the_pipeline_serves_cause_questions_that_pass_its_re_parse() -> None:
    """Some are left out, fairly: "Why did the council delay the ferry vote?" would give away
    the lead's "The Port Alder council delayed the ____."."""
    served = {q.prompt: q for q in generate_questions(TOWN) if q.fact_type == FactType.CAUSE}
    assert len(served) >= 2
    bridge = served["According to the article, what led to the closure of the Harbor Road bridge?"]
    assert bridge.answer == "Heavy rain" and bridge.level == Level.ANALYSIS
    assert set(bridge.choice_notes) == set(bridge.choices) - {"Heavy rain"}


REASON = "The council delayed the ferry vote because the safety report arrived two weeks late."
REACTION = (
    "Shares of Harbor Lines fell sharply on Monday after the ferry operator cut the timetable."
)


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        (REASON, "The safety report arrived two weeks late"),
        (REACTION, "The ferry operator cut the timetable"),
    ],
)
def test_the_controls_of_the_negatives_below_are_asked(sentence: str, answer: str) -> None:
    """The filler gives a plain link its wrong choices; each negative below changes one thing."""
    (question,) = asked(f"{sentence}\n{FILLER}").values()
    assert question.answer == answer


@pytest.mark.parametrize(
    "sentence",
    [
        # Time, not a reason: "two days after" dates the fall; the mayor's visit is no reaction.
        REACTION.replace("on Monday", "two days"),
        REACTION.replace("Shares of Harbor Lines fell sharply", "The mayor visited the harbor"),
        # The writer's opinion, and a hedge.
        REASON.replace("delayed", "should delay"),
        REASON.replace("delayed", "reportedly delayed"),
        # A reason whose words point back to a sentence the student does not see.
        REASON.replace("the safety report", "it"),
        # A speaker's words: a claim, not a fact the article states.
        f"“{REASON[:-1]},” Marsh said.",
    ],
)
def test_no_question_without_an_explicit_link_stated_as_fact(sentence: str) -> None:
    assert asked(f"{sentence}\n{FILLER}") == {}


def test_a_possibility_is_no_link() -> None:
    maybe = TOWN.replace("Heavy rain led to", "Heavy rain can lead to")
    assert "Heavy rain" in {q.answer for q in asked(TOWN).values()}
    assert "Heavy rain" not in {q.answer for q in asked(maybe).values()}


def test_a_reason_for_the_same_effect_is_never_a_wrong_choice() -> None:
    reasons = {"The safety report arrived two weeks late", "The boat crews went on strike in May"}
    text = (
        "The council delayed the ferry vote because the safety report arrived two weeks late.\n"
        f"{FILLER}"
        "The council also delayed the ferry vote because the boat crews went on strike in May.\n"
    )
    questions = [c.question for c in cause_questions(facts_of(text))]
    assert {q.answer for q in questions} == reasons  # two questions, one on each reason
    for question in questions:
        assert set(question.choices) & reasons == {question.answer}


def test_a_participle_after_the_main_clause_names_what_it_led_to() -> None:
    text = (
        FILLER + "The Russian government has also refused to report on any casualties, leading to "
        "demands from public figures to disclose how many soldiers had been killed.\n"
        "The harbor master cancelled the sailing regatta due to a storm warning.\n"
        "The county museum reopened its west wing after a two-year renovation.\n"
        "Engineers closed the tunnel for a week to repair the ventilation system.\n"
    )
    question = asked(text)[
        "According to the article, what led to demands from public figures to disclose how "
        "many soldiers had been killed?"
    ]
    # "has also refused": "also" points to the sentence before, and is left out
    assert question.answer == "The Russian government has refused to report on any casualties"
    assert question.level == Level.ANALYSIS and len(question.choices) >= 3
    assert not rule_violations(question, text)
