"""A read kept for the browser's next request (quizapp/recent_reads.py): after an answer,
"Next question" and the next question page read nothing from the database, and show what a
read would; a read is never used for another browser, after the browser's own later answer,
after a teacher's change, or once it is old."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Classroom
from flask import Flask
from helpers import Student, TeacherBrowser, questions_in_order, wrong_choice
from sqlalchemy import select

from quizapp import recent_reads
from quizapp.domain import attempts
from quizapp.domain.hot_reads import HotRead
from quizapp.extensions import db
from quizapp.models import Attempt


@pytest.fixture
def reads(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The hot reads every request runs (the attempt pages' only reads), by their first words."""
    made: list[str] = []
    first = HotRead.first

    def counted(self: HotRead, parameters: dict[str, object]) -> object:
        made.append(str(self.statement).split()[1])
        return first(self, parameters)

    monkeypatch.setattr(HotRead, "first", counted)
    recent_reads._reads.clear()
    yield made
    recent_reads._reads.clear()


def joined(app: Flask, classroom: Classroom, name: str = "Sam") -> tuple[Student, str]:
    student = Student(app.test_client())
    sent = student.join(classroom.code, name)
    assert sent.status_code == 302, sent.text
    return student, sent.location.rsplit("/", 1)[1]


def right_answers(app: Flask, token: str) -> list[str]:
    return [question.answer for question in questions_in_order(app, token)]


def test_after_an_answer_the_next_question_is_served_without_a_read(
    app: Flask, classroom: Classroom, reads: list[str]
) -> None:
    sam, token = joined(app, classroom)
    answers = right_answers(app, token)
    first_page = sam.client.get(f"/attempts/{token}/questions/1")
    assert first_page.status_code == 200
    sent = sam.answer(token, 1, answers[0], page=first_page.text)
    assert sent.location == f"/attempts/{token}/questions/1/feedback"
    assert sam.client.get(sent.location).status_code == 200  # the feedback page reads
    reads.clear()
    onward = sam.client.get(f"/attempts/{token}")
    assert onward.location == f"/attempts/{token}/questions/2"
    kept_page = sam.client.get(onward.location)
    assert kept_page.status_code == 200
    assert reads == []
    # What a read would have shown: the same page, for a browser whose read was not kept.
    recent_reads._reads.clear()
    read_page = sam.client.get(onward.location)
    assert len(reads) == 1
    assert strip_tokens(read_page.text) == strip_tokens(kept_page.text)


def strip_tokens(page: str) -> str:
    """A page without its CSRF token, which is signed anew each second."""
    return "\n".join(line for line in page.splitlines() if "csrf_token" not in line)


def test_a_reload_uses_the_pages_own_read_and_another_device_reads(
    app: Flask, classroom: Classroom, reads: list[str]
) -> None:
    sam, token = joined(app, classroom)
    assert sam.client.get(f"/attempts/{token}/questions/1").status_code == 200
    assert len(reads) == 1
    assert sam.client.get(f"/attempts/{token}/questions/1").status_code == 200
    assert len(reads) == 1
    # The same address on another device (no count of answers in its cookie) is read.
    other = app.test_client()
    assert other.get(f"/attempts/{token}/questions/1").status_code == 200
    assert len(reads) == 2


def test_an_answer_the_kept_read_does_not_know_of_is_read(
    app: Flask, classroom: Classroom, reads: list[str]
) -> None:
    """A worker's older read of question 1 (this browser answered it on another worker, whose
    answer wrote the count into the cookie): the page is read, and sends the student on."""
    sam, token = joined(app, classroom)
    answers = right_answers(app, token)
    sam.client.get(f"/attempts/{token}/questions/1")
    with app.app_context():
        before = attempts.attempt_and_question(token, 1)
    sam.answer(token, 1, answers[0])
    recent_reads.keep(before[0], 1, before[1], recent_reads.read_time())  # the other worker's
    reads.clear()
    again = sam.client.get(f"/attempts/{token}/questions/1")
    assert again.location == f"/attempts/{token}/questions/1/feedback"
    assert len(reads) == 1


def test_a_teachers_change_on_another_worker_is_seen_at_once(
    app: Flask, classroom: Classroom, ada: TeacherBrowser, reads: list[str]
) -> None:
    sam, token = joined(app, classroom)
    answers = right_answers(app, token)
    sam.answer(token, 1, answers[0])
    assert sam.client.get(f"/attempts/{token}").location == f"/attempts/{token}/questions/2"
    kept = dict(recent_reads._reads)
    closed = ada.post(f"/teach/sessions/{classroom.session_id}/close")
    assert closed.status_code == 302
    # Another worker on this machine still holds its read; the teacher's request marked the
    # change in the instance folder, which that worker looks at.
    recent_reads._reads.update(kept)
    assert sam.client.get(f"/attempts/{token}").location == f"/attempts/{token}/closed"


