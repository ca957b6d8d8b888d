"""`radio station pull`: one sync with a summary a person can act on; bad settings exit 1."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from radio.cli import main
from tests.station.helpers import FaultServer, Tree, audio_bytes, programme


def test_pull_prints_a_summary_and_bad_config_is_one_line(
        tmp_path: Path, tree: Tree, server: FaultServer) -> None:
    audio = tree.audio(audio_bytes(10_000))
    tree.manifest(4, [programme("2099-05", audio, ["2099-05-02T05:30:00"],
                                valid=("2099-05-01T00:00:00", "2099-06-01T00:00:00"))])
    settings = tmp_path / "station.toml"
    settings.write_text(f'[station]\nid = "st-03"\ncentre = "{server.url}"\n'
                        f'public_key = "{tree.key.public_key.base64}"\ntoken = "{server.token}"\n'
                        'storage = "data"\n')
    runner = CliRunner()
    result = runner.invoke(main, ["station", "pull", "--station-config", str(settings)])
    assert result.exit_code == 0, result.output
    assert "Station st-03: updated, 3 request(s)" in result.output
    assert "Manifest sequence 4: 1 item(s), 1 file(s) downloaded and verified, 0 still missing" in result.output
    assert "Next airing: 2099-05-02 05:30" in result.output
    assert "Reports: 1 sent" in result.output  # the "synced" report
    assert (tmp_path / "data" / "audio" / f"{audio.sha256}.mp3").exists()

    settings.write_text('[station]\nid = "st 03"\n')
    bad = runner.invoke(main, ["station", "pull", "--station-config", str(settings)])
    assert bad.exit_code == 1 and "station.id" in bad.output and "Traceback" not in bad.output
