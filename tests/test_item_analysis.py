"""Item analysis: facility, discrimination and choice counts worked out by hand on a small
class, the flags, "the best N" leaving out a question flagged for its key until it is
reviewed, replacing a distractor nobody picks, the pages and the CSV; no answer ever changes.

The class: ten students S1…S10 in two sessions (S1–S5, S6–S10) of one five-question quiz,
every student answering every question. 1 is right, 0 wrong:

            Q1  Q2  Q3  Q4  Q5   total
    S1       1   0   1   1   1     4
    S2       1   0   1   1   1     4
    S3       1   0   1   1   1     4
    S4       1   0   1   1   0     3
    S5       0   0   1   1   1     3
    S6       1   1   1   1   0     4
    S7       0   1   1   0   1     3
    S8       0   1   1   0   0     2
    S9       0   1   1   0   0     2
    S10      0   1   1   0   0     2

A student's rest-score on a question is the share right of the four others: (total − item) / 4.
The point-biserial r = (M1 − M0) / s × √(p q) does not change when every rest-score is
multiplied by the same number, so the arithmetic below works on the counts (total − item) and
leaves out the / 4.
"""

from __future__ import annotations

import csv
import html
import io
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from conftest import Classroom
from flask import Flask
from helpers import TEACHER_PASSWORD, TeacherBrowser, visible_text
from sqlalchemy import select

from quizapp.domain import item_analysis, question_bank
from quizapp.domain.articles import as_article_text
from quizapp.domain.class_sessions import close_session
from quizapp.domain.item_analysis import (
    Answer,
    ReplacementRefused,
    point_biserial,
    replace_distractor,
)
from quizapp.domain.question_checks import failed_alone
from quizapp.domain.quizzes import best_questions
from quizapp.domain.teachers import create_teacher
from quizapp.extensions import db
from quizapp.generation.questions import GeneratedQuestion
from quizapp.models import (
    Article,
    Attempt,
    ClassSession,
    Question,
    Quiz,
    QuizQuestion,
    Response,
)

BODY = "Ana met Ben. Eva met Finn. Ida met Jon. Max met Ned. Quin met Rae."
# Each question's choices as stored (A, B, C, D) and its answer.
CHOICES = {
    "Q1": (["Ana", "Ben", "Cleo", "Dev"], "Ana"),
    "Q2": (["Eva", "Finn", "Gus", "Hal"], "Finn"),
    "Q3": (["Ida", "Jon", "Kim", "Lou"], "Ida"),
    "Q4": (["Max", "Ned", "Oli", "Pam"], "Max"),
    "Q5": (["Quin", "Rae", "Sal", "Tom"], "Quin"),
}
# What each student picked: the answer where the table above says 1.
PICKED = {
    "Q1": ["Ana", "Ana", "Ana", "Ana", "Ben", "Ana", "Ben", "Cleo", "Ben", "Cleo"],
    "Q2": ["Eva", "Eva", "Eva", "Gus", "Hal", "Finn", "Finn", "Finn", "Finn", "Finn"],
    "Q3": ["Ida"] * 10,
    "Q4": ["Max", "Max", "Max", "Max", "Max", "Max", "Ned", "Oli", "Pam", "Ned"],
    "Q5": ["Quin", "Quin", "Quin", "Rae", "Quin", "Sal", "Quin", "Tom", "Rae", "Sal"],
}
ANSWERED_AT = datetime(2026, 11, 2, 9, 0)


@dataclass(frozen=True)
class Lesson:
    article_id: int
    quiz_id: int
    question_ids: dict[str, int]


