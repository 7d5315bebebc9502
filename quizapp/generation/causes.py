"""Cause and effect: "Why did …?" from a link the article states in so many words.

    "Shares of construction goods giant Home Depot are dropping in premarket trading after
     the company cut full-year sales growth guidance."
      ─► Why are shares of construction goods giant Home Depot dropping in premarket trading,
         according to the article?  The company cut full-year sales growth guidance / …

Only explicit links count: "because", "because of", "due to", "owing to", "as a result of",
"in order to", "so that", "X led to Y", "X caused Y", "Y was caused by X", "X, leading to Y",
"X, resulting in Y" (the main clause is the cause). "After" gives a
reason only where the effect is a reaction (shares fell, a plan was shelved, a match was lost)
and no stretch of time stands before it ("a day after", "soon after" only date things); "since"
is left alone. The writer's own voice only: no quotation, opinion or hedge. A reason that is a
clause gets clauses as wrong choices, a noun phrase noun phrases, a purpose purposes: the
causes and effects of the article's other links first, then its other statements, never one
from the sentences around the link or about its effect (it might explain the effect too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Token

from quizapp.generation.explain import cite
from quizapp.generation.facts import ArticleFacts, Sentence
from quizapp.generation.kinds import FactType, Kind, Level
from quizapp.generation.quality import hedged, is_opinion, rule_violations, same_thing
from quizapp.generation.questions import Candidate, GeneratedQuestion
from quizapp.generation.quotes import subject_of
from quizapp.generation.statements import (
    QUOTE_MARKS,
    Statement,
    clause_statement,
)
from quizapp.generation.wh import render
from quizapp.generation.wordlists import (
    CONNECTIVES,
    DANGLING,
    PROMPT_STOP_WORDS,
    REPORTING_VERBS,
    SPEECH_VERBS,
)

CLAUSE, PHRASE, PURPOSE = "clause", "phrase", "purpose"  # what a reason is, and its choices
# "because of the storm", "due to the storm": the cue's words, one of which takes the cause.
PHRASE_CUES = (("because", "of"), ("due", "to"), ("owing", "to"), ("as", "a", "result", "of"))
# Any word a link needs: a sentence without one is passed over before its parse is walked.
CUE_WORDS = re.compile(
    r"(?i)\b(because|after|order|so|due|owing|result\w*|led|lead\w*|caus\w*|effort|attempt|bid)\b"
)
# X led to Y, X resulted in Y, X caused Y: the verb and the preposition before the effect.
CAUSING_VERBS = {"lead": "to", "result": "in", "cause": ""}
# "X, leading to Y": a participle after the main clause, which is its cause; the question asks
# in the past tense whatever the clause's ("what led to Y?").
CAUSING_PARTICIPLES = {"leading": ("to", "led"), "resulting": ("in", "resulted")}
# Effects that follow what came "after" them: markets moving, plans dropped, matches decided.
REACTIONS = frozenset(
    "drop fall rise climb slide tumble surge jump gain slip sink plunge soar rally mix lose win "
    "shelve cancel resign quit withdraw suspend apologize apologise postpone delay halt scrap "
    "abandon close evacuate strand sack fire arrest ban recall".split()
)
# "a day after", "shortly after": the clause dates the event, it does not explain it.
TIME_BEFORE = frozenset(
    "shortly soon just right long minutes hours day days week weeks month months year years".split()
)
# A word that points to another sentence (wordlists.DANGLING, "that" aside: "so that …").
POINTING = re.compile(rf"(?i)\b({'|'.join(sorted(DANGLING - {'that'}))})\b")
MAX_CHOICE_WORDS = 20
MAX_CHOICES = 4


@dataclass(frozen=True)
class Link:
    """One reason and what it explains, as the article states them in one sentence."""

    sentence: Sentence
    prompt: str
    cause: str  # the answer, as a choice shows it
    kind: str  # CLAUSE, PHRASE or PURPOSE: what the wrong choices must be too
    why: str  # "why shares … are dropping" or "for widespread problems", for the notes
    effect: str | None  # the effect as a choice of the cause's kind, or None
    cue: str


def cause_questions(facts: ArticleFacts) -> list[Candidate]:
    """One question per link whose wrong choices are other true statements of the article of
    the answer's kind, none said to explain the same effect; a link without two is not asked."""
    links = [link for sentence in facts.sentences for link in _links(facts, sentence)]
    candidates = []
    said: dict[tuple[int, str], list[str]] = {}
    for link in links:
        wrong = _distractors(facts, link, links, said)
        if len(wrong) < 2:
            continue
        question = _question(facts, link, wrong)
        if not rule_violations(question, facts.body):
            key = f"cause:{link.sentence.index}:{link.cue}"
            candidates.append(Candidate(question, key, link.sentence.index, weight=0.4))
    return candidates


