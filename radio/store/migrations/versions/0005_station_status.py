"""Station status and what was really played.

A new table keeps the latest status each station sends after a sync (last seen, release held,
items held and verified, next airing, free disk, clock); play reports gain the seconds of audio
really played, when the play ended and how (complete, interrupted, failed), so that broadcast
minutes are measured rather than taken from the programme's length. Older reports keep NULL there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)  # what radio.store.db.UTCDateTime stores


def upgrade() -> None:
    op.create_table(
        "station_status",
        sa.Column("station_id", sa.String(32), primary_key=True),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("station_clock", TIME, nullable=False),
        sa.Column("clock_offset_s", sa.Float(), nullable=True),
        sa.Column("agent_version", sa.String(40), nullable=False),
        sa.Column("held_sequence", sa.Integer(), nullable=True),
        sa.Column("newest_sequence", sa.Integer(), nullable=True),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("items_held", sa.Integer(), nullable=False),
        sa.Column("items_verified", sa.Integer(), nullable=False),
        sa.Column("next_airing", TIME, nullable=True),
        sa.Column("next_airing_held", sa.Boolean(), nullable=True),
        sa.Column("free_disk_bytes", sa.BigInteger(), nullable=True),
        sa.Column("problems", sa.JSON(), nullable=False),
    )
    with op.batch_alter_table("play_reports") as batch:
        batch.add_column(sa.Column("played_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("ended_at", TIME, nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("play_reports") as batch:
        batch.drop_column("outcome")
        batch.drop_column("ended_at")
        batch.drop_column("played_s")
    op.drop_table("station_status")
