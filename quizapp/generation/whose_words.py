"""A quotation that says whose it is. "My wife Kimberly and I …" in a story that has told of
"Van Der Beek’s announcement that his wife, Kimberly, …", or "Thanks to my tariffs" beside
"Trump’s tariff": whoever read the article knows the speaker from the words alone, so "Who
said …?" asks nothing (raters rejected both), and a wrong choice the words point to is no
wrong choice a student could rule out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from quizapp.generation.facts import ArticleFacts
from quizapp.generation.people import surname_of

# "my tariffs", "our administration": what the speaker calls their own.
OWN = re.compile(r"(?i)\b(?:my|our)\s+([a-z]+)")
# What only its one owner has ("my wife" is the one man's whose wife the writer named); a
# "his country" or "his own party" could be anyone's.
KIN = frozenset(
    "wife husband son daughter mother father brother sister fiancée fiancé partner "
    "girlfriend boyfriend grandson granddaughter".split()
)


def owners(facts: ArticleFacts, said: str, names: Iterable[str]) -> set[str]:
    """Those of ``names`` whom the writer's own sentences give what the quotation ``said``
    calls its speaker's: "Trump’s tariff" or "the Trump administration" for "my tariffs" or
    "my administration"; for a relative ("my wife"), "his wife" in a sentence that names the
    person and nobody else of ``names``."""
    owned = {m[1].lower() for m in OWN.finditer(said)} - {"own"}
    surnames = {name: re.escape(surname_of(name)) for name in names if name.strip()}
    if not owned or not surnames:
        return set()
    found: set[str] = set()
    for sentence in _writers_sentences(facts):
        named = [
            name for name, surname in surnames.items() if re.search(rf"\b{surname}\b", sentence)
        ]
        for name in named:
            for word in owned:
                noun = (
                    rf"{re.escape(word.removesuffix('s'))}s?" if len(word) > 3 else re.escape(word)
                )
                whose = rf"(?i)\b{surnames[name]}(?:[’']s)?\s+{noun}\b"
                his = rf"(?i)\b(?:his|her|their)\s+{noun}\b"
                relative = word in KIN and len(named) == 1 and re.search(his, sentence)
                if re.search(whose, sentence) or relative:
                    found.add(name)
    return found


def _writers_sentences(facts: ArticleFacts) -> list[str]:
    """Each sentence with its quoted words blanked out: what the writer says, not a speaker."""
    sentences = []
    for sentence in facts.sentences:
        text = sentence.text
        for start, end in facts.quoted_ranges:
            a, b = (
                max(start, sentence.start) - sentence.start,
                min(end, sentence.end) - sentence.start,
            )
            if a < b:
                text = text[:a] + " " * (b - a) + text[b:]
        sentences.append(text)
    return sentences
