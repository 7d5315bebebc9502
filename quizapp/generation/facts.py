"""What an article states: sentences, typed mentions, people with their roles, and quotations.

    paragraphs ─► spaCy docs ─► sentences ─► mentions (typed, guarded against weak labels)
                                    │            └─► people (full name, surname, title, role)
                                    └─► quotations ─► speaker, resolved within the paragraph

Offsets are character offsets into the body, the paragraphs joined by one blank line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from quizapp.generation import gazetteer
from quizapp.generation.nlp import parse_paragraphs

PARAGRAPH_SEPARATOR = "\n\n"
SPEECH_VERBS = {
    "say",
    "tell",
    "state",
    "add",
    "ask",
    "note",
    "explain",
    "warn",
    "respond",
    "declare",
    "insist",
    "write",
    "claim",
    "announce",
    "reply",
    "answer",
    "argue",
    "remark",
    "recall",
    "admit",
    "acknowledge",
    "conclude",
    "continue",
    "comment",
    "describe",
    "put",
    "suggest",
}
LOCATIVE_PREPOSITIONS = {
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "across",
    "outside",
    "around",
    "inside",
    "toward",
    "towards",
    "throughout",
    "within",
    "between",
}
MIN_QUOTE_WORDS = 4
ROLE_STOPS = {",", "who", "whose", "which", "that", "(", "—", "–", ".", ";", "“", '"'}
OPENING_QUOTES = '“"'
CLOSING_QUOTES = '”"'


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
class Person:
    name: str
    surname: str
    title: str | None = None
    role: str | None = None
    mentions: int = 0


@dataclass(frozen=True)
class Quote:
    """A direct quotation of a named speaker, with the sentence(s) that prove who said it."""

    text: str
    start: int
    end: int
    speaker: str
    source_start: int
    source_end: int
    occasion: str


@dataclass
class ArticleFacts:
    body: str
    title: str | None
    sentences: list[Sentence]
    mentions: list[Mention]
    people: dict[str, Person]
    quotes: list[Quote]
    quoted_ranges: list[tuple[int, int]] = field(default_factory=list)

    def names_of(self, fact_type: str, subtype: str | None = None) -> list[str]:
        """Distinct canonical names of one type, in order of first appearance."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            if mention.fact_type == fact_type and subtype in (None, mention.subtype):
                seen.setdefault(mention.canonical, None)
        return list(seen)

    def in_quote(self, start: int, end: int) -> bool:
        return any(q_start <= start and end <= q_end for q_start, q_end in self.quoted_ranges)


def extract_facts(
    body: str,
    paragraphs: list[tuple[int, str]],
    title: str | None = None,
    model: str | None = None,
) -> ArticleFacts:
    """Parse each paragraph (offset, text) of ``body`` and collect what the builders need."""
    docs = parse_paragraphs([text for _offset, text in paragraphs], model)
    offsets = [offset for offset, _text in paragraphs]
    sentences: list[Sentence] = []
    for p_index, doc in enumerate(docs):
        for sent in doc.sents:
            start = offsets[p_index] + sent.start_char
            text = sent.text
            sentences.append(
                Sentence(len(sentences), p_index, start, start + len(text), sent, text)
            )
    people = _collect_people(docs)
    facts = ArticleFacts(body, title, sentences, [], people, [])
    facts.quoted_ranges = [
        (offsets[p] + a, offsets[p] + b)
        for p, doc in enumerate(docs)
        for a, b in _quote_pairs(doc.text)
    ]
    facts.mentions = _collect_mentions(docs, offsets, sentences, people, facts)
    facts.quotes = _collect_quotes(docs, offsets, sentences, people)
    return facts


# ── people ────────────────────────────────────────────────────────────────────────────────


