"""`radio station service install|remove|status`: the agent starts on boot and restarts when it fails.

Linux: a systemd unit, per user (`~/.config/systemd/user`, the user's sound session; starts at boot
once `loginctl enable-linger` is set) or for the system (`/etc/systemd/system`, needs root).
Windows: a Task Scheduler task (at logon, or at boot as SYSTEM), restarted on failure, registered
with `schtasks /Create /XML`. The Windows side is generated and checked here but cannot be run on
this project's Linux machines.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from xml.sax.saxutils import escape

from radio.core.errors import RadioError
from radio.core.i18n import N_, Text

TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
_RESTART_S = 30

Runner = Callable[[Sequence[str]], "Ran"]


@dataclass(frozen=True)
class Ran:
    status: int
    output: str


def run(argv: Sequence[str]) -> Ran:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=60, check=False)
    except FileNotFoundError:
        return Ran(127, f"{argv[0]}: not found")
    except subprocess.TimeoutExpired:
        return Ran(124, f"{argv[0]}: no answer within 60 s")
    return Ran(done.returncode, (done.stdout + done.stderr).strip())


class Scope(StrEnum):
    USER = "user"  # starts with the user's session (and at boot with lingering); hears their sound
    SYSTEM = "system"  # starts at boot before anyone logs in; needs root / administrator


@dataclass(frozen=True)
class Service:
    """Where the agent's service lives and how it is started."""

    name: str  # radio-station-st-03
    scope: Scope
    command: tuple[str, ...]  # the program and its arguments
    workdir: Path
    station_id: str

    @property
    def unit_path(self) -> Path:
        if self.scope == Scope.SYSTEM:
            return Path("/etc/systemd/system") / f"{self.name}.service"
        config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return config / "systemd" / "user" / f"{self.name}.service"


def service_for(station_id: str, station_config: Path, scope: Scope,
                program: Sequence[str] | None = None) -> Service:
    """The service running `radio station run` for this station.toml with this interpreter."""
    config = station_config.resolve()
    command = tuple(program) if program else default_program()
    return Service(name=f"radio-station-{station_id}", scope=scope,
                   command=(*command, "station", "run", "--station-config", str(config)),
                   workdir=config.parent, station_id=station_id)


def default_program() -> tuple[str, ...]:
    """The `radio` program installed beside this Python (a venv's), else this Python running it."""
    script = Path(sys.executable).with_name("radio.exe" if os.name == "nt" else "radio")
    if script.is_file():
        return (str(script),)
    return (sys.executable, "-c", "from radio.cli import main; main()")


def systemd_unit(service: Service) -> str:
    """The unit file's text."""
    target = "default.target" if service.scope == Scope.USER else "multi-user.target"
    exec_start = " ".join(_systemd_quote(part) for part in service.command)
    return "\n".join([
        "[Unit]",
        f"Description=radio commune station agent ({service.station_id}): sync, verify, play",
        "Wants=network-online.target",
        "After=network-online.target sound.target",
        "# Restarted however often it fails: a station must come back by itself.",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={exec_start}",
        # A path setting takes the rest of the line as it is (spaces and all); only % is special.
        f"WorkingDirectory={str(service.workdir).replace('%', '%%')}",
        "Environment=PYTHONUNBUFFERED=1",
        "Restart=always",
        f"RestartSec={_RESTART_S}",
        "# The agent stops cleanly on SIGTERM; a play in progress is reported as interrupted.",
        "TimeoutStopSec=20",
        "",
        "[Install]",
        f"WantedBy={target}",
        "",
    ])


