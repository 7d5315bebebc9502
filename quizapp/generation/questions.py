"""One builder per question kind; each turns facts into candidates for the ranking.

quote       Who said “…”?                       every quotation of a named speaker
mcq         who / when / where / which / how many, by wh-movement on a safe parse,
            and who-is / what-role from titles and appositions
cloze       the sentence with one key span blanked (entities, numbers, key terms)
true_false  a sentence's main clause, or its twin with one fact swapped for another
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from quizapp.generation import gazetteer
from quizapp.generation.distractors import (
    bare_title,
    holds_office,
    magnitude,
    pick_distractors,
    role_of,
)
from quizapp.generation.explain import cite, explain, located, or_list, where_else
from quizapp.generation.facts import NAMED_TYPES, ArticleFacts, Mention, Sentence
from quizapp.generation.kinds import QUOTE_TAIL, TRUE_FALSE, FactType, Kind, Level, question_body
from quizapp.generation.people import Person
from quizapp.generation.quality import bounded, close_figures, fold, is_opinion, writes_figure
from quizapp.generation.quotes import (
    Quote,
    asked_passages,
    only_a_figure,
    person_at,
    subject_of,
    without_repeats,
)
from quizapp.generation.statements import (
    Statement,
    clause_of,
    clause_statement,
    conjoined_statement,
    has_a_view,
    main_statement,
)
from quizapp.generation.wh import WH_BY_TYPE, mention_tokens, open_question, render, wh_question
from quizapp.generation.whose_words import owners
from quizapp.generation.wordlists import (
    BARE_TITLES,
    CLAIM_NOUNS,
    COMMENTATOR_WORDS,
    DANGLING,
    FORECAST_MODALS,
    GENDERED_PRONOUNS,
    REPORTING_VERBS,
    SCHEDULE_WORDS,
)

QUOTE_WORD_LIMIT = 25
# A sentence blanked whole: longer, and the prompt is a reading test, not one question.
MAX_CLOZE_WORDS = 38
MIN_SHOWN_WORDS = 10  # a quotation of a passage is shown with at least this many words
BLANK = "____"
# A figure given again in other units just after it: "3,200 miles (5,150 km)".
CONVERSION = re.compile(r"\s*\([^)]*\d")
# "fighting in U.S." lacks its article: an abbreviated country does not swap in after "in".
ABBREVIATION = re.compile(r"[A-Z.]{2,6}")


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
    # 1 is the question the generator would serve first; the bank keeps it for "best N".
    rank: int = 0
    # A short note from the article for each wrong choice, shown to a student who picked it.
    choice_notes: dict[str, str] = field(default_factory=dict)
    # What the question asks of the student: recall, understanding or analysis.
    level: str = Level.RECALL
    # Kept in the bank but served only after ten others, for a reason the ranking found (a
    # speaker's second "Who said …?", the second question on one pair of figures …).
    waits: bool = False


@dataclass(frozen=True)
class Candidate:
    """A question before ranking, with what the ranking and de-duplication need."""

    question: GeneratedQuestion
    fact_key: str
    sentence: int
    weight: float = 0.0  # the builder's confidence, added to the ranking's score
    speaker: str = ""  # whose quotation a quote question asks about
    # Trivia (a weekday, a bare month) or a clause stated as the article words it: asked only
    # to fill a bank that would otherwise be too small.
    minor: bool = False
    # A question on two sentences at once (the order of two events): it asks neither
    # sentence's own facts, so the one-sentence checks leave it alone.
    across: bool = False
    # The false speaker of "True or false: X said …": a quiz names each once, or three "X
    # said" all false teach the student that the answer is False, not who said what.
    twin: str = ""
    # Worth a place in the bank, not among the ten served first (a blank inside a claim).
    aside: bool = False


def quote_questions(facts: ArticleFacts) -> list[Candidate]:
    """Every direct quotation of a named speaker is asked: "Who said …?", one question for a
    passage (one speaker's quotations in a row in one paragraph, which show together); where
    the article names too few people for three choices, "True or false: X said …" with the
    other speaker as the false twin, so the quotation is still asked, never with a made-up
    name."""
    candidates = []
    quoted = frozenset(quote.speaker for quote in facts.quotes)
    pool = _possible_speakers(facts, quoted)
    for passage in asked_passages(without_repeats(facts.quotes)):
        key = f"quote:{fold(passage[0].text)[:60]}"
        # The passage whole, and, where a speaker's view asks its first quotation, the rest.
        for part, part_key in ((passage, key), (passage[1:], QUOTE_TAIL + key)):
            asked = _asked_passage(facts, part, pool, quoted) if part else None
            if asked is not None:
                question, twin = asked
                sentence = facts.sentence_at(part[0].source_start)
                speaker = part[0].speaker
                # Kept, but not served first: a quotation that only states a figure or is a
                # short filler, "True or false: X said …" (a name between two speakers), and a
                # "Who said" whose other choices never speak in the article.
                said = " ".join(quote.text for quote in part)
                aside = bool(twin) or only_a_figure(said) or _filler(part)
                aside = aside or _said_long_ago(facts, part) or _verbless(facts, part)
                aside = aside or (not twin and _only_voice(facts, question, quoted))
                candidates.append(
                    Candidate(
                        question, part_key, sentence.index, speaker=speaker, twin=twin, aside=aside
                    )
                )
    return candidates


def _filler(passage: list[Quote]) -> bool:
    """One short quotation shown that points outside itself ("We really took that challenge to
    heart", "hardest judge's verdict so far this season"): too little of the speaker's own
    to place them, a guess at who would say it (28's, turned down in every rating)."""
    parts = _shown_parts(passage)
    if len(parts) != 1:
        return False
    pointing = POINTING.search(parts[0])
    return len(WORD.findall(parts[0])) < FILLER_WORDS and pointing is not None


FILLER_WORDS = 8
# "that challenge", "this season": a pointing word before what it points at, not the "that"
# of a clause ("We knew that it was over").
POINTING = re.compile(
    r"(?i)\b(?:that|this|these|those)\s+(?!(?:it|he|she|they|we|i|you|the|a|an|is|was|"
    r"will|would|can|could)\b)[a-z]"
)


def _verbless(facts: ArticleFacts, passage: list[Quote]) -> bool:
    """Whether every quotation of a passage is a phrase without a verb inside the writer's
    sentence: "Tom Bergeron called it the “hardest judge’s verdict so far this season”" (30's
    host, turned down as a peripheral fragment) or "best mobile operating system for
    enterprise"; who said the phrase is trivia. A verbless line that opens its sentence
    (“A great day for America,” Trump said) is the speaker's own."""
    for quote in passage:
        sentence = facts.sentence_at(quote.start)
        if not WORD.search(facts.body[sentence.start : quote.start]):
            return False  # “A great day for America,” Trump said: the speaker's own line
        offset = sentence.start - sentence.span.start_char
        words = [t for t in sentence.span if quote.start <= offset + t.idx < quote.end]
        if any(t.pos_ in {"VERB", "AUX"} for t in words):
            return False
    return True


def _said_long_ago(facts: ArticleFacts, passage: list[Quote]) -> bool:
    """Whether a quotation is a saying of someone the story is not about: "Hungarian-American
    investor George Soros had said, “Stock market bubbles don't grow out of thin air …”" (17's,
    turned down in two ratings) is an aphorism quoted from another time, by a speaker no other
    sentence names, so "Who said …?" asks what the student knows of the speaker."""
    sentence = facts.sentence_at(passage[0].source_start)
    outside = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", sentence.text)
    if not LONG_AGO.search(outside):
        return False
    speaker = passage[0].speaker
    person = facts.people.get(speaker)
    names = {speaker, person.surname if person else speaker}
    return all(s.index == sentence.index for name in names for s in facts.sentences_with(name))


# "had said", "once said", "famously wrote": words from before the story's events.
LONG_AGO = re.compile(r"(?i)\b(?:had|once|famously)\s+(?:said|says|wrote|remarked|quipped)\b")


def _only_voice(facts: ArticleFacts, question: GeneratedQuestion, quoted: frozenset[str]) -> bool:
    """Whether no wrong choice of a "Who said …?" is quoted anywhere in the article: the one
    speaker among people who never speak is the answer by elimination ("Trump tweeted", with
    two governors never quoted; 05's, turned down in four ratings)."""
    voices = set(quoted) | {facts.people[name].surname for name in quoted if name in facts.people}
    wrong = [choice for choice in question.choices if choice != question.answer]
    return not voices.intersection(wrong)


def _possible_speakers(facts: ArticleFacts, quoted: frozenset[str]) -> list[str]:
    """The people a "Who said …?" may offer, the article's speakers first: a voter's words
    among Trump and Biden, who never speak, and not the other voter, were silly choices to
    raters. Nobody dead says anything now: "the late Sen. John McCain" is false at a glance."""
    alive = [name for name in facts.people if name in facts.vouched and not _late(facts, name)]
    return sorted(alive, key=lambda name: name not in quoted)


def _asked_passage(
    facts: ArticleFacts, passage: list[Quote], pool: list[str], quoted: frozenset[str]
) -> tuple[GeneratedQuestion, str] | None:
    """ "Who said …?" with three choices or more from ``pool``; else "True or false: X said
    …" with a false twin, one of the ``quoted`` speakers first; else None. With the question,
    the false twin's name ("" for "Who said")."""
    speaker = passage[0].speaker
    said = " ".join(quote.text for quote in passage)
    if is_scrap(said) or is_scrap(_shown_passage(passage).strip("“”")):
        return None
    wrong = pick_distractors(speaker, "person", "person", facts, avoid=said, pool=pool)
    # "My wife Kimberly …" after the writer's "his wife, Kimberly": the words name whose they are.
    tied = owners(facts, _shown_passage(passage), [speaker, *wrong])
    if speaker in tied:
        return None
    wrong = [name for name in wrong if name not in tied]
    sentence = facts.sentence_at(passage[0].source_start)
    if len(wrong) >= 2:
        return _who_said(facts, passage, wrong, sentence), ""
    # A false twin that could have said it: another speaker of the article first, else
    # someone not known to all by an office ("Donald Trump said" a market analyst's words
    # is false at a glance).
    speakers = [name for name in wrong if name in quoted]
    plausible = speakers or [name for name in wrong if not holds_office(facts, name)]
    if not plausible:
        return None
    return _said_true_or_false(facts, passage, plausible[0]), plausible[0]


def _late(facts: ArticleFacts, name: str) -> bool:
    """Whether the article calls the person "the late …" (a title may stand between)."""
    return re.search(rf"\blate (?:[A-Z][\w.]* ){{0,3}}{re.escape(name)}\b", facts.body) is not None


# Fewer words than these are a scrap, not a view: "quick exam and labs", "for several more
# years", "I almost died there" (raters: trivial, a joke with nothing to reason from). A
# phrase quoted inside the writer's sentence (it opens in lower case) needs a clause's worth.
MIN_ASKED_WORDS = 5
MIN_ASKED_PHRASE_WORDS = 7


def is_scrap(said: str) -> bool:
    """Too few words to ask who said them; a phrase cut short ("working in particular with
    the International Coalition Forces…") needs more, as what it was about was cut."""
    words = len(said.split())
    phrase = said.lstrip(" “\"‘'")[:1].islower()
    cut = said.rstrip().endswith("…")
    return words < (MIN_ASKED_PHRASE_WORDS + 3 * cut if phrase else MIN_ASKED_WORDS)


def _speaker_described(facts: ArticleFacts, name: str) -> str:
    person = facts.people[name]
    role = role_of(person.title, person.role)
    return f"{name} ({role.removeprefix('the ')})" if role else name


def _shown_passage(passage: list[Quote]) -> str:
    """“A” and “B”: each quotation of a passage, shorter the more there are."""
    parts = _shown_parts(passage)
    limit = max(QUOTE_WORD_LIMIT // len(parts), MIN_SHOWN_WORDS)
    return " and ".join(f"“{shown_quote(part, limit)}”" for part in parts)


def _shown_parts(passage: list[Quote]) -> list[str]:
    """The passage's quotations as a prompt shows them: a sentence the attribution cut in two
    ("After two more years of this," Doctor asks, "what kind of …?") whole again, and a phrase
    quoted inside the writer's own sentence (customers "began to say …", a strategy of
    "continuous cost-cutting …") left out where the speaker says something whole: raters
    turned down "“began to say …” and “best mobile operating system …” and …" every time."""
    parts: list[str] = []
    for previous, quote in zip([None, *passage], passage, strict=False):
        text = quote.text.strip()
        cut = previous is not None and quote.start < previous.source_end  # one sentence
        if cut and text[:1].islower() and parts:
            parts[-1] = f"{parts[-1].rstrip(',;:—– ')} … {text}"  # "…" for the attribution
        else:
            parts.append(text)
    whole = [part for part in parts if not part[:1].islower()]
    return whole or parts


def _source_of(facts: ArticleFacts, passage: list[Quote]) -> tuple[str, int, int]:
    start, end = passage[0].source_start, passage[-1].source_end
    return facts.body[start:end], start, end


def _who_said(
    facts: ArticleFacts, passage: list[Quote], wrong: list[str], sentence: Sentence
) -> GeneratedQuestion:
    speaker = passage[0].speaker
    wrong = _written_alike(facts, speaker, wrong)
    source, start, end = _source_of(facts, passage)
    explanation = (
        f"The article gives these words to {_speaker_described(facts, speaker)}: "
        f"{cite(source)} So the speaker is {speaker}, not {or_list(wrong)}."
    )
    return GeneratedQuestion(
        Kind.QUOTE,
        f"Who said {_shown_passage(passage)}?",
        [speaker, *wrong],
        speaker,
        explanation,
        source,
        start,
        end,
        FactType.QUOTE,
        1 if sentence.index < len(facts.sentences) / 2 else 2,
    )


def _written_alike(facts: ArticleFacts, speaker: str, wrong: list[str]) -> list[str]:
    """The wrong choices by surname where the article names the speaker by surname alone:
    "Sowers" among full names stood out as the answer to raters."""
    if " " in speaker:
        return wrong
    short = [facts.people[name].surname if name in facts.people else name for name in wrong]
    return short if len({speaker, *short}) == len(short) + 1 else wrong


def _said_true_or_false(facts: ArticleFacts, passage: list[Quote], other: str) -> GeneratedQuestion:
    """ "True or false: <the other speaker> said “…”": the quotation with its speaker swapped,
    so the student must remember who said it. Its true form (the quotation beside its own
    speaker) only asks whether the words are the article's: raters turned it down as
    recognition, every time they saw it."""
    speaker = passage[0].speaker
    source, start, end = _source_of(facts, passage)
    said = f"The article gives these words to {_speaker_described(facts, speaker)}: "
    return GeneratedQuestion(
        Kind.QUOTE,
        f"True or false: {other} said {_shown_passage(passage)}",
        TRUE_FALSE,
        "False",
        f"False: {said}{cite(source)} {other} did not say them.",
        source,
        start,
        end,
        FactType.QUOTE,
        2,
        choice_notes={"True": f"These are {speaker}’s words, not {other}’s."},
    )


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


def shown_quote(text: str, limit: int = QUOTE_WORD_LIMIT) -> str:
    """The quotation as a prompt shows it: trimmed, without the comma that led to "he said"."""
    shown = trim_quote(text, limit)
    return shown.rstrip(",;:") if not shown.endswith("…") else shown


# Titles written short, read as the role they name.
TITLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "lt": "lieutenant",
    "gen": "general",
    "col": "colonel",
    "sgt": "sergeant",
    "capt": "captain",
    "cmdr": "commander",
    "maj": "major",
    "adm": "admiral",
    "supt": "superintendent",
    "insp": "inspector",
    "pres": "president",
    "sec": "secretary",
}


def role_head(person: Person) -> str | None:
    """The noun a person's role or title ends in, abbreviations read out ("Gov." and "the
    governor" are both "governor"): two people with one head share a role."""
    words = re.findall(r"[A-Za-z]+", person.role or person.title or "")
    if not words:
        return None
    head = str(words[-1]).lower()
    return TITLE_ABBREVIATIONS.get(head, head)


def role_questions(facts: ArticleFacts) -> list[Candidate]:
    """Who is the Defense Secretary? / What role does the article give Jeffrey Harrigian?"""
    # "What role does the article give X?" names X but shows nothing of what X did: it gives
    # no other question on its sentence away (quality._gives_away).
    candidates = []
    roles = [(p, role_of(p.title, p.role)) for p in facts.people.values()]
    # A role two people share ("the councillor"; "Gov. Matt Bevin" beside "Governor John Bel
    # Edwards") cannot single one of them out.
    heads = Counter(
        head for person in facts.people.values() if (head := role_head(person)) is not None
    )
    unique = [
        (person, role)
        for person, role in roles
        if role is not None
        and heads[role_head(person) or ""] == 1
        and not bare_title(role)
        and not commentator(person)
    ]
    for index, (person, role) in enumerate(unique):
        mention = next((m for m in facts.mentions if m.canonical == person.name), None)
        if mention is None:
            continue
        sentence = facts.sentences[mention.sentence]
        tokens = mention_tokens(sentence.span, mention, sentence)
        if tokens is not None and _who_clause(tokens.root) is not None:
            continue  # "Who is running for president …?" asks who they are, and says more
        bare = (person.role or person.title or "").removeprefix("the ")
        # The role is the answer where the sentence has the person do something ("Who declined
        # to comment …?" keys the name): two questions on one sentence, two answers.
        asks_name = index % 2 == 0 and not _acts_in(sentence, mention)
        shown = person.name if asks_name else bare  # the source must show the answer
        if bare.lower() not in sentence.text.lower() or fold(shown) not in fold(sentence.text):
            continue
        if asks_name:
            prompt = f"Who is described in the article as {role}?"
            answer = person.name
            # The holder of a known office ("US President" Trump) holds no other role:
            # pick_distractors offers office holders only for an office holder.
            wrong = pick_distractors(answer, "person", "person", facts)
        else:
            prompt = f"What role does the article give {person.name}?"
            answer = role
            wrong = pick_distractors(role, "role", "role", facts)
        explanation = f"The article introduces {person.name} as {role}: {cite(sentence.text)}"
        question = _about(
            sentence,
            "mcq",
            prompt,
            [answer, *wrong],
            answer,
            explanation,
            "role",
            2,
        )
        # Asking the name, the question shares the fact of the name in its sentence (a blank,
        # a wh-question, a "who …" clause); asking the role, it is a fact of its own.
        key = _candidate(question, mention, sentence).fact_key if asks_name else None
        # A title written before the name ("Attorney General Letitia James") asked as a role
        # is a lookup of two words side by side (19's, turned down in four ratings): it waits.
        title_only = person.role is None
        candidates.append(
            Candidate(question, key or _role_key(person.name), sentence.index, aside=title_only)
        )
    return candidates


def commentator(person: Person) -> bool:
    """Whether the article brings the person in to comment (``COMMENTATOR_WORDS``): their
    role or a "who" clause about them is a detail of the source, not of the story."""
    words = re.findall(r"[a-z]+", (person.role or person.title or "").lower())
    return any(word.removesuffix("s") in COMMENTATOR_WORDS for word in words)


def _acts_in(sentence: Sentence, mention: Mention) -> bool:
    """Whether the person is the subject of the sentence's main verb."""
    tokens = mention_tokens(sentence.span, mention, sentence)
    return (
        tokens is not None
        and tokens.root.dep_ in {"nsubj", "nsubjpass"}
        and (tokens.root.head == sentence.span.root)
    )


def _role_key(name: str) -> str:
    """The fact of a person's role: one question per person, and another fact than what
    they did in the sentence that introduces them ("Who declined to comment …?")."""
    return f"role:{fold(name)}"


def relative_clause_questions(facts: ArticleFacts) -> list[Candidate]:
    """ "Who is running for president in elections next month?" from "Grigory Yavlinsky, a
    veteran liberal politician who is running for president …": what the article says a
    person does or is, in its own words, asked the way raters accept role questions. Only
    a "who" clause that reads alone: no pronoun (which would tell the person's sex or point
    elsewhere), no quotation, a few words, never a second question on one person's clause."""
    candidates = []
    asked: set[str] = set()
    for mention in facts.mentions:
        if mention.fact_type != "person" or mention.canonical in asked:
            continue
        # The speaker of a quotation in this sentence too: the clause says who they are, not
        # who said the words (worth_asking leaves a speaker's blank to "Who said …?").
        if facts.in_quote(mention.start, mention.end) or mention.canonical not in facts.vouched:
            continue
        person = facts.people.get(mention.canonical)
        if person is not None and commentator(person):
            continue  # "Who studies U.S.-Canada trade?" of the political scientist asked
        sentence = facts.sentences[mention.sentence]
        tokens = mention_tokens(sentence.span, mention, sentence)
        found = _who_clause(tokens.root) if tokens is not None else None
        if found is None:
            continue
        clause, verb = found
        prompt = f"{clause[0].upper()}{clause[1:]}?"
        answer = mention.canonical
        wrong = [
            name
            for name in pick_distractors(
                answer, "person", "person", facts, avoid=prompt, shown=prompt
            )
            if not _does_too(facts, name, verb)
        ]
        explanation = (
            f"The article says: {cite(sentence.text)} So {answer} is the one "
            f"who {clause.removeprefix('who ')}."
        )
        question = _about(
            sentence, Kind.MCQ, prompt, [answer, *wrong], answer, explanation, FactType.PERSON, 2
        )
        # One fact with a blank or a wh-question on the name in this sentence.
        candidates.append(_candidate(question, mention, sentence, _weight(mention)))
        asked.add(mention.canonical)
    return candidates


MIN_CLAUSE_WORDS, MAX_CLAUSE_WORDS = 4, 18
QUOTE_AND_BRACKETS = frozenset('“”"‘’()')


def _does_too(facts: ArticleFacts, person: str, lemma: str) -> bool:
    """Whether a sentence that names ``person`` has the clause's verb: "Who voted with the
    majority?" has more than one right answer where the article says Aldana voted too."""
    return any(
        m.canonical == person and lemma in {t.lemma_ for t in facts.sentences[m.sentence].span}
        for m in facts.mentions
    )


def _who_clause(name: Token) -> tuple[str, str] | None:
    """The "who …" clause that describes the person ``name`` heads, directly ("Ray Dunphy,
    who has represented the ward since 2016") or through a description ("Jenna Morrow, a
    nurse who works night shifts"), as it reads, with its verb's lemma; None where it would
    not read alone."""
    holders = [name, *(c for c in name.children if c.dep_ == "appos")]
    clauses = [c for h in holders for c in h.children if c.dep_ == "relcl"]
    if len(clauses) != 1:
        return None
    verb = clauses[0]
    subject = subject_of(verb)
    if subject is None or subject.lower_ != "who" or verb.i < name.i:
        return None
    words = list(verb.subtree)
    text = re.sub(r"\s+([,.;:!?’”)])", r"\1", render(words)).strip(" ,.;:")
    lowered = {t.lower_ for t in words}
    if lowered & (GENDERED_PRONOUNS | DANGLING | {"both", "also", "then"}) - {"that"}:
        # "who voted with the majority": fine; "who saw his doctor": no; "who was then
        # serving as the President's physician": when "then" was, the question does not say
        return None
    if any(t.text in QUOTE_AND_BRACKETS for t in words) or any(
        t.dep_ == "relcl" and t != verb for t in words
    ):
        return None
    if not MIN_CLAUSE_WORDS <= len(text.split()) <= MAX_CLAUSE_WORDS or "," in text:
        return None
    return text, verb.lemma_


def entity_questions(facts: ArticleFacts) -> list[Candidate]:
    """Wh-questions on people, places, organizations, groups, dates and numbers."""
    candidates = []
    for mention in facts.mentions:
        if mention.fact_type not in WH_BY_TYPE and mention.fact_type != "number":
            continue
        if mention.fact_type in RATED_WEAK_WH:
            continue
        if mention.subtype == "score" or not worth_asking(mention, facts):
            continue
        sentence = facts.sentences[mention.sentence]
        if is_opinion(sentence.text):
            continue  # "the two companies might have made a good fit": no fact to ask
        prompt = wh_question(sentence, mention, facts)
        if prompt is None:
            continue
        wrong = pick_distractors(
            mention.canonical,
            mention.fact_type,
            mention.subtype,
            facts,
            avoid=prompt,
            sentence=sentence.text,
        )
        answer = mention.text if mention.fact_type in {"date", "number"} else mention.canonical
        explanation = explain(sentence, answer, mention.fact_type)
        question = _about(
            sentence,
            "mcq",
            prompt,
            [answer, *wrong],
            answer,
            explanation,
            mention.fact_type,
            _difficulty(mention, sentence, facts),
        )
        question, made_up = _article_figures(question, facts.body)
        candidates.append(_candidate(question, mention, sentence, _weight(mention), aside=made_up))
    return candidates


def cloze_questions(facts: ArticleFacts) -> list[Candidate]:
    """The sentence's main fact, simplified where it can be, with one key span blanked: a
    name, a number, a date, a model code, a place where something happened; never a key
    term (raters found it rarely worth knowing) nor the writer's opinion."""
    candidates = []
    statements: dict[tuple[int, int], Statement | None] = {}
    named = Counter(m.canonical for m in facts.mentions if m.fact_type == "person")
    for mention in facts.mentions:
        if rated_weak_blank(mention, facts) or not worth_asking(mention, facts):
            continue
        sentence = facts.sentences[mention.sentence]
        if is_opinion(sentence.text):
            continue
        tokens = mention_tokens(sentence.span, mention, sentence)
        statement = None
        if tokens is not None:
            clause = clause_of(tokens.root)
            if (sentence.index, clause.i) not in statements:  # many mentions share a clause
                statements[sentence.index, clause.i] = clause_statement(sentence, clause)
            statement = statements[sentence.index, clause.i]
            if statement is not None and _someones_view(clause, facts):
                statement = None  # the blank keeps "Volker and Morrison said that …"
            if statement is None or not statement.holds(mention.start, mention.end):
                statement = _conjoined(sentence, tokens) or statement
        prompt_text = _dated_blank(mention, tokens, statement) or _blank(
            sentence, mention, statement
        )
        if prompt_text is None:
            continue
        wrong = pick_distractors(
            mention.text if mention.fact_type in {"date", "number", "other"} else mention.canonical,
            mention.fact_type,
            mention.subtype,
            facts,
            avoid=sentence.text,
            sentence=sentence.text,
            shown=prompt_text,
        )
        if mention.fact_type == "person" and (
            _leading_figure(facts, mention, wrong, named) or _paired(facts, mention, tokens)
        ):
            continue
        answer = mention.text
        if mention.fact_type == "person":
            answer = mention.canonical  # "Simpson" among full names would give itself away
        elif mention.fact_type not in {"date", "number", "other"}:
            answer = mention.text if mention.text == mention.canonical else mention.canonical
            if fold(answer) not in fold(sentence.text):
                answer = mention.text
        explanation = explain(sentence, answer, mention.fact_type)
        question = _about(
            sentence,
            "cloze",
            f"Fill in the blank: {prompt_text}",
            [answer, *wrong],
            answer,
            explanation,
            mention.fact_type,
            _difficulty(mention, sentence, facts),
        )
        question = _bound_in_stem(question)
        question, made_up = _article_figures(question, facts.body)
        # The whole sentence with a blank tests recognition of it (the rubric turns a sentence
        # copied word for word down): it waits; a clause cut from it is served.
        copied = _copies_sentence(prompt_text.replace("____", answer), sentence.text)
        aside = made_up or copied
        candidates.append(_candidate(question, mention, sentence, _weight(mention), aside=aside))
    return candidates


def _copies_sentence(shown: str, sentence: str) -> bool:
    """Whether a question's text (a blank filled in, a statement) is its sentence all but a
    word or two, or a tenth of its words: "Company management said … will be ____, compared
    with prior guidance of 4.0%." is the article's sentence; "____ kept Spain's hopes alive."
    is a clause cut from it."""
    whole = len(WORD.findall(sentence))
    return whole - len(WORD.findall(shown)) <= max(COPIED_SLACK, whole // 10)


WORD = re.compile(r"\w+")
COPIED_SLACK = 2  # "And", "But": a sentence without its opening connective is still copied


def _article_figures(question: GeneratedQuestion, body: str) -> tuple[GeneratedQuestion, bool]:
    """A figure question (a blank, "How many …?", "When …?") with wrong choices from the
    article only, and whether it still offers made-up ones. Raters turned down made-up
    figures ("invented numbers": 12 of the 28 questions served first that two ratings of
    2026-12-05 turned down): where the article writes two figures of the kind, they are the
    choices; where it does not, the question keeps its made-up ones and waits."""
    if question.fact_type not in {FactType.NUMBER, FactType.DATE}:
        return question, False
    wrong = [choice for choice in question.choices if choice != question.answer]
    written = [choice for choice in wrong if writes_figure(body, choice)]
    if len(written) == len(wrong):
        return question, False
    if len(written) < 2:  # a choice question has three choices at least
        return question, True
    kept = [c for c in question.choices if c == question.answer or c in written]
    notes = {c: note for c, note in question.choice_notes.items() if c in kept}
    return replace(question, choices=kept, choice_notes=notes), False


def _bound_in_stem(question: GeneratedQuestion) -> GeneratedQuestion:
    """ "____ Russian men … were killed", keyed "at least two" among "at least three": the
    article rules no other bound out (the seed's blank, turned down in three ratings). The
    bound moves into the stem ("At least ____ Russian men …") and the choices are the figures
    alone, so the blank asks the figure the article gives. Where the choices' bounds differ,
    the question is left as it is, and waits (``quality.bounded``); so it is where fewer than
    two wrong figures lie past the bound (``gazetteer.LOWER_BOUNDS``: a smaller one would be
    true)."""
    if not bounded(question):
        return question
    matches = [gazetteer.NUMBER.match(choice) for choice in question.choices]
    prefixes = {match["prefix"].casefold() if match else "" for match in matches}
    head, blank, tail = question.prompt.partition("____")
    if len(prefixes) != 1 or not blank:
        return question
    (prefix,) = prefixes
    answer = question.answer[len(prefix) :]
    # "More than ____ particles", keyed 20 billion: 15 billion would be true too. Only the
    # figures on the far side of the bound are wrong choices ("just over" bounds as "over").
    lower = gazetteer.bound_of(question.answer) in gazetteer.LOWER_BOUNDS
    key = magnitude(answer)
    wrong = [choice[len(prefix) :] for choice in question.choices if choice != question.answer]
    values = [magnitude(choice) for choice in wrong]
    if key is None or None in values:
        return question
    wrong = [c for c, v in zip(wrong, values, strict=True) if v is not None and (v > key) == lower]
    if len(wrong) < 2:  # a choice question has three choices at least
        return question
    bound = prefix.capitalize() if head.endswith(": ") else prefix
    kept = [choice[len(prefix) :] for choice in question.choices]
    return replace(
        question,
        prompt=f"{head}{bound}{blank}{tail}",
        choices=[choice for choice in kept if choice == answer or choice in wrong],
        answer=answer,
    )


def _paired(facts: ArticleFacts, mention: Mention, tokens: Span | None) -> bool:
    """Whether the blank's person stands in a pair with another person ("Vindman and ____",
    "Both ____ and Williams"): the question asks who was with whom, a pairing raters found
    asked twice or arguable (four of nine such blanks turned down, against one in ten)."""
    if tokens is None:
        return False
    root = tokens.root
    partners = [child for child in root.children if child.dep_ == "conj"]
    if root.dep_ == "conj":
        partners.append(root.head)
    people = [
        (m.start, m.end)
        for m in facts.mentions
        if m.sentence == mention.sentence and m.fact_type == "person" and m is not mention
    ]
    offset = (
        facts.sentences[mention.sentence].start - facts.sentences[mention.sentence].span.start_char
    )
    return any(start <= offset + partner.idx < end for partner in partners for start, end in people)


def _leading_figure(
    facts: ArticleFacts, mention: Mention, wrong: list[str], named: Counter[str]
) -> bool:
    """Whether the blank's person is the one a student picks without reading: the lead names
    them (outside the blank's own sentence) and the article more often than anyone offered
    beside them (``named``: how often the article names each person, counted once per
    article). Raters turned down "Both Johnson and ____ are trying to overcome a mountain
    of mistrust" (Corbyn, in the lead) and "____'s attempt to coerce Ukraine" (Trump)."""
    in_lead = any(
        m.canonical == mention.canonical
        and m.sentence != mention.sentence
        and facts.sentences[m.sentence].paragraph == 0
        for m in facts.mentions
    )
    return in_lead and all(named[mention.canonical] > named[name] for name in wrong)


# What blind raters rejected most (issue 10: "Which organization …?" 0 of 4; a blanked firm 5
# of 13, place 4 of 12, key term 1 of 11): the choices are of the wrong fine type, or the
# answer is obvious from the story or is trivia. Not asked: a question a teacher would strike
# out costs more than the question missing.
RATED_WEAK_WH = frozenset({FactType.ORGANIZATION})


def rated_weak_blank(mention: Mention, facts: ArticleFacts) -> bool:
    """Whether blanking this mention makes a question raters reject: a firm (choices of
    another kind of body, or the name the story is about) or a place that is obvious or only
    named (``_weak_place``). A model code ("T-72") stays: its made-up siblings are plausible.
    Key terms are not blanked at all (``cloze_questions``)."""
    if mention.fact_type == FactType.ORGANIZATION:
        return True
    return mention.fact_type == FactType.PLACE and _weak_place(mention, facts)


def _weak_place(mention: Mention, facts: ArticleFacts) -> bool:
    """A place blank is worth asking only where the sentence puts an event there ("those
    killed at ____"): not where a place acts or owns ("____’s Defence Ministry", "The ____ has
    urged …"), nor where it only says where a thing or a body is ("an analyst at Halvorsen &
    Co. in ____", "a rally in ____": trivia), and not the country the story is about
    ("military hospitals in ____" in a story about Russia: guessed, not remembered)."""
    sentence = facts.sentences[mention.sentence]
    tokens = mention_tokens(sentence.span, mention, sentence)
    if tokens is None or not located(sentence.text, mention.text):
        return True
    preposition = tokens.root.head
    if tokens.root.dep_ != "pobj" or preposition.head.pos_ not in {"VERB", "AUX"}:
        return True
    country = gazetteer.canonical_country(mention.canonical)
    return country is not None and country == main_country(facts)


def main_country(facts: ArticleFacts) -> str | None:
    """The country the article names most, as itself or through its people ("Russian");
    counted once per article, since every place blank asks it."""
    if "main_country" not in facts.memo:
        named = Counter(
            country
            for word in re.findall(r"\b[A-Z][\w.]+", facts.body)
            if (country := gazetteer.nation_of(word)) is not None
        )
        facts.memo["main_country"] = named.most_common(1)[0][0] if named else None
    return facts.memo["main_country"]


def true_false_questions(facts: ArticleFacts) -> list[Candidate]:
    """A sentence's main fact, simplified, as a false twin: one fact swapped for another of
    the article that could hold that role. An opinion is never a statement to judge. A true
    statement (the clause as the article words it, or its negation) is not asked: raters
    found it trivially true or copied, and "did not" tells the student it is false (issue
    10: 3 of 14 accepted)."""
    candidates = []
    for sentence in facts.sentences:
        if is_opinion(sentence.text):
            continue
        statement = main_statement(sentence)
        if statement is None or _someones_view(sentence.span.root, facts):
            continue
        mentions = [
            m
            for m in facts.mentions
            if m.sentence == sentence.index
            and m.fact_type in {"date", "number", "place", "person", "organization", "group"}
            and statement.holds(m.start, m.end)
            and worth_asking(m, facts)
            and not is_minor(m)
        ]
        twin = _false_twin(facts, sentence, statement, mentions)
        if twin is not None:
            # Who did it, swapped for someone who could have: a twin that asks about people
            # weighs more than one with a changed figure, by more than a sentence's
            # centrality can make up (raters took few figure twins: 3 of 8 accepted).
            weight = TWIN_WEIGHT.get(twin.fact_type, 0.2)
            # The whole sentence with one thing swapped tests recognition of it, as a blank
            # on the whole sentence does (05's "six times this month", turned down twice).
            copied = _copies_sentence(question_body(twin.prompt), sentence.text)
            candidates.append(
                Candidate(twin, f"tf:{sentence.index}", sentence.index, weight, aside=copied)
            )
    return candidates


TWIN_WEIGHT = {"person": 1.6, "place": 0.6}


def _false_twin(
    facts: ArticleFacts, sentence: Sentence, statement: Statement, mentions: list[Mention]
) -> GeneratedQuestion | None:
    """The statement with one fact swapped for a same-type fact of the article that is not
    stated with it anywhere, so the twin is false but not obviously so."""
    for mention in (m for m in mentions if _swappable(m, sentence, facts)):
        if statement.text.count(mention.text) != 1:
            continue
        for swap in pick_distractors(
            mention.text, mention.fact_type, mention.subtype, facts, avoid=sentence.text,
            sentence=sentence.text,
        ):  # fmt: skip
            phrases = _swapped_phrases(mention, swap, sentence, statement, facts)
            if (
                phrases is None
                or _changes_number(mention, swap)
                or _plan_moved_back(mention, swap, statement.text)
                or _count_of_a_list(mention, statement.text)
                or not _stated_in_article(swap, mention.fact_type, facts)
                # "reported $2.52 a share" for $2.53, the forecast: a cent apart, hair-split
                or (mention.fact_type == "number" and close_figures(mention.text, swap))
                or _seen_together(swap, mention.text, facts)
                or (mention.fact_type == "place" and ABBREVIATION.fullmatch(swap))
            ):
                continue
            twin = statement.text.replace(*phrases)
            if _statement_stated(twin, swap, facts):
                continue
            explanation = (
                f"False: the article says {mention.text}, not {swap}: {cite(sentence.text)}"
            )
            swapped = where_else(facts, swap, sentence) or f"The article does not put {swap} here."
            return _about(
                sentence,
                Kind.TRUE_FALSE,
                f"True or false: {twin}",
                TRUE_FALSE,
                "False",
                explanation,
                mention.fact_type,
                2,
                {"True": f"{mention.text} was swapped for {swap}. {swapped}"},
            )
    return None


def worth_asking(mention: Mention, facts: ArticleFacts) -> bool:
    """Whether a fact is one a teacher would ask about: not words inside a quotation or
    brackets, not in a line that is no sentence, not what the headline already says, not one
    item of a list, not "one of", not a name that only modifies a noun ("the ____ camp": any
    name fits), and not the speaker of a quotation in its own sentence, whose "Who said …?"
    asks that already."""
    if facts.in_quote(mention.start, mention.end):
        return False
    sentence = facts.sentences[mention.sentence]
    if not re.search(r"[.!?][”’\")]*\s*$", sentence.text):
        return False  # a subheading ("Spain WINS") or a caption, not a sentence of the story
    before, after = facts.body[sentence.start : mention.start], facts.body[mention.end :]
    if before.count("(") > before.count(")") or after.startswith(":"):
        return False  # "3,200 miles (5,150 km)" restates; "2001: A Space Odyssey" is a title
    if facts.title and re.search(rf"(?i)(?<!\w){re.escape(mention.text)}(?!\w)", facts.title):
        return False
    tokens = mention_tokens(sentence.span, mention, sentence)
    if (mention.fact_type in NAMED_TYPES or mention.fact_type == "date") and tokens is not None:
        head = tokens.root.head
        if tokens.root.dep_ in {"compound", "amod", "nmod"} and head.pos_ == "NOUN":
            return False  # "the ____ camp", "a(n) ____ phone call": which one, any would fit
    if _in_a_list(mention, facts):
        return False
    if mention.fact_type == "number" and facts.body.startswith(" of ", mention.end):
        return False  # "one of the region's …": a share of something, not a count
    if mention.fact_type == "number" and REFERRING.search(before) and mention.text.isalpha():
        return False  # "the two companies": which ones, not how many (raters: trivial)
    if mention.fact_type == "number" and SINGULAR_COUNT.fullmatch(mention.text.lower()):
        # "“Don't hide things like this,” one Weibo commenter said": no count; and "only one
        # title … is" takes only a singular, which gives the answer away among plurals.
        return False
    if _count_of_a_list(mention, sentence.text[mention.start - sentence.start :]):
        return False  # "The ____ main forms … are bubonic and pneumonic": the list counts itself
    if tokens is not None and any(
        node.pos_ in {"VERB", "AUX"} and open_question(node)
        for node in [tokens.root, *tokens.root.ancestors]
    ):
        return False  # "to establish whether Trump withheld aid": no fact, whatever is cut
    if mention.fact_type == "person" and TITLED.search(before):
        return False  # "President ____": the office names its holder to any reader
    if mention.fact_type == "number" and OTHERS.match(facts.body, mention.end):
        return False  # "____ other plague cases were revealed": others than one the sentence
        # does not name (the headline's "third case"); turned down as context-free
    if mention.fact_type == "number" and tokens is not None and _chances_in_play(tokens.root):
        return False  # "squandered two match points while serving at 5-4": a moment of one
        # match in a round-up of many, turned down as trivia in three ratings
    if mention.fact_type == "number" and tokens is not None and _conceded(tokens.root):
        return False  # "While the subscription gets players 4k streaming at 60 frames per
        # second …, the majority of titles …": the sentence's point is after the comma
    if mention.fact_type == "date" and tokens is not None and _foreseen(tokens.root):
        return False  # "will reduce growth by 2020": when a forecast says, not what happened
    if mention.fact_type == "number" and _statutory_maximum(before, sentence.text):
        return False  # "faces a maximum of 10 years … and up to a $250,000 fine": the law's
        # ceiling for any such crime, not what happened (raters: boilerplate)
    if mention.fact_type == "date" and CUTOFF.search(before):
        return False  # "$63 billion through June 30": when a tally was taken, not an event
    if (
        mention.fact_type == "number"
        and YEARS_SPANNED.search(sentence.text)
        and not FORECAST.search(sentence.text)
    ):
        return False  # "3,248 cases … between 2010 and 2015, with 584 deaths": a tally of
        # past years behind the story (raters: background statistics, recall of a sentence);
        # "will cut 5,000 jobs between 2020 and 2022" is news, and asked

    if mention.fact_type == "person" and mention.canonical not in facts.vouched:
        return False
    if mention.fact_type == "person":
        quoted = (q for q in facts.quotes if q.source_start <= sentence.start < q.source_end)
        if any(quote.speaker == mention.canonical for quote in quoted):
            return False
    return True


def _chances_in_play(node: Token) -> bool:
    """Whether ``node`` counts chances within a game ("two match points", "three break
    points"): play-by-play, not the result."""
    noun = node.head
    return noun.lemma_ == "point" and any(
        child.dep_ in {"compound", "amod"} and child.lower_ in PLAY_POINTS
        for child in noun.children
    )


def _conceded(node: Token) -> bool:
    """Whether ``node`` stands in a clause the sentence concedes ("While …", "Although …"):
    background to the point its main clause makes. Raters called the figure of such a clause
    trivia in two ratings (article 21's 60 frames per second)."""
    return any(
        ancestor.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in CONCESSIVE_MARKS for c in ancestor.children)
        # With a subject of its own: "while serving at 5-4" only says when.
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in ancestor.children)
        # Before its point: "Revenue rose 3 percent while costs fell 5 percent" sets two
        # facts side by side.
        and ancestor.i < ancestor.head.i
        for ancestor in [node, *node.ancestors]
    )


def _claimed(node: Token) -> bool:
    """Whether ``node`` heads the "that" clause of a claim, a report or a rumour."""
    return (
        node.dep_ in {"acl", "ccomp"}
        and node.head.pos_ == "NOUN"
        and node.head.lemma_.lower() in CLAIM_NOUNS
        and any(child.dep_ == "mark" and child.lower_ == "that" for child in node.children)
    )


def _someones_view(clause: Token, facts: ArticleFacts) -> bool:
    """Whether the clause reports what a person of the article said ("Volker and Morrison
    said that the call … was not in line with …", the names tagged as firms by the small
    model): their view, which a statement cut from "said that" would state as fact. A root
    that reports is judged by its reported clause."""
    verb = clause if clause.lemma_ in REPORTING_VERBS else clause.head
    if verb.lemma_ not in REPORTING_VERBS or (clause != verb and clause.dep_ != "ccomp"):
        return False
    reporter = subject_of(verb)
    if reporter is None:
        return False
    return has_a_view(reporter) or person_at(reporter, facts.people) is not None


def _statutory_maximum(before: str, sentence: str) -> bool:
    """Whether the figure after ``before`` is a penalty's ceiling ("faces a maximum of 10
    years in prison and up to a $250,000 fine"), not a fine paid or a term served."""
    return bool(STATUTORY_MAXIMUM.search(before) and PENALTY.search(sentence))


def _foreseen(token: Token) -> bool:
    """Whether the token stands in a clause of what will, would or may happen, or of what is
    scheduled, slated or expected to ("Sentencing is scheduled for ____")."""
    verbs = [node for node in token.ancestors if node.pos_ in {"VERB", "AUX", "ADJ"}]
    return any(
        child.dep_ == "aux" and child.lower_ in FORECAST_MODALS
        for node in verbs
        for child in node.children
    ) or any(_scheduled(node) for node in verbs)


def _scheduled(node: Token) -> bool:
    """ "is scheduled", "are slated" (which the small model lemmatizes "slat"), "is due"."""
    named = node.lemma_ in SCHEDULE_WORDS or node.lower_.removesuffix("d") in SCHEDULE_WORDS
    return named and node.tag_ in SCHEDULED_TAGS


# "is scheduled", "are slated", "is expected", "plans to": a passive or present form, so that
# "set a record" or "planned the attack" (what happened) still dates an event.
SCHEDULED_TAGS = frozenset({"VBN", "VBZ", "VBP", "JJ"})


# "The two companies had come to an agreement": a count in words after "the" points to
# things named before, not a figure the article reports ("all 18 teams" is one).
REFERRING = re.compile(r"(?i)\b(?:the|these|those)\s+$")
TITLED = re.compile(rf"(?i)\b(?:{'|'.join(sorted(BARE_TITLES))})\s+$")
CUTOFF = re.compile(r"(?i)\b(?:through|as of)\s+$")
# A tally over years gone by: "between 2009 and 2018", "from 2010 to 2015"; not a forecast.
FORECAST = re.compile(r"(?i)\b(?:will|would|plans?|expects?|projects?|forecasts?|aims?)\b")
# After a count: "two other cases", "four others".
OTHERS = re.compile(r"\s+others?\b")
# Points that are chances within a game, not its result: "match point", "break point".
PLAY_POINTS = frozenset({"match", "set", "break", "game"})
# What opens a clause a sentence concedes before its point.
CONCESSIVE_MARKS = frozenset({"while", "although", "though", "whereas"})
YEARS_SPANNED = re.compile(
    r"(?i)\b(?:between (?:19|20)\d\d and|from (?:19|20)\d\d to) (?:19|20)\d\d\b"
)
# "faces a maximum of ____ years in prison", "and up to a $____ fine": what a court could
# impose, read from the words right before the figure.
STATUTORY_MAXIMUM = re.compile(r"(?i)\b(?:maximum(?: of)?|up to)\s+(?:an?\s+)?[$€£]?\s*$")
PENALTY = re.compile(r"(?i)\b(?:prison|jail|fine|sentence|penalty)\b")
SINGULAR_COUNT = re.compile(r"(?:only |just |exactly )?(?:one|1|a single)")


def _in_a_list(mention: Mention, facts: ArticleFacts) -> bool:
    """One item of a list set off by commas ("from the Kurds, to Iran, to Israel"; "Iran,
    Russia and Syria"): another item fits the blank or the swap as well."""
    for other in facts.mentions:
        if other.sentence != mention.sentence or other is mention:
            continue
        first, second = sorted((mention, other), key=lambda m: m.start)
        if LIST_GAP.fullmatch(facts.body[first.end : second.start]):
            return True
    return False


LIST_GAP = re.compile(r",\s*(?:(?:to|and|or|from)\s+)?(?:the\s+)?")


def is_minor(mention: Mention) -> bool:
    """Trivia a teacher would ask only when the article offers little else: the day of the
    week, a bare month, which outlet reported it."""
    return mention.subtype in TRIVIAL_SUBTYPES


TRIVIAL_SUBTYPES = frozenset({"weekday", "month", "media"})


# ── cloze and statements ──────────────────────────────────────────────────────────────────


def _conjoined(sentence: Sentence, tokens: Span) -> Statement | None:
    """The second verb phrase that holds the mention, with its shared subject, where the
    clause's statement left it out ("The team plans to return in ____ …" of "The team has
    placed 40 loggers and plans to return in February 2026 …")."""
    verb = next((t for t in tokens.root.ancestors if t.dep_ == "conj" and t.pos_ == "VERB"), None)
    return conjoined_statement(sentence, verb) if verb is not None else None


def _dated_blank(mention: Mention, tokens: Span | None, statement: Statement | None) -> str | None:
    """ "… repulsed an attack against a base, manned by …, on February 7": the clause's
    statement left the date out with the aside it hangs from, though the date dates the
    clause; the blank goes after the statement: "… repulsed an attack against a base on ____."
    """
    if statement is None or tokens is None or mention.fact_type != "date":
        return None
    if statement.holds(mention.start, mention.end) or tokens.root.dep_ != "pobj":
        return None
    on, verb = tokens.root.head, tokens.root.head.head
    clause = clause_of(tokens.root)
    participle = verb.tag_ in {"VBN", "VBG"} and verb.head == clause and subject_of(verb) is None
    if on.lower_ != "on" or not (verb == clause or participle):
        return None
    return f"{statement.text.rstrip('.')} on {BLANK}."


def _blank(sentence: Sentence, mention: Mention, statement: Statement | None) -> str | None:
    """The statement with the mention blanked, or the sentence where the statement does not
    hold the mention once; a sentence too long to read as one question gives None, and so
    does a figure its brackets convert ("a diameter of ____ (5,150 km)")."""
    if CONVERSION.match(sentence.text[mention.end - sentence.start :]):
        return None
    said = statement.text if statement is not None else ""
    if said[: len(mention.text)].lower() == mention.text.lower():
        said = mention.text + said[len(mention.text) :]  # "At least two" opens the statement
    if (
        statement is not None
        and statement.holds(mention.start, mention.end)
        and said.count(mention.text) == 1
    ):
        start = said.index(mention.text)
        before, after = said[:start], said[start + len(mention.text) :]
        before = re.sub(r"\b(a|an|A|An) $", lambda m: f"{m[1][0]}(n) ", before)
        return before + BLANK + after
    text = sentence.text
    start = mention.start - sentence.start
    end = start + len(mention.text)
    if text[start:end] != mention.text or not 5 <= len(text.split()) <= MAX_CLOZE_WORDS:
        return None
    if text.startswith("("):
        return None  # a parenthetical aside, not the story
    if not any(token.pos_ in {"VERB", "AUX"} for token in sentence.span):
        return None  # "1; DROP TABLE attempt; --" is a fragment, not a sentence to complete
    before, after = text[:start], text[end:]
    before = re.sub(r"\b(a|an|A|An) $", lambda m: "a(n) " if m[1].islower() else "A(n) ", before)
    return (before + BLANK + after).strip()


def _swappable(mention: Mention, sentence: Sentence, facts: ArticleFacts) -> bool:
    """Places swap only as the object of "in" or "near": "U.S. officials" or "Russia’s
    ministry" would turn into nonsense, not into a plausible false statement."""
    if mention.fact_type == "organization":
        return False  # "Russia’s Reuters": an ORG slot rarely takes another ORG sensibly
    if mention.fact_type == "number":
        around = facts.body[max(mention.start - 2, 0) : mention.end + 2]
        return not re.search(r"\d\s?[-–]\s?\d", around)  # half of a 7-2 vote
    if mention.fact_type == "person":
        # "Okafor said the idea came to him": a pronoun for the person can give the swap away
        # (or read as another person), so such a sentence is asked only as it stands; nor is
        # one of two people joined by "and" swapped ("Both Will Moy and Corbyn are trying"),
        # nor one who is not the clause's subject or object ("a spokeswoman for Letitia
        # James" may speak for the office that another name holds).
        span = mention_tokens(sentence.span, mention, sentence)
        acting = span is not None and span.root.dep_ in {"nsubj", "nsubjpass", "dobj"}
        joined = span is None or any(c.dep_ == "conj" for c in span.root.children)
        return (
            acting and not joined and not any(t.lower_ in GENDERED_PRONOUNS for t in sentence.span)
        )
    if mention.fact_type != "place":
        return True
    # Only a country for a country: a town swapped for another ("those killed at Moscow")
    # reads as nonsense to anyone who knows where the towns are.
    span = mention_tokens(sentence.span, mention, sentence)
    return (
        mention.subtype == "country"
        and span is not None
        and span.root.dep_ == "pobj"
        and span.root.head.lower_ in {"in", "near"}
        and not any(c.dep_ == "conj" for c in span.root.children)
    )


def _swapped_phrases(
    mention: Mention, swap: str, sentence: Sentence, statement: Statement, facts: ArticleFacts
) -> tuple[str, str] | None:
    """What the twin replaces, and with what. A person named with their title swaps title and
    all ("Councillor Sandra Kileen" becomes "Mayor Ellen Marsh", never "Councillor Ellen
    Marsh"); one named with another description ("Chinese leader Jeffrey Halley") does not
    swap, since the description gives the twin away."""
    if mention.fact_type != "person":
        return mention.text, swap
    span = mention_tokens(sentence.span, mention, sentence)
    if span is None or span.root.left_edge.i >= span.start:
        return mention.text, swap  # nothing before the name says what the person is
    own, other = facts.people.get(mention.canonical), facts.people.get(swap)
    if own is None or other is None or not own.title or not other.title:
        return None
    titled = f"{own.title} {mention.text}"
    if statement.text.count(titled) != 1:
        return None
    return titled, f"{other.title} {swap}"


def _changes_number(mention: Mention, swap: str) -> bool:
    """ "Only one title … is exclusive" cannot take "three": one and more than one differ in
    grammar, and the twin would read broken."""
    if mention.fact_type != "number":
        return False
    return _is_one(mention.text) != _is_one(swap)


def _count_of_a_list(mention: Mention, statement: str) -> bool:
    """ "The two main forms of plague infection are bubonic and pneumonic": the statement
    names what it counts, so a twin with "four" is false by its own words."""
    if mention.fact_type != "number" or mention.text.lower() not in gazetteer.NUMBER_WORDS:
        return False
    after = statement[statement.find(mention.text) + len(mention.text) :]
    return LISTED.search(after) is not None


LISTED = re.compile(r"\b(?:are|were|include|included|includes)\b[^,.;]*?,?\s(?:and|or)\s")


def _plan_moved_back(mention: Mention, swap: str, statement: str) -> bool:
    """ "More games are slated to roll out … into 2014" (the article: 2020): a plan moved to a
    year before the one it was made for reads false to anyone, so a statement of what is to
    come swaps its year only for a later one."""
    if mention.fact_type != "date" or not FUTURE.search(statement):
        return False
    own, other = YEAR.search(mention.text), YEAR.search(swap)
    return own is not None and other is not None and int(other[0]) < int(own[0])


FUTURE = re.compile(
    r"(?i)\b(will|slated|scheduled|plans?|planned|expected|forecast|due|set to|to be)\b"
)
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def _is_one(figure: str) -> bool:
    return figure.lower().split()[-1] in {"one", "1", "single"}


def _stated_in_article(name: str, fact_type: str, facts: ArticleFacts) -> bool:
    """Whether the article states ``name`` as a fact of this type: a figure as a figure of
    its own, not inside a score ("all 4 teams", from the tiebreak of "6-7 (4)", fooled no
    rater)."""
    stated = bool(facts.sentences_with(name))
    if fact_type == "number":  # and as a whole word: "five" of "five-and-a-half points" is not
        return stated and any(m.fact_type == "number" and m.text == name for m in facts.mentions)
    return stated  # "14" is not stated by "14th"


def _seen_together(swap: str, original: str, facts: ArticleFacts) -> bool:
    """Two names in one sentence may be one inside the other ("Clark County, Nevada")."""
    with_original = {s.index for s in facts.sentences_with(original)}
    return any(s.index in with_original for s in facts.sentences_with(swap))


def _statement_stated(statement: str, swapped: str, facts: ArticleFacts) -> bool:
    """True when some sentence with the swapped-in fact says most of the same thing."""
    words = set(re.findall(r"[a-z]{4,}", statement.lower()))
    for sentence in facts.sentences_with(swapped):
        shared = words & set(re.findall(r"[a-z]{4,}", sentence.text.lower()))
        if words and len(shared) / len(words) >= 0.5:
            return True
    return False


# ── helpers ─────────────────────────────────────────────────────────────────────────────


def _difficulty(mention: Mention, sentence: Sentence, facts: ArticleFacts) -> int:
    if mention.fact_type in {"number", "date"}:
        return 2
    return 1 if sentence.index < len(facts.sentences) / 3 else 2


def _about(
    sentence: Sentence,
    kind: str,
    prompt: str,
    choices: list[str],
    answer: str,
    explanation: str,
    fact_type: str,
    difficulty: int,
    notes: dict[str, str] | None = None,
) -> GeneratedQuestion:
    """A question whose source is one sentence of the article."""
    return GeneratedQuestion(
        kind, prompt, choices, answer, explanation, sentence.text, sentence.start, sentence.end,
        fact_type, difficulty, choice_notes=notes or {},
    )  # fmt: skip


def _candidate(
    question: GeneratedQuestion,
    mention: Mention,
    sentence: Sentence,
    weight: float = 0.0,
    *,
    aside: bool = False,
) -> Candidate:
    key = f"{sentence.index}:{fold(mention.text)}"
    tokens = mention_tokens(sentence.span, mention, sentence)
    # "The claim that those killed at ____ included Russian fighters": what someone holds, not
    # the article's fact (raters turned the seed's down every time); a bank may keep it.
    claimed = tokens is not None and any(map(_claimed, tokens.root.ancestors))
    minor = is_minor(mention)
    return Candidate(question, key, sentence.index, weight, minor=minor, aside=claimed or aside)


def _weight(mention: Mention) -> float:
    """Trust the labels the small model gets right."""
    return (
        0.3
        if mention.fact_type in {"person", "date", "number"} or mention.subtype == "code"
        else 0.0
    )