def _links(facts: ArticleFacts, sentence: Sentence) -> list[Link]:
    """The explicit links of a sentence that states facts in the writer's own voice."""
    text = sentence.text
    if not CUE_WORDS.search(text):
        return []  # no cue, no link: most sentences, and no need to walk their parse
    if is_opinion(text) or hedged(text) or "?" in text or quoted(text):
        return []
    names = frozenset(word for person in facts.people for word in person.split())
    found = (
        _clause_link(sentence, t, names)
        or _purpose_link(sentence, t, names)
        or _phrase_link(sentence, t, names)
        or _verb_link(sentence, t)
        or _participle_link(sentence, t)
        for t in sentence.span
    )
    return [link for link in found if link is not None]


def quoted(text: str) -> bool:
    """Whether the text holds a quotation mark; an apostrophe inside a word ("the state’s",
    "don’t") is none."""
    return any(mark in APOSTROPHE.sub("", text) for mark in QUOTE_MARKS)


APOSTROPHE = re.compile(r"(?<=[^\W\d_])[’'](?=[^\W\d_])")


def _clause_link(sentence: Sentence, cue: Token, names: frozenset[str]) -> Link | None:
    """ "… because the report was late" and the reaction "… fell after the firm cut …"."""
    if cue.dep_ != "mark" or cue.lower_ not in {"because", "after"} or cue.head.dep_ != "advcl":
        return None
    verb, effect = cue.head, cue.head.head
    if cue.lower_ == "after" and (effect.lemma_ not in REACTIONS or _timed(cue)):
        return None
    cause = clause_statement(sentence, verb)
    asked = _why(sentence, effect, frozenset(t.i for t in verb.subtree), names)
    if cause is None or asked is None or not _whole(cause, sentence, verb, cue):
        return None  # "… after Pospisil edged Opelka 7-6 (5) … and Shapovalov …" is cut short
    prompt, said, effect_choice = asked
    return Link(sentence, prompt, cause.text.rstrip("."), CLAUSE, f"why {said}", effect_choice,
                cue.lower_)  # fmt: skip


def _timed(cue: Token) -> bool:
    """ "Two days after", "shortly after": a stretch of time before "after" dates the event."""
    before = cue.doc[cue.i - 1] if cue.i > 0 else None
    return any(True for _ in cue.children) or (before is not None and before.lower_ in TIME_BEFORE)


def _purpose_link(sentence: Sentence, cue: Token, names: frozenset[str]) -> Link | None:
    """ "… pressuring the U.S., in order to open up a route …", "… so that residents can …"."""
    following = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if cue.lower_ == "in" and following is not None and following.lower_ == "order":
        verbs = [c for c in following.children if c.dep_ in {"acl", "advcl"}]
        effect, without, words = cue.head, cue.subtree, "in order"
    elif cue.lower_ == "in" and cue.dep_ == "prep" and _effort(cue) is not None:
        # "launched the campaign in an effort to address the crisis": a purpose in so many words
        effort = _effort(cue)
        verbs = [c for c in effort.children if c.dep_ == "acl" and c.tag_ == "VB"] if effort else []
        effect, without, words = cue.head, cue.subtree, f"in {effort.text if effort else ''}"
    elif cue.lower_ == "so" and cue.dep_ == "mark" and following is not None:
        verbs = [cue.head] if following.lower_ == "that" and cue.head.dep_ == "advcl" else []
        effect, without, words = cue.head.head, cue.head.subtree, "so that"
    else:
        return None
    if not verbs:
        return None
    purpose = _purpose(verbs[0])
    asked = _why(sentence, effect, frozenset(t.i for t in without), names)
    if purpose is None or asked is None:
        return None
    prompt, said, _choice = asked
    return Link(sentence, prompt, purpose, PURPOSE, f"why {said}", None, words)


# "in an effort to", "in an attempt to", "in a bid to": a purpose named as such.
EFFORT_NOUNS = frozenset({"effort", "attempt", "bid"})


def _effort(cue: Token) -> Token | None:
    """The noun of "in an effort to …" (its only object, with "a" or "an"), or None."""
    objects = [c for c in cue.children if c.dep_ == "pobj"]
    if len(objects) != 1 or objects[0].lower_ not in EFFORT_NOUNS:
        return None
    determiners = [c.lower_ for c in objects[0].children if c.dep_ == "det"]
    return objects[0] if determiners in (["a"], ["an"]) else None


