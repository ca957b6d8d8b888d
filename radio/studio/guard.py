"""What the Studio checks on every request before any route sees it: the Host it was sent to, the
client's real address behind a listed proxy, HTTPS for cookies, and the size of the body as it
streams in (a Content-Length can lie, a chunked body has none).

One pure ASGI middleware: nothing here reads a body, so a refused request costs a few KB at most.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from radio.core import i18n
from radio.core.errors import RadioError
from radio.core.i18n import N_

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ANONYMOUS_BODY = 16 * 1024  # the login form is a few hundred bytes; anything more is not a login
FORM_BODY = 4 * 1024 * 1024  # a signed-in form: a month's texts, a lexicon entry
BUDGET_KEY = "radio.body_budget"
DEFAULT_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Security:
    """How the Studio is reached. `allowed_hosts`: Host header values answered (a DNS-rebinding
    page names its own); `trusted_proxies`: addresses whose X-Forwarded-For/-Proto are believed
    (none by default: a client picks those headers freely); `https`: cookies are Secure even when
    the request arrived as plain HTTP (TLS ended by a proxy that does not say so)."""

    allowed_hosts: tuple[str, ...] = DEFAULT_HOSTS
    trusted_proxies: tuple[str, ...] = ()
    https: bool = False


def allowed_hosts(bound: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The bound address (unless it is every address), 127.0.0.1, localhost and `extra`."""
    hosts = [h for h in (bound,) if h not in ("0.0.0.0", "::", "")]
    return tuple(dict.fromkeys([*hosts, *DEFAULT_HOSTS, *extra]))


def check_proxies(proxies: tuple[str, ...]) -> tuple[str, ...]:
    """The proxies as given, each an address or a network; a RadioError names a wrong one."""
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise RadioError(N_("--trusted-proxy {proxy!r}: not an IP address or network such as 10.0.0.5 "
                                "or 10.0.0.0/24"), proxy=proxy) from None
    return proxies


class BodyTooLarge(Exception):
    """The body streamed past its budget; nothing more of it is read."""


class BodyBudget:
    """How many body bytes this request may send: small until the route says otherwise."""

    def __init__(self) -> None:
        self.limit = ANONYMOUS_BODY
        self.seen = 0
        self.exceeded = False


def budget_of(scope: Scope) -> BodyBudget:
    budget = scope.get(BUDGET_KEY)
    if not isinstance(budget, BodyBudget):
        budget = scope[BUDGET_KEY] = BodyBudget()
    return budget


class Guard:
    """Host check, proxy headers from listed proxies only, Secure cookies, streamed body budget."""

    def __init__(self, app: ASGIApp, security: Security) -> None:
        self.app = app
        self.security = security
        self.hosts = {h.lower() for h in security.allowed_hosts}
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in security.trusted_proxies]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if _host_name(headers.get("host", "")) not in self.hosts:
            language = i18n.pick_language(None)
            text = i18n.gettext(language, N_("This Studio does not answer to that server name."))
            await _plain(send, 400, text.encode("utf-8"))
            return
        client = scope.get("client")
        if client and self._trusted(client[0]):
            real = self._forwarded_for(headers.get("x-forwarded-for", ""))
            if real:
                scope["client"] = (real, 0)
            if headers.get("x-forwarded-proto", "").strip().lower() == "https":
                scope["scheme"] = "https"
        secure = self.security.https or scope.get("scheme") == "https"
        budget = budget_of(scope)

        async def limited() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                budget.seen += len(message.get("body", b""))
                if budget.seen > budget.limit:
                    budget.exceeded = True
                    raise BodyTooLarge
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if secure:
                    headers = [
                        (k, v + b"; Secure") if k.lower() == b"set-cookie" and b"secure" not in v.lower()
                        else (k, v)
                        for k, v in headers
                    ]
                if budget.exceeded or _declared(scope) > budget.limit:
                    # the rest of the body is not wanted: close rather than let the server drain it
                    headers.append((b"connection", b"close"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, limited, sending)

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.proxies)

    def _forwarded_for(self, header: str) -> str:
        """The address the nearest untrusted hop gave: read right to left past our own proxies."""
        for hop in reversed([h.strip() for h in header.split(",") if h.strip()]):
            try:
                ipaddress.ip_address(hop)
            except ValueError:
                return ""  # a forged or garbled list: keep the proxy's own address
            if not self._trusted(hop):
                return hop
        return ""


def _declared(scope: Scope) -> int:
    """The Content-Length the client announced (0 when none or unreadable)."""
    for key, value in scope["headers"]:
        if key.lower() == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8765
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
