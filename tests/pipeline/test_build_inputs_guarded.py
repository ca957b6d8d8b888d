"""Issue 22, centre: a build uses the recordings as it read them, an unchanged build confirms the
database holds its record, and every command that reads a month first settles a half-finished
build of it. Real `radio` processes (espeak-ng, the short programme of test_kill_build).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from radio.core.crashpoint import HOOK_AT_ENV, HOOK_RUN_ENV
from radio.core.hashing import file_sha256
from radio.publish.approval import HeardKind
from tests.pipeline.test_approval_covers_audio import RECORDING, tone
from tests.pipeline.test_kill_build import (  # noqa: F401  (the fixtures)
    KILLED,
    MONTH,
    approved,
    assert_files_and_record_agree,
    build,
    radio_command,
    run_radio,
    tiny,
)


def recorded_sha(folder: Path) -> tuple[str, str]:
    """(the recording's sha256 in build.json's segments, the one in its approval inputs)."""
    facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    segment = next(s for s in facts["segments"] if s.get("recording"))
    heard = next(i for i in facts["inputs"] if i["kind"] == HeardKind.RECORDING)
    assert segment["recording"] == heard["name"] == RECORDING  # named as the user wrote it
    return segment["recording_sha256"], heard["sha256"]


def test_a_recording_replaced_mid_build_is_named_as_heard_and_rebuilt_next(
        tiny: Path, tmp_path: Path, db_url: str) -> None:  # noqa: F811
    folder = tiny / "episodes" / MONTH
    tone(folder / RECORDING, 440)
    old = file_sha256(folder / RECORDING)
    (folder / "episode.toml").write_text(f'topics = [1, 2]\n[recorded]\ngreeting = "{RECORDING}"\n',
                                         encoding="utf-8")
    replacement = tmp_path / "new.wav"
    tone(replacement, 880)
    new = file_sha256(replacement)
    swap = f"{sys.executable} -c \"import os, shutil; shutil.copy('{replacement}', '{folder / RECORDING}.up'); " \
           f"os.replace('{folder / RECORDING}.up', '{folder / RECORDING}')\""
    command, env = radio_command(tiny / "schedule.toml", "build", MONTH, "--engine", "espeak")
    env |= {HOOK_AT_ENV: "build:spoken", HOOK_RUN_ENV: swap}  # after speech, before hashing
    import subprocess

    done = subprocess.run(command, cwd=tiny, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert file_sha256(folder / RECORDING) == new  # the Studio's replacement did land mid-build
    assert recorded_sha(folder) == (old, old)  # what was heard, not what lies there now
    assert_files_and_record_agree(folder, db_url, approved=False)

    again = run_radio(tiny, "build", MONTH, "--engine", "espeak")
    assert again.returncode == 0, again.stderr
    assert "Every input is as" not in again.stderr  # not "unchanged": the new file airs
    assert recorded_sha(folder) == (new, new)


def test_an_unchanged_build_confirms_the_database_holds_its_record(
        approved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    workspace = approved.parent.parent
    same = run_radio(workspace, "build", MONTH, "--engine", "espeak")
    assert same.returncode == 0 and "Every input is as" in same.stderr, same.stderr

    other = tmp_path / "other.db"  # another database: no record of this episode
    monkeypatch.setenv("RADIO_DB", f"sqlite:///{other}")
    rebuilt = run_radio(workspace, "build", MONTH, "--engine", "espeak")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "has no record of the episode" in rebuilt.stderr
    assert "Every input is as" not in rebuilt.stderr
    assert_files_and_record_agree(approved, f"sqlite:///{other}", approved=False)

    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("RADIO_DB", f"sqlite:///{corrupt}")
    refused = run_radio(workspace, "build", MONTH, "--engine", "espeak")
    assert refused.returncode != 0 and "Every input is as" not in refused.stderr
    assert "Traceback" not in refused.stderr

    if os.name != "nt" and os.geteuid() != 0:  # root writes read-only files anyway
        other.chmod(stat.S_IRUSR)
        monkeypatch.setenv("RADIO_DB", f"sqlite:///{other}")
        read_only = run_radio(workspace, "build", MONTH, "--engine", "espeak")
        assert read_only.returncode != 0 and "Every input is as" not in read_only.stderr
        assert "Traceback" not in read_only.stderr


@pytest.mark.parametrize("command", [("approve", MONTH, "--by", "Lê Văn C"), ("schedule", MONTH)])
def test_commands_reading_a_month_settle_a_half_finished_build_first(
        approved: Path, db_url: str, command: tuple[str, ...],  # noqa: F811
        radio: Callable[..., Result]) -> None:
    """Killed between its renames and its commit, the build left the new episode.mp3 beside the
    old record: the next command that reads the month finishes it before acting on it."""
    workspace = approved.parent.parent
    (approved / "episode.toml").write_text("topics = [1, 3]\n", encoding="utf-8")  # a new episode
    killed = build(workspace, kill_at="build:before-commit")
    assert killed.returncode == KILLED
    assert (approved / ".build-journal.json").exists()

    done = run_radio(workspace, *command)
    assert done.returncode == 0, done.stderr
    assert "finished a build that was interrupted" in done.stderr
    assert not (approved / ".build-journal.json").exists()
    assert_files_and_record_agree(approved, db_url, approved=False)
    if command[0] == "approve":  # the approval is of the episode that is on disk now
        assert_files_and_record_agree(approved, db_url)


def test_a_studio_page_settles_a_half_finished_build_first(approved: Path, db_url: str) -> None:  # noqa: F811
    from datetime import UTC, datetime

    from starlette.testclient import TestClient

    from radio.studio import create_app
    from radio.studio.auth import add_user
    from tests.studio.conftest import PASSWORD, TEST_SECURITY
    from tests.studio.conftest import sign_in as studio_sign_in

    workspace = approved.parent.parent
    (approved / "episode.toml").write_text("topics = [1, 3]\n", encoding="utf-8")
    assert build(workspace, kill_at="build:renamed:episode.mp3").returncode == KILLED
    app = create_app(workspace / "schedule.toml", None, TEST_SECURITY)
    try:
        add_user(app.state.studio.engine, "approver", "approver", PASSWORD, datetime.now(UTC))
        with TestClient(app, follow_redirects=False) as client:
            assert (approved / ".build-journal.json").exists()
            studio_sign_in(client, "approver")  # lands on the home page: the first signed-in page
            assert client.get(f"/review/{MONTH}").status_code == 200
        assert not (approved / ".build-journal.json").exists()
        assert_files_and_record_agree(approved, db_url, approved=False)
    finally:
        app.state.studio.engine.dispose()
