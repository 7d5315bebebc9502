"""Issue 11's widened rules for questions above recall, each on a short article of our own:
the main idea of a lead that quotes its speaker or a scare-quoted name, a claim reported with
"…, saying …", a purpose given as "in an effort to", and a possessive's apostrophe that is no
quotation. Each test fails without its rule."""

from __future__ import annotations

import re

from quizapp.generation.causes import cause_questions, quoted
from quizapp.generation.facts import ArticleFacts, extract_facts
from quizapp.generation.kinds import FactType, Level
from quizapp.generation.quality import rule_violations
from quizapp.generation.understanding import (
    argument_questions,
    claim_questions,
    gist,
    main_idea_questions,
)

# A second paragraph of the lead, then plain facts: the main idea's wrong choices come from
# the later ones.
LATER = (
    "The company runs four ferries between Port Alder and Bayview.\n"
    "The mayor cancelled the sailing regatta in June.\n"
    "Volunteers planted three hundred trees along the river bank.\n"
    "The local bakery won a national award for its sourdough bread.\n"
    "Students at Bayview High collected two thousand books for the hospital library.\n"
    "Engineers closed the tunnel for a week to repair the ventilation system.\n"
    "The county museum reopened its west wing with a new collection of maps.\n"
)


def facts_of(text: str) -> ArticleFacts:
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    return extract_facts(text, paragraphs)


def main_idea(text: str, title: str) -> str | None:
    questions = main_idea_questions(facts_of(text), title)
    return questions[0].question.answer if questions else None


# ── the main idea ────────────────────────────────────────────────────────────────────────────


def test_a_lead_that_quotes_a_named_speaker_keeps_who_said_it() -> None:
    lead = (
        'Harbor Lines was "pushed into freight," chief executive Maria Chen said Tuesday in an '
        "interview with the Port Alder Courier.\n"
    )
    answer = main_idea(lead + LATER, "Harbor Lines pushed into freight")
    # Her words stay hers ("Harbor Lines was pushed …" is no statement of the writer's), and
    # when and where she said them are left out.
    assert answer == 'Harbor Lines was "pushed into freight," chief executive Maria Chen said.'


def test_a_quoted_lead_without_a_named_speaker_is_no_main_idea() -> None:
    lead = 'Harbor Lines was "pushed into freight," they said on Tuesday.\n'
    assert main_idea(lead + LATER, "Harbor Lines pushed into freight") is None


def test_quotation_marks_go_with_the_words_they_quote_and_according_to_with_the_tail() -> None:
    lead = (
        "A 43-year-old man, after having switched to feather bedding, began feeling extreme "
        'fatigue and breathlessness, and was diagnosed with "feather-duvet lung," according to a '
        "new case report.\n"
    )
    answer = main_idea(lead + LATER, "Feather duvet lung")
    assert answer == (
        "A 43-year-old man, after having switched to feather bedding, began feeling extreme "
        "fatigue and breathlessness."
    )


def test_a_title_in_quotation_marks_keeps_its_closing_mark_after_the_full_stop() -> None:
    lead = "Maria Chen has been eliminated from “Dancing on Ice.”\n"
    answer = main_idea(lead + LATER, "Maria Chen eliminated from Dancing on Ice")
    assert answer == "Maria Chen has been eliminated from “Dancing on Ice.”"


def test_the_lead_is_the_first_paragraphs_that_state_something() -> None:
    """A question to the reader and an aside in brackets open the story; the news is the
    paragraph after them."""
    lead = (
        "Remember the ferry strike of last summer?\n"
        "(Nobody in Port Alder has forgotten it.)\n"
        "The city council voted on Monday to buy two new ferries for the Bayview crossing.\n"
    )
    answer = main_idea(lead + LATER, "Council votes to buy two new ferries")
    assert answer == (
        "The city council voted on Monday to buy two new ferries for the Bayview crossing."
    )


def test_a_lead_whose_quotation_is_asked_on_its_own_gives_no_main_idea_with_its_speaker() -> None:
    """ "Who said “pushed into freight shipping by customers who wanted more”?" asks those
    words: a main idea that showed them beside their speaker would answer it."""
    lead = (
        'Harbor Lines was "pushed into freight shipping by customers who wanted more," chief '
        "executive Maria Chen said Tuesday.\n"
    )
    assert main_idea(lead + LATER, "Harbor Lines pushed into freight shipping") is None