def test_a_change_file_newer_than_the_read_sends_it_to_the_database(
    app: Flask, classroom: Classroom, reads: list[str]
) -> None:
    sam, token = joined(app, classroom)
    sam.client.get(f"/attempts/{token}/questions/1")
    sam.client.get(f"/attempts/{token}/questions/1")
    assert len(reads) == 1
    marker = Path(app.config["TEACHER_CHANGES_FILE"])
    marker.touch()
    later = time.time_ns() + 10**9  # a teacher's change a second from now, on another worker
    os.utime(marker, ns=(later, later))
    try:
        sam.client.get(f"/attempts/{token}/questions/1")
        assert len(reads) == 2
    finally:
        marker.unlink()


def test_an_old_read_is_read_again(
    app: Flask, classroom: Classroom, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sam, token = joined(app, classroom)
    sam.client.get(f"/attempts/{token}/questions/1")
    monkeypatch.setattr(recent_reads, "FRESH_SECONDS", 0.0)
    sam.client.get(f"/attempts/{token}/questions/1")
    assert len(reads) == 2


def test_the_attempt_after_an_answer_is_what_the_database_then_holds(
    app: Flask, classroom: Classroom
) -> None:
    sam, token = joined(app, classroom)
    questions = questions_in_order(app, token)
    for number, question in enumerate(questions, start=1):
        chosen = question.answer if number % 2 else wrong_choice(question)
        with app.app_context():
            attempt, asked, following = attempts.attempt_and_two_questions(token, number)
            assert (following is None) == (number == len(questions))
            if following is not None:
                assert following.id == questions[number].id
            expected = attempt.after_answer(asked, chosen)
            assert attempts.submit_answer(attempt, asked, chosen)
            assert attempts.read_attempt(token) == expected
    with app.app_context():
        stored = db.session.scalar(select(Attempt).where(Attempt.token == token))
        assert stored is not None and stored.finished_at is not None


def test_a_second_click_that_finds_the_answer_stored_sends_the_next_page_to_the_database(
    app: Flask, classroom: Classroom, reads: list[str]
) -> None:
    """A double click: the first post stores the answer and writes the new count into the
    cookie; the second finds it stored, and its cookie (which may reach the browser last)
    must not carry the old count, which a worker's older read of the question would match."""
    sam, token = joined(app, classroom)
    answers = right_answers(app, token)
    page = sam.client.get(f"/attempts/{token}/questions/1").text
    with app.app_context():
        before = attempts.attempt_and_question(token, 1)
    at = recent_reads.read_time()
    sent_with = sam.client.get_cookie("session")
    assert sent_with is not None
    sam.answer(token, 1, answers[0], page=page)
    with sam.client.session_transaction() as stored:
        assert stored["answers"] == [token, 1]
    sam.client.set_cookie("session", sent_with.value)  # both clicks left with one cookie
    second = sam.answer(token, 1, answers[0], page=page)
    assert second.status_code == 302
    with sam.client.session_transaction() as stored:
        assert "answers" not in stored  # the second click's cookie, the last to arrive
    recent_reads.keep(before[0], 1, before[1], at)  # another worker's read from before
    reads.clear()
    assert sam.client.get(f"/attempts/{token}").location == f"/attempts/{token}/questions/2"
    assert len(reads) == 1


def test_a_read_is_dated_when_its_query_starts(
    app: Flask, classroom: Classroom, ada: TeacherBrowser, reads: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """An answer's insert that waits for the database while a teacher edits the next
    question: its read began before the edit, and is not kept as newer than it."""
    sam, token = joined(app, classroom)
    answers = right_answers(app, token)
    submit = attempts.submit_answer

    def slow_submit(*args: object, **kwargs: object) -> bool:
        stored = submit(*args, **kwargs)  # type: ignore[arg-type]
        # The teacher's edit, while the insert waits: after the read began, before it is
        # kept (the file's time is the change's, less the margin a coarse clock needs).
        edited = time.time_ns() - recent_reads.CHANGE_MARGIN_NS
        marker = Path(app.config["TEACHER_CHANGES_FILE"])
        marker.touch()
        os.utime(marker, ns=(edited, edited))
        time.sleep(0.05)
        return stored

    monkeypatch.setattr(attempts, "submit_answer", slow_submit)
    sam.answer(token, 1, answers[0])
    reads.clear()
    sam.client.get(f"/attempts/{token}")
    assert len(reads) == 1


def test_a_visitor_turned_away_from_the_teachers_pages_marks_no_change(
    app: Flask, classroom: Classroom
) -> None:
    visitor = Student(app.test_client())
    turned_away = visitor.post("/teach/sessions/1/close")
    assert turned_away.status_code == 302 and "/login" in turned_away.location
    assert not Path(app.config["TEACHER_CHANGES_FILE"]).exists()