def _systemd_quote(word: str) -> str:
    """systemd's command-line quoting: double quotes, backslash escapes, and %% for a literal %."""
    word = word.replace("%", "%%")
    if word and not any(c in word for c in " \t\"'\\;$"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("$", "$$") + '"'


def windows_task(service: Service) -> str:
    """Task Scheduler XML (schema version 1.2): at logon (user) or boot (system), restarted on failure."""
    program, *arguments = service.command
    if service.scope == Scope.SYSTEM:
        trigger = ("    <BootTrigger>\n      <Enabled>true</Enabled>\n      <Delay>PT1M</Delay>\n"
                   "    </BootTrigger>")
        principal = ("    <Principal id=\"Author\">\n      <UserId>S-1-5-18</UserId>\n"
                     "      <RunLevel>HighestAvailable</RunLevel>\n    </Principal>")
    else:
        trigger = "    <LogonTrigger>\n      <Enabled>true</Enabled>\n    </LogonTrigger>"
        principal = ("    <Principal id=\"Author\">\n      <LogonType>InteractiveToken</LogonType>\n"
                     "      <RunLevel>LeastPrivilege</RunLevel>\n    </Principal>")
    args = subprocess.list2cmdline(arguments)
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="{TASK_NAMESPACE}">
  <RegistrationInfo>
    <Description>radio commune station agent ({escape(service.station_id)}): sync, verify, play</Description>
    <URI>\\{escape(service.name)}</URI>
  </RegistrationInfo>
  <Triggers>
{trigger}
  </Triggers>
  <Principals>
{principal}
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>5</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(program)}</Command>
      <Arguments>{escape(args)}</Arguments>
      <WorkingDirectory>{escape(str(service.workdir))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""


@dataclass(frozen=True)
class ServiceState:
    installed: bool
    enabled: str  # systemd's / schtasks' own word
    active: str
    where: str  # the unit file or task name


class ServiceManager:
    """Registers the service with systemd (Linux) or Task Scheduler (Windows); commands are injectable."""

    def __init__(self, service: Service, runner: Runner = run, windows: bool = os.name == "nt") -> None:
        self.service = service
        self.runner = runner
        self.windows = windows

    def install(self) -> list[Text]:
        if self.windows:
            return self._install_windows()
        path = self.service.unit_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(systemd_unit(self.service), encoding="utf-8")
        except OSError as err:
            system = self.service.scope == Scope.SYSTEM
            hint = Text.of(N_(" (a system service needs root: sudo, or --user)")) if system else ""
            raise RadioError(N_("{file}: cannot write the unit: {problem}{hint}"), file=str(path),
                             problem=err.strerror, hint=hint) from None
        lines = [Text.of(N_("Wrote {file}"), file=str(path))]
        for argv in (self._systemctl("daemon-reload"), self._systemctl("enable", "--now", self.service.name)):
            self._check(argv)
            lines.append(Text.of(N_("Ran {command}"), command=shlex.join(argv)))
        if self.service.scope == Scope.USER:
            lines.append(Text.of(N_("To start it at boot before anyone logs in: sudo loginctl "
                                    "enable-linger {user}"), user=os.environ.get("USER", "<user>")))
        return lines

    def remove(self) -> list[Text]:
        if self.windows:
            self._check(["schtasks", "/Delete", "/TN", self.service.name, "/F"])
            return [Text.of(N_("Removed task {name}"), name=self.service.name)]
        path = self.service.unit_path
        lines: list[Text] = []
        if path.exists():
            self.runner(self._systemctl("disable", "--now", self.service.name))  # may be stopped already
            path.unlink()
            lines.append(Text.of(N_("Removed {file}"), file=str(path)))
            self._check(self._systemctl("daemon-reload"))
        else:
            lines.append(Text.of(N_("No unit at {file}: nothing to remove"), file=str(path)))
        return lines

    def status(self) -> ServiceState:
        if self.windows:
            ran = self.runner(["schtasks", "/Query", "/TN", self.service.name, "/FO", "LIST"])
            return ServiceState(ran.status == 0, "yes" if ran.status == 0 else "no",
                                ran.output.splitlines()[-1] if ran.output else "", self.service.name)
        path = self.service.unit_path
        enabled = self.runner(self._systemctl("is-enabled", self.service.name)).output or "unknown"
        active = self.runner(self._systemctl("is-active", self.service.name)).output or "unknown"
        return ServiceState(path.exists(), enabled, active, str(path))

    def _install_windows(self) -> list[Text]:
        xml = self.service.workdir / f"{self.service.name}.xml"
        try:
            xml.write_text(windows_task(self.service), encoding="utf-16")
        except OSError as err:
            raise RadioError(N_("{file}: cannot write the task file: {problem}"), file=str(xml),
                             problem=err.strerror) from None
        self._check(["schtasks", "/Create", "/TN", self.service.name, "/XML", str(xml), "/F"])
        return [Text.of(N_("Wrote {file}"), file=str(xml)),
                Text.of(N_("Registered task {name}"), name=self.service.name)]

    def _systemctl(self, *args: str) -> list[str]:
        return ["systemctl", *(["--user"] if self.service.scope == Scope.USER else []), *args]

    def _check(self, argv: Sequence[str]) -> None:
        ran = self.runner(argv)
        if ran.status != 0:
            raise RadioError(N_("{command} failed ({status}): {output}; the service file is written, register "
                                "it by hand or run `radio station service remove`"),
                             command=shlex.join(argv), status=ran.status, output=ran.output[:300])
