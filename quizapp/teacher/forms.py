"""The teacher's forms; every one carries a CSRF token through FlaskForm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from werkzeug.utils import secure_filename
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from quizapp.domain.article_text import (
    MAX_ARTICLE_BYTES,
    MAX_CREDIT_CHARS,
    MAX_TITLE_CHARS,
    Credit,
    address_problem,
    credit_from,
)
from quizapp.domain.class_sessions import SELF_PACED, Pacing
from quizapp.domain.question_bank import (
    REVIEW_DECISIONS,
    WRITTEN_KINDS,
    WrittenQuestion,
    choices_problem,
    markdown_headings_removed,
)
from quizapp.domain.quizzes import QuizSettings

if TYPE_CHECKING:  # a type only: the pages reach the models through the domain layer
    from quizapp.models import Question
from quizapp.wording import one_line

UPLOAD_TYPES = ["txt", "md", "html", "htm"]


_TOO_LONG = "At most %(max)d characters."


class ArticleForm(FlaskForm):
    """A new article: pasted text, or a text, Markdown or saved web page file."""

    title = StringField(
        "Title (optional)", validators=[Length(max=MAX_TITLE_CHARS)], filters=[one_line]
    )
    body = TextAreaField("Article text")
    upload = FileField(
        "Or upload a file",
        validators=[FileAllowed(UPLOAD_TYPES, "Upload a .txt, .md or .html file.")],
    )
    byline = StringField(
        "Byline",
        validators=[Length(max=MAX_CREDIT_CHARS, message=_TOO_LONG)],
        filters=[one_line],
    )
    publisher = StringField(
        "Publisher",
        validators=[Length(max=MAX_CREDIT_CHARS, message=_TOO_LONG)],
        filters=[one_line],
    )
    published_on = DateField("Date published")
    url = URLField("Web address", filters=[one_line])
    submit = SubmitField("Add and generate questions")

    def credit(self) -> Credit:
        """The byline, publisher, date and address the teacher typed, as
        question_bank.add_article takes them; what is left empty stays empty."""
        return credit_from(
            self.byline.data, self.publisher.data, self.published_on.data, self.url.data
        )

    def validate_published_on(self, field: Any) -> None:
        """Empty, or a day that has been (the form sends it as 2025-03-12)."""
        field.errors[:] = []  # WTForms' "Not a valid date value." says less than these
        if not (field.raw_data and field.raw_data[0].strip()):
            return
        if field.data is None:
            raise StopValidation("Give the date as year-month-day, like 2025-03-12.")
        # A day's margin: it is already tomorrow for a teacher east of UTC.
        if field.data > (datetime.now(UTC) + timedelta(days=1)).date():
            raise StopValidation("The date is in the future; give the day it was published.")

    def validate_url(self, field: Any) -> None:
        """Empty, or a whole http or https address."""
        if field.data:
            problem = address_problem(field.data)
            if problem is not None:
                raise ValidationError(problem)

    def article_input(self) -> tuple[bytes | str, str | None, str]:
        """(text or file bytes, title, where it came from), as question_bank.add_article
        takes them."""
        title = self.title.data or None
        if self.upload.data:
            upload = self.upload.data
            # One byte past the limit, so that the reader refuses a huge file without reading
            # it all.
            data = upload.read(MAX_ARTICLE_BYTES + 1)
            name = short_filename(secure_filename(upload.filename or "") or "file")
            if name.lower().endswith(".md"):
                data = markdown_headings_removed(data)
            return data, title, f"upload: {name}"
        return self.body.data, title, "pasted"

    def validate_body(self, field: Any) -> None:
        """Exactly one source: the pasted text or the file."""
        has_text = bool(field.data and field.data.strip())
        if has_text and self.upload.data:
            raise ValidationError("Paste the article's text here, or upload a file, not both.")
        if not has_text and not self.upload.data:
            raise ValidationError("Paste the article's text here, or upload a file.")


def short_filename(name: str, limit: int = 100) -> str:
    """The name cut to ``limit`` characters, keeping a short extension.

    A forged upload can carry a name of any length, and Article.source keeps 300 characters:
    PostgreSQL refuses a longer value (a 500), where SQLite would store it whole.
    """
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    kept = dot + extension if stem and len(extension) <= 10 else ""
    return name[: limit - len(kept)] + kept


class StatusForm(FlaskForm):
    """Approve or reject a question; the pressed button gives the status. A question never
    goes back to "generated" (waiting for review): that is where the generator puts it."""

    status = StringField(validators=[AnyOf(REVIEW_DECISIONS)])


class _QuestionFields(FlaskForm):
    """What every question the teacher writes or rewrites has: its words, its right answer
    and why it is right."""

    prompt = TextAreaField(
        "Question", validators=[DataRequired(message="Write the question."), Length(max=500)]
    )
    answer = StringField(
        "Right answer",
        validators=[DataRequired(message="Write the right answer."), Length(max=300)],
        filters=[one_line],
    )
    explanation = TextAreaField(
        "Explanation",
        validators=[DataRequired(message="Say why the answer is right."), Length(max=2000)],
    )


class QuestionForm(_QuestionFields):
    """A question as the teacher rewrites it; the checks keep it answerable."""

    choices = TextAreaField(
        "Choices, one per line",
        validators=[DataRequired(message="Write the choices, one per line.")],
    )
    submit = SubmitField("Save the question")

    @property
    def choice_list(self) -> list[str]:
        """The choices as written, one per non-empty line, spaces tidied."""
        return [one_line(line) for line in (self.choices.data or "").splitlines() if line.strip()]

    def validate_choices(self, field: Any) -> None:
        """The question bank's rule for choices (question_bank.choices_problem)."""
        problem = choices_problem(self.choice_list)
        if problem is not None:
            raise ValidationError(problem)

    def validate_answer(self, field: Any) -> None:
        """The right answer is one of the choices, written the same way."""
        if field.data and field.data not in self.choice_list:
            raise ValidationError(
                "The right answer must be one of the choices, exactly as written."
            )


