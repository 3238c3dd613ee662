"""The configuration's sections for the running services: the web app, `scanner worker`
processes, the demo site, and saved-search alerts with the mail server they go through."""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.config.defaults import _alerts, _demo, _smtp, _web, _worker
from scanner.errors import ConfigError


@dataclass(frozen=True, slots=True)
class WebConfig:
    """The web app. `base_url` is its public address (no trailing slash needed): feeds link to
    it absolutely, bulletins written with it link to its article pages and searches, mailed
    digests to its pages; "" = the address a request came to (feeds), no app links elsewhere.
    `secure_cookies`: the session cookie only travels over HTTPS. After `login_attempts` failed
    logins for one account, or from one address, within `login_window_minutes`, logins for it
    wait; at most `hashing` password hashes run at once."""

    host: str = _web("host")
    port: int = _web("port")
    login_to_read: bool = _web("login_to_read")
    session_hours: int = _web("session_hours")
    secret_file: str = _web("secret_file")
    secure_cookies: bool = _web("secure_cookies")
    login_attempts: int = _web("login_attempts")
    login_window_minutes: int = _web("login_window_minutes")
    hashing: int = _web("hashing")
    base_url: str = _web("base_url")

    def __post_init__(self) -> None:
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(
                "web.base_url", f'expected an http(s) URL or "", got {self.base_url!r}'
            )

    @property
    def app_url(self) -> str:
        """`base_url` without its trailing slash ("" when unset)."""
        return self.base_url.rstrip("/")


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """`scanner worker`: several processes, on one machine or several, share the processing.

    Each claims `batch` pending articles at a time for `lease` seconds (renewed as it goes),
    so no two process the same article and a killed worker's batch is claimed again once its
    lease runs out; with nothing pending it looks again every `idle` seconds; when the store
    is unreachable it tries again, waiting longer each time, up to `reconnect` seconds."""

    batch: int = _worker("batch")
    lease: float = _worker("lease")
    idle: float = _worker("idle")
    reconnect: float = _worker("reconnect")


@dataclass(frozen=True, slots=True)
class DemoConfig:
    """The bundled sample site, served on 127.0.0.1 by `scanner demo`."""

    site: str = _demo("site")
    port: int = _demo("port")


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """The mail server digests and bulletins are sent through; `host = ""` sends nothing.

    `security` is "starttls", "ssl" or "none"; the password is never written in the file:
    `password_env` names the environment variable that holds it (empty: no login)."""

    host: str = _smtp("host")
    port: int = _smtp("port")
    security: str = _smtp("security")
    username: str = _smtp("username")
    password_env: str = _smtp("password_env")
    sender: str = _smtp("sender")
    recipients: tuple[str, ...] = _smtp("recipients")
    timeout: float = _smtp("timeout")


@dataclass(frozen=True, slots=True)
class AlertsConfig:
    """Saved searches (alerts): the longest query one may save, hits per mailed digest,
    entries per Atom feed; and the mail server digests and bulletins go through."""

    max_query_chars: int = _alerts("max_query_chars")
    digest_hits: int = _alerts("digest_hits")
    feed_entries: int = _alerts("feed_entries")
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
