"""Wh-questions by moving one phrase of a sentence out, only where the parse is safe.

    "On February 11, Russian forces reportedly clashed … near Al Tabiyeh."
      ─► When did Russian forces reportedly clash … near Al Tabiyeh?

The phrase must hang from the main clause (or from what a named source reported) through
plain noun and preposition links; the clause needs a named subject; the auxiliary inverts,
or "do" supports the verb. Anything else returns None and the builders fall back on a cloze.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from quizapp.generation import gazetteer
from quizapp.generation.facts import ArticleFacts, Mention, Sentence
from quizapp.generation.quotes import subject_of
from quizapp.generation.wordlists import (
    CLAUSE_TAKING_VERBS,
    CONNECTIVES,
    FORECAST_MODALS,
    OPEN_MARKS,
    REPORTING_VERBS,
    SPEECH_VERBS,
)

WH_BY_TYPE = {
    "person": "who",
    "organization": "which organization",
    "group": "which group",
    "place": "where",
    "date": "when",
}
SAFE_PATH = set(
    "nsubj nsubjpass dobj pobj prep compound nummod amod poss npadvmod attr agent dative "
    "quantmod appos conj cc".split()
)


def wh_question(sentence: Sentence, mention: Mention, facts: ArticleFacts) -> str | None:
    """Move the mention out as a wh-phrase where the parse is simple enough to trust."""
    span = sentence.span
    if any(ch in span.text for ch in '“”"?') or len(span) > 45:
        return None
    target = mention_tokens(span, mention, sentence)
    if target is None:
        return None
    clause, prefix = _clause_of(target.root)
    if clause is None or open_or_forecast(clause):
        return None
    if clause.dep_ == "ROOT" and any(c.dep_ == "mark" for c in clause.children):
        return None  # "… on Nov. 14 after the deal was approved": a side clause parsed as main
    subject = subject_of(clause)
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in gazetteer.FUNCTION_WORDS:
        return None
    removed, wh = _wh_phrase(target, mention, clause)
    if wh is None:
        return None
    if wh == "who" and clause.lemma_ in SPEECH_VERBS:
        return None  # "Who said the call was unusual?" asks for a quotation it does not show
    keep = [
        t
        for t in clause.subtree
        if t.i not in removed
        and not _leading_connective(t, clause)
        and not (t.dep_ == "mark" and t.head == clause)
        and not any(_side_clause(a, clause, subject) for a in [t, *t.ancestors])
    ]
    keep = [t for t in keep if not (t.dep_ == "punct" and t.i - 1 in removed and t.i < clause.i)]
    keep = _drop_trailing_clauses(keep, clause)
    if any(_run_on_clause(t, clause) for t in keep):
        return None
    while keep and keep[0].is_punct:
        keep = keep[1:]
    kept = {t.i for t in keep}
    if any(t != clause and t.head.i not in kept and not t.is_punct for t in keep):
        return None  # a fragment cut off from its head would not read as a question
    words: list[Token | str] | None = [wh, *keep] if subject.i in removed else None
    words = words or _invert(wh, keep, clause, subject)
    if words is None:
        return None
    if wh in {"when", "where"} and any(t.lower_ == wh for t in keep):
        return None  # "When do they meet again when …" asks two things
    if (
        wh in {"when", "where"}
        and clause.lemma_ == "be"
        and any(c.dep_ == "attr" for c in clause.children)
    ):
        return None  # "When was the last storm … Imelda?" reads as nonsense
    while len(words) > 1 and isinstance(words[1], Token) and words[1].is_punct:
        words.pop(1)  # "How many votes, or …" leaves no comma after the wh-phrase
    question = _finish(words, capitalised=_names(facts))
    return prefix + question[0].lower() + question[1:] if prefix else question


def open_or_forecast(clause: Token) -> bool:
    """A clause the article does not state as fact: an open question ("to establish whether
    Trump withheld aid") or a forecast passed on ("the Office projects that the tariffs will
    reduce growth"); cut from what frames it, it would read as a fact to judge or fill in."""
    return open_question(clause) or (
        clause.dep_ == "ccomp"
        and any(c.dep_ == "aux" and c.lower_ in FORECAST_MODALS for c in clause.children)
    )


def open_question(clause: Token) -> bool:
    """A clause opened by "whether" or "if": asked, not answered, by the article."""
    return any(c.dep_ == "mark" and c.lower_ in OPEN_MARKS for c in clause.children)


def _run_on_clause(token: Token, clause: Token) -> bool:
    """A clause with its own subject and no "that", under a verb that takes no clause: the
    parse of two sentences run together, which no question can be cut from."""
    return (
        token.dep_ == "ccomp"
        and token.head == clause
        and clause.lemma_ not in CLAUSE_TAKING_VERBS
        and subject_of(token) is not None
        and not any(c.dep_ == "mark" for c in token.children)
    )


def _side_clause(token: Token, clause: Token, subject: Token) -> bool:
    """Conjoined clauses, and clauses before the subject ("Born in Lagos, …", "Asked about
    it, …"), are left out of the question."""
    if token.head != clause or token == clause:
        return False
    if token.dep_ in {"conj", "cc"}:
        return True
    # Adverbials before the subject ("With the match heading for extra time, …", "By Tuesday
    # evening, …") would stand between the wh-word and the rest; the question does without.
    return token.i < subject.i and token.dep_ not in {"aux", "auxpass", "neg", "nsubj", "nsubjpass"}


def mention_tokens(span: Span, mention: Mention, sentence: Sentence) -> Span | None:
    start = mention.start - sentence.start + span.start_char
    return span.doc.char_span(start, start + len(mention.text))


def _clause_of(head: Token) -> tuple[Token | None, str]:
    """The clause to question: the nearest verb above the mention along a safe path, which
    must be the sentence's root or a clause that a named source reported ("X said that …")."""
    node = head
    while node.pos_ not in {"VERB", "AUX"} or node.dep_ in {"aux", "auxpass"}:
        if node.dep_ not in SAFE_PATH or node.head == node:
            return None, ""
        node = node.head
    if node.dep_ == "ROOT":
        return node, ""
    reporter = node.head
    if node.dep_ == "ccomp" and reporter.lemma_ in REPORTING_VERBS:
        subject = subject_of(reporter)
        if subject is not None and subject.pos_ != "PRON" and subject.lower_ != "who":
            source = render(list(subject.subtree))
            return node, f"According to {_lower_first(source)}, "
    return None, ""


def _wh_phrase(target: Span, mention: Mention, clause: Token) -> tuple[set[int], str | None]:
    head = target.root
    if mention.fact_type in {"date", "place"} and head.dep_ == "pobj" and head.head.head == clause:
        preposition = head.head
        removed = {t.i for t in preposition.subtree}
        if mention.fact_type == "date" and preposition.lower_ in {"on", "in", "during"}:
            return removed, "when" if mention.subtype != "weekday" else "on what day"
        if mention.subtype == "region":
            return set(), None  # the small model's LOC label is too weak to ask "where" on
        if mention.fact_type == "place" and preposition.lower_ in {"in", "at", "near", "inside"}:
            if any(c.dep_ == "conj" for c in head.children):
                return set(), None
            return removed, "where"
        return set(), None
    if mention.fact_type == "number":
        noun = head.head if head.dep_ == "nummod" else None
        if (
            noun is None
            or noun.pos_ != "NOUN"
            or mention.subtype.split(":")[0] not in {"count", "quantity"}
        ):
            return set(), None
        if noun.tag_ != "NNS" or any(
            t != head and t.dep_ not in {"det", "amod", "compound"} for t in noun.children
        ):
            # "the company’s five largest customers" does not invert, nor "four times this
            # month" ("How many times month …?")
            return set(), None
        words = [
            t.text
            for t in noun.subtree
            if t.i not in {x.i for x in head.subtree} and t.dep_ != "det"
        ]
        return {t.i for t in noun.subtree}, "how many " + " ".join(words)
    if mention.fact_type in {"person", "organization", "group", "place"} and head.dep_ in {
        "nsubj",
        "nsubjpass",
        "dobj",
    }:
        removed = {t.i for t in head.subtree}
        # An apposition says who the person is ("…, top U.S. Air Force general in the Middle
        # East, …"): it goes with the name and may hold any words.
        aside = {t.i for c in head.children if c.dep_ == "appos" for t in c.subtree}
        extra = [t for t in head.subtree if t.i not in {x.i for x in target} | aside]
        if any(
            t.dep_ not in {"det", "punct", "appos", "compound", "amod", "prep", "pobj", "case"}
            or (t.dep_ == "compound" and t.i > head.i)
            for t in extra
        ):
            return set(), None  # the entity is only part of its phrase
        if any(c.dep_ == "conj" for c in head.children):
            return set(), None  # "Moscow and St. Petersburg": one of two would be half an answer
        if head.dep_ == "dobj" and mention.fact_type == "place":
            return set(), None
        if mention.fact_type == "place":
            return removed, {"country": "which country", "city": "which city"}.get(
                mention.subtype, "which place"
            )
        return removed, WH_BY_TYPE[mention.fact_type]
    return set(), None


def _invert(wh: str, keep: list[Token], clause: Token, subject: Token) -> list[Token | str] | None:
    """Subject-auxiliary inversion, with do-support when the verb has no auxiliary."""
    auxiliaries = [
        t for t in keep if t.head == clause and t.dep_ in {"aux", "auxpass"} and t.i < clause.i
    ]
    subject_ids = {t.i for t in subject.subtree}
    subject_tokens: list[Token | str] = [t for t in keep if t.i in subject_ids]
    rest = [t for t in keep if t.i not in subject_ids and t.i > subject.i]
    before: list[Token | str] = [t for t in keep if t.i not in subject_ids and t.i < subject.i]
    if auxiliaries:
        first = auxiliaries[0]
        return [wh, first.lower_, *before, *subject_tokens, *[t for t in rest if t != first]]
    if clause.pos_ == "AUX" or clause.lemma_ == "be":
        return [wh, clause.lower_, *before, *subject_tokens, *[t for t in rest if t != clause]]
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(clause.tag_)
    if do is None:
        return None
    return [wh, do, *before, *subject_tokens, *[clause.lemma_ if t == clause else t for t in rest]]


def _leading_connective(token: Token, clause: Token) -> bool:
    """ "However," or "Recently," before the subject adds nothing to a question."""
    if token.i > clause.i:
        return False
    if token.head == clause and token.dep_ == "advmod" and token.lower_ in CONNECTIVES:
        return True
    if token.dep_ == "punct" and token.i > 0 and token.doc[token.i - 1].lower_ in CONNECTIVES:
        return True
    return False


def _drop_trailing_clauses(tokens: list[Token], clause: Token) -> list[Token]:
    """Cut ", marking …" and other participial tails: the question asks about the main clause."""
    for index, token in enumerate(tokens):
        if token.i > clause.i and token.text == "," and index + 1 < len(tokens):
            following = tokens[index + 1]
            if following.tag_ in {"VBG", "VBN"} or following.lower_ in {
                "while",
                "despite",
                "which",
                "although",
                "but",
                "and",
            }:
                return tokens[:index]
    return tokens


def render(words: Sequence[Token | str], capitalised: frozenset[str] = frozenset()) -> str:
    """Join tokens with the article's own spacing where they were neighbours ("$500", "co-op")."""
    text = ""
    for index, word in enumerate(words):
        if isinstance(word, str):
            piece = word
        elif word.i == word.sent.start and word.text not in capitalised and _lower_at_start(word):
            piece = word.text[0].lower() + word.text[1:]
        else:
            piece = word.text
        previous = words[index - 1] if index else None
        if previous is None:
            text = piece
        elif (
            not isinstance(previous, str) and not isinstance(word, str) and word.i == previous.i + 1
        ):
            text += previous.whitespace_ + piece
        else:
            text += " " + piece
    return text


NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"}


def _names(facts: ArticleFacts) -> frozenset[str]:
    """Words that keep their capital wherever they stand: the words of people's names."""
    return frozenset(word for person in facts.people for word in person.split())


def _lower_at_start(token: Token) -> bool:
    """A sentence's first word loses its capital in mid-question, unless it is a name."""
    if token.ent_type_ in NAME_LABELS or token.pos_ == "PROPN" or token.text == "I":
        return False
    # "More than 200 residents", "Several wounded": a figure or an adjective is no name.
    plain = {"DET", "PRON", "ADP", "ADV", "SCONJ", "CCONJ", "AUX", "PART", "NUM", "ADJ"}
    return token.pos_ in plain or token.lemma_.islower()


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.lower() in {"the", "a", "an"}:
        return text[0].lower() + text[1:]
    return text


def _finish(words: list[Token | str], capitalised: frozenset[str] = frozenset()) -> str:
    text = render(words, capitalised)
    text = re.sub(r"\s+([,.;:!?’”)])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text).rstrip(" ,.;:") + "?"
    return text[0].upper() + text[1:]
