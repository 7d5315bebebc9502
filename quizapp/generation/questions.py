"""One builder per question kind; each turns facts into candidates for the ranking.

quote       Who said “…”?                       every quotation of a named speaker
mcq         who / when / where / which / how many, by wh-movement on a safe parse,
            and who-is / what-role from titles and appositions
cloze       the sentence with one key span blanked (entities, numbers, key terms)
true_false  a sentence's main clause, or its twin with one fact swapped for another
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from quizapp.generation import gazetteer
from quizapp.generation.distractors import pick_distractors, role_of
from quizapp.generation.facts import ArticleFacts, Mention, Sentence
from quizapp.generation.quality import fold, same_thing
from quizapp.generation.quotes import subject_of

QUOTE_WORD_LIMIT = 25
NAMED_TYPES = {"person", "place", "organization", "group"}
FEW_NAMES = 10
BLANK = "____"
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
REPORTING_VERBS = {"say", "tell", "report", "state", "announce", "confirm", "add", "note"}
CONNECTIVES = set(
    "however meanwhile recently moreover still also yet instead additionally furthermore "
    "nevertheless then now so".split()
)


@dataclass(frozen=True)
class GeneratedQuestion:
    """One question, with everything needed to check it against the article."""

    kind: str
    prompt: str
    choices: list[str]
    answer: str
    explanation: str
    source_sentence: str
    source_start: int
    source_end: int
    fact_type: str
    difficulty: int


@dataclass(frozen=True)
class Candidate:
    """A question before ranking, with what the ranking and de-duplication need."""

    question: GeneratedQuestion
    fact_key: str
    sentence: int
    paragraph: int
    weight: float = 0.0  # the builder's confidence, added to the ranking's score


def quote_questions(facts: ArticleFacts) -> list[Candidate]:
    """Rule 7: every direct quotation of a named speaker gives "Who said …?"."""
    candidates = []
    for quote in facts.quotes:
        shown = shown_quote(quote.text)
        prompt = f"Who said “{shown}”?"
        named_in_quote = quote.text
        wrong = pick_distractors(quote.speaker, "person", "person", facts, avoid=named_in_quote)
        source = facts.body[quote.source_start : quote.source_end]
        person = facts.people[quote.speaker]
        role = role_of(person.title, person.role)
        who = f"{quote.speaker}, {role}," if role else quote.speaker
        explanation = (
            f"The article gives these words to {who}, and says when: {cite(source)} "
            f"So the speaker is {quote.speaker}, not {_or_list(wrong)}."
        )
        sentence = _sentence_at(facts, quote.source_start)
        question = GeneratedQuestion(
            "quote",
            prompt,
            [quote.speaker, *wrong],
            quote.speaker,
            explanation,
            source,
            quote.source_start,
            quote.source_end,
            "quote",
            1 if sentence.index < len(facts.sentences) / 2 else 2,
        )
        candidates.append(
            Candidate(
                question, f"quote:{fold(quote.text)[:60]}", sentence.index, sentence.paragraph
            )
        )
    return candidates


def trim_quote(text: str, limit: int = QUOTE_WORD_LIMIT) -> str:
    """Cut a long quotation at the last clause boundary before ``limit`` words, with "…"."""
    words = text.split()
    if len(words) <= limit + 5:
        return text
    boundary = None
    for index, word in enumerate(words[:limit]):
        if index >= 6 and word[-1] in ",;:.!?":
            boundary = index
    cut = words[: (boundary if boundary is not None else limit - 1) + 1]
    return " ".join(cut).rstrip(",;:.!?") + "…"


def shown_quote(text: str) -> str:
    """The quotation as a prompt shows it: trimmed, without the comma that led to "he said"."""
    shown = trim_quote(text)
    return shown.rstrip(",;:") if not shown.endswith("…") else shown


def role_questions(facts: ArticleFacts) -> list[Candidate]:
    """Who is the Defense Secretary? / What role does the article give Jeffrey Harrigian?"""
    candidates = []
    roles = [role_of(p.title, p.role) for p in facts.people.values()]
    # A role two people share ("the councillor") cannot single one of them out.
    people = [
        p for p, r in zip(facts.people.values(), roles, strict=True) if r and roles.count(r) == 1
    ]
    for index, person in enumerate(people):
        role = role_of(person.title, person.role)
        assert role is not None
        mention = next((m for m in facts.mentions if m.canonical == person.name), None)
        if mention is None:
            continue
        sentence = facts.sentences[mention.sentence]
        bare = (person.role or person.title or "").removeprefix("the ")
        if bare.lower() not in sentence.text.lower():
            continue
        if index % 2 == 0:
            prompt = f"Who is described in the article as {role}?"
            answer, fact_type = person.name, "person"
            wrong = pick_distractors(answer, "person", "person", facts)
        else:
            prompt = f"What role does the article give {person.name}?"
            answer, fact_type = role, "role"
            wrong = pick_distractors(role, "role", "role", facts)
        explanation = (
            f"The article introduces {person.name} as {role}: {cite(sentence.text)} "
            f"{_contrast(facts, wrong, sentence)}"
        ).strip()
        answer_in_source = answer if fact_type == "person" else bare
        if fold(answer_in_source) not in fold(sentence.text):
            continue
        question = GeneratedQuestion(
            "mcq",
            prompt,
            [answer, *wrong],
            answer,
            explanation,
            sentence.text,
            sentence.start,
            sentence.end,
            "role",
            2,
        )
        candidates.append(
            Candidate(
                question,
                f"{sentence.index}:{fold(mention.text)}",
                sentence.index,
                sentence.paragraph,
            )
        )
    return candidates


def entity_questions(facts: ArticleFacts) -> list[Candidate]:
    """Wh-questions on people, places, organizations, groups, dates and numbers."""
    candidates = []
    for mention in facts.mentions:
        if mention.fact_type not in WH_BY_TYPE and mention.fact_type != "number":
            continue
        if facts.in_quote(mention.start, mention.end) or mention.subtype == "score":
            continue
        sentence = facts.sentences[mention.sentence]
        prompt = wh_question(sentence, mention, facts)
        if prompt is None:
            continue
        wrong = pick_distractors(
            mention.canonical, mention.fact_type, mention.subtype, facts, avoid=prompt
        )
        answer = mention.text if mention.fact_type in {"date", "number"} else mention.canonical
        explanation = _explain(facts, sentence, answer, wrong)
        question = GeneratedQuestion(
            "mcq",
            prompt,
            [answer, *wrong],
            answer,
            explanation,
            sentence.text,
            sentence.start,
            sentence.end,
            mention.fact_type,
            _difficulty(mention, sentence, facts),
        )
        candidates.append(_candidate(question, mention, sentence, _weight(mention, facts)))
    return candidates


def cloze_questions(facts: ArticleFacts, keyphrases: list[Mention]) -> list[Candidate]:
    """The sentence with one key span blanked: a name, a number, a date or a key term."""
    candidates = []
    keyphrase_pool = [k.text for k in keyphrases]
    for mention in [*facts.mentions, *keyphrases]:
        if facts.in_quote(mention.start, mention.end):
            continue
        sentence = facts.sentences[mention.sentence]
        prompt_text = _blank(sentence, mention)
        if prompt_text is None:
            continue
        pool = (
            _same_number(mention.text, keyphrase_pool)
            if mention.fact_type == "other" and mention.subtype == "keyphrase"
            else None
        )
        wrong = pick_distractors(
            mention.text if mention.fact_type in {"date", "number", "other"} else mention.canonical,
            mention.fact_type,
            mention.subtype,
            facts,
            avoid=sentence.text,
            pool=pool,
        )
        answer = mention.text
        if mention.fact_type not in {"date", "number", "other"}:
            answer = mention.text if mention.text == mention.canonical else mention.canonical
            if fold(answer) not in fold(sentence.text):
                answer = mention.text
        explanation = _explain(facts, sentence, answer, wrong)
        question = GeneratedQuestion(
            "cloze",
            f"Fill in the blank: {prompt_text}",
            [answer, *wrong],
            answer,
            explanation,
            sentence.text,
            sentence.start,
            sentence.end,
            mention.fact_type if mention.fact_type != "other" else "other",
            _difficulty(mention, sentence, facts) + (1 if mention.subtype == "keyphrase" else 0),
        )
        candidates.append(_candidate(question, mention, sentence, _weight(mention, facts)))
    return candidates


def true_false_questions(facts: ArticleFacts, keyphrases: list[Mention]) -> list[Candidate]:
    """A true main clause, or a false twin with one fact swapped and checked to be unstated."""
    candidates = []
    for sentence in facts.sentences:
        statement = main_statement(sentence)
        if statement is None:
            continue
        mentions = [
            m
            for m in facts.mentions
            if m.sentence == sentence.index
            and m.fact_type in {"date", "number", "place", "person", "organization", "group"}
            and m.text in statement
            and not facts.in_quote(m.start, m.end)
        ]
        source = sentence.text
        key = f"tf:{sentence.index}"
        if not mentions and not any(k.sentence == sentence.index for k in keyphrases):
            continue  # "The type of coral also mattered." holds no fact worth a question
        explanation = f"True: the article says so in these words: {cite(source)}"
        question = GeneratedQuestion(
            "true_false",
            f"True or false: {statement}",
            ["True", "False"],
            "True",
            explanation,
            source,
            sentence.start,
            sentence.end,
            "other",
            1,
        )
        candidates.append(Candidate(question, key, sentence.index, sentence.paragraph))
        if not mentions:
            continue
        mentions = [m for m in mentions if _swappable(m, sentence)]
        if not mentions:
            continue
        mention = mentions[0]
        swaps = [
            s
            for s in pick_distractors(
                mention.text, mention.fact_type, mention.subtype, facts, avoid=source
            )
            if _stated_in_article(s, facts)
        ]
        swap = next(
            (
                s
                for s in swaps
                if not _statement_stated(statement.replace(mention.text, s, 1), s, facts)
            ),
            None,
        )
        if swap is None:
            continue
        false_statement = statement.replace(mention.text, swap, 1)
        explanation = (
            f"False: the article says {mention.text}, not {swap}: {cite(source)} "
            f"{_where_else(facts, swap, sentence)}"
        ).strip()
        question = GeneratedQuestion(
            "true_false",
            f"True or false: {false_statement}",
            ["True", "False"],
            "False",
            explanation,
            source,
            sentence.start,
            sentence.end,
            mention.fact_type,
            2,
        )
        candidates.append(Candidate(question, key, sentence.index, sentence.paragraph))
    return candidates


# ── wh-movement ───────────────────────────────────────────────────────────────────────────


def wh_question(sentence: Sentence, mention: Mention, facts: ArticleFacts) -> str | None:
    """Move the mention out as a wh-phrase where the parse is simple enough to trust."""
    span = sentence.span
    if any(ch in span.text for ch in '“”"?') or len(span) > 45:
        return None
    target = _mention_tokens(span, mention, sentence)
    if target is None:
        return None
    clause, prefix = _clause_of(target.root)
    if clause is None:
        return None
    subject = subject_of(clause)
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in gazetteer.FUNCTION_WORDS:
        return None
    removed, wh = _wh_phrase(target, mention, clause)
    if wh is None:
        return None
    keep = [
        t
        for t in clause.subtree
        if t.i not in removed
        and not _leading_connective(t, clause)
        and not (t.dep_ == "mark" and t.head == clause)
        and not any(a.head == clause and a.dep_ in {"conj", "cc"} for a in [t, *t.ancestors])
    ]
    keep = [t for t in keep if not (t.dep_ == "punct" and t.i - 1 in removed and t.i < clause.i)]
    if keep and keep[0].is_punct:
        keep = keep[1:]
    keep = _drop_trailing_clauses(keep, clause)
    words: list[Token | str] | None = [wh, *keep] if subject.i in removed else None
    words = words or _invert(wh, keep, clause, subject)
    if words is None:
        return None
    question = _finish(words)
    return prefix + question[0].lower() + question[1:] if prefix else question


def _mention_tokens(span: Span, mention: Mention, sentence: Sentence) -> Span | None:
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
            source = _render(list(subject.subtree))
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
            t.dep_ in {"prep", "relcl", "acl", "poss"} for t in noun.children
        ):
            return set(), None  # "the company’s five largest customers" does not invert
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
        extra = [t for t in head.subtree if t.i not in {x.i for x in target}]
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


def _render(words: list[Token | str]) -> str:
    """Join tokens with the article's own spacing where they were neighbours ("$500", "co-op")."""
    text = ""
    for index, word in enumerate(words):
        if isinstance(word, str):
            piece = word
        elif word.i == word.sent.start and word.pos_ != "PROPN" and word.text != "I":
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


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.lower() in {"the", "a", "an"}:
        return text[0].lower() + text[1:]
    return text


