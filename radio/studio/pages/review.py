"""Duyệt: the approver's list and decision."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response

from radio.core.errors import RadioError
from radio.lifecycle.months import built_status
from radio.lifecycle.review import ReasonMissing, RebuiltSinceReview, approve, return_programme
from radio.publish.approval import FactsNotAccepted
from radio.store.db import transaction
from radio.studio.app import Ctx
from radio.studio.pages.common import _built, _episode, _review
from radio.studio.pages.decision import accepted_of, shown_warnings

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
    built, episode = _built(ctx, month), _episode(ctx, month)
    accepted = accepted_of(approval, episode.script_sha256 if episode else None)
    return ctx.render(
        "review.html",
        month=month,
        facts=built,
        episode=episode,
        warnings=shown_warnings(built, accepted, ctx.language),
        accepted=accepted,
        review=_review(ctx, month),
        approval=approval,
        window=ctx.settings.program.window_s,
    )


def review_decide(ctx: Ctx) -> Response:
    month = ctx.month()
    decision, comment, heard = ctx.one("decision"), ctx.one("comment"), ctx.one("script")
    accept = [name for name in ctx.form.get("accept", []) if isinstance(name, str) and name]
    try:
        if decision == "approve":
            approval = approve(ctx.studio.engine, str(month), ctx.who, ctx.now, heard, comment, accept)
            done = ctx._("Approved.")
            if approval.accepted:
                done += " " + ctx._("Accepted by name: {names}.").format(names=", ".join(approval.accepted))
        elif decision == "return":
            return_programme(ctx.studio.engine, str(month), ctx.who, comment, ctx.now, heard)
            done = ctx._("Returned to the editor.")
        else:
            raise HTTPException(400)
    except ReasonMissing:
        return ctx.redirect(f"/review/{month}", ctx._("Say what to change when returning a programme."))
    except FactsNotAccepted as err:
        return ctx.redirect(
            f"/review/{month}",
            ctx._("Not approved: the programme speaks facts that are not confirmed: {names}. Tick each one "
                  "below to accept it by name, or have it confirmed in the facts register and build "
                  "again.").format(names=", ".join(err.missing)),
        )
    except RebuiltSinceReview:
        return ctx.redirect(
            f"/review/{month}",
            ctx._("Changed since you opened it: the month was built again. Listen to the new build."),
        )
    except RadioError as err:  # withdrawn; or a fact accepted that it no longer speaks (a stale form)
        return ctx.redirect(f"/review/{month}", ctx._("Not approved:") + " " + ctx.problem(err))
    return ctx.redirect(f"/review/{month}", done)
