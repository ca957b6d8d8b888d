"""The `radio` command: thin click commands over library functions."""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.utils import make_default_short_help

from radio import __version__
from radio.core.environment import DEFAULT_CONFIG
from radio.core.errors import ExitCode, RadioError, SettingsError, os_error
from radio.core.i18n import LANGUAGES, N_, environment_language, translate
from radio.core.shutdown import skip_last_collection

if TYPE_CHECKING:
    from radio.config import Settings

# Command name → the module whose `COMMANDS` holds it. Modules are imported only when their
# command runs, so `radio build` does not pay for the report's plotting or the station's scheduler,
# and `radio --help` loads no database, audio or web library (tests/core/test_cli.py checks).
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
    "recall": "radio.cli.broadcast",
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

# The first sentence of each command's help, as `radio --help` lists it without importing the
# command's module; tests/core/test_cli.py holds it equal to the command's own docstring.
_SHORT_HELP = {
    "approve": "Record that NAME approved MONTH's script as built (by its hash), or returned it with a "
               "reason.",
    "build": "Build MONTH's programme (YYYY-MM) into episodes/MONTH/: episode.mp3, script.md, "
             "build.json.",
    "check": "Print duration, loudness, true peak, tags and chapters of FILE (any MP3); exit 1 if "
             "it breaks the programme's rules (duration window, loudness target, true-peak "
             "ceiling).",
    "emergency": "Publish an urgent MP3 announcement now to all or some stations.",
    "keygen": "Create the Ed25519 signing key pair (minisign format).",
    "recall": "Recall the emergency ITEM (its id, as `radio emergency` printed it): a new release without "
              "it.",
    "normalize": "Print the reading of TEXT, or of each stdin line (one output line per input line; "
                 "with --explain, each followed by the rules that rewrote it).",
    "plan": "Show the year's topic plan: month → content areas of the year's plan.",
    "publish": "Publish MONTH (approved and scheduled): signed manifests, audio, calendars, feed.",
    "report": "Duration, topic and station coverage for a YEAR (2024) or a MONTH (2024-05).",
    "say": "Speak TEXT through the reading normaliser and an engine, to hear how it is read.",
    "schedule": "Compute every station's airings of MONTH, store them, print them, write iCalendar "
                "files.",
    "serve": "Serve the publish tree and accept play reports at /api/reports.",
    "status": "MONTH's state (no input, draft, built, waiting, returned, approved, scheduled, "
              "published, aired) and the next step.",
    "station": "Commune station: fetch verified programmes from the centre and play them at slot "
               "times.",
    "stations": "Stations online/offline (last seen), behind, missing the next airing, clock off, "
                "disk low.",
    "studio": "The media centre's web app: edit, build, listen, approve, publish, watch stations, "
              "report.",
    "token": "Create or rotate STATION_ID's report token; it is shown once and stored only hashed.",
    "voices": "Piper voices in [speech].voices (default .radio/voices/): list, install, import, "
              "remove.",
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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from `_SHORT_HELP`: click's own would import every command's module."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, make_default_short_help(_SHORT_HELP[name], limit) if name in _SHORT_HELP
                 else self._short_help(ctx, name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, ctx: click.Context, name: str, limit: int) -> str:
        command = self.get_command(ctx, name)  # one missing from _SHORT_HELP: imported after all
        return command.get_short_help_str(limit) if command is not None else ""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        utf8_console()
        skip_last_collection()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RadioError as err:
            _fail(err)
        except click.BadParameter as err:  # a malformed MONTH or option value, in the user's words
            _bad_parameter(err)
        except OSError as err:  # one a library did not turn into a RadioError: path and advice
            _fail(os_error(err))
        except KeyboardInterrupt:
            click.echo(_(N_("Interrupted; nothing half-written was kept.")), err=True)
            sys.exit(ExitCode.INTERRUPTED)


def _bad_parameter(err: click.BadParameter) -> NoReturn:
    """One line naming the argument and the form it takes, then where the usage is (exit 2)."""
    param = err.param
    name = (param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
            ) if param is not None else str(err.param_hint or "")
    if isinstance(err, click.MissingParameter):
        click.secho(_(N_("Error: `{name}` is missing"), name=name), fg="red", err=True)
    else:
        click.secho(_(N_("Error: `{name}`: {problem}"), name=name, problem=err.message), fg="red",
                    err=True)
    command = err.ctx.command_path if err.ctx is not None else "radio"
    click.echo(_(N_("See `{command} --help`."), command=command), err=True)
    sys.exit(ExitCode.USAGE)


def _fail(err: RadioError) -> NoReturn:
    click.secho(_(N_("Error: {message}"), message=err.text), fg="red", err=True)
    sys.exit(err.exit_code)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="radio")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=DEFAULT_CONFIG,
              show_default=True, help="Programme and station settings.")
@click.option("--lang", "lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the output: vi (default) or en; else RADIO_LANG.")
@click.pass_context
def main(ctx: click.Context, config_path: Path, lang: str | None) -> None:
    """Make, schedule, publish and report the town's monthly CCHC radio programme."""
    ctx.obj = _LazySettings(config_path)
    ctx.meta[_LANGUAGE_KEY] = lang or environment_language()


_LANGUAGE_KEY = "radio.language"


def language() -> str:
    """What the running command speaks: `radio --lang`, else RADIO_LANG, else Vietnamese."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and _LANGUAGE_KEY in ctx.meta:
        return str(ctx.meta[_LANGUAGE_KEY])
    return environment_language()


def _(message: str, /, **params: object) -> str:
    """A catalog message in the command's language, its {fields} filled."""
    return translate(language(), message, params)


class _LazySettings:
    """Settings are read on first use, so `radio --help` works without a schedule.toml."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._settings: Settings | None = None

    def get(self) -> Settings:
        if self._settings is None:
            from radio.config import load_settings  # every stage's settings: not for --help

            try:
                self._settings = load_settings(self.path)
            except SettingsError:
                raise
            except RadioError as err:  # any refusal while reading the settings is about them
                raise SettingsError(err.text) from None
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

