"""Exports: results as CSV (safe in a spreadsheet), the quiz as GIFT (parsed back), worksheets."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import Classroom
from flask import Flask
from helpers import Student, TeacherBrowser, choices_in, questions_in_order
from markupsafe import escape

from quizapp.domain.exports import gift_escape, spreadsheet_safe
from quizapp.extensions import db
from quizapp.models import Question, Quiz

# ---------------------------------------------------------------------------------------------
# A small GIFT reader, written from Moodle's description of the format, to read the export back.


@dataclass
class GiftQuestion:
    title: str
    text: str
    right: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    true_false: bool | None = None
    general_feedback: str = ""
    # Each answer's own feedback (a true/false question's: "wrong" and "right"), by answer.
    feedback: dict[str, str] = field(default_factory=dict)


Chars = list[tuple[str, bool]]  # each character, and whether a backslash escaped it


def scan(text: str) -> Chars:
    chars: Chars = []
    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            chars.append((text[index + 1], True))
            index += 2
        else:
            chars.append((text[index], False))
            index += 1
    return chars


def plain(chars: Chars) -> str:
    """The characters as text: HTML entities decoded, runs of white space as one space."""
    return " ".join(html.unescape("".join(ch for ch, _ in chars)).split())


def find(chars: Chars, token: str, start: int = 0) -> int:
    """The index of the first unescaped ``token`` at or after ``start``, or -1."""
    for index in range(start, len(chars) - len(token) + 1):
        window = chars[index : index + len(token)]
        pairs = zip(window, token, strict=True)
        if all(ch == want and not escaped for (ch, escaped), want in pairs):
            return index
    return -1


def split_answers(body: Chars) -> tuple[list[tuple[str, Chars, Chars]], Chars]:
    """The answers (their mark, = or ~, their text and their own feedback, after "#") and the
    general feedback."""
    general = find(body, "####")
    feedback = body[general + 4 :] if general >= 0 else []
    body = body[:general] if general >= 0 else body
    marked: list[tuple[str, Chars]] = []
    for ch, escaped in body:
        if ch in "=~" and not escaped:
            marked.append((ch, []))
        elif marked:
            marked[-1][1].append((ch, escaped))
    answers = []
    for mark, text in marked:
        own = find(text, "#")
        answers.append((mark, text[:own], text[own + 1 :]) if own >= 0 else (mark, text, []))
    return answers, feedback


def parse_gift(text: str) -> list[GiftQuestion]:
    lines = [line for line in text.split("\n") if not line.lstrip().startswith("//")]
    blocks = [block for block in "\n".join(lines).split("\n\n") if block.strip()]
    questions = []
    for block in blocks:
        chars = scan(block.strip())
        assert find(chars, "::") == 0, block
        title_end = find(chars, "::", 2)
        open_brace = find(chars, "{", title_end + 2)
        close_brace = find(chars, "}", open_brace)
        assert title_end > 0 and open_brace > 0 and close_brace > 0, block
        nested = find(chars, "{", open_brace + 1)
        assert nested == -1 or nested > close_brace, "an unescaped brace inside the answers"
        assert not plain(chars[close_brace + 1 :]), "text after the answers"
        text = chars[title_end + 2 : open_brace]
        if plain(text[:6]) == "[html]":
            text = text[6:]
        question = GiftQuestion(plain(chars[2:title_end]), plain(text))
        body = chars[open_brace + 1 : close_brace]
        general = find(body, "####")
        head = body[:general] if general >= 0 else body
        # {T#feedback on the wrong answer#feedback on the right one####general feedback}
        own = find(head, "#")
        if plain(head[:own] if own >= 0 else head) in ("T", "F", "TRUE", "FALSE"):
            question.true_false = plain(head).startswith("T")
            question.general_feedback = plain(body[general + 4 :]) if general >= 0 else ""
            if own >= 0:
                right = find(head, "#", own + 1)
                question.feedback["wrong"] = plain(head[own + 1 : right if right >= 0 else None])
                question.feedback["right"] = plain(head[right + 1 :]) if right >= 0 else ""
        else:
            answers, feedback = split_answers(body)
            question.right = [plain(t) for mark, t, _ in answers if mark == "="]
            question.wrong = [plain(t) for mark, t, _ in answers if mark == "~"]
            question.feedback = {plain(t): plain(own) for _, t, own in answers if own}
            question.general_feedback = plain(feedback)
        questions.append(question)
    return questions


def tidy(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------


def gift_of(browser: TeacherBrowser, quiz_id: int) -> str:
    sent = browser.client.get(f"/teach/quizzes/{quiz_id}/quiz.gift")
    assert sent.status_code == 200
    assert sent.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert sent.headers["Content-Disposition"] == 'attachment; filename="harbour-vote.gift"'
    return sent.text


def quiz_questions(app: Flask, quiz_id: int) -> list[Question]:
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz is not None
        questions = quiz.questions
        db.session.expunge_all()
        return questions


def test_the_gift_export_reads_back_as_the_quiz(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    text = gift_of(ada, classroom.quiz_id)
    assert text.startswith("// Harbour vote\n")
    parsed = parse_gift(text)
    questions = quiz_questions(app, classroom.quiz_id)
    assert len(parsed) == len(questions) == 5
    for number, (read, question) in enumerate(zip(parsed, questions, strict=True), start=1):
        assert read.title == f"Q{number}"
        assert read.text == tidy(question.prompt)
        assert read.general_feedback == tidy(question.explanation)
        if question.kind == "true_false":
            assert read.true_false is (question.answer == "True")
        else:
            assert read.right == [question.answer]
            assert sorted(read.wrong) == sorted(c for c in question.choices if c != question.answer)


def test_the_gift_export_gives_each_wrong_choice_its_note(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    first, second, third, *_ = classroom.question_ids
    with app.app_context():
        noted = db.session.get_one(Question, first)
        wrong = [c for c in noted.choices if c != noted.answer]
        noted.choice_notes = {wrong[0]: "Said later, by #2 = {Bob}: a~b \\ <i>end</i>"}
        db.session.get_one(Question, second).choice_notes = {}
        statement = db.session.get_one(Question, third)
        statement.kind = "true_false"
        statement.choices, statement.answer = ["True", "False"], "True"
        statement.choice_notes = {"False": "The article says it as it is written."}
        noted_prompt = tidy(noted.prompt)
        db.session.commit()
    text = gift_of(ada, classroom.quiz_id)
    assert r"#Said later, by \#2 \= \{Bob\}\: a\~b \\ &lt;i&gt;end&lt;/i&gt;" in text
    assert "{T#The article says it as it is written.####" in text
    read = {q.text: q for q in parse_gift(text)}
    for question in quiz_questions(app, classroom.quiz_id):
        gift = read[tidy(question.prompt)]
        if question.kind == "true_false":
            assert gift.true_false is (question.answer == "True")
            note = question.choice_notes.get("False" if gift.true_false else "True", "")
            assert gift.feedback == ({"wrong": tidy(note), "right": ""} if note else {})
            continue
        # Only wrong choices get feedback: each its own note, and none without a note.
        notes = {c: n for c, n in question.choice_notes.items() if c != question.answer}
        assert gift.feedback == {choice: tidy(note) for choice, note in notes.items()}
        assert set(gift.feedback) <= set(gift.wrong)
        assert gift.right == [question.answer]
        assert gift.general_feedback == tidy(question.explanation)
    assert read[noted_prompt].feedback == {wrong[0]: "Said later, by #2 = {Bob}: a~b \\ <i>end</i>"}


SPECIAL = r"Is 2+2=4 {really}? Ask ~Ann #1: yes\no <b>&</b>"


def test_gift_escapes_every_special_character(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    with app.app_context():
        question = db.session.get(Question, classroom.question_ids[0])
        assert question is not None
        question.kind = "mcq"
        question.prompt = SPECIAL
        question.choices = ["a=b", "c~d", "{e}", "f#g:h\\", "####"]
        question.answer = "a=b"
        question.explanation = r"Because: 1 # 2 ~ 3 = {4} \ end"
        db.session.commit()
    text = gift_of(ada, classroom.quiz_id)
    assert r"2+2\=4 \{really\}? Ask \~Ann \#1\: yes\\no &lt;b&gt;&amp;&lt;/b&gt;" in text
    read = next(q for q in parse_gift(text) if q.text.startswith("Is 2+2"))
    assert read.text == SPECIAL
    assert read.right == ["a=b"]
    assert sorted(read.wrong) == sorted(["c~d", "{e}", "f#g:h\\", "####"])
    assert read.general_feedback == r"Because: 1 # 2 ~ 3 = {4} \ end"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a~b", r"a\~b"),
        ("x = y", r"x \= y"),
        ("#1", r"\#1"),
        ("{x}", r"\{x\}"),
        ("10:30", r"10\:30"),
        ("back\\slash", r"back\\slash"),
        ("two\n\nparagraphs", "two paragraphs"),
        ("a < b & c", "a &lt; b &amp; c"),
    ],
)
def test_gift_escape(text: str, escaped: str) -> None:
    assert gift_escape(text) == escaped


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("Zoë", "Zoë"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_the_results_csv_has_a_safe_row_per_student(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    evil, zoe = Student(app.test_client()), Student(app.test_client())
    evil_nickname = '=HYPERLINK("//x.io","Hi")'
    evil_token = evil.join(classroom.code, evil_nickname).location.rsplit("/", 1)[1]
    zoe_token = zoe.join(classroom.code, "Zoë").location.rsplit("/", 1)[1]
    for number, question in enumerate(questions_in_order(app, zoe_token), start=1):
        zoe.answer(zoe_token, number, question.answer)
    evil_first = evil.client.get(f"/attempts/{evil_token}", follow_redirects=True)
    evil_choice = choices_in(evil_first.text)[0]
    evil.answer(evil_token, 1, html.unescape(evil_choice))

    sent = ada.client.get(f"/teach/sessions/{classroom.session_id}/results.csv")
    assert sent.status_code == 200
    assert sent.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert sent.headers["Content-Disposition"].startswith('attachment; filename="harbour-vote-')
    assert sent.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(sent.data.decode("utf-8-sig"))))
    questions = quiz_questions(app, classroom.quiz_id)
    header, *students = rows
    assert header[:5] == ["Nickname", "Score", "Max score", "Finished (UTC)", "State"]
    assert header[5::2] == [f"Q{n}: {q.prompt}" for n, q in enumerate(questions, start=1)]
    assert header[6::2] == [f"Q{n} right" for n in range(1, len(questions) + 1)]
    assert len(students) == 2
    by_name = {row[0]: row for row in students}
    assert set(by_name) == {"'" + evil_nickname, "Zoë"}
    zoe_row = by_name["Zoë"]
    assert zoe_row[1:3] == ["5", "5"] and re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", zoe_row[3]
    )
    assert zoe_row[4] == "Passed"
    assert zoe_row[5::2] == [spreadsheet_safe(q.answer) for q in questions]
    assert zoe_row[6::2] == ["right"] * len(questions)
    evil_row = by_name["'" + evil_nickname]
    assert evil_row[2] == "5" and evil_row[3:5] == ["", "Answering"]
    assert sum(1 for cell in evil_row[5::2] if cell) == 1
    marks = {choice: mark for choice, mark in zip(evil_row[5::2], evil_row[6::2], strict=True)}
    assert marks.pop("") == "" and len(marks) == 1 and set(marks.values()) <= {"right", "wrong"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", html)


def test_worksheet_and_answer_key_agree_and_print(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    sheet = ada.client.get(f"/teach/quizzes/{classroom.quiz_id}/worksheet").text
    key = ada.client.get(f"/teach/quizzes/{classroom.quiz_id}/answer-key").text
    questions = quiz_questions(app, classroom.quiz_id)
    assert sheet.count('class="sheet-item"') == key.count('class="sheet-item"') == 5
    assert "Port Alder" in sheet and "Name" in sheet
    for question in questions:
        explanation = str(escape(question.explanation))
        assert explanation not in sheet and explanation in key
        # The letter the key gives is the letter the worksheet printed beside the answer.
        letter = re.search(
            rf"<strong>([A-H])\. {re.escape(str(escape(question.answer)))}</strong>", key
        )
        assert letter, question.answer
        shown = f'<span class="letter">{letter.group(1)}.</span> {escape(question.answer)}'
        assert shown in sheet
    # The same worksheet twice; the logout form's CSRF token carries a timestamp, so it may differ.
    again = ada.client.get(f"/teach/quizzes/{classroom.quiz_id}/worksheet").text
    assert without_tokens(sheet) == without_tokens(again)
    css = (Path(__file__).parent.parent / "static/css/quizapp.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and "break-inside: avoid" in print_rules


def test_a_quotation_asked_as_true_or_false_exports_as_true_or_false(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """ "True or false: X said “…”" (an article of two people) is a quote question whose
    choices are True and False: Moodle should get a true/false question, not two options."""
    first, *_ = classroom.question_ids
    with app.app_context():
        said = db.session.get_one(Question, first)
        said.kind, said.prompt = "quote", "True or false: Ellen Marsh said “We will pay more.”"
        said.choices, said.answer, said.choice_notes = ["True", "False"], "False", {}
        db.session.commit()
    read = {q.text: q for q in parse_gift(gift_of(ada, classroom.quiz_id))}
    assert read[tidy("True or false: Ellen Marsh said “We will pay more.”")].true_false is False
