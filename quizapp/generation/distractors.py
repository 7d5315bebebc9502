"""Wrong choices of the answer's own type, from the article alone.

A person, a firm, a group or a role is offered only if the article names it: a made-up name is
ruled out by any student who read the article. Only dates, numbers, model codes and countries
may be made (a date keeps its shape, a number its unit, its magnitude and what its sentence
allows: a vote of 7-2 becomes 6-3, never 10-2; a share never passes 100 %; a rise from 2.0 %
ends above 2.0 %). No choice is another name for the answer, and no woman's name stands where
the question says "he" of the one asked (nor a man's where it says "she"). Where the article
has too few, fewer choices come back, and a question with fewer than three choices is dropped.
"""

from __future__ import annotations

import math
import re
import zlib

from quizapp.generation import gazetteer
from quizapp.generation.facts import NAMED_TYPES, ArticleFacts
from quizapp.generation.genders import Gender, gender_of, pronoun_gender
from quizapp.generation.quality import same_thing
from quizapp.generation.quotes import quote_pairs
from quizapp.generation.wordlists import BARE_TITLES

CHOICES_WANTED = 4


def pick_distractors(
    answer: str,
    fact_type: str,
    subtype: str,
    facts: ArticleFacts,
    *,
    avoid: str = "",
    pool: list[str] | None = None,
    count: int = CHOICES_WANTED - 1,
    sentence: str = "",
    shown: str = "",
) -> list[str]:
    """Up to ``count`` wrong choices, none naming the answer or anything in ``avoid``;
    ``sentence`` (the answer's own) bounds what a number may be; ``shown``, the question as
    the student reads it, says whether a person asked is a man or a woman."""
    candidates = list(pool) if pool is not None else _from_article(fact_type, subtype, facts)
    if fact_type == "number":
        # "almost one" among "more than three": the hedge word would give the key away; and
        # "3248" among "two", "three", "four" is no count of the same things.
        candidates = [
            c
            for c in candidates
            if _number_parts(c)[0] == _number_parts(answer)[0] and same_magnitude(c, answer)
        ]
    if fact_type == "person":
        # A president among witnesses, or witnesses beside a president, is out at a glance.
        office = holds_office(facts, answer)
        candidates = [c for c in candidates if holds_office(facts, c) == office]
        # So is a woman's name where the question says "he" of the one asked.
        said = _pronoun_of_answer(shown, answer, facts)
        if said is not None:
            candidates = [c for c in candidates if gender_of(c) in {None, said}]
    real = sum(not same_thing(c, answer) for c in candidates)
    if fact_type != "date" or subtype not in REAL_FOILS_ONLY_DATES or real >= MIN_REAL_DATE_FOILS:
        candidates += _made_up(answer, fact_type, subtype)
    if fact_type == "number":
        low, high = number_bounds(sentence, answer, subtype)
        candidates = [c for c in candidates if _within(c, low, high)]
    picked: list[str] = []
    for candidate in candidates:
        if len(picked) == count:
            break
        if same_thing(candidate, answer) or any(same_thing(candidate, p) for p in picked):
            continue
        if fact_type == "number" and _number_parts(candidate)[1] in {
            _number_parts(c)[1] for c in [answer, *picked]
        }:
            continue
        if avoid and _mentioned_in(candidate, avoid, by_word=fact_type in NAMED_TYPES):
            continue
        picked.append(candidate)
    return picked


def _pronoun_of_answer(shown: str, answer: str, facts: ArticleFacts) -> Gender | None:
    """The gender the question's own words give the person asked: a "he" or "she" after the
    blank, outside a quotation and before anyone else is named, is theirs ("____ told
    investigators that he witnessed a call between Sondland and …"); one before the blank is
    someone else's ("pleaded guilty to charges he threatened to kill Rep. ____")."""
    blank = shown.find(BLANK)
    after = shown[blank + len(BLANK) :] if blank >= 0 else shown
    told = after
    for start, end in quote_pairs(after):  # the words inside, blanked where they stand
        told = told[:start] + " " * (end - start) + told[end:]
    others = {p.surname for p in facts.people.values() if not same_thing(p.name, answer)}
    for surname in others:
        named = re.search(rf"\b{re.escape(surname)}\b", told)
        told = told[: named.start()] if named else told
    return pronoun_gender(told)


