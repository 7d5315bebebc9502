"""The best N: the generator's rank first, the kinds mixed, no answer or speaker crowding the
rest, the lead and every quoted speaker covered. pick_best on hand-built questions (no
database), then through the app: the seed's practice quiz and the question bank's ranks."""

from __future__ import annotations

from collections import Counter

from conftest import Classroom
from flask import Flask
from helpers import SEED_QUIZ_SIZE, TeacherBrowser, visible_text

from quizapp.domain.quizzes import lead_end, pick_best, rank_order
from quizapp.extensions import db
from quizapp.models import Article, Question, Quiz

NO_LEAD = 0  # a lead_end before every question: no question is in the lead


def question(
    id: int,
    rank: int,
    kind: str = "cloze",
    *,
    start: int | None = None,
    answer: str = "",
    level: str = "recall",
    waits: bool = False,
) -> Question:
    """A question as pick_best sees it: its id, rank, kind, place, answer, level and wait."""
    return Question(
        id=id,
        rank=rank,
        kind=kind,
        level=level,
        waits=waits,
        source_start=100 * id if start is None else start,
        answer=answer or ("True" if kind == "true_false" else f"answer {id}"),
        status="approved",
    )


def ranks(questions: list[Question]) -> list[int]:
    return [q.rank for q in questions]


def test_the_rank_beats_the_article_order() -> None:
    kinds = ["mcq", "cloze", "true_false"] * 2
    # In the article's order (ids and offsets rising), ranked from worst to best.
    questions = [question(i, 7 - i, kinds[i - 1]) for i in range(1, 7)]
    best = pick_best(questions, 3, lead_end=NO_LEAD)
    assert ranks(best) == [1, 2, 3]
    assert [q.id for q in best] == [6, 5, 4]
    assert pick_best(questions, 0, lead_end=NO_LEAD) == []
    assert len(pick_best(questions, 50, lead_end=NO_LEAD)) == 6


def test_no_kind_takes_more_than_its_share_while_another_kind_is_left() -> None:
    # Five of ten: ceil(5 * 0.4) = 2 a kind.
    clozes = [question(i, i, "cloze") for i in range(1, 5)]
    others = [question(5, 5, "mcq"), question(6, 6, "mcq"), question(7, 7, "true_false")]
    best = pick_best([*clozes, *others, question(8, 8, "true_false")], 5, lead_end=NO_LEAD)
    assert ranks(best) == [1, 2, 5, 6, 7]
    assert max(Counter(q.kind for q in best).values()) == 2
    # With no other kind left, the kind goes on past its share, best rank first (3, not 8).
    few = [*clozes, question(5, 5, "mcq"), question(6, 6, "true_false"), question(8, 8)]
    assert ranks(pick_best(few, 5, lead_end=NO_LEAD)) == [1, 2, 3, 5, 6]


def test_the_questions_above_recall_are_a_kind_of_their_own_in_the_share() -> None:
    # The main idea and a view are multiple choice too, but they do not crowd recall's
    # multiple choice out, nor pull in a worse-ranked blank (the seed's "____ tank", 12th).
    questions = [
        question(1, 1, "mcq", level="understanding"),
        question(2, 2, "mcq"),
        question(3, 3, "mcq", level="understanding"),
        question(4, 4, "mcq"),
        question(5, 5, "quote", answer="Ann Lee"),
        question(6, 6, "cloze"),
    ]
    assert ranks(pick_best(questions, 5, lead_end=NO_LEAD)) == [1, 2, 3, 4, 5]
    # Three above recall are past the share of five (two) while other kinds are left.
    questions[3] = question(4, 4, "mcq", level="analysis")
    assert ranks(pick_best(questions, 5, lead_end=NO_LEAD)) == [1, 2, 3, 5, 6]


def test_an_answer_is_the_key_of_two_questions_at_most_true_and_false_aside() -> None:
    questions = [
        question(1, 1, "mcq", answer="Syria"),
        question(2, 2, "cloze", answer="Syria"),
        question(3, 3, "mcq", answer=" syria"),  # the same answer, written otherwise
        question(4, 4, "true_false"),
        question(5, 5, "true_false"),
        question(6, 6, "true_false"),
        question(7, 7, "cloze", answer="Damascus"),
        question(8, 8, "mcq", answer="Homs"),
        question(9, 9, "cloze", answer="Aleppo"),
    ]
    best = pick_best(questions, 8, lead_end=NO_LEAD)
    assert ranks(best) == [1, 2, 4, 5, 6, 7, 8, 9]
    # Held back, not lost: it fills a place nothing else can.
    assert 3 in ranks(pick_best(questions, 9, lead_end=NO_LEAD))


