"""The `radio` command: thin click commands over library functions."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from radio import __version__
from radio.config import DEFAULT_CONFIG, Settings, load_settings
from radio.errors import RadioError

# Each module lists its click commands in `COMMANDS`; one line here adds them to `radio`.
_COMMAND_MODULES = (
    "radio.cli.build",
    "radio.cli.plan",
    "radio.cli.broadcast",
    "radio.cli.report",
    "radio.cli.station",
    "radio.cli.reading",
    "radio.cli.check",
)


class _Group(click.Group):
    """Turns RadioError into one clear line on stderr and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except RadioError as err:
            click.secho(f"Error: {err}", fg="red", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was kept.", err=True)
            sys.exit(130)


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
            self._settings = load_settings(self.path)
        return self._settings


def settings_from(ctx: click.Context) -> Settings:
    return ctx.find_object(_LazySettings).get()


for _name in _COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        main.add_command(_command)
