"""rate count

Wrong passwords and join codes counted in the database, which every worker shares, when the
counts are not in Redis (domain/store.py).

Revision ID: b4c8e2d1f6a3
Revises: b7e2c9d4a6f1
Create Date: 2026-12-04 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b4c8e2d1f6a3"
down_revision = "b7e2c9d4a6f1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database that create_all made before migrations may already have the table.
    if "rate_count" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "rate_count",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_count")),
    )
    with op.batch_alter_table("rate_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_count_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rate_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_count_expires_at"))
    op.drop_table("rate_count")
