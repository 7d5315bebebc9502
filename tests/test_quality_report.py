"""The question-quality report: each check on hand-made questions that trip it and ones that
must not, and `flask --app quizapp quality DIR` on two of the self-written articles."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from spacy.language import Language

from quizapp.generation.nlp import load_pipeline
from quizapp.generation.questions import GeneratedQuestion
from quizapp.generation.report import (
    CHECKS,
    KINDS,
    OPINION_MARKERS,
    audit,
    duplicate_facts,
    quotations,
    quotations_asked,
    same_or_overlapping,
)

DATA = Path(__file__).parent / "data"

BODY = (
    "Port Alder’s town council voted 7-2 on Tuesday to approve the harbour plan. "
    "Mayor Ellen Marsh said the wharf had been held together with patches. "
    "“Fix the wharves first. Then come back and talk to me about a terminal,” said "
    "Councillor Sandra Kileen.\n\n"
    "The tool-lending shed run by the Alder Bay Fishermen’s Association will close for two weeks. "
    "Residents met on February 7 and again on February 11, according to Yavlinsky, who "
    "leads the residents' group. The Russian ministry and the European Union sent observers. "
    "It is not surprising that the vote passed."
)
SENTENCE = "Port Alder’s town council voted 7-2 on Tuesday to approve the harbour plan."


def question(
    kind: str = "mcq",
    prompt: str = "Who approved the plan?",
    choices: list[str] | None = None,
    answer: str = "Ellen Marsh",
    *,
    fact_type: str = "person",
    source_sentence: str = SENTENCE,
    source_start: int = 0,
) -> GeneratedQuestion:
    if choices is None:
        choices = ["True", "False"] if kind == "true_false" else [answer, "Sandra Kileen", "Marsh"]
    return GeneratedQuestion(
        kind=kind,
        prompt=prompt,
        choices=choices,
        answer=answer,
        explanation="",
        source_sentence=source_sentence,
        source_start=source_start,
        source_end=source_start + len(source_sentence),
        fact_type=fact_type,
        difficulty=1,
    )


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def tripped(q: GeneratedQuestion, nlp: Language, body: str = BODY) -> dict[str, str]:
    """The checks one question trips on its own, with why."""
    return {f.check: f.why for f in audit(body, [q], nlp)}


# ── invented_person ─────────────────────────────────────────────────────────────────────────


def test_invented_person_flags_a_name_the_article_never_writes(nlp: Language) -> None:
    q = question(
        "quote",
        "Who said “Fix the wharves first.”?",
        answer="Sandra Kileen",
        choices=["Sandra Kileen", "Ellen Marsh", "Sarah Okafor"],
        fact_type="quote",
    )
    assert "Sarah Okafor" in tripped(q, nlp)["invented_person"]


def test_invented_person_is_not_fooled_by_a_title_the_article_uses(nlp: Language) -> None:
    q = question(choices=["Ellen Marsh", "Sandra Kileen", "Mayor Anna Novak"])
    assert "Anna Novak" in tripped(q, nlp)["invented_person"]


def test_invented_person_accepts_a_surname_alone_and_skips_true_false(nlp: Language) -> None:
    assert "invented_person" not in tripped(question(), nlp)  # "Marsh" is in the body
    statement = question(
        "true_false",
        "True or false: Ellen Marsh approved the plan.",
        answer="True",
        fact_type="person",
    )
    assert "invented_person" not in tripped(statement, nlp)


# ── outside_name ────────────────────────────────────────────────────────────────────────────


def test_outside_name_flags_an_organization_from_elsewhere(nlp: Language) -> None:
    q = question(
        prompt="Which organization sent observers?",
        answer="the European Union",
        choices=["the European Union", "the World Bank", "the town council"],
        fact_type="organization",
    )
    why = tripped(q, nlp)["outside_name"]
    assert "the World Bank" in why and "town council" not in why and "European" not in why


def test_outside_name_allows_countries_months_weekdays_and_numbers(nlp: Language) -> None:
    place = question(
        prompt="Where did the observers come from?",
        answer="Port Alder",
        choices=["Port Alder", "France", "Japan"],
        fact_type="place",
    )
    assert "outside_name" not in tripped(place, nlp)
    group = question(
        prompt="Which group sent observers?",
        answer="the residents' group",
        choices=["the residents’ group", "Monday", "March", "7 observers"],
        fact_type="group",
    )
    assert "outside_name" not in tripped(group, nlp)


# ── alias_or_overlap ────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("a", "b"),
    [("Okafor", "Sarah Okafor"), ("tool", "tool-lending shed"), ("EU", "European Union"),
     ("U.S.", "United States"), ("Britain", "the United Kingdom"), ("Port Alder", "port alder."),
     ("the Bank of Alder", "Bank Alder")],
)  # fmt: skip
def test_alias_or_overlap_flags_two_names_for_one_thing(a: str, b: str, nlp: Language) -> None:
    q = question(
        prompt="What did the council approve?",
        answer=a,
        choices=[a, b, "the budget"],
        fact_type="other",
    )
    assert "alias_or_overlap" in tripped(q, nlp)


@pytest.mark.parametrize(
    ("a", "b"),
    [("February 7", "February 11"), ("two weeks", "three weeks"), ("Ellen Marsh", "Ray Dunphy"),
     ("$3 million", "$6 million"), ("EU", "United States")],
)  # fmt: skip
def test_alias_or_overlap_leaves_different_things_alone(a: str, b: str, nlp: Language) -> None:
    q = question(
        prompt="When did the residents meet?", answer=a, choices=[a, b, "Sunday"], fact_type="date"
    )
    assert "alias_or_overlap" not in tripped(q, nlp)


def test_alias_or_overlap_flags_equal_dates() -> None:
    assert same_or_overlapping("February 7", "february 7.") is not None
    assert same_or_overlapping("February 7", "February 11") is None


# ── duplicate_fact ──────────────────────────────────────────────────────────────────────────


def test_duplicate_fact_same_answer_same_sentence_counts_the_later_one() -> None:
    first = question(prompt="Who approved the plan?", answer="Ellen Marsh", source_start=0)
    cloze = question(
        "cloze",
        "Fill in the blank: Mayor ____ approved the plan.",
        answer="Ellen Marsh",
        source_start=0,
    )
    other = question(prompt="Who spoke?", answer="Sandra Kileen", source_start=80)
    assert set(duplicate_facts([first, cloze, other])) == {1}


def test_duplicate_fact_near_identical_prompts_and_an_answer_asked_thrice() -> None:
    a = question(
        prompt="How long will the tool-lending shed close?", answer="two weeks", source_start=10
    )
    b = question(
        prompt="How long will the tool-lending shed close again?",
        answer="two days",
        source_start=200,
    )
    assert set(duplicate_facts([a, b])) == {1}
    third = [
        replace(question(prompt=p, answer="Ellen Marsh", source_start=s), rank=rank)
        for p, s, rank in [("Who approved?", 0, 1), ("Who voted?", 50, 2), ("Who spoke?", 90, 3)]
    ]
    assert set(duplicate_facts(third)) == {2}
    # The bank may key one speaker many times; only the ten served first are held to two.
    banked = [replace(q, rank=10 + n) for n, q in enumerate(third)]
    assert duplicate_facts(banked) == {}
    # So is a question that waits: it is served only after ten others.
    assert duplicate_facts([*third[:2], replace(third[2], waits=True)]) == {}


def test_duplicate_fact_ignores_true_false_and_different_facts() -> None:
    true = question("true_false", "True or false: The council approved the plan.", answer="True")
    false = question("true_false", "True or false: The mayor approved the budget.", answer="False")
    third = question("true_false", "True or false: Residents met on February 7.", answer="True")
    mcq = question(prompt="When did the residents meet?", answer="February 7", source_start=300)
    assert duplicate_facts([true, false, third, mcq]) == {}


# ── stem_reparse ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("kind", "prompt", "answer", "why"),
    [("mcq", "Who approved the plan,, on Tuesday?", "Ellen Marsh", "doubled"),
     ("mcq", "Who approved the plan ?", "Ellen Marsh", "space before"),
     ("quote", "Who said “Fix the wharves first?", "Sandra Kileen", "unbalanced"),
     ("cloze", "Fill in the blank: Residents met on ____, according to the yavlinsky.",
      "February 7", "capitalises"),
     ("true_false", "True or false: More information: G. Petit et al.", "True", "fragment"),
     ("mcq", "When did announce the plan to rebuild the wharves?", "Tuesday", "no subject"),
     ("cloze", "Fill in the blank: Residents met on ____ and ____.", "February 7", "blank"),
     ("cloze", "Fill in the blank: Residents met on _____.", "February 7", "blank"),
     ("cloze", "Fill in the blank: and yes the council met on ____.", "Tuesday", "lower-case"),
     ("mcq", "Who said?", "Ellen Marsh", "reports nothing")],
)  # fmt: skip
def test_stem_reparse_flags_a_prompt_that_is_not_one_clean_question(
    kind: str, prompt: str, answer: str, why: str, nlp: Language
) -> None:
    q = question(kind, prompt, answer=answer, source_sentence=BODY.split("\n\n")[1])
    assert why in tripped(q, nlp).get("stem_reparse", "")


@pytest.mark.parametrize(
    ("kind", "prompt", "answer"),
    [("quote", "Who said “Fix the wharves first. Then come back and talk to me about a "
      "terminal”?", "Sandra Kileen"),
     ("mcq", "When did the council vote on the plan?", "Tuesday"),
     ("mcq", "Who is described in the article as the mayor?", "Ellen Marsh"),
     ("cloze", "Fill in the blank: Residents met on ____ and again on February 11.", "February 7"),
     ("true_false", "True or false: The council voted 7-2 on Tuesday.", "True"),
     ("mcq", "How many residents met on February 7?", "40")],
)  # fmt: skip
def test_stem_reparse_passes_clean_prompts(
    kind: str, prompt: str, answer: str, nlp: Language
) -> None:
    assert "stem_reparse" not in tripped(question(kind, prompt, answer=answer), nlp)


# ── giveaway ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("prompt", "answer", "choices"),
    [("Who did Ellen Marsh thank?", "Ellen Marsh", ["Ellen Marsh", "Ray Dunphy", "Kileen"]),
     ("Which body of the town voted 7-2?", "the town council",
      ["the town council", "the harbour board", "the ferry operator"]),
     ("Fill in the blank: The ____ ministry sent Russian observers.", "Russians",
      ["Russians", "Germans", "Poles"]),
     ("Fill in the blank: The Russian ministry and ____ sent observers.", "Russia",
      ["Russia", "France", "Japan"])],
)  # fmt: skip
def test_giveaway_flags_an_answer_the_prompt_shows(
    prompt: str, answer: str, choices: list[str], nlp: Language
) -> None:
    kind = "cloze" if prompt.startswith("Fill") else "mcq"
    q = question(kind, prompt, choices, answer, fact_type="group")
    assert "giveaway" in tripped(q, nlp)


@pytest.mark.parametrize(
    ("kind", "prompt", "answer", "choices"),
    [("mcq", "How long will the shed close after three weeks of repairs?", "two weeks",
      ["two weeks", "four weeks", "five weeks"]),
     ("quote", "Who said “Ellen Marsh held the wharf together”?", "Ellen Marsh",
      ["Ellen Marsh", "Sandra Kileen", "Ray Dunphy"]),
     ("cloze", "Fill in the blank: It can turn into the more severe ____ of plague.",
      "pneumonic plague", ["pneumonic plague", "bubonic plague", "plague outbreak"]),
     ("cloze", "Fill in the blank: The news came from ____.", "New Alder",
      ["New Alder", "Port Alder", "Halliday Island"]),
     ("true_false", "True or false: Ellen Marsh approved the plan.", "True", None)],
)  # fmt: skip
def test_giveaway_leaves_units_quotations_shared_words_and_true_false_alone(
    kind: str, prompt: str, answer: str, choices: list[str] | None, nlp: Language
) -> None:
    assert "giveaway" not in tripped(question(kind, prompt, choices, answer), nlp)


# ── opinion_as_fact ─────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "sentence",
    ["It is not surprising that the vote passed.", "The council should rebuild the wharf.",
     "It was the best plan on offer.", "With any luck, the ferry will return.",
     "The ferry may return next year."],
)  # fmt: skip
def test_opinion_as_fact_flags_evaluative_sources(sentence: str, nlp: Language) -> None:
    q = question(
        "true_false", f"True or false: {sentence}", answer="True", source_sentence=sentence
    )
    assert "opinion_as_fact" in tripped(q, nlp)


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [("true_false", "The council met in May to approve the plan."),
     ("true_false", "“We should rebuild the wharf,” the mayor said on Tuesday."),
     ("mcq", "It is not surprising that the vote passed.")],
)  # fmt: skip
def test_opinion_as_fact_ignores_the_month_quotations_and_mcqs(
    kind: str, sentence: str, nlp: Language
) -> None:
    q = question(
        kind,
        f"True or false: {sentence}" if kind == "true_false" else "Who voted?",
        answer="True" if kind == "true_false" else "Ellen Marsh",
        source_sentence=sentence,
    )
    assert "opinion_as_fact" not in tripped(q, nlp)


def test_opinion_markers_are_one_constant() -> None:
    assert {"should", "may", "not surprising", "with any luck", "best"} <= set(OPINION_MARKERS)


# ── copied_sentence, too_few_choices, quote_without_quotation, long_prompt ──────────────────


def test_copied_sentence(nlp: Language) -> None:
    copied = question("true_false", f"True or false: {SENTENCE}", answer="True")
    assert "copied_sentence" in tripped(copied, nlp)
    source = "However, the council voted 7-2 on Tuesday."
    connective = question(
        "true_false",
        "True or false: The council voted 7-2 on Tuesday.",
        answer="True",
        source_sentence=source,
    )
    assert "copied_sentence" in tripped(connective, nlp)
    swapped = question(
        "true_false", f"True or false: {SENTENCE.replace('Tuesday', 'Monday')}", answer="False"
    )
    assert "copied_sentence" not in tripped(swapped, nlp)


def test_too_few_choices(nlp: Language) -> None:
    two = question(choices=["Ellen Marsh", "Sandra Kileen"])
    assert "too_few_choices" in tripped(two, nlp)
    flipped = question("true_false", "True or false: The council met.", ["False", "True"], "True")
    assert "too_few_choices" in tripped(flipped, nlp)
    assert "too_few_choices" not in tripped(question(), nlp)
    fine = question("true_false", "True or false: The council met.", answer="True")
    assert "too_few_choices" not in tripped(fine, nlp)


@pytest.mark.parametrize(
    ("prompt", "flagged"),
    [("Who said the wharf was old?", True),
     ("Who said “Build a bigger ferry terminal now”?", True),
     ("Who said “Fix the wharves first. Then come back…”?", False),
     ("Who said “Fix the wharves first”?", False)],
)  # fmt: skip
def test_quote_without_quotation(prompt: str, flagged: bool, nlp: Language) -> None:
    q = question(
        "quote",
        prompt,
        answer="Sandra Kileen",
        choices=["Sandra Kileen", "Ellen Marsh", "Marsh"],
        fact_type="quote",
    )
    assert ("quote_without_quotation" in tripped(q, nlp)) is flagged


def test_long_prompt(nlp: Language) -> None:
    words = "the council voted again".split() * 10
    long = question("true_false", "True or false: " + " ".join(words) + ".", answer="True")
    assert "long_prompt" in tripped(long, nlp)  # 43 words
    short = question("true_false", "True or " + " ".join(words[:38]) + ".", answer="True")
    assert len(short.prompt.split()) == 40
    assert "long_prompt" not in tripped(short, nlp)


def test_audit_reports_several_checks_on_one_question(nlp: Language) -> None:
    q = question(
        "quote",
        "Who said the wharf was old ?",
        answer="Ellen Marsh",
        choices=["Ellen Marsh", "Sarah Okafor"],
        fact_type="quote",
    )
    assert {
        "invented_person",
        "outside_name",
        "too_few_choices",
        "stem_reparse",
        "quote_without_quotation",
    } <= set(tripped(q, nlp))


# ── quotations ──────────────────────────────────────────────────────────────────────────────


def test_quotations_and_which_are_asked() -> None:
    body = BODY + ' “Short one,” he said. "The ferry will come back next year," she said.'
    assert quotations(body) == [
        "Fix the wharves first. Then come back and talk to me about a terminal,",
        "The ferry will come back next year,",
    ]
    asked = question("quote", "Who said “Fix the wharves first. Then come back and talk to me…”?")
    assert quotations_asked(body, [asked]) == (1, 2)
    assert quotations_asked(body, []) == (0, 2)


# ── the command ─────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name in ("council_story.txt", "science_story.txt"):
        shutil.copy(DATA / name, folder / name)
    return folder


def test_text_report_has_a_block_per_article_and_a_total(
    runner: FlaskCliRunner, two_articles: Path
) -> None:
    result = runner.invoke(args=["quality", str(two_articles), "--examples", "1"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "== council_story.txt" in out and "== science_story.txt" in out
    total = out.split("== TOTAL")[1]
    assert "articles 2;" in total and "quotations asked" in total and "median" in total
    assert "wait (served only after ten others)" in total
    assert all(check in total for check in CHECKS)


def test_json_report_parses_with_every_kind_and_check(
    runner: FlaskCliRunner, two_articles: Path
) -> None:
    result = runner.invoke(args=["quality", str(two_articles), "--json", "--examples", "2"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    assert [a["name"] for a in report["articles"]] == ["council_story.txt", "science_story.txt"]
    total = report["total"]
    assert total["articles"] == 2 and total["questions"] == sum(total["kinds"].values()) > 0
    assert set(total["kinds"]) == set(KINDS) and set(total["checks"]) == set(CHECKS)
    assert all(len(t["examples"]) <= 2 for t in total["checks"].values())
    assert all(a["generation_ms"] > 0 for a in report["articles"])
    assert total["quotations"] >= total["quotations_asked"] > 0
    assert total["waiting"] == sum(a["waiting"] for a in report["articles"])
    assert 0 <= total["waiting"] < total["questions"]


@pytest.mark.parametrize("make", ["empty", "missing", "no txt"])
def test_a_folder_without_articles_is_one_line_and_status_2(
    runner: FlaskCliRunner, tmp_path: Path, make: str
) -> None:
    folder = tmp_path / "articles"
    if make != "missing":
        folder.mkdir()
    if make == "no txt":
        (folder / "notes.md").write_text("not an article")
    result = runner.invoke(args=["quality", str(folder)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_a_passage_and_a_said_statement_ask_each_quotation_they_show() -> None:
    body = BODY + ' "The ferry will come back next year," she said.'
    passage = question(
        "quote", "Who said “Fix the wharves first. Then come back…” and “The ferry will come…”?"
    )
    assert quotations_asked(body, [passage]) == (2, 2)
    said = question(
        "quote",
        "True or false: Sandra Kileen said “The ferry will come back next year”",
        choices=["True", "False"],
        answer="True",
    )
    assert quotations_asked(body, [said]) == (1, 2)
