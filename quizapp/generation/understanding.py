"""Questions of understanding: what the article is mainly about, and what each person argued.

    lead "Recently, reports have begun to emerge about an American attack on pro-regime forces
    in Syria that may have resulted in over 100 Russian deaths …"
      ─► What is this article mainly about?
         Reports have begun to emerge about an American attack on pro-regime forces in Syria. /
         (details the article gives later, each true, none its main point)

    Jim Mattis: “This could just be a local couple of guys doing something. …”
    Grigory Yavlinsky: “If there was large-scale loss of life of Russian citizens, …”
      ─► Which statement is closest to what Grigory Yavlinsky said?
         (his words, trimmed; the other speakers' words, or a claim the article reports)

Both are built from the article's own words, cut only where a clause ends: a main idea is the
lead's main clause (statements.py), never a paraphrase, and is not asked when the lead gives
no clean clause; a view is a speaker's quotation, trimmed at a clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from quizapp.generation import gazetteer
from quizapp.generation.explain import cite, snippet
from quizapp.generation.facts import ArticleFacts, Sentence
from quizapp.generation.kinds import FactType, Kind, Level
from quizapp.generation.quality import (
    content_stems,
    fold,
    grammar_problem,
    hedged,
    is_opinion,
)
from quizapp.generation.questions import Candidate, GeneratedQuestion, is_scrap
from quizapp.generation.quotes import Quote, asked_passages, quote_pairs, subject_of
from quizapp.generation.statements import Statement, clause_statement, restrictive_clause
from quizapp.generation.wh import render
from quizapp.generation.wordlists import GENDERED_PRONOUNS, SPEECH_VERBS

MAIN_IDEA = "What is this article mainly about?"
LEAD_SENTENCES = 4
LEAD_PARAGRAPHS = 2
# A detail offered beside the main idea comes from after the lead, and shares few of its words.
DETAIL_AFTER = 4
NEAR = 0.1
NAME_WORDS = 4  # a quotation this short in a lead is a name or a scare quote
NEAR_TITLE = 0.2  # a headline is short: one shared word is a fifth of it
DETAILS = 3
VIEW_WORDS = 30  # a speaker's view is shown whole, with at most this many words
MIN_VIEW_WORDS = 5
MAX_VIEWS = 4
# Verbs that report a view or a claim, not a fact passed on ("officials told reporters that").
CLAIM_VERBS = frozenset("claim argue insist deny warn suggest believe accuse contend".split())
ARGUED_SPEAKERS = 1  # the view of the speaker with the most to say: one more is one fact again


def main_idea_questions(facts: ArticleFacts, title: str = "") -> list[Candidate]:
    """ "What is this article mainly about?": the lead's main clause (the one closest to the
    headline ``title``, where there is one) against true details from later in the article."""
    title = title or facts.title
    if FEATURE_HEADLINE.search(title):
        return []
    lead = _main_idea(facts, title)
    if lead is None:
        return []
    sentence, statement = lead
    details = _details(facts, statement, title)
    if len(details) < 2:
        return []
    answer = statement.text
    shown = [(detail, where) for where, detail in details]
    # A lead that only speculates leaves the main news to the next paragraph: not "the lead".
    opening = "lead says" if sentence.paragraph == 0 else "opening says"
    explanation = (
        f"A news story gives its main news in its opening lines, and this one's {opening}: "
        f"{cite(sentence.text)} The other choices are true, but they are details the "
        f"article gives later."
    )
    notes = {choice: _detail_note(choice, where) for choice, where in shown}
    question = GeneratedQuestion(
        Kind.MCQ,
        MAIN_IDEA,
        [answer, *(choice for choice, _where in shown)],
        answer,
        explanation,
        sentence.text,
        sentence.start,
        sentence.end,
        FactType.MAIN_IDEA,
        2,
        choice_notes=notes,
        level=Level.UNDERSTANDING,
    )
    # Across: it asks about the whole story, so a blank in the lead sentence may stand beside it.
    return [Candidate(question, "main_idea", sentence.index, weight=1.0, across=True)]


# A headline that promises an explainer, a guide or advice ("Politifact's guide: understanding
# tariffs", "Economy in stress and markets on a high: time to be careful"): a feature, whose
# opening is a hook, not the news its main idea would be (17's and 37's, turned down in three
# ratings of 2026-12-05 as "only the hook"). A news story's lead carries its news.
FEATURE_HEADLINE = re.compile(
    r"(?i)\b(guide|explain\w*|fact[- ]check\w*|need to know|what to know|time to|how to|"
    r"how|why)\b"
)


def _detail_note(choice: str, where: Sentence) -> str:
    """Why a true detail is not the main idea; the article's sentence is cited only where the
    choice was cut from it (a student who picked it has just read it whole)."""
    note = "True, but a detail from later in the article, not its main news"
    if fold(choice) == fold(where.text):
        return note + "."
    return f"{note}: {cite(snippet(where.text))}"


def _main_idea(facts: ArticleFacts, title: str) -> tuple[Sentence, Statement] | None:
    """The lead sentence whose gist says most of what the headline says, an earlier one
    winning a tie of one word a place (the first, without a headline). The lead is the
    opening paragraph or two that state something: a caption, a question to the reader or an
    aside before them ("Remember New Jersey's epic quest to find a state slogan?") is no
    paragraph of the news."""
    if facts.sentences and MID_STORY.match(facts.sentences[0].text):
        return None  # "This comes after police said …": the text starts past the story's lead
    found = []
    stating: set[int] = set()  # the paragraphs with a plain statement so far
    for sentence in facts.sentences[:LEAD_SENTENCES]:
        if sentence.paragraph not in stating and len(stating) == LEAD_PARAGRAPHS:
            break  # past the lead: not worth a gist
        statement = _plain_statement(sentence, judged=_writer_judges)
        if statement is not None:
            stating.add(sentence.paragraph)
            overlap = len(content_stems(statement.text) & content_stems(title))
            found.append((overlap, LEAD_SENTENCES - sentence.index, sentence, statement))
    if not found:
        return None
    best = max(found, key=lambda item: (item[0] + item[1], item[1]))
    overlap, _place, sentence, statement = best
    if title and not overlap:
        return None  # the lead says nothing the headline says: its main news is elsewhere
    if _news_passed_over(facts, sentence, title):
        return None
    return sentence, statement


def _news_passed_over(facts: ArticleFacts, chosen: Sentence, title: str) -> bool:
    """Whether the opening sentence says more of what the headline says than the later
    ``chosen`` one: then the opening is the news and ``chosen`` background. 14's opening
    ("Ambassador Gordon Sondland … is likely to be unpredictable when he faces questions about
    … Ukraine", under "Unpredictable Sondland faces questions about Trump Ukraine") has no plain
    gist and was passed over for its second paragraph ("Sondland is more directly entangled
    …"), which raters turned down as not the story. An opening that frames the story ("The
    Syrian conflict is slowly becoming a battleground …") or quotes someone (21's) says less of
    the headline than the news that follows it, which stays the main idea. Whole sentences are
    compared, so a gist's cut ("… during a televised debate") takes no headline word away."""
    opening = facts.sentences[0]
    if not title or chosen.index == opening.index or not opening.text.rstrip().endswith("."):
        return False
    headline = content_stems(title)
    return len(content_stems(opening.text) & headline) > len(content_stems(chosen.text) & headline)


# A text whose first word points back to something before it was cut from the middle of a
# story: what it opens with is no lead.
MID_STORY = re.compile(r"(This|That|These|Those|It|He|She|They|But|And|However)\b")


def _details(facts: ArticleFacts, main: Statement, title: str) -> list[tuple[Sentence, str]]:
    """Up to three true statements from after the first third (each sentence's gist, or the
    whole sentence where it has no clean gist), spread over the rest, of a length near the
    main idea's (a choice much longer or shorter than the rest stands out)."""
    words = len(main.text.split())
    names = _name_words(facts)
    main_unnamed = _without_names(main.text, names)
    pool: list[tuple[Sentence, str]] = []
    unnamed_pool: list[str] = []
    # After the first third: a story retells its news in its first paragraphs.
    for sentence in facts.sentences[max(DETAIL_AFTER, len(facts.sentences) // 3) :]:
        if is_opinion(sentence.text):
            continue  # "With any luck, the clashes will bring …" is no detail, cut or whole
        plain = _plain_statement(sentence)
        text = plain.text if plain is not None else _whole_sentence(sentence)
        if text is None or not 0.5 * words <= len(text.split()) <= 2 * words:
            continue
        # Far from the headline and the main idea: a detail, not another way to say the news.
        # The story's people are in most of its sentences; what is said of them is what counts.
        unnamed = _without_names(text, names)
        if _shared(unnamed, main_unnamed) >= NEAR or _shared(text, title) >= NEAR_TITLE:
            continue
        if any(_shared(unnamed, other) >= NEAR for other in unnamed_pool):
            continue
        pool.append((sentence, text))
        unnamed_pool.append(unnamed)
    # Details without a figure first: a figure in a choice would answer another question.
    unfigured = [(sentence, text) for sentence, text in pool if not re.search(r"\d", text)]
    pool = unfigured if len(unfigured) >= 2 else pool
    if len(pool) <= DETAILS:
        return pool
    step = len(pool) / DETAILS  # one from each part of the rest of the article
    return [pool[int(i * step)] for i in range(DETAILS)]


def _name_words(facts: ArticleFacts) -> frozenset[str]:
    """The words of the article's people's names ("Van", "Der", "Beek")."""
    return frozenset(word for name in facts.people for word in name.split())


def _without_names(text: str, names: frozenset[str]) -> str:
    """``text`` without the words of those names, written as names are (a capital first):
    "Eva Park" takes "Park" out, not the park."""
    return " ".join(word for word in text.split() if _bare(word) not in names)


def _bare(word: str) -> str:
    """A word as a name list has it: "Beek’s," is "Beek"."""
    return re.sub(r"[’']s$", "", word.strip('.,;:“”"'))


def _whole_sentence(sentence: Sentence) -> str | None:
    """A sentence a choice can show as it stands: the writer's plain report, of one line."""
    text = sentence.text.strip()
    if any(mark in text for mark in '“”"()') or not text.endswith(".") or "?" in text:
        return None
    if not 6 <= len(text.split()) <= GIST_WORDS[1] or _guessed(text):
        return None
    root = sentence.span.root
    if root.lemma_ in SPEECH_VERBS:
        return None  # "…, the commission said.": a claim passed on, not a detail of the story
    subject = subject_of(root)
    if subject is None or subject.pos_ == "PRON":
        return None  # "He’s not the only one …": whom it means is in another sentence
    return text if _stands_alone(text) else None


def _plain_statement(
    sentence: Sentence, judged: Callable[[str], bool] | None = None
) -> Statement | None:
    """The sentence as the writer's plain report, its asides left out (``gist``): not a
    quotation, an opinion or a hedge, and nothing in it points back to another sentence. A
    name in quotation marks (“factcheckUK”, “Meth. We’re on it.”) is the writer's words.
    ``judged`` says whether the gist is an opinion or a hedge (a lead's hedge may stay)."""
    if any(len(sentence.text[a:b].split()) > NAME_WORDS for a, b in quote_pairs(sentence.text)):
        return None
    if sentence.text.count("“") != sentence.text.count("”") or sentence.text.count('"') % 2:
        return None
    statement = gist(sentence)
    # The gist alone is judged: "… that may have resulted in deaths" is left out of it.
    judged = judged or _guessed
    if statement is None or judged(statement.text) or not _stands_alone(statement.text):
        return None
    return statement


def _stands_alone(text: str) -> bool:
    """Read as a statement to judge, except that "its" or "their" may point back within the
    statement itself ("China … to impose its will"), though never to another sentence."""
    # "Dick Clark Productions denied that it had settled …": "it" is the one who denied.
    text = SELF_REPORTED.sub(lambda m: f"{m[1]}{m[2]} that {m[1].strip()}", text)
    problem = grammar_problem(f"True or false: {text}")
    if problem is None:
        return True
    opens_back = re.match(r"(?i)(it|its|their|they|this|these|such)\b", text)
    within = "points back" in problem and not re.search(r"(?i)\b(this|these|such|it)\b", text)
    return within and not opens_back


# A named organisation or person reporting of itself: "X denied that it …", "X said that it …".
SELF_REPORTED = re.compile(
    r"^((?:[A-Z][\w’'&.-]* )+)(said|says|denied|denies|claimed|claims|announced|announces|"
    r"confirmed|confirms|insisted|insists|stated|states) that it\b"
)

# What a gist leaves out: asides, and what follows the main clause after a comma.
ASIDE_DEPS = frozenset({"appos", "parataxis", "meta", "intj", "discourse"})
TAIL_DEPS = frozenset({"advcl", "acl", "relcl", "conj", "cc", "prep", "npadvmod", "advmod"})
GIST_WORDS = (6, 32)
CLAUSE_DEPS = frozenset({"relcl"})
SAID = frozenset({"ccomp", "dobj", "xcomp"})


def gist(sentence: Sentence) -> Statement | None:
    """The sentence's main clause with its own complements, as a statement: asides between
    commas or brackets, an opening circumstance ("Recently,", "In search of answers,") and a
    tail after a comma (", illuminating an exotic world …") are left out. Unlike a true/false
    statement it keeps the clause's objects whole ("pleaded guilty to threatening to kill
    U.S. Rep. Ilhan Omar"), so it says what happened, not only that something did."""
    span = sentence.span
    root = span.root
    reported = [c for c in root.children if c.dep_ == "ccomp" and c.i < root.i]
    if root.lemma_ in SPEECH_VERBS and len(reported) == 1:
        if any(t.text in QUOTE_MARKS for t in reported[0].subtree):
            return _attributed(sentence, reported[0], root)  # their words keep their name
        root = reported[0]  # "A man pleaded guilty …, the attorney's office announced."
    if root.pos_ not in {"VERB", "AUX"} or "?" in span.text:
        return None
    dateline = _dateline(span)
    subject = subject_of(root)
    if subject is not None and subject.i in dateline:  # "LONDON (AP) — Britain's party was …"
        subject = next(
            (c for c in root.children if c.dep_ in SUBJECTS and c.i not in dateline), None
        )
    if subject is None or subject.pos_ == "PRON" or subject.i < span.start:
        return None
    if re.match(r"(?i)the \d+-year-old\b", span[subject.left_edge.i - span.start :].text):
        return None  # "The 55-year-old is …" names someone the headline or lead named
    if _aside_as_verb(subject, root):
        return None  # "Hilly areas, thought to represent …, represent 14 percent …" misparsed
    dropped: set[int] = set()
    for child in root.children:
        before_subject = child.i < subject.i and child.dep_ not in {"aux", "auxpass", "neg"}
        after_comma = child.i > root.i and span.doc[child.left_edge.i - 1].text in {",", ";", "—"}
        if child.dep_ == "prep" and child.lower_ == "according":
            after_comma = True  # "…, according to a new case report" (also after a quotation)
        if before_subject or child.dep_ in ASIDE_DEPS or (after_comma and child.dep_ in TAIL_DEPS):
            dropped.update(t.i for t in child.subtree)
    for token in root.subtree:
        aside = (token.dep_ in ASIDE_DEPS and not _restrictive(token)) or (
            token.dep_ == "relcl" and _after_comma(token)
        )
        if aside or (token.dep_ in CLAUSE_DEPS and _speculative(token)):
            dropped.update(t.i for t in token.subtree)
    dropped |= _bracketed(span) | dateline
    for child in root.children:  # a clause whose "and" or "but" went goes with it
        if child.dep_ == "conj" and any(c.dep_ == "cc" and c.i in dropped for c in root.children):
            dropped.update(t.i for t in child.subtree)
    dropped |= _orphan_quote_marks(span, dropped)
    keep = [t for t in root.subtree if t.i not in dropped]
    if any(restrictive_clause(t) and t.head.i not in dropped for t in span if t.i in dropped):
        return None  # "to the point where he couldn't walk", cut to "to the point"
    if subject.i in dropped or not _finite(root):
        return None  # "Hilly areas, thought to represent …" is no statement
    if any(t.text in {"(", ")"} for t in keep):
        return None  # a bracket left half: the parse split it
    keep = _trim_punct(keep)
    if root.lemma_ in SPEECH_VERBS and not any(t.head == root and t.dep_ in SAID for t in keep):
        return None  # "… the commission said." with what was said left out
    if any(t.like_num and t.i + 1 in dropped or t.i - 1 in dropped for t in keep if t.like_num):
        return None  # "6-4, 6-4" or "6-7 (5)" cut apart
    if any(t.tag_ == "POS" and t.i + 1 in dropped for t in keep):
        return None  # "… and Alex de Minaur’s 6-4, 6-3 victory", cut after "Minaur’s"
    return _as_statement(sentence, _circumstances_trimmed(keep))


def _circumstances_trimmed(keep: list[Token]) -> list[Token]:
    """``keep`` without its closing circumstance while it is longer than a gist may be:
    "Britain's Conservative Party was accused Wednesday of trying to deceive voters by changing
    the name of its Twitter account to “factcheckUK” during a televised election debate between
    Prime Minister Boris Johnson and …" says its news before "during". Only a time, a place or
    an occasion that ends the statement and hangs on a verb goes ("during …", "in London", "on
    Tuesday"), and never more than half of the words: a condition ("if …"), a manner
    ("without …"), a purpose or an object would change what the statement says. A statement
    still too long stays too long."""
    words = _word_count(keep)
    while _word_count(keep) > GIST_WORDS[1]:
        last = max(t.i for t in keep if not t.is_punct)
        tails = [t for t in keep if t.right_edge.i == last and _circumstance(t)]
        if not tails:
            break
        cut = {t.i for t in max(tails, key=lambda t: t.i).subtree}
        shorter = _trim_punct([t for t in keep if t.i not in cut])
        if _word_count(shorter) < words / 2:
            break
        keep = shorter
    return keep


def _word_count(tokens: list[Token]) -> int:
    return sum(not t.is_punct for t in tokens)


def _circumstance(token: Token) -> bool:
    """Whether ``token`` opens a phrase that only says when or where a verb's event was."""
    if token.head.pos_ not in {"VERB", "AUX"}:
        return False
    if token.dep_ == "npadvmod":
        return token.ent_type_ in {"DATE", "TIME"}
    if token.dep_ != "prep":
        return False
    if token.lower_ in OCCASION_PREPOSITIONS:
        return True
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return token.lower_ in {"in", "at", "on", "near"} and any(
        o.ent_type_ in WHEN_OR_WHERE for o in objects
    )


# "during a televised debate", "amid protests": an occasion, whatever follows.
OCCASION_PREPOSITIONS = frozenset({"during", "amid", "amidst"})
# "in London", "on Tuesday": a place or a time that an entity names.
WHEN_OR_WHERE = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"})


def _dateline(span: Span) -> set[int]:
    """The tokens of a dateline that opens a sentence ("LONDON (AP) —", "HANOI, Vietnam (AP)
    —", "WASHINGTON (Reuters) -"): where the story was filed, not what it says. A name
    between two dashes ("NATO — the alliance — is …") is an aside, not a dateline."""
    match = DATELINE.match(span.text)
    if match is None or re.search(r"\s[—–]\s|\s--\s", span.text[match.end() :]):
        return set()
    return {t.i for t in span if t.idx - span.start_char < match.end()}


DATELINE = re.compile(
    r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)?"
    r"(?: \([A-Za-z ]+\))?\s*(?:—|–|--| - )\s*"
)
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _aside_as_verb(subject: Token, root: Token) -> bool:
    """ "Areas, thought to represent …": a past participle right after the subject and a
    comma opens an aside, so a parse that makes it the main verb has lost the real one."""
    comma = subject.doc[subject.i + 1] if subject.i + 1 < len(subject.doc) else None
    return (
        comma is not None
        and comma.text == ","
        and root.i == subject.i + 2
        and root.tag_ in {"VBD", "VBN"}
    )


def _as_statement(sentence: Sentence, keep: list[Token]) -> Statement | None:
    """The kept words as a statement of one sentence, or None where too short or too long."""
    words = [t for t in keep if not t.is_punct]
    if not GIST_WORDS[0] <= len(words) <= GIST_WORDS[1]:
        return None
    text = re.sub(r"\s+([,.;:!?’”)])", r"\1", render(keep).strip())
    text = re.sub(r",(\s*,)+", ",", text).rstrip(" ,;:—–-")
    text = text[0].upper() + text[1:]
    text = re.sub(r"([“(])\s+", r"\1", text)
    text = text if text.endswith((".", ".”")) else text + "."
    offset = sentence.start - sentence.span.start_char
    spans = tuple((offset + t.idx, offset + t.idx + len(t.text)) for t in keep)
    return Statement(text, spans)


QUOTE_MARKS = frozenset('"“”')


def _attributed(sentence: Sentence, said: Token, verb: Token) -> Statement | None:
    """ "Apple was “pulled into the enterprise,” CEO Tim Cook said …": a lead that reports a
    named speaker's words in quotation marks is theirs, so its gist keeps who said them, and
    only that (the reported clause, the speaker, the verb: where and when left out)."""
    subject = subject_of(verb)
    span = sentence.span
    if subject is None or subject.pos_ != "PROPN" or said.left_edge.i != span.start:
        return None  # "they said", or something before the words that the gist would cut
    between = span.doc[said.right_edge.i + 1 : subject.left_edge.i]
    if not all(t.is_punct for t in between) or subject.i > verb.i:
        return None
    quoted = [t for t in said.subtree if not t.is_punct and _inside_quotation(t)]
    if not is_scrap(" ".join(t.text for t in quoted)):
        return None  # "Who said …?" asks these words: the main idea would answer it
    keep = [*said.subtree, *between, *subject.subtree, verb]
    if any(t.dep_ in ASIDE_DEPS for t in keep) or not _finite(verb) or not _finite(said):
        return None
    if sum(t.text == '"' for t in keep) % 2 or _count(keep, "“") != _count(keep, "”"):
        return None
    return _as_statement(sentence, keep)


def _inside_quotation(token: Token) -> bool:
    """Whether the token stands between an opening and a closing quotation mark of its
    sentence."""
    before = token.doc[token.sent.start : token.i].text
    opened = before.count("“") - before.count("”") + before.count('"') % 2
    return opened > 0


def _count(tokens: list[Token], text: str) -> int:
    return sum(t.text == text for t in tokens)


def _orphan_quote_marks(span: Span, dropped: set[int]) -> set[int]:
    """Quotation marks whose quoted words were left out ("… diagnosed with “feather-duvet
    lung,” according to a report" without its last clause): dropped with them."""
    marks = [t for t in span if t.text in QUOTE_MARKS]
    orphans: set[int] = set()
    for mark in marks:
        opening = mark.tag_ == "``" or mark.text == "“"
        step = 1 if opening else -1
        index = mark.i + step
        while span.start <= index < span.end and span.doc[index].is_punct:
            index += step
        if span.start <= index < span.end and index in dropped:
            orphans.add(mark.i)
    return orphans


def _restrictive(token: Token) -> bool:
    """An appositive with no comma, dash or bracket before it ("the journal BMJ Case
    Reports", "singer Ally Brooke"): part of its noun phrase, not an aside. So is one the
    parse took for an appositive where it is a complement ("called the decision a landmark
    judgment"): without its comma, it is never an aside."""
    before = token.left_edge.i - 1
    return (
        token.dep_ == "appos"
        and before >= 0
        and before == token.head.i
        and not token.doc[before].is_punct
    )


def _finite(verb: Token) -> bool:
    """A verb that makes a sentence: in a tense of its own, or with an auxiliary that has one."""
    finite = {"VBD", "VBZ", "VBP", "MD"}
    return verb.tag_ in finite or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in finite for c in verb.children
    )


def _bracketed(span: Span) -> set[int]:
    """Tokens of an aside in brackets ("(NYAG)", "(D-Minn.)"), brackets and all; none after a
    figure, where the bracket is part of it ("6-7 (4)")."""
    inside: set[int] = set()
    opened: int | None = None
    for token in span:
        if token.text == "(" and not (token.i > span.start and token.nbor(-1).like_num):
            opened = token.i
        elif token.text == ")" and opened is not None:
            inside.update(range(opened, token.i + 1))
            opened = None
    return inside


def _speculative(clause: Token) -> bool:
    """A clause that guesses ("… that may have resulted in over 100 deaths"): the main idea
    states what the article reports, without it."""
    return _guessed(" ".join(t.text for t in clause.subtree))


def _guessed(text: str) -> bool:
    """An opinion or a hedge ("allegedly", "reportedly")."""
    return hedged(text) or is_opinion(text)


# A question reported inside the sentence ("ESA has investigated how crew hibernation would
# change …"): its modal is what was asked, not the writer guessing.
EMBEDDED_QUESTION = re.compile(r"(?i)\b(how|whether)\b[^,.;:—]*")
# How sure the report is ("the plumes seem to be real"), kept in the answer like a hedge.
EVIDENTIAL = re.compile(r"(?i)\b(seems?|seemed|appears?|appeared) to\b")


def _writer_judges(text: str) -> bool:
    """A lead's opinion: a hedge ("Scooter Braun is allegedly unhappy …", "the plumes seem to
    be real") is kept in the answer, so it states no more than the article does; a reported
    question's modal is no guess of the writer's."""
    return is_opinion(EVIDENTIAL.sub("", EMBEDDED_QUESTION.sub("", text)))


def _after_comma(token: Token) -> bool:
    before = token.left_edge.i - 1
    return before >= 0 and token.doc[before].text == ","


def _trim_punct(tokens: list[Token]) -> list[Token]:
    """No comma left beside a dropped aside, none at either end."""
    kept = {t.i for t in tokens}
    given = tokens = [t for t in tokens if not (t.text == "," and not {t.i - 1, t.i + 1} <= kept)]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    if tokens and _count(tokens, "“") > _count(tokens, "”"):
        # “Dancing with the Stars.”: the closing mark after the full stop closes the title
        tail = given[given.index(tokens[-1]) + 1 :]
        if tail and all(t.is_punct for t in tail) and tail[-1].text == "”":
            tokens = tokens + tail
    return tokens


def _shared(a: str, b: str) -> float:
    words_a, words_b = content_stems(a), content_stems(b)
    return len(words_a & words_b) / len(words_a | words_b) if words_a and words_b else 0.0


# ── what each person argued ─────────────────────────────────────────────────────────────────


def argument_questions(facts: ArticleFacts) -> list[Candidate]:
    """ "Which statement is closest to what X said?" for the speaker with the most to say,
    where two or more people are quoted: X's view against the other speakers' words (and,
    where too few speak, a claim the article reports of someone else)."""
    views = _views(facts, strict=True)
    said = _said(facts)  # any sentence another speaker said serves as a wrong choice
    if len({quote.speaker for quote in facts.quotes if quote.asked}) < 2:
        return []
    candidates: list[Candidate] = []
    ranked = sorted(views, key=lambda speaker: -len(views[speaker][0].text.split()))
    for speaker in ranked:
        if len(candidates) >= ARGUED_SPEAKERS:
            break
        quote, shown = views[speaker]
        # Another speaker's words on the same named thing ("Financial players like Fortress
        # …" beside "I know we're happy to get rid of Fortress"): which of the two said what is
        # no view, and raters turned 20's down in two ratings.
        theirs = [(s, text) for s, text in said if s != speaker and not _names_shared(text, shown)]
        # One sentence of each other speaker first, then their further ones.
        firsts = {s: (s, shown) for s, shown in reversed(theirs)}
        others = [*firsts.values(), *(pair for pair in theirs if pair not in firsts.values())]
        others = others[: MAX_VIEWS - 1]
        claims = _reported_claims(facts, speaker) if len(others) < 2 else []
        claims = [claim for claim in claims if not _also_theirs(facts, speaker, claim[1])]
        if len(others) + len(claims) < 2:
            continue
        candidates.append(_closest_to(facts, speaker, quote, shown, others, claims[:1]))
    return candidates


def _names_shared(a: str, b: str) -> bool:
    """Whether two statements name one thing: a capitalised word inside each (not the first
    word, not "I", not a country or its people: "Russian" is in much of a story on Russia)."""
    return not _names_in(a).isdisjoint(_names_in(b))


def _names_in(text: str) -> set[str]:
    names: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        # The word that opens a sentence ("The", "But") is capitalised whatever it is.
        for word in re.findall(r"[\w’'-]+", sentence)[1:]:
            word = word.removesuffix("’s").removesuffix("'s")
            if word[:1].isupper() and word != "I" and not gazetteer.names_a_nation(word):
                names.add(word)
    return names


def claim_questions(facts: ArticleFacts) -> list[Candidate]:
    """ "According to the article, what did Russia’s Defence Ministry claim?" where the article
    reports a named side's claim in its own words ("… but claimed no Russian servicemen had
    been in the area"): the claim against what the other sides said (their quotations, or
    other claims). Only a view verb (claim, argue, deny, warn …): "said" reports, it does not
    set one side against another."""
    claims = _claims_by(facts, None, CLAIM_VERBS)
    said = _said(facts)
    candidates = []
    for claimant, claim, sentence in claims:
        if not claimant[:1].isupper() or hedged(sentence.text):
            continue  # "sources claimed": nobody a student could name
        others = [(who, shown) for who, shown in said if not _same_side(who, claimant)]
        others += [(who, text) for who, text, _s in claims if (who, text) != (claimant, claim)]
        wrong = _distinct_choices(claim, others)
        if len(wrong) < 2:
            continue
        verb = _claim_verb(sentence, claim)
        if verb is None:
            continue
        notes = {
            text: f"The article gives this as what {who} said, not {claimant}."
            for who, text in wrong
        }
        question = GeneratedQuestion(
            Kind.MCQ,
            f"According to the article, what did {claimant} {verb}?",
            [claim, *notes],
            claim,
            f"The article says: {cite(sentence.text)}",
            sentence.text,
            sentence.start,
            sentence.end,
            FactType.ARGUMENT,
            2,
            choice_notes=notes,
            level=Level.UNDERSTANDING,
        )
        candidates.append(Candidate(question, f"claim:{sentence.index}", sentence.index, 0.5))
    return candidates


def _same_side(speaker: str, claimant: str) -> bool:
    """Whether a quoted speaker is the claimant: "Deval Patrick" is "Patrick", "Sean
    Robertson" is "Pentagon spokesman Sean Robertson"."""
    a, b = fold(speaker), fold(claimant)
    last = speaker.split()[-1].casefold()
    return a in b or b in a or last in claimant.casefold().split()


def _distinct_choices(answer: str, others: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Up to MAX_VIEWS - 1 of ``others`` (who, what), no two alike and none like the answer."""
    chosen: list[tuple[str, str]] = []
    for who, text in others:
        if len(chosen) == MAX_VIEWS - 1:
            break
        if any(_alike(text, shown) for shown in [answer, *(t for _w, t in chosen)]):
            continue
        chosen.append((who, text))
    return chosen


def _alike(a: str, b: str) -> bool:
    """Two statements that share most of their content words say one thing."""
    words_a, words_b = content_stems(a), content_stems(b)
    union = words_a | words_b
    return not union or len(words_a & words_b) / len(union) >= NEAR_SAME


NEAR_SAME = 0.5


def _claim_verb(sentence: Sentence, claim: str) -> str | None:
    """The base form of the view verb that reports ``claim`` in the sentence ("claim")."""
    verbs = [t for t in sentence.span if t.lemma_ in CLAIM_VERBS and t.pos_ == "VERB"]
    return verbs[0].lemma_ if len(verbs) == 1 else None


def _said(facts: ArticleFacts) -> list[tuple[str, str]]:
    """(speaker, sentence) for each passage whose first sentence can be shown whole."""
    said = []
    for passage in asked_passages(facts.quotes):
        quote = passage[0]
        shown = _shown_view(quote.text.strip())
        # A phrase in the writer's sentence ("to return capital …", "began to say …") is no
        # sentence of theirs.
        if shown is not None and _unnamed_third_person(shown):
            continue  # "He has me thinking now" may be about the speaker asked, not by them
        if shown is not None and (
            shown[:1].isupper() and _has_subject(facts, quote.start, quote.start + len(shown))
        ):
            said.append((quote.speaker, shown[0].upper() + shown[1:]))
    return said


def _views(facts: ArticleFacts, *, strict: bool) -> dict[str, tuple[Quote, str]]:
    """Each quoted speaker's first sentence that can be shown whole (an aside left out), in
    the article's order. ``strict``, a view: a quotation that opens a sentence of its own
    (not a phrase quoted inside the writer's) and holds a clause with a subject."""
    views: dict[str, tuple[Quote, str]] = {}
    for passage in asked_passages(facts.quotes):
        quote = passage[0]
        text = quote.text.strip()
        before = facts.body[: quote.start].rstrip(' “"')
        opens = not before or before[-1] in ".!?:”\n"
        if quote.speaker in views or (strict and not (opens and text[:1].isupper())):
            continue
        shown = _shown_view(text)
        if shown is None:
            continue
        if not strict or _has_subject(facts, quote.start, quote.start + len(shown)):
            views[quote.speaker] = (quote, shown[0].upper() + shown[1:])
    return views


def _shown_view(text: str) -> str | None:
    """A quotation as a choice: its first sentence, an aside ("including …") left out where
    it is long; None where it is still too long to show whole."""
    first = SENTENCE_END.split(text)[0]
    if len(first.split()) > VIEW_WORDS:
        first = ASIDE.sub(" …", first)
    if not MIN_VIEW_WORDS <= len(first.split()) <= VIEW_WORDS:
        return None
    return first.rstrip(",;: ")


def _has_subject(facts: ArticleFacts, start: int, end: int) -> bool:
    """Whether the quoted words hold a clause with a subject ("Came down to a few points"
    does not)."""
    sentence = facts.sentence_at(start)
    offset = sentence.start - sentence.span.start_char
    return any(
        start <= offset + t.idx < end and t.dep_ in {"nsubj", "nsubjpass", "expl"}
        for t in sentence.span
    )


THIRD_PERSON = re.compile(rf"(?i)\b({'|'.join(sorted(GENDERED_PRONOUNS))})\b")


def _unnamed_third_person(text: str) -> bool:
    """ "He", "him" or "her" with no one named before it in the sentence: it may mean the
    speaker a view question asks about ("It sounded like strong black women raised him")."""
    pronoun = THIRD_PERSON.search(text)
    if pronoun is None:
        return False
    before = text[: pronoun.start()].split()[1:]  # the first word has its capital anyway
    return not any(word[:1].isupper() and word != "I" for word in before)


# A full stop that ends a sentence, not "U.S." or "Mr.".
SENTENCE_END = re.compile(
    r"(?<!\b[A-Z]\.[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<=[.!?])\s+(?=[A-Z])"
)
# An aside between commas that a view can do without: ", including the commander-in-chief …,".
ASIDE = re.compile(r",\s+(?:including|such as|like|among them)\b[^,]*,")


def _reported_claims(facts: ArticleFacts, speaker: str) -> list[tuple[str, str, Sentence]]:
    """Claims the article reports in its own words ("the ministry claimed no Russian
    servicemen had been in the area"): (who, the claim, its sentence), none ``speaker``'s."""
    claims: list[tuple[str, str, Sentence]] = []
    for verbs in (CLAIM_VERBS, SPEECH_VERBS):  # a view first; else what someone else said
        if not claims:
            claims = _claims_by(facts, speaker, verbs)
    return claims


def _claims_by(
    facts: ArticleFacts, speaker: str | None, verbs: frozenset[str]
) -> list[tuple[str, str, Sentence]]:
    """(who, the claim, its sentence) for each claim the article reports in its own words
    with one of ``verbs``, none by ``speaker`` (any claimant where None)."""
    claims = []
    for sentence in facts.sentences:
        if any(mark in sentence.text for mark in '“”"'):
            continue
        for verb in sentence.span:
            if verb.lemma_ not in verbs or verb.pos_ != "VERB":
                continue
            # "The ministry acknowledged the incident … but claimed …": the first verb's subject;
            # "Raab defended the party's actions, saying …": the subject of what it explains.
            who = subject_of(verb) or (subject_of(verb.head) if _shares_subject(verb) else None)
            said = [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}]
            if who is None or who.pos_ == "PRON" or len(said) != 1:
                continue
            if verbs is SPEECH_VERBS and who.ent_type_ not in {"PERSON", "ORG", "NORP", "GPE"}:
                continue  # "prosecutors said …" may be the speaker's own office saying it
            claimant = who.doc[who.left_edge.i : who.i + 1].text
            if who.left_edge.pos_ != "PROPN":
                claimant = claimant[0].lower() + claimant[1:]  # "Sources" opened a sentence
            if speaker and speaker.split()[-1].casefold() in claimant.casefold():
                continue  # "Esper said …" is the speaker's own claim
            statement = clause_statement(sentence, said[0])
            if (
                statement is not None
                and grammar_problem(f"True or false: {statement.text}") is None
            ):
                claims.append((claimant, statement.text, sentence))
    return claims


SAME_CLAIM = 0.6


def _also_theirs(facts: ArticleFacts, speaker: str, claim: str) -> bool:
    """Whether the speaker says much the same elsewhere: "the ministry's allegations are
    false", reported of an analyst, is also what Robertson said of the ministry's claim ("is
    patently false"), so it is no wrong choice for what Robertson said."""
    words = content_stems(claim)
    surname = speaker.split()[-1]
    return bool(words) and any(
        len(words & content_stems(sentence.text)) / len(words) >= SAME_CLAIM
        for sentence in facts.sentences
        if re.search(rf"\b{re.escape(surname)}\b", sentence.text)
    )


def _shares_subject(verb: Token) -> bool:
    """A verb whose subject is its head's: a second verb ("… but claimed …") or a participle
    after a comma ("…, saying the account was clearly linked to the party")."""
    if verb.dep_ == "conj":
        return True
    after_comma = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and after_comma and verb.head.i < verb.i


def _closest_to(
    facts: ArticleFacts,
    speaker: str,
    quote: Quote,
    answer: str,
    others: list[tuple[str, str]],
    claims: list[tuple[str, str, Sentence]],
) -> Candidate:
    notes = {shown: f"{other} said this, not {speaker}." for other, shown in others}
    for claimant, claim, _sentence in claims:
        notes[claim] = f"The article reports this as what {claimant} said, not {speaker}."
    source = facts.body[quote.source_start : quote.source_end]
    explanation = f"These are {speaker}’s words: {cite(source)}"
    sentence = facts.sentence_at(quote.source_start)
    question = GeneratedQuestion(
        Kind.MCQ,
        f"Which statement is closest to what {speaker} said?",
        [answer, *notes],
        answer,
        explanation,
        source,
        quote.source_start,
        quote.source_end,
        FactType.ARGUMENT,
        2,
        choice_notes=notes,
        level=Level.UNDERSTANDING,
    )
    # The passage's own key: a view and "Who said …?" on the same words ask one fact, and
    # the view, which asks more of the student, is asked in its place.
    key = f"quote:{fold(quote.text)[:60]}"
    return Candidate(question, key, sentence.index, weight=0.6, speaker=speaker, across=True)
