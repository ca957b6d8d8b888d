"""Every page of the Studio: parse the request, call the library, render. Declared in PAGES."""

from __future__ import annotations

import calendar
import contextlib
import json
import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from radio.broadcast.schedule import schedule_month
from radio.content.plan import CommunicationPlan, plan_in_force
from radio.core import i18n
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.pipeline.context import build_planning
from radio.protocol import minisign
from radio.protocol.kinds import Priority
from radio.publish.approval import approve
from radio.publish.publisher import add_emergency, publish
from radio.reading.user_lexicon import add_word
from radio.report import FORMATS, make_report, period_months, policy_for, render, story_of
from radio.speech.takes import take_path
from radio.store import studio as store
from radio.store.db import transaction
from radio.store.tables import EpisodeRow as Episode
from radio.store.tables import ReviewRow as ReviewRequest
from radio.studio import months as month_input
from radio.studio.app import (
    LANG_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Ctx,
    Page,
    new_login_token,
    safe_next,
)
from radio.studio.auth import Can, Role, add_user, audit_log, list_users, set_active, sign_in, sign_out
from radio.studio.files import MAX_UPLOAD, set_slots, store_recording
from radio.studio.status import (
    MonthState,
    airing_calendar,
    built_status,
    station_status,
    sync_summary,
    year_status,
)

PASSWORD_ENV = "RADIO_SIGNING_PASSWORD"


