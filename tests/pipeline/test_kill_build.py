"""A real `radio build` killed (SIGKILL) at each step of its last stage; the next build reconciles.

The programme is a short one (own templates, a one-minute window) so that each build takes about a
second; the code path is the full build's.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result
from sqlalchemy import create_engine

from radio.core.atomic import exclusive
from radio.core.crashpoint import KILL_AT_ENV
from radio.core.errors import ExitCode
from radio.core.hashing import file_sha256
from radio.core.month import Month
from radio.publish.approval import require_approval
from radio.store.db import transaction
from radio.store.episodes import find_episode
from tests.pipeline.conftest import REPO

TODAY = datetime.now(UTC)
MONTH = str(Month(TODAY.year, TODAY.month).next())  # the CLI reads the real clock: a coming month
OUTPUTS = ("episode.mp3", "build.json", "script.md")
KILLED = -signal.SIGKILL if os.name != "nt" else 137
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def tiny(workspace: Path) -> Path:
    """The shipped settings with a short programme: a few sentences of own templates."""
    settings = workspace / "schedule.toml"
    text = settings.read_text(encoding="utf-8")
    for key, value in (("min_minutes", "0.1"), ("target_minutes", "0.5"), ("max_minutes", "2")):
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    text = re.sub(r'(?m)^# templates = .*$', 'templates = "tiny-templates"', text)
    settings.write_text(text, encoding="utf-8")
    shipped = REPO / "radio" / "content" / "templates"
    for template in shipped.rglob("*.md"):  # every shipped template, at its own path, one sentence
        if template.name != "README.md":
            tiny = workspace / "tiny-templates" / template.relative_to(shipped)
            tiny.parent.mkdir(parents=True, exist_ok=True)
            tiny.write_text(f"# Đoạn {template.stem}\nKính thưa quý vị. Đây là chương trình "
                            "${month_name}.\n", encoding="utf-8")
    (workspace / "episodes" / MONTH).mkdir(parents=True)
    (workspace / "episodes" / MONTH / "episode.toml").write_text("topics = [1, 2]\n", encoding="utf-8")
    return workspace


def radio_command(config: Path, *args: str, kill_at: str | None = None,
                  **env: str) -> tuple[list[str], dict[str, str]]:
    """The real command line and environment (RADIO_TEST_KILL_AT only when `kill_at`)."""
    environ = {k: v for k, v in os.environ.items() if k != KILL_AT_ENV} | env
    if kill_at:
        environ[KILL_AT_ENV] = kill_at
    return [sys.executable, "-c", "from radio.cli import main; main()", "--config", str(config),
            *args], environ


def run_radio(workspace: Path, *args: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in its own process (RADIO_DB comes from the workspace fixture)."""
    command, env = radio_command(workspace / "schedule.toml", *args, kill_at=kill_at)
    return subprocess.run(command, cwd=workspace, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, check=False)


