"""Ed25519 signatures of update packages: what is signed, key files, and the project's release public key.

The signature covers the manifest's exact bytes behind a fixed context line; the manifest holds the
casebook's SHA-256 and size, so one signature vouches for every byte of the package. Keys are PEM files
(PKCS#8 private keys, SubjectPublicKeyInfo public keys)."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dxreader.core.datapackage import PackageRejected

CONTEXT = b"dxreader-casebook-package-signature-v1\n"  # a signature made for anything else never fits
SIGNATURE_BYTES = 64
MAX_KEY_FILE_BYTES = 4096
# The project's release key. Its private half is kept offline by the maintainers, never in the repository.
RELEASE_PUBLIC_KEY_PEM = b"""-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJs3+Sj4Tq8wNPjH6lKFOkUpmj9WgngkMGQeXQQw3ZtM=
-----END PUBLIC KEY-----
"""


class KeyFileError(ValueError):
    """A key file that is not an Ed25519 key of the expected kind (message in Japanese)."""


@dataclass(frozen=True)
class TrustedKey:
    key: Ed25519PublicKey
    label: str  # where it came from: 「プログラム内蔵の公開鍵」 or the file name

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)


def fingerprint(key: Ed25519PublicKey) -> str:
    """The raw public key in hex, grouped by four: what IT compares when placing a key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def new_key_pair() -> tuple[bytes, bytes]:
    """(private PEM, public PEM) of a fresh Ed25519 key."""
    private = Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    return private_pem, public_pem(private.public_key())


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem[:MAX_KEY_FILE_BYTES], password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileError("署名用の秘密鍵を読めません（パスワードなしの Ed25519 秘密鍵の PEM ファイルを指定してください）") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError("署名用の秘密鍵が Ed25519 の鍵ではありません")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem[:MAX_KEY_FILE_BYTES])
    except (ValueError, TypeError) as exc:
        raise KeyFileError("公開鍵を読めません（Ed25519 公開鍵の PEM ファイルではありません）") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError("公開鍵が Ed25519 の鍵ではありません")
    return key


def release_key() -> TrustedKey:
    return TrustedKey(load_public_key(RELEASE_PUBLIC_KEY_PEM), "プログラム内蔵の公開鍵")


def sign_manifest(manifest: bytes, private_key: Ed25519PrivateKey) -> bytes:
    return private_key.sign(CONTEXT + manifest)


def signer_of(manifest: bytes, signature: bytes, trusted: list[TrustedKey]) -> TrustedKey:
    """The trusted key that made `signature` over `manifest`; PackageRejected when none did."""
    if len(signature) != SIGNATURE_BYTES:
        raise PackageRejected("更新ファイルの署名（manifest.sig）の形式が正しくありません")
    for candidate in trusted:
        try:
            candidate.key.verify(signature, CONTEXT + manifest)
            return candidate
        except InvalidSignature:
            continue
    raise PackageRejected("更新ファイルの署名が、信頼する鍵のどれとも一致しません"
                          "（改変されたか、信頼されていない鍵で署名されています）")
