"""archived at

When a teacher archived an article, a quiz or a class session: archived things leave the
teacher's lists, and their results stay. NULL for everything stored before this revision.

Revision ID: 8a3d6f1c2e95
Revises: 9d4e6f1a2b37
Create Date: 2026-12-03 15:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8a3d6f1c2e95"
down_revision = "9d4e6f1a2b37"
branch_labels = None
depends_on = None

TABLES = ("article", "quiz", "class_session")


def upgrade() -> None:
    # A database that create_all made before migrations may already have the columns.
    inspector = sa.inspect(op.get_bind())
    for table in TABLES:
        if "archived_at" not in {column["name"] for column in inspector.get_columns(table)}:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("archived_at")
