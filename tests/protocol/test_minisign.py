"""minisign-format signatures: our own round trip, tampering, and the real `minisign` tool both ways."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from radio.core.errors import RadioError
from radio.protocol import minisign
from radio.protocol.minisign import (
    PublicKey,
    SecretKey,
    SignatureError,
    load_secret_key,
    sign,
    verify,
    write_keypair,
)

DATA = b"{\"format\": 1, \"station\": \"st-03\", \"sequence\": 17}\n"
MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(MINISIGN is None,
                                    reason="minisign not installed: apt-get install minisign")
# Cheap scrypt limits keep the encrypted-key tests fast; the format is the same as minisign's.
FAST = {"opslimit": 1 << 16, "memlimit": 1 << 22}


def test_sign_then_verify_returns_trusted_comment() -> None:
    key = SecretKey.generate()
    text = sign(DATA, key, "timestamp:1 file:manifest.json sequence:17")
    assert verify(DATA, text, key.public_key) == "timestamp:1 file:manifest.json sequence:17"
    assert verify(DATA, text, key.public_key.base64) == "timestamp:1 file:manifest.json sequence:17"
    assert verify(DATA, text, key.public_key.file_text()).endswith("sequence:17")


def test_altered_content_is_refused() -> None:
    key = SecretKey.generate()
    text = sign(DATA, key, "sequence:17")
    with pytest.raises(SignatureError, match="does not match the content"):
        verify(DATA.replace(b"17", b"18"), text, key.public_key)


def test_altered_trusted_comment_is_refused() -> None:
    key = SecretKey.generate()
    lines = sign(DATA, key, "sequence:17").splitlines()
    lines[2] = "trusted comment: sequence:99"
    with pytest.raises(SignatureError, match="trusted comment was altered"):
        verify(DATA, "\n".join(lines), key.public_key)


def test_other_key_is_refused_by_key_id() -> None:
    text = sign(DATA, SecretKey.generate(), "x")
    with pytest.raises(SignatureError, match="not by the pinned key"):
        verify(DATA, text, SecretKey.generate().public_key)


def test_same_key_id_but_other_key_is_refused() -> None:
    key, other = SecretKey.generate(), SecretKey.generate()
    forged = PublicKey(key_id=key.key_id, key=other.public_key.key)
    with pytest.raises(SignatureError):
        verify(DATA, sign(DATA, key, "x"), forged)


@pytest.mark.parametrize("garbage", ["", "hello", "untrusted comment: x\n!!!\ntrusted comment: y\nzz\n"])
def test_garbage_signature_is_a_clear_error(garbage: str) -> None:
    with pytest.raises(SignatureError, match="signature"):
        verify(DATA, garbage, SecretKey.generate().public_key)


def test_signature_error_is_a_radio_error() -> None:
    assert issubclass(SignatureError, RadioError)


def test_keypair_files_secret_is_0600_and_loads(tmp_path: Path) -> None:
    pub = write_keypair(tmp_path / "k" / "radio.key", tmp_path / "k" / "radio.pub")
    mode = stat.S_IMODE((tmp_path / "k" / "radio.key").stat().st_mode)
    assert mode == 0o600
    key = load_secret_key(tmp_path / "k" / "radio.key")
    assert key.public_key == pub == PublicKey.parse((tmp_path / "k" / "radio.pub").read_text())


def test_keygen_refuses_to_overwrite(tmp_path: Path) -> None:
    write_keypair(tmp_path / "radio.key", tmp_path / "radio.pub")
    with pytest.raises(RadioError, match="already exists"):
        write_keypair(tmp_path / "radio.key", tmp_path / "radio.pub")


def test_world_readable_secret_key_is_refused(tmp_path: Path) -> None:
    write_keypair(tmp_path / "radio.key", tmp_path / "radio.pub")
    (tmp_path / "radio.key").chmod(0o644)
    with pytest.raises(RadioError, match="chmod 600"):
        load_secret_key(tmp_path / "radio.key")


def test_on_windows_a_readable_key_loads_with_a_plain_notice_instead(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # Mode bits mean nothing on Windows: the branch is taken by platform detection alone.
    monkeypatch.setattr(minisign, "_on_windows", lambda: True)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "profile"))
    inside = tmp_path / "profile" / "keys" / "radio.key"
    pub = write_keypair(inside, inside.with_suffix(".pub"))
    inside.chmod(0o644)
    with caplog.at_level("WARNING", logger="radio.protocol.minisign"):
        assert load_secret_key(inside).public_key == pub
    [notice] = caplog.messages
    assert "cannot check who may read the secret key (its ACL is not examined)" in notice
    assert "keep the file inside your user profile" in notice and "outside" not in notice


def test_the_windows_notice_says_when_the_key_is_outside_the_profile(tmp_path: Path) -> None:
    notice = minisign.windows_key_notice(tmp_path / "radio" / "minisign.key", tmp_path / "profile")
    assert notice.startswith(f"{tmp_path / 'radio' / 'minisign.key'}: on Windows radio cannot check")
    assert "it is outside it now: move it there" in notice


def test_encrypted_key_needs_the_right_password(tmp_path: Path) -> None:
    pub = write_keypair(tmp_path / "radio.key", tmp_path / "radio.pub", "mật khẩu", **FAST)
    assert load_secret_key(tmp_path / "radio.key", "mật khẩu").public_key == pub
    with pytest.raises(SignatureError, match="wrong password"):
        load_secret_key(tmp_path / "radio.key", "wrong")
    with pytest.raises(SignatureError, match="encrypted"):
        load_secret_key(tmp_path / "radio.key")


@needs_minisign
def test_real_minisign_verifies_our_signature(tmp_path: Path) -> None:
    write_keypair(tmp_path / "radio.key", tmp_path / "radio.pub")
    (tmp_path / "manifest.json").write_bytes(DATA)
    key = load_secret_key(tmp_path / "radio.key")
    (tmp_path / "manifest.json.minisig").write_text(sign(DATA, key, "timestamp:1 sequence:17"))
    done = subprocess.run([MINISIGN, "-Vm", "manifest.json", "-p", "radio.pub"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "sequence:17" in done.stdout
    (tmp_path / "manifest.json").write_bytes(DATA + b" ")
    done = subprocess.run([MINISIGN, "-Vm", "manifest.json", "-p", "radio.pub"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0


@needs_minisign
def test_we_verify_and_load_keys_made_by_real_minisign(tmp_path: Path) -> None:
    subprocess.run([MINISIGN, "-G", "-W", "-p", "m.pub", "-s", "m.key"], cwd=tmp_path,
                   capture_output=True, check=True)
    (tmp_path / "f").write_bytes(DATA)
    subprocess.run([MINISIGN, "-Sm", "f", "-s", "m.key", "-t", "from minisign"], cwd=tmp_path,
                   capture_output=True, check=True, stdin=subprocess.DEVNULL)
    pub = (tmp_path / "m.pub").read_text()
    assert verify(DATA, (tmp_path / "f.minisig").read_text(), pub) == "from minisign"
    assert load_secret_key(tmp_path / "m.key").public_key == PublicKey.parse(pub)


@needs_minisign
def test_real_minisign_signs_with_our_encrypted_key(tmp_path: Path) -> None:
    write_keypair(tmp_path / "radio.key", tmp_path / "radio.pub", "pw", **FAST)
    (tmp_path / "f").write_bytes(DATA)
    subprocess.run([MINISIGN, "-Sm", "f", "-s", "radio.key", "-t", "ok"], cwd=tmp_path,
                   input="pw\n", capture_output=True, text=True, check=True)
    assert verify(DATA, (tmp_path / "f.minisig").read_text(), (tmp_path / "radio.pub").read_text()) == "ok"
