"""The manifest format: what the centre encodes is what a station decodes; bad fields are named."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec
import pytest

from radio.core.errors import RadioError
from radio.protocol.kinds import ItemKind, Priority
from radio.protocol.manifest import (
    Manifest,
    ManifestAudio,
    ManifestError,
    ManifestItem,
    decode_manifest,
    encode_manifest,
    manifest_path,
    signed_sequence,
    trusted_comment,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAY = datetime(2024, 5, 1, tzinfo=TZ)
JUNE = datetime(2024, 6, 1, tzinfo=TZ)
AUDIO = ManifestAudio.stored("ab" * 32, 1234, 752.4444)


def item(item_id: str = "2024-05", kind: ItemKind = ItemKind.PROGRAMME,
         priority: Priority = Priority.NORMAL, airings: tuple[datetime, ...] = (MAY + timedelta(hours=5),),
         valid_from: datetime = MAY) -> ManifestItem:
    return ManifestItem(item_id, kind, "Chuyên mục CCHC tháng 5", priority, AUDIO, valid_from, JUNE, airings)


def document(**changes: object) -> dict:
    raw = json.loads(encode_manifest("st-03", 7, MAY, [item()]))
    raw.update(changes)
    return raw


def test_round_trip_keeps_every_field_and_orders_the_most_urgent_first() -> None:
    alert = item("emergency-1", ItemKind.EMERGENCY, Priority.EMERGENCY, (), MAY + timedelta(days=3))
    data = encode_manifest("st-03", 7, MAY, [item(), alert])
    manifest = decode_manifest(data)
    rounded = ManifestAudio("../../audio/" + "ab" * 32 + ".mp3", "ab" * 32, 1234, 752.444)  # to the ms
    assert manifest == Manifest(station="st-03", sequence=7, generated_at=MAY, items=tuple(
        msgspec.structs.replace(i, audio=rounded) for i in (alert, item())))
    assert manifest.items[0].kind is ItemKind.EMERGENCY and manifest.items[0].priority is Priority.EMERGENCY
    assert manifest.sha256s == {"ab" * 32}
    text = data.decode("utf-8")
    assert text.endswith("}\n") and "Chuyên mục" in text  # readable: indented, not \u-escaped
    assert '"valid_from": "2024-05-01T00:00:00+07:00"' in text
    assert list(json.loads(data)) == ["format", "station", "sequence", "generated_at", "items"]


def test_unknown_fields_are_ignored_so_a_newer_centre_does_not_stop_older_stations() -> None:
    raw = document(coverage="all")
    raw["items"][0]["subtitle"] = "new"
    assert decode_manifest(json.dumps(raw).encode()).items[0].id == "2024-05"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["items"][0]["audio"].update(sha256="XYZ"),
     r"^manifest \$\.items\[0\]\.audio\.sha256: expected `str` matching regex"),
    (lambda d: d["items"][0]["audio"].update(size=0),
     r"^manifest \$\.items\[0\]\.audio\.size: expected `int` >= 1"),
    (lambda d: d["items"][0]["audio"].update(size=True),
     r"\$\.items\[0\]\.audio\.size: expected `int`, got `bool`"),
    (lambda d: d["items"][0].update(kind="music"), r"\$\.items\[0\]\.kind: invalid enum value 'music'"),
    (lambda d: d["items"][0].update(priority="urgent"), r"\$\.items\[0\]\.priority: invalid enum value"),
    (lambda d: d["items"][0].update(airings=["2024-05-02T05:30:00"]),
     r"\$\.items\[0\]\.airings\[0\]: expected `datetime` with a timezone"),
    (lambda d: d["items"][0].update(valid_to="2024-04-01T00:00:00+07:00"),
     r"\$\.items\[0\]: valid_to 2024-04-01T00:00:00\+07:00 is not after valid_from"),
    (lambda d: d["items"].append(d["items"][0]), r"^manifest: duplicate item id\(s\) 2024-05"),
    (lambda d: d.update(sequence=-1), r"\$\.sequence: expected `int` >= 0"),
    (lambda d: d.pop("station"), r"^manifest: object missing required field `station`"),
    (lambda d: d.update(format=2), r"^manifest \$\.format: 2 is not 1; update this station's radio"),
])
def test_a_bad_field_is_one_line_naming_it(change, message: str) -> None:  # type: ignore[no-untyped-def]
    raw = document()
    change(raw)
    with pytest.raises(ManifestError, match=message) as caught:
        decode_manifest(json.dumps(raw).encode())
    assert "\n" not in str(caught.value) and isinstance(caught.value, RadioError)


@pytest.mark.parametrize("data", [b"{not json", b"\xff\xfe", b"[]", b""])
def test_bytes_that_are_not_a_json_object_are_refused(data: bytes) -> None:
    with pytest.raises(ManifestError, match="^manifest"):
        decode_manifest(data)


def test_the_trusted_comment_carries_the_sequence_and_the_tree_path_is_shared() -> None:
    comment = trusted_comment(42, MAY)
    assert comment == f"timestamp:{int(MAY.timestamp())} file:manifest.json sequence:42"
    assert signed_sequence(comment) == 42
    assert signed_sequence("timestamp:1 file:manifest.json") is None
    assert signed_sequence("subsequence:3") is None
    assert manifest_path("st-03") == "stations/st-03/manifest.json"
