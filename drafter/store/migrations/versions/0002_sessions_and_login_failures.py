"""Session version on users (a password change ends open sessions) and the login-failure
log the web app's rate limit counts (shared by every instance).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", recreate="never") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index(
        op.f("ix_login_failures_username_failed_at"),
        "login_failures",
        ["username", "failed_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_login_failures_ip_failed_at"), "login_failures", ["ip", "failed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_login_failures_ip_failed_at"), table_name="login_failures")
    op.drop_index(op.f("ix_login_failures_username_failed_at"), table_name="login_failures")
    op.drop_table("login_failures")
    # Native DROP COLUMN (SQLite ≥ 3.35), never a table rebuild: rebuilding `users` inside
    # the migration's transaction, with foreign keys on, would cascade-delete every mẫu and
    # draft that points at it.
    with op.batch_alter_table("users", recreate="never") as batch:
        batch.drop_column("session_version")
