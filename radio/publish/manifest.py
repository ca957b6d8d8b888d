"""A station's manifest (format 1 of the shared spec): written by the centre, parsed by stations.

Parsing happens only after the signature was verified; the checks here still refuse a
signed-but-malformed manifest, because a station must never schedule something it cannot play.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from radio.broadcast.slots import PRIORITIES  # in rising urgency
from radio.core.errors import RadioError

FORMAT = 1
KINDS = ("programme", "emergency")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ManifestError(RadioError):
    """A manifest that is not format 1 of the spec."""


@dataclass(frozen=True)
class Audio:
    sha256: str
    size: int
    duration_s: float
    # Relative to stations/<id>/manifest.json, so the tree can be served under any prefix.
    url: str = ""

    def __post_init__(self) -> None:
        if not self.url:
            object.__setattr__(self, "url", f"../../audio/{self.name}")

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
    airings: tuple[datetime, ...]  # empty for an emergency item: played as soon as verified

    @property
    def urgency(self) -> int:
        """Higher plays first when several items are due together."""
        return PRIORITIES.index(self.priority)


@dataclass(frozen=True)
class Manifest:
    station: str
    sequence: int
    generated_at: datetime
    items: tuple[Item, ...]

    @property
    def sha256s(self) -> frozenset[str]:
        return frozenset(item.audio.sha256 for item in self.items)


def manifest_bytes(station_id: str, sequence: int, generated_at: datetime, items: Iterable[Item]) -> bytes:
    ordered = sorted(items, key=lambda i: (-i.urgency, i.valid_from, i.id))
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
            "audio": {"url": item.audio.url, "sha256": item.audio.sha256,
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


def parse_manifest(data: bytes) -> Manifest:
    """Bytes of manifest.json → Manifest; ManifestError names the offending field."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ManifestError(f"manifest is not UTF-8 JSON: {err}") from None
    top = _Obj(raw, "manifest")
    if top.get("format", int) != FORMAT:
        raise ManifestError(f"manifest.format: {raw.get('format')!r} is not 1; update this station's radio")
    sequence = top.get("sequence", int)
    if sequence < 0:
        raise ManifestError(f"manifest.sequence: {sequence} is negative")
    items = top.get("items", list)
    manifest = Manifest(
        station=top.get("station", str),
        sequence=sequence,
        generated_at=top.time("generated_at"),
        items=tuple(_item(_Obj(item, f"manifest.items[{i}]")) for i, item in enumerate(items)),
    )
    ids = [item.id for item in manifest.items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ManifestError(f"manifest.items: duplicate item id(s) {', '.join(duplicates)}")
    return manifest


def _item(obj: _Obj) -> Item:
    audio = _Obj(obj.get("audio", dict), f"{obj.where}.audio")
    sha256 = audio.get("sha256", str)
    if not _SHA256.match(sha256):
        raise ManifestError(f"{audio.where}.sha256: {sha256!r} is not 64 lowercase hex digits")
    size = audio.get("size", int)
    if size <= 0:
        raise ManifestError(f"{audio.where}.size: {size} must be positive")
    item = Item(
        id=obj.get("id", str),
        kind=obj.choice("kind", KINDS),
        title=obj.get("title", str),
        priority=obj.choice("priority", PRIORITIES),
        audio=Audio(url=audio.get("url", str), sha256=sha256, size=size,
                    duration_s=float(audio.get("duration_s", (int, float)))),
        valid_from=obj.time("valid_from"),
        valid_to=obj.time("valid_to"),
        airings=tuple(obj.time_at("airings", i, value)
                      for i, value in enumerate(obj.get("airings", list))),
    )
    if item.valid_to <= item.valid_from:
        raise ManifestError(f"{obj.where}: valid_to {item.valid_to} is not after valid_from {item.valid_from}")
    return item


class _Obj:
    """One JSON object being read, naming the field path in every error."""

    def __init__(self, raw: Any, where: str) -> None:
        if not isinstance(raw, dict):
            raise ManifestError(f"{where}: expected an object")
        self.raw = raw
        self.where = where

    def get(self, key: str, kind: type | tuple[type, ...]) -> Any:
        if key not in self.raw:
            raise ManifestError(f"{self.where}.{key}: missing")
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, kind):
            raise ManifestError(f"{self.where}.{key}: unexpected value {value!r}")
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.get(key, str)
        if value not in choices:
            raise ManifestError(f"{self.where}.{key}: {value!r} is not one of {', '.join(choices)}")
        return value

    def time(self, key: str) -> datetime:
        return _aware(self.get(key, str), f"{self.where}.{key}")

    def time_at(self, key: str, index: int, value: Any) -> datetime:
        if not isinstance(value, str):
            raise ManifestError(f"{self.where}.{key}[{index}]: expected a time, got {value!r}")
        return _aware(value, f"{self.where}.{key}[{index}]")


def _aware(text: str, where: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ManifestError(f"{where}: {text!r} is not an ISO 8601 time") from None
    if value.tzinfo is None:
        raise ManifestError(f"{where}: {text!r} has no UTC offset")
    return value
