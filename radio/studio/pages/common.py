"""Shared by the Studio's pages: labels, the navigation, and the month's plan, build and review."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup, escape

from radio.content.plan import CommunicationPlan, plan_in_force
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.core.progress import VOICE_LABELS
from radio.lifecycle.months import STATE_LABELS
from radio.lifecycle.review import latest_review
from radio.store import episodes as store
from radio.store.db import transaction
from radio.store.tables import EpisodeRow as Episode
from radio.store.tables import ReviewRow as ReviewRequest
from radio.studio.app import Ctx
from radio.studio.auth import Can, Role
from radio.studio.files import MAX_UPLOAD

ROLE_LABELS = {
    Role.EDITOR: N_("Editor"),
    Role.APPROVER: N_("Approver"),
    Role.ADMIN: N_("Technician (admin)"),
    Role.VIEWER: N_("Office (read-only)"),
}
def shorten(text: str, limit: int) -> str:
    """`text` cut at the last word boundary within `limit` characters, with "…" (never mid-word)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(None, 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:.–-") + "…"


def ticks(text: str) -> Markup:
    """A catalog sentence with `commands` in backticks, shown with each command as code."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)))


TEMPLATE_HELPERS: dict[str, Any] = {
    "shorten": shorten,
    "ticks": ticks,
    "STATE_LABELS": STATE_LABELS,
    "VOICE_LABELS": VOICE_LABELS,
    "ROLE_LABELS": ROLE_LABELS,
    "MAX_UPLOAD_MB": MAX_UPLOAD // (1024 * 1024),
}


def navigation(ctx: Ctx) -> list[tuple[str, str]]:
    """(path, label) of the pages the account may open, in the issue's order."""
    if ctx.account is None:
        return []
    year = ctx.now.astimezone(ctx.settings.network.timezone).year
    items = []
    if ctx.account.can(Can.EDIT):
        items += [(f"/year/{year}", N_("Year"))]
    if ctx.account.can(Can.APPROVE):
        items += [("/review", N_("Approval"))]
    if ctx.account.can(Can.WATCH):
        items += [(f"/schedule/{_this_month(ctx)}", N_("Schedule"))]
    if ctx.account.can(Can.ADMIN):
        items += [("/publish", N_("Publish")), ("/facts", N_("Facts register")), ("/users", N_("Users")),
                  ("/audit", N_("Audit log"))]
    if ctx.account.can(Can.WATCH):
        items += [("/stations", N_("Stations")), (f"/reports?period={year}", N_("Reports"))]
    return items


def _this_month(ctx: Ctx) -> Month:
    local = ctx.now.astimezone(ctx.settings.network.timezone)
    return Month(local.year, local.month)


def _plan(ctx: Ctx, year: int) -> CommunicationPlan | None:
    """The communication plan in force for `year` (its content areas), None when there is none."""
    try:
        return plan_in_force(year, ctx.settings.program.plans_dir).plan
    except RadioError:
        return None


def _area_ids(ctx: Ctx, month: Month) -> tuple[int, ...]:
    plan = _plan(ctx, month.year)
    return plan.area_ids if plan else ()


def _episode(ctx: Ctx, month: Month) -> Episode | None:
    with transaction(ctx.studio.engine) as session:
        return store.find_episode(session, str(month))


def _built(ctx: Ctx, month: Month) -> dict[str, Any] | None:
    path = ctx.settings.program.episodes_dir / str(month) / "build.json"
    if not path.is_file() or not (path.parent / "episode.mp3").is_file():
        return None
    facts = json.loads(path.read_text(encoding="utf-8"))
    return facts


def _review(ctx: Ctx, month: Month) -> ReviewRequest | None:
    return latest_review(ctx.studio.engine, str(month))
