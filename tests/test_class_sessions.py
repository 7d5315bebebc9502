"""Class sessions through the test client: the code, joining, rejoining, closing, the dashboard."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from typing import Any

import pytest
from conftest import Classroom
from flask import Flask
from helpers import (
    Student,
    TeacherBrowser,
    choices_in,
    questions_in_order,
    visible_text,
    wrong_choice,
)
from markupsafe import escape
from sqlalchemy import func, select

from quizapp.domain import attempts, class_sessions, store
from quizapp.extensions import db
from quizapp.models import JOIN_CODE_ALPHABET, Attempt, ClassSession, Quiz, Response


def browser(app: Flask) -> Student:
    return Student(app.test_client())


def joined(sent: Any) -> str:
    """The attempt token a successful join redirects to."""
    assert sent.status_code == 302, sent.text
    match = re.fullmatch(r"/attempts/([\w-]+)", sent.location)
    assert match, sent.location
    return match.group(1)


def attempts_in(app: Flask, session_id: int) -> list[Attempt]:
    with app.app_context():
        found = db.session.scalars(
            select(Attempt).where(Attempt.class_session_id == session_id).order_by(Attempt.id)
        ).all()
        db.session.expunge_all()
    return list(found)


def answers_of(app: Flask, token: str) -> dict[int, str]:
    """The right answer of each question number in this attempt."""
    return {n: q.answer for n, q in enumerate(questions_in_order(app, token), start=1)}


def wrong_of(app: Flask, token: str, number: int) -> str:
    return wrong_choice(questions_in_order(app, token)[number - 1])


def test_opening_a_session_shows_the_code_the_address_and_a_qr_code(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    sent = ada.post(f"/teach/quizzes/{classroom.quiz_id}/sessions")
    assert sent.status_code == 302
    page = ada.client.get(sent.location)
    with app.app_context():
        newest = db.session.scalars(select(ClassSession).order_by(ClassSession.id.desc())).first()
        assert newest is not None and newest.quiz_id == classroom.quiz_id and newest.is_open
        code = newest.code
    assert len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET)
    assert code != classroom.code
    assert '<p class="join-code"' in page.text and f">{code}</p>" in page.text
    assert "http://localhost/join" in page.text
    assert '<svg role="img" viewBox="0 0' in page.text and 'class="qr"' in page.text
    assert f"<title>QR code of http://localhost/join?code={code}</title>" in page.text


def test_join_codes_avoid_look_alike_characters() -> None:
    codes = {class_sessions.new_join_code() for _ in range(300)}
    assert len(codes) == 300
    assert not set("".join(codes)) & set("01OIL")


def test_a_new_session_never_reuses_an_old_code(
    app: Flask, classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered = iter([classroom.code, classroom.code, "NEWC0D".replace("0", "2")])
    monkeypatch.setattr(class_sessions, "new_join_code", lambda: next(offered))
    with app.app_context():
        quiz = db.session.get(Quiz, classroom.quiz_id)
        assert quiz is not None
        fresh = class_sessions.open_session(quiz, classroom.teacher_id)
        db.session.commit()
        assert fresh.code == "NEWC2D"


def test_a_student_joins_and_the_attempt_belongs_to_the_session(
    app: Flask, classroom: Classroom
) -> None:
    student = browser(app)
    page = student.client.get(f"/join?code={classroom.code}")
    assert page.status_code == 200 and f'value="{classroom.code}"' in page.text
    token = joined(student.join(classroom.code.lower(), "  Sam   Lee "))
    (attempt,) = attempts_in(app, classroom.session_id)
    assert attempt.token == token and attempt.display_name == "Sam Lee"
    assert attempt.max_score == 5 and sorted(attempt.question_order) == sorted(
        classroom.question_ids
    )
    first = student.client.get(f"/attempts/{token}", follow_redirects=True)
    assert "Question 1 of 5" in first.text


def test_the_home_page_join_form_has_code_and_nickname(app: Flask, classroom: Classroom) -> None:
    student = browser(app)
    home = student.client.get("/").text
    assert 'name="code"' in home and 'name="nickname"' in home
    assert "not available yet" not in home
    missing = student.join(classroom.code, "   ")
    assert missing.status_code == 400 and "Choose a nickname" in missing.text


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ABC", "A class code is 6 letters and digits"),
        ("ABC1", "A class code is 6 letters and digits"),
        ("ABC!23", "A class code is 6 letters and digits"),
        ("ABCD0O", "Class codes never use “0” and “O”"),
        ("abc123", "Class codes never use “1”"),
        ("ZZZZZZ", "No class has this code. Check it with your teacher."),
    ],
)
def test_a_wrong_code_is_refused(app: Flask, classroom: Classroom, code: str, message: str) -> None:
    sent = browser(app).join(code, "Sam")
    assert sent.status_code == 400 and message in sent.text
    assert attempts_in(app, classroom.session_id) == []


def test_a_closed_or_old_code_is_refused(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    ada.post(f"/teach/sessions/{classroom.session_id}/close")
    refused = browser(app).join(classroom.code, "Sam")
    assert refused.status_code == 400
    assert "This class session has ended; your teacher closed it." in refused.text
    # The same quiz opened again gets a new code; the old one still lets nobody in.
    ada.post(f"/teach/quizzes/{classroom.quiz_id}/sessions")
    again = browser(app).join(classroom.code, "Sam")
    assert again.status_code == 400 and "has ended" in again.text
    assert attempts_in(app, classroom.session_id) == []


def test_a_taken_nickname_is_refused_but_its_own_browser_rejoins(
    app: Flask, classroom: Classroom
) -> None:
    sam = browser(app)
    token = joined(sam.join(classroom.code, "Sam"))
    sam.answer(token, 1, answers_of(app, token)[1])
    other = browser(app)
    for nickname in ("Sam", "sam", " SAM "):
        taken = other.join(classroom.code, nickname)
        assert taken.status_code == 400
        assert "That nickname is taken in this class; choose another." in taken.text
    # Sam lost the tab: joining again from the same browser is the same attempt, at question 2.
    assert joined(sam.join(classroom.code, "sam")) == token
    assert sam.resume(token)[0] == 2
    # The same browser may join under another name (a shared classroom computer).
    second = joined(sam.join(classroom.code, "Kim"))
    assert second != token
    assert joined(sam.join(classroom.code, "Sam")) == token
    assert [a.display_name for a in attempts_in(app, classroom.session_id)] == ["Sam", "Kim"]


def test_the_database_refuses_a_nickname_twice_in_a_session(
    app: Flask, classroom: Classroom
) -> None:
    """Even a racing second join, which passed the check, is stopped by the unique index."""
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        quiz = db.session.get(Quiz, classroom.quiz_id)
        assert quiz is not None
        for name in ("Max", "MAX"):
            db.session.add(
                Attempt(
                    token=f"token-for-{name}-0123456789",
                    quiz=quiz,
                    class_session_id=classroom.session_id,
                    display_name=name,
                    question_order=[],
                    max_score=0,
                )
            )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        # Outside a session (practice attempts) the same name can appear any number of times.
        for n in range(2):
            db.session.add(
                Attempt(
                    token=f"practice-token-{n}-0123456789",
                    quiz=quiz,
                    display_name="Max",
                    question_order=[],
                    max_score=0,
                )
            )
        db.session.commit()


def test_closing_the_session_stops_answers_and_says_why(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    sam = browser(app)
    token = joined(sam.join(classroom.code, "Sam"))
    answers = answers_of(app, token)
    sam.answer(token, 1, answers[1])
    open_page = sam.client.get(f"/attempts/{token}/questions/2").text
    closed = ada.post(f"/teach/sessions/{classroom.session_id}/close", follow_redirects=True)
    assert f"Session {classroom.code} is closed." in closed.text
    late = sam.answer(token, 2, answers[2], page=open_page)
    assert late.location == f"/attempts/{token}/closed"
    page = sam.client.get(late.location)
    assert "Your teacher closed this class session" in page.text
    assert "Your answer to question 2 was not saved." in page.text
    assert "You answered 1 of 5 questions" in " ".join(page.text.split())
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 1
    assert sam.client.get(f"/attempts/{token}").location == f"/attempts/{token}/closed"
    results = sam.client.get(f"/attempts/{token}/results")
    assert results.status_code == 200
    assert "<span data-score>1</span> out of" in results.text
    assert "closed the session before you answered every question" in results.text
    assert "Try again" not in results.text
    # Rejoining from the same browser leads back to the closed attempt, not to a new one.
    assert joined(sam.join(classroom.code, "Sam")) == token


def test_an_unfinished_students_results_list_every_question(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """The session closed after two answers: the results list all five questions in the
    student's order, the three never seen marked as not answered, with their right answers."""
    sam = browser(app)
    token = joined(sam.join(classroom.code, "Sam"))
    answers = answers_of(app, token)
    sam.answer(token, 1, answers[1])
    sam.answer(token, 2, wrong_of(app, token, 2))
    ada.post(f"/teach/sessions/{classroom.session_id}/close")
    page = sam.client.get(f"/attempts/{token}/results").text
    numbers = [int(n) for n in re.findall(r'<span class="counter">Question (\d+)</span>', page)]
    assert numbers == [1, 2, 3, 4, 5]
    assert page.count("Not answered") == 3
    assert page.count('class="result is-unanswered"') == 3
    text = " ".join(page.split())
    for number in (3, 4, 5):
        assert f"<dt>The right answer</dt><dd>{escape(answers[number])}</dd>" in text
    assert "<span data-score>1</span> out of" in page and "<span data-max-score>5</span>" in page


