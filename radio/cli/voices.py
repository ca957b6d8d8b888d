"""`radio voices list|install|import|remove`: the Piper voices the centre can speak with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from radio.cli import _, language, settings_from
from radio.cli.progress import ConsoleReporter
from radio.core.i18n import N_

if TYPE_CHECKING:
    from radio.speech.voices import Calibrate


@click.group()
def voices() -> None:
    """Piper voices in [speech].voices (default .radio/voices/): list, install, import, remove."""


@voices.command("list")
@click.pass_context
def list_voices(ctx: click.Context) -> None:
    """Installed voices (language, quality, rate, size, licence) and known Vietnamese ones."""
    from radio.speech.voices import describe, installed_voices

    folder = settings_from(ctx).speech.voices_dir
    for line in describe(installed_voices(folder), language()):
        click.echo(line)


@voices.command()
@click.argument("name")
@click.option("--accept-licence", is_flag=True,
              help="Install a voice whose licence forbids commercial use (you confirm yours is not).")
@click.pass_context
def install(ctx: click.Context, name: str, accept_licence: bool) -> None:
    """Download NAME from the Piper voices repository ([speech].voices_url), check, calibrate."""
    from radio.speech.voices import Downloader, install_voice

    speech = settings_from(ctx).speech
    voice = install_voice(name, speech.voices_dir, Downloader(speech.voices_url, speech.timeout_s),
                          _calibrator(speech.piper_threads), accept_licence=accept_licence,
                          report=ConsoleReporter())
    click.echo(_(N_("Installed {name} in {folder} (licence: {licence})"), name=voice.name,
                 folder=voice.folder, licence=voice.licence))


@voices.command("import")
@click.argument("model", type=click.Path(path_type=Path))
@click.pass_context
def import_(ctx: click.Context, model: Path) -> None:
    """Add a voice from FILE.onnx (with FILE.onnx.json beside it), e.g. from a USB stick."""
    from radio.speech.voices import import_voice

    speech = settings_from(ctx).speech
    voice = import_voice(model, speech.voices_dir, _calibrator(speech.piper_threads),
                         report=ConsoleReporter())
    click.echo(_(N_("Imported {name} in {folder} (licence: {licence})"), name=voice.name,
                 folder=voice.folder, licence=voice.licence))


@voices.command()
@click.argument("name")
@click.pass_context
def remove(ctx: click.Context, name: str) -> None:
    """Remove an installed voice."""
    from radio.speech.voices import remove_voice

    folder = settings_from(ctx).speech.voices_dir
    remove_voice(folder, name)
    click.echo(_(N_("Removed {name} from {folder}"), name=name, folder=folder))


def _calibrator(threads: int) -> Calibrate:
    from radio.core.errors import RadioError
    from radio.speech.calibrate import calibrate_piper
    from radio.speech.piper_engine import INSTALL_HINT, piper_version

    if piper_version() is None:
        raise RadioError(N_("voices need the piper-tts package; {hint}"), hint=INSTALL_HINT)
    return lambda model, config: calibrate_piper(model, config, threads=threads)


COMMANDS: list[click.Command] = [voices]