def _purpose(verb: Token) -> str | None:
    """ "To open up a route …" or "So that residents can attend": a purpose as a choice."""
    tokens = [t for t in verb.subtree if t.lower_ not in {"so", "that"} or t.head != verb]
    text = render(tokens).strip(" ,.")
    if POINTING.search(text) or any(t.dep_ == "nsubj" and t.pos_ == "PRON" for t in tokens):
        return None
    if not 3 <= len(text.split()) <= MAX_CHOICE_WORDS:
        return None
    return text[0].upper() + text[1:] if text.lower().startswith("to ") else f"So that {text}"


def _whole(cause: Statement, sentence: Sentence, verb: Token, cue: Token) -> bool:
    """Whether the cause's statement keeps every word of its clause but the cue: a reason cut
    short by a misparse is half an answer."""
    offset = sentence.start - sentence.span.start_char
    kept = {start for start, _end in cause.spans}
    return all(offset + t.idx in kept for t in verb.subtree if t != cue and not t.is_punct)


def _phrase_link(sentence: Sentence, cue: Token, names: frozenset[str]) -> Link | None:
    """ "The vote was delayed because of the storm": a noun phrase as the cause."""
    doc = cue.doc
    for words in PHRASE_CUES:
        end = cue.i + len(words)
        if end > len(doc) or tuple(t.lower_ for t in doc[cue.i : end]) != words:
            continue
        objects = [c for t in doc[cue.i : end] for c in t.children if c.dep_ == "pobj"]
        if len(objects) != 1:
            return None
        without = frozenset(t.i for t in [*doc[cue.i : end], *objects[0].subtree])
        cause = _phrase(objects[0])
        asked = _why(sentence, cue.head, without, names)
        if cause is None or asked is None or any(t.i not in without for t in cue.subtree):
            return None
        prompt, said, _choice = asked
        return Link(sentence, prompt, cause, PHRASE, f"why {said}", None, " ".join(words))
    return None


def _verb_link(sentence: Sentence, verb: Token) -> Link | None:
    """ "Heavy rain led to the closure", "The closure was caused by heavy rain"."""
    preposition = CAUSING_VERBS.get(verb.lemma_)
    if preposition is None or verb.dep_ != "ROOT" or any(c.dep_ == "neg" for c in verb.children):
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if verb.lemma_ == "cause" and [a.dep_ for a in auxiliaries] == ["auxpass"]:
        causes = [c for a in verb.children if a.dep_ == "agent" for c in a.children]
        effects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        tense = {"VBD": "caused", "VBZ": "causes"}.get(auxiliaries[0].tag_)
    elif not auxiliaries:
        causes = [c for c in verb.children if c.dep_ == "nsubj"]
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == preposition]
        effects = [c for p in preps for c in p.children if c.dep_ == "pobj"] or objects
        tense = verb.lower_ if verb.tag_ in {"VBD", "VBZ"} else None
    else:
        return None  # "can lead to", "may be caused by": a possibility, not a link
    if len(causes) != 1 or len(effects) != 1 or tense is None:
        return None
    cause, effect = _phrase(causes[0]), _phrase(effects[0])
    if cause is None or effect is None:
        return None
    effect = effect[0].lower() + effect[1:] if effects[0].pos_ != "PROPN" else effect
    prompt = re.sub(r"\s+", " ", f"According to the article, what {tense} {preposition} {effect}?")
    return Link(sentence, prompt, cause, PHRASE, f"for {effect}", effect[0].upper() + effect[1:],
                f"{verb.text} {preposition}".strip())  # fmt: skip


def _participle_link(sentence: Sentence, participle: Token) -> Link | None:
    """ "The government refused to report casualties, leading to demands to disclose them":
    the main clause is the cause of what the participle names. Asked as "According to the
    article, what led to demands to disclose them?", the main clause (without "also", which
    points to the sentence before) the answer."""
    cue = CAUSING_PARTICIPLES.get(participle.lower_)
    root = participle.head
    if cue is None or participle.dep_ != "advcl" or root.dep_ != "ROOT":
        return None
    if participle.i == 0 or participle.doc[participle.i - 1].text != ",":
        return None  # "leading to" set off by a comma: the participle follows its cause
    preposition, past = cue
    objects = [
        o
        for p in participle.children
        if p.dep_ == "prep" and p.lower_ == preposition
        for o in p.children
        if o.dep_ == "pobj"
    ]
    if len(objects) != 1 or root.lemma_ in SPEECH_VERBS | REPORTING_VERBS:
        return None
    # "has also refused": a connective points to the sentence before, and the choice drops it.
    pointing = {t.i for t in root.children if t.dep_ == "advmod" and t.lower_ in CONNECTIVES}
    cause = clause_statement(sentence, root, frozenset(t.i for t in participle.subtree) | pointing)
    effect = _effect_phrase(objects[0])
    if cause is None or effect is None:
        return None
    effect = effect[0].lower() + effect[1:] if objects[0].pos_ != "PROPN" else effect
    prompt = f"According to the article, what {past} {preposition} {effect}?"
    return Link(sentence, prompt, cause.text.rstrip("."), CLAUSE, f"for {effect}", None,
                f"{participle.lower_} {preposition}")  # fmt: skip