STATE_LABELS = {
    MonthState.NO_INPUT: N_("No input"),
    MonthState.DRAFT: N_("Draft"),
    MonthState.BUILT: N_("Built"),
    MonthState.WAITING: N_("Waiting for approval"),
    MonthState.RETURNED: N_("Returned"),
    MonthState.APPROVED: N_("Approved"),
    MonthState.SCHEDULED: N_("Scheduled"),
    MonthState.PUBLISHED: N_("Published"),
}
ROLE_LABELS = {
    Role.EDITOR: N_("Editor"),
    Role.APPROVER: N_("Approver"),
    Role.ADMIN: N_("Technician (admin)"),
    Role.VIEWER: N_("Office (read-only)"),
}
TEMPLATE_HELPERS: dict[str, Any] = {
    "STATE_LABELS": STATE_LABELS,
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
        items += [("/publish", N_("Publish")), ("/users", N_("Users")), ("/audit", N_("Audit log"))]
    if ctx.account.can(Can.WATCH):
        items += [("/stations", N_("Stations")), (f"/reports?period={year}", N_("Reports"))]
    return items


def _this_month(ctx: Ctx) -> Month:
    local = ctx.now.astimezone(ctx.settings.network.timezone)
    return Month(local.year, local.month)


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
    keys = (f"name:{name.lower()}", f"ip:{address}")
    token = ctx.request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if ctx.studio.limiter.blocked(keys, ctx.now):
        return ctx.render(
            "login.html",
            status=429,
            login_csrf=token,
            next="/",
            error=ctx._("Too many failed logins; wait 15 minutes and try again."),
        )
    session_id = sign_in(ctx.studio.engine, name, str(password), ctx.now)
    if session_id is None:
        ctx.studio.limiter.failed(keys, ctx.now)
        ctx.audit("login-failed", name)
        return ctx.render(
            "login.html", status=401, login_csrf=token, next="/", error=ctx._("Wrong name or password.")
        )
    response = RedirectResponse(safe_next(ctx.one("next", "/")), status_code=303)
    response.set_cookie(SESSION_COOKIE, ctx.studio.signer.dumps(session_id), httponly=True, samesite="lax")
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    from radio.studio.auth import audit

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


# ---------------------------------------------------------------- Năm


def year_page(ctx: Ctx) -> Response:
    try:
        year = int(ctx.param("year"))
    except ValueError:
        raise HTTPException(404) from None
    if not 2000 <= year <= 2100:
        raise HTTPException(404)
    settings = ctx.settings
    months = year_status(ctx.studio.engine, settings.program.episodes_dir, settings.network, year)
    problems: list[str] = []
    areas = _plan(ctx, year)
    try:
        plan = build_planning(settings, Month(year, 1), save=False).year_plan
    except RadioError as err:
        plan, problems = None, [str(err)]
    today = ctx.now.astimezone(settings.network.timezone)
    alerts = []
    for status in months:
        start = status.month.start(settings.network.timezone)
        if status.state in (MonthState.NO_INPUT, MonthState.DRAFT, MonthState.BUILT) and timedelta(
            0
        ) <= start - today <= timedelta(days=21):
            alerts.append(
                ctx._("{month} starts in {days} days and has no approved programme.").format(
                    month=f"{status.month.month:02d}/{year}", days=(start - today).days
                )
            )
    never, quiet = sync_summary(ctx.studio.engine, settings.network, ctx.now, timedelta(days=7))
    if quiet:
        alerts.append(ctx._("{count} station(s) have not synced for more than 7 days.").format(count=quiet))
    if never:
        alerts.append(ctx._("{count} station(s) have never synced.").format(count=never))
    return ctx.render(
        "year.html",
        year=year,
        months=months,
        plan=plan,
        alerts=alerts,
        problems=problems,
        areas=areas.areas if areas else (),
        titles={a.id: a.title for a in areas.areas} if areas else {},
    )


# ---------------------------------------------------------------- Tháng


def month_page(
    ctx: Ctx,
    form: month_input.MonthForm | None = None,
    status: int = 200,
    error: str = "",
    version: str | None = None,
    raw: str | None = None,
) -> Response:
    month = ctx.month()
    settings = ctx.settings
    current = month_input.open_input(settings.program.episodes_dir, month)
    broken = ""
    if form is None:
        try:
            form = month_input.form_from_text(current.text)
        except Exception:  # noqa: BLE001 — tomlkit's own parse errors: the file is shown raw
            broken, form = current.error or "invalid TOML", month_input.MonthForm()
    file_error = current.error
    position = month_input.toml_position(file_error) if file_error else None
    predicted = None
    if not file_error and current.text:
        key = ("predicted", str(month), current.version, _stamp_of(settings.path))
        if key not in ctx.studio.cache:
            try:
                ctx.studio.cache[key] = _predicted(ctx, month, None)
            except RadioError as err:
                ctx.studio.cache[key] = {"error": str(err)}
        predicted = ctx.studio.cache[key]
    plan_topics: tuple[int, ...] = ()
    with contextlib.suppress(RadioError):  # a broken plan is reported on the year page
        plan_topics = build_planning(settings, month, save=False).year_plan.topics(month.month)
    areas = _plan(ctx, month.year)
    return ctx.render(
        "month.html",
        status=status,
        month=month,
        form=form,
        file=current,
        version=version or current.version,
        file_error=file_error,
        broken=broken,
        position=position,
        error=error,
        predicted=predicted,
        plan_topics=plan_topics,
        areas=areas.areas if areas else (),
        raw=raw if raw is not None else current.text,
        news=form.news + [month_input.NewsForm()],
        qa=form.qa + [month_input.QAForm()],
        figures=form.figures + [("", "")],
    )


def _plan(ctx: Ctx, year: int) -> CommunicationPlan | None:
    """The communication plan in force for `year` (its content areas), None when there is none."""
    try:
        return plan_in_force(year, ctx.settings.program.plans_dir).plan
    except RadioError:
        return None


def _area_ids(ctx: Ctx, month: Month) -> tuple[int, ...]:
    plan = _plan(ctx, month.year)
    return plan.area_ids if plan else ()


def month_view(ctx: Ctx) -> Response:
    return month_page(ctx)


def month_save(ctx: Ctx) -> Response:
    month = ctx.month()
    settings = ctx.settings
    form = month_input.form_from_fields(ctx.form)
    version = ctx.one("version")
    form.errors = month_input.check_form(form, _area_ids(ctx, month))
    if form.errors:
        return month_page(
            ctx, form, 400, ctx._("Some fields need attention; see the messages beside them."), version
        )
    current = month_input.open_input(settings.program.episodes_dir, month)
    try:
        text = month_input.apply_form(current.text, form, month)
    except Exception as err:  # noqa: BLE001 — a hand-broken file cannot take form values
        return month_page(
            ctx,
            form,
            400,
            ctx._("The file cannot be read; fix it in the text editor below.") + f" ({err})",
            version,
        )
    problem = month_input.validate_text(text, settings.program.episodes_dir, month)
    if problem:
        form.errors = _field_of(problem)
        return month_page(ctx, form, 400, ctx._("The month's input is not valid:") + " " + problem, version)
    try:
        month_input.save_text(current.path, text, version)
    except month_input.ChangedSinceOpened:
        return month_page(ctx, form, 409, _changed(ctx), version)
    ctx.audit("edit", str(month))
    return ctx.redirect(f"/month/{month}", ctx._("Saved."))


def _changed(ctx: Ctx) -> str:
    return ctx._(
        "Changed since you opened it: someone else saved this month. "
        "Your text is kept below; reload to see theirs."
    )


def month_raw(ctx: Ctx) -> Response:
    """The text editor under the form: for a file broken by hand, or an expert's edit."""
    month = ctx.month()
    settings = ctx.settings
    text, version = (ctx.form.get("raw") or [""])[0].replace("\r\n", "\n"), ctx.one("version")
    problem = month_input.validate_text(text, settings.program.episodes_dir, month)
    if problem:
        return month_page(
            ctx, None, 400, ctx._("The month's input is not valid:") + " " + problem, version, raw=text
        )
    path = month_input.open_input(settings.program.episodes_dir, month).path
    try:
        month_input.save_text(path, text, version)
    except month_input.ChangedSinceOpened:
        return month_page(ctx, None, 409, _changed(ctx), version, raw=text)
    ctx.audit("edit", str(month), "text editor")
    return ctx.redirect(f"/month/{month}", ctx._("Saved."))


def month_predict(ctx: Ctx) -> Response:
    month = ctx.month()
    form = month_input.form_from_fields(ctx.form)
    if month_input.check_form(form, _area_ids(ctx, month)):
        return JSONResponse({"error": ctx._("Some fields need attention; see the messages beside them.")})
    current = month_input.open_input(ctx.settings.program.episodes_dir, month)
    try:
        text = month_input.apply_form(current.text, form, month)
        return JSONResponse(_predicted(ctx, month, text))
    except Exception as err:  # noqa: BLE001 — a prediction failing must not break typing
        return JSONResponse({"error": str(err)})


def _predicted(ctx: Ctx, month: Month, text: str | None) -> dict[str, Any]:
    from radio.pipeline.predict import predict_month

    script = predict_month(month, ctx.settings, text)
    low, high = ctx.settings.program.window_s
    seconds = script.predicted_s
    return {
        "seconds": round(seconds, 1),
        "clock": i18n.clock_text(seconds),
        "in_window": low <= seconds <= high,
        "window": f"{i18n.clock_text(low)}–{i18n.clock_text(high)}",
        "segments": len(script.segments),
        "segment_keys": [s.id for s in script.segments],
    }


def _stamp_of(path: Path) -> int:
    return path.stat().st_mtime_ns


def _field_of(problem: str) -> dict[str, str]:
    """'episode.toml.news[1].text: is empty' → {'news-1-text': …} to show the message beside the field."""
    import re

    match = re.search(r"\.(news|qa)\[(\d+)\]\.(\w+)", problem)
    if match:
        return {f"{match[1]}-{match[2]}-{match[3]}": problem.split(": ", 1)[-1]}
    for name in ("topics", "figures", "recorded", "notes"):
        if f".{name}" in problem:
            return {name: problem.split(": ", 1)[-1]}
    return {}


def month_upload(ctx: Ctx) -> Response:
    month = ctx.month()
    settings = ctx.settings
    upload, segment = ctx.file("file"), ctx.one("segment")
    if upload is None:
        return month_page(ctx, None, 400, ctx._("Choose a recording to upload."))
    if upload.size is not None and upload.size > MAX_UPLOAD:
        return month_page(ctx, None, 413, ctx._("The upload is too large."))
    current = month_input.open_input(settings.program.episodes_dir, month)
    if current.error:
        return month_page(ctx, None, 400, ctx._("Fix the month's input before adding recordings."))
    try:
        stored = store_recording(current.path.parent, segment, upload.filename or "", upload.file)
        form = month_input.form_from_text(current.text)
        form.recorded[segment] = stored
        text = month_input.apply_form(current.text, form, month)
        problem = month_input.validate_text(text, settings.program.episodes_dir, month)
        if problem:
            raise RadioError(problem)
        month_input.save_text(current.path, text, current.version)
    except RadioError as err:
        return month_page(ctx, None, 400, ctx._("The recording was refused:") + " " + str(err))
    ctx.audit("upload", str(month), f"{segment} → {stored}")
    return ctx.redirect(
        f"/month/{month}", ctx._("Recording stored; it replaces the machine voice at the next build.")
    )


def month_submit(ctx: Ctx) -> Response:
    month = ctx.month()
    episode = _episode(ctx, month)
    if episode is None:
        return ctx.redirect(f"/build/{month}", ctx._("Build the month before sending it for approval."))
    with transaction(ctx.studio.engine) as session:
        session.add(
            ReviewRequest(
                month=str(month),
                state="submitted",
                script_sha256=episode.script_sha256,
                by=ctx.who,
                comment=ctx.one("comment"),
                at=ctx.now,
            )
        )
    ctx.audit("submit", str(month))
    return ctx.redirect(f"/build/{month}", ctx._("Sent for approval."))


# ---------------------------------------------------------------- Dựng


def _episode(ctx: Ctx, month: Month) -> Episode | None:
    with transaction(ctx.studio.engine) as session:
        return store.episode_of(session, str(month))


def _built(ctx: Ctx, month: Month) -> dict[str, Any] | None:
    path = ctx.settings.program.episodes_dir / str(month) / "build.json"
    if not path.is_file() or not (path.parent / "episode.mp3").is_file():
        return None
    facts = json.loads(path.read_text(encoding="utf-8"))
    return facts


def build_page(ctx: Ctx) -> Response:
    month = ctx.month()
    job = ctx.studio.builds.job(str(month))
    snapshot = job.snapshot() if job else None
    if job and snapshot:
        snapshot["messages"] = [_build_message(ctx, m) for m in job.messages]
    return ctx.render(
        "build.html",
        month=month,
        job=snapshot,
        facts=_built(ctx, month),
        episode=_episode(ctx, month),
        window=ctx.settings.program.window_s,
        review=_review(ctx, month),
    )


def build_start(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        ctx.studio.builds.start(month, ctx.settings, ctx.who, ctx.now)
    except RadioError as err:
        return ctx.redirect(f"/build/{month}", str(err))
    ctx.audit("build-start", str(month))
    return ctx.redirect(f"/build/{month}")


def build_progress(ctx: Ctx) -> Response:
    job = ctx.studio.builds.job(str(ctx.month()))
    if job is None:
        return JSONResponse({"finished": True, "messages": [], "error": ""})
    snapshot = job.snapshot()
    snapshot["messages"] = [_build_message(ctx, m) for m in job.messages]
    return JSONResponse(snapshot)


_BUILD_MESSAGES = (  # the build's `say` lines (English, for the CLI) → catalog ids with their values
    (r"^Compiling the script$", N_("Compiling the script")),
    (
        r"^Speaking (?P<count>\d+) segments \((?P<mode>[^;]+); predicted (?P<clock>[\d:]+)\)$",
        N_("Speaking {count} segments ({mode}; predicted {clock})"),
    ),
    (
        r"^(?P<engine>\S+) spoke instead of the expected engine: fitting the script to its pace$",
        N_("{engine} spoke instead of the expected engine: fitting the script to its pace"),
    ),
    (r"^Assembling and levelling$", N_("Assembling and levelling")),
    (r"^Encoding and measuring the MP3$", N_("Encoding and measuring the MP3")),
)


def _build_message(ctx: Ctx, message: str) -> str:
    import re

    for pattern, text in _BUILD_MESSAGES:
        match = re.match(pattern, message)
        if match:
            return ctx._(text).format(**match.groupdict())
    return message


def audio(ctx: Ctx) -> Response:
    path = ctx.settings.program.episodes_dir / str(ctx.month()) / "episode.mp3"
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="audio/mpeg", headers={"Cache-Control": "no-cache"})


def segment_audio(ctx: Ctx) -> Response:
    """One segment's own audio, there as soon as it is spoken (edit-to-listen)."""
    segment = ctx.param("segment")
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z_-]*", segment):  # a segment id, never a path
        raise HTTPException(404)
    path = take_path(ctx.settings.speech.cache_dir, str(ctx.month()), segment)
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "no-cache"})


