"""quiz read first

A quiz can send a class to the article before its first question. False for every quiz
stored before this revision, which is how they behaved.

Revision ID: 3f7b2d9c6a41
Revises: 8a3d6f1c2e95
Create Date: 2026-12-03 16:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f7b2d9c6a41"
down_revision = "8a3d6f1c2e95"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database that create_all made before migrations may already have the column.
    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("quiz")}
    if "read_first" not in columns:
        with op.batch_alter_table("quiz", schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("read_first", sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    with op.batch_alter_table("quiz", schema=None) as batch_op:
        batch_op.drop_column("read_first")
