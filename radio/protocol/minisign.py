"""Ed25519 signatures in minisign format, so the independent `minisign -V` tool verifies them.

Formats (https://jedisct1.github.io/minisign/): a public key is base64("Ed" + key id(8) + key(32));
a signature file is an untrusted comment, base64("ED" + key id + Ed25519(BLAKE2b-512(file))), a
trusted comment and base64(Ed25519(signature + trusted comment)) — the "global signature" that
binds the trusted comment. A secret key file holds the 32-byte seed and public key, either in clear
(minisign -W: for unattended publishing, protected by file permissions) or XOR-ed with a scrypt
stream derived from a password, exactly as minisign does.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from radio.core.atomic import staging
from radio.core.errors import RadioError
from radio.core.i18n import N_

log = logging.getLogger("radio.protocol.minisign")

_SIG_ALG = b"Ed"          # key algorithm, and legacy (not prehashed) signature algorithm
_SIG_ALG_HASHED = b"ED"   # prehashed: Ed25519 over BLAKE2b-512 of the file (minisign default)
_KDF_SCRYPT = b"Sc"
_KDF_NONE = b"\x00\x00"
_CHK_ALG = b"B2"
# minisign's own scrypt limits (libsodium OPSLIMIT/MEMLIMIT_SENSITIVE): about 1 GiB and seconds.
DEFAULT_OPSLIMIT = 33554432
DEFAULT_MEMLIMIT = 1073741824


class SignatureError(RadioError):
    """A signature or key that does not check out; the message says what failed."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 random bytes shared by the key pair and every signature it makes
    key: bytes     # 32-byte Ed25519 public key

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """Read a public key from a .pub file's text or from its base64 line alone."""
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        if not lines:
            raise SignatureError(N_("public key: empty; pass the base64 line of minisign.pub"))
        raw = _b64(lines[-1], "public key")
        if len(raw) != 42 or raw[:2] != _SIG_ALG:
            raise SignatureError(N_("public key: not a minisign Ed25519 public key "
                                    "(expected 42 bytes starting 'Ed')"))
        return cls(key_id=raw[2:10], key=raw[10:])

    @property
    def base64(self) -> str:
        return base64.b64encode(_SIG_ALG + self.key_id + self.key).decode()

    @property
    def key_id_hex(self) -> str:
        """The id minisign prints: the 8 bytes read as a little-endian number."""
        return f"{int.from_bytes(self.key_id, 'little'):016X}"

    def file_text(self) -> str:
        return f"untrusted comment: minisign public key {self.key_id_hex}\n{self.base64}\n"


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed: bytes  # 32-byte Ed25519 private seed

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(key_id=secrets.token_bytes(8), seed=secrets.token_bytes(32))

    @property
    def public_key(self) -> PublicKey:
        public = self._private().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PublicKey(key_id=self.key_id, key=public)

    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    def file_text(self, password: str | None = None, *, opslimit: int = DEFAULT_OPSLIMIT,
                  memlimit: int = DEFAULT_MEMLIMIT) -> str:
        """The secret key file minisign reads; without a password the key is stored in clear."""
        sk = self.seed + self.public_key.key
        keynum = self.key_id + sk + _checksum(self.key_id, sk)
        if password is None:
            header = _SIG_ALG + _KDF_NONE + _CHK_ALG + bytes(32) + bytes(16)
            comment = "minisign secret key (unencrypted: keep this file private)"
        else:
            salt = secrets.token_bytes(32)
            keynum = _xor(keynum, _scrypt(password, salt, opslimit, memlimit))
            header = (_SIG_ALG + _KDF_SCRYPT + _CHK_ALG + salt
                      + opslimit.to_bytes(8, "little") + memlimit.to_bytes(8, "little"))
            comment = "minisign encrypted secret key"
        return f"untrusted comment: {comment}\n{base64.b64encode(header + keynum).decode()}\n"

    @classmethod
    def parse(cls, text: str, password: str | None = None, where: str = "secret key") -> SecretKey:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        raw = _b64(lines[-1] if lines else "", where)
        if len(raw) != 158 or raw[:2] != _SIG_ALG or raw[4:6] != _CHK_ALG:
            raise SignatureError(N_("{where}: not a minisign Ed25519 secret key"), where=where)
        kdf, salt = raw[2:4], raw[6:38]
        keynum = raw[54:]
        if kdf == _KDF_SCRYPT:
            if password is None:
                raise SignatureError(N_("{where}: the key is encrypted; give its password "
                                        "(RADIO_SIGNING_PASSWORD) or use a password-less key"), where=where)
            opslimit = int.from_bytes(raw[38:46], "little")
            memlimit = int.from_bytes(raw[46:54], "little")
            keynum = _xor(keynum, _scrypt(password, salt, opslimit, memlimit))
        elif kdf != _KDF_NONE:
            raise SignatureError(N_("{where}: unknown key derivation {kdf!r}"), where=where, kdf=kdf)
        key_id, sk, chk = keynum[:8], keynum[8:72], keynum[72:]
        # minisign -W (0.11) leaves the checksum of an unencrypted key zeroed.
        unchecked = kdf == _KDF_NONE and chk == bytes(32)
        if not unchecked and not secrets.compare_digest(chk, _checksum(key_id, sk)):
            raise SignatureError(N_("{where}: wrong password or damaged key file"), where=where)
        key = cls(key_id=key_id, seed=sk[:32])
        if key.public_key.key != sk[32:]:
            raise SignatureError(N_("{where}: the public half does not match the secret seed"), where=where)
        return key


