"""scripts/_venv.py: venv paths per platform, the install stamp, the hand-over; no real venv made."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.scripts.fake_venv import REPO, fake_venv, load_venv_module

venv = load_venv_module()


def test_programs_are_in_bin_on_posix_and_in_scripts_with_exe_on_windows(tmp_path: Path) -> None:
    assert venv.program(tmp_path, "python", windows=False) == tmp_path / "bin" / "python"
    assert venv.program(tmp_path, "radio", windows=False) == tmp_path / "bin" / "radio"
    assert venv.program(tmp_path, "python", windows=True) == tmp_path / "Scripts" / "python.exe"
    assert venv.program(tmp_path, "radio", windows=True) == tmp_path / "Scripts" / "radio.exe"


def test_the_venv_is_dot_venv_unless_radio_venv_names_another(tmp_path: Path) -> None:
    assert venv.venv_dir(tmp_path, {}) == tmp_path / ".venv"
    assert venv.venv_dir(tmp_path, {"RADIO_VENV": "/opt/radio-env"}) == Path("/opt/radio-env")


def test_a_python_older_than_3_11_gets_a_message_naming_both_versions() -> None:
    message = venv.too_old((3, 10, 12, "final", 0))
    assert message is not None and "3.11 or newer" in message and "3.10.12" in message
    assert venv.too_old((3, 11, 0)) is None
    assert venv.too_old((3, 13, 1)) is None


def test_the_stamp_round_trips_and_a_missing_or_damaged_one_means_unknown(tmp_path: Path) -> None:
    assert venv.read_stamp(tmp_path) is None
    venv.write_stamp(tmp_path, "abc", frozenset({"test"}))
    assert venv.read_stamp(tmp_path) == ("abc", frozenset({"test"}))
    (tmp_path / ".radio-installed").write_text("{not json", encoding="utf-8")
    assert venv.read_stamp(tmp_path) is None
    (tmp_path / ".radio-installed").write_text('{"extras": []}', encoding="utf-8")
    assert venv.read_stamp(tmp_path) is None


def test_the_fingerprint_follows_the_content_not_the_modification_time(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'radio'\n", encoding="utf-8")
    before = venv.fingerprint(pyproject)
    pyproject.touch()  # a git checkout does this
    assert venv.fingerprint(pyproject) == before
    pyproject.write_text("[project]\nname = 'radio'\nversion = '2'\n", encoding="utf-8")
    assert venv.fingerprint(pyproject) != before


@pytest.mark.parametrize(("stamp", "wanted", "expected"), [
    (None, set(), set()),                          # never installed
    (("old", {"test"}), set(), set()),             # pyproject.toml changed: install what is asked
    (("now", set()), set(), None),                 # up to date
    (("now", {"test"}), set(), None),              # scripts/radio after scripts/test
    (("now", set()), {"test"}, {"test"}),          # scripts/test after scripts/radio
    (("now", {"test"}), {"docs"}, {"docs", "test"}),  # keeps what was there
    (("now", {"test"}), {"centre"}, None),         # the test extra includes the centre's
    (("now", {"centre"}), {"centre", "test"}, {"centre", "test"}),
    (("now", {"test"}), {"centre", "piper"}, None),  # ... and Piper
    (("now", {"centre"}), {"centre", "piper"}, {"centre", "piper"}),  # an older install gets Piper
])
def test_which_extras_to_install(stamp: tuple[str, set[str]] | None, wanted: set[str],
                                 expected: set[str] | None) -> None:
    given = None if stamp is None else (stamp[0], frozenset(stamp[1]))
    result = venv.extras_to_install(given, "now", frozenset(wanted))
    assert result == (None if expected is None else frozenset(expected))


def test_ensure_creates_installs_once_and_again_when_pyproject_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RADIO_VENV", raising=False)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'radio'\n", encoding="utf-8")
    created: list[Path] = []
    commands: list[list[str]] = []

    def create(folder: Path) -> None:  # what `python -m venv` leaves: the interpreter
        created.append(folder)
        venv.program(folder, "python").parent.mkdir(parents=True)
        venv.program(folder, "python").touch()

    monkeypatch.setattr(venv, "_create", create)
    monkeypatch.setattr(venv, "_check", lambda command, env: commands.append(command))

    folder = venv.ensure(["test"], root=tmp_path)
    assert folder == tmp_path / ".venv" and created == [folder]
    assert commands[-1][-2:] == ["-e", f"{tmp_path}[centre,piper,test]"]  # the centre's, Piper too
    assert commands[-1][0] == str(venv.program(folder, "python"))

    commands.clear()
    venv.ensure(["test"], root=tmp_path)
    venv.ensure([], root=tmp_path)
    assert commands == [] and created == [folder]  # nothing to do, twice

    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'radio'\nversion = '2'\n",
                                             encoding="utf-8")
    venv.ensure([], root=tmp_path)
    assert commands[-1][-2:] == ["-e", f"{tmp_path}[centre,piper]"] and created == [folder]


def test_on_posix_the_script_becomes_the_child() -> None:
    calls: list[tuple[str, list[str]]] = []
    venv.hand_over(["/v/bin/radio", "build", "2024-05"], windows=False,
                   execv=lambda path, argv: calls.append((path, argv)))
    assert calls == [("/v/bin/radio", ["/v/bin/radio", "build", "2024-05"])]


def test_on_windows_the_childs_exit_status_is_returned() -> None:
    status = venv.hand_over([sys.executable, "-c", "import sys; sys.exit(sys.argv[1:] == ['a b'] and 3)",
                             "a b"], windows=True)
    assert status == 3


def test_on_windows_ctrl_c_waits_for_the_child_instead_of_leaving_it() -> None:
    class Child:
        waits = 0

        def wait(self) -> int:
            self.waits += 1
            if self.waits == 1:
                raise KeyboardInterrupt  # the console's Ctrl-C reaches both processes
            return 130

    child = Child()
    assert venv.hand_over(["radio.exe", "station", "run"], windows=True, popen=lambda argv: child) == 130
    assert child.waits == 2


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in venv's programs are sh scripts")
def test_the_real_scripts_pass_arguments_and_exit_status_through(tmp_path: Path) -> None:
    env = fake_venv(tmp_path / "venv")
    run = lambda *args: subprocess.run([sys.executable, *args], cwd=tmp_path, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=120)
    version = run(str(REPO / "scripts" / "radio"), "--version")
    assert version.returncode == 0 and "radio, version" in version.stdout, version.stderr
    wrong = run(str(REPO / "scripts" / "radio"), "no-such-command")
    assert wrong.returncode == 2 and "No such command" in wrong.stderr
    tests = run(str(REPO / "scripts" / "test"), "--version")
    assert tests.returncode == 0 and "pytest" in tests.stdout + tests.stderr
    score = run(str(REPO / "scripts" / "reading-score"), "--help")
    assert score.returncode == 0 and "corpus" in score.stdout, score.stderr
    assert "Installing" not in version.stderr + tests.stderr + score.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreter is an sh script")
def test_creating_the_venv_with_an_old_python_stops_with_the_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "python3.10"
    old.write_text("#!/bin/sh\necho 3 10 4\n", encoding="utf-8")
    old.chmod(0o755)
    monkeypatch.setenv("PYTHON", str(old))
    with pytest.raises(SystemExit, match=r"needs Python 3\.11 or newer; this is Python 3\.10\.4"):
        venv._create(tmp_path / ".venv")
    assert not (tmp_path / ".venv").exists()
