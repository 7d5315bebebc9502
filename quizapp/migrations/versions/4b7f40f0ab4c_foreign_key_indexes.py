"""indexes on the foreign keys that lists, counts and cascades look up

Neither SQLite nor PostgreSQL indexes a foreign key by itself: the teacher's home page counts
questions, quizzes and sessions per row, and deleting an article cascades to its questions,
each a scan of the child table without these. Adding an index keeps every row. "If not
exists": a database made by create_all before migrations is stamped at the first revision and
may already have them.

Revision ID: 4b7f40f0ab4c
Revises: d6fe84b0a731
Create Date: 2026-11-26 06:32:32.140100

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "4b7f40f0ab4c"
down_revision = "d6fe84b0a731"
branch_labels = None
depends_on = None

INDEXED = [
    ("article", "owner_id"),
    ("attempt", "quiz_id"),
    ("class_session", "quiz_id"),
    ("class_session", "teacher_id"),
    ("question", "article_id"),
    ("quiz", "article_id"),
    ("quiz", "owner_id"),
    ("quiz_question", "question_id"),
    ("response", "question_id"),
]


def upgrade() -> None:
    for table, column in INDEXED:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False, if_not_exists=True)


def downgrade() -> None:
    for table, column in reversed(INDEXED):
        op.drop_index(f"ix_{table}_{column}", table_name=table, if_exists=True)
