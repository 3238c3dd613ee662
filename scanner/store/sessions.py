"""Web sessions, kept server-side: the cookie carries a random token, the table its hash.

    token = store.sessions.open("alice", now)        # at login; the token goes in the cookie
    store.sessions.user(token, now, max_age)        # "alice", or "" (unknown, ended, expired)
    store.sessions.close(token)                     # logout
    store.sessions.close_all("alice")               # password reset, role change, removal

Only the SHA-256 of a token is stored, so reading the database does not hand out sessions.
Times are the web app's clock (seconds since the epoch), so tests can move it.
"""

from __future__ import annotations

import hashlib
import secrets

from scanner.store.db import Database


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class SessionRepo:
    """The web_sessions table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def open(self, username: str, now: float) -> str:
        """A new session for `username`; returns the token for the cookie."""
        token = secrets.token_urlsafe(32)
        self.db.execute(
            "INSERT INTO web_sessions (id, username, created_at) VALUES (?, ?, ?)",
            (_key(token), username, now),
        )
        return token

    def user(self, token: str, now: float, max_age: float) -> str:
        """The user of a live session, or "" when it is unknown, ended or older than max_age."""
        if not token:
            return ""
        row = self.db.one(
            "SELECT username, created_at FROM web_sessions WHERE id = ?", (_key(token),)
        )
        if row is None or now - float(row["created_at"]) > max_age:
            return ""
        return str(row["username"])

    def close(self, token: str) -> None:
        self.db.execute("DELETE FROM web_sessions WHERE id = ?", (_key(token),))

    def close_all(self, username: str) -> int:
        """End every session of a user; returns how many there were."""
        cur = self.db.execute("DELETE FROM web_sessions WHERE username = ?", (username,))
        return cur.rowcount

    def prune(self, before: float) -> None:
        """Forget sessions made before `before` (expired anyway)."""
        self.db.execute("DELETE FROM web_sessions WHERE created_at < ?", (before,))

    def count(self, username: str) -> int:
        row = self.db.one("SELECT COUNT(*) FROM web_sessions WHERE username = ?", (username,))
        return int(row[0]) if row else 0