def kill_after(command: list[str], env: dict[str, str], cwd: Path, seconds: float) -> int:
    """Start the command, SIGKILL it `seconds` later unless it ended first; its return code."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout=60)


# Kill moments as fractions of an uninterrupted run: from start-up through speech and assembly
# to the renames and the commit (the named steps above are the exact ones; these fall anywhere,
# and past 1 some runs finish first, as they may)
MOMENTS = (0.2, 0.4, 0.55, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.35, 1.5)


def build(workspace: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    # --force: the same inputs again, and the build must still do (and be killed in) its work
    return run_radio(workspace, "build", MONTH, "--engine", "espeak", "--force", kill_at=kill_at)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".build.lock")


def assert_files_and_record_agree(folder: Path, db_url: str, *, settled: bool = True,
                                  approved: bool = True) -> None:
    """episode.mp3, build.json, script.md and the record are of one build, the approved one
    (unless not `approved`); `settled`: and no temporary file or journal is left (not so right
    after a kill)."""
    engine = create_engine(db_url)
    try:
        with transaction(engine) as session:
            episode = find_episode(session, MONTH)
        assert episode is not None
        facts = json.loads((folder / "build.json").read_text(encoding="utf-8"))
        assert file_sha256(folder / "episode.mp3") == episode.sha256 == facts["sha256"]
        assert datetime.fromisoformat(facts["built_at"]) == episode.built_at
        assert episode.script_sha256 == facts["script_sha256"]
        assert episode.inputs == facts["inputs"]  # what approval covers, recorded alike
        assert f"`{episode.sha256}`" in (folder / "script.md").read_text(encoding="utf-8")
        if approved:
            require_approval(engine, episode, ZONE)  # the approved episode: still publishable
    finally:
        engine.dispose()
    if settled:
        assert leftovers(folder) == []


@pytest.fixture
def approved(tiny: Path, db_url: str, radio: Callable[..., Result]) -> Path:
    """A built and approved month (in this process: only the runs killed and after are real
    processes): the last good episode a killed rebuild must not lose."""
    done = radio("build", MONTH, "--engine", "espeak")
    assert done.exit_code == 0, done.stderr
    done = radio("approve", MONTH, "--by", "Trần Thị B")
    assert done.exit_code == 0, done.stderr
    folder = tiny / "episodes" / MONTH
    assert_files_and_record_agree(folder, db_url)
    return folder


# step → what the killed run left, and the notice the next build gives
STEPS = {
    "build:staged": ("temporary file", [".build.json.", ".episode.mp3.", ".script.md."]),
    "build:journaled": ("files were complete and matched", [".build-journal.json"]),
    "build:renamed:episode.mp3": ("files were complete and matched", [".build-journal.json"]),
    "build:renamed:build.json": ("files were complete and matched", [".build-journal.json"]),
    "build:renamed:script.md": ("files were complete and matched", [".build-journal.json"]),
    "build:before-commit": ("files were complete and matched", [".build-journal.json"]),
    "build:committed": ("its record had committed", [".build-journal.json"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_a_build_killed_at_any_step_is_reconciled_by_the_next(approved: Path, db_url: str,
                                                             step: str) -> None:
    notice, left = STEPS[step]
    killed = build(approved.parent.parent, kill_at=step)
    assert killed.returncode == KILLED, killed.stderr
    for prefix in left:
        assert any(name.startswith(prefix) for name in leftovers(approved)), leftovers(approved)

    again = build(approved.parent.parent)
    assert again.returncode == 0, again.stderr
    assert notice in again.stderr
    assert_files_and_record_agree(approved, db_url)


@pytest.mark.slow
def test_a_build_killed_at_many_moments_never_loses_the_approved_episode(approved: Path,
                                                                        db_url: str) -> None:
    """SIGKILL at moments spread over a whole build, one after another in one folder (each next
    build first reconciles what the last kill left): after every kill, either a journal waits for
    the next build or files and record agree; at the end, one build settles everything, and the
    rebuilt episode is still the approved one (the same inputs give the same approval digest)."""
    workspace = approved.parent.parent
    command, env = radio_command(workspace / "schedule.toml", "build", MONTH, "--engine", "espeak")
    started = time.monotonic()
    assert build(workspace).returncode == 0
    seconds = time.monotonic() - started
    for moment in MOMENTS:
        code = kill_after(command, env, workspace, seconds * moment)
        assert code in (0, KILLED), f"the build killed at {moment:.0%} failed by itself ({code})"
        if not (approved / ".build-journal.json").exists():
            assert_files_and_record_agree(approved, db_url, settled=False)
    again = build(workspace)
    assert again.returncode == 0, again.stderr
    assert_files_and_record_agree(approved, db_url)


@pytest.mark.slow
def test_a_killed_build_whose_files_do_not_verify_is_undone(approved: Path, db_url: str) -> None:
    """The staged build.json is damaged after the kill: the last good episode comes back whole."""
    last_good = {name: (approved / name).read_bytes() for name in OUTPUTS}
    workspace = approved.parent.parent
    assert build(workspace, kill_at="build:renamed:episode.mp3").returncode == KILLED
    journal = json.loads((approved / ".build-journal.json").read_text(encoding="utf-8"))
    staged = next(f["temp"] for f in journal["files"] if f["name"] == "build.json")
    (approved / staged).write_text("{}", encoding="utf-8")

    toml = approved / "episode.toml"  # this run stops after reconciling: its state can be read
    toml.write_text("topics = [1, 2]\n[[news]\n", encoding="utf-8")
    failed = build(workspace)
    assert failed.returncode == ExitCode.SETTINGS and "episode.toml" in failed.stderr, failed.stderr
    assert "undid a build that was interrupted (build.json did not match" in failed.stderr
    assert {name: (approved / name).read_bytes() for name in OUTPUTS} == last_good
    assert_files_and_record_agree(approved, db_url)

    toml.write_text("topics = [1, 2]\n", encoding="utf-8")
    assert build(workspace).returncode == 0
    assert_files_and_record_agree(approved, db_url)


def test_a_second_build_of_the_same_month_waits_its_turn(tiny: Path) -> None:
    folder = tiny / "episodes" / MONTH
    with exclusive(folder / ".build.lock", "held by the test"):
        refused = build(tiny)
    assert refused.returncode == 1
    assert f"another `radio build {MONTH}` is running" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.slow
def test_a_failed_commit_after_the_renames_puts_the_last_good_files_back(
        approved: Path, db_url: str, radio: Callable[..., Result],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The database refuses the COMMIT itself (locked, gone): the renamed files go back at once."""
    from contextlib import contextmanager

    from radio.core.errors import RadioError
    from radio.pipeline import build as pipeline
    from radio.store.db import transaction

    last_good = {name: (approved / name).read_bytes() for name in OUTPUTS}

    @contextmanager
    def commit_fails(engine):  # type: ignore[no-untyped-def]
        with transaction(engine) as session:
            yield session
            raise RadioError("database is locked")  # rolls the transaction back, as a failed COMMIT

    monkeypatch.setattr(pipeline, "transaction", commit_fails)
    failed = radio("build", MONTH, "--engine", "espeak", "--force")
    assert failed.exit_code == 1 and "database is locked" in failed.stderr
    assert {name: (approved / name).read_bytes() for name in OUTPUTS} == last_good
    assert_files_and_record_agree(approved, db_url)


def test_the_journal_reads_back_the_record_it_was_written_with(tmp_path: Path) -> None:
    from radio.core.atomic import Staging
    from radio.pipeline import journal
    from radio.pipeline.facts import EpisodeFacts, SegmentFacts

    facts = EpisodeFacts(
        month=MONTH, title="t", duration_s=30.5, predicted_s=33.0, loudness_lufs=-16.1,
        true_peak_dbtp=-2.0, sha256="a" * 64, script_sha256="b" * 64, topics=(1, 2),
        segments=(SegmentFacts("01-greeting", "greeting", None, "Lời chào", "x", "x", "espeak",
                               0.0, 3.0, 3.1),),
        built_at=datetime(2026, 12, 1, 19, 0, 0, 123456, tzinfo=UTC))
    (tmp_path / "episode.mp3").write_bytes(b"last good")
    staged = Staging()
    staged.path_for(tmp_path / "episode.mp3").write_bytes(b"new")
    written = journal.begin(tmp_path, staged, facts, tmp_path / "episode.mp3", {1: "Một", 2: "Hai"})
    assert journal.load(tmp_path) == written
    assert (tmp_path / ".episode.mp3.previous.tmp").read_bytes() == b"last good"
