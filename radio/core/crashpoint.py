"""A test hook that kills the process at a named step, to prove a killed run recovers."""

from __future__ import annotations

import os
import sys

from radio.core.environment import TEST_HOOK_AT, TEST_HOOK_RUN, TEST_KILL_AT

KILL_AT_ENV = TEST_KILL_AT.name
HOOK_AT_ENV, HOOK_RUN_ENV = TEST_HOOK_AT.name, TEST_HOOK_RUN.name


def crash_point(step: str) -> None:
    """Die here at once, with no clean-up at all, when RADIO_TEST_KILL_AT names `step`.

    A no-op otherwise. Tests use it to kill a real `radio build` or `radio publish` between a
    rename and a commit, then check that the next run reconciles what it left. When
    RADIO_TEST_HOOK_AT names `step`, the command line in RADIO_TEST_HOOK_RUN runs here first and
    is waited for (a test replacing a file in the middle of a real build).
    """
    if TEST_HOOK_AT.get() == step:
        import shlex
        import subprocess

        subprocess.run(shlex.split(TEST_HOOK_RUN.get() or ""), check=True)
    if TEST_KILL_AT.get() != step:
        return
    sys.stdout.flush()  # only so the test can read what was said before the kill
    sys.stderr.flush()
    if os.name == "nt":
        os._exit(137)  # Windows has no SIGKILL; _exit skips finally blocks and atexit just the same
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
