"""Opening a database already at head costs one read and no Alembic import (every command and
every rebuild opens the database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from radio.store.db import open_engine
from radio.store.migrate import head, quick_head

_OPEN = """
import sys
from radio.store.db import open_engine
open_engine(sys.argv[1]).dispose()
print("alembic" in sys.modules)
"""


def test_the_quick_head_is_alembics_head() -> None:
    assert quick_head() == head()


def test_a_database_at_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'radio.db'}"
    open_engine(url).dispose()  # created and stamped at head (through Alembic)
    opened = subprocess.run([sys.executable, "-c", _OPEN, url], capture_output=True, text=True,
                            check=True, timeout=60)
    assert opened.stdout.strip() == "False"


def test_a_database_at_another_revision_still_goes_through_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'radio.db'}"
    engine = open_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    engine.dispose()
    opened = subprocess.run([sys.executable, "-c", _OPEN, url], capture_output=True, text=True,
                            timeout=60)
    assert opened.returncode != 0 and "newer" in opened.stderr
