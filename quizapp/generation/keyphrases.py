"""Key terms of the article, ranked by TextRank, for articles with few named entities.

A science story names few people; its questions come from its key noun phrases instead
("coral bleaching", "sea temperatures"). TextRank (Mihalcea and Tarau, 2004) runs PageRank on
a graph of nouns and adjectives that stand near each other, then scores each noun chunk by its
words. It reuses spaCy's parse: YAKE, tried first, tokenised the text again and cost a quarter
of the parse, which broke the generator's time budget; PageRank on a few hundred words is a
dozen lines, where networkx would have pulled in SciPy. Only lower-case phrases count:
capitalised ones are names, which the entity builders already cover.
"""

from __future__ import annotations

from collections import defaultdict

from quizapp.generation.facts import ArticleFacts, Mention

TOP_PHRASES = 25
WINDOW = 3
GRAPH_POS = {"NOUN", "PROPN", "ADJ"}
DAMPING = 0.85
ITERATIONS = 30


def key_phrases(facts: ArticleFacts, top: int = TOP_PHRASES) -> list[Mention]:
    """The best-ranked lower-case noun phrases, at most one per sentence."""
    ranks = _word_ranks(facts)
    scored: dict[str, tuple[float, Mention]] = {}
    for sentence in facts.sentences:
        for chunk in sentence.span.noun_chunks:
            words = [t for t in chunk if t.pos_ in {"NOUN", "ADJ"} and t.is_lower and t.is_alpha]
            if not words or chunk.root not in words or len(words) > 3:
                continue
            first = words[0]
            if any(t.i != first.i + n for n, t in enumerate(words)) or words[-1] != chunk.root:
                continue  # keep only a contiguous phrase that ends in its head noun
            start = sentence.start + first.idx - sentence.span.start_char
            end = sentence.start + chunk.root.idx + len(chunk.root.text) - sentence.span.start_char
            text = facts.body[start:end]
            value = sum(ranks.get(t.lemma_.lower(), 0.0) for t in words)
            mention = Mention(text, start, start + len(text), "other", "keyphrase",
                              sentence.index, text)  # fmt: skip
            scored.setdefault(text.lower(), (value, mention))  # the first time a phrase is used
    best = sorted(scored.values(), key=lambda item: (-item[0], item[1].start))
    chosen: list[Mention] = []
    for _value, mention in best:
        if len(chosen) == top:
            break
        if all(m.sentence != mention.sentence for m in chosen):
            chosen.append(mention)
    return chosen


def _word_ranks(facts: ArticleFacts) -> dict[str, float]:
    """PageRank over the co-occurrence graph, by power iteration (a few hundred nodes)."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for sentence in facts.sentences:
        words = [t.lemma_.lower() for t in sentence.span if t.pos_ in GRAPH_POS and t.is_alpha]
        for index, word in enumerate(words):
            for other in words[index + 1 : index + WINDOW]:
                if other != word:
                    neighbours[word].add(other)
                    neighbours[other].add(word)
    ranks = dict.fromkeys(neighbours, 1.0 / max(len(neighbours), 1))
    for _ in range(ITERATIONS):
        ranks = {
            word: (1 - DAMPING) / len(neighbours)
            + DAMPING * sum(ranks[other] / len(neighbours[other]) for other in linked)
            for word, linked in neighbours.items()
        }
    return ranks
