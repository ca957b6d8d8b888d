"""The `radio` command: thin click commands over library functions."""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from radio import __version__
from radio.config import DEFAULT_CONFIG, Settings, load_settings
from radio.core.errors import ExitCode, RadioError, SettingsError, os_error

# Command name → the module whose `COMMANDS` holds it. Modules are imported only when their
# command runs, so `radio build` does not pay for the report's plotting or the station's scheduler.
_COMMAND_MODULES = {
    "build": "radio.cli.build",
    "say": "radio.cli.build",
    "plan": "radio.cli.plan",
    "normalize": "radio.cli.reading",
    "check": "radio.cli.check",
    "approve": "radio.cli.broadcast",
    "schedule": "radio.cli.broadcast",
    "publish": "radio.cli.broadcast",
    "emergency": "radio.cli.broadcast",
    "keygen": "radio.cli.broadcast",
    "token": "radio.cli.broadcast",
    "serve": "radio.cli.broadcast",
    "station": "radio.cli.station",
    "stations": "radio.cli.stations",
    "status": "radio.cli.status",
    "report": "radio.cli.report",
    "studio": "radio.cli.studio",
    "voices": "radio.cli.voices",
}


class _Group(click.Group):
    """Loads commands lazily; turns RadioError and OSError into one line on stderr, no traceback.

    The exit status is the error's code (radio.core.errors.ExitCode): a scheduler can tell a
    bad setting from a locked database from a full disk.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _COMMAND_MODULES:
            return None
        commands = importlib.import_module(_COMMAND_MODULES[name]).COMMANDS
        return next(command for command in commands if command.name == name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        utf8_console()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RadioError as err:
            _fail(err)
        except OSError as err:  # one a library did not turn into a RadioError: path and advice
            _fail(os_error(err))
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was kept.", err=True)
            sys.exit(ExitCode.INTERRUPTED)


def _fail(err: RadioError) -> NoReturn:
    click.secho(f"Error: {err}", fg="red", err=True)
    sys.exit(err.exit_code)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="radio")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=DEFAULT_CONFIG,
              show_default=True, help="Programme and station settings.")
@click.pass_context
def main(ctx: click.Context, config_path: Path) -> None:
    """Make, schedule, publish and report the town's monthly CCHC radio programme."""
    ctx.obj = _LazySettings(config_path)


class _LazySettings:
    """Settings are read on first use, so `radio --help` works without a schedule.toml."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._settings: Settings | None = None

    def get(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.path)
            except SettingsError:
                raise
            except RadioError as err:  # any refusal while reading the settings is about them
                raise SettingsError(str(err)) from None
        return self._settings


def settings_from(ctx: click.Context) -> Settings:
    lazy = ctx.find_object(_LazySettings)
    if lazy is None:  # a command invoked on its own, not under `radio`: the group's default
        lazy = ctx.obj = _LazySettings(DEFAULT_CONFIG)
    return lazy.get()


def utf8_console() -> None:
    """Write UTF-8 to stdout and stderr (and read it from stdin) whatever the console's code page.

    Vietnamese text does not fit a legacy code page: with cp1252 (Windows' default for redirected
    output, or PYTHONIOENCODING=cp1252) `radio plan` and `radio report 2024 > file` died with
    UnicodeEncodeError. Replacing characters would print "Ch??ng tr?nh"; UTF-8 keeps them, and
    the Windows console itself already takes Unicode. A stream that is not a text file (None under
    pythonw, a test's capture) is left alone.
    """
    for stream, errors in ((sys.stdout, "backslashreplace"), (sys.stderr, "backslashreplace"),
                           (sys.stdin, "replace")):
        if isinstance(stream, io.TextIOWrapper) and not _is_utf8(stream.encoding):
            with contextlib.suppress(ValueError, OSError):  # stdin already read from: left as it is
                stream.reconfigure(encoding="utf-8", errors=errors)


def _is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")

