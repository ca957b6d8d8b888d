"""Duyệt: the approver's list and decision."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response

from radio.core.errors import NotReadyError
from radio.lifecycle.months import built_status
from radio.lifecycle.review import ReasonMissing, approve, return_programme
from radio.store.db import transaction
from radio.studio.app import Ctx
from radio.studio.pages.common import _built, _episode, _review

# ---------------------------------------------------------------- Duyệt


def review_list(ctx: Ctx) -> Response:
    settings = ctx.settings
    months = built_status(ctx.studio.engine, settings.program.episodes_dir, settings.network)
    return ctx.render("review_list.html", months=months)


def review_page(ctx: Ctx) -> Response:
    month = ctx.month()
    from radio.store.approvals import latest_approval

    with transaction(ctx.studio.engine) as session:
        approval = latest_approval(session, str(month))
    return ctx.render(
        "review.html",
        month=month,
        facts=_built(ctx, month),
        episode=_episode(ctx, month),
        review=_review(ctx, month),
        approval=approval,
        window=ctx.settings.program.window_s,
    )


def review_decide(ctx: Ctx) -> Response:
    month = ctx.month()
    decision, comment, heard = ctx.one("decision"), ctx.one("comment"), ctx.one("script")
    try:
        if decision == "approve":
            approve(ctx.studio.engine, str(month), ctx.who, ctx.now, heard, comment)
            done = ctx._("Approved.")
        elif decision == "return":
            return_programme(ctx.studio.engine, str(month), ctx.who, comment, ctx.now, heard)
            done = ctx._("Returned to the editor.")
        else:
            raise HTTPException(400)
    except ReasonMissing:
        return ctx.redirect(f"/review/{month}", ctx._("Say what to change when returning a programme."))
    except NotReadyError:  # rebuilt since the page was opened, or withdrawn
        return ctx.redirect(
            f"/review/{month}",
            ctx._("Changed since you opened it: the month was built again. Listen to the new build."),
        )
    return ctx.redirect(f"/review/{month}", done)
