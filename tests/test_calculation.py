"""Numbers that need a step (calculation.py): a change, a vote's margin and a record's total
worked out from two figures of one sentence, and the sentences that must give no question."""

from __future__ import annotations

import re

import pytest

from quizapp.generation import generate_questions
from quizapp.generation.calculation import calculation_questions
from quizapp.generation.facts import extract_facts
from quizapp.generation.quality import grammar_problem, rule_violations
from quizapp.generation.questions import GeneratedQuestion


def asked(text: str) -> list[GeneratedQuestion]:
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    return [c.question for c in calculation_questions(extract_facts(text, paragraphs))]


def only(text: str) -> GeneratedQuestion:
    questions = asked(text)
    assert len(questions) == 1, [q.prompt for q in questions]
    question = questions[0]
    # What every calculation question is: grounded, checked, with a note for each slip.
    assert not rule_violations(question, text), rule_violations(question, text)
    assert grammar_problem(question.prompt) is None
    assert (question.kind, question.fact_type, question.level) == ("mcq", "calculation", "analysis")
    assert question.difficulty == 3 and 3 <= len(question.choices) <= 4
    assert len(set(question.choices)) == len(question.choices)
    assert set(question.choice_notes) == set(question.choices) - {question.answer}
    assert text[question.source_start : question.source_end] == question.source_sentence
    assert question.source_sentence in question.explanation
    return question


def test_a_rise_of_a_percentage_is_in_percentage_points() -> None:
    text = "Officials met on Monday. The unemployment rate rose from 2.0% to 2.4% last year."
    q = only(text)
    assert q.prompt == "By how much did the unemployment rate rise, according to the article?"
    assert q.answer == "0.4 percentage points"
    assert set(q.choices) == {
        "0.4 percentage points",
        "4.4 percentage points",
        "2.4 percentage points",
        "2.0 percentage points",
    }
    assert q.choice_notes["4.4 percentage points"].startswith("That is 2.0% + 2.4%, the two")
    assert "2.4% − 2.0% = 0.4 percentage points" in q.explanation
    assert q.source_sentence.startswith("The unemployment rate")


def test_a_fall_in_money_keeps_the_unit_and_never_says_rise() -> None:
    q = only(
        "U.S. agricultural exports to China dropped to $9.1 billion in 2018, down from "
        "$19.5 billion the previous year, according to the farm bureau."
    )
    assert q.prompt == (
        "By how much did U.S. agricultural exports to China drop, according to the article?"
    )
    assert q.answer == "$10.4 billion"
    assert set(q.choices) == {"$10.4 billion", "$28.6 billion", "$9.1 billion", "$19.5 billion"}
    assert "rise" not in q.prompt + " ".join(q.choice_notes.values())
    assert "$19.5 billion − $9.1 billion = $10.4 billion" in q.explanation
    q = only("Unemployment fell to 3.5% in March, down from 3.9% a year earlier.")
    assert q.prompt == "By how much did unemployment fall, according to the article?"
    assert q.answer == "0.4 percentage points"


def test_a_passive_and_a_perfect_change_are_asked_in_their_own_tense() -> None:
    q = only("Tariffs on Chinese goods were increased from 10% to 25% in May 2019.")
    assert (
        q.prompt == "By how much were tariffs on Chinese goods increased, according to the article?"
    )
    assert q.answer == "15 percentage points"
    q = only("Membership of the club has risen from 3,000 to 4,500 since the spring.")
    assert q.prompt == "By how much has membership of the club risen, according to the article?"
    assert (q.answer, sorted(q.choices)) == ("1,500", ["1,500", "3,000", "4,500", "7,500"])


def test_a_vote_gives_its_margin() -> None:
    q = only("The city council voted 7-2 on Tuesday to approve the new budget.")
    assert (
        q.prompt == "What was the margin of the vote by the city council, according to the article?"
    )
    assert q.answer == "5"
    assert set(q.choices) == {"5", "9", "7", "2"}
    assert q.choice_notes["9"] == "That is 7 + 2, everyone who voted, not the margin."
    assert only("The Senate passed the bill by a vote of 52-48.").answer == "4"
    assert only("The board approved the plan in a 6-3 vote on Monday.").answer == "3"


def test_a_record_of_wins_and_losses_gives_its_total() -> None:
    q = only("The Tigers finished the regular season with 12 wins and 5 losses.")
    assert (
        q.prompt == "How many wins and losses did the Tigers have in all, according to the article?"
    )
    assert q.answer == "17"
    assert set(q.choices) == {"17", "7", "12", "5"}


@pytest.mark.parametrize(
    "text",
    [
        # two figures, two quantities
        "The company reported a loss of $304.7 million on revenue of $167.4 million.",
        "Japan's Nikkei declined 0.3%, while South Korea's Kospi fell 0.5%.",
        # a figure of something else: the hike, the vote or the team a sentence names
        "Sales rose after a hike from 5% to 8%.",
        "Residents protested the council's 7-2 vote on the budget.",
        "The Tigers beat a team with 12 wins and 5 losses.",
        # the change stated another way too: "rose 2%" or "$3"?
        "Shares of Apple rose 2% to $150 from $147.",
        # two units
        "Sales rose from 10% to $25 million.",
        "Sales rose from $10 million to 25%.",
        # a span of years, not two values
        "Cassini studied Saturn from 2004 to 2017.",
        "Sales rose from 2018 to 2019.",
        # the words and the figures disagree
        "Revenue fell from $3.2 billion to $4.1 billion.",
        # a forecast, a denial, an opinion, a speaker's words
        "Prices are expected to rise from 2.0% to 2.4% next year.",
        "Prices did not rise from 2.0% to 2.4% last year.",
        "Prices may rise from 2.0% to 2.4%.",
        "“Prices rose from 2.0% to 2.4% last year,” the minister said.",
        # no subject a question can name
        "It rose from 2.0% to 2.4% last year.",
        # the subject is not what changed
        "The company increased its dividend from $0.50 to $0.55.",
        # a unanimous vote, a record with draws
        "The board voted 9-0 to approve the plan.",
        "The committee voted 4-5 on the plan.",
        "The Tigers finished with 12 wins, 5 losses and 2 ties.",
    ],
)
def test_no_question_where_the_figures_are_not_one_quantity_told_as_fact(text: str) -> None:
    assert asked(text) == []


def test_a_stem_the_article_would_answer_twice_is_asked_nowhere() -> None:
    text = (
        "The council voted 5-4 on the budget in March.\nThe council voted 6-3 on the budget in May."
    )
    assert asked(text) == []


def test_the_pipeline_serves_the_question_with_its_notes() -> None:
    text = (
        "The city council of Port Alder met on Tuesday to settle the harbour budget.\n\n"
        "Mayor Ellen Marsh said the harbour needed repairs before the winter storms.\n\n"
        "The council voted 7-2 to approve the new harbour budget after a long debate.\n\n"
        "The cost of the repairs rose from $1.2 million to $1.5 million last year."
    )
    questions = generate_questions(text)
    served = [q for q in questions if q.fact_type == "calculation"]
    assert {q.answer for q in served} == {"5", "$0.3 million"}
    for q in served:
        assert set(q.choice_notes) == set(q.choices) - {q.answer}
        # A blank or a statement on the same sentence would show the figures to work from.
        shown = [o for o in questions if o.kind in {"cloze", "true_false"}]
        assert all(o.source_start != q.source_start for o in shown), q.prompt
