"""Rules from the ratings of 2026-12-04 that a short bank could not take before questions
could wait (``Question.waits``): each on a story of its own, each failing without its rule."""

from __future__ import annotations

from pathlib import Path

from quizapp.generation import generate_questions, quality
from quizapp.generation.questions import GeneratedQuestion, _bound_in_stem
from quizapp.generation.quotes import only_a_figure
from quizapp.generation.understanding import _names_shared

SEED = Path(__file__).parent.parent / "seeds" / "000_e6c387ca501fc847.txt"

# Three speakers: the mayor twice, a hydrologist who only gives a figure.
STORM = "\n\n".join(
    [
        "A storm flooded the river town of Millbrook on Tuesday, and at least three people "
        "were hurt, the county said.",
        "Mayor Ellen Marsh said the town would rebuild the old bridge by the spring.",
        "“We will not leave anyone behind,” Marsh said.",
        "“About 40% of the homes in Millbrook sit below the flood line,” said hydrologist Raj "
        "Patel of Northfield University.",
        "Fire chief Tom Becker praised the volunteers from Northfield.",
        "“Our crews worked through the night in Millbrook, and I am proud of every one of them,” "
        "Becker said.",
        "The storm dropped 12 inches of rain in two days, the National Weather Service said.",
        "“I think the river will keep rising until Friday, so people should stay away from the "
        "banks,” Marsh said later at a news conference.",
        "Becker said the department had rescued 46 residents by boat.",
    ]
)


def _who_said(questions: list[GeneratedQuestion], words: str) -> GeneratedQuestion:
    return next(q for q in questions if q.prompt.startswith("Who said") and words in q.prompt)


def test_a_speakers_second_who_said_waits() -> None:
    """03's Charles Simpson, 17's Rusmik Oza and 20's Ken Doctor were each the answer of two
    "Who said …?" among three or four speakers: raters turned the second down in two ratings
    (placing the first quotation rules the speaker in or out of the second)."""
    questions = generate_questions(STORM)
    first = _who_said(questions, "We will not leave anyone behind")
    second = _who_said(questions, "the river will keep rising")
    assert first.answer == second.answer == "Ellen Marsh"
    assert not first.waits and second.waits  # kept in the bank: every quotation is asked


def test_words_that_only_give_a_figure_wait() -> None:
    """37's "About 36% of imports from China to the U.S. are computers and electronic
    devices": any expert might cite it, so who said it is trivia (turned down twice)."""
    assert only_a_figure("About 40% of the homes in the valley sit below the flood line")
    assert not only_a_figure("I think 40% of the homes will flood")  # their own view
    assert not only_a_figure("Prices will rise by 5% next year")  # a forecast
    assert not only_a_figure("The hall was falling apart long before this")  # no figure
    figure = _who_said(generate_questions(STORM), "About 40% of the homes")
    assert figure.answer == "Raj Patel" and figure.waits


MARKET = "\n\n".join(
    [
        "The roof of the market hall in Millbrook fell in on Tuesday morning, hours before the "
        "stalls opened.",
        "At least three workers were hurt when the roof fell, and the hall will stay shut until "
        "the summer.",
        "The hall was built in 1962 and last repaired in 2009, according to the town council.",
        "Council leader Ellen Marsh said engineers would inspect every public building in the "
        "town by March.",
        "“We will find them a new home within a month,” Marsh said.",
        "Trader Tom Becker, who has sold cheese in the hall for 30 years, said he would move to "
        "the square.",
        "“The hall was falling apart long before this,” Becker said.",
    ]
)


def _question(kind: str, prompt: str, choices: list[str], answer: str) -> GeneratedQuestion:
    return GeneratedQuestion(kind, prompt, choices, answer, "", "", 0, 1, "number", 2)


def test_a_bound_moves_into_the_blank_and_waits_where_it_cannot() -> None:
    """The seed's "____ Russian men … were killed", keyed "at least two" among "at least
    three": the article rules no other bound out (turned down in three ratings)."""
    bounds = ["at least two", "at least three", "at least four", "at least five"]
    blank = _question(
        "cloze", "Fill in the blank: ____ Russian men were killed.", bounds, bounds[0]
    )
    assert quality.bounded(blank)
    moved = _bound_in_stem(blank)
    assert moved.prompt == "Fill in the blank: At least ____ Russian men were killed."
    assert moved.choices == ["two", "three", "four", "five"] and moved.answer == "two"
    assert not quality.bounded(moved)
    inside = _question(
        "cloze", "Fill in the blank: It tracked ____ particles.", ["more than 20 billion",
        "more than 30 billion", "more than 15 billion"], "more than 20 billion",
    )  # fmt: skip
    assert (
        _bound_in_stem(inside).prompt == "Fill in the blank: It tracked more than ____ particles."
    )
    seed = generate_questions(SEED.read_text())
    killed = next(q for q in seed if "Russian men fighting informally" in q.prompt)
    assert killed.prompt.startswith("Fill in the blank: At least ____ Russian men")
    assert killed.answer == "two" and not killed.waits
    # Not a bound: an estimate ("about", "some") rules the others out.
    assert not quality.bounded(
        _question("cloze", "____ left.", ["some 200", "some 300"], "some 200")
    )
    # A question that cannot hold the bound in its stem waits.
    market = generate_questions(MARKET)
    hurt = next(q for q in market if q.prompt.startswith("How many workers were hurt"))
    assert hurt.answer == "At least three" and hurt.waits
    built = next(q for q in market if q.answer == "1962")
    assert not built.waits


def test_a_view_offers_no_words_on_the_thing_it_names() -> None:
    """20's Cooperman view keyed "I know we're happy to get rid of Fortress" and offered
    "Financial players like Fortress and Alden are making significant money …": both are on
    Fortress, so which of the two is Cooperman's is no view (turned down twice)."""
    assert _names_shared(
        "I know we’re happy to get rid of Fortress",
        "Financial players like Fortress and Alden are making money on the way down",
    )
    # A country or its people is in much of a story: no shared name.
    assert not _names_shared(
        "If there was large-scale loss of life of Russian citizens, officials must say so",
        "No Russian servicemen had been in the area",
    )
    view = next(q for q in generate_questions(STORM) if q.prompt.endswith("Tom Becker said?"))
    assert "in Millbrook" in view.answer
    assert not any("Millbrook" in choice for choice in view.choices if choice != view.answer)
    assert not _names_shared("I think so", "I know it")
    assert _names_shared("We thank Northfield’s crews", "The crews from Northfield came")
