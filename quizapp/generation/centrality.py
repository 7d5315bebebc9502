"""How central a fact is to its article, from the article's own structure.

Blind raters rejected most often a question whose answer is a peripheral detail: a figure, a
date or a name nobody needs to know ("How many articles are the results published in?", "All
but ____ have now been released."). A news article says what matters first and says it again:
its headline, its lead, the names and figures it comes back to. A sentence's centrality is

- where it stands: the lead (the first paragraph, or the first two sentences) is the story;
  a sentence further down is worth less the later it comes (background closes an article);
- what it shares with the headline and the lead: a sentence about the same things carries
  the story on; one about something else is an aside.

A fact's answer adds to that when the article repeats it (in two sentences or more) or the
headline or the lead names it. A recall question whose answer is a figure, a date or a name
that is neither in a central sentence nor repeated nor in the headline is trivia
(``peripheral``): it is asked only where the article gives no other question, like a weekday.
Every other candidate's score gains its centrality (``CENTRALITY_WEIGHT``), so the ten served
first are the central facts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from quizapp.generation.kinds import FactType, Kind, Level
from quizapp.generation.quality import content_stems

if TYPE_CHECKING:
    from quizapp.generation.facts import ArticleFacts
    from quizapp.generation.questions import Candidate

# The lead: the first paragraph, and at least the first two sentences.
LEAD_SENTENCES = 2
# What centrality (0 to 1) adds to a candidate's score.
CENTRALITY_WEIGHT = 1.5
# The answers that can be trivia: a figure, a date or a name of a person or a place.
DETAIL_TYPES = frozenset({FactType.NUMBER, FactType.DATE, FactType.PERSON, FactType.PLACE})
# A sentence in the first quarter of the article carries the story on.
EARLY = 0.25
# A sentence in the last quarter is background: a detail there needs the headline twice.
LATE = 0.75
# A date of what comes next, in a sentence this much about what the lead is about.
NEXT_STEP_SHARE = 0.3
FUTURE = re.compile(r"(?i)\b(will|slated|scheduled|plans?|planned|expected|due|set to)\b")
# A false twin that swaps a figure or a date is asked on a sentence at least this central.
CENTRAL_FIGURE = 0.45
# Below this share of its content words in the lead, a sentence is about something else.
OFF_LEAD = 0.35


@dataclass(frozen=True)
class SentencePlace:
    """Where a sentence stands and what it shares with the headline and the lead."""

    lead: bool
    position: float  # 0 at the start of the article, near 1 at its end
    title_words: int  # content stems shared with the headline
    lead_share: float  # the share of its content stems that the lead has too

    @property
    def centrality(self) -> float:
        """0 (an aside at the end, about something else) to 1 (the lead)."""
        if self.lead:
            return 1.0
        on_title = min(self.title_words / 2, 1.0)
        return round(0.4 * on_title + 0.3 * self.lead_share + 0.3 * (1 - self.position), 3)

    @property
    def aside(self) -> bool:
        """Past the article's first quarter and about something its headline does not name
        and its lead hardly touches, or in its last quarter and named once by the headline
        at most: background."""
        if self.lead or self.position < EARLY:
            return False
        if self.position >= LATE and self.title_words <= 1:
            return True
        return self.title_words == 0 and self.lead_share < OFF_LEAD


@dataclass(frozen=True)
class ArticleCentre:
    """Each sentence's place, and which sentences are the lead."""

    places: tuple[SentencePlace, ...]
    lead: frozenset[int]

    def of(self, sentence: int) -> float:
        if 0 <= sentence < len(self.places):
            return self.places[sentence].centrality
        return 0.0

    def aside(self, sentence: int) -> bool:
        return 0 <= sentence < len(self.places) and self.places[sentence].aside


