"""A programme per unit: which unit's file each airing and each release carries.

`airings.unit` / `airings.unit_name` name the unit whose programme a station airs (a month built
for several units, issue 21; "" for a month with one programme), so reports count airings and
minutes per unit; `publications.deliveries` records which file each station got in a release, as
{station, item, unit, sha256}. Rows made before get "" and empty lists.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("airings") as batch:
        batch.add_column(sa.Column("unit", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("unit_name", sa.String(200), nullable=False, server_default=""))
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("deliveries", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("deliveries")
    with op.batch_alter_table("airings") as batch:
        batch.drop_column("unit_name")
        batch.drop_column("unit")
