"""The student's forms; every one carries a CSRF token through FlaskForm."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Regexp

# Join codes leave out letters and digits that read alike (0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


class StartForm(FlaskForm):
    """Start a quiz, with a name to show on the results if the student wants one."""

    display_name = StringField(
        "Your name (optional)",
        validators=[Length(max=40, message="Keep your name under 40 characters.")],
        filters=[lambda value: " ".join(value.split()) if value else ""],
    )
    submit = SubmitField("Start the quiz")


class AnswerForm(FlaskForm):
    """One question's choices; the view sets them in this attempt's order."""

    choice = RadioField("Your answer", validators=[InputRequired(message="Choose an answer.")])
    submit = SubmitField("Submit answer")

    def is_forged(self, offered: list[str]) -> bool:
        """A value that was never offered: not a slip by the student but a tampered request."""
        return bool(self.choice.data) and self.choice.data not in offered


class JoinForm(FlaskForm):
    """Join a class with the code the teacher shows."""

    code = StringField(
        "Class code",
        validators=[
            InputRequired(message="Type the code your teacher gave you."),
            Regexp(
                rf"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$",
                message=f"A class code is {JOIN_CODE_LENGTH} letters and digits, like KX4P7M.",
            ),
        ],
        filters=[lambda value: value.strip().upper().replace(" ", "") if value else value],
    )
    submit = SubmitField("Join")
