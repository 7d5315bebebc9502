"""The generator's word lists, in one place: pronouns, prepositions, connectives, speech verbs,
and the markers of hedged or evaluative sentences. Names and shapes (titles, countries, months,
number patterns) live in gazetteer.py."""

from __future__ import annotations

MASCULINE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMININE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
GENDERED_PRONOUNS = MASCULINE_PRONOUNS | FEMININE_PRONOUNS
# Words that cannot open a question: the reader has nothing they could point back to.
DANGLING = frozenset(
    "he she him her his hers it its they them their theirs this that these those".split()
)
# "The official said …": a noun that needs the sentence before it to say who or what.
ANAPHORIC_NOUNS = frozenset(
    "official group company firm agency man woman spokesman spokeswoman number figure move "
    "decision plan incident".split()
)
LOCATIVE_PREPOSITIONS = frozenset(
    "in at near from to into across outside around inside toward towards throughout within "
    "between".split()
)
# Sentence openers that a question or a statement does without ("However, …").
CONNECTIVES = frozenset(
    "however meanwhile recently moreover still also yet instead additionally furthermore "
    "nevertheless then now so but and".split()
)
REPORTING_VERBS = frozenset(
    {"say", "tell", "report", "state", "announce", "confirm", "add", "note"}
)
SPEECH_VERBS = frozenset(
    "say tell state add ask note explain warn respond declare insist write claim announce reply "
    "answer argue remark recall admit acknowledge conclude continue comment describe put "
    "suggest tweet".split()
)
# Speech verbs as a sentence writes them after the speaker: "____ said", "____ chimed in, noting".
# Forms that are also nouns ("states", "notes") are left out.
SPEECH_FORMS = frozenset(
    "said says told noted noting added adds adding explained explains warned argued argues "
    "wrote stated declared insisted claimed replied responded remarked commented tweeted "
    "announced acknowledged admitted asked recalled suggested saying telling".split()
)
# Verbs that take a clause of their own without "that" ("officials believe the base is safe");
# under any other verb, such a clause is a parse of two sentences run together ("Serbia
# takes on Japan and Britain plays the Netherlands").
CLAUSE_TAKING_VERBS = SPEECH_VERBS | frozenset(
    "know think believe find show expect hope fear feel mean ensure decide learn realize see "
    "hear understand agree estimate predict project doubt wish guess assume reckon".split()
)
# A clause's opening that makes it an open question, and the modals that make it a forecast.
OPEN_MARKS = frozenset({"whether", "if"})
FORECAST_MODALS = frozenset({"will", "would", "may", "might", "could", "'ll"})
# Words that put an event on a calendar yet to come: "Sentencing is scheduled for Feb. 14",
# "More games are slated to roll out … into 2021" (raters: logistics, not the story).
SCHEDULE_WORDS = frozenset({"schedule", "slate", "expect", "plan", "due", "set"})
# Titles that name an office without saying where ("the president", "the senator"): asking
# who holds one asks what students know already, and as a wrong role it fits no one.
BARE_TITLES = frozenset(
    {"president", "vice president", "prime minister", "senator", "king", "queen", "pope"}
)
# The credentials of someone the article asks for comment ("a Syracuse University economist",
# "a senior military analyst at Stratfor"): what they said is the story, their job trivia.
COMMENTATOR_WORDS = frozenset(
    "analyst economist professor scientist researcher strategist expert fellow lecturer "
    "scholar historian commentator consultant".split()
)
STATEMENT_WORDS = frozenset({"statement", "stating", "saying"})
# Nouns whose "that" clause is what someone holds, not what the article states ("the claim
# that those killed at Deir al-Zor included Russian fighters").
CLAIM_NOUNS = frozenset(
    "claim allegation assertion suggestion rumor rumour speculation belief report "
    "accusation theory notion idea".split()
)
# Words of prompts that say nothing about the fact asked, for comparing two prompts.
PROMPT_STOP_WORDS = frozenset(
    "the a an of in on to and who what which when where how did does do is was were true "
    "false or fill blank said according article".split()
)
# A sentence with one of these reports what is not settled: it may be asked, but ranks lower.
# ("CNBC reported that …" names its source: attribution, not a hedge.)
HEDGES = frozenset(
    "reportedly allegedly possibly perhaps apparently unconfirmed rumoured rumored".split()
)
# The writer's judgement or speculation: never asked as a fact (true/false or a blank).
OPINION_WORDS = frozenset(
    "should shouldn’t shouldn't may might could would must perhaps probably likely unlikely "
    "seems seem seemed arguably unfortunately fortunately hopefully clearly obviously surely "
    "surprising unsurprising surprisingly sadly luckily ironically remarkable remarkably "
    "disappointing shocking outrageous absurd ridiculous best worst greatest "
    "undoubtedly apparently supposedly important crucial i me my mine we our us you "
    "your".split()
)
OPINION_PHRASES = (
    "with any luck",
    "the last thing",
    "not surprising",
    "no surprise",
    "it is clear",
    "it’s clear",
    "it's clear",
    "of course",
    "in my view",
    "in our view",
    "needless to say",
    "let’s",
    "let's",
    "appears to",
    "is likely",
    "one could",
    "it remains to be seen",
    "time will tell",
)
# Lines that credit the newsroom, not the story: "(Reporting by Will Dunham; Editing by …)".
CREDIT_WORDS = ("reporting by", "editing by", "writing by", "additional reporting", "contributed")