def test_a_lead_quoting_a_scrap_too_short_to_ask_keeps_it_with_its_speaker() -> None:
    """ "pushed into freight shipping" is too short a phrase for "Who said …?" (rule 19), so
    nothing asks it, and the lead that quotes it states the news (the Tim Cook story)."""
    lead = (
        'Harbor Lines was "pushed into freight shipping," chief executive Maria Chen said '
        "Tuesday.\n"
    )
    answer = main_idea(lead + LATER, "Harbor Lines pushed into freight shipping")
    assert (
        answer
        == 'Harbor Lines was "pushed into freight shipping," chief executive Maria Chen said.'
    )


def test_a_text_cut_from_the_middle_of_a_story_gives_no_main_idea() -> None:
    """ "This comes after police said …": the text starts past the lead, so the sentence a
    main idea would take is background (raters: "the key is background, not the news")."""
    lead = (
        "This comes after police said the protesters had no option but to surrender.\n"
        "The protests in Port Alder began peacefully in June over a ferry fare rise.\n"
    )
    assert main_idea(lead + LATER, "Port Alder protests ferry fare police") is None


def test_a_hedged_lead_is_the_main_idea_with_its_hedge_kept() -> None:
    """ "is allegedly unhappy", "seem to be real": the story's news is how sure it is, so the
    answer keeps the hedge and states no more than the article; a writer's "should" is still
    no main idea."""
    hedged = "Captain Ana Ruiz is allegedly unhappy with the way the council ran the strike.\n"
    assert main_idea(hedged + LATER, "Ana Ruiz unhappy with council strike") == hedged.strip()
    seeming = "The ferry strike in Port Alder does seem to be over after six weeks.\n"
    assert main_idea(seeming + LATER, "Port Alder ferry strike over") == seeming.strip()
    judging = "The council should end the ferry strike in Port Alder after six weeks.\n"
    assert main_idea(judging + LATER, "Port Alder ferry strike") is None


def test_a_question_reported_in_the_lead_is_no_guess_of_the_writers() -> None:
    """ "how … would change": the modal is what the council studied, not the writer's guess."""
    lead = "The council has studied how a second ferry would change the Bayview crossing.\n"
    assert main_idea(lead + LATER, "Council studies a second ferry") == lead.strip()


def test_an_organisation_denying_that_it_did_something_stands_alone_as_a_detail() -> None:
    """ "Harbor Lines denied that it had raised fares": the "it" is Harbor Lines, so the
    sentence is a detail a main idea may offer, where a bare "it" pointing back is not."""
    lead = "The city council voted on Monday to buy two new ferries for the Bayview crossing.\n"
    denial = "Harbor Lines denied that it had raised its fares for the summer season.\n"
    pointing = "Harbor Lines said that this was not the whole truth about its summer fares.\n"
    first, second, third, *rest = LATER.splitlines(keepends=True)
    facts = facts_of(lead + first + second + third + denial + pointing + rest[-1])
    question = main_idea_questions(facts, "Council votes to buy two new ferries")[0].question
    assert question.choices == [lead.strip(), denial.strip(), rest[-1].strip()]


# ── what each person argued ───────────────────────────────────────────────────────────────────


def test_a_claim_reported_with_saying_stands_against_the_other_speaker() -> None:
    text = (
        "“It was an attempt to mislead voters. And I think it is misleading for a serious party "
        "to behave that way,” said Will Moy, chief executive of Full Fact.\n"
        "Foreign Secretary Dominic Raab defended the party’s actions, saying the account was "
        "clearly linked to the Conservatives.\n"
        "“We make no apology for having an instant rebuttal to all the nonsense,” Raab told the "
        "BBC.\n"
    )
    (candidate,) = argument_questions(facts_of(text))
    question = candidate.question
    assert question.prompt == "Which statement is closest to what Will Moy said?"
    assert question.level == Level.UNDERSTANDING and question.fact_type == FactType.ARGUMENT
    raab = "The account was clearly linked to the Conservatives."
    assert raab in question.choices
    assert question.choice_notes[raab] == (
        "The article reports this as what Foreign Secretary Dominic Raab said, not Will Moy."
    )
    assert len(question.choices) == 3 and not rule_violations(question, text)


