"""Alembic environment: always online, on the connection drafter.store.migrate hands over.

Migrations run only through `drafter db upgrade|downgrade` (drafter.store.migrate), never
by autogenerate at run time. `render_as_batch` lets future migrations alter tables on
SQLite (which rebuilds a table to change it).
"""

from __future__ import annotations

from alembic import context

from drafter.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through drafter.store.migrate (`drafter db upgrade`).")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
