"""The rules that the blind ratings of the ten questions served first led to after the 95 %
rating: each on a story of its own, each failing without its rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp import generation
from quizapp.generation import generate_questions, quality
from quizapp.generation.facts import extract_facts
from quizapp.generation.questions import Candidate, GeneratedQuestion, worth_asking

SEED = next(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*.txt")).read_text()


def numbers_asked(paragraphs: list[str]) -> dict[str, bool]:
    """Each figure of a story of these paragraphs, and whether it is worth asking."""
    story = "\n\n".join(paragraphs)
    spans = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", story)]
    facts = extract_facts(story, spans)
    return {m.text: worth_asking(m, facts) for m in facts.mentions if m.fact_type == "number"}


# A mayor's statement over two paragraphs, then two other speakers, then the mayor again.
BRIDGE = "\n\n".join(
    [
        "The city council of Riverton voted on Tuesday to close the old Main Street bridge to "
        "cars for two years.",
        "“The bridge is no longer safe for heavy traffic, and we cannot wait for it to fail,” "
        "Mayor Dana Reyes said after the vote. “We owe the families who cross it every day a "
        "safe road,” she added.",
        "“Every engineer we asked told us the same thing about the steel beams under the deck,” "
        "Reyes said.",
        "Shop owners on Main Street said the closure would cost them customers.",
        "“We should have fixed this bridge ten years ago, when the repairs were cheap,” said "
        "council member Priya Shah, who voted against the closure.",
        "“Half of my customers drive across that bridge every morning,” said Tom Alvarez, who "
        "runs a bakery near the river.",
        "The repairs will cost $14 million, paid for by a state grant.",
        "Reyes told reporters on Wednesday that the city would “reopen the bridge stronger "
        "than it was before the closure.”",
    ]
)


def test_words_that_go_on_from_a_quotation_asked_are_not_asked_again() -> None:
    """Raters turned down, in every rating, a second "Who said …?" on the same statement (two
    tweets in a row; a press secretary over four paragraphs): the same point, the same
    answer. The mayor's second paragraph goes on from her first passage, whose first
    quotation her view asks; her words after two other speakers, reported on another day,
    are a statement of their own."""
    questions = generate_questions(BRIDGE)
    prompts = [q.prompt for q in questions if not q.waits]
    assert "Which statement is closest to what Dana Reyes said?" in prompts
    assert not any("Every engineer we asked" in prompt for prompt in prompts), prompts
    # It stays in the bank for the teacher, marked as waiting: it is never served first.
    assert any("Every engineer we asked" in q.prompt for q in questions if q.waits)
    assert any(p.startswith("Who said “reopen the bridge") for p in prompts), prompts
    assert any(p.startswith("Who said “Half of my customers") for p in prompts), prompts


def test_a_quotation_its_sentence_denies_is_not_asked() -> None:
    """ "free speech does not protect people to “make threats …”": asked "Who said “make
    threats to harm lawmakers …”?", the prosecutor's words read the other way."""
    story = "\n\n".join(
        [
            "A man from Buffalo pleaded guilty on Monday to threatening a member of Congress.",
            "U.S. Attorney Maria Lentz said the case shows that free speech does not allow "
            "people to “make threats to harm lawmakers simply because they disagree with them.”",
            "“He knew what he was doing when he made those calls to the office,” said Detective "
            "Paul Ortiz, who led the investigation.",
            "“My client regrets every word of those calls,” defence lawyer Ken Ames said.",
        ]
    )
    prompts = [q.prompt for q in generate_questions(story)]
    assert not any("“make threats" in prompt for prompt in prompts if "____" not in prompt)
    assert any(prompt.startswith("Who said “My client regrets") for prompt in prompts), prompts


