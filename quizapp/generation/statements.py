"""A sentence's main fact as a plain statement, for true/false questions.

    "According to U.S. military sources, the decision to deploy the drone was taken after it
     advanced to within firing range."  ─►  "The decision to deploy the drone was taken."

A statement is the main clause alone: no attribution ("X said that", "according to X"), no
subordinate or relative clause, no second clause joined by "and" or "but", no opening
connective. Copying the whole sentence would test recognition, not understanding; a clause that
cannot stand alone (a pronoun subject, no verb, too short) gives no statement, and neither
does one that would keep any of a quotation's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from quizapp.generation.facts import Sentence
from quizapp.generation.quotes import quote_pairs, subject_of
from quizapp.generation.wh import open_or_forecast, render
from quizapp.generation.wordlists import CONNECTIVES, REPORTING_VERBS

# Dependents that carry a second fact, a circumstance or an aside.
SIDE_DEPENDENTS = frozenset("advcl relcl appos parataxis preconj meta discourse intj".split())
# Prepositions that open a circumstance, not the fact: "Despite the clear indications …".
SIDE_PREPOSITIONS = frozenset({"despite", "amid", "following", "according"})
MIN_WORDS, MAX_WORDS = 6, 26
QUOTE_MARKS = frozenset('“”"‘’')


@dataclass(frozen=True)
class Statement:
    """The statement's text and the body offsets of the tokens it keeps, in order."""

    text: str
    spans: tuple[tuple[int, int], ...]  # (start, end) in the body of each kept token
    opens_with_name: bool = False  # whether the first word keeps its capital mid-sentence

    def holds(self, start: int, end: int) -> bool:
        """Whether a body span lies within the kept tokens (a fact the statement states)."""
        return any(a <= start < b for a, b in self.spans) and any(
            a < end <= b for a, b in self.spans
        )


def main_statement(sentence: Sentence) -> Statement | None:
    """The sentence's main clause as a statement that stands alone, or None."""
    span = sentence.span
    if "?" in span.text or not span.text.rstrip().endswith("."):
        return None
    clause = _reported_clause(span.root)
    return None if clause is None else _clause_statement(sentence, clause)


def clause_of(token: Token) -> Token:
    """The nearest clause above ``token`` with a subject of its own, or the sentence's root."""
    node = token
    while node.head != node:
        if node.pos_ in {"VERB", "AUX"} and node.dep_ in {"ccomp", "advcl", "conj"}:
            if subject_of(node) is not None:
                return node
        node = node.head
    return node


def clause_statement(
    sentence: Sentence, clause: Token, without: frozenset[int] = frozenset()
) -> Statement | None:
    """The statement of one clause (``clause_of`` a fact's token): the main clause, or a clause
    of its own ("… when Reuters reported that forces repulsed an attack on February 7" gives
    "Forces repulsed an attack on February 7."); ``without`` names tokens to leave out too
    (the date of an event whose order is asked)."""
    if clause.dep_ == "ROOT" and not without:
        return main_statement(sentence)
    if "?" in sentence.span.text:
        return None
    if clause.dep_ == "ROOT":
        reported = _reported_clause(clause)
        if reported is None:
            return None
        clause = reported
    return _clause_statement(sentence, clause, without)


def _clause_statement(
    sentence: Sentence, clause: Token, without: frozenset[int] = frozenset()
) -> Statement | None:
    if sentence.span.root.tag_ == "POS":
        return None  # "Disney ’s $6.99 service is stocked …" parsed as "Disney is": no clause
    if open_or_forecast(clause):
        return None
    subject = subject_of(clause)
    if (
        subject is None
        or subject.pos_ == "PRON"
        or any(t.tag_ in {"WDT", "WP", "WP$", "WRB"} for t in subject.subtree)
    ):
        return None  # "how many Russians had been killed" is a question, not a statement
    keep = [t for t in clause.subtree if t.i not in without and not _dropped(t, clause)]
    keep = _trim_edges(keep)
    if _cuts_an_argument(keep, without) or _runs_on(keep):
        return None
    return _statement_of(sentence, keep, {clause})


def conjoined_statement(sentence: Sentence, verb: Token) -> Statement | None:
    """A second verb phrase with the subject it shares: "The team has placed 40 loggers and
    plans to return in February 2026" gives "The team plans to return in February 2026.",
    one fact, where the sentence whole would show the other fact beside the blank."""
    head = verb.head
    if verb.dep_ != "conj" or verb.pos_ != "VERB" or subject_of(verb) is not None:
        return None
    subject = subject_of(head) if head.pos_ in {"VERB", "AUX"} else None
    if subject is None or subject.pos_ == "PRON" or "?" in sentence.span.text:
        return None
    if any(t.tag_ in {"WDT", "WP", "WP$", "WRB"} for t in subject.subtree):
        return None
    keep = [t for t in subject.subtree if not _dropped(t, head)]
    keep += [t for t in verb.subtree if not _dropped(t, verb)]
    keep = _trim_edges(keep)
    if _cuts_an_argument(keep, frozenset()) or _runs_on(keep):
        return None
    return _statement_of(sentence, keep, {verb, subject})


# What a verb or a preposition needs to say what it says: cut off, the statement is a stub
# ("… pleaded guilty to threatening to assault.", "… tearfully asked before apologizing").
CORE_ARGUMENTS = frozenset("dobj ccomp xcomp pobj attr acomp oprd dative agent pcomp".split())


