"""A lesson on the school network: the join address students can open, and the projector view
that shows the class its results without giving the answers away."""

from __future__ import annotations

import html
import re

from conftest import Classroom
from flask import Flask
from helpers import Student, TeacherBrowser, csrf_token, visible_text

from quizapp.domain.class_sessions import join_address, network_address

NETWORK = "192.168.1.20:5000"
LOOPBACK_WARNING = "Students' phones cannot open this address"


def join_page(app: Flask, classroom: Classroom, host: str) -> str:
    """The join code page as Ada's browser sees it when it reached the site at ``host``."""
    app.config["SERVER_NAME"] = host  # the test client's requests go to this host
    client = app.test_client()
    teacher = TeacherBrowser(client)
    teacher.login("ada")
    page = client.get(f"/teach/sessions/{classroom.session_id}")
    assert page.status_code == 200
    return page.text


def test_the_join_address_is_the_one_the_teachers_browser_used(
    app: Flask, classroom: Classroom
) -> None:
    page = join_page(app, classroom, NETWORK)
    assert f'<p class="join-address">http://{NETWORK}/join</p>' in page
    assert f"<title>QR code of http://{NETWORK}/join?code={classroom.code}</title>" in page
    assert LOOPBACK_WARNING not in page


def test_a_loopback_address_is_flagged_with_what_to_do(app: Flask, classroom: Classroom) -> None:
    page = join_page(app, classroom, "127.0.0.1:5000")
    assert LOOPBACK_WARNING in page
    assert "make run HOST=0.0.0.0" in page and "QUIZAPP_PUBLIC_URL" in page
    assert LOOPBACK_WARNING in join_page(app, classroom, "localhost:5000")


def test_a_configured_public_address_wins(app: Flask, classroom: Classroom) -> None:
    app.config["PUBLIC_URL"] = "https://quiz.school.example"
    page = join_page(app, classroom, "127.0.0.1:5000")
    assert '<p class="join-address">https://quiz.school.example/join</p>' in page
    assert f"QR code of https://quiz.school.example/join?code={classroom.code}<" in page
    assert LOOPBACK_WARNING not in page


def test_the_join_address_suggests_this_computers_network_address(app: Flask) -> None:
    with app.test_request_context():
        address = join_address("http://127.0.0.1:5000/", "/join", "KX4P7M")
    assert address.loopback and address.scanned == "http://127.0.0.1:5000/join?code=KX4P7M"
    lan = network_address()
    assert address.network_guess == (f"http://{lan}:5000" if lan else None)


def answered_by_two(app: Flask, classroom: Classroom) -> None:
    """Two students answer the first question, one right and one wrong."""
    from quizapp.domain import attempts

    for nickname, right in (("Ann", True), ("Bo", False)):
        student = Student(app.test_client())
        sent = student.join(classroom.code, nickname)
        token = sent.location.rsplit("/", 1)[-1]
        with app.app_context():
            _, asked = attempts.attempt_and_question(token, 1)
            chosen = asked.answer if right else next(c for c in asked.choices if c != asked.answer)
        student.answer(token, 1, chosen)


