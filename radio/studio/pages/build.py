"""Dựng: build, its progress, listening and the reading lexicon."""

from __future__ import annotations

import os

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, JSONResponse, Response

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.reading.user_lexicon import add_word
from radio.studio.app import Ctx
from radio.studio.pages.common import _built, _episode, _review

# ---------------------------------------------------------------- Dựng


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