class NewQuestionForm(_QuestionFields):
    """A question the teacher writes; the question bank checks it by the generator's rules."""

    kind = RadioField(
        "Kind of question",
        choices=[SelectChoice(kind, words) for kind, words in WRITTEN_KINDS.items()],
        default="mcq",
    )
    choices = TextAreaField("Choices, one per line (not for true or false)")
    source = TextAreaField(
        "The sentence it comes from",
        validators=[
            DataRequired(message="Copy the sentence from the article."),
            Length(max=2000),
        ],
    )
    submit = SubmitField("Add the question")

    def written(self) -> WrittenQuestion:
        """The question as question_bank.write_question takes it."""
        choices = [one_line(line) for line in (self.choices.data or "").splitlines()]
        return WrittenQuestion(
            kind=self.kind.data,
            prompt=one_line(self.prompt.data),
            choices=[choice for choice in choices if choice],
            answer=self.answer.data,
            explanation=self.explanation.data.strip(),
            source=self.source.data,
        )


class DeleteForm(FlaskForm):
    """Delete an article, a quiz or a class session. Students' answers go only when the
    teacher ticks the box, and only as many as the page named (``students``)."""

    answers_go = BooleanField("Delete their answers too")
    students = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField("Delete")

    def students_confirmed(self) -> int:
        """How many students' answers the teacher agreed to lose: none unless ticked."""
        return (self.students.data or 0) if self.answers_go.data else 0


class AnalysisForm(FlaskForm):
    """A button of an item analysis page: the key reviewed, or a distractor replaced.
    ``choice`` is the choice to replace; ``quiz`` is the quiz whose analysis the button was
    pressed on (empty on the bank's), to go back to."""

    choice = StringField(validators=[Optional(), Length(max=1000)])
    quiz = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])


class RemoveStudentForm(FlaskForm):
    """Remove a student from a class session: a button, with its CSRF token."""

    submit = SubmitField("Remove the student and their answers")


