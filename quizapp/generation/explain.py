"""Explanations that teach: what the article says, verbatim, and why that settles the answer.

Not "The answer is X": the source sentence is cited, the sentence says how it settles the
question, and a tempting wrong choice is shown where it really belongs in the story.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from quizapp.generation.facts import ArticleFacts, Sentence
from quizapp.generation.kinds import FactType, Kind
from quizapp.generation.quality import fold

if TYPE_CHECKING:
    from quizapp.generation.questions import GeneratedQuestion


def explain(sentence: Sentence, answer: str, fact_type: str) -> str:
    """The cited source and how it settles the answer (by the answer's fact type); where each
    wrong choice belongs is its own note (``choice_notes``), shown to whoever picked it."""
    if fact_type == "place" and not located(sentence.text, answer):
        fact_type = "named"  # a country that acts or is named, not where things happen
    settles = SETTLES.get(fact_type, SETTLES["other"]).format(answer=answer)
    return f"The article says: {cite(sentence.text)} {settles}"


SETTLES = {
    "person": "The name that fits is {answer}.",  # the doer, or the one done to
    "date": "It dates this to {answer}.",
    "number": "It gives the figure as {answer}.",
    "place": "It places this in {answer}.",
    "organization": "It names {answer}.",
    "group": "It names {answer}.",
    "named": "It names {answer}.",
    "other": "The words that fit are “{answer}”.",
}


# "It places this in Syria" is only true where the sentence puts something there; in
# "coordination between the Russian Federation and the United States" a place only is named.
_LOCATING = ("in", "at", "near", "outside", "inside", "across", "throughout", "around")
_QUARTER = r"(?:(?:north|south|east|west)\w*|central|rural|downtown)(?:[- ]\w+)?\s+"


def located(text: str, place: str) -> bool:
    """Whether the sentence puts something in ``place`` ("in Syria", "in eastern Syria")."""
    words = "|".join(_LOCATING)
    pattern = rf"\b(?:{words})\s+(?:the\s+)?(?:{_QUARTER})?{re.escape(place)}(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


_located = located  # the name the tests know it by


def cite(text: str) -> str:
    """Quote the article verbatim; text that has its own quotation marks stands as it is."""
    text = text.strip()
    return text if any(mark in text for mark in '“”"') else f"“{text}”"


def where_else(facts: ArticleFacts, choice: str, sentence: Sentence) -> str:
    """Where a wrong choice stands in the article, as a whole phrase ("four" is not "fourth");
    a bare figure where the article states it as a figure of its own ("$2.53" states 2.53,
    "Feb. 7, 2016" the year 2016), not as the tiebreak of "6-7 (4)"."""
    if re.fullmatch(r"[\d,.]+", choice):
        year = re.fullmatch(r"(1[89]|20)\d\d", choice) is not None
        places = {
            m.sentence
            for m in facts.mentions
            if (
                (m.fact_type == "number" and m.subtype != "score")
                or (year and m.fact_type == "date")
            )
            and choice in FIGURE_IN.findall(m.text)
        }
        others = [facts.sentences[index] for index in sorted(places)]
    else:
        # "the Defense Secretary" stands in "Defense Secretary Jim Mattis" without its "the".
        bare = re.sub(r"(?i)^(the|a|an)\s+", "", choice)
        others = facts.sentences_with(choice) or (facts.sentences_with(bare) if bare else [])
    for other in others:
        if other.index != sentence.index:
            where = f"{choice} belongs to another part of the story: {cite(snippet(other.text))}"
            return where[0].upper() + where[1:]
    return ""


FIGURE_IN = re.compile(r"\d[\d,.]*\d|\d")


def snippet(text: str, words: int = 18) -> str:
    """The sentence's first words, never cut inside a quotation: a cut quotation puts words
    in a speaker's mouth that they did not end there."""
    parts = text.split()
    if len(parts) <= words:
        return text
    cut = " ".join(parts[:words])
    opened = cut.rfind("“")
    if opened > cut.rfind("”"):  # the cut falls inside a quotation
        cut = cut[:opened].rstrip(" ,:;—")
        if len(cut.split()) < MIN_SNIPPET_WORDS:
            return text
    return cut + " …"


MIN_SNIPPET_WORDS = 6


def or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def choice_notes(facts: ArticleFacts, question: GeneratedQuestion) -> dict[str, str]:
    """A note for each wrong choice, so a student who picked it hears about their choice:
    where it stands in the story, or that the article does not give it here. A statement's
    builder knows what was swapped and writes its own note."""
    if question.choice_notes:
        return question.choice_notes
    source = facts.sentence_at(question.source_start)
    return {
        choice: where_else(facts, choice, source) or f"{choice} is not what the article says here."
        for choice in question.choices
        if choice != question.answer
    }


def unnamed_where_asked(questions: list[GeneratedQuestion]) -> list[GeneratedQuestion]:
    """A view's wrong choice that a "Who said …?" of the same bank asks keeps its note, without
    the speaker's name: "Lewis Ward said this, not Jack Buser" answers the question on Ward's
    words (raters turned those down as one quotation asked twice)."""
    asked = [fold(q.prompt) for q in questions if q.kind == Kind.QUOTE]
    unnamed = []
    for question in questions:
        if question.fact_type != FactType.ARGUMENT or not question.choice_notes:
            unnamed.append(question)
            continue
        notes = {
            choice: _without_speaker(note) if _asked_in(choice, asked) else note
            for choice, note in question.choice_notes.items()
        }
        unnamed.append(replace(question, choice_notes=notes))
    return unnamed


# The first words of a quotation, enough to find it in a "Who said …?" that shows it.
ASKED_WORDS = 6
SAID_THIS = re.compile(r"(?s)^.+? said this, not (.+)\.$")
GIVES_THIS = re.compile(r"(?s)^The article gives this as what .+? said, not (.+)\.$")


def _asked_in(choice: str, asked: list[str]) -> bool:
    opening = fold(" ".join(choice.split()[:ASKED_WORDS]))
    return bool(opening) and any(opening in prompt for prompt in asked)


def _without_speaker(note: str) -> str:
    said = SAID_THIS.match(note)
    if said:
        return f"Someone else in the article said this, not {said[1]}."
    given = GIVES_THIS.match(note)
    if given:
        return f"The article gives this to someone else, not {given[1]}."
    return note
