"""Student pages. Until quizzes are stored, the home page lists the seed articles' questions."""

from __future__ import annotations

import functools
from pathlib import Path

from flask import Blueprint, current_app, render_template

from quizapp.articles import Article, read_article_file
from quizapp.generation import GeneratedQuestion, generate_questions

bp = Blueprint("quiz", __name__)


@functools.cache
def _seed_questions(seeds_dir: str, model: str) -> list[tuple[Article, list[GeneratedQuestion]]]:
    articles = [read_article_file(path) for path in sorted(Path(seeds_dir).glob("*.txt"))]
    return [(a, generate_questions(a.body, title=a.title, model=model)) for a in articles]


@bp.get("/")
def index() -> str:
    """List every seed article with its generated questions."""
    seeds = _seed_questions(
        current_app.config["SEEDS_DIR"], current_app.config["QUIZAPP_SPACY_MODEL"]
    )
    return render_template("quiz/index.html", seeds=seeds)