def test_every_speaker_is_heard_once_before_anyone_twice() -> None:
    questions = [
        question(1, 1, "quote", answer="Ann Lee"),
        question(2, 2, "quote", answer="Ann Lee"),
        question(3, 3, "quote", answer="Ann Lee"),
        question(4, 4, "quote", answer="Bob Ray"),
        question(5, 5, "mcq"),
        question(6, 6, "cloze"),
    ]
    assert ranks(pick_best(questions, 4, lead_end=NO_LEAD)) == [1, 4, 5, 6]
    # Once every speaker is heard, Ann's next quote comes by its rank.
    assert ranks(pick_best(questions, 5, lead_end=NO_LEAD)) == [1, 2, 4, 5, 6]


def test_every_quoted_speaker_is_covered_even_past_the_kinds_share() -> None:
    questions = [
        question(1, 1, "quote", answer="Ann Lee"),
        question(2, 2, "quote", answer="Bob Ray"),
        question(3, 3, "quote", answer="Cid Moss"),
        question(4, 4, "mcq"),
        question(5, 5, "cloze"),
        question(6, 6, "true_false"),
    ]
    # Two quotes are the share of five; Cid's quote takes the place of the worst-ranked.
    assert ranks(pick_best(questions, 5, lead_end=NO_LEAD)) == [1, 2, 3, 4, 5]
    # Never more than asked for: two places, two speakers, the best-ranked ones.
    assert ranks(pick_best(questions, 2, lead_end=NO_LEAD)) == [1, 2]


def test_the_lead_is_covered() -> None:
    body = "The lead paragraph.\n\nThe second paragraph."
    assert lead_end(body) == len("The lead paragraph.")
    assert lead_end("One paragraph only.") == len("One paragraph only.")
    kinds = ["mcq", "cloze", "true_false", "mcq", "cloze", "true_false", "mcq", "cloze"]
    questions = [question(i, i, kinds[i - 1], start=100 * i) for i in range(1, 9)]
    lead = question(9, 9, "cloze", start=0)
    best = pick_best([*questions, lead], 4, lead_end=50)
    # The lead's question comes in for the worst-ranked of the kind with the most (mcq 4).
    assert ranks(best) == [1, 2, 3, 9]
    assert ranks(pick_best([*questions, lead], 4, lead_end=NO_LEAD)) == [1, 2, 3, 4]
    # A speaker's quote in the lead covers both.
    quote = question(10, 10, "quote", start=10, answer="Ann Lee")
    assert 10 in ranks(pick_best([*questions, quote], 4, lead_end=50))


def test_unranked_questions_come_last_in_the_articles_order() -> None:
    questions = [
        question(1, 0, "true_false", start=30),
        question(2, 0, "mcq", start=10),
        question(3, 2, "cloze", start=500),
        question(4, 0, "cloze", start=10),
        question(5, 1, "mcq", start=600),
    ]
    assert [q.id for q in sorted(questions, key=rank_order)] == [5, 3, 2, 4, 1]
    assert [q.id for q in pick_best(questions, 4, lead_end=NO_LEAD)] == [5, 3, 2, 4]


def test_one_in_five_asks_more_than_recall_where_the_bank_has_such_questions() -> None:
    kinds = ["mcq", "cloze", "true_false"]
    recall = [question(i, i, kinds[i % 3]) for i in range(1, 13)]
    above = [
        question(13, 13, "mcq", level="understanding"),
        question(14, 14, "mcq", level="analysis"),
        question(15, 15, "mcq", level="analysis"),
    ]
    best = pick_best([*recall, *above], 10, lead_end=NO_LEAD)
    # Two of ten, the best-ranked of them, each in place of the worst-ranked recall question.
    assert ranks(best) == [1, 2, 3, 4, 5, 6, 7, 8, 13, 14]
    assert ranks(pick_best([*recall, *above], 5, lead_end=NO_LEAD)) == [1, 2, 3, 4, 13]
    # A bank of recall only is served as before.
    assert ranks(pick_best(recall, 10, lead_end=NO_LEAD)) == list(range(1, 11))
    # A recall question that alone covers a speaker stays; another one makes room.
    quote = question(16, 9, "quote", answer="Ann Lee")
    best = pick_best([*recall[:9], quote, *above], 10, lead_end=NO_LEAD)
    assert 9 in ranks(best) and {13, 14} <= set(ranks(best))


def test_a_view_hears_its_speaker() -> None:
    kinds = ["mcq", "cloze", "true_false"]
    recall = [question(i, i, kinds[i % 3]) for i in range(1, 6)]
    view = question(6, 6, "mcq", answer="We will build it.", level="understanding")
    view.prompt, view.fact_type = "Which statement is closest to what Ann Lee said?", "argument"
    quote = question(7, 7, "quote", answer="Ann Lee")
    # The view covers Ann Lee, so her quote need not come in as well.
    best = pick_best([*recall, view, quote], 5, lead_end=NO_LEAD)
    assert 6 in ranks(best) and 7 not in ranks(best)
    # Without the view, her quote comes in to cover her.
    assert 7 in ranks(pick_best([*recall, quote], 5, lead_end=NO_LEAD))


