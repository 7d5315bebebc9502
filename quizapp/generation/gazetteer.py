"""Small word lists and shapes: titles, countries and their aliases, date and number shapes,
and the built-in banks that distractors fall back on when the article has too few of a type."""

from __future__ import annotations

import re

TITLE_WORDS = set(
    "mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister "
    "secretary treasurer mayor deputy governor gov senator sen rep representative congressman "
    "congresswoman councillor councilor councilman councilwoman commissioner chancellor "
    "chairman chairwoman chair chief director coach captain general lieutenant colonel major "
    "sergeant admiral commander officer inspector superintendent judge justice ambassador "
    "manager executive ceo cfo coo analyst spokesman spokeswoman spokesperson king queen "
    "prince princess pope bishop rev reverend father sister striker midfielder goalkeeper "
    "defender forward guard skipper winger fullback keeper head assistant associate senior "
    "principal founder "
    "economist researcher democrat republican independent lt col gen sgt capt cmdr maj adm "
    "gov. sen. rep. supt insp".split()
)
ORGANIZATION_WORDS = set(
    "transit regional council university company association bank club united rovers city "
    "county hospital school college institute group party ministry department agency "
    "corporation inc ltd systems partners capital union league federation authority board "
    "committee productions records media news inc. corp llc studios entertainment foundation "
    "fund center centre network holdings group".split()
)
# An organisation's kind, from the words of its name: a ministry is not offered beside a
# newspaper or a company ("a company for a company").
ORGANIZATION_KINDS = {
    # A stock index is no body that speaks or reports: it swaps only with another index.
    "market": set(
        "index indices sensex nifty dow nasdaq s&p composite kospi seng ftse nikkei dax cac "
        "asx topix stoxx bse nse".split()
    ),
    "government": set(
        "ministry department pentagon government council parliament congress senate house "
        "court police army navy military force forces agency commission administration office "
        "committee legislature cabinet kremlin bureau authority service fbi cia nsa nasa "
        "un nato eu coalition".split()
    ),
    "media": set(
        "news times post journal reuters bbc cnn nbc cbs fox guardian telegraph press "
        "associated bloomberg tribune herald magazine radio tv television daily gazette "
        "polygraph.info voa afp cnbc msnbc".split()
    ),
    "education": set("university college school institute academy laboratory".split()),
    "party": set("party democrats republicans labour tories conservatives".split()),
}
# Title words that only qualify another: alone they name no role.
TITLE_MODIFIERS = set(
    "prime vice deputy senior associate assistant former acting lt col gen".split()
)
NAMED_WEATHER = {"storm", "hurricane", "typhoon", "cyclone", "tropical", "tornado", "wildfire"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev", "mx"}
PARTY_WORDS = set(
    "democrat democrats republican republicans independent independents conservative "
    "conservatives labour liberal liberals green greens tory tories libertarian "
    "libertarians".split()
)
FUNCTION_WORDS = {"and", "or", "in", "of", "the", "to", "for", "with", "on", "at", "by", "a"}

COUNTRY_ALIASES: dict[str, str] = {
    "us": "united states",
    "u.s.": "united states",
    "usa": "united states",
    "u.s.a.": "united states",
    "america": "united states",
    "united states": "united states",
    "united states of america": "united states",
    "russia": "russia",
    "russian federation": "russia",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "united kingdom": "united kingdom",
    "england": "england",
    "china": "china",
    "people's republic of china": "china",
    "prc": "china",
    "south korea": "south korea",
    "republic of korea": "south korea",
    "north korea": "north korea",
    "dprk": "north korea",
    "uae": "united arab emirates",
    "united arab emirates": "united arab emirates",
}
COUNTRIES = {
    "afghanistan",
    "albania",
    "algeria",
    "argentina",
    "armenia",
    "australia",
    "austria",
    "azerbaijan",
    "bangladesh",
    "belarus",
    "belgium",
    "bolivia",
    "bosnia",
    "brazil",
    "bulgaria",
    "cambodia",
    "cameroon",
    "canada",
    "chile",
    "colombia",
    "croatia",
    "cuba",
    "cyprus",
    "czech republic",
    "denmark",
    "ecuador",
    "egypt",
    "estonia",
    "ethiopia",
    "finland",
    "france",
    "georgia",
    "germany",
    "ghana",
    "greece",
    "guatemala",
    "haiti",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "jamaica",
    "japan",
    "jordan",
    "kazakhstan",
    "kenya",
    "kuwait",
    "latvia",
    "lebanon",
    "libya",
    "lithuania",
    "malaysia",
    "mali",
    "mexico",
    "moldova",
    "mongolia",
    "morocco",
    "mozambique",
    "myanmar",
    "nepal",
    "netherlands",
    "new zealand",
    "niger",
    "nigeria",
    "norway",
    "oman",
    "pakistan",
    "palestine",
    "panama",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "romania",
    "rwanda",
    "saudi arabia",
    "scotland",
    "senegal",
    "serbia",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "south africa",
    "spain",
    "sri lanka",
    "sudan",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tanzania",
    "thailand",
    "tunisia",
    "turkey",
    "uganda",
    "ukraine",
    "uruguay",
    "uzbekistan",
    "venezuela",
    "vietnam",
    "wales",
    "yemen",
    "zambia",
    "zimbabwe",
    *COUNTRY_ALIASES.values(),
}

MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTH = "(?:" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
DATE_SHAPES = [
    ("full_date", re.compile(rf"(?:{_WEEKDAY},? )?{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}")),
    ("month_day", re.compile(rf"(?:{_WEEKDAY},? )?{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?")),
    ("month_year", re.compile(rf"{_MONTH},? \d{{4}}")),
    ("month", re.compile(rf"(?:(?:early|late|mid-) ?)?{_MONTH}")),
    ("year", re.compile(r"(?:(?:in|the year) )?(?:1[89]|20)\d\d")),
    ("weekday", re.compile(rf"{_WEEKDAY}(?:['’]s)?")),
]

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
TENS_WORDS = {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER = re.compile(
    r"^(?P<prefix>(?:(?:just |well )?(?:over|under|about|around|nearly|almost|roughly|some|"
    r"approximately|more than|fewer than|less than|at least|at most|up to|only|exactly)\s+)?)"
    r"(?P<currency>[$€£¥])?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(NUMBER_WORDS + list(TENS_WORDS))
    + r")(?P<suffix>(?:\s?(?:%|percent|per cent|million|billion|thousand|trillion))?"
    r"(?:\s+[a-zA-Z][\w-]*(?:\s+[a-zA-Z][\w-]*)?)?)$",
    re.IGNORECASE,
)
# A figure's prefixes that bound it rather than give it ("at least two"): no other bound of
# the same kind contradicts it ("at least three" may be true of what "at least two" says).
BOUNDS = frozenset(
    {"over", "under", "more than", "fewer than", "less than", "at least", "at most", "up to"}
)
# The bounds a figure is the least of ("at least two"): a smaller figure is true as well.
LOWER_BOUNDS = frozenset({"over", "more than", "at least"})


def bound_of(figure: str) -> str | None:
    """The bound a figure is given as ("just over 20": "over"), or None for a figure given
    as it is or estimated ("about 40%")."""
    match = NUMBER.match(figure)
    words = match["prefix"].casefold().split() if match else []
    bound = " ".join(word for word in words if word not in {"just", "well"})
    return bound if bound in BOUNDS else None


SCORE = re.compile(r"^(\d{1,3})[-–](\d{1,3})$")
CODE = re.compile(r"[A-Z]{1,3}-\d{1,4}[A-Z]?")


def organization_kind(name: str) -> str:
    """market | government | media | education | party | organization, from the name's
    words."""
    words = {w.lower() for w in re.findall(r"[\w.]+", name)}
    for kind, markers in ORGANIZATION_KINDS.items():
        if words & markers:
            return kind
    return "organization"


def is_title_word(word: str) -> bool:
    return word.lower().strip(".") in TITLE_WORDS


# A country's people where the name is no prefix of it ("Russian" needs no entry).
DEMONYMS = {
    "united states": ("american", "americans"),
    "united kingdom": ("british", "briton", "britons"),
    "england": ("english",),
    "china": ("chinese",),
    "france": ("french",),
    "netherlands": ("dutch",),
    "switzerland": ("swiss",),
    "spain": ("spanish", "spaniard", "spaniards"),
    "turkey": ("turkish", "turk", "turks"),
    "japan": ("japanese",),
    "vietnam": ("vietnamese",),
    "lebanon": ("lebanese",),
    "sudan": ("sudanese",),
    "portugal": ("portuguese",),
    "greece": ("greek", "greeks"),
    "poland": ("polish", "pole", "poles"),
    "sweden": ("swedish", "swede", "swedes"),
    "denmark": ("danish", "dane", "danes"),
    "finland": ("finnish", "finn", "finns"),
    "ireland": ("irish",),
    "scotland": ("scottish", "scot", "scots"),
    "wales": ("welsh",),
    "ukraine": ("ukrainian", "ukrainians"),
    "mexico": ("mexican", "mexicans"),
    "canada": ("canadian", "canadians"),
    "philippines": ("filipino", "filipinos"),
    "thailand": ("thai",),
    "afghanistan": ("afghan", "afghans"),
    "north korea": ("north korean", "north koreans"),
    "south korea": ("south korean", "south koreans"),
    "saudi arabia": ("saudi", "saudis"),
    "new zealand": ("new zealander", "new zealanders"),
    "israel": ("israeli", "israelis"),
    "pakistan": ("pakistani", "pakistanis"),
    "iraq": ("iraqi", "iraqis"),
}


def nation_of(word: str) -> str | None:
    """The country a word names, as itself or as its people: "American" → united states,
    "Syrian" → syria."""
    key = word.lower().strip(".,;:!?’'")
    country = canonical_country(key)
    if country is not None:
        return country
    for name, demonyms in DEMONYMS.items():
        if key in demonyms:
            return name
    if len(key) >= 4 and " " not in key:
        for name in COUNTRIES:  # "Russian", "Jordanians": the name is a prefix of its people
            if (
                " " not in name
                and len(name) >= 4
                and key.startswith(name)
                and len(key) - len(name) <= 4
            ):
                return canonical_country(name) or name
    return None


def canonical_country(text: str) -> str | None:
    key = text.lower().strip()
    key = key[4:] if key.startswith("the ") else key
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    return key if key in COUNTRIES else None


def is_country(text: str) -> bool:
    return canonical_country(text) is not None


def date_shape(text: str) -> str | None:
    """The shape of an absolute date; relative ones ("last week") return None."""
    cleaned = text.strip().removesuffix("’s").removesuffix("'s")
    for shape, pattern in DATE_SHAPES:
        if pattern.fullmatch(cleaned):
            return shape
    return None


def number_shape(text: str, label: str) -> str | None:
    """money | percent | count | quantity | score, or None for what is not a clean number."""
    if SCORE.match(text):
        return "score"
    match = NUMBER.match(text.strip())
    if match is None:
        return None
    if match["currency"] or label == "MONEY":
        scale = next((word for word in SCALES if word in text.lower()), "")
        return f"money:{match['currency'] or ''}{scale}"  # $412 million is no $1.63
    if "%" in text or "percent" in text.lower() or "per cent" in text.lower():
        return "percent"
    number = match["number"].replace(",", "")
    if number.isdigit() and len(number) == 4 and 1800 <= int(number) <= 2100:
        return None  # a year, which the date shapes cover
    return "quantity" if label == "QUANTITY" else "count"


def names_a_nation(word: str) -> bool:
    """Whether a capitalised word is a country or its people ("Spain", "Spain’s", "Russian")."""
    word = word.removesuffix("’s").removesuffix("'s")
    return is_country(word) or nation_of(word) is not None
