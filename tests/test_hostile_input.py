"""Hostile input: markup is shown as text everywhere, SQL strings are only text, guesses get 404.

Everything goes through the test client with CSRF on, as a browser sends it. A teacher pastes
an article full of script, names the quiz after it and edits a question into payloads; students
join with nicknames that are tags. Then every page, the dashboard's JSON and every export is
read back. SQL-injection strings go into every input, and tokens, codes, slugs and ids are
guessed, or taken from another teacher.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from conftest import DATA, Classroom
from flask import Flask
from helpers import TEACHER_PASSWORD, Student, TeacherBrowser, questions_in_order
from markupsafe import escape
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import InstrumentedAttribute
from test_exports import parse_gift
from werkzeug.test import TestResponse

from quizapp.domain.attempts import start_attempt
from quizapp.extensions import db
from quizapp.models import (
    JOIN_CODE_ALPHABET,
    Article,
    Attempt,
    ClassSession,
    Question,
    Quiz,
)

# ---------------------------------------------------------------------------------------------
# The payloads, and where the scenario puts them.

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
TEMPLATE = "{{7*7}}"  # a template that evaluated stored text would print 49
END_TEXTAREA = "</textarea>"
PAYLOADS = f"{SCRIPT} {TEMPLATE} {IMG} {JS_URL} {END_TEXTAREA}"

ARTICLE_TITLE = f"Harbour {PAYLOADS}"
NOTE = f"Staff filed note {PAYLOADS} today."  # added to every paragraph of the article
QUIZ_TITLE = f"Quiz {TEMPLATE} {SCRIPT} {IMG}"
PROMPT = f"Which tag {SCRIPT} or {IMG} is {TEMPLATE}?"
CHOICES = [SCRIPT, IMG, JS_URL, TEMPLATE, END_TEXTAREA]
ANSWER = IMG
EXPLANATION = f"Because {END_TEXTAREA} {JS_URL} {SCRIPT}."
EVE = "<b onmouseover=alert(1)>Ev</b>"  # a nickname has at most 30 characters
MAL = SCRIPT
EDIT = {
    "prompt": PROMPT,
    "choices": "\n".join(CHOICES),
    "answer": ANSWER,
    "explanation": EXPLANATION,
}


def hostile_article() -> str:
    """The council story with the payloads in every paragraph, so every source shows them."""
    paragraphs = (DATA / "council_story.txt").read_text().split("\n\n")[1:]
    return "\n\n".join(f"{paragraph.strip()} {NOTE}" for paragraph in paragraphs)


# ---------------------------------------------------------------------------------------------
# Reading a page as a browser would.


class ParsedPage(HTMLParser):
    """The tags, attributes and text of a page, with character references decoded."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.opened: Counter[str] = Counter()
        self.closed: Counter[str] = Counter()
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.opened[tag] += 1
        self.texts.extend(value for _, value in attrs if value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.closed[tag] += 1

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def assert_shown_as_text(html: str, shown: list[str]) -> None:
    """No payload became markup, and each of ``shown`` is on the page as escaped text."""
    lowered = html.lower()
    assert "<script>alert" not in lowered and "<img" not in lowered
    assert "<b onmouseover" not in lowered
    page = ParsedPage(html)
    for tag, attrs in page.tags:
        names = [name for name, _ in attrs]
        assert not [name for name in names if name.startswith("on")], (tag, attrs)
        if tag == "script":
            assert (dict(attrs).get("src") or "").startswith("/static/"), attrs
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, attrs)
    # A payload's </textarea> that ended a real textarea early leaves one end tag too many.
    for tag, count in page.closed.items():
        assert count <= page.opened[tag], f"a stray </{tag}>"
    text = "\n".join(page.texts)
    for payload in shown:
        assert str(escape(payload)) in html, payload
        assert payload in text, payload
        if TEMPLATE in payload and payload != TEMPLATE:
            assert payload.replace(TEMPLATE, "49") not in text, payload


# ---------------------------------------------------------------------------------------------
# The scenario: Ada's hostile article, quiz and session; Eve finished, Mal has just joined.


@dataclass(frozen=True)
class AnsweredQuestion:
    id: int
    answer: str


def questions_of(app: Flask, token: str) -> list[AnsweredQuestion]:
    """The attempt's questions in the order its student sees them."""
    return [AnsweredQuestion(q.id, q.answer) for q in questions_in_order(app, token)]


def answer(
    app: Flask, student: Student, token: str, choose: Callable[[AnsweredQuestion], str]
) -> None:
    for number, question in enumerate(questions_of(app, token), start=1):
        assert student.answer(token, number, choose(question)).status_code == 302


def token_of(joined: TestResponse) -> str:
    assert joined.status_code == 302, joined.text
    return joined.location.rsplit("/", 1)[1]


def id_in(location: str) -> int:
    return int(location.rstrip("/").rsplit("/", 1)[1])


@dataclass(frozen=True)
class Hostile:
    app: Flask
    ada: TeacherBrowser
    eve: Student
    mal: Student
    eve_token: str
    mal_token: str
    article_id: int
    slug: str
    quiz_id: int
    question_id: int
    session_id: int
    code: str
    practice_quiz_id: int
    first_review: TestResponse

    def number(self, token: str) -> int:
        """Where the edited question comes in this attempt."""
        ids = [question.id for question in questions_of(self.app, token)]
        return ids.index(self.question_id) + 1


