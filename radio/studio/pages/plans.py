"""Kế hoạch năm: a new year's communication plan started from the last one, edited by the admin."""

from __future__ import annotations

from datetime import date

from starlette.responses import Response

from radio.content.plan import CONFIRMABLE, load_plan, plan_files, plan_in_force
from radio.content.plan_edit import AreaEdit, PlanEdit, edited_plan_text, plan_path, start_plan
from radio.core.atomic import write_text_atomic
from radio.core.errors import RadioError, os_error
from radio.core.i18n import N_
from radio.studio.app import Ctx

FIELD_LABELS = {"title": N_("Title"), "issuer": N_("Issued by"), "report.deadline": N_("Report deadline"),
                "areas": N_("Content areas and their references")}


def plan_page(ctx: Ctx) -> Response:
    year = ctx.year()
    program = ctx.settings.program
    own = plan_files(program.plans_dir).get(year)
    try:
        in_force = plan_in_force(year, program.plans_dir, 1)
    except RadioError as err:
        return ctx.render("plan.html", year=year, plan=None, last=None, problem=ctx.problem(err),
                          labels=FIELD_LABELS)
    plan = load_plan(own) if own else None
    return ctx.render("plan.html", year=year, plan=plan, last=None if plan else in_force.plan, problem="",
                      labels=FIELD_LABELS)


def plan_start(ctx: Ctx) -> Response:
    year = ctx.year()
    settings = ctx.settings
    try:
        target = start_plan(settings.program.plans_dir, settings.root, year)
    except RadioError as err:
        return ctx.redirect(f"/plans/{year}", ctx._("Not started:") + " " + ctx.problem(err))
    ctx.audit("plan-new", str(year), str(target.name))
    ctx.studio.reload_settings()
    return ctx.redirect(f"/plans/{year}", ctx._(
        "The {year} plan was started from the last one. Replace each field marked to confirm with the "
        "province's plan when it is issued.").format(year=year))


def plan_save(ctx: Ctx) -> Response:
    year = ctx.year()
    settings = ctx.settings
    source = plan_files(settings.program.plans_dir).get(year)
    if source is None:
        return ctx.redirect(f"/plans/{year}", ctx._("Start the plan first."))
    target = plan_path(settings.program.plans_dir, settings.root, year)
    try:
        current = load_plan(source)
        deadline = date.fromisoformat(ctx.one("deadline"))
        edit = PlanEdit(
            title=ctx.one("title"), issuer=ctx.one("issuer"), deadline=deadline,
            areas=tuple(AreaEdit(a.id, ctx.one(f"area-{a.id}-title"), ctx.one(f"area-{a.id}-spoken"),
                                 tuple(ctx.text(f"area-{a.id}-references").splitlines()))
                        for a in current.areas),
            confirmed=frozenset(name for name in CONFIRMABLE if ctx.one(f"confirmed-{name}") == "yes"))
        text, plan = edited_plan_text(source.read_text(encoding="utf-8"), target, edit)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, text)
    except ValueError:
        return ctx.redirect(f"/plans/{year}", ctx._("Not saved:") + " " + ctx._("give the deadline as a date."))
    except OSError as err:
        return ctx.redirect(f"/plans/{year}", ctx._("Not saved:") + " " + ctx.problem(os_error(err, target)))
    except RadioError as err:
        return ctx.redirect(f"/plans/{year}", ctx._("Not saved:") + " " + ctx.problem(err))
    ctx.audit("plan-edit", str(year), ", ".join(plan.confirm))
    ctx.studio.reload_settings()
    return ctx.redirect(f"/plans/{year}", ctx._("Saved: the next build uses this plan."))
