"""article credit

Where an article comes from, to credit it on the pages and the worksheet: its byline,
publisher, date and web address, read from an uploaded web page or typed by the teacher.
Articles stored before this revision have none (NULL).

Revision ID: 5e8b2c4f9a17
Revises: 7c1e5a9d3b20
Create Date: 2026-12-03 14:00:00.000000

"""

from typing import Any

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e8b2c4f9a17"
down_revision = "7c1e5a9d3b20"
branch_labels = None
depends_on = None

COLUMNS: list[tuple[str, sa.types.TypeEngine[Any]]] = [
    ("byline", sa.String(200)),
    ("publisher", sa.String(200)),
    ("published_on", sa.Date()),
    ("url", sa.String(500)),
]


def upgrade() -> None:
    # A database that create_all made before migrations may already have the columns.
    existing = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("article")}
    missing = [(name, type_) for name, type_ in COLUMNS if name not in existing]
    if missing:
        with op.batch_alter_table("article", schema=None) as batch_op:
            for name, type_ in missing:
                batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
