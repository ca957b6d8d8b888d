"""Nhật ký: the audit log in the office's words (actions, targets and details as people read them).

Entries keep the short English action names and machine-made details they were written with (old
rows too); this page turns each into Vietnamese when it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from starlette.responses import Response

from radio.broadcast.slots import slots_label
from radio.core.i18n import N_
from radio.store.tables import AuditRow
from radio.studio.app import Ctx
from radio.studio.auth import Role, audit_log
from radio.studio.pages.common import ROLE_LABELS

# Every action any part of radio writes; an action not listed here is shown as written.
ACTION_LABELS = {
    "login": N_("Signed in"),
    "login-failed": N_("Sign-in refused (wrong name or password)"),
    "user-add": N_("Account created"),
    "user-enable": N_("Account enabled"),
    "user-disable": N_("Account disabled"),
    "edit": N_("Edited the month"),
    "upload": N_("Recording uploaded"),
    "recording-remove": N_("Recording removed"),
    "build-start": N_("Build started"),
    "build": N_("Built"),
    "build-failed": N_("Build failed"),
    "lexicon": N_("Reading fixed"),
    "submit": N_("Sent for approval"),
    "return": N_("Returned to the editor"),
    "approve": N_("Approved"),
    "schedule": N_("Scheduled"),
    "slots": N_("Slots changed"),
    "keygen": N_("Signing key created"),
    "publish": N_("Published"),
    "emergency": N_("Emergency sent"),
    "withdraw": N_("Test build withdrawn"),
    "recall": N_("Emergency recalled"),
    "fact": N_("Fact in the register changed"),
    "plan-new": N_("Year plan started from the last one"),
    "plan-edit": N_("Year plan edited"),
    "password-change": N_("Password changed"),
    "password-reset": N_("Password reset by the technician"),
    "user-rename": N_("Display name changed"),
    "login-unlock": N_("Sign-in lock lifted"),
    "token": N_("Station report token issued"),
}


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    user: str
    action: str
    target: str
    detail: str


def _airings(ctx: Ctx, detail: str) -> str:
    found = re.fullmatch(r"(\d+) airings", detail)
    return ctx._("{count} airings").format(count=found[1]) if found else detail


def _release(ctx: Ctx, detail: str) -> str:
    found = re.fullmatch(r"release (\d+)(?:: (.*))?", detail, re.S)
    if not found:
        return detail
    return ctx._("release {sequence}").format(sequence=found[1]) + (f": {found[2]}" if found[2] else "")


def _built(ctx: Ctx, detail: str) -> str:
    if detail == "unchanged":
        return ctx._("Unchanged")
    return f"MP3 {detail[:12]}…" if re.fullmatch(r"[0-9a-f]{64}", detail) else detail


def _upload(ctx: Ctx, detail: str) -> str:
    segment, _, stored = detail.partition(" → ")
    return f"{segment} → {PurePath(stored).name}" if stored else detail


def _role(ctx: Ctx, detail: str) -> str:
    return ctx._(ROLE_LABELS[Role(detail)]) if detail in set(Role) else detail


_DETAILS: dict[str, Callable[[Ctx, str], str]] = {
    "schedule": _airings,
    "publish": _release,
    "build": _built,
    "upload": _upload,
    "user-add": _role,
    "slots": lambda ctx, detail: slots_label(detail.split("; "), ctx.language) if detail else detail,
    "edit": lambda ctx, detail: ctx._("in the text editor") if detail == "text editor" else detail,
}


def audit_line(ctx: Ctx, entry: AuditRow) -> AuditLine:
    """One entry as the office reads it: never a path on the centre's disk or an internal id."""
    action, target, detail = entry.action, entry.target, entry.detail or ""
    if action == "keygen":  # the target was the public key's path
        target = PurePath(target).name
    elif action == "emergency":  # "TITLE → N station(s), release S"; the target was the item's id
        found = re.fullmatch(r"(.*) → (\d+) station\(s\), release (\d+)", detail, re.S)
        if found:
            target = found[1]
            detail = ctx._("to {count} stations, release {sequence}").format(count=found[2], sequence=found[3])
    elif action in _DETAILS:
        detail = _DETAILS[action](ctx, detail)
    label = ACTION_LABELS.get(action)
    return AuditLine(entry.at, entry.user, ctx._(label) if label else action, target, detail)


def audit_page(ctx: Ctx) -> Response:
    return ctx.render("audit.html", entries=[audit_line(ctx, e) for e in audit_log(ctx.studio.engine)])
