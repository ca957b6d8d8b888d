"""Every database failure reaches the user as one line naming the database and what to do.

Through the real command line: `radio report 2024` (reads), `radio token` (writes) and `radio build`
(which opens the database before any work). The PostgreSQL cases use a closed port and a server
that refuses the password (speaking PostgreSQL's real wire protocol), so they run without one.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import sqlite3
import struct
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from radio.cli import main
from radio.core.errors import ExitCode
from radio.store.db import open_engine

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(REPO / "schedule.toml", tmp_path / "schedule.toml")
    return tmp_path


def run(project: Path, monkeypatch: pytest.MonkeyPatch, url: str | None, *args: str) -> Result:
    if url is None:
        monkeypatch.delenv("RADIO_DB", raising=False)
    else:
        monkeypatch.setenv("RADIO_DB", url)
    return CliRunner(mix_stderr=False).invoke(main, ["--config", str(project / "schedule.toml"), *args])


def one_line(result: Result) -> str:
    """The error line, after checking it is the only thing said and no traceback came with it."""
    assert result.exit_code == ExitCode.DATABASE and isinstance(result.exception, SystemExit), \
        result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr and "sqlalchemy" not in result.stderr.lower()
    return lines[0].removeprefix("Error: ")


def test_an_unparseable_url(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert one_line(run(project, monkeypatch, "nonsense", "report", "2024")) == (
        "RADIO_DB=nonsense is not a database URL; e.g. postgresql+psycopg://user@host/radio")


def test_an_unparseable_url_stops_a_build_before_any_work(project: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    message = one_line(run(project, monkeypatch, "nonsense", "build", "2024-05"))
    assert message.startswith("RADIO_DB=nonsense is not a database URL")
    assert not (project / "episodes" / "2024-05" / "episode.mp3").exists()


def test_an_unknown_kind_of_database(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert one_line(run(project, monkeypatch, "mysqlx://user:secret@host/radio", "report", "2024")) == (
        "RADIO_DB=mysqlx://user:***@host/radio is not a database URL (unknown kind 'mysqlx'); "
        "e.g. postgresql+psycopg://user@host/radio")


def test_a_database_whose_driver_is_missing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert one_line(run(project, monkeypatch, "mysql://user:secret@host/radio", "report", "2024")) == (
        "RADIO_DB=mysql://user:***@host/radio needs the Python package MySQLdb, which is not installed; "
        "use postgresql+psycopg://user@host/radio (its driver comes with radio) or install it")


def test_a_locked_database_when_opened(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / "radio.db"
    open_engine(f"sqlite:///{path}").dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another radio in the middle of writing
    try:
        message = one_line(run(project, monkeypatch, f"sqlite:///{path}?timeout=0.1", "report", "2024"))
    finally:
        holder.close()
    assert message == f"database sqlite:///{path}?timeout=0.1 is locked: another radio is writing; try again"


def test_a_locked_database_when_writing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / "radio.db"
    open_engine(f"sqlite:///{path}").dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # readers go on, writers wait
    try:
        message = one_line(run(project, monkeypatch, f"sqlite:///{path}?timeout=0.1", "token", "st-01"))
    finally:
        holder.close()
    assert message.endswith("is locked: another radio is writing; try again")


def test_a_report_arriving_while_the_database_is_locked_is_answered_503(project: Path) -> None:
    from radio.server.reports import accept_report, issue_token

    path = project / "radio.db"
    engine = open_engine(f"sqlite:///{path}?timeout=0.1")
    token = issue_token(engine, "st-01", datetime.now(UTC))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        answer = accept_report(engine, f"Bearer {token}", b"{}", datetime.now(UTC))
    finally:
        holder.close()
        engine.dispose()
    assert answer.status == 503 and answer.message.endswith("is locked: another radio is writing; try again")


def test_a_read_only_database(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Opened read-only by SQLite itself: file modes would not stop root, who runs CI.
    path = project / "radio.db"
    open_engine(f"sqlite:///{path}").dispose()
    message = one_line(run(project, monkeypatch, f"sqlite:///file:{path}?mode=ro&uri=true", "token", "st-01"))
    assert not Path("file:").exists()  # a URI is not a path whose folder is made
    assert message.endswith("is read-only: give this user write access to the file and its folder")


def test_a_database_path_that_cannot_be_opened(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "folder.db").mkdir()  # a folder where the file should be
    message = one_line(run(project, monkeypatch, f"sqlite:///{project / 'folder.db'}", "report", "2024"))
    assert message.startswith(f"cannot open database sqlite:///{project / 'folder.db'}")


def test_a_database_folder_that_cannot_be_made(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "a-file").write_text("not a folder")
    url = f"sqlite:///{project / 'a-file' / 'radio.db'}"
    message = one_line(run(project, monkeypatch, url, "report", "2024"))
    assert message.startswith(f"cannot create the folder of database {url}")


def test_a_file_that_is_not_a_database(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "notes.db").write_bytes(b"these are not the tables you are looking for" * 100)
    message = one_line(run(project, monkeypatch, f"sqlite:///{project / 'notes.db'}", "report", "2024"))
    assert "is not a usable SQLite database" in message


def test_an_unreachable_server(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://radio:secret@127.0.0.1:{port}/radio?connect_timeout=5"
    message = one_line(run(project, monkeypatch, url, "report", "2024"))
    assert message == (f"cannot reach the database server of postgresql+psycopg://radio:***@127.0.0.1:{port}/"
                       "radio?connect_timeout=5: check that it is running and RADIO_DB's host and port")


def test_a_wrong_password(project: Path, monkeypatch: pytest.MonkeyPatch, refusing_server: int) -> None:
    url = f"postgresql+psycopg://radio:wrong@127.0.0.1:{refusing_server}/radio?sslmode=disable"
    message = one_line(run(project, monkeypatch, url, "report", "2024"))
    assert message == (f"database postgresql+psycopg://radio:***@127.0.0.1:{refusing_server}/radio?"
                       "sslmode=disable refused the login: check the user and password in RADIO_DB")


@pytest.fixture
def refusing_server() -> Iterator[int]:
    """A PostgreSQL server (as far as its login goes) that asks for a password and refuses it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)  # how often the server looks whether the test is over
    over = threading.Event()

    def serve() -> None:
        while not over.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            with client, contextlib.suppress(OSError):  # OSError: the client gave up first
                client.settimeout(10)
                _refuse_login(client)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    over.set()
    thread.join(timeout=10)
    listener.close()


def _refuse_login(client: socket.socket) -> None:
    while True:  # SSL and GSS encryption requests are declined; the startup message follows
        length, code = struct.unpack("!ii", _read(client, 8))
        body = _read(client, length - 8)
        if code in (80877103, 80877104):
            client.sendall(b"N")
            continue
        break
    client.sendall(b"R" + struct.pack("!ii", 8, 3))  # AuthenticationCleartextPassword
    kind, length = struct.unpack("!ci", _read(client, 5))
    _read(client, length - 4)
    words = body.split(b"\0")
    user = dict(zip(words[0:-1:2], words[1::2], strict=False)).get(b"user", b"?").decode()
    fields = b"".join(tag + text.encode() + b"\0" for tag, text in (
        (b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28P01"),
        (b"M", f'password authentication failed for user "{user}"'))) + b"\0"
    client.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)


def _read(client: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        if not chunk:
            raise OSError("client hung up")
        data += chunk
    return data