class ArchiveForm(FlaskForm):
    """Archive a thing, or restore an archived one; the pressed button says which."""

    action = StringField(validators=[AnyOf(("archive", "restore"))])


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes, which reads better than a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QuizSettingsForm(FlaskForm):
    """What a quiz decides besides its questions: title, feedback, shuffle, reading the
    article first, pass mark."""

    title = StringField(
        "Quiz title",
        validators=[DataRequired(message="Give the quiz a title."), Length(max=200)],
        filters=[one_line],
    )
    feedback_mode = RadioField(
        "Feedback",
        choices=[
            SelectChoice("immediate", "After each question, with the explanation"),
            SelectChoice("end", "At the end only"),
        ],
        default="immediate",
    )
    shuffle = BooleanField("Shuffle the questions for each student", default=True)
    read_first = BooleanField("Students read the article before the first question")
    pass_mark = IntegerField(
        "Pass mark in percent (optional)",
        validators=[Optional(), NumberRange(min=0, max=100, message="A percentage, 0 to 100.")],
    )

    def settings(self) -> QuizSettings:
        """What the form decides besides the questions."""
        return QuizSettings(
            self.title.data,
            self.feedback_mode.data,
            self.shuffle.data,
            self.pass_mark.data,
            self.read_first.data,
        )


class QuizEditForm(QuizSettingsForm):
    """A quiz's title, settings and questions, changed while nobody has answered it."""

    questions = MultiCheckboxField("Questions", coerce=int)
    submit = SubmitField("Save the quiz")

    def offer(self, offered: list[Question]) -> None:
        """Offer these questions to tick, by id, each labelled by its prompt."""
        self.questions.choices = [SelectChoice(str(q.id), q.prompt) for q in offered]

    def validate_questions(self, field: Any) -> None:
        """A quiz has at least one question."""
        if not field.data:
            raise ValidationError("Tick at least one question.")


class QuizForm(QuizSettingsForm):
    """A quiz of one article's approved questions."""

    selection = RadioField(
        "Questions",
        choices=[
            SelectChoice("best", "The best questions, kinds and levels mixed"),
            SelectChoice("picked", "The questions I tick below"),
        ],
        default="best",
    )
    # Checked by validate_size alone: it is required only for "best", and Optional() would
    # have skipped that check too and let an empty size through to a 500.
    size = IntegerField("How many of the best")
    questions = MultiCheckboxField("Approved questions", coerce=int)
    submit = SubmitField("Create the quiz")

    def offer(self, approved: list[Question]) -> None:
        """Offer the article's approved questions to tick, by id, each labelled by its prompt."""
        self.questions.choices = [SelectChoice(str(q.id), q.prompt) for q in approved]

    def best_size(self) -> int | None:
        """How many of the best the teacher asked for; None when they tick questions."""
        return self.size.data if self.selection.data == "best" else None

    def validate_questions(self, field: Any) -> None:
        """Ticking is needed only when the teacher chose to pick."""
        if self.selection.data == "picked" and not field.data:
            raise ValidationError("Tick at least one question, or choose the best questions.")

    def validate_size(self, field: Any) -> None:
        """Required for the best N, 1 to 50; ignored when the teacher picks by hand."""
        field.errors[:] = []  # WTForms' "Not a valid integer value." says less than these
        if self.selection.data != "best":
            return
        if field.data is None:
            typed = bool(field.raw_data and field.raw_data[0].strip())
            raise StopValidation(
                "Type a whole number of questions, 1 to 50."
                if typed
                else "Say how many questions the quiz has."
            )
        if not 1 <= field.data <= 50:
            raise StopValidation("Choose 1 to 50 questions.")


class OpenSessionForm(FlaskForm):
    """Open a class session: at each student's own pace (the default), or led by the teacher
    question by question, with an optional time per question and leaderboard."""

    pace = StringField(default="self", validators=[Optional(), AnyOf(("self", "teacher"))])
    question_seconds = IntegerField(
        "Time per question, in seconds (optional)",
        validators=[
            Optional(),
            NumberRange(min=5, max=600, message="Give 5 to 600 seconds, or leave it empty."),
        ],
    )
    leaderboard = BooleanField("After each answer, show the nicknames by score")

    def pacing(self) -> Pacing:
        """The session's pacing, as class_sessions.open_session takes it."""
        if self.pace.data != "teacher":
            return SELF_PACED
        return Pacing(True, self.question_seconds.data, bool(self.leaderboard.data))


class StepForm(FlaskForm):
    """Reveal the answer of, or move on from, the question the class is on; the number makes
    a second press of the same button change nothing."""

    number = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