# ── through the app ───────────────────────────────────────────────────────────────────────


def test_the_practice_quiz_holds_the_seeds_best_ranked_questions(app: Flask, quiz_id: int) -> None:
    with app.app_context():
        quiz = db.session.get_one(Quiz, quiz_id)
        in_quiz = quiz.questions
        approved = [q for q in quiz.article.questions if q.status == "approved"]
        in_article_order = sorted(approved, key=lambda q: (q.source_start, q.id))
        assert len(in_quiz) == SEED_QUIZ_SIZE and all(q.rank > 0 for q in approved)
        quiz_ranks = sorted(q.rank for q in in_quiz)
        assert quiz_ranks[0] == 1
        # Not simply the article's first ten, and better ranked than they are.
        first_ten = in_article_order[:10]
        assert {q.id for q in in_quiz} != {q.id for q in first_ten}
        assert sum(quiz_ranks) < sum(q.rank for q in first_ten)
        # The quiz itself reads in the article's order.
        starts = [q.source_start for q in in_quiz]
        assert starts == sorted(starts)
        # The lead and each quoted speaker are covered, as far as ten places allow.
        end = lead_end(quiz.article.body)
        if any(q.source_start < end for q in approved):
            assert any(q.source_start < end for q in in_quiz)
        speakers = {q.answer for q in approved if q.kind == "quote"}
        if len(speakers) < 10:
            assert speakers == {q.answer for q in in_quiz if q.kind == "quote"}
        # Levels mixed: the seed's bank has questions above recall, and two of them come in.
        assert sum(q.level != "recall" for q in in_quiz) >= 2


def test_a_question_that_waits_comes_only_after_ten_others() -> None:
    """The generator keeps a question that waits in the bank (a speaker's second "Who said
    …?" in a short bank) but it is never among the first ten: in a bank of six others a quiz
    of ten gets six, and when a teacher leaves out one of the first ten, the eleventh that
    does not wait comes in, not the one that waits."""
    kinds = ["mcq", "cloze", "true_false", "quote"]
    short = [question(i, i, kinds[i % 4]) for i in range(1, 7)]
    waiting = question(7, 7, "quote", waits=True)
    assert ranks(pick_best([*short, waiting], 10, lead_end=NO_LEAD)) == [1, 2, 3, 4, 5, 6]
    assert len(pick_best([*short, question(7, 7, "quote")], 10, lead_end=NO_LEAD)) == 7

    long = [question(i, i, kinds[i % 4]) for i in range(1, 14) if i != 11]
    waiting = question(11, 11, "quote", waits=True)
    bank = [*long, waiting]
    assert 11 not in ranks(pick_best(bank, 10, lead_end=NO_LEAD))
    without_third = [q for q in bank if q.rank != 3]
    assert ranks(pick_best(without_third, 10, lead_end=NO_LEAD)) == [1, 2, 4, 5, 6, 7, 8, 9, 10, 12]
    # Past ten, it comes after every question that does not wait.
    assert 11 not in ranks(pick_best(bank, 12, lead_end=NO_LEAD))
    assert ranks(pick_best(bank, 13, lead_end=NO_LEAD))[-1] == 11


