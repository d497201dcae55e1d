"""The server's VAPID key pair (RFC 8292): push services accept a message only
when it is signed with the key the browser subscribed with.

The private key comes from ``LDNCARE_VAPID_PRIVATE_KEY`` (PEM, or the base64url
raw key) or, when that is unset, from ``<data dir>/vapid_private.pem``, generated
(readable by the owner only) on first use. It is never committed: changing it
ends every subscription, so back the data dir up with it.
"""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid
from py_vapid.utils import b64urlencode


def key_path() -> Path:
    return Path(settings.DATA_DIR) / "vapid_private.pem"


@cache
def server_key() -> Vapid:
    """The key pair, loaded (or generated into the data dir) once per process."""
    configured = os.environ.get("LDNCARE_VAPID_PRIVATE_KEY", "").strip()
    if configured:
        return (Vapid.from_pem(configured.encode()) if configured.startswith("-----")
                else Vapid.from_string(configured))
    path = key_path()
    if not path.exists():
        _generate(path)
    return Vapid.from_file(str(path))


def _generate(path: Path) -> None:
    """Write a new key to ``path`` unless another process got there first. The
    key is written whole to a private temporary file (0600 from the start) and
    then linked into place, so no process ever reads half a key, and of two
    processes starting at once both end up with the same one."""
    key = Vapid()
    key.generate_keys()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(key.private_pem())
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
    finally:
        temporary.unlink(missing_ok=True)


def application_server_key() -> str:
    """The public key as the browser's ``pushManager.subscribe`` wants it:
    the uncompressed P-256 point, base64url without padding."""
    raw = server_key().public_key.public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
    return b64urlencode(raw)


def claims() -> dict[str, str]:
    """The VAPID ``sub`` claim: how a push service can reach the operator."""
    contact = os.environ.get("LDNCARE_PUSH_CONTACT", "").strip() or settings.DEFAULT_FROM_EMAIL
    address = contact.rsplit("<", 1)[-1].rstrip(">").strip()
    return {"sub": address if address.startswith(("mailto:", "https:")) else f"mailto:{address}"}
