"""Display names, forced password changes and who published a release.

`studio_users.display_name` is the person's name as the office writes it ("Nguyễn Văn A"; the
login stays ASCII); `studio_users.must_change_password` is set by an admin's reset so that the
temporary password serves one sign-in only; `publications.published_by` names the account that
published the release ("" for releases made before, or by `radio publish` in a shell).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("studio_users") as batch:
        batch.add_column(sa.Column("display_name", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("published_by", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("published_by")
    with op.batch_alter_table("studio_users") as batch:
        batch.drop_column("must_change_password")
        batch.drop_column("display_name")
