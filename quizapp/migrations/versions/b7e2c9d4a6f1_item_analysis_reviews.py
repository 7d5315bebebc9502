"""item analysis reviews

What item analysis keeps on each question: when the teacher last reviewed the key of a
question flagged for it ("stronger students miss this more than weaker ones"; NULL: never),
and when each choice added since the question was made came in (edited, or a distractor
nobody picked replaced; {} for every question stored before this revision). Each flag weighs
only the answers given since.

Revision ID: b7e2c9d4a6f1
Revises: 6c4e1a8b2f53
Create Date: 2026-12-04 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e2c9d4a6f1"
down_revision = "6c4e1a8b2f53"
branch_labels = None
depends_on = None

COLUMNS = ("key_reviewed_at", "choices_added_at")


def upgrade() -> None:
    # A database that create_all made before migrations may already have the columns.
    existing = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("question")}
    with op.batch_alter_table("question", schema=None) as batch_op:
        if "key_reviewed_at" not in existing:
            batch_op.add_column(sa.Column("key_reviewed_at", sa.DateTime(), nullable=True))
        if "choices_added_at" not in existing:
            batch_op.add_column(
                sa.Column(
                    "choices_added_at", sa.JSON(), server_default=sa.text("'{}'"), nullable=False
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
