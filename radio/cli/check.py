"""`radio check FILE`: what an MP3 holds and whether it meets the programme's rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from radio.audio.inspect import inspect_mp3, problems
from radio.cli import _, language, settings_from
from radio.core.i18n import N_


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def check(ctx: click.Context, file: Path) -> None:
    """Print duration, loudness, true peak, tags and chapters of FILE (any MP3); exit 1 if it
    breaks the programme's rules (duration window, loudness target, true-peak ceiling)."""
    settings = settings_from(ctx)
    found = inspect_mp3(file)
    minutes, seconds = divmod(found.duration_s, 60)
    channels = (_(N_("mono")) if found.channels == 1
                else _(N_("{count} channels"), count=found.channels))
    click.echo(f"{found.path}")
    click.echo(_(N_("  duration: {minutes}:{seconds:04.1f} ({total:.1f} s)"), minutes=int(minutes),
                 seconds=seconds, total=found.duration_s))
    click.echo(_(N_("  format: MP3 {kbps} kbps, {hz} Hz, {channels}"), kbps=found.bitrate_kbps,
                 hz=found.sample_rate, channels=channels))
    click.echo(_(N_("  loudness: {lufs:.1f} LUFS integrated"), lufs=found.loudness_lufs))
    click.echo(_(N_("  true peak: {peak:.1f} dBTP"), peak=found.true_peak_dbtp))
    click.echo(_(N_("  tags: {version}"),
                 version="ID3v" + found.id3_version if found.id3_version else _(N_("none"))))
    for name, text in found.tags:
        click.echo(f"    {name:<12} {text}")
    click.echo(_(N_("  chapters: {count}"), count=len(found.chapters)))
    for chapter in found.chapters:
        click.echo(f"    {chapter.start_s:7.1f} – {chapter.end_s:7.1f} s  {chapter.title}")
    broken = problems(found, settings.program, settings.audio)
    if broken:
        click.secho(_(N_("Does not meet the programme's rules:")), fg="red")
        for problem in broken:
            click.echo(f"  - {problem.in_language(language())}")
        sys.exit(1)
    audio = settings.audio
    click.secho(_(N_("Meets the programme's rules ({low:g}–{high:g} min, {target:.1f} ± "
                     "{tolerance:.1f} LUFS, peak ≤ {ceiling:.1f} dBTP)."),
                  low=settings.program.min_minutes, high=settings.program.max_minutes,
                  target=audio.target_lufs, tolerance=audio.tolerance_lu,
                  ceiling=audio.true_peak_dbtp), fg="green")


COMMANDS: list[click.Command] = [check]
