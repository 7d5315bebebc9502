"""A lesson on the school network: the join address students can open, and the projector view
that shows the class its results without giving the answers away."""

from __future__ import annotations

import re

from conftest import Classroom
from flask import Flask
from helpers import Student, TeacherBrowser

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
