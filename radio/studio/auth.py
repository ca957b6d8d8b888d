"""Accounts, roles, sessions, CSRF tokens, the login rate limit and the audit log of the Studio."""

from __future__ import annotations

import contextlib
import hmac
import re
import secrets
import threading
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.store import accounts as store
from radio.store import audit as audit_store
from radio.store.db import transaction
from radio.store.tables import AuditRow, StudioSessionRow, StudioUserRow

MIN_PASSWORD = 8
SESSION_IDLE = timedelta(hours=8)  # a browser left signed in over a working day, not overnight
SESSION_MAX = timedelta(hours=24)
LOGIN_FAILURES, LOGIN_WINDOW = 5, timedelta(minutes=15)
# Behind the reverse proxy the README recommends every colleague shares one address: the lock that
# matters is per (name, address). The address-wide cap only stops one machine guessing through
# many names, far above what an office's typos reach in 15 minutes.
ADDRESS_FAILURES = 100
_NAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
DISPLAY_NAME_MAX = 100
TEMPORARY_PASSWORD_BYTES = 9  # 12 URL-safe characters: read out once, typed once
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class Role(StrEnum):
    EDITOR = "editor"  # biên tập viên
    APPROVER = "approver"  # lãnh đạo duyệt
    ADMIN = "admin"  # kỹ thuật
    VIEWER = "viewer"  # văn phòng


class Can(StrEnum):
    """What a route needs; each role holds a fixed set (issue 10's table)."""

    EDIT = "edit"  # month input, uploads, build, listen, lexicon, send for approval
    APPROVE = "approve"  # approve or return with a comment
    ADMIN = "admin"  # users, stations and slots, keys, publish, emergency, withdraw
    WATCH = "watch"  # reports and station status, read-only
    ANY = "any"  # any signed-in account (signing out)


GRANTS: dict[Role, frozenset[Can]] = {
    Role.EDITOR: frozenset({Can.EDIT}),
    Role.APPROVER: frozenset({Can.EDIT, Can.APPROVE}),
    Role.ADMIN: frozenset({Can.ADMIN, Can.WATCH}),
    Role.VIEWER: frozenset({Can.WATCH}),
}


@dataclass(frozen=True)
class Account:
    """The signed-in user of one request."""

    id: int
    name: str
    role: Role
    session_id: str
    csrf: str
    display_name: str = ""
    must_change_password: bool = False  # after an admin's reset: only the password page opens

    def can(self, need: Can) -> bool:
        return need is Can.ANY or need in GRANTS[self.role]

    @property
    def shown(self) -> str:
        """The name people read: the display name, else the login."""
        return self.display_name or self.name


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def add_user(
    engine: Engine, name: str, role: str, password: str, now: datetime, display_name: str = ""
) -> StudioUserRow:
    """A new account; the name is a login (letters, digits, . _ -), the password at least 8 long,
    the display name the person's name as written (Vietnamese letters welcome)."""
    if not _NAME.match(name):
        raise RadioError(N_("user name {name!r}: use 2-64 letters, digits, '.', '_' or '-'"), name=name)
    try:
        role = Role(role)
    except ValueError:
        raise RadioError(N_("role {role!r}: one of {listed}"), role=role, listed=", ".join(Role)) from None
    _check_password(name, password)
    shown = check_display_name(display_name)
    with transaction(engine) as session:
        if store.user_named(session, name):
            raise RadioError(N_("user {name!r} already exists"), name=name)
        user = StudioUserRow(
            name=name, role=role, password_hash=hash_password(password), active=True, created_at=now,
            display_name=shown, must_change_password=False,
        )
        session.add(user)
    return user


def check_display_name(text: str) -> str:
    """The display name tidied (spaces collapsed, NFC), or a RadioError saying what is wrong."""
    shown = unicodedata.normalize("NFC", " ".join(text.split()))
    if len(shown) > DISPLAY_NAME_MAX or any(unicodedata.category(c).startswith("C") for c in shown):
        raise RadioError(N_("display name: at most {count} letters, no control characters"),
                         count=DISPLAY_NAME_MAX)
    return shown


