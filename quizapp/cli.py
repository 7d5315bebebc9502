"""Flask commands: `generate PATH`, `quality DIR`, `init-db` for the database,
`create-teacher USERNAME`."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from quizapp.domain import question_bank, samples
from quizapp.domain.article_text import ArticleError, read_article_file
from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion, ModelNotInstalledError


@click.command("generate")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@click.option("--seed", type=int, default=0, help="Choice order; the same seed, the same quiz.")
@with_appcontext
def generate_command(path: str, output: str, seed: int) -> None:
    """Print the questions generated from the article at PATH."""
    try:
        questions = question_bank.generate_for(read_article_file(path), seed=seed)
    except (ArticleError, ModelNotInstalledError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if output == "json":
        listed = [dataclasses.asdict(q) for q in questions]
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
    else:
        click.echo(format_questions(questions))


def format_questions(questions: list[GeneratedQuestion]) -> str:
    """A plain-text listing a teacher can read: prompt, lettered choices, answer, why."""
    blocks = []
    for number, question in enumerate(questions, start=1):
        lines = [f"{number}. [{question.kind}] {question.prompt}"]
        for letter, choice in zip("ABCDE", question.choices, strict=False):
            marker = "*" if choice == question.answer else " "
            lines.append(f"  {marker} {letter}) {choice}")
        lines.append(f"    Why: {question.explanation}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


@click.command("quality")
@click.argument("folder", metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option(
    "--examples",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Examples kept per check, per article and in the total.",
)
@with_appcontext
def quality_command(folder: str, as_json: bool, examples: int) -> None:
    """Generate questions for every .txt article in DIR and report what the checks find.

    A report, not a gate: the exit status is 0 whatever the checks find, 2 when DIR is
    missing or holds no .txt article.
    """
    from quizapp.generation.report import ReportError, format_report, report

    try:
        result = report(folder, examples=examples, model=current_app.config["QUIZAPP_SPACY_MODEL"])
    except (ReportError, ModelNotInstalledError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(result))


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables and import the seed articles with a practice quiz each; safe to rerun."""
    upgrade_database()
    try:
        report = samples.import_samples(Path(current_app.config["SEEDS_DIR"]))
    except (ArticleError, ModelNotInstalledError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo("\n".join(["Database ready.", *report]))


# The revision whose schema is the one db.create_all() made before there were migrations.
FIRST_REVISION = "d6fe84b0a731"


def upgrade_database() -> None:
    """Bring the schema to the newest revision in place, never dropping data. A database made
    before migrations existed holds the first revision's tables: it is stamped, then upgraded."""
    import flask_migrate
    from sqlalchemy import inspect

    tables = set(inspect(db.engine).get_table_names())
    if tables and "alembic_version" not in tables:
        flask_migrate.stamp(revision=FIRST_REVISION)
    flask_migrate.upgrade()


@click.command("create-teacher")
@click.argument("username")
@with_appcontext
def create_teacher_command(username: str) -> None:
    """Create a teacher account; the password is asked twice, or read from standard input."""
    from quizapp.domain.teachers import AccountError, create_teacher

    upgrade_database()
    password = read_password()
    try:
        create_teacher(username, password)
    except AccountError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(f"Teacher {username} created. Log in at /login.")


def read_password() -> str:
    """At a terminal, asked twice without echo; otherwise the first line of standard input."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


def register(app: Flask) -> None:
    """Attach every command to the app."""
    app.cli.add_command(generate_command)
    app.cli.add_command(quality_command)
    app.cli.add_command(init_db_command)
    app.cli.add_command(create_teacher_command)
