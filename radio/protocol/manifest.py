"""A station's manifest (format 1): encoded and signed by the centre, decoded by the stations.

A station decodes only after the signature was verified; the checks here still refuse a
signed-but-malformed manifest, because a station must never schedule something it cannot play.
Unknown fields are ignored, so a centre may add one without stopping older stations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

import msgspec

from radio.core.i18n import N_
from radio.protocol.kinds import ItemKind, Priority
from radio.protocol.wire import AwareTime, Sha256, WireError, decode, encode

FORMAT = 1
SIGNATURE_SUFFIX = ".minisig"
# Read no further than this before refusing: a manifest of a few hundred items is ~200 KiB, and a
# hostile or broken server must not make a station parse (or even hash) hundreds of megabytes.
MAX_MANIFEST_BYTES = 512 * 1024
MAX_SIGNATURE_BYTES = 4 * 1024  # a minisign signature file is about 400 bytes
_SIGNED_SEQUENCE = re.compile(r"(?:^|\s)sequence:(\d+)(?:\s|$)")


class ManifestError(WireError):
    """A manifest that is not format 1 of the spec."""


def manifest_path(station_id: str) -> str:
    """Where a station's manifest sits in the publish tree (its signature: + SIGNATURE_SUFFIX)."""
    return f"stations/{station_id}/manifest.json"


class ManifestAudio(msgspec.Struct, frozen=True):
    # Relative to stations/<id>/manifest.json, so the tree can be served under any prefix.
    url: str
    sha256: Sha256
    size: Annotated[int, msgspec.Meta(gt=0)]
    duration_s: Annotated[float, msgspec.Meta(ge=0)]

    @classmethod
    def stored(cls, sha256: str, size: int, duration_s: float) -> ManifestAudio:
        """Audio in the tree's content-addressed audio/ folder."""
        return cls(url=f"../../audio/{sha256}.mp3", sha256=sha256, size=size, duration_s=duration_s)

    @property
    def name(self) -> str:
        """Content-addressed file name under audio/."""
        return f"{self.sha256}.mp3"


class ManifestItem(msgspec.Struct, frozen=True):
    id: str  # "2024-05" or "emergency-<uuid>"
    kind: ItemKind
    title: str
    priority: Priority
    audio: ManifestAudio
    valid_from: AwareTime
    valid_to: AwareTime
    airings: tuple[AwareTime, ...]  # empty for an emergency item: played as soon as verified

    def __post_init__(self) -> None:
        # msgspec reports a ValueError raised here with the item's path.
        if self.valid_to <= self.valid_from:
            raise ValueError(f"valid_to {self.valid_to.isoformat()} is not after valid_from "
                             f"{self.valid_from.isoformat()}")

    @property
    def urgency(self) -> int:
        """Higher plays first when several items are due together."""
        return Priority(self.priority).urgency


class Manifest(msgspec.Struct, frozen=True, kw_only=True):
    format: int = FORMAT
    station: str
    sequence: Annotated[int, msgspec.Meta(ge=0)]
    generated_at: AwareTime
    items: tuple[ManifestItem, ...]

    def __post_init__(self) -> None:
        ids = [item.id for item in self.items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate item id(s) {', '.join(duplicates)} in items")

    @property
    def sha256s(self) -> frozenset[str]:
        return frozenset(item.audio.sha256 for item in self.items)


class _Format(msgspec.Struct):
    format: int


def encode_manifest(station_id: str, sequence: int, generated_at: datetime,
                    items: Iterable[ManifestItem]) -> bytes:
    """The manifest.json bytes: most urgent items first, indented for people who open it."""
    ordered = sorted(items, key=lambda i: (-i.urgency, i.valid_from, i.id))
    rounded = tuple(msgspec.structs.replace(item, audio=msgspec.structs.replace(
        item.audio, duration_s=round(float(item.audio.duration_s), 3))) for item in ordered)
    data = encode(Manifest(station=station_id, sequence=sequence, generated_at=generated_at,
                           items=rounded), pretty=True)
    if len(data) > MAX_MANIFEST_BYTES:  # stations would refuse it: fail at the centre instead
        raise ManifestError(N_("manifest of {station}: {size} bytes with {items} items, more than the {cap} "
                               "byte cap stations accept"),
                            station=station_id, size=len(data), items=len(rounded), cap=MAX_MANIFEST_BYTES)
    return data


def decode_manifest(data: bytes) -> Manifest:
    """Bytes of manifest.json → Manifest; ManifestError names the offending field."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(N_("manifest: {size} bytes, more than the {cap} byte cap"), size=len(data),
                            cap=MAX_MANIFEST_BYTES)
    version = decode(data, _Format, "manifest", ManifestError).format
    if version != FORMAT:
        raise ManifestError(N_("manifest $.format: {version} is not {expected}; update this station's radio"),
                            version=version, expected=FORMAT)
    return decode(data, Manifest, "manifest", ManifestError)


def trusted_comment(sequence: int, generated_at: datetime) -> str:
    """Signed along with the manifest: a station can trust the sequence without parsing JSON first."""
    return f"timestamp:{int(generated_at.timestamp())} file:manifest.json sequence:{sequence}"


def signed_sequence(comment: str) -> int | None:
    """The sequence a verified trusted comment vouches for, or None if it names none."""
    found = _SIGNED_SEQUENCE.search(comment)
    return int(found.group(1)) if found else None
