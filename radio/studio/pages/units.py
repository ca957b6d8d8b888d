"""Each unit's version of a month built per unit, for the approver's player (review and build pages)."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response

from radio.broadcast.variants import read_variants
from radio.core.errors import RadioError
from radio.studio.app import Ctx


def unit_audio(ctx: Ctx) -> Response:
    """One unit's MP3, as build.json's `variants` names it (never a path from the request)."""
    unit = ctx.param("unit")
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z_-]*", unit):
        raise HTTPException(404)
    try:
        variants = read_variants(ctx.settings.program.episodes_dir / str(ctx.month()), ctx.settings.network)
    except RadioError:
        raise HTTPException(404) from None
    path = next((v.path for v in variants if v.unit == unit), None)
    if path is None or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="audio/mpeg", headers={"Cache-Control": "no-cache"})
