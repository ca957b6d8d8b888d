"""Dựng: build, its progress, listening and the reading lexicon."""

from __future__ import annotations

import os
import re

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, JSONResponse, Response

from radio.core.errors import RadioError
from radio.core.month import Month
from radio.reading.user_lexicon import add_word
from radio.speech.takes import take_path
from radio.studio.app import Ctx
from radio.studio.pages.common import _built, _episode, _review
from radio.studio.pages.decision import shown_warnings

# ---------------------------------------------------------------- Dựng


def build_page(ctx: Ctx) -> Response:
    month = ctx.month()
    job = ctx.studio.builds.job(str(month))
    snapshot = job.snapshot(ctx.language) if job else None
    built = _built(ctx, month)
    return ctx.render(
        "build.html",
        month=month,
        job=snapshot,
        facts=built,
        warnings=shown_warnings(built, (), ctx.language),
        episode=_episode(ctx, month),
        window=ctx.settings.program.window_s,
        review=_review(ctx, month),
    )


def build_start(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        ctx.studio.builds.start(month, ctx.settings, ctx.who, ctx.now)
    except RadioError as err:
        return ctx.redirect(f"/build/{month}", ctx.problem(err), "problem")
    ctx.audit("build-start", str(month))
    return ctx.redirect(f"/build/{month}")


def build_progress(ctx: Ctx) -> Response:
    job = ctx.studio.builds.job(str(ctx.month()))
    if job is None:
        return JSONResponse({"finished": True, "messages": [], "error": ""})
    return JSONResponse(job.snapshot(ctx.language))


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
    try:
        month = Month.parse(ctx.one("month")) if ctx.one("month") else None
    except RadioError:
        raise HTTPException(400) from None
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
        return ctx.redirect(back, ctx._("The reading was not added:") + " " + ctx.problem(err), "problem")
    ctx.audit("lexicon", written, reading)
    facts = _built(ctx, month) if month else None
    affected = [s["id"] for s in (facts or {}).get("segments", []) if written in (s.get("text") or "")]
    return ctx.redirect(
        back,
        ctx._(
            "Reading added. Build again: only the {count} segment(s) with this word are spoken again."
        ).format(count=len(affected)),
    )
