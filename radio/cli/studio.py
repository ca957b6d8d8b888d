"""`radio studio`: the office web app; `radio studio adduser NAME --role ROLE` for its accounts."""

from __future__ import annotations

import sys
import threading
import webbrowser
from datetime import UTC, datetime

import click

from radio.cli import settings_from
from radio.core.i18n import environment_language, gettext
from radio.store.db import database_url, open_engine


def _(message: str) -> str:
    return gettext(environment_language(), message)


@click.group("studio", invoke_without_command=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but 127.0.0.1 needs TLS from a reverse proxy.",
)
@click.option("--port", default=8765, show_default=True)
@click.option("--no-browser", is_flag=True, help="Do not open the web browser.")
@click.option(
    "--allowed-host",
    "allowed_host",
    multiple=True,
    metavar="NAME",
    help="A server name the Studio answers besides --host, 127.0.0.1 and localhost (repeatable).",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxy",
    multiple=True,
    metavar="ADDRESS",
    help="Reverse proxy address (or network) whose X-Forwarded-For/-Proto are believed (repeatable; "
    "none by default).",
)
@click.option("--https", is_flag=True, help="Served over HTTPS by a proxy: cookies are marked Secure.")
@click.pass_context
def studio(
    ctx: click.Context,
    host: str,
    port: int,
    no_browser: bool,
    allowed_host: tuple[str, ...],
    trusted_proxy: tuple[str, ...],
    https: bool,
) -> None:
    """The media centre's web app: edit, build, listen, approve, publish, watch stations, report."""
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from radio.studio import create_app
    from radio.studio.guard import Security, allowed_hosts, check_proxies

    settings = settings_from(ctx)
    security = Security(allowed_hosts(host, allowed_host), check_proxies(trusted_proxy), https)
    app = create_app(settings.path, security=security)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.secho(
            _(
                "Warning: the Studio is reachable from other computers; put it behind a reverse "
                "proxy with TLS (HTTPS), or passwords travel in clear."
            ),
            fg="yellow",
            err=True,
        )
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(_("Studio at {url} (Ctrl+C stops).").format(url=url), err=True)
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    # proxy_headers off: uvicorn would believe X-Forwarded-For from 127.0.0.1; the Studio's own
    # guard believes it only from --trusted-proxy addresses
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


@studio.command("adduser")
@click.argument("name")
@click.option("--role", type=click.Choice(["editor", "approver", "admin", "viewer"]), required=True)
@click.option("--full-name", default="", help='The person\'s name as written ("Nguyễn Văn A"), shown instead of NAME.')
@click.pass_context
def adduser(ctx: click.Context, name: str, role: str, full_name: str) -> None:
    """Create a Studio account; the password is asked for (or read from standard input)."""
    from radio.studio.auth import add_user

    if sys.stdin.isatty():
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    settings = settings_from(ctx)
    engine = open_engine(database_url(settings.root))
    try:
        add_user(engine, name, role, password, datetime.now(UTC), full_name)
    finally:
        engine.dispose()
    click.echo(_("Account {name} ({role}) created.").format(name=name, role=role))


COMMANDS: list[click.Command] = [studio]
