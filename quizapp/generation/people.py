"""People in an article: full names with their titles and roles, and what refers to them.

spaCy's PERSON label is checked before it is trusted: a title is split off ("Treasurer Maria
Chen"), a place after "near" is refused, and a lone surname maps to the full name it shortens.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from quizapp.generation import gazetteer
from quizapp.generation.wordlists import CREDIT_WORDS, LOCATIVE_PREPOSITIONS, SPEECH_VERBS

ROLE_STOPS = {",", "who", "whose", "which", "that", "(", "—", "–", ".", ";", "“", '"'}


@dataclass
class Person:
    name: str
    surname: str
    title: str | None = None
    role: str | None = None


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def surname_of(name: str) -> str:
    """The last word of a name that is not a suffix: "Patrick W. Carlineo Jr" is Carlineo."""
    words = name.split()
    kept = [w for w in words if w.rstrip(".,").lower() not in NAME_SUFFIXES] or words
    return kept[-1]


def collect_people(docs: list[Doc]) -> dict[str, Person]:
    """Full names with their titles and appositive roles; surnames map to the full name."""
    people: dict[str, Person] = {}
    singles: list[Span] = []
    not_people = _named_otherwise(docs)
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name_span, title = strip_title(ent)
            if name_span is None or not _looks_like_person(name_span):
                continue
            if clean_name(name_span.text) in not_people or _credited(name_span):
                continue
            if len(name_span.text.split()) == 1:
                singles.append(name_span)  # "Okafor-Lane" is one word in three tokens
                continue
            name = clean_name(name_span.text)
            person = people.setdefault(name, Person(name, surname_of(name)))
            person.title = person.title or title
            person.role = person.role or _appositive_role(name_span)
    for span in _titled_names(docs):
        # "striker Tomás Reyes": a title before proper nouns marks a person spaCy missed.
        name = clean_name(span.text)
        # "Lieutenant General Jeffrey Harrigian" is Jeffrey Harrigian, not "General Jeffrey …".
        if name not in people and not any(_same_words(name, p.name) for p in people.values()):
            people[name] = Person(name, surname_of(name), _title_before(span))
    for span in singles:
        surname = clean_name(span.text)
        if any(surname in (p.surname, p.name.split()[0]) for p in people.values()):
            continue  # a full name's surname or first name ("Jose" of Jose Mourinho), again
        if (
            _is_known_single_name(span)
            and not _starts_other_name(span, docs)
            and any(not t.is_sent_start for t in _tokens_named(surname, docs))
        ):
            # "Turnout" opening a sentence is no person; "(Putin)" inside one is.
            people.setdefault(surname, Person(surname, surname))
    return people


def vouched_people(docs: list[Doc], people: dict[str, Person]) -> set[str]:
    """People the article shows to be people: with a title or a role, or the subject of a verb
    of saying ("Halley said", "Williams testified"). The small model tags games and devices
    PERSON ("Tomb Raider", "Chromecast Ultra"); they are never offered as who said or did."""
    vouched = {name for name, person in people.items() if person.title or person.role}
    for doc in docs:
        for token in doc:
            if token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_ in HUMAN_VERBS:
                owner = person_named(clean_name(token.text), people)
                if owner is not None:
                    vouched.add(owner.name)
    return vouched


HUMAN_VERBS = SPEECH_VERBS | frozenset(
    "testify tweet vote believe think decline refuse resign lead urge accuse deny agree "
    "disagree criticize criticise praise sue plead".split()
)


def _named_otherwise(docs: list[Doc]) -> set[str]:
    """Names the small model tags PERSON less often than something else ("Full Fact", a
    fact-checking charity, is an ORG twice and a PERSON once)."""
    votes: dict[str, Counter[str]] = {}
    for doc in docs:
        for ent in doc.ents:
            votes.setdefault(clean_name(ent.text), Counter())[ent.label_] += 1
    return {
        name
        for name, counter in votes.items()
        if counter["PERSON"] * 2 <= sum(counter.values()) or gazetteer.is_country(name)
    }


def _credited(span: Span) -> bool:
    """The newsroom's credit line names reporters and editors, not people in the story."""
    before = span.doc.text[max(span.start_char - 40, 0) : span.start_char].lower()
    return any(word in before for word in CREDIT_WORDS)


