"""A stand-in for the project's .venv, so tests run the real scripts without creating a venv.

Its `python` and `radio` are wrappers around the interpreter running the tests, and its stamp
says the current pyproject.toml is installed: scripts/_venv.py finds nothing to do and hands over.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def load_venv_module() -> ModuleType:
    """scripts/_venv.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("radio_scripts_venv", REPO / "scripts" / "_venv.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_venv(folder: Path) -> dict[str, str]:
    """Make the stand-in in `folder`; returns the environment that makes the scripts use it."""
    venv_module = load_venv_module()
    python = Path(sys.executable)
    bin_dir = venv_module.bin_dir(folder)
    bin_dir.mkdir(parents=True)
    _wrapper(venv_module.program(folder, "python"), [str(python)])
    _wrapper(venv_module.program(folder, "radio"), [str(Path(sysconfig.get_path("scripts")) / "radio")])
    venv_module.write_stamp(folder, venv_module.fingerprint(REPO / "pyproject.toml"), frozenset({"test"}))
    return {**os.environ, "RADIO_VENV": str(folder)}


def _wrapper(path: Path, command: list[str]) -> None:
    quoted = " ".join(f"'{part}'" for part in command)
    path.write_text(f'#!/bin/sh\nexec {quoted} "$@"\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