def _effect_phrase(head: Token) -> str | None:
    """An effect as a noun phrase that may carry its infinitive ("demands from public figures
    to disclose how many had been killed"), but no aside, relative clause or comma."""
    tokens = list(head.subtree)
    text = render(tokens).strip(" ,")
    if head.pos_ == "PRON" or POINTING.search(text) or not 2 <= len(text.split()) <= 16:
        return None
    if any(t.dep_ in {"relcl", "appos"} for t in tokens) or "," in text:
        return None
    return text


def _phrase(head: Token) -> str | None:
    """A noun phrase that names a cause or an effect alone, without pointing elsewhere."""
    tokens = list(head.subtree)
    text = render(tokens).strip(" ,")
    if head.pos_ == "PRON" or POINTING.search(text) or not 2 <= len(text.split()) <= 12:
        return None
    if any(t.dep_ in {"relcl", "acl", "appos"} for t in tokens) or "," in text:
        return None  # "the storm, which …": a second fact rides along
    return text[0].upper() + text[1:]


def _why(
    sentence: Sentence, effect: Token, without: frozenset[int], names: frozenset[str]
) -> tuple[str, str, str] | None:
    """ "Why are shares … dropping, according to the article?", the effect as a clause
    ("shares … are dropping") and as a choice ("Shares … are dropping"), or None."""
    if effect.dep_ != "ROOT" or effect.lemma_ in SPEECH_VERBS | REPORTING_VERBS:
        return None  # "X said … because …": whose reason it is, the question cannot say
    subject = subject_of(effect)
    statement = clause_statement(sentence, effect, without)
    if statement is None or subject is None or any(c.dep_ == "neg" for c in effect.children):
        return None
    offset = sentence.start - sentence.span.start_char
    starts = {start for start, _end in statement.spans}
    keep = [t for t in sentence.span if offset + t.idx in starts and t.i >= subject.left_edge.i]
    own = {t.i for t in subject.subtree}
    if not own <= {t.i for t in keep} or not _one_side(keep, without):
        return None  # the reason's words left in the effect by a misparse
    aux = [t for t in keep if t.head == effect and t.dep_ in {"aux", "auxpass"}]
    front = aux[0] if aux else effect if effect.lemma_ == "be" else None
    rest: list[Token | str] = [t for t in keep if t.i not in own and t != front]
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(effect.tag_)
    if front is None:
        if do is None:
            return None
        rest = [effect.lemma_ if t == effect else t for t in rest]
    subject_words = [t for t in keep if t.i in own]
    opener = front.lower_ if front is not None else str(do)
    asked = _tidy(render(["why", opener, *subject_words, *rest], names))
    said = _tidy(render(keep, names))
    return f"W{asked[1:]}, according to the article?", said, said[0].upper() + said[1:]


def _tidy(text: str) -> str:
    """Rendered words as a choice shows them: no space before punctuation, no full stop (but
    the one of "9 a.m.")."""
    text = re.sub(r"\s+([,.;:!?’”)])", r"\1", text).rstrip(" ,;:")
    return re.sub(r"(?<![A-Za-z]\.[A-Za-z])\.$", "", text)


def _one_side(keep: list[Token], without: frozenset[int]) -> bool:
    """Whether the effect's words all stand before the reason or all after it."""
    return all(t.i < min(without) for t in keep) or all(t.i > max(without) for t in keep)


def _distractors(
    facts: ArticleFacts, link: Link, links: list[Link], said: dict[tuple[int, str], list[str]]
) -> list[tuple[str, str]]:
    """Wrong choices with their notes: true statements of the article of the answer's kind,
    from other links first, none near the link's sentence or from a sentence that gives a
    reason for the same effect (another reason for it is no wrong choice). ``said`` keeps
    each sentence's statements of a kind for the other links; the pool is read only as far
    as the choices need."""
    chosen: list[tuple[str, str]] = []
    for choice, note in _pool(facts, link, links, said):
        if _plausible(choice, link, [link.cause, *(c for c, _n in chosen)]):
            chosen.append((choice, note))
        if len(chosen) == MAX_CHOICES - 1:
            break
    return chosen


