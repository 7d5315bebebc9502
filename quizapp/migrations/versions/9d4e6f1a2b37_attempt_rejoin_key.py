"""attempt rejoin key

A one-time key a teacher gives a student to go on with their class attempt on another device
(the link /rejoin/<key>); NULL when none is offered.

Revision ID: 9d4e6f1a2b37
Revises: 5e8b2c4f9a17
Create Date: 2026-12-03 14:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9d4e6f1a2b37"
down_revision = "5e8b2c4f9a17"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not a batch: rebuilding the table on SQLite would lose the nickname index, an index on
    # an expression that reflection cannot see. A database that create_all made before
    # migrations may already have the column.
    existing = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("attempt")}
    if "rejoin_key" not in existing:
        op.add_column("attempt", sa.Column("rejoin_key", sa.String(length=64), nullable=True))
    op.create_index(
        "attempt_rejoin_key_once", "attempt", ["rejoin_key"], unique=True, if_not_exists=True
    )


def downgrade() -> None:
    op.drop_index("attempt_rejoin_key_once", table_name="attempt")
    op.drop_column("attempt", "rejoin_key")
