"""Run `radio station pull` and kill it with SIGKILL at a named step (a test helper, run as
`python -m tests.station.killer STEP ARGS...`). The steps are the moments a power cut would hurt
most; production code carries no hook for them: this module wraps its functions before running."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

STEPS = ("candidate-staged", "after-candidate", "before-rename", "after-rename", "mid-promote",
         "mid-prune")


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def install(step: str) -> None:
    from radio.core import atomic
    from radio.station import download, sync

    def after(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            _die()
            return result
        return wrapped

    if step == "none":  # killed from outside (after N bytes)
        return
    if step == "candidate-staged":  # the temp file written, not yet renamed over candidate.json
        commit = atomic.Staging.commit

        def commit_or_die(self: atomic.Staging) -> None:
            if any(target.name == "candidate.json" for _, target, _ in self._pending):
                _die()
            commit(self)
        atomic.Staging.commit = commit_or_die  # type: ignore[method-assign]
    elif step == "after-candidate":
        sync.StationStore.save_candidate = after(sync.StationStore.save_candidate)  # type: ignore[method-assign]
    elif step in ("before-rename", "after-rename"):
        replace = os.replace

        def replace_or_die(source: Any, target: Any) -> None:
            is_audio = str(source).endswith(".part")
            if is_audio and step == "before-rename":
                _die()
            replace(source, target)
            if is_audio:
                _die()
        download.os.replace = replace_or_die  # type: ignore[assignment]
    elif step == "mid-promote":  # last-good.json replaced, candidate.json not yet removed
        def promote(self: sync.StationStore, candidate: sync.LastGood) -> None:
            self.save(candidate)
            _die()
        sync.StationStore.promote = promote  # type: ignore[method-assign]
    elif step == "mid-prune":  # one file pruned, the others not
        unlink = Path.unlink

        def unlink_or_die(self: Path, missing_ok: bool = False) -> None:
            unlink(self, missing_ok=missing_ok)
            if self.suffix == ".mp3":
                _die()
        Path.unlink = unlink_or_die  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown step {step!r}; one of {', '.join(STEPS)}")


if __name__ == "__main__":
    install(sys.argv[1])
    from radio.cli import main

    main(sys.argv[2:], prog_name="radio")
