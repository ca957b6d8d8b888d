"""What is heard: episodes and approvals keep one hash per input of the audio.

`episodes.inputs` and `approvals.inputs` are JSON lists of {kind, name, sha256} (the words of each
segment as read, each recorded file, each jingle, each voice; radio.publish.approval), so that
publishing can name the input that changed after approval. Rows made before get an empty list: an
old approval still covers the old episode it approved (their script_sha256 agree), and names no
input when they differ.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("episodes", "approvals")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("inputs", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("inputs")
