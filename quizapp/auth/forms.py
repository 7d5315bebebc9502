"""The teacher's login form; it carries a CSRF token like every form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from quizapp.domain.teachers import MAX_PASSWORD, MIN_PASSWORD, PASSWORD_RULE


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(
        "Username",
        validators=[DataRequired(message="Type your username."), Length(max=40)],
        filters=[lambda value: value.strip() if value else value],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(message="Type your password."), Length(max=MAX_PASSWORD)],
    )
    submit = SubmitField("Log in")


class PasswordForm(FlaskForm):
    """Change one's password: the current one, and the new one twice."""

    current = PasswordField(
        "Current password",
        validators=[DataRequired(message="Type your current password."), Length(max=MAX_PASSWORD)],
    )
    new = PasswordField(
        "New password",
        validators=[
            DataRequired(message=PASSWORD_RULE),
            Length(min=MIN_PASSWORD, max=MAX_PASSWORD, message=PASSWORD_RULE),
        ],
        description=PASSWORD_RULE,
    )
    repeat = PasswordField(
        "The new password again",
        validators=[EqualTo("new", message="The two new passwords differ.")],
    )
    submit = SubmitField("Change the password")