@pytest.fixture
def hostile(app: Flask, ada: TeacherBrowser, classroom: Classroom, quiz_id: int) -> Hostile:
    body = {"title": ARTICLE_TITLE, "body": hostile_article()}
    review = ada.post("/teach/articles/new", body, follow_redirects=True)
    assert review.status_code == 200
    article_id = id_in(review.request.path)
    assert ada.post(f"/teach/articles/{article_id}/approve-all").status_code == 302
    quiz_form = {"title": QUIZ_TITLE, "selection": "best", "size": "5"}
    quiz_form |= {"feedback_mode": "immediate", "pass_mark": "50"}
    made = ada.post(f"/teach/articles/{article_id}/quizzes/new", quiz_form)
    assert made.status_code == 302, made.text
    hostile_quiz = id_in(made.location)
    with app.app_context():
        quiz = db.session.get(Quiz, hostile_quiz)
        assert quiz is not None
        question_id, slug = quiz.questions[0].id, quiz.article.slug
    assert ada.post(f"/teach/questions/{question_id}/edit", EDIT).status_code == 302
    session_id = id_in(ada.post(f"/teach/quizzes/{hostile_quiz}/sessions").location)
    with app.app_context():
        code = db.session.get(ClassSession, session_id).code  # type: ignore[union-attr]
    eve, mal = Student(app.test_client()), Student(app.test_client())
    eve_token, mal_token = token_of(eve.join(code, EVE)), token_of(mal.join(code, MAL))
    hostile = Hostile(
        app, ada, eve, mal, eve_token, mal_token, article_id, slug, hostile_quiz, question_id,
        session_id, code, quiz_id, review,
    )  # fmt: skip
    # Eve answers the edited question with a payload (a wrong one), the others right.
    answer(app, eve, eve_token, lambda q: SCRIPT if q.id == question_id else q.answer)
    # Mal answers up to the edited question, which stays on his screen.
    for number, question in enumerate(questions_of(app, mal_token), start=1):
        if question.id == question_id:
            break
        mal.answer(mal_token, number, question.answer)
    return hostile


def close_then_closed_page(h: Hostile) -> TestResponse:
    assert h.ada.post(f"/teach/sessions/{h.session_id}/close").status_code == 302
    return h.mal.client.get(f"/attempts/{h.mal_token}/closed")


def practice_results(h: Hostile) -> TestResponse:
    student = Student(h.app.test_client())
    token = student.start(h.practice_quiz_id, name=EVE)
    answer(h.app, student, token, lambda q: q.answer)
    return student.client.get(f"/attempts/{token}/results")


def other_code(h: Hostile) -> str:
    return "ZZZZZZ" if h.code != "ZZZZZZ" else "YYYYYY"


