"""question rank and choice notes

The generator ranks its questions ("the best N" serves them by rank) and writes a note for each
wrong choice. Questions stored before this revision get rank 0 (unranked, served after the
ranked ones, in article order) and no notes.

Revision ID: 2491935fd9bf
Revises: 4b7f40f0ab4c
Create Date: 2026-12-03 08:10:15.667826

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "2491935fd9bf"
down_revision = "4b7f40f0ab4c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database that create_all made before migrations is stamped at the first revision but
    # may already have these columns: add only what is missing.
    inspector = sa.inspect(op.get_bind())
    columns = {column["name"] for column in inspector.get_columns("question")}
    checks = {check["name"] for check in inspector.get_check_constraints("question")}
    with op.batch_alter_table("question", schema=None) as batch_op:
        if "rank" not in columns:
            batch_op.add_column(sa.Column("rank", sa.Integer(), server_default="0", nullable=False))
        if "choice_notes" not in columns:
            batch_op.add_column(
                sa.Column("choice_notes", sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
            )
    if "question_rank_not_negative" not in checks:
        # A second batch: SQLite copies the table, and the check needs the column first.
        with op.batch_alter_table("question", schema=None) as batch_op:
            batch_op.create_check_constraint("question_rank_not_negative", "rank >= 0")


def downgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_constraint("question_rank_not_negative", type_="check")
        batch_op.drop_column("choice_notes")
        batch_op.drop_column("rank")
