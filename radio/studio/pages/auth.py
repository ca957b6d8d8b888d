"""Sign in, language, home, the health check and changing one's own password."""

from __future__ import annotations

from starlette.responses import PlainTextResponse, RedirectResponse, Response

from radio.core import i18n
from radio.core.errors import RadioError
from radio.studio.app import LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, Ctx, new_login_token, safe_next
from radio.studio.auth import LOGIN_WINDOW, MIN_PASSWORD, SignIn, audit, change_password, limited_sign_in, sign_out
from radio.studio.pages.common import navigation

# ---------------------------------------------------------------- sign in, language, home


def login_page(ctx: Ctx) -> Response:
    token = ctx.request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_token()
    response = ctx.render(
        "login.html", login_csrf=token, next=safe_next(ctx.request.query_params.get("next", "/"))
    )
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def login(ctx: Ctx) -> Response:
    name, password = ctx.one("name"), (ctx.form.get("password") or [""])[0]
    address = ctx.request.client.host if ctx.request.client else "-"
    token = ctx.request.cookies.get(LOGIN_CSRF_COOKIE, "")
    outcome, session_id = limited_sign_in(
        ctx.studio.engine, ctx.studio.limiter, name, str(password), address, ctx.now
    )
    if outcome is SignIn.LOCKED:
        return ctx.render(
            "login.html",
            status=429,
            login_csrf=token,
            next="/",
            error=ctx._("Too many wrong passwords for {name} from this computer; wait {minutes} minutes, "
                        "or ask the technician to unlock it on the Users page.").format(
                name=name, minutes=int(LOGIN_WINDOW.total_seconds() // 60)),
        )
    if session_id is None:
        ctx.audit("login-failed", name)
        return ctx.render(
            "login.html", status=401, login_csrf=token, next="/", error=ctx._("Wrong name or password.")
        )
    response = RedirectResponse(safe_next(ctx.one("next", "/")), status_code=303)
    response.set_cookie(SESSION_COOKIE, ctx.studio.signer.dumps(session_id), httponly=True, samesite="lax")
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    audit(ctx.studio.engine, name, "login", name, ctx.now)
    return response


def logout(ctx: Ctx) -> Response:
    assert ctx.account is not None
    sign_out(ctx.studio.engine, ctx.account.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def language(ctx: Ctx) -> Response:
    code = i18n.pick_language(ctx.param("code"))
    response = RedirectResponse(safe_next(ctx.request.query_params.get("next", "/")), status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=3600 * 24 * 365, samesite="lax")
    return response


def home(ctx: Ctx) -> Response:
    if ctx.account is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(navigation(ctx)[0][0], status_code=303)


def health(ctx: Ctx) -> Response:
    return PlainTextResponse("ok")


# ---------------------------------------------------------------- Đổi mật khẩu


def password_page(ctx: Ctx, error: str = "", status: int = 200) -> Response:
    return ctx.render("password.html", status=status, error=error, min_password=MIN_PASSWORD)


def password_change(ctx: Ctx) -> Response:
    assert ctx.account is not None
    try:
        change_password(ctx.studio.engine, ctx.account.name, ctx.text("old"), ctx.text("new"),
                        ctx.text("repeat"), keep_session=ctx.account.session_id)
    except RadioError as err:
        return password_page(ctx, ctx.problem(err), 400)
    ctx.audit("password-change", ctx.account.name)
    return ctx.redirect(  # straight to the first page: "/" redirects again and would drop the notice
        navigation(ctx)[0][0], ctx._("Password changed. Other browsers signed in as you were signed out.")
    )
