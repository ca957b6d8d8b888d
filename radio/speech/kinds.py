"""Names of what speaks; importing them loads no engine (settings validation, --help)."""

from __future__ import annotations

from enum import StrEnum


class Voice(StrEnum):
    """Who produced a segment's audio: a synthesis engine, the announcer's file, or a jingle."""

    PIPER = "piper"
    GTTS = "gtts"
    ESPEAK = "espeak"
    FPTAI = "fptai"
    RECORDED = "recorded"
    JINGLE = "jingle"
