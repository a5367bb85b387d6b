"""Which template a letter prints with: the signed-in user's agency's own, or drafter's.

Every way the web app makes a .docx — the letter page's and the drafts' downloads, the
PDF and print preview, the preview's checker findings, `POST /api/v1/render` from a
signed-in session — goes through `render_letter`, so an agency's accepted template
(drafter.usertemplate, stored by drafter.store.templates) is used for its own letters and
never for another agency's: the agency is the session's, nothing in the request names it.
Anonymous requests print with drafter's template. The template is compiled once per
process (by its SHA-256); each request costs one small query for the active version.

Inside a transaction (cấp số holds the database's write lock, or a row lock on
PostgreSQL, while it prints) the lookup must run on that transaction's own session: a
second connection from the pool, asked for while every other connection waits on that
lock, would never come (20 văn thư issuing at once exhausted the pool).
"""

from __future__ import annotations

from flask import g
from sqlalchemy.orm import Session

from drafter.model import Letter
from drafter.render import CompiledTemplate, render_docx
from drafter.store import active_template, active_template_bytes
from drafter.usertemplate import compiled_template
from drafter.web.db import tx

__all__ = ["agency_template", "render_letter"]


def agency_template(kind: str, session: Session | None = None) -> CompiledTemplate | None:
    """The signed-in agency's active template for `kind`, or None (drafter's own); read
    in `session` when the caller is inside a transaction, else in a short one of its own."""
    user = g.get("user")
    if user is None:
        return None
    if session is None:
        with tx(readonly=True) as s:
            return agency_template(kind, s)
    active = active_template(session, user.agency_id, kind)
    if active is None:
        return None
    return compiled_template(
        active.sha256, lambda: active_template_bytes(session, user.agency_id, active.id)
    )


def render_letter(letter: Letter, session: Session | None = None) -> bytes:
    """The letter's .docx, from its agency's template when it has one (`session`: the
    caller's open transaction, if any)."""
    return render_docx(letter, agency_template(letter.kind, session))
