"""The CLI's face for progress events: a bar on a terminal, plain lines in a log or under cron."""

from __future__ import annotations

import sys
from typing import TextIO

import click

from radio.cli import language
from radio.core.progress import Event, SegmentSpoken

_BAR = 24       # characters of the terminal bar
_LOG_EVERY = 10  # in a log, one line per this many segments (and the last)


class ConsoleReporter:
    """Renders events on stderr in the command's language.

    On a terminal the speech progress is one line redrawn with `\\r`; anywhere else (a log file,
    cron's mail) it is a plain line now and then, so no `\\r` ever reaches a log.
    """

    def __init__(self, stream: TextIO | None = None, language_code: str | None = None) -> None:
        self.stream = stream or sys.stderr
        self.language = language_code or language()
        self.terminal = self.stream.isatty()
        self._open_bar = False

    def emit(self, event: Event) -> None:
        text = event.text().in_language(self.language)
        if isinstance(event, SegmentSpoken):
            self._segment(event, text)
            return
        self._close_bar()
        click.echo(f"• {text}", file=self.stream)

    def _segment(self, event: SegmentSpoken, text: str) -> None:
        last = event.done >= event.total
        if self.terminal:
            filled = _BAR * event.done // max(event.total, 1)
            click.echo(f"\r  [{'#' * filled}{'.' * (_BAR - filled)}] {text}", nl=last,
                       file=self.stream)
            self._open_bar = not last
        elif last or event.done % _LOG_EVERY == 0:
            click.echo(f"  {text}", file=self.stream)

    def _close_bar(self) -> None:
        if self._open_bar:
            click.echo("", file=self.stream)
            self._open_bar = False