def _same_words(a: str, b: str) -> bool:
    """Whether one name's words run inside the other's: "Jeffrey Harrigian" in "General
    Jeffrey Harrigian", but not "Li Wei" in "Li Weidong"."""
    short, long = sorted((a.split(), b.split()), key=len)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _title_before(span: Span) -> str:
    """The title words right before a name, all of them ("Prime Minister", not "Minister")."""
    start = span.start
    while start > 0 and gazetteer.is_title_word(span.doc[start - 1].text):
        start -= 1
    return span.doc[start : span.start].text


def _titled_names(docs: list[Doc]) -> list[Span]:
    found = []
    for doc in docs:
        for token in doc[:-2]:
            if not gazetteer.is_title_word(token.text) or token.ent_type_ not in {"", "PERSON"}:
                continue
            if gazetteer.is_title_word(doc[token.i + 1].text):
                continue  # "Prime Minister Boris Johnson": the name follows the title's last word
            end = token.i + 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
                end += 1
                # "Dr. Patrick Soon-Shiong": a hyphenated surname is one name, never "Soon".
                while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_title:
                    end += 2
            # A lower-case job before a name ("winger Jamal Peters") marks a person even where
            # the small model tags the name ORG; a capitalised one may open a place or a body.
            described = token.is_lower
            words = len(doc[token.i + 1 : end].text.split())  # "Soon-Shiong" is one word
            if end < len(doc) and doc[end].is_lower and doc[end].pos_ == "NOUN":
                continue  # "deputy White House press secretary": the names modify a noun
            if 2 <= words <= 3 and (
                described
                or not any(
                    doc[i].ent_type_ in {"ORG", "GPE", "LOC", "FAC"}
                    for i in range(token.i + 1, end)
                )
            ):
                found.append(doc[token.i + 1 : end])
    return found


def strip_title(ent: Span) -> tuple[Span | None, str | None]:
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
    if span.start > 0 and span.doc[span.start - 1].lower_ in gazetteer.NAMED_WEATHER:
        return False  # "Storm Hilda", "Hurricane Harvey"
    if not all(token.text[:1].isupper() for token in span if token.is_alpha):
        return False
    if any(token.like_num or token.text in {"’s", "'s"} for token in span):
        return False
    if any(t.tag_ == "NNPS" or t.lower_ in gazetteer.PARTY_WORDS for t in span):
        return False  # "Virginia Democrats" is a group
    if all(gazetteer.is_title_word(token.text) for token in span if token.is_alpha):
        return False  # "Lt Col" is a rank without its name
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


def _tokens_named(word: str, docs: list[Doc]) -> list[Token]:
    return [token for doc in docs for token in doc if token.text == word]


def _is_known_single_name(span: Span) -> bool:
    """A lone surname counts as a person when the parse treats it as one (not a place, and
    not the firm in "analyst Maria Gomez of Bernstein", which the small model tags PERSON)."""
    root = span.root
    employer = (
        root.dep_ == "pobj"
        and root.head.lower_ in {"of", "at", "from"}
        and root.head.head.ent_type_ == "PERSON"
    )
    # "also known as the Berm": a name after "the" is a place or a thing, not a person.
    after_the = span.start > 0 and span.doc[span.start - 1].lower_ == "the"
    return (
        root.pos_ == "PROPN"
        and not gazetteer.is_country(root.text)
        and not employer
        and not after_the
    )


def clean_name(text: str) -> str:
    """A name without its possessive: "Mattis’s", and "Letitia James'" of a name in -s."""
    return re.sub(r"(['’]s|(?<=s)['’])$", "", text).strip(" ,.-–—")


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


def person_named(name: str, people: dict[str, Person]) -> Person | None:
    """The person a full name or a surname refers to; or, where no surname matches, the one
    person whose name opens with it and whom the article gives a title or a role: a family
    name written first ("Liu" is China's ambassador Liu Xiaming; "Tottenham", with no role,
    is no Tottenham Hotspur)."""
    found = people.get(name) or next((p for p in people.values() if p.surname == name), None)
    if found is not None or " " in name:
        return found
    opening = [
        p
        for p in people.values()
        if p.name.split()[0] == name and " " in p.name and (p.title or p.role)
    ]
    return opening[0] if len(opening) == 1 else None
