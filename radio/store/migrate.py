"""Schema migrations (Alembic, scripts in radio/store/migrations/): every database at this code's head.

`upgrade(engine)` runs on every open: a database already at head costs one read. Otherwise, under
a lock that keeps a second radio from migrating at the same time (SQLite: BEGIN IMMEDIATE;
PostgreSQL: a transaction-scoped advisory lock), it is created at head when empty, upgraded when
older (a database made before migrations, with tables and no alembic_version, is revision 0001),
and refused when its revision is unknown here (made by a newer radio).
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.store.db import Base
from radio.store.errors import label

if TYPE_CHECKING:  # Alembic is imported only when a database is not at head: ~0.2 s less per command
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
FIRST = "0001"  # the released schema, before migrations existed
_PG_LOCK = 0x7261_6469_6F6D_6967  # "radiomig": the advisory lock key of an upgrade
_SQLITE_LOCK_WAIT_S = 60.0  # a long upgrade by another radio is waited for, not failed on


def config(connection: Connection | None = None) -> Config:
    """Alembic's settings, built in code: the scripts ship inside the package, no alembic.ini."""
    from alembic.config import Config

    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS))
    settings.attributes["connection"] = connection
    settings.attributes["metadata"] = Base.metadata
    return settings


def head() -> str:
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


_REVISES = re.compile(r'^(revision|down_revision)\s*=\s*["\']([^"\']+)["\']', re.M)


def quick_head() -> str | None:
    """The head read straight from the scripts' `revision`/`down_revision` lines, without
    importing Alembic; None when they do not make one plain chain (then Alembic decides)."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISES.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(engine: Engine) -> bool:
    """The database's recorded revision is the head: one read, no Alembic import."""
    target = quick_head()
    if target is None:
        return False
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no alembic_version table yet: Alembic's path says what to do
        return False
    return [row[0] for row in rows] == [target]


def upgrade(engine: Engine, notify: Callable[[str], None]) -> None:
    """Bring the database to head (see the module's docstring); `notify` gets the one-line notice."""
    if _at_head(engine):
        return
    from alembic import command

    target = head()
    with engine.connect() as connection:
        current = _revision(connection)
    if current == target:
        return
    _known(engine, current)
    with _locked(engine) as connection:
        current = _revision(connection)  # another radio may have migrated while we waited
        if current == target:
            return
        _known(engine, current)
        settings = config(connection)
        if current is None and not set(inspect(connection).get_table_names()) & set(Base.metadata.tables):
            Base.metadata.create_all(connection)
            command.stamp(settings, target)
            return
        command.upgrade(settings, target)
    notify(f"Database {label(engine.url)} upgraded: {current or FIRST} → {target}.")


def _revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _known(engine: Engine, revision: str | None) -> None:
    if revision is None:
        return
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        known = ScriptDirectory.from_config(config()).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise RadioError(N_("database {db} is at schema revision {revision}, which was made by a newer "
                            "radio (this one knows up to {head}); update radio"),
                         db=label(engine.url), revision=revision, head=head())


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that only one radio at a time holds; committed at the end."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        # pysqlite begins transactions lazily and not before DDL; take the write lock up front.
        exclusive = create_engine(engine.url, poolclass=NullPool,
                                  connect_args={"timeout": _SQLITE_LOCK_WAIT_S})
        event.listen(exclusive, "connect", _driver_autocommit)
        event.listen(exclusive, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
        try:
            with exclusive.begin() as connection:
                yield connection
        finally:
            exclusive.dispose()
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        yield connection


def _driver_autocommit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # the BEGIN IMMEDIATE above is then the only BEGIN


def _new_revision(message: str) -> None:
    """`python -m radio.store.migrate revision "message"`: a new, empty revision file to fill in."""
    from alembic import command

    command.revision(config(), message=message, rev_id=f"{int(head()) + 1:04d}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m radio.store.migrate revision "what changes"')
    _new_revision(sys.argv[2])
