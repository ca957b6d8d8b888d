"""`radio station pull|status`: a summary a person can act on, local times, and exit statuses a
scheduler can act on (documented in --help); bad settings exit 1."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from radio.cli import main
from radio.protocol.minisign import SecretKey
from radio.station.status import PullExit
from tests.station.helpers import FaultServer, Tree, audio_bytes, programme

VALID = ("2099-05-01T00:00:00", "2099-06-01T00:00:00")


def settings_file(tmp_path: Path, centre: str, tree: Tree, token: str) -> Path:
    settings = tmp_path / "station.toml"
    settings.write_text(f'[station]\nid = "st-03"\ncentre = "{centre}"\n'
                        f'public_key = "{tree.key.public_key.base64}"\ntoken = "{token}"\n'
                        'storage = "data"\ntimeout_s = 2\n')
    return settings


def pull(settings: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["station", "pull", "--lang", "en", "--station-config", str(settings)])
    return result.exit_code, result.output


def test_pull_prints_each_upcoming_airing_in_local_time_and_exits_0_when_all_is_held(
        tmp_path: Path, tree: Tree, server: FaultServer) -> None:
    audio = tree.audio(audio_bytes(10_000))
    tree.manifest(4, [programme("2099-05", audio, ["2099-05-02T05:30:00", "2099-05-09T17:00:00"],
                                valid=VALID)])
    settings = settings_file(tmp_path, server.url, tree, server.token)
    code, output = pull(settings)
    assert code == PullExit.OK, output
    assert "Station st-03: updated, 3 request(s)" in output
    assert "Manifest sequence 4: 1 item(s), 1 file(s) downloaded and verified, 0 still missing" in output
    assert "Holding: up to date: sequence 4, every file held" in output
    assert "Upcoming airings (Asia/Ho_Chi_Minh):" in output
    # 05:30 local, not 22:30 UTC of the day before.
    assert "02/05/2099 05:30" in output and "09/05/2099 17:00" in output and "22:30" not in output
    assert output.count("held, verified") == 2
    assert "Reports: 1 sent" in output  # the "synced" report
    assert (tmp_path / "data" / "audio" / f"{audio.sha256}.mp3").exists()

    status = CliRunner().invoke(main, ["station", "status", "--lang", "en",
                                       "--station-config", str(settings)])
    assert status.exit_code == 0 and "02/05/2099 05:30" in status.output
    assert "Last sync:" in status.output and "(updated)" in status.output

    settings.write_text('[station]\nid = "st 03"\n')
    code, output = pull(settings)
    assert code == 1 and "station.id" in output and "Traceback" not in output


def test_pull_exit_statuses_keep_the_last_good_set(
        tmp_path: Path, tree: Tree, server: FaultServer) -> None:
    audio = tree.audio(audio_bytes(10_000))
    tree.manifest(1, [programme("2099-05", audio, ["2099-05-02T05:30:00"], valid=VALID)])
    settings = settings_file(tmp_path, server.url, tree, server.token)
    assert pull(settings)[0] == PullExit.OK

    rebuilt = tree.audio(audio_bytes(10_000, seed=2))
    tree.manifest(2, [programme("2099-05", rebuilt, ["2099-05-02T05:30:00"], valid=VALID)])
    server.always[f"/audio/{rebuilt.sha256}.mp3"] = "500"
    code, output = pull(settings)
    assert code == PullExit.MISSING, output
    assert "BEHIND: playing from sequence 1; sequence 2 is verified" in output
    assert "held, verified (previous version" in output

    tree.manifest(3, [programme("2099-05", audio, ["2099-05-02T05:30:00"], valid=VALID)],
                  signing_key=SecretKey.generate())
    code, output = pull(settings)
    assert code == PullExit.REFUSED and "not by the pinned key" in output
    assert "held, verified" in output  # still playing what it holds

    server.down = True
    code, output = pull(settings)
    assert code == PullExit.UNREACHABLE and "centre failing (HTTP 503" in output
    assert "held, verified" in output


def test_pull_help_documents_the_exit_statuses() -> None:
    result = CliRunner().invoke(main, ["station", "pull", "--help"])
    text = " ".join(result.output.split())
    for code in PullExit:
        if code:
            assert f"{int(code)} " in text
    assert "manifest was refused" in text and "centre is unreachable" in text
    assert "audio to play next is missing" in text and "disk is full" in text


def test_every_kind_of_bad_station_toml_exits_1_naming_the_field(tmp_path: Path) -> None:
    """One exit status for bad settings, whatever the mistake (3 is a refused manifest)."""
    tree = Tree(tmp_path / "publish")
    good = settings_file(tmp_path, "http://127.0.0.1:9/", tree, "t").read_text()
    for name, text, named in [
        ("broken", "[station\n", "invalid TOML"),
        ("out-of-range", good + "sync_interval_s = 5\n", "station.sync_interval_s: 5 is outside 30..86400"),
        ("wrong-type", good + 'play_grace_s = "soon"\n', "station.play_grace_s"),
        ("unknown", good + "colour = 1\n", "unknown field(s) colour"),
        ("bad-value", good.replace('id = "st-03"', 'id = "Phổ An"'), "station.id"),
    ]:
        settings = tmp_path / f"{name}.toml"
        settings.write_text(text, encoding="utf-8")
        code, output = pull(settings)
        assert code == 1 and named in output and "Traceback" not in output, (name, code, output)