def _check_password(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RadioError(N_("password: at least {count} characters"), count=MIN_PASSWORD)
    if password.strip().lower() == name.lower():
        raise RadioError(N_("password: must not be the user name"))


def set_display_name(engine: Engine, name: str, display_name: str) -> None:
    shown = check_display_name(display_name)
    with transaction(engine) as session:
        _user(session, name).display_name = shown


def display_names(engine: Engine) -> dict[str, str]:
    """Login → display name, for every account that has one (records store the login)."""
    with transaction(engine) as session:
        return store.display_names(session)


def change_password(engine: Engine, name: str, old: str, new: str, repeated: str, keep_session: str) -> None:
    """The user's own change: the old password, the new one twice; other sessions end."""
    with transaction(engine) as session:
        user = _user(session, name)
        if not check_password(user.password_hash, old):
            raise RadioError(N_("The current password is not right."))
        if new != repeated:
            raise RadioError(N_("The two new passwords differ; type the same one twice."))
        if new == old:
            raise RadioError(N_("The new password must differ from the current one."))
        _check_password(name, new)
        user.password_hash = hash_password(new)
        user.must_change_password = False
        store.end_sessions_of(session, user.id, keep=keep_session)


def reset_password(engine: Engine, name: str) -> str:
    """A temporary password for `name` (shown once to the admin); the user must change it at the
    next sign-in, and every session of theirs ends now."""
    temporary = secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
    with transaction(engine) as session:
        user = _user(session, name)
        user.password_hash = hash_password(temporary)
        user.must_change_password = True
        store.end_sessions_of(session, user.id)
    return temporary


def _user(session: Session, name: str) -> StudioUserRow:
    user = store.user_named(session, name)
    if user is None:
        raise RadioError(N_("user {name!r} does not exist"), name=name)
    return user


def list_users(engine: Engine) -> list[StudioUserRow]:
    with transaction(engine) as session:
        return store.users(session)


def set_active(engine: Engine, name: str, active: bool) -> None:
    with transaction(engine) as session:
        user = _user(session, name)
        if not active and user.active and user.role == Role.ADMIN and not any(
            other.active and other.role == Role.ADMIN and other.id != user.id for other in store.users(session)
        ):
            raise RadioError(N_("This is the last active technician account; add another before disabling it."))
        user.active = active
        if not active:
            store.end_sessions_of(session, user.id)


def sign_in(engine: Engine, name: str, password: str, now: datetime) -> str | None:
    """A new session id for the right name and password of an active account, else None."""
    with transaction(engine) as session:
        user = store.user_named(session, name)
        if user is None:
            _hasher.hash(password)  # the same work as a wrong password: names are not probed by timing
            return None
        if not user.active or not check_password(user.password_hash, password):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        session_id = secrets.token_urlsafe(32)
        session.add(
            StudioSessionRow(
                id=session_id, user_id=user.id, csrf=secrets.token_urlsafe(32), created_at=now, seen_at=now
            )
        )
        store.end_sessions_seen_before(session, now - SESSION_MAX)
    return session_id


def account(engine: Engine, session_id: str, now: datetime) -> Account | None:
    """The session's account while it is neither idle too long nor too old; refreshes its clock."""
    with transaction(engine) as session:
        row = session.get(StudioSessionRow, session_id)
        if row is None:
            return None
        if now - row.seen_at > SESSION_IDLE or now - row.created_at > SESSION_MAX:
            session.delete(row)
            return None
        user = session.get(StudioUserRow, row.user_id)
        if user is None or not user.active:
            return None
        if now - row.seen_at > timedelta(minutes=1):  # not a write on every request
            row.seen_at = now
        return Account(user.id, user.name, Role(user.role), row.id, row.csrf, user.display_name,
                       user.must_change_password)


def sign_out(engine: Engine, session_id: str) -> None:
    with transaction(engine) as session:
        store.end_session(session, session_id)


def same_token(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


@dataclass(frozen=True)
class Attempt:
    """One login attempt, already counted as a failure until it proves otherwise."""

    keys: tuple[str, ...]
    at: datetime


class LoginLimiter:
    """At most LOGIN_FAILURES failed logins per (name, address) and ADDRESS_FAILURES per address
    within LOGIN_WINDOW.

    An attempt is counted before its password is checked, under one lock: a burst of simultaneous
    guesses gets at most the limit checked, and a right password arriving after them is refused
    while the lock holds. A success takes its own count back and clears that (name, address).
    A lock per name alone would let anyone lock a colleague out from anywhere.
    """

    def __init__(self) -> None:
        self._failures: dict[str, deque[datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def attempt(self, name: str, address: str, now: datetime) -> Attempt | None:
        """A counted attempt, or None when the limit is reached (answer 429, check nothing)."""
        keys = (_pair_key(name, address), _address_key(address))
        with self._lock:
            if any(len(self._recent(key, now)) >= _limit(key) for key in keys):
                return None
            for key in keys:
                self._failures[key].append(now)
        return Attempt(keys, now)

    def succeeded(self, attempt: Attempt) -> None:
        with self._lock:
            pair, address = attempt.keys
            self._failures.pop(pair, None)
            with contextlib.suppress(ValueError):
                self._failures[address].remove(attempt.at)

    def locks(self, now: datetime) -> list[Lock]:
        """The (name, address) pairs and addresses refused now, with when each lock ends."""
        with self._lock:
            out = []
            for key in list(self._failures):
                times = self._recent(key, now)
                if len(times) >= _limit(key):  # it lifts when the failure that reached the limit ages out
                    until = times[len(times) - _limit(key)] + LOGIN_WINDOW
                    out.append(Lock(*_parse(key), len(times), until))
                elif not times:
                    del self._failures[key]
        return sorted(out, key=lambda lock: (lock.address, lock.name))

    def unlock(self, name: str, address: str) -> bool:
        """Forget the failures of (name, address), and of the whole address when `name` is ''."""
        with self._lock:
            found = self._failures.pop(_pair_key(name, address), None) is not None
            if not name:
                found = self._failures.pop(_address_key(address), None) is not None or found
            return found

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures[key]
        while times and now - times[0] > LOGIN_WINDOW:
            times.popleft()
        return times


@dataclass(frozen=True)
class Lock:
    """A login refused until `until`: one name from one address, or (name '') a whole address."""

    name: str
    address: str
    failures: int
    until: datetime


def _pair_key(name: str, address: str) -> str:
    return f"name:{name.lower()}|ip:{address}"


def _address_key(address: str) -> str:
    return f"ip:{address}"


def _parse(key: str) -> tuple[str, str]:
    """(name, address) of a limiter key ('' for an address-wide one)."""
    if key.startswith("ip:"):
        return "", key[3:]
    name, address = key[len("name:"):].rsplit("|ip:", 1)  # a typed name may hold anything
    return name, address


def _limit(key: str) -> int:
    return ADDRESS_FAILURES if key.startswith("ip:") else LOGIN_FAILURES


class SignIn(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # wrong name or password, or a disabled account
    LOCKED = "locked"  # too many failures: nothing was checked


def limited_sign_in(
    engine: Engine, limiter: LoginLimiter, name: str, password: str, address: str, now: datetime
) -> tuple[SignIn, str | None]:
    """sign_in behind the limiter: (outcome, the new session id when OK)."""
    attempt = limiter.attempt(name, address, now)
    if attempt is None:
        return SignIn.LOCKED, None
    session_id = sign_in(engine, name, password, now)
    if session_id is None:
        return SignIn.WRONG, None
    limiter.succeeded(attempt)
    return SignIn.OK, session_id


def audit(engine: Engine, user: str, action: str, target: str, now: datetime, detail: str = "") -> None:
    with transaction(engine) as session:
        audit_store.add_entry(session, user, action, target, now, detail)


def audit_log(engine: Engine, limit: int = 200) -> list[AuditRow]:
    with transaction(engine) as session:
        return audit_store.audit_entries(session, limit)


def secret_key(folder: Path) -> bytes:
    """The key signing session cookies: made once, private to the Studio's folder."""
    path = folder / "studio-secret"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32), encoding="ascii")
    return path.read_text(encoding="ascii").strip().encode()
