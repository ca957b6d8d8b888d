"""The review of a built month: sent for approval, returned with a reason, or approved.

Each action is one transaction with its review row and its audit entry: an approval is never on
record without the entry saying who gave it, nor the other way round. The CLI (`radio approve`,
`radio approve --return`) and the Studio's approval page both call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from radio.core.errors import ExitCode, NotReadyError, RadioError
from radio.core.i18n import N_
from radio.publish.approval import approve_in
from radio.store import audit, reviews
from radio.store.db import transaction
from radio.store.episodes import built_episode
from radio.store.tables import ApprovalRow, ReviewRow


class ReviewState(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class AuditAction(StrEnum):
    """The audit log's names of the review actions (as the Studio always wrote them)."""

    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"


class RebuiltSinceReview(NotReadyError):
    """The month was built again after the reviewer opened it: what they heard is not what is built."""


class ReasonMissing(RadioError):
    """A programme returned without saying what to change (a wrong argument: exit 2)."""

    exit_code = ExitCode.USAGE


def submit(engine: Engine, month: str, by: str, now: datetime, comment: str = "") -> ReviewRow:
    """Send the month as built now for approval (NotReadyError when it was never built)."""
    with transaction(engine) as session:
        episode = built_episode(session, month)
        return _record(session, month, ReviewState.SUBMITTED, episode.script_sha256, by, comment, now)


def return_programme(
    engine: Engine, month: str, by: str, reason: str, now: datetime, script_sha256: str | None = None
) -> ReviewRow:
    """Send the month back to its editor with `reason` (what to change); refused without one."""
    if not reason.strip():
        raise ReasonMissing(N_("{month}: say what to change when returning a programme"), month=month)
    with transaction(engine) as session:
        sha = _reviewed(session, month, script_sha256)
        return _record(session, month, ReviewState.RETURNED, sha, by, reason.strip(), now)


def approve(
    engine: Engine, month: str, by: str, now: datetime, script_sha256: str | None = None, comment: str = "",
    accept: Sequence[str] = (),
) -> ApprovalRow:
    """Approve the month as reviewed (`script_sha256`: what the approver heard; None: as built now),
    accepting by name the unconfirmed or out-of-date facts it speaks (refused otherwise)."""
    with transaction(engine) as session:
        sha = _reviewed(session, month, script_sha256)
        approval = approve_in(session, month, sha, by, now, accept)
        _record(session, month, ReviewState.APPROVED, sha, approval.approved_by, comment, now)
    return approval


def latest_review(engine: Engine, month: str) -> ReviewRow | None:
    with transaction(engine) as session:
        return reviews.latest_reviews(session, [month]).get(month)


def _reviewed(session: Session, month: str, script_sha256: str | None) -> str:
    """The digest the reviewer decides on: the one they were shown, if it is still what is built."""
    episode = built_episode(session, month)
    if script_sha256 is not None and episode.script_sha256 != script_sha256:
        raise RebuiltSinceReview(
            N_("{month} was rebuilt after it was reviewed (reviewed {reviewed}…, built now {built}…); "
               "listen to the new build, then decide again"),
            month=month, reviewed=script_sha256[:12], built=episode.script_sha256[:12])
    return episode.script_sha256


_ACTIONS = {ReviewState.SUBMITTED: AuditAction.SUBMIT, ReviewState.RETURNED: AuditAction.RETURN,
            ReviewState.APPROVED: AuditAction.APPROVE}


def _record(session: Session, month: str, state: ReviewState, sha: str, by: str, comment: str,
            now: datetime) -> ReviewRow:
    row = ReviewRow(month=month, state=state, script_sha256=sha, by=by, comment=comment, at=now)
    reviews.add_review(session, row)
    audit.add_entry(session, by, _ACTIONS[state], month, now, comment)
    return row