def _cuts_an_argument(keep: list[Token], without: frozenset[int]) -> bool:
    """Whether a kept word lost an object or a complement (other than ``without``, the
    words a caller leaves out on purpose)."""
    kept = {t.i for t in keep}
    for token in keep:
        cut = [c for c in token.children if c.i not in kept and c.i not in without]
        if any(c.dep_ in CORE_ARGUMENTS or restrictive_clause(c) for c in cut):
            return True
        # "to assault and murder a congresswoman": the object the verbs share hangs from the
        # second, which goes with the second clause.
        if token.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in token.children):
            if any(c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children) for c in cut):
                return True
    return False


def restrictive_clause(token: Token) -> bool:
    """A relative clause with no comma before it on a noun with "the": it says which one
    ("to the point where he couldn't walk"), so the noun without it says nothing."""
    if token.dep_ != "relcl" or token.left_edge.i == 0:
        return False
    before = token.doc[token.left_edge.i - 1]
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.head.children)
    return definite and not before.is_punct


def _runs_on(keep: list[Token]) -> bool:
    """Whether two clauses run together once a connective or comma between them is dropped
    ("Rafael Nadal kept Spain’s hopes alive Marcel Granollers … completed the comeback")."""
    kept = {t.i for t in keep}
    position = {t.i: n for n, t in enumerate(keep)}
    for token in keep:
        subjects = [c for c in token.children if c.dep_ in CLAUSE_SUBJECTS and c.i in kept]
        if token.dep_ not in {"conj", "parataxis", "ccomp"} or not subjects:
            continue
        if token.head.i not in kept:
            continue
        places = [position[t.i] for t in token.subtree if t.i in position]
        first, last = min(places), max(places)
        # The clause and its head meet at its first word, or at its last where it comes first.
        at = first - 1 if token.i > token.head.i else last + 1
        if 0 <= at < len(keep) and not _joins(keep[at]):
            return True
    return False


CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _joins(token: Token) -> bool:
    """A comma, a conjunction or a "that" between two clauses."""
    return token.is_punct or token.dep_ in {"cc", "mark"}


def _statement_of(sentence: Sentence, keep: list[Token], heads: set[Token]) -> Statement | None:
    """The kept tokens as a statement that reads alone, or None; ``heads`` are the tokens
    whose own heads may be left out (the clause's verb, a shared subject)."""
    span = sentence.span
    quoted = quote_pairs(span.text)
    if any(a <= t.idx - span.start_char < b for t in keep for a, b in quoted):
        return None  # a speaker's words are theirs: never stated as a fact to judge
    if any(t.text in QUOTE_MARKS for t in keep):
        return None
    words = [t for t in keep if not t.is_punct]
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in keep):
        return None
    kept = {t.i for t in keep}
    if any(t not in heads and t.head.i not in kept for t in keep):
        return None  # a piece cut from its head would not read as a sentence
    text = re.sub(r"\s+([,.;:!?’”)])", r"\1", render(keep).strip())
    if text.count("(") != text.count(")") or "()" in text:
        return None  # an aside half dropped: "Rep. Patrick Carlineo Jr () shortly …"
    text = text[0].upper() + text[1:]
    text = text.rstrip(" ,;:—–-")
    text = text if text.endswith(".") else text + "."  # "… at 5:30 a.m." has its full stop
    offset = sentence.start - span.start_char
    spans = tuple((offset + t.idx, offset + t.idx + len(t.text)) for t in keep)
    named = keep[0].pos_ == "PROPN" or keep[0].ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
    return Statement(text, spans, named)


def _reported_clause(root: Token) -> Token | None:
    """ "Officials told reporters that the drone destroyed a tank": the reported clause."""
    if root.lemma_ in REPORTING_VERBS:
        reported = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}]
        reporter = subject_of(root)
        if reporter is not None and has_a_view(reporter):
            return None  # what a named person says is their claim, not a fact to judge
        if len(reported) == 1:
            return reported[0]
    return root


def has_a_view(reporter: Token) -> bool:
    """A reporter whose report is a view: a person ("Volker and Morrison said …", whose
    surnames the small model may tag nothing) or a poll ("70 percent of Americans say …");
    not an office or an outlet ("The Pentagon said", "Reuters reported")."""
    if reporter.ent_type_ == "PERSON":
        return True
    if reporter.pos_ == "PROPN" and reporter.ent_type_ not in {"ORG", "GPE", "NORP", "FAC"}:
        return True
    return any(t.lower_ in POLL_WORDS for t in reporter.subtree)


# The share of people a poll asked: what they say is what they think.
POLL_WORDS = frozenset({"percent", "%", "majority", "plurality", "poll", "survey"})


def _dropped(token: Token, clause: Token) -> bool:
    """A token under a side dependent of the clause, or of the nouns around it."""
    if token.dep_ == "mark" and token.head == clause:
        return True  # the "that" of a reported clause
    if token.dep_ == "advmod" and token.tag_ == "WRB" and token.head == clause:
        return True  # the "when" of "when the British returned the territory"
    for node in [token, *token.ancestors]:
        if node == clause:
            return False
        if node.dep_ in SIDE_DEPENDENTS:
            return True
        if node.dep_ == "prep" and node.lower_ in SIDE_PREPOSITIONS:
            return True
        if node.dep_ in {"conj", "cc"} and node.head.pos_ in {"VERB", "AUX"}:
            return True  # a second clause: "… and blocked the Rukban crossing point"
        if node.dep_ == "advmod" and node.head == clause and node.lower_ in CONNECTIVES:
            return True
        if node.dep_ == "acl" and node.i > 0 and node.doc[node.i - 1].text == ",":
            return True  # ", marking the second strike …"
    return False


def _trim_edges(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in CONNECTIVES):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]  # "… unusual and inappropriate and." lost its second clause
    # A comma beside a dropped aside: "Jeffrey Harrigian, declined" reads broken.
    kept = {t.i for t in tokens}
    return [t for t in tokens if not (t.text == "," and not {t.i - 1, t.i + 1} <= kept)]
