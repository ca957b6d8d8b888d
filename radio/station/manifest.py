"""Fetching the station's manifest: a conditional GET capped in size, its signature checked
against the pinned key, an older (or same-numbered but different) manifest refused, and a newer
one kept as the candidate until all its audio is held."""

from __future__ import annotations

import logging

from radio.protocol.manifest import (
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNATURE_SUFFIX,
    Manifest,
    ManifestError,
    decode_manifest,
    signed_sequence,
)
from radio.protocol.minisign import SignatureError, verify
from radio.station.client import TooLarge, Unreachable
from radio.station.config import StationConfig
from radio.station.store import Holding, LastGood, StationStore, SyncRun, store_failed

log = logging.getLogger("radio.station.manifest")


def update_manifest(config: StationConfig, store: StationStore, holding: Holding,
                     run: SyncRun) -> tuple[str, Holding]:
    """Fetch, verify and take a newer manifest as the candidate; answer (outcome, holding now)."""
    newest = holding.newest
    headers = {}
    if newest is not None:
        if newest.etag:
            headers["If-None-Match"] = newest.etag
        if newest.last_modified:
            headers["If-Modified-Since"] = newest.last_modified
    url = config.manifest_url
    fetched = _get_small(run, url, "manifest", MAX_MANIFEST_BYTES, headers)
    if isinstance(fetched, str):
        return fetched, holding
    status, raw, answer_headers = fetched
    if status == 304 and newest is not None:
        return "unchanged", holding
    if status != 200:
        run.problem(f"manifest refused: HTTP {status} from {url}")
        return "refused", holding
    signed = _get_small(run, url + SIGNATURE_SUFFIX, "manifest signature", MAX_SIGNATURE_BYTES, {})
    if isinstance(signed, str):
        return signed, holding
    if signed[0] != 200:
        run.problem(f"manifest refused: its signature answered HTTP {signed[0]}")
        return "refused", holding
    signature_text = signed[1].decode("utf-8", errors="replace")
    try:
        trusted = verify(raw, signature_text, config.public_key)
        manifest = decode_manifest(raw)
    except (SignatureError, ManifestError) as err:
        run.problem(f"manifest refused: {err}")
        return "refused", holding
    reason = _refusal(config, manifest, trusted, newest, raw)
    if reason:
        run.problem(f"manifest refused: {reason}")
        return "refused", holding
    same = newest is not None and newest.manifest.sequence == manifest.sequence
    accepted = LastGood(raw=raw, signature=signature_text, manifest=manifest,
                        etag=answer_headers.get("ETag"),
                        last_modified=answer_headers.get("Last-Modified"),
                        synced_sequence=newest.synced_sequence if same and newest else None)
    try:
        if same and holding.candidate is None:
            store.save(accepted)  # new validators for the same content
            holding = Holding(accepted, None)
        else:
            store.save_candidate(accepted)  # never lost by a kill, but not played as held yet
            holding = Holding(holding.last, accepted)
    except OSError as err:
        store_failed(run, store.candidate_path, err)
        return "refused", holding
    if not same:
        log.info("accepted manifest sequence %d (%d item(s))", manifest.sequence, len(manifest.items))
    return ("unchanged" if same else "updated"), holding


def _get_small(run: SyncRun, url: str, what: str, cap: int,
               headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]] | str:
    """(status, body, headers) of a capped GET, or the outcome ("unreachable"/"refused") if it failed."""
    client = run.client
    try:
        with client.request("GET", url, what, client.deadline(cap), headers) as answer:
            if answer.status >= 500 or answer.status == 429:
                run.problem(f"centre failing (HTTP {answer.status} for {url}); working from what is held")
                return "unreachable"
            try:
                body = answer.read_capped(cap)
            finally:
                run.bytes_received += answer.received
            return answer.status, body, {k: v for k, v in answer.headers.items()}
    except TooLarge as err:
        run.problem(f"{what} refused: {err} ({url})")
        return "refused"
    except Unreachable as err:
        run.problem(f"centre unreachable ({err}: {url}); working from what is held")
        return "unreachable"


def _refusal(config: StationConfig, manifest: Manifest, trusted: str,
             newest: LastGood | None, raw: bytes) -> str | None:
    """Why a correctly signed manifest must still not replace the newest one held, or None."""
    if manifest.station != config.station_id:
        return f"it is for station {manifest.station!r}, this station is {config.station_id!r}"
    signed = signed_sequence(trusted)
    if signed is not None and signed != manifest.sequence:
        return f"its signed comment says sequence {signed} but it holds sequence {manifest.sequence}"
    if newest is None:
        return None
    if manifest.sequence < newest.manifest.sequence:
        return (f"sequence {manifest.sequence} is older than the one held ({newest.manifest.sequence}); "
                "a stale mirror or a replay")
    if manifest.sequence == newest.manifest.sequence and raw != newest.raw:
        return f"sequence {manifest.sequence} is the one held but its content differs"
    return None


