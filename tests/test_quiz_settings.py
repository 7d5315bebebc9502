"""A quiz's settings as a teacher sets them: a class that reads the article first, what "the
best N" means, a saved question confirmed where the teacher is looking, and times written for
the teacher's own clock."""

from __future__ import annotations

import html
import re

from conftest import Classroom
from flask import Flask
from helpers import Student, TeacherBrowser, choices_in, visible_text

from quizapp.domain.quizzes import BEST_MEANS
from quizapp.extensions import db
from quizapp.models import ClassSession, Quiz

NEW_QUIZ = {"title": "Harbour, read first", "selection": "best", "size": "4"}


def make_quiz(ada: TeacherBrowser, article_id: int, **fields: str) -> int:
    sent = ada.post(f"/teach/articles/{article_id}/quizzes/new", NEW_QUIZ | fields)
    assert sent.status_code == 302, sent.text
    return int(sent.location.rsplit("/", 1)[1])


def open_session(ada: TeacherBrowser, quiz_id: int) -> str:
    opened = ada.post(f"/teach/quizzes/{quiz_id}/sessions")
    assert opened.status_code == 302, opened.text
    session_id = int(opened.location.split("/")[3])
    with ada.client.application.app_context():
        return db.session.get_one(ClassSession, session_id).code


def join(app: Flask, code: str, nickname: str) -> tuple[Student, str]:
    student = Student(app.test_client())
    joined = student.join(code, nickname)
    assert joined.status_code == 302, joined.text
    return student, joined.location.rsplit("/", 1)[1]


def test_a_class_that_reads_first_lands_on_the_article_until_its_first_answer(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    quiz_id = make_quiz(ada, classroom.article_id, read_first="y")
    with app.app_context():
        assert db.session.get_one(Quiz, quiz_id).read_first is True
    said = visible_text(ada.client.get(f"/teach/quizzes/{quiz_id}").text)
    assert "Students read the article before the first question." in said
    student, token = join(app, open_session(ada, quiz_id), "Reader")

    number, page = student.resume(token)
    assert number == 0 and page.request.path == f"/attempts/{token}/article"
    said = visible_text(page.text)
    assert "Read the article first: the 4 questions of “Harbour, read first” come after it." in said
    start = f'href="/attempts/{token}/questions/1">I have read it: start the questions</a>'
    assert start in page.text
    # A reload before the first answer comes back to the article, not past it.
    assert student.resume(token)[1].request.path == f"/attempts/{token}/article"

    first = student.client.get(f"/attempts/{token}/questions/1")
    assert first.status_code == 200 and "Question 1 of 4" in first.text
    choice = html.unescape(choices_in(first.text)[0])
    assert student.answer(token, 1, choice, first.text).status_code == 302
    assert student.resume(token)[0] == 2
    # The article is still there to read, now with the way back into the quiz.
    again = student.client.get(f"/attempts/{token}/article")
    assert "Read the article first" not in again.text
    assert f'href="/attempts/{token}">Back to the quiz</a>' in again.text


def test_a_class_goes_straight_to_question_one_unless_the_quiz_says_read_first(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    quiz_id = make_quiz(ada, classroom.article_id)
    with app.app_context():
        assert db.session.get_one(Quiz, quiz_id).read_first is False
    said = visible_text(ada.client.get(f"/teach/quizzes/{quiz_id}").text)
    assert "Students go straight to the first question." in said
    student, token = join(app, open_session(ada, quiz_id), "Quick")
    assert student.resume(token)[0] == 1


def test_the_quiz_edit_form_shows_and_changes_read_first(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    address = f"/teach/quizzes/{classroom.quiz_id}/edit"
    page = ada.client.get(address)
    unticked = '<input aria-describedby="read-first-hint" id="read_first" name="read_first" '
    assert unticked + 'type="checkbox" value="y">' in page.text
    assert "Students read the article before the first question" in page.text
    form = {"title": "Harbour vote", "feedback_mode": "immediate", "shuffle": "y"}
    saved = ada.post(address, form | {"read_first": "y", "questions": classroom.question_ids})
    assert saved.status_code == 302, saved.text
    with app.app_context():
        assert db.session.get_one(Quiz, classroom.quiz_id).read_first is True
    ticked = '<input aria-describedby="read-first-hint" checked id="read_first"'
    assert ticked in ada.client.get(address).text


def test_the_new_quiz_page_says_what_the_best_means(
    ada: TeacherBrowser, classroom: Classroom
) -> None:
    page = ada.client.get(f"/teach/articles/{classroom.article_id}/quizzes/new")
    said = html.unescape(visible_text(page.text))
    assert "What “the best” means" in said
    for rule in BEST_MEANS:
        assert rule in said
    assert "No kind of question takes more than 40% of the quiz" in said
    # The tick list the script disables while "the best" is chosen.
    assert 'id="pick-list"' in page.text and "js/quiz_form.js" in page.text


def test_a_saved_question_is_confirmed_beside_it_not_at_the_top(
    ada: TeacherBrowser, classroom: Classroom
) -> None:
    question_id = classroom.question_ids[1]
    form = {
        "prompt": "How many councillors voted for the plan?",
        "choices": "Seven\nTwo\nNine",
        "answer": "Seven",
        "explanation": "The vote was 7-2.",
    }
    sent = ada.post(f"/teach/questions/{question_id}/edit", form)
    assert sent.status_code == 302 and sent.location.endswith(f"#q{question_id}")
    bank = ada.client.get(sent.location.split("#")[0]).text
    card = bank[bank.index(f'id="q{question_id}"') :]
    card = card[: card.index("</li>\n")]
    assert "Question saved." in card and 'role="status"' in card
    top = bank[: bank.index('<ol class="bank">')]
    assert "Question saved." not in top
    # Shown once: the next visit has no note.
    assert "Question saved." not in ada.client.get(sent.location.split("#")[0]).text


def test_teacher_pages_write_times_for_the_browser_to_show_in_its_own_zone(
    ada: TeacherBrowser, classroom: Classroom
) -> None:
    quiz = ada.client.get(f"/teach/quizzes/{classroom.quiz_id}").text
    assert "Opened (UTC)" not in quiz
    assert re.search(
        r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" data-local-time="datetime">'
        r"\d\d \w{3} \d{4} \d\d:\d\d UTC</time>",
        quiz,
    )
    dashboard = ada.client.get(f"/teach/sessions/{classroom.session_id}/dashboard").text
    assert re.search(
        r'<time datetime="[^"]+Z" data-local-time="time">\d\d:\d\d:\d\d UTC', dashboard
    )
    assert "js/local_time.js" in dashboard
