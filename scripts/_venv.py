"""Shared set-up of the scripts: create .venv on first use, reinstall only when pyproject.toml changed.

Standard library only, and readable by an older Python 3 (3.7+): one that runs a script gets a
clear message when it would create the venv, and an existing venv still works. `RADIO_VENV`
names another virtual environment to use instead of `.venv`; `PYTHON` names the interpreter that
creates it (default: the one running the script).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent.parent
WINDOWS = os.name == "nt"
_STAMP = ".radio-installed"  # inside the venv: JSON {"pyproject": sha256, "extras": [...]}
_REEXEC = "RADIO_SCRIPT_REEXEC"  # set when a script runs itself again with the venv's python
# The scripts are the media centre's: they always install its extras, Piper included, so that the
# README's `voices install`/`voices import` reach the natural voice with no step of their own (a
# commune station installs the bare package instead). pyproject's `test` extra includes both.
CENTRE = "centre"
CENTRE_EXTRAS = frozenset({CENTRE, "piper"})
_IMPLIED = {"test": CENTRE_EXTRAS}


def too_old(version: Sequence[int | str]) -> str | None:
    """The message for a Python older than MIN_PYTHON, or None when it is new enough."""
    if tuple(version[:2]) >= MIN_PYTHON:
        return None
    need = ".".join(map(str, MIN_PYTHON))
    have = ".".join(map(str, version[:3]))
    return (f"radio needs Python {need} or newer; this is Python {have}. Install a newer Python "
            f"(python.org, or your system's packages) and run the script with it.")


def venv_dir(root: Path = ROOT, environ: dict[str, str] | None = None) -> Path:
    named = (os.environ if environ is None else environ).get("RADIO_VENV")
    return Path(named) if named else root / ".venv"


def bin_dir(venv: Path, windows: bool = WINDOWS) -> Path:
    """Where a venv keeps its programs: `Scripts\\` on Windows, `bin/` elsewhere."""
    return venv / ("Scripts" if windows else "bin")


def program(venv: Path, name: str, windows: bool = WINDOWS) -> Path:
    """A program installed in the venv (`python`, `radio`, ...), with `.exe` on Windows."""
    return bin_dir(venv, windows) / (f"{name}.exe" if windows else name)


def fingerprint(pyproject: Path) -> str:
    """What the install depends on: the bytes of pyproject.toml (not its mtime, which git resets)."""
    return hashlib.sha256(pyproject.read_bytes()).hexdigest()


def read_stamp(venv: Path) -> tuple[str, frozenset[str]] | None:
    """(pyproject fingerprint, extras) of the last install, or None when unknown or damaged."""
    try:
        data = json.loads((venv / _STAMP).read_text(encoding="utf-8"))
        return str(data["pyproject"]), frozenset(str(extra) for extra in data["extras"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(venv: Path, digest: str, extras: frozenset[str]) -> None:
    text = json.dumps({"pyproject": digest, "extras": sorted(extras)})
    (venv / _STAMP).write_text(text + "\n", encoding="utf-8")


def extras_to_install(stamp: tuple[str, frozenset[str]] | None, current: str,
                      wanted: frozenset[str]) -> frozenset[str] | None:
    """The extras to (re)install, or None when the last install already covers `wanted`.

    An install for the same pyproject.toml keeps the extras it had (`scripts/radio` after
    `scripts/test` does not reinstall: the test extra includes everything radio needs).
    """
    if stamp is None or stamp[0] != current:
        return wanted
    covered = stamp[1].union(*(_IMPLIED.get(extra, frozenset()) for extra in stamp[1]))
    if wanted <= covered:
        return None
    return wanted | stamp[1]


def ensure(extras: Sequence[str] = (), root: Path = ROOT) -> Path:
    """The project's venv, created and (re)installed when needed; returns its folder."""
    venv = venv_dir(root)
    python = program(venv, "python")
    if not python.exists():
        _create(venv)
    current = fingerprint(root / "pyproject.toml")
    install = extras_to_install(read_stamp(venv), current, frozenset(extras) | CENTRE_EXTRAS)
    if install is not None:
        label = f" [{','.join(sorted(install))}]" if install else ""
        _say(f"Installing radio{label} into {venv} ...")
        target = f"{root}[{','.join(sorted(install))}]" if install else str(root)
        # The build backend's deprecation notices are for us, not for the person setting up.
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _check([*pip, "--upgrade", "pip"], env)
        _check([*pip, "-e", target], env)
        write_stamp(venv, current, install)
    return venv


def _create(venv: Path) -> None:
    creator = os.environ.get("PYTHON")
    if creator:
        probe = subprocess.run([creator, "-c", "import sys; print(*sys.version_info[:3])"],
                               capture_output=True, text=True, timeout=60)
        version = [int(part) for part in probe.stdout.split()] if probe.returncode == 0 else [0]
        problem = too_old(version) if version != [0] else f"PYTHON={creator} does not run"
    else:
        creator, problem = sys.executable, too_old(sys.version_info)
    if problem:
        sys.exit(problem)
    _say(f"Creating {venv} ...")
    _check([creator, "-m", "venv", str(venv)], None)


def _check(command: list[str], env: dict[str, str] | None) -> None:
    # pip's own progress goes to stderr, so that a script's output stays the child's output.
    # No timeout: a first install downloads ~100 MB and may take many minutes on a slow link;
    # pip applies its own network timeouts.
    done = subprocess.run(command, env=env, stdout=sys.stderr)
    if done.returncode != 0:
        sys.exit(f"Set-up failed: {' '.join(command)} exited with {done.returncode}")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def hand_over(command: Sequence[str], windows: bool = WINDOWS,
              execv: Callable[[str, list[str]], object] = os.execv,
              popen: Callable[[list[str]], subprocess.Popen[bytes]] = subprocess.Popen) -> int:
    """Run `command` with the arguments passed through; return (or become) its exit status.

    On POSIX the script becomes the child (exec), as the shell scripts did: signals and the exit
    status are the child's own. Windows has no real exec (os.execv starts the child and returns at
    once, leaving two programs reading one console), so there the child runs and its status is
    returned; Ctrl-C reaches the child through the console, and the script waits for its end.
    No timeout: the child is the user's own command (a build, the test suite, a station's
    endless `run`), and stopping it is theirs to decide.
    """
    if not windows:
        execv(command[0], list(command))
        return 0  # only reached when a test replaces execv
    child = popen(list(command))
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue  # the child got the Ctrl-C too and decides what it means; wait for its status


def run_in_venv(name: str, args: Sequence[str], extras: Sequence[str] = ()) -> int:
    """Set up the venv, go to the project folder, and run its program `name` with `args`."""
    venv = ensure(extras)
    os.chdir(ROOT)
    return hand_over([str(program(venv, name)), *args])


def inside(venv: Path) -> bool:
    """Whether this interpreter is the venv's own (so a script can import radio directly)."""
    try:
        return Path(sys.prefix).resolve() == venv.resolve()
    except OSError:
        return False


def reexec_in_venv(script: str, extras: Sequence[str] = ()) -> None:
    """For scripts that import radio: unless already run by the venv's Python, run again with it."""
    venv = venv_dir()
    if inside(venv) or os.environ.get(_REEXEC):
        return  # the flag: once is enough, even when the venv's python is a wrapper
    venv = ensure(extras)
    os.environ[_REEXEC] = "1"
    sys.exit(hand_over([str(program(venv, "python")), str(Path(script).resolve()), *sys.argv[1:]]))
