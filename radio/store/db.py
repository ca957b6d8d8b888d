"""Opening the database: RADIO_DB (any SQLAlchemy URL) or a SQLite file beside the settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, Dialect, Engine, TypeDecorator, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from radio.core.errors import RadioError


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
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def database_url(root: Path) -> str:
    return os.environ.get("RADIO_DB") or f"sqlite:///{(root / '.radio' / 'radio.db').resolve()}"


def open_engine(url: str) -> Engine:
    """Create the engine and any missing tables."""
    # Every model module must be imported before create_all sees its tables.
    import radio.store.models  # noqa: F401

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_foreign_keys)
        Base.metadata.create_all(engine)
    except SQLAlchemyError as err:
        raise RadioError(f"database {engine_label(url)}: {err.__class__.__name__}: {err.orig if hasattr(err, 'orig') else err}; "
                         "check RADIO_DB") from None
    return engine


def engine_label(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _sqlite_foreign_keys(connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed whole or rolled back whole."""
    with sessionmaker(engine, expire_on_commit=False)() as session, session.begin():
        yield session