def lexicon(ctx: Ctx) -> Response:
    settings = ctx.settings
    month = Month.parse(ctx.one("month")) if ctx.one("month") else None
    written, reading = ctx.one("written"), ctx.one("reading")
    path = settings.reading.lexicon or settings.root / "lexicon.toml"
    back = f"/build/{month}" if month else "/"
    try:
        add_word(path, written, reading)
        if settings.reading.lexicon is None:  # point schedule.toml at the new file
            import tomlkit

            doc = tomlkit.parse(settings.path.read_text(encoding="utf-8"))
            doc.setdefault("reading", tomlkit.table())["lexicon"] = os.path.relpath(path, settings.root)
            from radio.core.atomic import write_text_atomic

            write_text_atomic(settings.path, tomlkit.dumps(doc))
    except RadioError as err:
        return ctx.redirect(back, ctx._("The reading was not added:") + " " + str(err))
    ctx.audit("lexicon", written, reading)
    facts = _built(ctx, month) if month else None
    affected = [s["id"] for s in (facts or {}).get("segments", []) if written in (s.get("text") or "")]
    return ctx.redirect(
        back,
        ctx._(
            "Reading added. Build again: only the {count} segment(s) with this word are spoken again."
        ).format(count=len(affected)),
    )


# ---------------------------------------------------------------- Duyệt


