"""question waits

Whether the generator keeps a question in the bank but serves it only after ten others (a
speaker's second "Who said …?" in a short bank, the second question on one pair of figures).
Questions stored before this revision were all served in rank order: none waits.

Revision ID: f2a6c3e8d915
Revises: e3f1b7c9d482
Create Date: 2026-12-05 01:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f2a6c3e8d915"
down_revision = "e3f1b7c9d482"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database that create_all made before migrations may already have the column.
    existing = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("question")}
    if "waits" not in existing:
        with op.batch_alter_table("question", schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("waits", sa.Boolean(), server_default=sa.false(), nullable=False)
            )


def downgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_column("waits")
