"""`radio normalize`: print how the announcer reading of a text comes out, to check the lexicon."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from radio.cli import _, settings_from
from radio.core.i18n import N_
from radio.reading import Normalizer
from radio.reading.settings import CODE_READINGS


@click.command()
@click.argument("text", nargs=-1)
@click.option("--codes", type=click.Choice(CODE_READINGS),
              help="How document codes like QĐ-UBND are voiced (default: [reading] codes).")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your lexicon file (default: [reading] lexicon).")
@click.option("--explain", is_flag=True,
              help="After each reading, which rule read which words (indented lines).")
@click.pass_context
def normalize(ctx: click.Context, text: tuple[str, ...], codes: str | None,
              lexicon: Path | None, explain: bool) -> None:
    """Print the reading of TEXT, or of each stdin line (one output line per input line;
    with --explain, each followed by the rules that rewrote it)."""
    settings = settings_from(ctx).reading
    settings = dataclasses.replace(settings, codes=codes or settings.codes,
                                   lexicon=lexicon or settings.lexicon)
    normalizer = Normalizer(settings)
    lines = [" ".join(text)] if text else (line.rstrip("\r\n") for line in sys.stdin)
    spelled: dict[str, None] = {}
    count = 0
    for line in lines:
        reading = normalizer.explain(line, steps=explain)
        click.echo(reading.text)
        for step in reading.steps:
            click.echo(f"    {step.rule}: {step.written or '∅'} → {step.read or '∅'}")
        sys.stdout.flush()  # each line as soon as it is read, so a pipe or a person sees it
        spelled.update(dict.fromkeys(reading.spelled))
        count += 1
    summary = _(N_("{count} line(s) read (codes: {codes})."), count=count, codes=settings.codes)
    if spelled:
        summary += " " + _(N_("Spelled letter by letter for want of a lexicon entry: {words} — add "
                              "them to your lexicon ([reading] lexicon in schedule.toml) if they "
                              "are words."), words=", ".join(spelled))
    click.echo(summary, err=True)


COMMANDS: list[click.Command] = [normalize]
