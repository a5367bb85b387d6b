"""Initial schema: agencies, users, presets, mẫu, drafts with versions, number register.

Written once from the models (autogenerate at development time), then frozen: later
changes to drafter/store/models.py need a new migration, never an edit here.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 20:54:37.420913
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("co_quan_chu_quan", sa.String(length=200), nullable=False),
        sa.Column("co_quan_ban_hanh", sa.String(length=200), nullable=False),
        sa.Column("dia_danh", sa.String(length=100), nullable=False),
        sa.Column("ky_hieu_prefix", sa.String(length=60), nullable=False),
        sa.Column("dia_chi", sa.String(length=500), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("name", name=op.f("uq_agencies_name")),
    )
    op.create_table(
        "noi_nhan_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_noi_nhan_groups_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_noi_nhan_groups")),
        sa.UniqueConstraint("agency_id", "name", name=op.f("uq_noi_nhan_groups_agency_id_name")),
    )
    op.create_table(
        "number_register",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("ky_hieu", sa.String(length=60), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "next_number >= 1", name=op.f("ck_number_register_next_number_positive")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_number_register_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_number_register")),
        sa.UniqueConstraint(
            "agency_id", "year", "ky_hieu", name=op.f("uq_number_register_agency_id_year_ky_hieu")
        ),
    )
    op.create_table(
        "signers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("tham_quyen", sa.JSON(), nullable=False),
        sa.Column("chuc_vu", sa.String(length=120), nullable=False),
        sa.Column("ho_ten", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_signers_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signers")),
    )
    op.create_index(
        op.f("ix_signers_agency_id_position"), "signers", ["agency_id", "position"], unique=False
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "role IN ('soan_thao', 'van_thu', 'quan_tri')", name=op.f("ck_users_role")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_users_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("agency_id", "id", name=op.f("uq_users_agency_id_id")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id", "owner_id"],
            ["users.agency_id", "users.id"],
            name=op.f("fk_drafts_agency_id_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_drafts_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index(
        op.f("ix_drafts_agency_id_owner_id_updated_at"),
        "drafts",
        ["agency_id", "owner_id", "updated_at"],
        unique=False,
    )
    op.create_table(
        "mau",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("search_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("letter", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("visibility IN ('private', 'agency')", name=op.f("ck_mau_visibility")),
        sa.ForeignKeyConstraint(
            ["agency_id", "owner_id"],
            ["users.agency_id", "users.id"],
            name=op.f("fk_mau_agency_id_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_mau_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mau")),
    )
    op.create_index(
        op.f("ix_mau_agency_id_deleted_at"), "mau", ["agency_id", "deleted_at"], unique=False
    )
    op.create_index(
        "uq_mau_live_name",
        "mau",
        ["agency_id", "owner_id", "name"],
        unique=True,
        sqlite_where=sa.text("deleted_at IS NULL"),
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("letter", sa.JSON(), nullable=False),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('autosave', 'save')", name=op.f("ck_draft_versions_kind")),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_versions_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_versions")),
        sa.UniqueConstraint("draft_id", "n", name=op.f("uq_draft_versions_draft_id_n")),
    )


def downgrade() -> None:
    op.drop_table("draft_versions")
    op.drop_index(
        "uq_mau_live_name",
        table_name="mau",
        sqlite_where=sa.text("deleted_at IS NULL"),
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index(op.f("ix_mau_agency_id_deleted_at"), table_name="mau")
    op.drop_table("mau")
    op.drop_index(op.f("ix_drafts_agency_id_owner_id_updated_at"), table_name="drafts")
    op.drop_table("drafts")
    op.drop_table("users")
    op.drop_index(op.f("ix_signers_agency_id_position"), table_name="signers")
    op.drop_table("signers")
    op.drop_table("number_register")
    op.drop_table("noi_nhan_groups")
    op.drop_table("agencies")
