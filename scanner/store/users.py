"""Web accounts: users, their roles and password hashes. `CurationRepo` inherits them."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.errors import NotFound
from scanner.store.db import Database, now_iso


@dataclass(frozen=True, slots=True)
class User:
    """A web account."""

    username: str
    password_hash: str
    role: str


class UserAccounts:
    """Users of the web app, over `self.db` (a base of `CurationRepo`)."""

    db: Database

    def add_user(self, username: str, password_hash: str, role: str = "curator") -> None:
        """Create or replace an account (replacing resets the password and ends the
        account's web sessions: one copied before the reset must not go on working)."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO users (username, password_hash, role, created_at) VALUES (?,?,?,?) "
                "ON CONFLICT(username) DO UPDATE SET password_hash = excluded.password_hash, "
                "role = excluded.role",
                (username, password_hash, role, now_iso()),
            )
            conn.execute("DELETE FROM web_sessions WHERE username = ?", (username,))

    def user(self, username: str) -> User:
        row = self.db.one("SELECT * FROM users WHERE username = ?", (username,))
        if row is None:
            raise NotFound(f"no user {username!r}")
        return User(row["username"], row["password_hash"], row["role"])

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self.db.execute(
            "UPDATE users SET password_hash = ? WHERE username = ?", (password_hash, username)
        )

    def remove_user(self, username: str) -> None:
        with self.db.transaction() as conn:
            if conn.execute("DELETE FROM users WHERE username = ?", (username,)).rowcount == 0:
                raise NotFound(f"no user {username!r}")
            conn.execute("DELETE FROM web_sessions WHERE username = ?", (username,))

    def users(self) -> list[User]:
        rows = self.db.query("SELECT * FROM users ORDER BY username")
        return [User(r["username"], r["password_hash"], r["role"]) for r in rows]

    def usernames(self) -> list[str]:
        return [r[0] for r in self.db.query("SELECT username FROM users ORDER BY username")]
