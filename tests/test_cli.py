"""`flask --app quizapp generate PATH [--format text|json] [--seed N]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

SEED = Path(__file__).parent.parent / "seeds" / "000_e6c387ca501fc847.txt"
FIELDS = {"kind", "prompt", "choices", "answer", "explanation", "source_sentence",
          "source_start", "source_end", "fact_type", "difficulty", "rank",
          "choice_notes", "level", "waits"}  # fmt: skip


def test_json_is_a_list_of_objects_with_exactly_the_contract_fields(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["generate", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    questions = json.loads(result.stdout)
    assert len(questions) >= 15
    assert all(set(q) == FIELDS for q in questions)
    assert any(q["answer"] == "Jim Mattis" and q["kind"] == "quote" for q in questions)


def test_seed_option_changes_only_the_choice_order(runner: FlaskCliRunner) -> None:
    first = json.loads(runner.invoke(args=["generate", str(SEED), "--format", "json"]).stdout)
    again = json.loads(runner.invoke(args=["generate", str(SEED), "--format", "json"]).stdout)
    other = json.loads(
        runner.invoke(args=["generate", str(SEED), "--format", "json", "--seed", "5"]).stdout
    )
    assert first == again
    assert [q["prompt"] for q in other] == [q["prompt"] for q in first]
    assert [q["choices"] for q in other] != [q["choices"] for q in first]


def test_text_lists_numbered_questions_with_the_answer_marked(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["generate", str(SEED)])
    assert result.exit_code == 0
    assert result.stdout.startswith("1. [")
    assert "* " in result.stdout and "Why: " in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", "empty"), (b"\x00\xff\x00", "binary"),
     (b"Title\n\n\xff\xfe text", "not UTF-8"), (b"x" * 300_000, "too large")],
    ids=["missing", "empty", "binary", "latin-1", "too large"],
)  # fmt: skip
def test_bad_files_get_one_line_on_stderr_and_status_2(
    runner: FlaskCliRunner, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(args=["generate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1
