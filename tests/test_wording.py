"""The words pages put beside numbers."""

from quizapp.wording import counted


def test_counts_agree_with_their_nouns() -> None:
    assert counted(1, "session") == "1 session"
    assert [counted(n, "question") for n in (0, 2)] == ["0 questions", "2 questions"]
    assert counted(3, "quiz", "quizzes") == "3 quizzes"