def _review(ctx: Ctx, month: Month) -> ReviewRequest | None:
    with transaction(ctx.studio.engine) as session:
        return store.latest_reviews(session, [str(month)]).get(str(month))


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
    episode = _episode(ctx, month)
    if episode is None or episode.script_sha256 != ctx.one("script"):
        return ctx.redirect(
            f"/review/{month}",
            ctx._("Changed since you opened it: the month was built again. Listen to the new build."),
        )
    decision, comment = ctx.one("decision"), ctx.one("comment")
    name = ctx.who
    if decision == "approve":
        approve(ctx.studio.engine, str(month), episode.script_sha256, name, ctx.now)
        state = "approved"
    elif decision == "return":
        if not comment:
            return ctx.redirect(f"/review/{month}", ctx._("Say what to change when returning a programme."))
        state = "returned"
    else:
        raise HTTPException(400)
    with transaction(ctx.studio.engine) as session:
        session.add(
            ReviewRequest(
                month=str(month),
                state=state,
                script_sha256=episode.script_sha256,
                by=name,
                comment=comment,
                at=ctx.now,
            )
        )
    ctx.audit("approve" if state == "approved" else "return", str(month), comment)
    return ctx.redirect(
        f"/review/{month}", ctx._("Approved.") if state == "approved" else ctx._("Returned to the editor.")
    )


