"""The collection check (tests/collection.py) fails a run that leaves a test file out, naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _pytest(tree: Path) -> subprocess.CompletedProcess[str]:
    """A real pytest run over `tree` with only the check loaded (not this project's conftests)."""
    (tree / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.collection", "-p", "no:cacheprovider",
         "-c", str(tree / "pytest.ini"), "--rootdir", str(tree), str(tree / "t")],
        cwd=REPO, capture_output=True, text=True, timeout=120)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_file_pytest_never_collected_fails_the_run_by_name(tmp_path: Path) -> None:
    _write(tmp_path / "t/ok/test_ok.py", "def test_ok():\n    pass\n")
    _write(tmp_path / "t/build/test_hidden.py", "def test_hidden():\n    pass\n")  # norecursedirs
    _write(tmp_path / "t/misnamed/test_empty.py", "def check_something():\n    pass\n")
    _write(tmp_path / "t/needs/test_skipped.py",
           "import pytest\npytest.skip('needs a part', allow_module_level=True)\n")
    done = _pytest(tmp_path)
    assert done.returncode == 1, done.stdout
    assert "t/build/test_hidden.py: not collected" in done.stdout
    assert "t/misnamed/test_empty.py: not collected" in done.stdout
    assert "test_ok.py: not" not in done.stdout
    assert "test_skipped.py: not" not in done.stdout  # skipped as a whole, with its reason


def test_a_run_that_collects_every_file_passes(tmp_path: Path) -> None:
    _write(tmp_path / "t/ok/test_ok.py", "def test_ok():\n    pass\n")
    _write(tmp_path / "t/needs/test_skipped.py",
           "import pytest\npytest.skip('needs a part', allow_module_level=True)\n")
    done = _pytest(tmp_path)
    assert done.returncode == 0, done.stdout
    assert "not collected" not in done.stdout
