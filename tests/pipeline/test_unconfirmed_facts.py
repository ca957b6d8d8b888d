"""Nothing unconfirmed goes on air: a build lists what to check, approval refuses it unless each
fact is accepted by name (recorded), and publishing refuses an approval that did not accept it.

A real build of January 2027 with the shipped files (espeak-ng), through the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import Result

from radio.content.warnings import WarningCode, warning
from radio.core.errors import ExitCode, NotReadyError, RadioError
from radio.publish.approval import check_accepted
from radio.store import approvals
from radio.store.db import open_engine, transaction
from radio.store.tables import ApprovalRow

MONTH = "2027-01"


def test_the_shipped_january_2027_is_refused_until_each_unconfirmed_fact_is_accepted_by_name(
        workspace: Path, radio: Callable[..., Result], db_url: str) -> None:
    built = radio("build", MONTH, "--engine", "espeak")
    assert built.exit_code == 0, built.stdout + built.stderr
    folder = workspace / "episodes" / MONTH
    record = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    blocking = {w["params"]["fact"] for w in record["warnings"] if w["blocking"]}
    assert {"hotline", "producer"} <= blocking
    script = (folder / "script.md").read_text(encoding="utf-8")
    top = script.split("\n## 1.")[0]  # the list comes before the first segment
    assert "## Cần kiểm tra trước khi phê duyệt" in top
    assert "Dữ kiện chưa kiểm chứng được phát: hotline = «0255.3859.123»" in top
    assert "Năm 2027 chưa có kế hoạch tuyên truyền riêng" in top  # the borrowed plan
    assert "câu chuyện minh họa" in script or "chuyện minh họa" in top

    refused = radio("approve", MONTH, "--by", "Nguyễn Văn A")
    assert refused.exit_code == ExitCode.NOT_READY, refused.stdout + refused.stderr
    assert "hotline" in refused.stderr and "0255.3859.123" in refused.stderr
    assert "Traceback" not in refused.stderr
    partly = radio("approve", MONTH, "--by", "Nguyễn Văn A", "--accept", "hotline")
    assert partly.exit_code == ExitCode.NOT_READY and "producer" in partly.stderr
    typo = radio("approve", MONTH, "--by", "Nguyễn Văn A", "--accept", "hotlien")
    assert typo.exit_code != 0 and "hotlien" in typo.stderr

    accepts = [arg for name in sorted(blocking) for arg in ("--accept", name)]
    done = radio("approve", MONTH, "--by", "Nguyễn Văn A", *accepts)
    assert done.exit_code == 0, done.stdout + done.stderr
    engine = open_engine(db_url)
    try:
        with transaction(engine) as session:
            approval = approvals.latest_approval(session, MONTH)
            assert approval is not None and sorted(approval.accepted) == sorted(blocking)
            # a later approval of the same build that accepted nothing (made before this gate)
            approvals.add_approval(session, ApprovalRow(
                month=MONTH, script_sha256=approval.script_sha256, approved_by="Trần Thị B",
                approved_at=approval.approved_at + timedelta(minutes=1), inputs=approval.inputs,
                accepted=[]))
    finally:
        engine.dispose()
    for args in (("schedule", MONTH), ("keygen",)):
        assert radio(*args).exit_code == 0
    published = radio("publish", MONTH)
    assert published.exit_code == ExitCode.NOT_READY, published.stdout + published.stderr
    assert "hotline" in published.stderr and "Trần Thị B" in published.stderr


def _recorded(*facts: str) -> list[dict[str, object]]:
    return [warning(WarningCode.UNCONFIRMED_FACT, fact=f, value="x", source="y").as_json()
            for f in facts] + [warning(WarningCode.BORROWED_PLAN, year=2027, plan_year=2026,
                                       file="2026.toml").as_json()]


def test_check_accepted_names_each_fact_and_refuses_a_name_it_does_not_know() -> None:
    with pytest.raises(NotReadyError, match=r"hotline = «x».*--accept hotline --accept producer"):
        check_accepted(MONTH, _recorded("hotline", "producer"), [])
    with pytest.raises(RadioError, match=r"--accept portal: .* hotline, producer"):
        check_accepted(MONTH, _recorded("hotline", "producer"), ["portal"])
    assert check_accepted(MONTH, _recorded("hotline"), ["hotline", "hotline"]) == ["hotline"]
    assert check_accepted(MONTH, _recorded(), []) == []  # a borrowed plan alone does not block