def _pool(
    facts: ArticleFacts, link: Link, links: list[Link], said: dict[tuple[int, str], list[str]]
) -> Iterator[tuple[str, str]]:
    """The wrong choices a link may take, best first, each with its note."""
    near = {link.sentence.index - 1, link.sentence.index, link.sentence.index + 1}
    near |= {other.sentence.index for other in links if _overlap(other.why, link.why) >= 2}
    not_reason = f"not as the reason {link.why}"
    for other in links:
        if other.sentence.index in near or other.kind != link.kind:
            continue
        yield (other.cause, f"The article gives this as the reason {other.why}, {not_reason}.")
        if other.effect:
            yield (other.effect, f"The article gives this as a result, {not_reason}: "
                   f"{cite(other.sentence.text)}")  # fmt: skip
    # Main clauses first, across the article: what it reports, rather than its asides.
    for main in (True, False):
        for sentence in facts.sentences:
            if sentence.index in near or is_opinion(sentence.text):
                continue
            key = (sentence.index, link.kind)
            if key not in said:
                said[key] = _statements(sentence, link.kind)
            for text in said[key][int(not main) : 1 if main else None]:
                yield (text, f"The article states this on its own, {not_reason}: "
                       f"{cite(sentence.text)}")  # fmt: skip


def _statements(sentence: Sentence, kind: str) -> list[str]:
    """What a sentence states of a kind: its clauses, or the purposes it gives ("… a
    quarantine to prevent the disease from spreading")."""
    if kind == CLAUSE:
        # The main clause, then a second one ("…, but the stock was down 5%"); not a
        # reported clause, someone's claim, nor a subordinate one, maybe a reason itself.
        clauses = [sentence.span.root] + [
            t for t in sentence.span if t.dep_ == "conj" and subject_of(t) is not None
        ]
        found = (clause_statement(sentence, clause) for clause in clauses)
        return [_tidy(statement.text) for statement in found if statement is not None]
    if kind == PHRASE:
        return []  # a noun phrase is a reason only where a link says so
    purposes = (
        _purpose(t)
        for t in sentence.span
        if t.dep_ == "advcl" and t.tag_ == "VB" and any(c.tag_ == "TO" for c in t.children)
        and subject_of(t.head) is not None and not quoted(sentence.text)
    )  # fmt: skip
    return [purpose for purpose in purposes if purpose is not None]


def _plausible(choice: str, link: Link, shown: list[str]) -> bool:
    """A wrong choice that reads alone, says something else than the answer, and does not
    speak of the effect asked about ("the stock was down 5%" restates it; another sentence
    about it might explain it too)."""
    if POINTING.search(choice) or len(choice.split()) > MAX_CHOICE_WORDS:
        return False
    if any(same_thing(choice, other) or _overlap(choice, other) >= 2 for other in shown):
        return False
    return _overlap(choice, link.why) == 0


def _overlap(a: str, b: str) -> int:
    """How many common words two texts share, names aside ("Home Depot management hosts a
    call" does not speak of why Home Depot's shares fell)."""
    return len(_common_words(a) & _common_words(b))


def _common_words(text: str) -> set[str]:
    words = re.findall(r"[\w’']{3,}", text[:1].lower() + text[1:])
    return {w for w in words if not w[0].isupper()} - PROMPT_STOP_WORDS - STOP_WORDS


def _as_written(choice: str, text: str) -> str:
    """A choice with the capitals the sentence gives it ("the company cut …" mid-sentence)."""
    found = text.lower().find(choice.lower())
    return text[found : found + len(choice)] if found > 0 else choice


def _question(facts: ArticleFacts, link: Link, wrong: list[tuple[str, str]]) -> GeneratedQuestion:
    sentence = link.sentence
    choices = [link.cause, *(choice for choice, _note in wrong)]
    explanation = (
        f"The article says: {cite(sentence.text)} It gives the reason {link.why}: "
        f"{_as_written(link.cause, sentence.text)}."
    )
    return GeneratedQuestion(
        Kind.MCQ, link.prompt, choices, link.cause, explanation,
        facts.body[sentence.start : sentence.end], sentence.start, sentence.end, FactType.CAUSE,
        3 if link.cue == "after" else 2, choice_notes=dict(wrong), level=Level.ANALYSIS,
    )  # fmt: skip
