"""What the process takes from its surroundings: the default settings file and the RADIO_* variables.

Every RADIO_* variable is declared and read here, nowhere else (tests/core/test_environment.py
checks, and that README.md's table lists each one): a person setting up the centre or a station
finds them all in one place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONFIG = Path("schedule.toml")  # the centre's settings, relative to the working folder


@dataclass(frozen=True)
class Variable:
    """One environment variable radio reads: its name, what it means, what applies when unset."""

    name: str
    meaning: str
    default: str

    def get(self) -> str | None:
        """The variable's value; None when it is unset or empty (both mean "the default")."""
        return os.environ.get(self.name) or None


DB = Variable("RADIO_DB", "the database, as an SQLAlchemy URL (e.g. postgresql+psycopg://…)",
              "SQLite file .radio/radio.db beside schedule.toml")
LANG = Variable("RADIO_LANG", "the language of every command: vi or en (the system's LANG is not read)", "vi")
SIGNING_PASSWORD = Variable("RADIO_SIGNING_PASSWORD",
                            "the password of a signing key made with `radio keygen --encrypt`",
                            "none (a key without a password)")
FPTAI_KEY = Variable("RADIO_FPTAI_KEY", "the FPT.AI API key, for the fptai speech engine",
                     "none (fptai unavailable)")
TEST_KILL_AT = Variable("RADIO_TEST_KILL_AT",
                        "tests only: kill the process at this named step, to prove recovery", "none")

TEST_HOOK_AT = Variable("RADIO_TEST_HOOK_AT",
                        "tests only: at this named step, run RADIO_TEST_HOOK_RUN first", "none")
TEST_HOOK_RUN = Variable("RADIO_TEST_HOOK_RUN", "tests only: the command line RADIO_TEST_HOOK_AT runs",
                         "none")

VARIABLES = (DB, LANG, SIGNING_PASSWORD, FPTAI_KEY, TEST_KILL_AT, TEST_HOOK_AT, TEST_HOOK_RUN)


def language() -> str | None:
    """RADIO_LANG: the raw wish, for radio.core.i18n to pick from (the system's LANG is not read:
    an English server locale must not turn the centre's tools English)."""
    return LANG.get()
