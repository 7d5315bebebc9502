"""class session pace

A class session can be teacher-paced ("live"): the question the class is on, whether its
answer is revealed, an optional time per question and an optional leaderboard. Every session
stored before this revision is self-paced, as it was.

Revision ID: 6c4e1a8b2f53
Revises: 3f7b2d9c6a41
Create Date: 2026-12-03 17:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "6c4e1a8b2f53"
down_revision = "3f7b2d9c6a41"
branch_labels = None
depends_on = None


def columns() -> list[sa.Column[object]]:
    """New Column objects each time: a Column belongs to the one table it is added to."""
    return [
        sa.Column("pace", sa.String(length=10), nullable=False, server_default="self"),
        sa.Column("current_number", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("revealed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("question_seconds", sa.Integer(), nullable=True),
        sa.Column("question_started_at", sa.DateTime(), nullable=True),
        sa.Column("leaderboard", sa.Boolean(), nullable=False, server_default=sa.false()),
    ]


CHECKS = (
    ("class_session_pace", "pace IN ('self', 'teacher')"),
    ("class_session_current_number", "current_number >= 0"),
    ("class_session_question_seconds", "question_seconds BETWEEN 5 AND 600"),
)


def upgrade() -> None:
    # A database that create_all made before migrations may already have the columns.
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("class_session")}
    if "pace" in present:
        return
    with op.batch_alter_table("class_session", schema=None) as batch_op:
        for column in columns():
            batch_op.add_column(column)
        for name, condition in CHECKS:
            batch_op.create_check_constraint(name, condition)


def downgrade() -> None:
    with op.batch_alter_table("class_session", schema=None) as batch_op:
        for name, _ in CHECKS:
            batch_op.drop_constraint(name, type_="check")
        for column in reversed(columns()):
            batch_op.drop_column(column.name)
