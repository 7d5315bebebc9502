"""The question-quality report: automatic checks on generated questions, and their tally
over a folder of articles.

The checks are written afresh here and share no code with ``quality.py``, whose rules filter
the generator's candidates: an audit that reused those rules would pass whatever they let
through, so a bug in them could never show up in the report. Only word lists (countries,
titles, date shapes) are borrowed from ``gazetteer``; they judge nothing by themselves.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from quizapp.generation import gazetteer
from quizapp.generation.questions import GeneratedQuestion

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

KINDS = ("quote", "mcq", "cloze", "true_false")
LEVELS = ("recall", "understanding", "analysis")
EXAMPLES = 3
LONG_PROMPT_WORDS = 40
QUOTE_MATCH_CHARS = 30
MIN_QUOTATION_WORDS = 4
DUPLICATE_JACCARD = 0.7
MAX_QUESTIONS_PER_ANSWER = 2
TRUE_FALSE = ["True", "False"]
BLANK = "____"
CLOZE_PREFIX = "Fill in the blank:"
TRUE_FALSE_PREFIX = "True or false:"

# Evaluative or speculative wording: a sentence holding one states an opinion or a guess,
# which a true/false or fill-in question would turn into a fact to learn. (To move to a shared
# word-list module.)
OPINION_MARKERS = (
    "not surprising", "surprising", "surprisingly", "with any luck", "the last thing",
    "should", "may", "might", "could", "perhaps", "probably", "likely", "seems", "seem",
    "seemed", "appears to", "appear to", "appeared to", "arguably", "unfortunately",
    "fortunately", "hopefully", "clearly", "obviously", "I think", "we believe",
    "best", "worst", "important", "crucial", "remarkable", "disappointing",
)  # fmt: skip
# "may" is matched in lower case only, so the month May is no opinion.
_CASE_SENSITIVE_MARKERS = {"may"}

# Demonyms that do not start with their country's name (gazetteer.DEMONYMS); the rest
# ("Syrian", "Iraqi", "Russians") are found by the prefix rule in _nations().
_DEMONYM_OF = {name: country for country, names in gazetteer.DEMONYMS.items() for name in names}

# Words that carry no content: spaCy's English list, plus the words the prompt templates add.
STOP_WORDS = frozenset(SPACY_STOP_WORDS) | {
    "fill", "blank", "true", "false", "said", "says", "according", "article", "described",
}  # fmt: skip
# Articles and "of" do not make one name differ from another: "the Bank of X" / "X".
_NAME_FILLERS = {"the", "a", "an", "of"}
_ACRONYM_SKIPS = {"of", "the", "and", "for", "a", "an", "on", "in", "to", "&"}
_NUMBER_WORDS = {
    *gazetteer.NUMBER_WORDS, *gazetteer.TENS_WORDS, *gazetteer.SCALES, "dozen", "dozens",
    "half", "quarter", "percent", "hundreds", "thousands", "millions", "billions",
}  # fmt: skip
_CALENDAR_WORDS = {w.lower() for w in [*gazetteer.MONTHS, *gazetteer.WEEKDAYS]}
_WH_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
_REPORTING_VERBS = {"say", "tell", "add", "note", "report", "state", "announce", "write", "claim"}
# Words the prompt templates write themselves ("Which organization …?", "What role …?").
_TEMPLATE_WORDS = {"organization", "group", "role", "article", "described", "blank"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_LEADING_CONNECTIVES = {
    "however", "but", "and", "meanwhile", "still", "yet", "also", "moreover", "furthermore",
    "nevertheless", "instead", "so", "then", "now", "indeed", "additionally", "besides",
}  # fmt: skip
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_QUOTATION = re.compile(r"“([^”“\n]+)”|\"([^\"\n]+)\"")
_WORD = re.compile(r"[^\W\d_]+")


# ── results ─────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Finding:
    """One question (by its index in the list audited) tripping one check, and why."""

    check: str
    question: int
    why: str


@dataclass
class Example:
    """A question that tripped a check, with enough to judge it without the article."""

    article: str
    prompt: str
    choices: list[str]
    answer: str
    why: str


@dataclass
class CheckTally:
    """How many questions tripped a check, and the first few of them."""

    count: int = 0
    examples: list[Example] = field(default_factory=list)


@dataclass
class ArticleReport:
    """One article: its questions per kind, the checks they trip, the quotations it asked."""

    name: str
    generation_ms: float
    questions: int
    kinds: dict[str, int]
    checks: dict[str, CheckTally]
    quotations: int
    quotations_asked: int
    speakers: list[str]
    # Questions per level, and the questions above recall per what they ask (main idea, …).
    levels: dict[str, int] = field(default_factory=dict)
    above_recall: dict[str, int] = field(default_factory=dict)
    waiting: int = 0  # kept in the bank, served only after ten others


@dataclass
class Totals:
    """The whole folder: sums of the articles' figures, and the generation time."""

    articles: int
    questions: int
    kinds: dict[str, int]
    checks: dict[str, CheckTally]
    quotations: int
    quotations_asked: int
    generation_ms: float
    median_ms: float
    levels: dict[str, int] = field(default_factory=dict)
    above_recall: dict[str, int] = field(default_factory=dict)
    articles_above_recall: int = 0  # articles with at least one question above recall
    waiting: int = 0