def _collect_people(docs: list[Doc]) -> dict[str, Person]:
    """Full names with their titles and appositive roles; surnames map to the full name."""
    people: dict[str, Person] = {}
    singles: list[Span] = []
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name_span, title = _strip_title(ent)
            if name_span is None or not _looks_like_person(name_span):
                continue
            if len(name_span) == 1:
                singles.append(name_span)
                continue
            name = _clean_name(name_span.text)
            person = people.setdefault(name, Person(name, name.split()[-1]))
            person.mentions += 1
            person.title = person.title or title
            person.role = person.role or _appositive_role(name_span)
    for span in _titled_names(docs):
        # "striker Tomás Reyes": a title before proper nouns marks a person spaCy missed.
        name = _clean_name(span.text)
        if name not in people and not any(name in p.name for p in people.values()):
            people[name] = Person(name, name.split()[-1], span.doc[span.start - 1].text)
    for span in singles:
        surname = _clean_name(span.text)
        owner = next((p for p in people.values() if p.surname == surname), None)
        if owner is not None:
            owner.mentions += 1
        elif _is_known_single_name(span) and not _starts_other_name(span, docs):
            people.setdefault(surname, Person(surname, surname, mentions=0)).mentions += 1
    return people


def _titled_names(docs: list[Doc]) -> list[Span]:
    found = []
    for doc in docs:
        for token in doc[:-2]:
            if not gazetteer.is_title_word(token.text) or token.ent_type_ not in {"", "PERSON"}:
                continue
            end = token.i + 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
                end += 1
            if 2 <= end - token.i - 1 <= 3 and not any(
                doc[i].ent_type_ in {"ORG", "GPE", "LOC", "FAC"} for i in range(token.i + 1, end)
            ):
                found.append(doc[token.i + 1 : end])
    return found


def _strip_title(ent: Span) -> tuple[Span | None, str | None]:
    """Split "Treasurer Maria Chen" into the name and its title; add titles spaCy left out."""
    start = ent.start
    while start < ent.end and gazetteer.is_title_word(ent.doc[start].text):
        start += 1
    title_start = start
    while title_start > 0:
        previous = ent.doc[title_start - 1]
        if previous.is_title and previous.dep_ == "compound" and not previous.is_sent_start:
            title_start -= 1
        elif previous.is_title and gazetteer.is_title_word(previous.text):
            title_start -= 1
        else:
            break
    if start >= ent.end:
        return None, None
    title = ent.doc[title_start:start].text if title_start < start else None
    return ent.doc[start : ent.end], title


def _looks_like_person(span: Span) -> bool:
    """The small model tags some places as people ("near Al Tabiyeh"); refuse those."""
    if any(token.lower_ in gazetteer.ORGANIZATION_WORDS for token in span):
        return False
    if not all(token.text[:1].isupper() for token in span if token.is_alpha):
        return False
    if any(token.like_num or token.text in {"’s", "'s"} for token in span):
        return False
    head = span.root
    preposition = head.head if head.dep_ == "pobj" else None
    return not (preposition is not None and preposition.lower_ in LOCATIVE_PREPOSITIONS - {"to"})


def _starts_other_name(span: Span, docs: list[Doc]) -> bool:
    """ "Westhaven" alone is no person when the article has "Westhaven General Hospital"."""
    word = span.text
    return any(
        len(ent) > 1 and ent[0].text == word and ent.label_ != "PERSON"
        for doc in docs
        for ent in doc.ents
    )


def _is_known_single_name(span: Span) -> bool:
    """A lone surname counts as a person when the parse treats it as one (not a place)."""
    return span.root.pos_ == "PROPN" and span.text.lower() not in gazetteer.COUNTRY_ALIASES


def _clean_name(text: str) -> str:
    return re.sub(r"(['’]s)$", "", text).strip(" ,.")


def _appositive_role(name: Span) -> str | None:
    """ "Grigory Yavlinsky, a veteran liberal politician who …": "a veteran liberal politician".

    Read off the text between the name's comma and the next comma or relative pronoun, since
    the small model splits words such as "co-author" into several appositions."""
    doc = name.doc
    if name.end + 1 >= len(doc) or doc[name.end].text != ",":
        return None
    if not any(t.dep_ == "appos" for t in name.root.children):
        return None
    stop = name.end + 1
    while stop < len(doc) and doc[stop].text not in ROLE_STOPS and stop - name.end <= 14:
        stop += 1
    role = doc[name.end + 1 : stop]
    if not 1 <= len(role) <= 12 or not any(t.pos_ == "NOUN" for t in role):
        return None
    if role[0].pos_ not in {"DET", "ADJ", "NOUN", "PROPN"} or stop >= len(doc):
        return None
    return role.text


# ── mentions ──────────────────────────────────────────────────────────────────────────────