def test_a_denied_phrase_is_left_out_without_joining_the_words_around_it() -> None:
    """Only the word that governs a quotation is looked at for a denial: "did not hold back,
    saying the plan “is a waste …”" is the speaker's own, "would not “fix the traffic …”"
    is denied. And a denied phrase between two of the mayor's quotations leaves them two
    passages, not one stitched across the lawyer's words."""
    story = "\n\n".join(
        [
            "The city council of Riverton voted on Tuesday to close the old Main Street bridge.",
            "“We will rebuild this bridge before the next winter comes to the valley,” Mayor "
            "Dana Reyes said.",
            "Ken Ames, a lawyer for the shop owners, said the plan does not allow the city to "
            "“fix the traffic on Main Street before the summer.”",
            "“The money for the steel beams is already in the state budget,” Reyes said.",
            "“Half of my customers drive across that bridge every morning,” said Tom Alvarez, "
            "who runs a bakery near the river.",
            "Council member Priya Shah did not hold back, saying the plan “is a waste of the "
            "money the state gave the town.”",
            "The plan would not “fix the traffic on Main Street before the summer,” said Jo "
            "Tanaka, who sells cheese.",
        ]
    )
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", story)]
    asked = {q.speaker: q.asked for q in extract_facts(story, paragraphs).quotes}
    assert asked["Priya Shah"] and asked["Dana Reyes"], asked
    assert not asked["Ken Ames"] and not asked["Jo Tanaka"], asked
    prompts = [q.prompt for q in generate_questions(story)]
    assert not any("We will rebuild" in p and "The money" in p for p in prompts), prompts
    assert any(p.startswith("Who said “The money for the steel") for p in prompts), prompts


def test_words_that_name_nothing_are_not_asked_who_said_them() -> None:
    """A voter's "He has me thinking now" could be anyone's: raters turned it down in two
    ratings. Words that name a thing, a person or a figure are asked."""
    story = "\n\n".join(
        [
            "Senator Ruth Okoye opened her campaign for governor on Saturday at a farm market "
            "in Dover, where about 300 people came to hear her speak.",
            "“She has me thinking now,” said Alan Briggs, a retired teacher from Dover.",
            "“The price of milk is what matters to farmers in this county,” said Jo Tanaka, who "
            "sells cheese at the market.",
            "Okoye promised to raise state support for dairy farms by $40 million a year.",
            "“I will fight for every dairy farm in the state,” Okoye told the crowd.",
            "Her rival, Governor Mark Feld, said in a statement that the plan would cost "
            "taxpayers too much.",
            "“The senator has never balanced a budget in her life,” Feld said.",
        ]
    )
    prompts = [q.prompt for q in generate_questions(story)]
    # Not asked who said it, nor offered as anyone's view, nor its speaker blanked.
    questions = generate_questions(story)
    shown = [text for q in questions for text in (q.prompt, *q.choices)]
    assert not any("has me thinking" in text for text in shown), shown
    assert any(prompt.startswith("Who said “The price of milk") for prompt in prompts), prompts


