"""The signing key's one rule and the emergency: the CLI and the Studio both send through here.

A missing secret key is never answered with "make a new key": stations pin the public key, so a
new one cuts every station off until each is set up again. The advice is to restore the key from
its offline backup; creating one is offered only before anything was signed with a key.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine

from radio.broadcast.stations import Network, Station
from radio.config import Settings
from radio.core.environment import SIGNING_PASSWORD
from radio.core.errors import RadioError, SigningKeyError
from radio.core.i18n import N_
from radio.core.progress import SILENT, Reporter
from radio.protocol import minisign
from radio.protocol.kinds import Priority
from radio.publish.publisher import PublishResult, add_emergency, publish
from radio.store import audit, publications
from radio.store.db import transaction
from radio.store.tables import EmergencyRow


class KeyState(StrEnum):
    PRESENT = "present"
    NONE_YET = "none yet"  # nothing ever signed: a key may be created
    MISSING = "missing"  # releases were signed with a key that is gone: restore it, do not replace it


def key_state(engine: Engine, network: Network) -> KeyState:
    if network.secret_key.is_file():
        return KeyState.PRESENT
    with transaction(engine) as session:
        signed = publications.latest_release(session) is not None
    return KeyState.MISSING if signed or network.public_key.is_file() else KeyState.NONE_YET


MISSING_KEY = N_(
    "{path}: the secret signing key is missing; restore it from its offline backup (with "
    "{public}). Only if it is lost for good: `radio keygen`, then pin the new public key "
    "again at every station, which refuses every release until then")


def _missing_key(network: Network) -> SigningKeyError:
    """What to do about a missing secret key (never "run radio keygen" first)."""
    return SigningKeyError(MISSING_KEY, path=str(network.secret_key), public=str(network.public_key))


def signing_key(network: Network) -> minisign.SecretKey:
    """The centre's signing key, or a SigningKeyError saying what to do (exit code KEY)."""
    path = network.secret_key
    if not path.exists():
        raise _missing_key(network)
    try:
        return minisign.load_secret_key(path, SIGNING_PASSWORD.get())
    except RadioError as err:
        raise SigningKeyError(err.text) from None


def create_signing_key(engine: Engine, network: Network) -> minisign.PublicKey:
    """A first key pair (the Studio's button); refused once releases were signed with another."""
    if key_state(engine, network) is KeyState.MISSING:
        raise _missing_key(network)
    return minisign.write_keypair(network.secret_key, network.public_key, SIGNING_PASSWORD.get())


@dataclass(frozen=True)
class EmergencySent:
    item: EmergencyRow
    stations: tuple[Station, ...]
    release: PublishResult


def send_emergency(
    engine: Engine,
    settings: Settings,
    title: str,
    stations: tuple[Station, ...],
    now: datetime,
    *,
    audio: Path | None = None,
    text: str = "",
    hours: float = 24.0,
    priority: Priority = Priority.EMERGENCY,
    by: str | None = None,
    report: Reporter = SILENT,
) -> EmergencySent:
    """Record an urgent item (an MP3, or `text` spoken by the engine) for `stations` and publish it.

    The key is loaded first: a missing key must not leave a stray item behind. `by` (a Studio
    account) gets an audit entry.
    """
    if not title.strip():
        raise RadioError(N_("--title: give the announcement a title"))
    key = signing_key(settings.network)
    with tempfile.TemporaryDirectory(prefix="radio-emergency-") as temp:
        if audio is None:
            if not text.strip():
                raise RadioError(N_("give an MP3 file or the text to be spoken"))
            from radio.pipeline.announce import speak_to_mp3  # the speech engines, only when needed

            audio = Path(temp) / "emergency.mp3"
            speak_to_mp3(text, settings, audio)
        item = add_emergency(engine, settings, audio, title, stations, now, hours, priority)
    result = publish(engine, settings, key, now, report=report)
    if by is not None:
        with transaction(engine) as session:
            audit.add_entry(session, by, "emergency", item.id,  now,
                            f"{title} → {len(stations)} station(s), release {result.sequence}")
    return EmergencySent(item, stations, result)
