"""Access control: the session secret, passwords, roles, sessions that expire, CSRF tokens.

Sessions live server-side (`store.sessions`): the signed cookie (Starlette, itsdangerous)
holds a random token; the table holds its hash, the user and when they logged in. A session
ends when it is `web.session_hours` old, when its user logs out (the row is deleted, so a
copy of the cookie taken before is worth nothing), and when the account's password is reset,
its role changed or the account removed (every row of the user goes). Two roles: `curator`
(reads and corrects) and `reader` (reads, for `web.login_to_read`). Every unsafe request
(POST, PUT, PATCH, DELETE) needs a curator, except logging in and out, and every form route
checks a CSRF token matching the session's (`check_csrf`; a test asserts none lacks it).
The cookie is `Secure` (HTTPS only) with `web.secure_cookies`.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from scanner.errors import InputError, NotFound, ScannerError
from scanner.store import Store

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# reachable without an account even when reading needs one (/api/session hands API clients
# the CSRF token that logging in needs)
PUBLIC_PATHS = ("/login", "/healthz", "/api/session")


class Forbidden(ScannerError):
    """The request needs a curator's session or a valid CSRF token."""

    http_status = 403


class LoginRequired(ScannerError):
    """Reading needs an account (`web.login_to_read`)."""

    http_status = 401


def load_secret(path: str | Path) -> str:
    """The session-signing secret, created (mode 0600) on first use."""
    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        # written whole under a private name, then linked in place: a process starting at the
        # same moment (`serve --workers`, a second web node) reads a whole secret or none
        draft = p.with_name(f".{p.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, p)
        except FileExistsError:
            pass  # another process made it first: read theirs
        finally:
            draft.unlink()
    if p.stat().st_mode & 0o077:
        os.chmod(p, 0o600)  # a secret readable by others signs anyone's session
    secret = p.read_text(encoding="utf-8").strip()
    if len(secret) < 32:
        raise InputError(f"{p}: session secret too short; delete the file to make a new one")
    return secret


# -- passwords and accounts -----------------------------------------------------------------
ROLES = ("curator", "reader")


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
    return PasswordHasher().hash(password)


def add_user(store: Store, username: str, password: str, role: str = "curator") -> None:
    """Create (or reset the password and role of) a web account."""
    username = username.strip()
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise InputError(f"user names are letters, digits, '-', '_' or '.'; got {username!r}")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    store.curation.add_user(username, hash_password(password), role)


def authenticate(store: Store, username: str, password: str) -> str | None:
    """The user name if the password is right, else None (same cost for unknown users)."""
    hasher = PasswordHasher()
    try:
        user = store.curation.user(username.strip())
    except NotFound:
        # spend the time a real check would, so timing does not reveal which names exist
        hasher.hash(password or "x")
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        store.curation.set_password_hash(user.username, hasher.hash(password))
    return user.username


# -- sessions ---------------------------------------------------------------------------------
def current_user(
    conn: HTTPConnection, store: Store, session_seconds: float, clock: Callable[[], float]
) -> tuple[str, str]:
    """(user name, role) of the session, or ("", "") when nobody is logged in; a session
    that expired, was ended (logout, password reset) or whose account is gone is forgotten."""
    session = conn.session
    claimed = session.get("user", "")
    if not claimed:
        return "", ""
    token = session.get("sid", "")
    user = store.sessions.user(token if isinstance(token, str) else "", clock(), session_seconds)
    role = ""
    if user and user == claimed:
        try:
            role = store.curation.user(user).role
        except NotFound:
            role = ""
    if not role:
        session.pop("user", None)
        session.pop("sid", None)
        return "", ""
    return user, role


def log_in(request: Request, store: Store, username: str, clock: Callable[[], float]) -> None:
    """A fresh session (and CSRF token) at every login: no fixation."""
    now = clock()
    st = request.app.state.web
    store.sessions.prune(now - st.session_seconds)
    request.session.clear()
    request.session["user"] = username
    request.session["sid"] = store.sessions.open(username, now)
    csrf_token(request)


def log_out(request: Request, store: Store) -> None:
    """End the session on the server too: a copy of the cookie no longer logs anyone in."""
    token = request.session.get("sid")
    if isinstance(token, str) and token:
        store.sessions.close(token)
    request.session.clear()


def csrf_token(conn: HTTPConnection) -> str:
    """The session's CSRF token, made on first use."""
    token = conn.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        conn.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request whose form field or X-CSRF-Token header is not the session's."""
    expected = request.session.get("csrf", "")
    sent = request.headers.get("x-csrf-token", "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = str((await request.form()).get("csrf_token", ""))
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        raise Forbidden("missing or wrong CSRF token; reload the page and try again")


def access_error(
    method: str, path: str, user: str, role: str, login_to_read: bool
) -> ScannerError | None:
    """Why this request may not go on, or None. Pure, so the rules read (and test) as a table."""
    curation = path.startswith(("/curation", "/api/curation"))
    if method not in SAFE_METHODS:
        if path == "/login" or (user and path == "/logout"):
            return None
        if not user:
            return Forbidden("log in as a curator to change anything")
        if role != "curator":
            return Forbidden(f"the account {user!r} may read but not change anything")
        return None
    if path in PUBLIC_PATHS:
        return None
    if not user and (curation or login_to_read):
        return LoginRequired("log in to read this page")
    if curation and role != "curator":
        return Forbidden(f"the curation desk is for curators; {user!r} is a {role}")
    return None


class AccessMiddleware:
    """Anonymous users may not change anything; with `login_to_read`, not even read.

    Sits inside the session middleware and outside the routes, so that a POST to any path,
    even one that does not exist, is refused before it reaches application code.
    """

    def __init__(
        self,
        app: ASGIApp,
        store: Store,
        login_to_read: bool,
        session_seconds: float,
        clock: Callable[[], float],
        on_error: Callable[[Request, ScannerError], Response],
    ) -> None:
        self.app = app
        self.store = store
        self.login_to_read = login_to_read
        self.session_seconds = session_seconds
        self.clock = clock
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        user, role = "", ""
        if request.session.get("user"):
            # the account lookup touches SQLite: keep it off the event loop
            user, role = await run_in_threadpool(
                current_user, request, self.store, self.session_seconds, self.clock
            )
        state = scope.setdefault("state", {})
        state["user"], state["role"] = user, role
        error = access_error(scope["method"], scope["path"], user, role, self.login_to_read)
        if error is None:
            await self.app(scope, receive, send)
            return
        response = self.on_error(request, error)
        await response(scope, receive, send)
