"""Phát hành, Khẩn cấp: publish a month, the signing key, the emergency, withdrawing a test build."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response

from radio.broadcast.stations import group_label
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.lifecycle.emergency import (
    create_signing_key,
    draft_audio,
    key_state,
    live_emergencies,
    load_draft,
    prepare_emergency,
    recall_emergency,
    send_draft,
    signing_key,
)
from radio.lifecycle.months import MonthState, built_status
from radio.lifecycle.releases import check_confirmed, publish_summary, recent_releases
from radio.protocol.kinds import Priority
from radio.publish.publisher import publish
from radio.store import publications as store
from radio.store.approvals import latest_approvals
from radio.store.db import transaction
from radio.studio.app import Ctx
from radio.studio.files import MAX_UPLOAD
from radio.studio.pages.common import _built
from radio.studio.pages.decision import accepted_of, shown_warnings

# ---------------------------------------------------------------- Phát hành, Khẩn cấp


def publish_page(ctx: Ctx) -> Response:
    settings = ctx.settings
    months = built_status(ctx.studio.engine, settings.program.episodes_dir, settings.network)
    network = settings.network
    return ctx.render(
        "publish.html",
        months=months,
        decisions=_decisions(ctx, [m for m in months if m.state in _TO_PUBLISH]),
        releases=recent_releases(ctx.studio.engine, network.timezone, ctx.language),
        live=live_emergencies(ctx.studio.engine, ctx.now),
        has_key=network.secret_key.is_file(),
        key_state=key_state(ctx.studio.engine, network),
        groups=[(g, group_label(network, g, _today(ctx)), len(ids)) for g, ids in network.groups],
        stations=network.stations,
    )


def _today(ctx: Ctx) -> date:
    return ctx.now.astimezone(ctx.settings.network.timezone).date()


def publish_confirm(ctx: Ctx) -> Response:
    """What "Sign and publish" would send, with the button that really does it."""
    try:
        summary = publish_summary(ctx.studio.engine, ctx.settings, ctx.month(), ctx.now, ctx.language)
    except RadioError as err:
        return ctx.redirect("/publish", ctx._("Not published:") + " " + ctx.problem(err))
    return ctx.render("publish_confirm.html", summary=summary)


_TO_PUBLISH = (MonthState.APPROVED, MonthState.SCHEDULED)


def _decisions(ctx: Ctx, months: list[Any]) -> list[tuple[Any, list[Any], tuple[str, ...]]]:
    """(month, its build's warnings, what its approval accepted by name) of the months to publish."""
    with transaction(ctx.studio.engine) as session:
        approvals = latest_approvals(session, [str(m.month) for m in months])
    found = []
    for status in months:
        accepted = tuple(accepted_of(approvals.get(str(status.month)), status.script_sha256))
        warnings = shown_warnings(_built(ctx, status.month), accepted, ctx.language)
        if warnings:
            found.append((status.month, warnings, accepted))
    return found


def _priority(text: str) -> Priority:
    try:
        return Priority(text)
    except ValueError:
        raise RadioError(N_("priority {text!r}: one of {listed}"), text=text, listed=", ".join(Priority)) from None


def publish_month(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        check_confirmed(ctx.studio.engine, month, ctx.one("confirm"))
        result = publish(ctx.studio.engine, ctx.settings, signing_key(ctx.settings.network), ctx.now, month)
    except RadioError as err:
        return ctx.redirect("/publish", ctx._("Not published:") + " " + ctx.problem(err))
    with transaction(ctx.studio.engine) as session:  # who published it, as "Đã phát hành bởi" says
        store.set_publisher(session, result.sequence, ctx.who)
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
    return ctx.redirect("/stations#public-key-box", ctx._("Signing key created; give the public key to every station."))


def emergency(ctx: Ctx) -> Response:
    """Prepare the announcement (spoken or uploaded) to hear and confirm; nothing is sent here."""
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
            draft = prepare_emergency(settings, title, stations, ctx.now, audio=path, text=text, hours=hours,
                                      priority=_priority(ctx.one("priority", "emergency")))
    except (RadioError, ValueError) as err:
        return ctx.redirect("/publish", ctx._("The emergency was not sent:") + " " + ctx.problem(err))
    return ctx.redirect(f"/emergency/{draft.id}")


def emergency_confirm(ctx: Ctx) -> Response:
    """The prepared announcement: hear it, see where it goes, then send it (or leave it)."""
    settings = ctx.settings
    try:
        draft = load_draft(settings, ctx.param("draft"), ctx.now)
    except RadioError as err:
        return ctx.redirect("/publish", ctx._("The emergency was not sent:") + " " + ctx.problem(err))
    day = ctx.now.astimezone(settings.network.timezone).date()
    stations = [s.label_on(day) for s in settings.network.select(list(draft.stations))]
    return ctx.render("emergency_confirm.html", draft=draft, targets=stations,
                      every=len(stations) == len(settings.network.stations))


def emergency_audio(ctx: Ctx) -> Response:
    path = draft_audio(ctx.settings, ctx.param("draft"))
    if path is None:
        raise HTTPException(404)
    return FileResponse(path, media_type="audio/mpeg", headers={"Cache-Control": "no-store"})


def emergency_send(ctx: Ctx) -> Response:
    try:
        sent = send_draft(ctx.studio.engine, ctx.settings, ctx.param("draft"), ctx.now, by=ctx.who)
    except (RadioError, ValueError, OverflowError) as err:
        return ctx.redirect("/publish", ctx._("The emergency was not sent:") + " " + ctx.problem(err))
    return ctx.redirect(
        "/publish",
        ctx._("Emergency sent to {count} station(s) in release {sequence}.").format(
            count=len(sent.stations), sequence=sent.release.sequence
        ),
    )


def emergency_recall(ctx: Ctx) -> Response:
    try:
        recalled = recall_emergency(ctx.studio.engine, ctx.settings, ctx.param("item"), ctx.now, by=ctx.who)
    except RadioError as err:
        return ctx.redirect("/publish", ctx._("The emergency was not recalled:") + " " + ctx.problem(err))
    return ctx.redirect(
        "/publish",
        ctx._("“{title}” recalled: release {sequence} no longer carries it; stations drop it at their "
              "next sync.").format(title=recalled.item.title, sequence=recalled.release.sequence),
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
