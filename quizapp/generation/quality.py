"""The rules of docs/generation.md as checks, and the ranking that picks the best candidates.

Every candidate passes ``rule_violations`` or is dropped; the survivors are ranked by how much
the article leans on their sentence and spread over the whole article.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Generic, NamedTuple, Protocol, TypeVar

from quizapp.generation import gazetteer
from quizapp.generation.kinds import (
    QUOTE_TAIL,
    STATEMENT_ANSWERS,
    TRUE_FALSE,
    FactType,
    Kind,
    is_statement,
    question_body,
)
from quizapp.generation.wordlists import (
    ANAPHORIC_NOUNS,
    DANGLING,
    HEDGES,
    OPINION_PHRASES,
    OPINION_WORDS,
    PROMPT_STOP_WORDS,
    SPEECH_FORMS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


class QuestionLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def fact_type(self) -> str: ...
    @property
    def prompt(self) -> str: ...
    @property
    def choices(self) -> list[str]: ...
    @property
    def answer(self) -> str: ...
    @property
    def source_sentence(self) -> str: ...
    @property
    def source_start(self) -> int: ...
    @property
    def source_end(self) -> int: ...
    @property
    def level(self) -> str: ...


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Compare text ignoring case, spacing, punctuation and a leading article."""
    text = re.sub(r"(?i)^(the|a|an)\s+", "", text.strip())
    text = re.sub(r"['’]s\b", "", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@functools.lru_cache(maxsize=65536)
def same_thing(a: str, b: str) -> bool:
    """True when two choices name one thing: "Mattis"/"Jim Mattis", "U.S."/"United States"."""
    if fold(a) == fold(b):
        return True
    country_a, country_b = gazetteer.canonical_country(a), gazetteer.canonical_country(b)
    if country_a is not None and country_a == country_b:
        return True
    if _has_digit(a + b):
        return False  # "two weeks" and "three weeks", "February 7" and "February 11" differ
    if _surname(a) and _surname(a) == _surname(b):
        return True  # "Pat Carlineo" and "Patrick Carlineo Jr" are one man
    words_a, words_b = _name_words(a), _name_words(b)
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        return True  # "Okafor" in "Sarah Okafor", "tool" in "tool-lending shed"
    return _acronym(a) == fold(b) or _acronym(b) == fold(a)  # "EU", "European Union"


def _surname(name: str) -> str:
    """The last word of a capitalised name of two words or more, without Jr, Sr or II."""
    words = [w for w in name.split() if w.strip(".,") not in {"Jr", "Sr", "II", "III"}]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return ""
    return words[-1].casefold()


def _acronym(text: str) -> str:
    words = [w for w in re.findall(r"[\w]+", text) if w.lower() not in {"the", "of", "and", "for"}]
    return "".join(w[0] for w in words).casefold() if len(words) > 1 else "\0"


@functools.lru_cache(maxsize=8192)
def _name_words(text: str) -> frozenset[str]:
    """A choice's words, case-folded, split at hyphens and without a possessive."""
    text = re.sub(r"['’]s\b", "", text)
    return frozenset(
        w.casefold().strip(".")
        for w in re.findall(r"[\w.]+", text)
        if w.lower() not in {"the", "a", "an", "of"}
    )


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


@functools.lru_cache(maxsize=65536)
def mentions_answer(prompt: str, answer: str) -> bool:
    """Rule 3: the prompt names the answer, a content word of it, that word's plural or
    singular, or its country or demonym ("Russians" beside "Russian personnel")."""
    if fold(answer) and fold(answer) in fold(prompt):
        return True
    prompt_words = {_stem(w) for w in re.findall(r"[\w’']+", prompt.casefold())}
    for word in re.findall(r"[\w’']+", answer):
        if len(word) > 2 and word.lower() not in ANSWER_STOP_WORDS and not word.isdigit():
            if _stem(word.casefold()) in prompt_words:
                return True
    for name in re.findall(r"\b[A-Z][a-z]{3,}", answer):
        if re.search(rf"\b{name}[a-z]", prompt):
            return True  # "Cleggmania" gives Clegg away
    # The answer's country or demonym, or one a word of it names ("the Alliance for American
    # Manufacturing" beside "the United States").
    countries = {gazetteer.canonical_country(answer)}
    countries |= {gazetteer.nation_of(w) for w in re.findall(r"\b[A-Z][\w.]+", answer)}
    for country in countries - {None}:
        aliases = [k for k, v in gazetteer.COUNTRY_ALIASES.items() if v == country]
        if any(re.search(rf"(?i)(?<!\w){re.escape(a)}(?!\w)", prompt) for a in aliases):
            return True
    return False


ANSWER_STOP_WORDS = frozenset(
    "the and for with from that this than more less about over under some only just percent "
    "per cent million billion thousand".split()
)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude stem: plural, possessive and demonym endings off ("Russians", "Russia")."""
    word = re.sub(r"['’]s$", "", word)
    for ending in ("ians", "ian", "ans", "an", "ese", "ish", "ies", "es", "s", "ia", "y", "a"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return _stem(word[: -len(ending)])  # "Germany" → "German" → "Germ"
    return word


def rule_violations(question: QuestionLike, body: str) -> list[str]:
    """Every way the question breaks the rules of docs/generation.md; none means it is valid."""
    problems = []
    if question.choices.count(question.answer) != 1:
        problems.append("rule 1: the answer is not among the choices exactly once")
    if question.kind == "true_false" and not is_statement(question.choices):
        problems.append("rule 1: a true/false question has the choices True and False")
    elif not is_statement(question.choices):  # "True or false: X said “…”" is a quote too
        if not 3 <= len(question.choices) <= 5:
            problems.append("rule 1: 3 to 5 choices")
        for i, a in enumerate(question.choices):
            for b in question.choices[i + 1 :]:
                if same_thing(a, b):
                    problems.append(f"rule 1: {a!r} and {b!r} name the same thing")
        # Quoted words count too: “Cleggmania” beside the blank names Clegg all the same.
        statement = question.fact_type in STATEMENT_ANSWERS
        if not statement and mentions_answer(question.prompt, question.answer):
            problems.append("rule 3: the prompt gives the answer away")
        if question.fact_type == "calculation":
            # A worked-out answer stands in no sentence; the figures it is worked from do.
            if len(re.findall(r"\d[\d,]*(?:\.\d+)?", question.source_sentence)) < 2:
                problems.append("rule 4: the source sentence has no two figures to work from")
        elif not _contains(question.source_sentence, question.answer, statement):
            problems.append("rule 4: the source sentence does not contain the answer")
    if body[question.source_start : question.source_end] != question.source_sentence:
        problems.append("rule 4: the source sentence is not at its offsets in the body")
    if len(question.prompt.split()) > MAX_PROMPT_WORDS:
        problems.append("rule 10: a prompt of over 40 words is a reading test")
    problem = grammar_problem(question.prompt)
    if problem:
        problems.append(f"rule 5: {problem}")
    elif question.kind == "mcq" and question.level == "recall" and _broken_wh(question.prompt):
        problems.append("rule 5: a wh-question moved across an aside, or with no one for “their”")
    elif question.kind in {"cloze", "true_false"} and _vague_subject(
        question_body(_outside_quotes(question.prompt))
    ):
        problems.append(
            "rule 5: a subject (“the firm”, “they”, “authorities there”) the reader cannot resolve"
        )
    return problems


MAX_PROMPT_WORDS = 40


def _contains(source: str, answer: str, statement: bool = False) -> bool:
    if fold(answer) in fold(source):
        return True
    if statement:  # a clause cut from the sentence keeps only the sentence's words
        return set(re.findall(r"\w+", answer.lower().rstrip("…"))) <= set(
            re.findall(r"\w+", source.lower())
        )
    surname = answer.split()[-1] if answer.split() else answer
    return bool(re.search(rf"\b{re.escape(surname)}\b", source))


def _outside_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”", "“…”", text)


def grammar_problem(prompt: str) -> str | None:
    """Rule 5: a question mark or a blank, balanced quotes, and no pronoun left unresolved."""
    if not (prompt.endswith("?") or "____" in prompt or prompt.startswith("True or false:")):
        return "not a question, a blank or a statement to judge"
    if prompt.count("“") != prompt.count("”") or prompt.count('"') % 2:
        return "unbalanced quotation marks"
    if "  " in prompt or re.search(r"\s[,.?;:]", prompt.replace("____", "BLANK")):
        return "broken spacing"
    if re.search(r"[,.;:]\s*[,.;:?]|\?\s*[.?]", _outside_quotes(prompt).replace("…", "")):
        return "doubled punctuation"
    if re.search(r"[—–]\s*[—–]", prompt):
        return "doubled dashes, where the article's text was cut"
    if re.search(r"[—–-]\s*\?$", prompt):
        return "a dash where the question should end: the sentence was cut"
    stem = question_body(prompt)
    if stem[:1].islower():
        return "starts in the middle of a sentence"
    if re.fullmatch(r"(Who|Which \w+) (said|says|told|added|reports|reported|noted)\??", stem):
        return "says nothing of what was said"
    text = question_body(_outside_quotes(prompt))
    words = re.findall(r"[\w’']+", text)
    if not words:
        return "empty prompt"
    if prompt.startswith("Who ") and re.search(r"\b(he|she|his|her|him)\b", text):
        return "a pronoun that tells the person's sex, and so the answer"
    if "()" in prompt:
        return "an empty pair of brackets, where the article's text was cut"
    if re.search(r"(?i)\bsuch (?!as\b)[a-z]+", text):
        return "“such …” points back to a sentence the reader has not seen"
    if prompt.startswith(("True or false:", "Fill in the blank:")) and POINTING_BACK.search(text):
        return "a word that points back to a sentence the reader has not seen"
    first = re.split(r"[’']", words[0].lower())[0]  # "That’s" opens with "that"
    if first in DANGLING or (
        first == "the" and len(words) > 1 and words[1].lower() in ANAPHORIC_NOUNS
    ):
        return f"starts with {words[0]!r}, which the reader cannot resolve"
    for index, word in enumerate(words):
        if word.lower() in {"he", "she", "him", "his", "her"} and not _named_before(words[:index]):
            return f"{word!r} has no person named before it"
    return None


def _broken_wh(prompt: str) -> bool:
    """A wh-question built across a dash or a bracket ("How many first infected patients
    still in quarantine - resulted in …?", "… at launch (more than 60) for Apple's …?"), or
    one whose "their" or "its" has nothing named before it ("How many articles are their
    results published in …?"): the moved words no longer read as one question."""
    text = _outside_quotes(prompt)
    if re.search(r"\s[-–—]\s|\(", text):
        return True
    words = re.findall(r"[\w’']+", text)
    for index, word in enumerate(words):
        if word.lower() in {"their", "its"} and not _named_before(words[:index]):
            return True
    return False


def _vague_subject(text: str) -> bool:
    """A statement whose subject needs the sentence before it: "In December, the firm bid
    $20 …", "On one of those nights, they got …", "In ____, authorities there were accused
    …" (a statement opening with "The official" is caught as it starts)."""
    opener = re.search(r"(?:^|^[^,]{1,40}, )(?:the|The) (\w+)", text)
    if opener is not None and opener[1].lower() in ANAPHORIC_NOUNS:
        return True
    if VAGUE.search(text) is not None:
        return True
    them = re.search(r"\bthem\b", text)
    return them is not None and not PLURAL.search(text[: them.start()])


# A pronoun for people the statement has not named, or a place it has not named.
VAGUE = re.compile(r"\b[Tt]hey\b|\b(?:of|[Oo]n) those\b|\b[A-Za-z]+s there\b")
# "pinning 800 students inside and threatened to use live ammunition on them": "them" has
# a plural noun before it in the statement to point to.
PLURAL = re.compile(r"\b[a-z]{3,}(?<![su]s)(?<!is)s\b")


def _named_before(words: Sequence[str]) -> bool:
    """A capitalised name (not the first word, not a title) that a pronoun can point back to."""
    return any(w[:1].isupper() and not gazetteer.is_title_word(w) for w in words[1:])


def is_opinion(text: str) -> bool:
    """The writer's judgement or speculation, outside any quotation: "is not surprising",
    "with any luck", "should", "may": never asked as a fact."""
    # "US" is the country; "us" the writer speaking.
    outside = re.sub(r"\bUS\b", "", _outside_quotes(text))
    lowered = outside.lower()
    words = set(re.findall(r"[a-z’']+", lowered))
    # "May" is a month; the modal is written in lower case.
    modal_may = re.search(r"\bmay\b", outside) is not None
    return (
        bool(words & (OPINION_WORDS - {"may"}))
        or modal_may
        or any(phrase in lowered for phrase in OPINION_PHRASES)
    )


# In a statement or a sentence with a blank: words whose referent is in another sentence.
POINTING_BACK = re.compile(
    r"(?i)\bthis (?!(is|was|are|were|week|weekend|month|year|morning|afternoon|evening"
    r"|summer|spring|autumn|fall|winter|season|time)\b)[a-z]+"
    r"|\bthis\s*[,.;:—]|\b(their|theirs|its|it)\b|\bthere[.?]?$"
)


def reparse_problem(stem: Doc) -> str | None:
    """Read a generated question as a student would, from a fresh parse of its words (the
    quotation and the blank stood in for): it needs a verb, and its clause a subject."""
    verbs = [t for t in stem if t.pos_ in {"VERB", "AUX"}]
    if not verbs:
        return "a fragment with no verb"
    if not any(t.tag_ in FINITE_TAGS for t in stem):
        return "no finite verb: “____ failing to answer …” is a caption, not a sentence"
    pointing = next((t for t in stem if _points_back(t)), None)
    if pointing is not None:
        return f"“{pointing.text} {pointing.head.text}” points back to a sentence not shown"
    root = next((t for t in stem if t.dep_ == "ROOT"), verbs[0])
    if root.pos_ not in {"VERB", "AUX"}:
        return None  # a copular question the small model roots on its noun reads fine
    supported = any(t.lower_ in {"did", "does", "do"} and t.dep_ == "aux" for t in root.children)
    if supported and root.tag_ in {"VBD", "VBN", "VBZ"}:
        return "a verb left in its tense after “did”"
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in root.children)
    wh_subject = stem[0].tag_ in {"WP", "WDT", "WRB"}
    if not has_subject and not wh_subject and root.tag_ != "VB":
        return "a clause with no subject"
    return None


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
TIME_NOUNS = frozenset(
    "week weekend month year day morning afternoon evening night summer spring autumn fall "
    "winter season time quarter decade century".split()
)


def _points_back(token: Token) -> bool:
    """ "the benefits of that collaboration": a demonstrative before a noun that the sentence
    before named ("this year" or "that day" is only a time)."""
    return (
        token.lower_ in DEMONSTRATIVES
        and token.dep_ == "det"
        and token.head.pos_ == "NOUN"
        and token.head.lower_ not in TIME_NOUNS
    )


def reparse_text(prompt: str) -> str:
    """What the re-parse reads: the stem, a quotation as one word, the blank as "something"."""
    stem = re.sub(r"“[^”]*”", "“it”", question_body(prompt))
    return stem.replace("____", "something")


def hedged(text: str) -> bool:
    return any(word in HEDGES for word in re.findall(r"[a-z]+", _outside_quotes(text).lower()))


def near_duplicate(prompt: str, others: Iterable[str], threshold: float = 0.7) -> bool:
    """Two prompts that share most of their content words ask the same thing."""
    words = _content_words(prompt)
    for other in others:
        other_words = _content_words(other)
        union = words | other_words
        if union and len(words & other_words) / len(union) >= threshold:
            return True
    return False


@functools.lru_cache(maxsize=4096)
def content_stems(text: str) -> frozenset[str]:
    """Content words cut to their first five letters, so "Syrian" meets "Syria" and
    "clashes" meets "Clash": what a headline and a sentence have in common."""
    return frozenset(
        w[:5]
        for w in re.findall(r"[a-z]+", text.lower())
        if w not in PROMPT_STOP_WORDS and len(w) > 2
    )


@functools.lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(
        w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in PROMPT_STOP_WORDS
    )


class CandidateLike(Protocol):
    @property
    def question(self) -> QuestionLike: ...
    @property
    def fact_key(self) -> str: ...
    @property
    def sentence(self) -> int: ...
    @property
    def weight(self) -> float: ...
    @property
    def speaker(self) -> str: ...
    @property
    def minor(self) -> bool: ...
    @property
    def twin(self) -> str: ...
    @property
    def across(self) -> bool: ...
    @property
    def aside(self) -> bool: ...


KIND_WEIGHT = {"quote": 10.0, "mcq": 2.0, "cloze": 1.6, "true_false": 1.5}
TURNS = ("mcq", "true_false", "cloze")  # the order the kinds take their turns in
PER_SENTENCE = 2
# The blanks raters accepted least that are still asked (a model code, a place where
# something happened; firms and key terms are not blanked at all): after the rest of their kind.
SHAKY = {
    ("cloze", "other"): -1.0,
    ("cloze", "place"): -0.6,
}


def score(candidate: CandidateLike, sentence_count: int, answer_counts: dict[str, int]) -> float:
    """Higher is better: news leads first, firm statements over hedged ones, rare answers."""
    question = candidate.question
    value = KIND_WEIGHT[question.kind] + candidate.weight
    value += SHAKY.get((question.kind, question.fact_type), 0.0)
    value += 1.0 - candidate.sentence / max(sentence_count, 1)
    if hedged(question.source_sentence):
        value -= 0.6
    words = len(question.prompt.split())
    if words > 35:
        value -= 0.5 + (words - 35) / 20
    value -= 0.15 * max(answer_counts.get(fold(question.answer), 1) - 1, 0)
    if question.answer == "False":
        value += 0.15  # a false twin teaches more than a copied sentence
    return value


C = TypeVar("C", bound=CandidateLike)


class Queue(NamedTuple, Generic[C]):
    """Candidates in serving order: ``first``, served from rank 1, then ``later``. Of those,
    the ones in ``waiting`` wait for a reason: a quiz takes them only after ten others
    (``SERVED_FIRST``), even when a teacher leaves out one of the first."""

    first: list[C]
    later: list[C]
    waiting: list[C]

    @property
    def all(self) -> list[C]:
        return [*self.first, *self.later]

    def waits(self, candidate: C) -> bool:
        return any(candidate is c for c in self.waiting)


def select(candidates: Sequence[C], body: str, sentence_count: int) -> Queue[C]:
    """Valid candidates, one per fact, best first in the order a quiz should take them: the
    lead, one quotation of each speaker, then the kinds in turn, each kind best first, no
    answer a third time; a speaker's further quotations come last, so every one is asked.
    Minor candidates (trivia: a weekday, a bare month, the outlet that reported it) are asked
    only where the article gives no other question: raters reject trivia beside anything
    else, but a pasted line with a date should not give nothing at all."""
    valid = [c for c in candidates if not rule_violations(c.question, body)]
    # A figure worked out from two asks more than any recall of the sentence that shows both.
    worked = {c.sentence for c in valid if c.question.fact_type == "calculation"}
    valid = [
        c
        for c in valid
        if c.sentence not in worked or c.question.fact_type == "calculation" or c.across
    ]
    views = [c for c in valid if c.question.fact_type == "argument"]
    valid = [c for c in valid if not any(_judged_by_view(c, view) for view in views)]
    quoted = [c for c in valid if c.question.kind == "quote"]
    valid = [c for c in valid if not any(_beside_their_quotation(c, q) for q in quoted)]
    folded_body = fold(body)
    counts = {
        fold(c.question.answer): max(folded_body.count(fold(c.question.answer)), 1) for c in valid
    }
    ranked = sorted(
        valid, key=lambda c: (-score(c, sentence_count, counts), c.sentence, c.question.prompt)
    )
    chosen = _in_serving_order([c for c in ranked if not c.minor])
    if not chosen:
        for candidate in (c for c in ranked if c.minor):
            if len(chosen) < FEW and _fits(candidate, chosen) and _answer_free(candidate, chosen):
                chosen.append(candidate)
    return requeue_waiting(chosen, body)


SERVED_FIRST = 10


def requeue_waiting(chosen: list[C], body: str) -> Queue[C]:
    """``chosen`` in serving order, split into the questions served first and those that wait
    (served only after ten others); run by ``select``, and again by the caller when one of the
    first ten is dropped later.

    A speaker's further quotations ask every quotation, but a quiz of ten asks no answer
    three times: a third question with one answer waits until after the first ten, and in a
    bank of fewer than ten others it is not served at all (the student would learn to answer
    "Tim Cook" to every "Who said …?"). So does the rest of a passage whose
    view is asked, a speaker's words that go on from a quotation already asked, the second
    question on one pair of close figures, a reported claim whose choices a view offers, and a
    second "True or false: X said …" with the same false X: the first ten ask each passage,
    each statement and each pair once."""
    first: list[C] = []
    later: list[C] = []
    waiting: list[C] = []
    ends = _passage_ends(chosen)
    for candidate in chosen:
        answer = fold(candidate.question.answer)
        # A third "Who said …?" for one speaker, even after the first ten and even one that
        # waits of itself: raters took it for one too many (6 of 7 turned down; 05's third
        # "Trump", which waited, again on 2026-12-05).
        if (
            _who_said(candidate)
            and sum(_who_said(c) and fold(c.question.answer) == answer for c in [*first, *later])
            >= MAX_PER_ANSWER
        ):
            continue
        if _waits_of_itself(candidate):
            # Never in the place of another question either (the seed's blank on February 7,
            # its other dates made up, took the place of its false twin).
            later.append(candidate)
            waiting.append(candidate)
            continue
        keyed = sum(fold(c.question.answer) == answer for c in first)
        crowded = candidate.question.answer not in TRUE_FALSE and keyed >= MAX_PER_ANSWER
        # The rest of a passage whose first quotation a speaker's view asks: raters count a
        # view and a "Who said …?" on one passage as one quotation asked twice.
        tail = candidate.fact_key.startswith(QUOTE_TAIL)
        # One pair of figures asked both ways ("____ on February 7" and "on February 7 …
        # for a second time": February 11) tells the student one answer in the other.
        mirrored = [c for c in first if mirrors(candidate.question, c.question)]
        twin = next((c for c in mirrored if c.question.kind == Kind.TRUE_FALSE), None)
        if twin is not None and candidate.question.kind != Kind.TRUE_FALSE and not crowded:
            # Raters took the blank and turned down the false twin of one pair: the blank
            # takes the twin's place, and the twin waits.
            first[first.index(twin)] = candidate
            later.append(twin)
            waiting.append(twin)
            continue
        # A reported claim and a speaker's view offering the same statements ask one thing:
        # the view, which sets one speaker against another, is served, the claim waits.
        echoed = next((c for c in first if _same_statements(candidate, c)), None)
        if echoed is not None and candidate.speaker and not echoed.speaker:
            first[first.index(echoed)] = candidate
            later.append(echoed)
            waiting.append(echoed)
            continue
        # A view and a "Who said …?" on one statement: the view, which asks more, is served.
        said = next((c for c in first if _one_statement(candidate, c, body, ends)), None)
        if said is not None and candidate.question.fact_type == FactType.ARGUMENT:
            first[first.index(said)] = candidate
            later.append(said)
            waiting.append(said)
            continue
        # A blank on who said something and that person's "Who said …?": the "Who said" is
        # served, the blank waits, whichever came first.
        blanked = next((c for c in first if _speaker_blanked(c, [candidate])), None)
        if blanked is not None:
            first[first.index(blanked)] = candidate
            later.append(blanked)
            waiting.append(blanked)
            continue
        # Two roles asked among the same roles: knowing one rules it out of the other.
        eliminated = any(_same_roles(candidate, c) for c in first)
        late = crowded or tail or bool(mirrored) or echoed is not None or eliminated
        # A speaker's second "Who said …?": among three or four speakers, the student who
        # placed the first quotation rules the speaker in or out of the second (turned down in
        # 03, 17 and 20 in two ratings). Every quotation is still in the bank.
        late = late or _said_before(candidate, first)
        # The title of someone whose words another question asks: raters took it for the
        # same person asked twice, and their job for trivia.
        late = late or _role_of_someone_asked(candidate, chosen)
        late = late or said is not None or _speaker_blanked(candidate, first)
        # "True or false: X said …" false again with the same X teaches "False", not who.
        late = late or _twin_used(candidate, first)
        if late:
            waiting.append(candidate)
        # Past the first ten, the rest come later in their order: any of them may stand in for
        # one of the first that a teacher leaves out, but none that waits.
        (later if late or len(first) >= SERVED_FIRST else first).append(candidate)
    return Queue(first, later, waiting)


def _who_said(candidate: CandidateLike) -> bool:
    """Whether ``candidate`` is a "Who said …?" (not "True or false: X said …")."""
    question = candidate.question
    return question.kind == Kind.QUOTE and question.answer not in TRUE_FALSE


def _waits_of_itself(candidate: CandidateLike) -> bool:
    """A question that waits whatever else is served: a model code ("a Russian-made ____
    tank": every rating of the seed called it trivia), an aside its builder marked (a blank
    inside a claim, made-up figures, words that only give a figure), a bound keyed among
    other bounds ("at least two" among "at least three": the article does not rule the wrong
    choices out; the seed's, turned down in three ratings), a date a few days off, a person
    asked beside their nation, or a wh-question that reads ten words of its sentence back."""
    question = candidate.question
    if question.fact_type == FactType.OTHER or candidate.aside or bounded(question):
        return True
    return _trick_date(question) or _nation_in_stem(question) or copies_a_run(question)


# Ten words in a row of the article's sentence: a clause read back, not a fact asked.
COPIED_RUN = 10
_RUN_WORD = re.compile(r"[\w’'-]+")
NOT_READ_BACK = STATEMENT_ANSWERS | {FactType.ROLE, FactType.CALCULATION}


def copies_a_run(question: QuestionLike) -> bool:
    """Whether a wh-question repeats ten or more words in a row of its sentence: "Which
    country will be back in action on Wednesday against defending champion Croatia?" reads
    the sentence back, and the student who recognises it needs no understanding (raters
    turned down 15's two country questions and the seed's "Who declined to comment when asked
    during a briefing …" as copied). A blank and a statement to judge are a clause by design
    (rules 5 and 6 cut them from their sentence); the statements a view, a cause or an order
    offers, a role and a worked figure are not read back."""
    if question.kind != Kind.MCQ or question.fact_type in NOT_READ_BACK:
        return False
    own = _outside_quotes(question_body(question.prompt)).lower()
    source = [w.lower() for w in _RUN_WORD.findall(question.source_sentence)]
    runs = {tuple(source[i : i + COPIED_RUN]) for i in range(len(source) - COPIED_RUN + 1)}
    words = _RUN_WORD.findall(own)
    return any(tuple(words[i : i + COPIED_RUN]) in runs for i in range(len(words) - COPIED_RUN + 1))


def _nation_in_stem(question: QuestionLike) -> bool:
    """A person asked in words that name a country or its people ("____ kept Spain's hopes
    alive", offering an American, a Kazakh and a Frenchman): the nation picks the one who can
    be meant, by what the student knows and not by the article (15's, turned down in every
    rating). Outside quotations only: a speaker may name any country."""
    if question.fact_type != FactType.PERSON or question.kind == Kind.QUOTE:
        return False
    stem = _outside_quotes(question.prompt)
    return any(map(gazetteer.names_a_nation, re.findall(r"[A-Z][\w’'-]*", stem)))


def _trick_date(question: QuestionLike) -> bool:
    """A false twin a few days off the article's date ("On November 12, a third case …" for
    November 16; the seed's "On February 7 … for a second time" for February 11): a trick on
    a minor date, turned down in every rating since 2026-12-04."""
    if question.kind != Kind.TRUE_FALSE or question.fact_type != FactType.DATE:
        return False
    stated = {_figure(f) for f in FIGURE.findall(question.prompt)}
    source = {_figure(f) for f in FIGURE.findall(question.source_sentence)}
    return any(_close(a, b) for a in source - stated for b in stated - source)


def bounded(question: QuestionLike) -> bool:
    """Whether a choice question keys a figure given as a bound ("at least two", "more than
    2,500"): its wrong choices, bounds too, are not false by the article."""
    if question.fact_type != FactType.NUMBER or is_statement(question.choices):
        return False
    return gazetteer.bound_of(question.answer) is not None


def _said_before(candidate: CandidateLike, first: Sequence[CandidateLike]) -> bool:
    """Whether ``candidate`` is a "Who said …?" whose speaker another one of ``first`` keys."""
    if not _who_said(candidate):
        return False
    answer = candidate.question.answer
    return any(_who_said(c) and same_thing(c.question.answer, answer) for c in first)


def _in_serving_order(ranked: Sequence[C]) -> list[C]:
    """The lead, one quotation of each speaker, the kinds in turn (each best first, one
    question per fact, no answer a third time), then the speakers' further quotations."""
    chosen: list[C] = []
    lead = [c for c in ranked if c.sentence < LEAD_SENTENCES and c.question.kind != "quote"]
    for candidate in lead[:1]:
        chosen.append(candidate)
    speakers: set[str] = set()
    later_quotes: list[C] = []
    # A speaker's view ("Which statement is closest to what X said?") asks their words, and
    # stands for "Who said …?" on the same passage (one fact, asked at the higher level): the
    # view takes its turn among the questions above recall, the quotation waits for it.
    reserved = {c.fact_key for c in ranked if c.question.fact_type == "argument"}
    waiting: list[C] = []
    tails = {c.fact_key: c for c in ranked if c.fact_key.startswith(QUOTE_TAIL)}
    for candidate in (c for c in ranked if c.question.kind == "quote"):
        if candidate.fact_key.startswith(QUOTE_TAIL):
            continue
        if candidate.fact_key in reserved:
            waiting.append(candidate)
            continue
        speaker = candidate.speaker
        if any(_same_quotation(candidate, c) for c in [*chosen, *later_quotes]):
            continue  # the same words quoted twice ("… ‘control’ …" and the whole sentence)
        if speaker in speakers:
            later_quotes.append(candidate)
        else:
            speakers.add(speaker)
            chosen.append(candidate)
    # Recall questions by kind, and the questions above recall as a queue of their own, so a
    # quiz of ten gets two of them where the article has them.
    recall = [c for c in ranked if _level(c) == "recall"]
    # A false twin goes before a blank: where both are on one sentence, the twin, which asks
    # who did it rather than a word of the sentence, is the one asked.
    queues = {kind: [c for c in recall if c.question.kind == kind] for kind in TURNS}
    queues["above recall"] = [c for c in ranked if _level(c) != "recall"]
    while any(queues.values()):
        for queue in queues.values():
            while queue:
                candidate = queue.pop(0)
                if (
                    candidate not in chosen
                    and _fits(candidate, chosen)
                    and _answer_free(candidate, chosen)
                ):
                    chosen.append(candidate)
                    break
    keys = {c.fact_key for c in chosen}
    for candidate in waiting:
        if candidate.fact_key in keys:  # the view asks the first quotation; "Who said" the rest
            rest = tails.get(QUOTE_TAIL + candidate.fact_key)
            later_quotes += [rest] if rest is not None else []
        else:  # a view that was not asked leaves the whole passage to "Who said"
            later_quotes.append(candidate)
    for candidate in later_quotes:  # each quotation is a fact of its own, asked once
        if candidate.fact_key not in keys:
            keys.add(candidate.fact_key)
            chosen.append(candidate)
    return chosen


def _level(candidate: CandidateLike) -> str:
    return candidate.question.level


LEAD_SENTENCES = 3
FEW = 3  # trivia asked where there is nothing else
MAX_PER_ANSWER = 2


def _same_quotation(a: CandidateLike, b: CandidateLike) -> bool:
    """One quotation inside the other: the same words asked twice."""
    quoted_a, quoted_b = _QUOTED.search(a.question.prompt), _QUOTED.search(b.question.prompt)
    if quoted_a is None or quoted_b is None or a.question.kind != b.question.kind:
        return False
    short, long = sorted((fold(quoted_a[1]), fold(quoted_b[1])), key=len)
    return bool(short) and short in long


def _twin_used(candidate: CandidateLike, chosen: Sequence[CandidateLike]) -> bool:
    """Whether the false speaker of "True or false: X said …" is one already asked: three
    "X said" all false teach the student to answer False, not who said what."""
    return bool(candidate.twin) and any(c.twin == candidate.twin for c in chosen)


def _answer_free(candidate: CandidateLike, chosen: Sequence[CandidateLike]) -> bool:
    """No answer keyed a third time: a quiz of ten would ask one name over and over."""
    answer = fold(candidate.question.answer)
    if candidate.question.answer in TRUE_FALSE:
        return True
    same = [c for c in chosen if fold(c.question.answer) == answer]
    if _names_someone(candidate) and any(_names_someone(c) for c in same):
        return False  # a second blank on one person: the first one's sentence gives it away
    return len(same) < MAX_PER_ANSWER


PERSON_FACTS = frozenset({"person", "role"})


def _names_someone(candidate: CandidateLike) -> bool:
    """A blank or a role question whose answer is a person (not "Who said …?")."""
    return candidate.question.fact_type in PERSON_FACTS and candidate.question.kind != "quote"


# The words after a blank, or after "Who", up to a speech verb: who said something.
SPEAKER_BLANKED = re.compile(
    rf"(?:____|^Who)((?:\s+[\w,]+){{0,3}}?)\s+(?:{'|'.join(sorted(SPEECH_FORMS))})\b"
)
# Between the blank and the verb: someone else speaks ("____ met Biden, who said"), or the
# blank is told something ("____ was told by aides").
NOT_THE_SPEAKER = frozenset("who what which that was were is are been be being".split())


def _speaks(prompt: str) -> bool:
    """Whether the blank (or "Who") is the one a speech verb in the prompt has speak."""
    found = SPEAKER_BLANKED.search(prompt)
    if found is None:
        return False
    return not any(word.strip(",").lower() in NOT_THE_SPEAKER for word in found[1].split())


# The end of a sentence, and a quotation mark: what lies between two quotations of one speaker.
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")
QUOTE_MARK = re.compile(r"[\"“”]")


def _one_statement(a: CandidateLike, b: CandidateLike, body: str, ends: dict[str, int]) -> bool:
    """Whether two questions ask the words of one statement: each a "Who said …?" or a view
    of the same speaker, on passages with nobody else quoted between them and at most one
    sentence of the writer's (two tweets in a row; a press secretary over four paragraphs).
    Raters turned the second question down in every rating, as the same point asked again.
    The second's quotation opens a sentence: words that go on. ``ends`` (``_passage_ends``)
    says where a passage ends whose view shows only its first quotation."""
    speaker_a, speaker_b = _whose_words(a), _whose_words(b)
    if not body or not speaker_a or not speaker_b or not same_thing(speaker_a, speaker_b):
        return False
    first, second = sorted((a, b), key=lambda c: c.question.source_start)
    end = ends.get(first.fact_key, first.question.source_end)
    if end > second.question.source_start:
        return False  # one passage's view and its rest: the tail rule's
    between = body[end : second.question.source_start]
    # Words that go on open a sentence of their own; "Bornstein told CNN in 2018 that Trump
    # “dictated …”" is the writer reporting another occasion.
    opening = QUOTE_MARK.search(body, second.question.source_start)
    before = body[second.question.source_start : opening.start()].rstrip() if opening else "."
    goes_on = not before or before[-1] in ".!?"
    return goes_on and not QUOTE_MARK.search(between) and len(SENTENCE_END.findall(between)) <= 1


def _passage_ends(chosen: Sequence[CandidateLike]) -> dict[str, int]:
    """Where each quoted passage ends, by its fact key: a view asks only the first quotation
    of its passage, and the rest ("tail:" + the key) goes on after it."""
    ends: dict[str, int] = {}
    for candidate in chosen:
        key = candidate.fact_key.removeprefix(QUOTE_TAIL)
        ends[key] = max(ends.get(key, 0), candidate.question.source_end)
    return ends


def _whose_words(candidate: CandidateLike) -> str:
    """The speaker a "Who said …?" or a view asks about; "" for any other question."""
    question = candidate.question
    if question.kind == Kind.QUOTE and question.answer not in TRUE_FALSE:
        return question.answer
    return candidate.speaker if question.fact_type == FactType.ARGUMENT else ""


def _same_roles(a: CandidateLike, b: CandidateLike) -> bool:
    """ "What role does the article give Jim Mattis?" beside the same question on Jeffrey
    Harrigian, among the same roles: raters answered the second by elimination."""
    if a.question.fact_type != "role" or b.question.fact_type != "role":
        return False
    shared = set(a.question.choices) & set(b.question.choices)
    return len(shared) >= min(len(a.question.choices), len(b.question.choices)) - 1


def _role_of_someone_asked(candidate: CandidateLike, others: Sequence[CandidateLike]) -> bool:
    """Whether ``candidate`` asks the role of someone whose words another question of
    ``others`` asks ("Who said …?", or whose view): a source's words are the story, their
    job the trivia. What someone did ("Who declined to comment …?") leaves their role to ask."""
    person = _role_asked_of(candidate.question)
    return bool(person) and (
        any(c.question.kind == Kind.QUOTE and c.speaker == person for c in others)
        or role_of_a_source(candidate.question, [c.question for c in others])
    )


def role_of_a_source(question: QuestionLike, others: Iterable[QuestionLike]) -> bool:
    """Whether ``question`` asks the role of someone whose words one of ``others`` asks (their
    "Who said …?" or their view): the rule above, for questions as the bank keeps them."""
    person = _role_asked_of(question)
    return bool(person) and any(
        (q.kind == Kind.QUOTE and q.answer == person)
        or (q.prompt or "").startswith(f"True or false: {person} said ")
        or f"what {person} said" in (q.prompt or "")
        for q in others
    )


def _role_asked_of(question: QuestionLike) -> str:
    """Whose role a role question asks: the name in "What role does the article give X?", or
    the answer of "Who is described … as X?" or of "Who is running for president in elections
    next month?" (what a person is, from the article's "who" clause: the seed's, beside
    Yavlinsky's view, turned down in two ratings as his identity asked again); "" for any
    other question."""
    prompt = question.prompt or ""
    if question.fact_type == FactType.PERSON and question.kind == Kind.MCQ:
        return question.answer if IDENTITY.match(prompt) else ""
    if question.fact_type != FactType.ROLE:
        return ""
    if prompt.startswith(ROLE_OF):
        return prompt.removeprefix(ROLE_OF).removesuffix("?")
    return question.answer


def _same_statements(a: CandidateLike, b: CandidateLike) -> bool:
    """Two questions on what people said that share two choices: one is the other asked
    again ("what did the ministry claim?" and "closest to what Yavlinsky said?")."""
    if a.question.fact_type != "argument" or b.question.fact_type != "argument":
        return False
    return len(set(a.question.choices) & set(b.question.choices)) >= 2


def _fits(candidate: CandidateLike, chosen: Sequence[CandidateLike]) -> bool:
    same_sentence = [
        c for c in chosen if c.sentence == candidate.sentence and not (c.across or candidate.across)
    ]
    if len(same_sentence) >= PER_SENTENCE:
        return False
    if any(_gives_away(candidate, c) or _gives_away(c, candidate) for c in same_sentence):
        return False  # two questions on one sentence must not answer each other
    if any(_asks_the_speaker_again(candidate, c) for c in chosen):
        return False
    if any(c.fact_key == candidate.fact_key for c in chosen):
        return False
    if any(_shows(c, candidate) or _shows(candidate, c) for c in chosen):
        return False
    if any(_restates(c, candidate) or _restates(candidate, c) for c in chosen):
        return False
    if any(_figure_written(c, candidate) or _figure_written(candidate, c) for c in chosen):
        return False
    if any(_same_blank(c, candidate) for c in chosen):
        return False
    return not near_duplicate(candidate.question.prompt, [c.question.prompt for c in chosen])


_QUOTED = re.compile(r"“([^”…]+)")
MIN_QUOTE_WORDS = 4


def _shows(main: CandidateLike, other: CandidateLike) -> bool:
    """Whether a main-idea question's choices (true statements of the article) give away
    ``other``: its answer stands in one of them whole, or it asks more than recall of the
    same sentence
    (a cause in the lead the main idea already states)."""
    if main.question.fact_type != "main_idea" or other.question.answer in TRUE_FALSE:
        return False
    if main.sentence == other.sentence and _level(other) != "recall":
        return True
    if other.question.fact_type in STATEMENT_ANSWERS:
        return False
    answer = re.escape(other.question.answer)
    return any(re.search(rf"(?i)(?<!\w){answer}(?!\w)", c) for c in main.question.choices)


def _restates(asked: CandidateLike, shown: CandidateLike) -> bool:
    """Whether ``shown``'s prompt holds ``asked``'s answer in the words of ``asked``'s own
    prompt, from any sentence: a blank on "Since 2008, there hasn’t been a single year of
    revenue gain" beside "Who said “Since 2008, there hasn’t been …”?" answers itself."""
    answer = asked.question.answer
    if answer in TRUE_FALSE or asked.question.fact_type in STATEMENT_ANSWERS:
        return False
    if fold(answer) not in fold(shown.question.prompt):
        return False
    words = _content_words(question_body(asked.question.prompt).replace("____", " "))
    shared = words & _content_words(shown.question.prompt)
    return bool(words) and len(shared) / len(words) >= RESTATED


RESTATED = 0.6


def _figure_written(asked: CandidateLike, shown: CandidateLike) -> bool:
    """Whether ``shown``'s prompt writes the figure ``asked`` keys, from any sentence: "When
    were the first two illnesses confirmed?" beside "how many … sought treatment?" keyed two,
    or a quotation's "closer to 5%" beside "The stock was down ____" keyed 5%."""
    if asked.question.fact_type not in FIGURE_TYPES or "true_false" in {
        asked.question.kind,
        shown.question.kind,
    }:
        return False  # a true/false statement's figures are pick_best's (quality.mirrors)
    if gazetteer.SCORE.match(asked.question.answer):
        return False  # "6-3" is many sets' score: another set's is no answer to this one
    return writes_figure(shown.question.prompt, asked.question.answer)


def writes_figure(text: str, figure: str) -> bool:
    """Whether ``text`` writes ``figure`` whole ("2.52" in "$2.52 a share", not "2" in
    "2.52"), whatever its case and spacing."""
    written = re.escape(_spaced(figure))
    return re.search(rf"(?<![\w.,]){written}(?![\w.,]\w)", _spaced(text)) is not None


@functools.lru_cache(maxsize=64)
def _spaced(text: str) -> str:
    """``text`` in lower case with its spacing made single: an article body is folded once
    for all the figures of its questions (``questions._article_figures``)."""
    return " ".join(text.casefold().split())


def _same_blank(a: CandidateLike, b: CandidateLike) -> bool:
    """Two blanks with one answer between the same words ask one fact twice, from two
    sentences: "Taylor Swift's first ____ albums …" and "… tracks from her first ____
    albums at the AMAs"."""
    if fold(a.question.answer) != fold(b.question.answer):
        return False
    around_a, around_b = _around_blank(a.question.prompt), _around_blank(b.question.prompt)
    return around_a is not None and around_a == around_b


def _around_blank(prompt: str) -> tuple[str, str] | None:
    """The words just before and after a blank, lower-cased; None without a blank."""
    if "____" not in prompt:
        return None
    before, after = prompt.split("____", 1)
    words_before = re.findall(r"[\w’']+", before.lower())[-1:]
    words_after = re.findall(r"[\w’']+", after.lower())[:1]
    return " ".join(words_before), " ".join(words_after)


def _asks_the_speaker_again(candidate: CandidateLike, chosen: CandidateLike) -> bool:
    """ "Who said “We have never seen winds like this”?" and "Fill in the blank: “We have
    never seen winds like this,” said fire chief ____." ask one fact twice."""
    if chosen.question.kind != "quote" or candidate.question.kind == "quote":
        return False
    if not same_thing(chosen.question.answer, candidate.question.answer):
        return False
    quoted = _QUOTED.search(chosen.question.prompt)
    # A quotation of a few words ("No.") would match prompts it has nothing to do with.
    if quoted is None or len(quoted[1].split()) < MIN_QUOTE_WORDS:
        return False
    return fold(quoted[1]) in fold(candidate.question.prompt)


def _judged_by_view(candidate: CandidateLike, view: CandidateLike) -> bool:
    """ "True or false: Matt Maley said “Here's a company …”" beside "Which statement is
    closest to what Matt Maley said?", whose wrong choices hold those very words: the view
    asks it already (the view asks more of the student, and stays)."""
    question = candidate.question
    if question.kind != "quote" or question.answer not in TRUE_FALSE:
        return False
    if not question.prompt.startswith(f"True or false: {view.speaker} said "):
        return False
    return _quotes_one_of(question, view.question.choices)


def _quotes_one_of(question: QuestionLike, choices: Sequence[str]) -> bool:
    """Whether the question's quotation opens one of the choices."""
    quoted = _QUOTED.search(question.prompt)
    return quoted is not None and any(fold(quoted[1])[:40] in fold(choice) for choice in choices)


def quotations_offered(view: QuestionLike, questions: Iterable[QuestionLike]) -> int:
    """How many "Who said …?" of ``questions`` ask words that a view ("Which statement is
    closest to what X said?") offers as its wrong choices."""
    if view.fact_type != FactType.ARGUMENT:
        return 0
    wrong = [choice for choice in view.choices or [] if choice != view.answer]
    return sum(
        q.kind == Kind.QUOTE and q.answer not in TRUE_FALSE and _quotes_one_of(q, wrong)
        for q in questions
        if q.prompt
    )


def _speaker_blanked(candidate: CandidateLike, chosen: Sequence[CandidateLike]) -> bool:
    """ "____ chimed in, noting that Brooke's offer was “a lovely gesture”" beside "Who said
    “hardest judge's verdict …”?" with the same answer: who said what, asked twice of one
    person (raters called the blank trivia in two ratings)."""
    question = candidate.question
    if question.fact_type != FactType.PERSON or question.kind == Kind.QUOTE:
        return False
    if not _speaks(question.prompt):
        return False
    return any(
        c.question.kind == Kind.QUOTE and same_thing(c.question.answer, question.answer)
        for c in chosen
    )


def _beside_their_quotation(candidate: CandidateLike, chosen: CandidateLike) -> bool:
    """ "Who urged the public not to tolerate the pretense?" on the sentence next to that
    person's quotation asks what the quotation says, in the writer's words: one fact."""
    if chosen.question.kind != "quote" or candidate.question.kind == "quote":
        return False
    if candidate.question.fact_type != "person" or candidate.across:
        return False
    near = abs(candidate.sentence - chosen.sentence) == 1  # its own sentence may say more
    return near and same_thing(chosen.question.answer, candidate.question.answer)


FIGURE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?"
    r"|\$?\d[\d,]*(?:\.\d+)?"
)
FIGURE_TYPES = frozenset({"date", "number"})


def mirrors(a: QuestionLike, b: QuestionLike) -> bool:
    """Two questions on one pair of figures, each answer offered in the other ("____ on
    February 7" beside "True or false: on February 7 … for a second time", whose answer is
    February 11; "reported $____ a share", 2.53, beside "Wall Street predicted $____", 2.52)."""
    if a.fact_type not in FIGURE_TYPES or b.fact_type not in FIGURE_TYPES:
        return False
    (key_a, shown_a), (key_b, shown_b) = _figures_of(a), _figures_of(b)
    if not (key_a & shown_b and key_b & shown_a):
        return False
    # Figures far apart ("down 5%" and "growth of 3.5%") are two facts whose choices share
    # the article's figures; close ones (February 7 and 11, $2.53 and $2.52) are one pair.
    return any(_close(x, y) for x in key_a for y in key_b)


def close_figures(a: str, b: str) -> bool:
    """Whether two figures as written are easily taken for each other ($2.52 and $2.53)."""
    return _close(_figure(a), _figure(b))


def _close(a: str, b: str) -> bool:
    """Whether two figures (``_figure``) are easily taken for each other: dates in one month,
    years a year apart, amounts within a tenth of each other."""
    if a[:1].isalpha() or b[:1].isalpha():
        return a[:3] == b[:3]  # "feb7" and "feb11"
    try:
        x, y = float(a.rstrip("%")), float(b.rstrip("%"))
    except ValueError:
        return False
    if x.is_integer() and y.is_integer() and 1900 <= min(x, y) and max(x, y) <= 2100:
        return abs(x - y) <= 1
    return max(x, y) > 0 and abs(x - y) / max(x, y) <= 0.1


def _figure(text: str) -> str:
    """A figure written one way: "$2.53" and "2.53", "Feb. 7" and "February 7" alike."""
    text = re.sub(r"[$,\s]|percent", "", text.lower()).strip(".")
    return re.sub(r"^([a-z]{3})[a-z]*\.?", r"\1", text)


def _figures_of(question: QuestionLike) -> tuple[set[str], set[str]]:
    """The figures a question keys, and every figure it shows: a blank's answer among its
    choices; a false twin's true figure (in its sentence, not its statement) and the one swapped
    in."""
    if question.kind == "true_false":
        stated = {_figure(f) for f in FIGURE.findall(question.prompt)}
        source = {_figure(f) for f in FIGURE.findall(question.source_sentence)}
        return source - stated, stated | source
    return {_figure(question.answer)}, {_figure(choice) for choice in question.choices}


ROLE_OF = "What role does the article give "
# What a person is, asked of them: "Who is running for …?", "Who is the mayor …?"; what
# happened to them or what they did ("Who was arrested …?", "Who declined to comment …?") is
# asked of anyone.
IDENTITY = re.compile(r"Who (?:is|was|has been) (?:a|an|the)\b|Who is \w+ing\b")


def _gives_away(asked: CandidateLike, shown: CandidateLike) -> bool:
    """Whether ``shown``'s prompt reveals ``asked``'s answer (a true/false statement or a
    cloze sentence shows every other fact of its sentence; two wh-questions show only what
    they name)."""
    if shown.question.prompt.startswith(ROLE_OF):
        return False  # "What role does the article give X?" names X, and nothing X did
    kinds = {asked.question.kind, shown.question.kind}
    if kinds & {"true_false", "cloze"} and (len(kinds) == 1 or "true_false" in kinds):
        return True
    if asked.question.fact_type == "calculation":
        return True  # any other question on its sentence shows the figures it works from
    if asked.question.kind == "quote":
        # Naming the speaker elsewhere ("What role does the article give Jim Mattis?") does
        # not say who spoke these words; showing the words beside the name would.
        quoted = _QUOTED.search(asked.question.prompt)
        return quoted is not None and fold(quoted[1])[:40] in fold(shown.question.prompt)
    return mentions_answer(shown.question.prompt, asked.question.answer)