def test_the_bank_says_which_questions_wait(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    with app.app_context():
        article = db.session.get_one(Article, classroom.article_id)
        waiting = sum(q.waits for q in article.questions)
        best = min(article.questions, key=rank_order)
        assert not best.waits
        best.waits = True
        db.session.commit()
    page = ada.client.get(f"/teach/articles/{classroom.article_id}")
    assert page.text.count('class="waits"') == waiting + 1
    assert "Rank 1 · served only after ten others" in visible_text(page.text)


def test_the_bank_shows_the_rank_of_ranked_questions(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    with app.app_context():
        article = db.session.get_one(Article, classroom.article_id)
        best = min(article.questions, key=rank_order)
        unranked = max(article.questions, key=rank_order)
        assert best.rank == 1
        unranked.rank = 0
        db.session.commit()
        ranks_shown = len([q for q in article.questions if q.rank])
    page = ada.client.get(f"/teach/articles/{classroom.article_id}")
    assert '<small class="rank">Rank 1</small>' in page.text
    assert page.text.count('class="rank"') == ranks_shown
    assert "Rank 0" not in visible_text(page.text)


def test_the_teachers_best_n_follows_the_rank(
    app: Flask, ada: TeacherBrowser, classroom: Classroom
) -> None:
    url = f"/teach/articles/{classroom.article_id}/quizzes/new"
    form = {"title": "Best 6", "selection": "best", "size": "6", "feedback_mode": "end"}
    sent = ada.post(url, form)
    assert sent.status_code == 302, sent.text
    with app.app_context():
        quiz = db.session.get_one(Quiz, int(sent.location.rsplit("/", 1)[1]))
        article = quiz.article
        picked = {q.id for q in quiz.questions}
        approved = [q for q in article.questions if q.status == "approved"]
        assert min(approved, key=rank_order).id in picked
        assert picked == {q.id for q in pick_best(approved, 6, lead_end=lead_end(article.body))}


def test_a_pair_of_close_figures_is_not_served_both_ways_round() -> None:
    blank = question(1, 1, "cloze", answer="February 7")
    blank.fact_type, blank.prompt = "date", "Fill in the blank: Forces repulsed an attack on ____."
    blank.choices = ["February 7", "February 11", "February 16"]
    twin = question(2, 2, "true_false")
    twin.answer, twin.fact_type, twin.choices = "False", "date", ["True", "False"]
    twin.prompt = "True or false: On February 7, forces clashed for a second time."
    twin.source_sentence = "On February 11, forces clashed for a second time."
    others = [question(3, 3, "mcq"), question(4, 4, "mcq"), question(5, 5, "cloze")]
    assert ranks(pick_best([blank, twin, *others], 4, lead_end=NO_LEAD)) == [1, 3, 4, 5]
    # Where nothing else is left, the held-back question still fills the quiz.
    assert ranks(pick_best([blank, twin], 2, lead_end=NO_LEAD)) == [1, 2]


def test_a_view_offering_two_quotations_asked_who_said_is_not_served() -> None:
    """ "Which statement is closest to what Ann Lee said?" whose wrong choices are Bob's and
    Cid's words, beside "Who said …?" on those very words: a matching exercise, each answer
    given away by the others (raters turned down seven such views in two ratings). A view
    offering one such quotation is still served."""

    def quote(id: int, rank: int, said: str, who: str) -> Question:
        asked = question(id, rank, "quote", answer=who)
        asked.fact_type, asked.prompt = "quote", f"Who said “{said}”?"
        asked.choices = ["Ann Lee", "Bob Ray", "Cid Moss"]
        return asked

    bob = quote(1, 1, "The bridge must close before the winter storms", "Bob Ray")
    cid = quote(2, 2, "Shops on Main Street will lose half their trade", "Cid Moss")
    view = question(
        3, 3, "mcq", answer="We have waited too long for this repair", level="understanding"
    )
    view.fact_type, view.prompt = "argument", "Which statement is closest to what Ann Lee said?"
    view.choices = [
        "We have waited too long for this repair",
        "The bridge must close before the winter storms",
        "Shops on Main Street will lose half their trade",
    ]
    others = [question(4, 4, "cloze"), question(5, 5, "true_false")]
    assert 3 not in ranks(pick_best([bob, cid, view, *others], 5, lead_end=NO_LEAD))
    # Without Cid's "Who said …?", the view offers one asked quotation: it is served.
    assert 3 in ranks(pick_best([bob, view, *others], 5, lead_end=NO_LEAD))
    # Two "Who said …?" that wait are not served beside it: the view is (a review's finding).
    bob.waits = cid.waits = True
    assert 3 in ranks(pick_best([bob, cid, view, *others], 5, lead_end=NO_LEAD))


def test_the_title_of_someone_whose_words_are_asked_is_not_served() -> None:
    """ "What role does the article give Daniel Anthony?" beside a question on his words: the
    generator puts it after its first ten, but where the best N leave his view out, a short
    bank served it (raters called a source's title trivia in four ratings). Someone whose
    words nothing asks keeps their role question."""

    def role(id: int, person: str) -> Question:
        asked = question(id, id, "mcq", answer=f"the title of {person}")
        asked.fact_type, asked.prompt = "role", f"What role does the article give {person}?"
        return asked

    quote = question(1, 1, "quote", answer="Ann Lee")
    quote.fact_type, quote.prompt = "quote", "Who said “The tariffs are a tax”?"
    view = question(2, 2, "mcq", answer="We pay it", level="understanding")
    view.fact_type, view.prompt = "argument", "Which statement is closest to what Bob Ray said?"
    others = [question(5, 5, "cloze"), question(6, 6, "true_false")]
    best = ranks(pick_best([quote, view, role(3, "Ann Lee"), role(4, "Bob Ray"), *others], 6,
                           lead_end=NO_LEAD))  # fmt: skip
    assert 3 not in best and 4 not in best, best
    assert 4 in ranks(pick_best([quote, role(4, "Bob Ray"), *others], 6, lead_end=NO_LEAD))
