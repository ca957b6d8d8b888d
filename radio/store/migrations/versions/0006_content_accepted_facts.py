"""Warnings of a build and the facts an approver accepted.

`episodes.warnings` keeps what the approver must check, as {code, params, blocking}
(radio.content.warnings): an unconfirmed or out-of-date fact the programme speaks blocks approval
and publishing; `approvals.accepted` lists the facts the approver accepted by name
(`radio approve … --accept hotline`). Rows made before get empty lists.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = (("episodes", "warnings"), ("approvals", "accepted"))


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
