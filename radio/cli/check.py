"""`radio check FILE`: what an MP3 holds and whether it meets the programme's rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from radio.audio.inspect import inspect_mp3, problems
from radio.cli import settings_from


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def check(ctx: click.Context, file: Path) -> None:
    """Print duration, loudness, true peak, tags and chapters of FILE (any MP3); exit 1 if it
    breaks the programme's rules (duration window, loudness target, true-peak ceiling)."""
    settings = settings_from(ctx)
    found = inspect_mp3(file)
    minutes, seconds = divmod(found.duration_s, 60)
    click.echo(f"{found.path}")
    click.echo(f"  duration   {int(minutes)}:{seconds:04.1f} ({found.duration_s:.1f} s)")
    click.echo(f"  format     MP3 {found.bitrate_kbps} kbps, {found.sample_rate} Hz, "
               f"{'mono' if found.channels == 1 else f'{found.channels} channels'}")
    click.echo(f"  loudness   {found.loudness_lufs:.1f} LUFS integrated")
    click.echo(f"  true peak  {found.true_peak_dbtp:.1f} dBTP")
    click.echo(f"  tags       {'ID3v' + found.id3_version if found.id3_version else 'none'}")
    for name, text in found.tags:
        click.echo(f"    {name:<12} {text}")
    click.echo(f"  chapters   {len(found.chapters)}")
    for chapter in found.chapters:
        click.echo(f"    {chapter.start_s:7.1f} – {chapter.end_s:7.1f} s  {chapter.title}")
    broken = problems(found, settings.program, settings.audio)
    if broken:
        click.secho("Does not meet the programme's rules:", fg="red")
        for problem in broken:
            click.echo(f"  - {problem}")
        sys.exit(1)
    audio = settings.audio
    click.secho(f"Meets the programme's rules ({settings.program.min_minutes:g}–"
                f"{settings.program.max_minutes:g} min, {audio.target_lufs:.1f} ± "
                f"{audio.tolerance_lu:.1f} LUFS, peak ≤ {audio.true_peak_dbtp:.1f} dBTP).",
                fg="green")


COMMANDS: list[click.Command] = [check]
