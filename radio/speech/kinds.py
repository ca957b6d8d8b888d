"""Names of what speaks; importing them loads no engine (settings validation, --help)."""

from __future__ import annotations

from enum import StrEnum


class Voice(StrEnum):
    """Who produced a segment's audio: a synthesis engine, the announcer's file, or a jingle."""

    GTTS = "gtts"
    ESPEAK = "espeak"
    RECORDED = "recorded"
    JINGLE = "jingle"
