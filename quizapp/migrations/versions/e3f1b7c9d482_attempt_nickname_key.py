"""attempt nickname key

A class's nicknames are unique by their NFKC, case-folded key instead of lower(display_name),
which SQLite folds for ASCII only ("Ö" and "ö" were two nicknames there, one on PostgreSQL).
Existing attempts get their key; where two in one session fold alike, the later one's key is
made unique with its id (both stay, as they were).

Revision ID: e3f1b7c9d482
Revises: c7d2a9e4b105
Create Date: 2026-12-04 12:00:00.000000

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e3f1b7c9d482"
down_revision = "c7d2a9e4b105"
branch_labels = None
depends_on = None


def folded(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if "nickname_key" in {column["name"] for column in inspector.get_columns("attempt")}:
        return  # made by create_all with today's models
    op.drop_index("attempt_nickname_once", table_name="attempt")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("nickname_key", sa.String(length=160), server_default="", nullable=False)
        )
    attempt = sa.table(
        "attempt",
        sa.column("id", sa.Integer),
        sa.column("class_session_id", sa.Integer),
        sa.column("display_name", sa.String),
        sa.column("nickname_key", sa.String),
    )
    rows = bind.execute(
        sa.select(attempt.c.id, attempt.c.class_session_id, attempt.c.display_name).order_by(
            attempt.c.id
        )
    ).all()
    seen: set[tuple[int | None, str]] = set()
    for row_id, session_id, name in rows:
        key = folded(name or "")
        if session_id is not None and (session_id, key) in seen:
            key = f"{key}#{row_id}"
        seen.add((session_id, key))
        bind.execute(attempt.update().where(attempt.c.id == row_id).values(nickname_key=key))
    op.create_index(
        "attempt_nickname_once", "attempt", ["class_session_id", "nickname_key"], unique=True
    )


def downgrade() -> None:
    op.drop_index("attempt_nickname_once", table_name="attempt")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_column("nickname_key")
    op.create_index(
        "attempt_nickname_once",
        "attempt",
        ["class_session_id", sa.text("lower(display_name)")],
        unique=True,
    )