@pytest.fixture
def lesson(app: Flask) -> Lesson:
    """The class above, stored as the app stores it; and one practice attempt on the same quiz
    (anonymous, no session) that picks every unpicked choice, which must not count."""
    with app.app_context():
        db.create_all()
        ada = create_teacher("ada", TEACHER_PASSWORD)
        article = Article(owner_id=ada.id, slug="met", title="Who met whom", body=BODY)
        questions = {}
        for index, (name, (choices, answer)) in enumerate(CHOICES.items()):
            start = BODY.index(answer)
            questions[name] = Question(
                kind="mcq",
                prompt=f"{name}: who met someone?",
                choices=choices,
                answer=answer,
                explanation="The article says so.",
                source_sentence=BODY[start : BODY.index(".", start) + 1],
                source_start=start,
                source_end=BODY.index(".", start) + 1,
                fact_type="person",
                status="approved",
                rank=index + 1,
            )
        article.questions = list(questions.values())
        quiz = Quiz(owner_id=ada.id, title="Who met whom", article=article, shuffle=False)
        quiz.items = [
            QuizQuestion(question=q, position=i) for i, q in enumerate(questions.values())
        ]
        db.session.add(article)
        db.session.flush()
        sessions = [
            ClassSession(quiz_id=quiz.id, teacher_id=ada.id, code=code)
            for code in ("AAAAAA", "BBBBBB")
        ]
        db.session.add_all(sessions)
        db.session.flush()
        for student in range(10):
            picks = {name: PICKED[name][student] for name in CHOICES}
            store_attempt(quiz, questions, picks, sessions[student // 5].id, f"S{student + 1}")
        unpicked = {"Q1": "Dev", "Q2": "Hal", "Q3": "Kim", "Q4": "Pam", "Q5": "Tom"}
        store_attempt(quiz, questions, unpicked, None, "")
        db.session.commit()
        return Lesson(article.id, quiz.id, {name: q.id for name, q in questions.items()})


def store_attempt(
    quiz: Quiz,
    questions: dict[str, Question],
    picks: dict[str, str],
    class_session_id: int | None,
    nickname: str,
) -> None:
    right = {name: picks[name] == questions[name].answer for name in picks}
    attempt = Attempt(
        token=f"token-{nickname or 'practice'}-0123456789",
        quiz=quiz,
        class_session_id=class_session_id,
        display_name=nickname,
        question_order=[q.id for q in questions.values()],
        max_score=len(questions),
        score=sum(right.values()),
        finished_at=ANSWERED_AT,
    )
    attempt.responses = [
        Response(
            question_id=questions[name].id,
            chosen=picks[name],
            correct=right[name],
            right_answer=questions[name].answer,
            explanation_shown="The article says so.",
            answered_at=ANSWERED_AT,
        )
        for name in picks
    ]
    db.session.add(attempt)


def stored_answers(app: Flask) -> list[tuple[object, ...]]:
    """Every column of every stored answer: what no analysis or action may change."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(Response.__table__))]


def test_the_numbers_match_the_arithmetic_done_by_hand(app: Flask, lesson: Lesson) -> None:
    with app.app_context():
        analysis = item_analysis.for_quiz(db.session.get_one(Quiz, lesson.quiz_id))
    rows = {f"Q{row.number}": row for row in analysis.rows}
    # Ten students in two sessions; the practice attempt is not counted anywhere.
    assert (analysis.students, analysis.sessions) == (10, 2)
    assert [row.answered for row in analysis.rows] == [10, 10, 10, 10, 10]

    # Facility = right / answered.
    # Q1: S1, S2, S3, S4, S6 right = 5 of 10 = 0.5    Q2: S6–S10 = 5 of 10 = 0.5
    # Q3: all 10 = 1.0    Q4: S1–S6 = 6 of 10 = 0.6    Q5: S1, S2, S3, S5, S7 = 5 of 10 = 0.5
    assert [row.facility for row in analysis.rows] == [0.5, 0.5, 1.0, 0.6, 0.5]
    assert rows["Q4"].facility_text == "60 %"

    # Q1: rest = total − Q1 = S1..S10: 3 3 3 2 3 3 3 2 2 2.
    #   right (S1 S2 S3 S4 S6): 3+3+3+2+3 = 14, M1 = 14/5 = 2.8
    #   wrong (S5 S7 S8 S9 S10): 3+3+2+2+2 = 12, M0 = 12/5 = 2.4
    #   mean 26/10 = 2.6; squared deviations 0.16 × 6 (the 3s) + 0.36 × 4 (the 2s) = 2.4;
    #   s = √(2.4 / 10) = √0.24 = 0.4899; p = q = 0.5, √(pq) = 0.5
    #   r = (2.8 − 2.4) / 0.4899 × 0.5 = 0.4082 (= 1/√6)
    assert rows["Q1"].discrimination == pytest.approx(1 / math.sqrt(6))
    # Q2: rest = total − Q2 = 4 4 4 3 3 3 2 1 1 1.
    #   right (S6–S10): 3+2+1+1+1 = 8, M1 = 1.6;  wrong (S1–S5): 4+4+4+3+3 = 18, M0 = 3.6
    #   mean 2.6; squared deviations 1.96 × 3 + 0.16 × 3 + 0.36 + 2.56 × 3 = 14.4;
    #   s = √1.44 = 1.2;  r = (1.6 − 3.6) / 1.2 × 0.5 = −0.8333 (= −5/6)
    assert rows["Q2"].discrimination == pytest.approx(-5 / 6)
    # Q3: everyone right, q = 0: r is undefined.
    assert rows["Q3"].discrimination is None
    assert rows["Q3"].discrimination_text == "— (everyone got it right)"
    # Q4: rest = total − Q4 = 3 3 3 2 2 3 3 2 2 2.
    #   right (S1–S6): 3+3+3+2+2+3 = 16, M1 = 16/6 = 2.667; wrong (S7–S10): 3+2+2+2 = 9, M0 = 2.25
    #   mean 2.5; every deviation is ±0.5, so s = 0.5;  p = 0.6, √(0.6 × 0.4) = 0.4899
    #   r = (2.667 − 2.25) / 0.5 × 0.4899 = 0.4082
    assert rows["Q4"].discrimination == pytest.approx(math.sqrt(6) / 6)
    # Q5: rest = total − Q5 = 3 3 3 3 2 4 2 2 2 2.
    #   right (S1 S2 S3 S5 S7): 3+3+3+2+2 = 13; wrong (S4 S6 S8 S9 S10): 3+4+2+2+2 = 13
    #   M1 = M0 = 2.6, so r = 0: it does not separate the stronger from the weaker at all.
    assert rows["Q5"].discrimination == pytest.approx(0.0)
    assert all(row.discriminated == 10 for row in analysis.rows)

    # Choice counts, in the stored order A B C D, counted from PICKED's rows:
    # Q1: Ana 5, Ben 3 (S5 S7 S9), Cleo 2 (S8 S10), Dev 0.  Q2: Eva 3, Finn 5, Gus 1, Hal 1.
    # Q3: Ida 10, the rest 0.  Q4: Max 6, Ned 2 (S7 S10), Oli 1, Pam 1.
    # Q5: Quin 5, Rae 2 (S4 S9), Sal 2 (S6 S10), Tom 1.
    counts = {name: [c.count for c in row.choices] for name, row in rows.items()}
    assert counts == {
        "Q1": [5, 3, 2, 0],
        "Q2": [3, 5, 1, 1],
        "Q3": [10, 0, 0, 0],
        "Q4": [6, 2, 1, 1],
        "Q5": [5, 2, 2, 1],
    }
    assert [(c.letter, c.right) for c in rows["Q2"].choices][:2] == [("A", False), ("B", True)]


def test_point_biserial_by_its_definition() -> None:
    """Against the textbook form r = (M1 − M0) / s × √(pq) on three students, by hand:
    rests 1, 0.5, 0; the first right. M1 = 1, M0 = 0.25, mean 0.5, s = √((0.25 + 0 + 0.25) / 3)
    = 0.4082, p = 1/3, √(pq) = √(2/9) = 0.4714: r = 0.75 / 0.4082 × 0.4714 = 0.8660."""
    assert point_biserial([(True, 1.0), (False, 0.5), (False, 0.0)]) == pytest.approx(0.8660, 1e-3)
    assert point_biserial([(True, 1.0), (True, 0.5)]) is None  # nobody wrong
    assert point_biserial([(True, 0.5), (False, 0.5)]) is None  # every rest-score alike
    # A student who answered only this question has no rest-score.
    alone = Answer(1, 1, 1, "Ana", True, ANSWERED_AT, attempt_answered=1, attempt_right=1)
    assert alone.rest_score is None
    assert Answer(1, 1, 1, "Ana", True, ANSWERED_AT, 5, 3).rest_score == 0.5  # 2 of the 4 others


def test_the_flags_say_what_to_do_and_wait_for_ten_students(app: Flask, lesson: Lesson) -> None:
    with app.app_context():
        quiz = db.session.get_one(Quiz, lesson.quiz_id)
        rows = {f"Q{row.number}": row for row in item_analysis.for_quiz(quiz).rows}
        kinds = {name: [flag.kind for flag in row.flags] for name, row in rows.items()}
        assert kinds == {"Q1": ["distractor"], "Q2": ["key"], "Q3": ["easy"], "Q4": [], "Q5": []}
        assert rows["Q1"].flags[0].words == "Nobody picks choice D, “Dev”: replace it."
        assert rows["Q1"].flags[0].choice == "Dev"
        assert (
            rows["Q2"]
            .flags[0]
            .words.startswith(
                "Stronger students miss this more than weaker ones (discrimination −0.83): "
                "check the key."
            )
        )
        assert rows["Q3"].flags[0].words.startswith("Everyone gets this right")
        # Q3's wrong choices nobody picks are not flagged one by one: the question is the news.

        # With nine students no flag is raised, and no discrimination shown.
        q2 = db.session.get_one(Question, lesson.question_ids["Q2"])
        answers = [a for a in item_analysis.class_answers([q2.id]) if a.question_id == q2.id]
        nine = item_analysis.item_row(2, q2, answers[:9])
        assert nine.flags == [] and nine.discrimination is None
        assert nine.discrimination_text == "— (fewer than 10 students)"
        q3 = db.session.get_one(Question, lesson.question_ids["Q3"])
        assert item_analysis.item_row(3, q3, item_analysis.class_answers([q3.id])[:9]).flags == []

        # A choice that came in after these answers (an edit, a replacement) was never offered
        # to these students: its flag waits for ten answers given since; Dev's stays.
        q1 = db.session.get_one(Question, lesson.question_ids["Q1"])
        q1.choices = ["Ana", "Ben", "Zed", "Dev"]
        q1.choices_added_at = {"Zed": (ANSWERED_AT + timedelta(hours=1)).isoformat()}
        row = item_analysis.item_row(1, q1, item_analysis.class_answers([q1.id]))
        assert [flag.choice for flag in row.flags] == ["Dev"]
        assert [(c.choice, c.count, c.offered) for c in row.choices] == [
            ("Ana", 5, True),
            ("Ben", 3, True),
            ("Zed", 0, True),
            ("Dev", 0, True),
            ("Cleo", 2, False),  # picked before it was replaced: listed, no longer offered
        ]
        db.session.rollback()


def test_a_question_flagged_for_its_key_leaves_the_best_n_until_reviewed(
    app: Flask, lesson: Lesson
) -> None:
    before = stored_answers(app)
    with app.app_context():
        article = db.session.get_one(Article, lesson.article_id)
        q2 = db.session.get_one(Question, lesson.question_ids["Q2"])
        assert q2 not in best_questions(article, 5)
        assert len(best_questions(article, 5)) == 4  # the others; none is held back for Q2

        # A review before these answers were given does not clear them: they still show it.
        q2.key_reviewed_at = ANSWERED_AT - timedelta(days=1)
        db.session.commit()
        assert q2 not in best_questions(article, 5)

        item_analysis.review_key(q2)
        assert q2.key_reviewed_at is not None and q2.key_reviewed_at > ANSWERED_AT
        assert q2 in best_questions(article, 5)
        row = item_analysis.for_quiz(db.session.get_one(Quiz, lesson.quiz_id)).rows[1]
        assert row.flags == [] and row.discrimination == pytest.approx(-5 / 6)  # the numbers stay
    assert stored_answers(app) == before


def test_editing_a_question_counts_as_a_review(app: Flask, lesson: Lesson) -> None:
    with app.app_context():
        q2 = db.session.get_one(Question, lesson.question_ids["Q2"])
        edit = question_bank.QuestionEdit(q2.prompt, list(q2.choices), "Eva", q2.explanation)
        question_bank.apply_edit(q2, edit)
        assert q2.key_reviewed_at is not None and q2.choices_added_at == {}
        assert q2 in best_questions(db.session.get_one(Article, lesson.article_id), 5)
        # A new choice is dated; the others keep their (empty) record.
        edit = question_bank.QuestionEdit(q2.prompt, ["Eva", "Finn", "Gus", "Ivo"], "Eva", "Why")
        question_bank.apply_edit(q2, edit)
        assert set(q2.choices_added_at) == {"Ivo"}


def test_the_pages_show_the_numbers_the_formula_and_the_thresholds(
    app: Flask, lesson: Lesson
) -> None:
    ada = TeacherBrowser(app.test_client())
    assert ada.login("ada").status_code == 302
    quiz_page = ada.client.get(f"/teach/quizzes/{lesson.quiz_id}")
    assert f'href="/teach/quizzes/{lesson.quiz_id}/analysis"' in quiz_page.text
    bank_page = ada.client.get(f"/teach/articles/{lesson.article_id}")
    assert f'href="/teach/articles/{lesson.article_id}/analysis"' in bank_page.text

    for address in (f"/teach/quizzes/{lesson.quiz_id}", f"/teach/articles/{lesson.article_id}"):
        page = ada.client.get(f"{address}/analysis")
        said = visible_text(page.text)
        assert page.status_code == 200
        assert "10 students in 2 class sessions; 3 flags on 3 questions." in said
        assert "point-biserial correlation" in said and "r_pb = (M1 − M0) / s × √(p × q)" in said
        assert "at least 10 students answered it" in said and "from 95 % right" in said
        assert "below a discrimination of −0.10" in said
        assert "Practice attempts do not" in said
        assert "Nobody picks choice D, “Dev”: replace it." in said
        assert "Discrimination 0.41 (10 students)" in said and "−0.83" in said
        assert "Facility 60 % (6 right)" in said
        assert "Replace “Dev”" in said and "The key is right" in said


def test_the_csv_has_a_row_per_question(app: Flask, lesson: Lesson) -> None:
    ada = TeacherBrowser(app.test_client())
    assert ada.login("ada").status_code == 302
    sent = ada.client.get(f"/teach/quizzes/{lesson.quiz_id}/analysis.csv")
    assert sent.status_code == 200 and sent.mimetype == "text/csv"
    assert "attachment" in sent.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(sent.text.lstrip("\ufeff"))))
    assert rows[0][:10] == [
        "Question",
        "Prompt",
        "Right answer",
        "Answered",
        "Right",
        "Facility (share right)",
        "Discrimination (point-biserial, rest-score)",
        "Students in the discrimination",
        "Class sessions",
        "Flags",
    ]
    assert len(rows) == 6
    q1, q2, q3 = rows[1], rows[2], rows[3]
    assert q1[:9] == ["1", "Q1: who met someone?", "Ana", "10", "5", "0.500", "0.408", "10", "2"]
    assert q1[9] == "Nobody picks choice D, “Dev”: replace it."
    assert q1[10:] == ["A: Ana", "5", "B: Ben", "3", "C: Cleo", "2", "D: Dev", "0"]
    assert q2[6] == "-0.833" and q2[9].startswith("Stronger students miss this")
    assert q3[5:7] == ["1.000", ""]
    bank = ada.client.get(f"/teach/articles/{lesson.article_id}/analysis.csv")
    assert list(csv.reader(io.StringIO(bank.text.lstrip("\ufeff"))))[1:] == rows[1:]


def test_the_review_button_puts_the_question_back(app: Flask, lesson: Lesson) -> None:
    ada = TeacherBrowser(app.test_client())
    assert ada.login("ada").status_code == 302
    q2 = lesson.question_ids["Q2"]
    sent = ada.post(f"/teach/questions/{q2}/key-reviewed", {"quiz": str(lesson.quiz_id)})
    assert sent.status_code == 302
    assert sent.location == f"/teach/quizzes/{lesson.quiz_id}/analysis#q{q2}"
    page = ada.client.get(sent.location)
    said = visible_text(page.text)
    assert "the question is back among “the best N”" in said
    assert "10 students in 2 class sessions; 2 flags on 2 questions." in said
    assert "Key reviewed" in said


# ---------------------------------------------------------------------------------------------
# Replacing a distractor, on Ada's generated classroom


def replaceable(app: Flask, classroom: Classroom) -> tuple[int, str]:
    """A question of Ada's quiz with a wrong choice the generator has a replacement for."""
    with app.app_context():
        article = db.session.get_one(Article, classroom.article_id)
        run = question_bank.generate_for(as_article_text(article))
        for question_id in classroom.question_ids:
            question = db.session.get_one(Question, question_id)
            if question.kind != "true_false" and item_analysis.replacement_candidates(
                question, run
            ):
                return question.id, next(c for c in question.choices if c != question.answer)
    raise AssertionError("no question of the quiz has a candidate for a replacement")


def test_a_distractor_is_replaced_in_one_click_once_no_session_is_open(
    app: Flask, classroom: Classroom, ada: TeacherBrowser
) -> None:
    question_id, old = replaceable(app, classroom)
    before = stored_answers(app)
    address = f"/teach/questions/{question_id}/replace-choice"

    # While the class session is open its students might be on this question: refused.
    refused = ada.post(address, {"choice": old}, follow_redirects=True)
    assert f"Class session {classroom.code} uses this question and is still open" in visible_text(
        refused.text
    )
    with app.app_context():
        question = db.session.get_one(Question, question_id)
        assert old in question.choices and question.choices_added_at == {}
        close_session(db.session.get_one(ClassSession, classroom.session_id))
        choices_before = list(question.choices)
        failures_before = {(f.check, f.found) for f in failed_alone(question, body_of(question))}

    sent = ada.post(address, {"choice": old})
    assert sent.status_code == 302
    assert sent.location == f"/teach/articles/{classroom.article_id}/analysis#q{question_id}"
    with app.app_context():
        question = db.session.get_one(Question, question_id)
        place = choices_before.index(old)
        new = question.choices[place]
        assert old not in question.choices and new != old
        assert question.choices[:place] + question.choices[place + 1 :] == (
            choices_before[:place] + choices_before[place + 1 :]
        )
        assert question.answer in question.choices and question.edited
        assert set(question.choices_added_at) == {new}
        # The new choice passes the checks: it adds no failure the question did not have.
        after = {(f.check, f.found) for f in failed_alone(question, body_of(question))}
        assert after <= failures_before
    page = ada.client.get(sent.location)
    assert f"“{old}” is replaced by “{new}” for every class from now on." in visible_text(page.text)
    assert stored_answers(app) == before


def body_of(question: Question) -> str:
    return question.article.body


def test_a_replacement_is_refused_with_a_reason(
    app: Flask, classroom: Classroom, ada: TeacherBrowser
) -> None:
    with app.app_context():
        close_session(db.session.get_one(ClassSession, classroom.session_id))
        question = next(
            q
            for q in (db.session.get_one(Question, i) for i in classroom.question_ids)
            if q.kind != "true_false"
        )
        wrong = next(c for c in question.choices if c != question.answer)
        with pytest.raises(ReplacementRefused, match="no other choice like"):
            replace_distractor(question, wrong, generate=lambda article: [])
        with pytest.raises(ReplacementRefused, match="not one of the question's wrong choices"):
            replace_distractor(question, question.answer)
        assert wrong in question.choices
        true_false = Question(kind="true_false", choices=["True", "False"], answer="True")
        with pytest.raises(ReplacementRefused, match="true-or-false"):
            replace_distractor(true_false, "False")
        question_id = question.id
    # Through the page: the reason is shown, nothing changes.
    sent = ada.post(
        f"/teach/questions/{question_id}/replace-choice",
        {"choice": "Not a choice"},
        follow_redirects=True,
    )
    said = html.unescape(visible_text(sent.text))
    assert "That is not one of the question's wrong choices any more." in said


def test_a_figures_replacement_is_a_figure_the_article_writes() -> None:
    """A generated question's other figures may be made up (and it then waits): a wrong
    figure is replaced only by another question's key, which the article writes."""
    asked = Question(
        kind="mcq", prompt="How many councillors voted for it?", choices=["7", "9", "11"],
        answer="7", fact_type="number", rank=1,
    )  # fmt: skip
    made_up = GeneratedQuestion(
        "cloze", "Fill in the blank: ____ people came.", ["12", "15", "18"], "12", "", "", 0,
        1, "number", 2, rank=2, waits=True,
    )  # fmt: skip
    assert item_analysis.replacement_candidates(asked, [made_up]) == ["12"]