def finish(app: Flask, student: Student, token: str, right: set[int]) -> int:
    """Answer every question, right for the numbers in ``right``; returns the score."""
    answers = answers_of(app, token)
    for number, answer in answers.items():
        page = student.client.get(f"/attempts/{token}/questions/{number}").text
        assert answer in choices_in(page)
        choice = answer if number in right else wrong_of(app, token, number)
        assert student.answer(token, number, choice, page=page).status_code == 302
    return len(right & set(answers))


def test_the_dashboard_shows_progress_scores_and_wrong_choices(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    empty = ada.client.get(f"/teach/sessions/{classroom.session_id}/dashboard")
    assert "No student has joined yet." in empty.text
    ann, bo = browser(app), browser(app)
    ann_token = joined(ann.join(classroom.code, "Ann"))
    bo_token = joined(bo.join(classroom.code, "<b>Bo</b>"))
    ann_score = finish(app, ann, ann_token, right={1, 2, 3})
    bo.answer(bo_token, 1, wrong_of(app, bo_token, 1))

    live = ada.client.get(f"/teach/sessions/{classroom.session_id}/live.json")
    assert live.status_code == 200 and live.headers["Cache-Control"] == "no-store"
    data = live.get_json()
    assert data["code"] == classroom.code and data["is_open"] is True
    students = {s["nickname"]: s for s in data["students"]}
    assert students["Ann"] | {"attempt_id": 0} == {
        "attempt_id": 0,
        "nickname": "Ann",
        "answered": 5,
        "total": 5,
        "score": ann_score,
        "finished": True,
        "passed": True,
        "state": "Passed",
    }
    assert students["<b>Bo</b>"]["answered"] == 1 and students["<b>Bo</b>"]["score"] == 0
    assert students["<b>Bo</b>"]["state"] == "Answering"
    questions = data["questions"]
    assert [q["number"] for q in questions] == [1, 2, 3, 4, 5]
    assert sum(q["answered"] for q in questions) == 6
    assert sum(q["correct"] for q in questions) == ann_score
    wrong_total = sum(w["count"] for q in questions for w in q["wrong"])
    assert wrong_total == 6 - ann_score
    for question in questions:
        assert question["answer"] not in [w["choice"] for w in question["wrong"]]
        if question["answered"]:
            share = round(100 * question["correct"] / question["answered"])
            assert question["percent_correct"] == share

    page = ada.client.get(f"/teach/sessions/{classroom.session_id}/dashboard").text
    assert "&lt;b&gt;Bo&lt;/b&gt;" in page and "<b>Bo</b>" not in page
    assert "5 / 5" in page and "Passed" in page
    assert (
        f'href="/teach/sessions/{classroom.session_id}/dashboard" class="refresh-link">Refresh'
        in page
    )
    assert '<script src="/static/js/dashboard.js" defer></script>' in page
    assert f'data-live-url="/teach/sessions/{classroom.session_id}/live.json"' in page


def test_the_dashboard_script_never_writes_html() -> None:
    from pathlib import Path

    script = (Path(__file__).parent.parent / "static/js/dashboard.js").read_text()
    assert "innerHTML" not in script and "outerHTML" not in script
    assert "insertAdjacentHTML" not in script and "document.write" not in script
    assert "textContent" in script
    period = int(re.search(r"PERIOD_MS = (\d+)", script).group(1))  # type: ignore[union-attr]
    assert 3000 <= period <= 5000


def test_the_pass_mark_shows_on_the_student_results(app: Flask, classroom: Classroom) -> None:
    low, high = browser(app), browser(app)
    low_token = joined(low.join(classroom.code, "Low"))
    high_token = joined(high.join(classroom.code, "High"))
    finish(app, low, low_token, right={1})
    finish(app, high, high_token, right={1, 2, 3, 4, 5})
    assert "not passed this time" in low.client.get(f"/attempts/{low_token}/results").text
    passed = high.client.get(f"/attempts/{high_token}/results").text
    assert "The pass mark is 60%" in passed and "you passed" in passed


def test_after_closing_the_dashboard_and_csv_judge_as_the_students_results_do(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """An unfinished attempt is over once the session is closed: the dashboard and the CSV
    say so, and pass or fail it as the student's results page does (unanswered = wrong)."""
    students = {name: browser(app) for name in ("Ann", "Bo", "Cy", "Di")}
    tokens = {name: joined(s.join(classroom.code, name)) for name, s in students.items()}
    finish(app, students["Ann"], tokens["Ann"], right={1, 2, 3, 4, 5})
    for number in (1, 2, 3):  # 3 of 5 right: the pass mark of 60 % without finishing
        students["Bo"].answer(tokens["Bo"], number, answers_of(app, tokens["Bo"])[number])
    students["Cy"].answer(tokens["Cy"], 1, answers_of(app, tokens["Cy"])[1])
    live = f"/teach/sessions/{classroom.session_id}/live.json"
    before = {s["nickname"]: s["state"] for s in ada.client.get(live).get_json()["students"]}
    assert before == {"Ann": "Passed", "Bo": "Answering", "Cy": "Answering", "Di": "Answering"}

    ada.post(f"/teach/sessions/{classroom.session_id}/close")
    after = {s["nickname"]: s for s in ada.client.get(live).get_json()["students"]}
    assert {name: row["state"] for name, row in after.items()} == {
        "Ann": "Passed",
        "Bo": "Not finished, passed",
        "Cy": "Not finished, not passed",
        "Di": "Not finished, not passed",
    }
    assert [after[name]["passed"] for name in ("Ann", "Bo", "Cy", "Di")] == [
        True,
        True,
        False,
        False,
    ]
    for name in ("Bo", "Cy"):
        results = students[name].client.get(f"/attempts/{tokens[name]}/results").text
        said = "you passed" if after[name]["passed"] else "not passed this time"
        assert said in results
    dashboard = ada.client.get(f"/teach/sessions/{classroom.session_id}/dashboard").text
    assert "Not finished, not passed" in dashboard and "Answering" not in dashboard
    export = ada.client.get(f"/teach/sessions/{classroom.session_id}/results.csv")
    rows = {row[0]: row for row in csv.reader(io.StringIO(export.data.decode("utf-8-sig")))}
    assert rows["Cy"][3:5] == ["", "Not finished, not passed"]
    assert rows["Bo"][4] == "Not finished, passed"
    # Di answered nothing: the closed page does not speak of kept answers.
    di = visible_text(students["Di"].client.get(f"/attempts/{tokens['Di']}/closed").text)
    assert "You had not answered any of the 5 questions." in di and "are kept" not in di


def test_closing_asks_first_and_says_who_is_still_answering(
    app: Flask, ada: TeacherBrowser, bob: TeacherBrowser, classroom: Classroom
) -> None:
    students = {name: browser(app) for name in ("Ann", "Bo")}
    tokens = {name: joined(s.join(classroom.code, name)) for name, s in students.items()}
    finish(app, students["Ann"], tokens["Ann"], right={1})
    close = f"/teach/sessions/{classroom.session_id}/close"
    for page in ("", "/dashboard"):
        shown = ada.client.get(f"/teach/sessions/{classroom.session_id}{page}").text
        assert f'href="{close}">Close the session…</a>' in shown
        assert f'action="{close}"' not in shown  # no one-click close beside the dashboard
    with app.app_context():
        quiz = db.session.get(Quiz, classroom.quiz_id)
        assert quiz is not None
        empty = class_sessions.open_session(quiz, classroom.teacher_id)
        db.session.commit()
        empty_close = f"/teach/sessions/{empty.id}/close"
    nobody = visible_text(ada.client.get(empty_close).text)
    assert "Nobody has joined yet." in nobody and "all of them" not in nobody
    asked = ada.client.get(close)
    assert asked.status_code == 200
    text = visible_text(asked.text)
    assert f"Close session {classroom.code} ?" in text
    assert "2 students joined; 1 is still answering" in text
    assert "cannot be opened again" in text
    assert f'<form method="post" action="{close}">' in asked.text
    with app.app_context():
        assert db.session.get(ClassSession, classroom.session_id).is_open  # type: ignore[union-attr]
    assert bob.client.get(close).status_code == 404
    assert ada.post(close).location == f"/teach/sessions/{classroom.session_id}/dashboard"
    assert ada.client.get(close).location == f"/teach/sessions/{classroom.session_id}/dashboard"


def test_one_browser_cannot_fill_a_class_with_fake_students(
    app: Flask, classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe made 300 students from one browser in 1.6 s; now a browser starts 5 an hour."""
    stopped = time.time()  # the counts' hour is a fixed window: a run across 17:00 got 10
    monkeypatch.setattr(store, "now", lambda: stopped)
    spammer = browser(app)
    statuses = [spammer.join(classroom.code, f"Fake {n}").status_code for n in range(40)]
    assert statuses == [302] * 5 + [429] * 35
    assert "already joined 5 students" in spammer.join(classroom.code, "Fake 99").text
    assert len(attempts_in(app, classroom.session_id)) == 5
    # Going back to one's own attempt is not a new student, and other browsers still join.
    assert spammer.join(classroom.code, "Fake 0").status_code == 302
    assert browser(app).join(classroom.code, "Real").status_code == 302


def test_the_teacher_removes_a_student_after_a_page_that_says_what_goes(
    app: Flask, classroom: Classroom, ada: TeacherBrowser
) -> None:
    sam = browser(app)
    token = joined(sam.join(classroom.code, "Sam"))
    sam.answer(token, 1, answers_of(app, token)[1])
    joined(browser(app).join(classroom.code, "Kim"))
    sam_id = attempts_in(app, classroom.session_id)[0].id
    student_page = ada.client.get(f"/teach/sessions/{classroom.session_id}/students/{sam_id}")
    remove = f"/teach/sessions/{classroom.session_id}/students/{sam_id}/remove"
    assert f'href="{remove}"' in student_page.text
    asked = ada.client.get(remove)
    assert asked.status_code == 200
    assert "Removing Sam deletes their attempt and 1 answer" in visible_text(asked.text)
    assert [a.display_name for a in attempts_in(app, classroom.session_id)] == ["Sam", "Kim"]
    sent = ada.post(remove)
    assert sent.status_code == 302
    assert sent.location == f"/teach/sessions/{classroom.session_id}/dashboard"
    assert [a.display_name for a in attempts_in(app, classroom.session_id)] == ["Kim"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 0
    assert sam.client.get(f"/attempts/{token}").status_code == 404
    live = ada.client.get(f"/teach/sessions/{classroom.session_id}/live.json").json
    assert [row["nickname"] for row in live["students"]] == ["Kim"]


def test_an_answer_read_as_open_is_not_stored_once_the_session_closed(
    app: Flask, classroom: Classroom
) -> None:
    """The probe: answers read as open, stored up to 18 ms after the close committed. The
    page's check and the insert were two steps; a close between them let both win."""
    sam = browser(app)
    token = joined(sam.join(classroom.code, "Sam"))
    with app.app_context():
        attempt, asked = attempts.attempt_and_question(token, 1)
        assert not attempt.session_closed  # what the question page read
        class_sessions.close_session(db.session.get_one(ClassSession, classroom.session_id))
        with pytest.raises(attempts.SessionClosed):
            attempts.submit_answer(attempt, asked, asked.answer)
        assert db.session.scalar(select(func.count(Response.id))) == 0


def test_the_close_waits_for_an_answer_being_stored(app: Flask, classroom: Classroom) -> None:
    """An answer whose insert has begun holds the session: the close waits for its commit, so
    that no answer commits after the close did (on PostgreSQL, a share lock on the session's
    row; on SQLite, the write lock)."""
    token = joined(browser(app).join(classroom.code, "Sam"))
    inserted, release = threading.Event(), threading.Event()
    real_count = attempts._count_response

    def held(*args: Any) -> None:
        inserted.set()
        release.wait(10)
        real_count(*args)

    def answer() -> None:
        with app.app_context():
            attempt, asked = attempts.attempt_and_question(token, 1)
            assert attempts.submit_answer(attempt, asked, asked.answer)

    def close() -> None:
        with app.app_context():
            class_sessions.close_session(db.session.get_one(ClassSession, classroom.session_id))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attempts, "_count_response", held)
        answering = threading.Thread(target=answer)
        answering.start()
        assert inserted.wait(10)
        closing = threading.Thread(target=close)
        closing.start()
        closing.join(1.0)
        closed_first = not closing.is_alive()
        release.set()
        answering.join(10)
        closing.join(20)
    assert not closed_first, "the close committed while an answer was being stored"
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 1
        assert db.session.get_one(ClassSession, classroom.session_id).closed_at is not None


@pytest.mark.parametrize(
    ("first", "second"),
    [("Öz", "öz"), ("ÉLISE", "élise"), ("Ａｄａ", "ada"), ("Straße", "STRASSE")],
    ids=["umlaut", "accent", "full-width", "sharp s"],
)
def test_nicknames_that_read_alike_are_one_nickname(
    app: Flask, classroom: Classroom, first: str, second: str
) -> None:
    """On SQLite, lower() folds ASCII only: "Öz" and "öz" were two students."""
    joined(browser(app).join(classroom.code, first))
    taken = browser(app).join(classroom.code, second)
    assert taken.status_code == 400 and class_sessions.NICKNAME_TAKEN in taken.text
    assert len(attempts_in(app, classroom.session_id)) == 1


def test_a_full_width_nickname_is_stored_as_plain_letters(app: Flask, classroom: Classroom) -> None:
    joined(browser(app).join(classroom.code, "Ｍａｘ　１"))
    assert [a.display_name for a in attempts_in(app, classroom.session_id)] == ["Max 1"]


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("A\u200bda", class_sessions.INVISIBLE_NICKNAME),  # zero-width space
        ("\u202eadA", class_sessions.INVISIBLE_NICKNAME),  # right-to-left override
        ("Ada\u2066", class_sessions.INVISIBLE_NICKNAME),  # left-to-right isolate
        ("Ad\u00ada", class_sessions.INVISIBLE_NICKNAME),  # soft hyphen
        ("Ada\x07", class_sessions.INVISIBLE_NICKNAME),  # a control character
        ("\u3164", class_sessions.INVISIBLE_NICKNAME),  # Hangul filler: prints as a blank
        ("\u0410da", class_sessions.MIXED_NICKNAME),  # Cyrillic А, then Latin
        ("Ad\u03b1", class_sessions.MIXED_NICKNAME),  # Greek alpha
    ],
    ids=["zero-width", "rtl override", "isolate", "soft hyphen", "bell", "filler", "cyr", "greek"],
)
def test_invisible_and_look_alike_nicknames_are_refused(
    app: Flask, classroom: Classroom, nickname: str, message: str
) -> None:
    joined(browser(app).join(classroom.code, "Ada"))
    refused = browser(app).join(classroom.code, nickname)
    assert refused.status_code == 400 and message in refused.text
    with app.app_context(), pytest.raises(class_sessions.JoinRefused, match="alphabet|invisible"):
        class_sessions.join_session(classroom.code, nickname, [])
    assert len(attempts_in(app, classroom.session_id)) == 1
    # Names in one other alphabet, and accents, are fine.
    for fine in ("Дима", "Σοφία", "Zoë"):
        joined(browser(app).join(classroom.code, fine))
