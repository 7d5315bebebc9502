"""The verdict of an attempt: worked out once (domain/verdicts.py), and its words nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.domain.verdicts import Verdict

ROOT = Path(__file__).resolve().parent.parent


def verdict(finished: bool, closed: bool, score: int, mark: int | None = 60) -> Verdict:
    return Verdict(
        finished=finished, session_closed=closed, score=score, max_score=5, pass_mark=mark
    )


@pytest.mark.parametrize(
    ("judged", "state", "for_student", "cut_short"),
    [
        (verdict(False, False, 4), "Answering", "", False),
        (verdict(True, False, 3), "Passed", "you passed", False),
        (verdict(True, False, 2), "Not passed", "not passed this time", False),
        (verdict(True, False, 2, mark=None), "Finished", "", False),
        # Closed before the end: over, an unanswered question counting as wrong.
        (verdict(False, True, 3), "Not finished, passed", "you passed", True),
        (verdict(False, True, 1), "Not finished, not passed", "not passed this time", True),
        (verdict(False, True, 1, mark=None), "Not finished", "", True),
        (verdict(True, True, 5), "Passed", "you passed", False),
    ],
)
def test_a_verdict_and_its_words(
    judged: Verdict, state: str, for_student: str, cut_short: bool
) -> None:
    assert judged.state == state
    assert judged.for_student == for_student
    assert bool(judged.cut_short) is cut_short
    assert judged.over is (judged.finished or judged.session_closed)


def test_a_pass_mark_is_reached_at_its_exact_percentage() -> None:
    assert verdict(True, False, 3, mark=60).passed is True  # 3 of 5 is 60 %
    assert verdict(True, False, 3, mark=61).passed is False
    assert verdict(True, False, 0, mark=0).passed is True
    assert verdict(True, False, 4).percent == 80


def test_the_verdicts_words_are_written_nowhere_else() -> None:
    """Templates and the dashboard's script show the verdict; none of them words it."""
    words = ["Not passed", "not passed", "you passed", "Not finished", "Answering", "Passed"]
    words += ["count as wrong", "counted as wrong", ".passed(", "pass_mark * "]
    pages = [*ROOT.joinpath("templates").rglob("*.html"), *ROOT.joinpath("static").rglob("*.js")]
    code = [p for p in ROOT.joinpath("quizapp").rglob("*.py") if p.name != "verdicts.py"]
    for path in [*pages, *code]:
        text = path.read_text()
        found = [word for word in words if word in text]
        assert not found, f"{path.relative_to(ROOT)} words the verdict itself: {found}"
