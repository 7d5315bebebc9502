"""teacher session version

Part of the id a teacher's session cookie holds: logging out or changing the password moves
it on, so that every cookie given before stops opening the teacher pages.

Revision ID: c7d2a9e4b105
Revises: b4c8e2d1f6a3
Create Date: 2026-12-04 11:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7d2a9e4b105"
down_revision = "b4c8e2d1f6a3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database that create_all made before migrations may already have the column.
    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("teacher")}
    if "session_version" not in columns:
        with op.batch_alter_table("teacher", schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
            )


def downgrade() -> None:
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        batch_op.drop_column("session_version")
