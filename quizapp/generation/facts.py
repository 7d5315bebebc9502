"""What an article states: sentences, typed mentions, people with their roles, and quotations.

    paragraphs ─► spaCy docs ─► sentences ─► mentions (typed, guarded against weak labels)
                                    │            └─► people (people.py: name, title, role)
                                    └─► quotations (quotes.py) ─► speaker, within the paragraph

Offsets are character offsets into the text that was given, which holds the paragraphs.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from quizapp.generation import gazetteer
from quizapp.generation.nlp import parse_paragraphs
from quizapp.generation.people import (
    Person,
    clean_name,
    collect_people,
    person_named,
    strip_title,
    vouched_people,
)
from quizapp.generation.quality import fold
from quizapp.generation.quotes import Quote, collect_quotes, run_on_pairs
from quizapp.generation.wordlists import LOCATIVE_PREPOSITIONS

# The fact types that are names: a distractor for one must not share a word with the prompt.
NAMED_TYPES = frozenset({"person", "place", "organization", "group"})


@dataclass(frozen=True)
class Mention:
    """A typed piece of the body that a question can ask about."""

    text: str
    start: int
    end: int
    fact_type: str  # person | place | organization | group | date | number | role | other
    subtype: str  # e.g. month_day, weekday, count, money, percent, country, code
    sentence: int
    canonical: str  # the name choices use: the full name of a person, the text otherwise


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    span: Span
    text: str


@dataclass
class ArticleFacts:
    body: str
    sentences: list[Sentence]
    mentions: list[Mention]
    people: dict[str, Person]
    quotes: list[Quote]
    quoted_ranges: list[tuple[int, int]] = field(default_factory=list)
    phrase_index: dict[str, list[int]] = field(default_factory=dict)
    names_index: dict[tuple[str, str | None], list[str]] = field(default_factory=dict)
    title: str = ""  # the headline: what it states is no question to ask
    vouched: set[str] = field(default_factory=set)  # people the article shows to be people
    # What builders ask more than once of the whole article (its main country).
    memo: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def names_of(self, fact_type: str, subtype: str | None = None) -> list[str]:
        """Distinct canonical names of one type, in order of first appearance."""
        key = (fact_type, subtype)
        if key not in self.names_index:
            seen: dict[str, None] = {}
            for mention in self.mentions:
                if mention.fact_type == fact_type and subtype in (None, mention.subtype):
                    seen.setdefault(mention.canonical, None)
            self.names_index[key] = list(seen)
        return list(self.names_index[key])

    def sentences_with(self, phrase: str) -> list[Sentence]:
        """The sentences that hold ``phrase`` as a whole phrase ("four" is not "fourth");
        remembered, since distractors and explanations ask about the same names often."""
        if phrase not in self.phrase_index:
            # "4" is not in "$4.5 million" and "four" not in "fourth": whole phrases only.
            pattern = re.compile(
                rf"(?<![\w$€£.,-]){re.escape(phrase)}(?![\w-]|[.,]\d)", re.IGNORECASE
            )
            found = [s.index for s in self.sentences if pattern.search(s.text)]
            self.phrase_index[phrase] = found
        return [self.sentences[i] for i in self.phrase_index[phrase]]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that holds ``offset``, or the last one that starts before it."""
        starts = [sentence.start for sentence in self.sentences]
        return self.sentences[max(bisect.bisect_right(starts, offset) - 1, 0)]

    def in_quote(self, start: int, end: int) -> bool:
        """Whether the span lies inside a quotation (ranges are sorted and disjoint)."""
        index = bisect.bisect_right(self.quoted_ranges, (start, len(self.body))) - 1
        return index >= 0 and end <= self.quoted_ranges[index][1]


def extract_facts(
    body: str,
    paragraphs: list[tuple[int, str]],
    model: str | None = None,
    title: str = "",
) -> ArticleFacts:
    """Parse each paragraph (offset, text) of ``body`` and collect what the builders need."""
    docs = parse_paragraphs([text for _offset, text in paragraphs], model)
    offsets = [offset for offset, _text in paragraphs]
    # Each paragraph's quotation marks, found once: sentences, quotes and cloze checks use them.
    quotations = run_on_pairs([doc.text for doc in docs])
    sentences: list[Sentence] = []
    for p_index, doc in enumerate(docs):
        for span in _sentences_keeping_quotations_whole(doc, quotations[p_index]):
            start = offsets[p_index] + span.start_char
            text = span.text
            sentences.append(
                Sentence(len(sentences), p_index, start, start + len(text), span, text)
            )
    people = collect_people(docs)
    facts = ArticleFacts(body, sentences, [], people, [], title=title)
    facts.quoted_ranges = [
        (offsets[p] + a, offsets[p] + b) for p, pairs in enumerate(quotations) for a, b in pairs
    ]
    facts.mentions = _collect_mentions(docs, offsets, sentences, people)
    facts.quotes = collect_quotes(docs, quotations, offsets, sentences, people)
    facts.vouched = vouched_people(docs, people) | {quote.speaker for quote in facts.quotes}
    return facts


