"""The service files: a systemd unit (checked by systemd-analyze where it runs) and a Windows task."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

from radio.core.errors import RadioError
from radio.station.service import (
    TASK_NAMESPACE,
    Ran,
    Scope,
    ServiceManager,
    service_for,
    systemd_unit,
    windows_task,
)


def _service(tmp_path: Path, scope: Scope = Scope.USER, folder: str = "trạm xã 03"):
    config = tmp_path / folder / "station.toml"
    config.parent.mkdir(parents=True)
    config.write_text("", encoding="utf-8")
    return service_for("st-03", config, scope, program=[sys.executable, "-m", "radio"])


def test_the_unit_runs_the_agent_for_this_station_toml_and_always_restarts(tmp_path: Path) -> None:
    unit = systemd_unit(_service(tmp_path))
    sections = {line for line in unit.splitlines() if line.startswith("[")}
    assert sections == {"[Unit]", "[Service]", "[Install]"}
    exec_line = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    assert exec_line.startswith(f"ExecStart={sys.executable} -m radio station run --station-config ")
    assert '"' + str((tmp_path / "trạm xã 03" / "station.toml").resolve()) + '"' in exec_line  # quoted space
    assert "Restart=always" in unit and "RestartSec=30" in unit and "StartLimitIntervalSec=0" in unit
    assert "After=network-online.target sound.target" in unit
    assert "WantedBy=default.target" in unit
    assert "WantedBy=multi-user.target" in systemd_unit(_service(tmp_path, Scope.SYSTEM, "s"))


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed (apt-get install systemd)")
def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path) -> None:
    service = _service(tmp_path)
    unit = tmp_path / f"{service.name}.service"
    unit.write_text(systemd_unit(service), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True,
                          timeout=60)
    # Without a running systemd (a container) verify still parses the unit and checks ExecStart;
    # lines about the absent manager itself are not the unit's fault.
    problems = [line for line in done.stderr.splitlines() if unit.name in line or "ExecStart" in line]
    assert not problems, done.stderr


def test_the_windows_task_has_its_schemas_required_parts_and_restarts_on_failure(tmp_path: Path) -> None:
    ns = {"t": TASK_NAMESPACE}
    for scope, trigger in ((Scope.USER, "LogonTrigger"), (Scope.SYSTEM, "BootTrigger")):
        service = _service(tmp_path, scope, f"win {scope}")
        root = ET.fromstring(windows_task(service).replace('encoding="UTF-16"', ""))
        assert root.tag == f"{{{TASK_NAMESPACE}}}Task" and root.get("version") == "1.2"
        # Required by task.xsd: Actions with at least one action; an Exec's Command.
        command = root.find("t:Actions/t:Exec/t:Command", ns)
        assert command is not None and command.text == sys.executable
        arguments = root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=ns)
        assert arguments is not None and arguments.startswith("-m radio station run --station-config ")
        assert '"' in arguments  # the folder's space is quoted for the Windows command line
        assert root.find(f"t:Triggers/t:{trigger}/t:Enabled", ns).text == "true"  # type: ignore[union-attr]
        assert root.findtext("t:Settings/t:RestartOnFailure/t:Interval", namespaces=ns) == "PT1M"
        assert root.findtext("t:Settings/t:ExecutionTimeLimit", namespaces=ns) == "PT0S"  # no time limit
        assert root.findtext("t:Settings/t:DisallowStartIfOnBatteries", namespaces=ns) == "false"
        principal = root.find("t:Principals/t:Principal", ns)
        assert principal is not None and principal.get("id") == root.find("t:Actions", ns).get("Context")  # type: ignore[union-attr]
    assert "S-1-5-18" in windows_task(_service(tmp_path, Scope.SYSTEM, "sys"))  # SYSTEM at boot


class FakeSystemctl:
    def __init__(self, failing: str = "") -> None:
        self.calls: list[list[str]] = []
        self.failing = failing

    def __call__(self, argv: Sequence[str]) -> Ran:
        self.calls.append(list(argv))
        if self.failing and self.failing in argv:
            return Ran(1, "Failed to connect to bus")
        return Ran(0, {"is-enabled": "enabled", "is-active": "active"}.get(argv[-2], ""))


def test_install_status_remove_write_the_unit_and_drive_systemctl(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    systemctl = FakeSystemctl()
    manager = ServiceManager(_service(tmp_path), runner=systemctl, windows=False)
    lines = [str(line) for line in manager.install()]
    unit = tmp_path / "config" / "systemd" / "user" / "radio-station-st-03.service"
    assert unit.is_file() and f"Wrote {unit}" in lines
    assert systemctl.calls == [["systemctl", "--user", "daemon-reload"],
                               ["systemctl", "--user", "enable", "--now", "radio-station-st-03"]]
    state = manager.status()
    assert state.installed and state.enabled == "enabled" and state.active == "active"
    manager.remove()
    assert not unit.exists()
    assert ["systemctl", "--user", "disable", "--now", "radio-station-st-03"] in systemctl.calls


def test_a_systemctl_that_fails_is_one_line_naming_the_command(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    manager = ServiceManager(_service(tmp_path), runner=FakeSystemctl(failing="enable"), windows=False)
    with pytest.raises(RadioError, match=r"systemctl --user enable --now radio-station-st-03 failed \(1\)"):
        manager.install()


def test_on_windows_the_task_is_registered_with_schtasks(tmp_path: Path) -> None:
    calls: list[list[str]] = []
    manager = ServiceManager(_service(tmp_path), runner=lambda argv: calls.append(list(argv)) or Ran(0, ""),
                             windows=True)
    manager.install()
    xml = manager.service.workdir / "radio-station-st-03.xml"
    assert xml.read_text(encoding="utf-16").startswith('<?xml version="1.0" encoding="UTF-16"?>')
    assert calls == [["schtasks", "/Create", "/TN", "radio-station-st-03", "/XML", str(xml), "/F"]]
