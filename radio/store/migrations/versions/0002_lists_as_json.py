"""Lists are stored as lists: publications.items and emergency_items.stations become JSON arrays.

They were comma-joined text that three packages split again. Existing rows are converted:
"2024-05,emergency-…" becomes ["2024-05", "emergency-…"], "" becomes [].

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, key column, list column)
LISTS = (("publications", "id", "items"), ("emergency_items", "id", "stations"))


def _convert(table: str, key: str, column: str, to_list: bool) -> None:
    """Rebuild `column` from a temporary copy, turning each value into the other form."""
    new = f"{column}_new"
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(new, sa.JSON() if to_list else sa.Text(), nullable=True))
    rows = sa.table(table, sa.column(key), sa.column(column, sa.Text() if to_list else sa.JSON()),
                    sa.column(new, sa.JSON() if to_list else sa.Text()))
    bind = op.get_bind()
    values = [{"k": k, "v": _as_list(v) if to_list else ",".join(v or [])}
              for k, v in bind.execute(sa.select(rows.c[key], rows.c[column]))]
    if values:
        bind.execute(sa.update(rows).where(rows.c[key] == sa.bindparam("k")).values({new: sa.bindparam("v")}),
                     values)
    with op.batch_alter_table(table) as batch:
        batch.drop_column(column)
        batch.alter_column(new, new_column_name=column, nullable=False,
                           existing_type=sa.JSON() if to_list else sa.Text())


def _as_list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def upgrade() -> None:
    for table, key, column in LISTS:
        _convert(table, key, column, to_list=True)


def downgrade() -> None:
    for table, key, column in LISTS:
        _convert(table, key, column, to_list=False)


