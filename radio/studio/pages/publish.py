"""Phát hành, Khẩn cấp: publish a month, the signing key, the emergency, withdrawing a test build."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from starlette.responses import Response

from radio.broadcast.stations import group_label
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.lifecycle.emergency import create_signing_key, key_state, send_emergency, signing_key
from radio.lifecycle.months import built_status
from radio.protocol.kinds import Priority
from radio.publish.publisher import publish
from radio.store import publications as store
from radio.store.db import transaction
from radio.studio.app import Ctx
from radio.studio.files import MAX_UPLOAD

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
        key_state=key_state(ctx.studio.engine, settings.network),
        groups=[(g, group_label(settings.network, g, _today(ctx)), len(ids)) for g, ids in settings.network.groups],
        stations=settings.network.stations,
    )


def _today(ctx: Ctx) -> date:
    return ctx.now.astimezone(ctx.settings.network.timezone).date()


def _priority(text: str) -> Priority:
    try:
        return Priority(text)
    except ValueError:
        raise RadioError(N_("priority {text!r}: one of {listed}"), text=text, listed=", ".join(Priority)) from None


def publish_month(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        result = publish(ctx.studio.engine, ctx.settings, signing_key(ctx.settings.network), ctx.now, month)
    except RadioError as err:
        return ctx.redirect("/publish", ctx._("Not published:") + " " + ctx.problem(err))
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
        create_signing_key(ctx.studio.engine, network)
    except RadioError as err:
        return ctx.redirect("/publish", ctx.problem(err))
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
        if upload is None and not text:
            raise RadioError(ctx._("Upload an MP3 file or type the text to be spoken."))
        with tempfile.TemporaryDirectory(prefix="radio-emergency-") as temp:
            path = None
            if upload is not None:
                path = Path(temp) / "emergency.mp3"
                path.write_bytes(upload.file.read(MAX_UPLOAD + 1))
                if path.stat().st_size > MAX_UPLOAD:
                    raise RadioError(ctx._("The upload is too large."))
            sent = send_emergency(
                ctx.studio.engine,
                settings,
                title,
                stations,
                ctx.now,
                audio=path,
                text=text,
                hours=hours,
                priority=_priority(ctx.one("priority", "emergency")),
                by=ctx.who,
            )
    except (RadioError, ValueError, OverflowError) as err:  # hours=1e308: no such moment
        return ctx.redirect("/publish", ctx._("The emergency was not sent:") + " " + ctx.problem(err))
    return ctx.redirect(
        "/publish",
        ctx._("Emergency sent to {count} station(s) in release {sequence}.").format(
            count=len(sent.stations), sequence=sent.release.sequence
        ),
    )


def withdraw(ctx: Ctx) -> Response:
    month = ctx.month()
    from radio.store.episodes import withdraw as withdraw_episode

    try:
        with transaction(ctx.studio.engine) as session:
            withdrawn = withdraw_episode(session, str(month))
    except RadioError as err:
        return ctx.redirect("/publish", ctx.problem(err))
    if not withdrawn:
        return ctx.redirect("/publish", ctx._("Nothing to withdraw."))
    ctx.audit("withdraw", str(month), ctx.one("reason"))
    return ctx.redirect("/publish", ctx._("The build was withdrawn: it no longer counts in reports."))