@dataclass
class Report:
    """Every article's figures, the total, and the files that could not be read as articles."""

    folder: str
    articles: list[ArticleReport]
    total: Totals
    skipped: dict[str, str]


class ReportError(ValueError):
    """The folder cannot be reported on; the message says why."""


# ── text helpers ────────────────────────────────────────────────────────────────────────────


def fold(text: str) -> str:
    """Compare text ignoring case, punctuation, spacing and a leading article."""
    text = re.sub(r"(?i)^(the|a|an)\s+", "", text.strip())
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def outside_quotes(text: str) -> str:
    """The text with every quotation replaced by a space: quoted words are not the prompt's."""
    return _QUOTED.sub(" ", text)


def _normal(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces: for finding a phrase in the body."""
    return " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())


def _occurs(phrase: str, text: str) -> bool:
    """``phrase`` is in ``text`` as whole words, ignoring case and apostrophe style."""
    needle = _normal(phrase)
    return bool(needle) and bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", _normal(text)))


def _stem(prompt: str) -> str:
    """The prompt without its "Fill in the blank:" or "True or false:" prefix."""
    for prefix in (CLOZE_PREFIX, TRUE_FALSE_PREFIX):
        if prompt.startswith(prefix):
            return prompt[len(prefix) :].strip()
    return prompt.strip()


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in STOP_WORDS}


def _is_number_or_date(text: str) -> bool:
    words = {w.lower() for w in _WORD.findall(text)}
    return (
        any(ch.isdigit() for ch in text)
        or bool(words & (_NUMBER_WORDS | _CALENDAR_WORDS))
        or gazetteer.date_shape(text) is not None
    )


def _is_statement(question: GeneratedQuestion) -> bool:
    """A statement to judge: a true/false question, or "True or false: X said “…”"."""
    return question.kind == "true_false" or question.choices == TRUE_FALSE


def _is_person_question(question: GeneratedQuestion) -> bool:
    """A question whose choices are people; a true/false question's choices never are."""
    return not _is_statement(question) and (
        question.kind == "quote"
        or question.fact_type == "person"
        or question.prompt.lstrip().lower().startswith("who ")
    )


def same_word(a: str, b: str) -> bool:
    """One word, or its plural and singular: "Russians"/"Russian", "cities"/"city". The shorter
    form must have four letters or more, so "news" is not the plural of "new"."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    return long in {short + "s", short + "es"} or (
        short.endswith("y") and long == short[:-1] + "ies"
    )


def _nations(phrase: str) -> set[str]:
    """The countries a word or phrase names, as itself or as its people: "Syrian" → syria."""
    key = phrase.lower().strip(".,;:!?’'")
    found = set()
    country = gazetteer.canonical_country(key)
    if country is not None:
        found.add(country)
    if key in _DEMONYM_OF:
        found.add(_DEMONYM_OF[key])
    elif country is None and len(key) >= 4 and " " not in key:
        # "Russian", "Russians", "Jordanian": a country name is a prefix of its demonym.
        for name in gazetteer.COUNTRIES:
            if " " not in name and len(name) >= 4 and key.startswith(name):
                if len(key) - len(name) <= 4:
                    found.add(gazetteer.canonical_country(name) or name)
    return found


def _phrases(text: str, longest: int = 3) -> Iterable[str]:
    """Every run of one to ``longest`` words: where a country of several words may be."""
    words = [w.strip(".,;:!?()“”\"'’") or w for w in text.split()]
    for size in range(1, longest + 1):
        for start in range(len(words) - size + 1):
            yield " ".join(words[start : start + size])


# ── the checks on one question ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ArticleContext:
    """What the checks need to know about the article, computed once per audit."""

    body: str
    words: frozenset[str]  # every word of the body, as written
    names_only: frozenset[str]  # lower-cased words the body writes only capitalised, mid-sentence


def article_context(body: str) -> ArticleContext:
    """Index the article's words once for all its questions."""
    words = frozenset(_WORD.findall(body))
    lower = {w for w in words if w.islower()}
    capitalised_mid = {
        m.group(1).lower() for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+)\b", body)
    }
    return ArticleContext(body, words, frozenset(capitalised_mid - lower))