# "When is Legere stepping down?" among four months, three made up: raters took a month of
# a year as a real choice only beside other months the article gives (5 of 6 rejected
# otherwise). Made-up months fill the choices only where two are the article's own.
REAL_FOILS_ONLY_DATES = frozenset({"month_year"})
BLANK = "____"  # the blank of a fill-in-the-blank question
MIN_REAL_DATE_FOILS = 2


def _from_article(fact_type: str, subtype: str, facts: ArticleFacts) -> list[str]:
    if fact_type == "person":
        # Only those the article shows to be people: "Tomb Raider" is no speaker.
        return [name for name in facts.people if name in facts.vouched]
    if fact_type == "organization":
        # The small model tags some people ORG ("Mauricio Pochettino" among clubs).
        surnames = {person.surname for person in facts.people.values()}
        return [
            name
            for name in facts.names_of("organization", subtype)
            if name not in facts.people and name.split()[-1] not in surnames
        ]
    if fact_type == "role":
        return [
            role
            for person in facts.people.values()
            if (role := role_of(person.title, person.role)) and not bare_title(role)
        ]
    if fact_type == "place":
        same = facts.names_of("place", subtype)
        # A country never stands among cities: the type must hold for every choice.
        return (
            same
            if subtype == "country"
            else same
            + [n for n in facts.names_of("place") if n not in same and not gazetteer.is_country(n)]
        )
    return facts.names_of(fact_type, subtype)


_RISE = r"(?:rose|rise|risen|rising|increased|increase|climbed|grew|jumped|up|gained|higher)"
_FALL = r"(?:fell|fall|fallen|falling|decreased|dropped|declined|down|lost|slipped|lower)"
_NUM = r"\$?\d[\d,]*(?:\.\d+)?"


def number_bounds(sentence: str, answer: str, subtype: str) -> tuple[float, float]:
    """The values the sentence allows in the answer's place: a share stays within 0-100, a
    rise "from 2.0 to ___" ends above 2.0, "fell to ___, down from 6.2" stays below 6.2."""
    low, high = 0.0, 100.0 if subtype == "percent" else float("inf")
    value = figure_value(answer)
    if value is None or not sentence:
        return low, high
    for pattern in _CHANGES:
        for match in pattern.finditer(sentence):
            start, end = figure_value(match["start"]), figure_value(match["end"])
            if start is None or end is None or value not in (start, end):
                continue
            rising = re.fullmatch(_RISE, match["verb"].lower()) is not None
            # The end of a rise lies above its start; the start of a rise below its end.
            above, below = (start, high) if rising else (low, start)
            if value == start:
                above, below = (low, end) if rising else (end, high)
            low, high = max(low, above), min(high, below)
    for match in _OUT_OF.finditer(sentence):
        whole = figure_value(match["whole"])
        if figure_value(match["part"]) == value and whole is not None:
            high = min(high, whole)  # "eight out of ten": no part is the whole or more
    return low, high


# "rose from 2.0 % to 2.4 %" and "fell to 5 %, down from 6.2 %": a change with both its ends.
_CHANGES = (
    re.compile(
        rf"(?i)(?P<verb>{_RISE}|{_FALL})\b[^.;]*?\bfrom (?P<start>{_NUM})\S*[^.;]*?"
        rf"\bto (?P<end>{_NUM})"
    ),
    re.compile(
        rf"(?i)\bto (?P<end>{_NUM})\S*[^.;]*?,? (?P<verb>{_RISE}|{_FALL}) from (?P<start>{_NUM})"
    ),
)


# "eight out of ten companies", "3 out of 5": a part and the whole it is counted in.
_COUNT = rf"(?:{_NUM}|{'|'.join(gazetteer.NUMBER_WORDS)})"
_OUT_OF = re.compile(rf"(?i)\b(?P<part>{_COUNT}) out of (?P<whole>{_COUNT})\b")


def figure_value(text: str) -> float | None:
    """The figure a choice or a sentence's number states, in digits or as a word ("eight")."""
    word = text.strip().lower()
    if word in gazetteer.NUMBER_WORDS:
        return float(gazetteer.NUMBER_WORDS.index(word))
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    return float(match[0].replace(",", "")) if match else None


