"""Whether an attempt is over, whether it passed, and every word the pages say about it.

The student's results page, the closed-session page, the teacher's dashboard (first load and
refresh alike) and the results CSV all show what ``Verdict`` says; none of them works it out.
"""

from __future__ import annotations

from dataclasses import dataclass

# The rule a closed session applies, in the words each audience reads.
UNANSWERED_FOR_STUDENT = (
    "Your teacher closed the session before you answered every question; the questions you did "
    "not answer count as wrong."
)
UNANSWERED_FOR_TEACHER = (
    "A student who has not finished sees their results, with unanswered questions counted as wrong."
)


@dataclass(frozen=True)
class Verdict:
    """An attempt judged: over once every question is answered or its class session is closed;
    then passed or not by the quiz's pass mark, an unanswered question counting as wrong."""

    finished: bool
    session_closed: bool
    score: int
    max_score: int
    pass_mark: int | None

    @property
    def over(self) -> bool:
        """No more answers will come: finished, or cut short by the teacher."""
        return self.finished or self.session_closed

    @property
    def passed(self) -> bool | None:
        """Whether the score reaches the pass mark; None while not over, or without a mark."""
        if not self.over or self.pass_mark is None or not self.max_score:
            return None
        return 100 * self.score >= self.pass_mark * self.max_score

    @property
    def percent(self) -> int:
        """The score as a whole percentage of the questions."""
        return round(100 * self.score / self.max_score) if self.max_score else 0

    @property
    def state(self) -> str:
        """The teacher's word for it, on the dashboard and in the results CSV."""
        verdict = {None: "", True: "passed", False: "not passed"}[self.passed]
        if self.finished:
            return verdict.capitalize() or "Finished"
        if self.session_closed:
            return f"Not finished, {verdict}" if verdict else "Not finished"
        return "Answering"

    @property
    def for_student(self) -> str:
        """The student's results page: passed or not, in their words; empty without a mark."""
        return {None: "", True: "you passed", False: "not passed this time"}[self.passed]

    @property
    def cut_short(self) -> str:
        """Why an attempt ended unfinished, for its student; empty when it was finished."""
        return UNANSWERED_FOR_STUDENT if self.over and not self.finished else ""
