"""The student's path through the test client, with CSRF on: start, answer, feedback, results."""

from __future__ import annotations

import html as html_lib
import re
import threading

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from helpers import (
    SEED_QUIZ_SIZE,
    Student,
    choices_in,
    csrf_token,
    questions_in_order,
    visible_text,
    wrong_choice,
)
from markupsafe import escape
from sqlalchemy import func, select, update

from quizapp.domain import articles, attempts
from quizapp.domain.attempts import attempt_and_question
from quizapp.extensions import db
from quizapp.models import Attempt, Question, Quiz, Response


def load_attempt(app: Flask, token: str) -> tuple[Attempt, list[Question], list[Response]]:
    """The attempt, its questions in the order shown, and its responses, as stored now."""
    with app.app_context():
        attempt = db.session.scalars(select(Attempt).where(Attempt.token == token)).one()
        responses = list(attempt.responses)
        db.session.expunge_all()
    return attempt, questions_in_order(app, token), responses


def set_feedback_mode(app: Flask, quiz_id: int, mode: str) -> None:
    with app.app_context():
        db.session.execute(update(Quiz).where(Quiz.id == quiz_id).values(feedback_mode=mode))
        db.session.commit()


def test_home_lists_the_practice_quiz_and_its_article(client: FlaskClient, quiz_id: int) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Russian And U.S. Forces Reportedly Clash In Syria" in page.text
    assert f"{SEED_QUIZ_SIZE} questions" in page.text
    assert f'href="/quizzes/{quiz_id}"' in page.text
    assert 'href="/articles/russian-and-u-s-forces-reportedly-clash-in-syria"' in page.text
    assert 'name="code"' in page.text and 'name="csrf_token"' in page.text


def test_article_page_shows_the_cleaned_paragraphs(client: FlaskClient, quiz_id: int) -> None:
    page = client.get("/articles/russian-and-u-s-forces-reportedly-clash-in-syria")
    assert page.status_code == 200
    assert "<h1>Russian And U.S. Forces Reportedly Clash In Syria</h1>" in page.text
    assert page.text.count("<p>The Syrian conflict is slowly becoming") == 1
    assert "Related News" not in page.text
    assert client.get("/articles/no-such-article").status_code == 404


def test_a_whole_attempt_with_immediate_feedback(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id, name="  Ada   L. ")
    attempt, questions, _ = load_attempt(app, token)
    assert attempt.display_name == "Ada L." and len(questions) == SEED_QUIZ_SIZE
    # The seed's blanks and its true/false wait (made-up figures, a date a few days off, the
    # tank model, a blank inside a claim), so the practice quiz asks "Who said" and choices.
    assert {q.kind for q in questions} == {"quote", "mcq"}
    expected = 0
    for number, question in enumerate(questions, start=1):
        assert student.resume(token)[0] == number
        page = student.client.get(f"/attempts/{token}/questions/{number}")
        assert f"Question {number} of {SEED_QUIZ_SIZE}" in page.text
        assert sorted(choices_in(page.text)) == sorted(question.choices)
        right = number % 3 != 0
        expected += right
        choice = question.answer if right else wrong_choice(question)
        sent = student.answer(token, number, choice, page=page.text)
        assert sent.location == f"/attempts/{token}/questions/{number}/feedback"
        feedback = student.client.get(sent.location)
        assert ("Correct" if right else "Incorrect") in feedback.text
        assert ("Incorrect" if right else "✓ Correct") not in feedback.text
        assert question.explanation.strip()[:40] in feedback.text.replace("&#34;", '"')
        assert "<mark>" in feedback.text
        follow = "See your results" if number == SEED_QUIZ_SIZE else "Next question"
        assert follow in feedback.text
    assert student.resume(token)[1].request.path == f"/attempts/{token}/results"
    results = student.client.get(f"/attempts/{token}/results")
    size = SEED_QUIZ_SIZE
    score = rf"<span data-score>{expected}</span> out of\s+<span data-max-score>{size}<"
    assert re.search(score, results.text)
    assert f"({round(100 * expected / size)}%)" in results.text
    assert results.text.count('class="result ') == size
    assert results.text.count("✗</span> Incorrect") == size - expected
    attempt, _, responses = load_attempt(app, token)
    assert attempt.score == expected and attempt.max_score == size
    assert attempt.finished_at is not None
    assert len(responses) == size
    assert all(r.explanation_shown and r.answered_at for r in responses)
    assert sum(r.correct for r in responses) == expected


