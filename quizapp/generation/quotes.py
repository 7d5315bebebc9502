"""Direct quotations and their speakers, attributed within the paragraph, with one exception.

The commonest fault of quotation questions is a quotation credited to the wrong person across
a paragraph break, so a speaker comes from the quotation's own sentences ("X said", "said X",
"according to X", "he said" after X is named), from an earlier quotation of the same
paragraph, or from the subject of the sentence just before it. The one step across a break is
the news pattern "Williams said the call was unusual. ¶ “I believe …,” she said.": a "he said"
or "she said" in a paragraph that names nobody goes to the one person who spoke at the end of
the paragraph before (its last quotation's speaker, or the named subject of its closing "X
said …" with nobody else named in that sentence). Otherwise the quotation is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from quizapp.generation.people import Person, clean_name, person_named
from quizapp.generation.wordlists import (
    FORECAST_MODALS,
    GENDERED_PRONOUNS,
    OPINION_WORDS,
    SPEECH_VERBS,
    STATEMENT_WORDS,
)

if TYPE_CHECKING:
    from quizapp.generation.facts import Sentence

MIN_QUOTE_WORDS = 4


@dataclass(frozen=True)
class Quote:
    """A direct quotation of a named speaker, with the sentence(s) that prove who said it."""

    text: str
    start: int
    end: int
    speaker: str
    source_start: int
    source_end: int
    paragraph: int = 0
    # Words to ask about: not denied by their own sentence, and naming something.
    asked: bool = True


def without_repeats(quotes: list[Quote]) -> list[Quote]:
    """The quotations less the passages that repeat an earlier quotation's words (a lead that
    quotes what the body quotes again): the repeat and what the speaker says around it are
    one statement, which the first quotation asks already."""
    kept: list[Quote] = []
    seen: list[str] = []
    for passage in passages(quotes):
        words = [_words(quote.text) for quote in passage]
        long = [w for w in words if len(w.split()) >= MIN_QUOTE_WORDS]  # "No." may recur
        if any(w in earlier or earlier in w for w in long for earlier in seen):
            continue
        kept += passage
        seen += long
    return kept


def _words(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())


def passages(quotes: list[Quote]) -> list[list[Quote]]:
    """Quotations grouped into passages: one speaker's quotations that follow each other in
    one paragraph (“A,” she said. “B.”) are one passage, asked as one fact; so is one that
    goes on in the next paragraph, its speaker known only from the one before (“A,” Grisham
    said. ¶ “B,” she added.): raters took the two for one statement asked twice."""
    grouped: list[list[Quote]] = []
    for quote in quotes:
        last = grouped[-1][-1] if grouped else None
        if (
            last is not None
            and last.speaker == quote.speaker
            and (
                quote.paragraph == last.paragraph
                or (quote.paragraph == last.paragraph + 1 and quote.source_start <= last.end)
            )
        ):
            grouped[-1].append(quote)
        else:
            grouped.append([quote])
    return grouped


def asked_passages(quotes: list[Quote]) -> list[list[Quote]]:
    """The passages of ``quotes`` with the quotations not to be asked (``Quote.asked``) taken
    out, a passage split where one stood: grouped after the taking out, a speaker's words on
    either side of someone else's denied phrase would read as one passage."""
    runs: list[list[Quote]] = []
    for passage in passages(quotes):
        run: list[Quote] = []
        for quote in passage:
            if quote.asked:
                run.append(quote)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


def only_a_figure(text: str) -> bool:
    """Words that state a figure and nothing of the speaker's own ("About 36% of imports from
    China to the U.S. are computers and electronic devices"): no I, we or you, no modal or
    forecast ("It'll reach 40%"), no judgement; a year alone is no such figure. Any expert
    might cite it, so "Who said …?" asks trivia (37, turned down in two ratings)."""
    if not any(not YEAR.fullmatch(figure) for figure in re.findall(r"\d[\d,.]*", text)):
        return False  # no figure, or only years: "Trump lost Georgia in 2020" is an event
    words = set(re.findall(r"[a-z]+", text.casefold().replace("’", "'")))
    return (OPINION_WORDS | FORECAST_MODALS | {"ll"}).isdisjoint(words)


