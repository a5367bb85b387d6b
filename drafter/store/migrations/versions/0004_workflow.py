"""From draft to issued document: the lãnh đạo role, draft states and their events
(trình, trả lại, duyệt, phát hành, with comments), issued documents (frozen .docx and PDF
with SHA-256, the register's row), series split per kind, the audit log, API tokens.

`drafts.state` and the wider role check are changed in place, never by rebuilding
`users` or `drafts`: on SQLite a rebuild drops the old table, and with foreign keys on
that cascades to every mẫu, draft and version pointing at it. The column is added with
ALTER TABLE (its CHECK with it); the role check, a CHECK that only widens, is rewritten
in the schema as SQLite documents for such changes (writable_schema, then a new schema
version and an integrity check), in the migration's transaction. `signers` (which nothing
refers to) gets `user_id`, the lãnh đạo who signs as the preset, by a batch rebuild.

Issued documents never change: a trigger refuses any UPDATE of `issued_documents` on
both databases.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ROLES = "role IN ('soan_thao', 'van_thu', 'quan_tri')"
NEW_ROLES = "role IN ('soan_thao', 'lanh_dao', 'van_thu', 'quan_tri')"
STATES = "state IN ('du_thao', 'cho_duyet', 'da_duyet', 'da_phat_hanh')"
FROZEN = "Văn bản đã phát hành không được sửa (issued documents are frozen)."


def _sqlite_replace_check(table: str, old: str, new: str) -> None:
    """Rewrite a CHECK in SQLite's schema text (the documented way to change a constraint
    that every row already meets, without rebuilding the table)."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    if old not in sql:
        raise RuntimeError(f"{table}: constraint text not found: {old}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
        (sql.replace(old, new), table),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    result = bind.exec_driver_sql("PRAGMA integrity_check").scalar_one()
    if result != "ok":
        raise RuntimeError(f"integrity check after changing {table}: {result}")


def _set_role_check(old: str, new: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_replace_check("users", old, new)
    else:
        op.drop_constraint(op.f("ck_users_role"), "users", type_="check")
        op.create_check_constraint(op.f("ck_users_role"), "users", new)


def upgrade() -> None:
    _set_role_check(OLD_ROLES, NEW_ROLES)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE drafts ADD COLUMN state VARCHAR(12) DEFAULT 'du_thao' NOT NULL "
            f"CONSTRAINT ck_drafts_state CHECK ({STATES})"
        )
    else:
        op.add_column(
            "drafts",
            sa.Column(
                "state", sa.String(length=12), server_default=sa.text("'du_thao'"), nullable=False
            ),
        )
        op.create_check_constraint(op.f("ck_drafts_state"), "drafts", STATES)
    op.create_index(
        op.f("ix_drafts_agency_id_state"), "drafts", ["agency_id", "state"], unique=False
    )
    # A signer preset may name the lãnh đạo who signs as it. Nothing refers to `signers`,
    # so rebuilding it (SQLite's way to add a named foreign key) cascades to nothing.
    with op.batch_alter_table("signers", recreate="auto") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_signers_user_id_users"), "users", ["user_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "series_splits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_series_splits_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series_splits")),
        sa.UniqueConstraint("agency_id", "kind", name=op.f("uq_series_splits_agency_id_kind")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id", "user_id"],
            ["users.agency_id", "users.id"],
            name=op.f("fk_api_tokens_agency_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_api_tokens_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_api_tokens_agency_id_user_id"),
        "api_tokens",
        ["agency_id", "user_id"],
        unique=False,
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id", "actor_id"],
            ["users.agency_id", "users.id"],
            name=op.f("fk_audit_log_agency_id_actor_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_audit_log_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(
        op.f("ix_audit_log_agency_id_created_at"),
        "audit_log",
        ["agency_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "draft_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("version_n", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "action IN ('submit', 'return', 'approve', 'issue')",
            name=op.f("ck_draft_events_action"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id", "actor_id"],
            ["users.agency_id", "users.id"],
            name=op.f("fk_draft_events_agency_id_actor_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id", "reviewer_id"],
            ["users.agency_id", "users.id"],
            name=op.f("fk_draft_events_agency_id_reviewer_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_draft_events_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_events_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_events")),
    )
    op.create_index(
        op.f("ix_draft_events_agency_id_reviewer_id"),
        "draft_events",
        ["agency_id", "reviewer_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_draft_events_draft_id_id"), "draft_events", ["draft_id", "id"], unique=False
    )
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("version_n", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=60), nullable=False),
        sa.Column("so", sa.Integer(), nullable=False),
        sa.Column("ky_hieu", sa.String(length=60), nullable=False),
        sa.Column("ngay", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("do_mat", sa.String(length=20), nullable=False),
        sa.Column("ten_loai_trich_yeu", sa.Text(), nullable=False),
        sa.Column("nguoi_ky", sa.String(length=200), nullable=False),
        sa.Column("noi_nhan", sa.Text(), nullable=False),
        sa.Column("don_vi_luu", sa.String(length=200), nullable=False),
        sa.Column("so_luong_ban", sa.Integer(), nullable=True),
        sa.Column("ngay_chuyen", sa.Date(), nullable=True),
        sa.Column("ghi_chu", sa.Text(), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("letter", sa.JSON(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("docx_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("so >= 1", name=op.f("ck_issued_documents_so_positive")),
        sa.ForeignKeyConstraint(
            ["agency_id", "issued_by"],
            ["users.agency_id", "users.id"],
            name=op.f("fk_issued_documents_agency_id_issued_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_issued_documents_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_issued_documents_draft_id_drafts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint(
            "agency_id",
            "year",
            "series",
            "so",
            name=op.f("uq_issued_documents_agency_id_year_series_so"),
        ),
        sa.UniqueConstraint(
            "agency_id",
            "year",
            "so",
            "ky_hieu",
            name=op.f("uq_issued_documents_agency_id_year_so_ky_hieu"),
        ),
        sa.UniqueConstraint("draft_id", name=op.f("uq_issued_documents_draft_id")),
    )
    op.create_index(
        op.f("ix_issued_documents_agency_id_year_issued_at"),
        "issued_documents",
        ["agency_id", "year", "issued_at"],
        unique=False,
    )
    _freeze_issued_documents()


def _freeze_issued_documents() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER issued_documents_frozen BEFORE UPDATE ON issued_documents "
            f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION issued_documents_frozen() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{FROZEN}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER issued_documents_frozen BEFORE UPDATE ON issued_documents "
            "FOR EACH ROW EXECUTE FUNCTION issued_documents_frozen()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER issued_documents_frozen")
    else:
        op.execute("DROP TRIGGER issued_documents_frozen ON issued_documents")
        op.execute("DROP FUNCTION issued_documents_frozen()")
    op.drop_index(
        op.f("ix_issued_documents_agency_id_year_issued_at"), table_name="issued_documents"
    )
    op.drop_table("issued_documents")
    op.drop_index(op.f("ix_draft_events_draft_id_id"), table_name="draft_events")
    op.drop_index(op.f("ix_draft_events_agency_id_reviewer_id"), table_name="draft_events")
    op.drop_table("draft_events")
    op.drop_index(op.f("ix_audit_log_agency_id_created_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index(op.f("ix_api_tokens_agency_id_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("series_splits")
    # Nothing refers to `signers`, so rebuilding it (SQLite) cascades to nothing.
    with op.batch_alter_table("signers", recreate="auto") as batch:
        batch.drop_constraint(op.f("fk_signers_user_id_users"), type_="foreignkey")
        batch.drop_column("user_id")
    op.drop_index(op.f("ix_drafts_agency_id_state"), table_name="drafts")
    # Native DROP COLUMN (its CHECK is the column's own), never a rebuild of `drafts`.
    with op.batch_alter_table("drafts", recreate="never") as batch:
        if op.get_bind().dialect.name != "sqlite":
            batch.drop_constraint(op.f("ck_drafts_state"), type_="check")
        batch.drop_column("state")
    # A lãnh đạo becomes a soạn thảo: the older schema has no such role.
    op.execute("UPDATE users SET role = 'soan_thao' WHERE role = 'lanh_dao'")
    _set_role_check(NEW_ROLES, OLD_ROLES)
