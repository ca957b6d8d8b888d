"""Alembic's environment for radio's own migrations, run by radio.store.migrate (no alembic.ini).

The caller hands over a connection already inside the transaction (and lock) that covers the whole
upgrade, so nothing here begins or commits. To write a new revision (developers only):

    python -m radio.store.migrate revision "what changes"

then edit the file it creates in versions/ and describe the change in radio/store/tables.py too.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True,  # SQLite alters tables by copying
                  target_metadata=context.config.attributes.get("metadata"))
with context.begin_transaction():
    context.run_migrations()
