from pathlib import Path

import pytest

from radio.core.atomic import ensure_writable_dir, staging, write_text_atomic
from radio.core.errors import RadioError


def test_staged_files_replace_targets_together(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    with staging() as staged:
        staged.path_for(a).write_text("new a")
        staged.path_for(b).write_text("new b")
        assert a.read_text() == "old a" and not b.exists()
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_a_failure_leaves_the_old_file_and_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "episode.mp3"
    target.write_bytes(b"last good")
    with pytest.raises(RuntimeError), staging() as staged:
        staged.path_for(target).write_bytes(b"half")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"last good"
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]


def test_write_text_atomic(tmp_path: Path) -> None:
    write_text_atomic(tmp_path / "x" / "build.json", "{}")
    assert (tmp_path / "x" / "build.json").read_text() == "{}"


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "episodes"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(RadioError, match="cannot write here"):
        ensure_writable_dir(blocker / "2024-05")


def test_outputs_get_an_ordinary_file_mode_and_keys_stay_private(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    with staging() as staged:
        staged.path_for(tmp_path / "episode.mp3").write_bytes(b"audio")
        staged.path_for(tmp_path / "minisign.key", private=True).write_bytes(b"secret")
    assert (tmp_path / "episode.mp3").stat().st_mode & 0o777 == 0o666 & ~mask
    assert (tmp_path / "minisign.key").stat().st_mode & 0o777 == 0o600


def test_each_file_reaches_the_disk_before_its_rename_and_the_folder_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import stat

    from radio.core import atomic

    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(source: Path, target: Path) -> None:
        events.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    with atomic.staging() as staged:
        staged.path_for(tmp_path / "a").write_text("a")
        staged.path_for(tmp_path / "b").write_text("b")
    assert events == ["fsync file", "rename", "fsync file", "rename", "fsync dir"]


def test_stale_temporaries_are_swept_and_outputs_kept(tmp_path: Path) -> None:
    from radio.core.atomic import remove_stale_temps

    for name in (".episode.mp3.abc123.tmp", ".probe.x1y2", "episode.mp3", ".build.lock"):
        (tmp_path / name).write_text(name)
    assert sorted(p.name for p in remove_stale_temps(tmp_path)) == [".episode.mp3.abc123.tmp", ".probe.x1y2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "episode.mp3"]


def test_a_held_lock_refuses_a_second_holder_and_is_released(tmp_path: Path) -> None:
    from radio.core.atomic import exclusive

    with exclusive(tmp_path / ".lock", "busy"), pytest.raises(RadioError, match="busy"), \
            exclusive(tmp_path / ".lock", "busy"):
        pass
    with exclusive(tmp_path / ".lock", "busy"):
        pass
