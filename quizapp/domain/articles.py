"""Stored articles: keep a read article with its generated questions, and find one again.

Who may read which: the sample articles (owned by nobody) are everyone's; a teacher's own
article is theirs alone, and anyone else meets a 404, as if it did not exist.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from markupsafe import Markup, escape
from sqlalchemy import select

from quizapp.domain.article_text import ArticleText, Credit, slugify
from quizapp.domain.errors import NotFound
from quizapp.extensions import db
from quizapp.generation import GeneratedQuestion
from quizapp.generation import paragraphs as body_text
from quizapp.models import Article, Question


def store_article(
    article: ArticleText,
    questions: Sequence[GeneratedQuestion],
    *,
    source: str = "",
    owner_id: int | None = None,
) -> Article:
    """Add an article and its generated questions to the session, unreviewed.

    An article with the same slug and body is already stored for the same owner (a teacher, or
    nobody for the samples), and is returned as it is, so importing twice duplicates nothing
    and keeps every edit made since.
    """
    existing = find_stored_article(article, owner_id=owner_id)
    if existing is not None:
        return existing
    stored = Article(
        slug=free_slug(slugify(article.title)),
        title=article.title,
        body=article.body,
        source=source,
        owner_id=owner_id,
        **dataclasses.asdict(article.credit),
    )
    stored.questions = [Question(**dataclasses.asdict(q), status="generated") for q in questions]
    db.session.add(stored)
    return stored


def find_stored_article(article: ArticleText, *, owner_id: int | None = None) -> Article | None:
    """The owner's stored article with this text, under its title's slug or a numbered variant."""
    same_title = _articles_under(slugify(article.title))
    return next(
        (
            stored
            for stored in same_title
            if stored.body == article.body and stored.owner_id == owner_id
        ),
        None,
    )


def as_article_text(stored: Article) -> ArticleText:
    """The stored article as the reader made it, to generate from again."""
    return ArticleText(
        title=stored.title, paragraphs=tuple(stored.paragraphs), credit=credit_of(stored)
    )


def credit_of(stored: Article) -> Credit:
    """The stored article's credit: its byline, publisher, date and web address, as kept."""
    return Credit(stored.byline, stored.publisher, stored.published_on, stored.url)


def recredit(stored: Article, typed: Credit) -> None:
    """Put what the teacher typed over the stored article's credit, field by field (the
    caller commits)."""
    for field, value in dataclasses.asdict(typed.over(credit_of(stored))).items():
        setattr(stored, field, value)


def free_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first slug no stored article has."""
    taken = {stored.slug for stored in _articles_under(base)}
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _articles_under(base: str) -> list[Article]:
    slug = Article.slug
    query = select(Article).where((slug == base) | slug.like(f"{base}-%"))
    return list(db.session.scalars(query))


def readable_article(slug: str, reader_id: int | None) -> Article:
    """The article at this address for the reader (a teacher's id, or None for a student).

    A slug is the title, easy to guess: a teacher's article is NotFound to everyone but its
    owner, and a class reads it through an attempt's address instead.
    """
    stored = db.session.scalar(select(Article).where(Article.slug == slug))
    if stored is None or (stored.owner_id is not None and stored.owner_id != reader_id):
        raise NotFound()
    return stored


def is_owner(article: Article, reader_id: int | None) -> bool:
    """Whether the reader is the teacher whose article this is (a sample has no owner)."""
    return reader_id is not None and article.owner_id == reader_id


def own_article(article_id: int, teacher_id: int) -> Article:
    """The teacher's own article; NotFound for a sample or another teacher's."""
    article = db.session.get(Article, article_id)
    if article is None or article.owner_id != teacher_id:
        raise NotFound()
    return article


def sample_article(article_id: int) -> Article:
    """A sample article (owned by nobody), which any teacher may copy."""
    article = db.session.get(Article, article_id)
    if article is None or article.owner_id is not None:
        raise NotFound()
    return article


def own_question(question_id: int, teacher_id: int) -> Question:
    """A question of one of the teacher's articles; NotFound otherwise."""
    question = db.session.get(Question, question_id)
    if question is None or question.article.owner_id != teacher_id:
        raise NotFound()
    return question


def marked_source(body: str, start: int, end: int, sentence: str) -> list[Markup]:
    """The paragraphs of ``body`` that hold the source sentence, with it in <mark>.

    Empty when the offsets no longer match the article (the sentence is then shown alone).
    """
    if body[start:end] != sentence:
        return []
    # The offsets can take in the blank line before a paragraph; keep the mark on the words.
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    marked = []
    for p_start, paragraph in body_text.spans(body):
        a, b = max(start - p_start, 0), min(end - p_start, len(paragraph))
        if a < b:
            marked.append(
                escape(paragraph[:a])
                + Markup("<mark>")
                + escape(paragraph[a:b])
                + Markup("</mark>")
                + escape(paragraph[b:])
            )
    return marked


def question_source(question: Question) -> list[Markup]:
    """A stored question's source sentence, marked in its paragraphs of the article."""
    return marked_source(
        question.article.body,
        question.source_start,
        question.source_end,
        question.source_sentence,
    )