def same_magnitude(a: str, b: str) -> bool:
    """Whether two figures are within ten times of each other ("two" and "3248" are not);
    a figure whose size cannot be read is let through."""
    size_a, size_b = magnitude(a), magnitude(b)
    if size_a is None or size_b is None or min(size_a, size_b) <= 0:
        return True
    return max(size_a, size_b) / min(size_a, size_b) <= MAGNITUDE_SPAN


MAGNITUDE_SPAN = 10.0
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def magnitude(text: str) -> float | None:
    """A figure's size: "two" 2, "3,248" 3248, "$9.1 billion" 9.1e9; None for no figure."""
    match = gazetteer.NUMBER.match(text)
    raw = match["number"].lower() if match is not None else ""
    value: float | None
    if raw in gazetteer.NUMBER_WORDS:
        value = float(gazetteer.NUMBER_WORDS.index(raw))
    elif raw in gazetteer.TENS_WORDS:
        value = float(gazetteer.TENS_WORDS[raw])
    else:
        value = figure_value(text)
    if value is None:
        return None
    scale = next((v for k, v in _SCALES.items() if re.search(rf"(?i)\b{k}\b", text)), 1.0)
    return value * scale


def _within(choice: str, low: float, high: float) -> bool:
    value = figure_value(choice)
    return value is None or low < value < high or (low == 0 and value == 0)


def role_of(title: str | None, role: str | None) -> str | None:
    """A person's role as a noun phrase that reads the same among choices."""
    if title and title.lower().strip(".") in gazetteer.HONORIFICS:
        title = None  # "Ms." is a courtesy, not a role
    if title and gazetteer.is_country(title):
        title = None  # "China's ambassador to Britain Liu Xiaming": "Britain" is no role
    text = role or (title.lower() if title and len(title.split()) == 1 else title)
    if not text or text.lower() in gazetteer.TITLE_MODIFIERS | gazetteer.PARTY_WORDS:
        return None  # "the prime" reads broken; "the republican" fits half the people named
    if text.endswith(".") or re.search(r"(?i)\b(i|me|my|we|us|our)\b", text):
        return None  # "the rep.", "a man convicted of threatening my life" (inside a quote)
    if re.match(r"(?i)another\b", text):
        return None  # "another top NSC aide": the article named someone else so before
    if re.match(r"(?i)(a|an|the|one|his|her|their|its)\b", text) or re.match(
        r"(?:[A-Z][\w.-]* )*[A-Z][\w-]*['’]s\b", text
    ):
        return text  # "Carlineo’s attorney", "Hong Kong’s new police commissioner": no "the"
    return f"the {text}"


def holds_office(facts: ArticleFacts, name: str) -> bool:
    """Whether the article names the person by an office known without where it is held
    (``BARE_TITLES``: "President Donald Trump", "Prime Minister Boris Johnson", a senator, a
    king or a pope), or by such an office of a country ("Ukraine President Volodymyr
    Zelenskiy"), which sets them apart from anyone else the article names: a head of state
    among witnesses was a wrong choice at a glance."""
    person = facts.people.get(name)
    role = role_of(person.title, person.role) if person is not None else None
    if role is None:
        return False
    words = role.removeprefix("the ").split()
    while len(words) > 1 and (
        gazetteer.canonical_country(words[0]) or gazetteer.nation_of(words[0])
    ):
        words = words[1:]  # "Ukraine President", "U.S. President"
    return bare_title(" ".join(words))


def bare_title(role: str) -> bool:
    """Whether a role is an office named without where it is held (``BARE_TITLES``)."""
    return role.lower().removeprefix("the ").strip() in BARE_TITLES


def _mentioned_in(candidate: str, text: str, by_word: bool) -> bool:
    """Whether ``text`` names the candidate; a name counts when any of its words is there
    (a surname), a date or number only as a whole ("February 11" is not in "February 7")."""
    if not by_word:
        return bool(re.search(rf"(?<![\w.]){re.escape(candidate)}(?![\w])", text))
    country = gazetteer.canonical_country(candidate)
    if country is not None:
        aliases = [k for k, v in gazetteer.COUNTRY_ALIASES.items() if v == country] + [country]
        if any(re.search(rf"(?i)(?<![\w.]){re.escape(a)}(?![\w])", text) for a in aliases):
            return True
    words = [w for w in re.findall(r"\w+", candidate) if len(w) > 2]
    if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
        return True
    return bool(words) and _spelled_otherwise(words[-1], text)


