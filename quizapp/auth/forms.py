"""The teacher's login form; it carries a CSRF token like every form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(
        "Username",
        validators=[DataRequired(message="Type your username."), Length(max=40)],
        filters=[lambda value: value.strip() if value else value],
    )
    password = PasswordField(
        "Password", validators=[DataRequired(message="Type your password."), Length(max=200)]
    )
    submit = SubmitField("Log in")
