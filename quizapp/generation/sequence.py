"""Order of events: "Which of these happened first?", from events the article dates.

    "… repulsed a large overnight attack … on February 7."  "On February 11, Russian forces
    reportedly clashed for a second time near Al Tabiyeh."
      ─► Which of these happened first, according to the article?
         Coalition … forces repulsed a large overnight attack against a U.S. held base /
         Russian forces reportedly clashed for a second time near Al Tabiyeh / …

Each choice is an event's clause with its date taken out, so the student must know the order,
not find a date. Only days the article names (a month and a day) are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from quizapp.generation import gazetteer
from quizapp.generation.explain import cite
from quizapp.generation.facts import ArticleFacts, Mention, Sentence
from quizapp.generation.kinds import FactType, Kind, Level
from quizapp.generation.quality import grammar_problem, is_opinion
from quizapp.generation.questions import Candidate, GeneratedQuestion, worth_asking
from quizapp.generation.quotes import subject_of
from quizapp.generation.statements import Statement, clause_of, clause_statement
from quizapp.generation.wh import mention_tokens

DAY_SHAPES = frozenset({"month_day", "full_date"})


@dataclass(frozen=True)
class Event:
    """What the article says happened on a day, without the day."""

    day: tuple[int, int, int]  # year (0 when not given), month, day
    date: Mention
    sentence: Sentence
    statement: Statement


def order_questions(facts: ArticleFacts) -> list[Candidate]:
    """ "Which happened first?" among the events the article dates on different days (up to
    four, the earliest the answer); with two, "on the same day" is the third choice."""
    events = sorted(_events(facts), key=lambda event: event.day)
    events = [e for e in events if bool(e.day[0]) == bool(events[0].day[0])] if events else []
    if len(events) < 2:
        return []  # one day, or one dated with its year and one without, cannot be ordered
    shown = events[:MAX_EVENTS]
    question = _which_first(facts, shown)
    key = "order:" + ":".join(event.date.text for event in shown)
    return [Candidate(question, key, shown[-1].sentence.index, weight=0.4, across=True)]


MAX_EVENTS = 4
SAME_DAY = "They happened on the same day"


def _events(facts: ArticleFacts) -> list[Event]:
    """One event for each day the article names, the first it tells of."""
    events: dict[tuple[int, int, int], Event] = {}
    for mention in facts.mentions:
        if mention.fact_type != "date" or mention.subtype not in DAY_SHAPES:
            continue
        day = day_of(mention.text)
        sentence = facts.sentences[mention.sentence]
        if day is None or day in events or not worth_asking(mention, facts):
            continue
        if is_opinion(sentence.text):
            continue
        tokens = mention_tokens(sentence.span, mention, sentence)
        if tokens is None or tokens.root.dep_ != "pobj" or tokens.root.head.lower_ != "on":
            continue  # "on February 7" dates an event; "as of March 20" a state of things
        clause = clause_of(tokens.root)
        if not _dates(tokens.root.head.head, clause):
            continue
        without = frozenset(t.i for t in tokens.root.head.subtree)
        statement = clause_statement(sentence, clause, without)
        if statement is not None:  # "clashed for a second time near …" tells the order
            statement = replace(statement, text=ORDER_PHRASE.sub("", statement.text))
        if statement is not None and _stands_alone(statement.text):
            events[day] = Event(day, mention, sentence, statement)
    return list(events.values())


# A phrase that tells an event's place in the order, taken out of its choice.
ORDER_PHRASE = re.compile(
    r"(?i),?\s+(for (a|the) (second|third|fourth|fifth|first|last) time|again|once more)\b"
)
ORDER_WORDS = re.compile(
    r"(?i)\b(first|second|third|fourth|fifth|last|latest|again|another|earlier|later|"
    r"previous|previously|next|new|renewed|follow-up|once more)\b"
)


def _dates(verb: Token, clause: Token) -> bool:
    """Whether "on <day>" under ``verb`` dates the clause's event: it hangs from the clause
    itself, or from a participle of it that has no subject of its own ("… repulsed an attack
    against a base, manned by …, on February 7"), not from a clause of its own ("the
    regulator, which approved the line on May 27")."""
    if verb == clause:
        return True
    return verb.tag_ in {"VBN", "VBG"} and verb.head == clause and subject_of(verb) is None


def _stands_alone(clause: str) -> bool:
    """An event a choice can show: no other date in it, no word that tells its place in the
    order ("for a second time", "the first two"), nothing pointing back elsewhere."""
    months = "|".join(gazetteer.MONTHS)
    if re.search(rf"\b((1[89]|20)\d\d|{months})\b", clause):
        return False  # "Mayor" is no month, "May" is
    if ORDER_WORDS.search(clause):
        return False
    return grammar_problem(f"Fill in the blank: {clause} ____.") is None


def day_of(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of "February 7", "Oct. 25" or "Tuesday, March 11, 2025"."""
    match = re.search(r"([A-Z][a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:, (\d{4}))?", text)
    if match is None:
        return None
    month = next(
        (n for n, name in enumerate(gazetteer.MONTHS, start=1) if name.startswith(match[1])),
        None,
    )
    if month is None or len(match[1]) < 3:
        return None
    return int(match[3] or 0), month, int(match[2])


def _which_first(facts: ArticleFacts, events: list[Event]) -> GeneratedQuestion:
    first = events[0]
    choices = [_said(event.statement) for event in events]
    if len(choices) < 3:
        choices.append(SAME_DAY)
    # The source is the first event's sentence (a page highlights one sentence in its
    # paragraph); the explanation cites every event with its day.
    start, end = first.sentence.start, first.sentence.end
    dated = " ".join(f"{event.date.text}: {cite(event.sentence.text)}" for event in events)
    explanation = f"The article dates them. {dated} {first.date.text} comes first."
    notes = {
        _said(event.statement): f"The article dates this to {event.date.text}, after "
        f"{first.date.text}."
        for event in events[1:]
    }
    if SAME_DAY in choices:
        notes[SAME_DAY] = (
            f"The article gives two days: {first.date.text} and {events[1].date.text}."
        )
    return GeneratedQuestion(
        Kind.MCQ,
        "Which of these happened first, according to the article?",
        choices,
        choices[0],
        explanation,
        facts.body[start:end],
        start,
        end,
        FactType.ORDER,
        3,
        choice_notes=notes,
        level=Level.ANALYSIS,
    )


def _said(statement: Statement) -> str:
    """A choice: the event's clause, without its closing full stop."""
    return statement.text.rstrip(".")
