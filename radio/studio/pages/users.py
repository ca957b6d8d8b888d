"""Users (display names, password resets, login locks; the audit log is pages/audit.py)."""

from __future__ import annotations

from starlette.responses import Response

from radio.core.errors import RadioError
from radio.studio.app import Ctx
from radio.studio.auth import (
    LOGIN_FAILURES,
    LOGIN_WINDOW,
    MIN_PASSWORD,
    Role,
    add_user,
    list_users,
    reset_password,
    set_active,
    set_display_name,
)

# ---------------------------------------------------------------- Users, audit


def users_page(ctx: Ctx, error: str = "", status: int = 200, temporary: tuple[str, str] | None = None) -> Response:
    return ctx.render(
        "users.html", status=status, users=list_users(ctx.studio.engine), roles=list(Role), error=error,
        locks=ctx.studio.limiter.locks(ctx.now), temporary=temporary, min_password=MIN_PASSWORD,
        lock_failures=LOGIN_FAILURES, lock_minutes=int(LOGIN_WINDOW.total_seconds() // 60),
    )


def users_add(ctx: Ctx) -> Response:
    name, role = ctx.one("name"), ctx.one("role")
    try:
        add_user(ctx.studio.engine, name, role, ctx.text("password"), ctx.now, ctx.one("display_name"))
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


def users_rename(ctx: Ctx) -> Response:
    name, shown = ctx.param("name"), ctx.one("display_name")
    try:
        set_display_name(ctx.studio.engine, name, shown)
    except RadioError as err:
        return users_page(ctx, ctx.problem(err), 400)
    ctx.audit("user-rename", name, shown)
    return ctx.redirect("/users", ctx._("Display name saved."))


def users_reset(ctx: Ctx) -> Response:
    """A temporary password, shown in this answer only (never in a cookie, the log or the audit)."""
    name = ctx.param("name")
    try:
        temporary = reset_password(ctx.studio.engine, name)
    except RadioError as err:
        return users_page(ctx, ctx.problem(err), 400)
    ctx.audit("password-reset", name)
    return users_page(ctx, temporary=(name, temporary))


def users_unlock(ctx: Ctx) -> Response:
    name, address = ctx.one("name"), ctx.one("address")
    if not ctx.studio.limiter.unlock(name, address):
        return ctx.redirect("/users", ctx._("No sign-in lock for that user and address."), "problem")
    ctx.audit("login-unlock", name or address, address)
    return ctx.redirect("/users", ctx._("Unlocked: that user may sign in again from that address."))