def invented_person(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """A "who" question offers a person the article never names: a made-up name is the
    giveaway a student learns to spot, not a distractor."""
    if not _is_person_question(q):
        return None
    invented = []
    for choice in q.choices:
        names = [
            w
            for w in _WORD.findall(choice)
            if len(w) >= 3 and w[0].isupper() and not gazetteer.is_title_word(w)
        ]
        if names and not any(name in ctx.words for name in names):
            invented.append(choice)
    return f"not named in the article: {', '.join(invented)}" if invented else None


OUTSIDE_NAME_TYPES = {"person", "organization", "group", "role", "place"}


def outside_name(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """A name offered as a choice that the article never writes. Countries, months and
    weekdays come from fixed lists by design, and numbers and dates are made up by design."""
    if _is_statement(q) or (q.kind != "quote" and q.fact_type not in OUTSIDE_NAME_TYPES):
        return None
    outside = []
    for choice in q.choices:
        if gazetteer.is_country(choice) or _is_number_or_date(choice):
            continue
        bare = re.sub(r"(?i)^the\s+", "", choice.strip())
        if not _occurs(bare, ctx.body):
            outside.append(choice)
    return f"not in the article: {', '.join(outside)}" if outside else None


def _name_words(text: str) -> frozenset[str]:
    """Words of a choice, split on spaces and hyphens, without articles, "of" or a possessive."""
    words = set()
    for raw in re.split(r"[\s\-–—]+", text.casefold()):
        word = re.sub(r"['’]s$", "", raw.strip(".,;:!?()“”\"'’"))
        if word and word not in _NAME_FILLERS:
            words.add(word)
    return frozenset(words)


def _acronym(short: str, long: str) -> bool:
    """Whether ``short`` is the initials of the capitalised words of ``long``: "EU" for
    "European Union", "U.S." for "United States"."""
    if " " in short.strip():
        return False
    letters = re.sub(r"[^A-Za-z]", "", short)
    if not 2 <= len(letters) <= 6 or not letters.isupper():
        return False
    words = [w for w in re.split(r"[\s\-]+", long) if w and w.lower() not in _ACRONYM_SKIPS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return False
    return "".join(w[0] for w in words).upper() == letters


def same_or_overlapping(a: str, b: str) -> str | None:
    """Why two choices are one thing, or one holds the other; None when they differ.
    Numbers and dates differ unless they are equal: "two weeks" is not "three weeks"."""
    if fold(a) == fold(b):
        return "the same after folding"
    if _is_number_or_date(a) or _is_number_or_date(b):
        return None
    country_a, country_b = gazetteer.canonical_country(a), gazetteer.canonical_country(b)
    if country_a is not None and country_a == country_b:
        return f"both name {country_a}"
    words_a, words_b = _name_words(a), _name_words(b)
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        return "one's words are all in the other"
    if _acronym(a, b) or _acronym(b, a):
        return "one is the other's acronym"
    return None


def alias_or_overlap(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """Two choices that name one thing leave one of them right twice, or both wrong."""
    pairs = []
    for i, a in enumerate(q.choices):
        for b in q.choices[i + 1 :]:
            reason = same_or_overlapping(a, b)
            if reason is not None:
                pairs.append(f"{a!r} / {b!r} ({reason})")
    return "; ".join(pairs) or None


def giveaway(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """The prompt shows the answer, a word of it, its other number, or its country's people."""
    if _is_statement(q) or not q.answer.strip():
        return None
    prompt = outside_quotes(q.prompt)
    if q.prompt.startswith(CLOZE_PREFIX):
        prompt = prompt.replace(CLOZE_PREFIX, " ", 1)
    bare = re.sub(r"(?i)^the\s+", "", q.answer.strip())
    if _occurs(bare, prompt):
        return f"the prompt holds the answer {q.answer!r}"
    prompt_words = set(_WORD.findall(prompt.lower()))
    distractors = [c for c in q.choices if fold(c) != fold(q.answer)]
    # A country a wrong choice names too ("Russia’s Defence Ministry …" beside "The Russian
    # government …") points at no one choice, as a shared word does not.
    shared_nations = set().union(*(_nations(p) for c in distractors for p in _phrases(c)))
    if not _is_number_or_date(q.answer):
        # A unit ("million", "weeks") beside another number is no clue to which number, and a
        # word that a wrong choice shares ("plague" in three of four) points at no one choice.
        for word in sorted(_content_words(q.answer)):
            shown = sorted(p for p in prompt_words if same_word(word, p))
            shared = any(same_word(word, other) for c in distractors for other in _WORD.findall(c))
            shared = shared or bool(_nations(word) and _nations(word) <= shared_nations)
            if shown and not shared:
                return f"the prompt holds {shown[0]!r}, a word of the answer"
    answer_nations = set().union(*(_nations(p) for p in _phrases(q.answer))) - shared_nations
    if answer_nations:
        for phrase in _phrases(prompt):
            if _nations(phrase) & answer_nations:
                return f"the prompt holds {phrase!r}, the same country as the answer"
    return None


def _marker_pattern(marker: str) -> str:
    body = r"\s+".join(re.escape(word) for word in marker.split())
    if marker in _CASE_SENSITIVE_MARKERS:
        body = f"(?-i:{body})"
    return rf"(?<![\w-]){body}(?![\w-])"


_OPINION = re.compile("|".join(_marker_pattern(m) for m in OPINION_MARKERS), re.IGNORECASE)


def opinion_markers(text: str) -> list[str]:
    """The evaluative or speculative words of a sentence, outside its quotations."""
    return [m.group().lower() for m in _OPINION.finditer(outside_quotes(text))]


def opinion_as_fact(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """A true/false or fill-in question on a sentence of opinion or speculation asks the
    student to learn a guess as a fact."""
    if q.kind not in {"true_false", "cloze"}:
        return None
    found = opinion_markers(q.source_sentence)
    if not found:
        return None
    return f"the source sentence says {', '.join(repr(m) for m in dict.fromkeys(found))}"


def _words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def copied_sentence(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """A true/false statement that is the article's sentence word for word tests recognition
    of a sentence, not understanding of it."""
    if q.kind != "true_false" or not q.prompt.startswith(TRUE_FALSE_PREFIX):
        return None
    statement = _words_of(_stem(q.prompt))
    source = _words_of(q.source_sentence)
    if statement == source:
        return "the statement is the source sentence"
    if len(source) > 1 and source[0] in _LEADING_CONNECTIVES and statement == source[1:]:
        return f"the statement is the source sentence without {source[0]!r}"
    return None


def too_few_choices(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """Fewer than three choices make a guess too likely; true/false offers exactly two."""
    if _is_statement(q):
        return None if q.choices == TRUE_FALSE else f"choices {q.choices} are not True, False"
    return None if len(q.choices) >= 3 else f"only {len(q.choices)} choices"


def quote_without_quotation(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """A "Who said" question must show words the article really quotes."""
    if not q.prompt.startswith("Who said"):
        return None
    match = re.search(r"“([^”]*)”", q.prompt)
    if match is None:
        rest = q.prompt.removeprefix("Who said").strip(" ?")
        return "no quotation in “ ” marks" + ("; nothing said at all" if not rest else "")
    shown = match.group(1).strip().removesuffix("…").strip()
    # "…" inside marks words left out (the attribution of a sentence it cut in two).
    pieces = [piece.strip() for piece in shown.split("…")]
    if not shown or any(_normal(piece) not in _normal(ctx.body) for piece in pieces):
        return "the quoted words are not in the article"
    return None


def long_prompt(q: GeneratedQuestion, ctx: ArticleContext) -> str | None:
    """A prompt of more than 40 words is a reading test, not a question."""
    count = len(q.prompt.split())
    return f"{count} words" if count > LONG_PROMPT_WORDS else None


QuestionCheck = Callable[[GeneratedQuestion, ArticleContext], str | None]
QUESTION_CHECKS: dict[str, QuestionCheck] = {
    "invented_person": invented_person,
    "outside_name": outside_name,
    "alias_or_overlap": alias_or_overlap,
    "giveaway": giveaway,
    "opinion_as_fact": opinion_as_fact,
    "copied_sentence": copied_sentence,
    "too_few_choices": too_few_choices,
    "quote_without_quotation": quote_without_quotation,
    "long_prompt": long_prompt,
}


# ── the stem, parsed again ──────────────────────────────────────────────────────────────────


def parse_text(q: GeneratedQuestion) -> str:
    """What to parse for a prompt: its stem, with a cloze's blank filled by the answer so that
    the parser sees the sentence a student completes."""
    stem = _stem(q.prompt)
    if q.kind == "cloze" and stem.count(BLANK) == 1:
        stem = stem.replace(BLANK, q.answer)
    return stem


_DOUBLED = re.compile(r",\s*,|(?<!\.)\.\.(?!\.)|\?\s*\.|,\s*\?|,\s*\.|;\s*[,.?]|:\s*[,.?]")
_SPACE_BEFORE = re.compile(r"\s[,;:?!]|\s\.(?!\d|\.)")


def stem_reparse(q: GeneratedQuestion, ctx: ArticleContext, doc: Doc) -> str | None:
    """Read the prompt as a student would: it must be one clean question or sentence, with
    its punctuation, quotation marks, capitals, verb and subject where they belong."""
    problems = []
    prompt = q.prompt
    stem = _stem(prompt)
    if _DOUBLED.search(prompt.replace(BLANK, "x")):
        problems.append("doubled punctuation")
    if _SPACE_BEFORE.search(prompt.replace(BLANK, "x")):
        problems.append("a space before punctuation")
    if prompt.count("“") != prompt.count("”") or prompt.count('"') % 2:
        problems.append("unbalanced quotation marks")
    if prompt.startswith(CLOZE_PREFIX) and re.findall(r"_+", prompt) != [BLANK]:
        problems.append(f"the blank is not {BLANK} exactly once")
    if stem[:1].islower():
        problems.append("starts with a lower-case letter")
    source_words = set(_WORD.findall(q.source_sentence))
    for word in _WORD.findall(outside_quotes(stem)):
        if (
            word.islower()
            and word in ctx.names_only
            and word.capitalize() in source_words
            and word not in _TEMPLATE_WORDS
            and not gazetteer.is_title_word(word)  # "the president" is no lower-cased name
        ):
            problems.append(f"{word!r} is a name the article capitalises")
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(doc.text)]
    outside = [t for t in doc if not any(a <= t.idx < b for a, b in quoted)]
    if outside and not any(t.pos_ in {"VERB", "AUX"} for t in outside):
        problems.append("no verb outside the quotation: a fragment")
    for problem in (_wh_without_subject(doc), _nothing_reported(doc)):
        if problem:
            problems.append(problem)
    return "; ".join(problems) or None


def _wh_without_subject(doc: Doc) -> str | None:
    """A wh-question's main clause needs a subject, unless the wh-word is the subject."""
    if len(doc) == 0 or doc[0].lower_ not in _WH_WORDS or not doc.text.rstrip().endswith("?"):
        return None
    root = doc[0].sent.root
    if any(child.dep_ in _SUBJECT_DEPS for child in root.children):
        return None
    # "Who won?" parsed without a subject: the wh-phrase right before the verb is its subject.
    wh_phrase_end = next((t.i for t in doc if t.pos_ in {"VERB", "AUX"}), len(doc))
    if root.i == wh_phrase_end and doc[0].lower_ in {"who", "what", "which", "how"}:
        return None
    if root.pos_ not in {"VERB", "AUX"}:
        # "When did the council vote …?": the small model reads "council vote" as one noun.
        # With "did" and a noun between it and the root, the subject is there, misparsed.
        aux = next((c for c in root.children if c.dep_ == "aux" and c.i < root.i), None)
        if aux is not None and any(
            t.pos_ in {"NOUN", "PROPN", "PRON"} for t in doc[aux.i + 1 : root.i]
        ):
            return None
    return f"the main clause ({root.text!r}) has no subject"


def _nothing_reported(doc: Doc) -> str | None:
    """ "Who said?", "Which organization says?": a reporting verb with nothing reported."""
    words = [t for t in doc if not t.is_punct]
    if not words or not doc.text.rstrip().endswith("?"):
        return None
    last = words[-1]
    if (
        last.pos_ == "VERB"
        and last.lemma_.lower() in _REPORTING_VERBS
        and not any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr"} for c in last.children)
    ):
        return f"{last.text!r} reports nothing"
    return None


# ── the checks across an article's questions ────────────────────────────────────────────────


def duplicate_facts(questions: Sequence[GeneratedQuestion]) -> dict[int, str]:
    """Questions that ask a fact an earlier question already asks: the same answer from the
    same sentence (for a quotation: the same words), nearly the same prompt, or, among the
    ten served first, an answer keyed a third time (a quiz asks no answer more than twice;
    the bank may hold every quotation of a speaker)."""
    found: dict[int, str] = {}
    words = [_content_words(q.prompt) for q in questions]
    answers: Counter[str] = Counter()
    for j, later in enumerate(questions):
        for i in range(j):
            earlier = questions[i]
            if (
                not _is_statement(earlier)
                and not _is_statement(later)
                and fold(earlier.answer) == fold(later.answer)
                and earlier.source_start == later.source_start
                and (later.kind != "quote" or _same_start(earlier.prompt, later.prompt))
            ):
                found[j] = f"same answer and sentence as question {i + 1}"
                break
            union = words[i] | words[j]
            if union and len(words[i] & words[j]) / len(union) >= DUPLICATE_JACCARD:
                found[j] = f"nearly the same prompt as question {i + 1}"
                break
        served_first = 0 < later.rank <= SERVED_FIRST and not later.waits
        if later.answer not in TRUE_FALSE and served_first:
            key = fold(later.answer)
            answers[key] += 1
            if answers[key] > MAX_QUESTIONS_PER_ANSWER and j not in found:
                found[j] = f"{later.answer!r} is the answer of {answers[key]} questions"
    return found


SERVED_FIRST = 10

CHECKS = (
    "invented_person",
    "outside_name",
    "alias_or_overlap",
    "duplicate_fact",
    "stem_reparse",
    "giveaway",
    "opinion_as_fact",
    "copied_sentence",
    "too_few_choices",
    "quote_without_quotation",
    "long_prompt",
)


def audit(
    body: str, questions: Sequence[GeneratedQuestion], nlp: Language | None = None
) -> list[Finding]:
    """Every check each question trips, in question order; ``nlp`` parses the prompts (by
    default the configured pipeline, loaded once)."""
    if nlp is None:
        from quizapp.generation.nlp import load_pipeline

        nlp = load_pipeline()
    ctx = article_context(body)
    docs = list(nlp.pipe(parse_text(q) for q in questions))
    duplicates = duplicate_facts(questions)
    findings = []
    for index, (question, doc) in enumerate(zip(questions, docs, strict=True)):
        for check in CHECKS:
            if check == "duplicate_fact":
                why = duplicates.get(index)
            elif check == "stem_reparse":
                why = stem_reparse(question, ctx, doc)
            else:
                why = QUESTION_CHECKS[check](question, ctx)
            if why is not None:
                findings.append(Finding(check, index, why))
    return findings


# ── quotations ──────────────────────────────────────────────────────────────────────────────


def quotations(body: str) -> list[str]:
    """The direct quotations of the body: text in “…” or "…" of four words or more."""
    found = (m.group(1) or m.group(2) for m in _QUOTATION.finditer(body))
    return [q.strip() for q in found if len(q.split()) >= MIN_QUOTATION_WORDS]


def quotations_asked(body: str, questions: Sequence[GeneratedQuestion]) -> tuple[int, int]:
    """How many of the body's quotations some question on who said them shows ("Who said
    “A” and “B”?", "True or false: X said “A”", or keys: a speaker's view), and how many
    there are."""
    shown = [
        fold(text.removesuffix("…"))[:QUOTE_MATCH_CHARS]
        for q in questions
        if q.prompt.startswith("Who said") or re.match(r"True or false: .+? said “", q.prompt)
        for text in re.findall(r"“([^”]*)”", q.prompt)
    ]
    # "Which statement is closest to what X said?" asks the quotation it keys.
    shown += [fold(q.answer)[:QUOTE_MATCH_CHARS] for q in questions if q.fact_type == "argument"]
    quoted = [fold(text)[:QUOTE_MATCH_CHARS] for text in quotations(body)]
    asked = sum(1 for text in quoted if any(s and _same_start(s, text) for s in shown))
    return asked, len(quoted)


def _same_start(a: str, b: str) -> bool:
    size = min(len(a), len(b))
    return size > 0 and a[:size] == b[:size]


# ── the report over a folder ────────────────────────────────────────────────────────────────


def _example(article: str, q: GeneratedQuestion, why: str) -> Example:
    return Example(article, q.prompt, list(q.choices), q.answer, why)


def article_report(
    name: str,
    body: str,
    questions: Sequence[GeneratedQuestion],
    generation_ms: float,
    *,
    examples: int = EXAMPLES,
    nlp: Language | None = None,
) -> ArticleReport:
    """One article's figures: kinds, checks tripped (with examples), quotations asked."""
    kinds = {kind: 0 for kind in KINDS}
    for q in questions:
        kinds[q.kind] = kinds.get(q.kind, 0) + 1
    checks = {check: CheckTally() for check in CHECKS}
    for finding in audit(body, questions, nlp):
        tally = checks[finding.check]
        tally.count += 1
        if len(tally.examples) < examples:
            tally.examples.append(_example(name, questions[finding.question], finding.why))
    asked, total = quotations_asked(body, questions)
    speakers = sorted({q.answer for q in questions if q.prompt.startswith("Who said")})
    levels = {level: sum(q.level == level for q in questions) for level in LEVELS}
    above = Counter(q.fact_type for q in questions if q.level != "recall")
    return ArticleReport(
        name,
        round(generation_ms, 1),
        len(questions),
        kinds,
        checks,
        total,
        asked,
        speakers,
        levels,
        dict(sorted(above.items())),
        sum(q.waits for q in questions),
    )


def totals(articles: Sequence[ArticleReport], examples: int = EXAMPLES) -> Totals:
    """Sum the articles' figures; the examples are the first ones over all articles."""
    kinds = {kind: 0 for kind in KINDS}
    checks = {check: CheckTally() for check in CHECKS}
    for article in articles:
        for kind, count in article.kinds.items():
            kinds[kind] = kinds.get(kind, 0) + count
        for check, tally in article.checks.items():
            checks[check].count += tally.count
            room = examples - len(checks[check].examples)
            checks[check].examples.extend(tally.examples[: max(room, 0)])
    times = [a.generation_ms for a in articles]
    levels = {level: sum(a.levels.get(level, 0) for a in articles) for level in LEVELS}
    above: Counter[str] = Counter()
    for article in articles:
        above.update(article.above_recall)
    return Totals(
        articles=len(articles),
        questions=sum(a.questions for a in articles),
        kinds=kinds,
        checks=checks,
        quotations=sum(a.quotations for a in articles),
        quotations_asked=sum(a.quotations_asked for a in articles),
        generation_ms=round(sum(times), 1),
        median_ms=round(statistics.median(times), 1) if times else 0.0,
        levels=levels,
        above_recall=dict(sorted(above.items())),
        articles_above_recall=sum(1 for a in articles if a.above_recall),
        waiting=sum(a.waiting for a in articles),
    )


def report(folder: str | Path, *, examples: int = EXAMPLES, model: str | None = None) -> Report:
    """Generate questions for every ``*.txt`` article in ``folder``, time each generation, and
    audit the questions. The pipeline is loaded before the first timing, so no article pays
    for it. A file that is not a readable article is listed in ``skipped`` with the reason."""
    from quizapp.domain.article_text import ArticleError, read_article_file
    from quizapp.generation import generate_questions
    from quizapp.generation.nlp import load_pipeline

    path = Path(folder)
    if not path.is_dir():
        raise ReportError(f"{folder}: no such folder.")
    files = sorted(path.glob("*.txt"))
    if not files:
        raise ReportError(f"{folder}: no .txt articles in it.")
    nlp = load_pipeline(model)
    articles, skipped = [], {}
    for file in files:
        try:
            article = read_article_file(file)
        except ArticleError as error:
            skipped[file.name] = str(error)
            continue
        start = time.perf_counter()
        questions = generate_questions(article.body, title=article.title, model=model)
        elapsed_ms = (time.perf_counter() - start) * 1000
        articles.append(
            article_report(
                file.name, article.body, questions, elapsed_ms, examples=examples, nlp=nlp
            )
        )
    return Report(str(folder), articles, totals(articles, examples), skipped)


# ── the report as text ──────────────────────────────────────────────────────────────────────


def format_report(result: Report) -> str:
    """Plain text: one block per article (time, kinds, every check with its examples), then
    the TOTAL block."""
    blocks = [_format_article(article) for article in result.articles]
    blocks.append(_format_total(result))
    return "\n\n".join(blocks)


def _kinds_line(kinds: dict[str, int]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in kinds.items())


def _format_article(article: ArticleReport) -> str:
    lines = [
        f"== {article.name}",
        f"generation {article.generation_ms:.0f} ms; {article.questions} questions "
        f"({article.waiting} waiting): {_kinds_line(article.kinds)}",
        f"quotations asked {article.quotations_asked} / {article.quotations}; speakers asked: "
        f"{', '.join(article.speakers) or 'none'}",
        f"levels: {_kinds_line(article.levels)}; above recall: "
        f"{_kinds_line(article.above_recall) or 'none'}",
    ]
    width = max(len(check) for check in CHECKS)
    for check, tally in article.checks.items():
        lines.append(f"  {check:<{width}}  {tally.count}")
        for example in tally.examples:
            lines.append(f"    - {example.prompt}")
            lines.append(f"      choices: {' | '.join(example.choices)}; answer: {example.answer}")
            lines.append(f"      why: {example.why}")
    return "\n".join(lines)


def _format_total(result: Report) -> str:
    total = result.total
    width = max(len(check) for check in CHECKS)
    lines = [
        "== TOTAL",
        f"articles {total.articles}; questions {total.questions}, of which {total.waiting} "
        "wait (served only after ten others)",
        f"per kind: {_kinds_line(total.kinds)}",
        f"per level: {_kinds_line(total.levels)}",
        f"above recall: {_kinds_line(total.above_recall) or 'none'}; articles with one or "
        f"more: {total.articles_above_recall} of {total.articles}",
        "questions tripping each check:",
    ]
    for check, tally in total.checks.items():
        share = 100 * tally.count / total.questions if total.questions else 0.0
        lines.append(f"  {check:<{width}}  {tally.count:>4}  ({share:.1f} %)")
    lines.append(f"quotations asked {total.quotations_asked} / {total.quotations}")
    lines.append(
        f"generation {total.generation_ms:.0f} ms in total; median {total.median_ms:.0f} ms "
        "per article"
    )
    for name, reason in result.skipped.items():
        lines.append(f"skipped {name}: {reason}")
    return "\n".join(lines)
