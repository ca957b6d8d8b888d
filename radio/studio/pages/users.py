"""Users (the audit log is pages/audit.py)."""

from __future__ import annotations

from starlette.responses import Response

from radio.core.errors import RadioError
from radio.studio.app import Ctx
from radio.studio.auth import Role, add_user, list_users, set_active

# ---------------------------------------------------------------- Users, audit


def users_page(ctx: Ctx, error: str = "", status: int = 200) -> Response:
    return ctx.render(
        "users.html", status=status, users=list_users(ctx.studio.engine), roles=list(Role), error=error
    )


def users_add(ctx: Ctx) -> Response:
    name, role = ctx.one("name"), ctx.one("role")
    try:
        add_user(ctx.studio.engine, name, role, (ctx.form.get("password") or [""])[0], ctx.now)
    except RadioError as err:
        return users_page(ctx, ctx.problem(err), 400)
    ctx.audit("user-add", name, role)
    return ctx.redirect("/users", ctx._("Account created."))


def users_active(ctx: Ctx) -> Response:
    name, active = ctx.param("name"), ctx.one("active") == "1"
    try:
        set_active(ctx.studio.engine, name, active)
    except RadioError as err:
        return users_page(ctx, ctx.problem(err), 400)
    ctx.audit("user-enable" if active else "user-disable", name)
    return ctx.redirect("/users")