Fetch = Callable[[Hostile], TestResponse]
# Each page: how to get it, its status, and the payloads it must show as text.
PAGES: dict[str, tuple[Fetch, int, list[str]]] = {
    "student: the article": (
        lambda h: h.eve.client.get(f"/attempts/{h.eve_token}/article"),
        200,
        [ARTICLE_TITLE, NOTE],
    ),
    "student: the question": (
        lambda h: h.mal.client.get(f"/attempts/{h.mal_token}/questions/{h.number(h.mal_token)}"),
        200,
        [QUIZ_TITLE, PROMPT, *CHOICES],
    ),
    "student: feedback with the highlighted source": (
        lambda h: h.eve.client.get(
            f"/attempts/{h.eve_token}/questions/{h.number(h.eve_token)}/feedback"
        ),
        200,
        [QUIZ_TITLE, PROMPT, SCRIPT, ANSWER, EXPLANATION, NOTE],
    ),
    "student: results": (
        lambda h: h.eve.client.get(f"/attempts/{h.eve_token}/results"),
        200,
        [QUIZ_TITLE, EVE, PROMPT, SCRIPT, ANSWER, EXPLANATION],
    ),
    "student: practice results with a display name": (practice_results, 200, [EVE]),
    "student: start form refused (a name too long)": (
        lambda h: Student(h.app.test_client()).post(
            f"/quizzes/{h.practice_quiz_id}", {"display_name": SCRIPT + IMG}
        ),
        200,
        [SCRIPT + IMG],
    ),
    "student: join link with a code": (
        lambda h: h.eve.client.get(f"/join?code={quote(SCRIPT)}"),
        200,
        [SCRIPT.upper()],  # the code field reads upper case
    ),
    "student: the session is closed": (close_then_closed_page, 200, [QUIZ_TITLE, MAL]),
    "student: join form refused": (
        lambda h: Student(h.app.test_client()).join(other_code(h), EVE),
        400,
        [EVE],
    ),
    "teacher: login form refused": (
        lambda h: TeacherBrowser(h.app.test_client()).login(SCRIPT, "not a password"),
        400,
        [SCRIPT],
    ),
    "teacher: home": (lambda h: h.ada.client.get("/teach/"), 200, [ARTICLE_TITLE, QUIZ_TITLE]),
    "teacher: review after pasting, with its message": (
        lambda h: h.first_review,
        200,
        [f"“{ARTICLE_TITLE}”", NOTE],
    ),
    "teacher: new article form refused": (
        lambda h: h.ada.post("/teach/articles/new", {"title": SCRIPT, "body": PAYLOADS}),
        400,
        [SCRIPT, PAYLOADS],
    ),
    "teacher: question bank": (
        lambda h: h.ada.client.get(f"/teach/articles/{h.article_id}"),
        200,
        [ARTICLE_TITLE, PROMPT, *CHOICES, EXPLANATION, NOTE],
    ),
    "teacher: edit form": (
        lambda h: h.ada.client.get(f"/teach/questions/{h.question_id}/edit"),
        200,
        [ARTICLE_TITLE, PROMPT, *CHOICES, ANSWER, EXPLANATION, NOTE],
    ),
    "teacher: edit form refused": (
        lambda h: h.ada.post(
            f"/teach/questions/{h.question_id}/edit", EDIT | {"answer": f"Nope {SCRIPT}"}
        ),
        400,
        [PROMPT, *CHOICES, f"Nope {SCRIPT}", EXPLANATION],
    ),
    "teacher: new quiz form": (
        lambda h: h.ada.client.get(f"/teach/articles/{h.article_id}/quizzes/new"),
        200,
        [ARTICLE_TITLE, PROMPT, ANSWER],
    ),
    "teacher: new quiz form refused": (
        lambda h: h.ada.post(
            f"/teach/articles/{h.article_id}/quizzes/new",
            {"title": QUIZ_TITLE, "selection": "best", "size": "5", "pass_mark": "half"},
        ),
        400,
        [QUIZ_TITLE],
    ),
    "teacher: quiz": (
        lambda h: h.ada.client.get(f"/teach/quizzes/{h.quiz_id}"),
        200,
        [QUIZ_TITLE, ARTICLE_TITLE, PROMPT, ANSWER],
    ),
    "teacher: join code": (
        lambda h: h.ada.client.get(f"/teach/sessions/{h.session_id}"),
        200,
        [QUIZ_TITLE],
    ),
    "teacher: dashboard": (
        lambda h: h.ada.client.get(f"/teach/sessions/{h.session_id}/dashboard"),
        200,
        [QUIZ_TITLE, EVE, MAL, PROMPT, ANSWER, SCRIPT],
    ),
    "teacher: worksheet": (
        lambda h: h.ada.client.get(f"/teach/quizzes/{h.quiz_id}/worksheet"),
        200,
        [QUIZ_TITLE, ARTICLE_TITLE, NOTE, PROMPT, *CHOICES],
    ),
    "teacher: answer key": (
        lambda h: h.ada.client.get(f"/teach/quizzes/{h.quiz_id}/answer-key"),
        200,
        [QUIZ_TITLE, PROMPT, ANSWER, EXPLANATION],
    ),
    "teacher: own article at its slug": (
        lambda h: h.ada.client.get(f"/articles/{h.slug}"),
        200,
        [ARTICLE_TITLE, NOTE],
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_markup_is_shown_as_text(hostile: Hostile, name: str) -> None:
    fetch, status, shown = PAGES[name]
    page = fetch(hostile)
    assert page.status_code == status, page.text
    assert page.mimetype == "text/html"
    assert_shown_as_text(page.text, shown)


def test_the_dashboard_json_carries_the_raw_text(hostile: Hostile) -> None:
    live = hostile.ada.client.get(f"/teach/sessions/{hostile.session_id}/live.json")
    assert live.mimetype == "application/json"
    assert live.headers["X-Content-Type-Options"] == "nosniff"
    data = live.get_json()
    assert {student["nickname"] for student in data["students"]} == {EVE, MAL}
    question = next(q for q in data["questions"] if q["prompt"] == PROMPT)
    assert question["answer"] == ANSWER
    assert {wrong["choice"]: wrong["count"] for wrong in question["wrong"]} == {
        SCRIPT: 1,
        JS_URL: 0,
        TEMPLATE: 0,
        END_TEXTAREA: 0,
    }
    # The script puts these in with textContent; HTML escaping here would show as &lt;.
    assert "&lt;" not in live.text and "&#34;" not in live.text and "&amp;" not in live.text


# A download is named after the quiz title, slugified (and the join code): nothing of the title
# can break out of the header.
DOWNLOAD_NAME = re.compile(r'attachment; filename="[a-z0-9-]+(-[A-Z0-9]{6})?\.(csv|gift)"')


def test_the_results_csv_carries_the_raw_text(hostile: Hostile) -> None:
    sent = hostile.ada.client.get(f"/teach/sessions/{hostile.session_id}/results.csv")
    assert DOWNLOAD_NAME.fullmatch(sent.headers["Content-Disposition"])
    header, *rows = list(csv.reader(io.StringIO(sent.data.decode("utf-8-sig"))))
    column = next(n for n, cell in enumerate(header) if cell.endswith(f": {PROMPT}"))
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {EVE, MAL}
    assert by_name[EVE][column] == SCRIPT and by_name[MAL][column] == ""


def test_gift_escapes_the_payloads(hostile: Hostile) -> None:
    sent = hostile.ada.client.get(f"/teach/quizzes/{hostile.quiz_id}/quiz.gift")
    assert DOWNLOAD_NAME.fullmatch(sent.headers["Content-Disposition"])
    text = sent.text
    # The title is a comment line, which Moodle skips; one line, so nothing escapes it.
    assert text.split("\n")[0] == f"// {QUIZ_TITLE}"
    questions = "\n".join(line for line in text.split("\n") if not line.startswith("//"))
    # The question text is [html]: its markup is escaped, and so are GIFT's own characters.
    assert "<" not in questions and ">" not in questions
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in questions
    assert r"\{\{7*7\}\}" in questions and r"javascript\:alert(1)" in questions
    assert r'"&gt;&lt;img src\=x onerror\=alert(1)&gt;' in questions
    read = next(question for question in parse_gift(text) if question.text == PROMPT)
    assert read.right == [ANSWER]
    assert sorted(read.wrong) == sorted(choice for choice in CHOICES if choice != ANSWER)
    assert read.general_feedback == EXPLANATION


# A CSV cell starting with one of = + - @ (or a tab or carriage return before one) is a formula
# to a spreadsheet: it gets a leading quote. Every other cell is left exactly as it was.
NICKNAME_CELLS = {
    '=HYPERLINK("http://x.io","Hi")': '\'=HYPERLINK("http://x.io","Hi")',
    "+1+1": "'+1+1",
    "-1+1": "'-1+1",
    "@SUM(A1:A2)": "'@SUM(A1:A2)",
    "Zoë": "Zoë",
    "a=b": "a=b",
    "1-2": "1-2",
    "O'Neil": "O'Neil",
    "<b>x</b>": "<b>x</b>",
}
TYPED_WITH_A_TAB = "\t=tab"  # the form tidies the tab away; the rest is still a formula
STORED_CELLS = {"\t=cmd": "'\t=cmd", "\r=cmd": "'\r=cmd"}  # only the database can hold these
CHOICE_CELLS = {"=1+1": "'=1+1", "+2": "'+2", "-3": "'-3", "@A1": "'@A1", "Plain": "Plain"}


def test_csv_cells_that_start_a_formula_are_neutralised(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    question_id = classroom.question_ids[0]
    edit = {"prompt": "Which cell?", "choices": "\n".join(CHOICE_CELLS), "answer": "Plain"}
    edit["explanation"] = "It is plain."
    assert ada.post(f"/teach/questions/{question_id}/edit", edit).status_code == 302
    nicknames = [*NICKNAME_CELLS, TYPED_WITH_A_TAB, "tab", "cr"]
    chosen = dict(zip(nicknames, [*CHOICE_CELLS] * 3, strict=False))
    for nickname in nicknames:
        student = Student(app.test_client())
        token = token_of(student.join(classroom.code, nickname))
        pick = chosen[nickname]
        answer(app, student, token, lambda q, pick=pick: pick if q.id == question_id else q.answer)
    with app.app_context():
        # A tab or carriage return at the start cannot be typed into the forms; stored anyway.
        for stored, name in zip(STORED_CELLS, ("tab", "cr"), strict=True):
            attempt = db.session.scalars(select(Attempt).where(Attempt.display_name == name)).one()
            attempt.display_name = stored
            response = next(r for r in attempt.responses if r.question_id == question_id)
            response.chosen = "\t@A1" if name == "tab" else "\r+2"
        db.session.commit()

    sent = ada.client.get(f"/teach/sessions/{classroom.session_id}/results.csv")
    header, *rows = list(csv.reader(io.StringIO(sent.data.decode("utf-8-sig"))))
    column = header.index(next(cell for cell in header if cell.endswith(": Which cell?")))
    expected = NICKNAME_CELLS | STORED_CELLS | {TYPED_WITH_A_TAB.strip(): "'=tab"}
    assert sorted(row[0] for row in rows) == sorted(expected.values())
    answers = {row[0]: row[column] for row in rows}
    for nickname in NICKNAME_CELLS:
        assert answers[NICKNAME_CELLS[nickname]] == CHOICE_CELLS[chosen[nickname]], nickname
    assert answers["'\t=cmd"] == "'\t@A1" and answers["'\r=cmd"] == "'\r+2"
    for row in rows:
        assert row[1].isdigit() and row[2] == "5"


# ---------------------------------------------------------------------------------------------
# SQL-injection strings in every input: a validation error, a 404 or a page that treats them as
# text, never a 500; the database keeps every table and every row.

SQL_STRINGS = [
    "' OR '1'='1",
    "ada' --",
    "1; DROP TABLE attempt; --",
    '" OR ""="',
    "%' --",
    "’ OR ‘1’=‘1",  # typographic quotes, as a phone keyboard types them
]
# The title and two paragraphs of the council story: enough for questions, quick to generate.
SHORT_STORY = "\n\n".join((DATA / "council_story.txt").read_text().split("\n\n")[:3])


@dataclass(frozen=True)
class Scene:
    app: Flask
    classroom: Classroom
    ada: TeacherBrowser
    student: Student
    practice_quiz_id: int

    def token(self) -> str:
        """A fresh attempt in the class session, for inputs that need one."""
        nickname = f"Tester {secrets.token_hex(4)}"
        return token_of(Student(self.app.test_client()).join(self.classroom.code, nickname))


@pytest.fixture
def scene(app: Flask, classroom: Classroom, ada: TeacherBrowser, quiz_id: int) -> Scene:
    return Scene(app, classroom, ada, Student(app.test_client()), quiz_id)


def table_rows(app: Flask, whole: bool = False) -> tuple[set[str], dict[str, set[str]]]:
    """The database's tables, and each table's rows: their keys, or (whole) every column."""
    with app.app_context():
        names = set(inspect(db.engine).get_table_names())
        rows = {}
        for table in db.metadata.sorted_tables:
            if table.name == "rate_count":  # counts of tries, not anybody's data
                continue
            columns = table.columns if whole else table.primary_key.columns
            rows[table.name] = {repr(tuple(row)) for row in db.session.execute(select(*columns))}
        return names, rows


Send = Callable[[Scene, str], TestResponse]
Check = Callable[[Scene, str, TestResponse], None]


def url(text: str) -> str:
    return quote(text, safe="")


def stored(*columns: InstrumentedAttribute[Any]) -> Check:
    """The input was saved as the text it is, in each of ``columns``."""

    def check(scene: Scene, text: str, _sent: TestResponse) -> None:
        with scene.app.app_context():
            for column in columns:
                found = db.session.scalar(select(func.count()).where(column == text))
                assert found, (str(column), text)

    return check


def says(message: str) -> Check:
    """The page answers with ``message``."""

    def check(scene: Scene, text: str, sent: TestResponse) -> None:
        assert message in sent.text.replace("&#39;", "'"), (message, text)

    return check


def goes_to(location: str) -> Check:
    def check(scene: Scene, text: str, sent: TestResponse) -> None:
        assert sent.location == location, (sent.location, text)

    return check


def login_as_ada(app: Flask, next_page: str) -> TestResponse:
    """Ada logs in from a login link that says where to go next."""
    browser = TeacherBrowser(app.test_client())
    data = {"csrf_token": browser.fresh_token(), "username": "ada", "password": TEACHER_PASSWORD}
    return browser.client.post(f"/login?next={quote(next_page, safe='')}", data=data)


def new_quiz(scene: Scene, **fields: str) -> TestResponse:
    data = {"title": "A quiz", "selection": "best", "size": "3", "feedback_mode": "immediate"}
    return scene.ada.post(
        f"/teach/articles/{scene.classroom.article_id}/quizzes/new", data | fields
    )


def edit_question(scene: Scene, text: str) -> TestResponse:
    fields = {"prompt": text, "choices": f"{text}\nNone of these", "answer": text}
    fields["explanation"] = text
    return scene.ada.post(f"/teach/questions/{scene.classroom.question_ids[0]}/edit", fields)


def add_article(scene: Scene, text: str, title: str = "") -> TestResponse:
    """A short story with ``text`` as its last paragraph (new text, so never "already added")."""
    return scene.ada.post(
        "/teach/articles/new", {"title": title, "body": f"{SHORT_STORY}\n\n{text}"}
    )


def upload(scene: Scene, text: str) -> TestResponse:
    """The same, as a file whose name holds ``text`` and is longer than any real one."""
    # Browsers send a double quote in a file name as %22; the test client would not escape it.
    name = f"{text} {'x' * 300}.txt".replace('"', "%22")
    file = (io.BytesIO(f"{SHORT_STORY}\n\n{text}".encode()), name)
    return scene.ada.post(
        "/teach/articles/new", {"upload": file}, content_type="multipart/form-data"
    )


def newest_article(scene: Scene) -> Article:
    with scene.app.app_context():
        newest = db.session.scalars(select(Article).order_by(Article.id.desc())).first()
        assert newest is not None
        return newest


def ends_the_article(scene: Scene, text: str, _sent: TestResponse) -> None:
    assert newest_article(scene).body.endswith(f"\n\n{text}"), text


def names_the_source(scene: Scene, text: str, _sent: TestResponse) -> None:
    source = newest_article(scene).source
    assert source.startswith("upload: ") and source.endswith(".txt") and len(source) <= 300


# Each input: how the text is sent, the status it gets, and what else must hold.
INPUTS: dict[str, tuple[Send, int, Check | None]] = {
    "join code": (
        lambda s, t: s.student.join(t, "Ann"),
        400,
        says("A class code is 6 letters and digits"),
    ),
    "join code in the join link": (
        lambda s, t: s.student.client.get(f"/join?code={url(t)}"),
        200,
        None,
    ),
    "nickname": (  # each from a browser of its own: a browser starts 5 students an hour
        lambda s, t: Student(s.app.test_client()).join(s.classroom.code, t),
        302,
        stored(Attempt.display_name),
    ),
    "display name": (
        lambda s, t: s.student.post(f"/quizzes/{s.practice_quiz_id}", {"display_name": t}),
        302,
        stored(Attempt.display_name),
    ),
    "login username": (
        lambda s, t: TeacherBrowser(s.app.test_client()).login(t),
        400,
        says("That username and password do not match."),
    ),
    "login password": (
        lambda s, t: TeacherBrowser(s.app.test_client()).login("ada", t),
        400,
        says("That username and password do not match."),
    ),
    "login's next page": (
        lambda s, t: login_as_ada(s.app, t),
        302,
        goes_to("/teach/"),
    ),
    "article title": (
        lambda s, t: add_article(s, f"Filed under {t}.", title=t),
        302,
        stored(Article.title),
    ),
    "article text": (add_article, 302, ends_the_article),
    "uploaded file's name": (upload, 302, names_the_source),
    "question edit fields": (
        edit_question,
        302,
        stored(Question.prompt, Question.answer, Question.explanation),
    ),
    "question status": (
        lambda s, t: s.ada.post(
            f"/teach/questions/{s.classroom.question_ids[0]}/status", {"status": t}
        ),
        400,
        says("That is not a question status."),
    ),
    "quiz title": (lambda s, t: new_quiz(s, title=t), 302, stored(Quiz.title)),
    "pass mark": (lambda s, t: new_quiz(s, pass_mark=t), 400, says("Not a valid integer")),
    "quiz size": (lambda s, t: new_quiz(s, size=t), 400, says("Type a whole number")),
    "ticked question ids": (
        lambda s, t: new_quiz(s, selection="picked", questions=t),
        400,
        says("Invalid choice"),
    ),
    "answer choice": (
        lambda s, t: s.student.answer(s.token(), 1, t),
        400,
        says("That answer is not one of the choices."),
    ),
    "quiz id in a student address": (
        lambda s, t: s.student.client.get(f"/quizzes/{url(t)}"),
        404,
        None,
    ),
    "attempt token": (lambda s, t: s.student.client.get(f"/attempts/{url(t)}"), 404, None),
    "attempt token in an answer": (
        lambda s, t: s.student.answer(url(t), 1, "True"),
        404,
        None,
    ),
    "question number": (
        lambda s, t: s.student.client.get(f"/attempts/{s.token()}/questions/{url(t)}"),
        404,
        None,
    ),
    "article slug": (lambda s, t: s.student.client.get(f"/articles/{url(t)}"), 404, None),
    "article id": (lambda s, t: s.ada.client.get(f"/teach/articles/{url(t)}"), 404, None),
    "quiz id in an export": (
        lambda s, t: s.ada.client.get(f"/teach/quizzes/{url(t)}/quiz.gift"),
        404,
        None,
    ),
    "session id in the dashboard's JSON": (
        lambda s, t: s.ada.client.get(f"/teach/sessions/{url(t)}/live.json"),
        404,
        None,
    ),
    "question id in a form post": (
        lambda s, t: s.ada.post(f"/teach/questions/{url(t)}/status", {"status": "approved"}),
        404,
        None,
    ),
}


def assert_nothing_lost(
    before: tuple[set[str], dict[str, set[str]]], after: tuple[set[str], dict[str, set[str]]]
) -> None:
    assert after[0] == before[0]
    for table, rows in before[1].items():
        assert rows <= after[1][table], table


@pytest.mark.parametrize("name", INPUTS)
def test_sql_strings_are_only_text(scene: Scene, name: str) -> None:
    send, status, check = INPUTS[name]
    for text in SQL_STRINGS:
        before = table_rows(scene.app)
        sent = send(scene, text)
        assert sent.status_code == status, (text, sent.status_code)
        if check is not None:
            check(scene, text, sent)
        assert_nothing_lost(before, table_rows(scene.app))


@pytest.mark.parametrize("name", INPUTS)
def test_a_nul_character_never_reaches_the_database(scene: Scene, name: str) -> None:
    """PostgreSQL cannot store NUL in text: the request is refused before any query."""
    send = INPUTS[name][0]
    before = table_rows(scene.app)
    sent = send(scene, "Ann\x00' OR '1'='1")
    assert sent.status_code == 400, sent.status_code
    assert_nothing_lost(before, table_rows(scene.app))


@pytest.mark.parametrize(
    "next_page",
    [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        " //evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_login_never_sends_a_teacher_off_the_site(
    app: Flask, classroom: Classroom, next_page: str
) -> None:
    """Browsers drop tabs and newlines from a URL: "/\t/evil.example" is "//evil.example"."""
    sent = login_as_ada(app, next_page)
    assert sent.status_code == 302 and sent.location == "/teach/"


# ---------------------------------------------------------------------------------------------
# Guessing: tokens, codes, slugs and ids that are not yours get a 404.


def decoded(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def encoded(number: int) -> str:
    return base64.urlsafe_b64encode(number.to_bytes(16)).rstrip(b"=").decode()


def test_attempt_tokens_are_long_random_strings(app: Flask, quiz_id: int) -> None:
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz is not None
        tokens = [start_attempt(quiz).token for _ in range(300)]
        db.session.rollback()
    assert len(set(tokens)) == len(tokens)
    assert len({token[:6] for token in tokens}) == len(tokens)
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,64}", token), token
        assert len(decoded(token)) >= 16  # 128 random bits
    # Each of the 128 bits is 0 in some tokens and 1 in others: none is fixed or counted up.
    numbers = [int.from_bytes(decoded(token)[:16]) for token in tokens]
    for bit in range(128):
        assert 0 < sum(number >> bit & 1 for number in numbers) < len(numbers), bit


GUESSES: dict[str, Callable[[str], str]] = {
    "a random token": lambda token: secrets.token_urlsafe(16),
    "the last character changed": lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
    "the first character changed": lambda token: ("A" if token[0] != "A" else "B") + token[1:],
    "the case swapped": lambda token: token.swapcase(),
    "one character short": lambda token: token[:-1],
    "one character more": lambda token: token + "A",
    "the next number": lambda token: encoded(int.from_bytes(decoded(token)) + 1),
    "the previous number": lambda token: encoded(int.from_bytes(decoded(token)) - 1),
}
ATTEMPT_PAGES = ["", "/questions/1", "/questions/1/feedback", "/results", "/closed", "/article"]


@pytest.mark.parametrize("guess", GUESSES)
def test_guessed_attempt_tokens_get_404(app: Flask, classroom: Classroom, guess: str) -> None:
    owner, guesser = Student(app.test_client()), Student(app.test_client())
    token = token_of(owner.join(classroom.code, "Ann"))
    guessed = GUESSES[guess](token)
    assert guessed != token
    assert owner.client.get(f"/attempts/{token}/article").status_code == 200
    for page in ATTEMPT_PAGES:
        assert guesser.client.get(f"/attempts/{guessed}{page}").status_code == 404, page
    assert guesser.answer(guessed, 1, "True").status_code == 404


def test_guessed_class_codes_are_unknown(app: Flask, classroom: Classroom) -> None:
    random_codes = {
        "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6)) for _ in range(30)
    }
    one_off = {
        classroom.code[:n] + next(c for c in JOIN_CODE_ALPHABET if c != classroom.code[n])
        + classroom.code[n + 1 :]
        for n in range(6)
    }  # fmt: skip
    for code in sorted((random_codes | one_off) - {classroom.code}):
        # A browser of its own each: one browser is stopped after 10 wrong codes a minute.
        sent = Student(app.test_client()).join(code, "Guess")
        assert sent.status_code == 400, code
        assert "No class has this code." in sent.text, code
    with app.app_context():
        assert not db.session.scalar(select(func.count()).where(Attempt.display_name == "Guess"))


def adas_slug(app: Flask, classroom: Classroom) -> str:
    with app.app_context():
        return db.session.get(Article, classroom.article_id).slug  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "slug",
    [
        lambda app, c: secrets.token_hex(8),
        lambda app, c: "article",
        lambda app, c: adas_slug(app, c) + "-2",
        lambda app, c: "russian-and-u-s-forces-reportedly-clash-in-syria-2",
    ],
    ids=["random", "the default slug", "a teacher's slug numbered", "a sample's slug numbered"],
)
def test_guessed_article_slugs_get_404(
    app: Flask, classroom: Classroom, slug: Callable[[Flask, Classroom], str]
) -> None:
    path = f"/articles/{slug(app, classroom)}"
    assert Student(app.test_client()).client.get(path).status_code == 404


def rules_with_ids(app: Flask) -> list[tuple[str, str, list[str]]]:
    """Every address with a row id in it: (method, rule, its argument names)."""
    found = []
    for rule in app.url_map.iter_rules():
        ids = [name for name in rule.arguments if name.endswith("_id")]
        if ids:
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((method, rule.rule, ids))
    return found


@pytest.mark.parametrize(
    "row_id", [1_000_000, 2**31 - 1, 2**31, 2**63, 10**20, 0], ids=lambda n: f"id {n}"
)
def test_guessed_ids_get_404(
    app: Flask, classroom: Classroom, ada: TeacherBrowser, row_id: int
) -> None:
    """No such row, or a number no row can have: a 404, never an overflow."""
    rules = rules_with_ids(app)
    assert len(rules) >= 20
    for method, rule, ids in rules:
        path = rule
        for name in ids:
            path = re.sub(rf"<\w+:{name}>", str(row_id), path)
        data = {"csrf_token": ada.fresh_token()} if method == "POST" else None
        sent = ada.client.open(path, method=method, data=data)
        assert sent.status_code == 404, (method, path, sent.status_code)


# ---------------------------------------------------------------------------------------------
# One teacher cannot reach another's things by any address, by GET or by POST.

EDIT_FORM = {"prompt": "Taken?", "choices": "Yes\nNo", "answer": "Yes", "explanation": "Bob."}
QUIZ_FORM = {"title": "Bob's", "selection": "best", "size": "3", "feedback_mode": "immediate"}
# A form's values name Ada's things as the addresses do: "{question_id}" is her first question.
QUIZ_EDIT_FORM = {"title": "Bob's", "feedback_mode": "end", "questions": "{question_id}"}
WRITTEN_FORM = {
    "kind": "true_false",
    "prompt": "The council voted 7-2.",
    "answer": "True",
    "explanation": "The article says so.",
    "source": "Port Alder’s town council voted 7-2 on Tuesday night",
}
ADAS = [
    ("GET", "/teach/articles/{article_id}", None),
    ("POST", "/teach/articles/{article_id}/approve-all", None),
    ("POST", "/teach/articles/{article_id}/regenerate", None),
    ("POST", "/teach/articles/{article_id}/copy", None),
    ("GET", "/teach/articles/{article_id}/quizzes/new", None),
    ("POST", "/teach/articles/{article_id}/quizzes/new", QUIZ_FORM),
    ("GET", "/teach/questions/{question_id}/edit", None),
    ("POST", "/teach/questions/{question_id}/edit", EDIT_FORM),
    ("POST", "/teach/questions/{question_id}/status", {"status": "rejected"}),
    ("GET", "/teach/quizzes/{quiz_id}", None),
    ("GET", "/teach/quizzes/{quiz_id}/worksheet", None),
    ("GET", "/teach/quizzes/{quiz_id}/answer-key", None),
    ("GET", "/teach/quizzes/{quiz_id}/quiz.gift", None),
    ("POST", "/teach/quizzes/{quiz_id}/sessions", None),
    ("GET", "/teach/sessions/{session_id}", None),
    ("GET", "/teach/sessions/{session_id}/dashboard", None),
    ("GET", "/teach/sessions/{session_id}/projector", None),
    ("GET", "/teach/sessions/{session_id}/students/{attempt_id}", None),
    ("POST", "/teach/sessions/{session_id}/students/{attempt_id}/rejoin", None),
    ("GET", "/teach/sessions/{session_id}/students/{attempt_id}/remove", None),
    ("POST", "/teach/sessions/{session_id}/students/{attempt_id}/remove", None),
    ("GET", "/teach/sessions/{session_id}/live.json", None),
    ("GET", "/teach/sessions/{session_id}/results.csv", None),
    ("GET", "/teach/sessions/{session_id}/close", None),
    ("POST", "/teach/sessions/{session_id}/close", None),
    ("POST", "/teach/sessions/{session_id}/advance", {"number": "0"}),
    ("POST", "/teach/sessions/{session_id}/reveal", {"number": "0"}),
    ("GET", "/teach/articles/{article_id}/questions/new", None),
    ("POST", "/teach/articles/{article_id}/questions/new", WRITTEN_FORM),
    ("GET", "/teach/sessions/{session_id}/delete", None),
    ("POST", "/teach/sessions/{session_id}/delete", None),
    ("POST", "/teach/sessions/{session_id}/archive", {"action": "archive"}),
    ("GET", "/teach/quizzes/{quiz_id}/edit", None),
    ("POST", "/teach/quizzes/{quiz_id}/edit", QUIZ_EDIT_FORM),
    ("POST", "/teach/quizzes/{quiz_id}/copy", None),
    ("GET", "/teach/quizzes/{quiz_id}/delete", None),
    ("POST", "/teach/quizzes/{quiz_id}/delete", None),
    ("POST", "/teach/quizzes/{quiz_id}/archive", {"action": "archive"}),
    ("GET", "/teach/articles/{article_id}/delete", None),
    ("POST", "/teach/articles/{article_id}/delete", None),
    ("POST", "/teach/articles/{article_id}/archive", {"action": "archive"}),
    ("GET", "/teach/quizzes/{quiz_id}/analysis", None),
    ("GET", "/teach/quizzes/{quiz_id}/analysis.csv", None),
    ("GET", "/teach/articles/{article_id}/analysis", None),
    ("GET", "/teach/articles/{article_id}/analysis.csv", None),
    ("POST", "/teach/questions/{question_id}/key-reviewed", {"quiz": "{quiz_id}"}),
    ("POST", "/teach/questions/{question_id}/replace-choice", {"choice": "Nobody"}),
    ("GET", "/articles/{slug}", None),
]


def adas_address(app: Flask, classroom: Classroom, template: str) -> str:
    return template.format(
        article_id=classroom.article_id,
        question_id=classroom.question_ids[0],
        quiz_id=classroom.quiz_id,
        session_id=classroom.session_id,
        slug=adas_slug(app, classroom),
        attempt_id=adas_student(app, classroom) if "{attempt_id}" in template else 0,
    )


def adas_student(app: Flask, classroom: Classroom) -> int:
    """The attempt of a student who joined Ada's class session."""
    token = token_of(Student(app.test_client()).join(classroom.code, "Ann"))
    with app.app_context():
        return db.session.scalars(select(Attempt.id).where(Attempt.token == token)).one()


def test_every_address_of_a_teachers_things_is_checked(app: Flask) -> None:
    checked = {(method, re.sub(r"\{\w+\}", "<>", path)) for method, path, _ in ADAS}
    for method, rule, _ in rules_with_ids(app):
        if rule.startswith("/teach/"):
            assert (method, re.sub(r"<[^>]+>", "<>", rule)) in checked, (method, rule)


@pytest.mark.parametrize(("method", "template", "form"), ADAS, ids=[f"{m} {p}" for m, p, _ in ADAS])
def test_another_teacher_gets_404_and_changes_nothing(
    app: Flask,
    classroom: Classroom,
    ada: TeacherBrowser,
    bob: TeacherBrowser,
    method: str,
    template: str,
    form: dict[str, str] | None,
) -> None:
    path = adas_address(app, classroom, template)
    form = {name: adas_address(app, classroom, value) for name, value in (form or {}).items()}
    before = table_rows(app, whole=True)
    data = {"csrf_token": bob.fresh_token(), **(form or {})} if method == "POST" else None
    sent = bob.client.open(path, method=method, data=data)
    assert sent.status_code == 404, sent.status_code
    assert "Harbour vote" not in sent.text and "Port Alder" not in sent.text
    assert table_rows(app, whole=True) == before
    # The address is right: Ada, whose things they are, gets them (copying an article is for
    # samples only).
    data = {"csrf_token": ada.fresh_token(), **(form or {})} if method == "POST" else None
    expected = (404,) if re.fullmatch(r"/teach/articles/\d+/copy", path) else (200, 302)
    assert ada.client.open(path, method=method, data=data).status_code in expected


def test_a_visitor_reads_a_teachers_article_only_through_an_attempt(
    app: Flask, classroom: Classroom
) -> None:
    slug = adas_slug(app, classroom)
    visitor = Student(app.test_client())
    assert visitor.client.get(f"/articles/{slug}").status_code == 404
    token = token_of(visitor.join(classroom.code, "Ann"))
    page = visitor.client.get(f"/attempts/{token}/article")
    assert page.status_code == 200 and "Port Alder" in page.text
    question = visitor.client.get(f"/attempts/{token}/questions/1")
    assert f'href="/attempts/{token}/article"' in question.text
    # The sample articles stay open to everyone.
    sample = visitor.client.get("/articles/russian-and-u-s-forces-reportedly-clash-in-syria")
    assert sample.status_code == 200


def test_a_quiz_cannot_take_another_teachers_questions(
    app: Flask, classroom: Classroom, bob: TeacherBrowser
) -> None:
    with app.app_context():
        sample = db.session.scalars(select(Article.id).where(Article.owner_id.is_(None))).first()
    copy = bob.post(f"/teach/articles/{sample}/copy")
    assert copy.status_code == 302
    bobs_article = id_in(copy.location)
    form = QUIZ_FORM | {"selection": "picked", "questions": classroom.question_ids[:3]}
    before = table_rows(app, whole=True)
    sent = bob.post(f"/teach/articles/{bobs_article}/quizzes/new", form)
    assert sent.status_code == 400 and "are not valid choices" in sent.text
    assert table_rows(app, whole=True) == before
