"""Numbers that need a step: a figure the article implies, worked out from two it gives.

    "U.S. agricultural exports to China dropped to $9.1 billion in 2018, down from
    $19.5 billion the previous year."
      ─► By how much did U.S. agricultural exports to China drop, according to the article?
         $10.4 billion / $28.6 billion (the two added) / $9.1 billion / $19.5 billion
    "The council voted 7-2 to approve the budget."
      ─► What was the margin of the vote by the council, according to the article?  5 / 9 / 7 / 2

Asked only where one sentence gives both figures in a pattern that makes them one quantity
in one unit: a change "from X to Y" (or "to Y, down from X") under a verb of rising or
falling told in the past, a vote of "7-2", a record of "12 wins and 5 losses". Wrong choices
are the usual slips: the two figures added or subtracted, one figure taken for the answer,
one step off. The answer keeps the article's unit and decimals; a change of a percentage is
in percentage points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from quizapp.generation import gazetteer
from quizapp.generation.explain import cite
from quizapp.generation.facts import ArticleFacts, Sentence
from quizapp.generation.kinds import FactType, Kind, Level
from quizapp.generation.quality import is_opinion
from quizapp.generation.questions import Candidate, GeneratedQuestion
from quizapp.generation.wordlists import ANAPHORIC_NOUNS, DANGLING

RISING = frozenset("rise increase climb grow jump soar surge gain rebound".split())
FALLING = frozenset(
    "fall decrease drop decline slip slide sink shrink plunge plummet tumble dip".split()
)


def _figure(name: str) -> str:
    """A figure as news writes it: "$19.5 billion", "2.0%", "2.4 percent", "3,000"."""
    return (
        rf"(?P<{name}cur>[$€£])?(?P<{name}num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        rf"(?P<{name}unit>\s?%|\s(?:percent|per cent|thousand|million|billion|trillion)\b)?"
        r"(?![\d,]|\.\d|[-–]\d)"
    )


# When a figure stood: "in 2018", "in March", "in May 2019", "last year".
_WHEN = (
    rf"(?: in (?:(?:{'|'.join(gazetteer.MONTHS)})(?: (?:19|20)\d\d)?|(?:19|20)\d\d)"
    r"| (?:last|this) (?:year|month|week|quarter))?"
)
FROM_TO = re.compile(rf"\bfrom {_figure('a')}{_WHEN} to {_figure('b')}")
TO_FROM = re.compile(rf"\bto {_figure('b')}{_WHEN},? (?:(?P<dir>up|down) )?from {_figure('a')}")
VOTE = re.compile(
    r"\b(?:voted|vote of) (?P<a>\d{1,3})(?:[-–]| to )(?P<b>\d{1,3})\b|\b(?P<a2>\d{1,3})[-–]"
    r"(?P<b2>\d{1,3}) vote\b"
)
RECORD = re.compile(r"\b(?P<a>\d{1,3}) wins?,? and (?P<b>\d{1,3}) loss(?:es)?\b")
RECORD_VERBS = frozenset("have finish end post record compile boast go".split())
NOT_A_RECORD = re.compile(r"(?i)\b(draws?|drawn|ties|tied)\b")


@dataclass(frozen=True)
class Figure:
    """A figure's value and how the article writes it, so a result is written alike."""

    value: float
    decimals: int
    commas: bool
    currency: str
    unit: str  # "%", "million", … ; "" for a plain count

    def written(self, value: float, *, change: bool = False) -> str:
        """``value`` written like this figure; a change of a percentage in points."""
        number = f"{value:,.{self.decimals}f}" if self.commas else f"{value:.{self.decimals}f}"
        if self.unit == "%" and change:
            return f"{number} percentage point{'' if value == 1 else 's'}"
        unit = "%" if self.unit == "%" else f" {self.unit}" if self.unit else ""
        return f"{self.currency}{number}{unit}"


def _read(match: re.Match[str], name: str) -> Figure:
    raw, unit = match[f"{name}num"], (match[f"{name}unit"] or "").strip()
    unit = "%" if unit in {"%", "percent", "per cent"} else unit
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    currency = match[f"{name}cur"] or ""
    return Figure(float(raw.replace(",", "")), decimals, "," in raw, currency, unit)