def article_centre(facts: ArticleFacts, title: str = "") -> ArticleCentre:
    """Where each sentence stands in its article and what it shares with the headline and the
    lead (the first paragraph, and at least the first two sentences)."""
    sentences = facts.sentences
    lead = {s.index for s in sentences if s.paragraph == 0 or s.index < LEAD_SENTENCES}
    # What the story is about: its first two paragraphs (a one-line lead is common).
    opening = " ".join(s.text for s in sentences if s.index in lead or s.paragraph <= 1)
    # Without a headline, the first sentence says what the story is (a news lead does).
    headline = title or (sentences[0].text if sentences else "")
    title_stems, lead_stems = content_stems(headline), content_stems(opening)
    count = max(len(sentences), 1)
    places = []
    for sentence in sentences:
        stems = content_stems(sentence.text)
        places.append(
            SentencePlace(
                lead=sentence.index in lead,
                position=sentence.index / count,
                title_words=len(stems & title_stems),
                lead_share=len(stems & lead_stems) / len(stems) if stems else 0.0,
            )
        )
    return ArticleCentre(tuple(places), frozenset(lead))


def answer_recurs(facts: ArticleFacts, answer: str, fact_type: str) -> bool:
    """Whether the article comes back to the answer: two sentences or more name it (a person
    by their surname too), or the headline names it."""
    if not answer:
        return False
    names = {answer}
    if fact_type == FactType.PERSON and len(answer.split()) > 1:
        names.add(answer.split()[-1])
    found = {s.index for name in names for s in facts.sentences_with(name)}
    if len(found) >= 2:
        return True
    title = facts.title
    return bool(title) and re.search(rf"(?i)(?<!\w){re.escape(answer)}(?!\w)", title) is not None


def peripheral(candidate: Candidate, facts: ArticleFacts, centre: ArticleCentre) -> bool:
    """A recall question whose answer is a figure, a date or a name the article mentions
    once, away from its lead, in a sentence about something the headline and the lead are
    not: trivia nobody should need to know."""
    question = candidate.question
    if question.level != Level.RECALL or question.kind == Kind.QUOTE:
        return False
    if question.fact_type not in DETAIL_TYPES or candidate.across:
        return False
    if not centre.aside(candidate.sentence):
        return False
    answer = _asked_answer(candidate)
    if not answer or any(s.index in centre.lead for s in facts.sentences_with(answer)):
        return False  # the lead names it
    if question.fact_type == FactType.DATE and _next_step(candidate, facts, centre):
        return False
    return not answer_recurs(facts, answer, question.fact_type)


def _next_step(candidate: Candidate, facts: ArticleFacts, centre: ArticleCentre) -> bool:
    """When the story goes on ("The team … plans to return in February 2026", "Sentencing
    is scheduled for March 21"): a closing sentence a teacher asks about, where it speaks of
    what the lead does (a mission to another moon, scheduled, does not)."""
    sentence = facts.sentences[candidate.sentence].text
    place = centre.places[candidate.sentence]
    return FUTURE.search(sentence) is not None and place.lead_share >= NEXT_STEP_SHARE


def weak_twin(candidate: Candidate, centre: ArticleCentre) -> bool:
    """A false twin raters would not accept: one on an aside (who apologised to whom at the
    end of a dance show), or a figure or a date swapped in a sentence away from the story
    (“Spurs have won just six matches this season”): a changed figure tests only that
    figure, worth it where the figure is the story."""
    question = candidate.question
    if question.kind != Kind.TRUE_FALSE:
        return False
    if centre.aside(candidate.sentence):
        return True
    figure = question.fact_type in {FactType.NUMBER, FactType.DATE}
    return figure and centre.of(candidate.sentence) < CENTRAL_FIGURE


def _asked_answer(candidate: Candidate) -> str:
    """The fact a question asks: its key, or for a false twin the figure or name it swapped
    out (the explanation says "the article says X, not Y")."""
    question = candidate.question
    if question.kind != Kind.TRUE_FALSE:
        return question.answer
    found = re.match(r"False: the article says (.+?), not ", question.explanation)
    return found[1] if found else ""


def by_centrality(
    candidates: Sequence[Candidate], facts: ArticleFacts, title: str = ""
) -> list[Candidate]:
    """Each candidate weighed by how central its sentence is; a peripheral detail or a weak
    false twin marked minor (asked only where the article gives no other question)."""
    centre = article_centre(facts, title)
    weighed = []
    for candidate in candidates:
        bonus = CENTRALITY_WEIGHT * centre.of(candidate.sentence)
        minor = (
            candidate.minor or peripheral(candidate, facts, centre) or weak_twin(candidate, centre)
        )
        weighed.append(replace(candidate, weight=candidate.weight + bonus, minor=minor))
    return weighed
