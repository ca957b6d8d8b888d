"""The review actions: one transaction each with its audit entry; the month's state follows them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from radio.broadcast.stations import Network
from radio.config import load_settings
from radio.core.errors import NotReadyError
from radio.core.month import Month
from radio.lifecycle import review
from radio.lifecycle.months import MonthState, month_status, next_step
from radio.lifecycle.review import ReasonMissing, RebuiltSinceReview, ReviewState
from radio.store import approvals, audit, reviews
from radio.store.db import transaction
from radio.store.episodes import replace_episode
from radio.store.tables import EpisodeRow

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
MONTH = "2027-01"


def _built(engine: Engine, sha: str = "a" * 64) -> None:
    with transaction(engine) as session:
        replace_episode(session, EpisodeRow(
            month=MONTH, title="CCHC 01/2027", duration_s=750.0, predicted_s=750.0, loudness_lufs=-16.0,
            true_peak_dbtp=-1.5, sha256="b" * 64, script_sha256=sha, mp3_path="episodes/2027-01/episode.mp3",
            built_at=NOW, inputs=[]))


def _network() -> Network:
    return load_settings(REPO / "schedule.toml").network


def _state(engine: Engine, tmp_path: Path) -> MonthState:
    return month_status(engine, tmp_path, _network(), Month.parse(MONTH)).state


def _trail(engine: Engine) -> tuple[list[str], int, list[str]]:
    """(review states, approvals, audit actions) on record for the month."""
    with transaction(engine) as session:
        latest = reviews.latest_reviews(session, [MONTH]).get(MONTH)
        approved = 1 if approvals.latest_approval(session, MONTH) else 0
        actions = [e.action for e in audit.audit_entries(session, 50)]
    return ([latest.state] if latest else []), approved, actions


def test_submit_return_approve_each_write_their_row_and_audit_entry(db: Engine, tmp_path: Path) -> None:
    with pytest.raises(NotReadyError):
        review.submit(db, MONTH, "bientap", NOW)  # nothing built: nothing recorded
    assert _trail(db) == ([], 0, [])
    _built(db)
    assert _state(db, tmp_path) is MonthState.BUILT
    review.submit(db, MONTH, "bientap", NOW, "xin duyệt")
    assert _state(db, tmp_path) is MonthState.WAITING
    assert _trail(db) == ([ReviewState.SUBMITTED], 0, ["submit"])

    with pytest.raises(ReasonMissing):
        review.return_programme(db, MONTH, "lanhdao", "  ", NOW)
    review.return_programme(db, MONTH, "lanhdao", "Sửa số đường dây nóng", NOW + timedelta(minutes=1))
    status = month_status(db, tmp_path, _network(), Month.parse(MONTH))
    assert status.state is MonthState.RETURNED and status.review_comment == "Sửa số đường dây nóng"
    assert status.reviewed_by == "lanhdao" and next_step(status)[1] == f"radio build {MONTH}"

    with pytest.raises(RebuiltSinceReview):  # the approver heard another build: nothing is recorded
        review.approve(db, MONTH, "lanhdao", NOW, script_sha256="c" * 64)
    assert _trail(db)[1:] == (0, ["return", "submit"])
    approval = review.approve(db, MONTH, "lanhdao", NOW + timedelta(minutes=2), script_sha256="a" * 64)
    assert approval.approved_by == "lanhdao"
    assert _trail(db) == ([ReviewState.APPROVED], 1, ["approve", "return", "submit"])
    assert _state(db, tmp_path) is MonthState.APPROVED


def test_an_approval_without_its_audit_entry_is_not_kept(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _built(db)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the audit log failed")

    monkeypatch.setattr(audit, "add_entry", broken)
    with pytest.raises(RuntimeError):
        review.approve(db, MONTH, "lanhdao", NOW)
    assert _trail(db) == ([], 0, [])
