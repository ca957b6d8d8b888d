"""A station's manifest (format 1, see the shared spec): pure content, bytes out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from radio.broadcast.slots import PRIORITIES

FORMAT = 1
_ORDER = {p: i for i, p in enumerate(reversed(PRIORITIES))}  # emergency first


@dataclass(frozen=True)
class Audio:
    sha256: str
    size: int
    duration_s: float

    @property
    def name(self) -> str:
        """Content-addressed file name under audio/."""
        return f"{self.sha256}.mp3"


@dataclass(frozen=True)
class Item:
    id: str            # "2024-05" or "emergency-<uuid>"
    kind: str          # programme | emergency
    title: str
    priority: str
    audio: Audio
    valid_from: datetime
    valid_to: datetime
    airings: tuple[datetime, ...]  # empty for emergency items: played as soon as verified


def manifest_bytes(station_id: str, sequence: int, generated_at: datetime, items: Iterable[Item]) -> bytes:
    ordered = sorted(items, key=lambda i: (_ORDER[i.priority], i.valid_from, i.id))
    document = {
        "format": FORMAT,
        "station": station_id,
        "sequence": sequence,
        "generated_at": generated_at.isoformat(),
        "items": [{
            "id": item.id,
            "kind": item.kind,
            "title": item.title,
            "priority": item.priority,
            # Relative to stations/<id>/manifest.json, so the tree can be served under any prefix.
            "audio": {"url": f"../../audio/{item.audio.name}", "sha256": item.audio.sha256,
                      "size": item.audio.size, "duration_s": round(item.audio.duration_s, 3)},
            "valid_from": item.valid_from.isoformat(),
            "valid_to": item.valid_to.isoformat(),
            "airings": [moment.isoformat() for moment in item.airings],
        } for item in ordered],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def trusted_comment(sequence: int, generated_at: datetime) -> str:
    """Signed along with the manifest: a station can trust the sequence without parsing JSON first."""
    return f"timestamp:{int(generated_at.timestamp())} file:manifest.json sequence:{sequence}"
