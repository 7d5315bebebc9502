"""Rules from the blind ratings of the ten questions served first after the 92.6 % ratings:
each on a story of its own, each failing without its rule."""

from __future__ import annotations

import re

from quizapp.generation import generate_questions
from quizapp.generation.distractors import pick_distractors
from quizapp.generation.facts import extract_facts
from quizapp.generation.genders import gender_of, pronoun_gender

# A chief executive the sentence calls "he", among two women and two other men.
FACTORY = "\n\n".join(
    [
        "Harbor Foods chief executive Martin Keller has told managers he wants the company to "
        "turn a profit by 2027, after three years of losses.",
        "Keller took over in 2021 from founder Susan Whitfield, who still owns a third of the "
        "company and sits on its board.",
        "Finance director Laura Bennett said the plan would close the plant in Dunmore and "
        "move its 240 jobs to the larger site in Eastport.",
        "Union leader Peter Novak said workers in Dunmore had not been told of the plan before "
        "it appeared in the press.",
        "Analyst Robert Chan of Lakeside Securities said the shares, down 12 percent this year, "
        "would not recover until the company showed a profit.",
        "The company will report its yearly results on March 14.",
    ]
)


def test_a_name_the_question_calls_he_is_not_offered_beside_womens_names() -> None:
    """Raters turned down "SoftBank CEO ____ has told WeWork executives he wants …" offered
    with Letitia James, and "____ told investigators that he witnessed …" with Fiona Hill: the
    pronoun rules the woman out at a glance."""
    asked = [
        q
        for q in generate_questions(FACTORY)
        if q.fact_type == "person" and pronoun_gender(re.sub(r"“[^”]*”", "", q.prompt)) == "man"
    ]
    assert asked, "the story asks who he is"
    for question in asked:
        assert question.answer == "Martin Keller", question.prompt
        women = [c for c in question.choices if gender_of(c) == "woman"]
        assert not women, (question.prompt, question.choices)


def test_first_names_tell_a_gender_only_where_the_census_is_clear() -> None:
    assert gender_of("Letitia James") == "woman"
    assert gender_of("Fiona Hill") == "woman"
    assert gender_of("Timothy Morrison") == "man"
    assert gender_of("Kim Darroch") is None  # a name for both
    assert gender_of("Masayoshi Son") is None  # not in the lists: nothing ruled out
    assert pronoun_gender("He said his plan would work") == "man"
    assert pronoun_gender("She told him") is None  # both: whose is whose is not clear
    assert pronoun_gender("The council voted") is None


# Two patients counted in one paragraph; a later one writes "the first two illnesses".
CLINIC = "\n\n".join(
    [
        "Three cases of measles have been diagnosed in the county of Marlow, health officials "
        "said on Friday.",
        "The first cases came to light last week, when officials in Marlow announced that two "
        "infected children sought treatment at a hospital in the city. The patients, a brother "
        "and sister, are from the village of Eastbrook.",
        "The first two illnesses were confirmed on November 12. But a doctor at the hospital "
        "said the children had been admitted on November 3, nine days before the announcement.",
        "A third case, a 34-year-old teacher from the same school, was confirmed on November 18.",
        "Dr. Helen Ortiz, the county health officer, urged parents to check that their "
        "children had both doses of the vaccine.",
        "Measles was declared eliminated in the country in 2000, but outbreaks have returned "
        "as fewer children are vaccinated.",
    ]
)


def test_no_figure_is_written_in_another_question() -> None:
    """Raters turned down "how many … sought treatment at a hospital?" keyed two beside "When
    were the first two illnesses confirmed?": the one question answers the other."""
    questions = generate_questions(CLINIC)
    figures = [q for q in questions if q.fact_type in {"number", "date"} and q.kind != "true_false"]
    assert figures, "the story asks its figures"
    for figure in figures:
        key = re.escape(figure.answer.casefold())
        for other in questions:
            if other is figure or other.kind == "true_false":
                continue
            assert not re.search(rf"(?<![\w.,]){key}(?![\w.,]\w)", other.prompt.casefold()), (
                figure.prompt,
                other.prompt,
            )


# Three women and three men, all named in full, for the choices of a person blank.
COURT = "\n\n".join(
    [
        "A Vermont man pleaded guilty on Monday to charges that he threatened to kill "
        "Representative Maria Lopez in a voicemail left at her office in March.",
        "Prosecutor Susan Park said the man, Daniel Reed, had called the office 14 times.",
        "Judge Karen Walsh set sentencing for June 3, and defense lawyer Thomas Grant said his "
        "client regretted the calls.",
        "Police chief Michael Dunn said officers had arrested Reed at his home in Burlington.",
    ]
)


def test_a_pronoun_before_the_blank_or_in_a_quotation_is_someone_elses() -> None:
    """Only a "he" after the blank speaks of the one asked: "pleaded guilty to charges that he
    threatened to kill Representative ____" is the defendant's "he", and the women of the
    story stay among the choices for the representative."""
    story = COURT
    spans = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", story)]
    facts = extract_facts(story, spans)

    def wrong(answer: str, shown: str) -> list[str]:
        return pick_distractors(answer, "person", "person", facts, shown=shown, count=5)

    before = "A man pleaded guilty to charges that he threatened to kill Representative ____."
    assert any(gender_of(name) == "woman" for name in wrong("Maria Lopez", before))
    quoted = "____ said: “He called the office 14 times.”"
    assert any(gender_of(name) == "woman" for name in wrong("Thomas Grant", quoted))
    after = "____ said his client regretted the calls."
    offered = wrong("Thomas Grant", after)
    assert offered and not any(gender_of(name) == "woman" for name in offered), offered
