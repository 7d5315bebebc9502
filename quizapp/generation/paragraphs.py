"""An article body, as every layer reads it: paragraphs joined by one blank line.

The reader joins the cleaned paragraphs with ``join``; the generator finds them again with
``spans``, and each question's offsets point into the joined text; the pages split it with
``split`` and mark a sentence by the same offsets. This module is the one place that says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BREAK = "\n\n"
# A paragraph: text up to a line that is blank (or only spaces). A body joined by ``join``
# splits back into exactly its paragraphs; text from elsewhere (the command line, a test)
# with extra blank lines or stray spaces splits the same way.
_PARAGRAPH = re.compile(r"[^\s](?:[^\n]|\n(?![ \t]*\n))*")


def join(paragraphs: Iterable[str]) -> str:
    """The body that questions cite: the paragraphs, a blank line between each two."""
    return BREAK.join(paragraphs)


def spans(body: str) -> list[tuple[int, str]]:
    """Each paragraph of ``body`` with the offset where it starts."""
    return [(match.start(), match.group()) for match in _PARAGRAPH.finditer(body)]


def split(body: str) -> list[str]:
    """The paragraphs of ``body``, in order."""
    return [paragraph for _, paragraph in spans(body)]


def lead_end(body: str) -> int:
    """Where the lead (the first paragraph) ends; the body's length when it has no other."""
    found = spans(body)
    return found[0][0] + len(found[0][1]) if len(found) > 1 else len(body)