def sign(data: bytes, key: SecretKey, trusted_comment: str,
         untrusted_comment: str = "signature from radio secret key") -> str:
    """The text of a .minisig file for `data` (prehashed Ed25519, as minisign ≥ 0.8 makes)."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise SignatureError(N_("trusted comment must be one line"))
    private = key._private()
    signature = private.sign(hashlib.blake2b(data, digest_size=64).digest())
    global_signature = private.sign(signature + trusted_comment.encode())
    return (f"untrusted comment: {untrusted_comment}\n"
            f"{base64.b64encode(_SIG_ALG_HASHED + key.key_id + signature).decode()}\n"
            f"trusted comment: {trusted_comment}\n"
            f"{base64.b64encode(global_signature).decode()}\n")


def verify(data: bytes, signature_text: str, public_key: PublicKey | str) -> str:
    """Check a minisign signature of `data`; return its trusted comment, raise SignatureError if bad."""
    key = public_key if isinstance(public_key, PublicKey) else PublicKey.parse(public_key)
    lines = signature_text.replace("\r\n", "\n").split("\n")
    if len(lines) < 4 or not lines[2].startswith("trusted comment: "):
        raise SignatureError(N_("signature: not a minisign signature (expected 4 lines with a trusted comment)"))
    raw = _b64(lines[1], "signature")
    if len(raw) != 74 or raw[:2] not in (_SIG_ALG, _SIG_ALG_HASHED):
        raise SignatureError(N_("signature: unsupported algorithm or wrong length"))
    if raw[2:10] != key.key_id:
        raise SignatureError(N_("signature: made by key {found:016X}, not by the pinned key {pinned}"),
                             found=int.from_bytes(raw[2:10], "little"), pinned=key.key_id_hex)
    signature = raw[10:]
    message = hashlib.blake2b(data, digest_size=64).digest() if raw[:2] == _SIG_ALG_HASHED else data
    trusted = lines[2].removeprefix("trusted comment: ")
    verifier = Ed25519PublicKey.from_public_bytes(key.key)
    try:
        verifier.verify(signature, message)
    except InvalidSignature:
        raise SignatureError(N_("signature: does not match the content (altered or wrong file)")) from None
    try:
        verifier.verify(_b64(lines[3], "global signature"), signature + trusted.encode())
    except InvalidSignature:
        raise SignatureError(N_("signature: the trusted comment was altered")) from None
    return trusted


def write_keypair(secret_path: Path, public_path: Path, password: str | None = None, *,
                  force: bool = False, opslimit: int = DEFAULT_OPSLIMIT,
                  memlimit: int = DEFAULT_MEMLIMIT) -> PublicKey:
    """Create a key pair: the secret file is created 0600 (never world-readable, even briefly)."""
    if secret_path.exists() and not force:
        raise RadioError(N_("{file}: a secret key already exists; stations pin its public key, so replacing "
                            "it needs every station re-pinned (use --force if you mean it)"),
                         file=str(secret_path))
    key = SecretKey.generate()
    # Both halves are renamed into place together: never a new secret beside an old public key.
    with staging() as staged:
        secret_tmp = staged.path_for(secret_path, private=True)
        os.chmod(secret_tmp, 0o600)  # before the key is written: never readable by others, even briefly
        secret_tmp.write_text(key.file_text(password, opslimit=opslimit, memlimit=memlimit),
                              encoding="ascii")
        staged.path_for(public_path).write_text(key.public_key.file_text(), encoding="utf-8")
    return key.public_key


def load_secret_key(path: Path, password: str | None = None) -> SecretKey:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise RadioError(N_("{file}: no secret key; create one with `radio keygen`"), file=str(path)) from None
    check_key_private(path)
    return SecretKey.parse(text, password, where=str(path))


def check_key_private(path: Path) -> None:
    """Refuse a secret key that other users may read; on Windows, say plainly that we cannot tell."""
    if _on_windows():
        log.warning("%s", windows_key_notice(path, Path.home()))
    elif path.stat().st_mode & 0o077:
        raise RadioError(N_("{file}: secret key is readable by other users; run `chmod 600 {file}`"), file=str(path))


def _on_windows() -> bool:
    return os.name == "nt"


def windows_key_notice(path: Path, profile: Path) -> str:
    """Windows has no mode bits, and radio does not read ACLs: the user's profile folder is what
    keeps other accounts out (its ACL admits only the user, SYSTEM and administrators)."""
    notice = (f"{path}: on Windows radio cannot check who may read the secret key (its ACL is not "
              f"examined); keep the file inside your user profile ({profile}), which other "
              "accounts cannot open")
    if not path.resolve().is_relative_to(profile.resolve()):
        notice += ("; it is outside it now: move it there and point [network] secret_key in "
                   "schedule.toml at the new place")
    return notice


def _checksum(key_id: bytes, sk: bytes) -> bytes:
    return hashlib.blake2b(_SIG_ALG + key_id + sk, digest_size=32).digest()


def _scrypt(password: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    """libsodium's crypto_pwhash_scryptsalsa208sha256 (limits → N, r, p as its pickparams does)."""
    opslimit = max(opslimit, 32768)
    r = 8
    if opslimit < memlimit // 32:
        p, max_n = 1, opslimit // (r * 4)
    else:
        max_n = memlimit // (r * 128)
    n_log2 = 1
    while n_log2 < 63 and (1 << n_log2) <= max_n // 2:
        n_log2 += 1
    if not opslimit < memlimit // 32:
        p = min((opslimit // 4) // (1 << n_log2), 0x3FFFFFFF) // r
    n = 1 << n_log2
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p,
                          maxmem=128 * r * (n + p + 2) + (1 << 20), dklen=104)


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _b64(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except ValueError:
        raise SignatureError(N_("{where}: not valid base64"), where=where) from None