def _collect_mentions(
    docs: list[Doc],
    offsets: list[int],
    sentences: list[Sentence],
    people: dict[str, Person],
    facts: ArticleFacts,
) -> list[Mention]:
    sentence_at = {(s.paragraph, s.span.start): s.index for s in sentences}
    labels = _majority_labels(docs)
    mentions: list[Mention] = []
    for p_index, doc in enumerate(docs):
        for sent in doc.sents:
            s_index = sentence_at[(p_index, sent.start)]
            for ent in sent.ents:
                typed = _type_mention(ent, people, labels)
                if typed is None:
                    continue
                span, fact_type, subtype, canonical = typed
                start = offsets[p_index] + span.start_char
                end = offsets[p_index] + span.end_char
                mentions.append(
                    Mention(span.text, start, end, fact_type, subtype, s_index, canonical)
                )
            mentions.extend(_code_mentions(sent, offsets[p_index], s_index))
    return mentions


def _majority_labels(docs: list[Doc]) -> dict[str, str]:
    """One label per entity text, from all its mentions; a tie means the type is unsure."""
    votes: dict[str, Counter[str]] = {}
    for doc in docs:
        for ent in doc.ents:
            votes.setdefault(_fold(ent.text), Counter())[ent.label_] += 1
    labels = {}
    for text, counter in votes.items():
        ranked = counter.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            labels[text] = ranked[0][0]
    return labels


def _type_mention(
    ent: Span, people: dict[str, Person], labels: dict[str, str]
) -> tuple[Span, str, str, str] | None:
    label = labels.get(_fold(ent.text))
    if label is None:
        return None
    if label == "PERSON":
        span, _title = _strip_title(ent)
        if span is None:
            return None
        name = _clean_name(span.text)
        owner = people.get(name) or next((p for p in people.values() if p.surname == name), None)
        return (span, "person", "person", owner.name) if owner else None
    if label in {"GPE", "LOC"}:
        return _place(ent, label)
    if label == "ORG":
        return _organization(ent)
    if label == "NORP":
        if ent.root.tag_ in {"NNPS", "NNS"} or (
            ent.root.text.endswith("s") and ent.root.dep_ != "amod"
        ):
            return ent, "group", "group", _strip_the(ent.text)
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
    return ent, "organization", "organization", ent.text


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


def _fold(text: str) -> str:
    return "".join(ch for ch in _strip_the(text).casefold() if ch.isalnum())


# ── quotations ────────────────────────────────────────────────────────────────────────────


def _quote_pairs(text: str) -> list[tuple[int, int]]:
    """Inner ranges of balanced quotation marks; an unmatched mark is ignored."""
    pairs, open_at = [], None
    for index, char in enumerate(text):
        if char == "“" or (char == '"' and open_at is None):
            open_at = index + 1
        elif (char == "”" or char == '"') and open_at is not None:
            pairs.append((open_at, index))
            open_at = None
    return pairs


def _collect_quotes(
    docs: list[Doc], offsets: list[int], sentences: list[Sentence], people: dict[str, Person]
) -> list[Quote]:
    quotes: list[Quote] = []
    quote_paragraph: dict[int, int] = {}
    for p_index, doc in enumerate(docs):
        paragraph_sentences = [s for s in sentences if s.paragraph == p_index]
        for inner_start, inner_end in _quote_pairs(doc.text):
            inner = doc.text[inner_start:inner_end].strip()
            if len(inner.split()) < MIN_QUOTE_WORDS:
                continue  # a scare quote such as “scores”, not a quotation
            touched = [
                s
                for s in paragraph_sentences
                if s.span.start_char < inner_end + 1 and s.span.end_char > inner_start - 1
            ]
            speaker, occasion, extra = _attribute(doc, inner_start, inner_end, touched, people)
            if speaker is None:
                # “A,” X said. “B.”: B is X's too; otherwise the subject of the sentence before.
                earlier = [q for i, q in enumerate(quotes) if quote_paragraph[i] == p_index]
                speaker, extra = _paragraph_speaker(earlier, touched, paragraph_sentences, people)
            if speaker is None:
                continue
            source = sorted(
                {s.index: s for s in [*touched, *extra]}.values(), key=lambda s: s.index
            )
            surname = people[speaker].surname
            while (
                surname not in " ".join(s.text for s in source)
                and source[0].index > paragraph_sentences[0].index
            ):
                # "he said": the proof must reach back to the sentence that names him.
                source.insert(
                    0, next(s for s in paragraph_sentences if s.index == source[0].index - 1)
                )
            quote_paragraph[len(quotes)] = p_index
            quotes.append(
                Quote(
                    inner,
                    offsets[p_index] + inner_start,
                    offsets[p_index] + inner_end,
                    speaker,
                    source[0].start,
                    source[-1].end,
                    occasion,
                )
            )
    return quotes


