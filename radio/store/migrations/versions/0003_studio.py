"""The Studio's tables: accounts, signed-in sessions, review requests and the audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)  # frozen here: a migration does not follow later model code


def upgrade() -> None:
    op.create_table(
        "studio_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "studio_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("studio_users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("seen_at", TIME, nullable=False),
    )
    op.create_table(
        "studio_reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("script_sha256", sa.String(64), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", TIME, nullable=False),
    )
    op.create_index("ix_studio_reviews_month", "studio_reviews", ["month"])
    op.create_table(
        "studio_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TIME, nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_studio_audit_at", "studio_audit", ["at"])


def downgrade() -> None:
    op.drop_index("ix_studio_audit_at", "studio_audit")
    op.drop_table("studio_audit")
    op.drop_index("ix_studio_reviews_month", "studio_reviews")
    op.drop_table("studio_reviews")
    op.drop_table("studio_sessions")
    op.drop_table("studio_users")