def _sentences_keeping_quotations_whole(doc: Doc, quotes: list[tuple[int, int]]) -> list[Span]:
    """spaCy's sentences, joined where a quotation (``quotes``: quote_pairs of the doc) runs
    across them, so that a source never starts or ends inside quotation marks (“…first bill
    arrives,” Aldana said.)."""
    merged: list[Span] = []
    for sent in doc.sents:
        inside = any(a < sent.start_char < b for a, b in quotes)
        if merged and inside:
            merged[-1] = doc[merged[-1].start : sent.end]
        else:
            merged.append(sent)
    return merged


# ── mentions ──────────────────────────────────────────────────────────────────────────────


def _collect_mentions(
    docs: list[Doc],
    offsets: list[int],
    sentences: list[Sentence],
    people: dict[str, Person],
) -> list[Mention]:
    labels = _majority_labels(docs)
    mentions: list[Mention] = []
    for sentence in sentences:
        offset, sent = offsets[sentence.paragraph], sentence.span
        for ent in sent.ents:
            typed = _type_mention(ent, people, labels)
            if typed is None:
                continue
            span, fact_type, subtype, canonical = typed
            start, end = offset + span.start_char, offset + span.end_char
            mentions.append(
                Mention(span.text, start, end, fact_type, subtype, sentence.index, canonical)
            )
        mentions.extend(_code_mentions(sent, offset, sentence.index))
        mentions.extend(_missed_counts(sent, offset, sentence.index))
    return [m for m in mentions if not _inside_a_score(m, sentences[m.sentence])]


# A score and its tiebreak, or a range of small figures: "6-4", "7-6 (5)", "a 2-1 win".
SCORE_RUN = re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}(?:\s*\(\d{1,2}\))?(?![\d-])")


def _inside_a_score(mention: Mention, sentence: Sentence) -> bool:
    """Whether a count is one figure of a score ("the 4 of 6-7 (4)"): the small model tags
    them as counts, and "all 18 teams" became "all 4 teams" in a false twin."""
    if mention.fact_type != "number" or mention.subtype == "score":
        return False
    start, end = mention.start - sentence.start, mention.end - sentence.start
    return any(
        run.start() <= start and end <= run.end() and (start, end) != run.span()
        for run in SCORE_RUN.finditer(sentence.text)
    )


COUNT = re.compile(r"\d{1,3}(?:,\d{3})*|\d+")


def _missed_counts(sent: Span, offset: int, s_index: int) -> list[Mention]:
    """A count in digits that the small model tagged no entity ("pinning 800 students
    inside"): a number that modifies a plural noun, not a year."""
    mentions = []
    for token in sent:
        if token.ent_type_ or token.dep_ != "nummod" or not COUNT.fullmatch(token.text):
            continue
        noun = token.head
        if noun.tag_ != "NNS" or noun.i != token.i + 1:
            continue  # "800 students", not "800 of them" nor "the 800-strong crowd"
        if gazetteer.number_shape(token.text, "CARDINAL") != "count":
            continue  # "2019 elections": a year, which the date shapes cover
        start = offset + token.idx
        subtype = f"count:{noun.lemma_.lower()}"
        end = start + len(token.text)
        mentions.append(Mention(token.text, start, end, "number", subtype, s_index, token.text))
    return mentions


def _majority_labels(docs: list[Doc]) -> dict[str, str]:
    """One label per entity text, from all its mentions; a tie means the type is unsure."""
    votes: dict[str, Counter[str]] = {}
    for doc in docs:
        for ent in doc.ents:
            votes.setdefault(fold(ent.text), Counter())[ent.label_] += 1
    labels = {}
    for text, counter in votes.items():
        ranked = counter.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            labels[text] = ranked[0][0]
    return labels


