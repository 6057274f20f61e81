"""Sessions with a CSRF token, the workbench password (for a --host other than loopback), and path confinement."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from lintou_report.output import write_atomic

PASSWORD_FILE = Path(".lintou-web") / "password"
SECRET_FILE = Path(".lintou-web") / "secret"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_KEEP = 1000
# a plain folder or file name: ASCII letters, digits and Chinese characters (a document's folder is named by the
# clerk: 2024-03-05-防汛通知), with _ . @ - inside; never a separator, a space or a drive
_SAFE_NAME = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff][0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff_.@-]{0,80}")


@dataclass
class Session:
    csrf: str
    signed_in: bool = False


class Sessions:
    """Sessions by the id in the browser's cookie; a session's CSRF token is an HMAC of its id under a secret
    kept in the workspace, so that a tab still open when the server is restarted can go on and save.
    Whether a session gave the password is kept in memory only: a restarted server asks for it again."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._by_id: dict[str, Session] = {}

    def get(self, session_id: str | None) -> tuple[str, Session, bool]:
        """The session of ``session_id`` (made again after a restart), or a new one; True when it is new."""
        new = not (session_id and _SESSION_ID.fullmatch(session_id))
        if new:
            session_id = secrets.token_urlsafe(32)
        assert session_id is not None
        if session_id not in self._by_id:
            token = hmac.new(self._secret, session_id.encode("ascii"), hashlib.sha256).hexdigest()
            self._by_id[session_id] = Session(token)
            while len(self._by_id) > _KEEP:  # a client that keeps no cookie makes a session each request
                self._by_id.pop(next(iter(self._by_id)))
        return session_id, self._by_id[session_id], new


def workspace_secret(workspace: Path) -> bytes:
    """The workspace's secret for CSRF tokens (made once, readable by the user only)."""
    path = workspace / SECRET_FILE
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(secret) >= 32:
            return secret
    except (OSError, ValueError):
        pass
    secret = os.urandom(32)
    write_atomic(path, secret.hex().encode("ascii"))
    os.chmod(path, 0o600)
    return secret


def token_ok(session: Session | None, sent: str | None) -> bool:
    return session is not None and sent is not None and hmac.compare_digest(session.csrf, sent)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(stored: str, password: str) -> bool:
    try:
        kind, salt, digest = stored.strip().split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT)
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def read_password(workspace: Path) -> str | None:
    path = workspace / PASSWORD_FILE
    return path.read_text(encoding="utf-8") if path.is_file() else None


def store_password(workspace: Path, password: str) -> Path:
    path = workspace / PASSWORD_FILE
    write_atomic(path, (hash_password(password) + "\n").encode("utf-8"))
    os.chmod(path, 0o600)
    return path


def inside(root: Path, *parts: str) -> Path | None:
    """``root``/parts if every part is a plain name and the result, links resolved, stays inside ``root``."""
    if not all(_SAFE_NAME.fullmatch(p) and p not in (".", "..") for p in parts):
        return None
    path = root.joinpath(*parts).resolve()
    return path if path.is_relative_to(root.resolve()) else None
