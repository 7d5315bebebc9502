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


def owners(facts: ArticleFacts, said: str, names: Iterable[str]) -> set[str]:
    """Those of ``names`` whom the writer's own sentences give what the quotation ``said``
    calls its speaker's: "Trump’s tariff" or "the Trump administration" for "my tariffs" or
    "my administration"; "his wife" in a sentence that names Van Der Beek and nobody else of
    ``names`` for "my wife"."""
    owned = {m[1].lower().removesuffix("s") for m in OWN.finditer(said)}
    names = list(names)
    if not owned or not names:
        return set()
    surnames = {name: re.escape(surname_of(name)) for name in names}
    found: set[str] = set()
    for sentence in _writers_sentences(facts):
        named = [
            name for name, surname in surnames.items() if re.search(rf"\b{surname}\b", sentence)
        ]
        for name in named:
            for word in owned:
                whose = rf"\b{surnames[name]}(?:[’']s)?\s+{re.escape(word)}s?\b"
                his = rf"(?i)\b(?:his|her|their)\s+{re.escape(word)}s?\b"
                if re.search(whose, sentence, re.IGNORECASE) or (
                    len(named) == 1 and re.search(his, sentence)
                ):
                    found.add(name)
    return found


def _writers_sentences(facts: ArticleFacts) -> list[str]:
    """Each sentence with its quoted words blanked out: what the writer says, not a speaker."""
    sentences = []
    for sentence in facts.sentences:
        text = list(sentence.text)
        for start, end in facts.quoted_ranges:
            for offset in range(max(start, sentence.start), min(end, sentence.end)):
                text[offset - sentence.start] = " "
        sentences.append("".join(text))
    return sentences