def test_question_and_choice_order_are_fixed_per_attempt(
    app: Flask, student: Student, quiz_id: int
) -> None:
    orders = set()
    for _ in range(4):
        token = student.start(quiz_id)
        attempt, _, _ = load_attempt(app, token)
        orders.add(tuple(attempt.question_order))
        page = student.client.get(f"/attempts/{token}/questions/1").text
        again = student.client.get(f"/attempts/{token}/questions/1").text
        assert choices_in(page) == choices_in(again)
    assert len(orders) > 1, "every attempt got the same question order"


def test_resume_after_a_closed_tab_goes_to_the_first_unanswered_question(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    for number in (1, 2, 3):
        student.answer(token, number, questions[number - 1].answer)
    other_browser = Student(app.test_client())
    number, page = other_browser.resume(token)
    assert number == 4 and f"Question 4 of {SEED_QUIZ_SIZE}" in page.text
    skipped = student.client.get(f"/attempts/{token}/questions/{SEED_QUIZ_SIZE}")
    assert skipped.location == f"/attempts/{token}"
    early = student.client.get(f"/attempts/{token}/results", follow_redirects=True)
    assert "Answer every question to see your results." in early.text
    assert early.request.path == f"/attempts/{token}/questions/4"
    assert student.client.get(f"/attempts/{token}/questions/11").status_code == 404


def test_the_start_page_offers_to_go_on_where_this_browser_stopped(
    app: Flask, student: Student, quiz_id: int
) -> None:
    """What the start page promises: come back to the quiz and go on where you stopped."""
    assert "Go on where you stopped" not in student.client.get(f"/quizzes/{quiz_id}").text
    token = student.start(quiz_id, "Kim")
    _, questions, _ = load_attempt(app, token)
    for number in (1, 2):
        student.answer(token, number, questions[number - 1].answer)
    page = student.client.get(f"/quizzes/{quiz_id}").text
    text = visible_text(page)
    assert f"You answered 2 of {SEED_QUIZ_SIZE} questions as Kim." in text
    assert f'href="/attempts/{token}">Go on where you stopped</a>' in page
    number, _ = student.resume(token)
    assert number == 3
    # Another browser, or a new attempt started here, is not offered this one.
    assert (
        "Go on where you stopped"
        not in Student(app.test_client()).client.get(f"/quizzes/{quiz_id}").text
    )
    newer = student.start(quiz_id)
    assert f'href="/attempts/{newer}">Go on' in student.client.get(f"/quizzes/{quiz_id}").text
    for number, question in enumerate(load_attempt(app, newer)[1], start=1):
        student.answer(newer, number, question.answer)
    # The attempt left by starting again is not offered once the new one is finished.
    assert "Go on where you stopped" not in student.client.get(f"/quizzes/{quiz_id}").text


def test_a_second_submit_changes_nothing_and_says_so(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    page = student.client.get(f"/attempts/{token}/questions/1").text
    first = student.answer(token, 1, questions[0].answer, page=page)
    again = student.answer(token, 1, wrong_choice(questions[0]), page=page)
    assert again.location == first.location
    shown = student.client.get(again.location).text
    assert "You already answered question 1; your first answer stands." in shown
    attempt, _, responses = load_attempt(app, token)
    assert attempt.score == 1 and len(responses) == 1
    assert responses[0].chosen == questions[0].answer and responses[0].correct


def set_notes(app: Flask, question_id: int, notes: dict[str, str]) -> None:
    with app.app_context():
        db.session.get_one(Question, question_id).choice_notes = notes
        db.session.commit()


def shown_text(html: str) -> str:
    return html_lib.unescape(visible_text(html))


def test_a_wrong_choice_with_a_note_shows_its_note_and_keeps_it(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    noted, right, unnoted, *rest = questions
    chosen = wrong_choice(noted)
    note = "It is the number of another battle, two paragraphs later."
    set_notes(app, noted.id, {chosen: note, noted.answer: "never shown: not a wrong choice"})
    other = wrong_choice(unnoted)
    set_notes(app, unnoted.id, {c: "A note." for c in unnoted.choices if c not in (other,)})
    assert note not in student.client.get(f"/attempts/{token}/questions/1").text

    student.answer(token, 1, chosen)
    student.answer(token, 2, right.answer)
    student.answer(token, 3, other)
    _, _, responses = load_attempt(app, token)
    shown = {r.question_id: r.explanation_shown for r in responses}
    expected = f"{noted.explanation}\n\nYou chose “{chosen}”: {note}"
    assert shown[noted.id] == expected
    assert shown[right.id] == right.explanation  # a right answer: the explanation alone
    assert shown[unnoted.id] == unnoted.explanation  # a wrong choice without a note
    page = student.client.get(f"/attempts/{token}/questions/1/feedback").text
    assert " ".join(expected.split()) in shown_text(page)
    assert "<p>You chose" in page  # the note is a paragraph of its own
    assert "You chose" not in student.client.get(f"/attempts/{token}/questions/2/feedback").text
    assert "You chose" not in student.client.get(f"/attempts/{token}/questions/3/feedback").text

    # A later edit of the question rewrites nothing the student was shown.
    set_notes(app, noted.id, {chosen: "A new note."})
    with app.app_context():
        db.session.get_one(Question, noted.id).explanation = "A new explanation."
        db.session.commit()
    _, _, responses = load_attempt(app, token)
    assert next(r for r in responses if r.question_id == noted.id).explanation_shown == expected
    for number, question in enumerate(rest, start=4):
        student.answer(token, number, question.answer)
    page = student.client.get(f"/attempts/{token}/results").text
    assert '<p class="why">You chose' in page
    results = shown_text(page)
    assert " ".join(expected.split()) in results and "A new note." not in results
    assert results.count("You chose") == 1
    feedback = shown_text(student.client.get(f"/attempts/{token}/questions/1/feedback").text)
    assert note in feedback and "A new note." not in feedback


def test_racing_submits_count_once(app: Flask, student: Student, quiz_id: int) -> None:
    token = student.start(quiz_id)
    with app.app_context():
        attempt, question = attempt_and_question(token, 1)
        assert attempts.submit_answer(attempt, question, question.answer) is True
    # The second request read its attempt before the first had committed: only the
    # constraint stops it.
    with app.app_context():
        assert attempts.submit_answer(attempt, question, question.answer) is False
        count = db.session.scalar(select(func.count(Response.id)))
        score = db.session.scalar(select(Attempt.score).where(Attempt.token == token))
    assert (count, score) == (1, 1)


def test_concurrent_submits_through_the_app_count_once(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    cookie = student.client.get_cookie("session")
    assert cookie is not None
    data = {"csrf_token": student.fresh_token(), "choice": questions[0].answer}
    start = threading.Barrier(6)
    statuses: list[int] = []

    def submit() -> None:
        browser_tab = app.test_client()
        browser_tab.set_cookie("session", cookie.value)
        start.wait()
        statuses.append(browser_tab.post(f"/attempts/{token}/questions/1", data=data).status_code)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 6
    attempt, _, responses = load_attempt(app, token)
    assert len(responses) == 1 and attempt.score == 1


def test_back_button_shows_feedback_and_a_resent_form_counts_nothing(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    old_page = student.client.get(f"/attempts/{token}/questions/1").text
    student.answer(token, 1, wrong_choice(questions[0]), page=old_page)
    student.answer(token, 2, questions[1].answer)
    back = student.client.get(f"/attempts/{token}/questions/1")
    assert back.location == f"/attempts/{token}/questions/1/feedback"
    resent = student.answer(token, 1, questions[0].answer, page=old_page)
    assert "your first answer stands" in student.client.get(resent.location).text
    attempt, _, responses = load_attempt(app, token)
    assert attempt.score == 1 and len(responses) == 2
    assert student.resume(token)[0] == 3


def test_with_feedback_at_the_end_correctness_stays_hidden(
    app: Flask, student: Student, quiz_id: int
) -> None:
    set_feedback_mode(app, quiz_id, "end")
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    sent = student.answer(token, 1, wrong_choice(questions[0]))
    assert sent.location == f"/attempts/{token}"
    next_page = student.client.get(sent.location, follow_redirects=True).text
    assert "Incorrect" not in next_page and "Correct" not in next_page
    hidden = student.client.get(f"/attempts/{token}/questions/1/feedback")
    assert hidden.location == f"/attempts/{token}"
    assert student.client.get(f"/attempts/{token}/questions/1").location == f"/attempts/{token}"
    for number, question in enumerate(questions[1:], start=2):
        student.answer(token, number, question.answer)
    results = student.client.get(f"/attempts/{token}/results").text
    right = SEED_QUIZ_SIZE - 1
    share = round(100 * right / SEED_QUIZ_SIZE)
    assert f"<span data-score>{right}</span>" in results and f"({share}%)" in results


def test_a_forged_choice_is_refused(app: Flask, student: Student, quiz_id: int) -> None:
    token = student.start(quiz_id)
    forged = student.answer(token, 1, "Vladimir Putin, obviously")
    assert forged.status_code == 400
    assert "That answer is not one of the choices." in forged.text
    empty = student.answer(token, 1, "")
    assert empty.status_code == 400 and "Choose an answer." in empty.text
    no_csrf = student.client.post(f"/attempts/{token}/questions/1", data={"choice": "True"})
    assert no_csrf.status_code == 400 and "This form has expired" in no_csrf.text
    attempt, _, responses = load_attempt(app, token)
    assert responses == [] and attempt.score == 0


@pytest.mark.parametrize(
    "path",
    [
        "/attempts/not-a-real-token",
        "/attempts/not-a-real-token/questions/1",
        "/attempts/not-a-real-token/questions/1/feedback",
        "/attempts/not-a-real-token/results",
        "/quizzes/999",
        "/no/such/page",
    ],
)
def test_unknown_addresses_get_the_404_page(client: FlaskClient, quiz_id: int, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404
    assert "Page not found" in page.text and 'href="/"' in page.text
    assert "quizapp.css" in page.text


def test_unknown_token_on_post_is_404_too(student: Student, quiz_id: int) -> None:
    assert student.answer("not-a-real-token", 1, "True").status_code == 404


@pytest.mark.parametrize("number", [0, 11, 2**31, 2**40])
def test_a_question_number_outside_the_attempt_is_404(
    student: Student, quiz_id: int, number: int
) -> None:
    # 0 matters on PostgreSQL: index -1 of a JSON array is its last element there.
    token = student.start(quiz_id)
    assert student.client.get(f"/attempts/{token}/questions/{number}").status_code == 404


def test_an_attempt_reads_the_answers_given_so_far(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    for number, question in enumerate(questions[:3], start=1):
        student.answer(token, number, question.answer)
    with app.app_context():
        attempt, asked = attempt_and_question(token, 4)
    assert attempt.answered == {question.id for question in questions[:3]}
    assert attempt.next_number() == 4 and asked.id == questions[3].id
    assert attempt.total == SEED_QUIZ_SIZE and not attempt.session_closed
    assert sorted(asked.choices_for(token)) == sorted(questions[3].choices)


def normalised(html: str) -> str:
    """A page with its CSRF token blanked: the one part that may differ between two loads."""
    return re.sub(r'(name="csrf_token" type="hidden" value=)"[^"]+"', r'\1""', html)


def test_the_question_page_does_not_reveal_the_answer(
    app: Flask, student: Student, quiz_id: int
) -> None:
    token = student.start(quiz_id)
    _, questions, _ = load_attempt(app, token)
    for number, question in enumerate(questions, start=1):
        url = f"/attempts/{token}/questions/{number}"
        page = normalised(student.client.get(url).text)
        assert question.explanation not in page
        if question.source_sentence.strip() not in question.prompt:
            # A true statement is its source sentence; any other source would be a hint.
            assert question.source_sentence.strip() not in page
        # Make each other choice the right one: the page must not change by a single byte.
        for choice in question.choices:
            with app.app_context():
                db.session.execute(
                    update(Question).where(Question.id == question.id).values(answer=choice)
                )
                db.session.commit()
            assert normalised(student.client.get(url).text) == page
        with app.app_context():
            db.session.execute(
                update(Question).where(Question.id == question.id).values(answer=question.answer)
            )
            db.session.commit()
        student.answer(token, number, question.answer)


def test_try_again_starts_a_new_attempt(app: Flask, student: Student, quiz_id: int) -> None:
    token = student.start(quiz_id, name="Ben")
    _, questions, _ = load_attempt(app, token)
    for number, question in enumerate(questions, start=1):
        student.answer(token, number, question.answer)
    results = student.client.get(f"/attempts/{token}/results").text
    assert "Try again" in results and f"/attempts/{token}/results" in results
    again = student.client.post(
        f"/quizzes/{quiz_id}", data={"csrf_token": csrf_token(results), "display_name": "Ben"}
    )
    new_token = again.location.rsplit("/", 1)[1]
    assert new_token != token
    attempt, _, responses = load_attempt(app, new_token)
    assert attempt.display_name == "Ben" and responses == [] and attempt.finished_at is None
    assert load_attempt(app, token)[0].score == SEED_QUIZ_SIZE


def test_join_form_checks_the_code(student: Student, quiz_id: int) -> None:
    data = {"csrf_token": student.fresh_token(), "code": "O0", "nickname": "Ann"}
    bad = student.client.post("/join", data=data)
    assert bad.status_code == 400 and "A class code is 6 letters and digits" in bad.text
    unknown = student.client.post("/join", data=data | {"code": "kx4p7m"})
    assert unknown.status_code == 400 and "No class has this code." in unknown.text
    assert 'value="KX4P7M"' in unknown.text


def test_feedback_highlights_the_source_sentence_in_its_paragraph(app: Flask, quiz_id: int) -> None:
    with app.app_context():
        for question in db.session.scalars(select(Question)):
            paragraphs = articles.question_source(question)
            assert len(paragraphs) == 1, question.prompt
            marked = re.search(r"<mark>(.*)</mark>", str(paragraphs[0]), re.S)
            assert marked and marked.group(1) == str(escape(question.source_sentence.strip()))
            assert str(paragraphs[0]).replace("<mark>", "").replace("</mark>", "") in str(
                escape(question.article.body)
            )


def test_highlight_escapes_the_article_and_survives_stale_offsets(app: Flask, quiz_id: int) -> None:
    with app.app_context():
        question = db.session.scalars(select(Question)).first()
        assert question is not None
        question.article.body = "<b>Bold</b> claim.\n\nSecond paragraph."
        question.source_start, question.source_end = 0, 18
        question.source_sentence = "<b>Bold</b> claim."
        (marked,) = articles.question_source(question)
        assert str(marked) == "<mark>&lt;b&gt;Bold&lt;/b&gt; claim.</mark>"
        question.source_sentence = "Something else"
        assert articles.question_source(question) == []
        db.session.rollback()


def test_error_pages_use_the_layout(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom/<int:code>")
    def boom(code: int) -> str:
        if code == 500:
            raise RuntimeError("broken on purpose")
        abort(code)

    client = app.test_client()
    for code, heading in [
        (400, "That request could not be used"),
        (403, "You may not open this page"),
        (404, "Page not found"),
        (500, "Something went wrong on our side"),
    ]:
        page = client.get(f"/boom/{code}")
        assert page.status_code == code
        assert heading in page.text and f"Error {code}" in page.text
        assert 'class="site-header"' in page.text
