"""The Studio's web app: routes parse input, check the account's role, and call library functions.

Every route is declared once in ROUTES with what it needs (radio.studio.auth.Can); `_guard` enforces
it on the server for every request: anonymous → redirect to /login, wrong role → 403, a POST without
the session's CSRF token → 403. Pages are server-rendered Jinja2 in Vietnamese (English selectable).
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from radio.broadcast.stations import Station
from radio.config import Settings, load_settings
from radio.core import i18n
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.store.db import database_url, open_engine
from radio.studio.auth import (
    Account,
    Can,
    LoginLimiter,
    account,
    audit,
    display_names,
    same_token,
    secret_key,
)
from radio.studio.builds import BuildJob, BuildRunner
from radio.studio.guard import FORM_BODY, BodyTooLarge, Guard, Security, budget_of

log = logging.getLogger("radio.studio")
HERE = Path(__file__).resolve().parent
SESSION_COOKIE, LOGIN_CSRF_COOKIE, LANG_COOKIE, FLASH_COOKIE = (
    "radio_session",
    "radio_login",
    "radio_lang",
    "radio_flash",
)
PASSWORD_PATHS = ("/password", "/logout")  # all an account whose password was reset may open


@dataclass
class Ctx:
    """One request as a page function sees it."""

    studio: Studio
    request: Request
    account: Account | None
    language: str
    form: dict[str, list[Any]] = field(default_factory=dict)
    flash: str = ""
    _people: dict[str, str] | None = field(default=None, repr=False)
    notices: list[Any] | None = None  # what waits on the account, once per request (pages.notifications)
    flash_kind: str = "done"  # how the notice is shown: done (success), hint, or problem

    @property
    def settings(self) -> Settings:
        return self.studio.settings()

    @property
    def who(self) -> str:
        """The signed-in account's name ('' for a page open to anyone)."""
        return self.account.name if self.account else ""

    def person(self, name: str | None) -> str:
        """The display name of the account a record names (records keep the login), else the name
        as recorded (`radio approve --by "Nguyễn Văn A"` writes a person's name already)."""
        if not name:
            return ""
        if self._people is None:  # one query, and only on a page that shows a name
            self._people = display_names(self.studio.engine)
        return self._people.get(name, name)

    @property
    def now(self) -> datetime:
        return self.studio.clock()

    def _(self, message: str) -> str:
        return i18n.gettext(self.language, message)

    def station_name(self, station: Station) -> str:
        """A station as every page names it: by the unit it serves today (as the report does)."""
        from radio.lifecycle.stations import display_name

        return display_name(station, self.now)

    def problem(self, err: Exception) -> str:
        """An error as the reader reads it: a RadioError in the page's language, else its text."""
        return err.in_language(self.language) if isinstance(err, RadioError) else str(err)

    def one(self, name: str, default: str = "") -> str:
        value = (self.form.get(name) or [default])[0]
        return value.strip() if isinstance(value, str) else default

    def text(self, name: str) -> str:
        """A text field as sent (not stripped); '' when absent or sent as a file."""
        value = (self.form.get(name) or [""])[0]
        return value if isinstance(value, str) else ""

    def file(self, name: str) -> UploadFile | None:
        value = (self.form.get(name) or [None])[0]
        return value if isinstance(value, UploadFile) and value.filename else None

    def param(self, name: str) -> str:
        return str(self.request.path_params[name])

    def month(self) -> Month:
        try:
            return Month.parse(self.param("month"))
        except RadioError:
            raise HTTPException(404) from None

    def year(self) -> int:
        """The `{year}` of the path (a page of a year plan or of a year's months), 404 if not one."""
        text = self.param("year")
        if not (text.isdigit() and 2000 <= int(text) <= 2100):
            raise HTTPException(404)
        return int(text)

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(self.studio.render(template, self, **values), status_code=status)

    def redirect(self, path: str, flash: str = "", kind: str = "done") -> RedirectResponse:
        """Go to `path` with a notice: `kind` "done" (green), "hint" (a next step) or "problem"."""
        response = RedirectResponse(path, status_code=303)
        if flash:
            response.set_cookie(
                FLASH_COOKIE, self.studio.signer.dumps([kind, flash]), httponly=True, samesite="lax",
                max_age=60,
            )
        return response

    def audit(self, action: str, target: str, detail: str = "") -> None:
        audit(
            self.studio.engine, self.account.name if self.account else "-", action, target, self.now, detail
        )