def _paragraph_speaker(
    earlier: list[Quote],
    touched: list[Sentence],
    paragraph_sentences: list[Sentence],
    people: dict[str, Person],
) -> tuple[str | None, list[Sentence]]:
    """The speaker of an unattributed quotation, from its own paragraph only."""
    if earlier:
        first = next(
            s for s in paragraph_sentences if s.start <= earlier[-1].source_start < s.end + 1
        )
        last = touched[-1].index
        return earlier[-1].speaker, [
            s for s in paragraph_sentences if first.index <= s.index <= last
        ]
    before = [s for s in paragraph_sentences if s.index == touched[0].index - 1]
    if not before:
        return None, []
    subject = _subject_of(before[0].span.root)
    if subject is None:
        return None, []
    name = _resolve_speaker(subject, subject.doc, people)
    return (name, before) if name and subject.pos_ == "PROPN" else (None, [])


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _attribute(
    doc: Doc,
    inner_start: int,
    inner_end: int,
    touched: list[Sentence],
    people: dict[str, Person],
) -> tuple[str | None, str, list[Sentence]]:
    """Find who said the quotation, within its paragraph only (GENERATION.md, fault 1)."""
    outside = [t for s in touched for t in s.span if not (inner_start - 1 <= t.idx < inner_end + 1)]
    speaker = _speaker_from_tokens(outside, doc, people)
    extra: list[Sentence] = []
    if speaker is None:
        return None, "", extra
    occasion = " ".join(t.text for t in outside if not t.is_punct or t.text in ",")
    occasion = re.sub(r"\s+([,.;:’'])", r"\1", occasion).strip(" ,:")
    return speaker, occasion, extra


def _speaker_from_tokens(tokens: list[Token], doc: Doc, people: dict[str, Person]) -> str | None:
    for token in tokens:
        if token.lemma_.lower() not in SPEECH_VERBS and not _is_statement_noun(token):
            continue
        for verb in _verb_chain(token):
            for child in verb.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    found = _resolve_speaker(child, doc, people)
                    if found:
                        return found
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(doc):
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            for candidate in objects:
                found = _resolve_speaker(candidate, doc, people)
                if found:
                    return found
    return None


def _is_statement_noun(token: Token) -> bool:
    return token.lower_ in {"statement", "stating", "saying"}


def _verb_chain(token: Token) -> list[Token]:
    """The speech verb and the verbs it hangs from: "X responded … saying" reaches X."""
    chain = [token]
    while chain[-1].dep_ in {"advcl", "xcomp", "conj", "dobj", "pobj", "prep", "acl"}:
        chain.append(chain[-1].head)
        if len(chain) > 5:
            break
    return chain


def _resolve_speaker(token: Token, doc: Doc, people: dict[str, Person]) -> str | None:
    """A full name, a surname, a title ("the mayor") or he/she resolved in the paragraph."""
    if token.lower_ in {"he", "she"}:
        before = [p for p in _people_named_before(doc, token.idx, people)]
        return before[-1] if before else None
    subject = " ".join(t.text for t in token.subtree if t.dep_ not in {"det", "punct", "appos"})
    subject_text = _clean_name(doc[token.left_edge.i : token.i + 1].text)
    for person in people.values():
        if person.name in subject_text or person.name in subject:
            return person.name
    for person in people.values():
        if token.text == person.surname and len(person.name.split()) > 1:
            return person.name
    for person in people.values():
        described = " ".join(x for x in (person.title, person.role) if x).lower()
        if token.pos_ == "NOUN" and token.lower_ in described.split():
            return person.name
    return None


def _people_named_before(doc: Doc, position: int, people: dict[str, Person]) -> list[str]:
    named = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start_char < position:
            name_span, _title = _strip_title(ent)
            name = _clean_name(name_span.text) if name_span is not None else ""
            owner = people.get(name) or next(
                (p for p in people.values() if p.surname == name), None
            )
            if owner is not None:
                named.append(owner.name)
    return named
