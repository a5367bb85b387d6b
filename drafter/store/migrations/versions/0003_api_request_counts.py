"""The anonymous API's request counter (its per-client rate limit, shared by every
instance): one row per client and time window.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_request_counts",
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("client", "window_start", name=op.f("pk_api_request_counts")),
    )
    op.create_index(
        op.f("ix_api_request_counts_window_start"),
        "api_request_counts",
        ["window_start"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_api_request_counts_window_start"), table_name="api_request_counts")
    op.drop_table("api_request_counts")
