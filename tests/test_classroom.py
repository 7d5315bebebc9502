"""The teacher pages through the test client, with CSRF on: login, articles, review, quizzes."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, Classroom
from flask import Flask
from helpers import Student, TeacherBrowser, csrf_token, visible_text
from sqlalchemy import func, select
from werkzeug.routing import Rule

from quizapp.domain import question_bank
from quizapp.extensions import db
from quizapp.models import Article, Attempt, Question, Quiz, Teacher

COUNCIL = (DATA / "council_story.txt").read_text()
SCIENCE = (DATA / "science_story.txt").read_text()
BUSINESS = (DATA / "business_story.txt").read_text()


def teach_rules(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/teach")]


def path_for(rule: Rule, ids: dict[str, int]) -> str:
    """The rule's address with each argument filled from ``ids``, by the argument's name."""
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(\w+:)?{name}>", str(ids[name]), path)
    return path


def ids_of(app: Flask, classroom: Classroom) -> dict[str, int]:
    """An id of each of Ada's things, a student who joined her class session's among them."""
    joined = Student(app.test_client()).join(classroom.code, "Ann")
    token = joined.location.rsplit("/", 1)[1]
    with app.app_context():
        attempt_id = db.session.scalars(select(Attempt.id).where(Attempt.token == token)).one()
    return {
        "article_id": classroom.article_id,
        "question_id": classroom.question_ids[0],
        "quiz_id": classroom.quiz_id,
        "session_id": classroom.session_id,
        "attempt_id": attempt_id,
    }


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def count(app: Flask, model: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_every_teacher_page_sends_a_visitor_to_the_login_page(
    app: Flask, classroom: Classroom
) -> None:
    """Over the whole URL map, so a page added later cannot slip through."""
    rules = teach_rules(app)
    ids = ids_of(app, classroom)
    assert len(rules) >= 18
    visitor = TeacherBrowser(app.test_client())
    for rule in rules:
        path = path_for(rule, ids)
        for method in methods(rule):
            # A valid CSRF token, so that it is the login check that answers, not CSRF.
            data = {"csrf_token": visitor.fresh_token()} if method == "POST" else None
            sent = visitor.client.open(path, method=method, data=data)
            assert sent.status_code == 302, (method, path, sent.status_code)
            assert sent.location.startswith("/login?next="), (method, path)
    with app.app_context():
        assert db.session.get(Quiz, classroom.quiz_id) is not None


def test_another_teacher_gets_404_for_everything_of_adas(
    app: Flask, classroom: Classroom, bob: TeacherBrowser
) -> None:
    ids = ids_of(app, classroom)
    for rule in teach_rules(app):
        if not rule.arguments:
            continue
        path = path_for(rule, ids)
        for method in methods(rule):
            data = {"csrf_token": bob.fresh_token()} if method == "POST" else None
            sent = bob.client.open(path, method=method, data=data)
            assert sent.status_code == 404, (method, path, sent.status_code)
    home = bob.client.get("/teach/")
    assert home.status_code == 200
    assert "Port Alder" not in home.text and "Harbour vote" not in home.text
    assert "No article yet." in home.text


def test_login_with_a_wrong_password_then_the_right_one(app: Flask, classroom: Classroom) -> None:
    browser = TeacherBrowser(app.test_client())
    wrong = browser.login("ada", "not her password")
    assert wrong.status_code == 400 and "That username and password do not match." in wrong.text
    unknown = browser.login("nobody")
    assert unknown.status_code == 400 and "do not match" in unknown.text
    right = browser.login("ADA")
    assert right.status_code == 302 and right.location == "/teach/"
    assert "Your classroom" in browser.client.get("/teach/").text


def test_login_returns_to_the_page_asked_for_but_never_off_the_site(
    app: Flask, classroom: Classroom
) -> None:
    browser = TeacherBrowser(app.test_client())
    asked = browser.client.get(f"/teach/quizzes/{classroom.quiz_id}")
    assert asked.location == f"/login?next=%2Fteach%2Fquizzes%2F{classroom.quiz_id}"
    form = browser.client.get(asked.location)
    assert "Log in to open the teacher pages." in form.text
    data = {
        "csrf_token": csrf_token(form.text),
        "username": "ada",
        "password": "correct horse battery",
    }
    back = browser.client.post(asked.location, data=data)
    assert back.location == f"/teach/quizzes/{classroom.quiz_id}"
    browser.post("/logout")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        sent = browser.client.post(f"/login?next={target}", data=data)
        assert sent.location == "/teach/", target
        browser.post("/logout")


def test_logout_is_a_post_with_csrf(ada: TeacherBrowser) -> None:
    assert ada.client.get("/logout").status_code == 405
    assert ada.client.post("/logout").status_code == 400
    assert ada.client.get("/teach/").status_code == 200
    out = ada.post("/logout", follow_redirects=True)
    assert "You are logged out." in out.text and "Teachers: log in" in out.text
    assert ada.client.get("/teach/").status_code == 302


def test_teacher_forms_need_the_csrf_token(ada: TeacherBrowser, classroom: Classroom) -> None:
    assert ada.client.post("/teach/articles/new", data={"body": COUNCIL}).status_code == 400
    question = classroom.question_ids[0]
    refused = ada.client.post(f"/teach/questions/{question}/status", data={"status": "rejected"})
    assert refused.status_code == 400 and "This form has expired" in refused.text
    closing = ada.client.post(f"/teach/sessions/{classroom.session_id}/close")
    assert closing.status_code == 400


def test_a_pasted_article_gets_its_questions_at_once(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    article_id = ada.add_article(SCIENCE)
    page = ada.client.get(f"/teach/articles/{article_id}")
    assert page.status_code == 200 and "questions generated" in page.text
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None and article.owner_id == classroom.teacher_id
        assert article.title == SCIENCE.splitlines()[0] and article.source == "pasted"
        assert article.questions and {q.status for q in article.questions} == {"generated"}
        prompts = [q.prompt for q in article.questions]
    assert page.text.count('class="qcard ') == len(prompts)
    assert page.text.count("<mark>") == len(prompts)
    # Pasting the same text again is the same article, not a copy.
    assert ada.add_article(SCIENCE) == article_id


def test_a_title_field_makes_the_whole_text_the_body(app: Flask, ada: TeacherBrowser) -> None:
    body = "\n".join(SCIENCE.splitlines()[1:])
    article_id = ada.add_article(body, title="  Reef   survey ")
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None and article.title == "Reef survey"
        assert article.body.startswith(body.strip()[:40])


def test_an_uploaded_web_page_becomes_its_article_text(app: Flask, ada: TeacherBrowser) -> None:
    title, *paragraphs = [p for p in BUSINESS.split("\n\n") if p.strip()]
    html = (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/sport'>Sport</a> | Subscribe now</nav>"
        f"<article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>Copyright 2025 Harbour Times. All rights reserved.</footer>"
        "</body></html>"
    )
    upload = (io.BytesIO(html.encode()), "harbour story.html")
    sent = ada.post("/teach/articles/new", {"upload": upload}, content_type="multipart/form-data")
    assert sent.status_code == 302, sent.text
    with app.app_context():
        article = db.session.get(Article, int(sent.location.rsplit("/", 1)[1]))
        assert article is not None
        assert article.title == title.strip() and article.source == "upload: harbour_story.html"
        assert "Subscribe" not in article.body and "Copyright" not in article.body
        assert article.body.startswith(paragraphs[0].strip()[:50]) and article.questions


def test_an_uploaded_markdown_file_loses_its_heading_marks(app: Flask, ada: TeacherBrowser) -> None:
    title, *paragraphs = [p for p in SCIENCE.split("\n\n") if p.strip()]
    text = f"# {title}\n\n" + "\n\n".join(paragraphs)
    upload = (io.BytesIO(text.encode()), "reef.md")
    sent = ada.post("/teach/articles/new", {"upload": upload}, content_type="multipart/form-data")
    assert sent.status_code == 302, sent.text
    with app.app_context():
        article = db.session.get(Article, int(sent.location.rsplit("/", 1)[1]))
        assert article is not None and article.title == title.strip()
        assert article.source == "upload: reef.md" and "#" not in article.body[:5]


FRENCH = (
    "Le maire de Lyon, l'architecte Marie Leclerc, a inauguré samedi un nouveau pont sur le "
    "Rhône. Le projet a coûté 40 millions d'euros et a duré trois ans.\n\n« C'est un grand "
    "jour pour la ville », a déclaré Jean Dupont, adjoint aux transports. Les habitants "
    "pourront traverser le fleuve à pied et à vélo dès lundi, selon la mairie."
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste the article&#39;s text here, or upload a file.</li>"),
        (
            {"body": COUNCIL, "upload": (io.BytesIO(b"Title\n\nBody."), "a.txt")},
            "not both",
        ),
        ({"upload": (io.BytesIO(b"%PDF-1.4"), "story.pdf")}, "Upload a .txt, .md or .html file."),
        ({"upload": (io.BytesIO(b"Title\n\n\x00\x01\x02"), "a.txt")}, "binary file"),
        ({"upload": (io.BytesIO(b"Caf\xe9 story\n\nBody."), "a.txt")}, "not UTF-8 text"),
        ({"body": "x" * (201 * 1024)}, "too large"),
        ({"body": "Hello.\n\nThe end."}, "No question could be made from this text."),
        ({"body": FRENCH}, "does not look like English"),
    ],
)
def test_bad_article_input_is_shown_in_the_form_and_saves_nothing(
    app: Flask, ada: TeacherBrowser, data: dict[str, Any], message: str
) -> None:
    before = count(app, Article), count(app, Question)
    sent = ada.post("/teach/articles/new", data, content_type="multipart/form-data")
    assert sent.status_code == 400 and message in sent.text
    assert 'class="errors"' in sent.text
    assert (count(app, Article), count(app, Question)) == before


def test_a_failure_while_saving_leaves_nothing_half_saved(
    app: Flask, ada: TeacherBrowser, monkeypatch: pytest.MonkeyPatch, fast_generate: Any
) -> None:
    def broken(article: Any) -> list[Any]:
        good = list(fast_generate(article))
        # The database refuses a question kind it does not know, at commit time.
        return [*good, good[0].__class__(**{**good[0].__dict__, "kind": "essay"})]

    monkeypatch.setattr(question_bank, "generate_for", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    before = count(app, Article), count(app, Question)
    sent = ada.post("/teach/articles/new", {"body": SCIENCE})
    assert sent.status_code == 500
    assert (count(app, Article), count(app, Question)) == before


def question_of(app: Flask, question_id: int) -> Question:
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert question is not None
        db.session.expunge(question)
        return question


def test_approve_and_reject_one_question(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    question_id = classroom.question_ids[0]
    url = f"/teach/questions/{question_id}/status"
    sent = ada.post(url, {"status": "rejected"})
    assert sent.location == f"/teach/articles/{classroom.article_id}#q{question_id}"
    assert question_of(app, question_id).status == "rejected"
    ada.post(url, {"status": "approved"})
    assert question_of(app, question_id).status == "approved"
    assert ada.post(url, {"status": "deleted"}).status_code == 400
    assert question_of(app, question_id).status == "approved"


def test_a_reviewed_question_never_goes_back_to_waiting_for_review(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """ "generated" is where the generator puts a question, not a teacher's decision: set back
    to it, a question in a quiz would be replaced by the next regeneration."""
    question_id = classroom.question_ids[0]
    sent = ada.post(f"/teach/questions/{question_id}/status", {"status": "generated"})
    assert sent.status_code == 400
    assert question_of(app, question_id).status == "approved"
    with app.app_context(), pytest.raises(ValueError, match="Not a review decision"):
        question_bank.review(db.session.get_one(Question, question_id), "generated")


def test_regenerate_keeps_an_unreviewed_question_a_quiz_uses(
    app: Flask, classroom: Classroom, fast_generate: Any
) -> None:
    """A question in a quiz, or answered by a student, is kept whatever its status says (a
    database from before reviews were final can hold one that is unreviewed and in a quiz)."""
    in_quiz = classroom.question_ids[0]
    with app.app_context():
        question = db.session.get_one(Question, in_quiz)
        question.status = "generated"
        db.session.commit()

    def other_generator(article: Any) -> list[Any]:
        return [
            dataclasses.replace(q, prompt=q.prompt.rstrip("?.") + ", in other words?")
            for q in fast_generate(article)
        ]

    with app.app_context():
        article = db.session.get_one(Article, classroom.article_id)
        done = question_bank.regenerate(article, other_generator)
        assert (done.removed, done.added) == (0, 0)
    with app.app_context():
        quiz = db.session.get_one(Quiz, classroom.quiz_id)
        assert in_quiz in [q.id for q in quiz.questions]
        assert db.session.get(Question, in_quiz) is not None


def edit(browser: TeacherBrowser, question_id: int, **fields: str) -> Any:
    return browser.post(f"/teach/questions/{question_id}/edit", fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"choices": "Paris\nLyon", "answer": "Nice"},
            "The right answer must be one of the choices",
        ),
        ({"choices": "Paris\n\n  ", "answer": "Paris"}, "Give at least two different choices"),
        ({"choices": "Paris\nparis.\nLyon", "answer": "Lyon"}, "is there twice"),
        (
            {"choices": "Jim Mattis\nMattis\nPutin", "answer": "Putin"},
            "“Jim Mattis” and “Mattis” name the same thing.",
        ),
        ({"choices": "A\nB\nC\nD\nE\nF\nG", "answer": "A"}, "Give at most 6 choices."),
        ({"prompt": "  "}, "Write the question."),
        ({"explanation": ""}, "Say why the answer is right."),
    ],
)
def test_an_edit_that_breaks_the_question_is_refused(
    app: Flask, ada: TeacherBrowser, classroom: Classroom, fields: dict[str, str], message: str
) -> None:
    question_id = classroom.question_ids[0]
    before = question_of(app, question_id)
    good = {
        "prompt": "Which city?",
        "choices": "Paris\nLyon",
        "answer": "Paris",
        "explanation": "It says so.",
    }
    sent = edit(ada, question_id, **(good | fields))
    assert sent.status_code == 400 and message in sent.text.replace("&#34;", '"')
    after = question_of(app, question_id)
    assert (after.prompt, after.choices, after.edited) == (before.prompt, before.choices, False)


def test_an_edit_is_saved_and_marked(app: Flask, ada: TeacherBrowser, classroom: Classroom) -> None:
    question_id = classroom.question_ids[1]
    form = ada.client.get(f"/teach/questions/{question_id}/edit")
    assert form.status_code == 200 and "<mark>" in form.text
    sent = edit(
        ada,
        question_id,
        prompt="  How many councillors voted for the plan? ",
        choices="Seven\n  Two \n\nNine",
        answer="Seven",
        explanation="The vote was 7-2.",
    )
    assert sent.status_code == 302
    after = question_of(app, question_id)
    assert after.prompt == "How many councillors voted for the plan?"
    assert after.choices == ["Seven", "Two", "Nine"] and after.answer == "Seven"
    assert after.edited and after.explanation == "The vote was 7-2."
    assert "Edited" in ada.client.get(f"/teach/articles/{classroom.article_id}").text


def test_an_edited_question_waits_no_more(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """What made a question wait (made-up figures, a copied sentence) is the teacher's to
    judge once they edit it; until then the tick list of a new quiz says it waits."""
    question_id = classroom.question_ids[1]
    with app.app_context():
        db.session.get_one(Question, question_id).waits = True
        db.session.commit()
    new_quiz = f"/teach/articles/{classroom.article_id}/quizzes/new"
    marked = "· waits: served only after ten others"
    waiting = ada.client.get(new_quiz).text.count(marked)
    assert waiting >= 1
    sent = edit(
        ada, question_id, prompt="How many councillors voted for the plan?",
        choices="Seven\nTwo\nNine", answer="Seven", explanation="The vote was 7-2.",
    )  # fmt: skip
    assert sent.status_code == 302 and not question_of(app, question_id).waits
    assert ada.client.get(new_quiz).text.count(marked) == waiting - 1


def test_an_edit_keeps_the_notes_of_the_choices_it_keeps(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    question_id = classroom.question_ids[0]
    with app.app_context():
        question = db.session.get_one(Question, question_id)
        question.choices = ["Ann Lee", "Bob Ray", "Cid Moss", "Dee Fox"]
        question.answer = "Ann Lee"
        question.choice_notes = {"Bob Ray": "Bob spoke later.", "Cid Moss": "Cid", "Dee Fox": "D"}
        db.session.commit()
    fields = {"prompt": "Who spoke first?", "explanation": "Ann spoke first."}
    # Bob stays as he was, Cid is reworded, Dee goes, Eve is new.
    choices = "Ann Lee\nBob Ray\nCid Moss Jr\nEve Hill"
    assert edit(ada, question_id, choices=choices, answer="Ann Lee", **fields).status_code == 302
    assert question_of(app, question_id).choice_notes == {"Bob Ray": "Bob spoke later."}
    # A noted choice made the answer loses its note: notes are for wrong choices.
    assert edit(ada, question_id, choices=choices, answer="Bob Ray", **fields).status_code == 302
    after = question_of(app, question_id)
    assert after.choice_notes == {} and after.edited and after.answer == "Bob Ray"
    # A question without notes is edited as well.
    assert edit(ada, question_id, choices=choices, answer="Eve Hill", **fields).status_code == 302
    assert question_of(app, question_id).choice_notes == {}


def test_regenerate_gives_fresh_questions_their_rank_and_notes(
    app: Flask, ada: TeacherBrowser, fast_generate: Any
) -> None:
    article_id = ada.add_article(SCIENCE)
    with app.app_context():
        article = db.session.get_one(Article, article_id)
        kept = article.questions[0]
        kept.status, kept.rank, kept.choice_notes = "approved", 40, {}
        db.session.commit()
        kept_id = kept.id

    def improved(article: Any) -> list[Any]:
        """A new generator: other prompts, other ranks, other notes."""
        return [
            dataclasses.replace(
                q,
                prompt=q.prompt.rstrip("?.") + ", says the article?",
                rank=len(fast_generate(article)) + 1 - q.rank,
                choice_notes={c: f"New note on {c}." for c in q.choice_notes},
            )
            for q in fast_generate(article)
        ]

    with app.app_context():
        article = db.session.get_one(Article, article_id)
        done = question_bank.regenerate(article, improved)
        db.session.commit()
        assert done.added == len(article.questions) - 1
        generated = {q.prompt: q for q in improved(question_bank.as_article_text(article))}
        for question in article.questions:
            if question.id == kept_id:
                assert (question.rank, question.choice_notes) == (40, {})
                continue
            fresh = generated[question.prompt]
            assert question.rank == fresh.rank > 0
            assert question.choice_notes == fresh.choice_notes and question.choice_notes
        ranks_before = {q.id: q.rank for q in article.questions}

    # The same questions again, ranked otherwise and waiting: their rows stay and take the
    # new ranks and waits.
    def reranked(article: Any) -> list[Any]:
        return [dataclasses.replace(q, rank=q.rank + 100, waits=True) for q in improved(article)]

    with app.app_context():
        article = db.session.get_one(Article, article_id)
        done = question_bank.regenerate(article, reranked)
        db.session.commit()
        assert (done.added, done.removed) == (0, 0)
        for question in article.questions:
            if question.id == kept_id:
                assert question.rank == 40 and not question.waits
            else:
                assert question.rank == ranks_before[question.id] + 100 and question.waits


def test_regenerate_keeps_what_the_teacher_reviewed(
    app: Flask, ada: TeacherBrowser, fast_generate: Any
) -> None:
    article_id = ada.add_article(SCIENCE)
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        ids = [q.id for q in article.questions]
    assert len(ids) >= 5
    approved, rejected, edited, *untouched = ids
    ada.post(f"/teach/questions/{approved}/status", {"status": "approved"})
    ada.post(f"/teach/questions/{rejected}/status", {"status": "rejected"})
    original = question_of(app, edited)
    edit(
        ada,
        edited,
        prompt="Rewritten: " + original.prompt,
        choices="\n".join(original.choices),
        answer=original.answer,
        explanation=original.explanation,
    )
    sent = ada.post(f"/teach/articles/{article_id}/regenerate", follow_redirects=True)
    # The same generator on the same article: the same questions, kept, and the teacher told.
    assert f"The generator made the same {len(untouched)} unreviewed questions again" in (
        " ".join(sent.text.split())
    )
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        assert {q.id for q in article.questions} == set(ids)

    # An improved generator: its new questions replace the unreviewed ones.
    def improved(article: Any) -> list[Any]:
        return [
            dataclasses.replace(q, prompt=q.prompt.rstrip("?.") + ", says the article?")
            for q in fast_generate(article)
        ]

    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        done = question_bank.regenerate(article, improved)
        db.session.commit()
    assert (done.removed, done.added, done.unchanged) == (len(untouched), len(untouched), 0)
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        after = {q.id: q for q in article.questions}
        assert {approved, rejected, edited} <= set(after)
        assert after[approved].status == "approved" and after[rejected].status == "rejected"
        assert after[edited].prompt.startswith("Rewritten: ")
        assert not set(untouched) & set(after)
        prompts = [q.prompt for q in article.questions]
        assert len(prompts) == len(set(prompts)), "a kept question came back"
        assert original.prompt not in prompts
        assert len(after) == len(ids)
    assert done.message() == (
        f"Regenerated: {len(untouched)} new questions added; "
        f"{len(untouched)} unreviewed questions removed."
    )
    assert question_bank.Regenerated(0, 0, 0).message().startswith("Every question is reviewed")
    assert question_bank.Regenerated(0, 1, 2).message() == (
        "Regenerated: 1 new question added; 2 came out the same."
    )


def test_the_sample_article_is_read_only_and_can_be_copied(
    app: Flask, ada: TeacherBrowser, bob: TeacherBrowser
) -> None:
    with app.app_context():
        sample = db.session.scalars(select(Article).where(Article.owner_id.is_(None))).one()
        sample_id, sample_questions = sample.id, len(sample.questions)
    home = ada.client.get("/teach/")
    assert "Sample articles" in home.text and "Copy to my articles" in home.text
    assert ada.client.get(f"/teach/articles/{sample_id}").status_code == 404
    sent = ada.post(f"/teach/articles/{sample_id}/copy")
    copy_id = int(sent.location.rsplit("/", 1)[1])
    assert copy_id != sample_id
    assert ada.post(f"/teach/articles/{sample_id}/copy").location == sent.location
    with app.app_context():
        copy = db.session.get(Article, copy_id)
        assert copy is not None and len(copy.questions) == sample_questions
        assert {q.status for q in copy.questions} == {"generated"}  # to review, as any article
    assert bob.client.get(f"/teach/articles/{copy_id}").status_code == 404
    assert ada.post(f"/teach/articles/{copy_id}/copy").status_code == 404


def test_a_quiz_of_the_best_n_mixes_the_kinds(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    url = f"/teach/articles/{classroom.article_id}/quizzes/new"
    page = ada.client.get(url)
    assert page.status_code == 200 and re.search(r'<input checked[^>]*value="best"', page.text)
    sent = ada.post(
        url,
        {
            "title": "Harbour, best 8",
            "selection": "best",
            "size": "8",
            "feedback_mode": "end",
            "pass_mark": "",
        },
    )
    assert sent.status_code == 302, sent.text
    with app.app_context():
        quiz = db.session.get(Quiz, int(sent.location.rsplit("/", 1)[1]))
        assert quiz is not None and quiz.owner_id == classroom.teacher_id
        assert len(quiz.items) == 8 and quiz.feedback_mode == "end"
        assert quiz.shuffle is False and quiz.pass_mark is None
        assert len({q.kind for q in quiz.questions}) == 4
        assert all(q.status == "approved" for q in quiz.questions)
        starts = [q.source_start for q in quiz.questions]
        assert starts == sorted(starts)


def test_the_quiz_size_fits_the_approved_questions_and_says_when_it_is_short(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    url = f"/teach/articles/{classroom.article_id}/quizzes/new"
    assert re.search(r'id="size"[^>]*value="10"', ada.client.get(url).text)
    with app.app_context():
        article = db.session.get(Article, classroom.article_id)
        assert article is not None
        approved = [q for q in article.questions if q.status == "approved"]
        for question in approved[3:]:
            question.status = "rejected"
        db.session.commit()
    assert re.search(r'id="size"[^>]*value="3"', ada.client.get(url).text)
    form = {"title": "Short", "selection": "best", "size": "10", "feedback_mode": "end"}
    sent = ada.post(url, form, follow_redirects=True)
    assert "The quiz has 3 questions, not 10: that is every approved question" in sent.text


def test_the_best_n_says_when_approved_questions_wait(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """Questions that wait are served only after ten others: a short bank's "best 10" leaves
    them out, and the teacher is told why and how to add them."""
    url = f"/teach/articles/{classroom.article_id}/quizzes/new"
    with app.app_context():
        article = db.session.get_one(Article, classroom.article_id)
        approved = sorted(
            (q for q in article.questions if q.status == "approved"), key=lambda q: q.rank
        )
        assert len(approved) >= 5
        for number, question in enumerate(approved):
            question.waits = 2 <= number < 5
            if number >= 5:
                question.status = "rejected"
        served = [approved[0].id, approved[1].id]
        db.session.commit()
    page = ada.client.get(url).text
    assert re.search(r'id="size"[^>]*value="2"', page)
    assert "5 approved questions to choose from, of which 3 wait" in page
    form = {"title": "Short", "selection": "best", "size": "10", "feedback_mode": "end"}
    sent = ada.post(url, form, follow_redirects=True)
    assert "The quiz has 2 questions, not 10: 3 other approved questions wait" in sent.text
    with app.app_context():
        newest = db.session.scalars(select(Quiz).order_by(Quiz.id.desc())).first()
        assert newest is not None and sorted(q.id for q in newest.questions) == sorted(served)
        for question_id in served:
            db.session.get_one(Question, question_id).status = "rejected"
        db.session.commit()
    refused = ada.post(url, form)
    assert refused.status_code == 400 and "Every approved question waits" in refused.text


@pytest.mark.parametrize(
    ("size", "message"),
    [("", "Say how many questions the quiz has."), ("abc", "Type a whole number"), ("0", "1 to 50"),
     ("51", "1 to 50")],
)  # fmt: skip
def test_the_best_n_needs_a_size_and_says_so(
    ada: TeacherBrowser, classroom: Classroom, size: str, message: str
) -> None:
    url = f"/teach/articles/{classroom.article_id}/quizzes/new"
    form = {"title": "Sized", "selection": "best", "size": size, "feedback_mode": "end"}
    sent = ada.post(url, form)
    assert sent.status_code == 400 and message in sent.text
    assert "Not a valid integer value" not in sent.text
    picked = form | {"selection": "picked", "questions": [str(classroom.question_ids[0])]}
    assert ada.post(url, picked).status_code == 302  # the size is not asked for then


def test_a_quiz_of_picked_questions_only_takes_approved_ones(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    first, second, rejected = classroom.question_ids[:3]
    ada.post(f"/teach/questions/{rejected}/status", {"status": "rejected"})
    url = f"/teach/articles/{classroom.article_id}/quizzes/new"
    page = ada.client.get(url)
    assert f'value="{first}"' in page.text and f'value="{rejected}"' not in page.text
    base = {"title": "Picked", "selection": "picked", "feedback_mode": "immediate", "shuffle": "y"}
    forged = ada.post(url, base | {"questions": [str(first), str(rejected)]})
    assert forged.status_code == 400
    none = ada.post(url, base)
    assert none.status_code == 400 and "Tick at least one question" in none.text
    bad_mark = ada.post(url, base | {"questions": [str(first)], "pass_mark": "101"})
    assert bad_mark.status_code == 400 and "A percentage, 0 to 100." in bad_mark.text
    sent = ada.post(url, base | {"questions": [str(second), str(first)], "pass_mark": "70"})
    with app.app_context():
        quiz = db.session.get(Quiz, int(sent.location.rsplit("/", 1)[1]))
        assert quiz is not None and quiz.pass_mark == 70 and quiz.shuffle
        assert {q.id for q in quiz.questions} == {first, second}
    # Rejecting a question later keeps it in the quiz (students may have answered it), and says so.
    ada.post(f"/teach/questions/{first}/status", {"status": "rejected"})
    assert ">Rejected</span>" in ada.client.get(sent.location).text


def test_a_teacher_cannot_make_a_quiz_without_approved_questions(
    app: Flask, ada: TeacherBrowser
) -> None:
    article_id = ada.add_article(SCIENCE)
    url = f"/teach/articles/{article_id}/quizzes/new"
    assert "has no approved question yet" in ada.client.get(url).text
    sent = ada.post(url, {"title": "T", "selection": "best", "size": "5", "feedback_mode": "end"})
    assert sent.status_code == 400 and "Approve some questions first." in sent.text
    approved = ada.post(f"/teach/articles/{article_id}/approve-all", follow_redirects=True)
    assert re.search(r"\d+ questions approved\.", approved.text)


def test_create_teacher_reads_the_password_from_standard_input(app: Flask) -> None:
    runner = app.test_cli_runner()
    made = runner.invoke(args=["create-teacher", "grace"], input="a long password\n")
    assert made.exit_code == 0, made.output
    assert "Teacher grace created." in made.output
    with app.app_context():
        teacher = db.session.scalars(select(Teacher)).one()
        assert teacher.password_hash.startswith("pbkdf2:sha256:1000$")
        assert "a long password" not in teacher.password_hash
    again = runner.invoke(args=["create-teacher", "Grace"], input="another password\n")
    assert again.exit_code == 2 and "There is already a teacher called Grace." in again.output
    short = runner.invoke(args=["create-teacher", "hopper"], input="short\n")
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    odd = runner.invoke(args=["create-teacher", "a b"], input="a long password\n")
    assert odd.exit_code == 2 and "A username is 3 to 40" in odd.output
    browser = TeacherBrowser(app.test_client())
    assert browser.login("grace", "a long password").location == "/teach/"


def test_create_teacher_asks_twice_at_a_terminal(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp import cli

    asked: list[dict[str, Any]] = []

    def prompt(text: str, **options: Any) -> str:
        asked.append({"text": text, **options})
        return "typed at a terminal"

    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli.click, "prompt", prompt)
    with app.app_context():
        assert cli.read_password() == "typed at a terminal"
    assert asked == [{"text": "Password", "hide_input": True, "confirmation_prompt": True}]


def test_pages_have_no_inline_script_or_style(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """The pages must work under a Content-Security-Policy of script-src 'self'."""
    rules = [rule for rule in teach_rules(app) if "GET" in (rule.methods or set())]
    ids = ids_of(app, classroom)
    pages = [path_for(rule, ids) for rule in rules]
    checked = 0
    for path in ["/", "/join", *pages]:
        page = ada.client.get(path)
        assert page.status_code == 200, path
        if page.mimetype != "text/html":
            continue
        checked += 1
        assert " style=" not in page.text, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), path
        assert not re.search(r"\son[a-z]+=", page.text), path
    assert checked >= 10


def test_template_files_have_no_inline_handlers() -> None:
    templates = Path(__file__).parent.parent / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text()
        assert "style=" not in text and not re.search(r"\son[a-z]+=", text), template


def test_the_teacher_home_counts_in_the_database_not_row_by_row(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    """The home page's counts are right, and its queries do not grow with the students,
    sessions and quizzes a teacher has (each row's lists used to be loaded to take a length)."""
    from sqlalchemy import event

    def statements_for_home() -> tuple[int, str]:
        seen: list[str] = []
        with app.app_context():
            engine = db.engine

            def count(*args: Any) -> None:
                seen.append(args[2])

            event.listen(engine, "before_cursor_execute", count)
            try:
                page = ada.client.get("/teach/")
            finally:
                event.remove(engine, "before_cursor_execute", count)
        assert page.status_code == 200
        return len(seen), page.text

    before, _ = statements_for_home()
    for number in range(3):
        student = Student(app.test_client())
        assert student.join(classroom.code, f"pupil {number}").status_code == 302
    assert ada.post(f"/teach/quizzes/{classroom.quiz_id}/sessions").status_code == 302
    after, home = statements_for_home()
    assert after == before
    with app.app_context():
        article = db.session.get(Article, classroom.article_id)
        assert article is not None
        approved = sum(q.status == "approved" for q in article.questions)
    text = visible_text(home)
    assert f"{approved} approved" in text
    assert "· 5 questions · 2 sessions" in text
    assert re.search(rf"{classroom.code} Harbour vote \d\d \w{{3}} \d{{4}} [\d:]+ UTC 3 Open", text)
