"""Database failures as one line that names the database (password hidden) and what to do.

radio.store.db applies this at its two doors — opening an engine and every transaction — so no
command shows a SQLAlchemy traceback.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL

from radio.core.errors import DatabaseUnusable
from radio.core.i18n import N_, Text

EXAMPLE = N_("e.g. postgresql+psycopg://user@host/radio")

# A pattern of the driver's message (lower-cased) → what the user reads; {db} is the database.
_KNOWN: tuple[tuple[str, str], ...] = (
    (r"database (table )?is locked", N_("database {db} is locked: another radio is writing; try again")),
    (r"read-only transaction",
     N_("database {db} accepts no writes (a read-only server); point RADIO_DB at the primary server")),
    (r"readonly database|read-only",
     N_("database {db} is read-only: give this user write access to the file and its folder")),
    (r"unable to open database file",
     N_("cannot open database {db}: its folder is missing or not writable; check the path and permissions")),
    (r"file is not a database|disk image is malformed",
     N_("{db} is not a usable SQLite database (damaged, or another kind of file); restore it from a "
     "backup or point RADIO_DB elsewhere")),
    (r"password authentication failed|no password supplied",
     N_("database {db} refused the login: check the user and password in RADIO_DB")),
    (r'role ".*" does not exist',
     N_("database {db} refused the login: that user does not exist on the server; check RADIO_DB")),
    (r'database ".*" does not exist',
     N_("database {db} does not exist on its server: create it (createdb) or correct RADIO_DB")),
    (r"connection refused|could not translate host name|name or service not known|no such file or "
     r"directory|timeout expired|could not connect|connection failed|server closed the connection|"
     r"network is unreachable|no route to host",
     N_("cannot reach the database server of {db}: check that it is running and RADIO_DB's host and port")),
)


def label(url: URL | str) -> str:
    """The URL for messages, without its password."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def database_error(url: URL | str, err: BaseException) -> DatabaseUnusable:
    """The RadioError (exit code DATABASE) for a failure of the database at `url`."""
    detail = str(getattr(err, "orig", None) or err)
    lowered = detail.lower()
    for pattern, message in _KNOWN:
        if re.search(pattern, lowered):
            return DatabaseUnusable(message, db=label(url))
    first = detail.strip().splitlines()[0] if detail.strip() else err.__class__.__name__
    return DatabaseUnusable(N_("database {db}: {problem}; check RADIO_DB and the database server"),
                            db=label(url), problem=first)


def bad_url(url: str, why: str = "") -> DatabaseUnusable:
    """RADIO_DB that is not a URL radio can open."""
    because = f" ({why})" if why else ""
    return DatabaseUnusable(N_("RADIO_DB={db} is not a database URL{because}; {example}"), db=label(url),
                            because=because, example=Text.of(EXAMPLE))
