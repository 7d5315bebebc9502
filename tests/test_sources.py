"""Sources kept: an article's byline, publisher, date and web address, read from an uploaded web
page or typed by the teacher, are stored and credited on the article page, the practice quiz's
start page, the question bank and the worksheet."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from conftest import DATA, Classroom
from flask import Flask
from helpers import Student, TeacherBrowser, visible_text
from sqlalchemy import func, select

from quizapp.domain import question_bank
from quizapp.domain.article_text import Credit, credit_from, read_article
from quizapp.domain.articles import credit_of
from quizapp.domain.quizzes import QuizSettings, best_questions, build_quiz
from quizapp.extensions import db
from quizapp.models import Article, Quiz

BUSINESS = (DATA / "business_story.txt").read_text()
SCIENCE = (DATA / "science_story.txt").read_text()
URL = "https://harbourtimes.example/news/harbour-vote"
CREDIT_LINE = "By Jane Doe · Harbour Times · 12 March 2025"


def web_page(story: str, head: str) -> str:
    """A saved news page: the story in <article>, ``head`` in <head>, a menu and a footer."""
    title, *paragraphs = [p for p in story.split("\n\n") if p.strip()]
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> | <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>Copyright 2019 Harbour Times.</footer></body></html>"
    )


CREDITED_HEAD = (
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2025-03-12T08:30:00Z">'
    '<meta property="og:site_name" content="Harbour Times">'
    f'<link rel="canonical" href="{URL}">'
)


def upload(browser: TeacherBrowser, html: str, **fields: str) -> Any:
    page = (io.BytesIO(html.encode()), "harbour.html")
    return browser.post(
        "/teach/articles/new", {"upload": page, **fields}, content_type="multipart/form-data"
    )


def stored(app: Flask, article_id: int) -> Article:
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        db.session.expunge(article)
        return article


def quiz_of(app: Flask, article_id: int, teacher_id: int) -> int:
    """A quiz of the article's best approved questions, built as the quiz form builds one."""
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        question_bank.approve_all(article)
        settings = QuizSettings("Harbour quiz", "end", False, None)
        quiz = build_quiz(article, teacher_id, best_questions(article, 4), settings)
        db.session.commit()
        return quiz.id


def test_the_html_upload_keeps_byline_date_publisher_and_address(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    sent = upload(ada, web_page(BUSINESS, CREDITED_HEAD))
    assert sent.status_code == 302, sent.text
    article_id = int(sent.location.rsplit("/", 1)[1])
    article = stored(app, article_id)
    assert (article.byline, article.publisher) == ("Jane Doe", "Harbour Times")
    assert article.published_on == date(2025, 3, 12) and article.url == URL
    assert article.source == "upload: harbour.html"  # where the text came from, as before

    original = f'<a href="{URL}" rel="noreferrer">The original at harbourtimes.example</a>'
    for page in (
        ada.client.get(f"/teach/articles/{article_id}"),  # the question bank
        ada.client.get(f"/articles/{article.slug}"),  # the article page, for its owner
    ):
        assert page.status_code == 200
        assert f"{CREDIT_LINE} · The original at harbourtimes.example" in visible_text(page.text)
        assert original in page.text

    quiz_id = quiz_of(app, article_id, classroom.teacher_id)
    sheet = ada.client.get(f"/teach/quizzes/{quiz_id}/worksheet")
    assert sheet.status_code == 200
    assert f"Source: {CREDIT_LINE} · {URL}" in visible_text(sheet.text)


def test_a_class_reads_the_credit_through_its_attempt(app: Flask, classroom: Classroom) -> None:
    with app.app_context():
        article = db.session.get(Article, classroom.article_id)
        assert article is not None
        article.byline, article.publisher = "Jane Doe", "Harbour Times"
        article.published_on, article.url = date(2025, 3, 12), URL
        db.session.commit()
    kim = Student(app.test_client())
    joined = kim.join(classroom.code, "Kim")
    assert joined.status_code == 302, joined.text
    token = joined.location.split("/attempts/")[1].split("/")[0]
    page = kim.client.get(f"/attempts/{token}/article")
    assert page.status_code == 200 and CREDIT_LINE in visible_text(page.text)


def test_pasted_text_takes_its_credit_from_the_optional_fields(
    app: Flask, ada: TeacherBrowser
) -> None:
    fields = {
        "body": SCIENCE,
        "byline": "  By   Sam Reed ",
        "publisher": "Coast Science Weekly",
        "published_on": "2024-11-05",
        "url": " http://coastscience.example/reef ",
    }
    sent = ada.post("/teach/articles/new", fields)
    assert sent.status_code == 302, sent.text
    article = stored(app, int(sent.location.rsplit("/", 1)[1]))
    assert article.source == "pasted"
    assert credit_of(article) == Credit(
        "Sam Reed", "Coast Science Weekly", date(2024, 11, 5), "http://coastscience.example/reef"
    )
    page = ada.client.get(f"/articles/{article.slug}")
    assert "By Sam Reed · Coast Science Weekly · 5 November 2024" in visible_text(page.text)


def test_pasted_text_without_the_fields_has_no_credit_line(app: Flask, ada: TeacherBrowser) -> None:
    article_id = ada.add_article(SCIENCE)
    assert credit_of(stored(app, article_id)) == Credit()
    page = ada.client.get(f"/teach/articles/{article_id}")
    assert 'class="credit"' not in page.text


def test_what_the_teacher_types_wins_over_the_web_page(app: Flask, ada: TeacherBrowser) -> None:
    sent = upload(ada, web_page(BUSINESS, CREDITED_HEAD), byline="Jane Doe and Ray Park")
    assert sent.status_code == 302, sent.text
    article = stored(app, int(sent.location.rsplit("/", 1)[1]))
    assert article.byline == "Jane Doe and Ray Park" and article.publisher == "Harbour Times"


def test_adding_the_same_text_again_amends_its_credit(app: Flask, ada: TeacherBrowser) -> None:
    article_id = ada.add_article(SCIENCE)
    sent = ada.post("/teach/articles/new", {"body": SCIENCE, "publisher": "Coast Science Weekly"})
    assert sent.status_code == 302 and sent.location.endswith(f"/{article_id}")
    assert stored(app, article_id).publisher == "Coast Science Weekly"


# Stands for the day after tomorrow, worked out when the test runs: a date fixed when the
# tests are collected is only tomorrow once a run crosses midnight (UTC).
TOMORROW_BUT_ONE = "the day after tomorrow"


def day_after_tomorrow() -> str:
    return (datetime.now(UTC) + timedelta(days=2)).date().isoformat()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "javascript:alert(1)"}, "starting with http:// or https://"),
        ({"url": "harbourtimes.example/news"}, "starting with http:// or https://"),
        ({"url": "https://"}, "starting with http:// or https://"),
        ({"url": "https://harbour times.example/"}, "has no spaces"),
        ({"url": "https://h.example/" + "a" * 500}, "at most 500 characters"),
        ({"published_on": "12/03/2025"}, "year-month-day, like 2025-03-12"),
        ({"published_on": "2025-02-30"}, "year-month-day, like 2025-03-12"),
        ({"published_on": TOMORROW_BUT_ONE}, "in the future"),
        ({"byline": "x" * 201}, "At most 200 characters."),
        ({"publisher": "x" * 201}, "At most 200 characters."),
    ],
)
def test_a_bad_credit_is_refused_with_a_message_and_saves_nothing(
    app: Flask, ada: TeacherBrowser, fields: dict[str, str], message: str
) -> None:
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Article))
    if fields.get("published_on") == TOMORROW_BUT_ONE:
        fields = {"published_on": day_after_tomorrow()}
    sent = ada.post("/teach/articles/new", {"body": SCIENCE, **fields})
    assert sent.status_code == 400 and message in sent.text
    name = next(iter(fields))
    assert f'id="{name}-errors"' in sent.text and 'aria-invalid="true"' in sent.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == before


