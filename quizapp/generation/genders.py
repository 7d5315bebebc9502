"""Whether a name is a man's or a woman's, as far as a first name tells, and whether a
sentence's pronouns say which: so that "SoftBank CEO ____ has told executives he wants …" is
not offered a woman's name, which "he" rules out at a glance.

The first names are the US Census Bureau's 1990 lists (public domain, shipped in the ``names``
package), each with its share of men or women so named. A name counts only where it is ten
times as common for one as for the other; any other name (Kim, Jordan, Masayoshi) tells
nothing, and nothing is ruled out by it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Literal

from quizapp.generation.wordlists import FEMININE_PRONOUNS, MASCULINE_PRONOUNS

Gender = Literal["man", "woman"]
# How much more common a first name must be for one than for the other to count.
CLEAR_RATIO = 10.0
PRONOUNS: dict[str, Gender] = {
    **dict.fromkeys(MASCULINE_PRONOUNS, "man"),
    **dict.fromkeys(FEMININE_PRONOUNS, "woman"),
}
_WORD = re.compile(r"[A-Za-z]+")


@cache
def _shares(sex: str) -> dict[str, float]:
    """First name → percent of people of that sex so named (``dist.female.first``)."""
    text = files("names").joinpath(f"dist.{sex}.first").read_text(encoding="ascii")
    return {name: float(share) for name, share, *_ in (line.split() for line in text.splitlines())}


def gender_of(name: str) -> Gender | None:
    """Whose name ``name`` is by its first word, where that is clear; else None."""
    words = _WORD.findall(name)
    if not words:
        return None
    first = words[0].upper()
    women, men = _shares("female").get(first, 0.0), _shares("male").get(first, 0.0)
    if women > CLEAR_RATIO * men:
        return "woman"
    if men > CLEAR_RATIO * women:
        return "man"
    return None


def pronoun_gender(text: str) -> Gender | None:
    """The one gender the third-person pronouns of ``text`` give ("he … his"); None where it
    has none, or both."""
    said = {PRONOUNS[word] for word in _WORD.findall(text.lower()) if word in PRONOUNS}
    return said.pop() if len(said) == 1 else None
