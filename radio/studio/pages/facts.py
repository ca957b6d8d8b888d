"""Sổ dữ kiện: the facts register kept by the admin (confirm a hotline, a one-stop centre's hours)."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response

from radio.broadcast.stations import group_label
from radio.content.fact_edit import FactChange
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.lifecycle.facts import FactState, change_fact, register_entries
from radio.studio.app import Ctx

STATE_TEXT = {
    FactState.CONFIRMED: N_("confirmed"),
    FactState.EXAMPLE: N_("example to confirm"),
    FactState.EXPIRED: N_("expired"),
    FactState.HISTORY: N_("ended (replaced)"),
}


def facts_page(ctx: Ctx) -> Response:
    program = ctx.settings.program
    today = ctx.now.astimezone(ctx.settings.network.timezone).date()
    return ctx.render(
        "facts.html",
        entries=register_entries(program.register.facts, program.facts_dir, today),
        states=STATE_TEXT,
        folder=_shown(program.facts_dir or ctx.settings.root / "facts", ctx.settings.root),
        plan_years=(today.year, today.year + 1),
        unit_label=lambda unit: group_label(ctx.settings.network, unit, today),
    )


def facts_save(ctx: Ctx) -> Response:
    file, name = ctx.one("file"), ctx.one("name")
    try:
        index = int(ctx.one("index"))
    except ValueError:
        raise HTTPException(400) from None
    change = FactChange(value=ctx.one("value"), source=ctx.one("source"), confirmed=ctx.one("confirmed") == "yes",
                        address=ctx.one("address"), hours=ctx.one("hours"))
    settings = ctx.settings
    try:
        fact = change_fact(ctx.studio.engine, settings.program.facts_dir, settings.root, file, index, name,
                           change, ctx.who, ctx.now)
    except RadioError as err:
        return ctx.redirect("/facts", ctx._("Not saved:") + " " + ctx.problem(err))
    ctx.studio.reload_settings()  # the next build and every page read the new register
    done = ctx._("Saved: {name}. The next build uses it.").format(name=fact.name)
    if fact.confirmed:
        done += " " + ctx._("Confirmed: a build no longer warns about it.")
    return ctx.redirect(f"/facts#fact-{file}-{index}".replace(".toml", ""), done)


def _shown(folder: Path, root: Path) -> str:
    """The folder as the technician finds it: beside schedule.toml when it is there."""
    return f"{folder.relative_to(root)}/" if folder.is_relative_to(root) else str(folder)