def _type_mention(
    ent: Span, people: dict[str, Person], labels: dict[str, str]
) -> tuple[Span, str, str, str] | None:
    label = labels.get(fold(ent.text))
    if label is None:
        return None
    known = person_named(clean_name(ent.text), people)
    if known is not None and label in {"ORG", "GPE", "NORP", "LOC"}:
        return ent, "person", "person", known.name  # "Raman said", tagged as an organization
    if label == "PERSON":
        span, _title = strip_title(ent)
        if span is None:
            return None
        name = clean_name(span.text)
        owner = person_named(name, people)
        return (span, "person", "person", owner.name) if owner else None
    if label in {"GPE", "LOC"}:
        return _place(ent, label)
    if label == "ORG":
        return _organization(ent)
    if label == "NORP":
        if ent.root.tag_ in {"NNPS", "NNS"} or (
            ent.root.text.endswith("s") and ent.root.dep_ != "amod"
        ):
            kind = "party" if ent.root.lower_ in gazetteer.PARTY_WORDS else "people"
            return ent, "group", kind, _strip_the(ent.text)
        return None
    if label == "DATE":
        subtype = gazetteer.date_shape(ent.text)
        return (
            (_trim_possessive(ent), "date", subtype, _trim_possessive(ent).text)
            if subtype
            else None
        )
    if label in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}:
        subtype = gazetteer.number_shape(ent.text, label)
        if subtype in {"count", "quantity"}:
            subtype = f"{subtype}:{_unit(ent)}"  # a count of deaths is no count of tanks
        return (ent, "number", subtype, ent.text) if subtype else None
    return None


def _unit(ent: Span) -> str:
    """What a number counts: the noun it modifies, or its own last word ("12 kilometres")."""
    head = ent.root
    if head.dep_ == "nummod" or (
        head.dep_ in {"quantmod", "compound"} and head.head.pos_ == "NOUN"
    ):
        return head.head.lemma_.lower()
    if ent[-1].pos_ == "NOUN":
        return ent[-1].lemma_.lower()
    return "?"


def _place(ent: Span, label: str) -> tuple[Span, str, str, str] | None:
    text = _strip_the(ent.text)
    if gazetteer.is_country(text):
        return ent, "place", "country", ent.text
    head = ent.root
    while head.dep_ == "conj" and head.head != head:
        head = head.head  # "in Moscow and St. Petersburg": St. Petersburg is in the phrase too
    in_locative_phrase = head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPOSITIONS
    in_locative_phrase = in_locative_phrase or (
        head.dep_ == "compound"
        and head.head.dep_ == "pobj"
        and head.head.head.lower_ in LOCATIVE_PREPOSITIONS | {"of"}
        and head.head.lower_ in {"province", "region", "county", "city", "state", "district"}
    )
    if label == "GPE" and in_locative_phrase:
        return ent, "place", "city", ent.text
    if label == "LOC" and in_locative_phrase and text[:1].isupper():
        return ent, "place", "region", ent.text
    return None


def _organization(ent: Span) -> tuple[Span, str, str, str] | None:
    tokens = list(ent)
    if tokens[0].lower_ in gazetteer.NAMED_WEATHER:
        return None  # "Hurricane Harvey" is no organization
    if tokens[-1].lower_ in gazetteer.FUNCTION_WORDS or tokens[-1].is_punct:
        return None  # a clipped span such as "the Institute of Marine Science at"
    if any(t.is_title and t.lower_ in gazetteer.FUNCTION_WORDS for t in tokens[1:]):
        return None  # a headline fragment such as "Russian And U.S. Forces"
    last = tokens[-1]
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if following is not None and gazetteer.is_title_word(following.text):
        return None  # "Defense" in "Defense Secretary Jim Mattis"
    if len(tokens) == 1 and (last.pos_ != "PROPN" or gazetteer.is_title_word(last.text)):
        return None
    if any(t.like_num for t in tokens) or not any(t.text[:1].isupper() for t in tokens):
        return None
    return ent, "organization", gazetteer.organization_kind(ent.text), ent.text


def _code_mentions(sent: Span, offset: int, s_index: int) -> list[Mention]:
    """Model designations such as "T-72" or "F-35", which spaCy labels unreliably."""
    mentions = []
    for token in sent:
        if gazetteer.CODE.fullmatch(token.text) and token.i + 1 < len(token.doc):
            following = token.doc[token.i + 1]
            if following.pos_ == "NOUN" and following.is_lower:
                start = offset + token.idx
                mentions.append(
                    Mention(
                        token.text,
                        start,
                        start + len(token.text),
                        "other",
                        "code",
                        s_index,
                        token.text,
                    )
                )
    return mentions


def _trim_possessive(ent: Span) -> Span:
    if len(ent) > 1 and ent[-1].text in {"’s", "'s"}:
        return ent[:-1]
    return ent


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
