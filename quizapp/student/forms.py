"""The student's forms; every one carries a CSRF token through FlaskForm."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from quizapp.domain.class_sessions import code_problem, nickname_problem
from quizapp.wording import one_line


class StartForm(FlaskForm):
    """Start a quiz, with a name to show on the results if the student wants one."""

    display_name = StringField(
        "Your name (optional)",
        validators=[Length(max=40, message="Keep your name under 40 characters.")],
        filters=[one_line],
    )
    submit = SubmitField("Start the quiz")


class AnswerForm(FlaskForm):
    """Checks a posted answer against the question's choices, which the view sets in this
    attempt's order. The question page writes its own markup (see student/question.html)."""

    choice = RadioField("Your answer", validators=[InputRequired(message="Choose an answer.")])

    def is_forged(self, offered: list[str]) -> bool:
        """A value that was never offered: not a slip by the student but a tampered request."""
        return bool(self.choice.data) and self.choice.data not in offered


class LiveAnswerForm(FlaskForm):
    """An answer in a class the teacher leads: the question's number says which one it
    answers, so that one sent after the class moved on is refused, not put on the next."""

    number = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    choice = StringField(validators=[InputRequired(message="Choose an answer.")])


class JoinForm(FlaskForm):
    """Join a class with the code the teacher shows and a nickname the class will see."""

    code = StringField(
        "Class code",
        validators=[InputRequired(message="Type the code your teacher gave you.")],
        filters=[lambda value: value.strip().upper().replace(" ", "") if value else value],
    )
    nickname = StringField(
        "Your nickname",
        validators=[
            DataRequired(message="Choose a nickname; your teacher sees it beside your score."),
            Length(max=30, message="Keep your nickname under 30 characters."),
        ],
        filters=[one_line],
    )
    submit = SubmitField("Join")

    def validate_nickname(self, field: Any) -> None:
        """No invisible characters, no look-alike letters of two alphabets."""
        problem = nickname_problem(field.data or "")
        if problem is not None:
            raise ValidationError(problem)

    def validate_code(self, field: Any) -> None:
        """Six characters of the code alphabet; a look-alike (0 for O, 1 for I) is named."""
        problem = code_problem(field.data or "")
        if problem is not None:
            raise ValidationError(problem)


class RejoinForm(FlaskForm):
    """Go on with one's class attempt on this device: a button, with its CSRF token."""

    submit = SubmitField("Go on with my quiz here")
