"""The rules that the third blind rating (the seed and eleven articles never rated before) and
the rating of the questions above recall led to, each on a story of its own."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.domain.article_text import read_article
from quizapp.generation import generate_questions
from quizapp.generation.distractors import number_bounds, pick_distractors
from quizapp.generation.facts import ArticleFacts, extract_facts
from quizapp.generation.questions import quote_questions
from quizapp.generation.understanding import gist

SEED = next(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*.txt")).read_text()


def facts_of(text: str, title: str = "") -> ArticleFacts:
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    return extract_facts(text, paragraphs, title=title)


# One speaker, and one other person: every quotation's only question is "X said …", false.
ONE_SPEAKER = "\n\n".join(
    [
        "Defense Secretary Mark Esper on Wednesday accused Beijing of bullying its neighbours "
        "in the South China Sea during a visit to Hanoi.",
        "Esper toured the city's old prison with Tran Van Minh, a local historian.",
        "“We will not accept attempts to assert unlawful maritime claims at the expense of "
        "law-abiding nations,” Esper said.",
        "The late Sen. John McCain was held in the prison after he was shot down in 1967.",
        "“We strongly oppose violations of international law and excessive claims in the "
        "South China Sea,” Esper said in a speech.",
        "“The United States firmly opposes intimidation by any claimant to assert its claims,” "
        "Esper told officers at the naval academy.",
        "Minh showed him the cell where American pilots were held during the war.",
    ]
)


def test_nobody_the_article_calls_the_late_is_a_false_speaker() -> None:
    asked = [c.question.prompt for c in quote_questions(facts_of(ONE_SPEAKER))]
    assert not any("McCain said" in prompt for prompt in asked), asked
    # The living person named beside him still stands in, once per quotation.
    assert any(prompt.startswith("True or false: Tran Van Minh said") for prompt in asked)


def test_a_false_speaker_stands_in_once_among_the_first_ten() -> None:
    served = generate_questions(ONE_SPEAKER, max_questions=10)
    twins = [q.prompt for q in served if q.prompt.startswith("True or false: Tran Van Minh")]
    assert len(twins) == 1, twins


def test_a_part_out_of_a_whole_is_never_the_whole_or_more() -> None:
    sentence = "Apple is in every big company, and eight out of ten companies write iOS apps."
    assert number_bounds(sentence, "eight", "count") == (0.0, 10.0)
    facts = facts_of(sentence)
    wrong = pick_distractors("eight", "number", "count", facts, sentence=sentence)
    assert wrong and "eleven" not in wrong and "ten" not in wrong, wrong


def test_a_video_widgets_caption_is_page_furniture() -> None:
    article = read_article(
        "Actor eliminated from dance show\n\n"
        "Fox News Flash top entertainment headlines for Nov. 19\n\n"
        "Fox News Flash top entertainment and celebrity headlines for Nov. 19 are here. Check "
        "out what's clicking today in entertainment.\n\n"
        "James Van Der Beek has been eliminated from the dance competition on Monday night."
    )
    assert article.body.startswith("James Van Der Beek has been eliminated")


def test_a_participle_after_the_subject_and_a_comma_is_no_main_verb() -> None:
    """The small model parses "thought" as the main verb: the gist would be a fragment."""
    text = (
        "Hilly and mountainous areas, thought to represent exposed portions of Titan's crust "
        "of water ice, represent 14 percent of the surface."
    )
    statement = gist(facts_of(text).sentences[0])
    assert statement is None or "14 percent" in statement.text


def test_a_complement_parsed_as_an_appositive_is_kept() -> None:
    text = (
        "Markets rose on Wednesday. Global financial firm JP Morgan had called the Supreme "
        "Court decision on the Essar Steel resolution a landmark judgment."
    )
    statement = gist(facts_of(text).sentences[1])
    assert statement is not None and statement.text.endswith("a landmark judgment."), statement


def test_one_person_is_the_answer_of_one_blank() -> None:
    story = "\n\n".join(
        [
            "SoftBank CEO Masayoshi Son has told WeWork executives he wants the company to turn "
            "a profit by 2021.",
            "Son told WeWork executives to look for new sources of revenue as SoftBank "
            "attempts to rescue the company.",
            "New York Attorney General Letitia James is investigating WeWork amid layoffs.",
            "Peng Mei, a WeWork spokeswoman, declined to comment on Tuesday.",
            "WeWork cut 2,400 jobs last week, about a fifth of its staff.",
        ]
    )
    asked = [
        q
        for q in generate_questions(story)
        if q.fact_type in {"person", "role"} and q.kind != "quote"
    ]
    answers = [q.answer for q in asked]
    assert len(answers) == len(set(answers)), [(q.prompt, q.answer) for q in asked]


def test_the_seed_serves_the_view_and_keeps_the_claim_with_its_choices_for_later() -> None:
    """What the ministry claimed and what Yavlinsky said offered the same three statements
    (raters: answering one settles the other)."""
    questions = sorted(generate_questions(SEED), key=lambda q: q.rank)
    first = [q.prompt for q in questions[:10]]
    assert "Which statement is closest to what Grigory Yavlinsky said?" in first
    assert not any(prompt.endswith("Defence Ministry claim?") for prompt in first)
    assert any(q.prompt.endswith("Defence Ministry claim?") for q in questions[10:])