# ── cause and effect ───────────────────────────────────────────────────────────────────────────


def test_in_an_effort_to_gives_a_purpose() -> None:
    text = (
        "Gov. Kristi Noem launched the campaign on Monday in an effort to address the state’s "
        "meth crisis.\n"
        "Mayor Ellen Marsh opened the new library on Main Street in March.\n"
        "The city raised parking fees to pay for the new bus station.\n"
        "Engineers closed the tunnel for a week to repair the ventilation system.\n"
    )
    (candidate,) = cause_questions(facts_of(text))
    question = candidate.question
    assert (
        question.prompt
        == "Why did Gov. Kristi Noem launch the campaign on Monday, according to the article?"
    )
    assert question.answer == "To address the state’s meth crisis"
    assert set(question.choices) == {
        "To address the state’s meth crisis",
        "To pay for the new bus station",
        "To repair the ventilation system",
    }
    assert question.level == Level.ANALYSIS and not rule_violations(question, text)


def test_an_effort_of_someone_else_is_no_purpose() -> None:
    text = (
        "Gov. Kristi Noem praised the effort to address the meth crisis on Monday.\n"
        "The city raised parking fees to pay for the new bus station.\n"
        "Engineers closed the tunnel for a week to repair the ventilation system.\n"
    )
    assert cause_questions(facts_of(text)) == []


def test_an_apostrophe_inside_a_word_is_no_quotation() -> None:
    assert not quoted("The council delayed the state’s ferry vote because it didn’t pass.")
    assert quoted("The council delayed the ‘ferry’ vote.")
    assert quoted("The council called it “late”.")


def test_a_claimants_own_quotation_is_never_a_wrong_choice_for_their_claim() -> None:
    text = (
        "“The wharf is failing and nobody wants to admit it,” said Councillor Ray Dunphy.\n"
        "“We have kept every promise we made to this town,” said Mayor Ellen Marsh.\n"
        "Marsh claimed the ferry service had made a profit in May.\n"
        "“The numbers the council published are simply wrong,” said Treasurer Maria Chen.\n"
        "The harbor board denied the ferry service had lost money in June.\n"
    )
    (question,) = [
        c.question
        for c in claim_questions(facts_of(text))
        if c.question.prompt == "According to the article, what did Marsh claim?"
    ]
    assert question.answer == "The ferry service had made a profit in May."
    assert "We have kept every promise we made to this town" not in question.choices
    assert len(question.choices) >= 3


def test_an_appositive_name_without_a_comma_stays_in_the_gist() -> None:
    facts = facts_of("The findings were published on Monday in the journal BMJ Case Reports.\n")
    statement = gist(facts.sentences[0])
    assert statement is not None
    assert (
        statement.text == "The findings were published on Monday in the journal BMJ Case Reports."
    )


def test_a_detail_about_the_story_s_person_is_still_a_detail() -> None:
    """The lead's person is in most of a story's sentences: sharing their name with the main
    idea ("Van Der Berg planted …") does not make a sentence another way to say the news."""
    lead = "Pieter Van Der Berg has been elected the new mayor of Port Alder on Sunday.\n"
    named = "Van Der Berg planted three hundred trees along the river bank in May.\n"
    first, second, third, *rest = LATER.splitlines(keepends=True)
    facts = facts_of(lead + first + second + third + named + rest[-1])
    title = "Pieter Van Der Berg is the new mayor of Port Alder after a close vote on Sunday"
    question = main_idea_questions(facts, title)[0].question
    assert question.choices == [lead.strip(), named.strip(), rest[-1].strip()]


def test_a_gist_never_ends_on_a_possessive_cut_from_its_noun() -> None:
    """ "… and Ana Ruiz’s 6-4, 6-3 victory over Eva Park": a parse that makes "victory" an
    aside would leave "… and Ana Ruiz’s." as the statement."""
    facts = facts_of(
        "Port Alder beat Bayview behind Tom Bell’s 6-4, 6-4 win over Sam Lee and Ana Ruiz’s "
        "6-4, 6-3 victory over Eva Park.\n"
    )
    statement = gist(facts.sentences[0])
    assert statement is None or not statement.text.endswith("’s.")
