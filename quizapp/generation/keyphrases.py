"""Key terms of the article, ranked by YAKE, for articles with few named entities.

A science story names few people; its questions come from its key noun phrases instead
("coral bleaching", "sea temperatures"). Only lower-case phrases inside a noun chunk count,
since capitalised ones are names that the entity builders already cover.
"""

from __future__ import annotations

import re

import yake

from quizapp.generation.facts import ArticleFacts, Mention

TOP_PHRASES = 25


def key_phrases(facts: ArticleFacts, top: int = TOP_PHRASES) -> list[Mention]:
    """Occurrences of the article's top key phrases, one per phrase, as mentions."""
    extractor = yake.KeywordExtractor(lan="en", n=3, top=top, dedupLim=0.7)
    ranked = [phrase for phrase, _score in extractor.extract_keywords(facts.body)]
    mentions: list[Mention] = []
    used_sentences: set[int] = set()
    for phrase in ranked:
        if not phrase.islower() or len(phrase) < 4 or any(ch.isdigit() for ch in phrase):
            continue
        mention = _first_in_noun_chunk(facts, phrase, used_sentences)
        if mention is not None:
            mentions.append(mention)
            used_sentences.add(mention.sentence)
    return mentions


def _first_in_noun_chunk(
    facts: ArticleFacts, phrase: str, used_sentences: set[int]
) -> Mention | None:
    pattern = re.compile(rf"\b{re.escape(phrase)}\b")
    for sentence in facts.sentences:
        if sentence.index in used_sentences:
            continue
        for chunk in sentence.span.noun_chunks:
            match = pattern.search(chunk.text)
            if match is None or chunk.root.pos_ != "NOUN":
                continue
            if not chunk.text[match.end() :].strip() == "":
                continue  # the phrase must end where its noun phrase ends
            start = sentence.start + (chunk.start_char - sentence.span.start_char) + match.start()
            return Mention(
                phrase, start, start + len(phrase), "other", "keyphrase", sentence.index, phrase
            )
    return None