def test_a_credit_is_escaped_on_the_page(app: Flask, ada: TeacherBrowser) -> None:
    sent = ada.post("/teach/articles/new", {"body": SCIENCE, "byline": "<b>Eve</b>"})
    article = stored(app, int(sent.location.rsplit("/", 1)[1]))
    page = ada.client.get(f"/articles/{article.slug}")
    assert "By &lt;b&gt;Eve&lt;/b&gt;" in page.text and "<b>Eve" not in page.text


def test_the_practice_start_page_and_a_copied_sample_carry_the_credit(
    app: Flask, ada: TeacherBrowser
) -> None:
    with app.app_context():
        sample = db.session.scalars(select(Article).where(Article.owner_id.is_(None))).one()
        sample.byline, sample.publisher, sample.url = "Jane Doe", "Harbour Times", URL
        sample.published_on = date(2025, 3, 12)
        db.session.commit()
        sample_id, title = sample.id, sample.title
        quiz_id = db.session.scalars(select(Quiz.id).where(Quiz.practice)).one()
    start = app.test_client().get(f"/quizzes/{quiz_id}")
    assert start.status_code == 200
    assert f"On “{title}”: {CREDIT_LINE} · The original at harbourtimes.example" in (
        visible_text(start.text)
    )
    copied = ada.post(f"/teach/articles/{sample_id}/copy")
    copy = stored(app, int(copied.location.rsplit("/", 1)[1]))
    assert credit_of(copy) == Credit("Jane Doe", "Harbour Times", date(2025, 3, 12), URL)


# ── reading the credit from a page, without the app ──────────────────────────────────────


def test_a_page_without_metadata_gives_no_credit_and_no_guessed_date() -> None:
    """The footer's "Copyright 2019" is not the article's date."""
    article = read_article(web_page(BUSINESS, ""))
    assert article.credit == Credit()


def test_a_page_with_two_authors_and_a_bad_address() -> None:
    head = (
        '<meta name="author" content="Jane Doe; Bob Roe">'
        '<meta property="og:url" content="javascript:alert(1)">'
        '<meta name="date" content="2025-03-12">'
    )
    credit = read_article(web_page(BUSINESS, head)).credit
    assert credit.byline == "Jane Doe and Bob Roe" and credit.url is None
    assert credit.published_on == date(2025, 3, 12)


def test_credit_from_tidies_what_it_is_given() -> None:
    credit = credit_from(" by  Jane\nDoe ", "  ", None, "ftp://x.example/a")
    assert credit == Credit("Jane Doe", None, None, None) and credit.parts == ["By Jane Doe"]
    assert not Credit() and credit
    assert Credit(url="https://www.bbc.example/news/1").site == "bbc.example"
    assert Credit(byline="A").over(Credit("B", "P")) == Credit("A", "P")
