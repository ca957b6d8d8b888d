"""The play report format: the station's queue file is the wire body; the centre names a bad field."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from radio.protocol.kinds import ReportEvent
from radio.protocol.report import ReportError, decode_report, encode_report, new_report

AT = datetime(2024, 5, 2, 5, 30, 1, 123456, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_round_trip_to_the_second() -> None:
    report = new_report("st-03", ReportEvent.PLAYED, AT, item_id="2024-05", sha256="ab" * 32,
                        sequence=3, detail="requested 05:30")
    data = encode_report(report)
    assert json.loads(data) == {"station": "st-03", "report_id": report.report_id, "event": "played",
                                "item_id": "2024-05", "sha256": "ab" * 32, "manifest_sequence": 3,
                                "at": "2024-05-02T05:30:01+07:00", "detail": "requested 05:30"}
    assert decode_report(data) == report and report.at == AT.replace(microsecond=0)
    assert decode_report(encode_report(new_report("st-03", ReportEvent.SYNCED, AT))).item_id is None


def test_optional_fields_may_be_absent_or_null() -> None:
    body = {"station": "st-03", "report_id": "0123456789", "event": "failed",
            "at": "2024-05-02T05:30:01+07:00", "item_id": None}
    report = decode_report(json.dumps(body).encode())
    assert (report.item_id, report.sha256, report.manifest_sequence, report.detail) == (None, None, None, "")


@pytest.mark.parametrize(("change", "message"), [
    ({"event": "exploded"}, r"^play report \$\.event: invalid enum value 'exploded'"),
    ({"at": "yesterday"}, r"\$\.at: invalid RFC3339 encoded datetime"),
    ({"at": "2024-05-02T05:30:01"}, r"\$\.at: expected `datetime` with a timezone"),
    ({"sha256": "XYZ"}, r"\$\.sha256: expected `str` matching regex"),
    ({"report_id": ""}, r"\$\.report_id: expected `str` matching regex"),
    ({"manifest_sequence": "1"}, r"\$\.manifest_sequence: expected `int \| null`, got `str`"),
    ({"manifest_sequence": 2**40}, r"\$\.manifest_sequence: expected `int` <= 2147483647"),
    ({"manifest_sequence": -1}, r"\$\.manifest_sequence: expected `int` >= 0"),
    ({"station": None}, r"\$\.station: expected `str`, got `null`"),
])
def test_a_bad_field_is_named(change: dict, message: str) -> None:
    body = json.loads(encode_report(new_report("st-03", ReportEvent.PLAYED, AT)))
    body.update(change)
    with pytest.raises(ReportError, match=message):
        decode_report(json.dumps(body).encode())


def test_a_body_that_is_not_json_is_refused() -> None:
    with pytest.raises(ReportError, match="^play report: not UTF-8 JSON"):
        decode_report(b"{not json")