Handler = Callable[[Ctx], Response]


@dataclass(frozen=True)
class Page:
    method: str
    path: str
    handler: Handler
    need: Can | None  # None: open to anyone (login, static, language)
    body: int = FORM_BODY  # bytes a signed-in request may send (anonymous ones: guard.ANONYMOUS_BODY)


class Studio:
    """Settings, database and helpers shared by every request of one running Studio."""

    def __init__(self, config_path: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.config_path = config_path.resolve()
        self.clock = clock or (lambda: datetime.now(UTC))
        self._settings: tuple[tuple[int, ...], Settings] | None = None
        settings = self.settings()
        self.engine = open_engine(database_url(settings.root))
        self.limiter = LoginLimiter()
        self.signer = URLSafeSerializer(secret_key(settings.root / ".radio"), salt="radio-studio")
        self.builds = BuildRunner(self._build_finished)
        self.cache: dict[tuple[Any, ...], Any] = {}  # reports by (period, format, records' version, …)
        self.jinja = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        from radio.studio import pages  # pages import this module's Ctx and Page

        self.jinja.globals.update(pages.TEMPLATE_HELPERS)

    def settings(self) -> Settings:
        """schedule.toml as it is now: the Studio and the CLI always read the same file."""
        stamp = _stamp(self.config_path)
        if self._settings is None or self._settings[0] != stamp:
            self._settings = (stamp, load_settings(self.config_path))
        return self._settings[1]

    def reload_settings(self) -> None:
        """Read the settings again at the next request: a page changed a file they read (a fact, a
        plan) that schedule.toml's own stamp does not cover."""
        self._settings = None

    def settle(self) -> None:
        """Finish or undo a half-finished build before any page reads a month (as `radio build`
        would): a page, an approval or a publish never sees the old record beside a new MP3."""
        from radio.pipeline.journal import settle

        for notice in settle(self.settings().program.episodes_dir, self.engine):
            log.warning("studio: %s", notice)

    def render(self, template: str, ctx: Ctx, **values: Any) -> str:
        from radio.studio import pages

        language = ctx.language
        zone = ctx.settings.network.timezone  # once a page, not once a date (each a stat of schedule.toml)

        def fmt_moment(moment: datetime | None, weekday: bool = False) -> str:
            return "—" if moment is None else i18n.moment_text(moment, zone, language, weekday)

        return self.jinja.get_template(template).render(
            _=ctx._,
            ctx=ctx,
            account=ctx.account,
            language=language,
            flash=ctx.flash,
            flash_kind=ctx.flash_kind,
            csrf=ctx.account.csrf if ctx.account else "",
            moment=fmt_moment,
            number=lambda v, d=1: i18n.number(v, d, language),
            clock=i18n.clock_text,
            day=i18n.day_text,
            weekday=lambda d: i18n.weekday(d, language),
            nav=pages.navigation(ctx),
            notices=pages.notices(ctx),
            path=ctx.request.url.path,
            person=ctx.person,
            built_at=datetime.fromisoformat,
            **values,
        )

    def _build_finished(self, job: BuildJob) -> None:
        audit(
            self.engine,
            job.by,
            "build" if not job.error else "build-failed",
            job.month,
            self.clock(),
            job.error or _built_sha256(job),
        )


def _built_sha256(job: BuildJob) -> str:
    """What the audit names: the new MP3, or "unchanged" when the build had nothing to redo."""
    if job.result is None:
        return ""
    return job.result.facts.sha256 if job.result.facts is not None else "unchanged"


def create_app(
    config_path: Path, clock: Callable[[], datetime] | None = None, security: Security | None = None
) -> Starlette:
    """The Studio as an ASGI app; `security` says how it is reached (hosts, proxies, HTTPS)."""
    from radio.studio import pages

    studio = Studio(config_path, clock)

    def endpoint(page: Page) -> Callable[[Request], Any]:
        async def run(request: Request) -> Response:
            return await _guard(studio, page, request)

        return run

    routes: list[BaseRoute] = [
        Route(p.path, endpoint(p), methods=[p.method], name=f"{p.method} {p.path}") for p in pages.PAGES
    ]
    routes.append(Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(studio.builds.stop)  # no build thread outlives the Studio

    app = Starlette(
        lifespan=lifespan,
        routes=routes,
        exception_handlers={
            HTTPException: lambda request, exc: _error_page(studio, request, exc.status_code),
            Exception: lambda request, exc: _crash(studio, request, exc),
        },
    )
    app.state.studio = studio
    app.add_middleware(Guard, security=security or Security())
    return app


async def _guard(studio: Studio, page: Page, request: Request) -> Response:
    language = i18n.pick_language(request.cookies.get(LANG_COOKIE))
    who = _account(studio, request)
    budget = budget_of(request.scope)
    if who is not None:  # anonymous bodies keep the guard's few KB
        budget.limit = page.body
    length = request.headers.get("content-length")
    if length and (not length.isdigit() or int(length) > budget.limit):
        return _error_page(studio, request, 413)
    ctx = Ctx(studio, request, who, language)
    if page.need is not None:
        if who is None:
            target = request.url.path if request.method == "GET" else "/"
            return RedirectResponse(f"/login?next={target}", status_code=303)
        if who.must_change_password and page.path not in PASSWORD_PATHS:
            return RedirectResponse("/password", status_code=303)  # a reset: the temporary one opens no page
        if not who.can(page.need):
            return _error_page(studio, request, 403, ctx)
        await run_in_threadpool(studio.settle)
    if request.method == "POST":
        try:
            form = await request.form(max_files=4, max_fields=2000, max_part_size=2 * 1024 * 1024)
        except BodyTooLarge:
            return _error_page(studio, request, 413, ctx)
        ctx.form = {key: form.getlist(key) for key in form}
        token = request.headers.get("x-csrf-token") or ctx.one("csrf")
        expected = who.csrf if who else request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected or not same_token(expected, token):
            return _error_page(
                studio,
                request,
                403,
                ctx,
                N_("The form has expired or did not come from this Studio; reload the page and try again."),
            )
    flash = request.cookies.get(FLASH_COOKIE)
    if flash:
        with contextlib.suppress(BadSignature):  # a forged or stale notice is just not shown
            notice = studio.signer.loads(flash)
            if isinstance(notice, list) and len(notice) == 2:
                ctx.flash_kind, ctx.flash = str(notice[0]), str(notice[1])
            else:
                ctx.flash = str(notice)
    try:
        response = await run_in_threadpool(page.handler, ctx)
    finally:
        if request.method == "POST":
            for values in ctx.form.values():
                for value in values:
                    if isinstance(value, UploadFile):
                        await value.close()
    if flash:
        response.delete_cookie(FLASH_COOKIE)
    return response


def _account(studio: Studio, request: Request) -> Account | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        session_id = studio.signer.loads(cookie)
    except BadSignature:
        return None
    return account(studio.engine, str(session_id), studio.clock())


_STATUS_MESSAGES = {
    400: N_("The request could not be understood."),
    403: N_("Your account may not open this page."),
    404: N_("This page does not exist."),
    405: N_("This address does not accept that kind of request."),
    409: N_("Changed since you opened it."),
    413: N_("The upload is too large."),
    429: N_("Too many failed logins; wait 15 minutes and try again."),
    500: N_(
        "Something went wrong in the Studio. Nothing half-done was kept; try again, "
        "and tell the technician if it happens again."
    ),
}


def _error_page(
    studio: Studio, request: Request, status: int, ctx: Ctx | None = None, message: str | None = None
) -> Response:
    language = i18n.pick_language(request.cookies.get(LANG_COOKIE))
    ctx = ctx or Ctx(studio, request, _safe_account(studio, request), language)
    text = ctx._(message or _STATUS_MESSAGES.get(status, _STATUS_MESSAGES[500]))
    try:
        return ctx.render("error.html", status=status, status_code=status, message=text)
    except Exception:  # noqa: BLE001 — an error page must never fail into a traceback
        return PlainTextResponse(text, status_code=status)


def _crash(studio: Studio, request: Request, exc: Exception) -> Response:
    log.error("studio: %s %s failed", request.method, request.url.path, exc_info=exc)
    return _error_page(studio, request, 500)


def _safe_account(studio: Studio, request: Request) -> Account | None:
    try:
        return _account(studio, request)
    except Exception:  # noqa: BLE001 — the error page shows signed out rather than fail in turn
        return None


def _stamp(path: Path) -> tuple[int, ...]:
    try:
        return (path.stat().st_mtime_ns, path.stat().st_size)
    except OSError:
        return (0,)


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def safe_next(target: str) -> str:
    """Only a path on this Studio: never //elsewhere or an absolute URL."""
    return target if re.match(r"^/[^/\\]", target or "") else "/"
