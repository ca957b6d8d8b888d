"""A pytest plugin that fails the run when a `test_*.py` file under a collected folder gave no tests.

pytest silently skips folders named in `norecursedirs` (`build`, `dist`, `venv`, dot-folders, ...):
tests/build/ once held 19 tests that no run had ever collected. A file counts as collected when it
gave at least one test, or was skipped as a whole (a module-level skip says why), or failed to
import (pytest reports that itself). Registered by tests/conftest.py; usable on its own as
`pytest -p tests.collection`.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

import pytest

PATTERN = "test_*.py"


class CollectionCheck:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.seen: set[Path] = set()
        self.missing: list[Path] = []

    def pytest_itemcollected(self, item: pytest.Item) -> None:
        self.seen.add(item.path.resolve())

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.outcome in ("skipped", "failed") and "::" not in report.nodeid:
            self.seen.add((self.config.rootpath / report.fspath).resolve())

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if self.config.getoption("lf", False):
            return  # --last-failed leaves out passing files on purpose
        expected = {path.resolve() for folder in self._folders() for path in folder.rglob(PATTERN)}
        self.missing = sorted(path for path in expected - self.seen if not self._ignored(path))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.missing:
            return
        terminalreporter.write_sep("=", "test files that gave no tests", red=True)
        for path in self.missing:
            terminalreporter.write_line(
                f"{self._shown(path)}: not collected (is a folder above it in norecursedirs, "
                "e.g. named build? are its tests named test_*?)", red=True)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.missing and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def _folders(self) -> list[Path]:
        """The folders this run was asked to collect (its arguments, or testpaths without any)."""
        here = self.config.invocation_params.dir
        folders = []
        for arg in self.config.args:
            path = here / arg.split("::")[0]
            if path.is_dir():
                folders.append(path)
        return folders

    def _ignored(self, path: Path) -> bool:
        """Left out on purpose with --ignore or --ignore-glob."""
        here = self.config.invocation_params.dir
        ignored = [(here / name).resolve() for name in self.config.getoption("ignore") or []]
        if any(path == folder or folder in path.parents for folder in ignored):
            return True
        globs = self.config.getoption("ignore_glob") or []
        return any(fnmatch.fnmatch(str(path), os.path.abspath(glob)) for glob in globs)

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.config.rootpath.resolve()).as_posix()
        except ValueError:
            return str(path)


def register(config: pytest.Config) -> None:
    config.pluginmanager.register(CollectionCheck(config), "radio-collection-check")


def pytest_configure(config: pytest.Config) -> None:
    """When loaded with `-p tests.collection` rather than through tests/conftest.py."""
    if not config.pluginmanager.has_plugin("radio-collection-check"):
        register(config)
