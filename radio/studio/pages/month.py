"""Tháng: the month's input (form, text editor, prediction, recordings) and sending it for approval."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, JSONResponse, Response

from radio.content.script import JINGLE_KINDS
from radio.core import i18n
from radio.core.errors import NotReadyError, RadioError
from radio.core.month import Month
from radio.lifecycle.review import submit
from radio.pipeline.context import build_planning
from radio.store import publications
from radio.store.db import transaction
from radio.studio import months as month_input
from radio.studio.app import Ctx
from radio.studio.files import MAX_UPLOAD, RECORDINGS, store_recording
from radio.studio.pages.common import _area_ids, _plan

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
            broken, form = _file_problem(ctx, current) or "invalid TOML", month_input.MonthForm()
    file_error = current.error
    position = month_input.toml_position(file_error) if file_error else None
    predicted = None
    if not file_error and current.text:
        key = ("predicted", str(month), current.version, _stamp_of(settings.path))
        if key not in ctx.studio.cache:
            try:
                ctx.studio.cache[key] = _predicted(ctx, month, None)
            except RadioError as err:
                ctx.studio.cache[key] = {"error": ctx.problem(err)}
        predicted = ctx.studio.cache[key]
    plan_topics: tuple[int, ...] = ()
    with contextlib.suppress(RadioError):  # a broken plan is reported on the year page
        plan_topics = build_planning(settings, month, save=False).year_plan.topics(month.month)
    areas = _plan(ctx, month.year)
    figures_hint = _figures_wanted(ctx, month, list(form.topics) or list(plan_topics))
    with transaction(ctx.studio.engine) as session:
        published = str(month) in publications.published_items(session)
    return ctx.render(
        "month.html",
        published=published,
        figures_wanted=figures_hint,
        status=status,
        month=month,
        form=form,
        file=current,
        version=version or current.version,
        file_error=_file_problem(ctx, current),
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


def _figures_wanted(ctx: Ctx, month: Month, topics: list[int]) -> list[month_input.FigureUse]:
    """The figures the month's topics can use (their optional blocks' needs), less the built-in
    variables and the facts register's: what "Số liệu" can be given."""
    from radio.content.compiler import month_variables
    from radio.content.template import load_template

    plan = _plan(ctx, month.year)
    if plan is None or not topics:
        return []
    program = ctx.settings.program
    try:
        known = month_variables(month, program, plan, [t for t in topics if t in plan.area_ids], None)
        templates = [(t, load_template(f"{plan.templates}/topic-{t:02d}.md", program.templates_dir))
                     for t in topics]
    except (RadioError, OSError):  # a broken template or plan is reported by the build and year pages
        return []
    known_names = set(known) | {"news_title", "news_source", "news_text", "news_lead", "news_body",
                                "qa_question", "qa_answer"}
    return month_input.figures_wanted(templates, known_names)


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
        shown = ctx.problem(problem)
        form.errors = _field_of(shown)
        return month_page(ctx, form, 400, ctx._("The month's input is not valid:") + " " + shown, version)
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
    text, version = ctx.text("raw").replace("\r\n", "\n"), ctx.one("version")
    problem = month_input.validate_text(text, settings.program.episodes_dir, month)
    if problem:
        return month_page(
            ctx, None, 400, ctx._("The month's input is not valid:") + " " + ctx.problem(problem), version,
            raw=text
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
        return JSONResponse({"error": ctx.problem(err)})


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
        # (key, title) of each segment a recording can replace: the key episode.toml's [recorded]
        # takes ("greeting", not the id "02-greeting"), shown by its title ("Lời chào").
        "recordable": [[re.sub(r"^\d+-", "", s.id), s.title] for s in script.segments
                       if s.kind not in JINGLE_KINDS],
    }


def _stamp_of(path: Path) -> int:
    return path.stat().st_mtime_ns


def _file_problem(ctx: Ctx, current: month_input.InputFile) -> str:
    """Why the month's file does not load, in the page's language ("" when it loads)."""
    return ctx.problem(current.failure) if current.failure else current.error


def _field_of(problem: str) -> dict[str, str]:
    """'episode.toml.news[1].text: is empty' → {'news-1-text': …} to show the message beside the field."""
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
        stored = store_recording(
            current.path.parent, segment, upload.filename or "", upload.file,
            settings.audio.sample_rate, settings.program.window_s[1],
        )
        form = month_input.form_from_text(current.text)
        form.recorded[segment] = stored
        text = month_input.apply_form(current.text, form, month)
        problem = month_input.validate_text(text, settings.program.episodes_dir, month)
        if problem:
            raise problem
        month_input.save_text(current.path, text, current.version)
    except RadioError as err:
        return month_page(ctx, None, 400, ctx._("The recording was refused:") + " " + ctx.problem(err))
    ctx.audit("upload", str(month), f"{segment} → {stored}")
    return ctx.redirect(
        f"/month/{month}", ctx._("Recording stored; it replaces the machine voice at the next build.")
    )


def _recording(ctx: Ctx, month: Month) -> tuple[month_input.InputFile, str, Path]:
    """The month's input, the segment key and its recording's file (404 when none is recorded)."""
    segment = ctx.param("segment")
    current = month_input.open_input(ctx.settings.program.episodes_dir, month)
    if current.error or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,60}", segment):
        raise HTTPException(404)
    stored = month_input.form_from_text(current.text).recorded.get(segment)
    folder = current.path.parent.resolve()
    path = (folder / stored).resolve() if stored else None
    if path is None or not path.is_relative_to(folder) or not path.is_file():
        raise HTTPException(404)
    return current, segment, path


def recording_audio(ctx: Ctx) -> Response:
    """An uploaded recording, to hear it on the month page."""
    _, _, path = _recording(ctx, ctx.month())
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "no-cache"})


def recording_remove(ctx: Ctx) -> Response:
    """Take a recording out of the month: the machine voice reads the segment again at the next build."""
    month = ctx.month()
    current, segment, path = _recording(ctx, month)
    form = month_input.form_from_text(current.text)
    del form.recorded[segment]
    try:
        month_input.save_text(current.path, month_input.apply_form(current.text, form, month), ctx.one("version"))
    except month_input.ChangedSinceOpened:
        return month_page(ctx, None, 409, _changed(ctx))
    if path.parent.name == RECORDINGS:  # the file we stored; one named by hand stays
        path.unlink(missing_ok=True)
    ctx.audit("recording-remove", str(month), segment)
    return ctx.redirect(f"/month/{month}", ctx._("Recording removed; the machine voice reads it at the next build."))


def month_submit(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        submit(ctx.studio.engine, str(month), ctx.who, ctx.now, ctx.one("comment"))
    except NotReadyError:
        return ctx.redirect(f"/build/{month}", ctx._("Build the month before sending it for approval."), "hint")
    return ctx.redirect(f"/build/{month}", ctx._("Sent for approval."))
