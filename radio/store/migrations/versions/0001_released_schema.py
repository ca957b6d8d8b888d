"""The schema of the released radio (commit 361d4c9), exactly as its create_all made it.

A database made before migrations existed has these tables and no alembic_version: it is taken as
this revision. Tables it lacks (made by a radio older still, before broadcasting) are created here,
as that radio's create_all would have done; the ones it has are left as they are.

Revision ID: 0001
Revises:
Create Date: 2026-12-14
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def _topics() -> None:
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("id"))


def _episodes() -> None:
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("predicted_s", sa.Float(), nullable=False),
        sa.Column("loudness_lufs", sa.Float(), nullable=False),
        sa.Column("true_peak_dbtp", sa.Float(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("script_sha256", sa.String(64), nullable=False),
        sa.Column("mp3_path", sa.Text(), nullable=False),
        sa.Column("built_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("month"))


def _episode_segments() -> None:
    op.create_table(
        "episode_segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("engine", sa.String(30), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("predicted_s", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("episode_id", "position"),
        sa.ForeignKeyConstraint(["episode_id"], ["episodes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"]))


def _approvals() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("script_sha256", sa.String(64), nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=False),
        sa.Column("approved_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_approvals_month", "approvals", ["month"])


def _airings() -> None:
    op.create_table(
        "airings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("station_id", sa.String(32), nullable=False),
        sa.Column("starts_at", TIME, nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("station_id", "item_id", "starts_at"))
    op.create_index("ix_airings_month", "airings", ["month"])
    op.create_index("ix_airings_station_id", "airings", ["station_id"])


def _publications() -> None:
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("published_at", TIME, nullable=False),
        sa.Column("items", sa.Text(), nullable=False),  # comma-separated item ids (until 0002)
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sequence"))


def _emergency_items() -> None:
    op.create_table(
        "emergency_items",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("stations", sa.Text(), nullable=False),  # comma-separated station ids (until 0002)
        sa.Column("valid_from", TIME, nullable=False),
        sa.Column("valid_to", TIME, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id"))


def _station_tokens() -> None:
    op.create_table(
        "station_tokens",
        sa.Column("station_id", sa.String(32), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("station_id"),
        sa.UniqueConstraint("token_sha256"))


def _play_reports() -> None:
    op.create_table(
        "play_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(32), nullable=False),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("manifest_sequence", sa.Integer(), nullable=True),
        sa.Column("at", TIME, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id"))
    op.create_index("ix_play_reports_station_id", "play_reports", ["station_id"])


# In dependency order: episode_segments refers to episodes and topics.
TABLES: dict[str, Callable[[], None]] = {
    "topics": _topics, "episodes": _episodes, "episode_segments": _episode_segments,
    "approvals": _approvals, "airings": _airings, "publications": _publications,
    "emergency_items": _emergency_items, "station_tokens": _station_tokens,
    "play_reports": _play_reports,
}


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name not in present:
            create()


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
