"""Generator speed against the spaCy parse of the same article, in the same process.

Run with `make bench`. Prints the pipeline's load time, the parse time of the seed, and the
generation time of the seed after loading, and the ratio of the two measured round by round;
the target is a ratio of at most 1.5 (the generator adds at most half a parse on top of its
own parse).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from quizapp.domain.article_text import read_article_file
from quizapp.generation import generate_questions
from quizapp.generation.nlp import _load, load_pipeline, parse_paragraphs

SEED = Path(__file__).parents[2] / "seeds" / "000_e6c387ca501fc847.txt"
ROUNDS = 15
TARGET_RATIO = 1.5


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def test_generation_costs_at_most_one_and_a_half_parses() -> None:
    _load.cache_clear()
    start = time.perf_counter()
    load_pipeline()
    load_seconds = time.perf_counter() - start

    article = read_article_file(SEED)
    paragraphs = list(article.paragraphs)
    # Warm both paths once so that neither pays for first-call allocations.
    parse_paragraphs(paragraphs)
    generate_questions(article.body)

    # Each round times a parse and a generation back to back, so a machine that slows down or
    # speeds up for a while (a shared host) weighs on both sides of the ratio alike.
    parses, generations = [], []
    for _ in range(ROUNDS):
        parses.append(_seconds(lambda: parse_paragraphs(paragraphs)))
        generations.append(_seconds(lambda: generate_questions(article.body)))
    ratio = statistics.median(g / p for g, p in zip(generations, parses, strict=True))
    parse, generate = statistics.median(parses), statistics.median(generations)
    print(
        f"\npipeline load: {load_seconds * 1000:.0f} ms"
        f"\nparse of the seed: {parse * 1000:.1f} ms (median of {ROUNDS})"
        f"\ngeneration of the seed: {generate * 1000:.1f} ms (median of {ROUNDS}),"
        f" {ratio:.2f} x the parse, the median of the rounds' ratios (target <= {TARGET_RATIO})"
    )
    assert ratio <= TARGET_RATIO
