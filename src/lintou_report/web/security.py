"""Sessions with a CSRF token, the workbench password (for a --host other than loopback), and path confinement."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from lintou_report.output import write_atomic

PASSWORD_FILE = Path(".lintou-web") / "password"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_KEEP = 1000
_SAFE_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.@-]{0,80}")


@dataclass
class Session:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    signed_in: bool = False


class Sessions:
    """Sessions kept in memory only: a restarted server asks for its password again."""

    def __init__(self) -> None:
        self._by_id: dict[str, Session] = {}

    def get(self, session_id: str | None) -> Session | None:
        return self._by_id.get(session_id or "")

    def new(self) -> tuple[str, Session]:
        session_id = secrets.token_urlsafe(32)
        self._by_id[session_id] = Session()
        while len(self._by_id) > _KEEP:  # a client that keeps no cookie makes a session each request
            self._by_id.pop(next(iter(self._by_id)))
        return session_id, self._by_id[session_id]


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
