"""`radio build`: one month end to end."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