def calculation_questions(facts: ArticleFacts) -> list[Candidate]:
    """A question whose answer is worked out from two figures of one sentence: a change, a
    vote's margin or a record's total; a stem the article would give twice is asked nowhere,
    since its two sentences would answer it differently."""
    found: list[Candidate] = []
    for sentence in facts.sentences:
        digits = (sentence.start + m.start() for m in re.finditer(r"\d", sentence.text))
        if is_opinion(sentence.text) or any(facts.in_quote(d, d + 1) for d in digits):
            continue  # a forecast, a guess, or a figure in a speaker's mouth
        worked = _change(sentence) or _vote(sentence) or _record(sentence)
        if worked is None:
            continue
        prompt, answer, slips, working = worked
        slips = dict([(choice, note) for choice, note in slips.items() if choice != answer][:3])
        if len(slips) < 2:
            continue  # the slips fall on the answer: too few choices
        start, end = sentence.start, sentence.end
        explanation = f"The article says: {cite(sentence.text)} {working}"
        question = GeneratedQuestion(
            Kind.MCQ, prompt, [answer, *slips], answer, explanation, facts.body[start:end],
            start, end, FactType.CALCULATION, 3, choice_notes=slips, level=Level.ANALYSIS,
        )  # fmt: skip
        key = f"calc:{sentence.index}:{prompt}"
        found.append(Candidate(question, key, sentence.index, weight=0.4))
    prompts = [c.question.prompt for c in found]
    return [c for c in found if prompts.count(c.question.prompt) == 1]


# A question before it is tied to its sentence: the stem, the answer, each wrong choice with
# the slip it is (the first three distinct from the answer are offered), the arithmetic.
Worked = tuple[str, str, dict[str, str], str]


def _change(sentence: Sentence) -> Worked | None:
    """ "rose from 2.0% to 2.4%", "dropped to $9.1 billion, down from $19.5 billion"."""
    match = FROM_TO.search(sentence.text) or TO_FROM.search(sentence.text)
    if match is None:
        return None
    before, after = _read(match, "a"), _read(match, "b")
    if not before.unit and not (before.currency and not after.currency):
        before = replace(before, unit=after.unit)  # "from 2.0 to 2.4 percent"
    if (before.currency, before.unit) != (after.currency, after.unit) or _a_year(before, after):
        return None  # not one quantity in one unit, or a span of years ("from 2004 to 2017")
    verb = _changing_verb(sentence.span, match.start())
    if verb is None or verb.lemma_ not in RISING | FALLING:
        return None
    if re.search(
        r"\d", sentence.span.doc.text[verb.idx : sentence.span.start_char + match.start()]
    ):
        return None  # "rose 2% to $150 from $147": the change is stated another way too
    rising = verb.lemma_ in RISING
    said = match.groupdict().get("dir")  # "down from", "up from"
    if rising != (after.value > before.value) or said == ("down" if rising else "up"):
        return None  # the words and the figures disagree: not asked
    stem, subject = _asked_how(verb), _subject(verb, {"nsubj", "nsubjpass"})
    if stem is None or subject is None:
        return None
    decimals = max(before.decimals, after.decimals)
    like = replace(after, decimals=decimals, commas=before.commas or after.commas)
    diff = round(abs(after.value - before.value), decimals)
    first, last = before.written(before.value), after.written(after.value)
    change, working = ("rise", f"{last} − {first}") if rising else ("fall", f"{first} − {last}")

    def written(value: float) -> str:
        return like.written(value, change=True)

    slips = {
        written(before.value + after.value): f"That is {first} + {last}, the two figures "
        f"added, not the {change}.",
        written(after.value): f"That is the figure after the {change} ({last}), not the "
        f"{change} itself.",
        written(before.value): f"That is the figure before the {change} ({first}), not the "
        f"{change} itself.",
        written(diff + 10.0**-decimals): f"That is one step off: {working} = {written(diff)}.",
    }
    if like.unit == "%" and before.value + after.value > 100:
        del slips[written(before.value + after.value)]  # no change past the whole
    explained = f"It went from {first} to {last}: {working} = {written(diff)}."
    if like.unit == "%":
        explained += " A change of a percentage is counted in percentage points."
    prompt = f"By how much {stem.format(subject=subject)}, according to the article?"
    return prompt, written(diff), slips, explained


def _a_year(*figures: Figure) -> bool:
    return any(
        not (f.unit or f.currency or f.commas or f.decimals) and 1800 <= f.value <= 2100
        for f in figures
    )


def _vote(sentence: Sentence) -> Worked | None:
    """ "voted 7-2", "a vote of 7 to 2", "a 7-2 vote": the margin."""
    match = VOTE.search(sentence.text)
    if match is None:
        return None
    ayes, noes = int(match["a"] or match["a2"]), int(match["b"] or match["b2"])
    verb = _word_at(sentence.span, match, "voted") or _owner(_word_at(sentence.span, match, "vote"))
    voters = _subject(verb, {"nsubj"}) if verb is not None else None
    if voters is None or not ayes > noes > 0:
        return None  # a unanimous vote has no margin to work out
    margin = f"the margin is {ayes} − {noes}"
    slips = {
        str(ayes + noes): f"That is {ayes} + {noes}, everyone who voted, not the margin.",
        str(ayes): f"That is the votes of the majority alone; {margin}.",
        str(noes): f"That is the votes of the minority alone; {margin}.",
    }
    working = f"The vote was {ayes} to {noes}: {ayes} − {noes} = {ayes - noes}."
    prompt = f"What was the margin of the vote by {voters}, according to the article?"
    return prompt, str(ayes - noes), slips, working