def test_the_projector_shows_no_right_answer_until_revealed(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    answered_by_two(app, classroom)
    url = f"/teach/sessions/{classroom.session_id}/projector"
    hidden = ada.client.get(url)
    assert hidden.status_code == 200 and hidden.headers["Cache-Control"] == "no-store"
    assert "Ann" in hidden.text and "Bo" in hidden.text and "2 students joined" in hidden.text
    assert classroom.code in hidden.text
    for giveaway in ("the right answer", 'class="is-right"', "Answer:", "% right"):
        assert giveaway not in hidden.text
    assert "Show the answers" in hidden.text

    shown = ada.client.get(url + "?answers=shown")
    assert shown.text.count("(the right answer)") == 5  # one for each question of the quiz
    assert re.search(r"\d+% right", shown.text) and "Hide the answers" in shown.text

    part = ada.client.get(url + "?part=live")
    assert part.status_code == 200 and "<html" not in part.text
    assert "Ann" in part.text and "the right answer" not in part.text
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', part.text)


def test_the_projector_is_the_teachers_own(app: Flask, classroom: Classroom) -> None:
    bob = TeacherBrowser(app.test_client())
    bob.login("bob")
    assert bob.client.get(f"/teach/sessions/{classroom.session_id}/projector").status_code == 404


def test_one_students_page_shows_each_answer_right_or_wrong(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    from quizapp.domain import attempts

    sam = Student(app.test_client())
    token = sam.join(classroom.code, "Sam").location.rsplit("/", 1)[-1]
    with app.app_context():
        _, first = attempts.attempt_and_question(token, 1)
        _, second = attempts.attempt_and_question(token, 2)
        attempt_id = attempts.read_attempt(token).attempt_id
    sam.answer(token, 1, first.answer)
    sam.answer(token, 2, next(c for c in second.choices if c != second.answer))
    dashboard = ada.client.get(f"/teach/sessions/{classroom.session_id}/dashboard").text
    page_url = f"/teach/sessions/{classroom.session_id}/students/{attempt_id}"
    assert f'href="{page_url}">Sam</a>' in dashboard
    page = visible_text(html.unescape(ada.client.get(page_url).text))
    assert "Sam" in page and "1 of 5 right" in page and "2 of 5 questions answered" in page
    assert page.count("Correct") == 1 and page.count("Incorrect") == 1
    assert page.count("Not answered") == 3
    assert f"The right answer {second.answer}" in page


def test_a_rejoin_link_moves_an_attempt_to_a_new_browser_once(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    from quizapp.domain import attempts

    phone = Student(app.test_client())
    token = phone.join(classroom.code, "Sam").location.rsplit("/", 1)[-1]
    with app.app_context():
        _, first = attempts.attempt_and_question(token, 1)
        attempt_id = attempts.read_attempt(token).attempt_id
    phone.answer(token, 1, first.answer)
    # The phone is lost; joining again from a laptop finds the nickname taken.
    laptop = Student(app.test_client())
    assert "That nickname is taken" in laptop.join(classroom.code, "Sam").text

    student_page = f"/teach/sessions/{classroom.session_id}/students/{attempt_id}"
    made = ada.post(student_page + "/rejoin")
    assert made.status_code == 302
    shown = ada.client.get(made.location).text
    link = re.search(r'<p class="rejoin-link"><a href="(http://localhost/rejoin/[\w-]+)">', shown)
    assert link and f"<title>QR code of {link[1]}</title>" in shown
    path = link[1].removeprefix("http://localhost")

    asked = laptop.client.get(path)
    assert asked.status_code == 200 and "Sam" in asked.text and "works once" in asked.text
    moved = laptop.client.post(path, data={"csrf_token": csrf_token(asked.text)})
    assert moved.location == f"/attempts/{token}"
    # The laptop goes on at question 2, and its own join now rejoins the attempt.
    assert laptop.client.get(moved.location).location.endswith("/questions/2")
    assert laptop.join(classroom.code, "Sam").location == f"/attempts/{token}"
    # Once only: the link is spent, for the laptop and for anyone else.
    again = Student(app.test_client())
    assert again.client.get(path).status_code == 404
    spent = again.client.post(path, data={"csrf_token": again.fresh_token()})
    assert spent.status_code == 404 and "Ask your teacher for a new link" in spent.text


def test_the_article_page_leads_its_owner_back_to_the_bank(
    app: Flask, ada: TeacherBrowser, bob: TeacherBrowser, classroom: Classroom
) -> None:
    from quizapp.extensions import db
    from quizapp.models import Article

    with app.app_context():
        slug = db.session.get_one(Article, classroom.article_id).slug
    bank = f'href="/teach/articles/{classroom.article_id}">Back to its question bank'
    assert bank in ada.client.get(f"/articles/{slug}").text
    student = Student(app.test_client())
    token = student.join(classroom.code, "Ann").location.rsplit("/", 1)[-1]
    assert "question bank" not in student.client.get(f"/attempts/{token}/article").text
    assert bob.client.get(f"/articles/{slug}").status_code == 404
