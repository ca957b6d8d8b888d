"""Who approved which script: publishing needs an approval of exactly the script that was built."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from radio.core.errors import RadioError
from radio.store import approvals
from radio.store.db import transaction
from radio.store.tables import ApprovalRow


def approve(engine: Engine, month: str, script_sha256: str, by: str, now: datetime) -> ApprovalRow:
    """Record that `by` approved the script with this hash for `month`."""
    if not by.strip():
        raise RadioError("--by: give the approver's name")
    with transaction(engine) as session:
        approval = ApprovalRow(month=month, script_sha256=script_sha256, approved_by=by.strip(),
                               approved_at=now)
        approvals.add_approval(session, approval)
    return approval


def require_approval(engine: Engine, month: str, script_sha256: str) -> ApprovalRow:
    """The approval covering this exact script, or a RadioError saying what to do."""
    with transaction(engine) as session:
        approval = approvals.latest_approval(session, month)
    if approval is None:
        raise RadioError(f"{month} is not approved; after review run "
                         f"`radio approve {month} --by NAME`, then publish")
    if approval.script_sha256 != script_sha256:
        raise RadioError(
            f"{month}: the script changed after {approval.approved_by} approved it on "
            f"{approval.approved_at:%Y-%m-%d %H:%M} UTC (approved {approval.script_sha256[:12]}…, "
            f"now {script_sha256[:12]}…); have it reviewed and run `radio approve {month} --by NAME` again")
    return approval
