"""question level

What a question asks of the student: recall (one sentence's fact), understanding (the main
idea, whose view a statement is) or analysis (a cause, an order of events, a worked figure).
Questions stored before this revision were all recall questions.

Revision ID: 7c1e5a9d3b20
Revises: 2491935fd9bf
Create Date: 2026-12-03 10:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c1e5a9d3b20"
down_revision = "2491935fd9bf"
branch_labels = None
depends_on = None

LEVELS = "level IN ('recall', 'understanding', 'analysis')"


def upgrade() -> None:
    # A database that create_all made before migrations may already have the column.
    inspector = sa.inspect(op.get_bind())
    columns = {column["name"] for column in inspector.get_columns("question")}
    checks = {check["name"] for check in inspector.get_check_constraints("question")}
    if "level" not in columns:
        with op.batch_alter_table("question", schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("level", sa.String(16), server_default="recall", nullable=False)
            )
    if "question_level" not in checks:
        # A second batch: SQLite copies the table, and the check needs the column first.
        with op.batch_alter_table("question", schema=None) as batch_op:
            batch_op.create_check_constraint("question_level", LEVELS)


def downgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_constraint("question_level", type_="check")
        batch_op.drop_column("level")
