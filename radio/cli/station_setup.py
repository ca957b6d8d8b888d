"""`radio station init|devices|service`: setting a commune station up (station.toml, sound, boot)."""

from __future__ import annotations

from pathlib import Path

import click

from radio.cli import _, language
from radio.core.i18n import N_, Text
from radio.station.output import list_devices
from radio.station.service import Scope, ServiceManager, service_for
from radio.station.setup import StationSetup, init_station

_config_option = click.option(
    "--station-config", "station_config", type=click.Path(path_type=Path, dir_okay=False),
    default=Path("station.toml"), show_default=True, help="The station's settings file.")


@click.command("init")
@click.option("--centre", required=True, help="Where the centre serves its publish tree, e.g. http://trungtam:8080")
@click.option("--id", "station_id", required=True, help="This station's id at the centre, e.g. st-03.")
@click.option("--public-key", required=True, help="The line `radio keygen` printed (RW...), or minisign.pub.")
@click.option("--token", required=True, help="The report token `radio token ID` printed at the centre.")
@click.option("--storage", default="station-data", show_default=True, help="Folder for verified audio.")
@click.option("--device", default="", help="Output device (see `radio station devices`); default: the "
              "system's default output.")
@click.option("--force", is_flag=True, help="Replace an existing station.toml.")
@click.option("--no-sync", is_flag=True, help="Do not run the first sync now.")
@_config_option
@click.pass_context
def init(ctx: click.Context, centre: str, station_id: str, public_key: str, token: str, storage: str,
         device: str, force: bool, no_sync: bool, station_config: Path) -> None:
    """Write station.toml (checked first), create the storage folder, and run a first sync."""
    config = init_station(station_config, StationSetup(centre=centre, station_id=station_id,
                                                       public_key=public_key, token=token,
                                                       storage=storage, output_device=device), force)
    click.echo(_(N_("Wrote {file} for station {station}; audio is kept in {folder}"),
                 file=str(station_config), station=config.station_id, folder=str(config.storage_dir)))
    if not no_sync:
        from radio.cli.station import pull  # the group's module imports this one

        # ctx.invoke runs no option callbacks: the language is given as pull's --lang would be
        ctx.invoke(pull, station_config=station_config, lang=language())


@click.command("devices")
def devices() -> None:
    """List the sound outputs built-in playback can use (output_device = "<name>" in station.toml)."""
    for device in list_devices():
        click.echo(f"{device.name}  ({device.backend})")
    click.echo(_(N_('Leave output_device empty for the default output; "null" plays in real time to '
                    'nowhere.')))


@click.group("service")
def service() -> None:
    """Start the station agent at boot and restart it when it fails (systemd / Task Scheduler)."""


_scope_option = click.option("--system", "system", is_flag=True,
                             help="A system service (at boot, needs root/administrator) instead of the "
                                  "user's (at logon; at boot with `loginctl enable-linger`).")


def _manager(station_config: Path, system: bool) -> ServiceManager:
    from radio.station.config import load_station_config

    config = load_station_config(station_config)
    return ServiceManager(service_for(config.station_id, station_config,
                                      Scope.SYSTEM if system else Scope.USER))


@service.command("install")
@_config_option
@_scope_option
def service_install(station_config: Path, system: bool) -> None:
    """Write and register the service running `radio station run` for this station.toml."""
    click.echo("\n".join(line.in_language(language()) for line in _manager(station_config, system).install()))


@service.command("remove")
@_config_option
@_scope_option
def service_remove(station_config: Path, system: bool) -> None:
    """Stop and unregister the service."""
    click.echo("\n".join(line.in_language(language()) for line in _manager(station_config, system).remove()))


@service.command("status")
@_config_option
@_scope_option
def service_status(station_config: Path, system: bool) -> None:
    """Whether the service is installed, enabled and running."""
    state = _manager(station_config, system).status()
    installed = N_("installed") if state.installed else N_("not installed")
    click.echo(_(N_("{where}: {installed}, enabled: {enabled}, running: {running}"), where=state.where,
                 installed=Text(installed), enabled=state.enabled, running=state.active))


COMMANDS: list[click.Command] = [init, devices, service]
