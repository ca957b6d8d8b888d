"""Opening the database: RADIO_DB (any SQLAlchemy URL) or a SQLite file beside the settings.

The two doors to the database — `open_engine` and `transaction` — turn every database failure
into a one-line RadioError (radio.store.errors), so no command shows a SQLAlchemy traceback.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Dialect, Engine, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from radio.core.environment import DB
from radio.core.errors import DatabaseUnusable
from radio.core.i18n import N_
from radio.store.errors import EXAMPLE, bad_url, database_error, label


class Base(DeclarativeBase):
    pass


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out (SQLite drops the offset; PostgreSQL keeps it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware time (the clock is in UTC or local zone)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def database_url(root: Path) -> str:
    return DB.get() or f"sqlite:///{(root / '.radio' / 'radio.db').resolve()}"


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def open_engine(url: str, notify: Callable[[str], None] = _stderr) -> Engine:
    """The engine for `url`, its schema at this code's revision: created when the database is
    empty, upgraded (with a one-line notice to `notify`) when older, refused when newer."""
    import radio.store.tables  # noqa: F401  (every table, before metadata is used)
    from radio.store.migrate import upgrade

    parsed = _parse(url)
    try:
        if _sqlite_file(parsed):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        engine = create_engine(parsed)
    except ArgumentError:  # an unknown dialect or driver name
        raise bad_url(url, f"unknown kind {parsed.drivername!r}") from None
    except ImportError as err:  # a known dialect whose driver is not installed
        raise DatabaseUnusable(N_("RADIO_DB={db} needs the Python package {package}, which is not installed; "
                                  "use {example} (its driver comes with radio) or install it"),
                               db=label(parsed), package=err.name, example=EXAMPLE.removeprefix("e.g. ")) from None
    except OSError as err:  # the SQLite file's folder cannot be made
        raise DatabaseUnusable(N_("cannot create the folder of database {db}: {problem}; check the path "
                                  "and permissions"), db=label(parsed), problem=err.strerror) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    try:
        upgrade(engine, notify)
    except DBAPIError as err:
        engine.dispose()
        raise database_error(parsed, err) from err
    return engine


def _sqlite_file(url: URL) -> bool:
    """A SQLite database given by a plain file path (not in memory, not a file: URI)."""
    return (url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
            and not url.query.get("uri"))


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        raise bad_url(url) from None


def _sqlite_foreign_keys(connection: sqlite3.Connection, _record: object) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed whole or rolled back whole; database failures as RadioError."""
    try:
        with sessionmaker(engine, expire_on_commit=False)() as session, session.begin():
            yield session
    except DBAPIError as err:
        raise database_error(engine.url, err) from err


def check_writable(engine: Engine) -> None:
    """Fail now, before minutes of work, when the database accepts no writes (a read-only file,
    folder or server; held by another writer): one real write, rolled back, so nothing changes."""
    try:
        with engine.connect() as connection, connection.begin() as unit:
            connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
            unit.rollback()
    except DBAPIError as err:
        raise database_error(engine.url, err) from err


def aware(moment: datetime | str) -> datetime:
    """Grouped max() bypasses the column type on SQLite: naive UTC (or text) comes back."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def counts(rows: Iterable[Any]) -> dict[Any, Any]:
    """{key: value} of grouped (key, value) rows, leaving out a None key."""
    return {key: value for key, value in rows if key is not None}