# ---------------------------------------------------------------- Lịch phát


def schedule_page(ctx: Ctx) -> Response:
    month = ctx.month()
    settings = ctx.settings
    network = settings.network
    count, by_day = airing_calendar(ctx.studio.engine, network, month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return ctx.render(
        "schedule.html",
        month=month,
        weeks=weeks,
        by_day=by_day,
        raw_slots=_raw_slots(ctx),
        stations=network.stations,
        count=count,
        episode=_episode(ctx, month),
    )


def _raw_slots(ctx: Ctx) -> dict[str, list[str]]:
    """Each station's `slots` as written in schedule.toml (the parsed settings expand them by day)."""
    import tomllib

    path = ctx.settings.path
    key = ("slots", path.stat().st_mtime_ns)
    if key not in ctx.studio.cache:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        ctx.studio.cache[key] = {
            str(s.get("id")): [str(x) for x in s.get("slots", [])] for s in raw.get("stations", [])
        }
    return ctx.studio.cache[key]


def schedule_run(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        result = schedule_month(ctx.studio.engine, ctx.settings, month, ctx.now)
    except RadioError as err:
        return ctx.redirect(f"/schedule/{month}", ctx._("Not scheduled:") + " " + str(err))
    ctx.audit("schedule", str(month), f"{len(result.airings)} airings")
    return ctx.redirect(
        f"/schedule/{month}", ctx._("{count} airings stored.").format(count=len(result.airings))
    )


def slots_save(ctx: Ctx) -> Response:
    station, month = ctx.one("station"), ctx.one("month") or str(_this_month(ctx))
    slots = [line.strip() for line in ctx.one("slots").splitlines() if line.strip()]
    try:
        set_slots(ctx.settings.path, station, slots)
    except RadioError as err:
        return ctx.redirect(f"/schedule/{month}", ctx._("The slots were not saved:") + " " + str(err))
    ctx.audit("slots", station, "; ".join(slots))
    return ctx.redirect(f"/schedule/{month}", ctx._("Slots saved. Schedule the month again to apply them."))


# ---------------------------------------------------------------- Phát hành, Khẩn cấp


def publish_page(ctx: Ctx) -> Response:
    settings = ctx.settings
    months = built_status(ctx.studio.engine, settings.program.episodes_dir, settings.network)
    with transaction(ctx.studio.engine) as session:
        releases = store.recent_releases(session, 10)
    return ctx.render(
        "publish.html",
        months=months,
        releases=releases,
        has_key=settings.network.secret_key.is_file(),
        groups=[g for g, _ in settings.network.groups],
        stations=settings.network.stations,
    )


def _secret(ctx: Ctx) -> minisign.SecretKey:
    return minisign.load_secret_key(ctx.settings.network.secret_key, os.environ.get(PASSWORD_ENV))


def _priority(text: str) -> Priority:
    try:
        return Priority(text)
    except ValueError:
        raise RadioError(f"priority {text!r}: one of {', '.join(Priority)}") from None


def publish_month(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        result = publish(ctx.studio.engine, ctx.settings, _secret(ctx), ctx.now, month)
    except RadioError as err:
        return ctx.redirect("/publish", ctx._("Not published:") + " " + str(err))
    ctx.audit("publish", str(month), f"release {result.sequence}: {', '.join(result.items)}")
    return ctx.redirect(
        "/publish",
        ctx._("Release {sequence} published to {count} stations.").format(
            sequence=result.sequence, count=result.manifests
        ),
    )


def keys_create(ctx: Ctx) -> Response:
    network = ctx.settings.network
    try:
        minisign.write_keypair(network.secret_key, network.public_key, os.environ.get(PASSWORD_ENV))
    except RadioError as err:
        return ctx.redirect("/publish", str(err))
    ctx.audit("keygen", str(network.public_key))
    return ctx.redirect("/publish", ctx._("Signing key created; give the public key to every station."))


def emergency(ctx: Ctx) -> Response:
    settings = ctx.settings
    title, text, upload = ctx.one("title"), ctx.one("text"), ctx.file("file")
    targets = [t for t in ctx.form.get("to", []) if isinstance(t, str) and t] or ["all"]
    try:
        hours = float(ctx.one("hours", "24").replace(",", "."))
        if not title:
            raise RadioError(ctx._("Give the announcement a title."))
        stations = settings.network.select(targets)
        key = _secret(ctx)
        with tempfile.TemporaryDirectory(prefix="radio-emergency-") as temp:
            path = Path(temp) / "emergency.mp3"
            if upload is not None:
                path.write_bytes(upload.file.read(MAX_UPLOAD + 1))
                if path.stat().st_size > MAX_UPLOAD:
                    raise RadioError(ctx._("The upload is too large."))
            elif text:
                from radio.pipeline.announce import speak_to_mp3

                speak_to_mp3(text, settings, path)
            else:
                raise RadioError(ctx._("Upload an MP3 file or type the text to be spoken."))
            item = add_emergency(
                ctx.studio.engine,
                settings,
                path,
                title,
                stations,
                ctx.now,
                hours,
                _priority(ctx.one("priority", "emergency")),
            )
        result = publish(ctx.studio.engine, settings, key, ctx.now)
    except (RadioError, ValueError) as err:
        return ctx.redirect("/publish", ctx._("The emergency was not sent:") + " " + str(err))
    ctx.audit("emergency", item.id, f"{title} → {len(stations)} station(s), release {result.sequence}")
    return ctx.redirect(
        "/publish",
        ctx._("Emergency sent to {count} station(s) in release {sequence}.").format(
            count=len(stations), sequence=result.sequence
        ),
    )


# ---------------------------------------------------------------- Đài


def stations_page(ctx: Ctx) -> Response:
    rows = station_status(ctx.studio.engine, ctx.settings.network, ctx.now)
    with transaction(ctx.studio.engine) as session:
        newest = store.newest_release(session)
    return ctx.render(
        "stations.html",
        rows=rows,
        newest=newest,
        online=sum(r.online for r in rows),
        holding=sum(r.release_current for r in rows),
    )


# ---------------------------------------------------------------- Báo cáo


def _report(ctx: Ctx, period: str, fmt: str | None = None) -> Any:
    """The period's report (or one rendering of it), computed again only when the records changed
    or five minutes passed: a year of 1,000 stations takes seconds to figure."""
    settings = ctx.settings
    network = settings.network
    key = (period, fmt, _records_version(ctx), ctx.now.timestamp() // 300, settings.path.stat().st_mtime_ns)
    cache = ctx.studio.cache
    if key not in cache:
        if fmt is not None:
            cache[key] = render(_report(ctx, period), fmt, settings.program)
        else:
            policy = policy_for(
                settings.program, settings.audio, network.timezone, period, 7, timedelta(minutes=30)
            )
            as_of = ctx.now.astimezone(network.timezone)
            day = min(as_of, period_months(period)[1][-1].end(network.timezone)).date()  # names then
            cache[key] = make_report(
                ctx.studio.engine, period, [(s.id, s.label_on(day)) for s in network.stations], policy, as_of
            )
        for old in [k for k in cache if k[0] == period and k[1] == fmt and k != key]:
            del cache[old]
    return cache[key]


def _records_version(ctx: Ctx) -> tuple[Any, ...]:
    with transaction(ctx.studio.engine) as session:
        return store.records_version(session)


def reports_page(ctx: Ctx) -> Response:
    period = ctx.request.query_params.get("period") or str(
        ctx.now.astimezone(ctx.settings.network.timezone).year
    )
    try:
        period_months(period)
    except RadioError:
        raise HTTPException(404) from None
    report = _report(ctx, period)
    story = story_of(report, ctx.settings.program)
    return ctx.render(
        "reports.html", period=period, report=report, story=story, formats=[f for f in FORMATS if f != "text"]
    )


def report_file(ctx: Ctx) -> Response:
    period, fmt = ctx.param("period"), ctx.param("fmt")
    if fmt not in FORMATS:
        raise HTTPException(404)
    try:
        period_months(period)
    except RadioError:
        raise HTTPException(404) from None
    text = _report(ctx, period, fmt)
    types = {
        "html": "text/html",
        "csv": "text/csv",
        "json": "application/json",
        "md": "text/markdown",
        "text": "text/plain",
    }
    headers = (
        {} if fmt == "html" else {"Content-Disposition": f'attachment; filename="bao-cao-{period}.{fmt}"'}
    )
    return PlainTextResponse(text, media_type=f"{types[fmt]}; charset=utf-8", headers=headers)


def withdraw(ctx: Ctx) -> Response:
    month = ctx.month()
    from radio.store.episodes import withdraw as withdraw_episode

    try:
        with transaction(ctx.studio.engine) as session:
            withdrawn = withdraw_episode(session, str(month))
    except RadioError as err:
        return ctx.redirect("/publish", str(err))
    if not withdrawn:
        return ctx.redirect("/publish", ctx._("Nothing to withdraw."))
    ctx.audit("withdraw", str(month), ctx.one("reason"))
    return ctx.redirect("/publish", ctx._("The build was withdrawn: it no longer counts in reports."))


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
        return users_page(ctx, str(err), 400)
    ctx.audit("user-add", name, role)
    return ctx.redirect("/users", ctx._("Account created."))


def users_active(ctx: Ctx) -> Response:
    name, active = ctx.param("name"), ctx.one("active") == "1"
    try:
        set_active(ctx.studio.engine, name, active)
    except RadioError as err:
        return users_page(ctx, str(err), 400)
    ctx.audit("user-enable" if active else "user-disable", name)
    return ctx.redirect("/users")


def audit_page(ctx: Ctx) -> Response:
    return ctx.render("audit.html", entries=audit_log(ctx.studio.engine))


def health(ctx: Ctx) -> Response:
    return PlainTextResponse("ok")


M = "/{month:str}"
PAGES: tuple[Page, ...] = (
    Page("GET", "/login", login_page, None),
    Page("POST", "/login", login, None),
    Page("GET", "/lang/{code}", language, None),
    Page("GET", "/health", health, None),
    Page("POST", "/logout", logout, Can.ANY),
    Page("GET", "/", home, None),
    Page("GET", "/year/{year}", year_page, Can.EDIT),
    Page("GET", "/month" + M, month_view, Can.EDIT),
    Page("POST", "/month" + M, month_save, Can.EDIT),
    Page("POST", "/month" + M + "/raw", month_raw, Can.EDIT),
    Page("POST", "/month" + M + "/predict", month_predict, Can.EDIT),
    Page("POST", "/month" + M + "/upload", month_upload, Can.EDIT),
    Page("POST", "/month" + M + "/submit", month_submit, Can.EDIT),
    Page("GET", "/build" + M, build_page, Can.EDIT),
    Page("POST", "/build" + M, build_start, Can.EDIT),
    Page("GET", "/build" + M + "/progress", build_progress, Can.EDIT),
    Page("GET", "/audio" + M, audio, Can.EDIT),
    Page("GET", "/audio" + M + "/{segment}", segment_audio, Can.EDIT),
    Page("POST", "/lexicon", lexicon, Can.EDIT),
    Page("GET", "/review", review_list, Can.APPROVE),
    Page("GET", "/review" + M, review_page, Can.APPROVE),
    Page("POST", "/review" + M, review_decide, Can.APPROVE),
    Page("GET", "/schedule" + M, schedule_page, Can.WATCH),
    Page("POST", "/schedule" + M, schedule_run, Can.ADMIN),
    Page("POST", "/slots", slots_save, Can.ADMIN),
    Page("GET", "/publish", publish_page, Can.ADMIN),
    Page("POST", "/publish" + M, publish_month, Can.ADMIN),
    Page("POST", "/keys", keys_create, Can.ADMIN),
    Page("POST", "/emergency", emergency, Can.ADMIN),
    Page("POST", "/withdraw" + M, withdraw, Can.ADMIN),
    Page("GET", "/users", users_page, Can.ADMIN),
    Page("POST", "/users", users_add, Can.ADMIN),
    Page("POST", "/users/{name}/active", users_active, Can.ADMIN),
    Page("GET", "/audit", audit_page, Can.ADMIN),
    Page("GET", "/stations", stations_page, Can.WATCH),
    Page("GET", "/reports", reports_page, Can.WATCH),
    Page("GET", "/reports/{period}.{fmt}", report_file, Can.WATCH),
)