# A long surname is there in another spelling too: "Zelenskiy" is the quotation's "Zelensky",
# though "Williams" is not "William" nor "Richardson" "Richard".
SPELLING_PREFIX = 7


def _spelled_otherwise(surname: str, text: str) -> bool:
    if len(surname) <= SPELLING_PREFIX:
        return False
    return any(
        word != surname and len(word) > SPELLING_PREFIX and abs(len(word) - len(surname)) <= 1
        for word in re.findall(rf"\b{re.escape(surname[:SPELLING_PREFIX])}\w*", text)
    )


def _number_parts(text: str) -> tuple[str, str]:
    """The hedge ("more than") and the bare number ("three") of a number's text."""
    match = gazetteer.NUMBER.match(text)
    if match is None:
        return "", text
    return match["prefix"].strip().lower(), match["number"].lower().replace(",", "")


def _made_up(answer: str, fact_type: str, subtype: str) -> list[str]:
    """Choices the article need not hold: other dates, numbers and codes of the same shape;
    never people, firms, groups, roles or places (a country the story never names is a
    giveaway beside the ones it does)."""
    if fact_type == "date":
        return _date_variants(answer, subtype)
    if fact_type == "number":
        return _score_variants(answer) if subtype == "score" else _number_variants(answer, subtype)
    if subtype == "code":
        return _code_variants(answer)
    return []


def _date_variants(answer: str, subtype: str) -> list[str]:
    months, weekdays = gazetteer.MONTHS, gazetteer.WEEKDAYS
    if subtype == "weekday":
        weekday = answer.removesuffix("’s").removesuffix("'s")
        index = weekdays.index(weekday) if weekday in weekdays else 0
        return [weekdays[(index + step) % 7] for step in (2, 5, 3, 1)]
    if subtype == "year":
        year = int(re.findall(r"\d{4}", answer)[0])
        return [answer.replace(str(year), str(year + step)) for step in (-2, 1, -1, 3)]
    day_match = re.search(r"\b(\d{1,2})(st|nd|rd|th)?\b(?!\d)", answer)
    if subtype in {"month_day", "full_date"} and day_match:
        day = int(day_match[1])
        # With a weekday, move by whole weeks so that "Tuesday, March 11" stays a Tuesday.
        steps = (7, -7, 14, -14) if any(w in answer for w in weekdays) else (4, -3, 9, -8, 14)
        shifted = [day + step for step in steps if 1 <= day + step <= 28]
        suffix = day_match[2] is not None
        head, tail = answer[: day_match.start(1)], answer[day_match.end() :]
        return [head + (_ordinal(d) if suffix else str(d)) + tail for d in shifted]
    month = next((m for m in months if answer.startswith(m)), None)
    if month:
        index = months.index(month)
        return [answer.replace(month, months[(index + s) % 12], 1) for s in (2, -3, 5, -1)]
    return []