def test_the_first_ten_are_decided_again_when_one_fails_the_reparse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A question of the first ten whose stem fails the re-parse used to let the eleventh in,
    though it waited for a reason (37's "What role does the article give Daniel Anthony?",
    beside his view). Without two of the seed's first ten, the questions that wait stay out
    of the first ten (and, as in any bank of fewer than ten others, are never served): the
    false twin on February 7 (its blank is still asked), the tank model, the claim, Mattis's
    role."""
    waiting = (
        "True or false: On February 7",
        "Fill in the blank: During the clash, an American military drone",
        "According to the article, what did Russia’s Defence Ministry claim?",
        "What role does the article give Jim Mattis?",
    )
    bank = generate_questions(SEED)
    assert all(any(q.prompt.startswith(w) for q in bank if q.waits) for w in waiting)
    served = [q for q in bank if not q.waits]
    ranked = {q.rank: q.prompt for q in served}
    cleanly = generation._reading_cleanly
    failed = {ranked[2], ranked[4]}  # a "Who said" and the order of events: no rule ties them
    assert {p.split()[0] for p in failed} == {"Who", "Which"}, failed

    def failing_two(chosen: list[Candidate], model: str | None) -> list[Candidate]:
        return [c for c in cleanly(chosen, model) if c.question.prompt not in failed]

    monkeypatch.setattr(generation, "_reading_cleanly", failing_two)
    bank = generate_questions(SEED)
    first_ten = [q.prompt for q in bank if q.rank <= 10 and not q.waits]
    assert len(first_ten) == len(served) - 2 and not failed & set(first_ten)
    assert not any(p.startswith(w) for p in first_ten for w in waiting), first_ten
    waits = [q.prompt for q in bank if q.waits]
    assert all(any(p.startswith(w) for p in waits) for w in waiting), waits


def test_a_figure_in_a_clause_the_sentence_concedes_is_not_asked() -> None:
    """ "While the subscription gets players 4k streaming at 60 frames per second, …": the
    point is after the comma. Raters called 21's frames per second trivia in two ratings. A
    figure of the main clause is asked, and so is one beside a clause that only says when."""
    asked = numbers_asked(
        [
            "Google launched its Stadia game streaming service on Tuesday in 14 countries.",
            "While the monthly subscription rate for the service gets players access to 4k "
            "streaming at 60 frames per second, the majority of titles must be bought.",
            "Although only one of the first matches reached three sets, it took nearly eight "
            "hours to complete the series.",
            "Sales of game consoles fell 12 percent last year while streaming grew.",
            "Revenue rose 3 percent while costs fell 5 percent.",
            "The company lost 35 early testers while running the trial in March.",
        ]
    )
    assert not asked["60"] and not asked["three"], asked
    assert asked["14"] and asked["12 percent"] and asked["35"], asked
    # A "while" clause after its point sets two facts side by side.
    assert asked["5 percent"], asked


def test_a_blank_on_who_said_something_waits_beside_their_who_said() -> None:
    """ "____ chimed in, noting that Brooke's offer was “a lovely gesture”" beside "Who said
    “hardest judge's verdict so far this season”?" (both Tom Bergeron): who said what, asked
    twice of one person; raters called the blank trivia in two ratings. What the person did
    ("____ kept Spain's hopes alive") is another fact, and is served."""

    def asked(kind: str, prompt: str, answer: str, index: int) -> Candidate:
        fact_type = "quote" if kind == "quote" else "person"
        choices = [answer, "Carrie Ann Inaba", "Bruno Tonioli"]
        question = GeneratedQuestion(kind, prompt, choices, answer, "", "", 0, 1, fact_type, 1)
        return Candidate(question, f"{fact_type}:{index}", index)

    who_said = asked("quote", "Who said “the hardest judge's verdict”?", "Tom Bergeron", 1)
    noting = asked("cloze", "Fill in the blank: ____ chimed in, noting that the offer was "
                   "“a lovely gesture.”", "Tom Bergeron", 2)  # fmt: skip
    asking = asked("mcq", "Who said the dance was the best of the night?", "Tom Bergeron", 3)
    did = asked("cloze", "Fill in the blank: ____ kept the show's hopes alive.", "Tom Bergeron", 4)
    other = asked("cloze", "Fill in the blank: ____ said the judges were fair.", "Bruno Tonioli", 5)
    assert quality._speaker_blanked(noting, [who_said])
    assert quality._speaker_blanked(asking, [who_said])
    assert not quality._speaker_blanked(did, [who_said])
    assert not quality._speaker_blanked(other, [who_said])
    assert not quality._speaker_blanked(noting, [did])
    told = asked("cloze", "Fill in the blank: ____ was told by aides to stay.", "Tom Bergeron", 6)
    met = asked("cloze", "Fill in the blank: ____ met Inaba, who said no.", "Tom Bergeron", 7)
    assert not quality._speaker_blanked(told, [who_said])
    assert not quality._speaker_blanked(met, [who_said])
    # The blank waits (in a bank of fewer than ten others, it is never served), whichever of
    # the two comes first.
    for chosen in ([who_said, noting, did, other], [noting, who_said, did, other]):
        queue = quality.requeue_waiting(chosen, "")
        assert queue.first == [who_said, did, other] and queue.waiting == [noting]


def test_chances_within_a_game_and_counts_of_others_are_not_asked() -> None:
    """ "How many match points did the French duo squander while serving at 5-4?" was turned
    down as trivia in three ratings: a moment of one match in a round-up. The score of the
    tie, and how many teams play, are asked. A count of "other" ones is not."""
    asked = numbers_asked(
        [
            "Spain beat Russia 2-1 on Tuesday, one of 18 teams at the Davis Cup Finals.",
            "The French duo squandered two match points while serving at 5-4.",
            "Canada's Denis Shapovalov saved three break points in the second set.",
            "Four other teams were knocked out on Wednesday.",
            "Two others withdrew with injuries.",
        ]
    )
    assert not asked["two"] and not asked["three"], asked
    assert asked["18"], asked
    # "Four other teams": others than which? The sentence does not say (39's plague cases).
    assert not asked["Four"] and not asked["Two"], asked