def _record(sentence: Sentence) -> Worked | None:
    """ "12 wins and 5 losses": how many wins and losses in all (no draws in the sentence)."""
    match = RECORD.search(sentence.text)
    if match is None or NOT_A_RECORD.search(sentence.text):
        return None
    wins, losses = int(match["a"]), int(match["b"])
    wins_word = _word_at(sentence.span, match, "wins") or _word_at(sentence.span, match, "win")
    verb = _owner(wins_word, as_object=True)
    if verb is None or verb.lemma_ not in RECORD_VERBS:
        return None  # "beat a team with 12 wins": whose record is it?
    team = _subject(verb, {"nsubj"})
    if team is None or wins == losses:
        return None
    more, fewer = max(wins, losses), min(wins, losses)
    slips = {
        str(more - fewer): f"That is {more} − {fewer}, the difference, not the two together.",
        str(wins): "That is the wins alone, without the losses.",
        str(losses): "That is the losses alone, without the wins.",
    }
    working = f"{wins} wins + {losses} losses = {wins + losses}."
    prompt = f"How many wins and losses did {team} have in all, according to the article?"
    return prompt, str(wins + losses), slips, working


def _changing_verb(span: Span, offset: int) -> Token | None:
    """The verb that "from X" or "to Y" (at character ``offset``) tells the change of: their
    head, or the head of "down" in "down from" ("after a hike from 5% to 8%" is none)."""
    token = next((t for t in span if t.idx - span.start_char >= offset), None)
    head = token.head if token is not None else None
    if head is not None and head.lower_ in {"up", "down"} and head.dep_ == "advmod":
        head = head.head
    return head if head is not None and head.pos_ == "VERB" else None


def _word_at(span: Span, match: re.Match[str], word: str) -> Token | None:
    """The token ``word`` ("vote", "voted", "wins") inside the match."""
    begin, end = span.start_char + match.start(), span.start_char + match.end()
    return next((t for t in span if begin <= t.idx < end and t.lower_ == word), None)


def _owner(noun: Token | None, *, as_object: bool = False) -> Token | None:
    """The verb whose "by/in/with …" phrase (or, ``as_object``, whose object) the noun is:
    "approved the budget by a 7-2 vote", "finished with 12 wins"."""
    if noun is None:
        return None
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in {"by", "in", "with"} and head.dep_ == "prep":
        head = head.head
    elif not (as_object and noun.dep_ == "dobj"):
        return None  # "protested the council's 7-2 vote": the residents did not vote
    return head if head.pos_ == "VERB" else None


def _asked_how(verb: Token) -> str | None:
    """ "did {subject} drop", "were {subject} increased", "has {subject} risen": the tense
    the article tells the change in, or None for a forecast, a wish or a denial."""
    aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"}]
    if any(c.dep_ == "dobj" for c in verb.children):
        return None  # "the firm increased its dividend": the subject is not what changed
    if not aux and verb.tag_ == "VBD":
        return f"did {{subject}} {verb.lemma_}"
    if len(aux) == 1 and verb.tag_ == "VBN" and aux[0].lower_ in {"was", "were", "has", "have"}:
        return f"{aux[0].lower_} {{subject}} {verb.text}"
    return None


def _subject(verb: Token, deps: set[str]) -> str | None:
    """The verb's subject as a clean noun phrase a question can name, or None: a pronoun,
    "the figure", a clause inside it or a phrase too long to read as a name."""
    subject = next((c for c in verb.children if c.dep_ in deps), None)
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"}:
        return None
    tokens = list(subject.subtree)
    if len(tokens) > 10 or tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return None
    if any(t.lower_ in DANGLING for t in tokens) or (
        subject.lemma_.lower() in ANAPHORIC_NOUNS and len(tokens) <= 2  # "The figure rose"
    ):
        return None
    if any(
        t.pos_ in {"VERB", "AUX", "PRON"} or (t.is_punct and t.text not in {"-", "&"})
        for t in tokens
    ):
        return None
    text = verb.doc[tokens[0].i : tokens[-1].i + 1].text
    first = tokens[0]
    if first.pos_ != "PROPN" and not first.text.isupper():
        text = text[0].lower() + text[1:]  # "The unemployment rate" inside a question
    return text