def _ordinal(day: int) -> str:
    """3rd, 11th, 22nd: a made-up date keeps the answer's ordinal style, spelled right."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _number_variants(answer: str, subtype: str = "") -> list[str]:
    match = gazetteer.NUMBER.match(answer)
    if match is None:
        return []
    raw = match["number"]
    words = gazetteer.NUMBER_WORDS
    options: list[tuple[float, str]]
    if raw.lower() in words:
        value: float = words.index(raw.lower())
        # "two votes" must not become "one votes": keep singular with singular.
        near = {int(value) + step for step in (-3, -2, -1, 1, 2, 3)} | {int(value) * 2}
        # In words, as the answer is: "nineteen" beside "21" would stand out.
        options = [(v, words[v]) for v in near if 2 <= v < len(words)]
        options = [(v, t.capitalize() if raw[:1].isupper() else t) for v, t in options]
    elif raw.lower() in gazetteer.TENS_WORDS:
        value = gazetteer.TENS_WORDS[raw.lower()]
        options = [(v, str(int(v))) for v in (value * f for f in SPREAD) if v == int(v)]
    elif _priced(raw, match["currency"], match["suffix"], subtype):
        value = float(raw.replace(",", ""))
        options = _price_variants(raw)
    else:
        value = float(raw.replace(",", ""))
        options = [(v, _format_like(raw, v)) for v in _nice_values(value) if v > 0]
    options = [(v, text) for v, text in options if not math.isclose(v, value)]
    prefix, suffix, currency = match["prefix"], match["suffix"], match["currency"] or ""
    texts = _placed(value, options, answer)
    return [f"{prefix}{currency}{text}{suffix}" for text in dict.fromkeys(texts)]


# Made-up figures around the answer: a quarter of it to three times it.
SPREAD = (0.25, 0.5, 0.75, 1.5, 2.0, 3.0)


def _placed(value: float, options: list[tuple[float, str]], answer: str) -> list[str]:
    """The made-up figures in the order they are offered, the first three putting the answer
    at a place among the choices that the answer itself picks (none, one, two or three of
    them below it, the nearest first): with half, one and a half and twice the answer every
    time, the key was always the second smallest, a pattern a student learns."""
    below = sorted((o for o in options if o[0] < value), key=lambda o: value - o[0])
    above = sorted((o for o in options if o[0] > value), key=lambda o: o[0] - value)
    wanted = zlib.crc32(answer.encode()) % 4
    under = min(wanted, len(below))
    over = min(3 - under, len(above))
    under = min(3 - over, len(below))
    first = below[:under] + above[:over]
    return [text for _v, text in first + below[under:] + above[over:]]


def _priced(raw: str, currency: str | None, suffix: str, subtype: str) -> bool:
    """Whether the figure is a price in cents ("$6.99", or "6.99" in "$____-a-month"), with
    whole units enough to move (not "$0.99") and no scale ("$6.99 million" is no price)."""
    money = bool(currency) or subtype.startswith("money")
    cents = re.fullmatch(r"[\d,]+\.(?!00)\d\d", raw) is not None
    return money and cents and not suffix.strip() and float(raw.replace(",", "")) >= PRICE_FLOOR


PRICE_FLOOR = 2.0  # under it, too few whole units to move: half of $1.99 is no price


def _price_variants(raw: str) -> list[tuple[float, str]]:
    """A price set in cents ("$6.99") keeps them: "$13.98", twice it, is no price anyone
    charges, and the one choice ending in .99 would give the key away."""
    whole, cents = raw.split(".")
    amount = int(whole.replace(",", ""))
    values = {round(amount * factor) for factor in SPREAD} - {amount}
    return [
        (float(f"{value}.{cents}"), f"{value:,}.{cents}") for value in sorted(values) if value > 0
    ]


def _nice_values(value: float) -> list[float]:
    """Plausible neighbours of the same magnitude: a quarter to three times the answer,
    rounded as the answer is."""
    decimals = _decimals(value)
    values = []
    for factor in SPREAD:
        candidate = value * factor
        if decimals == 0:
            digits = max(len(str(int(candidate))) - 2, 0)
            candidate = round(candidate, -digits) if candidate >= 100 else round(candidate)
        values.append(round(candidate, decimals))
    return values


def _decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def _format_like(raw: str, value: float) -> str:
    """A figure written as the article writes the answer: its decimals, and its thousands
    separator (a count under 1,000 cannot show whether the article uses one, and news style
    does: "1,600" beside "800")."""
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    digits = raw.replace(",", "")
    separated = "," in raw or (decimals == 0 and digits.isdigit() and int(digits) < 1000)
    return f"{value:,.{decimals}f}" if separated else f"{value:.{decimals}f}"


def _score_variants(answer: str) -> list[str]:
    """A score or vote keeps its total: 7-2 becomes 6-3 or 8-1, never 10-2."""
    match = gazetteer.SCORE.match(answer)
    if match is None:
        return []
    first, second = int(match[1]), int(match[2])
    dash = answer[len(match[1])]
    pairs = [
        (first - 1, second + 1),
        (first + 1, second - 1),
        (first - 2, second + 2),
        (first + 2, second - 2),
        (second, first),
    ]
    return [f"{a}{dash}{b}" for a, b in pairs if a >= 0 and b >= 0 and (a, b) != (first, second)]


def _code_variants(answer: str) -> list[str]:
    match = re.match(r"([A-Z]+-)(\d+)([A-Z]?)$", answer)
    if match is None:
        return []
    number = int(match[2])
    tens = (number // 10 + 1) * 10
    options = [number - 10, tens, tens + 10, number + 5]
    return [f"{match[1]}{n}{match[3]}" for n in options if n > 0 and n != number]
