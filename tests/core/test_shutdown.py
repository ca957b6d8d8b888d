"""A `radio` process ends with its heap frozen: Python's shutdown skips the last collection."""

from __future__ import annotations

import subprocess
import sys

import pytest

# The check is registered first, so it runs last (atexit runs handlers last-registered first).
_SCRIPT = """
import atexit, gc
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
from radio.cli import main
print("frozen before:", gc.get_freeze_count() > 0)
main(["--version"])
"""


def test_the_cli_freezes_the_heap_after_every_other_exit_handler() -> None:
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True,
                          timeout=60, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "frozen before: False"
    assert lines[-1] == "frozen at exit: True"


def test_registering_twice_registers_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from radio.core import shutdown

    registered: list[object] = []
    monkeypatch.setattr(shutdown, "_registered", False)
    monkeypatch.setattr(shutdown.atexit, "register", registered.append)
    shutdown.skip_last_collection()
    shutdown.skip_last_collection()
    assert len(registered) == 1