def _finish(words: list[Token | str]) -> str:
    text = _render(words)
    text = re.sub(r"\s+([,.;:!?’”)])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text).rstrip(" ,.;:") + "?"
    return text[0].upper() + text[1:]


# ── cloze and statements ──────────────────────────────────────────────────────────────────


def _blank(sentence: Sentence, mention: Mention) -> str | None:
    text = sentence.text
    start = mention.start - sentence.start
    end = start + len(mention.text)
    if text[start:end] != mention.text or len(text.split()) > 45:
        return None
    before, after = text[:start], text[end:]
    before = re.sub(r"\b(a|an|A|An) $", lambda m: "a(n) " if m[1].islower() else "A(n) ", before)
    return (before + BLANK + after).strip()


def main_statement(sentence: Sentence) -> str | None:
    """A sentence's main clause as a plain statement, or None when it cannot stand alone."""
    text = sentence.text.strip()
    if any(ch in text for ch in '“”"?') or not text.endswith("."):
        return None
    words = text.split()
    if not 6 <= len(words) <= 32:
        return None
    first = words[0].strip(",").lower()
    if first in CONNECTIVES and words[0].endswith(","):
        text = " ".join(words[1:])
        text = text[0].upper() + text[1:]
    return text


def _swappable(mention: Mention, sentence: Sentence) -> bool:
    """Places swap only as the object of "in", "at" or "near": "U.S. officials" or "Russia’s
    ministry" would turn into nonsense, not into a plausible false statement."""
    if mention.fact_type == "organization":
        return False  # "Russia’s Reuters": an ORG slot rarely takes another ORG sensibly
    if mention.fact_type != "place":
        return True
    span = _mention_tokens(sentence.span, mention, sentence)
    return (
        span is not None
        and span.root.dep_ == "pobj"
        and span.root.head.lower_ in {"in", "at", "near"}
        and not any(c.dep_ == "conj" for c in span.root.children)
    )


def _stated_in_article(name: str, facts: ArticleFacts) -> bool:
    return fold(name) in fold(facts.body)


def _statement_stated(statement: str, swapped: str, facts: ArticleFacts) -> bool:
    """True when some sentence with the swapped-in fact says most of the same thing."""
    words = set(re.findall(r"[a-z]{4,}", statement.lower()))
    for sentence in facts.sentences:
        if fold(swapped) in fold(sentence.text):
            shared = words & set(re.findall(r"[a-z]{4,}", sentence.text.lower()))
            if words and len(shared) / len(words) >= 0.5:
                return True
    return False


# ── explanations and helpers ──────────────────────────────────────────────────────────────


def _explain(facts: ArticleFacts, sentence: Sentence, answer: str, wrong: list[str]) -> str:
    settles = SETTLES.get(_type_of(facts, answer), SETTLES["other"]).format(answer=answer)
    contrast = _contrast(facts, wrong, sentence)
    return f"The article says: {cite(sentence.text)} {settles} {contrast}".strip()


SETTLES = {
    "person": "It names {answer} as the one who did this.",
    "date": "It dates this to {answer}.",
    "number": "It gives the figure as {answer}.",
    "place": "It places this in {answer}.",
    "organization": "It names {answer}.",
    "group": "It names {answer}.",
    "other": "The words that fit are “{answer}”.",
}


def _type_of(facts: ArticleFacts, answer: str) -> str:
    return next((m.fact_type for m in facts.mentions if answer in (m.text, m.canonical)), "other")


def cite(text: str) -> str:
    """Quote the article verbatim; text that has its own quotation marks stands as it is."""
    text = text.strip()
    return text if any(mark in text for mark in '“”"') else f"“{text}”"


def _contrast(facts: ArticleFacts, wrong: list[str], sentence: Sentence) -> str:
    """Say where a tempting wrong choice really appears, so the student sees the difference."""
    for choice in wrong:
        other = _where_else(facts, choice, sentence)
        if other:
            return other
    return ""


def _where_else(facts: ArticleFacts, choice: str, sentence: Sentence) -> str:
    for other in facts.sentences:
        if other.index != sentence.index and fold(choice) and fold(choice) in fold(other.text):
            snippet = _snippet(other.text)
            return f"{choice} belongs to another part of the story: {cite(snippet)}"
    return ""


def _snippet(text: str, words: int = 18) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _same_number(text: str, pool: list[str]) -> list[str]:
    plural = text.endswith("s")
    return [p for p in pool if p.endswith("s") == plural and not same_thing(p, text)]


def _sentence_at(facts: ArticleFacts, offset: int) -> Sentence:
    return next(s for s in facts.sentences if s.start <= offset < s.end + 2)


def _difficulty(mention: Mention, sentence: Sentence, facts: ArticleFacts) -> int:
    if mention.fact_type in {"number", "date"} or mention.subtype == "keyphrase":
        return 2
    return 1 if sentence.index < len(facts.sentences) / 3 else 2


def _candidate(
    question: GeneratedQuestion, mention: Mention, sentence: Sentence, weight: float = 0.0
) -> Candidate:
    key = f"{sentence.index}:{fold(mention.text)}"
    return Candidate(question, key, sentence.index, sentence.paragraph, weight)


def _weight(mention: Mention, facts: ArticleFacts) -> float:
    """Trust the labels the small model gets right; key terms count most where names are few."""
    if mention.subtype == "keyphrase":
        named = {m.canonical for m in facts.mentions if m.fact_type in NAMED_TYPES}
        return 0.3 if len(named) < FEW_NAMES else -0.2
    return (
        0.3
        if mention.fact_type in {"person", "date", "number"} or mention.subtype == "code"
        else 0.0
    )