YEAR = re.compile(r"(?:19|20)\d\d")


def quote_pairs(text: str) -> list[tuple[int, int]]:
    """Inner ranges of balanced quotation marks; an unmatched mark is ignored."""
    pairs, open_at = [], None
    for index, char in enumerate(text):
        if char == "“" or (char == '"' and open_at is None):
            open_at = index + 1
        elif (char == "”" or char == '"') and open_at is not None:
            pairs.append((open_at, index))
            open_at = None
    return pairs


def run_on_pairs(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Each paragraph's quote_pairs, with the newsroom's run-on quotation: a paragraph whose
    last quotation mark opens and never closes, followed by a paragraph that opens with one,
    quotes to its end ("…, warning: “They are already there. ¶ “If the situation …”")."""
    found = [quote_pairs(text) for text in texts]
    for index, text in enumerate(texts[:-1]):
        opened = _unclosed_opening(text, found[index])
        if opened is not None and texts[index + 1].lstrip()[:1] in {"“", '"'}:
            found[index].append((opened, len(text.rstrip())))
    return found


def _unclosed_opening(text: str, pairs: list[tuple[int, int]]) -> int | None:
    """Where the text after a quotation mark that opens after the last pair begins, if any."""
    after = pairs[-1][1] + 1 if pairs else 0
    marks = [i for i, char in enumerate(text) if char in {"“", '"'} and i >= after]
    closing = [i for i, char in enumerate(text) if char == "”" and i >= after]
    if len(marks) != 1 or closing:
        return None
    return marks[0] + 1


def collect_quotes(
    docs: list[Doc],
    quotations: list[list[tuple[int, int]]],
    offsets: list[int],
    sentences: list[Sentence],
    people: dict[str, Person],
) -> list[Quote]:
    """The attributed quotations of every paragraph; ``quotations`` holds each doc's
    quote_pairs."""
    quotes: list[Quote] = []
    before: tuple[list[Sentence], list[Quote]] = ([], [])  # the paragraph before's
    for p_index, doc in enumerate(docs):
        paragraph_sentences = [s for s in sentences if s.paragraph == p_index]
        in_paragraph: list[Quote] = []
        for inner_start, inner_end in quotations[p_index]:
            inner = doc.text[inner_start:inner_end].strip()
            if len(inner.split()) < MIN_QUOTE_WORDS:
                continue  # a scare quote such as “scores”, not a quotation
            touched = [
                s
                for s in paragraph_sentences
                if s.span.start_char < inner_end + 1 and s.span.end_char > inner_start - 1
            ]
            # The words around the quotation in its own sentences: "X said", "he said".
            around = [
                t for s in touched for t in s.span if not inner_start - 1 <= t.idx < inner_end + 1
            ]
            quoted = [t for s in touched for t in s.span if inner_start <= t.idx < inner_end]
            speaker = _speaker_from_tokens(around, doc, people)
            extra: list[Sentence] = []
            if speaker is None:
                # “A,” X said. “B.”: B is X's too; otherwise the subject of the sentence before.
                speaker, extra = _paragraph_speaker(
                    in_paragraph, touched, paragraph_sentences, sentences, people
                )
            if speaker is None and inner_start <= 1 and p_index > 0:
                # A paragraph opened by a quotation that the one before ran on into.
                ended = offsets[p_index - 1] + len(docs[p_index - 1].text.rstrip())
                speaker, extra = _run_on_speaker(before[1], ended, sentences)
            if speaker is None:
                opening = [t for t in doc if t.idx < inner_start]
                speaker, extra = _speaker_before_the_break(opening, around, *before, people)
            if speaker is None:
                continue
            source = sorted(
                {s.index: s for s in [*touched, *extra]}.values(), key=lambda s: s.index
            )
            surname = people[speaker].surname
            while (
                surname not in " ".join(s.text for s in source)
                and source[0].index > paragraph_sentences[0].index
                and source[0].paragraph == p_index
            ):
                # "he said": the proof must reach back to the sentence that names him.
                source.insert(
                    0, next(s for s in paragraph_sentences if s.index == source[0].index - 1)
                )
            in_paragraph.append(
                Quote(
                    inner,
                    offsets[p_index] + inner_start,
                    offsets[p_index] + inner_end,
                    speaker,
                    source[0].start,
                    source[-1].end,
                    p_index,
                    asked=not (_denied(quoted, inner_start, inner_end) or _unnamed_remark(quoted)),
                )
            )
        quotes.extend(in_paragraph)
        before = (paragraph_sentences, in_paragraph)
    return quotes


def _denied(quoted: list[Token], inner_start: int, inner_end: int) -> bool:
    """Whether the sentence denies the quoted words from outside the quotation ("free speech
    does not protect people to “make threats to harm lawmakers …”", "the plan would not “fix
    the traffic …”"): they are not what the speaker holds, and "Who said “make threats …”?"
    reads the other way (raters turned it down). Only the word that governs the quotation is
    looked at: "did not hold back, saying the plan “is a waste …”" is the speaker's own."""

    def inside(token: Token) -> bool:
        return inner_start <= token.idx < inner_end

    def negated(token: Token) -> bool:
        return any(child.dep_ == "neg" and not inside(child) for child in token.children)

    tops = [t for t in quoted if not t.is_punct and not inside(t.head)]
    return any(negated(top) or (top.head is not top and negated(top.head)) for top in tops)


# What a quotation names: a thing, a name or a figure.
NAMING_POS = frozenset({"NOUN", "PROPN", "NUM"})


def _unnamed_remark(quoted: list[Token]) -> bool:
    """ "He has me thinking now": a remark on someone it does not name, naming nothing else
    (no thing, name or figure), could be anyone's, and "he" rules out the one it is about.
    Raters turned a voter's remark down in two ratings. "If we wait, we will be paying more
    for less" is a stand of the speaker's own, and is asked."""
    return not any(t.pos_ in NAMING_POS for t in quoted) and any(
        t.lower_ in GENDERED_PRONOUNS for t in quoted
    )


def _paragraph_speaker(
    earlier: list[Quote],
    touched: list[Sentence],
    paragraph_sentences: list[Sentence],
    sentences: list[Sentence],
    people: dict[str, Person],
) -> tuple[str | None, list[Sentence]]:
    """The speaker of an unattributed quotation, from its own paragraph only."""
    if earlier:
        # The proof reaches back to where the earlier quotation's speaker is named, which may
        # be the paragraph before (``_speaker_before_the_break``).
        return earlier[-1].speaker, _sentences_over(
            sentences, earlier[-1].source_start, touched[-1].end
        )
    before = [s for s in paragraph_sentences if s.index == touched[0].index - 1]
    if not before:
        return None, []
    subject = subject_of(before[0].span.root)
    if subject is None:
        return None, []
    name = _resolve_speaker(subject, subject.doc, people)
    return (name, before) if name and subject.pos_ == "PROPN" else (None, [])


def _run_on_speaker(
    before: list[Quote], paragraph_end: int, sentences: list[Sentence]
) -> tuple[str | None, list[Sentence]]:
    """The speaker of the paragraph before's last quotation, where it ran on to that
    paragraph's end with no closing mark (``run_on_pairs``), with the sentences that name
    them."""
    if not before or before[-1].end != paragraph_end:
        return None, []
    last = before[-1]
    return last.speaker, _sentences_over(sentences, last.source_start, last.source_end)


def _sentences_over(sentences: list[Sentence], start: int, end: int) -> list[Sentence]:
    """The sentences that hold any of the body from ``start`` to ``end``."""
    return [s for s in sentences if start <= s.end and s.start <= end]


def _speaker_before_the_break(
    opening: list[Token],
    around: list[Token],
    before: list[Sentence],
    quoted_before: list[Quote],
    people: dict[str, Person],
) -> tuple[str | None, list[Sentence]]:
    """ "Williams said the call was unusual. ¶ “I believe …,” she said.": the person who
    spoke at the end of the paragraph before, where the words ``around`` the quotation say
    "he said" or "she said" and its paragraph's ``opening`` names nobody; else None."""
    if not before or not any(t.lower_ in {"he", "she"} and _speaks(t) for t in around):
        return None, []
    if any(person_at(t, people) for t in opening if t.pos_ == "PROPN"):
        return None, []  # someone is named here: not the paragraph before's speaker
    if any(_said_by_another(t) for t in opening):
        return None, []  # "Early says …" speaks here, though the model knows no "Early"
    last = before[-1]
    if quoted_before and quoted_before[-1].end > last.start:
        return quoted_before[-1].speaker, [last]  # “A,” Grisham said. ¶ “B,” she added.
    root = last.span.root
    subject = subject_of(root)
    if root.lemma_ not in SPEECH_VERBS or subject is None or subject.pos_ != "PROPN":
        return None, []
    name = person_at(subject, people)
    named = {person_at(t, people) for t in last.span if t.pos_ == "PROPN"} - {None}
    if name is None or named != {name}:
        return None, []  # "Smith said Jones lied. ¶ “I never lied,” he said.": who is he?
    return name, [last]


def _said_by_another(verb: Token) -> bool:
    """A speech verb whose subject is not "he" or "she", or that has none the parse found
    ("Early says …", "Early" taken for an adverb)."""
    if verb.lemma_ not in SPEECH_VERBS or verb.pos_ != "VERB":
        return False
    subject = subject_of(verb)
    return subject is None or subject.lower_ not in {"he", "she"}


def _speaks(token: Token) -> bool:
    """Whether the token is the subject of a speech verb ("Early says …")."""
    return token.dep_ == "nsubj" and token.head.lemma_ in SPEECH_VERBS


def subject_of(verb: Token) -> Token | None:
    """The verb's grammatical subject, if it has one."""
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _speaker_from_tokens(tokens: list[Token], doc: Doc, people: dict[str, Person]) -> str | None:
    for token in tokens:
        if token.lemma_.lower() not in SPEECH_VERBS and token.lower_ not in STATEMENT_WORDS:
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
        return _last_named_subject(doc, token.idx, people)
    if token.pos_ == "PROPN" or token.text[:1].isupper():
        # The name is the subject itself, not a possessive inside it ("Tom Jones's company").
        return person_at(token, people)
    # "the commissioner" is the police commissioner; "the city's police" is no one person.
    described_by = [
        p for p in people.values()
        if any(x and token.lower_ == x.lower().split()[-1] for x in (p.title, p.role))
    ]  # fmt: skip
    return described_by[0].name if token.pos_ == "NOUN" and len(described_by) == 1 else None


def person_at(token: Token, people: dict[str, Person]) -> str | None:
    """The person whose name ends at this token: "Amara Bell", or "Bell" alone."""
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and token.doc[start - 1].is_title:
        start -= 1
    words = clean_name(token.doc[start : token.i + 1].text)
    owner = person_named(words, people) or person_named(token.text, people)
    if owner is None:
        owner = next((p for p in people.values() if words.endswith(p.name)), None)
    return owner.name if owner is not None else None


def _last_named_subject(doc: Doc, position: int, people: dict[str, Person]) -> str | None:
    """ "he/she said" points back to the last person who was the subject of a main clause
    before it in the paragraph, never to one in object position ("… after Okafor"); two
    people joined by "and" as that subject leave it unresolved, and the quotation out."""
    roots = [t for t in doc if t.dep_ == "ROOT" and t.idx < position]
    for root in reversed(roots):
        subject = subject_of(root)
        if subject is None or subject.lower_ in {"he", "she"}:
            continue  # an earlier "he said" still points to the same person; look further back
        name = person_at(subject, people)
        if name is None:
            continue
        if any(c.dep_ == "conj" and person_at(c, people) for c in subject.children):
            return None  # "Bell and Ortiz said …": "she" is ambiguous
        return name
    return None
